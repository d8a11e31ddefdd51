"""One caobang-2015 database and its 2015 tally for all renderer tests (built once)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from inspector.reports.heading import ReportHeading
from inspector.services.actor import local_operator
from inspector.services.tallies import Tally, compute_tally, report_heading
from inspector.store.engine import open_database
from tests.reports.scenario import build_caobang_file


@pytest.fixture(scope="session")
def caobang_path(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_caobang_file(template_db, tmp_path_factory.mktemp("cb") / "caobang.sqlite")


@pytest.fixture(scope="session")
def caobang(caobang_path: Path) -> Iterator[tuple[Tally, ReportHeading]]:
    db = open_database(str(caobang_path))
    actor = local_operator()
    tally = compute_tally(db, actor, date(2015, 1, 1), date(2015, 12, 31))
    heading = report_heading(db, actor, tally.period)
    db.dispose()
    yield tally, heading
