"""A decision as the national database on administrative violations keeps it (Decree
20/2016/NĐ-CP Art 9): the subject, number and date, violations with their provisions, sanctions
and amounts, remedial measures, the issuing agency, the signer's title, and the enforcement
status. Built from the decision's frozen snapshot, so the export says what was decided.

The field names are this app's (the national system's own exchange format was not available);
docs/national-export.md documents them.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlalchemy import select

from inspector.domain.roles import Permission
from inspector.services.actor import Actor
from inspector.services.agency import get_agency
from inspector.services.errors import NotFound
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
        case = s.get(Case, d.case_id)
        payments = list(s.execute(select(Payment.paid_on, Payment.amount, Payment.receipt_number)
                                  .where(Payment.decision_id == d.id).order_by(Payment.paid_on)))
        amended = s.get(SanctionDecision, d.amends_id) if d.amends_id else None
        document = d.snapshot.get("document", {})
        violator = document.get("violator", {})
        organisation = "name" in violator and "full_name" not in violator
        record = {
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
                "payments": [{"paid_on": str(p), "amount": a, "receipt": r}
                             for p, a, r in payments],
                "paid_amount": sum(a for _, a, _ in payments),
            },
            "amends": {"decision": amended.number_text, "kind": d.amendment_kind}
            if amended else None,
            "sector": case.sector if case else None,
            "pdf_sha256": d.pdf_sha256,
        }
    return record


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
