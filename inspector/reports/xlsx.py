"""The tally as an Excel workbook: one sheet per table, formatted for people who will edit it.

Why these choices: the number format ``#,##0`` shows 15.500.000 in a Vietnamese Excel or
LibreOffice (the locale supplies the dot) and stays a number that sums; totals and the summary's
differences are formulas, so a figure corrected by hand carries into its total; headers are
frozen and wrap; pages print landscape, one page wide.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from inspector.reports.tables import ReportTable, tally_tables
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


def _sheet(ws: Worksheet, table: ReportTable, subtitle: str) -> None:
    ncols = len(table.columns)
    ws["A1"] = table.title
    ws["A1"].font = Font(name=FONT, bold=True, size=13)
    ws["A2"] = subtitle + (f" {table.note}" if table.note else "")
    ws["A2"].font = Font(name=FONT, italic=True, size=10)
    if ncols > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[2].height = 28
    for col, column in enumerate(table.columns, start=1):
        cell = ws.cell(row=HEADER_ROW, column=col, value=column.title)
        cell.font = Font(name=FONT, bold=True, color="FFFFFF", size=11)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
        ws.column_dimensions[get_column_letter(col)].width = column.width
    ws.row_dimensions[HEADER_ROW].height = 45
    for r, row in enumerate(table.rows):
        excel_row = FIRST_DATA_ROW + r
        for c, value in enumerate(row):
            cell = ws.cell(row=excel_row, column=c + 1, value=_value(value))
            kind = table.kind_of(r, c)
            cell.font = Font(name=FONT, size=11)
            cell.border = _BORDER
            if kind in ("int", "money"):
                cell.number_format = NUMBER_FORMAT
                cell.alignment = Alignment(horizontal="right", vertical="top")
            elif kind == "date":
                cell.number_format = DATE_FORMAT
                cell.alignment = Alignment(horizontal="center", vertical="top")
            else:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        if table.key == "summary":  # the difference as a formula of the two periods
            cell = ws.cell(row=excel_row, column=4, value=f"=B{excel_row}-C{excel_row}")
            cell.number_format = NUMBER_FORMAT
    if not table.rows:
        ws.cell(row=FIRST_DATA_ROW, column=1, value="(không có số liệu)").font = Font(
            name=FONT, italic=True)
    elif table.has_total:
        total_row = FIRST_DATA_ROW + len(table.rows)
        last = total_row - 1
        for c, (column, value) in enumerate(zip(table.columns, table.totals(), strict=True)):
            letter = get_column_letter(c + 1)
            content: Any = (f"=SUM({letter}{FIRST_DATA_ROW}:{letter}{last})" if column.total
                            else (value or None))
            cell = ws.cell(row=total_row, column=c + 1, value=content)
            cell.font = Font(name=FONT, bold=True, size=11)
            cell.fill = _TOTAL_FILL
            cell.border = _BORDER
            if column.total:
                cell.number_format = NUMBER_FORMAT
                cell.alignment = Alignment(horizontal="right")
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=1)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _value(value: Any) -> Any:
    if isinstance(value, date):
        return value
    return value


def tally_xlsx(t: Tally, agency: str = "") -> bytes:
    """The workbook as bytes; ``agency`` is printed under each sheet's title."""
    wb = Workbook()
    default = wb.active
    if default is not None:
        wb.remove(default)
    subtitle = " — ".join(x for x in (agency, f"Kỳ báo cáo: {t.period.label}.") if x)
    for table in tally_tables(t):
        _sheet(wb.create_sheet(table.sheet), table, subtitle)
    wb.properties.title = f"Thống kê công tác thanh tra, kiểm tra {t.period.label}"
    wb.properties.creator = "Inspector"
    wb.properties.language = "vi-VN"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
