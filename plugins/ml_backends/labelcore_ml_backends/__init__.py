"""LabelCore ML backends: models behind Label Studio's protocol, in-process models."""
