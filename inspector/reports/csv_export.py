"""The tally as CSV: UTF-8 with a byte-order mark so Excel shows the diacritics.

Without ``table`` every table is written one after the other, each preceded by its title and
followed by an empty line (for people opening it in a spreadsheet); with ``table`` only that
table's header and rows (for programs). Numbers are plain integers of đồng, dates dd/mm/yyyy,
and a total row, where the table has one, carries the summed values.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from inspector.reports.tables import ReportTable, table_by_key, tally_tables
from inspector.services.tallies import Tally

__all__ = ["BOM", "tally_csv"]

BOM = "\ufeff"


def _value(value: Any) -> Any:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else value


def _write(writer: Any, table: ReportTable) -> None:
    writer.writerow([c.title for c in table.columns])
    for row in table.rows:
        writer.writerow([_value(v) for v in row])
    if table.has_total:
        writer.writerow([_value(v) for v in table.totals()])


def tally_csv(t: Tally, table: str | None = None) -> bytes:
    """The CSV bytes (BOM first, CRLF line ends as spreadsheets expect)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    tables = tally_tables(t)
    if table is not None:
        _write(writer, table_by_key(tables, table))
    else:
        for n, tb in enumerate(tables):
            if n:
                writer.writerow([])
            writer.writerow([tb.title])
            _write(writer, tb)
    return (BOM + out.getvalue()).encode("utf-8")
