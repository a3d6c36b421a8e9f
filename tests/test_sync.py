"""`openrvu data sync`: mirror copies and downloads of the real official files, verified by SHA-256.

No Django and no internet: downloads come from a real HTTP server on 127.0.0.1 serving ZIPs built here
from the real files in ../shared/data.
"""

import hashlib
import http.server
import io
import shutil
import socket
import threading
import zipfile
from pathlib import Path

import pytest

from openrvu.sources.sync import (
    COPIED, DOWNLOADED, MISSING, PRESENT, ManifestEntry, SyncError, load_manifest, sync,
)

try:
    from .paths import SHARED_DATA
except ImportError:  # tests/paths.py is someone else's file; fall back to the same path
    SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

MANIFEST = load_manifest()
PFS_2026 = next(entry for entry in MANIFEST if entry.release == "PFS 2026 C")


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def shared(name):
    """The real copy of an official file in ../shared/data."""
    return next(SHARED_DATA.rglob(name))


def files_below(folder):
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


# --- the manifest -------------------------------------------------------------------------------------

def test_manifest_lists_every_official_file_with_its_real_checksum():
    names = [file.name for entry in MANIFEST for file in entry.files]
    assert len(names) == len(set(names)) == 12
    assert {entry.release for entry in MANIFEST} == {
        "PFS 2026 C", "PFS 2025 D", "HCPCS 2026 Jan", "MUE 2026 Q2 practitioner", "CARC/RARC 2026-03-01"}
    for entry in MANIFEST:
        assert entry.url.startswith("https://")
        assert entry.url_note or entry.url.endswith(".zip")
        for file in entry.files:
            assert sha256(shared(file.name).read_bytes()) == file.sha256, file.name
    assert PFS_2026.url == "https://www.cms.gov/files/zip/rvu26c-updated-06-30-2026.zip"


def test_bad_manifest_is_a_clear_error(tmp_path):
    path = tmp_path / "manifest.json"
    path.write_text('{"releases": [{"kind": "pfs", "release": "PFS 2026 C"}]}')
    with pytest.raises(SyncError, match=r"manifest.json: release 1: missing or bad field 'files'"):
        load_manifest(path)


# --- mirror -------------------------------------------------------------------------------------------

def test_mirror_sync_copies_every_file_verified(tmp_path):
    cache = tmp_path / "cache"
    report = sync(cache, mirror=SHARED_DATA)

    assert [item.status for item in report.files] == [COPIED] * 12
    for item in report.files:
        assert item.path == cache / next(e.slug for e in MANIFEST if e.release == item.release) / item.name
        assert item.path.read_bytes() == shared(item.name).read_bytes()
    assert report.folders == [cache / slug for slug in
                              ("pfs-2026-c", "pfs-2025-d", "hcpcs-2026-jan", "mue-2026-q2-practitioner",
                               "carc-rarc-2026-03-01")]
    # only the listed official files: no derived CSVs, docs or PROVENANCE, no leftover temporary files
    assert len(files_below(cache)) == 12
    assert "12 files: 12 copied" in report.summary()
    assert report.as_dict()["files"][0]["status"] == COPIED


def test_second_mirror_sync_is_a_no_op(tmp_path):
    cache = tmp_path / "cache"
    sync(cache, mirror=SHARED_DATA)
    written = {path: path.stat().st_mtime_ns for path in cache.rglob("*")}

    report = sync(cache, mirror=SHARED_DATA)

    assert [item.status for item in report.files] == [PRESENT] * 12
    assert {path: path.stat().st_mtime_ns for path in cache.rglob("*")} == written
    assert len(report.folders) == 5


def test_tampered_file_in_mirror_is_a_checksum_error_naming_it(tmp_path):
    mirror = tmp_path / "mirror"
    shutil.copytree(SHARED_DATA / "pfs2026", mirror / "pfs2026")
    gpci = mirror / "pfs2026" / "GPCI2026.csv"
    gpci.chmod(0o644)
    tampered = gpci.read_bytes().replace(b"1.000", b"1.001", 1)
    gpci.write_bytes(tampered)
    expected = next(f.sha256 for f in PFS_2026.files if f.name == "GPCI2026.csv")

    with pytest.raises(SyncError) as caught:
        sync(tmp_path / "cache", mirror=mirror)

    message = str(caught.value)
    assert str(gpci) in message and "checksum mismatch" in message
    assert expected in message and sha256(tampered) in message
    assert not (tmp_path / "cache" / "pfs-2026-c" / "GPCI2026.csv").exists()


