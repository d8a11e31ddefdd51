"""The session as a user meets it: the login window before the database layer, log out and
switch user without restarting, the idle lock; Qt's own dialogs in Vietnamese."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from inspector.services.actor import Actor
from inspector.services.users import add_user
from inspector.store.engine import Database
from inspector.ui.login import LockDialog, LoginDialog
from inspector.ui.main_window import MainWindow
from inspector.ui.session import Session

ROOT = Path(__file__).resolve().parents[2]


def _log_in(qtbot: QtBot, session: Session, login: str, password: str) -> MainWindow:
    dialog = session.dialog
    assert isinstance(dialog, LoginDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.login, login)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.window is not None and session.window.isVisible(),
                    timeout=10_000)
    assert session.window is not None
    return session.window


@pytest.mark.qt_log_ignore("does not support raise")
def test_item6_log_out_and_switch_user_without_restarting(
        qtbot: QtBot, db_path: Path, db: Database, admin: Actor) -> None:
    """The login shows before the database is open; the admin logs out from the status bar and
    the chief logs in, in the same process."""
    add_user(db, admin, "truong", "Hoàng Văn Giám", "chief", "mat-khau-2")
    db.dispose()
    session = Session(str(db_path))
    session.start()
    assert isinstance(session.dialog, LoginDialog) and session.dialog.isVisible()
    window = _log_in(qtbot, session, "admin", "mat-khau-1")  # typed while it may be loading
    assert window.actor.login == "admin"
    qtbot.mouseClick(window.logout_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible() and session.window is None
    second = _log_in(qtbot, session, "truong", "mat-khau-2")
    assert second is not window and second.actor.role == "chief"
    from PySide6.QtWidgets import QLabel

    assert "Hoàng Văn Giám" in second.findChild(QLabel, "statusUser").text()
    second.close()
    session.dispose()


@pytest.mark.qt_log_ignore("does not support raise")
def test_item6_idle_lock_hides_the_work_until_the_password(
        qtbot: QtBot, db: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """After the idle time every window hides behind the lock; a wrong password is refused,
    the right one brings the window back; "Đăng nhập người khác" logs out."""
    session = Session(None, db)
    monkeypatch.setattr(session, "idle_limit_ms", lambda: 50)
    session.idle_check.setInterval(20)
    window = session.open_main(admin)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: session.lock is not None, timeout=3000)
    lock = session.lock
    assert isinstance(lock, LockDialog) and lock.isVisible() and not window.isVisible()
    qtbot.keyClicks(lock.password, "sai-mat-khau")
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    assert lock.message.text() and session.lock is lock
    qtbot.keyClicks(lock.password, "mat-khau-1")
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)
    assert session.lock is None and window.isVisible()
    monkeypatch.setattr(session, "idle_limit_ms", lambda: 0)  # 0: never locks
    qtbot.wait(100)
    assert session.lock is None
    session.lock_screen()
    assert session.lock is not None
    from PySide6.QtWidgets import QPushButton

    button = session.lock.findChild(QPushButton, "switchUser")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert session.window is None and isinstance(session.dialog, LoginDialog)
    session.dialog.close()
    session.stop_idle_watch()


def test_item6_idle_minutes_set_in_settings(qtbot: QtBot, db: Database, admin: Actor) -> None:
    """The administrator sets the idle lock in Cài đặt; the session reads it."""
    from inspector.ui.pages.settings import SettingsPage
    from inspector.ui.session import idle_minutes

    page = SettingsPage(db, admin)
    qtbot.addWidget(page)
    page.idle_minutes.setValue(7)
    assert idle_minutes() == 7 and Session(None, db).idle_limit_ms() == 7 * 60_000
    page.idle_minutes.setValue(0)
    assert page.idle_minutes.text() == "không tự khóa"
    from PySide6.QtCore import QSettings

    from inspector.ui.session import IDLE_KEY

    QSettings().remove(IDLE_KEY)  # back to the default for the rest of the session


def test_item7_qt_buttons_and_file_dialog_in_vietnamese(qtbot: QtBot) -> None:
    """Yes/No, Close, Save and the file dialog's own labels are Vietnamese."""
    from PySide6.QtCore import QLocale

    from inspector.ui.support import install_translations

    app = QApplication.instance()
    before = QLocale()
    installed = install_translations(app)
    try:
        _check_vietnamese_qt(qtbot)
    finally:  # the rest of the test session keeps Qt's defaults
        for translator in installed:
            app.removeTranslator(translator)
        QLocale.setDefault(before)


