"""The site skeleton: navigation, home page with what is imported, the code lookup, and no 500 on bad input."""

import re

import pytest

NAV = ["Codes", "Search", "Tools", "Guides", "About"]


@pytest.mark.parametrize("url", ["/", "/codes/", "/search", "/tools/", "/guides/", "/about/"])
def test_every_page_has_the_navigation_and_one_h1(client, catalog, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    nav = html[html.index('<nav aria-label="Main">'):html.index("</nav>")]
    assert re.findall(r">(\w+)</a>", nav) == NAV
    assert html.count("<h1") == 1
    assert '<main id="main">' in html and "<title>" in html and 'rel="canonical"' in html


def test_home_shows_what_is_imported(client, catalog):
    html = client.get("/").content.decode()
    for name in ("PFS 2026 C", "PFS 2025 D", "GPCI 2026", "HCPCS 2026 Jan", "MUE 2026 Q2 practitioner"):
        assert name in html
    assert "19356" in html


def test_lookup_redirects_to_the_code_page(client, catalog):
    response = client.get("/codes/", {"code": " 70100-26 "})
    assert response.status_code == 302 and response["Location"] == "/codes/70100-26"
    html = client.get("/codes/70100-26?date=2026-11-22").content.decode()
    assert "PFS 2026 C" in html and "0.18" in html


@pytest.mark.parametrize("url, status", [
    ("/codes/ZZZZZ", 404), ("/codes/%3Cscript%3E", 400), ("/codes/99213?date=nonsense", 400),
    ("/codes/?code=%27%3B+DROP+TABLE", 400), ("/no/such/page", 404), ("/search?q=%00%01", 200),
])
def test_bad_input_never_gives_a_500(client, catalog, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert "<h1" in response.content.decode()
