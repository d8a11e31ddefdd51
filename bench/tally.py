"""The yearly tally on a national-scale database, beside one hand-written GROUP BY (the floor).

    .venv/bin/python bench/tally.py                        # SQLite, builds /tmp/… once
    .venv/bin/python bench/tally.py --pg postgresql+psycopg://bench:bench@localhost/bench

The data: 1,000,000 violations over 10 years (2016–2025) and 34 provinces' worth of
establishments (8,000 each), with their inspections, visits, cases, records, decisions,
payments and seized items in realistic proportions. It is synthetic bench data written directly
by this script through Core bulk inserts (``inspector.store.bulk``): no audit entries are made
for it, on purpose — the audit trail records users' actions, and these rows are not any.

The rows are inserted like any writer's: the database's triggers (migration 0006) fill the
copies the tally reads (the case's day and sector on each violation, the establishment's place
on each visit…), so building takes longer than plain inserts (SQLite about 8 minutes, PostgreSQL
about the same; on PostgreSQL the build ends with VACUUM ANALYZE, as autovacuum would).

Measured, each as the median of ``--runs`` runs after one warm-up: ``compute_tally`` for one
year (every section: headline, sectors, kinds, provisions, seized, remedial, areas, months,
each inspection, and the previous year); the floor, one hand-written ``SELECT sector, count(*),
sum(amount) … GROUP BY sector`` over the same year's violations; their ratio; the time per
section of the tally; and the XLSX export of that year (rendering the workbook from the tally).
The warm-up's own time is printed too: the first tally of a process also loads the law catalog.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("INSPECTOR_HOME", tempfile.mkdtemp(prefix="inspector-bench-"))

from sqlalchemy import text  # noqa: E402

from inspector.services.actor import local_operator  # noqa: E402
from inspector.services.setup import prepare_database  # noqa: E402
from inspector.store.base import utcnow  # noqa: E402
from inspector.store.bulk import insert_rows  # noqa: E402
from inspector.store.engine import Database  # noqa: E402
from inspector.store.models import (  # noqa: E402
    AgencySettings,
    Case,
    Establishment,
    Inspection,
    Payment,
    SanctionDecision,
    SeizedItem,
    Violation,
    ViolationRecord,
    Visit,
)

FIRST_YEAR = 2016
SECTORS = ("internet", "game", "ict_goods", "printing", "distribution", "telecom", "publishing")
KINDS = {"internet": "internet_point", "game": "game_point", "ict_goods": "ict_shop",
         "printing": "printer", "distribution": "distributor", "telecom": "telecom_agent",
         "publishing": "publisher"}
KEYS = {"internet": ["174/2013/NĐ-CP:?.2", "174/2013/NĐ-CP:?.3", "15/2020/NĐ-CP:104.1.a"],
        "game": ["15/2020/NĐ-CP:105.1.a", "15/2020/NĐ-CP:105.2"],
        "ict_goods": ["174/2013/NĐ-CP:46.1.c"],
        "printing": ["159/2013/NĐ-CP:24.1", "119/2020/NĐ-CP:28b.1"],
        "distribution": ["159/2013/NĐ-CP:27.1", "119/2020/NĐ-CP:29.1.a"],
        "telecom": ["15/2020/NĐ-CP:30.1"], "publishing": ["119/2020/NĐ-CP:32.1"]}


class Gen:
    """Rows for one year at a time, in proportions close to the seed report's."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.now = utcnow()

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def base(self) -> dict[str, Any]:
        return {"id": self.uid(), "created_at": self.now, "updated_at": self.now, "version": 1}

    def day(self, year: int) -> date:
        return date(year, 1, 1) + timedelta(days=self.rng.randrange(365))


def _complete(model: Any, rows: list[dict[str, Any]]) -> None:
    """Add the columns' Python defaults (the bulk path sends exactly the keys it is given)."""
    if not rows:
        return
    extra: dict[str, Any] = {}
    for column in model.__table__.columns:
        default = column.default
        if column.name in rows[0] or default is None:
            continue
        extra[column.name] = default.arg(None) if default.is_callable else default.arg
    if extra:
        for row in rows:
            for key, value in extra.items():
                row.setdefault(key, value)


def _insert(db: Database, model: Any, rows: list[dict[str, Any]]) -> None:
    _complete(model, rows)
    with db.engine.begin() as conn:
        for i in range(0, len(rows), 50_000):
            insert_rows(conn, model, rows[i:i + 50_000])


