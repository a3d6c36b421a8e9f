"""The practitioner MUE reader on the real 2026 Q2 table, CSV and XLSX, and on bad input."""

from collections import Counter
from datetime import date

import pytest

from openrvu.sources import SourceError, SourceFile
from openrvu.sources.mue import looks_like, read_mue

from .paths import SHARED_DATA
from .xlsx_edit import edited_xlsx, keep_rows, set_cell

CSV = SHARED_DATA / "ncci" / "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv"
XLSX = CSV.with_suffix(".xlsx")


def source(path, data=None, name=None):
    return SourceFile(name or path.name, path.read_bytes() if data is None else data)


@pytest.fixture(scope="module")
def from_csv():
    return read_mue(source(CSV))


@pytest.fixture(scope="module")
def from_xlsx():
    return read_mue(source(XLSX))


def find(parsed, code):
    return next(r for r in parsed.records if r.code == code)


def test_counts_and_release(from_csv, from_xlsx):
    for parsed in (from_csv, from_xlsx):
        assert len(parsed.records) == 15095
        assert parsed.release.name == "MUE 2026 Q2 practitioner"
        assert (parsed.release.effective_from, parsed.release.effective_to) == (date(2026, 4, 1), None)
    assert Counter(r.adjudication_indicator for r in from_csv.records) == {1: 41, 2: 5417, 3: 9637}


def test_spot_values(from_csv):
    assert (find(from_csv, "99213").mue_value, find(from_csv, "99213").adjudication_indicator) == (2, 3)
    assert find(from_csv, "99213").adjudication_text == "Date of Service Edit: Clinical"
    assert find(from_csv, "J1100").mue_value == 120
    edit = find(from_csv, "11102")
    assert (edit.mue_value, edit.adjudication_indicator, edit.adjudication_text, edit.rationale) == (
        1, 2, "Date of Service Edit: Policy", "Code Descriptor / CPT Instruction")
    assert (find(from_csv, "36415").mue_value, find(from_csv, "36415").rationale) == (2, "CMS Policy")
    assert {r.adjudication_text for r in from_csv.records if r.adjudication_indicator == 1} == {"Line Edit"}
    assert not any(r.code in ("G2211", "D0120") for r in from_csv.records)


def test_csv_and_xlsx_give_identical_records(from_csv, from_xlsx):
    assert from_csv.records == from_xlsx.records
    assert from_csv.release == from_xlsx.release


def test_looks_like():
    claimed = sorted(p.name for p in SHARED_DATA.rglob("*") if p.is_file() and looks_like(source(p)))
    assert claimed == [CSV.name, XLSX.name]
    assert not looks_like(SourceFile("MCR_MUE_PractitionerServices_Eff_04-01-2026.pdf", b"%PDF-1.7"))
    assert not looks_like(SourceFile("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00"))


# --- bad input: CSV ---------------------------------------------------------------------------------------

def line_of(data, code):
    """1-based line number of `code`'s row in the CSV."""
    return data.count(b"\n", 0, data.index(b"\n" + code.encode() + b",") + 1) + 1


def replace_row(data, code, new_row):
    start = data.index(b"\n" + code.encode() + b",") + 1
    end = data.index(b"\n", start)
    return data[:start] + new_row + data[end:]


