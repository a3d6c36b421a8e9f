"""Code guides: every file in openrvu/content/guides is complete and cited, and renders as an accessible page and JSON."""

import re
from datetime import date

import pytest

from openrvu.services import guides as service
from openrvu.services.codes import look_up_code
from openrvu.services.guides import (
    REQUIRED_QUESTIONS, REQUIRED_SECTIONS, GuideError, GuideNotFound, guide, guide_files, guide_problems,
    guides_for_code, list_guides, render_markdown,
)

FILES = guide_files()
SLUGS = [path.stem for path in FILES]
ON = date(2026, 11, 22)
SOURCE = {"key": "x12-carc", "title": "Claim Adjustment Reason Codes", "publisher": "X12",
          "url": "https://x12.org/codes/claim-adjustment-reason-codes"}

GOOD_GUIDE = """---
slug: {slug}
title: "D0707: a test guide"
summary: A guide written for the validation tests.
codes: [D0707]
updated: 2026-11-22
sources:
  - key: x12-carc
    title: "Claim Adjustment Reason Codes"
    publisher: X12
    url: https://x12.org/codes/claim-adjustment-reason-codes
---

## When to use it and when not

Only in tests [x12-carc].

## Documentation and clinical scenarios

Write things down.

## Insurance billing tips

Check the plan.

## Worked example

| who | reports |
|---|---|
| a | D0707 |

## FAQs

### Can it be billed with other radiographic codes at the same visit?

Yes.

### Is it reimbursed by all plans?

No.

### How to handle a denial?

Read the codes.
"""


def write_guide(tmp_path, text, slug="test-guide"):
    path = tmp_path / f"{slug}.md"
    path.write_text(text.replace("{slug}", slug))
    return path


def test_there_are_the_six_guides_of_issue_4():
    assert sorted(SLUGS) == [
        "capture-only-2d-family", "d0391-interpretation-by-another-practitioner", "d0394-digital-subtraction",
        "d0707-periapical-capture-only", "maxillofacial-mri-ultrasound-capture", "tomosynthesis-capture-only",
    ]


@pytest.mark.parametrize("path", FILES, ids=SLUGS)
def test_every_guide_file_passes_validation(path):
    assert guide_problems(path) == []


@pytest.mark.parametrize("slug", SLUGS)
def test_every_guide_has_the_five_parts_and_the_required_faqs_answered(slug):
    page = guide(slug)
    assert page["slug"] == slug and page["file"] == f"openrvu/content/guides/{slug}.md"
    assert [s["title"] for s in page["sections"]] == list(REQUIRED_SECTIONS)
    assert [s["id"] for s in page["sections"]] == [
        "when-to-use-it-and-when-not", "documentation-and-clinical-scenarios", "insurance-billing-tips",
        "worked-example", "faqs"]
    questions = [f["question"].lower() for f in page["faqs"]]
    for required in REQUIRED_QUESTIONS:
        assert required.lower() in questions, f"{slug} lacks {required!r}"
    for faq in page["faqs"]:
        assert re.search(r"\w+( \w+){3}", re.sub(r"<[^>]+>", "", faq["answer_html"])), faq["question"]


@pytest.mark.parametrize("slug", SLUGS)
def test_every_citation_links_to_a_listed_source(slug):
    page = guide(slug)
    text = service.GUIDES_DIR.joinpath(f"{slug}.md").read_text()
    keys = [s["key"] for s in page["sources"]]
    cited = set(re.findall(r"\[([a-z0-9]+(?:-[a-z0-9]+)+)\]", text.split("\n---\n", 1)[1]))
    assert cited and cited == set(keys)
    for key in cited:
        assert f'href="#source-{key}"' in page["html"]
    assert not re.search(r"\[[a-z0-9]+(-[a-z0-9]+)+\]", page["html"]), "a citation marker was left as text"
    for source in page["sources"]:
        assert source["url"].startswith(("https://", "http://")) and "github.com/search" not in source["url"]
        assert source["title"] and source["publisher"]


@pytest.mark.parametrize("slug", SLUGS)
def test_every_listed_code_is_in_the_imported_catalog(catalog, slug):
    for code in guide(slug)["codes"]:
        assert look_up_code(code, on=ON)["code"] == code


def test_a_broken_guide_gets_every_problem_named(tmp_path):
    assert guide_problems(write_guide(tmp_path, GOOD_GUIDE)) == []

    broken = (GOOD_GUIDE
              .replace("slug: {slug}", "slug: another-name")
              .replace("## Worked example", "## Example")
              .replace("### Is it reimbursed by all plans?", "### Is it covered?")
              .replace("### How to handle a denial?\n\nRead the codes.\n", "### How to handle a denial?\n\n")
              .replace("Only in tests [x12-carc].", "Only in tests [no-such-source].")
              .replace("url: https://x12.org/codes/claim-adjustment-reason-codes",
                       "url: https://github.com/search?q=ADE6P251&type=code"))
    problems = "\n".join(guide_problems(write_guide(tmp_path, broken)))
    assert "slug 'another-name' is not the file name 'test-guide'" in problems
    assert "'##' headings are" in problems and "'Example'" in problems
    assert "lack the question 'Is it reimbursed by all plans?'" in problems
    assert "'How to handle a denial?' has no answer" in problems
    assert re.search(r"line 16: \[no-such-source\] cites no source", problems)
    assert "is a search page, not a reference" in problems
    assert "'x12-carc' is listed in the front matter but never cited" in problems


