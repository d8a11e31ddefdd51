"""A server restored from a backup, seen from another workstation: its anchor is ahead of the
restored trail and its ``db check`` says so, naming the restore (recorded in the keyed trail);
an administrator resets the anchor there (CLI and service), the reset is itself an entry; an
anchor the restore does not explain — a trail cut after the restore — is never reset.

Runs when ``INSPECTOR_TEST_PG`` names a database on the server (``scripts/test``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select, text

from inspector.services import audit, audit_keys, backups
from inspector.services import establishments as est
from inspector.services.audit_restore import anchor_state, reset_after_restore
from inspector.services.errors import PermissionDenied, ValidationError
from inspector.services.maintenance import check_database
from inspector.services.setup import prepare_database
from inspector.store.engine import Database, open_database
from inspector.store.models import AuditEntry
from tests.conftest import make_actor
from tests.pg import URL, fresh_database_url

pytestmark = pytest.mark.skipif(not URL, reason="INSPECTOR_TEST_PG is not set")

ADMIN = make_actor("admin")


def _shop(name: str) -> est.EstablishmentInput:
    return est.EstablishmentInput(sector="distribution", name=name, owner_kind="organization")


class Desks:
    """Two workstations of one server: each its own secrets folder (key and anchor)."""

    def __init__(self, tmp: Path, monkeypatch: pytest.MonkeyPatch, url: str) -> None:
        self.tmp, self.monkeypatch, self.url = tmp, monkeypatch, url
        self.db: Database | None = None

    def at(self, desk: str) -> Database:
        if self.db is not None:
            self.db.dispose()
        self.monkeypatch.setenv("INSPECTOR_SECRETS", str(self.tmp / f"secrets-{desk}"))
        audit._KEYS.clear()
        self.db = open_database(self.url)
        return self.db

    def close(self) -> None:
        if self.db is not None:
            self.db.dispose()
            self.db = None


@pytest.fixture()
def desks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Desks]:
    url = fresh_database_url("_anchor")
    prepare_database(url).dispose()
    made = Desks(tmp_path, monkeypatch, url)
    db = made.at("a")
    audit_keys.create_server_key(db, ADMIN)  # a keyed server, as README sets it up
    key_file = audit_keys.export_key(db, ADMIN, tmp_path / "key.json")
    db = made.at("b")
    audit_keys.install_key(db, key_file, lambda: ADMIN)
    yield made
    made.close()
    audit._KEYS.clear()


def _chain(db: Database) -> str:
    result = next(r for r in check_database(db, ADMIN).results if r.name == "audit_chain")
    return "ok" if result.ok else result.detail


def _restore_from_a(desks: Desks, backup: Path) -> None:
    desks.at("a")
    desks.close()  # pg_restore is refused while any connection is open
    report = backups.restore_postgres(desks.url, ADMIN, backup)
    assert report.check_ok, report.check_lines


def test_after_a_restore_the_other_desk_is_told_and_its_anchor_is_reset(
        desks: Desks, tmp_path: Path) -> None:
    db = desks.at("a")
    est.add_establishment(db, make_actor("inspector"), _shop("Nhà sách Trước Sao Lưu"))
    backup = backups.backup_postgres(desks.url, ADMIN, tmp_path / "server.dump")
    db = desks.at("b")
    for n in range(3):  # work at desk B after the backup: B's anchor is ahead of it
        est.add_establishment(db, make_actor("inspector"), _shop(f"Nhà sách Sau {n}"))
    _restore_from_a(desks, backup)

    db = desks.at("a")
    assert _chain(db) == "ok"  # the desk that restored follows the restore
    db = desks.at("b")
    detail = _chain(db)
    assert audit.RESTORED_PROBLEM in detail, detail
    vi = next(r for r in check_database(db, ADMIN).results if r.name == "audit_chain").detail_vi
    assert "khôi phục từ bản sao lưu" in vi and "SỬA ĐỔI" not in vi
    state = anchor_state(db, make_actor("clerk"))
    assert state.state == "restored" and state.restored_to is not None
    assert state.anchor_seq > state.restored_to

    with pytest.raises(PermissionDenied):
        reset_after_restore(db, make_actor("chief"))
    reset_after_restore(db, ADMIN)
    assert _chain(db) == "ok"
    assert anchor_state(db, ADMIN).state == "ok"
    with db.engine.connect() as conn:
        actions = [a for (a,) in conn.execute(select(AuditEntry.action).where(
            AuditEntry.entity == "database").order_by(AuditEntry.seq))]
        reset = json.loads(conn.scalar(select(AuditEntry.changes).where(
            AuditEntry.action == audit.ANCHOR_RESET_ACTION)))
    assert actions == [audit.RESTORE_ACTION, audit.ANCHOR_RESET_ACTION]
    assert reset["old_seq"] == state.anchor_seq and reset["restore_entry"] == state.restore_seq
    with pytest.raises(ValidationError, match="already matches"):
        reset_after_restore(db, ADMIN)


def test_a_trail_cut_after_the_restore_is_not_explained_by_it(
        desks: Desks, tmp_path: Path) -> None:
    db = desks.at("a")
    est.add_establishment(db, make_actor("inspector"), _shop("Nhà sách Một"))
    backup = backups.backup_postgres(desks.url, ADMIN, tmp_path / "server.dump")
    _restore_from_a(desks, backup)
    db = desks.at("b")
    for n in range(3):  # desk B works after the restore: its anchor knows the restore
        est.add_establishment(db, make_actor("inspector"), _shop(f"Nhà sách Sau {n}"))
    with db.engine.begin() as conn:  # someone with the URL cuts the last two entries
        last = conn.scalar(text("SELECT max(seq) FROM audit_log"))
        conn.execute(text("DELETE FROM audit_log WHERE seq > :s"), {"s": last - 2})
        conn.execute(text("UPDATE audit_head SET last_seq = :s, last_hash = (SELECT hash FROM "
                          "audit_log WHERE seq = :s)"), {"s": last - 2})
    assert "anchor kept outside" in _chain(db)
    assert anchor_state(db, ADMIN).state == "broken"
    with pytest.raises(ValidationError, match="no restore explains"):
        reset_after_restore(db, ADMIN)
    assert "anchor kept outside" in _chain(db)


def test_the_cli_resets_the_anchor_after_a_restore(desks: Desks, tmp_path: Path) -> None:
    from tests.cli.test_cli_foundation import run

    db = desks.at("a")
    backup = backups.backup_postgres(desks.url, ADMIN, tmp_path / "server.dump")
    db = desks.at("b")
    est.add_establishment(db, make_actor("inspector"), _shop("Nhà sách Hai"))
    _restore_from_a(desks, backup)
    desks.at("b")
    desks.close()
    from inspector.services.users import add_user

    db = desks.at("a")
    add_user(db, ADMIN, "quantri", "Quản Trị", "admin", "mật-khẩu-dài-1")
    desks.at("b")
    desks.close()
    check = run("--db", desks.url, "--as", "quantri", "db", "check",
                stdin="mật-khẩu-dài-1\n")
    assert check.returncode == 1 and "restored from a backup" in check.stdout
    done = run("--db", desks.url, "--as", "quantri", "db", "anchor-reset",
               stdin="mật-khẩu-dài-1\n")
    assert done.returncode == 0, done.stderr
    assert "anchor reset" in done.stdout
    again = run("--db", desks.url, "--as", "quantri", "db", "check",
                stdin="mật-khẩu-dài-1\n")
    assert again.returncode == 0, again.stdout


def test_the_settings_page_offers_the_reset_after_a_restore(
        desks: Desks, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
    """Cài đặt › Cơ sở dữ liệu on desk B: the label says the server was restored and the
    button resets the anchor; once reset, the button is gone and db check passes."""
    from PySide6.QtCore import Qt

    from inspector.services.users import add_user, authenticate
    from inspector.ui import support
    from inspector.ui.pages.settings import SettingsPage

    db = desks.at("a")
    add_user(db, ADMIN, "quantri", "Lục Văn Quân", "admin", "Mat-khau-9!")
    backup = backups.backup_postgres(desks.url, ADMIN, tmp_path / "server.dump")
    db = desks.at("b")
    est.add_establishment(db, make_actor("inspector"), _shop("Nhà sách Ba"))
    _restore_from_a(desks, backup)
    db = desks.at("b")
    quantri = authenticate(db, "quantri", "Mat-khau-9!")
    asked: list[str] = []
    monkeypatch.setattr(support.dialogs, "confirm", lambda _w, _t, text: asked.append(text)
                        or True)
    page = SettingsPage(db, quantri)
    qtbot.addWidget(page)
    assert "khôi phục từ bản sao lưu" in page.audit_key_label.text()
    assert page.reset_anchor.isVisibleTo(page)
    page.audit_key_label.parentWidget().grab().save(str(tmp_path / "settings-anchor-restored.png"))
    qtbot.mouseClick(page.reset_anchor, Qt.MouseButton.LeftButton)
    assert asked and "được ghi vào nhật ký" in asked[0]
    assert not page.reset_anchor.isVisibleTo(page)
    assert "khôi phục" not in page.audit_key_label.text()
    assert _chain(db) == "ok"


def test_the_administrator_backs_up_and_restores_the_server_from_the_settings_page(
        desks: Desks, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
    """Cài đặt › Sao lưu và khôi phục máy chủ: pg_dump into a chosen file, then the restore of
    that file with the page's own connection closed first; the work done in between is gone
    and this desk's check passes."""
    from PySide6.QtCore import Qt

    from inspector.services.users import add_user, authenticate
    from inspector.ui import support
    from inspector.ui.pages.settings import SettingsPage

    db = desks.at("a")
    add_user(db, ADMIN, "quantri", "Lục Văn Quân", "admin", "Mat-khau-9!")
    quantri = authenticate(db, "quantri", "Mat-khau-9!")
    dump = tmp_path / "may-chu.dump"
    monkeypatch.setattr(support.dialogs, "save_file", lambda *a: str(dump))
    monkeypatch.setattr(support.dialogs, "open_file", lambda *a: str(dump))
    monkeypatch.setattr(support.dialogs, "confirm", lambda *a: True)
    shown: list[str] = []
    monkeypatch.setattr(support.dialogs, "info", lambda _w, _t, text: shown.append(text))
    page = SettingsPage(db, quantri)
    qtbot.addWidget(page)
    panel = page.server_backup_panel
    assert not hasattr(page, "backup_panel")
    qtbot.mouseClick(panel.backup_button, Qt.MouseButton.LeftButton)
    assert dump.is_file() and "Đã sao lưu máy chủ" in panel.result.text()
    est.add_establishment(db, make_actor("inspector"), _shop("Nhà sách Sau Sao Lưu"))
    qtbot.mouseClick(panel.restore_button, Qt.MouseButton.LeftButton)
    assert shown and "kiểm tra toàn vẹn đạt" in shown[-1], shown
    assert not [r for r in est.search_establishments(db, ADMIN, "Sau Sao Lưu")]
    panel.grab().save(str(tmp_path / "server-backup-panel.png"))
    assert _chain(db) == "ok"
