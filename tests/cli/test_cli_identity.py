"""Who is acting: the OS account from the real uid, a login for files of another account and
for servers, ``db upgrade`` under ``--as``."""

from __future__ import annotations

import os
import pwd
import sqlite3
from pathlib import Path

from tests.cli.test_cli_foundation import one_line_error, run


def _last_login(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("SELECT user_login FROM audit_log ORDER BY seq DESC LIMIT 1")
                   .fetchone()[0])
    finally:
        conn.close()


def test_os_account_is_the_real_uid_not_the_environment(db_path: Path) -> None:
    result = run("--db", str(db_path), "establishment", "add", "--sector", "internet",
                 "--name", "Đại lý Thật", "--owner-kind", "organization",
                 env={"USER": "mallory", "LOGNAME": "mallory", "USERNAME": "mallory"})
    assert result.returncode == 0, result.stderr
    assert _last_login(db_path) == f"os:{pwd.getpwuid(os.getuid()).pw_name}"


def test_a_file_of_another_account_needs_a_login(db_path: Path) -> None:
    os.chown(db_path, 65534, 65534)
    try:
        refused = run("--db", str(db_path), "user", "list")
        assert "--as LOGIN" in one_line_error(refused) and refused.returncode == 2
    finally:
        os.chown(db_path, os.getuid(), os.getgid())
    assert run("--db", str(db_path), "user", "list").returncode == 0


def test_db_upgrade_respects_as(db_path: Path) -> None:
    assert run("--db", str(db_path), "user", "add", "lan", "--role", "clerk", "--name", "Lan",
               stdin="Mat-khau-1!\nMat-khau-1!\n").returncode == 0
    refused = run("--db", str(db_path), "--as", "lan", "db", "upgrade", stdin="Mat-khau-1!\n")
    assert "not allowed" in one_line_error(refused)
    wrong = run("--db", str(db_path), "--as", "lan", "db", "upgrade", stdin="sai\n")
    assert wrong.returncode == 2


def test_demo_seed_refuses_a_database_with_records(db_path: Path) -> None:
    assert run("--db", str(db_path), "establishment", "add", "--sector", "internet",
               "--name", "Đại lý Thật", "--owner-kind", "organization").returncode == 0
    refused = run("--db", str(db_path), "demo", "seed", "--scenario", "random", "--year",
                  "2024", "--size", "5")
    assert "--into-existing" in one_line_error(refused) and refused.returncode == 2
    done = run("--db", str(db_path), "demo", "seed", "--scenario", "random", "--year",
               "2024", "--size", "5", "--into-existing")
    assert done.returncode == 0, done.stderr
