"""Reports for leaders: the dashboard's read side, its exports."""
