"""``demo seed --accounts``: one account per role, passwords printed, each one logs in."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from inspector.services.users import authenticate
from inspector.store.engine import open_database
from tests.cli.test_cli_foundation import run


def test_demo_accounts_per_role_with_printed_passwords(tmp_path: Path, template_db: Path) -> None:
    """The printed passwords log in as inspector, chief, clerk and admin; a second run keeps
    the accounts and their passwords."""
    db = tmp_path / "demo.sqlite"
    shutil.copyfile(template_db, db)
    result = run("--db", str(db), "demo", "seed", "--accounts", "--json")
    assert result.returncode == 0, result.stderr
    accounts = json.loads(result.stdout)["accounts"]
    assert sorted(a["role"] for a in accounts) == ["admin", "chief", "clerk", "inspector"]
    database = open_database(str(db))
    try:
        for a in accounts:
            assert len(a["password"]) >= 8
            assert authenticate(database, a["login"], a["password"]).role == a["role"]
    finally:
        database.dispose()
    again = run("--db", str(db), "demo", "seed", "--accounts")
    assert again.returncode == 0 and again.stdout.count("password unchanged") == 4
    assert run("--db", str(db), "demo", "seed").returncode != 0  # nothing asked
