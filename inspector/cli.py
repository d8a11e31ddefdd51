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
MAX_ARGUMENT = 10_000  # no name, address, facts or search typed on a command line is longer
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
                require_local_owner(self.db())
                self._actor = actor_mod.local_operator()
        return self._actor

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()


def require_local_owner(db: Any) -> None:
    """Acting without a login (as the file's operator, with administrator rights) is for a
    local SQLite file owned by this operating-system account; a shared server or someone
    else's file needs ``--as LOGIN``."""
    import os

    path = db.path
    if path is None:
        raise CliError("this database is on a shared server: log in with --as LOGIN")
    try:
        owner = path.stat().st_uid
    except OSError:
        return  # not created yet: the file will be this account's
    getuid = getattr(os, "getuid", None)
    if getuid is not None and owner != getuid():
        raise CliError(f"{path} belongs to another account: log in with --as LOGIN")


def emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


# --- db -------------------------------------------------------------------------------------

def cmd_db_upgrade(ctx: Context) -> int:
    from inspector.store import migrate

    if ctx.args.as_user:  # the login is checked before anything is upgraded
        from inspector.domain.roles import Permission

        ctx.actor().require(Permission.MAINTAIN_DATABASE)
        ctx.close()
        ctx._db = None
    db = ctx.db(upgrade=True)
    print(f"{db.display_name()}: schema {migrate.SCHEMA_HEAD}")
    return EXIT_OK


def cmd_db_check(ctx: Context) -> int:
    from inspector.services.maintenance import check_database
    from inspector.store.errors import CorruptDatabaseError

    try:
        db = ctx.db()
    except CorruptDatabaseError as exc:  # a damaged file is a failed check, not a usage error
        if ctx.args.json:
            emit_json({"ok": False, "checks": [{"name": "integrity", "ok": False,
                                                "detail": exc.en}]})
        else:
            print(f"FAIL integrity: {exc.en}")
        print(f"inspector: {exc.en}", file=sys.stderr)
        return EXIT_FAILED
    report = check_database(db, ctx.actor())
    if ctx.args.json:
        emit_json({"ok": report.ok, "checks": [vars(r) for r in report.results]})
    else:
        for r in report.results:
            print(f"{'ok  ' if r.ok else 'FAIL'} {r.name}: {r.detail}")
    return EXIT_OK if report.ok else EXIT_FAILED


def cmd_db_backup(ctx: Context) -> int:
    from inspector.services.backups import backup_to

    target = backup_to(ctx.db(), ctx.actor(), Path(ctx.args.file))
    print(f"backup written to {target}")
    return EXIT_OK


def cmd_db_restore(ctx: Context) -> int:
    from inspector.services.backups import BackupCheck, restore_backup
    from inspector.store.engine import resolve_url

    url = resolve_url(ctx.args.db)

    def confirm(check: BackupCheck) -> bool:
        if ctx.args.yes:
            return True
        if sys.stdin is None or not sys.stdin.isatty():
            raise CliError("restore replaces the database: confirm with --yes")
        created = check.manifest.get("created_at", "unknown date")
        print(f"backup of {created}, schema {check.schema}, {check.audit_entries} audit entries:"
              f" checked, ok.", file=sys.stderr)
        answer = input(f"Replace the database {url} with this backup? [y/N] ")
        return answer.strip().lower() in ("y", "yes", "c", "có")

    actor = ctx.actor() if ctx.args.as_user else None
    if actor is None:
        from inspector.services.actor import local_operator

        actor = local_operator()
    report = restore_backup(url, actor, Path(ctx.args.file), confirm, current=ctx._db)
    for line in report.check_lines:
        print(line)
    kept = f"; the previous state is kept in {report.previous}" if report.previous else ""
    print(f"restored {report.restored} from {ctx.args.file}{kept}")
    if report.attachments_missing:
        print(f"warning: {report.attachments_missing} evidence files were not in the backup",
              file=sys.stderr)
    return EXIT_OK if report.check_ok else EXIT_FAILED


def cmd_db_audit_key(ctx: Context) -> int:
    """The audit chain's key on a PostgreSQL server (services.audit_keys)."""
    from inspector.services import audit_keys
    from inspector.services.errors import AuditKeyMissing

    db, action = ctx.db(), ctx.args.action
    if action in ("export", "install") and not ctx.args.file:
        raise CliError(f"db audit-key {action}: FILE is required")
    if action == "install":  # the key first: without it this workstation cannot log in
        status = audit_keys.install_key(db, Path(ctx.args.file), ctx.actor)
    elif action == "status":
        try:
            status = audit_keys.key_status(db, ctx.actor())
        except AuditKeyMissing:
            print("keyed: NOT installed on this workstation (inspector db audit-key install "
                  "FILE)")
            return EXIT_FAILED
    elif action == "create":
        status = audit_keys.create_server_key(db, ctx.actor())
    else:
        target = audit_keys.export_key(db, ctx.actor(), Path(ctx.args.file))
        print(f"audit key written to {target} (keep it as carefully as a password; install it "
              "on every workstation with: inspector db audit-key install FILE)")
        return EXIT_OK
    if not status.keyed:
        print("the audit trail is not keyed on this server (create the key: inspector db "
              "audit-key create)")
        return EXIT_OK if action == "status" else EXIT_FAILED
    print(f"keyed from entry {status.key_from}, key {status.fingerprint}: "
          + ("installed on this workstation" if status.installed
             else "NOT installed on this workstation"))
    return EXIT_OK if status.installed else EXIT_FAILED


