"""What a decision says under each violation, issued through the services and read back."""

from __future__ import annotations

from datetime import date

from inspector.services import decisions, violation_records
from inspector.services.actor import Actor
from inspector.store.engine import Database
from tests.conftest import make_actor
from tests.documents.pdfread import text as pdf_text
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details

CHIEF = make_actor("chief", "chanh.tt")


def _text(pdf: bytes) -> str:
    return pdf_text(pdf)


def test_2015_items_titles_and_acts_per_violation(db: Database, operator: Actor) -> None:
    """Two violations of one bookshop, each with its own titles and confiscated items: each
    item is listed under its own violation, the act is the chosen alternative."""
    configure_agency(db, operator, era="2015")
    case_id = make_case(db, operator, [
        {"provision_key": "159/2013/NĐ-CP:27.1", "amount": 2_000_000, "alternative": 2,
         "facts": "Bày bán sách in giả tại quầy số 1",
         "titles": [{"title": "Dế Mèn phiêu lưu ký", "copies": 12, "defect": "in giả"}],
         "additional_sanctions": [{"kind": "confiscation"}]},
        {"provision_key": "159/2013/NĐ-CP:27.1", "amount": 2_000_000, "alternative": 4,
         "facts": "Không xuất trình được hóa đơn nhập sách",
         "titles": [{"title": "Tắt đèn", "copies": 7, "defect": "không có hóa đơn"}],
         "additional_sanctions": [{"kind": "confiscation"}]},
    ], opened_on=date(2015, 6, 1))
    from sqlalchemy import select

    from inspector.services.uow import UnitOfWork
    from inspector.store.models import SeizedItem, Violation
    with UnitOfWork(db, operator) as uow:
        first, second = uow.session.scalars(select(Violation).where(
            Violation.case_id == case_id).order_by(Violation.created_at, Violation.id)).all()
        for v, name, qty in ((first, "Sách Dế Mèn phiêu lưu ký (in giả)", 12),
                             (second, "Sách Tắt đèn (không hóa đơn)", 7)):
            uow.session.add(SeizedItem(case_id=case_id, violation_id=v.id, kind="goods",
                                       description=name, quantity=qty, unit="cuốn",
                                       condition="Còn mới", value=30_000 * qty))
        uow.commit()
    violation_records.issue_record(db, operator, case_id, date(2015, 6, 1), details=record_details(
        date(2015, 6, 1),
        preventive_measures=("Tạm giữ tang vật, phương tiện vi phạm hành chính",)))
    record_text = _text(violation_records.record_pdf(db, CHIEF, case_id))
    assert "«Dế Mèn phiêu lưu ký»: 12 bản (in giả)" in record_text
    info = decisions.issue_decision(db, CHIEF, case_id, date(2015, 6, 5))
    text = _text(decisions.decision_pdf(db, CHIEF, info.number or 0, 2015))
    assert "Tàng trữ, phát hành xuất bản phẩm in giả. Bày bán sách in giả" in text
    assert ("Tàng trữ, phát hành xuất bản phẩm không có hóa đơn, chứng từ chứng minh nguồn gốc "
            "hợp pháp. Không xuất trình") in text
    assert "«Dế Mèn phiêu lưu ký»: 12 bản (in giả)" in text
    assert "«Tắt đèn»: 07 bản (không có hóa đơn)" in text
    # Each violation's own items, in its own paragraph of the additional sanctions.
    part_b = text.index("b) Hình thức xử phạt bổ sung")
    first_item = text.index("Sách Dế Mèn phiêu lưu ký (in giả)", part_b)
    second_lead = text.index("Đối với hành vi tại điểm b", part_b)
    second_item = text.index("Sách Tắt đèn (không hóa đơn)", part_b)
    assert first_item < second_lead < second_item
    for bad in ("goods", "means", "bậc số lượng", "None", "thực tiễn"):
        assert bad not in text and bad not in record_text


