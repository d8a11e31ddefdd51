"""The schema of the operational data.

The first schema covers the core of the domain — agency, users, establishments and their
licences, plans, inspections, visits, cases, violations, seized items, records, decisions,
payments, attachments and the audit trail — so later work extends it through migrations instead
of rebuilding it. Enumerations are strings backed by CHECK constraints: a bug in a form cannot
write a value the rest of the app does not know. Money is an integer number of đồng.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from inspector.store.base import Base, Entity, UTCDateTime, utcnow

SECTORS = ("internet", "game", "ict_goods", "printing", "distribution", "telecom", "publishing")
OWNER_KINDS = ("individual", "household", "organization")
ROLES = ("inspector", "chief", "clerk", "admin")
INSPECTION_MODES = ("thanh_tra", "kiem_tra")
INSPECTION_KINDS = ("scheduled", "unscheduled", "thematic", "interdisciplinary")
VISIT_OUTCOMES = ("pending", "compliant", "reminded", "violations")
CASE_STATUSES = (
    "draft", "recorded", "explanation", "transferred", "decided", "delivered", "paid",
    "partly_paid", "deferred", "overdue", "enforced", "closed", "reminded", "cancelled",
)
DECISION_STATUSES = (
    "draft", "issued", "delivered", "paid", "partly_paid", "overdue", "enforced", "cancelled",
    "amended",
)
SIGNATURE_ROLES = ("signer", "agency")
DISPOSALS = ("held", "confiscated", "returned", "destroyed")
MEMBER_ROLES = ("head", "deputy_head", "member", "secretary", "liaison")
ATTACHMENT_OWNERS = ("visit", "violation", "case", "seized_item", "establishment", "inspection")
ATTACHMENT_TYPES = ("image/jpeg", "image/png", "application/pdf")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class AgencySettings(Entity):
    """The issuing agency as printed on documents; one row per agency."""

    __tablename__ = "agency_settings"

    superior_agency: Mapped[str] = mapped_column(String(200), default="")
    agency_name: Mapped[str] = mapped_column(String(200), default="")
    agency_short: Mapped[str] = mapped_column(String(40), default="")
    place_name: Mapped[str] = mapped_column(String(100), default="")
    province_code: Mapped[str] = mapped_column(String(3), default="")
    treasury_account: Mapped[str] = mapped_column(String(100), default="")
    treasury_name: Mapped[str] = mapped_column(String(200), default="")
    record_suffix: Mapped[str] = mapped_column(String(40), default="BB-VPHC")
    decision_suffix: Mapped[str] = mapped_column(String(40), default="QĐ-XPHC")


class Signer(Entity):
    """A person who signs decisions, with the title code whose caps apply and any delegation."""

    __tablename__ = "signers"

    agency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agency_settings.id"))
    full_name: Mapped[str] = mapped_column(String(120))
    title_code: Mapped[str] = mapped_column(String(60))
    is_deputy: Mapped[bool] = mapped_column(Boolean, default=False)
    delegation_number: Mapped[str | None] = mapped_column(String(60))
    delegation_date: Mapped[date | None] = mapped_column(Date)
    delegation_summary: Mapped[str | None] = mapped_column(Text)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)


class User(Entity):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(_in("role", ROLES), name="role"),
        CheckConstraint("failed_attempts >= 0", name="failed_attempts"),
    )

    login: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Establishment(Entity):
    """A cơ sở: the business inspected, with its owner's identity as the record form needs it."""

    __tablename__ = "establishments"
    __table_args__ = (
        CheckConstraint(_in("sector", SECTORS), name="sector"),
        CheckConstraint(_in("owner_kind", OWNER_KINDS), name="owner_kind"),
        CheckConstraint("owner_sex IS NULL OR owner_sex IN ('M', 'F')", name="owner_sex"),
        CheckConstraint("representative_sex IS NULL OR representative_sex IN ('M', 'F')",
                        name="representative_sex"),
        CheckConstraint("name <> ''", name="name"),
        # The list's one index: rows come in name order and the accent-free search, sector and
        # commune filters are answered inside the index, so a page or a count never reads the
        # wide table rows it does not return (bench/fieldwork.py: 100,000 rows, < 15 ms).
        Index("ix_establishments_list", "name_sort", "search_text", "sector", "commune_code"),
    )

    sector: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(250))
    # Vietnamese collation key of the name (inspector.domain.text.sort_text), for ORDER BY.
    name_sort: Mapped[str] = mapped_column(String(600), default="")
    owner_kind: Mapped[str] = mapped_column(String(20))
    # Individual, or the owner of a household business.
    owner_name: Mapped[str | None] = mapped_column(String(120))
    owner_sex: Mapped[str | None] = mapped_column(String(1))
    owner_birth_date: Mapped[date | None] = mapped_column(Date)
    owner_nationality: Mapped[str | None] = mapped_column(String(60))
    owner_occupation: Mapped[str | None] = mapped_column(String(120))
    owner_residence: Mapped[str | None] = mapped_column(String(250))
    owner_id_number: Mapped[str | None] = mapped_column(String(12), index=True)
    owner_id_issued_on: Mapped[date | None] = mapped_column(Date)
    owner_id_issued_by: Mapped[str | None] = mapped_column(String(200))
    household_registration_no: Mapped[str | None] = mapped_column(String(40))
    # Organisation.
    enterprise_code: Mapped[str | None] = mapped_column(String(14), index=True)
    head_office: Mapped[str | None] = mapped_column(String(250))
    representative_name: Mapped[str | None] = mapped_column(String(120))
    representative_title: Mapped[str | None] = mapped_column(String(120))
    representative_sex: Mapped[str | None] = mapped_column(String(1))  # M or F, as owner_sex
    # Address: house/hamlet + commune/ward + province (from 01/7/2025); the former commune,
    # district and province are kept for records dated before the 2025 reorganisation.
    address_line: Mapped[str] = mapped_column(String(250), default="")
    commune_code: Mapped[str | None] = mapped_column(String(10), index=True)
    commune_name: Mapped[str] = mapped_column(String(120), default="")
    former_commune_name: Mapped[str | None] = mapped_column(String(120))
    former_district: Mapped[str | None] = mapped_column(String(120))
    former_province_name: Mapped[str | None] = mapped_column(String(120))
    province_name: Mapped[str] = mapped_column(String(120), default="")
    phone: Mapped[str | None] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(Text, default="")
    # Normalised (accent-free, case-folded) name, owner and address for search as you type.
    search_text: Mapped[str] = mapped_column(Text, default="")

    licences: Mapped[list[Licence]] = relationship(back_populates="establishment")
    # The kind of business the yearly report counts (legal.md §5.3): isp, internet_point,
    # game_point, telecom_agent, telecom_shop, ict_shop, supermarket, printer, distributor,
    # publisher (labels in inspector.services.tallies); NULL counts under the sector.
    business_kind: Mapped[str | None] = mapped_column(String(30))


