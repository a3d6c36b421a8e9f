"""Pricing through its interfaces: the API and the CLI give the same JSON; errors are 4xx JSON or one line and
exit 1; the page /tools/price works without JavaScript."""

import json

import pytest
from click.testing import CliRunner

from openrvu.cli import cli

ON = "2026-11-22"
CLAIM = {"date": ON, "locality": "01112-05", "facility": True,
         "lines": [{"code": "27447", "modifiers": ["50"]}, "20610", {"code": "47562", "modifiers": ["80"]}]}


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_get_price_matches_the_cli_json(client, catalog):
    response = client.get(f"/api/price/27447?mod=50&locality=02102-01&date={ON}&facility=true")
    assert response.status_code == 200
    result = run("price", "27447", "--mod", "50", "--locality", "02102-01", "--date", ON, "--facility", "--json")
    assert result.exit_code == 0, result.output
    assert response.json() == json.loads(result.output)
    line = response.json()["lines"][0]
    # 27447 Alaska facility 1443.34 × 150% = 2165.01
    assert (line["amount"], line["fee_schedule"]["facility"]["amount"]) == ("2165.01", "1443.34")


def test_post_claim_matches_the_cli_claim_file(client, catalog, tmp_path):
    path = tmp_path / "claim.json"
    path.write_text(json.dumps(CLAIM))
    response = client.post("/api/price", data=json.dumps(CLAIM), content_type="application/json")
    assert response.status_code == 200
    result = run("price", "--claim", str(path), "--json")
    assert result.exit_code == 0, result.output
    assert response.json() == json.loads(result.output)
    assert [l["adjustments"][-1]["rule"] for l in response.json()["lines"]] == \
        ["bilateral", "multiple_surgery", "assistant"]


def test_cli_text_output_explains_each_line(catalog, tmp_path):
    path = tmp_path / "claim.json"
    path.write_text(json.dumps(CLAIM))
    result = run("price", "--claim", str(path))
    assert result.exit_code == 0, result.output
    assert "Bilateral (modifier 50)" in result.output and "Assistant at surgery" in result.output
    assert "total" in result.output


def test_cli_credit_plan_file(catalog, tmp_path):
    plan = tmp_path / "plan.yaml"
    plan.write_text("name: flat\nreduce_multiple_procedures: false\n")
    path = tmp_path / "claim.json"
    path.write_text(json.dumps({"date": ON, "facility": True, "lines": ["27447", "20610"]}))
    data = json.loads(run("price", "--claim", str(path), "--plan", str(plan), "--json").output)
    # 19.11 + 0.77 without the multiple procedure reduction
    assert (data["credit_plan"]["name"], data["totals"]["wrvu"]) == ("flat", "19.88")


def test_code_history(catalog):
    result = run("code", "history", "99213", "--locality", "02102-01", "--json")
    assert result.exit_code == 0, result.output
    history = json.loads(result.output)["history"]
    assert [h["release"] for h in history] == ["PFS 2025 D", "PFS 2026 C"]
    # PFS 2026 C national 95.19 and Alaska 118.72 (see test_pricing); PFS 2025 D national 88.95
    assert history[1]["national"]["nonfacility"] == "95.19" and history[1]["locality"]["nonfacility"] == "118.72"
    assert history[0]["national"]["nonfacility"] == "88.95"
    table = run("code", "history", "99213")
    assert table.exit_code == 0 and "PFS 2025 D" in table.output


@pytest.mark.parametrize("url, status, words", [
    (f"/api/price/ZZZZZ?date={ON}", 404, "ZZZZZ is not in PFS 2026 C"),
    ("/api/price/99213?date=2020-01-01", 404, "no PFS relative value file (PPRRVU) release is in force on 2020-01-01"),
    (f"/api/price/99213?locality=99999-01&date={ON}", 404, "99999-01 is not a locality"),
    (f"/api/price/99213?state=IL&county=Cok&date={ON}", 404, "did you mean COOK"),
    (f"/api/price/99213?mod=TC&date={ON}", 400, "PC/TC indicator is 0"),
    (f"/api/price/99213?units=-4&date={ON}", 400, "negative"),
    (f"/api/price/99213?units=1e9&date={ON}", 400, "not a number of units"),
    ("/api/price/99213?date=2026-13-45", 400, "is not a date"),
    (f"/api/price/99213?facility=maybe&date={ON}", 400, "is not true or false"),
    ("/api/price/not-a-code", 400, "is not a procedure code"),
])
def test_get_errors_are_json(client, catalog, url, status, words):
    response = client.get(url)
    assert response.status_code == status
    assert words in response.json()["detail"]


