"""Reader for the CARC/RARC list in the Codes.ini form CMS's remittance software uses.

Line 1 is the list date (3/1/26), line 2 the file version (3.10.0), then one section per code: `[code]` and
the keys Message, EffDate, DeactDate, Modified, Note and Scenario (the newest codes omit Scenario).

Besides the claim adjustment reason codes (CARC) and remittance advice remark codes (RARC) the file holds three
small lists whose section names end in a lower-case letter: the claim adjustment group codes ([COc] "Contractural
Obligations", [PRc] …), the provider-level adjustment reason codes of the 835 PLB segment ([50p] "Late Charge",
[WOp] …) and the CAQH CORE business scenarios that the Scenario key refers to ([1s] … [4s]). They are kept, with
their section name as the code (so "50p" never collides with CARC 50) and their own code_type.
"""

import re
from dataclasses import dataclass
from datetime import date

from .errors import SourceError
from .files import Parsed, Release
from .table import parse_mdy, text_lines

KIND = "carc"
HEAD = re.compile(rb"\A(?:\xef\xbb\xbf)?\d{1,2}/\d{1,2}/\d{2,4}[ \t]*\r?\n\d+(?:\.\d+)+[ \t]*\r?\n\[")
VERSION = re.compile(r"\d+(?:\.\d+)+")
SECTION = re.compile(r"\[([^\]]*)\]")
RARC = re.compile(r"(?:M|MA|N)\d+")
CODE = re.compile(r"[A-Z0-9]{1,5}")
# Lists kept in the same file, told apart by the last letter of the section name (see the module docstring).
OTHER_LISTS = {"c": "GROUP", "p": "PLB", "s": "SCENARIO"}
OTHER_CODE = re.compile(r"[A-Z0-9]{1,3}[cps]")
# Codes.ini key → record field.
KEYS = {"Message": "description", "EffDate": "effective_date", "DeactDate": "deactivation_date",
        "Modified": "last_modified", "Note": "note", "Scenario": "scenario"}
OPTIONAL_KEYS = {"Scenario"}
DATE_KEYS = {"EffDate", "DeactDate", "Modified"}


@dataclass(slots=True)
class AdjustmentCodeRecord:
    """One code of the list: a CARC or RARC (or a group code, PLB reason or scenario, see code_type)."""

    code: str
    code_type: str
    description: str
    effective_date: date | None
    deactivation_date: date | None
    last_modified: date | None
    note: str
    scenario: str


def looks_like(file):
    """True for a Codes.ini CARC/RARC list: by its name, or by its first lines (date, version, a [code] section)."""
    if file.basename.lower() == "codes.ini":
        return True
    return file.suffix == ".ini" and bool(HEAD.match(file.data[:200]))


def read_carc(file):
    """Read Codes.ini into its release ("CARC/RARC 2026-03-01") and one record per code section."""
    lines = text_lines(file)
    if not any(line.strip() for line in lines):
        raise SourceError(file.name, "the file is empty", 1)
    list_date = _list_date(file, lines)
    records, section = [], None
    seen = {}
    for number, line in enumerate(lines[2:], start=3):
        if not line.strip():
            continue
        header = SECTION.fullmatch(line.strip())
        if header:
            if section:
                records.append(_record(file, section))
            section = _start_section(file, number, header.group(1), seen)
        elif section is None:
            raise SourceError(file.name, "unknown layout: expected a [code] section after the version line",
                              number, 1)
        else:
            _add_key(file, number, line, section)
    if section is None:
        raise SourceError(file.name, "no code sections after the date and version lines (truncated?)", len(lines))
    records.append(_record(file, section))
    name = f"CARC/RARC {list_date.isoformat()}"
    return Parsed(Release(KIND, name, list_date, None), records)


def _list_date(file, lines):
    first = lines[0].strip()
    if not re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2,4}", first):
        raise SourceError(file.name, f"unknown layout: line 1 should be the list date (e.g. 3/1/26), found "
                          f"{first[:40]!r}", 1, 1)
    list_date = parse_mdy(file.name, 1, 1, "list date", first)
    version = lines[1].strip() if len(lines) > 1 else ""
    if not VERSION.fullmatch(version):
        raise SourceError(file.name, f"unknown layout: line 2 should be the file version (e.g. 3.10.0), found "
                          f"{version[:40]!r}", 2, 1)
    return list_date


def _start_section(file, number, code, seen):
    if code in seen:
        raise SourceError(file.name, f"code [{code}] appears twice (first on line {seen[code]})", number, 2, "code")
    seen[code] = number
    if not (CODE.fullmatch(code) or OTHER_CODE.fullmatch(code)):
        raise SourceError(file.name, f"[{code}] is not a CARC/RARC code section", number, 2, "code")
    return {"code": code, "line": number, "values": {}}


def _add_key(file, number, line, section):
    key, equals, value = line.partition("=")
    key = key.strip()
    if not equals:
        raise SourceError(file.name, f"expected Key=value or a [code] section, found {line.strip()[:40]!r}",
                          number, 1)
    if key not in KEYS:
        raise SourceError(file.name, f"unknown key {key!r} in [{section['code']}] (expected "
                          + ", ".join(KEYS) + ")", number, 1, key)
    if key in section["values"]:
        raise SourceError(file.name, f"key {key} appears twice in [{section['code']}]", number, 1, key)
    column = len(line) - len(value.lstrip()) + 1  # where the value starts, after any leading space
    section["values"][key] = (number, column, value.strip())


def _record(file, section):
    values = section["values"]
    missing = [key for key in KEYS if key not in values and key not in OPTIONAL_KEYS]
    if missing:
        raise SourceError(file.name, f"[{section['code']}] has no {', '.join(missing)} (truncated?)",
                          section["line"], field=missing[0])
    fields = {}
    for key, field in KEYS.items():
        number, column, text = values.get(key, (None, None, ""))
        fields[field] = parse_mdy(file.name, number, column, key, text) if key in DATE_KEYS else text
    code = section["code"]
    return AdjustmentCodeRecord(code=code, code_type=_code_type(code), **fields)


def _code_type(code):
    if OTHER_CODE.fullmatch(code):
        return OTHER_LISTS[code[-1]]
    return "RARC" if RARC.fullmatch(code) else "CARC"
