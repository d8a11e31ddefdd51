"""Creating 100,000 establishments through the service layer's bulk path, then db check.

    python bench/bulk_establishments.py [--count 100000] [--check-runs 3]

The floor of ``db check``: a plain ``python`` with ``sqlite3`` only that runs SQLite's own
integrity and foreign-key checks and reads every row of every table once, what no check of
this file can skip.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import median, python

from inspector.services.actor import local_operator
from inspector.services.establishments import (
    EstablishmentInput,
    bulk_add_establishments,
)
from inspector.services.setup import prepare_database

FAMILY = ["Nông", "Hoàng", "Lương", "Bế", "Đàm", "Nguyễn", "Lê", "Triệu", "Lục", "Hà"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hoa", "Lan", "Mai", "Tùng", "Yến", "Đạt"]
SECTORS = ["internet", "game", "printing", "distribution", "ict_goods"]
KIND = {"internet": "Đại lý Internet", "game": "Điểm trò chơi điện tử", "printing": "Cơ sở in",
        "distribution": "Nhà sách", "ict_goods": "Cửa hàng điện thoại"}
COMMUNES = ["Phường Thục Phán", "Phường Nùng Trí Cao", "Phường Tân Giang", "Xã Hòa An",
            "Xã Trùng Khánh", "Xã Quảng Uyên", "Xã Nguyên Bình", "Xã Bảo Lạc"]


def items(count: int, seed: int = 1):  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    for i in range(count):
        sector = rng.choice(SECTORS)
        owner = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        yield EstablishmentInput(
            sector=sector, name=f"{KIND[sector]} {owner.split()[-1]} {i}",
            owner_kind="household", owner_name=owner, address_line=f"Số {rng.randint(1, 300)}",
            commune_name=rng.choice(COMMUNES), province_name="Cao Bằng",
            phone=f"09{rng.choice('1468')}{rng.randint(1_000_000, 9_999_999)}")


def _children_cpu() -> float:
    """User + system seconds of the finished child processes (a figure the machine's other
    work disturbs less than the wall clock)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


FLOOR = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
conn.execute("PRAGMA integrity_check").fetchall()
conn.execute("PRAGMA foreign_key_check").fetchall()
for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
    conn.execute(f'SELECT * FROM "{name}"').fetchall()
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--check-runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        os.environ["INSPECTOR_HOME"] = home
        path = str(Path(home) / "bulk.sqlite")
        db = prepare_database(path)
        inputs = list(items(args.count))  # generating the input is not part of the measure
        start = time.perf_counter()
        n = bulk_add_establishments(db, local_operator(), inputs)
        created = time.perf_counter() - start
        db.dispose()
        checks, floors, check_cpu, floor_cpu = [], [], [], []
        for _ in range(args.check_runs):
            t0, c0 = time.perf_counter(), _children_cpu()
            subprocess.run([python(), "-c", FLOOR, path], check=True)
            floors.append(time.perf_counter() - t0)
            floor_cpu.append(_children_cpu() - c0)
            t0, c0 = time.perf_counter(), _children_cpu()
            result = subprocess.run([python(), "-m", "inspector", "--db", path, "db", "check"],
                                    capture_output=True, text=True)
            checks.append(time.perf_counter() - t0)
            check_cpu.append(_children_cpu() - c0)
            if result.returncode != 0:
                raise SystemExit(f"db check failed: {result.stdout}{result.stderr}")
    print(f"created {n} establishments (with {n} audit entries) in {created:.2f} s "
          f"(target < 5 s)")
    print(f"inspector db check on that database: median {median(checks):.2f} s over "
          f"{args.check_runs} runs (target < 3 s); floor (sqlite3's integrity and foreign-key "
          f"checks, every row read once) {median(floors):.2f} s, ratio "
          f"{median(checks) / median(floors):.1f}")
    print(f"  CPU time (user + system, both threads): db check {median(check_cpu):.2f} s, "
          f"floor {median(floor_cpu):.2f} s; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores")


if __name__ == "__main__":
    main()
