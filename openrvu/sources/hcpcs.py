"""Reader for the CMS HCPCS Level II alpha-numeric file, as the fixed-width TXT and as the XLSX.

Positions are from CMS's record layout (HCPC2026_recordlayout.txt, "HCPCS Contractor Record - 2026"): one
320-character record per line, a first line per code (record id 3, or 7 for a modifier) carrying every field,
then continuation lines (4 or 8) that only carry more of the long description. The XLSX has one row per code
with the same fields. Multi-valued fields (pricing indicators, CIM, MCM, lab certifications, cross-references,
types of service) are kept as one string, the values joined by a space.
"""

import re
from dataclasses import dataclass
from datetime import date
from operator import itemgetter

from .errors import SourceError
from .files import Parsed, Release, year_end
from .table import check_choice, check_header, check_width, is_xlsx, parse_int, parse_yyyymmdd, text_lines, xlsx_rows

KIND = "hcpcs"
FILE_NAME = re.compile(r"HCPC(\d{4})_(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)_", re.I)
MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
# Files shipped in the same ZIP that share the name pattern but are not the code file.
OTHER_FILES = re.compile(r"correction|record_?layout|proc_?notes?|noc|transaction|report", re.I)

RECORD_LENGTH = 320
FIRST_LINE = {"3": False, "7": True}  # record id → is a modifier
CONTINUES = {"4": "3", "8": "7"}  # continuation record id → the first-line id it extends


def _repeat(caption, count, first, width):
    return [(f"{caption}{n}", first + (n - 1) * width, first + n * width - 1) for n in range(1, count + 1)]


# (record field, kind of value, [(XLSX caption, first and last position in the TXT record)]), in file order.
LAYOUT = [
    ("code", "code", [("HCPC", 1, 5)]),
    ("sequence", "sequence", [("SEQNUM", 6, 10)]),
    ("record_id", "record_id", [("RECID", 11, 11)]),
    ("long_description", "description", [("LONG DESCRIPTION", 12, 91)]),
    ("short_description", "text", [("SHORT DESCRIPTION", 92, 119)]),
    ("pricing_indicators", "list", _repeat("PRICE", 4, 120, 2)),
    ("multiple_pricing_indicator", "choice", [("MULT_PI", 128, 128)]),
    ("cim_references", "list", _repeat("CIM", 3, 129, 6)),
    ("mcm_references", "list", _repeat("MCM", 3, 147, 8)),
    ("statute", "text", [("STATUTE", 171, 180)]),
    ("lab_certifications", "list", _repeat("LABCERT", 8, 181, 3)),
    ("cross_references", "list", _repeat("XREF", 5, 205, 5)),
    ("coverage", "choice", [("COV", 230, 230)]),
    ("asc_group", "text", [("ASC_GRP", 231, 232)]),
    ("asc_date", "date", [("ASC_DT", 233, 240)]),
    ("opps_group", "text", [("OPPS", 241, 243)]),
    ("opps_indicator", "text", [("OPPS_PI", 244, 244)]),
    ("opps_date", "date", [("OPPS_DT", 245, 252)]),
    ("processing_note", "text", [("PROCNOTE", 253, 256)]),
    ("betos", "text", [("BETOS", 257, 259)]),
    ("types_of_service", "list", _repeat("TOS", 5, 261, 1)),
    ("anesthesia_base_units", "int", [("ANEST_BU", 266, 268)]),
    ("add_date", "date", [("ADD DT", 269, 276)]),
    ("action_effective_date", "date", [("ACT EFF DT", 277, 284)]),
    ("termination_date", "date", [("TERM DT", 285, 292)]),
    ("action_code", "choice", [("ACTION CD", 293, 293)]),
]
SLOTS = [slot for _, _, slots in LAYOUT for slot in slots]
CAPTIONS = [caption for caption, _, _ in SLOTS]
TXT_COLUMNS = [first for _, first, _ in SLOTS]
XLSX_COLUMNS = list(range(1, len(SLOTS) + 1))
TXT_CELLS = itemgetter(*[slice(first - 1, last) for _, first, last in SLOTS])
DESCRIPTION = slice(11, 91)

