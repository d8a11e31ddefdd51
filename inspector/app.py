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
    "Inspector: no display found (DISPLAY/WAYLAND_DISPLAY unset). Run it on a desktop, or under "
    "a virtual X server with 'xvfb-run -a scripts/run' (scripts/run uses the project's Python "
    "and its packages)."
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
    parser.add_argument("--bench-login", metavar="LOGIN",
                        help="benchmark: type LOGIN and the password from standard input into "
                             "the login window, print the timings and quit")
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
    from inspector.ui.support import application_font, install_translations, register_fonts

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

    if args.login and not args.bench_login:
        install_translations(app)
        return _scripted_login(app, args)
    # The login window has no Qt-worded button; Qt's translations load once it is on screen.
    QTimer.singleShot(0, lambda: install_translations(app))

    from inspector.ui.session import Session

    session = Session(args.db)
    code: list[int] = []

    def finished(value: int) -> None:
        code.append(value)
        app.quit()

    session.finished.connect(finished)
    if args.bench_login:
        _drive_for_benchmark(session, args)
    session.start()
    result = app.exec()
    session.dispose()
    return code[0] if code else result


def _scripted_login(app, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    """--login: log in without the dialog (scripts, screenshots)."""
    from PySide6.QtCore import QTimer

    from inspector.services.setup import prepare_database
    from inspector.services.users import authenticate
    from inspector.store.errors import StoreError
    from inspector.ui.session import Session
    from inspector.ui.support import dialogs, tr

    try:
        db = prepare_database(args.db)
    except StoreError as exc:
        log.warning("cannot open the database: %s", exc.en)
        dialogs.warning(None, tr("Không mở được cơ sở dữ liệu"), exc.vi)
        return 2
    password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else ""
    try:
        actor = authenticate(db, args.login, password)
    except Exception as exc:
        dialogs.warning(None, tr("Không đăng nhập được"), getattr(exc, "vi", str(exc)))
        db.dispose()
        return 1
    session = Session(args.db, db)
    code: list[int] = []

    def finished(value: int) -> None:
        code.append(value)
        app.quit()

    session.finished.connect(finished)
    session.automatic_backups_wanted = not (args.quit_after_show or args.screenshot)
    window = session.open_main(actor)
    if args.quit_after_show or args.screenshot:
        def finish() -> None:
            if args.screenshot:
                window.grab().save(args.screenshot)
            if args.quit_after_show:
                print(f"{time.perf_counter() - _T0:.4f}")
            app.quit()
        QTimer.singleShot(0, finish)
    result = app.exec()
    session.dispose()
    return code[0] if code else result


def _drive_for_benchmark(session, args: argparse.Namespace) -> None:  # type: ignore[no-untyped-def]
    """--bench-login: print when the login window is shown, type the password into it, and
    print how long the main window took after the password was accepted."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    password = sys.stdin.readline().rstrip("\r\n")
    shown = {"login": False}

    def login_shown() -> None:
        if not shown["login"]:
            shown["login"] = True
            print(f"login {time.perf_counter() - _T0:.4f}", flush=True)
            dialog = session.dialog
            dialog.login.setText(args.bench_login)
            dialog.password.setText(password)
            dialog.try_login()  # waits for the database if it is still loading

    def main_shown(window) -> None:  # type: ignore[no-untyped-def]
        def report() -> None:
            print(f"main {time.perf_counter() - session.password_checked_at:.4f}", flush=True)
            QApplication.quit()
        QTimer.singleShot(0, report)

    session.logged_in.connect(main_shown)
    QTimer.singleShot(0, login_shown)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
