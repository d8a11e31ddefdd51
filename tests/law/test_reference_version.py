"""Issue 9 §6: law updates reach databases already in use (real SQLite files, real files).

A new edition of db/reference (a corrected bracket, a decree's end date, a new holiday) is
applied to a database in use in one audited transaction; an administrator's edit is kept and
reported as a conflict; nothing is deleted; the edition is stored and stamped on new cases.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from inspector.domain.refdata import reference_dir
from inspector.services import law
from inspector.services.reference_version import (
    edition_in_use,
    needs_upgrade,
    shipped_edition,
    upgrade_reference,
)
from inspector.services.setup import SYSTEM, prepare_database
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import AuditEntry, Case
from inspector.store.reference import RefHoliday, RefInstrument, RefProvision
from tests.factories import BOOKSHOP, configure_agency, make_case

CORRECTED = "119/2020/NĐ-CP:29.1.b"
EDITED = "119/2020/NĐ-CP:29.1.c"
ENDED = "119/2020/NĐ-CP"


def _edit(directory: Path, name: str, change: Any) -> None:
    path = directory / name
    records = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(change(records), ensure_ascii=False, indent=1), encoding="utf-8")


@pytest.fixture
def edition_2027(tmp_path: Path) -> Path:
    """The shipped set, then edition 2027.1.1: 29.1.b corrected, 29.1.c changed too,
    Decree 119/2020 end-dated, one holiday added."""
    directory = tmp_path / "reference"
    shutil.copytree(reference_dir(), directory)
    _edit(directory, "manifest.json", lambda m: {**m, "version": "2027.1.1", "label": "2027"})

    def provisions(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for r in records:
            if r["key"] == CORRECTED:
                r["printed_max"] = 6_000_000
            if r["key"] == EDITED:
                r["description"] = r["description"] + " (câu chữ sửa 2027)"
        return records

    _edit(directory, "provisions.json", provisions)
    _edit(directory, "instruments.json", lambda rs: [
        {**r, "effective_until": "2027-06-30"} if r["number"] == ENDED else r for r in rs])
    with (directory / "holidays.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0].keys())
    rows.append({**{f: "" for f in fields}, "date": "2027-12-28", "name": "Ngày nghỉ thử nghiệm",
                 "kind": "compensatory", "confirmed": "0"})
    with (directory / "holidays.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    return directory


def _provision(db: Database, key: str) -> dict[str, Any]:
    with UnitOfWork(db, None) as uow:
        row = uow.session.scalar(select(RefProvision).where(RefProvision.key == key))
        assert row is not None
        return {**row.data, "_until": row.effective_until}


def test_a_new_database_holds_the_shipped_edition_and_stamps_cases(db: Database,
                                                                    operator: Any) -> None:
    shipped = shipped_edition()
    current = edition_in_use(db)
    assert (current.version, current.digest) == (shipped.version, shipped.digest)
    assert not needs_upgrade(db)
    configure_agency(db, operator)
    case_id = make_case(db, operator, [{"provision_key": "119/2020/NĐ-CP:29.1.a",
                                        "amount": 2_000_000}], establishment=BOOKSHOP,
                        opened_on=date(2024, 5, 1))
    with UnitOfWork(db, None) as uow:
        case = uow.session.get(Case, case_id)
        assert case is not None and case.reference_version == shipped.version


def test_upgrade_inserts_updates_end_dates_and_keeps_the_administrators_edit(
        db: Database, edition_2027: Path) -> None:
    """Decree 119/2020 end-dated, a bracket corrected, a holiday added; 29.1.c, which the
    administrator end-dated in the app, keeps the administrator's value (a conflict)."""
    law.end_provision(db, SYSTEM, EDITED, date(2026, 12, 31))
    with UnitOfWork(db, None) as uow:
        audited_before = uow.session.scalar(select(func.count()).select_from(AuditEntry))
    report = upgrade_reference(db, SYSTEM, edition_2027)
    kinds = {(c.kind, c.key) for c in report.changes}
    assert ("updated", CORRECTED) in kinds
    assert ("end_dated", ENDED) in kinds
    assert ("added", "2027-12-28") in kinds
    assert ("conflict", EDITED) in kinds
    assert report.from_version == shipped_edition().version and report.to_version == "2027.1.1"
    assert "xung đột" in report.summary_vi()
    assert _provision(db, CORRECTED)["printed_max"] == 6_000_000
    edited = _provision(db, EDITED)
    assert edited["_until"] == date(2026, 12, 31) and "2027" not in edited["description"]
    with UnitOfWork(db, None) as uow:
        s = uow.session
        inst = s.scalar(select(RefInstrument).where(RefInstrument.number == ENDED))
        assert inst is not None and inst.effective_until == date(2027, 6, 30)
        assert s.scalar(select(RefHoliday).where(RefHoliday.day == date(2027, 9, 3)))
        audited = s.scalar(select(func.count()).select_from(AuditEntry))
        assert audited >= audited_before + 3
    assert edition_in_use(db).version == "2027.1.1"
    # The law service sees the corrected bracket at once.
    quote = law.quote(db, SYSTEM, CORRECTED, "organization", date(2024, 5, 1))
    assert quote.bracket.maximum == 6_000_000
    # Upgrading again changes nothing; the administrator's edit is still reported.
    again = upgrade_reference(db, SYSTEM, edition_2027)
    assert {c.kind for c in again.changes} == {"conflict"}


