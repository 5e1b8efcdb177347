"""Fake Vietnamese people and a calibrated history of dossiers (all data generated, practice only)."""
