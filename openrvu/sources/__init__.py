"""Pure readers for the official files: bytes in, typed records out. No database, no Django."""

from .errors import SourceError
from .files import Parsed, Release, SourceFile
from .registry import collect_files, reader_for, readers

__all__ = ["Parsed", "Release", "SourceError", "SourceFile", "collect_files", "reader_for", "readers"]
