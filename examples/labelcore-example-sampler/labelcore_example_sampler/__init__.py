"""An in-house sampler for LabelCore, installed with pip like any plugin."""
