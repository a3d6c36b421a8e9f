"""Search in a real Chromium: results appear while typing (no submit), and the form works with JavaScript off."""

import re

from playwright.sync_api import expect

DATE = "2026-11-22"


def test_results_appear_as_you_type(page):
    page.goto(f"/search?date={DATE}")
    box = page.get_by_role("searchbox", name="Code or words")
    expect(box).to_be_visible()
    box.press_sequentially("tooth root x-ray", delay=30)
    results = page.locator("ol.search-results")
    expect(results.get_by_role("link", name="D0220")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("found")
    expect(results.locator("mark").first).to_be_visible()
    assert "q=tooth+root+x-ray" in page.url  # the address follows, so the results can be shared
    assert "/search" in page.url and "fragment" not in page.url


def test_the_form_submits_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"/search?date={DATE}")
    page.get_by_role("searchbox", name="Code or words").fill("ultrasound jaw")
    page.get_by_label("System").select_option("CDT")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"q=ultrasound\+jaw"))
    first = page.locator("ol.search-results > li").first
    expect(first.get_by_role("link")).to_have_text("D0386")
    expect(page.get_by_role("search")).to_have_count(1)
