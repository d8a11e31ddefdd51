"""``inspector record|decision|payment|agency|signer``: the chief's work on the command line."""

from __future__ import annotations

import argparse
import uuid
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from inspector.cli import CliError, Context, emit_json, extension
from inspector.cli_law import parse_count, parse_day
from inspector.cli_signing import add_credential_options
from inspector.cli_signing import register_decision as register_agency_sign
from inspector.services import clock


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


def _split(value: str, option: str, parts: int) -> list[str]:
    fields = [f.strip() for f in value.split("|")]
    if not fields[0] or len(fields) > parts:
        raise CliError(f"{option}: expected {' | '.join(['TEXT'] * parts)}, got {value!r}")
    return fields + [""] * (parts - len(fields))


def _clock(day: date, value: str | None, option: str) -> datetime | None:
    from inspector.services.errors import ValidationError
    from inspector.services.violation_records import parse_clock

    if value is None:
        return None
    try:
        clock = parse_clock(value)
    except ValidationError as exc:
        raise CliError(f"{option}: {exc.en}") from None
    return datetime.combine(day, clock) if clock else None


def _summons(value: str | None) -> tuple[datetime | None, str]:
    if not value:
        return None, ""
    moment, place = _split(value, "--summons", 2)
    day_text, _, clock = moment.partition(" ")
    day = parse_day(day_text, "--summons")
    assert day is not None
    return _clock(day, clock or "", "--summons"), place


def record_details_from_args(ctx: Context, case_id: uuid.UUID, day: date) -> object:
    """The record's details: the prefilled ones (visit, team, inspection decision) with what
    the options give on top; repeatable options replace the prefilled list."""
    from dataclasses import replace

    from inspector.services import violation_records as vr

    a = ctx.args
    form = vr.record_form(ctx.db(), ctx.actor(), case_id)
    d = form.defaults
    changes: dict[str, object] = {}
    if a.made_at is not None:
        changes["made_at"] = _clock(day, a.made_at, "--made-at")
    elif d.made_at is not None and d.made_at.date() != day:
        changes["made_at"] = None
    if a.closed_at is not None:
        changes["closed_at"] = _clock(day, a.closed_at, "--closed-at")
    if a.place is not None:
        changes["place"] = a.place
    if a.maker:
        makers = []
        for ref in a.maker:
            if "|" in ref:
                name, title, unit = _split(ref, "--maker", 3)
                makers.append(vr.Maker(name, title, unit))
            else:
                makers.append(vr.team_maker(form, ref))
        changes["makers"] = tuple(makers)
    if a.ground:
        changes["grounds"] = tuple(a.ground)
    if a.witness:
        changes["witnesses"] = tuple(vr.Witness(*_split(w, "--witness", 3)) for w in a.witness)
    if a.representative:
        changes["representatives"] = tuple(vr.Representative(*_split(r, "--representative", 3))
                                           for r in a.representative)
    if a.interpreter:
        changes["interpreter"] = vr.Witness(*_split(a.interpreter, "--interpreter", 3))
    if a.measure:
        changes["preventive_measures"] = tuple(a.measure)
    for option, name in (("reason_other_place", "reason_other_place"),
                         ("injured", "injured_party"), ("statement", "violator_statement"),
                         ("witness_statement", "witness_statement"),
                         ("injured_statement", "injured_statement"),
                         ("witness_refused_reason", "witness_refusal_reason")):
        if getattr(a, option) is not None:
            changes[name] = getattr(a, option)
    if a.refused_reason is not None:
        changes.update(refused_to_sign=True, refusal_reason=a.refused_reason)
    if a.summons is not None:
        changes["summons_at"], changes["summons_place"] = _summons(a.summons)
    if a.copies is not None:
        changes["copies"] = parse_count(a.copies, "--copies")
    return replace(d, **changes)  # type: ignore[arg-type]


def cmd_record_issue(ctx: Context) -> int:
    from inspector.services import violation_records

    case_id = _uuid(ctx.args.case_id, "CASE_ID")
    day = parse_day(ctx.args.date, "--date") or clock.today()
    details = record_details_from_args(ctx, case_id, day)
    number = violation_records.issue_record(ctx.db(), ctx.actor(), case_id, day,
                                            details=details)  # type: ignore[arg-type]
    print(f"record number {number}")
    return 0


