"""Establishments: the form's validation, duplicates, optimistic locking, licences, the list."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import IntegrityError

from inspector.services.actor import Actor
from inspector.services.cases import TitleCount, ViolationInput, add_violation, open_case
from inspector.services.errors import ConflictError, PermissionDenied
from inspector.services.establishments import (
    EstablishmentInput,
    LicenceInput,
    add_establishment,
    add_licence,
    bulk_add_establishments,
    count_establishments,
    establishment_detail,
    establishment_history,
    establishment_page,
    find_duplicates,
    list_licences,
    remove_licence,
    search_establishments,
    update_establishment,
    update_licence,
    validate_establishment,
)
from inspector.services.forms import FormInvalid
from inspector.services.inspections import InspectionInput, VisitInput, add_inspection, add_visit
from inspector.store.engine import Database
from inspector.store.models import Establishment
from tests.conftest import make_actor

LAN = EstablishmentInput(
    sector="distribution", name="Nhà sách Hồng Phúc", owner_kind="household",
    owner_name="Nông Thị Lan", owner_sex="F", owner_birth_date=date(1985, 3, 2),
    owner_nationality="Việt Nam", owner_occupation="Kinh doanh",
    owner_residence="Số 5, phố Kim Đồng, phường Thục Phán, tỉnh Cao Bằng",
    owner_id_number="004185001234", owner_id_issued_on=date(2021, 4, 10),
    owner_id_issued_by="Cục Cảnh sát quản lý hành chính về trật tự xã hội",
    household_registration_no="04A8001234", address_line="Số 5, phố Kim Đồng",
    commune_code="01273", phone="0912 345 678")
COMPANY = EstablishmentInput(
    sector="printing", name="Công ty cổ phần In Việt Lập", owner_kind="organization",
    enterprise_code="0100109106", head_office="Số 2, phố Vườn Cam, phường Thục Phán",
    representative_name="Hoàng Văn Nam", representative_title="Giám đốc",
    address_line="Số 2, phố Vườn Cam", commune_code="01273")


def fields_of(problems: list) -> dict[str, str]:  # type: ignore[type-arg]
    return {p.field: p.message for p in problems if p.blocking}


# --- validation as you type -----------------------------------------------------------------

def test_valid_household_has_no_blocking_problem_and_is_cleaned() -> None:
    """A complete household business validates; the phone and the commune are normalised."""
    assert fields_of(validate_establishment(LAN)) == {}


def test_personal_id_contradicting_birth_year_is_refused_next_to_the_field() -> None:
    """CCCD digits 5–6 must be the birth year (Circular 07/2016): the message names the field."""
    problems = fields_of(validate_establishment(replace(LAN, owner_birth_date=date(1986, 3, 2))))
    assert "owner_id_number" in problems and "1986" in problems["owner_id_number"]


def test_personal_id_contradicting_sex_is_refused() -> None:
    """CCCD digit 4 is 1 for a woman born in the 1900s; a man's ID is refused for her."""
    problems = fields_of(validate_establishment(replace(LAN, owner_id_number="004085001234")))
    assert "Nữ" in problems["owner_id_number"]


def test_bad_tax_code_and_phone_are_refused_with_reasons() -> None:
    """The tax code's check digit and the phone prefix are checked (legal.md §6.2, §6.4)."""
    problems = fields_of(validate_establishment(replace(
        COMPANY, enterprise_code="0100109107", phone="0123 456 789")))
    assert "kiểm tra" in problems["enterprise_code"]
    assert "phone" in problems


def test_required_fields_per_owner_kind() -> None:
    """A household needs its owner's name (blocking); an organisation's missing representative
    is a warning, since the record needs it but the shop may be entered first."""
    problems = validate_establishment(replace(LAN, owner_name="  "))
    assert "owner_name" in fields_of(problems)
    org = validate_establishment(replace(COMPANY, representative_name=None))
    assert "representative_name" not in fields_of(org)
    assert any(p.field == "representative_name" and not p.blocking for p in org)


def test_future_dates_and_unknown_commune_are_refused() -> None:
    """A birth date in the future and a commune code not in the 2025 list are refused."""
    problems = fields_of(validate_establishment(replace(
        LAN, owner_birth_date=date.today() + timedelta(days=3), owner_id_number=None,
        commune_code="99999")))
    assert {"owner_birth_date", "commune_code"} <= set(problems)