# The value sets the record layout documents; anything else means a shifted or foreign column.
CHOICES = {
    "multiple_pricing_indicator": {"", "9", "A", "B", "C", "D", "E", "F", "G"},  # blank on modifier rows
    "coverage": {"C", "D", "I", "M", "S"},
    "action_code": {"A", "B", "C", "D", "F", "N", "P", "R", "S", "T"},
}


@dataclass(slots=True)
class HcpcsRecord:
    """One HCPCS Level II procedure code or modifier, with its descriptors and administrative fields."""

    code: str
    is_modifier: bool
    long_description: str
    short_description: str
    pricing_indicators: str
    multiple_pricing_indicator: str
    cim_references: str
    mcm_references: str
    statute: str
    lab_certifications: str
    cross_references: str
    coverage: str
    asc_group: str
    asc_date: date | None
    opps_group: str
    opps_indicator: str
    opps_date: date | None
    processing_note: str
    betos: str
    types_of_service: str
    anesthesia_base_units: int | None
    add_date: date | None
    action_effective_date: date | None
    termination_date: date | None
    action_code: str


def _plan():
    """(field, kind, indexes of its cells) for the fields read cell by cell; code, ids and description aside."""
    plan, index = [], 0
    for field, kind, slots in LAYOUT:
        if kind not in ("code", "sequence", "record_id", "description"):
            plan.append((field, kind, list(range(index, index + len(slots)))))
        index += len(slots)
    return plan


PLAN = _plan()


def looks_like(file):
    """True for the main HCPCS file by its CMS name (HCPC2026_JAN_ANWEB_….txt or .xlsx), not its companions.

    The name alone decides, so a damaged or re-encoded copy is still claimed and refused with the reason.
    """
    name = file.basename
    return bool(FILE_NAME.match(name)) and not OTHER_FILES.search(name) and file.suffix in (".txt", ".xlsx")


def read_hcpcs(file):
    """Read the HCPCS file (TXT or XLSX) into its release ("HCPCS 2026 Jan") and one record per code or modifier."""
    release = _release(file)
    numbered = _read_xlsx(file) if file.suffix == ".xlsx" or is_xlsx(file) else _read_txt(file)
    if not numbered:
        raise SourceError(file.name, "no code records (truncated?)", 2)
    _check_unique(file, numbered)
    return Parsed(release, [record for _, record in numbered])


def _release(file):
    match = FILE_NAME.match(file.basename)
    if not match:
        raise SourceError(file.name, "cannot tell the release: the file name should start HCPC<year>_<Mon>_, "
                          "as CMS names it (e.g. HCPC2026_JAN_ANWEB_01122026.txt)")
    year, month = int(match.group(1)), MONTHS.index(match.group(2).upper()) + 1
    return Release(KIND, f"HCPCS {year} {match.group(2).title()}", date(year, month, 1), year_end(year))


def _read_txt(file):
    lines = text_lines(file)
    first = next((n for n, line in enumerate(lines, start=1) if line.strip()), None)
    if first is None:
        raise SourceError(file.name, "the file is empty", 1)
    _check_first_line(file, first, lines[first - 1])
    numbered, current = [], None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue  # CMS ends the file with a line of spaces
        _check_length(file, number, line)
        record_id = line[10]
        if record_id in FIRST_LINE:
            if current:
                numbered.append(_txt_record(file, *current))
            current = (number, line, [line[DESCRIPTION]])
        elif record_id in CONTINUES:
            _check_continuation(file, number, line, current)
            current[2].append(line[DESCRIPTION])
        else:
            raise SourceError(file.name, f"unknown record id {record_id!r} (the layout has 3, 4, 7 and 8)",
                              number, 11, "RECID")
    if current:
        numbered.append(_txt_record(file, *current))
    return numbered


def _check_first_line(file, number, line):
    if len(line) < 11 or line[10] not in FIRST_LINE:
        raise SourceError(file.name, f"unknown layout: expected {RECORD_LENGTH}-character HCPCS records, the "
                          "first with record id 3 or 7 in position 11", number, 11, "RECID")


