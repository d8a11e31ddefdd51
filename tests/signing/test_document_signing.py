"""Signed letters through the services (issue 14: "the decision and the other issued
documents"): the reminder letter signed at issue, the agency's seal added, both checked by the
app and by poppler's pdfsig; records are refused; a wrong passphrase issues nothing."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from inspector.domain.signatures import SignatureRole
from inspector.services import document_signing
from inspector.services.actor import Actor
from inspector.services.agency import get_agency, save_agency
from inspector.services.errors import ValidationError
from inspector.services.issued_documents import issue_document, list_documents
from inspector.services.signing import P12Credentials, SigningError
from inspector.store.engine import Database
from inspector.store.models import DocumentSignature, IssuedDocument
from tests.conftest import make_actor
from tests.factories import configure_agency, make_case, make_reminder_visit, make_transfer_case
from tests.pki import PASSPHRASE, Pki
from tests.signing.conftest import AGENCY, SIGNER
from tests.signing.test_signing import pdfsig

CHIEF = make_actor("chief", "giam.doc")
CLERK = make_actor("clerk", "van.thu")


@pytest.fixture
def visit(db: Database, operator: Actor) -> object:
    configure_agency(db, operator)
    save_agency(db, operator, replace(get_agency(db, operator),
                                      agency_name="Sở Khoa học và Công nghệ"))
    return make_reminder_visit(db, operator)


def _p12(pki: Pki, who: str, passphrase: str = PASSPHRASE) -> P12Credentials:
    return P12Credentials(pki.people[who].p12, passphrase)


def _reminder(db: Database, visit: object, sign: P12Credentials | None) -> object:
    return issue_document(db, CHIEF, "reminder", visit, date(2026, 9, 18),  # type: ignore[arg-type]
                          findings=["Chưa niêm yết giờ mở cửa"],
                          requests=["Niêm yết giờ mở cửa, đóng cửa"], sign=sign)


def test_reminder_signed_at_issue_then_sealed_both_valid(db: Database, visit: object, pki: Pki,
                                                         tmp_path: Path) -> None:
    info = _reminder(db, visit, _p12(pki, "signer"))
    with db.sessions() as s:
        row = s.get(IssuedDocument, info.id)  # type: ignore[attr-defined]
        assert row is not None and row.pdf is not None
        first = row.pdf
        assert hashlib.sha256(first).hexdigest() == row.pdf_sha256
        sig = s.scalars(select(DocumentSignature)).one()
        assert sig.role == "signer" and SIGNER in sig.subject and sig.pdf_sha256 == row.pdf_sha256
    assert first.count(b"/ByteRange") == 1
    sealed = document_signing.add_agency_signature(db, CLERK, info.id,  # type: ignore[attr-defined]
                                                   _p12(pki, "agency"))
    assert sealed.role is SignatureRole.AGENCY and AGENCY in sealed.subject
    result = document_signing.verify_document(db, CHIEF, info.id)  # type: ignore[attr-defined]
    assert [(v.role, v.intact, v.trusted, v.holder_ok) for v in result.signatures] == [
        (SignatureRole.SIGNER, True, True, True), (SignatureRole.AGENCY, True, True, True)]
    with db.sessions() as s:
        row = s.get(IssuedDocument, info.id)  # type: ignore[attr-defined]
        assert row is not None and row.pdf is not None and row.pdf.startswith(first[:-2048])
        path = tmp_path / "cong-van.pdf"  # rendered for the closing note (pdftoppm)
        path.write_bytes(row.pdf)
    assert pdfsig(path).count("Signature is Valid.") == 2
    with pytest.raises(ValidationError):  # once only
        document_signing.add_agency_signature(db, CLERK, info.id,  # type: ignore[attr-defined]
                                              _p12(pki, "agency"))


def test_wrong_passphrase_or_someone_elses_certificate_issues_nothing(
        db: Database, visit: object, pki: Pki) -> None:
    for credentials in (_p12(pki, "signer", "sai-mat-khau"), _p12(pki, "other")):
        with pytest.raises(SigningError):
            _reminder(db, visit, credentials)
    assert list_documents(db, CHIEF, 2026) == []
    with db.sessions() as s:
        assert s.scalar(text("SELECT count(*) FROM document_numbers")) == 0
    assert _reminder(db, visit, None).number == 1  # type: ignore[attr-defined]


def test_records_are_not_signed_digitally(db: Database, operator: Actor, pki: Pki) -> None:
    configure_agency(db, operator)
    case = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                     "amount": 2_000_000}], opened_on=date(2026, 9, 7),
                     seized=[{"kind": "goods", "description": "Máy trạm", "quantity": 2,
                              "unit": "chiếc", "disposal": "held"}])
    with pytest.raises(ValidationError) as refused:
        issue_document(db, CHIEF, "seizure", case, date(2026, 9, 7), sign=_p12(pki, "signer"))
    assert "biên bản được ký trên giấy" in refused.value.vi


def test_transfer_letter_signed_by_the_inspector_moves_the_case(db: Database, operator: Actor,
                                                                pki: Pki) -> None:
    """The inspector on duty, above his cap, transfers the file with a signed letter: the case
    is transferred in the same transaction and the signature is his."""
    from inspector.store.models import Case

    case_id, inspector = make_transfer_case(db, operator, "Trần Thị Lan")  # pki's "other"
    info = issue_document(db, CHIEF, "transfer", case_id, date(2015, 6, 5),
                          signer_id=inspector, sign=_p12(pki, "other"))
    result = document_signing.verify_document(db, CHIEF, info.id)
    assert [(v.signer, v.intact, v.holder_ok) for v in result.signatures] == [
        ("Trần Thị Lan", True, True)]
    with db.sessions() as s:
        case = s.get(Case, case_id)
        assert case is not None and case.status == "transferred"
