"""The same code on a real PostgreSQL server: migrations, reference data, the audit chain,
search and order, issuing decisions, the 2015 scenario's tally.

Runs when ``INSPECTOR_TEST_PG`` names a fresh database (``scripts/test`` starts a local server
and sets it in CI); skipped otherwise.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date

import pytest

from inspector.services import decisions, payments, violation_records
from inspector.services import establishments as est
from inspector.services.actor import Actor
from inspector.services.maintenance import check_database
from inspector.services.setup import prepare_database
from inspector.store import migrate
from inspector.store.engine import Database
from tests.conftest import make_actor
from tests.pg import URL, fresh_database_url

pytestmark = pytest.mark.skipif(not URL, reason="INSPECTOR_TEST_PG is not set")


@pytest.fixture(scope="module")
def pg() -> Iterator[Database]:
    """A fresh database of this test process on the server (xdist workers get one each)."""
    db = prepare_database(fresh_database_url(""))
    yield db
    db.dispose()


def test_migrations_and_reference_data(pg: Database, operator: Actor) -> None:
    """The schema reaches head on PostgreSQL and the reference data is loaded."""
    from inspector.services.law import law_data

    with pg.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.SCHEMA_HEAD
    assert len(law_data(pg).catalog.provisions) > 100
    assert pg.engine.dialect.name == "postgresql"


def test_search_and_vietnamese_order(pg: Database, operator: Actor) -> None:
    """Accent-insensitive search and Vietnamese alphabetical order on PostgreSQL."""
    for name in ("Nhà sách Đông Á", "Nhà sách Dương Liễu", "Nhà sách Ánh Dương", "Nhà sách An"):
        est.add_establishment(pg, operator, est.EstablishmentInput(
            sector="distribution", name=name, owner_kind="organization"))
    found = est.search_establishments(pg, operator, "nha sach", "distribution")
    names = [r.name for r in found if r.name.startswith("Nhà sách")]
    assert names == ["Nhà sách An", "Nhà sách Ánh Dương", "Nhà sách Dương Liễu",
                     "Nhà sách Đông Á"]
    assert [r.name for r in est.search_establishments(pg, operator, "dong a")] == [
        "Nhà sách Đông Á"]


def test_concurrent_writers_keep_one_audit_chain(pg: Database, operator: Actor) -> None:
    """Two threads writing at once leave one unbroken chain (the head row lock serialises)."""
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(10):
                est.add_establishment(pg, operator, est.EstablishmentInput(
                    sector="internet", name=f"Đại lý Internet {n}-{i}", owner_kind="organization"))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    results = {r.name: r.ok for r in check_database(pg, operator).results}
    assert results["audit_chain"] and results["schema"]


def test_issue_decisions_in_sequence(pg: Database, operator: Actor) -> None:
    """Records and decisions get consecutive numbers; a payment settles the fine."""
    from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details

    configure_agency(pg, operator)
    chief = make_actor("chief")
    numbers = []
    for n in range(2):
        case = make_case(pg, operator, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                         "amount": 2_000_000}],
                         establishment={**INTERNET_POINT, "name": f"Đại lý số {n}"},
                         opened_on=date(2026, 9, 7))
        violation_records.issue_record(pg, operator, case, date(2026, 9, 7),
                                       details=record_details(date(2026, 9, 7)))
        numbers.append(decisions.issue_decision(pg, chief, case, date(2026, 9, 10)).number)
    assert numbers == [1, 2]
    paid = payments.add_payment(pg, chief, 1, 2026, 2_000_000, date(2026, 9, 15), "BL-1")
    assert paid.status == "paid"


def test_caobang_2015_tally(operator: Actor) -> None:
    """The seed's 2015 figures come out of PostgreSQL as out of SQLite, in a database of their
    own: one set up for the 2026 agency (the Sở Khoa học và Công nghệ) is refused before
    anything is written, the scenario being the Sở Thông tin và Truyền thông's work."""
    from sqlalchemy import func, select

    from inspector.services.errors import ValidationError
    from inspector.services.scenarios.caobang2015 import build_caobang_2015
    from inspector.services.tallies import compute_tally
    from inspector.store.models import Inspection
    from tests.factories import configure_agency

    later = prepare_database(fresh_database_url("2026"))
    try:
        configure_agency(later, operator)
        with pytest.raises(ValidationError) as refused:
            build_caobang_2015(later, operator)
        assert "cơ sở dữ liệu mới" in refused.value.vi
        with later.sessions() as s:
            assert s.scalar(select(func.count()).select_from(Inspection)) == 0
    finally:
        later.dispose()
    own = prepare_database(fresh_database_url("2015"))
    try:
        build_caobang_2015(own, operator)
        tally = compute_tally(own, operator, date(2015, 1, 1), date(2015, 12, 31))
    finally:
        own.dispose()
    assert (tally.headline.inspections, tally.headline.checks) == (5, 2)
    assert tally.headline.fines_imposed == 2_000_000 + 42_000_000 + 15_500_000
