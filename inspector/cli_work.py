"""Field work on the command line: establishments, plans, inspections, visits, violations,
cases and demo data — the same services the GUI forms use, with ``--json`` output."""

from __future__ import annotations

import argparse
import dataclasses
import uuid
from collections.abc import Sequence
from typing import Any

from inspector.cli import CliError, Context, emit_json, extension
from inspector.cli_law import parse_count, parse_day
from inspector.services import clock


def _uuid(value: str, option: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise CliError(f"{option}: not an id: {value!r}") from None


def _plain(value: Any) -> Any:
    """Dataclasses, tuples and mappings as JSON-ready values (dates and ids as strings)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if hasattr(value, "address") and isinstance(value.address, str):
            out["address"] = value.address
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, uuid.UUID):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _money(amount: int) -> str:
    from inspector.domain.money import format_vnd

    return format_vnd(amount)


# --- establishments -------------------------------------------------------------------------

def _establishment_input(args: argparse.Namespace) -> Any:
    from inspector.services.establishments import EstablishmentInput

    return EstablishmentInput(
        sector=args.sector, name=args.name, owner_kind=args.owner_kind,
        owner_name=args.owner_name, owner_sex=args.owner_sex,
        owner_birth_date=parse_day(args.owner_birth, "--owner-birth"),
        owner_nationality=args.nationality, owner_occupation=args.occupation,
        owner_residence=args.residence, owner_id_number=args.owner_id,
        owner_id_issued_on=parse_day(args.owner_id_issued_on, "--owner-id-issued-on"),
        owner_id_issued_by=args.owner_id_issued_by, household_registration_no=args.household_reg,
        enterprise_code=args.tax_code, head_office=args.head_office,
        representative_name=args.representative,
        representative_title=args.representative_title,
        representative_sex=args.representative_sex, address_line=args.address or "",
        commune_code=args.commune_code, commune_name=args.commune or "",
        former_commune_name=args.former_commune, former_district=args.former_district,
        former_province_name=args.former_province, province_name=args.province or "",
        phone=args.phone, notes=args.notes or "", business_kind=args.business_kind)


def _licence_inputs(values: Sequence[str]) -> list[Any]:
    from inspector.services.establishments import LicenceInput

    out = []
    for text in values:
        parts = text.split("|")
        if len(parts) < 2:
            raise CliError(f"--licence: use KIND|NUMBER[|ISSUER[|ISSUED[|UNTIL]]] (got {text!r})")
        parts += [""] * (5 - len(parts))
        out.append(LicenceInput(parts[0], parts[1], parts[2],
                                parse_day(parts[3] or None, "--licence issued"),
                                parse_day(parts[4] or None, "--licence until")))
    return out


def cmd_establishment_add(ctx: Context) -> int:
    from inspector.services import establishments as est

    args = ctx.args
    data = _establishment_input(args)
    db, actor = ctx.db(), ctx.actor()
    if not args.allow_duplicate:
        found = est.find_duplicates(db, actor, data)
        if found:
            first = found[0]
            raise CliError(f"probable duplicate of {first.id} ({first.name}, {first.address}): "
                           f"{first.reason} Use --allow-duplicate to add it anyway")
    new_id = est.add_establishment(db, actor, data, _licence_inputs(args.licence or []))
    detail = est.establishment_detail(db, actor, new_id)
    warnings = [p for p in est.validate_establishment(data) if not p.blocking]
    if args.json:
        emit_json({**_plain(detail), "warnings": [_plain(w) for w in warnings]})
    else:
        print(f"establishment {new_id} added: {detail.name}")
        for w in warnings:
            print(f"  note: {w.field}: {w.message}")
    return 0


def cmd_establishment_list(ctx: Context) -> int:
    from inspector.services.establishments import establishment_page

    args = ctx.args
    open_violations = {"yes": True, "no": False}.get(args.open_violations or "")
    page = establishment_page(
        ctx.db(), ctx.actor(), args.search, args.sector,
        parse_count(args.offset, "--offset") or 0, parse_count(args.limit, "--limit") or 50,
        commune_code=args.commune_code, licence_status=args.licence,
        open_violations=open_violations)
    if args.json:
        emit_json([_plain(r) for r in page.rows])
        return 0
    for r in page.rows:
        print(f"{r.id}\t{r.sector}\t{r.name}\t{r.owner_name or ''}\t{r.address}")
    print(f"{len(page.rows)} of {page.total} establishments")
    return 0


def cmd_establishment_show(ctx: Context) -> int:
    from inspector.services.establishments import establishment_detail, establishment_history

    db, actor = ctx.db(), ctx.actor()
    est_id = _uuid(ctx.args.id, "ID")
    detail = establishment_detail(db, actor, est_id)
    history = establishment_history(db, actor, est_id)
    if ctx.args.json:
        emit_json({**_plain(detail), "history": _plain(history)})
        return 0
    for f in dataclasses.fields(detail):
        value = getattr(detail, f.name)
        if value not in (None, "", ()) and f.name != "licences":
            print(f"{f.name}: {value}")
    for lic in detail.licences:
        print(f"licence: {lic.kind} {lic.number} ({lic.issued_on or '?'} – "
              f"{lic.valid_until or '…'})")
    for v in history.visits:
        print(f"visit {v.visit_date}: {v.inspection_title} — {v.outcome}, {v.violations} "
              f"violations")
    for x in history.violations:
        print(f"violation {x.on}: {x.provision_key} {_money(x.amount)} ({x.case_status})")
    return 0


# --- plans and inspections ------------------------------------------------------------------

def cmd_plan_add(ctx: Context) -> int:
    from inspector.services.inspections import PlanInput, add_plan

    args = ctx.args
    row = add_plan(ctx.db(), ctx.actor(), PlanInput(
        parse_count(args.year, "--year") or 0, args.title, args.approval_number,
        parse_day(args.approval_date, "--approval-date"), args.notes or ""))
    if args.json:
        emit_json(_plain(row))
    else:
        print(f"plan {row.id} added: {row.title}")
    return 0


def cmd_plan_list(ctx: Context) -> int:
    from inspector.services.inspections import list_plans

    rows = list_plans(ctx.db(), ctx.actor(), parse_count(ctx.args.year, "--year"))
    if ctx.args.json:
        emit_json([_plain(r) for r in rows])
    else:
        for r in rows:
            print(f"{r.id}\t{r.year}\t{r.title}\t{r.inspections} inspections")
    return 0


def _members(values: Sequence[str]) -> tuple[Any, ...]:
    from inspector.services.inspections import MemberInput

    out = []
    for text in values:
        parts = text.split("|")
        name = parts[0]
        role = parts[1] if len(parts) > 1 and parts[1] else "member"
        agency = parts[2] if len(parts) > 2 else ""
        out.append(MemberInput(name, role, agency))
    return tuple(out)


def cmd_inspection_add(ctx: Context) -> int:
    from inspector.services.inspections import (
        InspectionInput,
        add_inspection,
        inspection_detail,
    )

    args = ctx.args
    start = parse_day(args.start, "--start")
    assert start is not None
    data = InspectionInput(
        mode=args.mode, kind=args.kind, title=args.title, start_date=start,
        end_date=parse_day(args.end, "--end"), decision_number=args.decision_number,
        decision_date=parse_day(args.decision_date, "--decision-date"), sector=args.sector,
        scope=args.scope or "", plan_id=_uuid(args.plan, "--plan") if args.plan is not None else None,
        participating_agencies=tuple(args.agency or ()), members=_members(args.member or ()))
    db, actor = ctx.db(), ctx.actor()
    new_id = add_inspection(db, actor, data)
    if args.json:
        emit_json(_plain(inspection_detail(db, actor, new_id)))
    else:
        print(f"inspection {new_id} added: {data.title}")
    return 0


def cmd_inspection_list(ctx: Context) -> int:
    from inspector.services.inspections import list_inspections

    args = ctx.args
    rows = list_inspections(ctx.db(), ctx.actor(), parse_count(args.year, "--year"),
                            _uuid(args.plan, "--plan") if args.plan is not None else None, args.search)
    if args.json:
        emit_json([_plain(r) for r in rows])
    else:
        for r in rows:
            print(f"{r.id}\t{r.start_date}\t{r.mode}/{r.kind}\t{r.decision_number or '-'}\t"
                  f"{r.title}\t{r.visits} visits")
    return 0


def cmd_inspection_show(ctx: Context) -> int:
    from inspector.services.inspections import inspection_detail

    detail = inspection_detail(ctx.db(), ctx.actor(), _uuid(ctx.args.id, "ID"))
    if ctx.args.json:
        emit_json(_plain(detail))
        return 0
    print(f"{detail.title} ({detail.mode}, {detail.kind}) {detail.start_date} – "
          f"{detail.end_date or '…'}; decision {detail.decision_number or '-'}")
    for a in detail.participating_agencies:
        print(f"agency: {a}")
    for m in detail.members:
        print(f"member: {m.full_name} ({m.role}{', ' + m.agency if m.agency else ''})")
    for v in detail.visits:
        print(f"visit {v.id}: {v.visit_date} {v.establishment_name} — {v.outcome}")
    return 0


# --- visits, violations, cases --------------------------------------------------------------

def _answers(values: Sequence[str]) -> tuple[Any, ...]:
    from inspector.services.checklists import ChecklistAnswer

    out = []
    for text in values:
        item, sep, rest = text.partition("=")
        if not sep:
            raise CliError(f"--answer: use ITEM=yes|no|na[:note] (got {text!r})")
        answer, _, note = rest.partition(":")
        count = None
        if answer.isdigit():
            answer, count = "yes", int(answer)
        out.append(ChecklistAnswer(item.strip(), answer.strip(), note.strip(), count))
    return tuple(out)


def cmd_visit_add(ctx: Context) -> int:
    from inspector.services.inspections import VisitInput, add_visit, visit_detail

    args = ctx.args
    day = parse_day(args.date, "--date")
    assert day is not None
    data = VisitInput(_uuid(args.inspection, "--inspection"),
                      _uuid(args.establishment, "--establishment"), day,
                      _answers(args.answer or ()), args.outcome, args.notes or "")
    db, actor = ctx.db(), ctx.actor()
    new_id = add_visit(db, actor, data)
    if args.json:
        emit_json(_plain(visit_detail(db, actor, new_id)))
    else:
        print(f"visit {new_id} added")
    return 0


def _violation_input(args: argparse.Namespace, default_amount: int | None = None) -> Any:
    from inspector.services.cases import RemedialInput, SanctionInput, TitleCount, ViolationInput

    copies = parse_count(args.copies, "--copies")
    titles: list[TitleCount] = []
    for text in args.title or ():
        name, sep, count = text.rpartition(":")
        head, sep2, middle = name.rpartition(":")
        if sep and count.strip().isdigit():
            titles.append(TitleCount(name.strip(), int(count)))
        elif sep and sep2 and middle.strip().isdigit():  # TITLE:COPIES:WHAT WAS WRONG
            titles.append(TitleCount(head.strip(), int(middle), count.strip()))
        elif copies is not None and len(args.title) == 1:
            titles.append(TitleCount(text.strip(), copies))
        else:
            raise CliError(f"--title: use \"TITLE:COPIES[:WHAT WAS WRONG]\" (got {text!r})")
    if copies is not None and not titles:
        titles.append(TitleCount("Xuất bản phẩm (chưa rõ tên)", copies))
    additional = []
    if args.suspension_months is not None:
        additional.append(SanctionInput("suspension", parse_count(args.suspension_months,
                                                                  "--suspension-months")))
    if args.confiscate:
        additional.append(SanctionInput("confiscation",
                                        value=parse_count(args.confiscation_value,
                                                          "--confiscation-value")))
    amount = parse_count(args.amount, "--amount")
    return ViolationInput(
        provision_key=args.provision, ended_on=parse_day(args.ended, "--ended"),
        discovered_on=parse_day(args.discovered, "--discovered"), ongoing=args.ongoing,
        facts=args.facts or "", mitigating=tuple(args.mitigating or ()),
        aggravating=tuple(args.aggravating or ()),
        amount=amount if amount is not None else default_amount, amount_reason=args.reason or "",
        warning=args.warning, titles=tuple(titles), additional=tuple(additional),
        remedial=tuple(RemedialInput(c) for c in args.remedial or ()),
        alternative=_alternative(args.alternative))


def _alternative(value: str | None) -> int | None:
    """``--alternative N`` counts from 1 as ``law show`` lists the acts; stored from 0."""
    n = parse_count(value, "--alternative")
    if n is None:
        return None
    if n < 1:
        raise CliError("--alternative: the acts are numbered from 1")
    return n - 1


def cmd_seized_add(ctx: Context) -> int:
    """Record one exhibit or means of one violation (listed under it in the decision)."""
    from inspector.services import cases

    args = ctx.args
    quantity = parse_count(args.quantity, "--quantity")
    data = cases.SeizedItemInput(
        kind=args.kind, description=args.description or "", quantity=quantity or 0,
        unit=args.unit or "", value=parse_count(args.value, "--value"),
        condition=args.condition or "", kept_at=args.kept_at or "",
        violation_id=_uuid(args.violation, "--violation"))
    row = cases.add_seized_item(ctx.db(), ctx.actor(), _uuid(args.case, "--case"), data)
    if args.json:
        emit_json(_plain(row))
    else:
        print(f"seized item {row.id} added to violation {row.violation_id}: {row.description}, "
              f"{row.quantity} {row.unit}")
    return 0


def _remove_from_case(ctx: Context, what: str) -> int:
    """``violation remove`` / ``seized remove``: take back an entry of a case before its
    violation record is made (the service refuses it afterwards, and says why)."""
    from inspector.services import cases

    db, actor = ctx.db(), ctx.actor()
    case_id, entry_id = _uuid(ctx.args.case, "--case"), _uuid(ctx.args.id, "ID")
    contents = cases.case_contents(db, actor, case_id)
    rows = contents.violations if what == "violation" else contents.seized
    row = next((r for r in rows if r.id == entry_id), None)
    if row is None:
        raise CliError(f"no {what} {entry_id} in case {case_id}")
    if what == "violation":
        cases.remove_violation(db, actor, row.id, row.version)
    else:
        cases.remove_seized_item(db, actor, row.id, row.version)
    if ctx.args.json:
        emit_json({"removed": str(row.id), "kind": what, "case": str(case_id)})
    else:
        print(f"{what} {row.id} removed from case {case_id}")
    return 0


def cmd_violation_add(ctx: Context) -> int:
    from inspector.domain.roles import Permission
    from inspector.services import cases

    args = ctx.args
    if bool(args.case) == bool(args.visit):
        raise CliError("give exactly one of --case or --visit")
    db, actor = ctx.db(), ctx.actor()
    actor.require(Permission.EDIT_FIELD_WORK)
    data = _violation_input(args)
    if args.visit:  # opening the case and adding the violation: one transaction
        case_id, row = cases.add_violation_at_visit(db, actor, _uuid(args.visit, "--visit"),
                                                    data)
    else:
        case_id = _uuid(args.case, "--case")
        summary = cases.case_summary(db, actor, case_id)
        if data.discovered_on is None:
            data = dataclasses.replace(data, discovered_on=summary.opened_on)
        if data.amount is None and not data.warning:
            # Like the form: the amount the law proposes unless one is typed.
            proposal = cases.assess_violation(db, actor, summary.subject_kind, data)
            if proposal.default_amount is not None:
                data = dataclasses.replace(data, amount=proposal.default_amount)
        row = cases.add_violation(db, actor, case_id, data)
    summary = cases.case_summary(db, actor, case_id)
    if args.json:
        emit_json({**_plain(row), "case_total": summary.total,
                   "outlook": _plain(summary.outlook)})
    else:
        print(f"violation {row.id} added to case {case_id}: {row.provision_key} "
              f"{'cảnh cáo' if row.warning else _money(row.amount)}; case total "
              f"{_money(summary.total)}")
    return 0


def cmd_case_show(ctx: Context) -> int:
    from inspector.services.cases import case_summary

    summary = case_summary(ctx.db(), ctx.actor(), _uuid(ctx.args.id, "ID"),
                           decision_date=parse_day(ctx.args.decision_date, "--decision-date"))
    if ctx.args.json:
        emit_json(_plain(summary))
        return 0
    print(f"case {summary.id} ({summary.status}): {summary.violator_name} — "
          f"{summary.subject_kind}, {summary.sector}, opened {summary.opened_on}")
    for v in summary.violations:
        print(f"  {v.provision_key}: {'cảnh cáo' if v.warning else _money(v.amount)}")
    outlook = summary.outlook
    if outlook is not None:
        print(f"total {_money(outlook.total)}; limitation until {outlook.limitation_date or '-'}")
        c = outlook.competence
        verdict = {True: "within", False: "beyond", None: "unknown"}[c.within]
        print(f"competence of {c.signer_title or '-'}: {verdict}"
              + (f" ({c.note})" if c.note else ""))
    return 0


# --- demo data ------------------------------------------------------------------------------

def cmd_demo_seed(ctx: Context) -> int:
    from inspector.services import demo

    args = ctx.args
    if args.scenario is None and not args.accounts:
        raise CliError("give --scenario NAME, --accounts, or both")
    report = None
    if args.scenario is not None:
        report = _seed_scenario(ctx)
    accounts = demo.create_demo_accounts(ctx.db(upgrade=True), ctx.actor()) if args.accounts \
        else []
    if args.json:
        emit_json({**(report.to_json() if report else {}),
                   **({"accounts": [a.to_json() for a in accounts]} if args.accounts else {})})
        return 0
    if report is not None:
        parts = ", ".join(f"{v} {k}" for k, v in report.counts.items())
        print(f"demo data ({report.scenario}, {report.year}) in {report.seconds:.1f} s: {parts}")
    for a in accounts:
        print(f"{a.role:10} {a.login:10} {a.password or '(already existed, password unchanged)'}"
              f"  {a.full_name}")
    return 0


def _seed_scenario(ctx: Context):  # type: ignore[no-untyped-def]
    from inspector.services import demo

    args = ctx.args
    names = demo.scenario_names()
    if args.scenario not in names:
        raise CliError(f"--scenario: invalid choice: {args.scenario!r} (choose from "
                       f"{', '.join(repr(n) for n in names)})")
    year = parse_count(args.year, "--year")
    if year is None:
        if args.scenario == "random":
            raise CliError("--year is required for the random scenario")
        year = 0  # the scenario knows its own year
    try:
        per = float(args.violations_per_establishment)
    except ValueError:
        raise CliError("--violations-per-establishment: not a number: "
                       f"{args.violations_per_establishment!r}") from None
    if not 0 <= per <= 100:  # also refuses nan and inf
        raise CliError(f"--violations-per-establishment: {per} is outside 0..100")
    options = demo.SeedOptions(
        year=year, size=parse_count(args.size, "--size") or 200,
        seed=parse_count(args.seed, "--seed") or 1, violations_per_establishment=per)
    db, actor = ctx.db(upgrade=True), ctx.actor()
    return demo.seed(db, actor, args.scenario, options, into_existing=args.into_existing)


# --- issued documents -----------------------------------------------------------------------

DOCUMENT_KINDS = ("seizure", "no-violation", "reminder", "transfer")


def _time(value: str | None, option: str) -> Any:
    from datetime import time

    if value is None:
        return None
    try:
        hour, minute = (int(p) for p in value.split(":"))
        return time(hour, minute)
    except ValueError:
        raise CliError(f"{option}: not a time HH:MM: {value!r}") from None


def cmd_document_preview(ctx: Context) -> int:
    """The draft of a document (DỰ THẢO, unnumbered), to read before issuing it."""
    from inspector.cli_decisions import _write
    from inspector.services import decisions
    from inspector.services import visit_documents as vd

    a = ctx.args
    if a.kind == "no-violation":
        pdf = vd.no_violation_record_pdf(ctx.db(), ctx.actor(), _uuid(a.id, "VISIT_ID"))
    elif a.kind == "reminder":
        pdf = vd.reminder_letter_pdf(ctx.db(), ctx.actor(), _uuid(a.id, "VISIT_ID"),
                                     a.finding or [], a.request or [],
                                     parse_day(a.report_by, "--report-by"),
                                     parse_day(a.date, "--date"))
    elif a.kind == "transfer":
        pdf = decisions.transfer_letter(ctx.db(), ctx.actor(), _uuid(a.id, "CASE_ID"),
                                        parse_day(a.date, "--date"))
    else:
        pdf = vd.seizure_record_pdf(ctx.db(), ctx.actor(), _uuid(a.id, "CASE_ID"),
                                    parse_day(a.date, "--date"))
    print(f"{a.kind} (draft) written to {_write(a.output, pdf)}")
    return 0


def cmd_document_issue(ctx: Context) -> int:

    from inspector.services.issued_documents import issue_document

    a = ctx.args
    if a.kind not in DOCUMENT_KINDS:
        raise CliError(f"KIND: invalid choice: {a.kind!r} (choose from "
                       f"{', '.join(repr(k) for k in DOCUMENT_KINDS)})")
    target = "VISIT_ID" if a.kind in ("no-violation", "reminder") else "CASE_ID"
    sign = None
    if a.sign:
        from inspector.cli_signing import credentials

        sign = credentials(ctx)
    elif a.token_label or a.p12:
        raise CliError("--token-label and --p12 go with --sign")
    info = issue_document(
        ctx.db(), ctx.actor(), a.kind, _uuid(a.id, target),
        parse_day(a.date, "--date") or clock.today(), at=_time(a.time, "--time"),
        findings=a.finding or (), requests=a.request or (),
        report_by=parse_day(a.report_by, "--report-by"),
        signer_id=_uuid(a.signer, "--signer") if a.signer is not None else None, sign=sign)
    if a.json:
        emit_json(info.to_json())
    else:
        print(f"{a.kind} {info.number_text} issued on {info.issued_on:%d/%m/%Y} "
              f"(number {info.number} of {info.year})")
    return 0


def cmd_document_pdf(ctx: Context) -> int:
    from inspector.cli_decisions import _write
    from inspector.services.issued_documents import document_pdf

    a = ctx.args
    number = parse_count(a.number, "NUMBER")
    year = parse_count(a.year, "--year")
    assert number is not None and year is not None
    pdf = document_pdf(ctx.db(), ctx.actor(), a.kind, number, year)
    print(f"{a.kind} {number}/{year} written to {_write(a.output, pdf)}")
    return 0


def cmd_document_list(ctx: Context) -> int:
    from inspector.services.issued_documents import cli_kind, list_documents

    a = ctx.args
    rows = list_documents(ctx.db(), ctx.actor(), parse_count(a.year, "--year"), a.kind)
    if a.json:
        emit_json([r.to_json() for r in rows])
    else:
        for r in rows:
            print(f"{r.issued_on:%d/%m/%Y}  {cli_kind(r.kind):<12}  {r.number_text:<16}  "
                  f"{r.title}")
    return 0


def _register_documents(sub: argparse._SubParsersAction) -> None:
    document = sub.add_parser("document", help="records and letters other than decisions").\
        add_subparsers(dest="document_command", metavar="ACTION")
    p = document.add_parser("issue", help="number, render and keep a document")
    p.add_argument("kind", metavar="KIND", help="seizure, no-violation, reminder or transfer")
    p.add_argument("id", metavar="ID", help="the case (seizure, transfer) or visit id")
    p.add_argument("--date", metavar="D", help="the document's date (default: today)")
    p.add_argument("--time", metavar="HH:MM", help="the hour a record was made")
    p.add_argument("--finding", action="append", help="reminder: a shortcoming (repeat)")
    p.add_argument("--request", action="append", help="reminder: what to do (repeat)")
    p.add_argument("--report-by", metavar="D", help="reminder: report back by this date")
    p.add_argument("--signer", metavar="SIGNER_ID")
    p.add_argument("--sign", action="store_true", help="letters: sign digitally (PAdES) with "
                   "the signer's token or PKCS#12 file; the PIN is read after the password")
    from inspector.cli_signing import add_credential_options

    add_credential_options(p)
    p.add_argument("--as", dest="as_user", metavar="LOGIN", default=argparse.SUPPRESS,
                   help="act as this user (password from the terminal or standard input)")
    _json(p)
    p.set_defaults(func=cmd_document_issue)
    p = document.add_parser("pdf", help="the stored PDF of an issued document")
    p.add_argument("kind", metavar="KIND", choices=DOCUMENT_KINDS)
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--year", required=True)
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(func=cmd_document_pdf)
    p = document.add_parser("list", help="the register of issued documents")
    p.add_argument("--year")
    p.add_argument("--kind", choices=DOCUMENT_KINDS)
    _json(p)
    p.set_defaults(func=cmd_document_list)
    from inspector.cli_signing import register_document

    register_document(document)
    for kind, target, text in (
            ("no-violation", "VISIT_ID", "draft of the checking record of a visit"),
            ("reminder", "VISIT_ID", "draft of the letter asking to fix shortcomings"),
            ("seizure", "CASE_ID", "draft of the record of exhibits seized"),
            ("transfer", "CASE_ID", "draft of the letter transferring the case file")):
        p = document.add_parser(kind, help=text)
        p.add_argument("id", metavar=target)
        p.add_argument("-o", "--output", required=True, metavar="FILE")
        p.add_argument("--date", metavar="D")
        if kind == "reminder":
            p.add_argument("--finding", action="append", help="a shortcoming (repeat)")
            p.add_argument("--request", action="append", help="what to do (repeat)")
            p.add_argument("--report-by", metavar="D")
        p.set_defaults(func=cmd_document_preview, kind=kind)


# --- parser ---------------------------------------------------------------------------------

def _json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON")


def _establishment_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sector", required=True,
                   help="internet, game, printing, distribution, ict_goods, …")
    p.add_argument("--name", required=True)
    p.add_argument("--owner-kind", required=True, metavar="individual|household|organization")
    p.add_argument("--owner-name")
    p.add_argument("--owner-sex", metavar="M|F")
    p.add_argument("--owner-birth", metavar="D")
    p.add_argument("--owner-id", metavar="CCCD")
    p.add_argument("--owner-id-issued-on", metavar="D")
    p.add_argument("--owner-id-issued-by")
    p.add_argument("--nationality")
    p.add_argument("--occupation")
    p.add_argument("--residence")
    p.add_argument("--household-reg", metavar="NUMBER")
    p.add_argument("--tax-code")
    p.add_argument("--head-office")
    p.add_argument("--representative")
    p.add_argument("--representative-title")
    p.add_argument("--representative-sex", help="the representative's sex: M/F or Nam/Nữ")
    p.add_argument("--address", help="house number, street, hamlet")
    p.add_argument("--commune-code", help="post-2025 commune/ward code")
    p.add_argument("--commune", help="commune/ward name")
    p.add_argument("--province")
    p.add_argument("--former-commune")
    p.add_argument("--former-district")
    p.add_argument("--former-province")
    p.add_argument("--phone")
    p.add_argument("--notes")
    p.add_argument("--business-kind")
    p.add_argument("--licence", action="append", metavar="KIND|NUMBER[|ISSUER[|ISSUED[|UNTIL]]]")
    p.add_argument("--allow-duplicate", action="store_true",
                   help="add even if it looks like an existing establishment")


def register(sub: argparse._SubParsersAction) -> None:
    _register_documents(sub)
    est = sub.add_parser("establishment", help="establishments (cơ sở)").add_subparsers(
        dest="establishment_command", metavar="ACTION")
    p = est.add_parser("add", help="add an establishment")
    _establishment_options(p)
    _json(p)
    p.set_defaults(func=cmd_establishment_add)
    p = est.add_parser("list", help="search and list establishments")
    p.add_argument("--search", metavar="TEXT", help="words, accents ignored")
    p.add_argument("--sector")
    p.add_argument("--commune-code")
    p.add_argument("--licence", choices=["valid", "expired", "none"])
    p.add_argument("--open-violations", choices=["yes", "no"])
    p.add_argument("--offset", metavar="N")
    p.add_argument("--limit", metavar="N", help="default 50")
    _json(p)
    p.set_defaults(func=cmd_establishment_list)
    p = est.add_parser("show", help="one establishment with its licences and history")
    p.add_argument("id")
    _json(p)
    p.set_defaults(func=cmd_establishment_show)

    plan = sub.add_parser("plan", help="yearly inspection plans").add_subparsers(
        dest="plan_command", metavar="ACTION")
    p = plan.add_parser("add", help="add a yearly plan")
    p.add_argument("--year", required=True)
    p.add_argument("--title", required=True)
    p.add_argument("--approval-number")
    p.add_argument("--approval-date", metavar="D")
    p.add_argument("--notes")
    _json(p)
    p.set_defaults(func=cmd_plan_add)
    p = plan.add_parser("list", help="list plans")
    p.add_argument("--year")
    _json(p)
    p.set_defaults(func=cmd_plan_list)

    insp = sub.add_parser("inspection", help="inspections (thanh tra, kiểm tra)").add_subparsers(
        dest="inspection_command", metavar="ACTION")
    p = insp.add_parser("add", help="add an inspection with its team")
    p.add_argument("--mode", required=True, choices=["thanh_tra", "kiem_tra"])
    p.add_argument("--kind", required=True,
                   choices=["scheduled", "unscheduled", "thematic", "interdisciplinary"])
    p.add_argument("--title", required=True)
    p.add_argument("--start", required=True, metavar="D")
    p.add_argument("--end", metavar="D")
    p.add_argument("--decision-number")
    p.add_argument("--decision-date", metavar="D")
    p.add_argument("--sector")
    p.add_argument("--scope")
    p.add_argument("--plan", metavar="PLAN_ID")
    p.add_argument("--agency", action="append", help="participating agency (repeat)")
    p.add_argument("--member", action="append", metavar="NAME|ROLE|AGENCY",
                   help="team member; ROLE head, deputy_head, member, secretary, liaison")
    _json(p)
    p.set_defaults(func=cmd_inspection_add)
    p = insp.add_parser("list", help="list inspections")
    p.add_argument("--year")
    p.add_argument("--plan", metavar="PLAN_ID")
    p.add_argument("--search", metavar="TEXT")
    _json(p)
    p.set_defaults(func=cmd_inspection_list)
    p = insp.add_parser("show", help="an inspection with its team and visits")
    p.add_argument("id")
    _json(p)
    p.set_defaults(func=cmd_inspection_show)

    visit = sub.add_parser("visit", help="visits to establishments").add_subparsers(
        dest="visit_command", metavar="ACTION")
    p = visit.add_parser("add", help="record a visit with its checklist answers")
    p.add_argument("--inspection", required=True, metavar="ID")
    p.add_argument("--establishment", required=True, metavar="ID")
    p.add_argument("--date", required=True, metavar="D")
    p.add_argument("--answer", action="append", metavar="ITEM=yes|no|na[:NOTE]")
    p.add_argument("--outcome", default="pending",
                   choices=["pending", "compliant", "reminded", "violations"])
    p.add_argument("--notes")
    _json(p)
    p.set_defaults(func=cmd_visit_add)

    viol = sub.add_parser("violation", help="violations").add_subparsers(
        dest="violation_command", metavar="ACTION")
    p = viol.add_parser("add", help="add a violation, checked against the law of its date")
    p.add_argument("--case", metavar="ID")
    p.add_argument("--visit", metavar="ID", help="opens (or reuses) the visit's case")
    p.add_argument("--provision", required=True, metavar="KEY")
    p.add_argument("--ended", metavar="D", help="the day a finished violation ended")
    p.add_argument("--ongoing", action="store_true", help="still going on when discovered")
    p.add_argument("--discovered", metavar="D", help="default: the day of the visit")
    p.add_argument("--amount", metavar="AMOUNT", help="default: the amount the law proposes")
    p.add_argument("--warning", action="store_true", help="a warning instead of a fine")
    p.add_argument("--reason", help="why this amount (required with one circumstance left)")
    p.add_argument("--mitigating", action="append", metavar="CODE", help="e.g. 9.2 (repeat)")
    p.add_argument("--aggravating", action="append", metavar="CODE", help="e.g. 10.1.b (repeat)")
    p.add_argument("--title", action="append", metavar="TITLE:COPIES",
                   help="publication title and copies")
    p.add_argument("--copies", metavar="N", help="copies of the title")
    p.add_argument("--facts", help="description of the facts")
    p.add_argument("--suspension-months", metavar="N")
    p.add_argument("--confiscate", action="store_true")
    p.add_argument("--confiscation-value", metavar="AMOUNT")
    p.add_argument("--remedial", action="append", metavar="CODE")
    p.add_argument("--alternative", metavar="N",
                   help="which act of a point that lists several (1, 2, …)")
    _json(p)
    p.set_defaults(func=cmd_violation_add)
    p = viol.add_parser("remove", help="take back a violation entered by mistake, before the "
                        "violation record is made")
    p.add_argument("id", metavar="ID")
    p.add_argument("--case", required=True, metavar="ID")
    _json(p)
    p.set_defaults(func=lambda ctx: _remove_from_case(ctx, "violation"))

    seized = sub.add_parser("seized", help="exhibits and means seized").add_subparsers(
        dest="seized_command", metavar="ACTION")
    p = seized.add_parser("add", help="an exhibit or means of one violation of a case")
    p.add_argument("--case", required=True, metavar="ID")
    p.add_argument("--violation", required=True, metavar="ID", help="the violation it belongs to")
    p.add_argument("--kind", default="goods", choices=["goods", "means", "documents"])
    p.add_argument("--description", required=True, help="name, brand, features")
    p.add_argument("--quantity", required=True, metavar="N")
    p.add_argument("--unit", required=True, help="cuốn, chiếc, bộ…")
    p.add_argument("--condition", help="tình trạng, đặc điểm")
    p.add_argument("--value", metavar="AMOUNT", help="value in đồng, where known")
    p.add_argument("--kept-at", help="where it is kept")
    _json(p)
    p.set_defaults(func=cmd_seized_add)
    p = seized.add_parser("remove", help="take back a seized item entered by mistake, before "
                          "the violation record is made")
    p.add_argument("id", metavar="ID")
    p.add_argument("--case", required=True, metavar="ID")
    _json(p)
    p.set_defaults(func=lambda ctx: _remove_from_case(ctx, "seized item"))

    case = sub.add_parser("case", help="cases").add_subparsers(dest="case_command",
                                                               metavar="ACTION")
    p = case.add_parser("show", help="a case: violations, total, limitation, competence")
    p.add_argument("id")
    p.add_argument("--decision-date", metavar="D", help="for the competence check")
    _json(p)
    p.set_defaults(func=cmd_case_show)

    demo = sub.add_parser("demo", help="demo data").add_subparsers(dest="demo_command",
                                                                   metavar="ACTION")
    p = demo.add_parser("seed", help="build a realistic demo database")
    p.add_argument("--scenario", help="random (or another registered scenario)")
    p.add_argument("--accounts", action="store_true",
                   help="also create a demo account per role (inspector, chief, clerk, admin) "
                        "and print their passwords")
    p.add_argument("--year", help="the year of the work (the random scenario needs it)")
    p.add_argument("--size", default="200", metavar="N", help="establishments (default 200)")
    p.add_argument("--seed", default="1", metavar="S")
    p.add_argument("--violations-per-establishment", default="3", metavar="F")
    p.add_argument("--into-existing", action="store_true",
                   help="seed a database that already holds records (administrators only)")
    _json(p)
    p.set_defaults(func=cmd_demo_seed)


extension(register)