class Licence(Entity):
    """A licence or certificate held by an establishment (kind, number, issuer, dates)."""

    __tablename__ = "licences"
    __table_args__ = (
        CheckConstraint(
            "valid_until IS NULL OR issued_on IS NULL OR valid_until >= issued_on", name="dates"
        ),
        CheckConstraint("kind <> '' AND number <> ''", name="filled"),
        UniqueConstraint("establishment_id", "kind", "number", name="uq_licences_number"),
    )

    establishment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("establishments.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(120))
    number: Mapped[str] = mapped_column(String(60))
    issuer: Mapped[str] = mapped_column(String(200), default="")
    issued_on: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)

    establishment: Mapped[Establishment] = relationship(back_populates="licences")


class InspectionPlan(Entity):
    """The yearly plan (kế hoạch) that lists the planned inspections."""

    __tablename__ = "inspection_plans"
    __table_args__ = (CheckConstraint("year BETWEEN 2000 AND 2100", name="year"),)

    year: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(String(300))
    approval_number: Mapped[str | None] = mapped_column(String(60))
    approval_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")


class Inspection(Entity):
    """A cuộc thanh tra or cuộc kiểm tra, with its kind, decision and period."""

    __tablename__ = "inspections"
    __table_args__ = (
        CheckConstraint(_in("mode", INSPECTION_MODES), name="mode"),
        CheckConstraint(_in("kind", INSPECTION_KINDS), name="kind"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="period"),
    )

    plan_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("inspection_plans.id"))
    mode: Mapped[str] = mapped_column(String(12))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    sector: Mapped[str | None] = mapped_column(String(20))
    decision_number: Mapped[str | None] = mapped_column(String(60))
    decision_date: Mapped[date | None] = mapped_column(Date)
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date | None] = mapped_column(Date)
    scope: Mapped[str] = mapped_column(Text, default="")
    participating_agencies: Mapped[str] = mapped_column(Text, default="")


