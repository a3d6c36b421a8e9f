"""Turning a file's bytes into numbered rows of text cells (CSV or XLSX), checking a table's header and row widths,
and turning cells into typed values.

Every helper raises SourceError with the file, line and column, so each reader refuses bad input the same way.
"""

import csv
import io
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from .errors import SourceError

XLSX_MAGIC = b"PK\x03\x04"
# Bytes that Windows-1252 leaves undefined: their presence means the file is in some other encoding.
CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def decode_text(file):
    """Decode a text file as UTF-8, else as Windows-1252 (what CMS ships); refuse anything else."""
    data = file.data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        line, column = _position(data, data.find(b"\x00") if b"\x00" in data else 0)
        raise SourceError(file.name, "wrong encoding: this looks like UTF-16 or binary data; "
                          "save the file as UTF-8 or Windows-1252 text", line, column)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for offset, byte in enumerate(data):
        if byte in CP1252_UNDEFINED or (byte < 0x20 and byte not in (0x09, 0x0A, 0x0D, 0x0C)):
            line, column = _position(data, offset)
            raise SourceError(file.name, f"wrong encoding: byte 0x{byte:02X} is not text in UTF-8 or "
                              "Windows-1252", line, column)
    return data.decode("cp1252")


def _position(data, offset):
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return line, column


def text_lines(file):
    """The decoded lines of a text file without their line endings, in order (line 1 first)."""
    return decode_text(file).splitlines()


def csv_rows(file):
    """Yield (line number, cells) for each CSV record; the line number is where the record starts."""
    text = decode_text(file)
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as error:
        raise SourceError(file.name, f"not valid CSV: {error}", reader.line_num) from None


def xlsx_rows(file):
    """Yield (row number, cells as text) from the first sheet of an XLSX workbook."""
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(file.data))
        sheet = book.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except Exception as error:  # calamine raises several private types for a damaged workbook
        raise SourceError(file.name, f"not a readable XLSX workbook ({error})") from None
    for number, row in enumerate(rows, start=1):
        yield number, [_cell_text(value) for value in row]


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.strftime("%Y%m%d")
    if isinstance(value, date):
        return value.strftime("%Y%m%d")
    return str(value)


def is_xlsx(file):
    return file.data.startswith(XLSX_MAGIC) and file.suffix in (".xlsx", ".xlsm", "")


def table_rows(file):
    """Rows of a CSV or XLSX file, chosen by content, as (line or row number, cells)."""
    return xlsx_rows(file) if is_xlsx(file) else csv_rows(file)


def parse_decimal(file, line, column, field, text, blank=None):
    """A number cell as Decimal; a blank cell gives `blank`; anything else non-numeric is refused."""
    text = text.strip()
    if not text:
        return blank
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise SourceError(file, f"{text[:40]!r} is not a number", line, column, field) from None
    if not value.is_finite():
        raise SourceError(file, f"{text[:40]!r} is not a number", line, column, field)
    return value


def parse_int(file, line, column, field, text, blank=None):
    """A whole-number cell as int; a blank cell gives `blank`."""
    text = text.strip()
    if not text:
        return blank
    if not text.lstrip("-").isdigit():
        raise SourceError(file, f"{text[:40]!r} is not a whole number", line, column, field)
    return int(text)


def parse_yyyymmdd(file, line, column, field, text):
    """A CCYYMMDD date cell (HCPCS style) as a date; blank or all zeros gives None."""
    text = text.strip()
    if not text or text.strip("0") == "":
        return None
    try:
        return date(int(text[0:4]), int(text[4:6]), int(text[6:8])) if len(text) == 8 and text.isdigit() \
            else _bad_date(text)
    except ValueError:
        raise SourceError(file, f"{text!r} is not a date (CCYYMMDD)", line, column, field) from None


def parse_mdy(file, line, column, field, text):
    """An M/D/YYYY date cell (CARC, MUE style) as a date; blank gives None."""
    text = text.strip()
    if not text:
        return None
    try:
        month, day, year = (int(part) for part in text.split("/"))
        if year < 100:
            year += 2000
        return date(year, month, day)
    except ValueError:
        raise SourceError(file, f"{text!r} is not a date (M/D/YYYY)", line, column, field) from None


def _bad_date(text):
    raise ValueError(text)


def check_choice(file, line, column, field, text, allowed):
    """Refuse an indicator value outside the set the CMS documentation defines."""
    if text not in allowed:
        shown = ", ".join(sorted(a or "blank" for a in allowed))
        raise SourceError(file, f"{text[:20]!r} is not a known value (expected one of {shown})",
                          line, column, field)
    return text


def check_header(file, line, cells, captions, fields=None, normalize=str.strip):
    """Refuse a header row (trailing blank cells aside) that is not exactly `captions`, compared after `normalize`.

    The error names the first missing, extra or unexpected column, with its field from `fields` (default: the caption).
    """
    fields = fields or captions
    header = [normalize(cell) for cell in cells]
    while header and not header[-1]:
        header.pop()
    wanted_all = [normalize(caption) for caption in captions]
    for index, (wanted, found) in enumerate(zip(wanted_all, header)):
        if wanted != found:
            _refuse_column(file, line, index, cells[index].strip(), captions, fields,
                           missing=found in wanted_all[index + 1:], extra=wanted in header[index + 1:])
    if len(header) < len(captions):
        _refuse_column(file, line, len(header), "", captions, fields, missing=True)
    if len(header) > len(captions):
        _refuse_column(file, line, len(captions), cells[len(captions)].strip(), captions, fields, extra=True)


def _refuse_column(file, line, index, found, captions, fields, missing=False, extra=False):
    """Raise the header error for the column at `index`: a caption missing there, an extra one, or a wrong one."""
    column = index + 1
    if missing:
        raise SourceError(file, f"missing column {captions[index]!r}", line, column, fields[index])
    if extra:
        raise SourceError(file, f"extra column {found!r}", line, column)
    raise SourceError(file, f"unknown layout: expected column {captions[index]!r}, found {found!r}", line, column,
                      fields[index])


def check_width(file, line, cells, captions, fields=None):
    """Refuse a data row with fewer cells than `captions`, or with a non-blank cell beyond the last caption.

    A missing cell is reported at its column with its field from `fields` (default: the caption).
    """
    fields = fields or captions
    if len(cells) < len(captions):
        raise SourceError(file, f"expected {len(captions)} columns, found {len(cells)}", line, len(cells) + 1,
                          fields[len(cells)])
    extra = next((i for i, cell in enumerate(cells[len(captions):], start=len(captions)) if cell.strip()), None)
    if extra is not None:
        raise SourceError(file, f"extra cell {cells[extra][:40]!r} beyond the last column", line, extra + 1)
