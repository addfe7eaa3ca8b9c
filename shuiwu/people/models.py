"""People: models."""
