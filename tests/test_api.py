"""The JSON API: the same content as the CLI, JSON errors, and the OpenAPI schema."""

import json

import pytest
from click.testing import CliRunner

from openrvu.cli import cli


def test_code_matches_cli_json(client, catalog):
    response = client.get("/api/codes/99213?date=2026-11-22")
    assert response.status_code == 200
    cli_output = CliRunner().invoke(cli, ["code", "show", "99213", "--json", "--date", "2026-11-22"]).output
    assert response.json() == json.loads(cli_output)


def test_code_with_modifier_in_path_or_query(client, catalog):
    assert client.get("/api/codes/70100-26?date=2026-11-22").json()["pfs"]["fields"]["work_rvu"] == "0.18"
    assert client.get("/api/codes/70100?mod=TC&date=2026-11-22").json()["modifier"] == "TC"


@pytest.mark.parametrize("url, status, words", [
    ("/api/codes/ZZZZZ?date=2026-11-22", 404, "ZZZZZ is not in PFS 2026 C"),
    ("/api/codes/99213?date=1999-01-01", 404, "no PFS relative value file (PPRRVU) release is in force"),
    ("/api/codes/not-a-code", 400, "is not a procedure code"),
    ("/api/codes/99213?mod=%22%3B--", 400, "is not a modifier"),
])
def test_errors_are_json(client, catalog, url, status, words):
    response = client.get(url)
    assert response.status_code == status
    assert words in response.json()["detail"]


def test_bad_date_is_a_json_error_not_a_500(client, catalog):
    response = client.get("/api/codes/99213?date=2026-13-45")
    assert response.status_code == 422
    assert response.headers["Content-Type"].startswith("application/json")


def test_releases(client, catalog):
    data = client.get("/api/releases").json()
    assert {"PFS 2026 C", "PFS 2025 D", "GPCI 2026", "HCPCS 2026 Jan"} <= {r["name"] for r in data["releases"]}


def test_openapi_schema_and_docs(client, catalog):
    schema = client.get("/api/openapi.json").json()
    assert {"/api/codes/{code}", "/api/releases"} <= set(schema["paths"])
    assert client.get("/api/docs").status_code == 200
