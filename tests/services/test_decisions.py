"""Issuing decisions: legal checks, consecutive numbers, frozen snapshots, payments."""

from __future__ import annotations

import hashlib
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from inspector.services import amendments, decisions, payments, relief, violation_records
from inspector.services.actor import Actor
from inspector.services.errors import ConflictError, PermissionDenied, ValidationError
from inspector.store.engine import Database
from inspector.store.models import AuditEntry, DocumentNumber
from tests.conftest import make_actor
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details

CHIEF = make_actor("chief", "chanh.tt")


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(BytesIO(pdf)).pages)


@pytest.fixture
def internet_2026(db: Database, operator: Actor) -> object:
    configure_agency(db, operator)

    def build(amount: int = 2_000_000, opened: date = date(2026, 9, 7)) -> object:
        # Decree 174/2026 Art 36(2): 2-5 M printed for organisations; a household pays half.
        case_id = make_case(db, operator, [{
            "provision_key": "174/2026/NĐ-CP:36.2.a", "amount": amount,
            "facts": "Hoạt động quá giờ quy định lúc 22 giờ 40 phút"}],
            establishment=INTERNET_POINT, opened_on=opened)
        violation_records.issue_record(db, operator, case_id, opened,
                                       details=record_details(opened))
        return case_id
    return build


def test_issue_checks_numbers_and_stores_pdf(db: Database, internet_2026: object) -> None:
    """The chief issues: number 01/QĐ-XPHC, Director's title (2026), PDF stored with its SHA-256."""
    case_id = internet_2026()  # type: ignore[operator]
    info = decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 10))
    assert info.number == 1 and info.number_text == "01/QĐ-XPHC"
    assert info.signer_title == "Giám đốc Sở Khoa học và Công nghệ"
    pdf = decisions.decision_pdf(db, CHIEF, 1, 2026)
    assert hashlib.sha256(pdf).hexdigest() == info.pdf_sha256
    text = _text(pdf)
    assert "01/QĐ-XPHC" in text and "2.000.000" in text and "Lương Văn Đức" in text
    assert "Hai triệu đồng" in text or "hai triệu đồng" in text


def test_two_issues_get_consecutive_numbers(db: Database, internet_2026: object) -> None:
    """Decision numbers run in sequence per agency and year, never reused."""
    first = decisions.issue_decision(db, CHIEF, internet_2026(), date(2026, 9, 10))  # type: ignore[operator]
    second = decisions.issue_decision(db, CHIEF, internet_2026(), date(2026, 9, 11))  # type: ignore[operator]
    assert (first.number, second.number) == (1, 2)
    with db.sessions() as s:
        used = s.scalars(select(DocumentNumber.number).where(
            DocumentNumber.kind == "QĐ-XPHC").order_by(DocumentNumber.number)).all()
    assert used == [1, 2]


def test_issued_decision_is_frozen_and_attempt_audited(db: Database, internet_2026: object) -> None:
    """Changing an issued decision through the services is refused and the attempt audited."""
    info = decisions.issue_decision(db, CHIEF, internet_2026(), date(2026, 9, 10))  # type: ignore[operator]
    with pytest.raises(decisions.FrozenDocument):
        decisions.change_issued_decision(db, CHIEF, info.id, {"total_amount": 1})
    with db.sessions() as s:
        refused = s.scalars(select(AuditEntry.changes).where(
            AuditEntry.entity_id == str(info.id), AuditEntry.action == "refused")).all()
    assert refused and "total_amount" in refused[0]
    assert decisions.list_decisions(db, CHIEF, 2026)[0].total_amount == 2_000_000


@pytest.mark.parametrize("role", ["inspector", "clerk", "admin"])
def test_only_the_chief_issues(db: Database, internet_2026: object, role: str) -> None:
    """Issuing is refused for every role but the chief inspector role."""
    with pytest.raises(PermissionDenied):
        decisions.issue_decision(db, make_actor(role), internet_2026(), date(2026, 9, 10))  # type: ignore[operator]


def test_out_of_range_amount_is_refused(db: Database, internet_2026: object) -> None:
    """An amount outside the bracket stops the issue (Law Art 23) and takes no number."""
    case_id = internet_2026(amount=9_000_000)  # type: ignore[operator]
    with pytest.raises(decisions.DecisionRefused):
        decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 10))
    with db.sessions() as s:
        assert s.scalars(select(DocumentNumber).where(DocumentNumber.kind == "QĐ-XPHC")).all() == []


def test_decision_deadline_passed_is_refused(db: Database, internet_2026: object) -> None:
    """Law Art 66: past 7 working days after the record, the decision may not be issued."""
    case_id = internet_2026()  # type: ignore[operator]
    review = decisions.review_decision(db, CHIEF, case_id, date(2026, 11, 2))
    failed = {c.name for c in review.checks if not c.ok}
    assert failed == {"decision_deadline"}
    with pytest.raises(decisions.DecisionRefused) as info:
        decisions.issue_decision(db, CHIEF, case_id, date(2026, 11, 2))
    assert "Điều 66" in " ".join(c.basis for c in info.value.checks if not c.ok)


