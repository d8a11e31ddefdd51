"""Cài đặt › Sao lưu và khôi phục, driven by mouse: back up now, keep-days, restore."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QSpinBox
from pytestqt.qtbot import QtBot

from inspector.services import backups
from inspector.services import establishments as est
from inspector.services.actor import Actor
from inspector.services.maintenance import check_database
from inspector.store.engine import Database
from inspector.ui.main_window import MainWindow, page_index
from inspector.ui.pages.backup_panel import BackupPanel
from inspector.ui.pages.settings import SettingsPage
from tests.gui.conftest import RecordingDialogs


def _names(db: Database, actor: Actor) -> set[str]:
    return {r.name for r in est.search_establishments(db, actor, "Đại lý")}


def test_backup_now_and_restore_from_the_settings_page(
        qtbot: QtBot, db: Database, admin: Actor, recorded_dialogs: RecordingDialogs,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window = MainWindow(db, admin)
    qtbot.addWidget(window)
    window.navigation.setCurrentRow(page_index(SettingsPage))
    page = window.page(SettingsPage)
    panel = page.findChild(BackupPanel, "backupPanel")
    assert panel is not None
    est.add_establishment(db, admin, est.EstablishmentInput(
        sector="internet", name="Đại lý Trước", owner_kind="organization"))
    qtbot.mouseClick(panel.findChild(QPushButton, "backupNow"), Qt.MouseButton.LeftButton)
    assert panel.items.rowCount() >= 1 and "Đã sao lưu" in panel.result.text()
    made = backups.list_backups()[0].path
    est.add_establishment(db, admin, est.EstablishmentInput(
        sector="internet", name="Đại lý Sau", owner_kind="organization"))
    monkeypatch.setattr(panel, "choose_file", lambda: str(made))
    recorded_dialogs.answer = False
    qtbot.mouseClick(panel.findChild(QPushButton, "restoreDb"), Qt.MouseButton.LeftButton)
    assert "Đại lý Sau" in _names(db, admin)  # said no: nothing restored
    recorded_dialogs.answer = True
    qtbot.mouseClick(panel.findChild(QPushButton, "restoreDb"), Qt.MouseButton.LeftButton)
    assert "kiểm tra toàn vẹn đạt" in panel.result.text(), recorded_dialogs.shown
    assert _names(db, admin) == {"Đại lý Trước"}  # the same Database object goes on working
    assert check_database(db, admin).ok
    spin = panel.findChild(QSpinBox, "keepDays")
    spin.setValue(12)
    qtbot.mouseClick(panel.findChild(QPushButton, "saveBackupPolicy"), Qt.MouseButton.LeftButton)
    assert backups.load_policy().keep_days == 12 and "12 ngày" in panel.policy_label.text()
    backups.save_policy(admin, backups.DEFAULT_KEEP_DAYS)


def test_a_bad_backup_is_refused_in_vietnamese(
        qtbot: QtBot, db: Database, admin: Actor, recorded_dialogs: RecordingDialogs,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    panel = BackupPanel(db, admin)
    qtbot.addWidget(panel)
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database" * 100)
    monkeypatch.setattr(panel, "choose_file", lambda: str(bad))
    qtbot.mouseClick(panel.findChild(QPushButton, "restoreDb"), Qt.MouseButton.LeftButton)
    kind, text = recorded_dialogs.shown[-1]
    assert kind == "warning" and "sao lưu" in text
