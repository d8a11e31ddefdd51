"""Test set-up: headless Qt, a private app home, and fresh SQLite databases in tmp_path.

A migrated template database is built once per session and copied for each test, so every test
gets a real, fully migrated SQLite file without paying for Alembic each time.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = Path(tempfile.mkdtemp(prefix="inspector-test-home-"))
os.environ["INSPECTOR_HOME"] = str(_HOME)
os.environ.pop("INSPECTOR_DB", None)

from inspector.services.actor import Actor, local_operator  # noqa: E402
from inspector.services.setup import prepare_database  # noqa: E402
from inspector.store.engine import Database, open_database  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/gui" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    db = prepare_database(str(path))
    db.dispose()
    return path


@pytest.fixture
def db_path(tmp_path: Path, template_db: Path) -> Path:
    path = tmp_path / "inspector.sqlite"
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(str(db_path))
    yield database
    database.dispose()


@pytest.fixture
def operator() -> Actor:
    return local_operator()


def make_actor(role: str, login: str | None = None) -> Actor:
    return Actor(login=login or f"test-{role}", role=role, full_name=f"Người thử {role}",
                 device="test")
