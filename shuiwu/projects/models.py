"""Capital projects: models."""
