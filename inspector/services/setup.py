"""Opening the database the way the app and the CLI need it: migrated, reference data loaded."""

from __future__ import annotations

import logging

from inspector.services.actor import Actor
from inspector.services.reference import load_reference, missing_reference
from inspector.store.engine import Database, open_database

log = logging.getLogger(__name__)
SYSTEM = Actor(login="system", role="admin", full_name="Inspector", device="")


def prepare_database(db: str | None = None) -> Database:
    """Open (create, upgrade) the database and load the shipped reference records it lacks."""
    database = open_database(db, upgrade=True)
    try:
        # A new database gets the whole shipped set; one already in use gets the shipped
        # records it lacks (a new decree, a record an older release lost), audited as the
        # system, never overwriting a row an administrator edited.
        if missing_reference(database):
            report = load_reference(database, SYSTEM)
            log.info("reference data loaded: %s", report.added)
    except Exception:
        database.dispose()
        raise
    return database
