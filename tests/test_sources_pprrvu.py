"""The PPRRVU reader on the real 2025 and 2026 files, in CSV, XLSX-shaped and fixed-width forms, and bad input."""

from dataclasses import replace
from decimal import Decimal

import pytest

from openrvu.sources import SourceError, SourceFile
from openrvu.sources.pprrvu import FIELDS, TXT_LAYOUT, looks_like, read_pprrvu

from .paths import SHARED_DATA

PFS2026 = SHARED_DATA / "pfs2026" / "PPRRVU2026_Jul_nonQPP.csv"
PFS2025 = SHARED_DATA / "pfs2025" / "PPRRVU2025_Oct.csv"


def source(path, data=None, name=None):
    return SourceFile(name or path.name, path.read_bytes() if data is None else data)


@pytest.fixture(scope="module")
def pfs2026():
    return read_pprrvu(source(PFS2026))


def find(parsed, code, modifier=""):
    return next(r for r in parsed.records if r.hcpcs == code and r.modifier == modifier)


def test_2026_counts_and_release(pfs2026):
    assert pfs2026.release.name == "PFS 2026 C"
    assert str(pfs2026.release.effective_from) == "2026-07-01"
    assert str(pfs2026.release.effective_to) == "2026-12-31"
    modifiers = [r.modifier for r in pfs2026.records]
    assert (len(modifiers), modifiers.count("26"), modifiers.count("TC"), modifiers.count("53")) == (19356, 1138, 1119, 4)


def test_2026_spot_values(pfs2026):
    row = find(pfs2026, "99213")
    assert (row.work_rvu, row.nonfac_pe_rvu, row.fac_pe_rvu, row.mp_rvu) == (
        Decimal("1.30"), Decimal("1.46"), Decimal("0.33"), Decimal("0.09"))
    assert (row.nonfac_total, row.fac_total, row.conversion_factor) == (Decimal("2.85"), Decimal("1.72"), Decimal("33.4009"))
    assert (row.status, row.pctc, row.global_days, row.pricing_ind, row.supervision, row.imaging_family) == (
        "A", "0", "XXX", "9", "09", "99")
    assert find(pfs2026, "70100", "26").work_rvu == Decimal("0.18")
    assert {r.conversion_factor for r in pfs2026.records} == {Decimal("33.4009")}


def test_2025_layout_without_pricing_indicator():
    parsed = read_pprrvu(source(PFS2025))
    assert parsed.release.name == "PFS 2025 D"
    assert len(parsed.records) == 19090
    row = find(parsed, "99213")
    assert row.nonfac_total == Decimal("2.75")
    assert row.conversion_factor == Decimal("32.3465")  # column 24 in 2025, 25 in 2026
    assert row.pricing_ind == ""


def test_every_field_is_kept(pfs2026):
    # 32 columns in the 2026 file, all carried into the record
    assert len(FIELDS) == 32
    na = find(pfs2026, "99221")
    assert na.nonfac_na == "NA"


def as_txt(parsed):
    """Write records in CMS's documented fixed-width layout (RVUPUF26) to exercise the TXT reader."""
    lines = ["HDR " + "2026 NATIONAL PHYSICIAN FEE SCHEDULE RELATIVE VALUE FILE JULY RELEASE"]
    for record in parsed.records:
        line = [" "] * 171
        for field, begin, end in TXT_LAYOUT:
            value = getattr(record, field)
            width = end - begin + 1
            text = "" if value is None else str(value)
            if width == 3 and isinstance(value, Decimal):
                text = text.lstrip("0")  # the pre/intra/post shares are PIC .99: ".71"
            text = text.rjust(width) if isinstance(value, Decimal) else text.ljust(width)
            line[begin - 1:end] = list(text[:width])
        lines.append("".join(line))
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


def test_fixed_width_txt_gives_the_same_records(pfs2026):
    parsed = read_pprrvu(SourceFile("PPRRVU26_JUL.txt", as_txt(pfs2026)))
    assert parsed.release == pfs2026.release
    assert parsed.records == [_trimmed(r) for r in pfs2026.records]


