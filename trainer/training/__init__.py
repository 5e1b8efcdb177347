"""Trainees and (later) accounts, workshops, campaigns, certificates."""
