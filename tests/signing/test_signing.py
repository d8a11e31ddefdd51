"""Signed decisions through the services: a SoftHSM2 token and PKCS#12 files made at test time,
checked by the app and independently by poppler's pdfsig."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from sqlalchemy import select, text

from inspector.domain.signatures import SignatureRole
from inspector.services import decision_signing, decisions, violation_records
from inspector.services.actor import Actor
from inspector.services.maintenance import check_database
from inspector.services.signing import P12Credentials, SigningError, TokenCredentials
from inspector.services.signing_verify import verify_pdf
from inspector.store.engine import Database
from inspector.store.models import DecisionSignature, SanctionDecision
from tests.conftest import make_actor
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details
from tests.pki import PASSPHRASE, PIN, Pki
from tests.signing.conftest import AGENCY, SIGNER

CHIEF = make_actor("chief", "giam.doc")
CLERK = make_actor("clerk", "van.thu")


@pytest.fixture
def case_id(db: Database, operator: Actor) -> object:
    from inspector.services.agency import get_agency, save_agency

    configure_agency(db, operator)
    info = get_agency(db, operator)
    from dataclasses import replace

    save_agency(db, operator, replace(info, agency_name="Sở Khoa học và Công nghệ"))
    opened = date(2026, 9, 7)
    cid = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                    "amount": 2_000_000, "facts": "Hoạt động quá giờ"}],
                    establishment=INTERNET_POINT, opened_on=opened)
    violation_records.issue_record(db, operator, cid, opened, details=record_details(opened))
    return cid


def token(pin: str = PIN) -> TokenCredentials:
    return TokenCredentials("Token-Test", pin)


def pdfsig(path: Path) -> str:
    assert shutil.which("pdfsig"), "poppler-utils (pdfsig) is installed by scripts/test"
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout


def stored(db: Database, decision_id: object) -> bytes:
    with db.sessions() as s:
        d = s.get(SanctionDecision, decision_id)
        assert d is not None and d.pdf is not None
        return d.pdf


def test_issue_signed_with_token_then_agency_both_valid(db: Database, case_id: object,
                                                        pki: Pki, tmp_path: Path) -> None:
    """The chief issues with the token: the stored PDF is the signed one (its SHA-256 in the
    register), one signature row with the certificate's fingerprint; the clerk adds the
    agency's signature from a PKCS#12 file; the app and pdfsig find both valid; db check ✔."""
    info = decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 10), sign=token())
    pdf = stored(db, info.id)
    assert hashlib.sha256(pdf).hexdigest() == info.pdf_sha256
    assert pdf.count(b"/ByteRange") == 1
    cert_der = pki.people["signer"].cert.public_bytes(serialization.Encoding.DER)
    with db.sessions() as s:
        row = s.scalars(select(DecisionSignature)).one()
        snapshot = s.get(SanctionDecision, info.id).snapshot  # type: ignore[union-attr]
    assert row.role == "signer" and row.fingerprint_sha256 == hashlib.sha256(cert_der).hexdigest()
    assert "Hoàng Văn Giám" in row.subject and row.pdf_sha256 == info.pdf_sha256
    assert "signature" not in str(snapshot).lower()

    agency = decision_signing.add_agency_signature(
        db, CLERK, info.id, P12Credentials(pki.people["agency"].p12, PASSPHRASE))
    assert agency.role is SignatureRole.AGENCY and AGENCY in agency.subject
    signed = stored(db, info.id)
    assert signed.startswith(pdf[:len(pdf) - 2048])  # an incremental update of the first
    result = decision_signing.verify_decision(db, CHIEF, info.id)
    assert [(s.role, s.intact, s.trusted, s.holder_ok) for s in result.signatures] == [
        (SignatureRole.SIGNER, True, True, True), (SignatureRole.AGENCY, True, True, True)]
    assert result.summary_vi() == "Chữ ký số hợp lệ (2)"
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    report = pdfsig(path)
    assert report.count("Signature is Valid.") == 2, report
    report = check_database(db, make_actor("admin"))
    assert report.ok, [r for r in report.results if not r.ok]


def test_one_byte_changed_is_seen_by_the_app_and_pdfsig(db: Database, case_id: object,
                                                        pki: Pki, tmp_path: Path) -> None:
    info = decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 10), sign=token())
    pdf = bytearray(stored(db, info.id))
    at = pdf.index(b"Quy\xe1\xba\xbft") if b"Quy\xe1\xba\xbft" in pdf else 2000
    pdf[at] ^= 0x01
    path = tmp_path / "tampered.pdf"
    path.write_bytes(bytes(pdf))
    result = verify_pdf(bytes(pdf))
    assert not result.intact and not result.signatures[0].intact
    assert "changed after signing" in result.signatures[0].reason
    assert "Signature is Valid." not in pdfsig(path)