class InspectionMember(Entity):
    """A member of an inspection team: staff (a user) or someone from a participating agency."""

    __tablename__ = "inspection_members"
    __table_args__ = (CheckConstraint(_in("role", MEMBER_ROLES), name="role"),)

    inspection_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("inspections.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    full_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(60))
    agency: Mapped[str] = mapped_column(String(200), default="")


class Visit(Entity):
    """One establishment visited in one inspection on a date, with its checklist answers."""

    __tablename__ = "visits"
    __table_args__ = (
        CheckConstraint(_in("outcome", VISIT_OUTCOMES), name="outcome"),
        # The same establishment is visited once a day in one inspection: a second window or a
        # double click cannot record the visit twice.
        UniqueConstraint("inspection_id", "establishment_id", "visit_date",
                         name="uq_visits_establishment_day"),
    )

    inspection_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("inspections.id"), index=True)
    establishment_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("establishments.id"), index=True
    )
    visit_date: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(12), default="pending")
    checklist: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    notes: Mapped[str] = mapped_column(Text, default="")


class Case(Entity):
    """A vụ việc: one violator at one visit (or found otherwise), the unit that reaches a decision.

    ``violator`` is the identity as recorded — a snapshot, not a live link to the establishment.
    """

    __tablename__ = "cases"
    __table_args__ = (
        CheckConstraint(_in("status", CASE_STATUSES), name="status"),
        CheckConstraint("subject_kind IN ('individual', 'organization')", name="subject_kind"),
    )

    visit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("visits.id"), index=True)
    establishment_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("establishments.id"), index=True
    )
    subject_kind: Mapped[str] = mapped_column(String(12))
    violator: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    sector: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default="draft")
    opened_on: Mapped[date] = mapped_column(Date, index=True)
    complex_case: Mapped[bool] = mapped_column(Boolean, default=False)
    explanation: Mapped[bool] = mapped_column(Boolean, default=False)
    transferred_to: Mapped[str | None] = mapped_column(String(250))
    transferred_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    # The edition of the reference data the case was made under (issue 9 §6; set on insert).
    reference_version: Mapped[str | None] = mapped_column(String(40))


