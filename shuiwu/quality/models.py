"""Water quality: models."""
