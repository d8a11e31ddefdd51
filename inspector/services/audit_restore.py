"""A server restored from a backup, seen from its other workstations.

Each workstation anchors the server's chain (its last sequence and hash) in its own secrets
folder after each of its commits. A restore takes the server back in time: the anchors of the
other workstations then name entries the trail no longer holds, and their ``db check`` reports
it, as it reports a trail cut by an editor. What tells the two apart is the entry the restore
appends to the restored trail — who restored, when, from which backup, back to which entry —
keyed like every other entry, so an editor with the server's URL cannot forge it. An anchor
written before that entry and ahead of the entry restored to is explained by it; an
administrator then resets the workstation's anchor, and the reset is itself an entry of the
trail. An anchor written after the restore (it names the restore entry) is never explained by
it: a trail cut after a restore is still reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from inspector.domain.roles import Permission
from inspector.services import audit
from inspector.services.actor import Actor
from inspector.services.errors import ValidationError
from inspector.store.engine import Database
from inspector.store.models import AuditEntry, AuditHead


def record_restore(conn: Connection, actor: Actor, backup_name: str) -> int:
    """Append, inside the caller's transaction, the entry that says the database was restored:
    back to which entry (the restored head) and from which backup. Returns its sequence."""
    head = conn.execute(select(AuditHead.last_seq, AuditHead.last_hash)
                        .where(AuditHead.id == 1)).first()
    restored_seq, restored_hash = (head[0], head[1]) if head else (0, audit.GENESIS)
    audit.append_entries(conn, actor, [audit.PendingEntry(
        "database", audit.RESTORE_ID, audit.RESTORE_ACTION,
        {"restored_seq": restored_seq, "restored_hash": restored_hash,
         "backup": backup_name})])
    return restored_seq + 1


@dataclass(frozen=True)
class AnchorState:
    """This workstation's anchor against the trail: ``ok`` (it matches or there is none),
    ``restored`` (a restore made after it explains the difference) or ``broken``."""

    state: str
    anchor_seq: int
    restore_seq: int | None = None
    restored_to: int | None = None

    def text_vi(self) -> str:
        if self.state == "restored":
            return (f"Máy chủ đã được khôi phục từ bản sao lưu (mục {self.restore_seq} của nhật "
                    f"ký, trở về mục {self.restored_to}); mốc nhật ký của máy này ghi từ trước "
                    "lần khôi phục và cần được đặt lại.")
        if self.state == "broken":
            return ("Mốc nhật ký của máy này không khớp nhật ký trên máy chủ, và không lần khôi "
                    "phục nào giải thích: nhật ký có thể đã bị cắt bớt hoặc sửa.")
        return "Mốc nhật ký của máy này khớp nhật ký trên máy chủ."


def _chain_without_anchor(conn: Connection) -> audit.ChainReport:
    """The trail verified by itself (links, hashes, key), not against this workstation's anchor."""
    return audit.verify_chain(conn, anchor={})


def anchor_state(db: Database, actor: Actor) -> AnchorState:
    actor.require(Permission.VIEW)
    with db.engine.connect() as conn:
        anchor = audit.read_anchor(audit.location_of(conn))
        seq = int(anchor.get("last_seq") or 0) if anchor else 0
        there = conn.scalar(select(AuditEntry.hash).where(AuditEntry.seq == seq))
        if not anchor or seq == 0 or there == anchor.get("last_hash"):
            return AnchorState("ok", seq)  # the whole chain is db check's business
        explained = audit.restore_explains(conn, anchor)
    if explained is None:
        return AnchorState("broken", seq)
    return AnchorState("restored", seq, explained[0], explained[1].get("restored_seq"))


def reset_after_restore(db: Database, actor: Actor) -> AnchorState:
    """Anchor this workstation at the server's head after a restore explains the difference:
    the trail must verify by itself, and the reset is recorded in it (the old anchor kept)."""
    actor.require(Permission.MAINTAIN_DATABASE)
    state = anchor_state(db, actor)
    if state.state == "ok":
        raise ValidationError("Mốc nhật ký của máy này đã khớp nhật ký; không cần đặt lại.",
                              "this workstation's anchor already matches the trail")
    if state.state == "broken":
        raise ValidationError(
            "Không đặt lại mốc nhật ký: không lần khôi phục nào giải thích sự khác biệt; nhật ký "
            "có thể đã bị cắt bớt hoặc sửa.",
            "anchor not reset: no restore explains the difference; the trail may have been cut "
            "or edited")
    with db.engine.connect() as conn:
        alone = _chain_without_anchor(conn)
    if not alone.ok:
        raise ValidationError(
            "Không đặt lại mốc nhật ký: nhật ký trên máy chủ không đạt kiểm tra (xem Kiểm tra "
            "toàn vẹn).",
            "anchor not reset: the trail fails its own check: " + "; ".join(alone.problems[:3]))
    with db.engine.begin() as conn:
        anchor: dict[str, Any] = audit.read_anchor(audit.location_of(conn)) or {}
        audit.append_entries(conn, actor, [audit.PendingEntry(
            "database", "anchor", audit.ANCHOR_RESET_ACTION,
            {"workstation": actor.device, "old_seq": anchor.get("last_seq"),
             "old_hash": anchor.get("last_hash"), "restore_entry": state.restore_seq})])
        conn.info.pop("audit_pending", None)  # written below, from the committed head
    with db.engine.connect() as conn:
        audit.reset_anchor(conn)
    return state
