"""Reader for the NCCI practitioner services MUE table (Medically Unlikely Edits), as CMS ships it in CSV and XLSX.

The file opens with the AMA notice as one (multi-line) cell, then the header, then one row per code: the MUE
value (the most units of service per line or per day), the MUE adjudication indicator (MAI) printed as its
digit and meaning together ("3 Date of Service Edit: Clinical"), and the rationale.
"""

import re
from dataclasses import dataclass
from datetime import date

from .errors import SourceError
from .files import Parsed, Release
from .table import check_choice, check_header, check_width, csv_rows, is_xlsx, parse_int, xlsx_rows

KIND = "mue"
FILE_NAME = re.compile(r"MCR_MUE_PractitionerServices_Eff_(\d{2})-(\d{2})-(\d{4})", re.I)
# Compared with all white space removed: the first is printed over two lines ("HCPCS/\nCPT Code").
CAPTIONS = ["HCPCS/CPT Code", "Practitioner Services MUE Values", "MUE Adjudication Indicator", "MUE Rationale"]
COLUMN_FIELDS = ["code", "mue_value", "adjudication_indicator", "rationale"]
HEADER_SEARCH_ROWS = 10
MAI = re.compile(r"\s*(\d+)\b\s*(.*)", re.S)


@dataclass(slots=True)
class MueRecord:
    """The practitioner MUE for one HCPCS/CPT code."""

    code: str
    mue_value: int
    adjudication_indicator: int
    adjudication_text: str
    rationale: str


def looks_like(file):
    """True for a practitioner MUE table by its CMS name (MCR_MUE_PractitionerServices_Eff_04-01-2026.csv/.xlsx)."""
    return bool(FILE_NAME.search(file.basename)) and file.suffix in (".csv", ".xlsx")


def read_mue(file):
    """Read a practitioner MUE table into its release ("MUE 2026 Q2 practitioner") and one record per code."""
    release = _release(file)
    workbook = file.suffix == ".xlsx" or is_xlsx(file)
    rows = [row for row in (xlsx_rows(file) if workbook else csv_rows(file)) if any(cell.strip() for cell in row[1])]
    if not rows:
        raise SourceError(file.name, "the file is empty", 1)
    index = _header_index(file, rows)
    header_line, header = rows[index]
    check_header(file.name, header_line, header, CAPTIONS, COLUMN_FIELDS, _squeezed)
    records = [_record(file, line, cells) for line, cells in rows[index + 1:]]
    if not records:
        # a CSV record's line is where it starts, and the header's first caption spans two lines
        after_header = header_line + 1 + (0 if workbook else sum(cell.count("\n") for cell in header))
        raise SourceError(file.name, "the file has a header but no MUE rows (truncated?)", after_header)
    _check_unique(file, rows[index + 1:])
    return Parsed(release, records)


def _release(file):
    match = FILE_NAME.search(file.basename)
    if not match:
        raise SourceError(file.name, "cannot tell the release: the file name should be like "
                          "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv, as CMS names it")
    month, day, year = (int(part) for part in match.groups())
    try:
        effective = date(year, month, day)
    except ValueError:
        raise SourceError(file.name, f"the file name's date {match.group(0)[-10:]!r} is not a date") from None
    quarter = (month - 1) // 3 + 1
    return Release(KIND, f"MUE {year} Q{quarter} practitioner", effective, None)


def _header_index(file, rows):
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if cells and _squeezed(cells[0]) == _squeezed(CAPTIONS[0]):
            return index
    raise SourceError(file.name, "unknown layout: no header row starting 'HCPCS/CPT Code' in the first "
                      f"{HEADER_SEARCH_ROWS} rows", rows[0][0], 1)


def _squeezed(text):
    return re.sub(r"\s+", "", text).upper()


def _record(file, line, cells):
    check_width(file.name, line, cells, CAPTIONS, COLUMN_FIELDS)
    code = cells[0].strip()
    if not code:
        raise SourceError(file.name, "blank code", line, 1, "code")
    value = parse_int(file.name, line, 2, "mue_value", cells[1])
    if value is None:
        raise SourceError(file.name, "blank MUE value", line, 2, "mue_value")
    indicator, text = _adjudication(file, line, cells[2])
    return MueRecord(code, value, indicator, text, cells[3].strip())


def _check_unique(file, rows):
    seen = {}
    for line, cells in rows:
        code = cells[0].strip()
        if code in seen:
            raise SourceError(file.name, f"code {code} appears twice (first on line {seen[code]})", line, 1, "code")
        seen[code] = line


def _adjudication(file, line, cell):
    """Split "3 Date of Service Edit: Clinical" into the MAI (1, 2 or 3) and its printed meaning."""
    match = MAI.fullmatch(cell)
    if not match:
        raise SourceError(file.name, f"{cell[:40]!r} does not start with an MUE adjudication indicator (1, 2 or 3)",
                          line, 3, "adjudication_indicator")
    check_choice(file.name, line, 3, "adjudication_indicator", match.group(1), {"1", "2", "3"})
    return int(match.group(1)), match.group(2).strip()