def _trimmed(record):
    return replace(record, description=record.description[:50].strip())


def test_looks_like():
    assert looks_like(source(PFS2026))
    assert looks_like(SourceFile("whatever.csv", PFS2026.read_bytes()[:3000]))
    assert not looks_like(SourceFile("GPCI2026.csv", (SHARED_DATA / "pfs2026" / "GPCI2026.csv").read_bytes()))


def drop_last_cell(data, line_number):
    lines = data.split(b"\n")
    lines[line_number - 1] = lines[line_number - 1].rsplit(b",", 1)[0] + b"\r"
    return b"\n".join(lines)


def replace_cell(data, line_number, column, value):
    lines = data.split(b"\n")
    cells = lines[line_number - 1].split(b",")
    cells[column - 1] = value
    lines[line_number - 1] = b",".join(cells)
    return b"\n".join(lines)


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: replace_cell(d, 12, 6, b"1.3O"), "line 12, column 6 (WORK RVU): '1.3O' is not a number"),
    (lambda d: replace_cell(d, 12, 4, b"Q"), "line 12, column 4 (STATUS CODE): 'Q' is not a known value"),
    (lambda d: replace_cell(d, 12, 32, b"0.00,9"), "line 12, column 33: expected 32 columns, found 33"),
    (lambda d: drop_last_cell(d, 12), "line 12, column 32: expected 32 columns, found 31"),
    (lambda d: d.replace(b"PRIC,", b"PRICE,", 1).replace(b",IND,BASE", b",IDX,BASE", 1), "unknown layout"),
    (lambda d: d.replace(b"MP USED", b"XX USED", 1), "column 32: unknown layout: column caption 'XX USED FOR OPPS PAYMENT AMOUNT'"),
    (lambda d: d[: d.index(b"0001F")], "no data rows (truncated?)"),
    (lambda d: d[: d.index(b"99213")] + b"99213,,Office o/p est low 20 min,A,,1.30", "expected 32 columns, found 6"),
    (lambda d: d.decode("latin-1").encode("utf-16"), "wrong encoding"),
    (lambda d: d.replace(b"HCPCS,MOD", b"CODE,MOD", 1), "line 1, column 1: unknown layout: no header row"),
])
def test_bad_input_is_refused_with_file_line_and_column(mutate, expected):
    with pytest.raises(SourceError) as error:
        read_pprrvu(source(PFS2026, mutate(PFS2026.read_bytes())))
    message = str(error.value)
    assert message.startswith("PPRRVU2026_Jul_nonQPP.csv, ")
    assert expected in message
    assert "\n" not in message


def test_missing_column_is_named():
    data = PFS2026.read_bytes()
    lines = [b",".join(line.split(b",")[:-1]) for line in data.split(b"\n")]
    with pytest.raises(SourceError, match=r"line 10: missing column\(s\): opps_mp"):
        read_pprrvu(source(PFS2026, b"\n".join(lines)))


def test_truncated_fixed_width_record_is_refused(pfs2026):
    data = as_txt(pfs2026)[:-40]
    with pytest.raises(SourceError, match=r"PPRRVU26_JUL.txt, line 19357, column \d+: record is \d+ characters"):
        read_pprrvu(SourceFile("PPRRVU26_JUL.txt", data))


def test_xlsx_gives_the_same_records(pfs2026):
    import csv
    import io

    from .xlsx_write import xlsx_bytes

    rows = list(csv.reader(io.StringIO(PFS2026.read_text(encoding="latin-1"))))
    parsed = read_pprrvu(SourceFile("PPRRVU2026_Jul_nonQPP.xlsx", xlsx_bytes(rows)))
    assert parsed.release == pfs2026.release
    assert parsed.records == pfs2026.records  # 1.3 read from a number cell equals the CSV's 1.30
