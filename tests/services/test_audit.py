"""The audit trail: every change recorded with old and new values, chained by hashes."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

from sqlalchemy import select

from inspector.services.actor import Actor
from inspector.services.agency import AgencyInfo, get_agency, save_agency
from inspector.services.establishments import EstablishmentInput, add_establishment
from inspector.services.history import record_history
from inspector.services.maintenance import check_database
from inspector.store.engine import Database, open_database
from inspector.store.models import AuditEntry

SHOP = EstablishmentInput(sector="distribution", name="Nhà sách Bình Minh", owner_kind="household",
                          owner_name="Nông Thị Hoa", commune_name="Phường Thục Phán",
                          province_name="Cao Bằng")


def _check(db: Database, operator: Actor) -> dict[str, bool]:
    return {r.name: r.ok for r in check_database(db, operator).results}


def test_create_and_update_are_audited_with_old_and_new(db: Database, operator: Actor) -> None:
    """Saving settings twice leaves a create and an update entry with old and new values."""
    save_agency(db, operator, AgencyInfo(agency_name="Sở Thông tin và Truyền thông",
                                         place_name="Cao Bằng"))
    info = get_agency(db, operator)
    save_agency(db, operator, AgencyInfo(**{**info.__dict__, "place_name": "TP Cao Bằng"}))
    assert info.id is not None
    items = record_history(db, operator, info.id)
    assert [i.action for i in items] == ["create", "update"]
    assert items[1].changes["place_name"] == {"old": "Cao Bằng", "new": "TP Cao Bằng"}
    assert items[0].user_login == operator.login and items[0].device


def test_fresh_chain_checks_clean(db: Database, operator: Actor) -> None:
    """A database changed only through services passes every check."""
    add_establishment(db, operator, SHOP)
    assert all(_check(db, operator).values())


def test_edited_entry_is_detected(db_path: Path, operator: Actor) -> None:
    """An audit row edited with the sqlite3 module breaks the chain."""
    db = open_database(str(db_path))
    add_establishment(db, operator, SHOP)
    add_establishment(db, operator, SHOP)
    db.dispose()
    conn = sqlite3.connect(db_path)
    cur = conn.execute("UPDATE audit_log SET changes = replace(changes, 'Hoa', 'Hòa') "
                       "WHERE entity = 'establishments'")
    assert cur.rowcount == 2
    conn.commit()
    conn.close()
    db = open_database(str(db_path))
    try:
        assert _check(db, operator)["audit_chain"] is False
    finally:
        db.dispose()


def test_removed_entries_are_detected(db_path: Path, operator: Actor) -> None:
    """Deleting the middle or the last entry is detected (sequence gap or head mismatch)."""
    db = open_database(str(db_path))
    for _ in range(3):
        add_establishment(db, operator, SHOP)
    db.dispose()
    for where in ("seq = (SELECT min(seq) FROM audit_log WHERE entity = 'establishments')",
                  "seq = (SELECT max(seq) FROM audit_log)"):
        copy = db_path.with_name(f"copy-{len(where)}.sqlite")
        assert not copy.exists()
        copy.write_bytes(db_path.read_bytes())
        conn = sqlite3.connect(copy)
        conn.execute(f"DELETE FROM audit_log WHERE {where}")
        conn.commit()
        conn.close()
        other = open_database(str(copy))
        try:
            assert _check(other, operator)["audit_chain"] is False, where
        finally:
            other.dispose()


def test_concurrent_writers_keep_one_chain(db: Database, operator: Actor) -> None:
    """Two threads adding records at once still leave a single unbroken chain."""
    errors: list[BaseException] = []
    with db.sessions() as s:
        before = len(s.scalars(select(AuditEntry.seq)).all())

    def work() -> None:
        try:
            for _ in range(15):
                add_establishment(db, operator, SHOP)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert _check(db, operator)["audit_chain"] is True
    with db.sessions() as s:
        assert len(s.scalars(select(AuditEntry.seq)).all()) == before + 30


def test_changes_are_json_with_vietnamese_intact(db: Database, operator: Actor) -> None:
    """Changed values are stored as JSON with diacritics as typed."""
    new_id = add_establishment(db, operator, SHOP)
    with db.sessions() as s:
        raw = s.scalar(select(AuditEntry.changes).where(AuditEntry.entity_id == str(new_id)))
    assert raw is not None
    assert json.loads(raw)["owner_name"] == "Nông Thị Hoa"
