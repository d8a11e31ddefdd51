"""Cases and violations under the law of their dates; seized items; the one-transaction visit.

The law rules are pinned with their article in the test name; the sanction engine itself is
tested in tests/domain, these tests check that the services apply it to what the forms send.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from inspector.services.actor import Actor
from inspector.services.agency import AgencyInfo, save_agency
from inspector.services.cases import (
    RemedialInput,
    SanctionInput,
    SeizedItemInput,
    TitleCount,
    ViolationInput,
    ViolatorInput,
    VisitRecord,
    add_seized_item,
    add_violation,
    assess_violation,
    case_outlook,
    case_summary,
    dispose_seized_item,
    open_case,
    provision_choices,
    record_visit,
    remove_violation,
    update_violation,
)
from inspector.services.errors import ConflictError, PermissionDenied
from inspector.services.establishments import EstablishmentInput, add_establishment
from inspector.services.forms import FormInvalid
from inspector.services.inspections import (
    InspectionInput,
    VisitInput,
    add_inspection,
    add_visit,
    visit_detail,
)
from inspector.services.signers import SignerInput, add_signer
from inspector.store.engine import Database
from inspector.store.models import Case, SeizedItem, Violation, Visit
from tests.conftest import make_actor

HOUSEHOLD = EstablishmentInput(
    sector="distribution", name="Nhà sách Hồng Phúc", owner_kind="household",
    owner_name="Nông Thị Lan", owner_sex="F", owner_birth_date=date(1985, 3, 2),
    owner_nationality="Việt Nam", owner_occupation="Kinh doanh",
    owner_id_number="004185001234", owner_id_issued_on=date(2021, 4, 10),
    owner_id_issued_by="Cục Cảnh sát quản lý hành chính về trật tự xã hội",
    household_registration_no="04A8001234", address_line="Số 5, phố Kim Đồng",
    commune_code="01273", former_commune_name="Phường Hợp Giang",
    former_district="thành phố Cao Bằng", former_province_name="tỉnh Cao Bằng")
COMPANY = EstablishmentInput(
    sector="distribution", name="Công ty TNHH Sách Kim Đồng", owner_kind="organization",
    enterprise_code="0100109106", head_office="Số 9, phố Kim Đồng, phường Thục Phán",
    representative_name="Hoàng Văn Nam", representative_title="Giám đốc",
    address_line="Số 9, phố Kim Đồng", commune_code="01273")
BOOKS = "119/2020/NĐ-CP:29.1.a"


def books(copies: int, title: str = "Đắc nhân tâm", **kw: object) -> ViolationInput:
    return ViolationInput(BOOKS, ongoing=True, discovered_on=date(2024, 5, 15),
                          facts="Bày bán sách không có hóa đơn",
                          titles=(TitleCount(title, copies),), **kw)  # type: ignore[arg-type]


@pytest.fixture
def visit(db: Database, operator: Actor) -> uuid.UUID:
    """A 2024 visit to a household bookshop."""
    est = add_establishment(db, operator, HOUSEHOLD)
    inspection = add_inspection(db, operator, InspectionInput(
        "kiem_tra", "thematic", "Kiểm tra phát hành xuất bản phẩm", date(2024, 5, 10),
        date(2024, 5, 20), "12/QĐ-TTr", date(2024, 5, 2), "distribution"))
    return add_visit(db, operator, VisitInput(inspection, est, date(2024, 5, 15)))


def problem_fields(a: object) -> set[str]:
    return {p.field for p in a.problems if p.blocking}  # type: ignore[attr-defined]


# --- the law, per violation -----------------------------------------------------------------

def test_household_business_bracket_is_the_individual_one_legal_1_4(
        db: Database, operator: Actor) -> None:
    """A household business is fined as an individual: half the printed organisation bracket
    of 119/2020 Art 29.1.a (1.5–2.5 M); a company pays the printed 3–5 M."""
    household = assess_violation(db, operator, "household", books(20))
    company = assess_violation(db, operator, "organization", books(20))
    assert (household.bracket_min, household.bracket_max) == (1_500_000, 2_500_000)
    assert (company.bracket_min, company.bracket_max) == (3_000_000, 5_000_000)
    assert household.default_amount == 2_000_000 and household.ok is False  # amount not typed
    assert problem_fields(household) == {"amount"}


def test_119_2020_art_29_tier_follows_copies_per_title(db: Database, operator: Actor) -> None:
    """Art 29: under 50 copies of a title → 29.1.a; 50–99 → 29.2.a (2.5–5 M for a household)."""
    small = assess_violation(db, operator, "individual", books(49))
    large = assess_violation(db, operator, "individual", books(60))
    assert small.key == BOOKS and small.copies == 49
    assert large.key == "119/2020/NĐ-CP:29.2.a"
    assert (large.bracket_min, large.bracket_max, large.default_amount) == (
        2_500_000, 5_000_000, 3_750_000)
    too_many = assess_violation(db, operator, "individual", books(150))
    assert "titles" in problem_fields(too_many)


def test_119_2020_art_29_counts_one_title_per_violation(db: Database, operator: Actor) -> None:
    """Copies are counted per title: several titles make several violations."""
    two = replace(books(10), titles=(TitleCount("A", 10), TitleCount("B", 30)))
    assert "titles" in problem_fields(assess_violation(db, operator, "individual", two))
    none = replace(books(10), titles=())
    assert "titles" in problem_fields(assess_violation(db, operator, "individual", none))


def test_2015_bookshop_case_under_159_2013_art_27(db: Database, operator: Actor) -> None:
    """A 2015 violation is judged under Decree 159/2013 (Art 27.1: 1–3 M printed for
    individuals, midpoint 2 M); Decree 119/2020 did not exist yet."""
    old = ViolationInput("159/2013/NĐ-CP:27.1", ended_on=date(2015, 9, 10),
                         discovered_on=date(2015, 9, 12), facts="Bán sách in lậu",
                         amount=2_000_000)
    result = assess_violation(db, operator, "household", old)
    assert result.ok and result.instrument == "159/2013/NĐ-CP"
    assert (result.bracket_min, result.bracket_max) == (1_000_000, 3_000_000)
    assert result.citation == "khoản 1 Điều 27 Nghị định số 159/2013/NĐ-CP"
    anachronism = assess_violation(db, operator, "household", replace(
        books(20, amount=2_000_000), ongoing=False, ended_on=date(2015, 9, 10)))
    assert "provision_key" in problem_fields(anachronism)
    assert any("chưa có hiệu lực" in p.message for p in anachronism.problems)


def test_ongoing_violation_takes_the_law_of_discovery_decree_118_art_7(
        db: Database, operator: Actor) -> None:
    """Decree 118/2021 Art 7(2): a finished act takes the law of the day it ended, an ongoing
    one the law of the day it was discovered (15/2020 until 30/6/2026, then 174/2026)."""
    finished = ViolationInput("15/2020/NĐ-CP:35.3.a", ended_on=date(2026, 6, 20),
                              discovered_on=date(2026, 7, 5), facts="Mở cửa quá giờ",
                              amount=3_750_000)
    assert assess_violation(db, operator, "individual", finished).ok
    ongoing = replace(finished, ongoing=True, ended_on=None)
    refused = assess_violation(db, operator, "individual", ongoing)
    assert "provision_key" in problem_fields(refused)
    assert any("174/2026" in p.message for p in refused.problems)
    assert assess_violation(db, operator, "individual", replace(
        ongoing, provision_key="174/2026/NĐ-CP:36.3.a")).ok
    assert "discovered_on" in problem_fields(assess_violation(
        db, operator, "individual", replace(ongoing, discovered_on=None)))


def test_amount_within_the_range_of_the_circumstances_law_art_23(
        db: Database, operator: Actor) -> None:
    """Law Art 23(4), Decree 118 Art 9(1): outside the bracket is refused with the bracket;
    one aggravating circumstance allows midpoint–maximum with a reason; two → the maximum."""
    outside = assess_violation(db, operator, "individual", books(20, amount=9_000_000))
    assert any("ngoài khung" in p.message for p in outside.problems if p.field == "amount")
    one = books(20, amount=2_250_000, aggravating=("10.1.b#1",))
    assessed = assess_violation(db, operator, "individual", one)
    assert assessed.needs_reason and (assessed.allowed_min, assessed.allowed_max) == (
        2_000_000, 2_500_000)
    assert problem_fields(assessed) == {"amount_reason"}
    assert assess_violation(db, operator, "individual",
                            replace(one, amount_reason="Số lượng lớn")).ok
    two = books(20, amount=2_000_000, aggravating=("10.1.b#1", "10.1.c"))
    assert "amount" in problem_fields(assess_violation(db, operator, "individual", two))
    assert assess_violation(db, operator, "individual", replace(two, amount=2_500_000)).ok
    mixed = books(20, amount=2_000_000, mitigating=("10.1.b#1",))
    assert "mitigating" in problem_fields(assess_violation(db, operator, "individual", mixed))


def test_additional_sanctions_and_measures_only_those_the_provision_allows(
        db: Database, operator: Actor) -> None:
    """15/2020 Art 35.3.c allows a 1–3 month suspension; 35.3.a allows none; remedial
    measures must be listed by the provision (legal.md §1.2)."""
    base = ViolationInput("15/2020/NĐ-CP:35.3.c", ongoing=True, discovered_on=date(2024, 5, 15),
                          facts="Để người dùng đánh bạc trên mạng", amount=3_750_000)
    ok = assess_violation(db, operator, "individual", replace(
        base, additional=(SanctionInput("suspension", 2),)))
    assert ok.ok and [a.kind for a in ok.allowed_additional] == ["suspension"]
    assert "additional[0]" in problem_fields(assess_violation(db, operator, "individual", replace(
        base, additional=(SanctionInput("suspension", 6),))))
    assert "additional" in problem_fields(assess_violation(db, operator, "individual", replace(
        base, provision_key="15/2020/NĐ-CP:35.3.a", additional=(SanctionInput("suspension", 2),))))
    assert "remedial" in problem_fields(assess_violation(db, operator, "individual", replace(
        base, remedial=(RemedialInput("destroy"),))))


def test_warning_only_and_fine_only_provisions(db: Database, operator: Actor) -> None:
    """174/2026 Art 36.1 is warning-only; 36.2.a is fine-only (no warning alone)."""
    warn = ViolationInput("174/2026/NĐ-CP:36.1.d", ongoing=True, discovered_on=date(2026, 8, 3),
                          facts="Không niêm yết nội quy", warning=True)
    assert assess_violation(db, operator, "individual", warn).ok
    assert "warning" in problem_fields(assess_violation(
        db, operator, "individual", replace(warn, warning=False, amount=500_000)))
    assert "warning" in problem_fields(assess_violation(
        db, operator, "individual", replace(warn, provision_key="174/2026/NĐ-CP:36.2.a")))


def test_provision_choices_propose_the_failed_items_provisions_first(
        db: Database, operator: Actor) -> None:
    """From a failed checklist item, the provisions in force on the date come first."""
    choices = provision_choices(db, operator, date(2024, 5, 15), sector="distribution",
                                checklist_item="invoices", text="hoa don")
    assert [c.key for c in choices if c.proposed] == [BOOKS, "119/2020/NĐ-CP:29.2.a"]
    assert all(not c.proposed for c in choices[2:])
    old = provision_choices(db, operator, date(2015, 5, 15), sector="distribution",
                            checklist_item="invoices")
    assert [c.key for c in old] == ["159/2013/NĐ-CP:27.1", "159/2013/NĐ-CP:27.5.a"]
    assert [c.key for c in provision_choices(db, operator, date(2024, 1, 1), text="29.2.a")] == [
        "119/2020/NĐ-CP:29.2.a"]


# --- cases ----------------------------------------------------------------------------------

def test_household_case_snapshot_is_the_owner_as_an_individual(
        db: Database, operator: Actor, visit: uuid.UUID) -> None:
    """The violator of a household business is its owner, sanctioned as an individual; the
    address is written with the former district for a 2024 record."""
    case_id = open_case(db, operator, visit)
    assert open_case(db, operator, visit) == case_id
    summary = case_summary(db, operator, case_id)
    assert summary.subject_kind == "individual" and summary.violator_name == "Nông Thị Lan"
    assert summary.violator["owner_id_number"] == "004185001234"
    assert "thành phố Cao Bằng" in summary.violator["address"]


def test_organisation_case_and_another_violator(db: Database, operator: Actor) -> None:
    """A company is the violator as an organisation; a player can be another violator."""
    est = add_establishment(db, operator, COMPANY)
    inspection = add_inspection(db, operator, InspectionInput(
        "kiem_tra", "unscheduled", "Kiểm tra đột xuất", date(2026, 8, 1), None, "3/QĐ",
        date(2026, 7, 30)))
    visit_id = add_visit(db, operator, VisitInput(inspection, est, date(2026, 8, 3)))
    summary = case_summary(db, operator, open_case(db, operator, visit_id))
    assert summary.subject_kind == "organization"
    assert summary.violator["enterprise_code"] == "0100109106"
    player = open_case(db, operator, visit_id, violator=ViolatorInput(
        "individual", "Lý Văn Tú", sex="M", birth_date=date(2004, 1, 2),
        id_number="004204001111"))
    assert case_summary(db, operator, player).violator["owner_name"] == "Lý Văn Tú"
    assert open_case(db, operator, visit_id) == summary.id
    with pytest.raises(FormInvalid):
        open_case(db, operator, visit_id, violator=ViolatorInput(
            "individual", "Lý Văn Tú", sex="F", birth_date=date(2004, 1, 2),
            id_number="004204001111"))


def test_summary_total_limitation_and_no_signer(db: Database, operator: Actor,
                                                 visit: uuid.UUID) -> None:
    """The total adds each fine (Law Art 3(1)(d)); publishing has a 2-year limitation; without
    a configured signer the competence is reported as unknown, not guessed."""
    case_id = open_case(db, operator, visit)
    add_violation(db, operator, case_id, books(20, amount=2_000_000))
    add_violation(db, operator, case_id, books(60, "Nhà giả kim", amount=3_750_000))
    summary = case_summary(db, operator, case_id, decision_date=date(2024, 5, 20))
    assert summary.total == 5_750_000 and summary.outlook is not None
    assert summary.outlook.total_in_words.startswith("Năm triệu bảy trăm năm mươi nghìn")
    assert summary.outlook.limitation_date == date(2026, 5, 15)
    assert summary.outlook.competence.within is None
    assert "người ký" in summary.outlook.competence.note
    assert [v.provision_key for v in summary.violations] == [BOOKS, "119/2020/NĐ-CP:29.2.a"]


def test_competence_of_the_configured_signer(db: Database, operator: Actor,
                                             visit: uuid.UUID) -> None:
    """The agency's signer decides whether the case stays within competence (Law Art 52)."""
    save_agency(db, operator, AgencyInfo(agency_name="Thanh tra Sở", place_name="Cao Bằng"))
    add_signer(db, operator, SignerInput("Đàm Văn Bằng", "inspector_on_duty"))
    case_id = open_case(db, operator, visit)
    add_violation(db, operator, case_id, books(20, amount=2_000_000))
    competence = case_summary(db, operator, case_id,
                              decision_date=date(2024, 5, 20)).outlook.competence  # type: ignore[union-attr]
    assert competence.within is False and competence.competent_title == "chief_inspector_department"
    outlook = case_outlook(db, operator, "individual", "distribution",
                           [books(20, amount=2_000_000), books(10, amount=99)],
                           on=date(2024, 5, 20))
    assert outlook.total == 4_000_000 and {p.field for p in outlook.problems} == {
        "violations[1].amount"}


