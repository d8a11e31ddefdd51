"""Planning an import: each record of a bundle against this database and the sync state.

A record is *added* (not here), *unchanged* (same content, or only this side changed it since
the two devices last met), *updated* (the sender changed it, this side did not) or a *conflict*
(both changed it since they last met), from the digests kept in
:class:`inspector.store.sync.SyncRecord`. A conflict carries the differing fields with both
values and the side chosen for each (``theirs`` or ``ours``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from inspector.services.bundles_export import (
    load_states,
    read_rows,
)
from inspector.services.bundles_format import (
    DELETABLE_KINDS,
    KIND_LABELS_VI,
    LATER_COLUMNS,
    MODELS,
    BundleError,
    digest,
    fields_of,
    table_of,
)
from inspector.services.bundles_zip import Incoming


@dataclass
class Conflict:
    kind: str
    id: str
    label: str
    fields: list[str]
    ours: dict[str, Any]
    theirs: dict[str, Any]
    resolution: dict[str, str] = field(default_factory=dict)

    @property
    def resolved(self) -> bool:
        return all(f in self.resolution for f in self.fields)

    def to_json(self) -> dict[str, Any]:
        out = {"record": f"{self.kind}/{self.id}", "kind": self.kind, "id": self.id,
               "label": self.label, "fields": self.fields, "ours": self.ours,
               "theirs": self.theirs}
        if self.resolution:
            out["resolution"] = self.resolution
        return out


def record_label(kind: str, data: dict[str, Any]) -> str:
    for name in ("name", "title", "login", "number_text", "provision_key", "original_name",
                 "kind"):
        value = data.get(name)
        if isinstance(value, str) and value:
            return f"{KIND_LABELS_VI[kind]} “{value}”"
    return f"{KIND_LABELS_VI[kind]} {data.get('id', '')[:8]}"


def refuse(kind: str, record_id: str, vi: str, en: str) -> BundleError:
    return BundleError(f"Gói dữ liệu bị từ chối: {KIND_LABELS_VI[kind].lower()} {record_id[:8]}…: "
                       f"{vi}", f"bundle refused: {kind} {record_id}: {en}")


@dataclass
class Planned:
    kind: str
    id: str
    action: str  # add, update, unchanged, conflict, kept_removed
    incoming: dict[str, Any]
    final: dict[str, Any]
    ours: dict[str, Any] | None = None
    conflict: Conflict | None = None
    d_in: str = ""
    d_final: str = ""

    def digests(self) -> tuple[str, str]:
        """The incoming and the final digest (computed once)."""
        if not self.d_in:
            self.d_in = digest(self.incoming)
        if not self.d_final:
            self.d_final = self.d_in if self.final is self.incoming else digest(self.final)
        return self.d_in, self.d_final

    @property
    def writes(self) -> bool:
        return self.action in ("add", "update") or (
            self.action == "conflict" and self.final != self.ours)


def local_rows(conn: Connection, kind: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    table = table_of(kind)
    out: dict[str, dict[str, Any]] = {}
    keys = [uuid.UUID(i) for i in ids]
    for start in range(0, len(keys), 500):
        for row in read_rows(conn, kind, table.c.id.in_(keys[start:start + 500])):
            out[row["id"]] = row
    return out


def plan_records(conn: Connection, bundle: Incoming, resolutions: dict[str, str],
                 removed: frozenset[tuple[str, uuid.UUID]] = frozenset()) -> list[Planned]:
    """What each record of the bundle does here. ``removed``: records this laptop removed and
    whose removal it still hands in; a register's package made before the register took the
    removal still carries them, and they stay removed (``kept_removed``, nothing written)."""
    source = bundle.manifest["source_device"]
    states = load_states(conn, source)
    items: list[Planned] = []
    for kind in MODELS:
        records = bundle.records.get(kind, [])
        seen: set[str] = set()
        for rec in records:
            if rec["id"] != rec["data"]["id"]:
                raise refuse(kind, rec["id"], "mã bản ghi không khớp nội dung",
                              "the id differs from the record's own id")
            if rec["id"] in seen:
                raise refuse(kind, rec["id"], "xuất hiện hai lần trong gói", "appears twice")
            seen.add(rec["id"])
        local = local_rows(conn, kind, [r["id"] for r in records])
        later = LATER_COLUMNS.get(kind, frozenset())
        for rec in records:
            ours = local.get(rec["id"])
            if ours is None and (kind, uuid.UUID(rec["id"])) in removed:
                items.append(Planned(kind, rec["id"], "kept_removed", rec["data"], rec["data"]))
                continue
            for name in later - rec["data"].keys():  # an older release's bundle: not a change
                rec["data"][name] = ours.get(name) if ours is not None else None
            items.append(_classify(kind, rec, local.get(rec["id"]),
                                   states.get((kind, uuid.UUID(rec["id"]))), resolutions))
    return items


def _classify(kind: str, rec: dict[str, Any], ours: dict[str, Any] | None,
              state: tuple[str, str] | None, resolutions: dict[str, str]) -> Planned:
    theirs = rec["data"]
    rid = rec["id"]
    if ours is None:
        return Planned(kind, rid, "add", theirs, theirs, None)
    d_in, d_local = digest(theirs), digest(ours)
    if d_in == d_local:
        return Planned(kind, rid, "unchanged", theirs, ours, ours, None, d_in, d_local)
    if state is not None:
        local_changed = d_local != state[1]
        remote_changed = d_in != state[0]
    else:  # never exchanged with this device: trust its base only if it is ours exactly
        local_changed = d_local != rec["base"]
        remote_changed = True
    if not remote_changed:
        return Planned(kind, rid, "unchanged", theirs, ours, ours, None, d_in, d_local)
    if not local_changed:
        return Planned(kind, rid, "update", theirs, theirs, ours, None, d_in, d_in)
    names = [n for n in fields_of(kind) if ours.get(n) != theirs.get(n)]
    conflict = Conflict(kind, rid, record_label(kind, ours), names,
                        {n: ours.get(n) for n in names}, {n: theirs.get(n) for n in names})
    for name in names:
        choice = resolutions.get(f"{rid}.{name}") or resolutions.get(rid)
        if choice:
            conflict.resolution[name] = choice
    final = dict(ours)
    for name, choice in conflict.resolution.items():
        if choice == "theirs":
            final[name] = theirs[name]
    return Planned(kind, rid, "conflict", theirs, final, ours, conflict)




DELETED_FIELD = "deleted"


@dataclass
class PlannedDeletion:
    """A record the laptop removed: applied when the register still holds the version both
    last agreed on; a conflict when the register changed it since (keep ``ours``, or delete it:
    ``theirs``); nothing to do when the register no longer has it."""

    kind: str
    id: str
    ours: dict[str, Any] | None
    conflict: Conflict | None = None

    @property
    def deletes(self) -> bool:
        if self.ours is None:
            return False
        return self.conflict is None or self.conflict.resolution.get(DELETED_FIELD) == "theirs"

    @property
    def kept(self) -> bool:
        """A conflict resolved "ours": the register keeps the record and sends it back."""
        return (self.conflict is not None
                and self.conflict.resolution.get(DELETED_FIELD) == "ours")


def plan_deletions(conn: Connection, bundle: Incoming,
                   resolutions: dict[str, str]) -> list[PlannedDeletion]:
    source = bundle.manifest["source_device"]
    states = load_states(conn, source)
    out: list[PlannedDeletion] = []
    seen: set[tuple[str, str]] = set()
    carried = {(k, r["id"]) for k, recs in bundle.records.items() for r in recs}
    for tomb in bundle.deletions:
        kind, rid = tomb["kind"], tomb["id"]
        if kind not in DELETABLE_KINDS:  # the schema says so too
            raise refuse(kind, rid, "không xóa được loại bản ghi này", "cannot be removed")
        if (kind, rid) in seen:
            raise refuse(kind, rid, "bị xóa hai lần trong gói", "is removed twice")
        if (kind, rid) in carried:
            raise refuse(kind, rid, "vừa được gửi vừa bị xóa trong cùng gói",
                          "is both carried and removed")
        seen.add((kind, rid))
        ours = local_rows(conn, kind, [rid]).get(rid)
        if ours is None:
            out.append(PlannedDeletion(kind, rid, None))
            continue
        state = states.get((kind, uuid.UUID(rid)))
        if state is None:
            raise refuse(kind, rid, "máy trạm không được xóa bản ghi Sở chưa từng trao đổi "
                          "với máy đó", "a laptop cannot remove a record it never exchanged")
        if digest(ours) == state[1]:
            out.append(PlannedDeletion(kind, rid, ours))
            continue
        conflict = Conflict(kind, rid, record_label(kind, ours), [DELETED_FIELD],
                            {DELETED_FIELD: False}, {DELETED_FIELD: True})
        choice = resolutions.get(f"{rid}.{DELETED_FIELD}") or resolutions.get(rid)
        if choice:
            conflict.resolution[DELETED_FIELD] = choice
        out.append(PlannedDeletion(kind, rid, ours, conflict))
    return out
