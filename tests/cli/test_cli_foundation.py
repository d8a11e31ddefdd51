"""The ``inspector`` command run as a real process: set-up, accounts, checks, clear errors."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from inspector import __version__


def run(*args: str, stdin: str = "", env: dict[str, str] | None = None,
        user: str | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "inspector", *args]
    if user:
        cmd = ["setpriv", "--reuid", user, "--regid", user, "--clear-groups", *cmd]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})})


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_version() -> None:
    """--version prints the package version."""
    result = run("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_user_add_list_and_check(tmp_path: Path) -> None:
    """A new database gets an account from standard input, lists it, and checks clean."""
    db = str(tmp_path / "a.sqlite")
    added = run("--db", db, "user", "add", "lan", "--role", "chief", "--name", "Hoàng Thị Lan",
                stdin="mat-khau-1\n")
    assert added.returncode == 0, added.stderr
    listed = run("--db", db, "user", "list", "--json")
    assert json.loads(listed.stdout)[0] == {
        **json.loads(listed.stdout)[0], "login": "lan", "role": "chief",
        "full_name": "Hoàng Thị Lan"}
    checked = run("--db", db, "db", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_as_user_with_wrong_password(tmp_path: Path) -> None:
    """--as with a wrong password is one line on stderr and a non-zero exit."""
    db = str(tmp_path / "a.sqlite")
    run("--db", db, "user", "add", "lan", "--role", "clerk", "--name", "Lan", stdin="mat-khau-1\n")
    assert "wrong login or password" in one_line_error(
        run("--db", db, "--as", "lan", "user", "list", stdin="sai\n"))
    assert run("--db", db, "--as", "lan", "user", "list", stdin="mat-khau-1\n").returncode == 0


def test_role_is_enforced_for_cli_users(tmp_path: Path) -> None:
    """A clerk logged in with --as cannot add accounts."""
    db = str(tmp_path / "a.sqlite")
    run("--db", db, "user", "add", "lan", "--role", "clerk", "--name", "Lan", stdin="mat-khau-1\n")
    err = one_line_error(run("--db", db, "--as", "lan", "user", "add", "x2", "--role", "admin",
                             "--name", "X", stdin="mat-khau-1\nmat-khau-2\n"))
    assert "not allowed" in err


def test_db_check_fails_after_audit_edit_with_sqlite(tmp_path: Path) -> None:
    """Editing the audit table behind the app's back makes db check exit non-zero."""
    db = tmp_path / "a.sqlite"
    run("--db", str(db), "user", "add", "lan", "--role", "clerk", "--name", "Lan",
        stdin="mat-khau-1\n")
    conn = sqlite3.connect(db)
    conn.execute("UPDATE audit_log SET user_login = 'ai-do' WHERE seq = 1")
    conn.commit()
    conn.close()
    result = run("--db", str(db), "db", "check", "--json")
    assert result.returncode == 1
    checks = {c["name"]: c["ok"] for c in json.loads(result.stdout)["checks"]}
    assert checks == {"schema": True, "integrity": True, "foreign_keys": True,
                      "audit_chain": False, "audit_cover": True, "numbers": True,
                      "schema_objects": True}


def test_backup_is_a_consistent_copy(tmp_path: Path) -> None:
    """db backup writes a database that itself passes db check."""
    db = str(tmp_path / "a.sqlite")
    run("--db", db, "user", "add", "lan", "--role", "clerk", "--name", "Lan", stdin="mat-khau-1\n")
    target = tmp_path / "copy.sqlite"
    assert run("--db", db, "db", "backup", str(target)).returncode == 0
    assert run("--db", str(target), "db", "check").returncode == 0
    assert "exists" in one_line_error(run("--db", db, "db", "backup", str(target)))


@pytest.mark.parametrize("content", [b"not a database at all", b"SQLite format 3\x00" + b"\x07" * 5000])
def test_damaged_file_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    """A damaged or foreign file gives one clear line and stays byte-for-byte the same."""
    path = tmp_path / "bad.sqlite"
    path.write_bytes(content)
    before = hashlib.sha256(content).hexdigest()
    for args in (("db", "check"), ("db", "upgrade"), ("user", "list")):
        one_line_error(run("--db", str(path), *args))
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_missing_file_and_bad_url(tmp_path: Path) -> None:
    """A missing database and a malformed URL are one-line errors."""
    assert "no database" in one_line_error(run("--db", str(tmp_path / "none.sqlite"), "db", "check"))
    one_line_error(run("--db", "postgresql+psycopg://u@h:port/x", "db", "check"))
    one_line_error(run("--db", "postgresql+psycopg://u@127.0.0.1:1/x", "db", "check"))


def test_newer_database_is_refused(tmp_path: Path) -> None:
    """A database stamped by a newer version is refused and unchanged."""
    db = tmp_path / "a.sqlite"
    assert run("--db", str(db), "db", "upgrade").returncode == 0
    conn = sqlite3.connect(db)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff'")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    assert "newer version" in one_line_error(run("--db", str(db), "user", "list"))
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None,
                    reason="needs root to run the command as an unprivileged user")
def test_read_only_location_is_a_clear_message(tmp_path: Path) -> None:
    """As an ordinary user, a database in a read-only folder gives one clear line."""
    probe = subprocess.run(["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups",
                            sys.executable, "-c", "import inspector"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("this checkout is not readable by an unprivileged user")
    base = Path(tempfile.mkdtemp(prefix="inspector-ro-"))  # pytest's tmp is private to root
    os.chmod(base, 0o755)
    folder = base / "ro"
    folder.mkdir()
    db = folder / "a.sqlite"
    assert run("--db", str(db), "db", "upgrade").returncode == 0
    os.chmod(folder, 0o555)
    os.chmod(db, 0o444)
    for p in folder.glob("a.sqlite-*"):
        p.unlink()
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    home = base / "home"
    home.mkdir()
    os.chmod(home, 0o777)
    result = run("--db", str(db), "user", "add", "lan", "--role", "clerk", "--name", "Lan",
                 stdin="mat-khau-1\n", user="65534", env={"INSPECTOR_HOME": str(home)})
    line = one_line_error(result)
    assert "read-only" in line or "cannot open" in line
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    os.chmod(folder, 0o755)
    shutil.rmtree(base)


def test_gui_without_display_says_so_in_one_line(tmp_path: Path) -> None:
    """Without a display the app names the command that works (Xvfb with scripts/run, which
    uses the project's Python), not ``python main.py`` with whatever Python is first."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, str(root / "main.py"), "--db",
                             str(tmp_path / "a.sqlite")], capture_output=True, text=True,
                            timeout=60, env=env)
    assert result.returncode == 2
    line = one_line_error(result)
    assert "xvfb-run -a scripts/run" in line and "python main.py" not in line
    assert not (tmp_path / "a.sqlite").exists()
