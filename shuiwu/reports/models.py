"""Reports: models."""
