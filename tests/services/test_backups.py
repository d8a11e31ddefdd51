"""Backups and restore on real SQLite files: the stale-WAL case, another computer, rotation,
refusals that leave the database untouched."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from inspector.services import attachments as att
from inspector.services import backups
from inspector.services import establishments as est
from inspector.services.actor import Actor
from inspector.services.errors import ValidationError
from inspector.services.maintenance import backup_database, check_database
from inspector.store.engine import Database, open_database
from inspector.store.errors import StoreError
from tests.conftest import ROOT

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
       b"\x00\x00\x00IEND\xaeB`\x82")


def _add(db: Database, actor: Actor, name: str) -> est.EstablishmentInput:
    item = est.EstablishmentInput(sector="internet", name=name, owner_kind="organization")
    est.add_establishment(db, actor, item)
    return item


def _names(path: Path) -> set[str]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM establishments")}
    finally:
        conn.close()


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def test_restore_brings_back_the_backup_and_keeps_the_current_state(
        db: Database, db_path: Path, operator: Actor, tmp_path: Path) -> None:
    """Backup, more work, restore: the work after the backup is gone from the database but kept
    in the 'before restore' copy; db check passes on the result."""
    _add(db, operator, "Đại lý Trước")
    target = backup_database(db, operator, tmp_path / "b" / "x.sqlite") if (
        (tmp_path / "b").mkdir() is None) else None
    assert target is not None and backups.manifest_path(target).is_file()
    _add(db, operator, "Đại lý Sau")
    report = backups.restore_backup(db.url, operator, target, current=db)
    assert report.check_ok, report.check_lines
    assert "Đại lý Trước" in _names(db_path) and "Đại lý Sau" not in _names(db_path)
    assert report.previous is not None and "Đại lý Sau" in _names(report.previous)
    again = open_database(str(db_path))
    try:
        assert check_database(again, operator).ok
        _add(again, operator, "Đại lý Tiếp")  # the restored file is writable and chained on
        assert check_database(again, operator).ok
    finally:
        again.dispose()


_CRASHER = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, {root!r})
    from inspector.services import establishments as est
    from inspector.services.actor import local_operator
    from inspector.store.engine import open_database
    db = open_database({path!r})
    with db.engine.connect() as c:
        c.exec_driver_sql("PRAGMA wal_autocheckpoint = 0")
    for i in range(30):
        est.add_establishment(db, local_operator(), est.EstablishmentInput(
            sector="internet", name=f"Sau sự cố {{i}}", owner_kind="organization"))
    os._exit(0)  # a crash: no checkpoint, the committed work is only in the -wal
""")


