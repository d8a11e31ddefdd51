"""Documents of a visit: the checking record without violation, the reminder letter, and the
seizure record, printed from what the visit recorded."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from inspector.services import establishments as est
from inspector.services import inspections as insp
from inspector.services import visit_documents as vd
from inspector.services.actor import Actor
from inspector.services.checklists import ChecklistAnswer, load_checklist
from inspector.services.errors import ValidationError
from inspector.store.engine import Database
from tests.factories import configure_agency, make_case, make_reminder_visit


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(BytesIO(pdf)).pages)


@pytest.fixture
def printer_visit(db: Database, operator: Actor) -> tuple[object, str]:
    configure_agency(db, operator, era="2015")
    company = est.add_establishment(db, operator, est.EstablishmentInput(
        sector="printing", name="Công ty Cổ phần in Việt Lập Cao Bằng", owner_kind="organization",
        representative_name="Hoàng Văn Lập", representative_title="Giám đốc"))
    inspection = insp.add_inspection(db, operator, insp.InspectionInput(
        mode="thanh_tra", kind="scheduled", title="Thanh tra việc chấp hành pháp luật về hoạt động in",
        start_date=date(2015, 9, 14), decision_number="21/QĐ-TTr", decision_date=date(2015, 9, 7),
        members=(insp.MemberInput("Lương Đức Hạnh", "head"),)))
    checklist = load_checklist("printing")
    first = checklist.items[0]
    answers = tuple(ChecklistAnswer(i.id, "no" if i is first else "yes", "chưa ghi đủ"
                                    if i is first else "") for i in checklist.items)
    visit = insp.add_visit(db, operator, insp.VisitInput(
        inspection, company, date(2015, 9, 15), answers, outcome="reminded"))
    return visit, first.text


def test_no_violation_record_lists_what_was_checked(db: Database, operator: Actor,
                                                    printer_visit: tuple[object, str]) -> None:
    """The checking record names the decision, the team and each checklist item's result."""
    visit, first = printer_visit
    text = _text(vd.no_violation_record_pdf(db, operator, visit))  # type: ignore[arg-type]
    assert "BIÊN BẢN THANH TRA" in text and "21/QĐ-TTr" in text and "Lương Đức Hạnh" in text
    assert "Không đạt" in text and "Công ty Cổ phần in Việt Lập Cao Bằng" in text
    assert " ".join(first.split()[:6]) in text


def test_reminder_letter_for_the_printing_company(db: Database, operator: Actor,
                                                  printer_visit: tuple[object, str]) -> None:
    """The reminder letter asks to fix the failed items; without content it is refused."""
    visit, first = printer_visit
    with pytest.raises(ValidationError):
        vd.reminder_letter_pdf(db, operator, visit, [], [], on=date(2015, 9, 20))  # type: ignore[arg-type]
    text = _text(vd.reminder_letter_pdf(
        db, operator, visit, [], ["Ghi chép đầy đủ sổ theo dõi ấn phẩm nhận in"],  # type: ignore[arg-type]
        report_by=date(2015, 10, 30), on=date(2015, 9, 20)))
    assert "Việt Lập" in text and "Ghi chép đầy đủ sổ theo dõi" in text
    assert " ".join(first.split()[:6]) in text  # the failed item becomes the finding
    # the letter goes out under the department's header: its chief inspector, head of a unit of
    # the department, signs on the Director's order (Decree 30/2020, Appendix I item 7a)
    assert "TL. GIÁM ĐỐC CHÁNH THANH TRA" in text


def test_the_directors_letter_has_no_tl(db: Database, operator: Actor) -> None:
    """From 01/7/2025 the Director signs the department's letters in his own title."""
    configure_agency(db, operator, era="2026")
    visit = make_reminder_visit(db, operator)
    text = _text(vd.reminder_letter_pdf(db, operator, visit, ["Chưa niêm yết giá"],  # type: ignore[arg-type]
                                        ["Niêm yết giá xuất bản phẩm"], on=date(2026, 9, 18)))
    assert "GIÁM ĐỐC Hoàng Văn Giám" in text and "TL." not in text


def test_seizure_record_lists_the_books(db: Database, operator: Actor) -> None:
    """The seizure record lists the seized books with quantity and unit."""
    configure_agency(db, operator, era="2015")
    case = make_case(db, operator, [{"provision_key": "159/2013/NĐ-CP:27.1", "amount": 2_000_000}],
                     opened_on=date(2015, 6, 1), seized=[{
                         "kind": "goods", "description": "Sách in lậu", "quantity": 120,
                         "unit": "cuốn", "disposal": "held"}])
    text = _text(vd.seizure_record_pdf(db, operator, case))
    assert "Sách in lậu" in text and "120" in text and "cuốn" in text


def test_seizure_record_after_the_reform_has_no_district_and_the_teams_titles(
        db: Database, operator: Actor) -> None:
    """A 2026 seizure record writes the violator's address without the abolished district,
    as the violation record of the same day does, and names the team as the violation record
    does ("Trưởng đoàn kiểm tra"), from one rule (inspections.member_title)."""
    from inspector.services.cases import SeizedItemInput, add_seized_item
    from inspector.services.violation_records import record_form

    configure_agency(db, operator)
    shop = est.add_establishment(db, operator, est.EstablishmentInput(
        sector="internet", name="Đại lý Internet Uyên Pác Bó", owner_kind="individual",
        owner_name="Hoàng Hồng Uyên", owner_residence="Xóm Bản Giuộc, xã Hồng Nam, huyện Hòa "
        "An, tỉnh Cao Bằng", address_line="Xóm Bản Giuộc", commune_code="01273"))
    inspection = insp.add_inspection(db, operator, insp.InspectionInput(
        mode="kiem_tra", kind="scheduled", title="Kiểm tra điểm truy nhập Internet công cộng",
        start_date=date(2026, 9, 24), decision_number="08/QĐ-SKHCN",
        decision_date=date(2026, 9, 17), members=(insp.MemberInput("Nông Bích Cúc", "head"),
                                                  insp.MemberInput("Bế Ngọc Thúy", "secretary"))))
    visit = insp.add_visit(db, operator, insp.VisitInput(inspection, shop, date(2026, 9, 24), ()))
    from inspector.services.cases import ViolationInput, add_violation_at_visit

    case_id, row = add_violation_at_visit(db, operator, visit, ViolationInput(
        "174/2026/NĐ-CP:36.2.a", ongoing=True, discovered_on=date(2026, 9, 24),
        facts="Không treo biển"))
    add_seized_item(db, operator, case_id, SeizedItemInput(
        "means", "Máy tính để bàn", 2, "bộ", violation_id=row.id))
    text = _text(vd.seizure_record_pdf(db, operator, case_id, date(2026, 9, 24)))
    # the former commune under the unit it became part of (xã Hồng Nam → xã Kim Đồng)
    assert "Xóm Bản Giuộc, xã Kim Đồng, tỉnh Cao Bằng" in text and "huyện" not in text
    assert "Trưởng đoàn kiểm tra" in text and "Thư ký Đoàn kiểm tra" in text
    makers = [m.title for m in record_form(db, operator, case_id).team]
    assert makers == ["Trưởng đoàn kiểm tra", "Thư ký Đoàn kiểm tra"]
