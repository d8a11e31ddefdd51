"""Importing a bundle: all or nothing, idempotent, conflict-aware, and keeping the rules.

Every record is classified against what this database holds and what it last agreed with the
sending device (:class:`inspector.store.sync.SyncRecord`): *added* (new here), *updated* (the
sender changed it and this side did not), *unchanged* (same content, or only this side changed
it), or a *conflict* (both sides changed it since they last met). A conflict is never resolved
silently: the import is refused until each conflicting field is given ``theirs`` or ``ours``
(``resolutions``); the choice is written into the audit entry of the record.

The whole import is one transaction. A dry run does all of it, then rolls back (and writes no
file), so the preview shows exactly what the import would do. Files are copied into the
attachment store before the commit and removed again if the transaction fails.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from inspector.domain.roles import Permission
from inspector.domain.text import sort_text
from inspector.services import attachments as att
from inspector.services import bundles_numbers
from inspector.services.actor import Actor
from inspector.services.agency import get_agency
from inspector.services.audit import _DIGESTED, PendingEntry, append_entries, digest_of
from inspector.services.bundles_export import (
    DELETED_DIGEST,
    forget_deleted,
    load_states,
    mark_acknowledged,
    removed_here,
    save_states,
    set_self,
)
from inspector.services.bundles_format import (
    DELETABLE_KINDS,
    LAPTOP,
    MODELS,
    REF_MODELS,
    BundleError,
    digest,
    fields_of,
    from_json,
    reference_version,
    table_of,
)
from inspector.services.bundles_plan import (
    Conflict,
    Planned,
    PlannedDeletion,
    plan_deletions,
    plan_records,
)
from inspector.services.bundles_rules import (
    check_deletions,
    check_identity,
    check_references,
    check_rules,
)
from inspector.services.bundles_zip import (
    Incoming,
    read_bundle,
)
from inspector.services.errors import ConflictError
from inspector.services.establishments import EstablishmentInput, _search_text
from inspector.services.law import law_data
from inspector.services.limits import check_rows
from inspector.services.uow import UnitOfWork
from inspector.store.base import utcnow
from inspector.store.engine import Database
from inspector.store.models import AttachmentContent
from inspector.store.sync import NumberBlock, SyncBundle, SyncRecord

#: The case states a laptop may set; anything after them is the register's (a decision).
_CHOICES = ("theirs", "ours")

@dataclass
class ImportSummary:
    bundle_id: uuid.UUID
    kind: str
    source_device: str
    added: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    deleted: Counter[str] = field(default_factory=Counter)
    conflicts: list[Conflict] = field(default_factory=list)
    already_imported: datetime | None = None
    dry_run: bool = False

    @property
    def unresolved(self) -> list[Conflict]:
        return [c for c in self.conflicts if not c.resolved]

    def to_json(self) -> dict[str, Any]:
        """The contract of ``bundle import --json`` (its four keys) and the removals a laptop
        handed in (``deleted``, from format 2)."""
        return {"added": dict(self.added), "updated": dict(self.updated),
                "unchanged": dict(self.unchanged),
                "conflicts": [c.to_json() for c in self.conflicts],
                "deleted": dict(self.deleted)}


class UnresolvedConflicts(ConflictError):
    """Records changed on both sides: nothing written until each field is given a side."""

    def __init__(self, summary: ImportSummary) -> None:
        n = len(summary.unresolved)
        first = summary.unresolved[0]
        super().__init__(
            f"{n} bản ghi đã được sửa ở cả hai nơi (đầu tiên: {first.label}, trường "
            f"{', '.join(first.fields)}); hãy chọn giữ bản nào cho từng trường. Chưa ghi gì.",
            f"{n} record(s) changed on both sides (first: {first.kind}/{first.id}, fields "
            f"{', '.join(first.fields)}); resolve with --resolve ID=theirs|ours (nothing written)")
        self.summary = summary


def parse_resolutions(values: list[str]) -> dict[str, str]:
    """``ID=theirs``, ``ID.field=ours`` (the CLI's ``--resolve``) as a mapping."""
    out: dict[str, str] = {}
    for text in values:
        key, sep, choice = text.partition("=")
        if not sep or choice.strip() not in _CHOICES or not key.strip():
            raise BundleError(f"Lựa chọn không hợp lệ: {text!r} (ID=theirs|ours).",
                              f"bad resolution {text!r}: use RECORD_ID[.FIELD]=theirs|ours")
        out[key.strip()] = choice.strip()
    return out

# --- writing --------------------------------------------------------------------------------

def _values(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    columns = fields_of(kind)
    out = {name: from_json(data[name], columns[name]) for name in columns}
    if kind == "establishments":
        est = EstablishmentInput(**{n: out[n] for n in EstablishmentInput.__dataclass_fields__})
        out["search_text"] = _search_text(est)
        out["name_sort"] = sort_text(out["name"])
    return out


def _write(s: Session, actor: Actor, bundle: Incoming, items: list[Planned],
           agency_id: uuid.UUID | None, files_written: list[str]) -> None:
    conn = s.connection()
    m = bundle.manifest
    source, bid = m["source_device"], bundle.bundle_id
    now = utcnow()
    entries: list[PendingEntry] = []
    provenance = {"bundle": str(bid), "source_device": source,
                  "source_audit_anchor": m["audit_anchor"]}
    for kind in MODELS:
        table = table_of(kind)
        adds, updates = [], []
        for item in items:
            if item.kind != kind:
                continue
            if item.action == "add":
                adds.append(item)
            elif item.writes:
                updates.append(item)
        rows = []
        for item in adds:
            values = _values(kind, item.final)
            values.update(updated_at=now, version=1)
            if kind == "violation_records":
                values.update(agency_id=agency_id, pdf=_pdf(bundle, item.final))
            rows.append(values)
            entries.append(PendingEntry(kind, item.id, "import_create",
                                        {**provenance, "values": _audited(values)}))
        if rows:
            check_rows(MODELS[kind], rows)  # the columns' own bounds, as a single add
            conn.execute(insert(table), rows)
        for item in updates:
            values = _values(kind, item.final)
            values.pop("id")
            if kind == "violation_records":
                values.update(pdf=_pdf(bundle, item.final))
            check_rows(MODELS[kind], [values])
            values.update(updated_at=now, version=table.c.version + 1)
            conn.execute(update(table).where(table.c.id == uuid.UUID(item.id)).values(**values))
            before = item.ours or {}
            changes = {n: {"old": _secret(n, before.get(n)), "new": _secret(n, v)}
                       for n, v in item.final.items() if before.get(n) != v}
            if kind == "violation_records" and "pdf" in values:
                changes["pdf"] = {"old": None, "new": _secret("pdf", values["pdf"])}
            extra = {"resolution": item.conflict.resolution} if item.conflict else {}
            entries.append(PendingEntry(kind, item.id, "import_update",
                                        {**provenance, "changes": changes, **extra}))
        if bundle.kind == LAPTOP and kind == "violation_records":
            assert agency_id is not None
            for item in adds + updates:
                d = item.final
                if d["number"] is not None:
                    bundles_numbers.claim_record_number(s, agency_id, source, d["year"],
                                                        d["number"], uuid.UUID(item.id))
    for item in items:
        if item.action == "conflict" and not item.writes:
            entries.append(PendingEntry(item.kind, item.id, "import_keep",
                                        {**provenance, "resolution": item.conflict.resolution
                                         if item.conflict else {}}))
    append_entries(conn, actor, entries)
    states = []
    known = load_states(conn, source)
    for i in items:
        d_in, d_final = i.digests()
        if known.get((i.kind, uuid.UUID(i.id))) == (d_in, d_final):
            continue  # agreed already; its provenance stays the bundle it first came in
        states.append({"entity": i.kind, "record_id": uuid.UUID(i.id), "peer_digest": d_in,
                       "local_digest": d_final, "source_device": source, "bundle_id": bid})
    save_states(conn, source, states)
    if bundle.files and not _dry(s):
        for sha in bundle.files:
            if _store_file(bundle, sha):
                files_written.append(sha)
        _sync_files(files_written)
        if att.keeps_contents(conn):  # a server register: the evidence goes into the database
            for sha in bundle.files:
                att.save_content(conn, sha, bundle.read_file(sha))


def _delete(s: Session, actor: Actor, bundle: Incoming,
            deletions: list[PlannedDeletion]) -> None:
    """Apply the laptop's removals, children first; each one audited with the values it had.
    A removal refused by a conflict kept "ours" goes back to the laptop as a correction."""
    if not deletions:
        return
    conn = s.connection()
    m = bundle.manifest
    source = m["source_device"]
    provenance = {"bundle": str(bundle.bundle_id), "source_device": source,
                  "source_audit_anchor": m["audit_anchor"]}
    entries: list[PendingEntry] = []
    sync = table_of(SyncRecord)
    order = {kind: n for n, kind in enumerate(reversed(DELETABLE_KINDS))}
    for item in sorted(deletions, key=lambda d: order[d.kind]):
        rid = uuid.UUID(item.id)
        if item.kept and item.ours is not None:
            save_states(conn, source, [{"entity": item.kind, "record_id": rid,
                                        "peer_digest": DELETED_DIGEST,
                                        "local_digest": digest(item.ours),
                                        "source_device": source, "bundle_id": bundle.bundle_id}])
            entries.append(PendingEntry(item.kind, item.id, "import_keep", {
                **provenance, "removed_on_laptop": True,
                "resolution": item.conflict.resolution if item.conflict else {}}))
            continue
        if not item.deletes or item.ours is None:
            continue
        table = table_of(item.kind)
        conn.execute(delete(table).where(table.c.id == rid))
        conn.execute(delete(sync).where(sync.c.peer == source, sync.c.entity == item.kind,
                                        sync.c.record_id == rid))
        if item.kind == "attachments" and att.keeps_contents(conn):
            sha = item.ours["sha256"]
            if conn.scalar(select(table.c.id).where(table.c.sha256 == sha).limit(1)) is None:
                conn.execute(delete(AttachmentContent).where(AttachmentContent.sha256 == sha))
        extra = {"resolution": item.conflict.resolution} if item.conflict else {}
        entries.append(PendingEntry(item.kind, item.id, "import_delete", {
            **provenance, "values": {k: _secret(k, v) for k, v in item.ours.items()}, **extra}))
    append_entries(conn, actor, entries)


def _pdf(bundle: Incoming, data: dict[str, Any]) -> bytes | None:
    sha = data.get("pdf_sha256")
    return bundle.read_file(sha) if sha and sha in bundle.files else None


def _dry(s: Session) -> bool:
    return bool(s.info.get("bundle_dry_run"))


def _store_file(bundle: Incoming, sha: str) -> bool:
    """Copy a file into the store under its hash (the only path ever used); True if new."""
    final = att.stored_path(sha)
    if final.is_file() and hashlib.sha256(final.read_bytes()).hexdigest() == sha:
        return False
    data = bundle.read_file(sha)
    final.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(dir=final.parent, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            if not hasattr(os, "sync"):
                out.flush()
                os.fsync(out.fileno())
        os.replace(tmp_name, final)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return True


def _sync_files(shas: list[str]) -> None:
    """The copied files reach the disk before the transaction commits: one ``sync`` for all of
    them where the system has it (500 separate fsyncs took 5 s), else each was fsynced."""
    if shas and hasattr(os, "sync"):
        os.sync()


def _register_side(s: Session, bundle: Incoming) -> None:
    """Laptop side of a register package: its name, its register, its blocks, the acks, the law."""
    m = bundle.manifest
    conn = s.connection()
    set_self(s, m["target_device"], m["source_device"])
    have = {(b.kind, b.year, b.first_number) for b in s.scalars(select(NumberBlock))}
    for b in m["number_blocks"]:
        if (b["kind"], b["year"], b["first"]) not in have:
            s.add(NumberBlock(device=m["target_device"], kind=b["kind"], year=b["year"],
                              first_number=b["first"], last_number=b["last"]))
    s.flush()
    if bundle.reference is not None and reference_version(conn) != m["reference_version"]:
        _replace_reference(s, bundle)


def _replace_reference(s: Session, bundle: Incoming) -> None:
    conn = s.connection()
    now = utcnow()
    counts = {}
    assert bundle.reference is not None
    for model in REF_MODELS:
        table = table_of(model)
        names = {c.name: c for c in table.columns
                 if c.name not in ("id", "created_at", "updated_at", "version")}
        rows = []
        for raw in bundle.reference.get(model.__tablename__, []):
            if set(raw) != set(names):
                raise BundleError("Danh mục pháp luật trong gói không đúng cấu trúc.",
                                  f"bundle refused: a {model.__tablename__} row has the wrong "
                                  "fields")
            try:
                values = {n: from_json(v, names[n]) for n, v in raw.items()}
            except (TypeError, ValueError) as exc:
                raise BundleError("Danh mục pháp luật trong gói không hợp lệ.",
                                  f"bundle refused: bad {model.__tablename__} row ({exc})") \
                    from None
            rows.append({**values, "id": uuid.uuid4(), "created_at": now, "updated_at": now,
                         "version": 1})
        conn.execute(delete(table))
        if rows:
            check_rows(model, rows)
            conn.execute(insert(table), rows)
        counts[model.__tablename__] = len(rows)
    if reference_version(conn) != bundle.manifest["reference_version"]:
        raise BundleError("Danh mục pháp luật trong gói không khớp phiên bản ghi trong bản kê.",
                          "bundle refused: the reference data does not match its version")
    append_entries(conn, s.info.get("actor"), [PendingEntry(
        "reference", bundle.manifest["reference_version"][7:47], "reference_replace",
        {"bundle": str(bundle.bundle_id), "counts": counts})])


# --- the use case ---------------------------------------------------------------------------

def import_bundle(db: Database, actor: Actor, path: os.PathLike[str] | str, *,
                  dry_run: bool = False,
                  resolutions: dict[str, str] | None = None) -> ImportSummary:
    """Import a bundle (or, with ``dry_run``, say what importing it would do)."""
    actor.require(Permission.VIEW)
    bundle = read_bundle(path)  # type: ignore[arg-type]
    try:
        return _import(db, actor, bundle, dry_run, resolutions or {})
    finally:
        bundle.close()


def _import(db: Database, actor: Actor, bundle: Incoming, dry_run: bool,
            resolutions: dict[str, str]) -> ImportSummary:
    m = bundle.manifest
    actor.require(Permission.EXPORT_TALLIES if bundle.kind == LAPTOP
                  else Permission.EDIT_FIELD_WORK)
    summary = ImportSummary(bundle.bundle_id, bundle.kind, m["source_device"], dry_run=dry_run)
    catalog = law_data(db).catalog if bundle.kind == LAPTOP else None
    agency = get_agency(db, actor)
    if bundle.kind == LAPTOP and agency.id is None:
        raise BundleError("Chưa khai báo cơ quan; hãy vào Cài đặt trước.",
                          "the agency is not configured yet")
    files_written: list[str] = []
    try:
        with UnitOfWork(db, actor) as uow:
            s = uow.session
            s.info["bundle_dry_run"] = dry_run
            conn = s.connection()
            done = s.scalar(select(SyncBundle.processed_at).where(
                SyncBundle.bundle_id == bundle.bundle_id, SyncBundle.direction == "in"))
            if done is not None:
                summary.already_imported = done
                summary.unchanged.update({k: v for k, v in m["counts"].items() if v})
                return summary
            check_identity(s, bundle)
            if bundle.kind != LAPTOP:  # what the register has taken is agreed before comparing
                mark_acknowledged(conn, m["source_device"], bundle.acknowledged)
                if not dry_run:
                    forget_deleted(conn, m["source_device"], bundle.acknowledged,
                                   {(k, uuid.UUID(r["id"])) for k, recs in bundle.records.items()
                                    for r in recs})
            removed: frozenset[tuple[str, uuid.UUID]] = frozenset()
            if bundle.kind != LAPTOP:  # removals made here, not yet taken by the register
                removed = frozenset((kind, rid) for kind, rid, _base in removed_here(
                    conn, m["source_device"], load_states(conn, m["source_device"])))
            items = plan_records(conn, bundle, resolutions, removed)
            deletions = plan_deletions(conn, bundle, resolutions)
            for gone in deletions:
                if gone.conflict is not None:
                    summary.conflicts.append(gone.conflict)
                if gone.deletes:
                    summary.deleted[gone.kind] += 1
                elif gone.kept or gone.ours is None:
                    summary.unchanged[gone.kind] += 1
            for item in items:
                if item.action == "conflict":
                    assert item.conflict is not None
                    summary.conflicts.append(item.conflict)
                    if not item.conflict.resolved:
                        continue  # listed once, under conflicts
                    if not item.writes:
                        summary.unchanged[item.kind] += 1
                    else:
                        summary.updated[item.kind] += 1
                elif item.action == "add":
                    summary.added[item.kind] += 1
                elif item.action == "update":
                    summary.updated[item.kind] += 1
                else:
                    summary.unchanged[item.kind] += 1
            unknown = set(resolutions) - {c.id for c in summary.conflicts} - {
                f"{c.id}.{f}" for c in summary.conflicts for f in c.fields}
            if unknown:
                key = sorted(unknown)[0]
                raise BundleError(f"“{key}” không phải bản ghi xung đột trong gói này.",
                                  f"--resolve {key}: not a conflict in this bundle")
            if summary.unresolved and not dry_run:
                raise UnresolvedConflicts(summary)
            # A dry run previews unresolved conflicts as kept: nothing of theirs is checked.
            writable = [i for i in items if i.action != "kept_removed" and (
                i.action != "conflict" or i.conflict is None or i.conflict.resolved)]
            check_references(conn, bundle, writable)
            if bundle.kind == LAPTOP:
                check_rules(s, bundle, writable, catalog,
                             load_states(conn, m["source_device"]))
                check_deletions(conn, deletions)
            else:
                _register_side(s, bundle)
            _write(s, actor, bundle, writable, agency.id, files_written)
            _delete(s, actor, bundle, deletions)
            s.add(SyncBundle(bundle_id=bundle.bundle_id, direction="in", kind=bundle.kind,
                             source_device=m["source_device"], target_device=m["target_device"],
                             created_at=datetime.fromisoformat(m["created_at"]),
                             user_login=actor.login, manifest_sha256=bundle.manifest_sha256,
                             summary=summary.to_json()))
            s.flush()
            if not dry_run:
                uow.commit()
    except IntegrityError as exc:
        _remove(files_written)
        raise BundleError("Gói dữ liệu vi phạm ràng buộc của cơ sở dữ liệu; không ghi gì.",
                          f"bundle refused: it breaks a database constraint ({exc.orig})") \
            from None
    except ConflictError as exc:
        _remove(files_written)
        if isinstance(exc.__cause__, IntegrityError):
            raise BundleError("Gói dữ liệu vi phạm ràng buộc của cơ sở dữ liệu; không ghi gì.",
                              f"bundle refused: it breaks a database constraint "
                              f"({exc.__cause__.orig})") from None
        raise
    except BaseException:
        _remove(files_written)
        raise
    return summary


def _remove(shas: list[str]) -> None:
    for sha in shas:
        att.stored_path(sha).unlink(missing_ok=True)


def _secret(name: str, value: Any) -> Any:
    """Password hashes and PDFs go into the trail as their digests, as every other writer's."""
    if name in _DIGESTED and value not in (None, b"", ""):
        return digest_of(value)
    return value


def _audited(values: dict[str, Any]) -> dict[str, Any]:
    """The values of a new row as the audit trail keeps them (JSON, secrets digested)."""
    from inspector.services.bundles_format import to_json

    return {k: _secret(k, v) if k in _DIGESTED else to_json(v) for k, v in values.items()
            if k not in ("updated_at", "version")}
