"""A decision as the national database on administrative violations keeps it (Decree
20/2016/NĐ-CP Art 9): the subject, number and date, violations with their provisions, sanctions
and amounts, remedial measures, the issuing agency, the signer's title, and the enforcement
status. Built from the decision's frozen snapshot, so the export says what was decided.

The field names are this app's (the national system's own exchange format was not available);
docs/national-export.md documents them. :func:`period_export` gathers the decisions a period
touched (issued, amended, corrected, annulled, deferred, paid, enforced in it), each once, with
the export's own count and checksum.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import date
from typing import Any

from sqlalchemy import or_, select

from inspector.domain.roles import Permission
from inspector.domain.states import in_force
from inspector.services import clock
from inspector.services.actor import Actor
from inspector.services.agency import AgencyInfo, get_agency
from inspector.services.decisions import settlement_of
from inspector.services.errors import NotFound, ValidationError
from inspector.services.law import law_data
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import Case, Payment, SanctionDecision

FIELDS = (
    "decision_number", "decision_date", "issuing_agency", "signer_title", "signer_name",
    "subject_kind", "subject_name", "subject_birth_date", "subject_id_number",
    "subject_enterprise_code", "subject_address", "violation_index", "provision",
    "violation_description", "main_sanction", "fine_amount", "additional_sanctions",
    "remedial_measures", "total_amount", "status", "delivered_on", "due_date", "paid_amount",
    "paid_on", "deferred_until", "amends_decision", "amendment_kind",
)
#: The period export's CSV: the fields above, then what the period saw happen and the money.
PERIOD_FIELDS = (*FIELDS, "events", "fine_paid", "late_charge", "late_charge_paid",
                 "late_charge_owed", "amended_by")
EVENTS = ("issued", "amended", "corrected", "annulled", "deferred", "paid", "enforced")
_KIND_EVENT = {"amend": "amended", "correct": "corrected", "annul": "annulled"}


def decision_record(db: Database, actor: Actor, number: int, year: int) -> dict[str, Any]:
    """The nested record of one decision (for JSON)."""
    actor.require(Permission.VIEW)
    agency = get_agency(db, actor)
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        d = s.scalar(select(SanctionDecision).where(SanctionDecision.year == year,
                                                    SanctionDecision.number == number))
        if d is None or not d.snapshot:
            raise NotFound(f"Không có quyết định đã ban hành số {number} năm {year}.",
                           f"no issued decision number {number} of {year}")
        return _record(s, agency, d)


def _record(s: Any, agency: AgencyInfo, d: SanctionDecision,
            payments_until: date | None = None) -> dict[str, Any]:
    case = s.get(Case, d.case_id)
    stmt = select(Payment.paid_on, Payment.amount, Payment.receipt_number).where(
        Payment.decision_id == d.id).order_by(Payment.paid_on, Payment.receipt_number)
    if payments_until is not None:
        stmt = stmt.where(Payment.paid_on <= payments_until)
    payments = list(s.execute(stmt))
    amended = s.get(SanctionDecision, d.amends_id) if d.amends_id else None
    document = d.snapshot.get("document", {})
    violator = document.get("violator", {})
    organisation = "name" in violator and "full_name" not in violator
    return {
        "decision": {"number": d.number_text, "date": str(d.issued_on), "form": d.form},
        "issuing_agency": agency.agency_name,
        "signer": {"title": d.signer_title, "name": d.signer_name},
        "subject": {
            "kind": "organization" if organisation else "individual",
            "name": violator.get("name") if organisation else violator.get("full_name"),
            "date_of_birth": None if organisation else violator.get("date_of_birth"),
            "id_number": None if organisation else violator.get("id_number"),
            "enterprise_code": violator.get("enterprise_code") if organisation else None,
            "address": violator.get("head_office") if organisation
            else violator.get("residence"),
        },
        "violations": [{
            "provision": v.get("citation"), "description": v.get("description"),
            "main_sanction": "Cảnh cáo" if v.get("warning") else "Phạt tiền",
            "fine_amount": v.get("amount"),
            "additional_sanctions": [a.get("text") + (f" ({a['months']} tháng)"
                                                      if a.get("months") else "")
                                     for a in v.get("additional", [])],
            "remedial_measures": [m.get("text") for m in v.get("remedial", [])],
        } for v in document.get("violations", [])],
        "total_amount": d.total_amount,
        "enforcement": {
            "status": d.status, "delivered_on": d.delivered_on and str(d.delivered_on),
            "due_date": d.due_date and str(d.due_date),
            "deferred_until": d.deferred_until and str(d.deferred_until),
            "payments": _split(d.total_amount, payments),
            "paid_amount": sum(a for _, a, _ in payments),
        },
        "amends": {"decision": amended.number_text, "kind": d.amendment_kind}
        if amended else None,
        "sector": case.sector if case else None,
        "pdf_sha256": d.pdf_sha256,
    }


def _split(fine: int, payments: list[Any]) -> list[dict[str, Any]]:
    """Each payment with the part that paid the fine and the part that paid the late charge
    (Law Art 78; a payment pays the fine first — docs/money-rules.md)."""
    out, left = [], fine
    for paid_on, amount, receipt in payments:
        to_fine = min(amount, left)
        left -= to_fine
        out.append({"paid_on": str(paid_on), "amount": amount, "receipt": receipt,
                    "fine_part": to_fine, "late_charge_part": amount - to_fine})
    return out


def period_export(db: Database, actor: Actor, year: int, start: date | None = None,
                  end: date | None = None, today: date | None = None) -> dict[str, Any]:
    """The decisions of the agency that the period touched, each once, in number order.

    A decision is listed when, within the period, it was issued, an Art 18 decision amended,
    corrected or annulled it, its payment was deferred, a payment was made on it, or it was
    enforced; ``events`` says which. The Art 18 decisions are listed inside the decision they
    refer to (``amended_by``), not as decisions of their own, so no obligation is counted
    twice. Money is as at the end of the period (or today, if earlier). ``export.count`` is
    the number of records and ``export.sha256`` the SHA-256 of the canonical JSON of
    ``decisions`` (sorted keys, UTF-8, no spaces), so a receiver can check the file.
    """
    actor.require(Permission.VIEW)
    start = start or date(year, 1, 1)
    end = end or date(year, 12, 31)
    if start > end:
        raise ValidationError("Ngày bắt đầu sau ngày kết thúc.", "--from is after --to")
    if start.year != year or end.year != year:
        raise ValidationError(f"Khoảng thời gian phải nằm trong năm {year}.",
                              f"the period must lie within {year}")
    agency = get_agency(db, actor)
    rules = law_data(db).rules
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        events: dict[Any, set[str]] = {}
        amended_by: dict[Any, list[dict[str, Any]]] = {}

        def touch(decision_id: Any, event: str) -> None:
            events.setdefault(decision_id, set()).add(event)

        for d in s.scalars(select(SanctionDecision).where(
                SanctionDecision.issued_on.between(start, end))):
            if d.amends_id is None:
                touch(d.id, "issued")
            else:
                touch(d.amends_id, _KIND_EVENT.get(d.amendment_kind or "", "amended"))
        for decision_id in s.scalars(select(Payment.decision_id).where(
                Payment.paid_on.between(start, end))):
            touch(decision_id, "paid")
        for d in s.scalars(select(SanctionDecision).where(or_(
                SanctionDecision.deferred_until.is_not(None),
                SanctionDecision.status == "enforced"))):
            deferral = (d.snapshot or {}).get("deferral") or {}
            on = deferral.get("on")
            if on and start <= date.fromisoformat(on) <= end:
                touch(d.id, "deferred")
            enforced = (d.snapshot or {}).get("enforced_on")
            if d.status == "enforced" and enforced and \
                    start <= date.fromisoformat(enforced) <= end:
                touch(d.id, "enforced")
        for doc_ in s.scalars(select(SanctionDecision).where(
                SanctionDecision.amends_id.in_(list(events)),
                SanctionDecision.issued_on <= end).order_by(SanctionDecision.issued_on)):
            amended_by.setdefault(doc_.amends_id, []).append({
                "number": doc_.number_text, "date": str(doc_.issued_on),
                "kind": doc_.amendment_kind,
                "new_amount": (doc_.snapshot or {}).get("new_amount")})
        chosen = [d for d in (s.get(SanctionDecision, i) for i in events)
                  if d is not None and d.snapshot]
        chosen.sort(key=lambda d: (d.year, d.number or 0))
        records = []
        for d in chosen:
            record = _record(s, agency, d, payments_until=end)
            money = settlement_of(s, d, rules, min(end, today or clock.today()))
            live = in_force(d.status, d.issued_on, d.amends_id)
            record["events"] = [e for e in EVENTS if e in events[d.id]]
            record["in_force"] = live
            record["money"] = {
                "fine": d.total_amount, "fine_paid": money.fine_paid,
                "fine_owed": money.fine_owed if live else 0, "late_charge": money.charge,
                "late_charge_paid": money.charge_paid,
                "late_charge_owed": money.charge_owed if live else 0}
            record["amended_by"] = amended_by.get(d.id, [])
            records.append(record)
    return {"export": {"issuing_agency": agency.agency_name, "year": year,
                       "from": start.isoformat(), "to": end.isoformat(),
                       "count": len(records), "sha256": checksum(records)},
            "decisions": records}


def checksum(records: list[dict[str, Any]]) -> str:
    """SHA-256 of the canonical JSON of the records (what ``export.sha256`` says)."""
    canonical = json.dumps(records, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def period_rows(export: dict[str, Any]) -> list[dict[str, Any]]:
    """The period's records flattened for CSV: one row per violation (a warning-free decision
    without violations in its snapshot still gets one row)."""
    out = []
    for record in export["decisions"]:
        rows = decision_rows(record) or [_bare_row(record)]
        money = record["money"]
        for row in rows:
            row.update({
                "events": " ".join(record["events"]), "fine_paid": money["fine_paid"],
                "late_charge": money["late_charge"],
                "late_charge_paid": money["late_charge_paid"],
                "late_charge_owed": money["late_charge_owed"],
                "amended_by": "; ".join(f"{a['number']} ({a['kind']})"
                                        for a in record["amended_by"])})
            out.append(row)
    return out


def _bare_row(record: dict[str, Any]) -> dict[str, Any]:
    return {key: "" for key in FIELDS} | {
        "decision_number": record["decision"]["number"],
        "decision_date": record["decision"]["date"], "total_amount": record["total_amount"],
        "status": record["enforcement"]["status"]}


def period_csv(export: dict[str, Any]) -> str:
    """The CSV text: a header, one row per violation, then one trailing line
    ``# count=N sha256=HEX`` where HEX is the SHA-256 of the UTF-8 text above that line."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=PERIOD_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(period_rows(export))
    body = out.getvalue()
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return body + f"# count={export['export']['count']} sha256={digest}\n"