def build(db: Database, violations: int, years: int, provinces: int, seed: int = 1, *,
          establishments: int = 8_000, quiet: bool = False) -> None:
    """``establishments`` per province; the tests build a small database the same way."""
    g = Gen(seed)
    t0 = time.perf_counter()
    agency = {**g.base(), "agency_name": "Sở (bench)", "place_name": "Bench"}
    _insert(db, AgencySettings, [agency])
    ests: list[tuple[uuid.UUID, str]] = []
    rows: list[dict[str, Any]] = []
    for p in range(provinces):
        for n in range(establishments):
            sector = SECTORS[g.rng.randrange(len(SECTORS))]
            row = {**g.base(), "sector": sector, "business_kind": KINDS[sector],
                   "name": f"Cơ sở {p}-{n}", "owner_kind": "household",
                   "commune_name": f"Xã {p}-{n % 90}", "former_district": f"Huyện {p}-{n % 9}",
                   "former_commune_name": f"Xã cũ {p}-{n % 120}", "province_name": f"Tỉnh {p}",
                   "search_text": "", "name_sort": ""}
            rows.append(row)
            ests.append((row["id"], sector))
    _insert(db, Establishment, rows)
    per_year = violations // years
    number = 0
    for y in range(FIRST_YEAR, FIRST_YEAR + years):
        cases_n = int(per_year / 1.4)
        inspections = [{**g.base(), "mode": "thanh_tra" if g.rng.random() < 0.7 else "kiem_tra",
                        "kind": g.rng.choice(("scheduled", "unscheduled", "thematic",
                                              "interdisciplinary")),
                        "title": f"Cuộc {y}-{n}", "start_date": g.day(y), "scope": "",
                        "participating_agencies": ""} for n in range(provinces * 120)]
        visits, cases, viols, records, decisions, payments, seized = [], [], [], [], [], [], []
        seen: set[tuple[Any, Any, date]] = set()
        for n in range(int(cases_n * 1.5)):
            insp = inspections[g.rng.randrange(len(inspections))]
            est, sector = ests[g.rng.randrange(len(ests))]
            day = min(insp["start_date"] + timedelta(days=g.rng.randrange(20)), date(y, 12, 31))
            if (insp["id"], est, day) in seen:  # one visit a day per inspection and place
                continue
            seen.add((insp["id"], est, day))
            has_case = n < cases_n
            visit = {**g.base(), "inspection_id": insp["id"], "establishment_id": est,
                     "visit_date": day, "checklist": {}, "notes": "",
                     "outcome": "violations" if has_case else
                     ("reminded" if g.rng.random() < 0.05 else "compliant")}
            visits.append(visit)
            if not has_case:
                continue
            case = {**g.base(), "visit_id": visit["id"], "establishment_id": est,
                    "subject_kind": "individual", "violator": {}, "sector": sector,
                    "status": "paid", "opened_on": day, "complex_case": False,
                    "explanation": False, "notes": ""}
            cases.append(case)
            total = 0
            for _ in range(1 if g.rng.random() < 0.6 else 2):
                warning = g.rng.random() < 0.05
                amount = 0 if warning else g.rng.randrange(2, 40) * 250_000
                total += amount
                viols.append({**g.base(), "case_id": case["id"],
                              "provision_key": g.rng.choice(KEYS[sector]), "ongoing": False,
                              "ended_on": day, "facts": "", "mitigating": [], "aggravating": [],
                              "amount": amount, "amount_reason": "", "warning": warning,
                              "titles": [], "additional_sanctions": [],
                              "remedial_measures": [{"code": "recall", "text": "Buộc thu hồi",
                                                     "done_on": day.isoformat()}]
                              if g.rng.random() < 0.03 else []})
            records.append({**g.base(), "case_id": case["id"], "agency_id": agency["id"],
                            "year": y, "made_on": day, "status": "issued", "snapshot": {}})
            if g.rng.random() < 0.1:
                seized.append({**g.base(), "case_id": case["id"], "kind": "Sách", "unit": "cuốn",
                               "quantity": g.rng.randrange(1, 200), "disposal": "confiscated",
                               "disposal_date": day, "description": "", "condition": "",
                               "titles": [], "kept_at": ""})
            if g.rng.random() < 0.9:
                number += 1
                issued = min(day + timedelta(days=g.rng.randrange(1, 10)), date(y, 12, 31))
                decision = {**g.base(), "case_id": case["id"], "agency_id": agency["id"],
                            "form": "MQĐ02", "year": y, "number": number, "issued_on": issued,
                            "status": "paid", "total_amount": total, "snapshot": {},
                            "instalments": []}
                decisions.append(decision)
                if total and g.rng.random() < 0.9:
                    payments.append({**g.base(), "decision_id": decision["id"],
                                     "paid_on": issued + timedelta(days=g.rng.randrange(1, 30)),
                                     "amount": total, "receipt_number": ""})
        for model, batch in ((Inspection, inspections), (Visit, visits), (Case, cases),
                             (Violation, viols), (ViolationRecord, records),
                             (SanctionDecision, decisions), (Payment, payments),
                             (SeizedItem, seized)):
            _insert(db, model, batch)
        if not quiet:
            print(f"  {y}: {len(viols):,} violations, {len(visits):,} visits "
                  f"({time.perf_counter() - t0:.0f} s)", flush=True)
    if db.is_sqlite:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    else:
        # VACUUM as autovacuum would after a bulk load: the visibility map lets PostgreSQL
        # answer from the covering indexes alone (index-only scans) instead of the table.
        with db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                "VACUUM ANALYZE")


