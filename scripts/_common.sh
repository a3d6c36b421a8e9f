# Shared by scripts/serve and scripts/test: messages, apt-get installs and uv. Source it; do not run it.
# shellcheck shell=bash

export UV_PYTHON_DOWNLOADS="${UV_PYTHON_DOWNLOADS:-never}"

say() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }
die() { say "$*"; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# apt_install [--no-install-recommends] PACKAGE...
apt_install() {
    local opts=()
    if [ "${1:-}" = "--no-install-recommends" ]; then opts=("$1"); shift; fi
    is_root || die "need root to apt-get install $*; install it yourself and rerun"
    command -v apt-get >/dev/null || die "apt-get not found; install $* yourself and rerun"
    say "installing $* with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    if [ -z "${APT_UPDATED:-}" ]; then
        apt-get update -qq >/dev/null
        APT_UPDATED=1
    fi
    apt-get install -y -qq ${opts[@]+"${opts[@]}"} "$@" >/dev/null
}

# --- uv ----------------------------------------------------------------------
UV=(uv)
ensure_uv() {
    command -v uv >/dev/null && return
    say "uv not found; installing it with pip"
    command -v python3 >/dev/null || die "python3 (3.11 or newer) is needed; apt-get install python3"
    if ! python3 -m pip --version >/dev/null 2>&1; then
        apt_install python3-pip
    fi
    # Debian's python is "externally managed" (PEP 668): retry with the override.
    python3 -m pip install --quiet uv 2>/dev/null \
        || python3 -m pip install --quiet --break-system-packages uv
    hash -r
    # pip may have put the script in a folder not on PATH (~/.local/bin).
    command -v uv >/dev/null || UV=(python3 -m uv)
}

# uv_sync: install the locked dependencies into .venv.
uv_sync() {
    ensure_uv
    if [ -f uv.lock ]; then
        "${UV[@]}" sync --frozen --quiet "$@"
    else
        "${UV[@]}" sync --quiet "$@"
    fi
}
