"""Tests of the Django-free engine: plain pytest, no database."""
