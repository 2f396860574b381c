"""An example in-house plugin: the ``Slider`` control tag and its web renderer."""