FLOOR = ("SELECT c.sector, count(*), sum(v.amount) FROM violations v "
         "JOIN cases c ON c.id = v.case_id "
         "WHERE c.opened_on BETWEEN :a AND :b GROUP BY c.sector")


def measure(db: Database, year: int, runs: int) -> dict[str, Any]:
    from inspector.reports.export import render
    from inspector.services.tallies import compute_tally

    actor = local_operator()
    start, end = date(year, 1, 1), date(year, 12, 31)

    def tally_once() -> tuple[float, dict[str, float], Any]:
        marks: list[tuple[str, float]] = []
        t0 = time.perf_counter()
        result = compute_tally(db, actor, start, end,
                               lambda _d, _t, label: marks.append((label, time.perf_counter())))
        total = time.perf_counter() - t0
        sections = {a[0]: b[1] - a[1] for a, b in itertools.pairwise(marks)}
        return total, sections, result

    def floor_once() -> float:
        t0 = time.perf_counter()
        with db.engine.connect() as conn:
            conn.execute(text(FLOOR), {"a": start, "b": end}).all()
        return time.perf_counter() - t0

    first = tally_once()[0]
    floor_once()
    tallies = [tally_once() for _ in range(runs)]
    floors = [floor_once() for _ in range(runs)]
    tally = tallies[-1][2]
    xlsx = []
    for _ in range(3):
        t0 = time.perf_counter()
        render(tally, "xlsx")
        xlsx.append(time.perf_counter() - t0)
    sections = {k: statistics.median(t[1].get(k, 0.0) for t in tallies) for k in tallies[0][1]}
    return {"tally": statistics.median(t[0] for t in tallies), "first": first,
            "spread": (min(t[0] for t in tallies), max(t[0] for t in tallies)),
            "floor": statistics.median(floors), "xlsx": statistics.median(xlsx),
            "sections": sections, "violations": tally.headline.violations,
            "inspections": len(tally.inspections)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(Path(tempfile.gettempdir()) / "inspector-bench-tally.sqlite"))
    parser.add_argument("--pg", metavar="URL", help="also (or only) a PostgreSQL database URL")
    parser.add_argument("--violations", type=int, default=1_000_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--year", type=int, default=2021, help="the year measured")
    parser.add_argument("--rebuild", action="store_true", help="drop an existing bench database")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    targets = [] if args.skip_sqlite else [args.db]
    if args.pg:
        targets.append(args.pg)
    for url in targets:
        is_file = "://" not in url
        if is_file and args.rebuild:
            for suffix in ("", "-wal", "-shm"):
                Path(url + suffix).unlink(missing_ok=True)
        fresh = not (is_file and Path(url).exists())
        db = prepare_database(url)
        if not is_file:
            with db.engine.connect() as conn:
                fresh = conn.execute(text("SELECT count(*) FROM violations")).scalar() == 0
        if fresh:
            print(f"building {args.violations:,} violations in {db.display_name()} …", flush=True)
            build(db, args.violations, args.years, args.provinces)
        r = measure(db, args.year, args.runs)
        print(f"\n{db.engine.dialect.name}: year {args.year}, {r['violations']:,} violations, "
              f"{r['inspections']:,} inspections")
        print(f"  yearly tally (median of {args.runs}): {r['tally']:.3f} s "
              f"(from {r['spread'][0]:.3f} to {r['spread'][1]:.3f} s; the first of this "
              f"process, which loads the law catalog: {r['first']:.3f} s)")
        print(f"  floor, one GROUP BY (median of {args.runs}): {r['floor']:.3f} s")
        print(f"  ratio tally / floor: {r['tally'] / r['floor']:.1f}")
        print(f"  XLSX export of the year (median of 3): {r['xlsx']:.3f} s")
        print("  sections: " + ", ".join(f"{k} {v * 1000:.0f} ms"
                                         for k, v in r["sections"].items()))
        db.dispose()


if __name__ == "__main__":
    main()
