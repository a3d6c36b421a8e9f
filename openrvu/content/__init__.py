"""Authored content: YAML files written in our own words, reviewed like code, each statement sourced.

Loaded at run time; `load("indicators")` returns the parsed openrvu/content/indicators.yaml.
"""

from functools import cache
from pathlib import Path

import yaml

CONTENT_DIR = Path(__file__).resolve().parent


@cache
def load(name):
    """The parsed content file `name`.yaml (cached for the life of the process)."""
    with open(CONTENT_DIR / f"{name}.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def source_path(name):
    """The repository path of a content file, for citing it on pages."""
    return f"openrvu/content/{name}.yaml"
