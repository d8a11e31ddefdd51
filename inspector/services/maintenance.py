"""Database health: the checks behind ``inspector db check`` and the online backup."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, text

from inspector.domain.roles import Permission
from inspector.services.actor import Actor
from inspector.services.attachments import verify_contents
from inspector.services.audit import RESTORED_PROBLEM, verify_chain
from inspector.services.audit_cover import verify_cover, verify_numbers, verify_schema_objects
from inspector.services.errors import ValidationError
from inspector.store import migrate
from inspector.store.engine import Database

CHECK_LABELS_VI = {
    "schema": "Phiên bản cấu trúc dữ liệu",
    "integrity": "Tính toàn vẹn của tệp",
    "foreign_keys": "Liên kết giữa các bản ghi",
    "audit_chain": "Chuỗi nhật ký thay đổi",
    "audit_cover": "Dữ liệu khớp nhật ký thay đổi",
    "numbers": "Số văn bản đã cấp",
    "schema_objects": "Trigger và ràng buộc của cơ sở dữ liệu",
    "evidence": "Tài liệu, ảnh lưu trên máy chủ",
}


@dataclass
class CheckResult:
    name: str
    ok: bool
    detail: str = ""
    detail_vi: str = ""  # what the GUI shows; ``detail`` stays English for logs and scripts

    @property
    def label_vi(self) -> str:
        return CHECK_LABELS_VI.get(self.name, self.name)


@dataclass
class CheckReport:
    results: list[CheckResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)


def _file_checks(db: Database) -> list[CheckResult]:
    """SQLite's own checks of the file: every page and index, every foreign key."""
    with db.engine.connect() as conn:
        rows = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
        fk = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
    return [
        CheckResult("integrity", rows == ["ok"], "; ".join(rows[:5]),
                    "không có lỗi" if rows == ["ok"] else "tệp bị hỏng: " + "; ".join(rows[:5])),
        CheckResult("foreign_keys", not fk,
                    "ok" if not fk else f"{len(fk)} rows point to missing parents, e.g. {fk[:3]}",
                    "đầy đủ" if not fk else f"{len(fk)} bản ghi trỏ tới bản ghi không còn"),
    ]


def check_database(db: Database, actor: Actor) -> CheckReport:
    """Schema version, integrity, foreign keys and the audit chain; each reported separately.

    On SQLite the file checks run in SQLite's C code on a second connection while this one
    replays the trail in Python (sqlite3 lets other threads run while a statement steps), so
    on two cores the integrity check costs almost nothing on top of the audit checks.
    """
    actor.require(Permission.VIEW)
    report = CheckReport()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-check") as pool, \
            db.engine.connect() as conn:
        revision = migrate.current_revision(conn)
        current = revision == migrate.SCHEMA_HEAD
        report.results.append(CheckResult(
            "schema", current,
            f"schema {revision} (expected {migrate.SCHEMA_HEAD})",
            f"phiên bản {revision}" + ("" if current else f", cần {migrate.SCHEMA_HEAD}"),
        ))
        file_checks: Future[list[CheckResult]] | None = None
        if db.is_sqlite:
            file_checks = pool.submit(_file_checks, db)
        else:
            report.results.append(CheckResult("integrity", True, "checked by the server",
                                              "do máy chủ kiểm tra"))
            report.results.append(CheckResult("foreign_keys", True, "enforced by the server",
                                              "do máy chủ bảo đảm"))
        later: list[CheckResult] = []
        try:
            later = _audit_checks(conn, revision)
        finally:
            if file_checks is not None:
                report.results += file_checks.result()  # its error, if any, before ours
        report.results += later
    return report


def _audit_checks(conn: Connection, revision: str | None) -> list[CheckResult]:
    out: list[CheckResult] = []
    chain = verify_chain(conn)
    entries = f"{chain.entries:,}".replace(",", ".")
    restored = [p for p in chain.problems if p.startswith(RESTORED_PROBLEM)]
    out.append(CheckResult(
        "audit_chain", chain.ok,
        f"{chain.entries} entries" + ("" if chain.ok else ": " + "; ".join(chain.problems)),
        f"{entries} mục, không bị sửa" if chain.ok else
        f"{entries} mục; máy chủ đã được khôi phục từ bản sao lưu, mốc nhật ký của máy này ghi "
        "từ trước lần khôi phục: quản trị viên đặt lại mốc (Cài đặt › Cơ sở dữ liệu)"
        if restored and len(restored) == len(chain.problems) else
        f"{entries} mục; PHÁT HIỆN SỬA ĐỔI NGOÀI ỨNG DỤNG ({len(chain.problems)} chỗ sai; "
        "chi tiết ở dòng lệnh: inspector db check)",
    ))
    if revision == migrate.SCHEMA_HEAD:
        cover = verify_cover(conn)
        out.append(CheckResult(
            "audit_cover", cover.ok,
            f"{cover.rows} rows match their audit trail" if cover.ok
            else "; ".join(cover.problems),
            f"{cover.rows:,} bản ghi khớp nhật ký".replace(",", ".") if cover.ok
            else f"{len(cover.problems)} bản ghi khác nhật ký: dữ liệu đã bị sửa ngoài ứng "
            "dụng"))
        numbers = verify_numbers(conn)
        out.append(CheckResult(
            "numbers", not numbers, "; ".join(numbers[:10]) or "every used number has "
            "its document",
            "mỗi số đã cấp đều có văn bản" if not numbers
            else f"{len(numbers)} số đã cấp không còn văn bản"))
        objects = verify_schema_objects(conn)
        out.append(CheckResult(
            "schema_objects", not objects, "; ".join(objects) or "triggers and keys present",
            "đầy đủ" if not objects else f"thiếu {len(objects)} trigger hoặc ràng buộc"))
        if conn.dialect.name != "sqlite":
            evidence = verify_contents(conn)
            out.append(CheckResult(
                "evidence", not evidence, "; ".join(evidence[:10]) or "every attachment's "
                "content is on the server and matches its hash",
                "mỗi tệp đính kèm đều có trên máy chủ, đúng mã băm" if not evidence
                else f"{len(evidence)} tệp đính kèm thiếu hoặc bị sửa trên máy chủ"))
    return out


def backup_database(db: Database, actor: Actor, target: Path) -> Path:
    """A consistent copy of a SQLite database through the online backup API."""
    actor.require(Permission.MAINTAIN_DATABASE)
    source = db.path
    if source is None:
        raise ValidationError(
            "Sao lưu trong ứng dụng chỉ dành cho tệp SQLite; với PostgreSQL hãy dùng pg_dump.",
            "backup here is for SQLite files; use pg_dump for PostgreSQL",
        )
    target = target.expanduser().resolve()
    if target == source.resolve():
        raise ValidationError("Tệp sao lưu phải khác tệp cơ sở dữ liệu.",
                              "the backup file must differ from the database file")
    if target.exists():
        raise ValidationError(f"Tệp {target} đã tồn tại; hãy chọn tên khác.",
                              f"{target} already exists; choose another name")
    if not target.parent.is_dir():
        raise ValidationError(f"Thư mục {target.parent} không tồn tại.",
                              f"folder {target.parent} does not exist")
    from inspector.services.backups import ATTACHMENTS, write_backup

    # The evidence goes beside it (content-addressed, shared by the backups of one folder),
    # the manifest with the audit anchor into FILE.json: restorable on another computer.
    write_backup(db, target, target.parent / ATTACHMENTS)
    return target
