"""Reader for the anesthesia conversion factor file (ANES<year>): one CF per MAC locality plus the national CF."""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .errors import SourceError
from .files import Parsed, Release, year_end
from .table import parse_decimal, table_rows

KIND = "anes"
NATIONAL = re.compile(r"NATIONAL ANES CF OF\s*([\d.]+)", re.I)


@dataclass(slots=True)
class AnesRecord:
    """An anesthesia conversion factor; the national one has blank MAC and locality."""

    mac: str
    locality: str
    name: str
    conversion_factor: Decimal


def looks_like(file):
    """True for an ANES<year> file: the name carries the year, which the file itself does not."""
    return bool(re.match(r"ANES\d{4}", file.basename, re.I))


def read_anes(file):
    """Read an ANES file into its release ("ANES 2025") and the national plus per-locality CFs."""
    year = int(re.match(r"ANES(\d{4})", file.basename, re.I).group(1))
    rows = list(table_rows(file))
    if not rows:
        raise SourceError(file.name, "the file is empty", 1)
    header_line, header = rows[0]
    if len(header) != 4 or "CONTRACTOR" not in header[0].upper() or "LOCALITY" not in header[1].upper():
        raise SourceError(file.name, "unknown layout: expected 'Contractor,Locality,Locality Name,National "
                          "Anes CF of …'", header_line, 1)
    national = NATIONAL.search(header[3])
    if not national:
        raise SourceError(file.name, "the fourth column caption does not give the national CF", header_line, 4)
    records = [AnesRecord("", "", "NATIONAL", parse_decimal(file.name, header_line, 4, "National Anes CF",
                                                            national.group(1)))]
    for line, cells in rows[1:]:
        if not any(c.strip() for c in cells):
            continue
        records.append(_record(file, line, cells))
    if len(records) == 1:
        raise SourceError(file.name, "no locality rows after the header (truncated?)", header_line + 1)
    return Parsed(Release(KIND, f"ANES {year}", date(year, 1, 1), year_end(year)), records)


def _record(file, line, cells):
    if len(cells) != 4:
        raise SourceError(file.name, f"expected 4 columns, found {len(cells)}", line, min(len(cells), 4) + 1)
    mac, locality, name, cf = (c.strip() for c in cells)
    if not mac.isdigit() or not locality.isdigit():
        column = 1 if not mac.isdigit() else 2
        raise SourceError(file.name, f"{cells[column - 1].strip()!r} is not a number", line, column,
                          "Contractor" if column == 1 else "Locality")
    value = parse_decimal(file.name, line, 4, "Anes CF", cf)
    if value is None:
        raise SourceError(file.name, "blank conversion factor", line, 4, "Anes CF")
    return AnesRecord(mac.zfill(5), locality.zfill(2), name, value)