def test_chief_inspector_title_refused_after_abolition(db: Database, operator: Actor) -> None:
    """A signer configured as Chánh Thanh tra Sở cannot sign after 30/6/2025."""
    configure_agency(db, operator, era="2015")
    case_id = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                        "amount": 2_000_000}], establishment=INTERNET_POINT,
                        opened_on=date(2026, 9, 7))
    violation_records.issue_record(db, operator, case_id, date(2026, 9, 7),
                                   details=record_details(date(2026, 9, 7)))
    review = decisions.review_decision(db, CHIEF, case_id, date(2026, 9, 10))
    assert not review.ok and any(c.name == "signer" and not c.ok for c in review.checks)


def test_2015_decision_signed_by_chief_inspector(db: Database, operator: Actor) -> None:
    """A 2015 bookshop case is decided under Decree 159/2013 by the Chánh Thanh tra Sở."""
    configure_agency(db, operator, era="2015")
    case_id = make_case(db, operator, [{"provision_key": "159/2013/NĐ-CP:27.1",
                                        "amount": 2_000_000, "alternative": 4}],
                        opened_on=date(2015, 6, 1))
    violation_records.issue_record(db, operator, case_id, date(2015, 6, 1),
                                   details=record_details(date(2015, 6, 1)))
    info = decisions.issue_decision(db, CHIEF, case_id, date(2015, 6, 5))
    assert info.signer_title == "Chánh Thanh tra Sở Thông tin và Truyền thông"
    text = _text(decisions.decision_pdf(db, CHIEF, info.number or 0, 2015))
    assert "159/2013/NĐ-CP" in text
    # The act committed (the fifth alternative of Art 27.1), not the whole clause.
    assert ("Tàng trữ, phát hành xuất bản phẩm không có hóa đơn, chứng từ chứng minh nguồn gốc "
            "hợp pháp") in text
    assert "in giả" not in text and "bậc số lượng" not in text


def test_delivery_payments_and_overdue(db: Database, internet_2026: object) -> None:
    """10 days to pay from delivery; part payments add up; overpayment refused; late charge."""
    info = decisions.issue_decision(db, CHIEF, internet_2026(), date(2026, 9, 10))  # type: ignore[operator]
    delivered = payments.record_delivery(db, CHIEF, 1, 2026, date(2026, 9, 11))
    assert delivered.due_date is not None and (delivered.due_date - date(2026, 9, 11)).days >= 10
    late = decisions.list_decisions(db, CHIEF, 2026, today=date(2026, 10, 31))[0]
    assert late.status == "overdue" and late.late_charge > 0
    part = payments.add_payment(db, CHIEF, 1, 2026, 500_000, date(2026, 9, 15), "BL-001")
    assert part.paid == 500_000
    on_time = decisions.list_decisions(db, CHIEF, 2026, today=date(2026, 9, 15))[0]
    assert on_time.status == "partly_paid" and on_time.late_charge == 0
    later = decisions.list_decisions(db, CHIEF, 2026, today=date(2026, 11, 28))[0]
    # Law Art 78: 0.05 % a day of the unpaid amount: 2.000.000 × 40 days, then 1.500.000 × 68.
    assert late.late_charge == 40_000 and later.late_charge == 51_000
    with pytest.raises(ValidationError):
        payments.add_payment(db, CHIEF, 1, 2026, 2_000_000, date(2026, 9, 16))
    done = payments.add_payment(db, CHIEF, 1, 2026, 1_500_000, date(2026, 9, 16), "BL-002")
    assert done.status == "paid" and done.paid == info.total_amount


def test_the_case_follows_the_delivery(db: Database, operator: Actor,
                                      internet_2026: object) -> None:
    """A fine's case is "đã giao quyết định" once received and "đã nộp phạt" once paid; a
    warning's case ends with the delivery (nothing more to carry out)."""
    from inspector.services.cases import case_contents

    fined = internet_2026()  # type: ignore[operator]
    decisions.issue_decision(db, CHIEF, fined, date(2026, 9, 10))
    assert case_contents(db, CHIEF, fined).status == "decided"
    payments.record_delivery(db, CHIEF, 1, 2026, date(2026, 9, 11))
    assert case_contents(db, CHIEF, fined).status == "delivered"
    payments.add_payment(db, CHIEF, 1, 2026, 2_000_000, date(2026, 9, 14), "BL-010")
    assert case_contents(db, CHIEF, fined).status == "paid"

    warned = make_case(db, operator, [{
        "provision_key": "174/2026/NĐ-CP:36.1.a", "amount": 0, "warning": True,
        "facts": "Biển đại lý không ghi số đăng ký kinh doanh"}],
        establishment=INTERNET_POINT, opened_on=date(2026, 9, 8))
    violation_records.issue_record(db, operator, warned, date(2026, 9, 8),
                                   details=record_details(date(2026, 9, 8)))
    info = decisions.issue_decision(db, CHIEF, warned, date(2026, 9, 10))
    assert info.total_amount == 0
    payments.record_delivery(db, CHIEF, info.number or 0, 2026, date(2026, 9, 12))
    assert case_contents(db, CHIEF, warned).status == "closed"


