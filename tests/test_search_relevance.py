"""The labelled query set (tests/data/search_queries.yaml) on the test catalog: MRR@10 and recall@10 must not fall
below floors a little under the figures benchmarks/search_relevance.py measured (README, Search)."""

import pytest

from benchmarks.search_relevance import QUERIES, Fts5Baseline, load_queries, openrvu_search, score

DATE = "2026-11-22"
FLOORS = {"overall": (0.68, 0.85), "code": (0.99, 1.0), "prefix": (0.95, 1.0), "words": (0.93, 0.99)}


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        queries = load_queries(QUERIES)
        return score(queries, openrvu_search(DATE))[0], score(queries, Fts5Baseline(DATE))[0]


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_relevance_stays_above_its_floor(measured, kind):
    mrr, recall, _ = measured[0][kind]
    floor_mrr, floor_recall = FLOORS[kind]
    assert mrr >= floor_mrr and recall >= floor_recall, (kind, mrr, recall)


def test_search_beats_plain_fts5(measured):
    ours, fts = measured
    assert ours["overall"][0] > fts["overall"][0] + 0.2
