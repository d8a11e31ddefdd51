"""The app's session: the login window first, the database loaded behind it, the main window,
log out and switch user, and the lock after idle time.

The login window is shown before SQLAlchemy, the models and the database check are imported: a
worker thread opens the database while the user types, and the password is checked when it is
ready. Logging out closes every window (forms keep their drafts) and shows the login again.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from inspector.ui.support import dialogs, tr

if TYPE_CHECKING:
    from inspector.services.actor import Actor
    from inspector.store.engine import Database
    from inspector.ui.login import FirstAdminDialog, LockDialog, LoginDialog
    from inspector.ui.main_window import MainWindow

log = logging.getLogger(__name__)
IDLE_KEY = "security/idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 15
INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                QEvent.Type.Wheel, QEvent.Type.TouchBegin}


def idle_minutes() -> int:
    """Minutes without input before the screen locks (0: never); set in Cài đặt."""
    try:
        return max(0, int(str(QSettings().value(IDLE_KEY, DEFAULT_IDLE_MINUTES))))
    except (TypeError, ValueError):
        return DEFAULT_IDLE_MINUTES


def set_idle_minutes(minutes: int) -> None:
    QSettings().setValue(IDLE_KEY, max(0, int(minutes)))


def database_label(db_arg: str | None) -> str:
    """Where the database is, for the login window, without importing the database layer."""
    from inspector import paths

    value = db_arg or os.environ.get("INSPECTOR_DB") or str(paths.default_database_path())
    if "://" in value and "@" in value:  # never show a password in a URL
        scheme, rest = value.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return value


class _Loader(QObject):
    loaded = Signal(object)
    failed = Signal(object)


class Session(QObject):
    """Login → main window → log out → login…; ``finished`` carries the exit code."""

    finished = Signal(int)
    logged_in = Signal(object)

    def __init__(self, db_arg: str | None = None, db: Database | None = None) -> None:
        super().__init__()
        self.db_arg = db_arg
        self.db: Database | None = db
        self.actor: Actor | None = None
        self.window: MainWindow | None = None
        self.dialog: LoginDialog | FirstAdminDialog | None = None
        self.lock: LockDialog | None = None
        self.hidden_for_lock: list[QWidget] = []
        self.password_checked_at = 0.0
        self.main_shown_after = 0.0
        #: Back up at start and every few hours of use (off for benchmarks and screenshots).
        self.automatic_backups_wanted = True
        self.automatic_backups: QObject | None = None
        self._loader = _Loader()
        self._loader.loaded.connect(self._database_ready)
        self._loader.failed.connect(self._database_failed)
        self.idle = QElapsedTimer()
        self.idle_check = QTimer(self)
        self.idle_check.setInterval(5_000)
        self.idle_check.timeout.connect(self.check_idle)

    # --- start ------------------------------------------------------------------------------

    def start(self) -> None:
        self.show_login()
        if self.db is None:
            # Started from the event loop, once the login window is on screen, so that the
            # imports behind it do not hold up its first paint.
            QTimer.singleShot(0, lambda: threading.Thread(
                target=self._open_database, name="open-database", daemon=True).start())
        else:
            self._database_ready(self.db)

    def _open_database(self) -> None:
        try:
            from inspector.services.setup import prepare_database

            db = prepare_database(self.db_arg)
            self._warm_up(db)
            db.dispose()  # connections are made again by the GUI thread that uses them
            self._loader.loaded.emit(db)
        except BaseException as exc:  # reported in the GUI thread
            self._loader.failed.emit(exc)

    @staticmethod
    def _warm_up(db: Database) -> None:
        """While the user types the password: import the main window and its first page and
        read the law catalog into its cache, so the main window opens at once after login."""
        import importlib

        from inspector.services.law import law_data

        try:
            for module in ("inspector.ui.main_window", "inspector.ui.pages.today",
                           "inspector.services.today"):
                importlib.import_module(module)
            law_data(db)
        except Exception:  # the same work is done, and reported, when the window opens
            log.exception("warming up the main window failed")

    def _database_failed(self, exc: BaseException) -> None:
        from inspector.ui.support import report_exception

        message = getattr(exc, "vi", None)
        if self.dialog is not None:
            self.dialog.hide()
        if message:
            log.warning("cannot open the database: %s", getattr(exc, "en", exc))
            dialogs.warning(None, tr("Không mở được cơ sở dữ liệu"), message)
        else:
            report_exception(None, exc, tr("mở cơ sở dữ liệu"))
        self.finished.emit(2)

    def _database_ready(self, db: Database) -> None:
        from inspector.services.users import count_users
        from inspector.ui.login import FirstAdminDialog, LoginDialog

        self.db = db
        if count_users(db) == 0:
            old = self.dialog
            self.dialog = FirstAdminDialog(db)
            self._watch(self.dialog)
            self.dialog.show()
            if old is not None:
                old.hide()
                old.deleteLater()
            return
        if isinstance(self.dialog, LoginDialog):
            self.dialog.set_database(db)

    # --- login and logout -------------------------------------------------------------------

    def show_login(self) -> None:
        from inspector.ui.login import FirstAdminDialog, LoginDialog

        if self.db is not None:
            from inspector.services.users import count_users

            if count_users(self.db) == 0:
                self.dialog = FirstAdminDialog(self.db)
            else:
                self.dialog = LoginDialog(self.db)
        else:
            self.dialog = LoginDialog(where=database_label(self.db_arg))
        self._watch(self.dialog)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()

    def _watch(self, dialog: QWidget) -> None:
        dialog.accepted.connect(lambda d=dialog: self._accepted(d))  # type: ignore[attr-defined]
        dialog.rejected.connect(lambda d=dialog: self._rejected(d))  # type: ignore[attr-defined]

    def _rejected(self, dialog: Any) -> None:
        if dialog is self.dialog and self.window is None:
            self.finished.emit(1)

    def _accepted(self, dialog: QWidget) -> None:
        actor = getattr(dialog, "actor", None)
        if actor is None or dialog is not self.dialog:
            return
        self.password_checked_at = time.perf_counter()
        self.dialog = None
        dialog.deleteLater()
        self.open_main(actor)

    def _start_automatic_backups(self) -> None:
        """Once per session, for a database file (PostgreSQL is backed up by the server)."""
        if self.automatic_backups is not None or not self.automatic_backups_wanted:
            return
        if self.db is None or not self.db.is_sqlite:
            return
        from inspector.ui.pages.backup_panel import AutomaticBackups

        self.automatic_backups = AutomaticBackups(self.db, self)

    def open_main(self, actor: Actor) -> MainWindow:
        from inspector.ui.main_window import MainWindow

        assert self.db is not None
        self.actor = actor
        self.window = MainWindow(self.db, actor)
        self.window.logout_requested.connect(self.logout)
        self.window.show()
        self._start_automatic_backups()
        self.main_shown_after = time.perf_counter() - (self.password_checked_at
                                                       or time.perf_counter())
        self.start_idle_watch()
        self.logged_in.emit(self.window)
        return self.window

    def logout(self) -> None:
        """Close every window (forms keep their drafts) and show the login again."""
        self.stop_idle_watch()
        window, self.window = self.window, None
        self.actor = None
        for widget in list(QApplication.topLevelWidgets()):
            if widget is not window and widget.isVisible() and widget is not self.lock:
                widget.close()
        if self.lock is not None:
            self.lock.hide()
            self.lock.deleteLater()
            self.lock = None
        self.hidden_for_lock = []
        if window is not None:
            window.close()
            window.deleteLater()
        self.show_login()

    def dispose(self) -> None:
        self.stop_idle_watch()
        if self.db is not None:
            self.db.dispose()

    # --- the idle lock ----------------------------------------------------------------------

    def idle_limit_ms(self) -> int:
        return idle_minutes() * 60_000

    def start_idle_watch(self) -> None:
        self.idle.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.idle_check.start()

    def stop_idle_watch(self) -> None:
        self.idle_check.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS and self.lock is None:
            self.idle.restart()
        return False

    def check_idle(self) -> None:
        limit = self.idle_limit_ms()
        if limit and self.window is not None and self.lock is None and \
                self.idle.elapsed() >= limit:
            self.lock_screen()

    def lock_screen(self) -> None:
        """Hide every window behind the lock; the same password brings them back."""
        from inspector.ui.login import LockDialog

        assert self.db is not None and self.actor is not None
        self.hidden_for_lock = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        for w in self.hidden_for_lock:
            w.hide()
        self.lock = LockDialog(self.db, self.actor)
        self.lock.accepted.connect(self._unlocked)
        self.lock.show()
        self.lock.activateWindow()

    def _unlocked(self) -> None:
        lock, self.lock = self.lock, None
        if lock is None:
            return
        lock.deleteLater()
        if lock.switch_user:
            for w in self.hidden_for_lock:
                w.show()  # so that closing them saves their drafts
            self.logout()
            return
        for w in self.hidden_for_lock:
            w.show()
        self.hidden_for_lock = []
        self.idle.restart()