def cmd_record_list(ctx: Context) -> int:
    from inspector.services import violation_records

    rows = violation_records.list_records(ctx.db(), ctx.actor(), parse_count(ctx.args.year,
                                                                             "--year"))
    if ctx.args.json:
        emit_json([{"case_id": str(r.case_id), "year": r.year, "number": r.number,
                    "number_text": r.number_text, "made_on": r.made_on, "violator": r.violator,
                    "decided": r.decided} for r in rows])
        return 0
    for r in rows:
        print(f"{r.number_text}\t{r.made_on:%d/%m/%Y}\t{r.violator}\t"
              f"{'decided' if r.decided else 'waiting for a decision'}\t{r.case_id}")
    return 0


def cmd_record_waiting(ctx: Context) -> int:
    from inspector.services import violation_records

    rows = violation_records.cases_awaiting_record(ctx.db(), ctx.actor())
    if ctx.args.json:
        emit_json([{"case_id": str(r.case_id), "violator": r.violator,
                    "establishment": r.establishment, "sector": r.sector,
                    "opened_on": r.opened_on, "violations": r.violations, "total": r.total,
                    "draft": r.draft, "limitation_due": r.limitation_due} for r in rows])
        return 0
    for r in rows:
        due = f"{r.limitation_due:%d/%m/%Y}" if r.limitation_due else "?"
        print(f"{r.case_id}\t{r.opened_on:%d/%m/%Y}\t{r.violator}\tlimitation {due}")
    return 0


def cmd_decision_issue(ctx: Context) -> int:
    from inspector.services import decisions

    sign = None
    if ctx.args.sign:
        from inspector.cli_signing import credentials

        sign = credentials(ctx)
    elif ctx.args.token_label or ctx.args.p12:
        raise CliError("--token-label and --p12 go with --sign")
    info = decisions.issue_decision(
        ctx.db(), ctx.actor(), _uuid(ctx.args.case_id, "CASE_ID"),
        parse_day(ctx.args.date, "--date"),
        _uuid(ctx.args.signer, "--signer") if ctx.args.signer is not None else None,
        sign=sign)
    if ctx.args.json:
        emit_json(info.to_json())
    else:
        print(f"decision {info.number_text} issued on {info.issued_on}, total {info.total_amount}")
    return 0


def cmd_decision_review(ctx: Context) -> int:
    from inspector.services import decisions

    review = decisions.review_decision(
        ctx.db(), ctx.actor(), _uuid(ctx.args.case_id, "CASE_ID"),
        parse_day(ctx.args.date, "--date"),
        _uuid(ctx.args.signer, "--signer") if ctx.args.signer is not None else None)
    data = {"ok": review.ok, "title": review.title, "total": review.total,
            "competent_title": review.competent_title,
            "checks": [{"name": c.name, "ok": c.ok, "caution": c.caution,
                        "message": c.message, "basis": c.basis} for c in review.checks]}
    if ctx.args.json:
        emit_json(data)
    else:
        for c in review.checks:
            mark = "FAIL" if not c.ok else "note" if c.caution else "ok  "
            print(f"{mark} {c.name}: {c.message} ({c.basis})")
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

    year = _year(ctx) if ctx.args.year is not None else None  # an empty --year is no year
    items = decisions.list_decisions(ctx.db(), ctx.actor(), year)
    if ctx.args.json:
        emit_json([i.to_json() for i in items])
    else:
        for i in items:
            print(f"{i.number_text}\t{i.issued_on}\t{i.violator}\t{i.total_amount}\t"
                  f"{i.fine_paid}\t{i.late_charge}\t{i.charge_paid}\t{i.status}")
    return 0


def cmd_decision_export(ctx: Context) -> int:
    import json

    from inspector.services import national_export

    a = ctx.args
    if a.number is None:
        start, end = parse_day(a.date_from, "--from"), parse_day(a.date_to, "--to")
        if not a.output:
            raise CliError("-o FILE is required for the export of a period")
        target = Path(a.output).expanduser()
        if not target.parent.is_dir():
            raise CliError(f"-o: folder {target.parent} does not exist")
        header = national_export.write_period_file(ctx.db(), ctx.actor(), _year(ctx), start,
                                                   end, a.format, str(target))
        print(f"{header['count']} decisions written to {target} (sha256 {header['sha256']})")
        return 0
    if a.date_from or a.date_to:
        raise CliError("--from/--to apply to the export of a period, not of one decision")
    record = national_export.decision_record(ctx.db(), ctx.actor(), _number(ctx), _year(ctx))
    if a.format == "json":
        text = json.dumps(record, ensure_ascii=False, indent=2)
    else:
        text = national_export.to_csv(national_export.decision_rows(record))
    if a.output:
        target = _write(a.output, text.encode("utf-8-sig" if a.format == "csv" else "utf-8"))
        print(f"export written to {target}")
    else:
        print(text, end="" if text.endswith("\n") else "\n")
    return 0