def test_too_long_text_is_refused() -> None:
    """SQLite would store any length; the form refuses what the column does not allow."""
    assert "name" in fields_of(validate_establishment(replace(LAN, name="x" * 251)))


# --- saving ---------------------------------------------------------------------------------

def test_add_and_read_back_with_normalised_values(db: Database, operator: Actor) -> None:
    """Saved values are cleaned: phone digits only, commune name from its code."""
    est_id = add_establishment(db, operator, LAN, [LicenceInput("Giấy xác nhận", "12/GP")])
    detail = establishment_detail(db, operator, est_id)
    assert detail.phone == "0912345678"
    assert detail.commune_name == "Phường Thục Phán" and detail.province_name == "tỉnh Cao Bằng"
    assert [lic.number for lic in detail.licences] == ["12/GP"]
    assert detail.subject_kind == "individual"


def test_invalid_form_reaches_no_row(db: Database, operator: Actor) -> None:
    """A blocking problem refuses the save with every problem listed."""
    with pytest.raises(FormInvalid) as err:
        add_establishment(db, operator, replace(LAN, name="", owner_id_number="12"))
    assert {p.field for p in err.value.problems if p.blocking} >= {"name", "owner_id_number"}
    assert count_establishments(db, operator) == 0


def test_clerk_cannot_add_an_establishment(db: Database) -> None:
    """The service checks the role (Permission.EDIT_FIELD_WORK), whatever the GUI shows."""
    with pytest.raises(PermissionDenied):
        add_establishment(db, make_actor("clerk"), LAN)


def test_database_refuses_an_unnamed_establishment(db: Database) -> None:
    """A CHECK constraint backs the form: a bug writing an empty name is refused by SQLite."""
    with db.sessions() as s:
        s.add(Establishment(sector="game", name="", owner_kind="individual"))
        with pytest.raises(IntegrityError):
            s.flush()


def test_second_window_saving_a_stale_copy_is_refused(db: Database, operator: Actor) -> None:
    """Two windows open the same establishment; the second save is refused, nothing lost."""
    est_id = add_establishment(db, operator, LAN)
    first = establishment_detail(db, operator, est_id)
    second = establishment_detail(db, operator, est_id)
    saved = update_establishment(db, operator, est_id,
                                 replace(first.to_input(), name="Nhà sách Hồng Phúc 2"),
                                 first.version)
    assert saved.version == first.version + 1
    with pytest.raises(ConflictError) as err:
        update_establishment(db, operator, est_id, replace(second.to_input(), phone="0987654321"),
                             second.version)
    assert "người khác" in err.value.vi
    assert establishment_detail(db, operator, est_id).name == "Nhà sách Hồng Phúc 2"


def test_race_between_check_and_write_is_caught_by_the_version_column(
        db: Database, operator: Actor) -> None:
    """A save holds the write lock from its BEGIN (IMMEDIATE): another writer cannot slip in
    between the service's read and its write; it waits, and here gives up. Never a silent
    overwrite, and the waiting writer is told the database is busy."""
    from sqlalchemy.exc import OperationalError

    est_id = add_establishment(db, operator, LAN)
    detail = establishment_detail(db, operator, est_id)
    from inspector.services import establishments as module

    original = module._get
    refused: list[BaseException] = []

    def sneaky(session, establishment_id):  # type: ignore[no-untyped-def]
        row = original(session, establishment_id)
        try:
            with db.engine.begin() as other:
                other.exec_driver_sql("PRAGMA busy_timeout = 50")
                other.execute(update(Establishment).where(Establishment.id == est_id)
                              .values(version=Establishment.version + 1, notes="khác"))
        except OperationalError as exc:
            refused.append(exc)
        finally:
            with db.engine.connect() as c:
                c.exec_driver_sql("PRAGMA busy_timeout = 5000")
        return row

    module._get = sneaky  # type: ignore[assignment]
    try:
        update_establishment(db, operator, est_id, replace(detail.to_input(), notes="của tôi"),
                             detail.version)
    finally:
        module._get = original  # type: ignore[assignment]
    assert refused and "locked" in str(refused[0])
    assert establishment_detail(db, operator, est_id).notes == "của tôi"


def test_bulk_path_validates_like_single_adds(db: Database, operator: Actor) -> None:
    """One bad personal ID in an import refuses the whole batch (one transaction)."""
    good = [replace(LAN, name=f"Nhà sách {i}") for i in range(3)]
    with pytest.raises(FormInvalid):
        bulk_add_establishments(db, operator, [*good, replace(LAN, owner_id_number="004085001234")])
    assert count_establishments(db, operator) == 0
    assert bulk_add_establishments(db, operator, good) == 3


