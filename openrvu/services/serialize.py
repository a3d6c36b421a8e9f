"""Turning catalog rows into JSON-ready dicts: decimals as exact strings, dates as ISO text."""

from datetime import date
from decimal import Decimal
from pathlib import PurePath

SKIPPED_FIELDS = {"id", "release"}


def json_value(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def row_fields(row):
    """Every published field of a catalog row, in model order, by field name."""
    return {f.name: json_value(getattr(row, f.name)) for f in row._meta.concrete_fields
            if f.name not in SKIPPED_FIELDS}


def file_label(source_file):
    """The file's own name, and its member inside a ZIP, without the server's folders."""
    outer, _, member = source_file.partition("!")
    return PurePath(outer).name + (f"!{member}" if member else "")


def release_summary(release):
    """The facts a reader needs to trace a value to its source: name, dates and file."""
    return {
        "kind": release.kind,
        "name": release.name,
        "effective_from": release.effective_from.isoformat(),
        "effective_to": release.effective_to.isoformat() if release.effective_to else None,
        "file": file_label(release.source_file),
        "sha256": release.sha256,
        "records": release.record_count,
        "imported_at": release.imported_at.isoformat(timespec="seconds"),
    }