def test_update_and_remove_violation_with_versions(db: Database, operator: Actor,
                                                    visit: uuid.UUID) -> None:
    """Edits carry the version they were read at; the visit outcome follows the violations."""
    case_id = open_case(db, operator, visit)
    row = add_violation(db, operator, case_id, books(20, amount=2_000_000))
    assert visit_detail(db, operator, visit).outcome == "violations"
    changed = update_violation(db, operator, row.id, replace(row.to_input(), amount=2_500_000,
                                                             aggravating=("10.1.b#1",),
                                                             amount_reason="Lớn"), row.version)
    assert changed.amount == 2_500_000
    with pytest.raises(ConflictError):
        update_violation(db, operator, row.id, row.to_input(), row.version)
    remove_violation(db, operator, row.id, changed.version)
    assert visit_detail(db, operator, visit).outcome == "pending"


def test_recorded_case_is_frozen(db: Database, operator: Actor, visit: uuid.UUID) -> None:
    """Once the record is made the violations cannot be changed in place."""
    case_id = open_case(db, operator, visit)
    with db.sessions() as s:
        case = s.get(Case, case_id)
        assert case is not None
        case.status = "recorded"
        s.commit()
    with pytest.raises(ConflictError):
        add_violation(db, operator, case_id, books(20, amount=2_000_000))


