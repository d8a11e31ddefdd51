"""The keyed audit chain on a real PostgreSQL server: an administrator keys the chain once, the
key lives in the workstations' secrets folders (never in the database), a chain recomputed with
the public algorithm is detected by the key alone, a workstation without the key writes nothing
and says so, and a key file carried to it is checked before it is installed.

Runs when ``INSPECTOR_TEST_PG`` names a database on the server (``scripts/test``); skipped
otherwise.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, text

from inspector.services import audit, audit_keys
from inspector.services import establishments as est
from inspector.services.actor import Actor
from inspector.services.errors import AuditKeyMissing, PermissionDenied, ValidationError
from inspector.services.maintenance import check_database
from inspector.services.setup import prepare_database
from inspector.store.engine import Database
from inspector.store.models import AuditEntry, Establishment
from tests.conftest import make_actor
from tests.pg import URL, fresh_database_url

pytestmark = pytest.mark.skipif(not URL, reason="INSPECTOR_TEST_PG is not set")

SHOP = est.EstablishmentInput(sector="distribution", name="Nhà sách Bình Minh",
                              owner_kind="organization")


@pytest.fixture()
def pg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    """A fresh server database; this workstation's secrets in a folder of its own."""
    monkeypatch.setenv("INSPECTOR_SECRETS", str(tmp_path / "workstation-a"))
    db = prepare_database(fresh_database_url("_key"))
    yield db
    db.dispose()
    audit._KEYS.clear()


