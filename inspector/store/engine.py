"""Opening the database: URL resolution, SQLite pragmas, pre-flight checks and migration.

Every SQLite connection gets foreign keys, WAL and a busy timeout. Before anything writes to an
existing file it is inspected read-only, so a corrupt file, a foreign file or a database made by
a newer version is refused with the file left byte-for-byte untouched.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from inspector import paths
from inspector.store.errors import CorruptDatabaseError, StoreError, classify

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
# NORMAL in WAL mode: a power cut may lose the last commits, never corrupt. The commits that
# take a document number are made durable one by one (``sync_wal`` after them, what FULL would
# do for every commit); bench/durability.py measures both (README, "Durability").
SYNCHRONOUS = "NORMAL"


def resolve_url(db: str | None) -> str:
    """A SQLAlchemy URL from ``--db`` (URL or file path), ``INSPECTOR_DB`` or the default file."""
    value = db or os.environ.get("INSPECTOR_DB") or str(paths.default_database_path())
    if "://" in value:
        try:
            make_url(value)
        except (ArgumentError, ValueError) as exc:
            raise StoreError(
                f"Địa chỉ cơ sở dữ liệu không hợp lệ: {value}", f"invalid database URL: {value}"
            ) from exc
        return value
    try:
        resolved = Path(value).expanduser().resolve()
    except (RuntimeError, OSError) as exc:  # a symbolic link loop
        raise StoreError(
            f"Đường dẫn là một vòng lặp liên kết: {value}",
            f"the path is a looping symbolic link: {value}") from exc
    return "sqlite:///" + str(resolved)


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _on_sqlite_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # Python's sqlite3 opens transactions lazily; let SQLAlchemy's BEGIN do it.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    try:
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        mode = cur.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            log.warning("SQLite refused WAL mode (got %s)", mode)
        cur.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
    finally:
        cur.close()


WRITE_OPTIONS = {"inspector_write": True}
BEGIN_ATTEMPTS = 3


def _on_sqlite_begin(conn: Any) -> None:
    """SQLAlchemy's recipe for pysqlite transaction control, with one addition: a write
    transaction (a unit of work) begins IMMEDIATE, taking the write lock at BEGIN. A deferred
    transaction that reads and then writes is refused at once by SQLite when another writer
    committed in between (SQLITE_BUSY_SNAPSHOT, no busy wait); IMMEDIATE waits for the lock
    instead, up to the busy timeout, a bounded number of times."""
    if not conn.get_execution_options().get("inspector_write"):
        conn.exec_driver_sql("BEGIN")
        return
    for attempt in range(1, BEGIN_ATTEMPTS + 1):
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except Exception as exc:  # OperationalError: locked or busy after the busy timeout
            text = str(getattr(exc, "orig", exc)).lower()
            if attempt == BEGIN_ATTEMPTS or ("locked" not in text and "busy" not in text):
                raise
            log.info("the write lock is still held after %d ms; waiting again (%d/%d)",
                     BUSY_TIMEOUT_MS, attempt, BEGIN_ATTEMPTS)


def sync_wal(db_path: Path) -> None:
    """Flush the committed WAL of ``db_path`` to the disk (``synchronous = FULL`` for one
    commit: SQLite refuses to change the setting inside a transaction). The WAL file carries
    no SQLite lock, so opening and closing it here cannot drop SQLite's locks."""
    wal = db_path.with_name(db_path.name + "-wal")
    try:
        fd = os.open(wal, os.O_RDONLY)
    except FileNotFoundError:
        return  # checkpointed and removed: the data is in the database file, synced
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass
class Preflight:
    """What the read-only look at a database file found."""

    exists: bool
    revision: str | None
    has_tables: bool


