"""The CARC/RARC reader on the real Codes.ini (list of 2026-03-01, version 3.10.0), and on bad input."""

from collections import Counter
from datetime import date

import pytest

from openrvu.sources import SourceError, SourceFile
from openrvu.sources.carc import looks_like, read_carc

from .paths import SHARED_DATA

INI = SHARED_DATA / "x12" / "Codes.ini"


def source(data=None, name="Codes.ini"):
    return SourceFile(name, INI.read_bytes() if data is None else data)


@pytest.fixture(scope="module")
def parsed():
    return read_carc(source())


def find(parsed, code):
    return next(r for r in parsed.records if r.code == code)


def test_counts_and_release(parsed):
    assert len(parsed.records) == 1653
    types = Counter(r.code_type for r in parsed.records)
    assert types == {"RARC": 1198, "CARC": 407, "PLB": 40, "GROUP": 4, "SCENARIO": 4}
    # 455 sections are not RARCs: 407 CARCs and 48 entries of the three small lists the file also holds
    assert len(parsed.records) - types["RARC"] == 455
    deactivated = Counter(r.code_type for r in parsed.records if r.deactivation_date)
    assert deactivated == {"CARC": 110, "RARC": 79}
    assert parsed.release.name == "CARC/RARC 2026-03-01"
    assert (parsed.release.effective_from, parsed.release.effective_to) == (date(2026, 3, 1), None)


def test_spot_values(parsed):
    carc15 = find(parsed, "15")
    assert (carc15.code_type, carc15.deactivation_date, carc15.last_modified) == ("CARC", date(2018, 5, 1),
                                                                                 date(2017, 11, 1))
    assert carc15.description.startswith("The authorization number is missing, invalid")
    n130 = find(parsed, "N130")
    assert (n130.code_type, n130.effective_date, n130.note) == ("RARC", date(2002, 10, 31),
                                                               "(Modified 4/1/07, 7/1/08, 11/1/09)")
    assert (find(parsed, "4").scenario, find(parsed, "4").deactivation_date) == ("2", None)
    assert find(parsed, "236").description.startswith("This procedure or procedure/modifier combination")
    assert {find(parsed, c).code_type for c in ("M15", "MA130", "N657")} == {"RARC"}
    assert {find(parsed, c).code_type for c in ("B7", "97", "45", "P1")} == {"CARC"}
    # the newest codes have no Scenario key at all
    assert find(parsed, "N922").scenario == "" and find(parsed, "N922").effective_date == date(2026, 3, 1)
    # UTF-8 section signs are read as such
    assert "§1834(a)(18)" in find(parsed, "N125").description


def test_other_lists_keep_their_section_names(parsed):
    group = find(parsed, "COc")
    assert (group.code_type, group.description, group.effective_date) == ("GROUP", "Contractural Obligations", None)
    assert {r.code for r in parsed.records if r.code_type == "GROUP"} == {"COc", "CRc", "OAc", "PRc"}
    assert (find(parsed, "50p").code_type, find(parsed, "50p").description) == ("PLB", "Late Charge")
    assert find(parsed, "50").code_type == "CARC"
    assert find(parsed, "1s").description.startswith("Additional Information Required")


def test_looks_like():
    claimed = sorted(p.name for p in SHARED_DATA.rglob("*")
                     if p.is_file() and looks_like(SourceFile(p.name, p.read_bytes())))
    assert claimed == ["Codes.ini"]
    assert looks_like(source(name="carc_rarc_2026.ini"))
    assert not looks_like(SourceFile("settings.ini", b"[main]\nkey=value\n"))
    assert not looks_like(SourceFile("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00"))


# --- bad input --------------------------------------------------------------------------------------------

def line_of(data, text):
    return data.count(b"\n", 0, data.index(text)) + 1


SECTION_15 = b"[15]\nMessage=The authorization number"


@pytest.mark.parametrize("mutate, expected", [
    (lambda d: d.replace(b"EffDate=1/1/1995\nDeactDate= 5/1/2018", b"EffDate=1/32/1995\nDeactDate= 5/1/2018"),
     "line {eff15}, column 9 (EffDate): '1/32/1995' is not a date (M/D/YYYY)"),
    (lambda d: d.replace(b"DeactDate= 5/1/2018", b"DeactDate= May 2018"),
     "line {eff15+1}, column 12 (DeactDate): 'May 2018' is not a date"),
    (lambda d: d.replace(b"Modified= 11/1/2017\n", b"", 1),
     "line {sec15}, field Modified: [15] has no Modified (truncated?)"),
    (lambda d: d.replace(b"Modified= 11/1/2017\n", b"Modified= 11/1/2017\nColor=red\n", 1),
     "line {eff15+3}, column 1 (Color): unknown key 'Color' in [15]"),
    (lambda d: d.replace(b"Modified= 11/1/2017\n", b"Modified= 11/1/2017\nModified= 11/1/2017\n", 1),
     "line {eff15+3}, column 1 (Modified): key Modified appears twice in [15]"),
    (lambda d: d.replace(b"Modified= 11/1/2017\n", b"Modified= 11/1/2017\nno equals sign\n", 1),
     "line {eff15+3}, column 1: expected Key=value or a [code] section"),
    (lambda d: d.replace(b"[16]", b"[15]", 1), "line {sec15+7}, column 2 (code): code [15] appears twice"),
    (lambda d: d.replace(b"[16]", b"[16-A]", 1), "line {sec15+7}, column 2 (code): [16-A] is not a CARC/RARC code"),
    (lambda d: d[:d.index(b"EffDate=3/1/2026\nDeactDate= \nModified= \nNote=\n[N922]")],
     "line 11552, field EffDate: [N921] has no EffDate, DeactDate, Modified, Note (truncated?)"),
    (lambda d: d[:d.index(b"\n[1]")], "line 2: no code sections after the date and version lines (truncated?)"),
    (lambda d: d.replace(b"3/1/26\n", b"March 2026\n", 1), "line 1, column 1: unknown layout: line 1 should be the "
                                                          "list date"),
    (lambda d: d.replace(b"3/1/26\n", b"13/1/26\n", 1), "line 1, column 1 (list date): '13/1/26' is not a date"),
    (lambda d: d.replace(b"3.10.0\n", b"3.x\n", 1), "line 2, column 1: unknown layout: line 2 should be the file "
                                                    "version"),
    (lambda d: d.replace(b"[1]\n", b"Title=CARC\n[1]\n", 1), "line 3, column 1: unknown layout: expected a [code] "
                                                             "section"),
    (lambda d: d.decode("utf-8").encode("utf-16"), "line 1, column 4: wrong encoding"),
    (lambda d: d.replace(b"\xc2\xa7", b"\x81"), "line {n125+1}, column "),
    (lambda d: b"", "line 1: the file is empty"),
])
def test_bad_input_is_refused(mutate, expected):
    data = INI.read_bytes()
    section = line_of(data, SECTION_15)
    places = {"{sec15+7}": section + 7, "{sec15}": section, "{eff15+1}": section + 3, "{eff15+3}": section + 5,
              "{eff15}": section + 2, "{n125+1}": line_of(data, b"[N125]") + 1}
    for key, value in places.items():
        expected = expected.replace(key, str(value))
    with pytest.raises(SourceError) as error:
        read_carc(source(mutate(data)))
    assert str(error.value).startswith(f"Codes.ini, {expected}")
