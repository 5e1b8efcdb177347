"""Loading content files (YAML, CSV) and reporting every problem as file:place: message."""
