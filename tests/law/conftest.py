"""A database built the way a laptop builds it: ``inspector db upgrade`` on an empty file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector.cli import main
from inspector.store.engine import Database, open_database


@pytest.fixture(scope="module")
def upgraded_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path: Path = tmp_path_factory.mktemp("upgraded") / "inspector.sqlite"
    assert main(["--db", str(path), "db", "upgrade"]) == 0
    database = open_database(str(path))
    yield database
    database.dispose()
