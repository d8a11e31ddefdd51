"""The audit-cover check's fast path (one tuple comparison per row) says exactly what the
careful path (every value through its column type, field by field) says: on a clean database,
and after edits made with a plain SQLite client, including values the careful path itself must
accept (a UUID stored in capitals) and values no column type can read (an id that is no UUID)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection

from inspector.services import audit_cover, decisions, violation_records
from inspector.services.establishments import EstablishmentInput, bulk_add_establishments
from inspector.services.users import add_user
from inspector.store.engine import open_database
from tests.conftest import make_actor
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Path:
    path = tmp_path_factory.mktemp("cover") / "base.sqlite"
    shutil.copyfile(template_db, path)
    db = open_database(str(path))
    op = make_actor("admin", "test-admin")
    add_user(db, op, "an", "Hoàng Văn An", "chief", "Mat-khau-1!")
    add_user(db, op, "lan", "Nông Thị Lan", "clerk", "Mat-khau-2!")
    configure_agency(db, op)
    bulk_add_establishments(db, op, [EstablishmentInput(
        sector="internet", name=f"Đại lý Internet {i}", owner_kind="household",
        owner_name="Hoàng Văn An", address_line=f"Số {i}", commune_name="Xã Hòa An",
        province_name="Cao Bằng", phone=None if i % 2 else "0912345678") for i in range(40)])
    case = make_case(db, op, [{"provision_key": "174/2026/NĐ-CP:36.2.a", "amount": 2_000_000}],
                     establishment=INTERNET_POINT, opened_on=date(2026, 9, 7))
    violation_records.issue_record(db, op, case, date(2026, 9, 7),
                                   details=record_details(date(2026, 9, 7)))
    decisions.issue_decision(db, make_actor("chief"), case, date(2026, 9, 10))
    db.dispose()
    return path


def _careful(conn: Connection, limit: int = 20) -> audit_cover.CoverReport:
    """verify_cover with the fast path switched off: every row judged field by field."""
    original = audit_cover._unsettled

    def every_row(conn: Connection, model: Any, expected: dict[str, Any],
                  seen: list[int]) -> list[Any]:
        original(conn, model, {}, seen)  # counts the rows
        return [r[0] for r in conn.exec_driver_sql(
            f'SELECT id FROM "{model.__tablename__}"')]

    audit_cover._unsettled = every_row  # type: ignore[assignment]
    try:
        return audit_cover.verify_cover(conn, limit)
    finally:
        audit_cover._unsettled = original  # type: ignore[assignment]


def _sql(*statements: str) -> Callable[[sqlite3.Connection], None]:
    def run(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)
    return run


EDITS: dict[str, tuple[Callable[[sqlite3.Connection], None], bool]] = {
    # name: (edit, detected)
    "untouched": (_sql(), False),
    "bulk_row_name": (_sql("UPDATE establishments SET name = 'Đại lý khác' "
                           "WHERE name = 'Đại lý Internet 7'"), True),
    "bulk_row_phone_cleared": (_sql("UPDATE establishments SET phone = NULL "
                                    "WHERE name = 'Đại lý Internet 4'"), True),
    "bulk_row_phone_emptied": (_sql("UPDATE establishments SET phone = '' "
                                    "WHERE name = 'Đại lý Internet 6'"), True),
    "bulk_row_deleted": (_sql("DELETE FROM establishments WHERE name = 'Đại lý Internet 9'"),
                         True),
    "row_inserted": (_sql("CREATE TEMP TABLE t AS SELECT * FROM establishments "
                          "WHERE name = 'Đại lý Internet 3'",
                          "UPDATE t SET id = lower(hex(randomblob(16)))",
                          "INSERT INTO establishments SELECT * FROM t"), True),
    "uuid_in_capitals": (_sql("UPDATE cases SET establishment_id = upper(establishment_id)"),
                         False),
    "id_not_a_uuid": (_sql("UPDATE establishments SET id = 'not-a-uuid' "
                           "WHERE name = 'Đại lý Internet 5'"), True),
    "amount": (_sql("UPDATE sanction_decisions SET total_amount = total_amount + 1"), True),
    "signed_at_moved": (_sql("UPDATE violation_records SET made_at = "
                             "'2026-09-07 01:02:03.000000'"), True),
    "snapshot_edited": (_sql("UPDATE sanction_decisions SET snapshot = "
                             "json_set(snapshot, '$.x', 1)"), True),
    "pdf_replaced": (_sql("UPDATE sanction_decisions SET pdf = x'255044462d'"), True),
    "password_copied": (_sql("UPDATE users SET password_hash = (SELECT password_hash FROM "
                             "users WHERE login = 'lan') WHERE login <> 'lan'"), True),
    "boolean_flipped": (_sql("UPDATE users SET active = 1 - active"), True),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_fast_path_agrees_with_the_careful_one(name: str, base: Path, tmp_path: Path) -> None:
    path = tmp_path / "copy.sqlite"
    shutil.copyfile(base, path)
    edit, detected = EDITS[name]
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA foreign_keys = OFF")
    edit(raw)
    raw.commit()
    raw.close()
    db = open_database(str(path))
    try:
        with db.engine.connect() as conn:
            fast = audit_cover.verify_cover(conn, limit=1000)
            careful = _careful(conn, limit=1000)
    finally:
        db.dispose()
    assert fast.rows == careful.rows > 40
    assert sorted(fast.problems) == sorted(careful.problems)
    assert fast.ok is not detected, fast.problems