def test_second_decision_for_the_same_case_refused(db: Database, internet_2026: object) -> None:
    """One case, one decision: a second issue is refused (corrections are new decisions)."""
    case_id = internet_2026()  # type: ignore[operator]
    decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 10))
    with pytest.raises(ConflictError):
        decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 11))


def test_annulling_is_a_new_decision_referring_to_the_old(db: Database,
                                                          internet_2026: object) -> None:
    """Law Art 18: an annulment is a new numbered decision; the original stays, cancelled."""
    original = decisions.issue_decision(db, CHIEF, internet_2026(), date(2026, 9, 10))  # type: ignore[operator]
    with pytest.raises(ValidationError):
        amendments.amend_decision(db, CHIEF, 1, 2026, "annul", "  ", [], date(2026, 9, 12))
    annul = amendments.amend_decision(db, CHIEF, 1, 2026, "annul",
                                     "Xác định sai đối tượng vi phạm", [], date(2026, 9, 12))
    assert annul.number == 2 and annul.amends_id == original.id
    text = _text(decisions.decision_pdf(db, CHIEF, 2, 2026))
    assert "Hủy bỏ Quyết định số 01/QĐ-XPHC ngày 10/09/2026" in text
    listed = {d.number: d for d in decisions.list_decisions(db, CHIEF, 2026)}
    assert listed[1].status == "cancelled" and listed[1].pdf_sha256 == original.pdf_sha256
    with pytest.raises(ConflictError):
        amendments.amend_decision(db, CHIEF, 1, 2026, "correct", "lần nữa", ["x"],
                                 date(2026, 9, 13))


def test_decision_without_record_only_under_the_threshold(db: Database, operator: Actor) -> None:
    """Law Art 56 (as amended 2025): without a record only up to 500.000 đ for an individual."""
    configure_agency(db, operator)
    small = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:36.1.a", "amount": 0,
                                      "warning": True}], establishment=INTERNET_POINT,
                      opened_on=date(2026, 9, 7))
    info = decisions.issue_decision(db, CHIEF, small, date(2026, 9, 7))
    assert "Cảnh cáo" in _text(decisions.decision_pdf(db, CHIEF, info.number or 0, 2026))
    big = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                    "amount": 2_000_000}], establishment=INTERNET_POINT,
                    opened_on=date(2026, 9, 7))
    review = decisions.review_decision(db, CHIEF, big, date(2026, 9, 7))
    record = next(c for c in review.checks if c.name == "record")
    assert not record.ok and "Điều 56" in record.basis


def test_skipped_number_needs_a_reason_and_is_not_reused(db: Database,
                                                         internet_2026: object) -> None:
    """A number is skipped only with a recorded reason; the next issue takes the one after."""
    with pytest.raises(ValidationError):
        decisions.skip_decision_number(db, CHIEF, 2026, " ")
    assert decisions.skip_decision_number(db, CHIEF, 2026, "Phôi in hỏng, hủy theo biên bản") == 1
    info = decisions.issue_decision(db, CHIEF, internet_2026(), date(2026, 9, 10))  # type: ignore[operator]
    assert info.number == 2


def test_deferral_for_an_individual_moves_the_due_date(db: Database,
                                                       internet_2026: object) -> None:
    """Law Art 76: an individual may be granted a later due date; the register shows it."""
    decisions.issue_decision(db, CHIEF, internet_2026(), date(2026, 9, 10))  # type: ignore[operator]
    payments.record_delivery(db, CHIEF, 1, 2026, date(2026, 9, 11))
    info = relief.defer_payment(db, CHIEF, 1, 2026, date(2026, 12, 31), "Đơn đề nghị ngày 15/9",
                                confirmed_by="Ủy ban nhân dân xã Ca Thành")
    assert info.due_date == date(2026, 12, 31)
    records = violation_records.list_records(db, CHIEF, 2026)
    assert [(r.number, r.decided) for r in records] == [(1, True)]


def test_record_offers_explanation_when_the_bracket_is_high(db: Database, operator: Actor) -> None:
    """Law Art 61: a bracket maximum from 30 M for an organisation gives the right to explain,
    and the record names to whom; a low bracket does not."""
    configure_agency(db, operator)
    low = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                    "amount": 2_000_000}], establishment=INTERNET_POINT,
                    opened_on=date(2026, 9, 7))
    assert "giải trình" not in _text(violation_records.record_pdf(db, CHIEF, low))
    shop = {**INTERNET_POINT, "sector": "ict_goods", "owner_kind": "organization",
            "name": "Siêu thị điện máy Hoa Sen"}
    high = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:53.3",
                                     "amount": 40_000_000}], establishment=shop,
                     subject_kind="organization", opened_on=date(2026, 9, 7))
    violation_records.issue_record(db, operator, high, date(2026, 9, 7),
                                   details=record_details(date(2026, 9, 7)))
    text = _text(violation_records.record_pdf(db, CHIEF, high))
    assert "giải trình" in text and "Giám đốc Sở Khoa học và Công nghệ" in text