class Violation(Entity):
    """One violation in a case, under one provision, with its own fine."""

    __tablename__ = "violations"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount"),
        CheckConstraint("ended_on IS NOT NULL OR discovered_on IS NOT NULL", name="dated"),
        # The date that selects the law: when a finished act ended, when an ongoing one was
        # discovered (Decree 118/2021 Art 7(2)).
        CheckConstraint(
            "CASE WHEN ongoing THEN discovered_on IS NOT NULL ELSE ended_on IS NOT NULL END",
            name="reference_date"),
        CheckConstraint(
            "ended_on IS NULL OR discovered_on IS NULL OR ended_on <= discovered_on",
            name="dates_order"),
        CheckConstraint("NOT warning OR amount = 0", name="warning_amount"),
        CheckConstraint("copies IS NULL OR copies > 0", name="copies"),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    provision_key: Mapped[str] = mapped_column(String(60), index=True)
    ongoing: Mapped[bool] = mapped_column(Boolean, default=False)
    ended_on: Mapped[date | None] = mapped_column(Date)
    discovered_on: Mapped[date | None] = mapped_column(Date)
    facts: Mapped[str] = mapped_column(Text, default="")
    mitigating: Mapped[list[str]] = mapped_column(JSON, default=list)
    aggravating: Mapped[list[str]] = mapped_column(JSON, default=list)
    amount: Mapped[int] = mapped_column(Integer, default=0)
    amount_reason: Mapped[str] = mapped_column(Text, default="")
    warning: Mapped[bool] = mapped_column(Boolean, default=False)
    # Copies of the one title a per-title provision counts (the quantity tier follows it).
    copies: Mapped[int | None] = mapped_column(Integer)
    titles: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    additional_sanctions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    remedial_measures: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # Which act of a point listing several (index into the provision's alternatives; 0014).
    alternative: Mapped[int | None] = mapped_column(Integer)


class SeizedItem(Entity):
    """Tang vật, phương tiện: what was seized, where it is kept and what became of it."""

    __tablename__ = "seized_items"
    __table_args__ = (
        CheckConstraint("quantity >= 0", name="quantity"),
        CheckConstraint("value IS NULL OR value >= 0", name="value"),
        CheckConstraint(_in("disposal", DISPOSALS), name="disposal"),
        CheckConstraint(
            "(disposal = 'held' AND disposal_date IS NULL) "
            "OR (disposal <> 'held' AND disposal_date IS NOT NULL)",
            name="disposal_date"),
        CheckConstraint("unit <> ''", name="unit"),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    violation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("violations.id"))
    kind: Mapped[str] = mapped_column(String(60))
    description: Mapped[str] = mapped_column(Text, default="")
    quantity: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(30))
    value: Mapped[int | None] = mapped_column(Integer)
    condition: Mapped[str] = mapped_column(String(250), default="")
    titles: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    kept_at: Mapped[str] = mapped_column(String(250), default="")
    disposal: Mapped[str] = mapped_column(String(12), default="held")
    disposal_date: Mapped[date | None] = mapped_column(Date)


class ViolationRecord(Entity):
    """A biên bản vi phạm hành chính (MBB01), numbered per agency and year when issued."""

    __tablename__ = "violation_records"
    __table_args__ = (
        UniqueConstraint("agency_id", "year", "number", name="uq_violation_records_number"),
        CheckConstraint("number IS NULL OR number > 0", name="number"),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    agency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agency_settings.id"))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int | None] = mapped_column(Integer)
    number_text: Mapped[str | None] = mapped_column(String(60))
    made_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="draft")
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    # What happened when the record was made (migration 0008): local wall-clock times at the
    # place and the details the inspector entered (services.violation_records.RecordDetails).
    made_at: Mapped[datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class SanctionDecision(Entity):
    """A quyết định xử phạt (MQĐ01/MQĐ02). Issued decisions are frozen snapshots."""

    __tablename__ = "sanction_decisions"
    __table_args__ = (
        UniqueConstraint("agency_id", "year", "number", name="uq_sanction_decisions_number"),
        CheckConstraint(_in("status", DECISION_STATUSES), name="status"),
        CheckConstraint("total_amount >= 0", name="total_amount"),
        CheckConstraint("number IS NULL OR number > 0", name="number"),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("cases.id"), index=True)
    agency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agency_settings.id"))
    form: Mapped[str] = mapped_column(String(10), default="MQĐ02")
    year: Mapped[int] = mapped_column(Integer, index=True)
    number: Mapped[int | None] = mapped_column(Integer)
    number_text: Mapped[str | None] = mapped_column(String(60))
    issued_on: Mapped[date | None] = mapped_column(Date, index=True)
    signer_name: Mapped[str | None] = mapped_column(String(120))
    signer_title: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(12), default="draft")
    total_amount: Mapped[int] = mapped_column(Integer, default=0)
    delivered_on: Mapped[date | None] = mapped_column(Date)
    #: Handed over in person: the moment (wall-clock time of the place, on ``delivered_on``)
    #: and the receiver, printed on the back-page receipt.
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime)
    received_by: Mapped[str | None] = mapped_column(String(120))
    due_date: Mapped[date | None] = mapped_column(Date)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    amends_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("sanction_decisions.id"))
    amendment_kind: Mapped[str | None] = mapped_column(String(20))
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    deferred_until: Mapped[date | None] = mapped_column(Date)
    instalments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class SignatureColumns:
    """What is kept of one digital signature: the role, the certificate's identity and
    fingerprint, the time, and the SHA-256 of the file it signed (never a key or a PIN)."""

    role: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(String(500))
    serial: Mapped[str] = mapped_column(String(100))
    issuer: Mapped[str] = mapped_column(String(500))
    fingerprint_sha256: Mapped[str] = mapped_column(String(64))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    pdf_sha256: Mapped[str] = mapped_column(String(64))


