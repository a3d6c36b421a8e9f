"""The HCPCS Level II reader on the real January 2026 file, fixed-width TXT and XLSX, and on bad input."""

import re
from dataclasses import fields
from datetime import date

import pytest

from openrvu.sources import SourceError, SourceFile
from openrvu.sources.hcpcs import HcpcsRecord, looks_like, read_hcpcs

from .paths import SHARED_DATA
from .xlsx_edit import edited_xlsx, keep_rows, set_cell

FOLDER = SHARED_DATA / "hcpcs"
TXT = FOLDER / "HCPC2026_JAN_ANWEB_01122026.txt"
XLSX = FOLDER / "HCPC2026_JAN_ANWEB_01122026.xlsx"
FIELDS = [f.name for f in fields(HcpcsRecord)]


def source(path, data=None, name=None):
    return SourceFile(name or path.name, path.read_bytes() if data is None else data)


@pytest.fixture(scope="module")
def from_txt():
    return read_hcpcs(source(TXT))


@pytest.fixture(scope="module")
def from_xlsx():
    return read_hcpcs(source(XLSX))


def find(parsed, code):
    return next(r for r in parsed.records if r.code == code)


def test_counts_and_release(from_txt, from_xlsx):
    for parsed in (from_txt, from_xlsx):
        kinds = [r.is_modifier for r in parsed.records]
        assert (kinds.count(False), kinds.count(True)) == (8623, 383)
        assert parsed.release.name == "HCPCS 2026 Jan"
        assert parsed.release.effective_from == date(2026, 1, 1)
        assert parsed.release.effective_to == date(2026, 12, 31)


def test_spot_values(from_txt):
    j1100 = find(from_txt, "J1100")
    assert j1100.long_description == "Injection, dexamethasone sodium phosphate, 1 mg"
    assert (j1100.short_description, j1100.pricing_indicators, j1100.multiple_pricing_indicator) == (
        "Dexamethasone sodium phos", "51", "A")
    assert (j1100.mcm_references, j1100.coverage, j1100.betos, j1100.types_of_service) == ("2049", "D", "O1E", "1 P")
    assert (j1100.add_date, j1100.action_effective_date, j1100.termination_date) == (
        date(1982, 1, 1), date(2001, 1, 1), None)
    assert (j1100.anesthesia_base_units, j1100.action_code, j1100.is_modifier) == (0, "N", False)
    g2211 = find(from_txt, "G2211")
    assert g2211.add_date == date(2021, 1, 1)
    # six TXT lines joined into one descriptor
    assert g2211.long_description.startswith("Visit complexity inherent to evaluation and management associated "
                                             "with medical care services")
    assert g2211.long_description.endswith("a complex condition. (add-on code, list separately in addition to "
                                           "office/outpatient evaluation and management visit, new or established)")
    a0021 = find(from_txt, "A0021")
    assert (a0021.cross_references, a0021.coverage) == ("A0030", "I")


def test_modifiers(from_txt):
    a1 = find(from_txt, "A1")
    assert (a1.is_modifier, a1.long_description, a1.short_description) == (True, "Dressing for one wound",
                                                                           "Dressing for one wound")
    assert (a1.pricing_indicators, a1.anesthesia_base_units, a1.add_date) == ("", None, date(2002, 7, 1))
    assert find(from_txt, "AB").long_description.endswith("service may be performed once every 12 months, per "
                                                          "beneficiary")
    # Level II modifiers only: the CPT ones (25, 26, 59 …) are not in this file
    modifiers = {r.code for r in from_txt.records if r.is_modifier}
    assert modifiers >= {"TC", "GA", "GT", "LT", "RT", "XE"} and not modifiers & {"25", "26", "59"}


def test_txt_and_xlsx_give_the_same_records(from_txt, from_xlsx):
    """Field by field over the whole file. CMS's two forms disagree in 118 values, all checked exactly here."""
    assert [r.code for r in from_txt.records] == [r.code for r in from_xlsx.records]
    differences = {}
    for txt, xlsx in zip(from_txt.records, from_xlsx.records):
        for field in FIELDS:
            if getattr(txt, field) != getattr(xlsx, field):
                differences[(txt.code, field)] = (getattr(txt, field), getattr(xlsx, field))
    # The XLSX leaves ACT EFF DT blank for 117 codes that have one in the TXT …
    action = {key: values for key, values in differences.items() if key[1] == "action_effective_date"}
    assert len(action) == 117
    assert all(in_txt is not None and in_xlsx is None for in_txt, in_xlsx in action.values())
    # … and gives C9248 a third pricing indicator that the TXT lacks. Nothing else differs.
    assert differences.pop(("C9248", "pricing_indicators")) == ("53", "53 11")
    assert len(differences) == len(action)


