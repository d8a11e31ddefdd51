"""Demo data: real communes, valid identities, violations valid under the law of their dates."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select

from inspector.domain.places import commune_by_code
from inspector.services import demo
from inspector.services.actor import Actor
from inspector.services.audit import verify_chain
from inspector.services.cases import ViolationRow, assess_violation, case_summary
from inspector.services.errors import PermissionDenied, ValidationError
from inspector.services.establishments import (
    EstablishmentInput,
    validate_establishment,
)
from inspector.store.engine import Database
from inspector.store.models import Case, Establishment, SeizedItem, Visit
from tests.conftest import make_actor


def _violations(db: Database, actor: Actor) -> list[tuple[ViolationRow, str]]:
    with db.sessions() as s:
        case_ids = list(s.scalars(select(Case.id)))
    out = []
    for case_id in case_ids:
        summary = case_summary(db, actor, case_id)
        out += [(v, summary.subject_kind) for v in summary.violations]
    return out


@pytest.mark.parametrize("year", [2015, 2024, 2026])
def test_random_scenario_is_valid_under_the_catalog_of_its_year(
        db: Database, operator: Actor, year: int) -> None:
    """Every violation passes the engine for its reference date (159/2013 and 174/2013 in 2015,
    119/2020 and 15/2020 in 2024, 174/2026 from 01/7/2026); every establishment validates."""
    report = demo.seed(db, operator, "random", demo.SeedOptions(year=year, size=60, seed=2))
    assert report.counts["establishments"] == 60 and report.counts["violations"] == 180
    instruments: Counter[str] = Counter()
    for row, subject in _violations(db, operator):
        assessed = assess_violation(db, operator, subject, row.to_input())
        assert assessed.ok, (row.provision_key, [p.message for p in assessed.problems])
        assert assessed.key == row.provision_key
        instruments[row.provision_key.split(":")[0]] += 1
    expected = {2015: {"159/2013/NĐ-CP", "174/2013/NĐ-CP"}, 2024: {"119/2020/NĐ-CP",
                                                                  "15/2020/NĐ-CP"}}
    if year in expected:
        assert set(instruments) == expected[year]
    with db.sessions() as s:
        for e in s.scalars(select(Establishment)):
            data = EstablishmentInput(**{k: getattr(e, k)
                                         for k in EstablishmentInput.__dataclass_fields__})
            assert not [p for p in validate_establishment(data) if p.blocking], e.name
            assert commune_by_code(e.commune_code or "") is not None and e.former_district
        assert verify_chain(s.connection()).ok


def test_bookshops_have_seized_books_with_titles(db: Database, operator: Actor) -> None:
    """Confiscated books are seized items per title, linked to their violation."""
    demo.seed(db, operator, "random", demo.SeedOptions(year=2024, size=150, seed=4))
    with db.sessions() as s:
        items = list(s.scalars(select(SeizedItem)))
        assert items and all(i.unit == "cuốn" and i.violation_id for i in items)
        assert all(sum(t["copies"] for t in i.titles) == i.quantity for i in items)
        outcomes = Counter(s.scalars(select(Visit.outcome)))
        assert outcomes["violations"] and outcomes["compliant"]
        assert s.scalar(select(func.count()).select_from(Case)) == outcomes["violations"]


def test_registry_refuses_unknown_scenarios_and_clerks(db: Database) -> None:
    """Scenarios are looked up by name; seeding is field work."""
    assert "random" in demo.scenario_names()
    with pytest.raises(ValidationError) as err:
        demo.seed(db, make_actor("admin"), "caobang-1999", demo.SeedOptions(year=2024))
    assert "invalid choice" in err.value.en
    with pytest.raises(PermissionDenied):
        demo.seed(db, make_actor("clerk"), "random", demo.SeedOptions(year=2024))
    with pytest.raises(ValidationError):
        demo.seed(db, make_actor("admin"), "random", demo.SeedOptions(year=date.today().year + 1))


def test_a_second_seed_goes_over_demo_data_but_not_over_real_work(
        db: Database, operator: Actor) -> None:
    """Issue 12 §3: demo data goes into a new database or one that holds only demo data; real
    work (one establishment typed by a user) stops it unless an administrator says so."""
    from inspector.services.establishments import EstablishmentInput, add_establishment

    demo.seed(db, operator, "random", demo.SeedOptions(year=2024, size=20, seed=1))
    assert demo.real_work_held(db) == 0
    demo.seed(db, operator, "random", demo.SeedOptions(year=2025, size=20, seed=2))
    add_establishment(db, operator, EstablishmentInput(
        sector="distribution", business_kind="distributor", name="Nhà sách Hoa Mai",
        owner_kind="individual", owner_name="Nông Thị Hoa", address_line="Số 12 phố Kim Đồng",
        commune_code="01273", province_name="Cao Bằng"))
    assert demo.real_work_held(db) == 1
    with pytest.raises(ValidationError) as refused:
        demo.seed(db, operator, "random", demo.SeedOptions(year=2026, size=20, seed=3))
    assert "1 bản ghi công việc thật" in refused.value.vi
    with pytest.raises(PermissionDenied):
        demo.seed(db, make_actor("inspector"), "random",
                  demo.SeedOptions(year=2026, size=20, seed=3), into_existing=True)
    demo.seed(db, operator, "random", demo.SeedOptions(year=2026, size=20, seed=3),
              into_existing=True)


@pytest.mark.parametrize("year", [2016, 2026])
def test_identity_cards_predate_the_years_work(db: Database, operator: Actor, year: int) -> None:
    """A record of April cites the card the registry holds: it was issued before the year's
    visits (a 2026 record printed a card issued a month after it)."""
    demo.seed(db, operator, "random", demo.SeedOptions(year=year, size=40, seed=7))
    with db.sessions() as s:
        issued = [d for d in s.scalars(select(Establishment.owner_id_issued_on)) if d]
        first_visit = s.scalar(select(func.min(Visit.visit_date)))
    assert issued and first_visit is not None
    assert max(issued) < first_visit


def test_every_violation_of_a_point_listing_several_acts_names_the_one_committed(
        db: Database, operator: Actor) -> None:
    """The act, not the whole clause: a demo violation of a point that lists several acts has
    the committed one chosen (a 2026 record printed "b) Phát hiện khi kiểm tra…" and no act)."""
    from inspector.services.law import law_data
    from inspector.store.models import Violation

    demo.seed(db, operator, "random", demo.SeedOptions(year=2026, size=60, seed=2))
    catalog = law_data(db).catalog
    with db.sessions() as s:
        rows = s.execute(select(Violation.provision_key, Violation.alternative)).all()
    several = [(k, a) for k, a in rows if catalog.provision(k).alternatives]
    assert several
    for key, alternative in several:
        assert alternative is not None and 0 <= alternative < len(
            catalog.provision(key).alternatives), key


def test_the_2015_scenario_refuses_a_database_of_another_agency(db: Database,
                                                                operator: Actor) -> None:
    """The 2015 year is the Sở Thông tin và Truyền thông's: in a database set up for the Sở
    Khoa học và Công nghệ it is refused before anything is written (it used to fail half-way,
    its field work committed and its decisions refused)."""
    from inspector.services.scenarios.caobang2015 import build_caobang_2015
    from tests.factories import configure_agency

    configure_agency(db, operator)
    with pytest.raises(ValidationError) as refused:
        build_caobang_2015(db, operator)
    assert "Sở Thông tin và Truyền thông" in refused.value.vi
    assert "cơ sở dữ liệu mới" in refused.value.vi
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Visit)) == 0
        assert s.scalar(select(func.count()).select_from(Establishment)) == 0