def test_bulk_path_refuses_a_name_too_long_naming_the_row_and_the_field(
        db: Database, operator: Actor) -> None:
    """The bulk path checks lengths per batch (the column's own declaration); the message names
    the row and the field in Vietnamese, never the raw column."""
    from inspector.services.errors import ValidationError

    good = [replace(LAN, name=f"Nhà sách {i}") for i in range(2)]
    with pytest.raises(ValidationError) as refused:
        bulk_add_establishments(db, operator, [*good, replace(LAN, name="Nhà sách " * 40)])
    assert refused.value.vi.startswith("Bản ghi thứ 3: Nội dung “Tên cơ sở” dài")
    assert "“name”" not in refused.value.vi
    assert count_establishments(db, operator) == 0


# --- duplicates -----------------------------------------------------------------------------

def test_duplicates_by_id_tax_code_and_similar_name_at_the_same_address(
        db: Database, operator: Actor) -> None:
    """The same CCCD, the same tax code, or a very similar name at the same address."""
    lan = add_establishment(db, operator, LAN)
    company = add_establishment(db, operator, COMPANY)
    by_id = find_duplicates(db, operator, replace(LAN, name="Cửa hàng khác", address_line="x"))
    assert [d.id for d in by_id] == [lan] and "định danh" in by_id[0].reason
    by_code = find_duplicates(db, operator, replace(COMPANY, name="Tên mới",
                                                     enterprise_code="0100 109 106"))
    assert [d.id for d in by_code] == [company]
    similar = find_duplicates(db, operator, replace(
        LAN, name="Nha sach Hong Phuc", owner_id_number=None, owner_sex=None))
    assert [d.id for d in similar] == [lan] and "gần giống" in similar[0].reason
    assert find_duplicates(db, operator, LAN, exclude_id=lan) == []
    assert find_duplicates(db, operator, replace(
        LAN, name="Hiệu sách Thành Công", owner_id_number=None)) == []


# --- licences -------------------------------------------------------------------------------

def test_licences_crud_with_clash_and_version(db: Database, operator: Actor) -> None:
    """Licences are added, changed with the version they were read at, and removed."""
    est_id = add_establishment(db, operator, LAN)
    lic = add_licence(db, operator, est_id, LicenceInput("Giấy phép", "1/GP", "Sở", date(2020, 1, 1)))
    with pytest.raises(ConflictError):
        add_licence(db, operator, est_id, LicenceInput("Giấy phép", "1/GP"))
    with pytest.raises(FormInvalid):
        add_licence(db, operator, est_id,
                    LicenceInput("Giấy phép", "2/GP", issued_on=date(2020, 5, 1),
                                 valid_until=date(2020, 1, 1)))
    changed = update_licence(db, operator, lic.id,
                             LicenceInput("Giấy phép", "1/GP", "Sở", date(2020, 1, 1),
                                          date(2023, 1, 1)), lic.version)
    assert changed.status(date(2024, 1, 1)) == "expired"
    with pytest.raises(ConflictError):
        remove_licence(db, operator, lic.id, lic.version)
    remove_licence(db, operator, lic.id, changed.version)
    assert list_licences(db, operator, est_id) == []


# --- the list -------------------------------------------------------------------------------

def _shop(name: str, **kw: object) -> EstablishmentInput:
    return replace(LAN, name=name, owner_id_number=None, owner_name=kw.pop("owner", "Lý Văn A"),
                   **kw)  # type: ignore[arg-type]


def test_search_ignores_accents_case_and_d(db: Database, operator: Actor) -> None:
    """``nguyen van`` finds Nguyễn Văn; ``dai ly`` finds Đại lý; every word must match."""
    bulk_add_establishments(db, operator, [
        _shop("Đại lý Internet Hùng", sector="internet", owner="Nguyễn Văn Hùng"),
        _shop("Nhà sách Nguyên", owner="Nông Thị Văn"),
        _shop("Điểm trò chơi Đức", sector="game", owner="Hoàng Đức"),
    ])
    names = lambda q: [r.name for r in search_establishments(db, operator, q)]  # noqa: E731
    assert names("nguyen van") == ["Đại lý Internet Hùng", "Nhà sách Nguyên"]
    assert names("NGUYỄN văn hùng") == ["Đại lý Internet Hùng"]
    assert names("dai ly") == ["Đại lý Internet Hùng"]
    assert names("duc") == ["Điểm trò chơi Đức"]
    assert names("0912345678") and names("100%") == []


