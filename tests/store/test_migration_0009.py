"""Migration 0009: a database where a correction had made the original's fine uncollectable
(status ``amended``; its payment dropped from the tally) is repaired on upgrade; the triggers
follow the one in-force predicate; repeated receipts stay visible instead of failing."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from inspector.domain.states import in_force_sql
from inspector.services import amendments, decisions, payments, violation_records
from inspector.services.actor import local_operator
from inspector.services.setup import prepare_database
from inspector.store import migrate
from tests.conftest import make_actor
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details

CHIEF = make_actor("chief", "chanh.tt")


def _at(path: Path, revision: str, down: bool) -> None:
    from alembic import command

    from inspector.store.engine import make_engine

    engine = make_engine("sqlite:///" + str(path))
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")  # outside any transaction, as migrate does
        with conn.begin():
            (command.downgrade if down else command.upgrade)(
                migrate._alembic_config(conn), revision)
    engine.dispose()


def test_upgrade_restores_a_corrected_original_and_its_payments(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    db = prepare_database(str(path))
    op = local_operator()
    configure_agency(db, op)
    case_id = make_case(db, op, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                  "amount": 2_000_000}], establishment=INTERNET_POINT,
                        opened_on=date(2026, 9, 7))
    violation_records.issue_record(db, op, case_id, date(2026, 9, 7),
                     details=record_details(date(2026, 9, 7)))
    decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 10))
    payments.add_payment(db, CHIEF, 1, 2026, 500_000, date(2026, 9, 11), "BL-1",
                         today=date(2026, 12, 2))
    amendments.amend_decision(db, CHIEF, 1, 2026, "correct", "Ghi nhầm", ["x"],
                              date(2026, 9, 12))
    db.dispose()
    _at(path, "0006", down=True)
    with sqlite3.connect(path) as conn:  # what the old version left behind
        conn.execute("UPDATE sanction_decisions SET status = 'amended' WHERE number = 1")
        conn.execute("INSERT INTO payments (id, decision_id, paid_on, amount, receipt_number, "
                     "version, created_at, updated_at) SELECT 'dup', decision_id, '2026-09-12', "
                     "100000, 'BL-1', version, created_at, updated_at FROM payments")
        assert conn.execute("SELECT decision_in_force FROM payments").fetchall() == [(0,), (0,)]
    _at(path, "head", down=False)
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT status FROM sanction_decisions WHERE number = 1"
                            ).fetchone() == ("partly_paid",)
        assert conn.execute("SELECT decision_in_force FROM payments").fetchall() == [(1,), (1,)]
        # the repeated receipt keeps its row, without the year that would make it collide
        assert sorted(conn.execute("SELECT paid_on, receipt_year FROM payments")) == [
            ("2026-09-11", 2026), ("2026-09-12", None)]
        triggers = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
        for name in ("tally_payments_insert", "tally_payments_source",
                     "tally_sanction_decisions_update"):
            assert in_force_sql("d.") in triggers[name], name
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
            migrate.SCHEMA_HEAD,)
