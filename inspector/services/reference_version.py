"""Law updates reach databases already in use: the edition of the reference data.

Why (issue 9 §6): reference data used to be loaded into an empty database only, so a corrected
bracket or a decree's end date shipped in a new release never reached a laptop in use, and a
successor decree looked in force beside its predecessor. Each shipped set now has an edition
(``db/reference/manifest.json``: a human version and label) and a digest of its records; the
database stores the edition it holds and the digest of every shipped record as last loaded.

Opening a database whose edition is older upgrades it in one audited transaction: records
the database lacks are inserted, shipped records the administrator has not touched are updated
(a new end date is reported as end-dating), records an administrator edited in the app are
kept and reported as conflicts, and nothing is deleted (a record dropped from the shipped set
is kept and reported: a case may refer to it).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from inspector.domain.refdata import reference_dir
from inspector.domain.roles import Permission
from inspector.services.actor import Actor
from inspector.services.reference import (
    _MODELS,
    KEY_COLUMN,
    ReferenceDataError,
    _values,
    shipped_records,
)
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.reference import ReferenceState

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"

#: Vietnamese names of the reference tables, for what the Danh mục page reports.
TABLE_LABELS_VI = {
    "ref_instruments": "văn bản", "ref_provisions": "điều khoản", "ref_signer_caps": "thẩm quyền",
    "ref_circumstances": "tình tiết", "ref_procedure_rules": "quy tắc thủ tục",
    "ref_holidays": "ngày nghỉ",
}

_END_FIELDS = ("effective_until", "valid_until")


def record_digest(record: Any) -> str:
    """SHA-256 of a record's canonical JSON (key order and spacing do not matter)."""
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Edition:
    """A set of reference data: its version, label, digest, records and record digests."""

    version: str
    label: str
    digest: str
    records: dict[str, dict[str, dict[str, Any]]] = field(repr=False)
    digests: dict[str, dict[str, str]] = field(repr=False)


def _version_tuple(version: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in version.split("."))
    except ValueError:
        raise ReferenceDataError(
            f"Phiên bản danh mục không hợp lệ: {version!r} (dạng 2026.12.1).",
            f"bad reference data version {version!r} (expected e.g. 2026.12.1)") from None


def shipped_edition(directory: Path | None = None) -> Edition:
    """The shipped edition: ``manifest.json`` (version, label) and the digest of its records."""
    directory = directory or reference_dir()
    path = directory / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        version, label = str(manifest["version"]), str(manifest.get("label", ""))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ReferenceDataError(
            f"Thiếu hoặc hỏng tệp {MANIFEST} của danh mục: {exc}",
            f"{MANIFEST} of the reference data is missing or invalid: {exc}") from exc
    _version_tuple(version)
    records = shipped_records(directory)
    digests: dict[str, dict[str, str]] = {}
    for name, by_key in records.items():
        table = _MODELS[name].__tablename__
        digests[table] = {key: record_digest(r) for key, r in by_key.items()}
    whole = record_digest({t: sorted(d.items()) for t, d in sorted(digests.items())})
    return Edition(version, label, whole, records, digests)


@dataclass(frozen=True)
class Change:
    """One record the upgrade touched (or could not): ``kind`` is added, updated, end_dated,
    conflict (an administrator's edit kept) or withdrawn (dropped from the shipped set, kept)."""

    kind: str
    table: str
    key: str

    def line_vi(self) -> str:
        what = TABLE_LABELS_VI.get(self.table, self.table)
        text = {
            "added": "thêm", "updated": "cập nhật", "end_dated": "kết thúc hiệu lực",
            "conflict": "giữ bản quản trị viên đã sửa (khác bản phát hành mới)",
            "withdrawn": "không còn trong bản phát hành, vẫn giữ",
        }[self.kind]
        return f"{what} {self.key}: {text}"


@dataclass(frozen=True)
class UpgradeReport:
    from_version: str | None
    to_version: str
    label: str
    changes: tuple[Change, ...] = ()
    skipped: str = ""

    def count(self, kind: str) -> int:
        return sum(1 for c in self.changes if c.kind == kind)

    @property
    def conflicts(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind == "conflict")

    def summary_vi(self) -> str:
        if self.skipped:
            return self.skipped
        head = (f"Danh mục pháp luật phiên bản {self.to_version}"
                + (f" (trước: {self.from_version})" if self.from_version else "") + ": ")
        parts = [f"{self.count(k)} {label}" for k, label in (
            ("added", "bản ghi thêm mới"), ("updated", "cập nhật"),
            ("end_dated", "kết thúc hiệu lực"), ("conflict", "xung đột với chỉnh sửa của quản "
                                                             "trị viên (giữ nguyên)"),
            ("withdrawn", "không còn trong bản phát hành (giữ nguyên)")) if self.count(k)]
        return head + (", ".join(parts) if parts else "không có thay đổi") + "."

    def summary_en(self) -> str:
        if self.skipped:
            return f"reference data not changed: {self.skipped}"
        counts = ", ".join(f"{k} {self.count(k)}" for k in
                           ("added", "updated", "end_dated", "conflict", "withdrawn"))
        return f"reference data {self.from_version or '-'} -> {self.to_version}: {counts}"


