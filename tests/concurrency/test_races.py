"""Two processes writing one SQLite file at the same moment: no 'database is locked', every
action done once, decision numbers contiguous. A few rounds here; ``-m slow`` runs 15."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from inspector.services import decisions, violation_records
from inspector.services.actor import Actor
from inspector.services.maintenance import check_database
from inspector.services.users import add_user
from inspector.store.engine import Database
from tests.conftest import ROOT, make_actor
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details

WORKER = str(Path(__file__).with_name("race_worker.py"))


def race(url: str, scenario: str, parts: list[list[str]]) -> list[dict[str, list[object]]]:
    start = time.time() + 1.5  # both processes imported and connected before the start
    procs = [subprocess.Popen([sys.executable, WORKER, str(ROOT), url, scenario, str(start),
                               json.dumps(p)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env={**os.environ})
             for p in parts]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=120)
        assert p.returncode == 0, stderr
        out.append(json.loads(stdout.strip().splitlines()[-1]))
    return out


def _cases(db: Database, actor: Actor, n: int) -> list[str]:
    ids = []
    for i in range(n):
        case = make_case(db, actor, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                      "amount": 2_000_000}],
                         establishment={**INTERNET_POINT, "name": f"Đại lý {i}"},
                         opened_on=date(2026, 9, 7))
        violation_records.issue_record(db, actor, case, date(2026, 9, 7),
        details=record_details(date(2026, 9, 7)))
        ids.append(str(case))
    return ids


def issue_round(db: Database, operator: Actor, per_process: int) -> list[int]:
    ids = _cases(db, operator, 2 * per_process)
    results = race(db.url, "decisions", [ids[:per_process], ids[per_process:]])
    assert [r["failed"] for r in results] == [[], []]
    return sorted(int(n) for r in results for n in r["done"])  # type: ignore[call-overload]


def test_two_processes_issue_decisions_with_contiguous_numbers(
        db: Database, operator: Actor) -> None:
    configure_agency(db, operator)
    numbers = issue_round(db, operator, 5)
    assert numbers == list(range(1, 11))
    assert check_database(db, operator).ok


def test_two_processes_log_in_and_add_at_once(db: Database, operator: Actor) -> None:
    for login in ("lan", "minh"):
        add_user(db, operator, login, login.title(), "inspector", "Mat-khau-1!")
    results = race(db.url, "logins", [["lan"] * 8, ["minh"] * 8])
    assert [r["failed"] for r in results] == [[], []]
    results = race(db.url, "adds", [[f"Đại lý A{i}" for i in range(10)],
                                    [f"Đại lý B{i}" for i in range(10)]])
    assert [r["failed"] for r in results] == [[], []]
    assert check_database(db, operator).ok


def test_two_processes_record_payments_at_once(db: Database, operator: Actor) -> None:
    configure_agency(db, operator)
    chief = make_actor("chief")
    for case in _cases(db, operator, 2):
        import uuid

        decisions.issue_decision(db, chief, uuid.UUID(case), date(2026, 9, 10))
    results = race(db.url, "payments", [["1", "2", "1"], ["2", "1", "2"]])
    assert [r["failed"] for r in results] == [[], []]


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("INSPECTOR_LONG_TESTS"),
                    reason="long run: set INSPECTOR_LONG_TESTS=1")
def test_fifteen_rounds_of_simultaneous_issues(db: Database, operator: Actor) -> None:
    configure_agency(db, operator)
    issued: list[int] = []
    for _ in range(15):
        issued += issue_round(db, operator, 2)
    assert sorted(issued) == list(range(1, 61))
