"""What a reader is given: a file's display name and bytes, and what it returns: a release and its records."""

from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath


@dataclass(frozen=True)
class SourceFile:
    """One official file, from disk or from inside a ZIP. `name` is what error messages show."""

    name: str
    data: bytes

    @property
    def basename(self):
        return PurePath(self.name.split("!")[-1]).name

    @property
    def suffix(self):
        return PurePath(self.basename).suffix.lower()


@dataclass(frozen=True)
class Release:
    """An edition of an official file, e.g. "PFS 2026 C" in force from 2026-07-01 to 2026-12-31.

    A release that CMS splits into several files (the PTP edits, f1 to f4) has one `part` per file.
    """

    kind: str
    name: str
    effective_from: date
    effective_to: date | None = None
    part: str = ""  # one of several files that make up a release (PTP ships f1..f4), else blank


@dataclass
class Parsed:
    """A reader's result: the release the file belongs to and its typed records, in file order."""

    release: Release
    records: list = field(default_factory=list)


def year_end(year):
    return date(year, 12, 31)