def test_mirror_copy_with_crlf_line_endings_is_accepted(tmp_path):
    # The reference GPCI2026.csv has LF endings; CMS's own copy (CRLF) must verify too.
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    crlf = shared("GPCI2026.csv").read_bytes().replace(b"\n", b"\r\n")
    (mirror / "GPCI2026.csv").write_bytes(crlf)

    report = sync(tmp_path / "cache", mirror=mirror, manifest=[PFS_2026])

    assert [(item.name, item.status) for item in report.files] == [
        ("PPRRVU2026_Jul_nonQPP.csv", MISSING), ("GPCI2026.csv", COPIED)]
    assert (tmp_path / "cache" / "pfs-2026-c" / "GPCI2026.csv").read_bytes() == crlf
    assert report.folders == [tmp_path / "cache" / "pfs-2026-c"]


def test_mirror_with_some_files_reports_the_rest_missing(tmp_path):
    mirror = tmp_path / "mirror"
    shutil.copytree(SHARED_DATA / "x12", mirror / "deep" / "x12")

    report = sync(tmp_path / "cache", mirror=mirror)

    statuses = {item.name: item.status for item in report.files}
    assert statuses.pop("Codes.ini") == COPIED
    assert set(statuses.values()) == {MISSING}
    assert report.folders == [tmp_path / "cache" / "carc-rarc-2026-03-01"]
    assert "11 missing" in report.summary()


def test_mirror_holding_the_release_zip_is_read_inside(tmp_path):
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / PFS_2026.archive_name).write_bytes(build_zip({
        "rvu26c/PPRRVU2026_Jul_nonQPP.csv": shared("PPRRVU2026_Jul_nonQPP.csv").read_bytes(),
        "rvu26c/GPCI2026.csv": shared("GPCI2026.csv").read_bytes(),
    }))
    entry = ManifestEntry(PFS_2026.kind, PFS_2026.release, PFS_2026.url, PFS_2026.files)  # ZIP sum unknown

    report = sync(tmp_path / "cache", mirror=mirror, manifest=[entry])

    assert [item.status for item in report.files] == [COPIED, COPIED]


def test_mirror_with_nothing_is_a_clear_error(tmp_path):
    empty = tmp_path / "empty"
    (empty / "sub").mkdir(parents=True)
    (empty / "sub" / "notes.txt").write_text("nothing official here")

    with pytest.raises(SyncError, match=f"nothing to copy from {empty}"):
        sync(tmp_path / "cache", mirror=empty)
    with pytest.raises(SyncError, match="does not exist"):
        sync(tmp_path / "cache", mirror=tmp_path / "nowhere")


# --- download -----------------------------------------------------------------------------------------

def build_zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def no_proxy(monkeypatch):
    # A proxy from the environment would route 127.0.0.1 elsewhere.
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server(no_proxy):
    """A real HTTP server on 127.0.0.1 serving `server.files` ({path: bytes}); counts requests."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            httpd.requests.append(self.path)
            body = httpd.files.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/zip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.files, httpd.requests = {}, []
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def pfs_zip():
    """A ZIP shaped like CMS's: one member in a folder, one inside a nested ZIP, plus a file we do not list."""
    inner = build_zip({"GPCI2026.csv": shared("GPCI2026.csv").read_bytes()})
    return build_zip({
        "rvu26c/PPRRVU2026_Jul_nonQPP.csv": shared("PPRRVU2026_Jul_nonQPP.csv").read_bytes(),
        "rvu26c/gpci.zip": inner,
        "rvu26c/RVUPUF26.pdf": b"%PDF-1.4 not listed",
    })


