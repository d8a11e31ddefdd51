"""The register of numbers: each agency's yearly sequence per kind of document.

A number is taken inside the transaction that issues the document, so a rolled-back issue
leaves no gap; the unique key on (agency, year, kind, number) makes a concurrent second issue
fail instead of reusing a number, and the service retries it with the next one. A number may be
skipped only with a recorded reason.
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector.services.errors import ValidationError
from inspector.store.models import DocumentNumber

DECISION = "QĐ-XPHC"
RECORD = "BB-VPHC"
TRANSFER = "CV-CHS"
SEIZURE = "BB-TG"


def next_number(session: Session, agency_id: uuid.UUID, year: int, kind: str,
                document_id: uuid.UUID) -> int:
    """Reserve and return the next number (used by ``document_id``)."""
    if kind == RECORD:  # a laptop numbers its records from the blocks the register gave it
        from inspector.services.bundles_numbers import reserved_number

        reserved = reserved_number(session, agency_id, year)
        if reserved is not None:
            session.add(DocumentNumber(agency_id=agency_id, year=year, kind=kind,
                                       number=reserved, status="used", document_id=document_id,
                                       reason=""))
            session.flush()
            return reserved
    last = session.scalar(select(func.max(DocumentNumber.number)).where(
        DocumentNumber.agency_id == agency_id, DocumentNumber.year == year,
        DocumentNumber.kind == kind)) or 0
    number = last + 1
    session.add(DocumentNumber(agency_id=agency_id, year=year, kind=kind, number=number,
                               status="used", document_id=document_id, reason=""))
    session.flush()
    return number


def skip_number(session: Session, agency_id: uuid.UUID, year: int, kind: str,
                reason: str) -> int:
    """Record that the next number is not used, and why (e.g. spoiled by hand)."""
    if not reason.strip():
        raise ValidationError("Phải ghi lý do bỏ qua số.", "a reason is required to skip a number",
                              field="reason")
    last = session.scalar(select(func.max(DocumentNumber.number)).where(
        DocumentNumber.agency_id == agency_id, DocumentNumber.year == year,
        DocumentNumber.kind == kind)) or 0
    session.add(DocumentNumber(agency_id=agency_id, year=year, kind=kind, number=last + 1,
                               status="skipped", reason=reason.strip()))
    session.flush()
    return last + 1
