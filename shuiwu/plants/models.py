"""Plant operations: models."""
