"""pytest plugin: ``--db=postgres`` runs the suite against a throwaway PostgreSQL.

Loaded from ``addopts`` (``-p tests.postgres_plugin``), so it is registered
before pytest-django. With ``--db=postgres`` it:

* finds ``initdb``/``pg_ctl`` (PATH first, then the newest
  ``/usr/lib/postgresql/*/bin``);
* runs ``initdb`` into a fresh temporary folder and starts the server with
  ``pg_ctl``, listening only on a Unix socket inside that folder (no TCP port,
  so parallel runs cannot clash), with fsync/synchronous_commit/
  full_page_writes off for speed;
* sets ``DATABASE_URL`` before pytest-django imports the Django settings (our
  ``pytest_load_initial_conftests`` is ``tryfirst``; pytest-django's own
  implementation, which loads the settings, runs after it);
* stops the server (``pg_ctl stop -m immediate``) and deletes the folder at the
  end of the session, also on failures, Ctrl-C and SIGTERM.

PostgreSQL refuses to run as root: as root the server runs as the ``postgres``
OS user (created with ``useradd --system`` if missing).

With the default ``--db=sqlite`` any ``DATABASE_URL`` from the environment is
ignored, so the option always means what it says. Tests that need to know the
backend check ``django.db.connection.vendor`` (``"sqlite"`` or ``"postgresql"``).
pytest-django creates and drops the test database itself; this plugin creates
nothing in the server.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest

INSTALL_HINT = (
    "postgres: PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or in "
    "/usr/lib/postgresql/*/bin; install them with `apt-get install postgresql` "
    "(or run scripts/test, which does it when run as root)"
)
SERVICE_USER = "postgres"
SERVER_SETTINGS = {
    "listen_addresses": "''",
    "port": "5432",  # only names the socket file, which lives in our own folder
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "50",
    "shared_buffers": "32MB",
    "logging_collector": "off",
}

_server: "ThrowawayPostgres | None" = None


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("openrvu").addoption(
        "--db",
        action="store",
        dest="openrvu_db",
        default="sqlite",
        choices=("sqlite", "postgres"),
        help="database backend for the test run: sqlite (default) or postgres "
        "(starts a throwaway PostgreSQL server for the session)",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config, parser, args) -> None:
    global _server
    ns = early_config.known_args_namespace
    # Settings read DATABASE_URL_FILE before DATABASE_URL: never let the caller's win.
    os.environ.pop("DATABASE_URL_FILE", None)
    if getattr(ns, "openrvu_db", "sqlite") != "postgres":
        os.environ.pop("DATABASE_URL", None)
        return
    if ns.help or ns.version:
        return
    if _server is not None:  # pytester/inline runs in the same process
        os.environ["DATABASE_URL"] = _server.url
        return

    server = ThrowawayPostgres()
    try:
        server.start()
    except PostgresError as exc:
        server.stop()
        raise pytest.UsageError(str(exc)) from None
    except BaseException:
        server.stop()
        raise
    _server = server
    atexit.register(_stop_server)
    early_config.add_cleanup(_stop_server)
    _install_signal_handlers()
    os.environ["DATABASE_URL"] = server.url
    _say(early_config, f"postgres: started PostgreSQL {server.version} at {server.socket_dir} "
         f"({server.start_seconds:.1f}s)")


def pytest_report_header(config: pytest.Config) -> str | None:
    if _server is not None:
        return f"database: PostgreSQL {_server.version} at {_server.socket_dir}"
    return "database: sqlite"


def pytest_unconfigure(config: pytest.Config) -> None:
    _stop_server()


def _stop_server() -> None:
    global _server
    server, _server = _server, None
    if server is not None:
        server.stop()


def _install_signal_handlers() -> None:
    """Stop the server on SIGTERM/SIGHUP too (atexit does not run for those)."""
    if threading.current_thread() is not threading.main_thread():
        return

    def handler(signum, frame):
        _stop_server()
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) == signal.SIG_DFL:
            signal.signal(signum, handler)


def _say(config: pytest.Config, line: str) -> None:
    capman = config.pluginmanager.getplugin("capturemanager")
    if capman is not None:
        with capman.global_and_fixture_disabled():
            print(line, file=sys.stderr, flush=True)
    else:
        print(line, file=sys.stderr, flush=True)


class PostgresError(Exception):
    pass


def find_bin_dir() -> Path | None:
    """The folder holding initdb and pg_ctl: PATH first, then the newest Debian install."""
    initdb = shutil.which("initdb")
    if initdb:
        real = Path(initdb).resolve().parent
        if (real / "pg_ctl").exists():
            return real
        if shutil.which("pg_ctl"):
            return Path(initdb).parent
    candidates = []
    for folder in glob.glob("/usr/lib/postgresql/*/bin"):
        path = Path(folder)
        if (path / "initdb").exists() and (path / "pg_ctl").exists():
            version = tuple(int(p) for p in re.findall(r"\d+", path.parent.name)) or (0,)
            candidates.append((version, path))
    if candidates:
        return max(candidates)[1]
    return None


class ThrowawayPostgres:
    def __init__(self) -> None:
        self.tmp: Path | None = None
        self.bin_dir: Path | None = None
        self.version = "?"
        self.start_seconds = 0.0
        self.as_root = os.geteuid() == 0
        self.started = False

    @property
    def socket_dir(self) -> Path:
        assert self.tmp is not None
        return self.tmp

    @property
    def data_dir(self) -> Path:
        return self.socket_dir / "data"

    @property
    def log_file(self) -> Path:
        return self.socket_dir / "server.log"

    @property
    def url(self) -> str:
        return f"postgres://postgres@{quote(str(self.socket_dir), safe='')}:5432/postgres"

    # -- running commands -------------------------------------------------

    def _run(self, *cmd: str | Path, timeout: float = 120) -> subprocess.CompletedProcess:
        argv = [str(c) for c in cmd]
        kwargs: dict = {}
        if self.as_root:
            if shutil.which("runuser"):
                argv = ["runuser", "-u", SERVICE_USER, "--", *argv]
            else:  # no util-linux: drop privileges in the child ourselves
                entry = pwd.getpwnam(SERVICE_USER)
                kwargs.update(user=entry.pw_uid, group=entry.pw_gid, extra_groups=[])
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = _locale()
        try:
            return subprocess.run(
                argv, cwd=self.socket_dir, env=env, stdin=subprocess.DEVNULL,
                capture_output=True, text=True, timeout=timeout, **kwargs,
            )
        except subprocess.TimeoutExpired as exc:
            raise PostgresError(f"postgres: `{' '.join(argv)}` timed out after {timeout:.0f}s") from exc

    def _check(self, what: str, result: subprocess.CompletedProcess) -> None:
        if result.returncode != 0:
            output = (result.stdout + result.stderr).strip()
            try:
                log = self.log_file.read_text(errors="replace").strip()
            except OSError:
                log = ""
            detail = "\n".join(filter(None, [output, log and "server log:\n" + log[-3000:]]))
            raise PostgresError(f"postgres: {what} failed (exit {result.returncode})\n{detail}")

    # -- life cycle -------------------------------------------------------

    def start(self) -> None:
        began = time.monotonic()
        self.bin_dir = find_bin_dir()
        if self.bin_dir is None:
            raise PostgresError(INSTALL_HINT)
        if self.as_root:
            ensure_service_user()

        self.tmp = Path(tempfile.mkdtemp(prefix="openrvu-pg-", dir=_temp_parent(self.as_root)))
        if self.as_root:
            entry = pwd.getpwnam(SERVICE_USER)
            os.chown(self.tmp, entry.pw_uid, entry.pw_gid)
        self.tmp.chmod(0o700)

        initdb, pg_ctl = self.bin_dir / "initdb", self.bin_dir / "pg_ctl"
        version = self._run(initdb, "--version")
        self._check("initdb --version", version)
        found = re.search(r"(\d+(?:\.\d+)*)", version.stdout)
        self.version = found.group(1) if found else version.stdout.strip()

        self._check("initdb", self._run(
            initdb, "--pgdata", self.data_dir, "--username", "postgres", "--auth", "trust",
            "--encoding", "UTF8", "--locale", _locale(), "--no-sync",
        ))
        with open(self.data_dir / "postgresql.conf", "a") as conf:
            conf.write("\n# openrvu throwaway test server\n")
            conf.write(f"unix_socket_directories = '{self.socket_dir}'\n")
            for key, value in SERVER_SETTINGS.items():
                conf.write(f"{key} = {value}\n")

        self._check("pg_ctl start", self._run(
            pg_ctl, "start", "--pgdata", self.data_dir, "--log", self.log_file,
            "--wait", "--timeout", "60", "--silent",
        ))
        self.started = True
        self.start_seconds = time.monotonic() - began

    def stop(self) -> None:
        if self.tmp is None:
            return
        try:
            if self.started and self.bin_dir is not None:
                self._run(self.bin_dir / "pg_ctl", "stop", "--pgdata", self.data_dir,
                          "--mode", "immediate", "--wait", "--silent", timeout=60)
                self.started = False
        except Exception as exc:  # never mask the test result; just report
            print(f"postgres: could not stop the server in {self.tmp}: {exc}", file=sys.stderr)
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None


def ensure_service_user() -> None:
    try:
        pwd.getpwnam(SERVICE_USER)
        return
    except KeyError:
        pass
    result = subprocess.run(
        ["useradd", "--system", "--no-create-home", SERVICE_USER],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise PostgresError(
            f"postgres: PostgreSQL refuses to run as root and creating the '{SERVICE_USER}' user "
            f"failed: {(result.stdout + result.stderr).strip()}"
        )


def _temp_parent(as_root: bool) -> str | None:
    """Where the temp folder goes: the server user must reach it, and Unix socket
    paths are limited to ~107 bytes, so fall back to /tmp when $TMPDIR is unsuitable."""
    if as_root or len(tempfile.gettempdir()) > 60:
        return "/tmp" if os.path.isdir("/tmp") else None
    return None


_locale_name: str | None = None


def _locale() -> str:
    """C.UTF-8 when the system has it (Unicode-aware upper()/lower(), as in production), else C."""
    global _locale_name
    if _locale_name is None:
        _locale_name = "C"
        try:
            out = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout
            if any(line.lower() in ("c.utf8", "c.utf-8") for line in out.split()):
                _locale_name = "C.UTF-8"
        except OSError:
            pass
    return _locale_name