def test_wrong_pin_issues_nothing(db: Database, case_id: object, pki: Pki) -> None:
    with pytest.raises(SigningError) as refused:
        decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 10), sign=token("000000"))
    assert refused.value.vi == "Mã PIN không đúng."
    assert decisions.list_decisions(db, CHIEF, 2026) == []
    with db.sessions() as s:
        assert s.scalar(text("SELECT count(*) FROM document_numbers WHERE kind = 'QĐ-XPHC'")) == 0


def test_someone_elses_or_expired_certificate_is_refused(db: Database, case_id: object,
                                                         pki: Pki) -> None:
    for name, words in (("other", "không phải người ký"), ("expired", "đã hết hạn"),
                        ("unknown_root", "không thuộc tổ chức chứng thực tin cậy")):
        with pytest.raises(SigningError) as refused:
            decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 10),
                                     sign=P12Credentials(pki.people[name].p12, PASSPHRASE))
        assert words in refused.value.vi, (name, refused.value.vi)
    assert decisions.list_decisions(db, CHIEF, 2026) == []


def test_agency_signature_needs_the_signers_first_and_the_agencys_certificate(
        db: Database, case_id: object, pki: Pki) -> None:
    from inspector.services.errors import PermissionDenied, ValidationError

    plain = decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 10))
    agency_p12 = P12Credentials(pki.people["agency"].p12, PASSPHRASE)
    with pytest.raises(ValidationError, match="has no signer's signature yet"):
        decision_signing.add_agency_signature(db, CLERK, plain.id, agency_p12)
    with pytest.raises(PermissionDenied):
        decision_signing.add_agency_signature(db, make_actor("inspector"), plain.id,
                                              agency_p12)


def _sign_raw(pdf: bytes, p12: Path, field: str = "ChuKySo_NguoiKy") -> bytes:
    """Sign with pyHanko directly, without the app's checks (a file made elsewhere)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    signer = signers.SimpleSigner.load_pkcs12_data(p12.read_bytes(), other_certs=[],
                                                   passphrase=PASSPHRASE.encode())
    meta = signers.PdfSignatureMetadata(field_name=field, subfilter=SigSeedSubFilter.PADES)
    return signers.sign_pdf(IncrementalPdfFileWriter(BytesIO(pdf)), meta,
                            signer=signer).getvalue()


@pytest.fixture
def unsigned_pdf() -> bytes:
    from inspector.documents.decision import render_sanction_decision
    from tests.documents.sample_data import decision_2026

    return render_sanction_decision(decision_2026())


def test_verdicts_for_unknown_root_expired_and_wrong_certificate(pki: Pki,
                                                                 unsigned_pdf: bytes) -> None:
    expected = {SignatureRole.SIGNER: SIGNER}
    cases = {"unknown_root": "unknown root", "expired": "expired on",
             "other": "wrong certificate"}
    for name, words in cases.items():
        result = verify_pdf(_sign_raw(unsigned_pdf, pki.people[name].p12), expected)
        verdict = result.signatures[0]
        assert verdict.intact, name
        assert words in verdict.reason, (name, verdict.reason)
        assert not result.trusted
        if name != "other":
            assert not verdict.trusted
        else:
            assert verdict.trusted and verdict.holder_ok is False
    good = verify_pdf(_sign_raw(unsigned_pdf, pki.people["signer"].p12), expected)
    assert good.trusted and good.signatures[0].reason == "valid"


def test_content_appended_after_the_last_signature(pki: Pki, unsigned_pdf: bytes) -> None:
    """A page stamped after signing (an incremental update that is not a signature)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.stamp import TextStampStyle

    signed = _sign_raw(unsigned_pdf, pki.people["signer"].p12)
    writer = IncrementalPdfFileWriter(BytesIO(signed))
    TextStampStyle(stamp_text="ĐÃ SỬA").create_stamp(writer, None, {}).apply(0, 100, 100)
    out = BytesIO()
    writer.write(out)
    result = verify_pdf(out.getvalue(), {SignatureRole.SIGNER: SIGNER})
    assert not result.intact
    assert result.signatures[0].reason == "content was appended after this signature"
    assert "có nội dung được thêm vào sau chữ ký" in result.summary_vi()


