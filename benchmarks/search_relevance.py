"""Relevance of openrvu search on the labelled query set, beside a plain SQLite FTS5 bm25 search, in one run.

Prints MRR@10 (the mean of 1/rank of the first accepted code in the top 10) and recall@10 (the share of queries
with an accepted code in the top 10) per kind of query and overall, for openrvu's search and for FTS5 over the
official descriptors alone (CMS short descriptor and HCPCS long descriptor, and the code itself; the query's
words quoted and joined with OR, ranked by bm25()).

By default it scores the two development sets (tests/data/search_queries.yaml, and search_queries_fresh.yaml, written
blind on 2026-12-02 and tuned on since), the two together, and the two held-out sets (search_queries_holdout.yaml
and search_queries_holdout2.yaml, written blind on 2026-12-02), each and together (overall and by kind; their
misses are never listed).

Usage: python benchmarks/search_relevance.py [--queries FILE] [--date YYYY-MM-DD] [--misses] [--no-holdout]
It uses the catalog in $OPENRVU_DATA_DIR (or DATABASE_URL); with an empty catalog it imports ../shared/data into
a temporary SQLite data dir first.
"""

import argparse
import os
import re
import sqlite3
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "data" / "search_queries.yaml"
# Written separately from the engine and never used to tune it: its figures say how the engine does on queries
# it was not developed against.
HOLDOUT = ROOT / "tests" / "data" / "search_queries_holdout.yaml"
HOLDOUT2 = ROOT / "tests" / "data" / "search_queries_holdout2.yaml"  # a second one, written the same way
HELD_OUT = (HOLDOUT, HOLDOUT2)
# Written on 2026-12-02 by someone who had never seen the engine or the other sets; measured blind once (its header
# gives the figures), then used for development like QUERIES.
FRESH = ROOT / "tests" / "data" / "search_queries_fresh.yaml"
DEVELOPMENT = (QUERIES, FRESH)
SHARED_DATA = ROOT.parent / "shared" / "data"
DATE = "2026-11-22"
DEPTH = 10


def load_queries(path):
    return yaml.safe_load(Path(path).read_text())


def prepare_catalog():
    """Django set up on the configured catalog; an empty one gets ../shared/data imported into a temp dir."""
    from openrvu.cli.main import setup_django

    setup_django()
    from openrvu.catalog.models import Release

    if Release.objects.exists():
        return
    if "OPENRVU_DATA_DIR" not in os.environ and "DATABASE_URL" not in os.environ:
        sys.exit("the catalog is empty: set OPENRVU_DATA_DIR to an imported data dir")
    from openrvu.catalog.importer import apply_import, plan_import

    planned, _ = plan_import([SHARED_DATA])
    apply_import(planned)


def openrvu_search(date):
    from openrvu.services.search import search

    def run(query):
        return [r["code"] for r in search(query, limit=DEPTH, on=date)["results"]]

    return run


class Fts5Baseline:
    """A plain FTS5 table of the codes in force: code, CMS short descriptor, HCPCS long descriptor."""

    def __init__(self, date):
        from openrvu.services.search import load_index_for_date

        index = load_index_for_date(date)
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(code, short, long)")
        self.db.executemany("INSERT INTO docs VALUES (?, ?, ?)",
                            [(d.code, d.fields.get("short_descriptor") or "", d.fields.get("long_descriptor") or "")
                             for d in index.documents])

    def __call__(self, query):
        words = re.findall(r"\w+", query.lower())
        if not words:
            return []
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        rows = self.db.execute("SELECT code FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?",
                               (match, DEPTH)).fetchall()
        return [code.upper() for (code,) in rows]


def score(queries, run):
    """{kind: (MRR@10, recall@10, n)} with 'overall', and the misses [(query, accepted, top 3)]."""
    per_kind, misses = {}, []
    for item in queries:
        accepted = {str(code).upper() for code in item["accept"]}
        found = run(str(item["query"]))[:DEPTH]
        rank = next((i for i, code in enumerate(found, start=1) if code in accepted), None)
        for kind in (item["kind"], "overall"):
            per_kind.setdefault(kind, []).append(rank)
        if rank != 1:
            misses.append((item["query"], item["kind"], sorted(accepted)[:4], found[:3], rank))
    table = {kind: (sum(1 / r for r in ranks if r) / len(ranks), sum(1 for r in ranks if r) / len(ranks), len(ranks))
             for kind, ranks in per_kind.items()}
    return table, misses


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", default=QUERIES, type=Path)
    parser.add_argument("--date", default=DATE)
    parser.add_argument("--misses", action="store_true", help="list the queries whose first hit is not at rank 1")
    parser.add_argument("--no-holdout", action="store_true",
                        help="leave out the held-out sets (while working on the engine its figures are not looked at)")
    args = parser.parse_args()
    if "OPENRVU_DATA_DIR" not in os.environ and "DATABASE_URL" not in os.environ:
        os.environ["OPENRVU_DATA_DIR"] = tempfile.mkdtemp(prefix="openrvu-relevance-")
    prepare_catalog()
    ours_run, fts_run = openrvu_search(args.date), Fts5Baseline(args.date)
    if args.queries != QUERIES:
        held_out = args.queries.resolve() in {path.resolve() for path in HELD_OUT}
        report(args.queries.name, load_queries(args.queries), ours_run, fts_run, args, misses=not held_out)
        return
    for path in DEVELOPMENT:
        report(f"{path.name}: development set", load_queries(path), ours_run, fts_run, args)
    together = [item for path in DEVELOPMENT for item in load_queries(path)]
    report("the development sets together", together, ours_run, fts_run, args, misses=False)
    held_out = [path for path in HELD_OUT if path.exists()] if not args.no_holdout else []
    for path in held_out:  # their misses are not listed: they are not to tune on
        report(f"{path.name}: held-out set, not used for tuning", load_queries(path), ours_run, fts_run, args,
               misses=False)
    if len(held_out) > 1:
        together = [item for path in held_out for item in load_queries(path)]
        report("the held-out sets together", together, ours_run, fts_run, args, misses=False)


def report(label, queries, ours_run, fts_run, args, misses=True):
    """Print one set's table (and, with --misses, the queries whose first hit is not at rank 1)."""
    ours, our_misses = score(queries, ours_run)
    fts, _ = score(queries, fts_run)
    print(f"\n{len(queries)} labelled queries ({label}), date of service {args.date}, top {DEPTH}")
    print(f"{'kind':14}{'n':>5}{'openrvu MRR':>13}{'recall':>8}{'FTS5 MRR':>10}{'recall':>8}")
    for kind in sorted(k for k in ours if k != "overall") + ["overall"]:
        (mrr, recall, n), (fmrr, frecall, _) = ours[kind], fts[kind]
        print(f"{kind:14}{n:5}{mrr:13.3f}{recall:8.3f}{fmrr:10.3f}{frecall:8.3f}")
    if args.misses and misses:
        for query, kind, accepted, found, rank in our_misses:
            print(f"  {kind:12} {query!r}: rank {rank}; accept {accepted}; got {found}")


if __name__ == "__main__":
    main()
