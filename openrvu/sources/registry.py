"""Which reader reads which file, and turning paths (files, folders, ZIPs) into SourceFiles."""

import importlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError
from .files import SourceFile

# Order matters only for files more than one reader claims; specific name patterns come first.
READER_MODULES = ["pprrvu", "gpci", "locco", "anes", "hcpcs", "mue", "ptp", "carc"]
ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Reader:
    kind: str
    looks_like: object
    read: object


def readers():
    """Every reader, as (kind, looks_like, read)."""
    found = []
    for name in READER_MODULES:
        module = importlib.import_module(f"{__package__}.{name}")
        read = next(getattr(module, attr) for attr in dir(module) if attr.startswith("read_"))
        found.append(Reader(module.KIND, module.looks_like, read))
    return found


def reader_for(file):
    """The reader that claims this file, or None."""
    return next((reader for reader in readers() if reader.looks_like(file)), None)


def collect_files(paths):
    """Expand files, folders (recursively, sorted) and ZIPs (nested too) into SourceFiles.

    A path that does not exist, or a ZIP that cannot be opened, raises SourceError.
    """
    files = []
    for path in map(Path, paths):
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                files.extend(_expand(SourceFile(str(child), child.read_bytes())))
        elif path.is_file():
            files.extend(_expand(SourceFile(str(path), path.read_bytes())))
        else:
            raise SourceError(str(path), "no such file or folder")
    return files


def _expand(file):
    if not (file.data.startswith(ZIP_MAGIC) and file.suffix == ".zip"):
        return [file]
    try:
        archive = zipfile.ZipFile(io.BytesIO(file.data))
        members = sorted(info.filename for info in archive.infolist() if not info.is_dir())
        inner = [SourceFile(f"{file.name}!{member}", archive.read(member)) for member in members]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as error:
        raise SourceError(file.name, f"not a readable ZIP archive ({error})") from None
    return [expanded for member in inner for expanded in _expand(member)]
