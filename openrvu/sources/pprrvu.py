"""Reader for the PFS national relative value file (PPRRVU), as CMS ships it in CSV, XLSX and fixed-width TXT.

Column meanings are from CMS's file documentation (RVUPUF26, "National Physician Fee Schedule Relative Value
File"). CSV and XLSX columns are found by their printed captions, so a year that adds a column (2026 added
"PRIC IND" before "ENDO BASE") reads without code changes as long as every caption is known.
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .errors import SourceError
from .files import Parsed, Release, year_end
from .table import check_choice, is_xlsx, parse_decimal, table_rows, text_lines

KIND = "pfs_rvu"

# Release letters per CMS's naming: A January, B April, C July, D October (RVUPUF26, "Update Schedule").
RELEASE_MONTHS = {"JANUARY": ("A", 1), "APRIL": ("B", 4), "JULY": ("C", 7), "OCTOBER": ("D", 10)}
FILE_MONTHS = {"JAN": "JANUARY", "APR": "APRIL", "JUL": "JULY", "OCT": "OCTOBER"}


@dataclass(slots=True)
class RvuRecord:
    """One row of the PPRRVU file: a code, or a code with modifier 26, TC or 53."""

    hcpcs: str
    modifier: str
    description: str
    status: str
    not_used_for_medicare: str
    work_rvu: Decimal | None
    nonfac_pe_rvu: Decimal | None
    nonfac_na: str
    fac_pe_rvu: Decimal | None
    fac_na: str
    mp_rvu: Decimal | None
    nonfac_total: Decimal | None
    fac_total: Decimal | None
    pctc: str
    global_days: str
    preop: Decimal | None
    intraop: Decimal | None
    postop: Decimal | None
    mult_proc: str
    bilateral: str
    assistant: str
    co_surgeon: str
    team_surgery: str
    pricing_ind: str
    endo_base: str
    conversion_factor: Decimal | None
    supervision: str
    calculation_flag: str
    imaging_family: str
    opps_nonfac_pe: Decimal | None
    opps_fac_pe: Decimal | None
    opps_mp: Decimal | None


NUMBER_FIELDS = {
    "work_rvu", "nonfac_pe_rvu", "fac_pe_rvu", "mp_rvu", "nonfac_total", "fac_total", "preop", "intraop",
    "postop", "conversion_factor", "opps_nonfac_pe", "opps_fac_pe", "opps_mp",
}
FIELDS = list(RvuRecord.__slots__)

# Documented values (RVUPUF26 Attachment A and field notes); anything else means a shifted or foreign column.
CHOICES = {
    "status": set("ABCDEFGHIJMNPRTX"),
    "pctc": set("0123456789"),
    "global_days": {"000", "010", "090", "MMM", "XXX", "YYY", "ZZZ"},
    "nonfac_na": {"", "NA"},
    "fac_na": {"", "NA"},
}

# Printed caption (the caption rows above the header, joined) → record field.
CAPTIONS = {
    "HCPCS": "hcpcs",
    "MOD": "modifier",
    "DESCRIPTION": "description",
    "STATUS CODE": "status",
    "NOT USED FOR MEDICARE PAYMENT": "not_used_for_medicare",
    "WORK RVU": "work_rvu",
    "NON-FAC PE RVU": "nonfac_pe_rvu",
    "NON-FAC NA INDICATOR": "nonfac_na",
    "FACILITY PE RVU": "fac_pe_rvu",
    "FACILITY NA INDICATOR": "fac_na",
    "MP RVU": "mp_rvu",
    "NON-FACILITY TOTAL": "nonfac_total",
    "FACILITY TOTAL": "fac_total",
    "PCTC IND": "pctc",
    "GLOB DAYS": "global_days",
    "PRE OP": "preop",
    "INTRA OP": "intraop",
    "POST OP": "postop",
    "MULT PROC": "mult_proc",
    "BILAT SURG": "bilateral",
    "ASST SURG": "assistant",
    "CO-SURG": "co_surgeon",
    "TEAM SURG": "team_surgery",
    "PRIC IND": "pricing_ind",
    "ENDO BASE": "endo_base",
    "CONV FACTOR": "conversion_factor",
    "PHYSICIAN SUPERVISION OF DIAGNOSTIC PROCEDURES": "supervision",
    "CALCULATION FLAG": "calculation_flag",
    "DIAGNOSTIC IMAGING FAMILY INDICATOR": "imaging_family",
    "NON-FACILITY PE USED FOR OPPS PAYMENT AMOUNT": "opps_nonfac_pe",
    "FACILITY PE USED FOR OPPS PAYMENT AMOUNT": "opps_fac_pe",
    "MP USED FOR OPPS PAYMENT AMOUNT": "opps_mp",
}
# Columns a file may lack: PRIC IND first appears in 2026.
OPTIONAL_FIELDS = {"pricing_ind"}

# Fixed-width TXT layout (RVUPUF26 "DATA RECORD", 1-based inclusive positions).
TXT_LAYOUT = [
    ("hcpcs", 1, 5), ("modifier", 6, 7), ("description", 8, 57), ("status", 58, 58),
    ("not_used_for_medicare", 59, 59), ("work_rvu", 60, 65), ("nonfac_pe_rvu", 67, 72), ("nonfac_na", 73, 74),
    ("fac_pe_rvu", 76, 81), ("fac_na", 82, 83), ("mp_rvu", 85, 89), ("nonfac_total", 91, 96),
    ("fac_total", 97, 102), ("pctc", 103, 103), ("global_days", 104, 106), ("preop", 107, 109),
    ("intraop", 110, 112), ("postop", 113, 115), ("mult_proc", 116, 116), ("bilateral", 117, 117),
    ("assistant", 118, 118), ("co_surgeon", 119, 119), ("team_surgery", 120, 120), ("pricing_ind", 121, 121),
    ("endo_base", 128, 132), ("conversion_factor", 133, 140), ("supervision", 142, 143),
    ("calculation_flag", 144, 144), ("imaging_family", 146, 147), ("opps_nonfac_pe", 152, 157),
    ("opps_fac_pe", 159, 164), ("opps_mp", 166, 171),
]
TXT_MIN_LENGTH = 171

TITLE = re.compile(r"(\d{4}) NATIONAL PHYSICIAN FEE SCHEDULE RELATIVE VALUE FILE (\w+) RELEASE", re.I)
FILE_NAME = re.compile(r"PPRRVU(\d{2}|\d{4})_?(JAN|APR|JUL|OCT)?", re.I)


def looks_like(file):
    """True for a PPRRVU file: by its name, or by the fee schedule title in its first lines."""
    if FILE_NAME.match(file.basename):
        return True
    if is_xlsx(file) or file.suffix not in (".csv", ".txt", ""):
        return False
    head = file.data[:2000].decode("latin-1", "replace")
    return bool(TITLE.search(head)) and "HCPCS" in head


def read_pprrvu(file):
    """Read a PPRRVU file (CSV, XLSX or fixed-width TXT) into its release and one record per row."""
    if file.suffix == ".txt":
        return _read_txt(file)
    rows = list(table_rows(file))
    header_index = _find_header(file, rows)
    release = _release(file, " ".join(" ".join(cells) for _, cells in rows[:header_index]))
    columns = _columns(file, rows, header_index)
    records = [_record_from_cells(file, line, cells, columns) for line, cells in rows[header_index + 1:]
               if any(cell.strip() for cell in cells)]
    if not records:
        raise SourceError(file.name, "the file has a header but no data rows (truncated?)", len(rows))
    return Parsed(release, records)


def _find_header(file, rows):
    for index, (_, cells) in enumerate(rows[:40]):
        if cells and cells[0].strip().upper() == "HCPCS" and len(cells) > 1 and cells[1].strip().upper() == "MOD":
            return index
    raise SourceError(file.name, "unknown layout: no header row starting 'HCPCS,MOD' in the first 40 lines", 1, 1)


def _columns(file, rows, header_index):
    """Map each column position to a record field from the caption rows printed above the header."""
    header_line, header = rows[header_index]
    captions = [rows[i][1] for i in range(max(0, header_index - 4), header_index)]
    positions = {}
    for position, cell in enumerate(header):
        parts = [row[position] for row in captions if position < len(row)] + [cell]
        caption = _normalize_caption(" ".join(parts))
        if not caption:
            raise SourceError(file.name, "extra column with no caption", header_line, position + 1)
        field = CAPTIONS.get(caption)
        if field is None:
            raise SourceError(file.name, f"unknown layout: column caption {caption!r} is not a known PPRRVU "
                              "column", header_line, position + 1)
        positions[field] = position
    missing = [f for f in FIELDS if f not in positions and f not in OPTIONAL_FIELDS]
    if missing:
        raise SourceError(file.name, "missing column(s): " + ", ".join(missing), header_line)
    return [(field, positions.get(field), _caption_of(field)) for field in FIELDS]


def _normalize_caption(text):
    text = re.sub(r"\s+", " ", text.upper()).strip()
    return text.replace("CO- SURG", "CO-SURG")


def _caption_of(field):
    return next(caption for caption, name in CAPTIONS.items() if name == field)


def _record_from_cells(file, line, cells, columns):
    if len(cells) != len([c for c in columns if c[1] is not None]):
        expected = len([c for c in columns if c[1] is not None])
        raise SourceError(file.name, f"expected {expected} columns, found {len(cells)}", line,
                          min(len(cells), expected) + 1)
    values = []
    for field, position, caption in columns:
        text = cells[position].strip() if position is not None else ""
        values.append(_value(file, line, position + 1 if position is not None else None, caption, field, text))
    return RvuRecord(*values)


def _value(file, line, column, caption, field, text):
    if field in NUMBER_FIELDS:
        return parse_decimal(file.name, line, column, caption, text)
    if field in CHOICES:
        return check_choice(file.name, line, column, caption, text, CHOICES[field])
    return text


def _read_txt(file):
    lines = text_lines(file)
    if not lines:
        raise SourceError(file.name, "the file is empty", 1)
    start = 1 if lines[0].startswith("HDR") else 0
    release = _release(file, lines[0] if start else "")
    records = []
    for number, line in enumerate(lines[start:], start=start + 1):
        if not line.strip():
            continue
        if len(line) < TXT_MIN_LENGTH:
            raise SourceError(file.name, f"record is {len(line)} characters, the layout needs at least "
                              f"{TXT_MIN_LENGTH} (truncated?)", number, len(line) + 1)
        values = [_value(file, number, begin, field.upper(), field, line[begin - 1:end].strip())
                  for field, begin, end in TXT_LAYOUT]
        records.append(RvuRecord(*values))
    if not records:
        raise SourceError(file.name, "no data records (truncated?)", len(lines))
    return Parsed(release, records)


def _release(file, title_text):
    """The release from the title line ("2026 ... July Release"), else from the file name (PPRRVU2026_Jul)."""
    match = TITLE.search(title_text)
    if match:
        year, month_name = int(match.group(1)), match.group(2).upper()
    else:
        name_match = FILE_NAME.match(file.basename)
        if not name_match or not name_match.group(2):
            raise SourceError(file.name, "cannot tell the release: no '<year> National Physician Fee Schedule "
                              "Relative Value File <month> Release' title and no PPRRVU<year>_<Mon> file name")
        year = int(name_match.group(1))
        year = year + 2000 if year < 100 else year
        month_name = FILE_MONTHS[name_match.group(2).upper()]
    if month_name not in RELEASE_MONTHS:
        raise SourceError(file.name, f"unknown release month {month_name!r}", 1)
    letter, month = RELEASE_MONTHS[month_name]
    return Release(KIND, f"PFS {year} {letter}", date(year, month, 1), year_end(year))