def test_2026_suspension_term_bases_and_address(db: Database, operator: Actor) -> None:
    """The suspension reads as the law words it with the chosen term and its clause; two
    suspensions are flagged in the review; the bases name the amending decrees in force; a
    2026 address has no district."""
    configure_agency(db, operator)
    point = {**INTERNET_POINT,
             "owner_residence": "Tổ 1, xã Quảng Uyên, huyện Quảng Hòa, tỉnh Cao Bằng"}
    case_id = make_case(db, operator, [
        {"provision_key": "174/2026/NĐ-CP:36.3.b", "amount": 3_000_000,
         "facts": "Dùng đường truyền thuê bao hộ gia đình cho 12 máy",
         "additional_sanctions": [{"kind": "suspension", "months": 2, "text": "x"}]},
        {"provision_key": "174/2026/NĐ-CP:36.3.c", "amount": 3_000_000,
         "facts": "Để người sử dụng truy cập trang cờ bạc",
         "additional_sanctions": [{"kind": "suspension", "months": 1}]},
    ], establishment=point, opened_on=date(2026, 9, 7))
    violation_records.issue_record(db, operator, case_id, date(2026, 9, 7),
                                   details=record_details(date(2026, 9, 7)))
    review = decisions.review_decision(db, CHIEF, case_id, date(2026, 9, 15))
    note = next(c for c in review.checks if c.name == "suspensions")
    assert "tổng hợp thời hạn đình chỉ" in note.message
    info = decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 15))
    text = _text(decisions.decision_pdf(db, CHIEF, info.number or 0, 2026))
    assert ("Đình chỉ hoạt động đại lý Internet trong thời hạn 02 tháng, kể từ ngày nhận được "
            "Quyết định này, quy định tại khoản 4 Điều 36 Nghị định số 174/2026/NĐ-CP") in text
    assert "từ 01 tháng đến 03 tháng" not in text
    assert "được sửa đổi, bổ sung bởi Nghị định số 68/2025/NĐ-CP" in text
    assert "Nghị định số 190/2025/NĐ-CP" in text
    assert "huyện Quảng Hòa" not in text and "xã Quảng Uyên, tỉnh Cao Bằng" in text


def test_measure_without_basis_blocks_the_decision(db: Database, operator: Actor) -> None:
    """A remedial measure the catalog has no basis for stops the issue with a message."""
    configure_agency(db, operator)
    case_id = make_case(db, operator, [
        {"provision_key": "119/2020/NĐ-CP:29.1.a", "amount": 1_000_000,
         "facts": "Bán 3 cuốn sách không rõ nguồn gốc",
         "remedial_measures": [{"code": "destroy", "deadline_days": 10}]},
    ], opened_on=date(2021, 3, 1))
    review = decisions.review_decision(db, CHIEF, case_id, date(2021, 3, 3))
    failed = [c for c in review.checks if c.name == "measure_basis"]
    assert failed and not failed[0].ok
    assert "Buộc tiêu hủy xuất bản phẩm vi phạm" in failed[0].message
    assert "chưa có căn cứ pháp lý" in failed[0].message


def test_circumstance_for_a_person_only_is_refused_for_a_company(db: Database,
                                                                  operator: Actor) -> None:
    """"Phụ nữ mang thai, người già yếu" cannot apply to an organisation; "nhiều lần; tái
    phạm" must be chosen as one of the two."""
    from inspector.services import cases
    data = cases.ViolationInput("174/2026/NĐ-CP:36.2.a", ended_on=date(2026, 9, 7),
                                discovered_on=date(2026, 9, 7), facts="Không treo biển",
                                amount=2_000_000, mitigating=("9.5",), aggravating=("10.1.b",))
    a = cases.assess_violation(db, operator, "organization", data, today=date(2026, 9, 8))
    messages = " ".join(p.message for p in a.problems)
    assert "không áp dụng cho tổ chức" in messages and "tái phạm" in messages
    chosen = cases.assess_violation(db, operator, "individual", cases.ViolationInput(
        **{**data.__dict__, "aggravating": ("10.1.b#1",)}), today=date(2026, 9, 8))
    assert not any(p.field == "aggravating" for p in chosen.problems)