@dataclass(frozen=True)
class EditionInUse:
    version: str | None
    label: str
    digest: str | None


def edition_in_use(db: Database) -> EditionInUse:
    """The edition of the reference data the database holds (None before the first load)."""
    with UnitOfWork(db, None) as uow:
        state = uow.session.scalar(select(ReferenceState).limit(1))
        if state is None:
            return EditionInUse(None, "", None)
        return EditionInUse(state.ref_version, state.label, state.digest)


def needs_upgrade(db: Database, directory: Path | None = None) -> bool:
    """True when the shipped edition differs from the database's and is not older."""
    edition = shipped_edition(directory)
    current = edition_in_use(db)
    if current.digest == edition.digest:
        return False
    return current.version is None or (
        _version_tuple(edition.version) >= _version_tuple(current.version))


def _ends(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """The change gives the record an end date it did not have (or an earlier one)."""
    for name in _END_FIELDS:
        before, after = old.get(name), new.get(name)
        if after and (not before or str(after) < str(before)):
            return True
    return False


def upgrade_reference(db: Database, actor: Actor, directory: Path | None = None) -> UpgradeReport:
    """Bring the database's reference data to the shipped edition, in one audited transaction.

    Never overwrites a record an administrator edited (reported as a conflict), never deletes;
    refuses to go back to an older edition than the database holds.
    """
    actor.require(Permission.MANAGE_CATALOG)
    edition = shipped_edition(directory)
    changes: list[Change] = []
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        state = s.scalar(select(ReferenceState).limit(1))
        before = state.ref_version if state else None
        if state is not None and _version_tuple(state.ref_version) > _version_tuple(
                edition.version):
            return UpgradeReport(before, edition.version, edition.label, skipped=(
                f"Cơ sở dữ liệu đang dùng danh mục phiên bản {state.ref_version}, mới hơn bản "
                f"phát hành {edition.version}: không thay đổi."))
        base: dict[str, dict[str, str]] = dict(state.record_digests) if state else {}
        stored: dict[str, dict[str, str]] = {}
        for name, records in edition.records.items():
            model = _MODELS[name]
            table = model.__tablename__
            column = KEY_COLUMN[model]
            rows: dict[str, Any] = {str(getattr(r, column)): r
                                    for r in s.scalars(select(model))}
            last_loaded = base.get(table, {})
            kept: dict[str, str] = {}
            for key, record in records.items():
                sha = edition.digests[table][key]
                row = rows.get(key)
                if row is None:
                    s.add(model(**_values(model, record, key)))
                    changes.append(Change("added", table, key))
                    kept[key] = sha
                    continue
                current = record_digest(row.data)
                if current == sha:
                    kept[key] = sha
                    continue
                last = last_loaded.get(key)
                # Untouched since it was loaded: its data is the shipped record of then (a
                # database loaded before editions were recorded: never updated since insert).
                untouched = current == last if last is not None else row.version == 1
                if not untouched:
                    changes.append(Change("conflict", table, key))
                    kept[key] = last or sha
                    continue
                old = dict(row.data)
                for attr, value in _values(model, record, key).items():
                    setattr(row, attr, value)
                changes.append(Change("end_dated" if _ends(old, record) else "updated", table,
                                      key))
                kept[key] = sha
            for key in rows:
                if key not in records and key in last_loaded:
                    changes.append(Change("withdrawn", table, key))
            stored[table] = kept
        if state is None:
            s.add(ReferenceState(ref_version=edition.version, label=edition.label,
                                 digest=edition.digest, record_digests=stored))
        else:
            state.ref_version, state.label, state.digest = (edition.version, edition.label,
                                                            edition.digest)
            state.record_digests = stored
        uow.commit()
    report = UpgradeReport(before, edition.version, edition.label, tuple(changes))
    log.info("%s", report.summary_en())
    return report
