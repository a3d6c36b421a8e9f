"""A real Chromium reads the code and category pages as a person (and a screen reader) would.

Role locators (get_by_role) go through Chromium's accessibility tree, so they check roles and
accessible names, not just tags. Code pages take ?date=2026-11-22 so the release in force is fixed.
"""

import re

import pytest
from playwright.sync_api import expect

DATE = "?date=2026-11-22"
NAV = ["Codes", "Search", "Tools", "Guides", "About"]
SECTIONS = [
    "Also known as",
    "Description",
    "In plain language",
    "Clinical context",
    "RVU information",
    "Billing and documentation",
    "Specialties",
    "Related codes",
    "Frequently asked questions",
    "Sources and effective dates",
]
SCREENSHOT = "/tmp/openrvu-code-page.png"
CODE_HREF = re.compile(r"^/codes/[0-9A-Z]{5}(-[0-9A-Z]{2})?$")


def open_page(page, path):
    """Go to PATH on the live server and insist on a 200, showing what came back otherwise."""
    response = page.goto(path)
    assert response is not None, f"no response for {path}"
    if response.status != 200:
        pytest.fail(f"GET {path} answered {response.status}:\n{page.locator('body').inner_text()[:2000]}",
                    pytrace=False)
    return response


def h2_texts(page):
    return [" ".join(text.split()) for text in page.get_by_role("heading", level=2).all_inner_texts()]


def assert_in_order(found, wanted):
    """Every wanted heading is there, in this order (others, such as the crumbs' 'Category', may sit between)."""
    missing = [h for h in wanted if h not in found]
    assert not missing, f"missing h2 {missing}; the page has {found}"
    assert [h for h in found if h in wanted] == wanted, f"h2 out of order: {found}"


def assert_code_page_headings(page, code):
    h1 = page.get_by_role("heading", level=1)
    expect(h1).to_have_count(1)
    expect(h1).to_have_text(re.compile(rf"^\s*{re.escape(code)}\b"))
    assert_in_order(h2_texts(page), SECTIONS)
    for name in SECTIONS:  # each is a real heading with that accessible name
        expect(page.get_by_role("heading", level=2, name=name, exact=True)).to_have_count(1)


def test_code_page_headings_sections_and_landmarks(page):
    open_page(page, f"/codes/99213{DATE}")
    expect(page).to_have_title(re.compile(r"99213"))
    assert_code_page_headings(page, "99213")

    # Landmarks: the site header and footer (not the article's own <header>), main, and the main menu.
    expect(page.get_by_role("banner")).to_have_count(1)
    expect(page.get_by_role("main")).to_have_count(1)
    expect(page.get_by_role("contentinfo")).to_have_count(1)
    nav = page.get_by_role("banner").get_by_role("navigation", name="Main")
    expect(nav).to_have_count(1)
    expect(nav.get_by_role("listitem")).to_have_count(len(NAV))
    expect(nav.get_by_role("link")).to_have_text(NAV)
    expect(nav.get_by_role("link", name="Codes", exact=True)).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("link", name="Skip to content")).to_have_attribute("href", "#main")

    # Each section is a region named by its heading, so a screen reader can jump to it.
    rvu = page.get_by_role("region", name="RVU information", exact=True)
    expect(rvu).to_have_count(1)

    # The RVU table: named by its caption, with real column headers and a row header per row.
    table = rvu.get_by_role("table", name="Relative value units by component")
    expect(table).to_have_count(1)
    headers = [" ".join(t.split()) for t in table.get_by_role("columnheader").all_inner_texts()]
    for header in ("Status", "Work", "MP", "Total non-facility", "National non-facility", "National facility"):
        assert header in headers, f"no column header {header!r} in {headers}"
    expect(table.get_by_role("rowheader").first).to_contain_text("99213")
    expect(table.get_by_role("row")).not_to_have_count(1)  # more than the header row


def test_dental_page_is_true_to_the_data(page):
    open_page(page, f"/codes/D0387{DATE}")
    assert_code_page_headings(page, "D0387")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Comp image capture only")
    # Status R is explained in the RVU section's indicator list.
    rvu = page.get_by_role("region", name="RVU information", exact=True)
    status = rvu.locator("dt", has_text=re.compile(r"Status code:\s*R\b"))
    expect(status).to_have_count(1)
    expect(status).to_contain_text(re.compile("restricted", re.I))
    explanation = status.locator("xpath=following-sibling::dd[1]")
    expect(explanation).to_contain_text(re.compile(r"\w+( \w+){5}"))  # a sentence, not a bare code
    # The short descriptor's "Comp" is comprehensive, never "complicated".
    expect(page.locator("body")).not_to_contain_text("Complicated")


def test_category_page_lists_codes_that_link_to_their_pages(page):
    open_page(page, "/codes/")
    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    # Prefer CDT's "Diagnostic"; otherwise the first category of the first system.
    diagnostic = main.get_by_role("region", name="CDT", exact=True).get_by_role("link", name="Diagnostic", exact=True)
    first = main.get_by_role("region").first.get_by_role("listitem").first.get_by_role("link").first
    link = diagnostic if diagnostic.count() == 1 else first
    name = " ".join(link.inner_text().split())
    link.click()
    expect(page).to_have_url(re.compile(r"/codes/category/[\w-]+$"))

    h1 = page.get_by_role("heading", level=1)
    expect(h1).to_have_count(1)
    expect(h1).to_have_text(name)
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text("Codes")
    table = page.get_by_role("main").get_by_role("table")
    expect(table).to_have_count(1)
    expect(table.get_by_role("columnheader").first).to_have_text("Code")
    rows = table.locator("tbody").get_by_role("row")
    assert rows.count() > 0, f"category {name!r} lists no codes"
    code_link = rows.first.get_by_role("cell").first.get_by_role("link")
    expect(code_link).to_have_attribute("href", CODE_HREF)
    code = code_link.inner_text().strip()

    code_link.click()
    expect(page).to_have_url(re.compile(rf"/codes/{re.escape(code)}$"))
    h1 = page.get_by_role("heading", level=1)
    expect(h1).to_have_count(1)
    expect(h1).to_have_text(re.compile(rf"^\s*{re.escape(code)}\b"))


def test_code_page_needs_no_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    open_page(page, f"/codes/99213{DATE}")
    assert_code_page_headings(page, "99213")
    expect(page.get_by_role("table", name="Relative value units by component")).to_have_count(1)


def test_code_page_screenshot_and_layout(page):
    open_page(page, f"/codes/99213{DATE}")
    page.screenshot(path=SCREENSHOT, full_page=True)
    # The stylesheet is served and applied (the live server serves static files).
    assert page.evaluate("getComputedStyle(document.querySelector('main')).maxWidth") != "none"
    # Nothing pushes the page sideways at a desktop width.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the window"
