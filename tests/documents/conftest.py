"""The two demo databases the document tests read: caobang-2015 and random 2026 (built once)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector.services import demo
from inspector.services.actor import local_operator
from inspector.store.engine import Database, open_database
from tests.reports.scenario import build_caobang_file


@pytest.fixture(scope="session")
def caobang_docs_path(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_caobang_file(template_db, tmp_path_factory.mktemp("cbdocs") / "caobang.sqlite")


@pytest.fixture(scope="session")
def random_docs_path(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("rnddocs") / "random-2026.sqlite"
    shutil.copyfile(template_db, target)
    db = open_database(str(target))
    try:
        demo.seed(db, local_operator(), "random", demo.SeedOptions(year=2026, size=60, seed=2))
    finally:
        db.dispose()
    return target


@pytest.fixture
def scenario_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Database, int]]:
    """A private copy of one scenario's database (``request.param``: "caobang" or "random")."""
    source = request.getfixturevalue(f"{request.param}_docs_path")
    path = tmp_path / "scenario.sqlite"
    shutil.copyfile(source, path)
    db = open_database(str(path))
    yield db, 2015 if request.param == "caobang" else 2026
    db.dispose()
