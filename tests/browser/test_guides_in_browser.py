"""A real Chromium opens the guides as a reader would: the list, the D0707 guide, its contents, FAQs and code links."""

import re

from playwright.sync_api import expect

from openrvu.services.guides import REQUIRED_QUESTIONS, REQUIRED_SECTIONS, guide

from .test_pages_in_browser import open_page

SLUG = "d0707-periapical-capture-only"


def test_guide_list_leads_to_the_d0707_guide_and_its_parts(page):
    expected = guide(SLUG)
    open_page(page, "/guides/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Guides")
    page.get_by_role("main").get_by_role("link", name=expected["title"], exact=True).click()
    expect(page).to_have_url(re.compile(rf"/guides/{SLUG}$"))

    h1 = page.get_by_role("heading", level=1)
    expect(h1).to_have_count(1)
    expect(h1).to_have_text(expected["title"])
    expect(page).to_have_title(re.compile(re.escape(expected["title"])))

    # The table of contents is a named navigation landmark whose links jump to the sections.
    toc = page.get_by_role("navigation", name="Table of contents")
    expect(toc).to_have_count(1)
    for title in REQUIRED_SECTIONS:
        link = toc.get_by_role("link", name=title, exact=True)
        expect(link).to_have_count(1)
        link.click()
        section_id = link.get_attribute("href").lstrip("#")
        expect(page).to_have_url(re.compile(rf"#{re.escape(section_id)}$"))
        heading = page.get_by_role("heading", level=2, name=title, exact=True)
        expect(heading).to_have_attribute("id", section_id)
        expect(heading).to_be_in_viewport()
        # Each part is a region named by its heading.
        expect(page.get_by_role("region", name=title, exact=True)).to_have_count(1)

    faqs = page.get_by_role("region", name="FAQs", exact=True)
    for question in REQUIRED_QUESTIONS:
        expect(faqs.get_by_role("heading", level=3, name=question, exact=True)).to_have_count(1)

    # A citation jumps to its entry in the sources list.
    citation = page.locator("a.cite").first
    target = citation.get_attribute("href")
    assert re.fullmatch(r"#source-[a-z0-9-]+", target), target
    citation.click()
    expect(page.locator(target)).to_be_in_viewport()

    # Wide tables scroll inside their own region; nothing pushes the page sideways.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the guide is {overflow}px wider than the window"

    # The codes it covers link to their code pages.
    header = page.get_by_role("article").locator("header").first
    header.get_by_role("link", name="D0707", exact=True).click()
    expect(page).to_have_url(re.compile(r"/codes/D0707$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^\s*D0707\b"))


def test_guide_reads_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    open_page(page, f"/guides/{SLUG}")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    toc = page.get_by_role("navigation", name="Table of contents")
    toc.get_by_role("link", name="FAQs", exact=True).click()
    expect(page).to_have_url(re.compile(r"#faqs$"))
    expect(page.get_by_role("heading", level=2, name="FAQs", exact=True)).to_be_in_viewport()
    expect(page.get_by_role("table").first).to_be_visible()


def test_unknown_guide_page_lists_the_guides(page):
    response = page.goto("/guides/no-such-guide")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.get_by_role("alert")).to_contain_text("no guide 'no-such-guide'")
    expect(page.get_by_role("main").get_by_role("link", name=guide(SLUG)["title"], exact=True)).to_have_count(1)