def test_restore_over_a_stale_wal(db: Database, db_path: Path, operator: Actor,
                                  tmp_path: Path) -> None:
    """The dangerous manual case: a process died leaving committed work in the -wal beside the
    file. The restore neither replays it onto the backup nor corrupts the file, and the work
    that was only in the WAL is kept in the 'before restore' copy."""
    _add(db, operator, "Đại lý Gốc")
    (tmp_path / "b").mkdir()
    target = backup_database(db, operator, tmp_path / "b" / "x.sqlite")
    db.dispose()
    subprocess.run([sys.executable, "-c", _CRASHER.format(root=str(ROOT), path=str(db_path))],
                   check=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    # What copying by hand does: the WAL replays the later work onto the "restored" file.
    manual = tmp_path / "manual"
    manual.mkdir()
    shutil.copyfile(target, manual / "m.sqlite")
    shutil.copyfile(wal, manual / "m.sqlite-wal")
    report = backups.restore_backup(_url(db_path), operator, target)
    assert report.check_ok, report.check_lines
    names = _names(db_path)
    assert "Đại lý Gốc" in names and not any(n.startswith("Sau sự cố") for n in names)
    assert not wal.exists() or wal.stat().st_size == 0
    assert report.previous is not None
    assert sum(n.startswith("Sau sự cố") for n in _names(report.previous)) == 30
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()


def test_restore_refused_while_another_process_uses_the_database(
        db: Database, db_path: Path, operator: Actor, tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    target = backup_database(db, operator, tmp_path / "b" / "x.sqlite")
    _add(db, operator, "Đại lý Sau")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.path.insert(0, sys.argv[1]);"
         "from inspector.store.engine import open_database; d = open_database(sys.argv[2]);"
         "print('open', flush=True); sys.stdin.read()", str(ROOT), str(db_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        before = db_path.read_bytes()
        with pytest.raises(StoreError, match="another process"):
            backups.restore_backup(db.url, operator, target, current=db)
        assert db_path.read_bytes() == before
    finally:
        holder.communicate("", timeout=30)
    assert "Đại lý Sau" in _names(db_path)


def test_damaged_or_tampered_backup_is_refused_untouched(
        db: Database, db_path: Path, operator: Actor, tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    _add(db, operator, "Đại lý A")
    target = backup_database(db, operator, tmp_path / "b" / "x.sqlite")
    before = db_path.read_bytes()
    cut = tmp_path / "cut.sqlite"
    cut.write_bytes(target.read_bytes()[:4096 * 3])
    with pytest.raises(ValidationError):
        backups.restore_backup(db.url, operator, cut, current=db)
    edited = tmp_path / "edited.sqlite"
    shutil.copyfile(target, edited)
    conn = sqlite3.connect(edited)
    conn.execute("UPDATE audit_log SET user_login = 'someone' WHERE seq = "
                 "(SELECT max(seq) FROM audit_log)")
    conn.commit()
    conn.close()
    with pytest.raises(ValidationError, match="audit chain"):
        backups.restore_backup(db.url, operator, edited, current=db)
    foreign = tmp_path / "foreign.sqlite"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(ValidationError, match="not an Inspector backup"):
        backups.restore_backup(db.url, operator, foreign, current=db)
    assert db_path.read_bytes() == before


def test_backup_restored_on_another_computer(db: Database, operator: Actor, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Another home (data, evidence, secrets), another folder: db check passes and the evidence
    is there, byte for byte."""
    item = _add(db, operator, "Đại lý Ảnh")
    est_id = next(r.id for r in est.search_establishments(db, operator, item.name))
    photo = tmp_path / "photo.png"
    photo.write_bytes(PNG)
    row = att.add_attachment(db, operator, "establishment", est_id, photo, "Mặt tiền")
    (tmp_path / "usb").mkdir()
    target = backup_database(db, operator, tmp_path / "usb" / "x.sqlite")
    moved = tmp_path / "other-laptop-usb"
    shutil.copytree(tmp_path / "usb", moved)
    monkeypatch.setenv("INSPECTOR_HOME", str(tmp_path / "other-home"))
    from inspector.services import audit

    audit._KEYS.clear()  # this process "is" another computer now
    new_db = tmp_path / "elsewhere" / "inspector.sqlite"
    new_db.parent.mkdir()
    report = backups.restore_backup(_url(new_db), operator, moved / target.name)
    assert report.check_ok, report.check_lines
    assert report.attachments_copied == 1
    again = open_database(str(new_db))
    try:
        assert check_database(again, operator).ok
        path = att.attachment_file(again, operator, row.id)
        assert path.read_bytes() == PNG and str(tmp_path / "other-home") in str(path)
    finally:
        again.dispose()


def test_automatic_backups_rotate(db: Database, operator: Actor, tmp_path: Path) -> None:
    folder = tmp_path / "auto"
    start = datetime(2026, 10, 1, 8, 0)
    assert backups.auto_backup(db, at_start=True, now=start, folder=folder) is not None
    assert backups.auto_backup(db, at_start=True, now=start + timedelta(minutes=5),
                               folder=folder) is None  # a restart minutes later: not again
    assert backups.auto_backup(db, now=start + timedelta(hours=1), folder=folder) is None
    made = [start]
    for day in range(1, 45):
        when = start + timedelta(days=day)
        assert backups.auto_backup(db, now=when, folder=folder) is not None
        made.append(when)
    kept = backups.list_backups(folder)
    oldest = min(b.created_at for b in kept)
    assert made[-1] - oldest <= timedelta(days=backups.DEFAULT_KEEP_DAYS)
    assert len(kept) == backups.DEFAULT_KEEP_DAYS + 1
    assert all(backups.check_backup(b.path).ok for b in kept[:2])


def test_policy_is_validated(operator: Actor) -> None:
    with pytest.raises(ValidationError):
        backups.save_policy(operator, 0)
    assert backups.save_policy(operator, 10, 2).keep_days == 10
    assert backups.load_policy() == backups.BackupPolicy(10, 2.0)
    backups.save_policy(operator, backups.DEFAULT_KEEP_DAYS, backups.DEFAULT_INTERVAL_HOURS)


def test_postgres_tools_missing_is_a_clear_message(operator: Actor, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(StoreError, match="pg_restore is not installed"):
        backups.restore_backup("postgresql+psycopg://u:p@127.0.0.1:1/x", operator,
                               tmp_path / "x.dump")