def cmd_decision_amend(ctx: Context) -> int:
    from inspector.domain.money import parse_vnd
    from inspector.services import amendments

    amount = None
    if ctx.args.amount is not None:
        try:
            amount = parse_vnd(ctx.args.amount)
        except ValueError:
            raise CliError(f"--amount: not an amount of đồng: {ctx.args.amount!r}") from None
    sign = _sign(ctx)
    info = amendments.amend_decision(ctx.db(), ctx.actor(), _number(ctx), _year(ctx),
                                    ctx.args.kind, ctx.args.reason, ctx.args.change or [],
                                    parse_day(ctx.args.date, "--date"), new_amount=amount,
                                    sign=sign)
    print(f"decision {info.number_text} ({ctx.args.kind}) issued on {info.issued_on}")
    return 0


def _sign(ctx: Context) -> Any:
    """The credentials of ``--sign`` (the PIN read after the password), or None."""
    if ctx.args.sign:
        from inspector.cli_signing import credentials

        return credentials(ctx)
    if ctx.args.token_label or ctx.args.p12:
        raise CliError("--token-label and --p12 go with --sign")
    return None


def _issued_line(info: object) -> str:
    issued = getattr(info, "extra", {}).get("issued") or {}
    return f"decision {issued.get('number_text')} issued (sha256 {issued.get('sha256')})"


def cmd_decision_defer(ctx: Context) -> int:
    from inspector.services import relief

    until = parse_day(ctx.args.until, "--until")
    if until is None:
        raise CliError("--until is required")
    info = relief.defer_payment(ctx.db(), ctx.actor(), _number(ctx), _year(ctx), until,
                                ctx.args.reason, ctx.args.force_majeure,
                                parse_day(ctx.args.date, "--date"),
                                request_on=parse_day(ctx.args.request_date, "--request-date"),
                                confirmed_by=ctx.args.confirmed_by, sign=_sign(ctx))
    print(f"{info.number_text}: payment deferred until {info.due_date}; {_issued_line(info)}")
    return 0


def cmd_decision_instalments(ctx: Context) -> int:
    from inspector.domain.money import parse_vnd
    from inspector.services import relief

    plan = []
    for item in ctx.args.plan:
        day_text, _, amount_text = item.partition(":")
        day = parse_day(day_text, "--plan")
        try:
            amount = parse_vnd(amount_text)
        except ValueError:
            raise CliError(f"--plan: not DATE:AMOUNT: {item!r}") from None
        if day is None:
            raise CliError(f"--plan: not DATE:AMOUNT: {item!r}")
        plan.append((day, amount))
    info = relief.allow_instalments(ctx.db(), ctx.actor(), _number(ctx), _year(ctx), plan,
                                    ctx.args.reason, parse_day(ctx.args.date, "--date"),
                                    request_on=parse_day(ctx.args.request_date,
                                                         "--request-date"),
                                    confirmed_by=ctx.args.confirmed_by, sign=_sign(ctx))
    print(f"{info.number_text}: {len(plan)} instalments, next due {info.due_date}; "
          f"{_issued_line(info)}")
    return 0


def cmd_decision_relieve(ctx: Context) -> int:
    from inspector.domain.money import parse_vnd
    from inspector.services import relief

    amount = None
    if ctx.args.amount is not None:
        try:
            amount = parse_vnd(ctx.args.amount)
        except ValueError:
            raise CliError(f"--amount: not an amount of đồng: {ctx.args.amount!r}") from None
    signer = uuid.UUID(ctx.args.signer) if ctx.args.signer else None
    info = relief.relieve_fine(ctx.db(), ctx.actor(), _number(ctx), _year(ctx), ctx.args.kind,
                               ctx.args.reason, confirmed_by=ctx.args.confirmed_by,
                               request_on=parse_day(ctx.args.request_date, "--request-date"),
                               amount=amount, on=parse_day(ctx.args.date, "--date"),
                               signer_id=signer, sign=_sign(ctx))
    print(f"{info.number_text}: fine now {info.total_amount}; {_issued_line(info)}")
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
    at = None
    if ctx.args.at:
        try:
            at = time.fromisoformat(ctx.args.at)
        except ValueError:
            raise CliError(f"--at: not an hour HH:MM: {ctx.args.at!r}") from None
    info = payments.record_delivery(ctx.db(), ctx.actor(), _number(ctx), _year(ctx), day,
                                    at=at, received_by=ctx.args.received_by)
    print(f"{info.number_text}: delivered {info.delivered_on}, pay by {info.due_date}")
    return 0


