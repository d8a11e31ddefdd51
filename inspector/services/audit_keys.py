"""The audit chain's key on a PostgreSQL server: made once by an administrator, installed on
every workstation from a key file, never stored in the database.

On a local SQLite file the key is made on first use and kept in the installation's secrets
folder (``services.audit``). A server is shared: whoever holds its URL can edit every table, so
the key that makes a recomputed chain detectable must live outside it, on the workstations, as
the SQLite key does. ``create_server_key`` makes it, keeps it in this workstation's secrets
folder and appends one entry to the chain saying from which entry on the chain is keyed and by
which key (a fingerprint, not the key). ``export_key`` writes the key file an administrator
carries to the other workstations, ``install_key`` installs it there after checking that it is
this server's key and that the chain verifies with it. From then on a workstation without the
key refuses to write (``AuditKeyMissing``) and its ``db check`` says it cannot verify.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from inspector.domain.roles import Permission
from inspector.services import audit
from inspector.services.actor import Actor
from inspector.services.errors import ValidationError
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import AuditHead

FORMAT = "inspector-audit-key/1"


@dataclass(frozen=True)
class KeyStatus:
    keyed: bool  # the server's chain records a key
    installed: bool  # this workstation holds it (and it is the right one)
    key_from: int | None
    fingerprint: str | None

    def text_vi(self) -> str:
        if not self.keyed:
            return ("Nhật ký thay đổi trên máy chủ chưa có khóa: hãy tạo khóa rồi cài lên mọi "
                    "máy trạm.")
        if self.installed:
            return (f"Nhật ký có khóa từ mục {self.key_from}; máy này đã cài khóa "
                    f"(dấu {self.fingerprint}).")
        return "Nhật ký có khóa nhưng máy này chưa cài khóa: chưa ghi được dữ liệu."


def _server_only(db: Database) -> None:
    if db.is_sqlite:
        raise ValidationError(
            "Tệp SQLite tự có khóa nhật ký trên máy này; khóa chỉ cần tạo cho máy chủ "
            "PostgreSQL.",
            "a local SQLite file keys its audit chain by itself; this is for a PostgreSQL "
            "server")


def key_status(db: Database, actor: Actor) -> KeyStatus:
    actor.require(Permission.VIEW)
    with db.engine.connect() as conn:
        chain = audit.chain_id_of(conn)
        marker = audit.key_marker(conn, chain)
    if marker is None:
        return KeyStatus(False, False, None, None)
    key = audit.load_key(chain)
    ok = key is not None and audit.key_fingerprint(key.key) == marker.get("fingerprint")
    return KeyStatus(True, ok, marker.get("key_from"), marker.get("fingerprint"))


def create_server_key(db: Database, actor: Actor) -> KeyStatus:
    """Key the server's chain from its next entry on, in one transaction."""
    actor.require(Permission.MAINTAIN_DATABASE)
    _server_only(db)
    with UnitOfWork(db, actor) as uow:
        conn = uow.session.connection()
        # the head's row lock first: no other workstation appends until this commits
        conn.execute(update(AuditHead).where(AuditHead.id == 1)
                     .values(last_seq=AuditHead.last_seq))
        chain = audit.chain_id_of(conn)
        if chain is None:
            raise ValidationError("Nhật ký thay đổi còn trống; hãy nạp danh mục trước.",
                                  "the audit trail is empty; load the reference data first")
        if audit.key_marker(conn, chain) is not None:
            raise ValidationError(
                "Nhật ký trên máy chủ đã có khóa; hãy xuất khóa từ một máy đã cài và cài lên "
                "máy này.",
                "the server's audit trail is keyed already; export the key from a workstation "
                "that has it and install it here")
        seq = conn.execute(select(AuditHead.last_seq).where(AuditHead.id == 1)).scalar_one()
        made = audit.ChainKey(chain, secrets.token_bytes(32), seq + 1)
        audit._KEYS[chain] = made  # the marker below is the first keyed entry
        try:
            audit.append_entries(conn, actor, [audit.PendingEntry(
                "audit_chain", chain, audit.KEY_ENTRY,
                {"key_from": made.key_from, "fingerprint": audit.key_fingerprint(made.key)})])
            uow.commit()
        except BaseException:
            audit._KEYS.pop(chain, None)
            raise
    _store(made)
    return KeyStatus(True, True, made.key_from, audit.key_fingerprint(made.key))


