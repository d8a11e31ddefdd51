"""The commit that takes a document number is synced to the disk before the service returns;
ordinary commits are not (WAL + synchronous NORMAL)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from inspector.services import decisions, numbering, violation_records
from inspector.services import establishments as est
from inspector.services.actor import Actor
from inspector.store.engine import Database, sync_wal
from tests.conftest import make_actor
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details


def test_numbered_commits_are_synced(db: Database, db_path: Path, operator: Actor,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[Path] = []

    def recording(path: Path) -> None:
        synced.append(path)
        sync_wal(path)

    monkeypatch.setattr(numbering, "sync_wal", recording)
    configure_agency(db, operator)
    est.add_establishment(db, operator, est.EstablishmentInput(
        sector="internet", name="Đại lý X", owner_kind="organization"))
    assert synced == []
    case = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                     "amount": 2_000_000}],
                     establishment=INTERNET_POINT, opened_on=date(2026, 9, 7))
    violation_records.issue_record(db, operator, case, date(2026, 9, 7),
        details=record_details(date(2026, 9, 7)))
    assert synced == [db_path]  # the record's number
    decisions.issue_decision(db, make_actor("chief"), case, date(2026, 9, 10))
    assert synced == [db_path, db_path]
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
