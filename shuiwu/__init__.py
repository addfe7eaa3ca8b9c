"""Shuiwu (水务): the operations platform of a city water group."""

# The Celery app is loaded with Django so that @shared_task binds to it (eager without a broker).
from shuiwu.celery import app as celery_app

__all__ = ("celery_app",)
__version__ = "0.1.0"