def _store(key: audit.ChainKey) -> None:
    audit._write_private(audit._key_file(key.chain_id),
                         {"key": key.key.hex(), "key_from": key.key_from})
    audit._KEYS[key.chain_id] = key


def export_key(db: Database, actor: Actor, target: Path) -> Path:
    """Write this workstation's key of the server's chain to ``target`` (mode 0600)."""
    actor.require(Permission.MAINTAIN_DATABASE)
    _server_only(db)
    with db.engine.connect() as conn:
        chain = audit.chain_id_of(conn)
        marker = audit.key_marker(conn, chain)
    key = audit.load_key(chain)
    if marker is None or key is None:
        raise ValidationError("Máy này không có khóa nhật ký của máy chủ để xuất.",
                              "this workstation holds no audit key of this server to export")
    target = target.expanduser()
    if target.exists():
        raise ValidationError(f"Tệp {target} đã tồn tại; hãy chọn tên khác.",
                              f"{target} already exists; choose another name")
    if not target.parent.is_dir():
        raise ValidationError(f"Thư mục {target.parent} không tồn tại.",
                              f"folder {target.parent} does not exist")
    data = {"format": FORMAT, "chain_id": key.chain_id, "key": key.key.hex(),
            "key_from": key.key_from, "fingerprint": audit.key_fingerprint(key.key)}
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out)
    return target


def _read_key_file(source: Path) -> audit.ChainKey:
    bad = ValidationError("Tệp không phải tệp khóa nhật ký của Inspector.",
                          f"{source} is not an Inspector audit key file")
    try:
        raw: Any = json.loads(source.expanduser().read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationError(f"Không có tệp {source}.", f"no such file: {source}") from None
    except (OSError, ValueError):
        raise bad from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise bad
    try:
        key = bytes.fromhex(str(raw["key"]))
        key_from = int(raw["key_from"])
        chain = str(raw["chain_id"])
    except (KeyError, ValueError, TypeError):
        raise bad from None
    if len(key) != 32 or key_from < 2:
        raise bad
    return audit.ChainKey(chain, key, key_from)


def install_key(db: Database, source: Path, login: Callable[[], Actor]) -> KeyStatus:
    """Install a key file on this workstation: it must be this server's key and the chain
    must verify with it (a key that does not verify the chain is refused, nothing installed).

    A workstation without the key cannot even log in (a login is recorded in the trail), so
    the checked key is held in memory first, then ``login`` is called (it logs the
    administrator in, recorded with that key) and only an administrator's login writes the
    key file; any refusal leaves this workstation as it was."""
    _server_only(db)
    key = _read_key_file(source)
    with db.engine.connect() as conn:
        chain = audit.chain_id_of(conn)
        marker = audit.key_marker(conn, chain)
        if chain != key.chain_id or marker is None:
            raise ValidationError("Khóa này không phải khóa nhật ký của máy chủ này.",
                                  "this key file belongs to another database's audit trail")
        if marker.get("fingerprint") != audit.key_fingerprint(key.key) \
                or marker.get("key_from") != key.key_from:
            raise ValidationError("Khóa này không khớp khóa ghi trong nhật ký của máy chủ.",
                                  "this key does not match the key the server's trail records")
        previous = audit._KEYS.get(key.chain_id)
        audit._KEYS[key.chain_id] = key
        try:
            report = audit.verify_chain(conn, anchor={})
        except BaseException:
            _restore(key.chain_id, previous)
            raise
    if not report.ok:
        _restore(key.chain_id, previous)
        raise ValidationError(
            "Chuỗi nhật ký trên máy chủ không khớp khóa này: dữ liệu có thể đã bị sửa ngoài "
            "ứng dụng; chưa cài khóa.",
            "the server's audit chain does not verify with this key (" + "; ".join(
                report.problems[:3]) + "); nothing installed")
    try:
        login().require(Permission.MAINTAIN_DATABASE)
    except BaseException:
        _restore(key.chain_id, previous)
        raise
    _store(key)
    return KeyStatus(True, True, key.key_from, audit.key_fingerprint(key.key))


def _restore(chain: str, previous: audit.ChainKey | None) -> None:
    if previous is None:
        audit._KEYS.pop(chain, None)
    else:
        audit._KEYS[chain] = previous
