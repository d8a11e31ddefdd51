"""``inspector catalog``, ``inspector fine quote`` and ``inspector deadlines``: the law on the CLI."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from inspector.cli import CliError, Context, emit_json, extension
from inspector.services import clock


def parse_day(value: str | None, option: str) -> date | None:
    """ISO ``YYYY-MM-DD`` (the contract) or Vietnamese ``dd/mm/yyyy``."""
    if value is None:
        return None
    from inspector.domain.text import parse_date
    from inspector.services.limits import FIRST_DAY, LAST_DAY

    try:
        day = parse_date(value)
    except ValueError:
        raise CliError(f"{option}: not a date: {value!r} (use YYYY-MM-DD)") from None
    if day is not None and not FIRST_DAY <= day <= LAST_DAY:
        raise CliError(f"{option}: {value} is outside {FIRST_DAY}..{LAST_DAY}")
    return day


def parse_count(value: str | None, option: str) -> int | None:
    if value is None:
        return None
    try:
        n = int(value)
    except ValueError:
        raise CliError(f"{option}: not a whole number: {value!r}") from None
    if n < 0:
        raise CliError(f"{option}: must not be negative (got {n})")
    return n


def cmd_catalog_list(ctx: Context) -> int:
    from inspector.domain.money import format_vnd
    from inspector.services import law

    on = parse_day(ctx.args.on, "--on") or clock.today()
    sector = ctx.args.sector
    catalog = law.law_data(ctx.db()).catalog
    if sector and sector not in {p.sector for p in catalog.provisions}:
        known = ", ".join(sorted({p.sector for p in catalog.provisions}))
        raise CliError(f"--sector: no provisions for {sector!r} (known: {known})")
    provisions = law.provisions_in_force(ctx.db(), ctx.actor(), on, sector)
    if ctx.args.json:
        emit_json([{
            "key": p.key, "instrument": p.instrument, "sector": p.sector,
            "description": p.description, "sanction_kind": p.sanction_kind,
            "printed_min": p.printed_min, "printed_max": p.printed_max, "party": p.party,
            "limitation_years": p.limitation_years, "confirmed": p.confirmed,
            "source": p.source} for p in provisions])
        return 0
    for p in provisions:
        bracket = (f"{format_vnd(p.printed_min, unit=False)}-{format_vnd(p.printed_max, unit=False)}"
                   if p.printed_min is not None and p.printed_max is not None else p.sanction_kind)
        flag = "" if p.confirmed else "  [unconfirmed]"
        print(f"{p.key}\t{bracket} ({p.party})\t{p.description}{flag}")
    print(f"{len(provisions)} provisions in force on {on.isoformat()}")
    return 0


def cmd_fine_quote(ctx: Context) -> int:
    from inspector.services import law

    args = ctx.args
    if args.subject not in ("individual", "organization", "household_business"):
        raise CliError("--subject must be individual or organization")
    on = parse_day(args.on, "--on") or clock.today()
    result = law.quote(
        ctx.db(), ctx.actor(), args.provision, args.subject, on,
        parse_count(args.mitigating, "--mitigating") or 0,
        parse_count(args.aggravating, "--aggravating") or 0,
        parse_count(args.copies, "--copies"), args.signer)
    data = result.to_json()
    if args.json:
        emit_json(data)
    else:
        for key, value in data.items():
            print(f"{key}: {value}")
    return 0


def cmd_deadlines(ctx: Context) -> int:
    from inspector.domain.deadlines import deadlines_to_dict
    from inspector.services import law

    args = ctx.args
    ended = parse_day(args.violation_ended, "--violation-ended")
    discovered = parse_day(args.discovered, "--discovered")
    if ended is None and discovered is None:
        raise CliError("give --violation-ended (or --discovered for an ongoing violation)")
    kwargs: dict[str, Any] = {
        "violation_ended": ended, "discovered_on": discovered, "ongoing": ended is None,
        "record_date": parse_day(args.record, "--record"),
        "decision_date": parse_day(args.decision, "--decision"),
        "sector": args.sector, "subject": args.subject,
        "bracket_max": parse_count(args.bracket_max, "--bracket-max"),
        "transferred": args.transferred, "explanation": args.explanation,
        "complex_case": args.complex, "delivered_on": parse_day(args.delivered, "--delivered"),
    }
    law.check_deadline_dates(ctx.db(), **kwargs)
    result = deadlines_to_dict(law.deadlines(ctx.db(), ctx.actor(), **kwargs))
    if args.json:
        emit_json(result)
    else:
        for name, item in result["deadlines"].items():
            due = item["due"] or "-"
            allowed = "" if item["allowed"] is None else f" allowed={item['allowed']}"
            print(f"{name}: {due}{allowed}  ({item['basis']})")
    return 0


def cmd_catalog_confirm_article(ctx: Context) -> int:
    """Record the article number of a ``?`` provision as read in the decree (administrator)."""
    from inspector.domain.law import format_citation
    from inspector.services import law

    provision = law.confirm_article(ctx.db(), ctx.actor(), ctx.args.key, ctx.args.article,
                                    ctx.args.source)
    confirmation = provision.article_confirmation
    assert confirmation is not None
    if ctx.args.json:
        emit_json({"key": provision.key, "article": confirmation.article,
                   "citation": format_citation(provision.cited_key),
                   "source": confirmation.source,
                   "confirmed_on": confirmation.confirmed_on.isoformat(),
                   "confirmed_by": confirmation.confirmed_by})
        return 0
    print(f"{provision.key}: {format_citation(provision.cited_key)} "
          f"(source: {confirmation.source})")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    catalog = sub.add_parser("catalog", help="the catalog of provisions").add_subparsers(
        dest="catalog_command", metavar="ACTION")
    p = catalog.add_parser("list", help="provisions in force on a date")
    p.add_argument("--sector")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="default: today")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_catalog_list)
    p = catalog.add_parser(
        "confirm-article", help="record the article number of a provision whose key has '?', "
        "as read in the decree")
    p.add_argument("key", metavar="KEY", help="e.g. 174/2013/NĐ-CP:?.3")
    p.add_argument("--article", required=True, metavar="N", help="the article number, e.g. 35")
    p.add_argument("--source", required=True, metavar="TEXT",
                   help="where the number was read (the decree, gazette, page)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_catalog_confirm_article)

    fine = sub.add_parser("fine", help="fines").add_subparsers(dest="fine_command", metavar="ACTION")
    p = fine.add_parser("quote", help="bracket, default fine and allowed range for a provision")
    p.add_argument("--provision", required=True, metavar="KEY")
    p.add_argument("--subject", required=True, metavar="individual|organization")
    p.add_argument("--mitigating", metavar="N")
    p.add_argument("--aggravating", metavar="N")
    p.add_argument("--copies", metavar="N", help="copies per title (quantity tiers)")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="date the violation ended (default: today)")
    p.add_argument("--signer", metavar="TITLE", help="title code, e.g. director_department")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_fine_quote)

    p = sub.add_parser("deadlines", help="the deadlines of a case from its dates")
    p.add_argument("--violation-ended", metavar="D")
    p.add_argument("--discovered", metavar="D", help="for an ongoing violation")
    p.add_argument("--record", metavar="D")
    p.add_argument("--decision", metavar="D")
    p.add_argument("--delivered", metavar="D")
    p.add_argument("--sector")
    p.add_argument("--subject", default="individual")
    p.add_argument("--bracket-max", metavar="AMOUNT")
    p.add_argument("--transferred", action="store_true")
    p.add_argument("--explanation", action="store_true")
    p.add_argument("--complex", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_deadlines)


extension(register)
