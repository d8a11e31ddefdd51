"""Opening the database the way the app and the CLI need it: migrated, reference data loaded."""

from __future__ import annotations

import logging

from inspector.services.actor import Actor
from inspector.services.reference import missing_reference
from inspector.services.reference_version import needs_upgrade, upgrade_reference
from inspector.store.engine import Database, open_database

log = logging.getLogger(__name__)
SYSTEM = Actor(login="system", role="admin", full_name="Inspector", device="")


def prepare_database(db: str | None = None) -> Database:
    """Open (create, upgrade) the database and load the shipped reference records it lacks."""
    database = open_database(db, upgrade=True)
    try:
        # A new database gets the whole shipped set; one holding an older edition is upgraded
        # in one audited transaction (records inserted, updated or end-dated; an
        # administrator's edit kept and reported as a conflict; nothing deleted).
        if needs_upgrade(database) or missing_reference(database):
            report = upgrade_reference(database, SYSTEM)
            log.info("reference data: %s", report.summary_en())
            for change in report.conflicts:
                log.warning("reference record kept as edited by an administrator: %s %s",
                            change.table, change.key)
    except Exception:
        database.dispose()
        raise
    return database
