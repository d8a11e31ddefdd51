"""The register of numbers: each agency's yearly sequence per kind of document.

A number is taken inside the transaction that issues the document, so a rolled-back issue
leaves no gap. Two issuers of one register are serialised: on SQLite by the write lock every
unit of work takes at BEGIN, on PostgreSQL by a transaction-scoped advisory lock per register
(agency, year, kind), held until commit; the unique key on (agency, year, kind, number) stays as
the last guard. The commit of a transaction that took a number is synced to the disk before
the service returns (``store.engine.sync_wal``, FULL durability for that commit), so a printed
number survives a power cut. A number may be skipped only with a recorded
reason.
"""

from __future__ import annotations

import hashlib
import uuid

from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session

from inspector.services.errors import ValidationError
from inspector.store.engine import sqlite_path, sync_wal
from inspector.store.models import DocumentNumber

DECISION = "QĐ-XPHC"
RECORD = "BB-VPHC"
SEIZURE = "BB-TG"
#: Checking records without violation (thanh tra and kiểm tra records, one sequence).
CHECKING = "BB-KT"
#: The agency's official letters (công văn): reminders and transfers share the symbol.
LETTER = "CV"
TRANSFER = LETTER
REMINDER = LETTER


DURABLE = True  # bench/durability.py turns it off to measure its cost


@event.listens_for(Session, "after_commit")
def _sync_numbered_commit(session: Session) -> None:
    if session.info.pop("inspector_durable", False):
        bind = session.get_bind()
        path = sqlite_path(str(bind.engine.url))
        if path is not None:
            sync_wal(path)


@event.listens_for(Session, "after_rollback")
def _forget_durable(session: Session) -> None:
    session.info.pop("inspector_durable", None)


def lock_register(session: Session, agency_id: uuid.UUID, year: int, kind: str) -> None:
    """Wait until no other transaction is taking a number of this register (PostgreSQL)."""
    if session.get_bind().dialect.name != "postgresql":
        if DURABLE:
            session.info["inspector_durable"] = True
        return  # SQLite: the unit of work holds the database's write lock already
    digest = hashlib.sha256(f"{agency_id}:{year}:{kind}".encode()).digest()
    key = int.from_bytes(digest[:8], "big", signed=True)
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def next_number(session: Session, agency_id: uuid.UUID, year: int, kind: str,
                document_id: uuid.UUID) -> int:
    """Reserve and return the next number (used by ``document_id``)."""
    lock_register(session, agency_id, year, kind)
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
