"""The tally as an Excel workbook: one sheet per table, formatted for people who will edit it.

Why these choices: the number format ``#,##0`` shows 15.500.000 in a Vietnamese Excel or
LibreOffice (the locale supplies the dot) and stays a number that sums; totals and the summary's
differences are formulas, so a figure corrected by hand carries into its total; headers are
frozen and wrap; pages print landscape, one page wide.

Speed: a national year has tens of thousands of rows (4,000 inspections, 12,000 communes), so
the cells get their look from a few named styles ("TK …", also offered in Excel's cell styles)
registered once per workbook; giving each cell its own font, border and alignment objects made
openpyxl compare style objects hundreds of thousands of times (6 s for such a year).
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from inspector.reports.tables import Kind, ReportTable, tally_tables
from inspector.services.tallies import Tally

__all__ = ["FIRST_DATA_ROW", "HEADER_ROW", "NUMBER_FORMAT", "tally_xlsx"]

NUMBER_FORMAT = "#,##0"
DATE_FORMAT = "DD/MM/YYYY"
HEADER_ROW = 4
FIRST_DATA_ROW = HEADER_ROW + 1
FONT = "Times New Roman"

_thin = Side(style="thin", color="808080")
_BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
_HEADER_FILL = PatternFill("solid", fgColor="1F5F99")
_TOTAL_FILL = PatternFill("solid", fgColor="E8EEF5")

# The named styles: (name, font, fill, border, alignment, number format).
_TITLE, _SUBTITLE, _HEADER, _TEXT, _NUMBER, _DATE, _TOTAL_TEXT, _TOTAL_NUMBER, _NOTE = (
    "TK tiêu đề", "TK ghi chú kỳ", "TK tiêu đề cột", "TK chữ", "TK số", "TK ngày",
    "TK tổng cộng", "TK tổng cộng số", "TK không có số liệu")
_STYLES: tuple[tuple[str, Font, PatternFill | None, Border | None, Alignment | None, str], ...] = (
    (_TITLE, Font(name=FONT, bold=True, size=13), None, None, None, "General"),
    (_SUBTITLE, Font(name=FONT, italic=True, size=10), None, None,
     Alignment(wrap_text=True, vertical="top"), "General"),
    (_HEADER, Font(name=FONT, bold=True, color="FFFFFF", size=11), _HEADER_FILL, _BORDER,
     Alignment(horizontal="center", vertical="center", wrap_text=True), "General"),
    (_TEXT, Font(name=FONT, size=11), None, _BORDER, Alignment(wrap_text=True, vertical="top"),
     "General"),
    (_NUMBER, Font(name=FONT, size=11), None, _BORDER,
     Alignment(horizontal="right", vertical="top"), NUMBER_FORMAT),
    (_DATE, Font(name=FONT, size=11), None, _BORDER,
     Alignment(horizontal="center", vertical="top"), DATE_FORMAT),
    (_TOTAL_TEXT, Font(name=FONT, bold=True, size=11), _TOTAL_FILL, _BORDER, None, "General"),
    (_TOTAL_NUMBER, Font(name=FONT, bold=True, size=11), _TOTAL_FILL, _BORDER,
     Alignment(horizontal="right"), NUMBER_FORMAT),
    (_NOTE, Font(name=FONT, italic=True), None, None, None, "General"),
)
_BY_KIND: dict[Kind, str] = {"int": _NUMBER, "money": _NUMBER, "date": _DATE, "text": _TEXT}


def _add_styles(wb: Workbook) -> None:
    for name, font, fill, border, alignment, number_format in _STYLES:
        style = NamedStyle(name=name, font=font, number_format=number_format)
        if fill is not None:
            style.fill = fill
        if border is not None:
            style.border = border
        if alignment is not None:
            style.alignment = alignment
        wb.add_named_style(style)


def _sheet(ws: Worksheet, table: ReportTable, subtitle: str) -> None:
    ncols = len(table.columns)
    ws["A1"] = table.title
    ws["A1"].style = _TITLE
    ws["A2"] = subtitle + (f" {table.note}" if table.note else "")
    ws["A2"].style = _SUBTITLE
    if ncols > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    ws.row_dimensions[2].height = 28
    for col, column in enumerate(table.columns, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=column.title)
        cell.style = _HEADER
        ws.column_dimensions[get_column_letter(col)].width = column.width
    ws.row_dimensions[HEADER_ROW].height = 45
    styles = [_BY_KIND[c.kind] for c in table.columns]
    per_row = table.row_kinds is not None
    for r, row in enumerate(table.rows):
        excel_row = FIRST_DATA_ROW + r
        if table.key == "summary":  # the difference as a formula of the two periods
            row = (*row[:3], f"=B{excel_row}-C{excel_row}", *row[4:])
        ws.append(row)
        if per_row:
            styles = [_BY_KIND[table.kind_of(r, c)] for c in range(ncols)]
        for c, style in enumerate(styles, start=1):
            ws.cell(row=excel_row, column=c).style = style
    if not table.rows:
        cell = ws.cell(row=FIRST_DATA_ROW, column=1, value="(không có số liệu)")
        cell.style = _NOTE
    elif table.has_total:
        total_row = FIRST_DATA_ROW + len(table.rows)
        last = total_row - 1
        for c, (column, value) in enumerate(zip(table.columns, table.totals(), strict=True)):
            letter = get_column_letter(c + 1)
            content: Any = (f"=SUM({letter}{FIRST_DATA_ROW}:{letter}{last})" if column.total
                            else (value or None))
            cell = ws.cell(row=total_row, column=c + 1, value=content)
            cell.style = _TOTAL_NUMBER if column.total else _TOTAL_TEXT
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=1)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def tally_xlsx(t: Tally, agency: str = "") -> bytes:
    """The workbook as bytes; ``agency`` is printed under each sheet's title."""
    wb = Workbook()
    default = wb.active
    if default is not None:
        wb.remove(default)
    _add_styles(wb)
    subtitle = " — ".join(x for x in (agency, f"Kỳ báo cáo: {t.period.label}.") if x)
    for table in tally_tables(t):
        _sheet(wb.create_sheet(table.sheet), table, subtitle)
    wb.properties.title = f"Thống kê công tác thanh tra, kiểm tra {t.period.label}"
    wb.properties.creator = "Inspector"
    wb.properties.language = "vi-VN"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
