"""The tally's copies (migration 0006: the case's, establishment's and decision's attributes kept
on visits, violations, seized items, decisions and payments by triggers) after writes through
every path that writes those tables: the services (field work, decisions, payments, amending),
the tests' factories, the demo's bulk path, the 2015 scenario, the bench's bulk build, and plain
SQL. After each, every copy equals its source and every figure of the tally equals the naive
recount of tests/services/tally_oracle.py, which reads only the sources."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text, update

from inspector.services import amendments, decisions, demo, payments, violation_records
from inspector.services.actor import Actor
from inspector.services.cases import (
    SeizedItemInput,
    TitleCount,
    ViolationInput,
    add_violation,
    dispose_seized_item,
    open_case,
)
from inspector.services.cases import add_seized_item as add_seized
from inspector.services.establishments import (
    EstablishmentInput,
    add_establishment,
    establishment_detail,
    update_establishment,
)
from inspector.services.inspections import InspectionInput, VisitInput, add_inspection, add_visit
from inspector.services.scenarios.caobang2015 import build_caobang_2015
from inspector.services.tallies import compute_tally
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import (
    Case,
    Establishment,
    Payment,
    SanctionDecision,
    SeizedItem,
    Violation,
    Visit,
)
from tests.conftest import make_actor
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details
from tests.services.tally_oracle import (
    differences,
    project,
    project_previous,
    recount,
    rows_from_db,
)

CHIEF = make_actor("chief", "chanh.tt")
ROOT = Path(__file__).resolve().parents[2]


def copies_out_of_step(db: Database) -> list[str]:
    """Every copied column of every row against what its sources say now."""
    out: list[str] = []
    with db.sessions() as s:
        est = {e.id: e for e in s.scalars(select(Establishment))}
        cases = {c.id: c for c in s.scalars(select(Case))}
        visit_of = dict(s.execute(select(Visit.id, Visit.inspection_id)).all())
        decided = {d.id: d for d in s.scalars(select(SanctionDecision))}

        def place(e: Establishment | None) -> tuple[Any, ...]:
            return (e.commune_name, e.former_district, e.former_commune_name) if e else (
                None, None, None)

        def check(table: Any, key: str, expected: Any, columns: tuple[str, ...]) -> None:
            c = table.c
            for row in s.execute(select(c.id, c[key], *(c[n] for n in columns))):
                want = expected(row[1])
                if tuple(row[2:]) != want:
                    out.append(f"{table.name} {row[0]}: {tuple(row[2:])} != {want}")

        def of_case(case_id: Any) -> tuple[Case, Establishment | None, Any]:
            c = cases[case_id]
            return c, est.get(c.establishment_id), visit_of.get(c.visit_id)

        v_rows = {v.id: v for v in s.scalars(select(Visit))}
        check(Visit.__table__, "id", lambda i: (
            v_rows[i].visit_date.year, est[v_rows[i].establishment_id].sector,
            est[v_rows[i].establishment_id].business_kind,
            *place(est[v_rows[i].establishment_id])),
            ("visit_year", "establishment_sector", "establishment_kind",
             "establishment_commune", "establishment_former_district",
             "establishment_former_commune"))

        def violation(case_id: Any) -> tuple[Any, ...]:
            c, e, inspection = of_case(case_id)
            return (c.opened_on, c.opened_on.year, c.status != "cancelled", c.sector,
                    c.establishment_id or c.id, inspection, e.business_kind if e else None,
                    *place(e))

        check(Violation.__table__, "case_id", violation, (
            "case_opened_on", "case_opened_year", "case_live", "case_sector", "case_violator",
            "case_inspection_id", "establishment_kind", "establishment_commune",
            "establishment_former_district", "establishment_former_commune"))
        check(SeizedItem.__table__, "case_id", lambda i: (
            of_case(i)[0].opened_on, of_case(i)[0].status != "cancelled", of_case(i)[2]),
            ("case_opened_on", "case_live", "case_inspection_id"))
        check(SanctionDecision.__table__, "id", lambda i: (
            decided[i].issued_on.year if decided[i].issued_on else None,
            of_case(decided[i].case_id)[0].sector, of_case(decided[i].case_id)[2],
            *place(of_case(decided[i].case_id)[1])),
            ("issued_year", "case_sector", "case_inspection_id", "establishment_commune",
             "establishment_former_district", "establishment_former_commune"))
        check(Payment.__table__, "decision_id", lambda i: (
            decided[i].status not in ("draft", "cancelled", "amended")
            and decided[i].issued_on is not None, decided[i].issued_on,
            decided[i].total_amount, cases[decided[i].case_id].sector),
            ("decision_in_force", "decision_issued_on", "decision_total", "case_sector"))
    return out


def assert_tally_is_recount(db: Database, actor: Actor, *years: int) -> None:
    assert copies_out_of_step(db) == []
    rows = rows_from_db(db)
    for start, end in [(date(y, 1, 1), date(y, 12, 31)) for y in years] + [
            (date(years[0], 3, 1), date(years[0], 10, 31)),
            (date(years[0] - 1, 7, 1), date(years[-1], 6, 30))]:
        t = compute_tally(db, actor, start, end)
        assert differences(recount(rows, start, end), project(t)) == [], (start, end)
        assert differences(recount(rows, t.previous_period.start, t.previous_period.end,
                                   with_sections=False), project_previous(t)) == []


BOOKSHOP = EstablishmentInput(
    sector="distribution", name="Nhà sách Hồng Phúc", owner_kind="household",
    owner_name="Nông Thị Lan", owner_sex="F", owner_birth_date=date(1985, 3, 2),
    owner_nationality="Việt Nam", owner_occupation="Kinh doanh",
    owner_id_number="004185001234", owner_id_issued_on=date(2021, 4, 10),
    owner_id_issued_by="Cục Cảnh sát quản lý hành chính về trật tự xã hội",
    household_registration_no="04A8001234", address_line="Số 5, phố Kim Đồng",
    commune_code="01273", former_commune_name="Phường Hợp Giang",
    former_district="thành phố Cao Bằng", former_province_name="tỉnh Cao Bằng",
    business_kind="distributor")


def books(copies: int, **kw: Any) -> ViolationInput:
    return ViolationInput("119/2020/NĐ-CP:29.1.a", ongoing=True, discovered_on=date(2024, 5, 15),
                          facts="Bày bán sách không có hóa đơn",
                          titles=(TitleCount("Đắc nhân tâm", copies),), **kw)


def test_services(db: Database, operator: Actor) -> None:
    """Field work, the record, the decision, payments, an annulment, a disposal and an edit of
    the establishment, each through its service."""
    configure_agency(db, operator, era="2015")
    est = add_establishment(db, operator, BOOKSHOP)
    inspection = add_inspection(db, operator, InspectionInput(
        "kiem_tra", "thematic", "Kiểm tra phát hành xuất bản phẩm", date(2024, 5, 10),
        date(2024, 5, 20), "12/QĐ-TTr", date(2024, 5, 2), "distribution"))
    visit = add_visit(db, operator, VisitInput(inspection, est, date(2024, 5, 15)))
    case_id = open_case(db, operator, visit)
    row = add_violation(db, operator, case_id, books(20, amount=2_000_000))
    item = add_seized(db, operator, case_id, SeizedItemInput(
        "goods", "Sách Đắc nhân tâm", 20, "cuốn", titles=(TitleCount("Đắc nhân tâm", 20),),
        violation_id=row.id))
    assert_tally_is_recount(db, operator, 2024)
    violation_records.issue_record(db, operator, case_id, date(2024, 5, 15),
                                   details=record_details(date(2024, 5, 15), preventive_measures=(
                                       "Tạm giữ tang vật, phương tiện vi phạm hành chính",)))
    first = decisions.issue_decision(db, CHIEF, case_id, date(2024, 5, 20))
    payments.add_payment(db, CHIEF, first.number or 0, 2024, 500_000, date(2024, 5, 25))
    dispose_seized_item(db, operator, item.id, "confiscated", date(2024, 6, 1), item.version)
    assert_tally_is_recount(db, operator, 2024)
    amendments.amend_decision(db, CHIEF, first.number or 0, 2024, "annul",
                             "Xác định sai đối tượng vi phạm", [], date(2024, 6, 3))
    detail = establishment_detail(db, operator, est)
    update_establishment(db, operator, est, replace(
        BOOKSHOP, business_kind="publisher", former_commune_name="Phường Sông Hiến"),
        detail.version)
    assert_tally_is_recount(db, operator, 2024)


def test_factories_and_decisions(db: Database, operator: Actor) -> None:
    """The tests' factory (ORM rows in a unit of work), then a decision and its payments."""
    configure_agency(db, operator)
    case_id = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                        "amount": 2_000_000}],
                        establishment=INTERNET_POINT, opened_on=date(2026, 9, 7))
    violation_records.issue_record(db, operator, case_id, date(2026, 9, 7),
                                   details=record_details(date(2026, 9, 7)))
    info = decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 10))
    payments.add_payment(db, CHIEF, info.number or 0, 2026, 2_000_000, date(2027, 1, 5),
                         today=date(2027, 1, 31))
    assert_tally_is_recount(db, operator, 2026, 2027)


