"""Start the desktop app: check the display, open the database, log in, show the main window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
import traceback
from collections.abc import Sequence
from types import TracebackType

log = logging.getLogger("inspector.app")
_T0 = time.perf_counter()

NO_DISPLAY = (
    "Inspector: no display found (DISPLAY/WAYLAND_DISPLAY unset). Run it on a desktop, under a "
    "virtual X server with 'xvfb-run -a python main.py', or headless with "
    "QT_QPA_PLATFORM=offscreen."
)


def display_available() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("QT_QPA_PLATFORM") or os.environ.get("DISPLAY")
                or os.environ.get("WAYLAND_DISPLAY"))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="inspector-gui", description="Inspector desktop app")
    parser.add_argument("--db", metavar="URL-or-path", help="SQLite file or SQLAlchemy URL")
    parser.add_argument("--login", help="log in as this user without the dialog")
    parser.add_argument("--password-stdin", action="store_true",
                        help="read the password of --login from standard input")
    parser.add_argument("--quit-after-show", action="store_true",
                        help="print the seconds to a shown main window and quit (benchmarks)")
    parser.add_argument("--screenshot", metavar="PNG", help="save the shown window and quit")
    return parser.parse_args(argv)


def _install_excepthook() -> None:
    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        from inspector.ui.support import report_exception

        log.error("uncaught exception\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        report_exception(None, exc)

    sys.excepthook = hook


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not display_available():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    from inspector.logs import setup_logging

    setup_logging()
    from PySide6.QtCore import QCoreApplication, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from inspector import paths
    from inspector.ui.support import application_font, dialogs, register_fonts, tr

    QCoreApplication.setOrganizationName("Inspector")
    QCoreApplication.setApplicationName("Inspector")
    if os.environ.get("INSPECTOR_HOME"):
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                          str(paths.data_dir().parent / "settings"))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    register_fonts()
    app.setFont(application_font())
    _install_excepthook()

    from inspector.services.setup import prepare_database
    from inspector.store.errors import StoreError

    try:
        db = prepare_database(args.db)
    except StoreError as exc:
        log.warning("cannot open the database: %s", exc.en)
        dialogs.warning(None, tr("Không mở được cơ sở dữ liệu"), exc.vi)
        return 2

    actor = login(db, args)
    if actor is None:
        db.dispose()
        return 1

    from inspector.ui.main_window import MainWindow

    window = MainWindow(db, actor)
    window.show()
    if db.is_sqlite and not (args.quit_after_show or args.screenshot):
        from inspector.ui.pages.backup_panel import AutomaticBackups

        window.automatic_backups = AutomaticBackups(db, window)  # type: ignore[attr-defined]
    if args.quit_after_show or args.screenshot:
        def finish() -> None:
            if args.screenshot:
                window.grab().save(args.screenshot)
            if args.quit_after_show:
                print(f"{time.perf_counter() - _T0:.4f}")
            app.quit()
        QTimer.singleShot(0, finish)
    code = app.exec()
    db.dispose()
    return code


def login(db, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The logged-in actor, from --login/--password-stdin or the dialogs; ``None`` if cancelled."""
    from inspector.services.users import authenticate, count_users
    from inspector.ui.login import FirstAdminDialog, LoginDialog
    from inspector.ui.support import dialogs, tr

    if args.login:
        password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else ""
        try:
            return authenticate(db, args.login, password)
        except Exception as exc:
            message = getattr(exc, "vi", str(exc))
            dialogs.warning(None, tr("Không đăng nhập được"), message)
            return None
    dialog: FirstAdminDialog | LoginDialog
    dialog = FirstAdminDialog(db) if count_users(db) == 0 else LoginDialog(db)
    if not dialog.exec():
        return None
    return dialog.actor


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