def cmd_decision_receipt(ctx: Context) -> int:
    from inspector.services import payments

    pdf = payments.delivery_receipt_pdf(ctx.db(), ctx.actor(), _number(ctx), _year(ctx))
    print(f"delivery receipt written to {_write(ctx.args.output, pdf)}")
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
                                 ctx.args.receipt or "", ctx.args.collector)
    if ctx.args.json:
        emit_json(info.to_json())
    else:
        print(f"{info.number_text}: fine paid {info.fine_paid} of {info.total_amount}, "
              f"late charge paid {info.charge_paid} of {info.late_charge} ({info.status})")
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
    p = record.add_parser("issue", help="number and store the violation record of a case",
                          description="The details start from the visit (place, team, "
                          "inspection decision); the options add or replace them. Times are "
                          "HH:MM on the --date.")
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("--date", metavar="D")
    p.add_argument("--made-at", metavar="HH:MM", help="time the record was started")
    p.add_argument("--closed-at", metavar="HH:MM", help="time the record was finished")
    p.add_argument("--place", metavar="TEXT", help="where it was made (default: the "
                   "establishment and its address on the date)")
    p.add_argument("--reason-other-place", metavar="TEXT",
                   help="why it was made elsewhere than where the violation happened")
    p.add_argument("--maker", action="append", metavar="ID|NAME|TITLE[|UNIT]",
                   help="who makes the record: a team member's id, or name|title[|unit] "
                   "(repeatable; default: the visit's team)")
    p.add_argument("--ground", action="append", metavar="TEXT",
                   help="basis (Căn cứ), repeatable (default: the inspection decision)")
    p.add_argument("--witness", action="append", metavar="NAME|OCCUPATION|ADDRESS")
    p.add_argument("--representative", action="append", metavar="NAME|POSITION|AGENCY",
                   help="the commune authority's representative (repeatable)")
    p.add_argument("--interpreter", metavar="NAME|OCCUPATION|ADDRESS")
    p.add_argument("--injured", metavar="TEXT", help="the injured person or organisation")
    p.add_argument("--statement", metavar="TEXT", help="the violator's statement")
    p.add_argument("--witness-statement", metavar="TEXT")
    p.add_argument("--injured-statement", metavar="TEXT")
    p.add_argument("--refused-reason", metavar="TEXT",
                   help="the violator refused to sign, for this reason")
    p.add_argument("--witness-refused-reason", metavar="TEXT")
    p.add_argument("--measure", action="append", metavar="TEXT",
                   help="a preventive measure actually taken (repeatable)")
    p.add_argument("--summons", metavar="'DD/MM/YYYY HH:MM|PLACE'",
                   help="when and where the violator is to appear")
    p.add_argument("--copies", metavar="N")
    _as(p)
    p.set_defaults(func=cmd_record_issue)
    p = record.add_parser("list", help="the issued violation records of a year")
    p.add_argument("--year", metavar="Y")
    p.add_argument("--json", action="store_true")
    _as(p)
    p.set_defaults(func=cmd_record_list)
    p = record.add_parser("waiting", help="cases with violations still without a record")
    p.add_argument("--json", action="store_true")
    _as(p)
    p.set_defaults(func=cmd_record_waiting)

    decision = sub.add_parser("decision", help="sanction decisions").add_subparsers(
        dest="decision_command", metavar="ACTION")
    p = decision.add_parser("issue", help="check, number and issue the decision of a case")
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("--date", metavar="D", help="decision date (default: today)")
    p.add_argument("--signer", metavar="SIGNER_ID", help="default: the signer whose title is "
                   "valid on the decision date")
    p.add_argument("--sign", action="store_true", help="sign digitally (PAdES) with the "
                   "signer's token or PKCS#12 file; the PIN is read after the password")
    add_credential_options(p)
    p.add_argument("--json", action="store_true")
    _as(p)
    p.set_defaults(func=cmd_decision_issue)
    register_agency_sign(decision)
    p = decision.add_parser("review", help="the checks issuing would run, without issuing")
    p.add_argument("case_id", metavar="CASE_ID")
    p.add_argument("--date", metavar="D")
    p.add_argument("--signer", metavar="SIGNER_ID", help="default: the signer whose title is "
                   "valid on the decision date")
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
    p = decision.add_parser(
        "export", help="the decisions of a period (or one NUMBER) for the national database "
        "(Decree 20/2016)")
    p.add_argument("number", metavar="NUMBER", nargs="?",
                   help="one decision only (default: every decision the period touched)")
    p.add_argument("--year", required=True)
    p.add_argument("--from", dest="date_from", metavar="D", help="first day (default 01/01)")
    p.add_argument("--to", dest="date_to", metavar="D", help="last day (default 31/12)")
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
    p.add_argument("--amount", help="amend only: the new fine in đồng the decision then carries")
    p.add_argument("--date", metavar="D")
    p.add_argument("--sign", action="store_true", help="sign the new decision digitally (PAdES)")
    add_credential_options(p)
    _as(p)
    p.set_defaults(func=cmd_decision_amend)
    p = decision.add_parser("defer", help="defer the payment (Law Arts 76, 77)")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--year", required=True)
    p.add_argument("--until", required=True, metavar="D")
    p.add_argument("--reason", required=True)
    p.add_argument("--force-majeure", action="store_true",
                   help="for an organisation: natural disaster, fire, epidemic, force majeure")
    p.add_argument("--request-date", metavar="D", help="the date of the violator's request")
    p.add_argument("--confirmed-by", required=True,
                   help="who confirmed the request (commune People's Committee, workplace)")
    p.add_argument("--date", metavar="D", help="the day of the deferral (default: today)")
    p.add_argument("--sign", action="store_true", help="sign the new decision digitally")
    add_credential_options(p)
    _as(p)
    p.set_defaults(func=cmd_decision_defer)
    p = decision.add_parser("instalments", help="pay the fine in instalments (Law Art 79)")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--year", required=True)
    p.add_argument("--plan", action="append", required=True, metavar="DATE:AMOUNT",
                   help="one instalment, e.g. 2026-10-31:6.000.000 (repeat)")
    p.add_argument("--reason", required=True)
    p.add_argument("--request-date", metavar="D", help="the date of the violator's request")
    p.add_argument("--confirmed-by", required=True,
                   help="who confirmed the request (commune People's Committee, workplace)")
    p.add_argument("--date", metavar="D", help="the day of the decision to allow it")
    p.add_argument("--sign", action="store_true", help="sign the new decision digitally")
    add_credential_options(p)
    _as(p)
    p.set_defaults(func=cmd_decision_instalments)
    p = decision.add_parser("relieve", help="reduce or exempt the fine (Law Art 77, MQĐ04)")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--year", required=True)
    p.add_argument("--kind", required=True, choices=("reduce", "exempt_rest", "exempt_all"))
    p.add_argument("--amount", help="reduce only: the amount taken off, in đồng")
    p.add_argument("--reason", required=True)
    p.add_argument("--request-date", metavar="D", help="the date of the violator's request")
    p.add_argument("--confirmed-by", required=True,
                   help="who confirmed the request (commune People's Committee, workplace)")
    p.add_argument("--signer", metavar="ID",
                   help="the signer (the direct superior of who issued the decision)")
    p.add_argument("--date", metavar="D", help="the day of the decision")
    p.add_argument("--sign", action="store_true", help="sign the new decision digitally")
    add_credential_options(p)
    _as(p)
    p.set_defaults(func=cmd_decision_relieve)
    p = decision.add_parser("skip", help="leave the next number unused, with the reason")
    p.add_argument("--year", required=True)
    p.add_argument("--reason", required=True)
    _as(p)
    p.set_defaults(func=cmd_decision_skip)
    p = decision.add_parser("deliver", help="record the day the violator received the decision")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--year", required=True)
    p.add_argument("--date", required=True, metavar="D")
    p.add_argument("--at", metavar="HH:MM", help="handed over in person at this hour")
    p.add_argument("--received-by", metavar="NAME", help="who received it in person")
    _as(p)
    p.set_defaults(func=cmd_decision_deliver)
    p = decision.add_parser("receipt", help="the filled back page of a decision handed over in "
                            "person, to print on the back of the copy")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--year", required=True)
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    _as(p)
    p.set_defaults(func=cmd_decision_receipt)

    payment = sub.add_parser("payment", help="fine payments").add_subparsers(
        dest="payment_command", metavar="ACTION")
    p = payment.add_parser("add", help="record a payment of a decision's fine")
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--year", required=True)
    p.add_argument("--amount", required=True)
    p.add_argument("--date", required=True, metavar="D")
    p.add_argument("--receipt", help="receipt (biên lai) number")
    p.add_argument("--collector", help="the collecting body (default: the agency's Treasury)")
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
