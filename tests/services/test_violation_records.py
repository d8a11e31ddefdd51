"""The violation record (MBB01) made from what happened, issued through the services and read
back: every field of legal.md §4.3 present and filled from the case and the details entered."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import replace
from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from inspector.services import decisions, violation_records
from inspector.services.actor import Actor
from inspector.services.cases import ViolationInput, VisitRecord, record_visit
from inspector.services.errors import ConflictError, ValidationError
from inspector.services.establishments import EstablishmentInput, add_establishment
from inspector.services.inspections import (
    InspectionInput,
    MemberInput,
    VisitInput,
    add_inspection,
)
from inspector.services.violation_records import (
    DetailsInvalid,
    Maker,
    RecordDetails,
    Representative,
    Witness,
)
from inspector.store.engine import Database
from inspector.store.models import DocumentNumber, ViolationRecord
from tests.conftest import make_actor
from tests.documents.pdfread import text
from tests.factories import BOOKSHOP, INTERNET_POINT, configure_agency, make_case, record_details

INSPECTOR = make_actor("inspector", "kiem.tra")
CHIEF = make_actor("chief", "chanh.tt")
DAY = date(2026, 11, 20)

INTERNET = EstablishmentInput(
    sector="internet", name="Đại lý Internet Đức Anh", owner_kind="household",
    owner_name="Lương Văn Đức", owner_sex="M", owner_birth_date=date(1990, 7, 1),
    owner_nationality="Việt Nam", owner_occupation="Kinh doanh",
    owner_id_number="004090000456", owner_id_issued_on=date(2022, 1, 15),
    owner_id_issued_by="Cục Cảnh sát QLHC về TTXH", address_line="Số 8 đường Hoàng Đình Giong",
    commune_code="01273")


def visit_with_violation(db: Database, actor: Actor) -> uuid.UUID:
    """A 2026 checking visit by a team of two to an Internet point open after hours."""
    configure_agency(db, actor)
    est = add_establishment(db, actor, INTERNET)
    inspection = add_inspection(db, actor, InspectionInput(
        "kiem_tra", "thematic", "Kiểm tra điểm truy nhập Internet công cộng", date(2026, 11, 10),
        date(2026, 11, 30), "35/QĐ-SKHCN", date(2026, 11, 5), "internet",
        members=(MemberInput("Nông Thị Kiểm", "head", "Sở Khoa học và Công nghệ"),
                 MemberInput("Hoàng Văn Tra", "member"))))
    result = record_visit(db, actor, VisitRecord(
        VisitInput(inspection, est, DAY, outcome="violations"),
        (ViolationInput("174/2026/NĐ-CP:36.3.a", ended_on=DAY, discovered_on=DAY,
                        facts="Hoạt động lúc 23 giờ 15 phút, ngoài giờ được phép",
                        amount=3_750_000),)))
    assert result.case_id is not None
    return result.case_id


def entered(form: violation_records.RecordForm, **changes: object) -> RecordDetails:
    """What the inspector types on top of the prefilled details."""
    return replace(
        form.defaults, made_at=datetime.combine(DAY, time(23, 30)),
        closed_at=datetime.combine(DAY, time(23, 55)),
        witnesses=(Witness("Đinh Văn Chứng", "Làm ruộng", "Tổ 4, phường Thục Phán, tỉnh Cao "
                                                           "Bằng"),),
        representatives=(Representative("Lục Thị Phường", "Phó Chủ tịch UBND phường",
                                        "UBND phường Thục Phán"),),
        interpreter=Witness("Hoàng Văn Dịch", "Giáo viên", "Tổ 1, phường Thục Phán"),
        injured_party="Không có",
        violator_statement="Tôi xin nhận lỗi, sẽ đóng cửa đúng giờ",
        witness_statement="Xác nhận cơ sở còn mở cửa lúc 23 giờ 15 phút",
        injured_statement="", refused_to_sign=True, refusal_reason="Bận việc gia đình",
        summons_at=datetime(2026, 11, 24, 8, 0), summons_place="Trụ sở Sở Khoa học và Công nghệ",
        **changes)


def test_form_prefills_from_the_visit(db: Database, operator: Actor) -> None:
    """Place with the address as of the record day (no district after 01/7/2025), the team as
    makers with their titles, the inspection decision as the basis; times left to the user."""
    case_id = visit_with_violation(db, operator)
    form = violation_records.record_form(db, INSPECTOR, case_id)
    d = form.defaults
    assert d.made_at is None and d.closed_at is None
    typed = violation_records.clean_details(replace(d, place="Tại  trụ sở  UBND phường"))
    assert typed.place == "trụ sở UBND phường"
    assert d.place.startswith("Đại lý Internet Đức Anh, Số 8 đường Hoàng Đình Giong")
    assert "huyện" not in d.place.casefold() and "thành phố cao bằng" not in d.place.casefold()
    assert d.makers == (Maker("Nông Thị Kiểm", "Trưởng đoàn kiểm tra", "Sở Khoa học và Công nghệ"),
                        Maker("Hoàng Văn Tra", "Thành viên Đoàn kiểm tra",
                              "Sở Khoa học và Công nghệ"))
    assert d.grounds == ("Quyết định kiểm tra số 35/QĐ-SKHCN ngày 05/11/2026",)
    assert form.field == "viễn thông, Internet" and form.issued is None
    assert violation_records.default_day(form) == DAY
    waiting = violation_records.cases_awaiting_record(db, INSPECTOR)
    assert [w.case_id for w in waiting] == [case_id] and waiting[0].limitation_due is not None


def test_issued_record_prints_every_field(db: Database, operator: Actor) -> None:
    """legal.md §4.3, item by item, read back from the stored PDF."""
    case_id = visit_with_violation(db, operator)
    form = violation_records.record_form(db, INSPECTOR, case_id)
    details = entered(form)
    number = violation_records.issue_record(db, INSPECTOR, case_id, DAY, details=details)
    assert number == 1
    pdf = violation_records.record_pdf(db, CHIEF, case_id)
    t = text(pdf)
    expected = [
        # 1. header
        "UBND TỈNH CAO BẰNG", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Số: 01/BB-VPHC",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        # 2. title and field in Vietnamese
        "BIÊN BẢN VI PHẠM HÀNH CHÍNH", "Về viễn thông, Internet",
        # 3. time and place with the address
        "Hôm nay, hồi 23 giờ 30 phút, ngày 20/11/2026, tại Đại lý Internet Đức Anh, Số 8 đường "
        "Hoàng Đình Giong",
        # 4. basis
        "Căn cứ: Quyết định kiểm tra số 35/QĐ-SKHCN ngày 05/11/2026.",
        # 5. makers with titles, witness, commune representative, interpreter
        "Người có thẩm quyền lập biên bản", "Nông Thị Kiểm", "Trưởng đoàn kiểm tra",
        "Hoàng Văn Tra", "Thành viên Đoàn kiểm tra", "Với sự chứng kiến của",
        "Đinh Văn Chứng", "Làm ruộng", "Lục Thị Phường", "Phó Chủ tịch UBND phường",
        "Người phiên dịch", "Hoàng Văn Dịch",
        # 6. violator
        "Lương Văn Đức", "Nam", "01/07/1990", "004090000456",
        # 7. items
        "Hoạt động lúc 23 giờ 15 phút", "khoản 3 Điều 36 Nghị định số 174/2026/NĐ-CP",
        "Ý kiến trình bày của cá nhân vi phạm: Tôi xin nhận lỗi, sẽ đóng cửa đúng giờ.",
        "Xác nhận cơ sở còn mở cửa lúc 23 giờ 15 phút.",
        "chấm dứt ngay hành vi vi phạm",
        "Các biện pháp ngăn chặn và bảo đảm xử lý vi phạm hành chính được áp dụng, gồm: Không.",
        "có mặt vào hồi 08 giờ 00 phút, ngày 24/11/2026, tại Trụ sở Sở Khoa học và Công nghệ",
        # 8. closing, refusal with its reason
        "Biên bản lập xong hồi 23 giờ 55 phút, ngày 20/11/2026",
        "không ký biên bản: Bận việc gia đình.",
        # 9. signatures
        "NGƯỜI LẬP BIÊN BẢN", "NGƯỜI CHỨNG KIẾN", "ĐẠI DIỆN CHÍNH QUYỀN", "NGƯỜI PHIÊN DỊCH",
        # 10. the back page, signed by whoever receives the record in person
        "Biên bản đã giao trực tiếp cho cá nhân vi phạm vào hồi … giờ … phút",
        "NGƯỜI NHẬN BIÊN BẢN",
    ]
    missing = [e for e in expected if e not in t]
    assert not missing, missing
    for wrong in ("DỰ THẢO", "Số: …", "…/BB-VPHC", "Về internet", "09 giờ 00 phút", "None",
                  "tại Tại"):
        assert wrong not in t
    # below its bracket the household has no right to explain (Law Art 61): no clause, item 10
    # is the summons
    assert "giải trình" not in t and "10. Yêu cầu" in t
    with db.sessions() as s:
        row = s.scalar(select(ViolationRecord).where(ViolationRecord.case_id == case_id))
        assert row is not None and row.status == "issued" and row.made_on == DAY
        assert row.made_at == datetime(2026, 11, 20, 23, 30)
        assert row.closed_at == datetime(2026, 11, 20, 23, 55)
        assert row.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
        assert RecordDetails.from_json(row.details or {}).witnesses == details.witnesses
    assert [c.case_id for c in decisions.cases_awaiting_decision(db, CHIEF)] == [case_id]
    assert violation_records.cases_awaiting_record(db, INSPECTOR) == []
    with pytest.raises(ConflictError):
        violation_records.issue_record(db, INSPECTOR, case_id, DAY, details=details)


def test_incomplete_details_refused_one_line_each(db: Database, operator: Actor) -> None:
    """Nothing is invented: without the times, a maker's title, a witness when the violator
    refuses, the issue is refused with one Vietnamese line per problem and nothing numbered."""
    case_id = visit_with_violation(db, operator)
    form = violation_records.record_form(db, INSPECTOR, case_id)
    bad = replace(form.defaults, makers=(Maker("Nông Thị Kiểm", ""),), refused_to_sign=True,
                  preventive_measures=("Không",))
    with pytest.raises(DetailsInvalid) as info:
        violation_records.issue_record(db, INSPECTOR, case_id, details=bad)
    lines = info.value.vi.splitlines()
    assert {p.field for p in info.value.problems} >= {
        "made_at", "closed_at", "makers[0].title", "refusal_reason", "witnesses",
        "preventive_measures[0]"}
    assert len(lines) == len(info.value.problems)
    assert "Hãy nhập giờ và ngày lập biên bản." in lines
    with pytest.raises(DetailsInvalid) as later:
        violation_records.issue_record(db, INSPECTOR, case_id, details=replace(
            entered(form), closed_at=datetime.combine(DAY, time(23, 0))))
    assert [p.field for p in later.value.problems] == ["closed_at"]
    with db.sessions() as s:
        assert s.scalars(select(DocumentNumber)).all() == []


def test_seized_items_are_a_measure_taken(db: Database, operator: Actor) -> None:
    """Items seized with the record: the measure is named before the table, never "Không"."""
    configure_agency(db, operator)
    case_id = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                        "amount": 2_000_000}], establishment=INTERNET_POINT,
                        opened_on=date(2026, 9, 7), seized=[{
                            "kind": "means", "description": "Máy tính để bàn", "quantity": 2,
                            "unit": "bộ", "condition": "Đang hoạt động"}])
    form = violation_records.record_form(db, INSPECTOR, case_id)
    assert form.defaults.preventive_measures == (
        "Tạm giữ tang vật, phương tiện vi phạm hành chính",)
    with pytest.raises(DetailsInvalid):
        violation_records.issue_record(db, INSPECTOR, case_id, date(2026, 9, 7),
                                       details=record_details(date(2026, 9, 7)))
    violation_records.issue_record(db, INSPECTOR, case_id, date(2026, 9, 7), details=record_details(
        date(2026, 9, 7), preventive_measures=form.defaults.preventive_measures))
    t = text(violation_records.record_pdf(db, CHIEF, case_id))
    assert ("được áp dụng, gồm: Tạm giữ tang vật, phương tiện vi phạm hành chính. Tang vật, "
            "phương tiện vi phạm hành chính bị tạm giữ:") in t
    assert "Máy tính để bàn" in t and "gồm: Không" not in t


def test_right_to_explain_named_or_the_issue_stops(db: Database, operator: Actor) -> None:
    """An organisation's 30 M+ bracket gives the right to explain, addressed to the Director
    on the record's day; with no one competent configured on that day the issue stops."""
    configure_agency(db, operator)
    shop = {**INTERNET_POINT, "sector": "ict_goods", "owner_kind": "organization",
            "name": "Siêu thị điện máy Hoa Sen"}
    high = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:53.3",
                                     "amount": 40_000_000}], establishment=shop,
                     subject_kind="organization", opened_on=date(2026, 9, 7))
    explained = violation_records.explanation_for(db, INSPECTOR, high, date(2026, 9, 7))
    assert explained.allowed and explained.to == "Giám đốc Sở Khoa học và Công nghệ"
    assert explained.written_due and explained.written_due > date(2026, 9, 7)
    # 2025-06-01: the 2026 Director is not yet in office, no signer that day
    early = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:53.3",
                                      "amount": 40_000_000}], establishment=shop,
                      subject_kind="organization", opened_on=date(2026, 9, 7))
    with pytest.raises(ValidationError) as info:
        violation_records.explanation_for(db, INSPECTOR, early, date(2025, 6, 1))
    assert "người nhận giải trình" in info.value.vi
    violation_records.issue_record(db, INSPECTOR, high, date(2026, 9, 7),
                                   details=record_details(date(2026, 9, 7)))
    t = text(violation_records.record_pdf(db, CHIEF, high))
    assert "10. Quyền và thời hạn giải trình" in t
    assert "đến Giám đốc Sở Khoa học và Công nghệ" in t and "Về viễn thông, công nghệ thông tin" in t