class DecisionSignature(SignatureColumns, Entity):
    """A digital signature on a decision's stored PDF: the signer's (``signer``) or the
    agency's (``agency``). Only the certificate's identity and SHA-256 fingerprint are kept;
    keys, PINs and certificates stay on the token or in the PKCS#12 file."""

    __tablename__ = "decision_signatures"
    __table_args__ = (
        UniqueConstraint("decision_id", "role", name="uq_decision_signatures_role"),
        CheckConstraint(_in("role", SIGNATURE_ROLES), name="role"),
    )

    decision_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("sanction_decisions.id"), index=True)


class DocumentSignature(SignatureColumns, Entity):
    """A digital signature on an issued letter's stored PDF (reminder, transfer), kept as a
    decision's is: the certificate's identity and fingerprint, never the key or the PIN."""

    __tablename__ = "document_signatures"
    __table_args__ = (
        UniqueConstraint("document_id", "role", name="uq_document_signatures_role"),
        CheckConstraint(_in("role", SIGNATURE_ROLES), name="role"),
    )

    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("issued_documents.id"), index=True)


class Payment(Entity):
    """A payment of a decision's fine and late charge, with the receipt (biên lai) of the body
    that collected it; a receipt number is used once per collecting body and year (0009)."""

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount"),
        Index("uq_payments_receipt", "collector", "receipt_year", "receipt_number", unique=True,
              sqlite_where=text("receipt_number <> '' AND receipt_year IS NOT NULL"),
              postgresql_where=text("receipt_number <> '' AND receipt_year IS NOT NULL")),
    )

    decision_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("sanction_decisions.id"), index=True
    )
    paid_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Integer)
    receipt_number: Mapped[str] = mapped_column(String(60), default="")
    collector: Mapped[str] = mapped_column(String(200), default="", server_default="")
    receipt_year: Mapped[int | None] = mapped_column(Integer)


class Attachment(Entity):
    """Evidence stored by content hash in the data directory; the row says what it belongs to."""

    __tablename__ = "attachments"
    __table_args__ = (
        CheckConstraint("size_bytes >= 0", name="size"),
        CheckConstraint(_in("owner_type", ATTACHMENT_OWNERS), name="owner_type"),
        CheckConstraint(_in("mime_type", ATTACHMENT_TYPES), name="mime_type"),
        UniqueConstraint("owner_type", "owner_id", "sha256", name="uq_attachments_owner_file"),
    )

    owner_type: Mapped[str] = mapped_column(String(30))
    owner_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    mime_type: Mapped[str] = mapped_column(String(60))
    size_bytes: Mapped[int] = mapped_column(Integer)
    original_name: Mapped[str] = mapped_column(String(250))
    caption: Mapped[str] = mapped_column(Text, default="")


