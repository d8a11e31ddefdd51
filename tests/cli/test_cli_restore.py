"""``inspector db restore`` and ``db backups`` as real processes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.test_cli_foundation import one_line_error, run


def _count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])
    finally:
        conn.close()


def test_restore_asks_and_restores_with_yes(db_path: Path, tmp_path: Path) -> None:
    backup = tmp_path / "b" / "copy.sqlite"
    backup.parent.mkdir()
    assert run("--db", str(db_path), "db", "backup", str(backup)).returncode == 0
    assert (backup.parent / "copy.sqlite.json").is_file()
    run("--db", str(db_path), "user", "add", "lan", "--role", "clerk", "--name", "Lan",
        stdin="Mat-khau-1!\nMat-khau-1!\n")
    after = _count(db_path)
    refused = run("--db", str(db_path), "db", "restore", str(backup))  # no terminal to ask
    assert "--yes" in one_line_error(refused) and refused.returncode == 2
    assert _count(db_path) == after
    done = run("--db", str(db_path), "db", "restore", str(backup), "--yes")
    assert done.returncode == 0, done.stderr
    assert "ok   audit_chain" in done.stdout and "before-restore" in done.stdout
    assert _count(db_path) < after
    assert run("--db", str(db_path), "db", "check").returncode == 0


def test_restore_of_a_missing_file_is_one_line(db_path: Path, tmp_path: Path) -> None:
    result = run("--db", str(db_path), "db", "restore", str(tmp_path / "none.sqlite"), "--yes")
    assert result.returncode == 2 and "no backup file" in one_line_error(result)


def test_backups_policy_and_now(db_path: Path, tmp_path: Path) -> None:
    env = {"INSPECTOR_HOME": str(tmp_path / "home")}
    assert run("--db", str(db_path), "db", "backups", "--keep-days", "0", env=env).returncode == 2
    made = run("--db", str(db_path), "db", "backups", "--keep-days", "14", "--now", env=env)
    assert made.returncode == 0, made.stderr
    assert "kept 14 days" in made.stdout and "inspector-" in made.stdout