def test_2015_record(db: Database, operator: Actor) -> None:
    """A 2015 bookshop record: Decree 159/2013 cited in full, the district still in the place,
    the field in Vietnamese, numbered in the 2015 register."""
    configure_agency(db, operator, era="2015")
    case_id = make_case(db, operator, [{"provision_key": "159/2013/NĐ-CP:27.1",
                                        "amount": 2_000_000,
                                        "facts": "Không có sổ ghi chép xuất bản phẩm"}],
                        establishment=BOOKSHOP, opened_on=date(2015, 6, 1))
    form = violation_records.record_form(db, INSPECTOR, case_id)
    assert "phường Hợp Giang, thành phố Cao Bằng, tỉnh Cao Bằng" in form.defaults.place
    assert form.defaults.makers == ()  # no visit, no team: nothing invented
    number = violation_records.issue_record(db, INSPECTOR, case_id, date(2015, 6, 1),
                                            details=record_details(date(2015, 6, 1),
                                                                   place=form.defaults.place))
    t = text(violation_records.record_pdf(db, CHIEF, case_id))
    for e in ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", f"Số: {number:02d}/BB-VPHC",
              "Về phát hành xuất bản phẩm", "ngày 01/06/2015",
              "khoản 1 Điều 27 Nghị định số 159/2013/NĐ-CP", "Nông Thị Hoa",
              "Nhà sách Hoa Mai, Số 12 phố Kim Đồng, phường Hợp Giang, thành phố Cao Bằng",
              "Nông Thị Kiểm", "Thanh tra viên", "Biên bản lập xong hồi 10 giờ 30 phút"):
        assert e in t, e
    assert "DỰ THẢO" not in t and "Về distribution" not in t


