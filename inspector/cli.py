"""The ``inspector`` command: the stable interface for scripts and tests, over the services.

User mistakes (a missing file, a bad URL, a locked, damaged or newer database, a wrong password,
a refused permission) print one line on stderr and exit non-zero, never a traceback. Without
``--as`` the command acts as the local operator of the database file (administrator rights,
recorded in the audit trail under the OS account); with ``--as LOGIN`` it logs in as that user
and that user's role applies.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from inspector import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
log = logging.getLogger("inspector.cli")


class CliError(Exception):
    """A one-line message for stderr."""


def _read_secret(prompt: str, confirm: bool = False) -> str:
    if sys.stdin is not None and sys.stdin.isatty():
        value = getpass.getpass(prompt)
        if confirm and getpass.getpass("Nhập lại / repeat: ") != value:
            raise CliError("the two passwords differ")
    else:
        line = sys.stdin.readline() if sys.stdin is not None else ""
        if not line:
            raise CliError("a password was expected on standard input")
        value = line.rstrip("\r\n")
    if not value:
        raise CliError("the password is empty")
    return value


class Context:
    """What every command needs: the open database and the acting user, opened on demand."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._db: Any = None
        self._actor: Any = None

    def db(self, upgrade: bool = False) -> Any:
        if self._db is None:
            if upgrade:
                from inspector.services.setup import prepare_database

                self._db = prepare_database(self.args.db)
            else:
                from inspector.store.engine import open_database

                self._db = open_database(self.args.db, upgrade=False)
        return self._db

    def actor(self) -> Any:
        if self._actor is None:
            from inspector.services import actor as actor_mod
            from inspector.services.users import authenticate

            login = self.args.as_user
            if login:
                self._actor = authenticate(self.db(), login, _read_secret(f"Mật khẩu của {login}: "))
            else:
                self._actor = actor_mod.local_operator()
        return self._actor

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()


def emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


# --- db -------------------------------------------------------------------------------------

def cmd_db_upgrade(ctx: Context) -> int:
    from inspector.store import migrate

    db = ctx.db(upgrade=True)
    print(f"{db.display_name()}: schema {migrate.SCHEMA_HEAD}")
    return EXIT_OK


def cmd_db_check(ctx: Context) -> int:
    from inspector.services.maintenance import check_database

    report = check_database(ctx.db(), ctx.actor())
    if ctx.args.json:
        emit_json({"ok": report.ok, "checks": [vars(r) for r in report.results]})
    else:
        for r in report.results:
            print(f"{'ok  ' if r.ok else 'FAIL'} {r.name}: {r.detail}")
    return EXIT_OK if report.ok else EXIT_FAILED


def cmd_db_backup(ctx: Context) -> int:
    from inspector.services.maintenance import backup_database

    target = backup_database(ctx.db(), ctx.actor(), Path(ctx.args.file))
    print(f"backup written to {target}")
    return EXIT_OK


def cmd_db_load_reference(ctx: Context) -> int:
    from inspector.services.reference import load_reference

    report = load_reference(ctx.db(upgrade=True), ctx.actor(),
                            Path(ctx.args.dir) if ctx.args.dir else None)
    added = sum(report.added.values())
    print(f"reference records added: {added} {report.added or ''}; "
          f"already present: {sum(report.kept.values())}")
    return EXIT_OK


# --- user -----------------------------------------------------------------------------------

def cmd_user_add(ctx: Context) -> int:
    from inspector.services.users import add_user

    db = ctx.db(upgrade=True)
    actor = ctx.actor()
    password = _read_secret(f"Mật khẩu mới cho {ctx.args.login}: ", confirm=True)
    info = add_user(db, actor, ctx.args.login, ctx.args.name, ctx.args.role, password)
    if ctx.args.json:
        emit_json({"id": str(info.id), "login": info.login, "role": info.role,
                   "full_name": info.full_name})
    else:
        print(f"user {info.login} ({info.role}) added")
    return EXIT_OK


def cmd_user_list(ctx: Context) -> int:
    from inspector.services.users import list_users

    users = list_users(ctx.db(), ctx.actor())
    if ctx.args.json:
        emit_json([{"login": u.login, "full_name": u.full_name, "role": u.role,
                    "active": u.active, "locked_until": u.locked_until,
                    "last_login_at": u.last_login_at} for u in users])
    else:
        for u in users:
            state = "" if u.active else " (inactive)"
            print(f"{u.login}\t{u.role}\t{u.full_name}{state}")
    return EXIT_OK


