"""The practitioner PTP reader on a small file of our own in CMS's layout (no real copy is available), and on
bad input. The header lines follow CMS's ccipra-v322r0-f1.TXT; the 20 edits are made up but real-looking."""

from datetime import date
from pathlib import Path

import pytest

from openrvu.sources import SourceError, SourceFile
from openrvu.sources.ptp import looks_like, read_ptp

from .paths import SHARED_DATA

FIXTURE = Path(__file__).parent / "fixtures" / "ptp" / "ccipra-v322r0-f1.TXT"
NAME = FIXTURE.name
FIRST_DATA_LINE = 7


def source(data=None, name=NAME):
    return SourceFile(name, FIXTURE.read_bytes() if data is None else data)


@pytest.fixture(scope="module")
def parsed():
    return read_ptp(source())


def find(parsed, column1, column2):
    return next(r for r in parsed.records if (r.column1, r.column2) == (column1, column2))


def test_counts_and_release(parsed):
    assert len(parsed.records) == 20
    assert parsed.release.kind == "ptp"
    assert parsed.release.name == "PTP 2026 Q3 practitioner"
    assert (parsed.release.effective_from, parsed.release.effective_to) == (date(2026, 7, 1), None)


def test_values(parsed):
    first = parsed.records[0]
    assert (first.column1, first.column2, first.prior_1996, first.effective_date, first.deletion_date,
            first.modifier_indicator, first.rationale) == (
        "11042", "11000", False, date(2009, 1, 1), None, 1, "Misuse of Column Two code with Column One code")
    old = find(parsed, "93000", "93010")
    assert (old.prior_1996, old.effective_date, old.modifier_indicator) == (True, date(1996, 1, 1), 0)
    assert sum(r.prior_1996 for r in parsed.records) == 3
    deleted = find(parsed, "97140", "97530")
    assert deleted.deletion_date == date(2020, 12, 31)
    never = find(parsed, "99213", "36415")
    assert (never.modifier_indicator, never.effective_date, never.deletion_date) == (9, date(2015, 1, 1),
                                                                                      date(2015, 1, 1))
    assert {r.modifier_indicator for r in parsed.records} == {0, 1, 9}
    assert sum(r.deletion_date is None for r in parsed.records) == 17


@pytest.mark.parametrize("name, release, effective", [
    ("ccipra-v310r0-f4.TXT", "PTP 2025 Q1 practitioner", date(2025, 1, 1)),
    ("ccipra-v313r0-f1.txt", "PTP 2025 Q4 practitioner", date(2025, 10, 1)),
    ("ccipra-v321r0-f2.TXT", "PTP 2026 Q2 practitioner", date(2026, 4, 1)),
    ("ccipra-v323r1-f3.TXT", "PTP 2026 Q4 practitioner", date(2026, 10, 1)),
])
def test_release_from_the_version_in_the_file_name(name, release, effective):
    parsed = read_ptp(source(name=name))
    assert (parsed.release.name, parsed.release.effective_from) == (release, effective)


def test_looks_like():
    assert looks_like(source())
    assert looks_like(source(name="medicare.zip!ccipra-v322r0-f4.txt"))
    assert not looks_like(source(name="ccioph-v322r0-f1.TXT"))  # the outpatient hospital table
    assert not looks_like(source(name="ccipra-v322r0-f1.xlsx"))
    assert not any(looks_like(SourceFile(p.name, p.read_bytes())) for p in SHARED_DATA.rglob("*") if p.is_file())
    assert not looks_like(SourceFile("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00"))


# --- bad input --------------------------------------------------------------------------------------------

ROW = b"71046\t71045\t\t20180101\t*\t0\tHCPCS/CPT procedure code definition"


