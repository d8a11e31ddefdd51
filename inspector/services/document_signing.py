"""Digitally signed letters: the reminder and the transfer letter, signed like a decision.

A letter has one signer in the agency's name (with "TL."/"KT." as docs/letters.md says), so the
signer's signature goes where the handwritten one would, at issue, and the agency's seal may be
added afterwards — the same appearances and the same pyHanko code as the decisions
(:mod:`inspector.services.decision_signing`). Records (seizure, checking) are signed on paper
by everyone present at the place and are not signed here.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC

from sqlalchemy import select

from inspector.domain.roles import Permission
from inspector.domain.signatures import SignatureRole
from inspector.services.actor import Actor
from inspector.services.decision_signing import SignatureInfo, against_record, seal_stored
from inspector.services.errors import NotFound, ValidationError
from inspector.services.signing import Credentials, Signed
from inspector.services.signing_verify import Verification, verify_pdf
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import DocumentSignature, IssuedDocument

#: The issued kinds a person signs alone in the agency's name.
SIGNABLE = frozenset({"reminder", "transfer"})


def require_signable(kind: str) -> None:
    if kind not in SIGNABLE:
        raise ValidationError(
            "Chỉ ký số công văn (nhắc nhở, chuyển hồ sơ); biên bản được ký trên giấy tại nơi lập "
            "bởi những người có mặt.",
            "only the reminder and transfer letters are signed digitally", field="sign")


def record_document_signature(session: object, row: IssuedDocument, role: SignatureRole,
                              signed: Signed) -> None:
    """The signed PDF replaces the stored one; the certificate's identity is recorded."""
    if row.pdf != signed.pdf:
        row.pdf = signed.pdf
        row.pdf_sha256 = hashlib.sha256(signed.pdf).hexdigest()
    ident = signed.identity
    session.add(DocumentSignature(  # type: ignore[attr-defined]
        document_id=row.id, role=role.value, subject=ident.subject, serial=ident.serial,
        issuer=ident.issuer, fingerprint_sha256=ident.fingerprint_sha256,
        signed_at=signed.signed_at.astimezone(UTC), pdf_sha256=row.pdf_sha256))


def add_agency_signature(db: Database, actor: Actor, document_id: uuid.UUID,
                         credentials: Credentials) -> SignatureInfo:
    """The agency's seal over the signer's signature of a letter (an incremental update: the
    first stays valid). One transaction: nothing is stored when signing fails."""
    from inspector.services.decisions import require_agency

    actor.require(Permission.SIGN_AS_AGENCY)
    agency = require_agency(db, actor)
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        row = s.get(IssuedDocument, document_id)
        if row is None:
            raise NotFound("Không tìm thấy văn bản.", f"no issued document {document_id}")
        require_signable(row.kind)
        roles = list(s.scalars(select(DocumentSignature.role)
                               .where(DocumentSignature.document_id == row.id)))
        signed = seal_stored(row.pdf, row.pdf_sha256, roles, credentials,
                             row.signer_name or "", agency, row.number_text,
                             document="công văn")
        record_document_signature(s, row, SignatureRole.AGENCY, signed)
        s.flush()
        uow.commit()
        ident = signed.identity
        return SignatureInfo(SignatureRole.AGENCY, ident.subject, ident.serial, ident.issuer,
                             ident.fingerprint_sha256, signed.signed_at)


def signed_documents(db: Database, actor: Actor) -> dict[uuid.UUID, set[SignatureRole]]:
    """Which issued letters carry which signatures (the documents register's column)."""
    actor.require(Permission.VIEW)
    out: dict[uuid.UUID, set[SignatureRole]] = {}
    with UnitOfWork(db, actor, read_only=True) as uow:
        for document_id, role in uow.session.execute(
                select(DocumentSignature.document_id, DocumentSignature.role)):
            out.setdefault(document_id, set()).add(SignatureRole(role))
    return out


def verify_document(db: Database, actor: Actor, document_id: uuid.UUID) -> Verification:
    """The stored letter's signatures, checked against its signer and agency and against the
    fingerprints recorded when they were made."""
    from inspector.services.agency import get_agency

    actor.require(Permission.VIEW)
    agency = get_agency(db, actor)
    with UnitOfWork(db, actor, read_only=True) as uow:
        row = uow.session.get(IssuedDocument, document_id)
        if row is None:
            raise NotFound("Không tìm thấy văn bản.", f"no issued document {document_id}")
        pdf = row.pdf or b""
        signer_name = row.signer_name or ""
        recorded = {SignatureRole(role): fp for role, fp in uow.session.execute(
            select(DocumentSignature.role, DocumentSignature.fingerprint_sha256)
            .where(DocumentSignature.document_id == document_id))}
    result = verify_pdf(pdf, {SignatureRole.SIGNER: signer_name,
                              SignatureRole.AGENCY: agency.agency_name})
    return against_record(result, recorded)
