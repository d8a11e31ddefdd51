"""A copy of the caobang-2015 database for tests of the renderers, the page and the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

from inspector.services.actor import local_operator
from inspector.services.scenarios.caobang2015 import build_caobang_2015
from inspector.store.engine import open_database


def build_caobang_file(template: Path, target: Path) -> Path:
    """Copy the migrated template to ``target`` and write the 2015 scenario into it."""
    shutil.copyfile(template, target)
    db = open_database(str(target))
    try:
        build_caobang_2015(db, local_operator())
    finally:
        db.dispose()
    return target