class AttachmentContent(Base):
    """The bytes of an evidence file, kept in the database on a department server so that every
    workstation reaches the photos another one attached (a laptop's SQLite register keeps them
    as files beside the database). Keyed by the SHA-256 the attachment rows carry: the content
    proves itself, so it is not audited row by row; ``db check`` verifies it against the hash."""

    __tablename__ = "attachment_contents"
    __table_args__ = (CheckConstraint("size_bytes > 0", name="size"),)

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size_bytes: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class DocumentNumber(Entity):
    """The register of numbers: each number of an agency's yearly sequence for one kind of
    document is used once, or skipped with a recorded reason — never reused."""

    __tablename__ = "document_numbers"
    __table_args__ = (
        UniqueConstraint("agency_id", "year", "kind", "number", name="uq_document_numbers_number"),
        CheckConstraint("number > 0", name="number"),
        CheckConstraint("status IN ('used', 'skipped')", name="status"),
        CheckConstraint("status = 'used' OR reason <> ''", name="skip_reason"),
    )

    agency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agency_settings.id"))
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="used")
    document_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    reason: Mapped[str] = mapped_column(Text, default="")


ISSUED_KINDS = ("seizure", "no_violation", "reminder", "transfer")


class IssuedDocument(Entity):
    """A document other than a decision or a violation record, issued and kept frozen: the
    seizure record (MBB15), the checking record without violation, the reminder letter and the
    transfer letter. Numbered in its register (``register``), stored with its SHA-256."""

    __tablename__ = "issued_documents"
    __table_args__ = (
        UniqueConstraint("agency_id", "year", "register", "number",
                         name="uq_issued_documents_number"),
        CheckConstraint(_in("kind", ISSUED_KINDS), name="kind"),
        CheckConstraint("number > 0", name="number"),
    )

    agency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("agency_settings.id"))
    kind: Mapped[str] = mapped_column(String(20))
    register: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer, index=True)
    number: Mapped[int] = mapped_column(Integer)
    number_text: Mapped[str] = mapped_column(String(60))
    issued_on: Mapped[date] = mapped_column(Date)
    case_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("cases.id"), index=True)
    visit_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("visits.id"), index=True)
    title: Mapped[str] = mapped_column(String(250), default="")
    signer_name: Mapped[str | None] = mapped_column(String(120))
    signer_title: Mapped[str | None] = mapped_column(String(200))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)


class Draft(Entity):
    """A form being filled, saved every few seconds so a crash loses at most those seconds."""

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("user_login", "form", "record_key", name="uq_drafts_form"),)

    user_login: Mapped[str] = mapped_column(String(60), index=True)
    form: Mapped[str] = mapped_column(String(40))
    record_key: Mapped[str] = mapped_column(String(80), default="")
    title: Mapped[str] = mapped_column(String(250), default="")
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Complaint(Entity):
    """A complaint (khiếu nại) or denunciation (tố cáo) received, for the yearly report."""

    __tablename__ = "complaints"
    __table_args__ = (CheckConstraint("kind IN ('complaint', 'denunciation', 'petition')",
                                      name="kind"),)

    kind: Mapped[str] = mapped_column(String(20))
    received_on: Mapped[date] = mapped_column(Date, index=True)
    sender: Mapped[str] = mapped_column(String(250), default="")
    subject: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="received")
    resolved_on: Mapped[date | None] = mapped_column(Date)


