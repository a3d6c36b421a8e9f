"""Code pages: true to the data for the codes closed sites get wrong, complete in their sections, valid HTML."""

import re
from html.parser import HTMLParser

import pytest

SECTIONS = ["Also known as", "Description", "In plain language", "Clinical context", "RVU information",
            "Billing and documentation", "Specialties", "Related codes", "Frequently asked questions",
            "Sources and effective dates"]
DATE = "?date=2026-11-22"


class Outline(HTMLParser):
    """Collects the h1/h2 texts and a few landmarks of a page."""

    def __init__(self):
        super().__init__()
        self.headings, self.tags, self._current = [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("h1", "h2"):
            self._current = [tag, ""]

    def handle_endtag(self, tag):
        if self._current and tag == self._current[0]:
            self.headings.append((tag, " ".join(self._current[1].split())))
            self._current = None

    def handle_data(self, data):
        if self._current:
            self._current[1] += data


def outline(html):
    parser = Outline()
    parser.feed(html)
    return parser


def page_text(client, code):
    response = client.get(f"/codes/{code}{DATE}")
    assert response.status_code == 200, code
    return response.content.decode()


def visible_text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_sections_in_order(client, catalog):
    parsed = outline(page_text(client, "99213"))
    h1 = [text for tag, text in parsed.headings if tag == "h1"]
    assert len(h1) == 1 and h1[0].startswith("99213")
    h2 = [text for tag, text in parsed.headings if tag == "h2"]
    assert [h for h in h2 if h in SECTIONS] == SECTIONS
    assert h2.index("Category") < h2.index("Also known as")
    for landmark in ("header", "nav", "main", "footer", "table", "th"):
        assert landmark in parsed.tags


@pytest.mark.parametrize("code, must_say", [
    ("D0387", ["Comp image capture only", "comprehensive"]),
    ("D0389", ["Periopic image capture only", "periapical"]),
    ("D0386", ["Max ultrasound image capture", "maxillofacial ultrasound"]),
    ("D0394", ["Digital sub 2 or more images"]),
])
def test_dental_imaging_pages_are_true_to_the_data(client, catalog, code, must_say):
    text = visible_text(page_text(client, code))
    for words in must_say:
        assert words.lower() in text.lower(), words
    assert "Status code: R" in text
    assert "dental" in text.lower()
    assert "$0.00" not in text and "no national value" in text.lower()
    for wrong in ("Complicated", "complicated image", "supply", "supplies", "drug pricing", "priced like"):
        assert wrong not in text, wrong


def test_70100_shows_global_26_and_tc_rows_side_by_side(client, catalog):
    html = page_text(client, "70100")
    table = html[html.index("Relative value units by component"):]
    table = table[:table.index("</table>")]
    assert "70100</a> (global)" in table and "70100-26" in table and "70100-TC" in table
    assert ">0.18<" in table  # the 26 row's work RVU


def test_national_payment_is_total_rvus_times_cf(client, catalog):
    from datetime import date

    from openrvu.services.code_page import build_code_page

    page = build_code_page("99213", on=date(2026, 11, 22))
    national = page["rvu_information"]["national"]
    assert national["conversion_factor"] == "33.4009"
    assert national["nonfacility"]["amount"] == "95.19"  # 2.85 × 33.4009 = 95.1926
    assert national["facility"]["amount"] == "57.45"  # 1.72 × 33.4009 = 57.4495


def test_year_over_year(client, catalog):
    from datetime import date

    from openrvu.services.code_page import build_code_page

    history = build_code_page("99213", on=date(2026, 11, 22))["history"]
    assert [h["release"] for h in history] == ["PFS 2025 D", "PFS 2026 C"]
    assert history[0]["national"]["nonfacility"] == "88.95"  # 2.75 × 32.3465 = 88.9529
    assert history[1]["change"]["national_nonfacility"] == {"amount": "6.24", "percent": "7.0"}
    assert history[0]["locality"] is None


def test_year_over_year_with_a_locality_and_the_opps_cap(client, catalog):
    from datetime import date

    from openrvu.services.code_page import build_code_page

    page = build_code_page("99213", on=date(2026, 11, 22), locality="02102-01")
    # Alaska 02102-01, PFS 2026 C: (1.30 × 1.500 + 1.46 × 1.065 + 0.09 × 0.551) × 33.4009 = 118.72 (test_pricing)
    assert page["history"][1]["locality"]["nonfacility"] == "118.72"
    assert "ALASKA" in client.get("/codes/99213?locality=02102-01").content.decode()
    bad = client.get("/codes/99213?locality=99999-01")
    assert bad.status_code == 200 and "99999-01 is not a locality" in bad.content.decode()
    # 70473 global: (1.00 + 6.13 + 0.09) × 33.4009 = 241.15, capped at the OPPS amount 226.79 (as `openrvu price`)
    capped = build_code_page("70473", on=date(2026, 11, 22))["rvu_information"]["national"]["nonfacility"]
    assert (capped["amount"], capped["capped_at_opps"]) == ("226.79", True)


def test_every_faq_is_answered(client, catalog):
    from datetime import date

    from openrvu.services.code_page import build_code_page

    for code in ("99213", "D0387", "70100", "J1100"):
        faqs = build_code_page(code, on=date(2026, 11, 22))["faqs"]
        assert faqs and all(len(f["answer"]) > 40 for f in faqs)
    questions = [f["question"] for f in build_code_page("D0387", on=date(2026, 11, 22))["faqs"]]
    assert "Is D0387 covered by dental insurance?" in questions


def test_names_people_use_are_listed_with_their_source(client, catalog):
    html = client.get("/codes/93306" + DATE).content.decode()
    also = html[html.index('id="aka"'):html.index('id="desc"')]
    assert "heart ultrasound" in also and "openrvu/content/lay_names.yaml" in also
    api = client.get("/api/codes/93306/page" + DATE).json()
    assert "heart ultrasound" in api["also_known_as"]
    assert api["also_known_as_source"]["content"] == "openrvu/content/lay_names.yaml"


def test_hcpcs_page_shows_the_long_descriptor(client, catalog):
    text = visible_text(page_text(client, "J1100"))
    assert "Injection, dexamethasone sodium phosphate, 1 mg" in text
    assert "HCPCS 2026 Jan" in text


def test_category_tree_and_category_page(client, catalog):
    html = client.get("/codes/").content.decode()
    assert html.count("<h1") == 1 and "CDT" in html and "CPT" in html and "HCPCS Level II" in html
    cdt = client.get("/codes/category/cdt").content.decode()
    assert "D0387" not in cdt or "Subcategories" in cdt


def test_dental_imaging_codes_sit_under_diagnostic_imaging(catalog):
    from datetime import date

    from openrvu.services.code_page import build_code_page

    on = date(2026, 11, 22)
    names = [step["name"] for step in build_code_page("D0387", on=on)["category_path"]]
    assert names == ["CDT", "Diagnostic", "Diagnostic imaging",
                     "Image capture only (CBCT, MRI, ultrasound, tomosynthesis)"]
    names = [step["name"] for step in build_code_page("D0707", on=on)["category_path"]]
    assert names == ["CDT", "Diagnostic", "Diagnostic imaging", "Image capture only (2D images and photos)"]


def test_unknown_code_gets_a_helpful_404(client, catalog):
    response = client.get(f"/codes/D0704{DATE}")
    assert response.status_code == 404
    html = response.content.decode()
    assert "D0704 is not in PFS 2026 C" in html
    assert "/codes/D0703" in html or "/codes/D0705" in html  # suggestions of nearby codes
    assert "/search?q=D0704" in html


def test_sitemap_lists_every_code_page(client, catalog):
    from openrvu.services.code_list import codes_in_force

    xml = client.get("/sitemap.xml").content.decode()
    assert xml.count("<loc>") == len(codes_in_force())
    assert "/codes/D0387</loc>" in xml and "/codes/99213</loc>" in xml


def test_page_json_and_cli_are_the_same(client, catalog):
    import json

    from click.testing import CliRunner

    from openrvu.cli import cli

    api = client.get(f"/api/codes/D0387/page{DATE}").json()
    cli_page = json.loads(CliRunner().invoke(cli, ["code", "show", "D0387", "--page", "--json", "--date",
                                                   "2026-11-22"]).output)
    assert api == cli_page
    terminal = CliRunner().invoke(cli, ["code", "show", "D0387", "--page", "--date", "2026-11-22"]).output
    assert "RVU information" in terminal and "Is D0387 covered by dental insurance?" in terminal


def test_a_code_with_only_a_component_row_has_a_page(client, catalog):
    html = page_text(client, "86153")  # PFS 2026 C has only an 86153-26 row
    assert "<h1><span class=\"code\">86153-26</span>" in html
