"""The reference world shared by every sandbox: working-day calendar, administrative units, agencies, procedures."""