def test_an_older_edition_is_not_applied(db: Database, edition_2027: Path,
                                         tmp_path: Path) -> None:
    upgrade_reference(db, SYSTEM, edition_2027)
    report = upgrade_reference(db, SYSTEM, reference_dir())
    assert report.skipped and not report.changes
    assert _provision(db, CORRECTED)["printed_max"] == 6_000_000


def test_a_record_dropped_from_the_shipped_set_is_kept(db: Database, tmp_path: Path) -> None:
    """A case may refer to it: the upgrade reports it and deletes nothing."""
    directory = tmp_path / "reference"
    shutil.copytree(reference_dir(), directory)
    _edit(directory, "manifest.json", lambda m: {**m, "version": "2027.2.1"})
    _edit(directory, "provisions.json",
          lambda rs: [r for r in rs if r["key"] != "119/2020/NĐ-CP:29.2.b"])
    report = upgrade_reference(db, SYSTEM, directory)
    assert ("withdrawn", "119/2020/NĐ-CP:29.2.b") in {(c.kind, c.key) for c in report.changes}
    assert _provision(db, "119/2020/NĐ-CP:29.2.b")


def test_db_load_reference_says_what_changed(db_path: Path, edition_2027: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "inspector", "--db", str(db_path), "db", "load-reference",
         "--dir", str(edition_2027)], capture_output=True, text=True, timeout=120,
        env=os.environ.copy())
    assert result.returncode == 0, result.stderr
    assert "-> 2027.1.1" in result.stdout
    assert f"updated\tref_provisions\t{CORRECTED}" in result.stdout
    assert f"end_dated\tref_instruments\t{ENDED}" in result.stdout


def test_opening_a_database_with_an_older_edition_upgrades_it(db_path: Path) -> None:
    """A laptop in use: its stored edition is older than the shipped one (simulated by
    rewinding the stored edition and one record); opening it brings both up to date."""
    db = prepare_database(str(db_path))
    try:
        with UnitOfWork(db, SYSTEM) as uow:
            s = uow.session
            from inspector.store.reference import ReferenceState

            state = s.scalar(select(ReferenceState))
            assert state is not None
            row = s.scalar(select(RefProvision).where(RefProvision.key == CORRECTED))
            assert row is not None
            old = {**row.data, "printed_max": 4_000_000}
            row.data = old
            digests = dict(state.record_digests)
            from inspector.services.reference_version import record_digest

            digests["ref_provisions"] = {**digests["ref_provisions"],
                                         CORRECTED: record_digest(old)}
            state.record_digests = digests
            state.ref_version, state.digest = "2026.1.1", "0" * 64
            uow.commit()
    finally:
        db.dispose()
    db = prepare_database(str(db_path))
    try:
        assert edition_in_use(db).version == shipped_edition().version
        assert _provision(db, CORRECTED)["printed_max"] == 5_000_000
    finally:
        db.dispose()