def test_2015_raw_key_never_printed(db: Database, operator: Actor) -> None:
    """A 2015 Internet-point provision whose article the catalog never saw (legal-additions
    §3: "Article number not seen") is cited by its known clause with the article left blank on
    the form ("Điều …") for the signer to complete; the catalog key "174/2013/NĐ-CP:?.3" is
    never printed."""
    configure_agency(db, operator, era="2015")
    case_id = make_case(db, operator, [{"provision_key": "174/2013/NĐ-CP:?.3",
                                        "amount": 3_000_000}], establishment=INTERNET_POINT,
                        opened_on=date(2015, 8, 3))
    violation_records.issue_record(db, INSPECTOR, case_id, date(2015, 8, 3),
                                   details=record_details(date(2015, 8, 3)))
    printed = " ".join(text(violation_records.record_pdf(db, CHIEF, case_id)).split())
    assert "khoản 3 Điều … Nghị định số 174/2013/NĐ-CP" in printed
    assert ":?" not in printed and "?.3" not in printed


def test_draft_saved_and_resumed(db: Database, operator: Actor) -> None:
    """What was typed is kept unnumbered and comes back in the form; issuing uses the row."""
    case_id = visit_with_violation(db, operator)
    form = violation_records.record_form(db, INSPECTOR, case_id)
    half = replace(form.defaults, made_at=datetime.combine(DAY, time(23, 30)),
                   violator_statement="Xin nhận lỗi")
    violation_records.save_record_draft(db, INSPECTOR, case_id, half)
    again = violation_records.record_form(db, INSPECTOR, case_id)
    assert again.defaults.violator_statement == "Xin nhận lỗi"
    assert again.defaults.made_at == datetime(2026, 11, 20, 23, 30)
    assert violation_records.cases_awaiting_record(db, INSPECTOR)[0].draft
    assert violation_records.list_records(db, INSPECTOR, 2026) == []
    violation_records.issue_record(db, INSPECTOR, case_id, details=entered(again))
    with db.sessions() as s:
        rows = s.scalars(select(ViolationRecord)).all()
        assert [r.status for r in rows] == ["issued"]
    with pytest.raises(ConflictError):
        violation_records.save_record_draft(db, INSPECTOR, case_id, half)


def test_seeded_issued_record_without_pdf_prints_its_own_number_and_day(
        db: Database, operator: Actor) -> None:
    """A record kept from before PDFs were stored (the 2015 demo seeds them): its number and
    day, never "DỰ THẢO", "Số: …" or today's date; the unknown time stays blank."""
    from inspector.services.uow import UnitOfWork
    from inspector.store.models import AgencySettings

    configure_agency(db, operator, era="2015")
    case_id = make_case(db, operator, [{"provision_key": "159/2013/NĐ-CP:27.1",
                                        "amount": 2_000_000}], opened_on=date(2015, 6, 1))
    with UnitOfWork(db, operator) as uow:
        agency_id = uow.session.scalar(select(AgencySettings.id))
        uow.session.add(ViolationRecord(case_id=case_id, agency_id=agency_id, year=2015,
                                        number=7, number_text="07/BB-VPHC",
                                        made_on=date(2015, 6, 1), status="issued"))
        uow.commit()
    t = text(violation_records.record_pdf(db, CHIEF, case_id))
    assert "Số: 07/BB-VPHC" in t and "hồi … giờ … phút, ngày 01/06/2015" in t
    assert "DỰ THẢO" not in t and date.today().strftime("%d/%m/%Y") not in t
