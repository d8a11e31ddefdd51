"""Fault injection: SIGKILL a writer at a random moment, --kills times, then look at the file.

Each round starts a child that writes through the services in a loop (establishments, a visit's
violation with its case in one transaction, records and decisions with their numbers) and
prints every commit it saw return; the parent kills it after a random delay. After each kill:
``PRAGMA integrity_check``, ``db check`` (chain, anchor, audit cover, numbers), no case
without a violation (a half-written action), and every commit the child reported is in the
file (no lost commits).

    python bench/fault_injection.py [--kills 100] [--max-delay 1.5]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHILD = textwrap.dedent("""
    import sys, uuid
    sys.path.insert(0, {root!r})
    from datetime import date
    from inspector.services import cases, establishments as est, inspections
    from inspector.services.actor import local_operator
    from inspector.store.engine import open_database
    db = open_database({path!r})
    op = local_operator()
    visit = {visit!r}
    print("READY x", flush=True)
    n = 0
    while True:
        n += 1
        name = f"Đại lý {{uuid.uuid4().hex[:8]}}"
        est.add_establishment(db, op, est.EstablishmentInput(
            sector="internet", name=name, owner_kind="organization"))
        print("E", name, flush=True)
        if visit and n % 3 == 0:
            case_id, row = cases.add_violation_at_visit(db, op, uuid.UUID(visit), cases.ViolationInput(
                provision_key="174/2026/NĐ-CP:36.2.a", ended_on=date(2026, 9, 1), facts="x"))
            print("V", row.id, flush=True)
""")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--max-delay", type=float, default=1.5)
    args = parser.parse_args()
    os.environ.setdefault("INSPECTOR_HOME", tempfile.mkdtemp(prefix="inspector-fault-"))
    from inspector.services.actor import local_operator
    from inspector.services.maintenance import check_database
    from inspector.services.setup import prepare_database
    from inspector.store.engine import open_database

    tmp = Path(tempfile.mkdtemp(prefix="inspector-fault-db-"))
    path = tmp / "fault.sqlite"
    db = prepare_database(str(path))
    visit = _visit(db)
    db.dispose()
    corrupt = lost = half = check_failed = commits = 0
    started = time.perf_counter()
    for _ in range(args.kills):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD.format(root=str(ROOT), path=str(path), visit=visit)],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert child.stdout is not None
        child.stdout.readline()  # imported and connected: now kill it somewhere in its writes
        time.sleep(random.random() * args.max_delay)
        os.kill(child.pid, signal.SIGKILL)
        out, _ = child.communicate()
        reported = [line.split(" ", 1) for line in out.splitlines() if " " in line]
        commits += len(reported)
        conn = sqlite3.connect(path)
        try:
            if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                corrupt += 1
            names = {r[0] for r in conn.execute("SELECT name FROM establishments")}
            ids = {r[0] for r in conn.execute("SELECT id FROM violations")}
            lost += sum(1 for k, v in reported if (k == "E" and v not in names)
                        or (k == "V" and v.replace("-", "") not in ids and v not in ids))
            half += conn.execute("SELECT count(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM "
                                 "violations v WHERE v.case_id = c.id)").fetchone()[0]
        finally:
            conn.close()
        checked = open_database(str(path), upgrade=False)
        try:
            report = check_database(checked, local_operator())
            if not report.ok:
                check_failed += 1
                print("db check:", [f"{r.name}: {r.detail[:300]}" for r in report.results
                                    if not r.ok], flush=True)
        finally:
            checked.dispose()
    print(f"{args.kills} SIGKILLs during {commits} reported commits, "
          f"{time.perf_counter() - started:.0f} s: {corrupt} corrupt "
          f"databases, {lost} lost commits, {half} half-written cases, {check_failed} failed "
          "db checks")


def _visit(db: object) -> str:
    from datetime import date

    from inspector.services import establishments as est
    from inspector.services import inspections
    from inspector.services.actor import local_operator

    op = local_operator()
    shop = est.add_establishment(db, op, est.EstablishmentInput(  # type: ignore[arg-type]
        sector="internet", name="Đại lý Gốc", owner_kind="organization"))
    plan = inspections.add_inspection(db, op, inspections.InspectionInput(  # type: ignore[arg-type]
        mode="kiem_tra", kind="thematic", title="Kiểm tra", start_date=date(2026, 9, 1),
        end_date=date(2026, 9, 30), sector="internet", decision_number="1/QĐ",
        decision_date=date(2026, 8, 25),
        members=(inspections.MemberInput("Hoàng Văn Nam", "head"),)))
    visit = inspections.add_visit(db, op, inspections.VisitInput(  # type: ignore[arg-type]
        inspection_id=plan, establishment_id=shop, visit_date=date(2026, 9, 1)))
    return str(visit)


if __name__ == "__main__":
    main()