class AuditEntry(Base):
    """An append-only audit row; ``hash`` chains it to the previous one (see services.audit)."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_login: Mapped[str] = mapped_column(String(60))
    device: Mapped[str] = mapped_column(String(120))
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str] = mapped_column(String(40), index=True)
    action: Mapped[str] = mapped_column(String(20))
    changes: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The chain's last sequence and hash; updating it first serialises concurrent writers and
    lets ``db check`` notice entries removed from the end."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))


# The reference tables live in their own module; importing it here registers them on Base.
from inspector.store import reference as _reference  # noqa: E402

_reference._register()

# Covering indexes for the yearly tally (inspector.services.tallies), chosen with bench/tally.py:
# on 1,000,000 violations they took the SQLite tally of a year from 18.6 s to 12.7 s.
Index("ix_visits_tally", Visit.visit_date, Visit.establishment_id, Visit.outcome,
      Visit.inspection_id)
Index("ix_cases_tally", Case.opened_on, Case.status, Case.sector, Case.establishment_id, Case.id,
      Case.visit_id)
Index("ix_violations_tally", Violation.case_id, Violation.warning, Violation.amount,
      Violation.provision_key)
Index("ix_sanction_decisions_tally", SanctionDecision.issued_on, SanctionDecision.status,
      SanctionDecision.case_id, SanctionDecision.total_amount)
Index("ix_payments_tally", Payment.decision_id, Payment.paid_on, Payment.amount)

# Tally dimensions (migration 0006): copies of the few attributes of a row's case, visit,
# establishment or decision that the yearly tally filters and groups by, so each section of the
# tally reads one table's covering index by a date range (or by the inspections of the period)
# instead of joining ~100,000 rows on UUID text keys (bench/tally.py: 12.7 s before).
# Database triggers created by the migration keep them in step with their sources on every
# write, whatever the path (services, bulk inserts, scenarios, raw SQL); no service writes them
# and the ORM does not map them (they are table columns only, read by inspector.services.tallies).
import sqlalchemy as _sa  # noqa: E402


def _place() -> tuple[_sa.Column[Any], ...]:
    """The establishment's commune and former district and commune (the area of the tally)."""
    return (_sa.Column("establishment_commune", String(120), nullable=True),
            _sa.Column("establishment_former_district", String(120), nullable=True),
            _sa.Column("establishment_former_commune", String(120), nullable=True))


_TALLY_COLUMNS: dict[Any, tuple[_sa.Column[Any], ...]] = {
    Visit: (
        _sa.Column("visit_year", Integer, nullable=True),
        _sa.Column("establishment_sector", String(20), nullable=True),
        _sa.Column("establishment_kind", String(30), nullable=True),
        *_place(),
    ),
    Violation: (
        _sa.Column("case_opened_on", Date, nullable=True),
        _sa.Column("case_opened_year", Integer, nullable=True),
        _sa.Column("case_live", Boolean, nullable=True),
        _sa.Column("case_sector", String(20), nullable=True),
        _sa.Column("case_violator", Uuid, nullable=True),
        _sa.Column("case_inspection_id", Uuid, nullable=True),
        _sa.Column("establishment_kind", String(30), nullable=True),
        *_place(),
    ),
    SeizedItem: (
        _sa.Column("case_opened_on", Date, nullable=True),
        _sa.Column("case_live", Boolean, nullable=True),
        _sa.Column("case_inspection_id", Uuid, nullable=True),
    ),
    SanctionDecision: (
        _sa.Column("issued_year", Integer, nullable=True),
        _sa.Column("case_sector", String(20), nullable=True),
        _sa.Column("case_inspection_id", Uuid, nullable=True),
        *_place(),
    ),
    Payment: (
        _sa.Column("decision_in_force", Boolean, nullable=True),
        _sa.Column("decision_issued_on", Date, nullable=True),
        _sa.Column("decision_total", Integer, nullable=True),
        _sa.Column("case_sector", String(20), nullable=True),
    ),
}
for _model, _columns in _TALLY_COLUMNS.items():
    for _column in _columns:
        _model.__table__.append_column(_column)

# The covering indexes the tally reads (chosen with EXPLAIN QUERY PLAN on bench/tally.py). The
# year first, then a section's keys, then the establishment (or violator) and the date: for a
# period within one calendar year each GROUP BY reads its rows in order and counts distinct
# establishments without sorting; other sections read a range of dates or the inspections of
# the period.
_tv, _tvi, _ts, _td, _tp = (Visit.__table__.c, Violation.__table__.c, SeizedItem.__table__.c,
                            SanctionDecision.__table__.c, Payment.__table__.c)


def _places(c: Any) -> tuple[Any, ...]:
    return (c.establishment_commune, c.establishment_former_district,
            c.establishment_former_commune)


