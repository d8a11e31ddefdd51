"""SIGKILL during an import at random moments: every register passes ``db check`` and holds
either the whole bundle or none of it (50 runs, each on its own copy of the register)."""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import signal
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from inspector.services.attachments import add_attachment
from inspector.services.bundles_export import export_laptop
from inspector.services.maintenance import check_database
from inspector.store.engine import open_database
from inspector.store.models import Attachment, Case, Violation, Visit
from inspector.store.sync import SyncBundle
from tests.services.bundles_world import PNG, field_visit, make_world
from tests.services.test_bundles import _handout

RUNS = 50


def _child(register: str, home: str, bundle: str, ready: Any) -> None:
    """The importing process (forked: no interpreter start-up to wait for)."""
    os.environ["INSPECTOR_HOME"] = home
    from inspector.services.actor import local_operator
    from inspector.services.bundles_import import import_bundle
    from inspector.services.law import law_data

    db = open_database(register)
    law_data(db)  # the catalogue is read before the moment of interest
    ready.set()
    import_bundle(db, local_operator(), bundle)
    db.dispose()


pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def _counts(path: Path) -> tuple[int, ...]:
    db = open_database(str(path))
    try:
        with db.sessions() as s:
            return tuple(s.scalar(select(func.count()).select_from(m)) or 0
                         for m in (Visit, Case, Violation, Attachment, SyncBundle))
    finally:
        db.dispose()


def _spawn(register: Path, home: Path, bundle: Path) -> Any:
    ctx = multiprocessing.get_context("fork")
    ready = ctx.Event()
    child = ctx.Process(target=_child, args=(str(register), str(home), str(bundle), ready))
    child.start()
    assert ready.wait(30), "the child did not start"
    return child


def test_sigkill_during_import_leaves_all_or_nothing(tmp_path: Path, template_db: Path) -> None:
    world = make_world(tmp_path, template_db)
    laptop = world.laptop("may-A", template_db)
    _handout(world, laptop, tmp_path)
    bundle = tmp_path / "work.zip"
    with laptop.active() as db:
        for n in range(24):
            case = field_visit(db, laptop.actor, world.inspection_id,
                               world.establishment_ids[n % 2], date(2026, 11, 20)
                               + timedelta(days=n // 2))
            photo = tmp_path / f"p{n}.png"
            photo.write_bytes(PNG + bytes(20_000) + str(n).encode())
            add_attachment(db, laptop.actor, "case", case, photo)
        export_laptop(db, laptop.actor, bundle)
    reg = world.register
    empty = _counts(reg.path)
    # Calibrate: how long the import itself takes once the child is ready.
    probe, probe_home = tmp_path / "probe.sqlite", tmp_path / "probe-home"
    shutil.copyfile(reg.path, probe)
    shutil.copytree(reg.home, probe_home)
    child = _spawn(probe, probe_home, bundle)
    start = time.perf_counter()
    child.join(60)
    span = time.perf_counter() - start
    assert child.exitcode == 0
    full = _counts(probe)
    assert full[0] == 24 and full[4] == empty[4] + 1
    rnd = random.Random(13)
    outcomes = {"none": 0, "whole": 0}
    for run in range(RUNS):
        copy, home = tmp_path / f"r{run}.sqlite", tmp_path / f"h{run}"
        shutil.copyfile(reg.path, copy)
        shutil.copytree(reg.home, home)
        child = _spawn(copy, home, bundle)
        time.sleep(rnd.uniform(0, span * 1.2))
        if child.pid is not None and child.is_alive():
            os.kill(child.pid, signal.SIGKILL)
        child.join(60)
        counts = _counts(copy)
        assert counts in (empty, full), f"run {run}: partial import {counts}"
        outcomes["none" if counts == empty else "whole"] += 1
        db = open_database(str(copy))
        try:
            report = check_database(db, reg.actor)
        finally:
            db.dispose()
        assert report.ok, [r for r in report.results if not r.ok]
        shutil.rmtree(home)
        copy.unlink()
    assert outcomes["none"] and outcomes["whole"], outcomes
