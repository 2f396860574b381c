"""LabelCore's built-in tags, template gallery and demo projects.

The plugin itself is ``labelcore_templates.plugin``, found through the
``labelcore`` entry-point group as ``templates``.
"""

__version__ = "0.1.0"
