"""The active-learning benchmark: uncertainty versus random sampling."""