@pytest.mark.parametrize("body, words", [
    ("{not json", "not valid JSON"),
    ("", "not valid JSON"),
    ("[]", "JSON object"),
    ('{"lines": "99213"}', "one or more lines"),
    ('{"lines": [{"code": "99213", "units": 0}]}', "out of range"),
    ('{"lines": [{"code": "99213", "units": -1}]}', "out of range"),
])
def test_post_errors_are_json_400(client, catalog, body, words):
    response = client.post("/api/price", data=body, content_type="application/json")
    assert response.status_code == 400
    assert words in response.json()["detail"]


@pytest.mark.parametrize("args, message", [
    (["price", "ZZZZZ", "--date", ON], "error: lines[1]: ZZZZZ is not in PFS 2026 C"),
    (["price", "99213", "--mod", "TC", "--date", ON], "PC/TC indicator is 0"),
    (["price", "99213", "--locality", "99999-01", "--date", ON], "99999-01 is not a locality"),
    (["price", "99213", "--state", "IL", "--county", "Nowhere Land 9", "--date", ON], "is not a county name"),
    (["price", "99213", "--date", "2024-01-01"], "in force on 2024-01-01"),
    (["price", "99213", "--units", "-2", "--date", ON], "negative"),
    (["price", "99213", "--units", "5000", "--date", ON], "out of range"),
    (["price"], "give either CODE or --claim"),
    (["code", "history", "ZZZZZ"], "ZZZZZ is in no imported PFS release"),
])
def test_cli_errors_are_one_line(catalog, args, message):
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output


def test_cli_malformed_claim_file(catalog, tmp_path):
    path = tmp_path / "claim.json"
    path.write_text('{"lines": [')
    result = run("price", "--claim", str(path))
    assert result.exit_code == 1 and "not valid JSON" in result.output and result.output.count("\n") == 1
    result = run("price", "--claim", str(tmp_path / "missing.json"))
    assert result.exit_code == 1 and "cannot read the claim" in result.output


def test_page_form_and_one_code(client, catalog):
    page = client.get("/tools/price")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<label for="code">' in html and '<label for="claim">' in html and "<legend>" in html
    result = client.get(f"/tools/price?code=99213&locality=02102-01&date={ON}").content.decode()
    assert "118.72" in result and '<th scope="col">Paid amount</th>' in result
    assert "(1.30 × 1.500 + 1.46 × 1.065 + 0.09 × 0.551) × 33.4009" in result


def test_page_pasted_claim(client, catalog):
    response = client.post("/tools/price", {"claim": "27447-50\n20610\n# a comment\n97110 2", "facility": "on",
                                            "date": ON})
    html = response.content.decode()
    assert response.status_code == 200
    assert "1739.03" in html and "19.88" in html  # see test_pricing: bilateral, then multiple surgery at 50%
    assert "Multiple procedures: ranked 2 of 2" in html


@pytest.mark.parametrize("params, status, words", [
    ({"code": "99213", "mod": "TC"}, 400, "PC/TC indicator is 0"),
    ({"code": "99213", "date": "2020-01-01"}, 404, "in force on 2020-01-01"),
    ({"code": "99213", "units": "-1"}, 400, "negative"),
])
def test_page_errors(client, catalog, params, status, words):
    response = client.get("/tools/price", params)
    assert response.status_code == status
    assert 'role="alert"' in response.content.decode() and words in response.content.decode()


def test_page_bad_pasted_line(client, catalog):
    response = client.post("/tools/price", {"claim": "99213 1 extra"})
    assert response.status_code == 400 and "is not a line" in response.content.decode()


def test_tools_page_links_to_the_calculator(client, catalog):
    assert "/tools/price" in client.get("/tools/").content.decode()