def test_demo_bulk_path(db: Database, operator: Actor) -> None:
    """``inspector demo seed random``: Core bulk inserts, no ORM."""
    demo.seed(db, operator, "random", demo.SeedOptions(year=2024, size=80, seed=3))
    assert_tally_is_recount(db, operator, 2024)


def test_caobang_2015_scenario(db: Database, operator: Actor) -> None:
    build_caobang_2015(db, operator)
    assert_tally_is_recount(db, operator, 2015)


def test_bench_bulk_build(db: Database) -> None:
    """bench/tally.py's synthetic data: bulk inserts of every table, no services."""
    spec = importlib.util.spec_from_file_location("bench_tally", ROOT / "bench" / "tally.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_tally", bench)
    spec.loader.exec_module(bench)
    bench.build(db, violations=600, years=2, provinces=1, establishments=300, quiet=True)
    operator = make_actor("admin")
    assert_tally_is_recount(db, operator, 2016, 2017)


def test_plain_sql_changes_of_the_sources(db: Database, operator: Actor) -> None:
    """Writes that bypass the services: the triggers follow every source column."""
    demo.seed(db, operator, "random", demo.SeedOptions(year=2024, size=60, seed=5))
    with UnitOfWork(db, operator) as uow:
        s = uow.session
        some_cases = s.scalars(select(Case).limit(6)).all()
        est = s.scalars(select(Establishment).limit(2)).all()
        visit = s.scalars(select(Visit).limit(1)).one()
        s.execute(update(Case).where(Case.id == some_cases[0].id).values(status="cancelled"))
        s.execute(update(Case).where(Case.id == some_cases[1].id).values(
            opened_on=date(2023, 12, 31), sector="game"))
        s.execute(update(Case).where(Case.id == some_cases[2].id).values(
            establishment_id=est[1].id, visit_id=None))
        s.execute(update(Establishment).where(Establishment.id == est[0].id).values(
            sector="printing", business_kind=None, commune_name="Xã Mới",
            former_district=None, former_commune_name=None))
        s.execute(update(Visit).where(Visit.id == visit.id).values(visit_date=date(2025, 1, 2)))
        s.execute(update(SanctionDecision).where(SanctionDecision.case_id == some_cases[3].id)
                  .values(status="amended"))
        s.execute(update(SanctionDecision).where(SanctionDecision.case_id == some_cases[4].id)
                  .values(issued_on=date(2025, 2, 1), total_amount=1_000_000))
        s.execute(update(Violation).where(Violation.case_id == some_cases[5].id)
                  .values(case_id=some_cases[1].id))
        s.execute(text("DELETE FROM payments WHERE rowid IN (SELECT rowid FROM payments LIMIT 3)"))
        uow.commit()
    assert_tally_is_recount(db, operator, 2024, 2025)


def test_triggers_exist_at_head(db: Database) -> None:
    """A later migration that rebuilds one of these tables (batch_alter_table on SQLite) must
    recreate its triggers; this test names them."""
    spec = importlib.util.spec_from_file_location(
        "m0006", ROOT / "db" / "migrations" / "versions" / "0006_tally_dimensions.py")
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    with db.engine.connect() as conn:
        present = {r[0] for r in conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
    assert {name for name, _body in migration.sqlite_triggers()} <= present


@pytest.mark.parametrize("year", [2015, 2025])
def test_empty_database(db: Database, operator: Actor, year: int) -> None:
    t = compute_tally(db, operator, date(year, 1, 1), date(year, 12, 31))
    assert t.headline == t.previous and t.inspections == () and t.areas == ()
    assert [m.month for m in t.months] == list(range(1, 13))
