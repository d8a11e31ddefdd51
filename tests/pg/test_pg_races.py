"""Two processes issuing 10 decisions each at once on the real PostgreSQL server: 20 decisions,
contiguous numbers, no failure (the register's advisory lock serialises the issuers)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from inspector.services.actor import Actor
from inspector.services.maintenance import check_database
from inspector.services.setup import prepare_database
from inspector.store.engine import Database
from tests.concurrency.test_races import issue_round
from tests.factories import configure_agency
from tests.pg import URL, fresh_database_url

pytestmark = pytest.mark.skipif(not URL, reason="INSPECTOR_TEST_PG is not set")


@pytest.fixture(scope="module")
def pg_race() -> Iterator[Database]:
    db = prepare_database(fresh_database_url("_race"))
    yield db
    db.dispose()


def test_two_processes_issue_twenty_decisions(pg_race: Database, operator: Actor) -> None:
    configure_agency(pg_race, operator)
    assert issue_round(pg_race, operator, 10) == list(range(1, 21))
    assert check_database(pg_race, operator).ok


def test_pg_dump_backup_and_checked_restore(pg_race: Database, operator: Actor,
                                            tmp_path: object) -> None:
    """pg_dump → more work → pg_restore: the work after the backup is gone, db check passes,
    and a restore is refused while another connection uses the database."""
    from pathlib import Path

    from sqlalchemy import create_engine, text

    from inspector.services import backups
    from inspector.services import establishments as est
    from inspector.store.errors import StoreError

    target = backups.backup_postgres(pg_race.url, operator, Path(str(tmp_path)) / "pg.dump")
    est.add_establishment(pg_race, operator, est.EstablishmentInput(
        sector="internet", name="Đại lý Sau Sao Lưu", owner_kind="organization"))
    with pg_race.engine.connect(), pytest.raises(StoreError, match="other connections"):
        backups.restore_backup(pg_race.url, operator, target)
    pg_race.dispose()
    report = backups.restore_backup(pg_race.url, operator, target)
    assert report.check_ok, report.check_lines
    engine = create_engine(pg_race.url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM establishments WHERE name = "
                                     "'Đại lý Sau Sao Lưu'")).scalar_one() == 0
    finally:
        engine.dispose()


def test_a_server_needs_a_login(pg_race: Database) -> None:
    """On PostgreSQL no command acts as the file's operator: every one needs --as."""
    from tests.cli.test_cli_foundation import one_line_error, run

    refused = run("--db", pg_race.url, "user", "list")
    assert "--as LOGIN" in one_line_error(refused) and refused.returncode == 2
