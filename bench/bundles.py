"""Bundles at scale: 1,000 inspections, 3,000 violations, 500 photos, on SQLite.

    python bench/bundles.py [--runs 3] [--keep DIR]

Builds a register (1,000 inspections and establishments, one inspector), hands a laptop the
package for all of them, and fills the laptop with one visit and one case per inspection,
3,000 violations (inside their bracket) and 500 photos of ~60 KB each (bulk inserts, then the
real services from there on). Then it measures, as medians over ``--runs``:

* export: ``export_laptop`` on the laptop (reading, digesting, writing the zip);
* import: ``import_bundle`` of that bundle into a fresh copy of the register (all added);
* re-import: the same bundle again (already imported) and a new export of the same work (every
  record found unchanged), both on the register that has it.

Targets (issue 13): export and import each under 5 s; a re-import under 1 s.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _png(i: int, size: int = 60_000) -> bytes:
    rnd = random.Random(i)
    return b"\x89PNG\r\n\x1a\n" + rnd.randbytes(size)


def build(tmp: Path) -> tuple[Path, Path, Path, Path]:
    """The register and laptop files (and their data folders) after the hand-out."""
    from sqlalchemy import insert

    from inspector.services import attachments as att
    from inspector.services.bundles_export import prepare_package
    from inspector.services.bundles_import import import_bundle
    from inspector.services.setup import prepare_database
    from inspector.store.models import (
        Attachment,
        Case,
        Establishment,
        Inspection,
        Violation,
        Visit,
    )
    from tests.services.bundles_world import make_world

    template = tmp / "template.sqlite"
    prepare_database(str(template)).dispose()
    world = make_world(tmp, template)
    reg = world.register
    day = date(2026, 11, 25)
    inspections = [uuid.uuid4() for _ in range(1000)]
    establishments = [uuid.uuid4() for _ in range(1000)]
    with reg.active() as db, db.engine.begin() as conn:
        conn.execute(insert(Inspection.__table__), [
            {"id": i, "mode": "kiem_tra", "kind": "thematic", "title": f"Kiểm tra số {n}",
             "sector": "distribution", "start_date": date(2026, 11, 1), "version": 1}
            for n, i in enumerate(inspections)])
        conn.execute(insert(Establishment.__table__), [
            {"id": e, "sector": "distribution", "name": f"Nhà sách số {n}",
             "name_sort": f"nha sach so {n}", "owner_kind": "individual",
             "owner_name": f"Chủ số {n}", "search_text": f"nha sach so {n}", "version": 1}
            for n, e in enumerate(establishments)])
    laptop = world.laptop("may-bench", template)
    package = tmp / "package.zip"
    with reg.active() as db:
        prepare_package(db, reg.actor, laptop.name, package, [*inspections, world.inspection_id])
    with laptop.active() as db:
        import_bundle(db, laptop.actor, package)
        visits = [uuid.uuid4() for _ in inspections]
        cases = [uuid.uuid4() for _ in inspections]
        with db.engine.begin() as conn:
            conn.execute(insert(Visit.__table__), [
                {"id": v, "inspection_id": i, "establishment_id": e, "visit_date": day,
                 "outcome": "violations", "checklist": {"q1": "no"}, "version": 1}
                for v, i, e in zip(visits, inspections, establishments, strict=True)])
            conn.execute(insert(Case.__table__), [
                {"id": c, "visit_id": v, "establishment_id": e, "subject_kind": "individual",
                 "violator": {"name": f"Chủ số {n}"}, "sector": "distribution",
                 "status": "draft", "opened_on": day, "version": 1}
                for n, (c, v, e) in enumerate(zip(cases, visits, establishments, strict=True))])
            conn.execute(insert(Violation.__table__), [
                {"id": uuid.uuid4(), "case_id": cases[n % 1000],
                 "provision_key": "119/2020/NĐ-CP:29.1.a", "ongoing": True,
                 "discovered_on": day, "amount": 2_000_000, "copies": 10,
                 "titles": [{"title": f"Sách {n}", "copies": 10}], "version": 1}
                for n in range(3000)])
            rows = []
            for n in range(500):
                data = _png(n)
                path = att.stored_path(__import__("hashlib").sha256(data).hexdigest())
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                rows.append({"id": uuid.uuid4(), "owner_type": "case", "owner_id": cases[n],
                             "sha256": path.name, "mime_type": "image/png",
                             "size_bytes": len(data), "original_name": f"anh-{n}.png",
                             "version": 1})
            conn.execute(insert(Attachment.__table__), rows)
    return reg.path, reg.home, laptop.path, laptop.home


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", help="build in this folder and keep it")
    args = parser.parse_args()
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-bundles-"))
    tmp.mkdir(parents=True, exist_ok=True)
    os.environ["INSPECTOR_HOME"] = str(tmp / "home")
    from inspector.services.actor import local_operator
    from inspector.services.bundles_export import export_laptop
    from inspector.services.bundles_import import import_bundle
    from inspector.store.engine import open_database

    t0 = time.perf_counter()
    reg_path, reg_home, lap_path, lap_home = build(tmp)
    print(f"built in {time.perf_counter() - t0:.1f} s")
    actor = local_operator()
    exports, imports, again, unchanged = [], [], [], []
    bundle = tmp / "from-laptop.zip"
    for run in range(args.runs):
        os.environ["INSPECTOR_HOME"] = str(lap_home)
        db = open_database(str(lap_path))
        target = tmp / f"export-{run}.zip"
        exports.append(_timed(lambda: export_laptop(db, actor, target)))  # noqa: B023
        db.dispose()
        shutil.copyfile(target, bundle)
    second = tmp / "second-export.zip"
    os.environ["INSPECTOR_HOME"] = str(lap_home)
    db = open_database(str(lap_path))
    export_laptop(db, actor, second)
    db.dispose()
    print(f"bundle: {bundle.stat().st_size / 1e6:.1f} MB")
    for run in range(args.runs):
        copy, home = tmp / f"register-{run}.sqlite", tmp / f"register-home-{run}"
        shutil.copyfile(reg_path, copy)
        shutil.copytree(reg_home, home, dirs_exist_ok=True)
        os.environ["INSPECTOR_HOME"] = str(home)
        db = open_database(str(copy))
        imports.append(_timed(lambda: import_bundle(db, actor, bundle)))  # noqa: B023
        again.append(_timed(lambda: import_bundle(db, actor, bundle)))  # noqa: B023
        unchanged.append(_timed(lambda: import_bundle(db, actor, second)))  # noqa: B023
        db.dispose()
    for name, values, floor in (("export", exports, 5.0), ("import", imports, 5.0),
                                ("re-import (already imported)", again, 1.0),
                                ("re-import (new bundle, all unchanged)", unchanged, 1.0)):
        m = statistics.median(values)
        print(f"{name}: median {m:.2f} s over {len(values)} runs "
              f"(target < {floor:.0f} s: {'ok' if m < floor else 'MISSED'})")
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