def cmd_db_anchor_reset(ctx: Context) -> int:
    """After a server restore: this workstation's audit anchor moved to the restored trail
    (services.audit_restore), refused unless a restore entry explains the difference."""
    from inspector.services.audit_restore import reset_after_restore

    state = reset_after_restore(ctx.db(), ctx.actor())
    print(f"anchor reset: the trail was restored at entry {state.restore_seq} back to entry "
          f"{state.restored_to}; this workstation's anchor (entry {state.anchor_seq}) now "
          "follows the restored trail")
    return EXIT_OK


def cmd_db_upload_evidence(ctx: Context) -> int:
    """On a server: the evidence files this workstation holds that the server lacks."""
    from inspector.services.attachments import upload_missing

    uploaded, missing = upload_missing(ctx.db(), ctx.actor())
    print(f"{uploaded} evidence files uploaded to the server; {missing} not on this workstation")
    return EXIT_OK if not missing else EXIT_FAILED


def cmd_db_backups(ctx: Context) -> int:
    from inspector.services import backups

    if ctx.args.keep_days is not None or ctx.args.every_hours is not None:  # 0 is refused too
        from inspector.services.actor import local_operator

        actor = ctx.actor() if ctx.args.as_user else local_operator()
        keep = ctx.args.keep_days
        backups.save_policy(actor, backups.load_policy().keep_days if keep is None else keep,
                            ctx.args.every_hours)
    if ctx.args.now:
        info = backups.auto_backup(ctx.db(), at_start=False, now=None, force=True)
        if info is not None:
            print(f"backup written to {info.path}")
    policy = backups.load_policy()
    items = backups.list_backups()
    if ctx.args.json:
        emit_json({"folder": str(backups.paths.backups_dir()), "keep_days": policy.keep_days,
                   "interval_hours": policy.interval_hours,
                   "backups": [{"file": str(b.path), "created_at": b.created_at.isoformat(),
                                "schema": b.schema, "audit_seq": b.audit_seq,
                                "attachments": b.attachments, "size_bytes": b.size_bytes}
                               for b in items]})
        return EXIT_OK
    print(f"{backups.paths.backups_dir()}: kept {policy.keep_days} days, "
          f"every {policy.interval_hours:g} h of use")
    for b in items:
        print(f"{b.created_at:%d/%m/%Y %H:%M}\t{b.path.name}\t{b.size_bytes} bytes\t"
              f"{b.attachments} evidence files")
    return EXIT_OK


def cmd_db_load_reference(ctx: Context) -> int:
    from inspector.services.reference_version import upgrade_reference

    if ctx.args.dir is not None and not (ctx.args.dir and Path(ctx.args.dir).expanduser().is_dir()):
        raise CliError(f"--dir: no such folder: {ctx.args.dir!r}")
    report = upgrade_reference(ctx.db(upgrade=True), ctx.actor(),
                               Path(ctx.args.dir) if ctx.args.dir is not None else None)
    print(report.summary_en())
    for change in report.changes:
        print(f"  {change.kind}\t{change.table}\t{change.key}")
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
    p = db.add_parser("backup", help="consistent copy of the database (pg_dump on PostgreSQL)")
    p.add_argument("file")
    p.set_defaults(func=cmd_db_backup)
    p = db.add_parser("restore", help="check a backup, keep the current state, swap it in")
    p.add_argument("file")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=cmd_db_restore)
    p = db.add_parser("audit-key", help="the audit chain's key on a PostgreSQL server: "
                      "status, create (once), export FILE, install FILE (each workstation)")
    p.add_argument("action", choices=["status", "create", "export", "install"])
    p.add_argument("file", nargs="?")
    p.set_defaults(func=cmd_db_audit_key)
    p = db.add_parser("anchor-reset", help="after a server restore: move this workstation's "
                      "audit anchor to the restored trail (only when a restore explains it)")
    p.set_defaults(func=cmd_db_anchor_reset)
    p = db.add_parser("upload-evidence", help="PostgreSQL: upload the evidence files this "
                      "workstation holds that the server lacks (attached before schema 19)")
    p.set_defaults(func=cmd_db_upload_evidence)
    p = db.add_parser("backups", help="the automatic backups and how long they are kept")
    p.add_argument("--keep-days", type=int, metavar="N")
    p.add_argument("--every-hours", type=float, metavar="H")
    p.add_argument("--now", action="store_true", help="make an automatic backup now")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_db_backups)

    p = db.add_parser("load-reference", help="bring the reference data to the shipped edition "
                       "and say what changed (added, updated, end-dated, conflicts)")
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
    argv = list(sys.argv[1:] if argv is None else argv)
    for n, arg in enumerate(argv, start=1):
        if len(arg) > MAX_ARGUMENT:
            print(f"inspector: argument {n} is {len(arg)} characters long; the limit is "
                  f"{MAX_ARGUMENT}", file=sys.stderr)
            return EXIT_USAGE
        if "\x00" in arg:
            print(f"inspector: argument {n} contains a NUL character", file=sys.stderr)
            return EXIT_USAGE
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
    if isinstance(exc, OverflowError):  # a year-9999 date plus a deadline, a 2^63 number
        return f"a date or a number is out of the range the program handles ({exc})"
    if isinstance(exc, UnicodeDecodeError):
        return f"a file is not valid UTF-8 text ({exc.reason} at byte {exc.start})"
    text = str(getattr(exc, "orig", exc)).lower()
    if "pattern too complex" in text:
        return "the search text is too long"
    if "too large to convert" in text or "int too big" in text:
        return "a number is out of the range the program handles"
    err = classify(exc)
    return err.en if err else None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