def _check_length(file, number, line):
    if len(line) < RECORD_LENGTH:
        raise SourceError(file.name, f"record is {len(line)} characters, the layout needs {RECORD_LENGTH} "
                          "(truncated?)", number, len(line) + 1)
    tail = line[RECORD_LENGTH:]
    if tail.strip():  # one real record runs on past 320 with spaces only, which is harmless
        column = RECORD_LENGTH + len(tail) - len(tail.lstrip()) + 1
        raise SourceError(file.name, f"extra characters after position {RECORD_LENGTH}, where the record "
                          "ends", number, column)


def _check_continuation(file, number, line, current):
    if current is None or current[1][:5] != line[:5] or current[1][10] != CONTINUES[line[10]]:
        raise SourceError(file.name, f"continuation line for {line[:5].strip()!r} does not follow the first "
                          "line of that code", number, 11, "RECID")


def _txt_record(file, number, line, descriptions):
    # The TXT wraps the long description at 80 characters and loses the spacing at each break, so it is
    # rejoined with single spaces (the XLSX text is normalised the same way; see _description).
    description = _description(" ".join(descriptions))
    return number, _record(file, number, list(TXT_CELLS(line)), TXT_COLUMNS, description)


def _read_xlsx(file):
    rows = [(line, cells) for line, cells in xlsx_rows(file) if any(cell.strip() for cell in cells)]
    if not rows:
        raise SourceError(file.name, "the workbook's first sheet is empty", 1)
    _check_header(file, *rows[0])
    numbered = []
    for line, cells in rows[1:]:
        check_width(file.name, line, cells, CAPTIONS)
        numbered.append((line, _record(file, line, cells[:len(CAPTIONS)], XLSX_COLUMNS, _description(cells[3]))))
    return numbered


def _check_unique(file, numbered):
    seen = {}
    for line, record in numbered:
        key = (record.code, record.is_modifier)
        if key in seen:
            raise SourceError(file.name, f"code {record.code} appears twice (first on line {seen[key]})", line, 1,
                              "HCPC")
        seen[key] = line


def _check_header(file, line, header):
    """Refuse a sheet whose first caption is not HCPC (not the HCPCS layout at all), then check every caption."""
    first = header[0].strip() if header else ""
    if first != CAPTIONS[0]:
        raise SourceError(file.name, f"unknown layout: the first column should be {CAPTIONS[0]!r}, found "
                          f"{first!r}", line, 1)
    check_header(file.name, line, header, CAPTIONS)


def _description(text):
    return " ".join(text.split())


def _record(file, line, cells, columns, long_description):
    """Build a record from the 48 cells (TXT slices or XLSX cells, in the same order)."""
    code, is_modifier = _code(file, line, cells, columns)
    values = {"code": code, "is_modifier": is_modifier, "long_description": long_description}
    for field, kind, indexes in PLAN:
        values[field] = _value(file, line, cells, columns, field, kind, indexes)
    return HcpcsRecord(**values)


def _code(file, line, cells, columns):
    record_id = cells[2].strip()
    if record_id not in FIRST_LINE:
        raise SourceError(file.name, f"record id {record_id!r} is not a first line (3 or 7)", line, columns[2],
                          "RECID")
    parse_int(file.name, line, columns[1], "SEQNUM", cells[1])
    is_modifier = FIRST_LINE[record_id]
    code = cells[0].strip()
    if len(code) != (2 if is_modifier else 5) or not code.isalnum():
        kind = "modifier" if is_modifier else "procedure code"
        raise SourceError(file.name, f"{cells[0]!r} is not a HCPCS {kind}", line, columns[0], "HCPC")
    return code, is_modifier


def _value(file, line, cells, columns, field, kind, indexes):
    index = indexes[0]
    if kind == "list":
        return " ".join(value for value in (cells[i].strip() for i in indexes) if value)
    if kind == "date":
        return parse_yyyymmdd(file.name, line, columns[index], CAPTIONS[index], cells[index])
    if kind == "int":
        return parse_int(file.name, line, columns[index], CAPTIONS[index], cells[index])
    text = cells[index].strip()
    if kind == "choice":
        return check_choice(file.name, line, columns[index], CAPTIONS[index], text, CHOICES[field])
    return text