def test_clerk_cannot_add_a_violation(db: Database, operator: Actor, visit: uuid.UUID) -> None:
    """Permission.EDIT_FIELD_WORK is checked by the service, not only hidden in the GUI."""
    case_id = open_case(db, operator, visit)
    with pytest.raises(PermissionDenied):
        add_violation(db, make_actor("clerk"), case_id, books(20, amount=2_000_000))
    assert case_summary(db, make_actor("clerk"), case_id).violations == ()


def test_database_refuses_a_warning_with_a_fine_and_a_negative_amount(
        db: Database, operator: Actor, visit: uuid.UUID) -> None:
    """CHECK constraints back the engine: a warning carries no amount; amounts are ≥ 0."""
    case_id = open_case(db, operator, visit)
    for bad in ({"warning": True, "amount": 500_000}, {"amount": -1}):
        with db.sessions() as s:
            s.add(Violation(case_id=case_id, provision_key=BOOKS, ended_on=date(2024, 5, 1),
                            **bad))
            with pytest.raises(IntegrityError):
                s.flush()


# --- seized items ---------------------------------------------------------------------------

def test_seized_books_per_title_and_their_disposal(db: Database, operator: Actor,
                                                   visit: uuid.UUID) -> None:
    """700 books with their titles; the copies per title must add up; disposal is dated once."""
    case_id = open_case(db, operator, visit)
    titles = (TitleCount("Đắc nhân tâm", 400), TitleCount("Nhà giả kim", 300))
    with pytest.raises(FormInvalid) as err:
        add_seized_item(db, operator, case_id, SeizedItemInput(
            "goods", "Sách không rõ nguồn gốc", 650, "cuốn", titles=titles))
    assert "quantity" in {p.field for p in err.value.problems}
    item = add_seized_item(db, operator, case_id, SeizedItemInput(
        "goods", "Sách không rõ nguồn gốc", 700, "cuốn", value=28_000_000, titles=titles,
        kept_at="Kho tang vật của Sở"))
    with pytest.raises(FormInvalid):
        dispose_seized_item(db, operator, item.id, "destroyed", date(2024, 5, 1), item.version)
    done = dispose_seized_item(db, operator, item.id, "destroyed", date(2024, 6, 1), item.version)
    assert (done.disposal, done.disposal_date) == ("destroyed", date(2024, 6, 1))
    with pytest.raises(FormInvalid):
        dispose_seized_item(db, operator, item.id, "returned", date(2024, 6, 2), done.version)
    with db.sessions() as s:
        s.add(SeizedItem(case_id=case_id, kind="goods", quantity=1, unit="cuốn",
                         disposal="confiscated"))
        with pytest.raises(IntegrityError):
            s.flush()


