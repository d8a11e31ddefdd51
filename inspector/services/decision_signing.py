"""Digitally signed decisions: the signer signs when issuing, the agency adds its signature.

The signed PDF becomes the decision's stored document (``pdf`` and ``pdf_sha256`` updated in
the same transaction, so the audit trail and ``db check`` follow it); the snapshot is the one
of the issue and does not change. Each signature adds a ``decision_signatures`` row with the
certificate's identity and fingerprint only.

Where the appearances go (e-signatures.md §2–3, docs/e-signatures.md): the signer's image in
the room left for the handwritten signature, between the title and the name; the seal over the
left third of it; the agency's name and the signing time (ISO 8601, Vietnam time) under the
seal.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from typing import Any

from sqlalchemy import select

from inspector.domain.roles import Permission
from inspector.domain.signatures import SignatureRole, iso_vietnam, next_role
from inspector.domain.states import in_force
from inspector.domain.text import search_key
from inspector.services.actor import Actor
from inspector.services.agency import AgencyInfo
from inspector.services.errors import NotFound, ValidationError
from inspector.services.signing import (
    Appearance,
    Credentials,
    Placement,
    Signed,
    seal_image,
    sign_pdf,
    signature_image,
)
from inspector.services.signing_verify import Verification, verify_pdf
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import DecisionSignature, SanctionDecision

MM = 72 / 25.4
SIGNATURE_WIDTH, SIGNATURE_HEIGHT = 50 * MM, 22 * MM
#: The seal at a typical real size of an agency's round seal (36 mm; unconfirmed: the seal's
#: size is set by the seal rules, not by Decree 30/2020) and the text lines under it.
SEAL_SIZE = 36 * MM
AGENCY_TEXT_HEIGHT = 24
AGENCY_WIDTH = 70 * MM
BLUE = (0.05, 0.15, 0.65)


@dataclass(frozen=True)
class SignatureInfo:
    role: SignatureRole
    subject: str
    serial: str
    issuer: str
    fingerprint_sha256: str
    signed_at: datetime


def _signature_name_line(pdf: bytes, signer_name: str) -> tuple[int, float]:
    """The page and baseline of the signer's name in the signature block (its last
    occurrence: the block closes the document)."""
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf))
    wanted = search_key(signer_name)
    for index in range(len(reader.pages) - 1, -1, -1):
        hits: list[float] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any,
                  hits: list[float] = hits) -> None:
            if text.strip() and search_key(text) == wanted:
                hits.append(tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

        reader.pages[index].extract_text(visitor_text=visit)
        if hits:
            return index, min(hits)
    raise ValidationError("Không tìm thấy chỗ ký trên văn bản (tên người ký).",
                          "the signature block (the signer's name) is not on the document")


def placements(pdf: bytes, signer_name: str) -> dict[SignatureRole, Placement]:
    """Both appearances' boxes on the page of the signature block."""
    from inspector.documents.layout import FRAME_WIDTH, MARGIN_LEFT

    page, baseline = _signature_name_line(pdf, signer_name)
    centre = MARGIN_LEFT + FRAME_WIDTH * 0.74  # the signer's column (layout.signature_block)
    bottom = baseline + 16
    sig = (centre - SIGNATURE_WIDTH / 2, bottom, centre + SIGNATURE_WIDTH / 2,
           bottom + SIGNATURE_HEIGHT)
    seal_right = sig[0] + SIGNATURE_WIDTH / 3
    seal_mid = (sig[1] + sig[3]) / 2
    seal_left = seal_right - SEAL_SIZE
    # The text goes under the signer's name line, the seal over the signature (as on paper).
    text_bottom = min(seal_mid - SEAL_SIZE / 2, baseline - 6) - AGENCY_TEXT_HEIGHT
    agency = (seal_left, text_bottom, seal_left + AGENCY_WIDTH, seal_mid + SEAL_SIZE / 2)
    return {SignatureRole.SIGNER: Placement(page, sig), SignatureRole.AGENCY: Placement(page, agency)}


def _appearance(role: SignatureRole, signer_name: str, agency: AgencyInfo,
                at: datetime) -> Appearance:
    if role is SignatureRole.SIGNER:
        image = signature_image(signer_name)
        if image is not None:
            return Appearance(image=image)
        # No image installed: the name in blue where the signature goes (the app's choice).
        return Appearance(lines=(signer_name, "(đã ký số)"), text_color=BLUE)
    return Appearance(image=seal_image(), lines=(agency.agency_name, iso_vietnam(at)),
                      image_width=SEAL_SIZE)


