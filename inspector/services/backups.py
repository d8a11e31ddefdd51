"""Backups that happen by themselves, and a restore that cannot make things worse.

A backup is a SQLite file written through the online backup API, a manifest beside it
(``FILE.json``: when, the schema, the audit anchor, the evidence it refers to) and the evidence
files in a content-addressed folder next to it (shared by the rotating backups, so each photo is
copied once). Copying the folder to another laptop and restoring there gives the same database,
the same evidence and the same audit anchor.

The restore checks the backup first (integrity, schema, audit chain, evidence), refuses while
another process uses the database, keeps the current state as a backup, deals with ``-wal`` and
``-shm`` (a stale WAL beside a copied-in file would replay later changes onto it or corrupt it),
swaps the file in atomically and runs ``db check`` on the result.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from inspector import paths
from inspector.domain.roles import Permission
from inspector.services.actor import Actor
from inspector.services.errors import ValidationError
from inspector.store import migrate
from inspector.store.engine import Database, UsageLock, open_database, sqlite_path
from inspector.store.errors import StoreError

log = logging.getLogger(__name__)

DEFAULT_KEEP_DAYS = 30
DEFAULT_INTERVAL_HOURS = 4.0
KEEP_AT_LEAST = 3
START_GAP = timedelta(minutes=10)
AUTO_PREFIX = "inspector-"
ATTACHMENTS = "attachments"
_CHUNK = 1024 * 1024


# --- policy -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class BackupPolicy:
    """How long automatic backups are kept and how often they are made while the app runs."""

    keep_days: int = DEFAULT_KEEP_DAYS
    interval_hours: float = DEFAULT_INTERVAL_HOURS


def _policy_file() -> Path:
    return paths.backups_dir() / "policy.json"


def load_policy() -> BackupPolicy:
    try:
        raw = json.loads(_policy_file().read_text(encoding="utf-8"))
        return BackupPolicy(int(raw.get("keep_days", DEFAULT_KEEP_DAYS)),
                            float(raw.get("interval_hours", DEFAULT_INTERVAL_HOURS)))
    except (OSError, ValueError, TypeError, AttributeError):
        return BackupPolicy()


def save_policy(actor: Actor, keep_days: int, interval_hours: float | None = None) -> BackupPolicy:
    actor.require(Permission.MAINTAIN_DATABASE)
    if not 1 <= keep_days <= 3650:
        raise ValidationError("Số ngày giữ bản sao lưu phải từ 1 đến 3650.",
                              "keep-days must be between 1 and 3650", field="keep_days")
    hours = load_policy().interval_hours if interval_hours is None else interval_hours
    if not 0.5 <= hours <= 24:
        raise ValidationError("Chu kỳ sao lưu phải từ 0,5 đến 24 giờ.",
                              "the backup interval must be between 0.5 and 24 hours",
                              field="interval_hours")
    policy = BackupPolicy(keep_days, hours)
    target = _policy_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(target, json.dumps(vars(policy)).encode())
    return policy


# --- writing a backup -------------------------------------------------------------------------

@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: datetime
    schema: str | None
    audit_seq: int
    attachments: int
    missing_attachments: int
    size_bytes: int


def _write_atomic(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".partial")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as src:
        for chunk in iter(lambda: src.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _copy_verified(source: Path, target: Path, sha: str) -> bool:
    """Copy one evidence file under its hash name, only if its content matches the hash."""
    if target.exists():
        return True
    if not source.is_file() or _sha256_file(source) != sha:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    shutil.copyfile(source, partial)
    os.replace(partial, target)
    return True


def _attachment_hashes(conn: sqlite3.Connection) -> list[str]:
    try:
        return [r[0] for r in conn.execute("SELECT DISTINCT sha256 FROM attachments")]
    except sqlite3.Error:
        return []


def _audit_anchor(conn: sqlite3.Connection) -> dict[str, Any]:
    try:
        row = conn.execute("SELECT last_seq, last_hash FROM audit_head WHERE id = 1").fetchone()
    except sqlite3.Error:
        row = None
    return {"last_seq": row[0] if row else 0, "last_hash": row[1] if row else None}


def manifest_path(backup: Path) -> Path:
    return backup.with_name(backup.name + ".json")


def write_backup(db: Database, target: Path, attachments_dir: Path | None = None,
                 reason: str = "manual", created: datetime | None = None) -> BackupInfo:
    """Copy the database (online, consistent) and its evidence; the manifest is written last,
    so a backup without a manifest is an interrupted one and is never offered for restore."""
    from inspector.services import attachments as att

    source = db.path
    if source is None:
        raise ValidationError("Sao lưu tệp chỉ dành cho SQLite.", "file backups are for SQLite")
    store = attachments_dir or target.parent / ATTACHMENTS
    partial = target.with_name(target.name + ".partial")
    try:
        migrate.backup_sqlite(source, partial)
        conn = sqlite3.connect(partial)
        try:
            hashes = _attachment_hashes(conn)
            anchor = _audit_anchor(conn)
            schema_row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
        with partial.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    missing = [sha for sha in hashes
               if not _copy_verified(att.stored_path(sha), store / sha[:2] / sha, sha)]
    created = created or datetime.now()
    manifest: dict[str, Any] = {
        "format": 1, "created_at": created.isoformat(timespec="seconds"), "reason": reason,
        "source": str(source), "schema": schema_row[0] if schema_row else None,
        "audit": anchor, "attachments_dir": os.path.relpath(store, target.parent),
        "attachments": hashes, "missing_attachments": missing,
        "sha256": _sha256_file(target),
    }
    from inspector.services import audit

    manifest["anchor"] = audit.anchor_for_backup(db)
    _write_atomic(manifest_path(target), json.dumps(manifest, ensure_ascii=False,
                                                    indent=1).encode("utf-8"))
    if missing:
        log.warning("backup %s: %d evidence files missing from the store", target, len(missing))
    return BackupInfo(target, created, schema_row[0] if schema_row else None,
                      int(anchor["last_seq"] or 0),
                      len(hashes), len(missing), target.stat().st_size)


def list_backups(folder: Path | None = None) -> list[BackupInfo]:
    """Complete backups (with a manifest) in the folder, newest first."""
    folder = folder or paths.backups_dir()
    found: list[BackupInfo] = []
    if not folder.is_dir():
        return found
    for man in folder.glob("*.sqlite.json"):
        backup = man.with_name(man.name[: -len(".json")])
        try:
            data = json.loads(man.read_text(encoding="utf-8"))
            found.append(BackupInfo(
                backup, datetime.fromisoformat(data["created_at"]), data.get("schema"),
                int(data.get("audit", {}).get("last_seq") or 0), len(data.get("attachments", [])),
                len(data.get("missing_attachments", [])), backup.stat().st_size))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return sorted(found, key=lambda b: b.created_at, reverse=True)


def rotate(folder: Path | None = None, policy: BackupPolicy | None = None,
           now: datetime | None = None) -> list[Path]:
    """Remove automatic backups older than the policy's days (always keeping the newest few)
    and evidence files no remaining backup refers to."""
    folder = folder or paths.backups_dir()
    policy = policy or load_policy()
    now = now or datetime.now()
    backups = [b for b in list_backups(folder) if b.path.name.startswith(AUTO_PREFIX)]
    removed: list[Path] = []
    for info in backups[KEEP_AT_LEAST:]:
        if now - info.created_at > timedelta(days=policy.keep_days):
            manifest_path(info.path).unlink(missing_ok=True)
            info.path.unlink(missing_ok=True)
            removed.append(info.path)
    if removed:
        keep: set[str] = set()
        for man in folder.glob("*.sqlite.json"):
            try:
                keep.update(json.loads(man.read_text(encoding="utf-8")).get("attachments", []))
            except (OSError, ValueError):
                return removed  # unreadable manifest: keep every evidence file
        for f in (folder / ATTACHMENTS).glob("*/*"):
            if f.name not in keep:
                f.unlink(missing_ok=True)
    return removed


def auto_backup(db: Database, at_start: bool = False, now: datetime | None = None,
                folder: Path | None = None, force: bool = False) -> BackupInfo | None:
    """Make the periodic backup when it is due (at start unless one was made minutes ago;
    otherwise every ``interval_hours``), then rotate. Never raises for the environment:
    a failed automatic backup is logged, the work goes on."""
    if db.path is None:
        return None
    folder = folder or paths.backups_dir()
    policy = load_policy()
    now = now or datetime.now()
    newest = next((b for b in list_backups(folder) if b.path.name.startswith(AUTO_PREFIX)), None)
    gap = START_GAP if at_start else timedelta(hours=policy.interval_hours)
    if not force and newest is not None and now - newest.created_at < gap:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{AUTO_PREFIX}{now:%Y%m%d-%H%M%S}.sqlite"
        info = write_backup(db, target, folder / ATTACHMENTS, "start" if at_start else "periodic",
                            now)
        rotate(folder, policy, now)
        return info
    except (OSError, sqlite3.Error, StoreError) as exc:
        log.warning("automatic backup failed: %s", exc)
        return None


# --- checking a backup ------------------------------------------------------------------------

@dataclass
class BackupCheck:
    ok: bool
    problems: list[str] = field(default_factory=list)
    schema: str | None = None
    audit_entries: int = 0
    manifest: dict[str, Any] = field(default_factory=dict)


def check_backup(backup: Path) -> BackupCheck:
    """Integrity, schema and audit chain of a backup file, read from a private copy (the
    backup itself is never opened for writing, and a ``-wal`` beside it is not ours to use)."""
    from sqlalchemy import create_engine

    from inspector.services.audit import verify_chain

    backup = backup.expanduser()
    if not backup.is_file():
        raise ValidationError(f"Không có tệp sao lưu {backup}.", f"no backup file at {backup}")
    result = BackupCheck(ok=True)
    man = manifest_path(backup)
    if man.is_file():
        try:
            result.manifest = json.loads(man.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            result.problems.append("the manifest beside the backup is unreadable")
    with tempfile.TemporaryDirectory(prefix="inspector-restore-") as tmp:
        copy = Path(tmp) / "check.sqlite"
        shutil.copyfile(backup, copy)
        if result.manifest.get("sha256") and _sha256_file(copy) != result.manifest["sha256"]:
            result.problems.append("the backup file differs from the one its manifest describes")
        try:
            conn = sqlite3.connect(copy)
            try:
                rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
                if rows != ["ok"]:
                    result.problems.append("integrity: " + "; ".join(rows[:3]))
                tables = {r[0] for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table'")}
                if "alembic_version" not in tables or "audit_log" not in tables:
                    raise ValidationError(
                        f"Tệp {backup} không phải bản sao lưu của Inspector.",
                        f"{backup} is not an Inspector backup")
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                result.schema = row[0] if row else None
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            raise ValidationError(f"Tệp sao lưu {backup} bị hỏng hoặc không phải SQLite ({exc}).",
                                  f"the backup {backup} is damaged or not SQLite ({exc})") from exc
        if result.schema is None or result.schema not in migrate.known_revisions():
            result.problems.append(f"schema {result.schema} is not one this program knows")
        engine = create_engine(f"sqlite:///{copy}")
        try:
            with engine.connect() as conn2:
                chain = verify_chain(conn2, anchor=result.manifest.get("anchor"))
        finally:
            engine.dispose()
        result.audit_entries = chain.entries
        if not chain.ok:
            result.problems.append("audit chain: " + "; ".join(chain.problems[:3]))
    result.ok = not result.problems
    return result


# --- restoring --------------------------------------------------------------------------------

@dataclass
class RestoreReport:
    restored: Path
    previous: Path | None
    check_ok: bool
    check_lines: list[str]
    attachments_copied: int
    attachments_missing: int


def _refuse_busy(vi: str, en: str) -> StoreError:
    return StoreError(vi, en)


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")]


def restore_backup(db_url: str, actor: Actor, backup: Path,
                   confirm: Callable[[BackupCheck], bool] | None = None,
                   current: Database | None = None) -> RestoreReport:
    """Replace the SQLite database at ``db_url`` by ``backup``; see the module docstring.

    ``current`` is this process's own open handle on the database (the GUI's): it is closed
    first and must be reopened by the caller. ``confirm`` sees the backup's check and may
    still say no.
    """
    actor.require(Permission.MAINTAIN_DATABASE)
    target = sqlite_path(db_url)
    if target is None:
        if current is not None:
            current.dispose()  # its pooled connections would count as another user's
        return restore_postgres(db_url, actor, backup, confirm)
    backup = backup.expanduser().resolve()
    if backup == target.resolve():
        raise ValidationError("Tệp sao lưu chính là cơ sở dữ liệu đang dùng.",
                              "the backup is the database itself")
    checked = check_backup(backup)
    if not checked.ok:
        raise ValidationError(
            "Bản sao lưu không đạt kiểm tra, không khôi phục: " + "; ".join(checked.problems),
            "the backup fails its check, nothing restored: " + "; ".join(checked.problems))
    if confirm is not None and not confirm(checked):
        raise ValidationError("Đã hủy khôi phục.", "restore cancelled")
    if current is not None:
        current.dispose()
    lock = UsageLock(target)
    if not lock.acquire(exclusive=True):
        raise _refuse_busy(
            "Một chương trình khác đang mở cơ sở dữ liệu này; hãy đóng nó rồi khôi phục.",
            "another process has this database open; close it, then restore")
    try:
        previous = _swap_in(target, backup)
    finally:
        lock.release()
    copied, missing = _restore_attachments(backup, checked.manifest)
    from inspector.services import audit
    from inspector.services.maintenance import check_database

    if checked.manifest.get("anchor"):
        audit.adopt_anchor(checked.manifest["anchor"])
    restored = open_database(db_url, upgrade=True)
    try:
        with restored.engine.connect() as conn:
            audit.reset_anchor(conn)
        report = check_database(restored, actor)
    finally:
        restored.dispose()
    lines = [f"{'ok  ' if r.ok else 'FAIL'} {r.name}: {r.detail}" for r in report.results]
    log.info("restored %s from %s (previous state kept in %s)", target, backup, previous)
    return RestoreReport(target, previous, report.ok, lines, copied, missing)


def _swap_in(target: Path, backup: Path) -> Path | None:
    """Keep the current state, move the stale WAL out of the way, rename the new file in."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    previous: Path | None = None
    if target.exists():
        aside = target.with_name(f"{target.name}.before-restore-{stamp}")
        previous = target.with_name(f"{target.stem}.before-restore-{stamp}{target.suffix}")
        try:
            # Through SQLite, so committed frames still in the WAL are part of the copy;
            # then empty the WAL so nothing can replay onto the restored file.
            migrate.backup_sqlite(target, previous)
            conn = sqlite3.connect(target, timeout=0.5)
            try:
                busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            finally:
                conn.close()
            if busy:
                raise _refuse_busy(
                    "Một chương trình khác đang ghi cơ sở dữ liệu này; hãy đóng nó rồi thử lại.",
                    "another program is writing this database; close it and try again")
        except sqlite3.DatabaseError:
            # A damaged current file: keep it byte for byte, with its WAL, as it is.
            previous.unlink(missing_ok=True)
            folder = aside
            folder.mkdir()
            for f in [target, *_sidecars(target)]:
                if f.exists():
                    shutil.copy2(f, folder / f.name)
            previous = folder
    partial = target.with_name(target.name + ".restore-partial")
    try:
        shutil.copyfile(backup, partial)
        with partial.open("rb+") as fh:
            os.fsync(fh.fileno())
        for side in _sidecars(target):  # before the rename: never a stale WAL beside new data
            side.unlink(missing_ok=True)
        os.replace(partial, target)
        dir_fd = os.open(target.parent, os.O_RDONLY) if hasattr(os, "O_DIRECTORY") else None
        if dir_fd is not None:
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    finally:
        partial.unlink(missing_ok=True)
    return previous