def test_download_extracts_and_verifies_the_listed_files(tmp_path, server):
    body = pfs_zip()
    server.files["/rvu26c.zip"] = body
    entry = ManifestEntry("pfs", "PFS 2026 C", f"{server.base}/rvu26c.zip", PFS_2026.files, sha256(body))
    cache = tmp_path / "cache"
    progress = []

    report = sync(cache, manifest=[entry], on_progress=lambda done, total: progress.append((done, total)))

    assert [(item.name, item.status) for item in report.files] == [
        ("PPRRVU2026_Jul_nonQPP.csv", DOWNLOADED), ("GPCI2026.csv", DOWNLOADED)]
    for name in ("PPRRVU2026_Jul_nonQPP.csv", "GPCI2026.csv"):
        assert (cache / "pfs-2026-c" / name).read_bytes() == shared(name).read_bytes()
    assert progress[0] == (0, len(body)) and progress[-1] == (len(body), len(body))
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)
    # the archive itself is gone, so importing the cache sees only the official files
    assert files_below(cache) == ["pfs-2026-c/GPCI2026.csv", "pfs-2026-c/PPRRVU2026_Jul_nonQPP.csv"]
    assert report.folders == [cache / "pfs-2026-c"]

    again = sync(cache, manifest=[entry])

    assert [item.status for item in again.files] == [PRESENT, PRESENT]
    assert server.requests == ["/rvu26c.zip"]  # nothing downloaded the second time


def test_download_refetches_only_when_a_cached_file_is_bad(tmp_path, server):
    server.files["/rvu26c.zip"] = pfs_zip()
    entry = ManifestEntry("pfs", "PFS 2026 C", f"{server.base}/rvu26c.zip", PFS_2026.files)
    cache = tmp_path / "cache"
    sync(cache, manifest=[entry])
    (cache / "pfs-2026-c" / "GPCI2026.csv").write_bytes(b"damaged")

    report = sync(cache, manifest=[entry])

    assert [item.status for item in report.files] == [PRESENT, DOWNLOADED]
    assert (cache / "pfs-2026-c" / "GPCI2026.csv").read_bytes() == shared("GPCI2026.csv").read_bytes()
    assert len(server.requests) == 2


def test_download_with_wrong_zip_checksum_is_refused(tmp_path, server):
    body = pfs_zip()
    server.files["/rvu26c.zip"] = body
    entry = ManifestEntry("pfs", "PFS 2026 C", f"{server.base}/rvu26c.zip", PFS_2026.files, "0" * 64)

    with pytest.raises(SyncError) as caught:
        sync(tmp_path / "cache", manifest=[entry])

    assert f"{entry.url}: checksum mismatch: expected sha256 {'0' * 64}, got {sha256(body)}" == str(caught.value)
    assert files_below(tmp_path / "cache") == []


def test_download_with_a_changed_member_names_it(tmp_path, server):
    server.files["/rvu26c.zip"] = build_zip({"GPCI2026.csv": b"MAC,State\n"})
    entry = ManifestEntry("pfs", "PFS 2026 C", f"{server.base}/rvu26c.zip", PFS_2026.files)

    with pytest.raises(SyncError, match=r"rvu26c\.zip!GPCI2026\.csv: checksum mismatch: expected sha256 fe8a8775"):
        sync(tmp_path / "cache", manifest=[entry])


def test_download_that_is_a_web_page_or_missing_names_the_mirror_option(tmp_path, server):
    server.files["/page.zip"] = b"<html>moved</html>"
    page = ManifestEntry("pfs", "PFS 2026 C", f"{server.base}/page.zip", PFS_2026.files)
    gone = ManifestEntry("pfs", "PFS 2026 C", f"{server.base}/gone.zip", PFS_2026.files)

    with pytest.raises(SyncError, match="not a ZIP archive .*--mirror DIR"):
        sync(tmp_path / "cache", manifest=[page])
    with pytest.raises(SyncError, match=r"cannot download .*/gone\.zip \(HTTP 404 .*--mirror DIR"):
        sync(tmp_path / "cache", manifest=[gone])


def test_no_network_names_the_mirror_option(tmp_path, no_proxy):
    with socket.socket() as probe:  # a port nothing listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/x.zip"
    entry = ManifestEntry("pfs", "PFS 2026 C", url, PFS_2026.files)

    with pytest.raises(SyncError) as caught:
        sync(tmp_path / "cache", manifest=[entry])

    message = str(caught.value)
    assert message.startswith(f"cannot download {url} (")
    assert "no network?" in message and "openrvu data sync --mirror DIR" in message
    assert "\n" not in message
    assert files_below(tmp_path / "cache") == []


def test_entry_without_a_direct_download_is_reported_missing(tmp_path):
    carc = next(entry for entry in MANIFEST if entry.kind == "carc")
    assert carc.url_is_page

    report = sync(tmp_path / "cache", manifest=[carc])  # never touches the network

    [item] = report.files
    assert item.status == MISSING and "--mirror DIR" in item.detail
    assert report.folders == []
