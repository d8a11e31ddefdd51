"""The tampering corpus: what a person with a plain SQLite client does to the file, each case
checked by ``db check``. The database is made through the services (users, a decision issued
with its PDF, a payment, a lockout), copied, anchored where it lies (as the app leaves it), then
edited with ``sqlite3`` only. The chain's algorithm is public: the "recompute" cases redo every
hash with plain SHA-256, as an attacker without the installation's key can."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from inspector.services import audit, decisions, payments, violation_records
from inspector.services.actor import Actor
from inspector.services.errors import AuthError
from inspector.services.maintenance import check_database
from inspector.services.users import add_user, authenticate
from inspector.store.engine import open_database
from inspector.store.models import AuditEntry
from tests.conftest import make_actor
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Path:
    path = tmp_path_factory.mktemp("tamper") / "base.sqlite"
    shutil.copyfile(template_db, path)
    db = open_database(str(path))
    op = make_actor("admin", "test-admin")
    add_user(db, op, "an", "Hoàng Văn An", "chief", "Mat-khau-1!")
    add_user(db, op, "lan", "Nông Thị Lan", "clerk", "Mat-khau-2!")
    with pytest.raises(AuthError):
        authenticate(db, "lan", "wrong")
    configure_agency(db, op)
    chief = make_actor("chief")
    for n in range(2):
        case = make_case(db, op, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                   "amount": 2_000_000}],
                         establishment={**INTERNET_POINT, "name": f"Đại lý số {n}"},
                         opened_on=date(2026, 9, 7))
        violation_records.issue_record(db, op, case, date(2026, 9, 7),
                     details=record_details(date(2026, 9, 7)))
        decisions.issue_decision(db, chief, case, date(2026, 9, 10))
    payments.add_payment(db, chief, 1, 2026, 1_000_000, date(2026, 9, 15), "BL-1")
    assert check_database(db, op).ok
    db.dispose()
    return path


def _recompute(conn: sqlite3.Connection) -> None:
    """Redo the chain with the public algorithm (no key) and point the head at its end."""
    prev = audit.GENESIS
    rows = conn.execute("SELECT seq, at, user_login, device, entity, entity_id, action, changes "
                        "FROM audit_log ORDER BY seq").fetchall()
    last = 0
    for new_seq, (seq, at, login, device, entity, entity_id, action, changes) in enumerate(
            rows, start=1):
        when = AuditEntry.__table__.c.at.type.process_result_value(at, None)
        digest = audit.entry_hash(new_seq, when, login, device, entity, entity_id, action,
                                  changes, prev)
        conn.execute("UPDATE audit_log SET seq = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                     (-new_seq, prev, digest, seq))
        prev, last = digest, new_seq
    conn.execute("UPDATE audit_log SET seq = -seq")
    conn.execute("UPDATE audit_head SET last_seq = ?, last_hash = ?", (last, prev))


def _sql(*statements: str, recompute: bool = False) -> Callable[[sqlite3.Connection], None]:
    def run(conn: sqlite3.Connection) -> None:
        for s in statements:
            conn.execute(s)
        if recompute:
            _recompute(conn)
    return run


def _cut_tail(conn: sqlite3.Connection) -> None:
    top = conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    conn.execute("DELETE FROM audit_log WHERE seq > ?", (top - 3,))
    row = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    conn.execute("UPDATE audit_head SET last_seq = ?, last_hash = ?", row)


def _copy_hash(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE "
                 "login = 'an') WHERE login = 'lan'")


def _new_pdf(conn: sqlite3.Connection) -> None:
    pdf = b"%PDF-1.4 forged"
    conn.execute("UPDATE sanction_decisions SET pdf = ?, pdf_sha256 = ? WHERE number = 1",
                 (pdf, hashlib.sha256(pdf).hexdigest()))


def _corrupt_page(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


_DEC1 = "FROM sanction_decisions WHERE number = 1"
CORPUS: dict[str, Callable[[sqlite3.Connection], None]] = {
    # the trail itself
    "wipe audit_log and audit_head": _sql("DELETE FROM audit_log", "DELETE FROM audit_head"),
    "wipe audit_log, head at zero": _sql("DELETE FROM audit_log",
                                         "UPDATE audit_head SET last_seq = 0"),
    "cut the last entries, head moved to match": _cut_tail,
    "edit an entry": _sql("UPDATE audit_log SET user_login = 'x' WHERE seq = 5"),
    "edit an entry and recompute the chain": _sql(
        "UPDATE audit_log SET user_login = 'x' WHERE seq = 5", recompute=True),
    "delete an entry": _sql("DELETE FROM audit_log WHERE seq = 7"),
    "delete an entry and recompute the chain": _sql("DELETE FROM audit_log WHERE seq = 7",
                                                    recompute=True),
    "delete the entries of a payment and recompute": _sql(
        "DELETE FROM audit_log WHERE entity = 'payments'", "DELETE FROM payments",
        recompute=True),
    "forge an entry at the end": _sql(
        "INSERT INTO audit_log SELECT seq + 1, at, user_login, device, entity, entity_id, "
        "action, changes, hash, hash FROM audit_log WHERE seq = (SELECT max(seq) FROM "
        "audit_log)"),
    # A hash that begins with "f" already is changed too (one in sixteen runs was not).
    "edit the head's hash": _sql("UPDATE audit_head SET last_hash = CASE WHEN substr(last_hash, "
                                 "1, 1) = 'f' THEN 'e' ELSE 'f' END || substr(last_hash, 2)"),
    "rewrite the first entry and recompute": _sql(
        "UPDATE audit_log SET device = 'elsewhere' WHERE seq = 1", recompute=True),
    # the legal data
    "decision amount": _sql(f"UPDATE sanction_decisions SET total_amount = 200000 "
                            f"WHERE id = (SELECT id {_DEC1})"),
    "decision signer": _sql("UPDATE sanction_decisions SET signer_name = 'Người Khác' "
                            "WHERE number = 1"),
    "decision number text": _sql("UPDATE sanction_decisions SET number_text = '7/QĐ-XPHC' "
                                 "WHERE number = 1"),
    "decision status": _sql("UPDATE sanction_decisions SET status = 'paid' WHERE number = 2"),
    "decision snapshot": _sql("UPDATE sanction_decisions SET snapshot = json_set(snapshot, "
                              "'$.forged', 1) WHERE number = 1"),
    "decision PDF and its SHA-256": _new_pdf,
    "decision deleted, its number still used": _sql(
        "PRAGMA foreign_keys = OFF", "DELETE FROM payments WHERE decision_id IN (SELECT id "
        f"{_DEC1})", "DELETE FROM sanction_decisions WHERE number = 1"),
    "number pointed at another document": _sql(
        "UPDATE document_numbers SET document_id = (SELECT id FROM sanction_decisions WHERE "
        "number = 2) WHERE kind = 'QĐ-XPHC' AND number = 1"),
    "number freed for reuse": _sql("DELETE FROM document_numbers WHERE number = 2 AND "
                                   "kind = 'QĐ-XPHC'"),
    "record number edited": _sql("UPDATE violation_records SET number = 9 WHERE number = 1"),
    "payment inserted": _sql(
        "CREATE TEMP TABLE p AS SELECT * FROM payments",
        "UPDATE p SET id = lower(hex(randomblob(16))), receipt_number = 'BL-2'",
        "INSERT INTO payments SELECT * FROM p"),
    "payment deleted": _sql("DELETE FROM payments"),
    "payment amount": _sql("UPDATE payments SET amount = 2000000"),
    "violation amount": _sql("UPDATE violations SET amount = 500000 WHERE rowid = "
                             "(SELECT min(rowid) FROM violations)"),
    "case status": _sql("UPDATE cases SET status = 'cancelled' WHERE rowid = "
                        "(SELECT min(rowid) FROM cases)"),
    "establishment owner": _sql("UPDATE establishments SET owner_name = 'Người Khác'"),
    "treasury account": _sql("UPDATE agency_settings SET treasury_account = '0000.1'"),
    "role raised from clerk to chief": _sql("UPDATE users SET role = 'chief' WHERE login = 'lan'"),
    "password hash copied onto another user": _copy_hash,
    "lockout counters cleared": _sql("UPDATE users SET failed_attempts = 0 WHERE login = 'lan'"),
    "an administrator inserted": _sql(
        "INSERT INTO users (id, login, full_name, role, password_hash, active, failed_attempts, "
        "created_at, updated_at, version) SELECT lower(hex(randomblob(16))), 'ghost', 'Ghost', "
        "'admin', password_hash, 1, 0, created_at, updated_at, 1 FROM users WHERE login = 'an'"),
    "tally trigger dropped": _sql("DROP TRIGGER tally_payments_insert"),
    "register's unique key dropped (table rebuilt)": _sql(
        "PRAGMA foreign_keys = OFF", "ALTER TABLE document_numbers RENAME TO old_numbers",
        "CREATE TABLE document_numbers AS SELECT * FROM old_numbers", "DROP TABLE old_numbers"),
}


def _anchored_copy(base: Path, target: Path) -> None:
    shutil.copyfile(base, target)
    db = open_database(str(target), upgrade=False)
    try:
        with db.engine.connect() as conn:
            audit.reset_anchor(conn)  # as the app leaves it after its last commit here
    finally:
        db.dispose()


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_tampering_is_detected(name: str, base: Path, tmp_path: Path, operator: Actor) -> None:
    target = tmp_path / "edited.sqlite"
    _anchored_copy(base, target)
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        conn.execute("BEGIN")
        CORPUS[name](conn)
        conn.execute("COMMIT")
    finally:
        conn.close()
    db = open_database(str(target), upgrade=False)
    try:
        report = check_database(db, operator)
    finally:
        db.dispose()
    failed = [r.name for r in report.results if not r.ok]
    assert failed, f"{name}: not detected"
    for result in report.results:  # what the Cài đặt page shows is Vietnamese only
        for english in ("entry", "anchor", "the ", " rows", "missing"):
            assert english not in result.detail_vi, (name, result.detail_vi)


def test_untouched_copy_passes(base: Path, tmp_path: Path, operator: Actor) -> None:
    target = tmp_path / "same.sqlite"
    _anchored_copy(base, target)
    db = open_database(str(target), upgrade=False)
    try:
        assert check_database(db, operator).ok
    finally:
        db.dispose()


def test_corpus_size() -> None:
    assert len(CORPUS) >= 32
    assert datetime  # imported for the reader of _recompute's types


def test_the_anchor_follows_the_apps_commits(db: object, db_path: Path,
                                             operator: Actor) -> None:
    """No reset here: the anchor the services wrote after their last commit catches a cut."""
    from inspector.services import establishments as est

    est.add_establishment(db, operator, est.EstablishmentInput(  # type: ignore[arg-type]
        sector="internet", name="Đại lý Cuối", owner_kind="organization"))
    assert check_database(db, operator).ok  # type: ignore[arg-type]
    conn = sqlite3.connect(db_path)
    _cut_tail(conn)
    conn.commit()
    conn.close()
    report = check_database(db, operator)  # type: ignore[arg-type]
    assert not {r.name: r.ok for r in report.results}["audit_chain"]