def _check_vietnamese_qt(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox, QPushButton

    box = QMessageBox(QMessageBox.Icon.Question, "x", "x",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    assert sorted(b.text().replace("&", "") for b in box.buttons()) == ["Có", "Không"]
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close
                               | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert sorted(b.text() for b in buttons.buttons()) == ["Hủy", "Đóng"]
    dialog = QFileDialog()
    qtbot.addWidget(dialog)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    texts = {b.text() for b in dialog.findChildren(QPushButton)}
    assert {"&Lưu", "Hủy"} <= texts


def test_item7_database_check_in_vietnamese(qtbot: QtBot, db: Database, admin: Actor) -> None:
    """"Kiểm tra toàn vẹn" answers in Vietnamese, without the checks' English names."""
    from PySide6.QtWidgets import QPushButton

    from inspector.ui.pages.settings import SettingsPage

    page = SettingsPage(db, admin)
    qtbot.addWidget(page)
    qtbot.mouseClick(page.findChild(QPushButton, "checkDb"), Qt.MouseButton.LeftButton)
    text = page.check_label.text()
    assert text.startswith("Cơ sở dữ liệu toàn vẹn.")
    assert "Chuỗi nhật ký thay đổi" in text and "Tính toàn vẹn của tệp: không có lỗi" in text
    for english in ("schema", "integrity", "audit_chain", "entries", "expected", "ok"):
        assert english not in text


def test_startup_login_window_imports_no_database_layer() -> None:
    """The modules behind the login window import neither SQLAlchemy nor the models."""
    code = ("import sys; import inspector.ui.login, inspector.ui.session, inspector.app; "
            "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', "
            "'inspector.store', 'inspector.services.users', 'alembic'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True, env={"QT_QPA_PLATFORM": "offscreen",
                                                    "PATH": "/usr/bin:/bin"})
    assert out.stdout.strip() == "[]", out.stdout


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run")
def test_item16_first_run_under_xvfb_prints_nothing_on_stderr(tmp_path: Path) -> None:
    """A first start on a fresh home (database created, migrated, reference data loaded) under
    a virtual display prints no warning: only the benchmark's two lines on stdout."""
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    env["INSPECTOR_HOME"] = str(tmp_path / "home")
    db = str(tmp_path / "home" / "first.sqlite")
    made = subprocess.run([sys.executable, "-m", "inspector", "--db", db, "user", "add",
                           "thanhtra", "--role", "inspector", "--name", "Lương Đức Hạnh"],
                          input="mat-khau-1\n", capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120)
    assert made.returncode == 0, made.stderr
    run = subprocess.run(["xvfb-run", "-a", sys.executable, "-W", "default", "main.py", "--db",
                          db, "--bench-login", "thanhtra"], input="mat-khau-1\n",
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[0].startswith("login") and run.stderr == ""


@pytest.mark.qt_log_ignore("does not support raise")
def test_startup_first_run_swaps_to_the_administrator_dialog(qtbot: QtBot,
                                                             tmp_path: Path) -> None:
    """On an empty new file the login window shows at once; once the database is created
    behind it, the first-run dialog takes its place and leads to the main window."""
    from inspector.ui.login import FirstAdminDialog

    session = Session(str(tmp_path / "moi.sqlite"))
    session.start()
    assert isinstance(session.dialog, LoginDialog) and session.dialog.isVisible()
    qtbot.waitUntil(lambda: isinstance(session.dialog, FirstAdminDialog), timeout=30_000)
    dialog = session.dialog
    assert isinstance(dialog, FirstAdminDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.full_name, "Nong Van Quan")
    qtbot.keyClicks(dialog.password, "mat-khau-1")
    qtbot.keyClicks(dialog.repeat, "mat-khau-1")
    qtbot.keyClick(dialog.repeat, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.window is not None, timeout=10_000)
    assert session.window is not None and session.window.actor.role == "admin"
    session.window.close()
    session.dispose()


@pytest.mark.qt_log_ignore("does not support raise")
def test_startup_a_database_that_cannot_open_is_said_and_ends(
        qtbot: QtBot, tmp_path: Path, recorded_dialogs: object) -> None:
    """A damaged file: one Vietnamese message, the session ends with code 2."""
    bad = tmp_path / "hong.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    session = Session(str(bad))
    with qtbot.waitSignal(session.finished, timeout=30_000) as blocker:
        session.start()
    assert blocker.args == [2]
    shown = recorded_dialogs.shown  # type: ignore[attr-defined]
    assert shown and shown[-1][0] == "warning"
