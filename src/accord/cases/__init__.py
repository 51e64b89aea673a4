"""Built-in case files (YAML), loaded by name with ``accord.load_case``."""
