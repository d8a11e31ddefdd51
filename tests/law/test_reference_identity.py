"""Issue 9 §1: every shipped reference record reaches the database, record by record.

The database is built by ``inspector db upgrade`` (a real SQLite file); the comparison is with
the files as shipped, read here with ``json``/``csv`` (not through the loader under test).
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from inspector.domain.refdata import reference_dir
from inspector.services.reference import (
    ReferenceDataError,
    load_reference,
    shipped_records,
)
from inspector.services.setup import SYSTEM
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.reference import (
    RefCircumstance,
    RefHoliday,
    RefInstrument,
    RefProcedureRule,
    RefProvision,
    RefSignerCap,
)

FILES = {
    "instruments.json": (RefInstrument, "number", "number"),
    "provisions.json": (RefProvision, "key", "key"),
    "signer_caps.json": (RefSignerCap, "natural_key", "id"),
    "circumstances.json": (RefCircumstance, "natural_key", "id"),
    "procedure_rules.json": (RefProcedureRule, "natural_key", "id"),
}


def _json(name: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((reference_dir() / name).read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_shipped_record_has_its_own_identity(name: str) -> None:
    """No two records of a file share an identity (the five lost caps of issue 9 §1 did)."""
    _, _, field = FILES[name]
    ids = [r.get(field) for r in _json(name)]
    assert all(isinstance(i, str) and i for i in ids)
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("name", sorted(FILES))
def test_database_catalog_equals_shipped_file_record_by_record(
        upgraded_db: Database, name: str) -> None:
    """After ``db upgrade`` the table holds exactly the file's records, each unchanged."""
    model, column, field = FILES[name]
    shipped = {r[field]: r for r in _json(name)}
    with UnitOfWork(upgraded_db, None) as uow:
        stored = {getattr(row, column): row.data for row in uow.session.scalars(select(model))}
    assert sorted(stored) == sorted(shipped)
    for key, record in shipped.items():
        assert stored[key] == record, key


def test_database_holidays_equal_the_shipped_calendar(upgraded_db: Database) -> None:
    with (reference_dir() / "holidays.csv").open(encoding="utf-8", newline="") as fh:
        shipped = {r["date"]: r for r in csv.DictReader(fh)}
    with UnitOfWork(upgraded_db, None) as uow:
        stored = {row.day.isoformat(): row.data for row in uow.session.scalars(select(RefHoliday))}
    assert stored == shipped


def test_both_departments_caps_of_decree_189_2025_are_in_the_database(
        upgraded_db: Database) -> None:
    """Decree 189/2025 Art 4 (legal.md §3.3): the Director of Sở KH&CN and of Sở VHTTDL share
    the title, the decree and the date; both records, and the chairmen's publishing rows, load."""
    with UnitOfWork(upgraded_db, None) as uow:
        keys = set(uow.session.scalars(select(RefSignerCap.natural_key)))
    for expected in ("189/2025:director_department:KHCN:ict",
                     "189/2025:director_department:VHTTDL:game",
                     "189/2025:director_department:VHTTDL:publishing",
                     "189/2025:province_chairman:publishing",
                     "189/2025:commune_chairman:publishing",
                     "174/2026:director_department:VHTTDL:game"):
        assert expected in keys


def _copy_reference(tmp_path: Path) -> Path:
    target = tmp_path / "reference"
    shutil.copytree(reference_dir(), target)
    return target


def test_a_file_with_two_records_of_one_identity_is_refused_whole(
        tmp_path: Path, db: Database) -> None:
    directory = _copy_reference(tmp_path)
    caps = json.loads((directory / "signer_caps.json").read_text(encoding="utf-8"))
    twin = dict(caps[1], id=caps[0]["id"])
    (directory / "signer_caps.json").write_text(json.dumps([*caps, twin], ensure_ascii=False),
                                                encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="share the id"):
        shipped_records(directory)
    with pytest.raises(ReferenceDataError):
        load_reference(db, SYSTEM, directory)


def test_a_record_without_identity_is_refused(tmp_path: Path) -> None:
    directory = _copy_reference(tmp_path)
    rules = json.loads((directory / "procedure_rules.json").read_text(encoding="utf-8"))
    del rules[3]["id"]
    (directory / "procedure_rules.json").write_text(json.dumps(rules, ensure_ascii=False),
                                                    encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=r"has no .id."):
        shipped_records(directory)


def test_a_file_that_is_not_a_list_of_records_is_refused(tmp_path: Path) -> None:
    directory = _copy_reference(tmp_path)
    caps = json.loads((directory / "signer_caps.json").read_text(encoding="utf-8"))
    (directory / "signer_caps.json").write_text(json.dumps({"caps": caps, "x": []}),
                                                encoding="utf-8")
    with pytest.raises(ReferenceDataError):
        shipped_records(directory)


def test_a_record_the_domain_cannot_read_is_refused(tmp_path: Path) -> None:
    directory = _copy_reference(tmp_path)
    caps = json.loads((directory / "signer_caps.json").read_text(encoding="utf-8"))
    caps[0]["sectors"] = ["bookshops"]
    (directory / "signer_caps.json").write_text(json.dumps(caps, ensure_ascii=False),
                                                encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="sectors"):
        shipped_records(directory)


def test_a_database_of_the_old_release_gets_the_lost_records_on_upgrade(tmp_path: Path) -> None:
    """A laptop whose database lost the five caps (old key) gets them at the next start."""
    from inspector.services.setup import prepare_database

    path = tmp_path / "old.sqlite"
    db = prepare_database(str(path))
    lost = ("189/2025:director_department:VHTTDL:game",
            "189/2025:province_chairman:publishing")
    with UnitOfWork(db, SYSTEM) as uow:
        for row in uow.session.scalars(select(RefSignerCap).where(
                RefSignerCap.natural_key.in_(lost))):
            uow.session.delete(row)
        uow.commit()
    db.dispose()
    db = prepare_database(str(path))
    try:
        with UnitOfWork(db, None) as uow:
            keys = set(uow.session.scalars(select(RefSignerCap.natural_key)))
        assert set(lost) <= keys
        assert len(keys) == len(_json("signer_caps.json"))
    finally:
        db.dispose()
