"""Emergency preparedness: models."""