def test_front_matter_fields_are_required(tmp_path):
    text = (GOOD_GUIDE.replace('title: "D0707: a test guide"\n', "").replace("updated: 2026-11-22", "updated: soon")
            .replace("codes: [D0707]", "codes: [d07]").replace("    publisher: X12\n", ""))
    problems = "\n".join(guide_problems(write_guide(tmp_path, text)))
    for words in ("title is missing", "is not a date", "codes ['d07'] are not five-character codes",
                  "lacks publisher"):
        assert words in problems
    assert "front matter is not valid YAML" in "".join(guide_problems(write_guide(tmp_path, "---\na: [\n---\n")))
    assert "starts with '---'" in "".join(guide_problems(write_guide(tmp_path, "## No front matter\n")))


def test_an_unknown_citation_is_an_error_not_text():
    assert 'href="#source-x12-carc"' in render_markdown("Denied [x12-carc].", [SOURCE])
    with pytest.raises(GuideError, match=r"line 2: \[x12-rarc\] cites no source"):
        render_markdown("First line.\nDenied [x12-rarc].", [SOURCE])
    # Links and code are not citations.
    html = render_markdown("[see-this](https://example.org/x) and `[not-a-cite]`", [])
    assert '<a href="https://example.org/x" rel="noopener">see-this</a>' in html and "<code>[not-a-cite]</code>" in html


def test_raw_html_in_markdown_is_escaped():
    text = ("## Title <script>alert('h')</script>\n\nHello <script>alert(1)</script> <img src=x onerror=alert(2)>\n\n"
            "<div onclick=\"steal()\">block</div>\n\n| a | b |\n|---|---|\n| <script>x</script> | [bad](javascript:alert(3)) |\n")
    html = render_markdown(text)
    assert "<script" not in html and "<img" not in html and "<div onclick" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;div onclick" in html
    assert 'href="javascript:' not in html
    assert '<h2 id="title-script-alert-h-script">' in html
    assert '<th scope="col">a</th>' in html and 'role="region"' in html


def test_heading_ids_are_stable_and_unique():
    html = render_markdown("## FAQs\n\n### What is it?\n\nA.\n\n### What is it?\n\nB.\n")
    assert re.findall(r'id="([^"]+)"', html) == ["faqs", "what-is-it", "what-is-it-2"]
    assert '<section aria-labelledby="faqs">' in html


def test_guides_for_code_and_list():
    listed = list_guides()
    assert [g["slug"] for g in listed] == sorted(SLUGS, key=lambda s: guide(s)["title"].casefold())
    assert set(listed[0]) == {"slug", "title", "summary", "codes", "updated", "url"}
    assert all(g["url"] == f"/guides/{g['slug']}" and date.fromisoformat(g["updated"]) for g in listed)
    for_d0707 = [g["slug"] for g in guides_for_code("d0707")]
    assert for_d0707 == [g["slug"] for g in listed if "D0707" in g["codes"]]
    assert {"d0707-periapical-capture-only", "capture-only-2d-family"} <= set(for_d0707)
    assert [g["slug"] for g in guides_for_code("D0387")] == ["tomosynthesis-capture-only"]
    assert guides_for_code("99213") == []


def test_unknown_slug_is_guide_not_found():
    for slug in ("no-such-guide", "README", "../settings", ""):
        with pytest.raises(GuideNotFound, match="the guides are: .*d0707-periapical-capture-only"):
            guide(slug)


def test_guide_list_page_links_every_guide_and_its_codes(client, catalog):
    response = client.get("/guides/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    for item in list_guides():
        assert f'<a href="/guides/{item["slug"]}">' in html
        for code in item["codes"]:
            assert f'<a href="/codes/{code}">{code}</a>' in html
    assert client.get("/guides").status_code == 301


@pytest.mark.parametrize("slug", SLUGS)
def test_guide_page_renders_with_one_h1_contents_and_sources(client, catalog, slug):
    page = guide(slug)
    response = client.get(f"/guides/{slug}")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1\b", html)) == 1
    assert f"<title>{page['title']}" in html.replace("&quot;", '"').replace("&#x27;", "'")
    assert f'rel="canonical" href="http://testserver/guides/{slug}"' in html
    assert '<meta name="description" content="' in html
    toc = html[html.index('<nav aria-label="Table of contents"'):]
    toc = toc[:toc.index("</nav>")]
    for section in page["sections"]:
        assert f'href="#{section["id"]}"' in toc
        assert f'<h2 id="{section["id"]}">' in html
        assert f'<section aria-labelledby="{section["id"]}">' in html
    for faq in page["faqs"]:
        assert f'<h3 id="{faq["id"]}">' in html
    for source in page["sources"]:
        assert f'<li id="source-{source["key"]}">' in html
    for code in page["codes"]:
        assert f'<a href="/codes/{code}">{code}</a>' in html
    assert f'Last updated <time datetime="{page["updated"]}">' in html


def test_unknown_guide_is_a_helpful_404_page_and_json(client, catalog):
    response = client.get("/guides/no-such-guide")
    assert response.status_code == 404
    html = response.content.decode()
    assert html.count("<h1") == 1 and "no guide &#x27;no-such-guide&#x27;" in html
    for slug in SLUGS:
        assert f'href="/guides/{slug}"' in html
    answer = client.get("/api/guides/no-such-guide")
    assert answer.status_code == 404 and "no guide 'no-such-guide'" in answer.json()["detail"]


def test_api_lists_guides_and_returns_one_with_html(client, catalog):
    listed = client.get("/api/guides")
    assert listed.status_code == 200 and listed.json() == list_guides()
    one = client.get("/api/guides/d0394-digital-subtraction")
    assert one.status_code == 200
    assert one.json() == guide("d0394-digital-subtraction")
    assert one.json()["html"].startswith('<section aria-labelledby="when-to-use-it-and-when-not">')
