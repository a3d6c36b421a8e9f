"""Get the official files the manifest lists into a local cache, each one checked against its SHA-256.

Two ways in: download the release from CMS (the manifest's `url`), or copy the files from a mirror folder
(offline installs: someone copied them onto a disk). Either way a file reaches the cache only after its
checksum matched, and it is written under a temporary name first, so the cache never holds a half-written
or unverified file. Pure Python (stdlib only), no Django: the CLI prints the report and imports the folders.
"""

from openrvu.errors import UserError

import hashlib
import io
import json
import os
import re
import urllib.request
import zipfile
from dataclasses import dataclass, field
from http.client import HTTPException
from pathlib import Path, PurePosixPath
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit

MANIFEST = Path(__file__).with_name("manifest.json")
TIMEOUT = 30  # seconds without a byte before a download counts as failed
CHUNK = 1 << 16
# Reference copies of these may have LF where CMS's original has CRLF (see the manifest's checksum_note).
TEXT_SUFFIXES = {".csv", ".txt", ".ini", ".prn"}
USER_AGENT = "openrvu-data-sync/0.1 (python urllib)"
MIRROR_HINT = "openrvu data sync --mirror DIR"

COPIED, DOWNLOADED, PRESENT, MISSING = "copied", "downloaded", "already present", "missing"


class SyncError(UserError):
    """Sync cannot go on: no network, a checksum mismatch, an empty mirror or a broken manifest. One line."""


@dataclass(frozen=True)
class ManifestFile:
    name: str
    sha256: str


@dataclass(frozen=True)
class ManifestEntry:
    """One release: where CMS publishes it and the files we take from it."""

    kind: str
    release: str
    url: str | None
    files: tuple[ManifestFile, ...]
    zip_sha256: str | None = None
    url_note: str | None = None
    url_is_page: bool = False  # the url is a web page to read, not a file to download

    @property
    def slug(self):
        """The release's cache folder name: "PFS 2026 C" -> "pfs-2026-c"."""
        return re.sub(r"[^a-z0-9]+", "-", self.release.lower()).strip("-")

    @property
    def archive_name(self):
        """The last part of the url (e.g. rvu26c-updated-06-30-2026.zip), or None."""
        if not self.url:
            return None
        return PurePosixPath(urlsplit(self.url).path).name or None


@dataclass(frozen=True)
class FileStatus:
    release: str
    name: str
    status: str  # COPIED, DOWNLOADED, PRESENT or MISSING
    path: Path | None = None  # where it is in the cache, unless missing
    detail: str = ""


@dataclass
class SyncReport:
    """What sync did to each file, and the cache folders that now hold verified files (to import)."""

    cache_dir: Path
    files: list[FileStatus] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)

    def count(self, status):
        return sum(1 for item in self.files if item.status == status)

    def summary(self):
        """Printable text: one line per file, then the totals."""
        lines = [f"{item.status:<15}  {item.release}: {item.name}" + (f" ({item.detail})" if item.detail else "")
                 for item in self.files]
        totals = ", ".join(f"{self.count(status)} {status}" for status in (DOWNLOADED, COPIED, PRESENT, MISSING)
                           if self.count(status))
        lines.append(f"{len(self.files)} files: {totals or 'none'}. Cache: {self.cache_dir}")
        return "\n".join(lines)

    def as_dict(self):
        """The report as plain JSON-ready data."""
        return {
            "cache": str(self.cache_dir),
            "files": [{"release": item.release, "name": item.name, "status": item.status,
                       "path": str(item.path) if item.path else None, "detail": item.detail}
                      for item in self.files],
            "folders": [str(folder) for folder in self.folders],
        }


def load_manifest(path=None):
    """Read the manifest (default: manifest.json beside this module) into ManifestEntry objects.

    A manifest that is not valid JSON or lacks a field raises SyncError naming the file and the field.
    """
    path = Path(path) if path else MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SyncError(f"{path}: cannot read the manifest ({error})") from None
    releases = data.get("releases") if isinstance(data, dict) else data
    if not isinstance(releases, list):
        raise SyncError(f"{path}: the manifest needs a list of releases under \"releases\"")
    entries = []
    for number, item in enumerate(releases, start=1):
        try:
            files = tuple(ManifestFile(f["name"], f["sha256"].lower()) for f in item["files"])
            entries.append(ManifestEntry(
                kind=item["kind"], release=item["release"], url=item.get("url"), files=files,
                zip_sha256=(item.get("zip_sha256") or "").lower() or None, url_note=item.get("url_note"),
                url_is_page=bool(item.get("url_is_page"))))
        except (KeyError, TypeError, AttributeError) as error:
            raise SyncError(f"{path}: release {number}: missing or bad field {error}") from None
    return entries


