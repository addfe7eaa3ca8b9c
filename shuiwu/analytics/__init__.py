"""Leakage and demand analytics: water balance, night flow, leak detection, forecasts, pipe risk."""
