"""The organisation's block of a record and a decision, filled from the registry through the
services: the representative's sex, and the registration certificate in force on the date."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest

from inspector.services import decisions, violation_records
from inspector.services.actor import Actor
from inspector.services.cases import (
    TitleCount,
    ViolationInput,
    add_violation,
    open_case,
    registration_licence,
)
from inspector.services.establishments import (
    EstablishmentInput,
    LicenceInput,
    add_establishment,
    add_licence,
    establishment_detail,
    validate_establishment,
)
from inspector.services.forms import FormInvalid
from inspector.services.inspections import InspectionInput, VisitInput, add_inspection, add_visit
from inspector.store.engine import Database
from tests.conftest import make_actor
from tests.documents.pdfread import text as pdf_text
from tests.factories import configure_agency, record_details

CHIEF = make_actor("chief", "chanh.tt")
COMPANY = EstablishmentInput(
    sector="distribution", name="Công ty TNHH Sách Kim Đồng", owner_kind="organization",
    enterprise_code="0100109106", head_office="Số 9, phố Kim Đồng, phường Hợp Giang",
    representative_name="Nông Thị Hạnh", representative_title="Giám đốc",
    representative_sex="Nữ", address_line="Số 9, phố Kim Đồng", commune_code="01273",
    former_commune_name="Phường Hợp Giang", former_district="thành phố Cao Bằng",
    former_province_name="tỉnh Cao Bằng")


def test_representative_sex_is_stored_as_a_code_and_checked(db: Database,
                                                            operator: Actor) -> None:
    est = add_establishment(db, operator, COMPANY)
    assert establishment_detail(db, operator, est).representative_sex == "F"
    bad = [p for p in validate_establishment(replace(COMPANY, representative_sex="X"))
           if p.blocking]
    assert [p.field for p in bad] == ["representative_sex"]
    with pytest.raises(FormInvalid):
        add_establishment(db, operator, replace(COMPANY, name="Công ty B",
                                                enterprise_code=None, representative_sex="X"))
    missing = validate_establishment(replace(COMPANY, representative_sex=None))
    assert any(p.field == "representative_sex" and not p.blocking for p in missing)


def _licence(kind: str, number: str, issued: date, until: date | None = None) -> SimpleNamespace:
    return SimpleNamespace(kind=kind, number=number, issuer="Sở Kế hoạch và Đầu tư",
                           issued_on=issued, valid_until=until)


def test_the_registration_certificate_in_force_is_the_one_printed() -> None:
    reg = _licence("Giấy chứng nhận đăng ký doanh nghiệp", "0100109106", date(2012, 3, 1))
    old = _licence("Giấy phép thành lập", "12/GP", date(2001, 1, 5), date(2011, 12, 31))
    trade = _licence("Giấy phép kinh doanh xuất bản phẩm", "5/GP", date(2014, 1, 1))
    assert registration_licence([old, reg, trade], date(2015, 6, 1)) == {
        "licence_number": "0100109106", "licence_issued_on": "2012-03-01",
        "licence_issued_by": "Sở Kế hoạch và Đầu tư"}
    # Before the certificate, the founding licence then in force.
    assert registration_licence([old, reg], date(2010, 6, 1))["licence_number"] == "12/GP"
    # Two in force: nothing is chosen for the date and the issuer.
    both = registration_licence([reg, replace_kind(reg, "Giấy phép thành lập")],
                                date(2015, 6, 1))
    assert set(both) == {"licence_number"} and both["licence_number"].count("số") == 2


def replace_kind(lic: SimpleNamespace, kind: str) -> SimpleNamespace:
    return SimpleNamespace(**{**lic.__dict__, "kind": kind})


def test_record_and_decision_print_the_representative_and_the_certificate(
        db: Database, operator: Actor) -> None:
    configure_agency(db, operator, era="2015")
    est = add_establishment(db, operator, COMPANY)
    add_licence(db, operator, est, LicenceInput(
        "Giấy chứng nhận đăng ký doanh nghiệp", "0100109106",
        "Phòng Đăng ký kinh doanh, Sở Kế hoạch và Đầu tư tỉnh Cao Bằng", date(2012, 3, 1)))
    add_licence(db, operator, est, LicenceInput(
        "Giấy phép thành lập", "12/GP-UB", "UBND tỉnh Cao Bằng", date(2001, 1, 5),
        date(2011, 12, 31)))
    inspection = add_inspection(db, operator, InspectionInput(
        "kiem_tra", "thematic", "Kiểm tra phát hành xuất bản phẩm", date(2024, 5, 10),
        date(2024, 5, 20), "12/QĐ-TTr", date(2024, 5, 2), "distribution"))
    visit = add_visit(db, operator, VisitInput(inspection, est, date(2024, 5, 15)))
    case_id = open_case(db, operator, visit)
    add_violation(db, operator, case_id, ViolationInput(
        "119/2020/NĐ-CP:29.1.a", ongoing=True, discovered_on=date(2024, 5, 15),
        facts="Bày bán sách không có hóa đơn", titles=(TitleCount("Đắc nhân tâm", 20),),
        amount=4_000_000))
    violation_records.issue_record(db, operator, case_id, date(2024, 5, 15),
                                   details=record_details(date(2024, 5, 15)))
    record = pdf_text(violation_records.record_pdf(db, CHIEF, case_id))
    info = decisions.issue_decision(db, CHIEF, case_id, date(2024, 5, 24))
    decision = pdf_text(decisions.decision_pdf(db, CHIEF, info.number or 0, 2024))
    for text in (record, decision):
        assert "Nông Thị Hạnh" in text and "Giới tính: Nữ" in text
    assert ("0100109106; ngày cấp: 01/03/2012; nơi cấp: Phòng Đăng ký kinh doanh, Sở Kế hoạch "
            "và Đầu tư tỉnh Cao Bằng") in decision
    assert "12/GP-UB" not in decision