def _other_workstation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same server seen from a second workstation: another secrets folder, nothing cached."""
    monkeypatch.setenv("INSPECTOR_SECRETS", str(tmp_path / "workstation-b"))
    audit._KEYS.clear()


def _checks(db: Database) -> dict[str, str]:
    return {r.name: ("ok" if r.ok else r.detail) for r in check_database(db, make_actor("admin"))
            .results}


def _recompute_unkeyed(db: Database, new_name: str) -> None:
    """What an editor with the URL does: change a recorded value and redo every hash with the
    public algorithm, head included."""
    with db.engine.begin() as conn:
        rows = conn.execute(select(
            AuditEntry.seq, AuditEntry.at, AuditEntry.user_login, AuditEntry.device,
            AuditEntry.entity, AuditEntry.entity_id, AuditEntry.action, AuditEntry.changes)
            .order_by(AuditEntry.seq)).all()
        prev = audit.GENESIS
        for seq, at, login, device, entity, entity_id, action, changes in rows:
            if entity == "establishments" and action == "create":
                changes = changes.replace(SHOP.name, new_name)
            digest = audit.entry_hash(seq, at, login, device, entity, entity_id, action,
                                      changes, prev)
            conn.execute(text("UPDATE audit_log SET changes = :c, prev_hash = :p, hash = :h "
                              "WHERE seq = :s"), {"c": changes, "p": prev, "h": digest, "s": seq})
            prev = digest
        conn.execute(text("UPDATE audit_head SET last_hash = :h"), {"h": prev})
        conn.execute(text("UPDATE establishments SET name = :n"), {"n": new_name})


def test_unkeyed_until_an_administrator_keys_it(pg: Database, operator: Actor) -> None:
    admin = make_actor("admin")
    assert not audit_keys.key_status(pg, admin).keyed
    est.add_establishment(pg, operator, SHOP)
    status = audit_keys.create_server_key(pg, admin)
    assert status.keyed and status.installed and status.key_from > 1
    est.add_establishment(pg, operator, SHOP)
    assert set(_checks(pg).values()) == {"ok"}
    with pg.engine.connect() as conn:
        chain = audit.chain_id_of(conn)
        last = conn.execute(select(AuditEntry.__table__).order_by(AuditEntry.seq.desc())
                            .limit(1)).one()
        keyed = conn.execute(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.seq >= status.key_from)).scalar_one()
    key = audit.load_key(chain)
    assert key is not None and keyed >= 2
    fields = (last.seq, last.at, last.user_login, last.device, last.entity, last.entity_id,
              last.action, last.changes, last.prev_hash)
    assert last.hash == audit.entry_hash(*fields, key.key) != audit.entry_hash(*fields)
    with pytest.raises(ValidationError, match="keyed already"):
        audit_keys.create_server_key(pg, admin)


def test_the_key_is_not_in_the_database(pg: Database, operator: Actor) -> None:
    audit_keys.create_server_key(pg, make_actor("admin"))
    with pg.engine.connect() as conn:
        key = audit.load_key(audit.chain_id_of(conn))
        assert key is not None
        dump = " ".join(str(v) for table in ("audit_log", "audit_head", "agency_settings")
                        for row in conn.execute(text(f"SELECT * FROM {table}")) for v in row)
    assert key.key.hex() not in dump


def test_a_chain_recomputed_without_the_key_is_detected_by_the_key_alone(
        pg: Database, operator: Actor) -> None:
    audit_keys.create_server_key(pg, make_actor("admin"))
    est.add_establishment(pg, operator, SHOP)
    _recompute_unkeyed(pg, "Nhà sách Đổi Tên")
    with pg.engine.connect() as conn:
        report = audit.verify_chain(conn, anchor={})  # no anchor: the key alone
    assert not report.ok
    assert any("does not match its hash" in p for p in report.problems)
    assert "audit_chain" in {n for n, v in _checks(pg).items() if v != "ok"}


def test_a_workstation_without_the_key_writes_nothing_until_it_is_installed(
        pg: Database, operator: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    admin = make_actor("admin")
    audit_keys.create_server_key(pg, admin)
    key_file = audit_keys.export_key(pg, admin, tmp_path / "server.key")
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"

    _other_workstation(tmp_path, monkeypatch)
    with pg.engine.connect() as conn:
        before = conn.execute(select(func.count()).select_from(Establishment)).scalar_one()
    with pytest.raises(AuditKeyMissing) as refused:
        est.add_establishment(pg, operator, SHOP)
    assert "chưa được cài khóa" in refused.value.vi
    with pg.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Establishment)).scalar_one() == before
    assert "not installed on this workstation" in _checks(pg)["audit_chain"]
    assert not audit_keys.key_status(pg, admin).installed

    forged = tmp_path / "forged.key"
    data = json.loads(key_file.read_text("utf-8"))
    forged.write_text(json.dumps({**data, "key": "00" * 32}), "utf-8")
    with pytest.raises(ValidationError, match="does not match"):
        audit_keys.install_key(pg, forged, lambda: admin)
    junk = tmp_path / "junk.txt"
    junk.write_text("not a key", "utf-8")
    with pytest.raises(ValidationError, match="not an Inspector audit key"):
        audit_keys.install_key(pg, junk, lambda: admin)

    with pytest.raises(PermissionDenied):  # an inspector's login does not install a key
        audit_keys.install_key(pg, key_file, lambda: make_actor("inspector"))
    assert not audit_keys.key_status(pg, admin).installed
    assert audit_keys.install_key(pg, key_file, lambda: admin).installed
    est.add_establishment(pg, operator, SHOP)
    assert set(_checks(pg).values()) == {"ok"}


def test_a_key_that_does_not_verify_the_chain_is_not_installed(
        pg: Database, operator: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    admin = make_actor("admin")
    audit_keys.create_server_key(pg, admin)
    est.add_establishment(pg, operator, SHOP)
    key_file = audit_keys.export_key(pg, admin, tmp_path / "server.key")
    _recompute_unkeyed(pg, "Nhà sách Đổi Tên")
    _other_workstation(tmp_path, monkeypatch)
    with pytest.raises(ValidationError, match="does not verify"):
        audit_keys.install_key(pg, key_file, lambda: admin)
    assert not audit_keys.key_status(pg, admin).installed


def test_the_cli_keys_exports_and_installs(pg: Database, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """``db audit-key`` as the administrator logs in on the server (a login is required)."""
    from inspector.services.users import add_user
    from tests.cli.test_cli_foundation import run

    add_user(pg, make_actor("admin"), "quantri", "Lục Văn Quân", "admin", "Mat-khau-9!")
    env = {"INSPECTOR_SECRETS": str(tmp_path / "workstation-a")}

    def cli(*args: str, secrets: dict[str, str] = env) -> tuple[int, str]:
        done = run("--db", pg.url, "--as", "quantri", "db", *args, stdin="Mat-khau-9!\n",
                   env=secrets)
        return done.returncode, done.stdout + done.stderr

    assert cli("audit-key", "status") == (0, cli("audit-key", "status")[1])
    assert "not keyed" in cli("audit-key", "status")[1]
    code, out = cli("audit-key", "create")
    assert code == 0 and "installed on this workstation" in out, out
    assert cli("audit-key", "export", str(tmp_path / "k.json"))[0] == 0
    other = {"INSPECTOR_SECRETS": str(tmp_path / "workstation-b")}
    code, out = cli("audit-key", "status", secrets=other)
    assert code == 1 and "NOT installed" in out, out
    code, out = cli("check", secrets=other)  # its login cannot be recorded: refused
    assert code == 2 and "does not hold the key" in out, out
    assert cli("audit-key", "install", str(tmp_path / "k.json"), secrets=other)[0] == 0
    code, out = cli("check", secrets=other)
    assert code == 0, out


def test_the_gui_keys_the_server_and_a_second_workstation_installs_at_login(
        pg: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
    """Cài đặt › Cơ sở dữ liệu: the administrator creates the key and exports it; on another
    workstation the login says why it cannot log in and installs the key from the file."""
    from PySide6.QtCore import Qt

    from inspector.services.users import add_user, authenticate
    from inspector.ui import support
    from inspector.ui.login import LoginDialog
    from inspector.ui.pages.settings import SettingsPage

    add_user(pg, make_actor("admin"), "quantri", "Lục Văn Quân", "admin", "Mat-khau-9!")
    quantri = authenticate(pg, "quantri", "Mat-khau-9!")
    monkeypatch.setattr(support.dialogs, "confirm", lambda *a: True)
    monkeypatch.setattr(support.dialogs, "info", lambda *a: None)
    key_path = tmp_path / "inspector-audit-key.json"
    monkeypatch.setattr(support.dialogs, "save_file", lambda *a: str(key_path))
    page = SettingsPage(pg, quantri)
    qtbot.addWidget(page)
    assert "chưa có khóa" in page.audit_key_label.text()
    assert page.create_key.isVisibleTo(page) and not page.export_key.isVisibleTo(page)
    qtbot.mouseClick(page.create_key, Qt.MouseButton.LeftButton)
    assert "máy này đã cài khóa" in page.audit_key_label.text()
    assert not page.create_key.isVisibleTo(page)
    qtbot.mouseClick(page.export_key, Qt.MouseButton.LeftButton)
    assert key_path.is_file()
    page.grab().save(str(tmp_path / "settings-audit-key.png"))

    _other_workstation(tmp_path, monkeypatch)
    dialog = LoginDialog(pg)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.login, "quantri")
    qtbot.keyClicks(dialog.password, "Mat-khau-9!")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is None and "chưa được cài khóa" in dialog.message.text()
    assert dialog.install_key.isVisible()
    dialog.grab().save(str(tmp_path / "login-key-missing.png"))
    monkeypatch.setattr(support.dialogs, "open_file", lambda *a: str(key_path))
    qtbot.mouseClick(dialog.install_key, Qt.MouseButton.LeftButton)
    assert dialog.actor is not None and dialog.actor.login == "quantri"
    assert audit_keys.key_status(pg, dialog.actor).installed
    if os.environ.get("INSPECTOR_SCREENSHOTS"):
        import shutil

        shutil.copy(tmp_path / "login-key-missing.png", "/tmp/login-key-missing.png")
        shutil.copy(tmp_path / "settings-audit-key.png", "/tmp/settings-audit-key.png")
