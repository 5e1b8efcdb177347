"""Guided scenarios: schema, loader, checker, runs and scoring."""
