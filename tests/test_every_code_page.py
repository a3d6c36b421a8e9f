"""Every code of the 2026 catalog renders a complete page.

On SQLite the test walks all ~20,500 codes: it copies the test catalog to a file and renders the pages in two
processes at once (tests/walk_code_pages.py), one per core. On PostgreSQL, where the suite runs a second time, it
walks in process every code whose combination of indicators (status, PC/TC, global days, multiple procedure,
bilateral, assistant, co-surgeon, team, supervision, NA flags, endoscopic base, imaging family, component rows)
and category is the first of its kind, plus every 60th code and every authored dental imaging code.
"""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.db import connection

from openrvu.catalog import models
from openrvu.catalog.releases import release_in_force
from openrvu.services.categories import category_path
from openrvu.services.code_list import codes_in_force
from openrvu.services.dental_content import imaging_entries

from .walk_code_pages import broken_pages

ON = date(2026, 11, 22)
PROCESSES = 2
REPO = Path(__file__).resolve().parent.parent
SHAPE = ("status", "pctc", "global_days", "mult_proc", "bilateral", "assistant", "co_surgeon", "team_surgery",
         "supervision", "nonfac_na", "fac_na")


def shapes(on):
    """{code: shape} for every PFS code in force: its indicators, flags and which component rows it has."""
    pfs = release_in_force("pfs_rvu", on)
    rows = models.RvuRow.objects.filter(release=pfs).values_list("hcpcs", "modifier", "endo_base",
                                                                  "imaging_family", *SHAPE)
    found = {}
    for code, modifier, endo_base, family, *indicators in rows.order_by("hcpcs", "modifier"):
        shape = found.setdefault(code, {"rows": []})
        shape["rows"].append(modifier)
        if "indicators" not in shape:
            shape["indicators"] = (*indicators, bool(endo_base), bool(family))
    return {code: (tuple(s["rows"]), s["indicators"]) for code, s in found.items()}


def codes_to_walk(codes, step):
    pfs_shapes, seen, chosen = shapes(ON), set(), []
    authored = set(imaging_entries())
    for index, code in enumerate(codes):
        kind = (pfs_shapes.get(code), category_path(code)[-1]["slug"])
        if kind not in seen or index % step == 0 or code in authored:
            seen.add(kind)
            chosen.append(code)
    return chosen


@pytest.fixture(scope="session")
def catalog_file(django_db_setup, django_db_blocker, tmp_path_factory):
    """The SQLite test catalog copied to a file, for the walker processes; taken before any test transaction
    opens (a backup from a connection inside one waits for ever)."""
    import sqlite3

    if connection.vendor != "sqlite":
        return None
    folder = tmp_path_factory.mktemp("catalog")
    with django_db_blocker.unblock():
        connection.ensure_connection()
        target = sqlite3.connect(folder / "openrvu.sqlite3")
        connection.connection.backup(target)
        target.close()
    return folder


def walk_in_processes(codes, folder):
    """Render the pages in PROCESSES processes over the catalog copy in folder/openrvu.sqlite3."""
    environment = {**os.environ, "OPENRVU_DATA_DIR": str(folder)}
    environment.pop("DATABASE_URL", None)
    workers = [subprocess.Popen([sys.executable, "-m", "tests.walk_code_pages", ON.isoformat(), *codes[i::PROCESSES]],
                                cwd=REPO, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for i in range(PROCESSES)]
    walked, broken = 0, []
    for worker in workers:
        out, err = worker.communicate()
        assert worker.returncode == 0, f"page walker failed: {err[-2000:]}"
        answer = json.loads(out.strip().splitlines()[-1])
        walked += answer["walked"]
        broken += answer["broken"]
    return walked, broken


def test_every_code_in_the_2026_catalog_renders(catalog_file, client, catalog):
    codes = list(codes_in_force(ON))
    assert len(codes) > 20_000
    if connection.vendor == "sqlite":
        walked, broken = walk_in_processes(codes, catalog_file)
        assert walked == len(codes)
    else:
        walk = codes_to_walk(codes, 60)
        assert len(walk) > len(codes) // 60
        walked, broken = len(walk), broken_pages(client, walk, ON)
    assert not broken, f"{len(broken)} of {walked} code pages are broken: {broken[:10]}"
