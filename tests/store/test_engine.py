"""The database layer: pragmas, pre-flight refusals, migrations and backups."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from inspector.store import migrate
from inspector.store.engine import Database, open_database, resolve_url
from inspector.store.errors import CorruptDatabaseError, NewerDatabaseError, StoreError


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_connection_has_foreign_keys_wal_and_busy_timeout(db: Database) -> None:
    """Each SQLite connection is set up with foreign keys on, WAL and a busy timeout."""
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_new_database_is_created_at_head(tmp_path: Path) -> None:
    """Opening a missing file creates it, migrated to the newest schema."""
    db = open_database(str(tmp_path / "sub" / "new.sqlite"))
    try:
        with db.engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.SCHEMA_HEAD
    finally:
        db.dispose()


def test_schema_head_constant_matches_migration_scripts() -> None:
    """The start-up shortcut SCHEMA_HEAD names the real head of db/migrations."""
    assert migrate.script_head() == migrate.SCHEMA_HEAD


def test_models_and_migrations_agree(db: Database) -> None:
    """Autogenerate finds nothing to change: the migrations build exactly the models' schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from inspector.store.models import Base

    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path) -> None:
    """A text file given as the database is refused and left byte-for-byte as it was."""
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"this is not a database\n" * 100)
    before = _digest(path)
    with pytest.raises(CorruptDatabaseError):
        open_database(str(path))
    assert _digest(path) == before


def test_corrupt_database_is_refused_untouched(db_path: Path) -> None:
    """A database whose pages were overwritten is refused and not modified."""
    data = bytearray(db_path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    db_path.write_bytes(bytes(data))
    before = _digest(db_path)
    with pytest.raises(StoreError):
        db = open_database(str(db_path))
        db.dispose()
    assert _digest(db_path) == before


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    """A SQLite file made by another program is not taken over."""
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(CorruptDatabaseError):
        open_database(str(path))
    assert _digest(path) == before


def test_database_from_newer_version_is_refused_untouched(db_path: Path) -> None:
    """A database stamped with an unknown (newer) revision is refused without any change."""
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = _digest(db_path)
    with pytest.raises(NewerDatabaseError) as info:
        open_database(str(db_path))
    assert "newer" in info.value.en
    assert _digest(db_path) == before


def test_older_database_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    """A database at the first schema is copied to a backup file, then upgraded to head."""
    from alembic import command

    from inspector.store.engine import make_engine

    path = tmp_path / "old.sqlite"
    engine = make_engine("sqlite:///" + str(path), create_dirs=True)
    with engine.begin() as conn:
        command.upgrade(migrate._alembic_config(conn), "0001")
    engine.dispose()
    assert migrate.SCHEMA_HEAD != "0001"
    before = _digest(path)
    db = open_database(str(path))
    db.dispose()
    backups = list(tmp_path.glob("old.backup-*-schema-0001.sqlite"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as conn2:
        assert conn2.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    with sqlite3.connect(path) as conn3:
        assert conn3.execute("SELECT version_num FROM alembic_version").fetchone()[0] == (
            migrate.SCHEMA_HEAD)
    assert _digest(path) != before


def test_resolve_url_accepts_paths_and_urls(tmp_path: Path) -> None:
    """A path becomes a sqlite URL; a URL passes through; a malformed URL is refused."""
    assert resolve_url(str(tmp_path / "a.sqlite")).startswith("sqlite:///")
    assert resolve_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    with pytest.raises(StoreError):
        resolve_url("postgresql+psycopg://u@h:notaport/db")


def test_missing_database_is_not_created_when_not_upgrading(tmp_path: Path) -> None:
    """Read-only commands on a missing file fail instead of creating it or its folder."""
    target = tmp_path / "absent" / "db.sqlite"
    with pytest.raises(StoreError):
        open_database(str(target), upgrade=False)
    assert not target.parent.exists()
