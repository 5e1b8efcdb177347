"""Một Cửa Sandbox: practice copy of Vietnam's one-stop system for training and outreach."""

__version__ = "0.1.0"
