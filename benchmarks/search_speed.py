"""Search speed over the full catalog: in-process latency beside plain FTS5, then HTTP throughput.

1. In process: p50/p95 latency of openrvu's search() for a mix of queries (codes, prefixes, words, plain
   language, typos), each query run once per round, and of a plain SQLite FTS5 bm25 query over the official
   descriptors of the same codes, in the same run.
2. Over HTTP: `openrvu serve` (gunicorn) started on a free port, and 8 client threads sending
   GET /api/search?q=… for a fixed time; prints queries/s and p50/p95/p99 latency.

Usage: python benchmarks/search_speed.py [--rounds N] [--seconds S] [--clients C] [--workers W]
It imports ../shared/data into a temporary SQLite data dir first (OPENRVU_DATA_DIR, when set, is used as is).
"""

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.search_relevance import QUERIES, SHARED_DATA, Fts5Baseline, load_queries  # noqa: E402

DATE = "2026-11-22"
EXTRA = ["99213", "d0707", "70100-26", "D07", "G04", "knee", "injection", "office visit established patient 20 minutes",
         "x-ray", "wheelchair cushion", "periapicle", "tomosynthsis", "colonscopy biopsy", "ultrasound jaw",
         "tooth root x-ray", "flu shot", "knee replacement", "magnetic resonance imaging brain"]


def percentile(values, share):
    values = sorted(values)
    return values[min(len(values) - 1, int(share * len(values)))]


def in_process(queries, rounds):
    from openrvu.services.search import search

    baseline = Fts5Baseline(DATE)
    search("warm up", on=DATE)
    ours, fts = [], []
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter()
            search(query, limit=10, on=DATE)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            baseline(query)
            fts.append(time.perf_counter() - start)
    return ours, fts


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_load(queries, seconds, clients, workers, env):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", "from openrvu.cli import main; main()", "serve", "--port",
                               str(port), "--workers", str(workers)], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        _wait_for(port)
        paths = [f"/api/search?date={DATE}&q=" + urllib.parse.quote(q) for q in queries]
        _run_clients(port, paths[:clients * 4], clients, 5 * workers)  # every worker builds its index once
        latencies, errors = [], []
        deadline = time.perf_counter() + seconds
        started = time.perf_counter()
        _run_clients(port, paths, clients, None, deadline, latencies, errors)
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    return latencies, errors, elapsed


def _wait_for(port, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", "/api/releases")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"openrvu serve did not answer on port {port} within {timeout} s")


def _run_clients(port, paths, clients, count=None, deadline=None, latencies=None, errors=None):
    latencies = [] if latencies is None else latencies
    errors = [] if errors is None else errors
    lock = threading.Lock()
    sent = [0]

    def client(seed):
        order = paths[:]
        random.Random(seed).shuffle(order)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        i = 0
        while True:
            with lock:
                if (count is not None and sent[0] >= count) or (deadline is not None and time.perf_counter() > deadline):
                    return
                sent[0] += 1
            path = order[i % len(order)]
            i += 1
            start = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                if response.status != 200 or "results" not in json.loads(body):
                    errors.append(response.status)
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                errors.append("connection")
                continue
            finally:
                elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if "OPENRVU_DATA_DIR" not in os.environ:
        os.environ["OPENRVU_DATA_DIR"] = tempfile.mkdtemp(prefix="openrvu-speed-")
    os.environ.pop("DATABASE_URL", None)
    from openrvu.cli.main import setup_django

    setup_django()
    from openrvu.catalog.models import Release

    if not Release.objects.exists():
        from openrvu.catalog.importer import apply_import, plan_import

        print(f"importing {SHARED_DATA} into {os.environ['OPENRVU_DATA_DIR']} …", flush=True)
        apply_import(plan_import([SHARED_DATA])[0])
    queries = [str(item["query"]) for item in load_queries(QUERIES)] + EXTRA
    ours, fts = in_process(queries, args.rounds)
    from openrvu.services.search import load_index_for_date

    documents = len(load_index_for_date(DATE).documents)
    print(f"in process: {len(queries)} queries × {args.rounds} rounds over {documents:,} codes (date {DATE})")
    print(f"{'':28}{'p50 ms':>9}{'p95 ms':>9}{'mean ms':>9}")
    for label, values in (("openrvu search()", ours), ("plain FTS5 bm25", fts)):
        print(f"{label:28}{percentile(values, .5) * 1e3:9.3f}{percentile(values, .95) * 1e3:9.3f}"
              f"{statistics.fmean(values) * 1e3:9.3f}")
    env = dict(os.environ)
    latencies, errors, elapsed = http_load(queries, args.seconds, args.clients, args.workers, env)
    print(f"HTTP: openrvu serve ({args.workers} gunicorn workers), {args.clients} concurrent clients, "
          f"{elapsed:.1f} s, GET /api/search")
    print(f"  {len(latencies):,} queries, {len(latencies) / elapsed:,.0f} queries/s; latency p50 "
          f"{percentile(latencies, .5) * 1e3:.1f} ms, p95 {percentile(latencies, .95) * 1e3:.1f} ms, "
          f"p99 {percentile(latencies, .99) * 1e3:.1f} ms; errors {len(errors)}")


if __name__ == "__main__":
    main()
