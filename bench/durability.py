"""The cost of the durability setting. The app runs SQLite with ``synchronous = NORMAL`` (WAL
synced at checkpoints: a power cut may lose the last commits, never corrupts) and syncs the WAL
after each commit that takes a document number (``numbering.DURABLE``: FULL for those). Three
settings are timed: NORMAL alone, the app's (NORMAL + a synced numbered commit), and FULL for
every commit. The script times --runs small audited commits (one establishment each) and
--issues decision issues under each setting on a file in --dir (default: a temporary folder;
give a folder on a field laptop's disk to measure that disk) and prints the medians.

    python bench/durability.py [--runs 200] [--issues 20] [--dir /path/on/the/disk]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def measure(mode: str, durable: bool, folder: str | None, runs: int,
            issues: int) -> tuple[float, float]:
    from inspector.services import decisions, numbering, violation_records
    from inspector.services import establishments as est
    from inspector.services.actor import Actor, local_operator
    from inspector.services.setup import prepare_database
    from inspector.store import engine
    from tests.factories import INTERNET_POINT, configure_agency, make_case

    engine.SYNCHRONOUS = mode
    numbering.DURABLE = durable
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        db = prepare_database(str(Path(tmp) / "bench.sqlite"))
        actor = local_operator()
        commits = []
        for i in range(runs):
            start = time.perf_counter()
            est.add_establishment(db, actor, est.EstablishmentInput(
                sector="internet", name=f"Đại lý {i}", owner_kind="organization"))
            commits.append(time.perf_counter() - start)
        configure_agency(db, actor)
        chief = Actor(login="bench-chief", role="chief", full_name="Bench", device="bench")
        cases: list[uuid.UUID] = []
        for i in range(issues):
            case = make_case(db, actor, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                          "amount": 2_000_000}],
                             establishment={**INTERNET_POINT, "name": f"Điểm {i}"},
                             opened_on=date(2026, 9, 7))
            violation_records.issue_record(db, actor, case, date(2026, 9, 7))
            cases.append(case)
        issued = []
        for case in cases:
            start = time.perf_counter()
            decisions.issue_decision(db, chief, case, date(2026, 9, 10))
            issued.append(time.perf_counter() - start)
        db.dispose()
    return statistics.median(commits) * 1000, statistics.median(issued) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--issues", type=int, default=20)
    parser.add_argument("--dir")
    args = parser.parse_args()
    normal = measure("NORMAL", False, args.dir, args.runs, args.issues)
    app = measure("NORMAL", True, args.dir, args.runs, args.issues)
    full = measure("FULL", True, args.dir, args.runs, args.issues)
    print(f"median audited commit: NORMAL {normal[0]:.2f} ms, the app's {app[0]:.2f} ms, "
          f"FULL {full[0]:.2f} ms")
    print(f"median decision issue (PDF included): NORMAL {normal[1]:.1f} ms, the app's "
          f"{app[1]:.1f} ms, FULL {full[1]:.1f} ms (floor: under 100 ms added)")


if __name__ == "__main__":
    main()
