"""Every code of the 2026 catalog renders a complete page: a walk over all of them (on SQLite; on PostgreSQL every
25th code, so that the second run stays short while still crossing every category)."""

from datetime import date

from django.db import connection

from openrvu.services.code_list import codes_in_force

ON = date(2026, 11, 22)
SECTIONS = ('id="aka"', 'id="desc"', 'id="plain"', 'id="clinical"', 'id="rvu"', 'id="billing"', 'id="spec"',
            'id="related"', 'id="faq"', 'id="sources"')


def test_every_code_in_the_2026_catalog_renders(client, catalog):
    codes = list(codes_in_force(ON))
    assert len(codes) > 20_000
    if connection.vendor == "postgresql":
        codes = codes[::25]
    broken = []
    for code in codes:
        response = client.get(f"/codes/{code}?date={ON}")
        html = response.content.decode()
        if response.status_code != 200 or html.count("<h1") != 1 or not all(s in html for s in SECTIONS):
            broken.append((code, response.status_code))
    assert not broken, f"{len(broken)} of {len(codes)} code pages are broken: {broken[:10]}"
