"""``inspector record|decision|payment|agency|signer``: the chief's work on the command line."""

from __future__ import annotations

import argparse
import uuid
from datetime import date
from pathlib import Path

from inspector.cli import CliError, Context, emit_json, extension
from inspector.cli_law import parse_count, parse_day


def _uuid(value: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise CliError(f"{what}: not a case id: {value!r}") from None


def _write(path: str, data: bytes) -> Path:
    target = Path(path).expanduser()
    if not target.parent.is_dir():
        raise CliError(f"-o: folder {target.parent} does not exist")
    partial = target.with_name(target.name + ".partial")
    try:
        partial.write_bytes(data)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise CliError(f"-o: cannot write {target}: {exc.strerror}") from None
    return target


def cmd_record_pdf(ctx: Context) -> int:
    from inspector.services import violation_records

    pdf = violation_records.record_pdf(ctx.db(), ctx.actor(), _uuid(ctx.args.case_id, "CASE_ID"))
    print(f"record written to {_write(ctx.args.output, pdf)}")
    return 0


def cmd_record_issue(ctx: Context) -> int:
    from inspector.services import violation_records

    number = violation_records.issue_record(ctx.db(), ctx.actor(), _uuid(ctx.args.case_id, "CASE_ID"),
                                    parse_day(ctx.args.date, "--date") or date.today())
    print(f"record number {number}")
    return 0


def cmd_decision_issue(ctx: Context) -> int:
    from inspector.services import decisions

    info = decisions.issue_decision(
        ctx.db(), ctx.actor(), _uuid(ctx.args.case_id, "CASE_ID"),
        parse_day(ctx.args.date, "--date"),
        _uuid(ctx.args.signer, "--signer") if ctx.args.signer else None)
    if ctx.args.json:
        emit_json(info.to_json())
    else:
        print(f"decision {info.number_text} issued on {info.issued_on}, total {info.total_amount}")
    return 0


def cmd_decision_review(ctx: Context) -> int:
    from inspector.services import decisions

    review = decisions.review_decision(ctx.db(), ctx.actor(), _uuid(ctx.args.case_id, "CASE_ID"),
                                       parse_day(ctx.args.date, "--date"))
    data = {"ok": review.ok, "title": review.title, "total": review.total,
            "competent_title": review.competent_title,
            "checks": [{"name": c.name, "ok": c.ok, "message": c.message, "basis": c.basis}
                       for c in review.checks]}
    if ctx.args.json:
        emit_json(data)
    else:
        for c in review.checks:
            print(f"{'ok  ' if c.ok else 'FAIL'} {c.name}: {c.message} ({c.basis})")
    return 0 if review.ok else 1


def _year(ctx: Context) -> int:
    year = parse_count(ctx.args.year, "--year")
    if year is None or not 2000 <= year <= 2100:
        raise CliError(f"--year: not a plausible year: {ctx.args.year!r}")
    return year


def _number(ctx: Context) -> int:
    number = parse_count(ctx.args.number, "NUMBER")
    if not number:
        raise CliError(f"NUMBER: not a decision number: {ctx.args.number!r}")
    return number


def cmd_decision_pdf(ctx: Context) -> int:
    from inspector.services import decisions

    pdf = decisions.decision_pdf(ctx.db(), ctx.actor(), _number(ctx), _year(ctx))
    print(f"decision written to {_write(ctx.args.output, pdf)}")
    return 0


def cmd_decision_list(ctx: Context) -> int:
    from inspector.services import decisions

    items = decisions.list_decisions(ctx.db(), ctx.actor(), _year(ctx) if ctx.args.year else None)
    if ctx.args.json:
        emit_json([i.to_json() for i in items])
    else:
        for i in items:
            print(f"{i.number_text}\t{i.issued_on}\t{i.violator}\t{i.total_amount}\t{i.status}")
    return 0


def cmd_decision_export(ctx: Context) -> int:
    import json

    from inspector.services import national_export

    record = national_export.decision_record(ctx.db(), ctx.actor(), _number(ctx), _year(ctx))
    if ctx.args.format == "json":
        text = json.dumps(record, ensure_ascii=False, indent=2)
    else:
        text = national_export.to_csv(national_export.decision_rows(record))
    if ctx.args.output:
        target = _write(ctx.args.output, text.encode("utf-8-sig" if ctx.args.format == "csv"
                                                     else "utf-8"))
        print(f"export written to {target}")
    else:
        print(text, end="" if text.endswith("\n") else "\n")
    return 0


def cmd_decision_amend(ctx: Context) -> int:
    from inspector.services import amendments

    info = amendments.amend_decision(ctx.db(), ctx.actor(), _number(ctx), _year(ctx),
                                    ctx.args.kind, ctx.args.reason, ctx.args.change or [],
                                    parse_day(ctx.args.date, "--date"))
    print(f"decision {info.number_text} ({ctx.args.kind}) issued on {info.issued_on}")
    return 0


def cmd_decision_defer(ctx: Context) -> int:
    from inspector.services import payments

    until = parse_day(ctx.args.until, "--until")
    if until is None:
        raise CliError("--until is required")
    info = payments.defer_payment(ctx.db(), ctx.actor(), _number(ctx), _year(ctx), until,
                                   ctx.args.reason, ctx.args.force_majeure)
    print(f"{info.number_text}: payment deferred until {info.due_date}")
    return 0


def cmd_decision_skip(ctx: Context) -> int:
    from inspector.services import decisions

    number = decisions.skip_decision_number(ctx.db(), ctx.actor(), _year(ctx), ctx.args.reason)
    print(f"number {number} of {_year(ctx)} skipped")
    return 0


def cmd_decision_deliver(ctx: Context) -> int:
    from inspector.services import payments

    day = parse_day(ctx.args.date, "--date")
    if day is None:
        raise CliError("--date is required")
    info = payments.record_delivery(ctx.db(), ctx.actor(), _number(ctx), _year(ctx), day)
    print(f"{info.number_text}: delivered {info.delivered_on}, pay by {info.due_date}")
    return 0


def cmd_payment_add(ctx: Context) -> int:
    from inspector.domain.money import parse_vnd
    from inspector.services import payments

    try:
        amount = parse_vnd(ctx.args.amount)
    except ValueError:
        raise CliError(f"--amount: not an amount of đồng: {ctx.args.amount!r}") from None
    day = parse_day(ctx.args.date, "--date")
    if day is None:
        raise CliError("--date is required")
    info = payments.add_payment(ctx.db(), ctx.actor(), _number(ctx), _year(ctx), amount, day,
                                 ctx.args.receipt or "")
    if ctx.args.json:
        emit_json(info.to_json())
    else:
        print(f"{info.number_text}: paid {info.paid} of {info.total_amount} ({info.status})")
    return 0


def cmd_agency_set(ctx: Context) -> int:
    from dataclasses import replace

    from inspector.services.agency import get_agency, save_agency

    db, actor = ctx.db(), ctx.actor()
    current = get_agency(db, actor)
    changes = {k: v for k, v in vars(ctx.args).items() if k in {
        "superior_agency", "agency_name", "agency_short", "place_name", "treasury_name",
        "treasury_account"} and v is not None}
    saved = save_agency(db, actor, replace(current, **changes))
    print(f"agency: {saved.agency_name}, {saved.place_name}")
    return 0


def cmd_signer_add(ctx: Context) -> int:
    from inspector.services.signers import SignerInput, add_signer

    a = ctx.args
    info = add_signer(ctx.db(), ctx.actor(), SignerInput(
        a.name, a.title, a.deputy, a.delegation_number, parse_day(a.delegation_date,
                                                                  "--delegation-date"),
        None, parse_day(a.valid_from, "--from"), parse_day(a.valid_until, "--until")))
    print(f"signer {info.full_name} ({info.title_code}) id {info.id}")
    return 0


def _as(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as", dest="as_user", metavar="LOGIN", default=argparse.SUPPRESS,
                        help="act as this user (password from the terminal or standard input)")


def register(sub: argparse._SubParsersAction) -> None:
    record = sub.add_parser("record", help="violation records").add_subparsers(
        dest="record_command", metavar="ACTION")
    p = record.add_parser("pdf", help="the violation record of a case as PDF")
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    _as(p)
    p.set_defaults(func=cmd_record_pdf)
    p = record.add_parser("issue", help="number and store the violation record of a case")
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("--date", metavar="D")
    _as(p)
    p.set_defaults(func=cmd_record_issue)

    decision = sub.add_parser("decision", help="sanction decisions").add_subparsers(
        dest="decision_command", metavar="ACTION")
    p = decision.add_parser("issue", help="check, number and issue the decision of a case")
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("--date", metavar="D", help="decision date (default: today)")
    p.add_argument("--signer", metavar="SIGNER_ID")
    p.add_argument("--json", action="store_true")
    _as(p)
    p.set_defaults(func=cmd_decision_issue)
    p = decision.add_parser("review", help="the checks issuing would run, without issuing")
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("--date", metavar="D")
    p.add_argument("--json", action="store_true")
    _as(p)
    p.set_defaults(func=cmd_decision_review)
    p = decision.add_parser("pdf", help="the stored PDF of an issued decision")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--year", required=True)
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    _as(p)
    p.set_defaults(func=cmd_decision_pdf)
    p = decision.add_parser("list", help="the decision register")
    p.add_argument("--year")
    p.add_argument("--json", action="store_true")
    _as(p)
    p.set_defaults(func=cmd_decision_list)
    p = decision.add_parser("export", help="the record kept by the national database (Decree 20/2016)")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--year", required=True)
    p.add_argument("--format", choices=["json", "csv"], default="json")
    p.add_argument("-o", "--output", metavar="FILE")
    _as(p)
    p.set_defaults(func=cmd_decision_export)
    p = decision.add_parser("amend", help="a new decision amending, correcting or annulling one")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--year", required=True)
    p.add_argument("--kind", required=True, choices=["amend", "correct", "annul"])
    p.add_argument("--reason", required=True)
    p.add_argument("--change", action="append", help="one change (repeat for several)")
    p.add_argument("--date", metavar="D")
    _as(p)
    p.set_defaults(func=cmd_decision_amend)
    p = decision.add_parser("defer", help="defer the payment (Law Arts 76, 77)")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--year", required=True)
    p.add_argument("--until", required=True, metavar="D")
    p.add_argument("--reason", required=True)
    p.add_argument("--force-majeure", action="store_true",
                   help="for an organisation: natural disaster, fire, epidemic, force majeure")
    _as(p)
    p.set_defaults(func=cmd_decision_defer)
    p = decision.add_parser("skip", help="leave the next number unused, with the reason")
    p.add_argument("--year", required=True)
    p.add_argument("--reason", required=True)
    _as(p)
    p.set_defaults(func=cmd_decision_skip)
    p = decision.add_parser("deliver", help="record the day the violator received the decision")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--year", required=True)
    p.add_argument("--date", required=True, metavar="D")
    _as(p)
    p.set_defaults(func=cmd_decision_deliver)

    payment = sub.add_parser("payment", help="fine payments").add_subparsers(
        dest="payment_command", metavar="ACTION")
    p = payment.add_parser("add", help="record a payment of a decision's fine")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--year", required=True)
    p.add_argument("--amount", required=True)
    p.add_argument("--date", required=True, metavar="D")
    p.add_argument("--receipt", help="receipt (biên lai) number")
    p.add_argument("--json", action="store_true")
    _as(p)
    p.set_defaults(func=cmd_payment_add)

    agency = sub.add_parser("agency", help="agency settings").add_subparsers(
        dest="agency_command", metavar="ACTION")
    p = agency.add_parser("set", help="set the names printed on documents")
    for option in ("superior-agency", "agency-name", "agency-short", "place-name",
                   "treasury-name", "treasury-account"):
        p.add_argument(f"--{option}")
    p.set_defaults(func=cmd_agency_set)
    signer = sub.add_parser("signer", help="who signs decisions").add_subparsers(
        dest="signer_command", metavar="ACTION")
    p = signer.add_parser("add", help="add a signer (head, or deputy with a delegation)")
    p.add_argument("--name", required=True)
    p.add_argument("--title", required=True, help="title code, e.g. director_department")
    p.add_argument("--deputy", action="store_true")
    p.add_argument("--delegation-number")
    p.add_argument("--delegation-date")
    p.add_argument("--from", dest="valid_from")
    p.add_argument("--until", dest="valid_until")
    p.set_defaults(func=cmd_signer_add)


extension(register)
