"""Time the full import of the 2026 PFS relative value file into a fresh SQLite catalog, indexes included.

Prints rows/s for openrvu's import (read + check + insert + commit) beside a plain stdlib csv parse of the
same file, best of N runs. `apply_import` then builds the search documents of the new release; that step is
timed and printed on its own line, outside the import figure, so the import figure stays comparable with runs
from before search existed. Usage: python benchmarks/import_pfs.py [PATH] [--runs N]
"""

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "pfs2026" / "PPRRVU2026_Jul_nonQPP.csv"


def time_csv_parse(path):
    start = time.perf_counter()
    with open(path, newline="", encoding="latin-1") as handle:
        rows = sum(1 for _ in csv.reader(handle))
    return time.perf_counter() - start, rows


def time_import(path):
    """One import into an empty, migrated SQLite database; returns (read s, write s, search documents s, rows)."""
    from django.db import connection

    from openrvu.catalog.importer import apply_import, plan_import
    from openrvu.catalog.models import Release
    from openrvu.services import search_documents

    Release.objects.all().delete()
    connection.cursor().execute("VACUUM")
    spent = []
    refresh = search_documents.refresh_search_documents

    def timed_refresh():  # the real step, timed: apply_import calls it after the release is written
        started = time.perf_counter()
        try:
            return refresh()
        finally:
            spent.append(time.perf_counter() - started)

    search_documents.refresh_search_documents = timed_refresh
    try:
        start = time.perf_counter()
        planned, _ = plan_import([path])
        read = time.perf_counter() - start
        [result] = apply_import(planned)
        total = time.perf_counter() - start - read
    finally:
        search_documents.refresh_search_documents = refresh
    documents = sum(spent)
    return read, total - documents, documents, result.rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=DEFAULT, type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="openrvu-bench-")
    os.environ["OPENRVU_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    from openrvu.cli.main import setup_django

    setup_django()
    imports = [time_import(args.path) for _ in range(args.runs)]
    parses = [time_csv_parse(args.path) for _ in range(args.runs)]
    read, write, documents, rows = min(imports, key=lambda r: r[0] + r[1])
    parse, lines = min(parses)
    print(f"file: {args.path.name} ({args.path.stat().st_size / 1e6:.1f} MB, {rows:,} rows); best of {args.runs} runs")
    print(f"{'':34}{'seconds':>9}{'rows/s':>12}")
    print(f"{'stdlib csv.reader parse only':34}{parse:9.3f}{lines / parse:12,.0f}")
    print(f"{'openrvu read + check':34}{read:9.3f}{rows / read:12,.0f}")
    print(f"{'openrvu insert + indexes + commit':34}{write:9.3f}{rows / write:12,.0f}")
    print(f"{'openrvu import, total':34}{read + write:9.3f}{rows / (read + write):12,.0f}")
    print(f"target: whole file in under 2 s -> {'met' if read + write < 2 else 'NOT met'}")
    print(f"{'then: search documents (not above)':34}{documents:9.3f}{rows / documents:12,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
