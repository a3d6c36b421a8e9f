"""The authored dental imaging content (openrvu/content/dental_imaging/) is complete, sourced, written for each
code, and shown on the code pages."""

import re

import pytest

from openrvu.services.dental_content import family_names, imaging_entries, imaging_entry

from . import text_overlap

TEXT_FIELDS = ("full_name", "plain_language", "clinical_context")
LIST_FIELDS = ("also_known_as", "specialties", "payer_notes")
ROLES = ("complete", "capture_only", "interpretation")


def imaging_codes_in_2026_file():
    """D0210-D0395 and D0701-D0709 as the imported 2026 PFS release carries them."""
    from openrvu.catalog.models import RvuRow

    codes = RvuRow.objects.filter(release__name__startswith="PFS 2026", modifier="", hcpcs__startswith="D0")
    return sorted({c for c in codes.values_list("hcpcs", flat=True)
                   if "D0210" <= c <= "D0395" or "D0701" <= c <= "D0709"})


def test_every_imaging_code_in_the_2026_file_has_every_field(catalog):
    codes = imaging_codes_in_2026_file()
    assert len(codes) >= 45, codes
    for code in codes:
        entry = imaging_entry(code)
        assert entry and not entry["deleted"], f"{code} has no authored entry"
        for field in TEXT_FIELDS:
            assert isinstance(entry.get(field), str) and len(entry[field].split()) >= 4, f"{code}: {field}"
        for field in LIST_FIELDS:
            assert entry.get(field) and all(isinstance(item, str) and item.strip() for item in entry[field]), \
                f"{code}: {field}"
        for part in ("area", "images", "report"):
            assert (entry.get("documentation") or {}).get(part), f"{code}: documentation.{part}"
        assert set(ROLES) <= set(entry["related"]), f"{code}: related needs {ROLES}"
        assert entry["related"]["interpretation"] == "D0391" or code == "D0391" or \
            entry["related"]["interpretation"] is None, code
        version = entry["cdt_version"]
        assert version.get("added") or version.get("note"), f"{code}: cdt_version says nothing"
        assert entry.get("sources"), f"{code}: no sources"


def test_every_authored_code_is_in_the_2026_file_unless_recorded_as_deleted(catalog):
    in_file = set(imaging_codes_in_2026_file())
    for code, entry in imaging_entries().items():
        if entry["deleted"]:
            assert code not in in_file, f"{code} is recorded as deleted but the 2026 file has it"
            assert entry["cdt_version"]["deleted"], code
        else:
            assert code in in_file, f"{code} is authored but not in the 2026 file"


def test_the_deleted_codes_are_recorded_and_said_on_their_404_page(client, catalog):
    assert imaging_entry("D0704")["cdt_version"]["deleted"] == "CDT 2023"
    assert imaging_entry("D0351")["cdt_version"]["deleted"] == "CDT 2023"
    for code in ("D0704", "D0351"):
        response = client.get(f"/codes/{code}")
        assert response.status_code == 404
        text = response.content.decode()
        assert f"{code} was deleted from CDT" in text and "deleted in CDT 2023" in text
        assert "D0801" in text


def test_every_cited_source_is_listed_in_its_family_file():
    for code, entry in imaging_entries().items():
        assert entry["unknown_sources"] == [], f"{code} cites unknown sources {entry['unknown_sources']}"
        for source in entry["source_list"]:
            assert source["url"].startswith(("https://", "http://")), f"{code}: {source['key']} has no URL"
            assert "github.com/search" not in source["url"], f"{code}: {source['key']} is a search link"


def test_related_codes_exist_in_the_content_or_the_catalog(catalog):
    from openrvu.catalog.models import RvuRow

    known = set(imaging_entries()) | set(RvuRow.objects.values_list("hcpcs", flat=True).distinct())
    for code, entry in imaging_entries().items():
        links = [entry.get("related", {}).get(role) for role in ROLES]
        links += [item["code"] for item in entry.get("related", {}).get("other") or []]
        for link in filter(None, links):
            assert link in known, f"{code} links to unknown code {link}"