ROW_99213 = b"99213,2,3 Date of Service Edit: Clinical,Clinical: Data"


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: replace_row(d, "99213", ROW_99213.replace(b",2,", b",two,")),
     "line {99213}, column 2 (mue_value): 'two' is not a whole number"),
    (lambda d: replace_row(d, "99213", ROW_99213.replace(b",3 Date", b",4 Date")),
     "line {99213}, column 3 (adjudication_indicator): '4' is not a known value"),
    (lambda d: replace_row(d, "99213", ROW_99213.replace(b",3 Date", b",Date")),
     "line {99213}, column 3 (adjudication_indicator): 'Date of Service Edit: Clinical' does not start with"),
    (lambda d: replace_row(d, "99213", ROW_99213 + b",extra"),
     "line {99213}, column 5: extra cell 'extra' beyond the last column"),
    (lambda d: replace_row(d, "99213", b"99213,2"), "line {99213}, column 3 (adjudication_indicator): expected 4 "
                                                    "columns, found 2"),
    (lambda d: d[:d.index(ROW_99213) + 7], "line {99213}, column 3 (adjudication_indicator): expected 4 columns, "
                                           "found 2"),
    (lambda d: d.replace(b",MUE Rationale", b"", 1), "line 8, column 4 (rationale): missing column 'MUE Rationale'"),
    (lambda d: d.replace(b",MUE Rationale", b",MUE Rationale,Notes", 1), "line 8, column 5: extra column 'Notes'"),
    (lambda d: d.replace(b"Practitioner Services MUE", b"Outpatient Hospital Services MUE", 1),
     "line 8, column 2 (mue_value): unknown layout: expected column 'Practitioner Services MUE Values'"),
    (lambda d: d.replace(b'"HCPCS/', b'"HCPCS', 1).replace(b"CPT Code", b"Code", 1),
     "line 1, column 1: unknown layout: no header row starting 'HCPCS/CPT Code'"),
    (lambda d: d[:d.index(b"0001U")], "line 10: the file has a header but no MUE rows (truncated?)"),
    (lambda d: d.replace(ROW_99213, ROW_99213 + b"\r\n" + ROW_99213), "line {99213+1}, column 1 (code): code 99213 "
                                                                       "appears twice (first on line {99213})"),
    (lambda d: d.decode("latin-1").encode("utf-16"), "line 1, column 4: wrong encoding"),
    (lambda d: b"", "line 1: the file is empty"),
])
def test_bad_csv_is_refused(mutate, expected):
    data = CSV.read_bytes()
    line = line_of(data, "99213")
    expected = expected.replace("{99213+1}", str(line + 1)).replace("{99213}", str(line))
    with pytest.raises(SourceError) as error:
        read_mue(source(CSV, mutate(data)))
    assert str(error.value).startswith(f"{CSV.name}, {expected}")


def test_bad_date_in_file_name_is_refused():
    with pytest.raises(SourceError, match=r"^MCR_MUE_PractitionerServices_Eff_13-01-2026.csv: the file name's date "
                                          r"'13-01-2026' is not a date"):
        read_mue(source(CSV, name="MCR_MUE_PractitionerServices_Eff_13-01-2026.csv"))
    with pytest.raises(SourceError, match=r"^mue.csv: cannot tell the release"):
        read_mue(source(CSV, name="mue.csv"))


# --- bad input: XLSX --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small_xlsx():
    """The real workbook cut to its notice, header and first 300 codes."""
    return edited_xlsx(XLSX.read_bytes(), keep_rows(302))


@pytest.mark.parametrize("edit, expected", [
    (lambda x: x, None),
    (lambda x: set_cell(x, "B10", "1.5"), "line 10, column 2 (mue_value): '1.5' is not a whole number"),
    (lambda x: set_cell(x, "C10", "9 Date of Service Edit"), "line 10, column 3 (adjudication_indicator): '9' is "
                                                             "not a known value"),
    (lambda x: set_cell(x, "D2", "Rationale"), "line 2, column 4 (rationale): unknown layout: expected column "
                                               "'MUE Rationale', found 'Rationale'"),
    (lambda x: x.replace('</row><row r="3"', '<c r="E2" t="inlineStr"><is><t>Notes</t></is></c></row><row r="3"'),
     "line 2, column 5: extra column 'Notes'"),
    (keep_rows(2), "line 3: the file has a header but no MUE rows (truncated?)"),
    (keep_rows(0), "line 1: the file is empty"),
])
def test_bad_xlsx_is_refused(small_xlsx, edit, expected):
    data = edited_xlsx(small_xlsx, edit)
    if expected is None:
        assert len(read_mue(source(XLSX, data)).records) == 300
        return
    with pytest.raises(SourceError) as error:
        read_mue(source(XLSX, data))
    assert str(error.value).startswith(f"{XLSX.name}, {expected}")


def test_truncated_xlsx_is_refused():
    data = XLSX.read_bytes()
    with pytest.raises(SourceError, match=rf"^{XLSX.name}: not a readable XLSX workbook"):
        read_mue(source(XLSX, data[: len(data) * 2 // 3]))