def sign_issued_pdf(pdf: bytes, credentials: Credentials, role: SignatureRole,
                    signer_name: str, agency: AgencyInfo, number_text: str,
                    at: datetime | None = None, document: str = "quyết định") -> Signed:
    """Sign an issued PDF (a decision, or a letter: ``document="công văn"``) as ``role`` (no
    database work: the caller stores the result)."""
    at = at or datetime.now(UTC)
    place = placements(pdf, signer_name)[role]
    expected = signer_name if role is SignatureRole.SIGNER else agency.agency_name
    reason = (f"Ký ban hành {document} số {number_text}" if role is SignatureRole.SIGNER
              else f"{agency.agency_name} ký số {document} số {number_text}")
    return sign_pdf(pdf, credentials, role, expected, place,
                    _appearance(role, signer_name, agency, at), reason, agency.place_name,
                    at=at)


def record_signature(session: Any, decision: SanctionDecision, role: SignatureRole,
                     signed: Signed) -> None:
    """The signed PDF replaces the stored one; the certificate's identity is recorded."""
    if decision.pdf != signed.pdf:
        decision.pdf = signed.pdf
        decision.pdf_sha256 = hashlib.sha256(signed.pdf).hexdigest()
    ident = signed.identity
    session.add(DecisionSignature(
        decision_id=decision.id, role=role.value, subject=ident.subject, serial=ident.serial,
        issuer=ident.issuer, fingerprint_sha256=ident.fingerprint_sha256,
        signed_at=signed.signed_at.astimezone(UTC), pdf_sha256=decision.pdf_sha256))


def seal_stored(pdf: bytes | None, pdf_sha256: str | None, roles: list[str],
                credentials: Credentials, signer_name: str, agency: AgencyInfo,
                number_text: str, document: str = "quyết định") -> Signed:
    """The agency's signature over a stored document the signer has signed (a decision or a
    letter): refused before the signer's, a second time, or when the stored file does not
    match its SHA-256."""
    what = document[0].upper() + document[1:]
    if SignatureRole.SIGNER.value not in roles:
        raise ValidationError(
            f"{what} {number_text} chưa được người có thẩm quyền ký số; cơ quan ký sau người ký.",
            f"{document} {number_text} has no signer's signature yet")
    if SignatureRole.AGENCY.value in roles:
        raise ValidationError(f"{what} {number_text} đã có chữ ký số của cơ quan.",
                              f"{number_text} already carries the agency's signature")
    assert next_role(roles) is SignatureRole.AGENCY
    if pdf is None or hashlib.sha256(pdf).hexdigest() != pdf_sha256:
        raise ValidationError("Bản PDF lưu trữ không khớp mã SHA-256 trong sổ.",
                              "the stored PDF does not match its SHA-256")
    return sign_issued_pdf(pdf, credentials, SignatureRole.AGENCY, signer_name, agency,
                           number_text, document=document)


def add_agency_signature(db: Database, actor: Actor, decision_id: uuid.UUID,
                         credentials: Credentials) -> SignatureInfo:
    """The agency's signature over the signer's, as an incremental update (the first stays
    valid). One transaction: nothing is stored when signing fails."""
    from inspector.services.decisions import require_agency

    actor.require(Permission.SIGN_AS_AGENCY)
    agency = require_agency(db, actor)
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        d = s.get(SanctionDecision, decision_id)
        if d is None:
            raise NotFound("Không tìm thấy quyết định.", f"no decision {decision_id}")
        if not in_force(d.status, d.issued_on, d.amends_id) and d.amends_id is None:
            raise ValidationError(f"Quyết định {d.number_text} không còn hiệu lực.",
                                  f"decision {d.number_text} is not in force")
        roles = list(s.scalars(select(DecisionSignature.role)
                               .where(DecisionSignature.decision_id == d.id)))
        signed = seal_stored(d.pdf, d.pdf_sha256, roles, credentials, d.signer_name or "",
                             agency, d.number_text or "")
        record_signature(s, d, SignatureRole.AGENCY, signed)
        s.flush()
        uow.commit()
        ident = signed.identity
        return SignatureInfo(SignatureRole.AGENCY, ident.subject, ident.serial, ident.issuer,
                             ident.fingerprint_sha256, signed.signed_at)


def signatures_of(db: Database, actor: Actor, decision_id: uuid.UUID) -> list[SignatureInfo]:
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor, read_only=True) as uow:
        rows = uow.session.scalars(select(DecisionSignature).where(
            DecisionSignature.decision_id == decision_id).order_by(DecisionSignature.signed_at))
        return [SignatureInfo(SignatureRole(r.role), r.subject, r.serial, r.issuer,
                              r.fingerprint_sha256, r.signed_at) for r in rows]


def signed_roles(db: Database, actor: Actor) -> dict[uuid.UUID, set[SignatureRole]]:
    """Which decisions carry which signatures (the register's column)."""
    actor.require(Permission.VIEW)
    out: dict[uuid.UUID, set[SignatureRole]] = {}
    with UnitOfWork(db, actor, read_only=True) as uow:
        for decision_id, role in uow.session.execute(
                select(DecisionSignature.decision_id, DecisionSignature.role)):
            out.setdefault(decision_id, set()).add(SignatureRole(role))
    return out