def test_each_code_and_guide_is_written_for_itself():
    overlaps = text_overlap.shared_runs(text_overlap.code_texts()) + \
        text_overlap.shared_runs(text_overlap.guide_texts())
    assert overlaps == [], overlaps[:5]


def test_the_overlap_check_can_fail():
    texts = {"a": "one two three four five six seven eight nine", "b": "zero two three four five six seven eight nine"}
    assert text_overlap.shared_runs(texts) == [("a", "b", "two three four five six seven eight nine")]


def test_family_files_are_named_for_their_family():
    from openrvu.services.dental_content import load_family

    for name in family_names():
        assert load_family(name)["family"] == name


@pytest.mark.parametrize("code, must_say", [
    ("D0387", ["tomosynthesis", "comprehensive", "series"]),
    ("D0389", ["tomosynthesis", "periapical"]),
    ("D0386", ["ultrasound", "maxillofacial"]),
    ("D0394", ["subtraction"]),
    ("D0391", ["interpret"]),
    ("D0707", ["periapical", "capture"]),
])
def test_imaging_pages_show_the_authored_content(client, catalog, code, must_say):
    response = client.get(f"/codes/{code}")
    assert response.status_code == 200
    html = response.content.decode()
    text = re.sub(r"<[^>]+>", " ", html).lower()
    for words in must_say:
        assert words in text, f"{code} page lacks {words!r}"
    entry = imaging_entry(code)
    assert entry["full_name"] in html.replace("&#x27;", "'")
    for name in entry["also_known_as"]:
        assert name.replace("'", "&#x27;").replace('"', "&quot;") in html, f"{code}: aka {name!r} missing"
    assert entry["file"] in html
    for specialty in entry["specialties"]:
        assert specialty in html


def test_the_d0387_page_says_tomosynthesis_comprehensive_series(client, catalog):
    page = client.get("/api/codes/D0387/page").json()
    assert "tomosynthesis" in page["names"]["full_name"]["text"].lower()
    assert page["names"]["full_name"]["method"] == "authored"
    plain = " ".join(s["text"] for s in page["plain_language"]).lower()
    assert "comprehensive" in plain
    assert page["names"]["short_descriptor"]["text"] == "Comp image capture only"


def test_the_imaging_family_table_splits_capture_interpretation_and_complete(client, catalog):
    page = client.get("/api/codes/D0707/page").json()
    roles = {m["role"]: m["code"] for m in page["imaging_family"]}
    assert roles["capture_only"] == "D0707"
    assert roles["interpretation"] == "D0391"
    assert roles["complete"] in ("D0220", "D0230")
    html = client.get("/codes/D0707").content.decode()
    assert "capture / interpretation / complete split" in html
    assert 'href="/codes/D0391"' in html


def test_a_medical_code_has_no_authored_dental_sections(client, catalog):
    page = client.get("/api/codes/70100/page").json()
    assert page["imaging_family"] is None
    assert page["sources"]["references"] == []


@pytest.mark.parametrize("code, slug", [
    ("D0707", "d0707-periapical-capture-only"),
    ("D0387", "tomosynthesis-capture-only"),
    ("D0389", "tomosynthesis-capture-only"),
    ("D0386", "maxillofacial-mri-ultrasound-capture"),
    ("D0394", "d0394-digital-subtraction"),
    ("D0391", "d0391-interpretation-by-another-practitioner"),
    ("D0701", "capture-only-2d-family"),
])
def test_code_pages_link_the_guides_that_cover_them(client, catalog, code, slug):
    page = client.get(f"/api/codes/{code}/page").json()
    assert slug in [g["slug"] for g in page["guides"]]
    assert f'href="/guides/{slug}"' in client.get(f"/codes/{code}").content.decode()


@pytest.mark.parametrize("query, code", [
    ("tooth root x-ray captured only", "D0707"),
    ("sound wave imaging of the jaw", "D0386"),
    ("tomosynthesis full mouth capture only", "D0387"),
])
def test_authored_names_and_plain_language_feed_search(catalog, query, code):
    from openrvu.services.search import search

    ranked = [result["code"] for result in search(query, limit=5, on="2026-11-22")["results"]]
    assert code in ranked[:3], (query, ranked)