Index("ix_visits_tally_kind", _tv.visit_year, _tv.establishment_sector, _tv.establishment_kind,
      _tv.establishment_id, _tv.visit_date, _tv.outcome)
Index("ix_visits_tally_place", _tv.visit_year, *_places(_tv), _tv.establishment_id,
      _tv.visit_date)
Index("ix_visits_tally_inspection", _tv.inspection_id, _tv.establishment_sector,
      _tv.establishment_kind, _tv.establishment_id, _tv.outcome)
Index("ix_violations_tally_kind", _tvi.case_opened_year, _tvi.case_live, _tvi.case_sector,
      _tvi.establishment_kind, _tvi.case_violator, _tvi.case_opened_on, _tvi.warning)
Index("ix_violations_tally_place", _tvi.case_opened_year, _tvi.case_live, *_places(_tvi),
      _tvi.case_violator, _tvi.case_opened_on, _tvi.warning)
Index("ix_violations_tally_provision", _tvi.case_opened_year, _tvi.case_live, _tvi.case_sector,
      _tvi.provision_key, _tvi.case_violator, _tvi.case_opened_on, _tvi.warning, _tvi.amount)
Index("ix_violations_tally_day", _tvi.case_opened_on, _tvi.case_live)
Index("ix_violations_tally_inspection", _tvi.case_inspection_id, _tvi.case_live,
      _tvi.case_sector, _tvi.provision_key, _tvi.case_violator, _tvi.warning, _tvi.amount)
Index("ix_seized_items_tally_period", _ts.case_opened_on, _ts.case_live, _ts.kind, _ts.unit,
      _ts.disposal, _ts.quantity)
Index("ix_seized_items_tally_inspection", _ts.case_inspection_id, _ts.case_live, _ts.kind,
      _ts.unit, _ts.disposal, _ts.quantity)
# ``amends_id`` closes the decision indexes (0009): the in-force predicate reads it.
Index("ix_sanction_decisions_tally_sector", _td.issued_year, _td.case_sector, _td.issued_on,
      _td.status, _td.total_amount, _td.amends_id)
Index("ix_sanction_decisions_tally_place", _td.issued_year, *_places(_td), _td.issued_on,
      _td.status, _td.total_amount, _td.amends_id)
Index("ix_sanction_decisions_tally_inspection", _td.case_inspection_id, _td.status,
      _td.issued_on, _td.total_amount, _td.amends_id)
# The tally's late charges (0009): only the decisions of the year that have a due date.
Index("ix_sanction_decisions_tally_due", _td.issued_year, _td.due_date)
Index("ix_payments_tally_paid", _tp.paid_on, _tp.decision_in_force, _tp.amount)
Index("ix_payments_tally_decision", _tp.decision_in_force, _tp.decision_issued_on,
      _tp.decision_id, _tp.paid_on, _tp.amount, _tp.decision_total, _tp.case_sector)
Index("ix_violation_records_tally", ViolationRecord.made_on, ViolationRecord.status)
#: Partial indexes; inspector.services.tallies repeats their predicates word for word.
REMEDIAL_PREDICATE = "CAST(remedial_measures AS TEXT) NOT IN ('[]', 'null')"
TRANSFERRED_PREDICATE = "status = 'transferred' OR transferred_to IS NOT NULL"
Index("ix_violations_tally_remedial", _tvi.case_opened_on, _tvi.case_live,
      sqlite_where=_sa.text(REMEDIAL_PREDICATE), postgresql_where=_sa.text(REMEDIAL_PREDICATE))
Index("ix_cases_tally_transferred", Case.opened_on, Case.transferred_on, Case.status,
      sqlite_where=_sa.text(TRANSFERRED_PREDICATE),
      postgresql_where=_sa.text(TRANSFERRED_PREDICATE))

# The sync bookkeeping tables (migration 0012) live in their own module too.
from inspector.store import sync as _sync  # noqa: E402, F401
