"""Every code of the 2026 catalog renders a complete page.

On SQLite the test walks all ~20,500 codes. On PostgreSQL, where the suite runs a second time, it walks every
code whose combination of indicators (status, PC/TC, global days, multiple procedure, bilateral, assistant,
co-surgeon, team, supervision, NA flags, endoscopic base, imaging family, component rows) and category is the
first of its kind, plus every 60th code and every authored dental imaging code.
"""

from datetime import date

from django.db import connection

from openrvu.catalog import models
from openrvu.catalog.releases import release_in_force
from openrvu.services.categories import category_path
from openrvu.services.code_list import codes_in_force
from openrvu.services.dental_content import imaging_entries

ON = date(2026, 11, 22)
SECTIONS = ('id="aka"', 'id="desc"', 'id="plain"', 'id="clinical"', 'id="rvu"', 'id="billing"', 'id="spec"',
            'id="related"', 'id="faq"', 'id="sources"')
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


def test_every_code_in_the_2026_catalog_renders(client, catalog):
    codes = list(codes_in_force(ON))
    assert len(codes) > 20_000
    walk = codes_to_walk(codes, 60) if connection.vendor == "postgresql" else codes
    assert len(walk) > len(codes) // 60
    broken = []
    for code in walk:
        response = client.get(f"/codes/{code}?date={ON}")
        html = response.content.decode()
        if response.status_code != 200 or html.count("<h1") != 1 or not all(s in html for s in SECTIONS):
            broken.append((code, response.status_code))
    assert not broken, f"{len(broken)} of {len(walk)} code pages are broken: {broken[:10]}"
