"""openrvu: US procedure codes explained from the official CMS data."""

__version__ = "0.1.0"
