"""``inspector tally``: the yearly figures as JSON (documented in docs/tally-json.md), CSV,
XLSX, PDF or DOCX, from the same query layer as the Thống kê page."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from inspector.cli import CliError, Context, extension
from inspector.cli_law import parse_day

FORMATS = ("json", "csv", "xlsx", "pdf", "docx")
BINARY = ("xlsx", "pdf", "docx")


def _year(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        year = int(value)
    except ValueError:
        raise CliError(f"--year: not a year: {value!r}") from None
    if not 2000 <= year <= 2100:
        raise CliError(f"--year: {year} is outside 2000-2100")
    return year


def _period(args: argparse.Namespace) -> tuple[date, date]:
    year = _year(args.year)
    start = parse_day(args.date_from, "--from")
    end = parse_day(args.date_to, "--to")
    if year is None and (start is None or end is None):
        raise CliError("give --year, or both --from and --to")
    start = start or date(year or 2000, 1, 1)
    end = end or date(year or 2000, 12, 31)
    if start > end:
        raise CliError(f"--from {start.isoformat()} is after --to {end.isoformat()}")
    return start, end


def _check_writable(path: Path) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise CliError(f"-o: {path} is a folder")
    if not folder.is_dir():
        raise CliError(f"-o: no folder {folder}")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CliError(f"-o: cannot write {path} (permission denied)")


def cmd_tally(ctx: Context) -> int:
    from inspector.reports.export import render
    from inspector.services.tallies import compute_tally, export_tally

    args = ctx.args
    start, end = _period(args)
    fmt = args.format
    out = Path(args.output) if args.output else None
    if out is None and fmt in BINARY:
        raise CliError(f"--format {fmt} writes a file: give -o FILE")
    if args.table and fmt != "csv":
        raise CliError("--table only applies to --format csv")
    if out is not None:
        _check_writable(out)
    db, actor = ctx.db(), ctx.actor()
    tally = compute_tally(db, actor, start, end)
    if out is None:
        data = render(tally, fmt, None, args.table)
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    try:
        export_tally(db, actor, tally, fmt, out, args.table)
    except KeyError as exc:
        raise CliError(f"--table: {exc.args[0]}") from None
    print(f"{fmt} of {tally.period.start.isoformat()}..{tally.period.end.isoformat()} "
          f"written to {out}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("tally", help="yearly figures of inspections, violations and fines")
    p.add_argument("--year", metavar="Y", help="calendar year (default period 01/01-31/12)")
    p.add_argument("--from", dest="date_from", metavar="D", help="first day (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", metavar="D", help="last day (YYYY-MM-DD)")
    p.add_argument("--format", choices=FORMATS, default="json")
    p.add_argument("--table", metavar="KEY",
                   help="CSV of one table only (summary, kinds, sectors, establishment_kinds, "
                        "provisions, inspections, seized, remedial, areas, months)")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (needed for "
                   "xlsx, pdf, docx)")
    p.set_defaults(func=cmd_tally)


extension(register)
