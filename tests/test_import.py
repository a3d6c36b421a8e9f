"""`openrvu import` on the real files: exact counts, spot values, idempotence, dates, and bad input refused whole."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps

from openrvu.catalog import models
from openrvu.catalog.importer import apply_import, plan_import
from openrvu.catalog.releases import NoReleaseInForce, release_in_force
from openrvu.services.stats import catalog_stats
from openrvu.sources import SourceError

from .paths import SHARED_DATA

PFS2026 = SHARED_DATA / "pfs2026" / "PPRRVU2026_Jul_nonQPP.csv"


def counts_by_name():
    return {r["name"]: r["counts"] for r in catalog_stats()["releases"]}


def test_exact_counts_of_all_shared_data(catalog):
    counts = counts_by_name()
    assert counts["PFS 2026 C"] == {"rows": 19356, "mod_26": 1138, "mod_tc": 1119, "codes": 17096}  # 86153 has only a 26 row
    assert counts["PFS 2025 D"]["rows"] == 19090
    assert counts["GPCI 2026"]["rows"] == 109
    assert counts["GPCI 2025"]["rows"] == 109
    assert counts["HCPCS 2026 Jan"] == {"rows": 9006, "codes": 8623, "modifiers": 383}
    assert counts["MUE 2026 Q2 practitioner"]["rows"] == 15095
    # Codes.ini also carries the 4 group codes, 40 PLB reasons and 4 scenarios beside 407 CARCs
    assert counts["CARC/RARC 2026-03-01"] == {"rows": 1653, "carc": 407, "group": 4, "plb": 40, "rarc": 1198, "scenario": 4}
    assert counts["LOCCO 2025"]["rows"] == 110
    assert counts["ANES 2025"]["rows"] == 110  # 109 localities and the national CF


def test_spot_values(catalog):
    row_2026 = models.RvuRow.objects.get(release__name="PFS 2026 C", hcpcs="99213", modifier="")
    assert (row_2026.work_rvu, row_2026.nonfac_total, row_2026.fac_total) == (
        Decimal("1.30"), Decimal("2.85"), Decimal("1.72"))
    assert row_2026.conversion_factor == Decimal("33.4009")
    assert models.RvuRow.objects.get(release__name="PFS 2026 C", hcpcs="70100", modifier="26").work_rvu == Decimal("0.18")
    row_2025 = models.RvuRow.objects.get(release__name="PFS 2025 D", hcpcs="99213", modifier="")
    assert row_2025.nonfac_total == Decimal("2.75")
    alaska = models.Locality.objects.get(release__name="GPCI 2026", mac="02102", locality="01")
    assert (alaska.state, alaska.work_gpci) == ("AK", Decimal("1.500"))


def test_release_in_force_follows_the_date_of_service(catalog):
    assert release_in_force("pfs_rvu", date(2026, 11, 22)).name == "PFS 2026 C"
    assert release_in_force("pfs_rvu", date(2025, 10, 1)).name == "PFS 2025 D"
    with pytest.raises(NoReleaseInForce, match=r"2026-03-01; imported: PFS 2025 D \(2025-10-01 to 2025-12-31\), "
                                                r"PFS 2026 C \(2026-07-01 to 2026-12-31\)"):
        release_in_force("pfs_rvu", date(2026, 3, 1))
    assert release_in_force("mue", date(2027, 1, 1)).name == "MUE 2026 Q2 practitioner"  # until superseded


def snapshot():
    """Row counts of every catalog table, to prove a refused import wrote nothing."""
    return {model.__name__: model.objects.count() for model in apps.get_app_config("catalog").get_models()}


def test_reimport_is_a_no_op(catalog):
    before = snapshot()
    results = apply_import(plan_import([SHARED_DATA / "pfs2026"])[0])
    assert {r.status for r in results} == {"skipped"}
    assert all("already imported" in r.note for r in results)
    assert snapshot() == before


def test_replace_reimports_one_release(catalog):
    before = snapshot()
    [result] = apply_import(plan_import([PFS2026])[0], replace=True)
    # the same file again is still a no-op; a different file of the release would replace it
    assert result.status == "skipped"
    models.Release.objects.filter(name="PFS 2026 C").update(sha256="0" * 64)
    [result] = apply_import(plan_import([PFS2026])[0], replace=True)
    assert (result.status, result.rows) == ("replaced", 19356)
    assert snapshot() == before


def test_same_release_in_two_formats_is_imported_once(catalog):
    hcpcs = models.Release.objects.get(kind="hcpcs")
    assert hcpcs.record_count == 9006
    results = apply_import(plan_import([SHARED_DATA / "hcpcs"])[0])
    assert [r.status for r in results] == ["skipped", "skipped"]  # the TXT and the XLSX of one release


def zip_of(tmp_path, name, members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    path = tmp_path / name
    path.write_bytes(buffer.getvalue())
    return path


def test_zip_of_a_release_is_read(catalog, tmp_path):
    path = zip_of(tmp_path, "rvu26c.zip", {"PPRRVU2026_Jul_nonQPP.csv": PFS2026.read_bytes(),
                                           "RVU26C.pdf": b"%PDF-1.4 documentation"})
    planned, unknown = plan_import([path])
    assert [p.parsed.release.name for p in planned] == ["PFS 2026 C"]
    assert planned[0].file.name.endswith("rvu26c.zip!PPRRVU2026_Jul_nonQPP.csv")
    assert unknown == [f"{path}!RVU26C.pdf"]


def damaged(data, old, new):
    assert old in data
    return data.replace(old, new, 1)


BAD_FILES = {
    "truncated": lambda d: d[: d.index(b"0001F")],
    "wrong encoding": lambda d: d.decode("latin-1").encode("utf-16"),
    "missing column": lambda d: damaged(d, b",MP USED", b""),
    "extra column": lambda d: damaged(d, b"0001F,,Heart failure composite,I,", b"0001F,,Heart failure composite,I,X,"),
    "non-number": lambda d: damaged(d, b"Office o/p est low 20 min,A,,1.30", b"Office o/p est low 20 min,A,,1.3O"),
    "unknown layout": lambda d: damaged(d, b"HCPCS,MOD,DESCRIPTION", b"CODE,MOD,DESCRIPTION"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_is_refused_and_nothing_is_written(catalog, tmp_path, case):
    models.Release.objects.filter(name="PFS 2026 C").delete()
    before = snapshot()
    good = tmp_path / "GPCI2026.csv"
    good.write_bytes((SHARED_DATA / "pfs2026" / "GPCI2026.csv").read_bytes())
    bad = tmp_path / "PPRRVU2026_Jul_nonQPP.csv"
    bad.write_bytes(BAD_FILES[case](PFS2026.read_bytes()))
    with pytest.raises(SourceError) as error:
        apply_import(plan_import([good, bad])[0])
    message = str(error.value)
    assert message.startswith(f"{bad}, line ")
    assert "\n" not in message
    if case not in ("missing column", "truncated"):
        assert ", column " in message
    assert snapshot() == before


def test_zip_with_nothing_known_is_refused(catalog, tmp_path):
    path = zip_of(tmp_path, "downloads.zip", {"readme.txt": b"hello", "notes.csv": b"a,b\n1,2\n"})
    with pytest.raises(SourceError, match=r"downloads.zip: nothing openrvu can read in this ZIP"):
        plan_import([path])


def test_damaged_zip_is_refused(catalog, tmp_path):
    path = tmp_path / "rvu26c.zip"
    path.write_bytes(zip_of(tmp_path, "x.zip", {"PPRRVU2026_Jul_nonQPP.csv": PFS2026.read_bytes()}).read_bytes()[:5000])
    with pytest.raises(SourceError, match=r"rvu26c.zip: not a readable ZIP archive"):
        plan_import([path])


def test_unknown_file_named_directly_is_refused(catalog):
    with pytest.raises(SourceError, match=r"PROVENANCE.md, line 1: unknown layout: not a file kind openrvu reads"):
        plan_import([SHARED_DATA / "pfs2026" / "PROVENANCE.md"])


def test_missing_path_is_refused(catalog, tmp_path):
    with pytest.raises(SourceError, match=r"nope.csv: no such file or folder"):
        plan_import([tmp_path / "nope.csv"])
