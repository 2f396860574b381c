"""Task workflows for LabelCore, declared as data for the core's engine."""