def sync(cache_dir, mirror=None, manifest=None, on_progress=None, opener=None):
    """Bring every file of the manifest into `cache_dir/<release slug>/<name>`, verified, and report what happened.

    - `mirror`: a folder to copy from instead of downloading. Each file is found by name anywhere below it
      (or inside a copy of the release's ZIP there). A file not in the mirror is reported "missing"; if no
      file at all is available, SyncError names the mirror.
    - Without a mirror each release's `url` is downloaded (streamed, `on_progress(bytes_done, bytes_total)`
      after each chunk and (0, total) at the start of each download; total is None when the server does
      not say), its ZIP checksum checked when known, and the listed files extracted (nested ZIPs too).
      Network failures raise SyncError naming the URL and the --mirror option.
    - A file already in the cache with the right checksum is left alone ("already present"), so a second
      run does nothing. Any checksum mismatch raises SyncError naming the file and both sums.
    - `manifest`: a list of ManifestEntry or a path to a manifest JSON (default: the packaged one).
    - `opener`: called as opener(request, timeout=...) instead of urllib.request.urlopen.
    """
    cache_dir = Path(cache_dir)
    entries = load_manifest(manifest) if manifest is None or isinstance(manifest, (str, Path)) else list(manifest)
    index = _mirror_index(Path(mirror)) if mirror is not None else None
    report = SyncReport(cache_dir)
    for entry in entries:
        folder = cache_dir / entry.slug
        present = [f for f in entry.files if _cached(folder / f.name, f)]
        needed = [f for f in entry.files if f not in present]
        if not needed:
            statuses = {}
        elif index is not None:
            statuses = _from_mirror(entry, needed, folder, index)
        else:
            statuses = _from_url(entry, needed, cache_dir, folder, opener or urllib.request.urlopen, on_progress)
        results = []
        for file in entry.files:
            status, detail = statuses.get(file.name, (PRESENT, ""))
            path = None if status == MISSING else folder / file.name
            results.append(FileStatus(entry.release, file.name, status, path, detail))
        report.files.extend(results)
        if any(item.path for item in results):
            report.folders.append(folder)
    if index is not None and not report.folders:
        names = ", ".join(f.name for entry in entries for f in entry.files)
        raise SyncError(f"nothing to copy from {mirror}: none of the files the manifest lists is in it or "
                        f"below it ({names})")
    return report


# --- mirror -------------------------------------------------------------------------------------------

def _mirror_index(mirror):
    """Every file below the mirror by name, so each lookup is a dict get (names are CMS's, so they are unique
    enough; duplicates are all tried)."""
    if not mirror.is_dir():
        raise SyncError(f"mirror folder {mirror} does not exist or is not a folder")
    index = {}
    for path in sorted(mirror.rglob("*")):
        if path.is_file():
            index.setdefault(path.name, []).append(path)
    return index


def _from_mirror(entry, needed, folder, index):
    statuses = {}
    # A loose copy of the file wins; else a copy of the release's ZIP as CMS published it.
    archives = index.get(entry.archive_name, []) if entry.archive_name else []
    in_zip = {}
    if archives and any(f.name not in index for f in needed):
        data = archives[0].read_bytes()
        _check_zip_sum(entry, str(archives[0]), hashlib.sha256(data).hexdigest())
        in_zip = _zip_members(io.BytesIO(data), str(archives[0]), {f.name for f in needed})
    for file in needed:
        candidates = [(str(path), path.read_bytes()) for path in index.get(file.name, [])] or in_zip.get(file.name)
        if not candidates:
            statuses[file.name] = (MISSING, "not in the mirror")
            continue
        _write(folder / file.name, _pick(file, candidates))
        statuses[file.name] = (COPIED, "")
    return statuses


# --- download -----------------------------------------------------------------------------------------

