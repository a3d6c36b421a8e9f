"""The `openrvu` command: every subcommand has --help, code show prints the release in force, errors are one line."""

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from openrvu.cli import cli

from .paths import SHARED_DATA

SUBCOMMANDS = [[], ["serve"], ["import"], ["data"], ["data", "sync"], ["stats"], ["code"], ["code", "show"]]


@pytest.mark.parametrize("words", SUBCOMMANDS, ids=lambda w: " ".join(w) or "openrvu")
def test_every_command_has_help(words):
    result = CliRunner().invoke(cli, [*words, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: " in result.output


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_code_show_json_gives_the_2026_c_values(catalog):
    result = run("code", "show", "99213", "--json", "--date", "2026-11-22")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["pfs"]["release"]["name"] == "PFS 2026 C"
    fields = data["pfs"]["fields"]
    assert (fields["work_rvu"], fields["nonfac_total"], fields["fac_total"]) == ("1.30", "2.85", "1.72")
    assert fields["conversion_factor"] == "33.4009"
    assert data["short_descriptor"] == "Office o/p est low 20 min"
    assert data["mue"]["fields"]["mue_value"] == 2


def test_code_show_modifier_and_older_release(catalog):
    data = json.loads(run("code", "show", "70100", "--mod", "26", "--json", "--date", "2026-08-01").output)
    assert (data["modifier"], data["pfs"]["fields"]["work_rvu"]) == ("26", "0.18")
    assert data["pfs"]["modifier_rows"] == ["", "26", "TC"]
    data = json.loads(run("code", "show", "99213", "--json", "--date", "2025-11-01").output)
    assert (data["pfs"]["release"]["name"], data["pfs"]["fields"]["nonfac_total"]) == ("PFS 2025 D", "2.75")


def test_code_show_table_names_the_release(catalog):
    result = run("code", "show", "J1100", "--date", "2026-11-22")
    assert result.exit_code == 0
    assert "PFS 2026 C" in result.output and "HCPCS 2026 Jan" in result.output
    assert "Injection, dexamethasone sodium phosphate, 1 mg" in result.output


@pytest.mark.parametrize("args, message", [
    (["code", "show", "ZZZZZ", "--date", "2026-11-22"], "error: ZZZZZ is not in PFS 2026 C, HCPCS 2026 Jan"),
    (["code", "show", "99213'; drop table x", "--date", "2026-11-22"], "is not a procedure code"),
    (["code", "show", "99213", "--mod", "TC", "--date", "2026-11-22"], "has no separate TC row"),
    (["code", "show", "99213", "--date", "2024-01-01"], "no PFS relative value file (PPRRVU) release is in force on 2024-01-01"),
])
def test_user_errors_are_one_line(catalog, args, message):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert message in result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output


def test_stats_json_shows_the_counts(catalog):
    data = json.loads(run("stats", "--json").output)
    names = {r["name"]: r["counts"]["rows"] for r in data["releases"]}
    assert names["PFS 2026 C"] == 19356 and names["MUE 2026 Q2 practitioner"] == 15095


def test_import_error_is_one_line_and_exit_1(catalog, tmp_path):
    bad = tmp_path / "GPCI2026.csv"
    bad.write_bytes((SHARED_DATA / "pfs2026" / "GPCI2026.csv").read_bytes().replace(b"1.500", b"1.5x0"))
    result = CliRunner().invoke(cli, ["import", str(bad)])
    assert result.exit_code == 1
    assert result.output == f"error: {bad}, line 5, column 5 (PW GPCI): '1.5x0' is not a number\n"


def test_installed_command_end_to_end(tmp_path):
    """The real `openrvu` executable on a fresh SQLite data dir: import, re-import, show, stats."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_URL")}
    env["OPENRVU_DATA_DIR"] = str(tmp_path / "data")
    openrvu = [sys.executable, "-c", "from openrvu.cli import main; main()"]

    def call(*args):
        return subprocess.run([*openrvu, *args], env=env, capture_output=True, text=True, timeout=300)

    first = call("import", str(SHARED_DATA / "pfs2026"), "--json")
    assert first.returncode == 0, first.stderr
    assert [f["status"] for f in json.loads(first.stdout)["files"]] == ["imported", "imported"]
    again = call("import", str(SHARED_DATA / "pfs2026"), "--json")
    assert [f["status"] for f in json.loads(again.stdout)["files"]] == ["skipped", "skipped"]
    shown = call("code", "show", "99213", "--json", "--date", "2026-07-01")
    assert json.loads(shown.stdout)["pfs"]["fields"]["nonfac_total"] == "2.85"
    stats = json.loads(call("stats", "--json").stdout)
    assert {r["name"]: r["counts"]["rows"] for r in stats["releases"]} == {"PFS 2026 C": 19356, "GPCI 2026": 109}


def test_data_sync_from_a_mirror_then_import(tmp_path):
    cache = tmp_path / "official"
    result = CliRunner().invoke(cli, ["data", "sync", "--mirror", str(SHARED_DATA), "--cache", str(cache), "--json"])
    assert result.exit_code == 0, result.output
    files = json.loads(result.output)["files"]
    assert {f["status"] for f in files} == {"copied"} and len(files) == 12
    again = json.loads(CliRunner().invoke(cli, ["data", "sync", "--mirror", str(SHARED_DATA), "--cache", str(cache),
                                                "--json"]).output)
    assert {f["status"] for f in again["files"]} == {"already present"}


def test_data_sync_with_an_empty_mirror_is_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["data", "sync", "--mirror", str(tmp_path), "--cache", str(tmp_path / "c")])
    assert result.exit_code == 1
    assert result.output.startswith("error: ") and result.output.count("\n") == 1
