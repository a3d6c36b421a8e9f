"""A real Chromium, with JavaScript off, fills the price calculator's forms by their labels and reads the result."""

from playwright.sync_api import expect

SCREENSHOT = "/tmp/openrvu-price-page.png"


def test_one_code_and_a_pasted_claim_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/tools/price")
    expect(page.get_by_role("heading", level=1)).to_have_text("Medicare price and wRVU calculator")
    one = page.get_by_role("form", name="One code")
    one.get_by_label("Code").fill("99213")
    one.get_by_label("Locality (MAC-LOCALITY)").fill("02102-01")
    one.get_by_label("Date of service").fill("2026-11-22")
    one.get_by_role("button", name="Price the code").click()
    table = page.get_by_role("table", name="Payment and wRVU credit by line")
    expect(table.get_by_role("columnheader", name="Paid amount")).to_be_visible()
    expect(table.get_by_role("row", name="1 99213")).to_contain_text("118.72")  # Alaska, see tests/test_pricing.py

    claim = page.get_by_role("form", name="A claim")
    claim.get_by_label("One service per line").fill("27447-50\n20610")
    claim.get_by_label("Date of service").fill("2026-11-22")
    claim.get_by_label("Facility setting (hospital, ASC, SNF…)").check()
    claim.get_by_role("button", name="Price the claim").click()
    # the claim form keeps the locality of the first search (Alaska): 27447 facility 1443.34 × 150% = 2165.01;
    # 20610 (0.77×1.5 + 0.29×1.065 + 0.13×0.551) = 1.53548 × 33.4009 = 51.29 at 50% = 25.65; total 2190.66
    expect(claim.get_by_label("Locality (MAC-LOCALITY)")).to_have_value("02102-01")
    expect(page.get_by_role("table", name="Payment and wRVU credit by line")).to_contain_text("2190.66")
    expect(page.get_by_text("Multiple procedures: ranked 2 of 2")).to_be_visible()
    page.screenshot(path=SCREENSHOT, full_page=True)


def test_an_error_is_announced(new_context):
    page = new_context(java_script_enabled=False).new_page()
    response = page.goto("/tools/price?code=99213&mod=TC&date=2026-11-22")
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text("PC/TC indicator is 0")
