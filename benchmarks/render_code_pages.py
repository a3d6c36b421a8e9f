"""Server time to render code pages over every code in force, on SQLite, with the real catalog.

Imports ../shared/data into a fresh SQLite catalog, then requests /codes/{code} for every code (or a --sample)
through Django's test client (middleware, views, templates: everything but the socket) and prints p50/p95/max,
beside a baseline: one plain indexed SELECT of the code's fee-schedule row.
Usage: python benchmarks/render_code_pages.py [--sample N] [--data DIR]
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(label, seconds):
    ms = [s * 1000 for s in seconds]
    print(f"{label:38}{statistics.median(ms):9.2f}{percentile(ms, 0.95):9.2f}{max(ms):9.2f}{len(ms):8,}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, help="render N random codes instead of all of them")
    parser.add_argument("--data", type=Path, default=SHARED_DATA)
    args = parser.parse_args()
    os.environ["OPENRVU_DATA_DIR"] = tempfile.mkdtemp(prefix="openrvu-bench-")
    os.environ.pop("DATABASE_URL", None)
    from openrvu.cli.main import setup_django

    setup_django()
    from django.db import connection
    from django.test import Client

    from openrvu.catalog.importer import apply_import, plan_import
    from openrvu.services.code_list import codes_in_force

    apply_import(plan_import([args.data])[0])
    codes = list(codes_in_force())
    if args.sample:
        codes = random.Random(1).sample(codes, args.sample)
    client = Client()
    client.get(f"/codes/{codes[0]}")  # warm the caches (vocabulary, content files) once
    pages, baseline, failures = [], [], []
    for code in codes:
        start = time.perf_counter()
        response = client.get(f"/codes/{code}")
        pages.append(time.perf_counter() - start)
        if response.status_code != 200:
            failures.append((code, response.status_code))
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM catalog_rvurow WHERE hcpcs = %s AND modifier = ''", [code])
            cursor.fetchall()
        baseline.append(time.perf_counter() - start)
    print(f"{'milliseconds':38}{'p50':>9}{'p95':>9}{'max':>9}{'pages':>8}")
    report("code page /codes/{code} (server time)", pages)
    report("baseline: one indexed SELECT", baseline)
    print(f"target p95 < 20 ms: {'met' if percentile(pages, 0.95) * 1000 < 20 else 'NOT met'}; "
          f"non-200 pages: {len(failures)} {failures[:5]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