def line_of(data, text):
    return data.count(b"\n", 0, data.index(text)) + 1


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d.replace(ROW, ROW.replace(b"\t0\t", b"\tO\t")),
     "line {row}, column 6 (modifier_indicator): 'O' is not a modifier indicator (0, 1 or 9)"),
    (lambda d: d.replace(ROW, ROW.replace(b"20180101", b"20181301")),
     "line {row}, column 4 (effective_date): '20181301' is not a date (CCYYMMDD)"),
    (lambda d: d.replace(ROW, ROW.replace(b"\t*\t0", b"\t2018-12-31\t0")),
     "line {row}, column 5 (deletion_date): '2018-12-31' is not a date (CCYYMMDD)"),
    (lambda d: d.replace(ROW, ROW.replace(b"20180101", b"")), "line {row}, column 4 (effective_date): blank "
                                                              "effective date"),
    (lambda d: d.replace(ROW, ROW.replace(b"\t\t2018", b"\tY\t2018")), "line {row}, column 3 (prior_1996): 'Y' is "
                                                                       "not '*' or blank"),
    (lambda d: d.replace(ROW, ROW.replace(b"71046\t", b"\t")), "line {row}, column 1 (column1): blank code"),
    (lambda d: d.replace(ROW, ROW + b"\tNew column"), "line {row}, column 8: extra column 'New column'"),
    (lambda d: d.replace(ROW, ROW.rsplit(b"\t", 1)[0]), "line {row}, column 7 (rationale): expected 7 tab-separated "
                                                        "columns, found 6"),
    (lambda d: d[:d.index(ROW) + 20], "line {row}, column 5 (deletion_date): expected 7 tab-separated columns, "
                                      "found 4 (truncated?)"),
    (lambda d: d.replace(b"\tPTP Edit Rationale", b"", 1), "line 3, column 7 (rationale): missing column "
                                                           "'PTP Edit Rationale'"),
    (lambda d: d.replace(b"\tModifier\t", b"\t", 1), "line 3, column 6 (modifier_indicator): missing column "
                                                     "'Modifier'"),
    (lambda d: d.replace(b"PTP Edit Rationale", b"PTP Edit Rationale\tNotes", 1), "line 3, column 8: extra column "
                                                                                  "'Notes'"),
    (lambda d: d.replace(b"Effective\tDeletion", b"Start\tDeletion", 1), "line 3, column 4 (effective_date): unknown "
                                                                         "layout: expected column 'Effective'"),
    (lambda d: d.replace(b"Column 1\tColumn 2", b"Code 1\tCode 2", 1), "line 1, column 1: unknown layout: no header "
                                                                       "line starting 'Column 1<tab>Column 2'"),
    (lambda d: d[:d.index(b"11042")], "line 7: the file has a header but no edits (truncated?)"),
    (lambda d: d.decode("ascii").encode("utf-16"), "line 1, column 4: wrong encoding"),
    (lambda d: b"", "line 1: the file is empty"),
])
def test_bad_input_is_refused(mutate, expected):
    data = FIXTURE.read_bytes()
    expected = expected.replace("{row}", str(line_of(data, ROW)))
    with pytest.raises(SourceError) as error:
        read_ptp(source(mutate(data)))
    assert str(error.value).startswith(f"{NAME}, {expected}")


def test_unknown_version_or_name_is_refused():
    with pytest.raises(SourceError, match=r"^ccipra-v325r0-f1.TXT: version 32.5 in the file name is not a "
                                          "quarterly NCCI version"):
        read_ptp(source(name="ccipra-v325r0-f1.TXT"))
    with pytest.raises(SourceError, match=r"^ptp.txt: cannot tell the release"):
        read_ptp(source(name="ptp.txt"))


def test_blank_lines_and_extra_blank_cells_are_accepted(parsed):
    data = FIXTURE.read_bytes().replace(ROW, ROW + b"\t\t\r\n\r\n")
    assert read_ptp(source(data)).records == parsed.records
    assert FIRST_DATA_LINE == line_of(FIXTURE.read_bytes(), b"11042\t11000")
