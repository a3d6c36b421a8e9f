"""Reader for the locality–county crosswalk (LOCCO), CSV/XLSX and the fixed-width TXT CMS ships beside it.

The state name is printed only on the first row of each state, so it is carried down, but only while the
MAC's jurisdiction (its first three digits) stays the same: the TXT omits "CALIFORNIA" altogether, and a
blank state is truer than the previous state's name. MAC and locality numbers lose their leading zeros in
the CSV, so they are padded back to 5 and 2 digits. The CSV and TXT of one release differ in some wording
(CMS's own typing), so both are kept as read.
"""

import re
from dataclasses import dataclass
from datetime import date

from .errors import SourceError
from .files import Parsed, Release, year_end
from .table import is_xlsx, table_rows, text_lines

KIND = "locco"
TITLE = re.compile(r"COUNTIES INCLUDED IN (\d{4}) LOCALITIES", re.I)
# Fixed-width TXT positions (0-based, end-exclusive), read off the CMS file: no published layout exists.
TXT_FIELDS = [("mac", 4, 9), ("locality", 16, 18), ("state", 22, 45), ("fee_schedule_area", 45, 143),
              ("counties", 143, None)]
CSV_CAPTIONS = ["CONTRACTOR", "LOCALITY", "STATE", "FEE SCHEDULE AREA", "COUNTIES"]


@dataclass(slots=True)
class LoccoRecord:
    """One row of the crosswalk: which counties of a state a MAC locality covers."""

    mac: str
    locality: str
    state: str
    fee_schedule_area: str
    counties: str


def looks_like(file):
    """True for a LOCCO file, by name (25LOCCO.csv) or by its title line."""
    if re.match(r"\d{2}LOCCO", file.basename, re.I):
        return True
    if is_xlsx(file):
        return False
    return bool(TITLE.search(file.data[:300].decode("latin-1", "replace")))


def read_locco(file):
    """Read a LOCCO file into its release ("LOCCO 2025") and one record per locality row."""
    rows = _txt_rows(file) if file.suffix in (".txt", ".prn") else _csv_rows(file)
    year = rows[0]
    records = rows[1]
    if not records:
        raise SourceError(file.name, "no locality rows (truncated?)")
    return Parsed(Release(KIND, f"LOCCO {year}", date(year, 1, 1), year_end(year)), records)


def _year(file, title):
    match = TITLE.search(title) or re.match(r"(\d{2})LOCCO", file.basename)
    if not match:
        raise SourceError(file.name, "unknown layout: no 'COUNTIES INCLUDED IN <year> LOCALITIES' title", 1)
    year = int(match.group(1))
    return year + 2000 if year < 100 else year


def _csv_rows(file):
    rows = list(table_rows(file))
    year = _year(file, " ".join(rows[0][1]) if rows else "")
    header_index = next((i for i, (_, cells) in enumerate(rows[:10]) if cells and "CONTRACTOR" in cells[0].upper()),
                        None)
    if header_index is None:
        raise SourceError(file.name, "unknown layout: no header row with 'Medicare Administrative Contractor'", 1)
    header_line, header = rows[header_index]
    _check_header(file, header_line, header)
    records = []
    for line, cells in rows[header_index + 1:]:
        if not any(c.strip() for c in cells) or cells[0].strip().startswith("*"):
            continue  # blank spacer rows and the footnote
        if len(cells) != len(CSV_CAPTIONS):
            raise SourceError(file.name, f"expected {len(CSV_CAPTIONS)} columns, found {len(cells)}", line,
                              min(len(cells), len(CSV_CAPTIONS)) + 1)
        records.append(_record(file, line, list(cells), (1, 2)))
    return year, _carry_states(records)


def _check_header(file, line, header):
    for position, caption in enumerate(CSV_CAPTIONS):
        if position >= len(header):
            raise SourceError(file.name, f"missing column {caption!r}", line, position + 1)
        if caption not in header[position].upper():
            raise SourceError(file.name, f"unknown layout: expected {caption!r}, found {header[position]!r}",
                              line, position + 1)
    if len(header) > len(CSV_CAPTIONS):
        raise SourceError(file.name, f"extra column {header[len(CSV_CAPTIONS)]!r}", line, len(CSV_CAPTIONS) + 1)


def _txt_rows(file):
    lines = text_lines(file)
    year = _year(file, lines[0] if lines else "")
    records = []
    for number, text in enumerate(lines, start=1):
        if not re.match(r"\s{4}\d{5}\s", text):
            continue  # title, header, spacer and footnote lines
        if len(text) <= TXT_FIELDS[-1][1]:
            raise SourceError(file.name, f"record is {len(text)} characters, the layout needs more than "
                              f"{TXT_FIELDS[-1][1]} (truncated?)", number, len(text) + 1)
        cells = [text[start:end].strip() for _, start, end in TXT_FIELDS]
        records.append(_record(file, number, cells, (TXT_FIELDS[0][1] + 1, TXT_FIELDS[1][1] + 1)))
    return year, _carry_states(records)


def _carry_states(records):
    """Fill blank states from the row above while the MAC jurisdiction is unchanged."""
    state, jurisdiction = "", None
    for record in records:
        if record.state:
            state, jurisdiction = record.state, record.mac[:3]
        elif record.mac[:3] == jurisdiction:
            record.state = state
    return records


def _record(file, line, cells, number_columns):
    mac, locality, state, area, counties = (c.strip() for c in cells)
    for value, column, field in ((mac, number_columns[0], "MAC"), (locality, number_columns[1], "Locality")):
        if not value.isdigit():
            raise SourceError(file.name, f"{value!r} is not a number", line, column, field)
    return LoccoRecord(mac.zfill(5), locality.zfill(2), state, area, counties)
