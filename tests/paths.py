"""Where the real official files are: ../shared/data beside the repository (read at run time, never committed)."""

from pathlib import Path

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