def _restore_attachments(backup: Path, manifest: dict[str, Any]) -> tuple[int, int]:
    from inspector.services import attachments as att

    folder = backup.parent / manifest.get("attachments_dir", ATTACHMENTS)
    copied = missing = 0
    for sha in manifest.get("attachments", []):
        dest = att.stored_path(sha)
        if dest.exists():
            continue
        if _copy_verified(folder / sha[:2] / sha, dest, sha):
            copied += 1
        else:
            missing += 1
    return copied, missing


# --- PostgreSQL -------------------------------------------------------------------------------

def _libpq_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        raise StoreError(
            f"Không tìm thấy chương trình {name}; hãy cài gói PostgreSQL client "
            "(ví dụ postgresql-client) để sao lưu hoặc khôi phục máy chủ.",
            f"{name} is not installed; install the PostgreSQL client tools "
            "(e.g. postgresql-client) to back up or restore a server")
    return tool


def _run_pg(args: list[str]) -> None:
    import subprocess

    done = subprocess.run(args, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        detail = " ".join(done.stderr.split())[:300]
        raise StoreError(f"{Path(args[0]).name} thất bại: {detail}",
                         f"{Path(args[0]).name} failed: {detail}")


def backup_to(db: Database, actor: Actor, target: Path) -> Path:
    """A backup on demand into ``target``: the online backup of a SQLite file (with its
    evidence and manifest), ``pg_dump -Fc`` of a server (evidence included: it is in the
    database)."""
    if db.is_sqlite:
        from inspector.services.maintenance import backup_database

        return backup_database(db, actor, target)
    return backup_postgres(db.url, actor, target)


def backup_postgres(db_url: str, actor: Actor, target: Path) -> Path:
    actor.require(Permission.MAINTAIN_DATABASE)
    tool = _pg_tool("pg_dump")
    target = target.expanduser().resolve()
    partial = target.with_name(target.name + ".partial")
    try:
        _run_pg([tool, "--format=custom", "--no-owner", f"--file={partial}", _libpq_url(db_url)])
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def restore_postgres(db_url: str, actor: Actor, backup: Path,
                     confirm: Callable[[BackupCheck], bool] | None = None) -> RestoreReport:
    """pg_restore in one transaction, after keeping the current state with pg_dump."""
    from sqlalchemy import create_engine, text

    from inspector.services.maintenance import check_database

    tool = _pg_tool("pg_restore")
    backup = backup.expanduser().resolve()
    if not backup.is_file():
        raise ValidationError(f"Không có tệp sao lưu {backup}.", f"no backup file at {backup}")
    _run_pg([tool, "--list", str(backup)])  # a readable pg_dump archive, or refused here
    if confirm is not None and not confirm(BackupCheck(ok=True)):
        raise ValidationError("Đã hủy khôi phục.", "restore cancelled")
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            others = conn.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()")).scalar_one()
    finally:
        engine.dispose()
    if others:
        raise _refuse_busy(
            f"Còn {others} kết nối khác tới cơ sở dữ liệu; hãy đóng các máy đang dùng rồi khôi phục.",
            f"{others} other connections use the database; close them, then restore")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    previous = backup_postgres(db_url, actor, backup.with_name(f"before-restore-{stamp}.dump"))
    _run_pg([tool, "--clean", "--if-exists", "--no-owner", "--single-transaction",
             f"--dbname={_libpq_url(db_url)}", str(backup)])
    from inspector.services import audit
    from inspector.services.audit_restore import record_restore

    restored = open_database(db_url, upgrade=True)
    try:
        with restored.engine.begin() as conn:  # the trail says it went back, and to where
            record_restore(conn, actor, backup.name)
            conn.info.pop("audit_pending", None)
        with restored.engine.connect() as conn:
            audit.reset_anchor(conn)  # this workstation's anchor follows the restore
        report = check_database(restored, actor)
    finally:
        restored.dispose()
    lines = [f"{'ok  ' if r.ok else 'FAIL'} {r.name}: {r.detail}" for r in report.results]
    return RestoreReport(backup, previous, report.ok, lines, 0, 0)
