"""Reader for the NCCI practitioner PTP (procedure-to-procedure) edit files, ccipra-v322r0-f1.TXT and its parts.

The TXT is tab-separated: an AMA notice line, a "Column1/Column2 Edits" title, a header wrapped over four lines
("Column 1 | Column 2 | *=in existence prior to 1996 | Effective Date | Deletion Date *=no data |
Modifier 0=not allowed 1=allowed 9=not applicable | PTP Edit Rationale"), then one edit per line with dates as
CCYYMMDD. CMS splits each quarter's table into four files (-f1 … -f4) by column-one code; each reads on its own
and all four give the same release, so the catalog must treat them as parts of one edition.
"""

import re
from dataclasses import dataclass
from datetime import date

from .errors import SourceError
from .files import Parsed, Release
from .table import check_header, parse_yyyymmdd, text_lines

KIND = "ptp"
# "v322r0" is NCCI version 32.2, revision 0. The version's whole part counts years from 1994 (31 = 2025,
# 32 = 2026) and its decimal the quarter from 0 (.0 January … .3 October): CMS publishes v321r0 as
# "medicare-ncci-2026q2-…" and v322r0 as "…2026q3…", and versions 31.2 and 31.3 took effect on 2025-07-01 and
# 2025-10-01.
FILE_NAME = re.compile(r"ccipra-v(\d{2})(\d)r(\d+)-f(\d+)\.txt", re.I)
VERSION_YEAR_ZERO = 1994
CAPTIONS = ["Column 1", "Column 2", "*=in existence", "Effective", "Deletion", "Modifier", "PTP Edit Rationale"]
COLUMN_FIELDS = ["column1", "column2", "prior_1996", "effective_date", "deletion_date", "modifier_indicator",
                 "rationale"]
HEADER_SEARCH_LINES = 10
PRIOR_1996 = {"*": True, "": False}
MODIFIER_INDICATORS = {"0": 0, "1": 1, "9": 9}


@dataclass(slots=True)
class PtpRecord:
    """One PTP edit: column2 is not paid with column1 on the same day unless the modifier indicator allows it."""

    column1: str
    column2: str
    prior_1996: bool
    effective_date: date
    deletion_date: date | None
    modifier_indicator: int
    rationale: str


def looks_like(file):
    """True for a practitioner PTP edit file by its CMS name (ccipra-v322r0-f1.TXT)."""
    return bool(FILE_NAME.fullmatch(file.basename))


def read_ptp(file):
    """Read one part of the practitioner PTP table into its release ("PTP 2026 Q3 practitioner") and its edits."""
    release = _release(file)
    lines = text_lines(file)
    if not any(line.strip() for line in lines):
        raise SourceError(file.name, "the file is empty", 1)
    start = _data_start(file, lines)
    records = _records(file, lines, start)
    if not records:
        raise SourceError(file.name, "the file has a header but no edits (truncated?)", start + 1)
    return Parsed(release, records)


def _release(file):
    match = FILE_NAME.fullmatch(file.basename)
    if not match:
        raise SourceError(file.name, "cannot tell the release: the file name should be like ccipra-v322r0-f1.TXT, "
                          "as CMS names it")
    major, minor = int(match.group(1)), int(match.group(2))
    if minor > 3:
        raise SourceError(file.name, f"version {major}.{minor} in the file name is not a quarterly NCCI version "
                          "(the decimal runs 0 to 3)")
    year, quarter = VERSION_YEAR_ZERO + major, minor + 1
    # A revision (r1, r2 …) corrects its quarter's edition rather than adding one, so it keeps the same name.
    # CMS splits each quarter's table into files f1 to f4: each is one part of the same release.
    return Release(KIND, f"PTP {year} Q{quarter} practitioner", date(year, 3 * minor + 1, 1), None,
                   part=f"f{match.group(FILE_NAME.groups)}")


def _data_start(file, lines):
    """Index of the first line after the header block (the caption line and its wrapped continuation lines)."""
    header = next((i for i, line in enumerate(lines[:HEADER_SEARCH_LINES])
                   if _normal(line.split("\t")[0]) == _normal(CAPTIONS[0])), None)
    if header is None:
        raise SourceError(file.name, "unknown layout: no header line starting 'Column 1<tab>Column 2' in the first "
                          f"{HEADER_SEARCH_LINES} lines", 1, 1)
    check_header(file.name, header + 1, lines[header].split("\t"), CAPTIONS, COLUMN_FIELDS, _normal)
    start = header + 1
    while start < len(lines) and not "".join(lines[start].split("\t")[:2]).strip():
        start += 1  # the captions wrap onto lines whose first two cells are blank
    return start


def _normal(text):
    return " ".join(text.split()).upper()


def _records(file, lines, start):
    # A few hundred distinct dates and values over ~675,000 edits: look the cells up in dictionaries filled by
    # the checked (slow) path, which also refuses bad values with their line and column.
    effective_dates, deletion_dates = {}, {"*": None, "": None}
    records = []
    for number, line in enumerate(lines[start:], start=start + 1):
        cells = line.split("\t")
        if len(cells) != len(CAPTIONS):
            if not line.strip():
                continue
            cells = _check_width(file, number, cells)
        column1, column2, prior, effective, deletion, modifier, rationale = cells
        try:
            record = PtpRecord(column1.strip(), column2.strip(), PRIOR_1996[prior], effective_dates[effective],
                               deletion_dates[deletion], MODIFIER_INDICATORS[modifier], rationale.strip())
        except KeyError:
            record = _checked_record(file, number, cells, effective_dates, deletion_dates)
        if not record.column1 or not record.column2:
            position = 1 if not record.column1 else 2
            raise SourceError(file.name, "blank code", number, position, COLUMN_FIELDS[position - 1])
        records.append(record)
    return records


def _check_width(file, number, cells):
    """The first seven cells of a line with more (blank) cells; refuse missing or non-blank extra cells."""
    if len(cells) < len(CAPTIONS):
        raise SourceError(file.name, f"expected {len(CAPTIONS)} tab-separated columns, found {len(cells)} "
                          "(truncated?)", number, len(cells) + 1, COLUMN_FIELDS[len(cells)])
    extra = next((i for i, cell in enumerate(cells[len(CAPTIONS):], start=len(CAPTIONS)) if cell.strip()), None)
    if extra is not None:
        raise SourceError(file.name, f"extra column {cells[extra][:40]!r}", number, extra + 1)
    return cells[:len(CAPTIONS)]


def _checked_record(file, number, cells, effective_dates, deletion_dates):
    column1, column2, prior, effective, deletion, modifier, rationale = (cell.strip() for cell in cells)
    if prior not in PRIOR_1996:
        raise SourceError(file.name, f"{prior[:20]!r} is not '*' or blank", number, 3, "prior_1996")
    if modifier not in MODIFIER_INDICATORS:
        raise SourceError(file.name, f"{modifier[:20]!r} is not a modifier indicator (0, 1 or 9)", number, 6,
                          "modifier_indicator")
    effective_date = parse_yyyymmdd(file.name, number, 4, "effective_date", effective)
    if effective_date is None:
        raise SourceError(file.name, "blank effective date", number, 4, "effective_date")
    effective_dates[effective] = effective_date
    if deletion not in deletion_dates:
        deletion_dates[deletion] = parse_yyyymmdd(file.name, number, 5, "deletion_date", deletion)
    return PtpRecord(column1, column2, PRIOR_1996[prior], effective_date, deletion_dates[deletion],
                     MODIFIER_INDICATORS[modifier], rationale)