def decision_rows(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The same record flattened: one row per violation, in ``FIELDS`` order (for CSV)."""
    subject = record["subject"]
    enforcement = record["enforcement"]
    payments = enforcement["payments"]
    rows = []
    for index, v in enumerate(record["violations"], start=1):
        rows.append({
            "decision_number": record["decision"]["number"],
            "decision_date": record["decision"]["date"],
            "issuing_agency": record["issuing_agency"],
            "signer_title": record["signer"]["title"], "signer_name": record["signer"]["name"],
            "subject_kind": subject["kind"], "subject_name": subject["name"],
            "subject_birth_date": subject["date_of_birth"] or "",
            "subject_id_number": subject["id_number"] or "",
            "subject_enterprise_code": subject["enterprise_code"] or "",
            "subject_address": subject["address"] or "", "violation_index": index,
            "provision": v["provision"], "violation_description": v["description"],
            "main_sanction": v["main_sanction"], "fine_amount": v["fine_amount"] or 0,
            "additional_sanctions": "; ".join(v["additional_sanctions"]),
            "remedial_measures": "; ".join(v["remedial_measures"]),
            "total_amount": record["total_amount"], "status": enforcement["status"],
            "delivered_on": enforcement["delivered_on"] or "",
            "due_date": enforcement["due_date"] or "",
            "paid_amount": enforcement["paid_amount"],
            "paid_on": payments[-1]["paid_on"] if payments else "",
            "deferred_until": enforcement["deferred_until"] or "",
            "amends_decision": (record["amends"] or {}).get("decision") or "",
            "amendment_kind": (record["amends"] or {}).get("kind") or "",
        })
    return rows


def to_csv(rows: list[dict[str, Any]]) -> str:
    """UTF-8 text with a BOM-less header line; write it with ``encoding='utf-8-sig'`` for Excel."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FIELDS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_period_file(db: Database, actor: Actor, year: int, start: date | None,
                      end: date | None, fmt: str, path: str) -> dict[str, Any]:
    """Build the period export and write it to ``path`` whole or not at all (a ``.partial``
    file replaced at the end); JSON in UTF-8, CSV in UTF-8 with a BOM for Excel. Returns the
    export's header (count, checksum)."""
    from pathlib import Path

    from inspector.services.errors import ServiceError

    export = period_export(db, actor, year, start, end)
    if fmt == "json":
        data = (json.dumps(export, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    elif fmt == "csv":
        data = period_csv(export).encode("utf-8-sig")
    else:
        raise ValidationError(f"Định dạng không hợp lệ: {fmt}.", f"unknown format {fmt!r}")
    target = Path(path).expanduser()
    partial = target.with_name(target.name + ".partial")
    try:
        partial.write_bytes(data)
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ServiceError(f"Không ghi được tệp {target}: {exc.strerror}.",
                           f"cannot write {target}: {exc.strerror}") from None
    header: dict[str, Any] = export["export"]
    return header