# --- the whole visit in one transaction -----------------------------------------------------

def test_record_visit_saves_everything_in_one_transaction(db: Database, operator: Actor) -> None:
    """Visit, case, violations and seized items are saved together; the seized books are
    linked to their violation."""
    est = add_establishment(db, operator, HOUSEHOLD)
    inspection = add_inspection(db, operator, InspectionInput(
        "kiem_tra", "thematic", "Kiểm tra", date(2024, 5, 10), date(2024, 5, 20), "1/QĐ",
        date(2024, 5, 2)))
    record = VisitRecord(
        VisitInput(inspection, est, date(2024, 5, 15)),
        tuple(books(10 + i, f"Sách {i}", amount=2_000_000) for i in range(10)),
        (SeizedItemInput("goods", "Sách “Sách 0”", 10, "cuốn", titles=(TitleCount("Sách 0", 10),),
                         violation_index=0),))
    saved = record_visit(db, operator, record)
    assert len(saved.violation_ids) == 10 and saved.total == 20_000_000
    assert visit_detail(db, operator, saved.visit_id).outcome == "violations"
    with db.sessions() as s:
        link = s.scalar(select(SeizedItem.violation_id))
    assert link == saved.violation_ids[0]


def test_record_visit_with_one_bad_violation_saves_nothing(db: Database,
                                                           operator: Actor) -> None:
    """The fourth violation is outside its bracket: no visit, case or violation is left."""
    est = add_establishment(db, operator, HOUSEHOLD)
    inspection = add_inspection(db, operator, InspectionInput(
        "kiem_tra", "thematic", "Kiểm tra", date(2024, 5, 10), date(2024, 5, 20), "1/QĐ",
        date(2024, 5, 2)))
    violations = [books(10 + i, f"Sách {i}", amount=2_000_000) for i in range(5)]
    violations[3] = replace(violations[3], amount=9_000_000)
    with pytest.raises(FormInvalid) as err:
        record_visit(db, operator, VisitRecord(VisitInput(inspection, est, date(2024, 5, 15)),
                                               tuple(violations)))
    assert err.value.field == "violations[3].amount"
    with db.sessions() as s:
        assert [s.scalar(select(func.count()).select_from(m)) for m in (Visit, Case, Violation)] \
            == [0, 0, 0]
