"""One user action, one transaction: ``violation add --visit`` killed between opening the case
and adding the violation leaves no empty case (the tally would count it)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.cli.test_cli_foundation import one_line_error, run
from tests.cli.test_cli_work import SHOP, ok_json


def _cases(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM cases").fetchone()[0])
    finally:
        conn.close()


def test_violation_at_a_visit_is_one_transaction(db_path: Path) -> None:
    db = str(db_path)
    shop = ok_json("--db", db, "establishment", "add", *SHOP)
    inspection = ok_json(
        "--db", db, "inspection", "add", "--mode", "kiem_tra", "--kind", "thematic",
        "--title", "Kiểm tra 2024", "--start", "2024-05-10", "--end", "2024-05-20",
        "--decision-number", "12/QĐ-TTr", "--decision-date", "2024-05-02",
        "--sector", "distribution", "--member", "Hoàng Văn Nam|head")
    visit = ok_json("--db", db, "visit", "add", "--inspection", inspection["id"],
                    "--establishment", shop["id"], "--date", "2024-05-15")
    args = ["--db", db, "violation", "add", "--visit", visit["id"], "--provision",
            "119/2020/NĐ-CP:29.1.a", "--ongoing", "--title", "Đắc nhân tâm:60", "--facts", "x"]
    for _ in range(3):
        proc = subprocess.Popen([sys.executable, "-m", "inspector", *args],
                                stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                                env={**os.environ, "INSPECTOR_TEST_PAUSE": "violation_at_visit"})
        assert proc.stderr is not None
        assert "paused at violation_at_visit" in proc.stderr.readline()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stderr.close()
        assert _cases(db_path) == 0  # the case opened in that transaction died with it
    refused = run(*args, "--amount", "9000000")  # refused by the law: no case either
    assert "ngoài khung" in one_line_error(refused) and _cases(db_path) == 0
    done = ok_json(*args)
    assert done["amount"] == 3_750_000 and _cases(db_path) == 1
    assert run("--db", db, "db", "check").returncode == 0