def test_long_descriptions_keep_single_spaces(from_txt):
    # The TXT wraps at 80 characters; where the XLSX has two spaces at a break the TXT cannot tell, so both
    # forms give single spaces. G0501's fifth line starts with a space.
    assert "management visit (list separately" in find(from_txt, "G0501").long_description
    assert not any("  " in r.long_description for r in from_txt.records)


def test_looks_like():
    assert looks_like(source(TXT)) and looks_like(source(XLSX))
    others = ["HCPC2026_recordlayout.txt", "proc_notes_JAN2026.txt", "HCPC2026_JAN_ANWEB_Corrections_01122026.xlsx",
              "NOC codes_JAN2026.xlsx", "HCPC2026_JAN_ANWEB_01122026.derived.csv"]
    assert not any(looks_like(source(FOLDER / name)) for name in others)
    claimed = sorted(p.name for p in SHARED_DATA.rglob("*") if p.is_file() and looks_like(source(p)))
    assert claimed == [TXT.name, XLSX.name]
    assert not looks_like(SourceFile("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00"))
    assert not looks_like(SourceFile("empty.txt", b""))


# --- bad input: fixed-width TXT ---------------------------------------------------------------------------

def line_start(data, code):
    """Byte offset and 1-based line number of the first line of `code` in the TXT."""
    offset = data.index(b"\n" + code.encode().ljust(5) + b"00100") + 1
    return offset, data.count(b"\n", 0, offset) + 1


def overwrite(data, code, position, text):
    """The TXT with `text` written over the first line of `code` from 1-based `position`."""
    offset, _ = line_start(data, code)
    start = offset + position - 1
    return data[:start] + text + data[start + len(text):]


def test_bad_number_and_date_are_refused_at_their_position():
    data = TXT.read_bytes()
    _, line = line_start(data, "J1100")
    cases = [
        (overwrite(data, "J1100", 266, b" 1O"), f"line {line}, column 266 (ANEST_BU): '1O' is not a whole number"),
        (overwrite(data, "J1100", 269, b"19821301"), f"line {line}, column 269 (ADD DT): '19821301' is not a date"),
        (overwrite(data, "J1100", 285, b"2026-1-1"), f"line {line}, column 285 (TERM DT): '2026-1-1' is not a date"),
        (overwrite(data, "J1100", 230, b"Q"), f"line {line}, column 230 (COV): 'Q' is not a known value"),
        (overwrite(data, "J1100", 11, b"5"), f"line {line}, column 11 (RECID): unknown record id '5'"),
    ]
    for bad, expected in cases:
        with pytest.raises(SourceError) as error:
            read_hcpcs(source(TXT, bad))
        assert str(error.value).startswith(f"{TXT.name}, {expected}")