def verify_decision(db: Database, actor: Actor, decision_id: uuid.UUID) -> Verification:
    """The stored PDF's signatures, each checked against the decision's signer and agency and
    against the fingerprint recorded when it was made."""
    from inspector.services.agency import get_agency

    actor.require(Permission.VIEW)
    agency = get_agency(db, actor)
    with UnitOfWork(db, actor, read_only=True) as uow:
        d = uow.session.get(SanctionDecision, decision_id)
        if d is None:
            raise NotFound("Không tìm thấy quyết định.", f"no decision {decision_id}")
        pdf = d.pdf or b""
        signer_name = d.signer_name or ""
        recorded = {SignatureRole(role): fingerprint for role, fingerprint in uow.session.execute(
            select(DecisionSignature.role, DecisionSignature.fingerprint_sha256)
            .where(DecisionSignature.decision_id == decision_id))}
    result = verify_pdf(pdf, {SignatureRole.SIGNER: signer_name,
                              SignatureRole.AGENCY: agency.agency_name})
    return against_record(result, recorded)


def against_record(result: Verification,
                   recorded: dict[SignatureRole, str]) -> Verification:
    """A signature whose certificate is not the one recorded when it was made, or a recorded
    signature missing from the file, is a wrong verdict whatever the PDF says."""
    from dataclasses import replace

    from inspector.services.signing_verify import SignatureVerdict

    out = []
    for verdict in result.signatures:
        fingerprint = recorded.get(verdict.role) if verdict.role else None
        if (fingerprint and verdict.identity is not None
                and verdict.identity.fingerprint_sha256 != fingerprint and verdict.intact):
            verdict = replace(
                verdict, trusted=False, holder_ok=False,
                reason="the certificate is not the one recorded when the decision was signed",
                reason_vi="chứng thư số khác với chứng thư đã ghi khi ký quyết định")
        out.append(verdict)
    present = {v.role for v in out}
    for role in recorded:
        if role not in present:
            out.append(SignatureVerdict(
                "", role, "", None, False, False,
                "a signature recorded in the register is missing from the file",
                "thiếu chữ ký số đã ghi trong sổ"))
    return Verification(tuple(out))


def copy_placement(pdf: bytes) -> Placement:
    """Top right of the first page, in the top margin above the national motto."""
    from inspector.documents.layout import MARGIN_RIGHT, PAGE_HEIGHT, PAGE_WIDTH

    right = PAGE_WIDTH - MARGIN_RIGHT
    return Placement(0, (right - COPY_WIDTH, PAGE_HEIGHT - 19 * MM, right, PAGE_HEIGHT - 5 * MM))


COPY_WIDTH = 75 * MM


def electronic_copy(db: Database, actor: Actor, decision_id: uuid.UUID,
                    credentials: Credentials, kind: str = "SAO Y") -> bytes:
    """An electronic copy of a signed decision for a party: the stored file with the agency's
    copy signature added (no image; the kind of copy, the agency and the time). The copy is
    handed over, not stored; making it is audited with its SHA-256 and the certificate's
    fingerprint."""
    from inspector.domain.signatures import COPY_FIELD, COPY_KINDS
    from inspector.services.audit import PendingEntry, append_entries
    from inspector.services.decisions import require_agency

    actor.require(Permission.SIGN_AS_AGENCY)
    if kind not in COPY_KINDS:
        raise ValidationError(f"Hình thức sao không hợp lệ: {kind}.", f"unknown copy kind {kind}")
    agency = require_agency(db, actor)
    verdict = verify_decision(db, actor, decision_id)
    if not verdict.signatures or not verdict.intact:
        raise ValidationError(
            "Chỉ sao điện tử quyết định đã ký số và còn nguyên vẹn: " + verdict.summary_vi() + ".",
            "only an intact signed decision is copied electronically")
    with UnitOfWork(db, actor) as uow:
        d = uow.session.get(SanctionDecision, decision_id)
        assert d is not None and d.pdf is not None
        at = datetime.now(UTC)
        look = Appearance(lines=(kind, agency.agency_name, iso_vietnam(at)),
                          text_color=(0, 0, 0), text_left=True)
        signed = sign_pdf(d.pdf, credentials, SignatureRole.AGENCY, agency.agency_name,
                          copy_placement(d.pdf), look,
                          f"{kind} quyết định số {d.number_text}", agency.place_name, at=at,
                          field_name=COPY_FIELD)
        append_entries(uow.session.connection(), actor, [PendingEntry(
            "sanction_decisions", str(d.id), "electronic_copy",
            {"kind": kind, "copy_sha256": hashlib.sha256(signed.pdf).hexdigest(),
             "fingerprint_sha256": signed.identity.fingerprint_sha256,
             "signed_at": signed.signed_at.astimezone(UTC).isoformat()})])
        uow.commit()
    return signed.pdf
