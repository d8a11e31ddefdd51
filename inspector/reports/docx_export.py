"""The drafted report as a Word document (python-docx), for the office to edit before signing.

Same content and order as the PDF: the Decree 30/2020 header, title, the drafted text, the
signature block, then the tables in a landscape section. Times New Roman 14 with the Decree
30/2020 margins; the East Asian and complex-script font slots are set too, so Word never falls
back on a font without Vietnamese letters.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from inspector.domain.text import format_date_long
from inspector.reports.heading import ReportHeading
from inspector.reports.pdf import APPENDIX_TABLES
from inspector.reports.prose import draft_report
from inspector.reports.tables import ReportTable, cell_text, table_by_key, tally_tables
from inspector.services.tallies import Tally

__all__ = ["FONT", "tally_docx"]

FONT = "Times New Roman"


def _font(run: Any, size: float, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def _para(container: Any, text: str, size: float = 14, *, bold: bool = False,
          italic: bool = False, align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
          indent: bool = False, after: float = 6) -> Any:
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(0)
    if indent:
        fmt.first_line_indent = Cm(1.27)
    _font(p.add_run(text), size, bold, italic)
    return p


def _no_borders(table: Any) -> None:
    borders = table._tbl.tblPr.first_child_found_in("w:tblBorders")
    if borders is not None:
        table._tbl.tblPr.remove(borders)


def _cell(cell: Any, lines: Sequence[tuple[str, float, bool, bool]],
          align: Any = WD_ALIGN_PARAGRAPH.CENTER) -> None:
    cell.paragraphs[0].text = ""
    first = True
    for text, size, bold, italic in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.alignment = align
        p.paragraph_format.space_after = Pt(0)
        _font(p.add_run(text), size, bold, italic)


def _header(doc: Any, heading: ReportHeading) -> None:
    table = doc.add_table(rows=2, cols=2)
    _no_borders(table)
    table.columns[0].width = Mm(75)
    table.columns[1].width = Mm(90)
    _cell(table.cell(0, 0), [(heading.superior_agency.upper(), 12, False, False),
                             (heading.agency_name.upper(), 12, True, False)])
    _cell(table.cell(0, 1), [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, True, False),
                             ("Độc lập - Tự do - Hạnh phúc", 13, True, False)])
    _cell(table.cell(1, 0), [(f"Số: …/{heading.number_symbol}", 13, False, False)])
    when = format_date_long(heading.report_date) if heading.report_date else \
        "ngày … tháng … năm …"
    _cell(table.cell(1, 1), [(f"{heading.place_name or '…'}, {when}", 14, False, True)])


def _signature(doc: Any, heading: ReportHeading) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left = [("Nơi nhận:", 12, True, True)] + [
        (f"- {r};" if n < len(heading.recipients) - 1 else f"- {r}.", 11, False, False)
        for n, r in enumerate(heading.recipients)]
    _cell(table.cell(0, 0), left, WD_ALIGN_PARAGRAPH.LEFT)
    _cell(table.cell(0, 1), [(heading.signer_title.upper(), 14, True, False), ("", 14, False, False),
                             ("", 14, False, False), ("", 14, False, False),
                             (heading.signer_name, 14, True, False)])


def _table(doc: Any, table: ReportTable) -> None:
    _para(doc, table.title, 12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=3)
    if not table.rows:
        _para(doc, "(Không có số liệu)", 11, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        return
    extra = 1 if table.has_total else 0
    grid = doc.add_table(rows=1 + len(table.rows) + extra, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    total_width = 257.0
    weights = [c.width for c in table.columns]
    for c, column in enumerate(table.columns):
        width = Mm(total_width * column.width / sum(weights))
        for cell in grid.columns[c].cells:
            cell.width = width
        _cell(grid.cell(0, c), [(column.title, 10, True, False)])
    right = WD_ALIGN_PARAGRAPH.RIGHT
    for r, row in enumerate(table.rows):
        for c, value in enumerate(row):
            kind = table.kind_of(r, c)
            _cell(grid.cell(r + 1, c), [(cell_text(value, kind), 10, False, False)],
                  right if kind in ("int", "money") else WD_ALIGN_PARAGRAPH.LEFT)
    if extra:
        for c, (column, value) in enumerate(zip(table.columns, table.totals(), strict=True)):
            text = cell_text(value, column.kind) if column.total else str(value or "")
            _cell(grid.cell(len(table.rows) + 1, c), [(text, 10, True, False)],
                  right if column.total else WD_ALIGN_PARAGRAPH.LEFT)
    if table.note:
        _para(doc, "Ghi chú: " + table.note, 10, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(doc, "", 6, after=0)


def tally_docx(t: Tally, heading: ReportHeading) -> bytes:
    """The .docx bytes: header, drafted text, signature, then the tables (landscape)."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:eastAsia", "w:cs"):
        rfonts.set(qn(slot), FONT)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    text = draft_report(t)
    doc.core_properties.title = f"{text.title} - {text.summary}"
    doc.core_properties.author = heading.issuer
    doc.core_properties.language = "vi-VN"
    _header(doc, heading)
    _para(doc, "", 6, after=0)
    _para(doc, text.title, 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(doc, text.summary, 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)
    for p in text.paragraphs:
        if p.style == "heading":
            _para(doc, p.text, 14, bold=True, indent=True)
        elif p.style == "item":
            _para(doc, "- " + p.text, 14, indent=True)
        else:
            _para(doc, p.text, 14, indent=True)
    _signature(doc, heading)
    wide = doc.add_section(WD_SECTION.NEW_PAGE)
    wide.orientation = WD_ORIENT.LANDSCAPE
    wide.page_width, wide.page_height = Mm(297), Mm(210)
    wide.left_margin = wide.right_margin = Mm(20)
    wide.top_margin, wide.bottom_margin = Mm(20), Mm(15)
    _para(doc, "PHỤ LỤC", 14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _para(doc, f"Số liệu thống kê công tác thanh tra, kiểm tra {t.period.label}", 13,
          italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=8)
    tables = tally_tables(t)
    for key in APPENDIX_TABLES:
        _table(doc, table_by_key(tables, key))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