def test_no_pin_passphrase_or_key_in_the_database_or_log(db: Database, case_id: object,
                                                         pki: Pki, db_path: Path) -> None:
    from inspector import paths

    special = P12Credentials(pki.people["signer"].p12, PASSPHRASE)
    info = decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 10), sign=special)
    assert info.pdf_sha256
    db.dispose()
    key = pki.people["signer"].key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())
    blob = db_path.read_bytes()
    assert PASSPHRASE.encode() not in blob and key[-64:] not in blob
    with db.sessions() as s:
        trail = " ".join(s.scalars(text("SELECT changes FROM audit_log")))
    cert_hex = pki.people["signer"].cert.public_bytes(serialization.Encoding.DER).hex()
    assert PASSPHRASE not in trail and cert_hex[:80] not in trail
    for log in paths.log_dir().glob("*"):
        assert PASSPHRASE not in log.read_text(errors="replace")


def test_register_compares_the_file_with_the_recorded_certificates(pki: Pki,
                                                                   unsigned_pdf: bytes) -> None:
    """A file re-signed with another certificate of the same name, or stripped of a recorded
    signature, is not what the register recorded."""
    from inspector.services.decision_signing import against_record

    signed = _sign_raw(unsigned_pdf, pki.people["signer"].p12)
    result = verify_pdf(signed, {SignatureRole.SIGNER: SIGNER})
    assert result.trusted
    recorded = {SignatureRole.SIGNER: "0" * 64, SignatureRole.AGENCY: "1" * 64}
    checked = against_record(result, recorded)
    assert not checked.trusted and not checked.intact
    assert checked.signatures[0].reason_vi == "chứng thư số khác với chứng thư đã ghi khi ký " \
                                              "quyết định"
    assert checked.signatures[1].reason_vi == "thiếu chữ ký số đã ghi trong sổ"


def test_electronic_copy_for_a_party(db: Database, case_id: object, pki: Pki,
                                     tmp_path: Path) -> None:
    """SAO Y: the agency's copy signature, third, top right of the first page; all three
    valid in the app and in pdfsig; the copy is audited, not stored."""
    from pypdf import PdfReader

    info = decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 10), sign=token())
    agency_p12 = P12Credentials(pki.people["agency"].p12, PASSPHRASE)
    decision_signing.add_agency_signature(db, CLERK, info.id, agency_p12)
    stored_before = stored(db, info.id)
    copy = decision_signing.electronic_copy(db, CLERK, info.id, agency_p12)
    assert stored(db, info.id) == stored_before
    result = verify_pdf(copy, {SignatureRole.SIGNER: SIGNER,
                               SignatureRole.AGENCY: "Sở Khoa học và Công nghệ"})
    assert [(s.field, s.intact, s.trusted, s.holder_ok) for s in result.signatures] == [
        ("ChuKySo_NguoiKy", True, True, True), ("ChuKySo_CoQuan", True, True, True),
        ("ChuKySo_SaoY", True, True, True)]
    widget = next(a.get_object() for a in PdfReader(BytesIO(copy)).pages[0]["/Annots"]
                  if a.get_object().get("/T") == "ChuKySo_SaoY")
    x1, y1, _x2, _y2 = (float(v) for v in widget["/Rect"])
    assert x1 > 595 / 2 and y1 > 842 - 60  # top right of the first page
    path = tmp_path / "sao-y.pdf"
    path.write_bytes(copy)
    assert pdfsig(path).count("Signature is Valid.") == 3
    if os.environ.get("INSPECTOR_SCREENSHOTS") == "1":  # README's picture, when asked
        shots = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        subprocess.run(["pdftoppm", "-r", "80", "-f", "1", "-l", "1", "-png", "-singlefile",
                        str(path), str(shots / "signed-copy-first-page")], check=True)
    with db.sessions() as s:
        actions = s.scalars(text("SELECT action FROM audit_log WHERE entity_id = :i"),
                            {"i": str(info.id)}).all()
    assert "electronic_copy" in actions


