"""Editing a real XLSX workbook's first sheet as XML text, to build small and broken workbooks for reader tests."""

import io
import re
import zipfile
from xml.sax.saxutils import escape

SHEET = "xl/worksheets/sheet1.xml"


def edited_xlsx(data, edit):
    """The workbook with its first sheet's XML passed through `edit` (text in, text out)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as book, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in book.infolist():
            content = book.read(item.filename)
            if item.filename == SHEET:
                content = edit(content.decode("utf-8")).encode("utf-8")
            copy.writestr(item, content)
    return out.getvalue()


def set_cell(xml, ref, text):
    """The sheet XML with cell `ref` (e.g. "AR5") holding `text` as an inline string."""
    cell = f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'
    new, count = re.subn(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', lambda _: cell, xml, count=1)
    assert count == 1, ref
    return new


def keep_rows(count):
    """An edit that keeps only the first `count` rows of the sheet, so each bad-input workbook stays small."""
    def edit(xml):
        start, end = xml.index(f'<row r="{count + 1}"'), xml.index("</sheetData>")
        return xml[:start] + xml[end:]
    return edit
