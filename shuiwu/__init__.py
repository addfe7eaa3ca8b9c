"""Shuiwu (水务): the operations platform of a city water group."""

__version__ = "0.1.0"