def preflight_sqlite(path: Path) -> Preflight:
    """Inspect a SQLite file without writing to it."""
    if path.is_symlink() and not path.exists():
        raise StoreError(
            f"Đường dẫn là một liên kết hỏng hoặc vòng lặp liên kết: {path}",
            f"the path is a broken or looping symbolic link: {path}",
        )
    if not path.exists():
        parent = path.parent
        if parent.exists() and not parent.is_dir():
            raise StoreError(
                f"Đường dẫn không phải thư mục: {parent}", f"not a directory: {parent}"
            )
        return Preflight(exists=False, revision=None, has_tables=False)
    if path.is_dir():
        raise StoreError(
            f"Đường dẫn là một thư mục, không phải tệp cơ sở dữ liệu: {path}",
            f"the path is a directory, not a database file: {path}",
        )
    if not path.is_file():  # a FIFO would hang the open, a device is not a database
        raise StoreError(
            f"Đường dẫn không phải một tệp thông thường: {path}",
            f"not a regular file: {path}",
        )
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise classify(exc) or StoreError(str(exc), str(exc)) from exc
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
            if "audit_log" not in tables and len(tables) > 1:
                raise CorruptDatabaseError(
                    f"Tệp {path} là cơ sở dữ liệu của một chương trình khác, không phải của "
                    "Inspector.",
                    f"{path} is another program's database (Alembic), not an Inspector database")
            if revision is None and len(tables) > 1:
                raise CorruptDatabaseError(
                    f"Tệp {path} mất thông tin phiên bản lược đồ; không nâng cấp được. Hãy "
                    "khôi phục từ bản sao lưu.",
                    f"{path} has lost its schema version (empty alembic_version); restore a "
                    "backup")
        elif tables:
            raise CorruptDatabaseError(
                f"Tệp {path} là một cơ sở dữ liệu SQLite nhưng không phải của Inspector.",
                f"{path} is a SQLite database but not an Inspector database",
            )
        return Preflight(exists=True, revision=revision, has_tables=bool(tables))
    except sqlite3.Error as exc:
        raise classify(exc) or CorruptDatabaseError(
            f"Tệp cơ sở dữ liệu bị hỏng: {exc}", f"damaged database file: {exc}"
        ) from exc
    finally:
        conn.close()


def make_engine(url: str, create_dirs: bool = False) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None and create_dirs:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"Không tạo được thư mục {path.parent}: {exc.strerror}",
                    f"cannot create the folder {path.parent}: {exc.strerror}",
                ) from exc
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except Exception as exc:  # a missing driver, a malformed option
        raise StoreError(
            f"Không tạo được kết nối tới {parsed.render_as_string()}: {exc}",
            f"cannot set up a connection to {parsed.render_as_string()}: {exc}",
        ) from exc


def lock_path(db_path: Path) -> Path:
    """The file whose lock says "an Inspector process has this database open"."""
    return db_path.with_name(db_path.name + ".inspector-lock")


class UsageLock:
    """An advisory lock beside a SQLite file: every process that opens the database holds it
    shared; a restore takes it exclusive and so refuses while another process uses the file.

    Best effort where the folder is read-only or the platform lacks ``flock`` (nothing is
    locked then; the restore's own SQLite checks still apply). A separate file, never the
    database itself: closing a second descriptor of the database would drop SQLite's locks.
    """

    def __init__(self, db_path: Path) -> None:
        self.path = lock_path(db_path)
        self._fd: int | None = None

    def acquire(self, exclusive: bool = False) -> bool:
        """Take the lock without waiting; False when another process holds it incompatibly."""
        try:
            import fcntl
        except ImportError:  # Windows: no flock
            return True
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return True  # a read-only folder: nobody can restore over it either
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self.release()
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class Database:
    """An open database: its engine, its session factory and where it lives."""

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self.sessions: sessionmaker[Session] = sessionmaker(
            engine.execution_options(**WRITE_OPTIONS), expire_on_commit=False)
        self.read_sessions: sessionmaker[Session] = sessionmaker(engine, expire_on_commit=False)
        path = self.path
        self.usage_lock: UsageLock | None = UsageLock(path) if path is not None else None
        if self.usage_lock is not None and path is not None and path.parent.is_dir():
            self.usage_lock.acquire()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    def display_name(self) -> str:
        path = self.path
        if path is not None:
            return str(path)
        return make_url(self.url).render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()
        if self.usage_lock is not None:
            self.usage_lock.release()


def open_database(db: str | None = None, *, upgrade: bool = True) -> Database:
    """Open (creating or upgrading as needed) the database named by ``db`` or the defaults.

    Raises ``StoreError`` for every situation of the environment; the caller shows its message.
    """
    from inspector.store import migrate

    url = resolve_url(db)
    path = sqlite_path(url)
    pre = preflight_sqlite(path) if path is not None else None
    if pre is not None and pre.revision is not None and pre.revision != migrate.SCHEMA_HEAD:
        migrate.refuse_if_newer(pre.revision)
    if pre is not None and pre.exists and not pre.has_tables and not upgrade:
        # An empty file: say so before SQLite's first connection turns it into a WAL database.
        raise StoreError(
            f"Tệp {path} trống, chưa phải cơ sở dữ liệu của Inspector.",
            f"{path} is empty, not an Inspector database yet (run 'inspector db upgrade')",
        )
    if pre is not None and not pre.exists and not upgrade:
        raise StoreError(
            f"Không có cơ sở dữ liệu tại {path}.",
            f"no database at {path} (run 'inspector db upgrade' to create one)",
        )
    engine = make_engine(url, create_dirs=upgrade)
    database = Database(url, engine)
    try:
        if upgrade:
            migrate.ensure_current(database, pre)
        else:
            migrate.require_current(database)
    except Exception as exc:
        database.dispose()
        err = classify(exc)
        if err is not None:
            raise err from exc
        raise
    return database