def cmd_user_passwd(ctx: Context) -> int:
    from inspector.services.users import set_password

    db = ctx.db()
    actor = ctx.actor()
    password = _read_secret(f"Mật khẩu mới cho {ctx.args.login}: ", confirm=True)
    set_password(db, actor, ctx.args.login, password)
    print(f"password of {ctx.args.login} changed")
    return EXIT_OK


# --- parser ---------------------------------------------------------------------------------

Handler = Callable[[Context], int]
_EXTENSIONS: list[Callable[[argparse._SubParsersAction], None]] = []


def extension(register: Callable[[argparse._SubParsersAction], None]) -> None:
    """Let another module add its sub-commands (kept out of this file to keep it small)."""
    _EXTENSIONS.append(register)


class _Parser(argparse.ArgumentParser):
    """Usage mistakes are one line on stderr too."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="inspector", description="Inspector — case management for the inspectorate.")
    parser.add_argument("--version", action="version", version=f"inspector {__version__}")
    parser.add_argument(
        "--db", metavar="URL-or-path",
        help="SQLite file or SQLAlchemy URL (default: $INSPECTOR_DB or the user's data directory)")
    parser.add_argument("--as", dest="as_user", metavar="LOGIN",
                        help="act as this user (password from the terminal or standard input)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    db = sub.add_parser("db", help="database maintenance").add_subparsers(dest="db_command",
                                                                           metavar="ACTION")
    p = db.add_parser("upgrade", help="create or upgrade the schema")
    p.set_defaults(func=cmd_db_upgrade)
    p = db.add_parser("check", help="schema, integrity, foreign keys and audit chain")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_db_check)
    p = db.add_parser("backup", help="consistent copy of a SQLite database")
    p.add_argument("file")
    p.set_defaults(func=cmd_db_backup)

    p = db.add_parser("load-reference", help="add shipped reference records missing from the database")
    p.add_argument("--dir", help="folder with the reference files (default: db/reference)")
    p.set_defaults(func=cmd_db_load_reference)

    user = sub.add_parser("user", help="accounts").add_subparsers(dest="user_command",
                                                                   metavar="ACTION")
    p = user.add_parser("add", help="add an account")
    p.add_argument("login")
    p.add_argument("--role", required=True, choices=["inspector", "chief", "clerk", "admin"])
    p.add_argument("--name", required=True, help="full name")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_user_add)
    p = user.add_parser("list", help="list accounts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_user_list)
    p = user.add_parser("passwd", help="set a password")
    p.add_argument("login")
    p.set_defaults(func=cmd_user_passwd)

    for register in _EXTENSIONS:
        register(sub)
    return parser


def _load_extensions() -> None:
    if _EXTENSIONS:
        return
    import importlib

    for name in ("inspector.cli_law", "inspector.cli_work", "inspector.cli_decisions",
                 "inspector.cli_reports",
                 "inspector.cli_bundle"):
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


def main(argv: Sequence[str] | None = None) -> int:
    from inspector.logs import setup_logging

    setup_logging()
    _load_extensions()
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Handler | None = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    ctx = Context(args)
    try:
        return func(ctx)
    except KeyboardInterrupt:
        print("inspector: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader (e.g. head) went away: not an error of ours
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        message = _user_message(exc)
        if message is None:
            log.exception("unexpected error in %s", argv)
            print(f"inspector: internal error: {exc!r} (details in the log)", file=sys.stderr)
            return EXIT_FAILED
        print(f"inspector: {message}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        ctx.close()


def _user_message(exc: BaseException) -> str | None:
    from inspector.services.errors import ServiceError
    from inspector.store.errors import StoreError, classify

    if isinstance(exc, CliError):
        return str(exc)
    if isinstance(exc, (ServiceError, StoreError)):
        return exc.en
    if isinstance(exc, (FileNotFoundError, IsADirectoryError, PermissionError)):
        return f"{exc.strerror}: {exc.filename}"
    if isinstance(exc, OSError) and exc.errno is not None:
        return f"{exc.strerror}: {exc.filename or ''}".rstrip(": ")
    err = classify(exc)
    return err.en if err else None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
