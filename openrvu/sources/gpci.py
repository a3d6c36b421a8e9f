"""Reader for the GPCI file (PFS Addendum E): work, PE and MP geographic indices per MAC locality."""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .errors import SourceError
from .files import Parsed, Release, year_end
from .table import is_xlsx, parse_decimal, table_rows

KIND = "gpci"
TITLE = re.compile(r"(?:CY\s*)?(\d{4}) GEOGRAPHIC PRACTICE COST INDICES", re.I)
HEADER_START = "MEDICARE ADMINISTRATIVE CONTRACTOR"
COLUMNS = [  # (field, words the caption must contain)
    ("mac", "CONTRACTOR"), ("state", "STATE"), ("locality", "LOCALITY NUMBER"), ("name", "LOCALITY NAME"),
    ("work_gpci", "PW GPCI"), ("pe_gpci", "PE GPCI"), ("mp_gpci", "MP GPCI"),
]


@dataclass(slots=True)
class GpciRecord:
    """One Medicare payment locality with its three GPCIs (the work GPCI already includes any floor)."""

    mac: str
    state: str
    locality: str
    name: str
    work_gpci: Decimal
    pe_gpci: Decimal
    mp_gpci: Decimal


def looks_like(file):
    """True for an Addendum E GPCI file, by name (GPCI2026.csv) or by its title line."""
    if re.match(r"GPCI\d{4}", file.basename, re.I):
        return True
    if is_xlsx(file):
        return False
    return bool(TITLE.search(file.data[:500].decode("latin-1", "replace")))


def read_gpci(file):
    """Read a GPCI file into its release ("GPCI 2026") and one record per locality."""
    rows = list(table_rows(file))
    header_index = next((i for i, (_, cells) in enumerate(rows[:20])
                         if cells and cells[0].strip().upper().startswith(HEADER_START)), None)
    if header_index is None:
        raise SourceError(file.name, "unknown layout: no header row starting 'Medicare Administrative "
                          "Contractor' in the first 20 lines", 1)
    header_line, header = rows[header_index]
    year = _year(file, rows[:header_index + 1])
    _check_header(file, header_line, header)
    records = []
    for line, cells in rows[header_index + 1:]:
        if not any(c.strip() for c in cells[1:]):
            break  # the table ends at the first row with only a first cell: a blank row or a footnote
        records.append(_record(file, line, cells, len(header)))
    if not records:
        raise SourceError(file.name, "no locality rows after the header (truncated?)", header_line + 1)
    return Parsed(Release(KIND, f"GPCI {year}", date(year, 1, 1), year_end(year)), records)


def _year(file, rows):
    text = " ".join(" ".join(cells) for _, cells in rows)
    match = TITLE.search(text) or re.search(r"(\d{4}) PW GPCI", text, re.I) or re.search(r"GPCI(\d{4})", file.basename)
    if not match:
        raise SourceError(file.name, "cannot tell the year: no 'CY <year> GEOGRAPHIC PRACTICE COST INDICES' title")
    return int(match.group(1))


def _check_header(file, line, header):
    if len(header) < len(COLUMNS):
        raise SourceError(file.name, f"missing column(s): expected {len(COLUMNS)}, found {len(header)}", line,
                          len(header) + 1)
    for position, (field, words) in enumerate(COLUMNS):
        if words not in header[position].upper():
            raise SourceError(file.name, f"unknown layout: expected a {words!r} column, found "
                              f"{header[position]!r}", line, position + 1)
    extra = [i for i, cell in enumerate(header[len(COLUMNS):], start=len(COLUMNS)) if cell.strip()]
    if extra:
        raise SourceError(file.name, f"extra column {header[extra[0]]!r}", line, extra[0] + 1)


def _record(file, line, cells, width):
    if len(cells) < len(COLUMNS) or any(c.strip() for c in cells[len(COLUMNS):]):
        raise SourceError(file.name, f"expected {len(COLUMNS)} columns, found {len(cells)}", line,
                          min(len(cells), len(COLUMNS)) + 1)
    mac, state, locality, name = (c.strip() for c in cells[:4])
    if not mac.isdigit() or not locality.isdigit():
        column = 1 if not mac.isdigit() else 3
        raise SourceError(file.name, f"{cells[column - 1]!r} is not a MAC/locality number", line, column,
                          "MAC" if column == 1 else "Locality Number")
    gpcis = [parse_decimal(file.name, line, position + 1, COLUMNS[position][1], cells[position])
             for position in (4, 5, 6)]
    if None in gpcis:
        position = 4 + gpcis.index(None)
        raise SourceError(file.name, "blank GPCI", line, position + 1, COLUMNS[position][1])
    return GpciRecord(mac.zfill(5), state, locality.zfill(2), name, *gpcis)
