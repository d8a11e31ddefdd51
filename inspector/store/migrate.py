"""Schema upgrades through Alembic, with a backup first and a refusal of newer databases.

``SCHEMA_HEAD`` names the newest migration so a normal start compares one string and never
imports Alembic (0.3 s); Alembic is imported only when an upgrade is really needed. A test
keeps the constant equal to the migration scripts' head.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from inspector import paths
from inspector.store.errors import NewerDatabaseError, StoreError

if TYPE_CHECKING:
    from inspector.store.engine import Database, Preflight

log = logging.getLogger(__name__)

SCHEMA_HEAD = "0019"


def _alembic_config(connection: Connection | None = None):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def script_head() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def refuse_if_newer(revision: str) -> None:
    if revision not in known_revisions():
        raise NewerDatabaseError(
            f"Cơ sở dữ liệu được tạo bởi phiên bản Inspector mới hơn (lược đồ {revision}); "
            "hãy cập nhật chương trình. Tệp không bị thay đổi.",
            f"the database was made by a newer version of Inspector (schema {revision}); "
            "upgrade the program (the file was not changed)",
        )


def current_revision(connection: Connection) -> str | None:
    try:
        row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    except Exception:
        connection.rollback()
        return None
    return row[0] if row else None


def backup_sqlite(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's online backup API (safe while others write)."""
    src = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def upgrade(database: Database) -> None:
    """Run the migrations in one transaction; on SQLite with foreign keys off during rebuilds."""
    from alembic import command

    with database.engine.connect() as conn:
        raw = conn.connection.driver_connection if database.is_sqlite else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys = OFF")  # outside any transaction, as SQLite needs
        try:
            with conn.begin():
                command.upgrade(_alembic_config(conn), "head")
                if raw is not None:
                    problems = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
                    if problems:
                        raise StoreError(
                            f"Nâng cấp lược đồ làm hỏng khóa ngoại: {problems[:5]}",
                            f"the schema upgrade broke foreign keys: {problems[:5]}",
                        )
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys = ON")


def ensure_current(database: Database, pre: Preflight | None) -> None:
    """Bring the schema to head, backing up an existing SQLite file first."""
    with database.engine.connect() as conn:
        revision = current_revision(conn)
    if revision == SCHEMA_HEAD:
        return
    if revision is not None:
        refuse_if_newer(revision)
    path = database.path
    if revision is not None and path is not None and pre is not None and pre.exists:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = path.with_name(f"{path.stem}.backup-{stamp}-schema-{revision}{path.suffix}")
        log.info("backing up %s to %s before upgrading from %s", path, target, revision)
        backup_sqlite(path, target)
    upgrade(database)
    log.info("database %s upgraded to %s", database.display_name(), SCHEMA_HEAD)


def require_current(database: Database) -> None:
    with database.engine.connect() as conn:
        revision = current_revision(conn)
    if revision is None:
        raise StoreError(
            "Cơ sở dữ liệu chưa được khởi tạo; hãy chạy 'inspector db upgrade'.",
            "the database has no schema yet; run 'inspector db upgrade'",
        )
    if revision != SCHEMA_HEAD:
        refuse_if_newer(revision)
        raise StoreError(
            f"Cơ sở dữ liệu ở lược đồ cũ {revision}; hãy chạy 'inspector db upgrade'.",
            f"the database is at the older schema {revision}; run 'inspector db upgrade'",
        )