def test_list_is_in_vietnamese_order(db: Database, operator: Actor) -> None:
    """Đ after D, Ă and Â after A, tones after the letters (inspector.domain.text)."""
    bulk_add_establishments(db, operator, [_shop(n) for n in
                                           ("Đào", "Dũng", "Ân", "Anh", "Ăn", "An Bình", "Duy")])
    assert [r.name for r in search_establishments(db, operator)] == [
        "An Bình", "Anh", "Ăn", "Ân", "Dũng", "Duy", "Đào"]


def test_filters_sector_commune_licence_and_open_violations(db: Database,
                                                            operator: Actor) -> None:
    """Each filter narrows the page and the count alike."""
    valid = add_establishment(db, operator, _shop("A có phép"),
                              [LicenceInput("Giấy phép", "1", valid_until=date(2099, 1, 1))])
    expired = add_establishment(db, operator, _shop("B hết hạn"),
                                [LicenceInput("Giấy phép", "2", issued_on=date(2015, 1, 1),
                                              valid_until=date(2016, 1, 1))])
    none = add_establishment(db, operator, _shop("C không phép", sector="game",
                                                 commune_code="01279"))
    for status, expected in (("valid", valid), ("expired", expired), ("none", none)):
        rows = search_establishments(db, operator, licence_status=status)
        assert [r.id for r in rows] == [expected]
        assert rows[0].licence_status == status
        assert count_establishments(db, operator, licence_status=status) == 1
    assert [r.id for r in search_establishments(db, operator, sector="game")] == [none]
    assert [r.id for r in search_establishments(db, operator, commune_code="01279")] == [none]
    inspection = add_inspection(db, operator, InspectionInput(
        "kiem_tra", "unscheduled", "Kiểm tra", date(2024, 5, 1), date(2024, 5, 30), "1/QĐ",
        date(2024, 4, 20)))
    visit = add_visit(db, operator, VisitInput(inspection, expired, date(2024, 5, 10)))
    case = open_case(db, operator, visit)
    add_violation(db, operator, case, ViolationInput(
        "119/2020/NĐ-CP:32.1", ended_on=date(2024, 5, 1), facts="Không báo cáo",
        amount=2_000_000))
    page = establishment_page(db, operator, open_violations=True)
    assert [r.id for r in page.rows] == [expired] and page.total == 1
    assert page.rows[0].open_cases == 1
    assert count_establishments(db, operator, open_violations=False) == 2


def test_the_list_reads_the_covering_index_not_the_table(db: Database) -> None:
    """Page and count use ix_establishments_list, so search never scans the wide rows."""
    with db.engine.connect() as conn:
        plan = " ".join(str(r[-1]) for r in conn.execute(text(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM establishments "
            "WHERE search_text LIKE '%ngu%' AND (sector || '') = 'game'")))
    assert "COVERING INDEX ix_establishments_list" in plan


def test_history_lists_visits_and_violations(db: Database, operator: Actor) -> None:
    """The History tab: every visit with its inspection, every violation with its provision."""
    est_id = add_establishment(db, operator, LAN)
    inspection = add_inspection(db, operator, InspectionInput(
        "thanh_tra", "scheduled", "Thanh tra phát hành xuất bản phẩm", date(2024, 3, 1),
        date(2024, 3, 10), "5/QĐ-TTr", date(2024, 2, 20)))
    visit = add_visit(db, operator, VisitInput(inspection, est_id, date(2024, 3, 5)))
    case = open_case(db, operator, visit)
    add_violation(db, operator, case, ViolationInput(
        "119/2020/NĐ-CP:29.1.b", ended_on=date(2024, 3, 1), facts="Bán sách không kinh doanh",
        amount=2_000_000, titles=(TitleCount("Tài liệu hội nghị", 12),)))
    history = establishment_history(db, operator, est_id)
    assert [v.inspection_title for v in history.visits] == ["Thanh tra phát hành xuất bản phẩm"]
    assert history.visits[0].violations == 1 and history.visits[0].outcome == "violations"
    assert [v.provision_key for v in history.violations] == ["119/2020/NĐ-CP:29.1.b"]
    assert "không kinh doanh" in history.violations[0].description
    with db.sessions() as s:
        assert s.scalar(select(Establishment.version).where(Establishment.id == est_id)) == 1