def test_truncated_txt_is_refused():
    data = TXT.read_bytes()
    cut = data[: len(data) // 2]
    last_line = cut.count(b"\n") + 1
    length = len(cut) - cut.rindex(b"\n") - 1
    with pytest.raises(SourceError) as error:
        read_hcpcs(source(TXT, cut))
    assert str(error.value) == (f"{TXT.name}, line {last_line}, column {length + 1}: record is {length} characters, "
                                "the layout needs 320 (truncated?)")


def test_missing_and_extra_columns_in_txt_are_refused():
    data = TXT.read_bytes()
    offset, line = line_start(data, "J1100")
    without_add_date = data[:offset + 268] + data[offset + 276:]  # positions 269-276 cut out
    with pytest.raises(SourceError, match=rf"^{TXT.name}, line {line}, column 313: record is 312 characters"):
        read_hcpcs(source(TXT, without_add_date))
    with_extra_field = data[:offset + 320] + b"EXTRA" + data[offset + 320:]
    with pytest.raises(SourceError, match=rf"^{TXT.name}, line {line}, column 321: extra characters after "
                                          "position 320"):
        read_hcpcs(source(TXT, with_extra_field))


def test_continuation_without_its_first_line_is_refused():
    data = TXT.read_bytes()
    offset, line = line_start(data, "G2211")
    end = data.index(b"\n", offset) + 1
    with pytest.raises(SourceError) as error:
        read_hcpcs(source(TXT, data[:offset] + data[end:]))
    assert str(error.value).startswith(f"{TXT.name}, line {line}, column 11 (RECID): continuation line for 'G2211' "
                                       "does not follow")


def test_wrong_encoding_is_refused():
    data = TXT.read_bytes().decode("ascii").encode("utf-16")
    with pytest.raises(SourceError, match=rf"^{TXT.name}, line 1, column \d+: wrong encoding"):
        read_hcpcs(source(TXT, data))


def test_unknown_layout_empty_file_and_bad_name_are_refused():
    layout = (FOLDER / "HCPC2026_recordlayout.txt").read_bytes()
    with pytest.raises(SourceError, match=rf"^{TXT.name}, line 2, column 11 \(RECID\): unknown layout"):
        read_hcpcs(source(TXT, layout))
    for empty in (b"", b"\r\n" + b" " * 297 + b"\r\n"):
        with pytest.raises(SourceError, match=rf"^{TXT.name}, line 1: the file is empty"):
            read_hcpcs(source(TXT, empty))
    with pytest.raises(SourceError, match=r"^codes.txt: cannot tell the release"):
        read_hcpcs(source(TXT, name="codes.txt"))


def test_duplicate_code_is_refused():
    data = TXT.read_bytes()
    offset, line = line_start(data, "J1100")
    end = data.index(b"\n", offset) + 1
    twice = data[:end] + data[offset:end] + data[end:]
    with pytest.raises(SourceError, match=rf"line {line + 1}, column 1 \(HCPC\): code J1100 appears twice "
                                          rf"\(first on line {line}\)"):
        read_hcpcs(source(TXT, twice))


# --- bad input: XLSX --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def small_xlsx():
    """The real workbook cut to its header and first 200 codes (A1 … A0140 and modifiers)."""
    return edited_xlsx(XLSX.read_bytes(), keep_rows(201))


def test_small_xlsx_reads(small_xlsx):
    assert len(read_hcpcs(source(XLSX, small_xlsx)).records) == 200


@pytest.mark.parametrize("edit, expected", [
    (lambda x: set_cell(x, "AR150", "one"), "line 150, column 44 (ANEST_BU): 'one' is not a whole number"),
    (lambda x: set_cell(x, "AS150", "20021301"), "line 150, column 45 (ADD DT): '20021301' is not a date"),
    (lambda x: set_cell(x, "C150", "4"), "line 150, column 3 (RECID): record id '4' is not a first line"),
    (lambda x: set_cell(x, "A1", "CODE"), "line 1, column 1: unknown layout: the first column should be 'HCPC'"),
    (lambda x: set_cell(x, "AR1", "BASE UNITS"), "line 1, column 44 (ANEST_BU): unknown layout: expected column "
                                                 "'ANEST_BU', found 'BASE UNITS'"),
    (lambda x: re.sub(r'<c r="AV\d+"[^>]*?(?:/>|>.*?</c>)', "", x), "line 1, column 48 (ACTION CD): missing "
                                                                     "column 'ACTION CD'"),
    (lambda x: x.replace("</row>", '<c r="AW1" t="inlineStr"><is><t>NOTE</t></is></c></row>', 1),
     "line 1, column 49: extra column 'NOTE'"),
    (lambda x: x.replace('</row><row r="151"', '<c r="AW150" t="inlineStr"><is><t>x</t></is></c></row><row r="151"'),
     "line 150, column 49: extra cell 'x' beyond the last column"),
    (keep_rows(1), "line 2: no code records (truncated?)"),
    (keep_rows(0), "line 1: the workbook's first sheet is empty"),
])
def test_bad_xlsx_is_refused(small_xlsx, edit, expected):
    with pytest.raises(SourceError) as error:
        read_hcpcs(source(XLSX, edited_xlsx(small_xlsx, edit)))
    assert str(error.value).startswith(f"{XLSX.name}, {expected}")


def test_truncated_or_foreign_xlsx_is_refused():
    data = XLSX.read_bytes()
    with pytest.raises(SourceError, match=rf"^{XLSX.name}: not a readable XLSX workbook"):
        read_hcpcs(source(XLSX, data[: len(data) // 2]))
    with pytest.raises(SourceError, match=rf"^{XLSX.name}: not a readable XLSX workbook"):
        read_hcpcs(source(XLSX, TXT.read_bytes()[:5000]))
