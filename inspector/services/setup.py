"""Opening the database the way the app and the CLI need it: migrated, reference data loaded."""

from __future__ import annotations

import logging

from inspector.services.actor import Actor
from inspector.services.reference import load_reference, reference_loaded
from inspector.store.engine import Database, open_database

log = logging.getLogger(__name__)
SYSTEM = Actor(login="system", role="admin", full_name="Inspector", device="")


def prepare_database(db: str | None = None) -> Database:
    """Open (create, upgrade) the database and load the shipped reference data if missing."""
    database = open_database(db, upgrade=True)
    try:
        if not reference_loaded(database):
            report = load_reference(database, SYSTEM)
            log.info("reference data loaded: %s", report.added)
    except Exception:
        database.dispose()
        raise
    return database