def _from_url(entry, needed, cache_dir, folder, opener, on_progress):
    if not entry.url or entry.url_is_page:
        where = f" (see {entry.url})" if entry.url else ""
        detail = f"no direct download{where}; copy it into a folder and run: {MIRROR_HINT}"
        return {f.name: (MISSING, detail) for f in needed}
    # Downloaded under a dot-name, and removed afterwards, so importing the cache never sees the archive.
    cache_dir.mkdir(parents=True, exist_ok=True)
    target = cache_dir / f".{entry.archive_name or entry.slug}.part"
    try:
        actual = _download(entry.url, target, opener, on_progress)
        _check_zip_sum(entry, entry.url, actual)
        names = {f.name for f in needed}
        if zipfile.is_zipfile(target):
            found = _zip_members(target, entry.url, names)
        elif entry.archive_name in names:  # the url is the file itself, not a ZIP
            found = {entry.archive_name: [(entry.url, target.read_bytes())]}
        else:
            raise SyncError(f"{entry.url}: the download is not a ZIP archive (a web page?); download the release "
                            f"by hand and copy it in with: {MIRROR_HINT}")
    finally:
        target.unlink(missing_ok=True)
    statuses = {}
    for file in needed:
        if file.name not in found:
            statuses[file.name] = (MISSING, f"not in {entry.archive_name}")
            continue
        _write(folder / file.name, _pick(file, found[file.name]))
        statuses[file.name] = (DOWNLOADED, "")
    return statuses


def _download(url, target, opener, on_progress):
    """Stream `url` into `target`; return the SHA-256 of what arrived. Every network failure is a SyncError."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    digest, done, total = hashlib.sha256(), 0, None
    try:
        with opener(request, timeout=TIMEOUT) as response, open(target, "wb") as out:
            length = response.headers.get("Content-Length", "")
            total = int(length) if length.isdigit() else None
            if on_progress:
                on_progress(0, total)
            while chunk := response.read(CHUNK):
                out.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                if on_progress:
                    on_progress(done, total)
    except HTTPError as error:
        raise SyncError(f"cannot download {url} (HTTP {error.code} {error.reason}); the address may have moved: "
                        f"download the release by hand and copy it in with: {MIRROR_HINT}") from None
    except (URLError, HTTPException, OSError) as error:
        # URLError wraps DNS and refused connections; a timeout or reset mid-stream is a bare OSError.
        reason = getattr(error, "reason", None) or error
        reason = str(reason) or type(reason).__name__
        raise SyncError(f"cannot download {url} ({reason}); no network? Copy the files from a mirror folder "
                        f"with: {MIRROR_HINT}") from None
    if total is not None and done != total:
        raise SyncError(f"cannot download {url} (cut short: {done} of {total} bytes); try again, or copy the "
                        f"files from a mirror folder with: {MIRROR_HINT}")
    return digest.hexdigest()


# --- ZIPs, checksums, writing -------------------------------------------------------------------------

def _zip_members(source, label, names):
    """{name: [(where, bytes), ...]} for every member whose base name is wanted, looking into nested ZIPs too."""
    found = {}
    try:
        with zipfile.ZipFile(source) as archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                where = f"{label}!{info.filename}"
                base = PurePosixPath(info.filename.replace("\\", "/")).name
                if base in names:
                    found.setdefault(base, []).append((where, archive.read(info)))
                elif base.lower().endswith(".zip"):
                    for name, items in _zip_members(io.BytesIO(archive.read(info)), where, names).items():
                        found.setdefault(name, []).extend(items)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as error:
        raise SyncError(f"{label}: not a readable ZIP archive ({error})") from None
    return found


def _check_zip_sum(entry, label, actual):
    if entry.zip_sha256 and actual != entry.zip_sha256:
        raise SyncError(f"{label}: checksum mismatch: expected sha256 {entry.zip_sha256}, got {actual}")


def _sums(name, data):
    """The sums a file may be known by: as-is, and for text files also with CRLF turned into LF."""
    sums = {hashlib.sha256(data).hexdigest()}
    if PurePosixPath(name).suffix.lower() in TEXT_SUFFIXES and b"\r\n" in data:
        sums.add(hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest())
    return sums


def _pick(file, candidates):
    """The first candidate copy whose checksum matches; if none does, a SyncError naming the first copy."""
    for _, data in candidates:
        if file.sha256 in _sums(file.name, data):
            return data
    where, data = candidates[0]
    raise SyncError(f"{where}: checksum mismatch: expected sha256 {file.sha256}, "
                    f"got {hashlib.sha256(data).hexdigest()}")


def _cached(path, file):
    return path.is_file() and file.sha256 in _sums(file.name, path.read_bytes())


def _write(path, data):
    """Write under a dot-name, then rename: a crash never leaves a half-written file under the real name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.part")
    part.write_bytes(data)
    os.replace(part, path)
