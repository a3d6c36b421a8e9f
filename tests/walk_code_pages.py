"""Renders code pages in a separate process and prints the broken ones as JSON (used by
tests/test_every_code_page.py to walk every code on both cores). Run as
`OPENRVU_DATA_DIR=DIR python -m tests.walk_code_pages DATE CODE...` against DIR/openrvu.sqlite3."""

import json
import os
import sys

SECTIONS = ('id="aka"', 'id="desc"', 'id="plain"', 'id="clinical"', 'id="rvu"', 'id="billing"', 'id="spec"',
            'id="related"', 'id="faq"', 'id="sources"')


def broken_pages(client, codes, on):
    """[(code, status)] for every page that is not a 200 with one h1 and every section."""
    broken = []
    for code in codes:
        response = client.get(f"/codes/{code}?date={on}")
        html = response.content.decode()
        if response.status_code != 200 or html.count("<h1") != 1 or not all(s in html for s in SECTIONS):
            broken.append((code, response.status_code))
    return broken


def main(on, codes):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openrvu.settings")
    import django

    django.setup()
    from django.test import Client

    print(json.dumps({"walked": len(codes), "broken": broken_pages(Client(), codes, on)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