def test_appearances_where_the_rules_put_them(pki: Pki, unsigned_pdf: bytes,
                                              images: Path) -> None:
    """The signer's image between the title line and the name; the seal over the left third
    of it; the agency's text (name, ISO 8601 time with +07:00) under the name line."""
    from pypdf import PdfReader

    from inspector.domain.text import search_key
    from inspector.services.agency import AgencyInfo
    from inspector.services.decision_signing import sign_issued_pdf

    agency = AgencyInfo(agency_name="Sở Khoa học và Công nghệ", place_name="Cao Bằng")
    other = make_named_signer(pki, "Nông Thị Lan")
    first = sign_issued_pdf(unsigned_pdf, P12Credentials(other, PASSPHRASE),
                            SignatureRole.SIGNER, "Nông Thị Lan", agency, "12/QĐ-XPHC")
    both = sign_issued_pdf(first.pdf, P12Credentials(pki.people["agency"].p12, PASSPHRASE),
                           SignatureRole.AGENCY, "Nông Thị Lan", agency, "12/QĐ-XPHC")
    page = PdfReader(BytesIO(both.pdf)).pages[-1]
    lines: dict[str, float] = {}

    def visit(text_: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text_.strip():  # the baseline on the page: the text matrix through the CTM
            lines.setdefault(search_key(text_), tm[4] * cm[1] + tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    rects = {a.get_object()["/T"]: [float(v) for v in a.get_object()["/Rect"]]
             for a in page["/Annots"]}
    sig, seal = rects["ChuKySo_NguoiKy"], rects["ChuKySo_CoQuan"]
    name_y, title_y = lines["nong thi lan"], lines["pho giam doc"]
    assert name_y < sig[1] and sig[3] < title_y  # between the title and the name
    third = sig[0] + (sig[2] - sig[0]) / 3
    assert seal[0] < sig[0] < third and abs(seal_right(seal) - third) <= 1.5
    assert seal[1] < name_y  # its text goes under the name line
    assert both.signed_at.utcoffset() is not None and both.signed_at.utcoffset().total_seconds() == 7 * 3600


def seal_right(rect: list[float]) -> float:
    """The seal is drawn at its size, 36 mm (docs/e-signatures.md), at the box's left edge."""
    return rect[0] + 36 * 72 / 25.4


def make_named_signer(pki: Pki, name: str) -> Path:
    return pki.issue("named-" + search_key_file(name), name).p12


def search_key_file(name: str) -> str:
    from inspector.domain.text import search_key

    return search_key(name).replace(" ", "-")


def test_a_correcting_decision_is_signed_when_issued(db: Database, case_id: object, pki: Pki,
                                                     tmp_path: Path) -> None:
    """An Art 18 decision is a decision: signed at issue by its signer, sealed by the agency,
    both valid in the app and in pdfsig; the original keeps its own signature untouched."""
    from inspector.services import amendments

    original = decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 10), sign=token())
    before = stored(db, original.id)
    fixed = amendments.amend_decision(db, CHIEF, 1, 2026, "correct", "Sai chính tả tên cơ sở",
                                      ["Đính chính tên cơ sở tại Điều 1"], date(2026, 9, 12),
                                      sign=P12Credentials(pki.people["signer"].p12, PASSPHRASE))
    assert fixed.number_text == "02/QĐ-XPHC"
    decision_signing.add_agency_signature(
        db, CLERK, fixed.id, P12Credentials(pki.people["agency"].p12, PASSPHRASE))
    result = decision_signing.verify_decision(db, CHIEF, fixed.id)
    assert [(s.role, s.intact, s.trusted, s.holder_ok) for s in result.signatures] == [
        (SignatureRole.SIGNER, True, True, True), (SignatureRole.AGENCY, True, True, True)]
    path = tmp_path / "dinh-chinh.pdf"
    path.write_bytes(stored(db, fixed.id))
    assert pdfsig(path).count("Signature is Valid.") == 2
    assert stored(db, original.id) == before
    with pytest.raises(SigningError):  # a wrong passphrase issues nothing
        amendments.amend_decision(db, CHIEF, 1, 2026, "correct", "Sai số nhà",
                                  ["Đính chính số nhà"], date(2026, 9, 13),
                                  sign=P12Credentials(pki.people["signer"].p12, "sai"))
    assert sorted(d.number for d in decisions.list_decisions(db, CHIEF, 2026)) == [1, 2]


def test_a_deferral_is_signed_when_issued(db: Database, case_id: object, pki: Pki,
                                          tmp_path: Path) -> None:
    """The follow-up decisions (here the deferral, MQĐ03) are signed at issue like the others."""
    from inspector.services import payments, relief

    decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 10))
    payments.record_delivery(db, CHIEF, 1, 2026, date(2026, 9, 11))
    info = relief.defer_payment(db, CHIEF, 1, 2026, date(2026, 12, 15), "Hỏa hoạn", False,
                                date(2026, 9, 15), request_on=date(2026, 9, 14),
                                confirmed_by="Ủy ban nhân dân xã Ca Thành",
                                sign=P12Credentials(pki.people["signer"].p12, PASSPHRASE))
    issued = info.extra["issued"]
    with db.sessions() as s:
        row = s.scalars(select(DecisionSignature)).one()
        deferral = s.get(SanctionDecision, row.decision_id)
        assert deferral is not None and deferral.number_text == issued["number_text"]
        assert row.pdf_sha256 == deferral.pdf_sha256 == issued["sha256"]
    result = decision_signing.verify_decision(db, CHIEF, row.decision_id)
    assert [(s.role, s.intact, s.holder_ok) for s in result.signatures] == [
        (SignatureRole.SIGNER, True, True)]
    path = tmp_path / "hoan.pdf"
    path.write_bytes(stored(db, row.decision_id))
    assert pdfsig(path).count("Signature is Valid.") == 1
