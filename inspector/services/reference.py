"""Loading the law's reference data from ``db/reference`` into the database, and reading it back.

The files in ``db/reference`` are the shipped edition; the tables are what the app applies, so an
administrator can add or end-date rows without a new release. Every record has its own identity
(``IDENTITY``: the instrument number, the provision key, the record's ``id``, the holiday date);
loading inserts the records whose identity is not in the database yet and never overwrites an
administrator's edit. A file in which two records share an identity, or a record has none, is
refused whole: nothing is dropped or merged without a word (issue 9 §1).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from inspector.domain.refdata import reference_dir
from inspector.domain.roles import Permission
from inspector.services.actor import Actor
from inspector.services.errors import ValidationError
from inspector.services.uow import UnitOfWork
from inspector.store.base import Entity
from inspector.store.engine import Database
from inspector.store.reference import (
    RefCircumstance,
    RefHoliday,
    RefInstrument,
    RefProcedureRule,
    RefProvision,
    RefSignerCap,
)


class ReferenceDataError(ValidationError):
    """The shipped reference files cannot be loaded without losing or merging a record."""


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _records(path: Path) -> list[dict[str, Any]]:
    """Every record of a JSON file, which must be a plain list of objects (nothing skipped)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise ReferenceDataError(
            f"Tệp danh mục {path.name} phải là một danh sách các bản ghi.",
            f"{path.name}: expected a JSON list of objects")
    return data


def _flag(value: Any) -> bool:
    return value in (True, 1, "1", "true", "True", "yes")


#: The field that names each record of a file: its identity in the database.
IDENTITY = {
    "instruments.json": "number", "provisions.json": "key", "signer_caps.json": "id",
    "circumstances.json": "id", "procedure_rules.json": "id", "holidays.csv": "date",
}

_MODELS: dict[str, type[Entity]] = {
    "instruments.json": RefInstrument, "provisions.json": RefProvision,
    "signer_caps.json": RefSignerCap, "circumstances.json": RefCircumstance,
    "procedure_rules.json": RefProcedureRule, "holidays.csv": RefHoliday,
}

#: The column holding the identity, per model.
KEY_COLUMN: dict[type[Entity], str] = {
    RefInstrument: "number", RefProvision: "key", RefSignerCap: "natural_key",
    RefCircumstance: "natural_key", RefProcedureRule: "natural_key", RefHoliday: "day",
}


def default_cap_id(r: dict[str, Any]) -> str:
    """The identity of a cap record an administrator adds without one: instrument, title,
    agency and sectors (two departments can share a title, an instrument and a date)."""
    sectors = r.get("sectors") or []
    return ":".join([str(r.get("instrument", "")).split("/NĐ")[0], str(r.get("title_code", "")),
                     str(r.get("agency", "")), ",".join(map(str, sectors))])[:200]


def _values(model: type[Entity], r: dict[str, Any], key: str) -> dict[str, Any]:
    confirmed = _flag(r.get("confirmed"))
    if model is RefInstrument:
        return {"number": key, "effective_from": _date(r.get("effective_from")),
                "effective_until": _date(r.get("effective_until")), "confirmed": confirmed,
                "data": r}
    if model is RefProvision:
        return {"key": key, "instrument": r.get("instrument", ""), "sector": r.get("sector", ""),
                "effective_from": _date(r.get("effective_from")),
                "effective_until": _date(r.get("effective_until")), "confirmed": confirmed,
                "data": r}
    if model is RefSignerCap:
        return {"natural_key": key, "title_code": r.get("title_code", ""),
                "valid_from": _date(r.get("valid_from")),
                "valid_until": _date(r.get("valid_until")), "confirmed": confirmed, "data": r}
    if model is RefCircumstance:
        return {"natural_key": key, "kind": r.get("kind", ""), "confirmed": confirmed,
                "data": r}
    if model is RefProcedureRule:
        return {"natural_key": key, "rule": r.get("rule", ""),
                "valid_from": _date(r.get("valid_from")),
                "valid_until": _date(r.get("valid_until")), "confirmed": confirmed, "data": r}
    return {"day": date.fromisoformat(key), "kind": r.get("kind", "holiday"),
            "confirmed": confirmed, "data": r}


def shipped_records(directory: Path | None = None) -> dict[str, dict[str, dict[str, Any]]]:
    """Every shipped record by file and identity, after checking that none would be lost.

    Raises ReferenceDataError when a record has no identity, two records share one, a file
    is not a list of records, or the set does not validate as the domain reads it (so a
    load can never drop, merge or silently ignore a record).
    """
    directory = directory or reference_dir()
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for name, field in IDENTITY.items():
        path = directory / name
        if not path.exists():
            continue
        if name.endswith(".csv"):
            with path.open(encoding="utf-8", newline="") as fh:
                records: list[dict[str, Any]] = [dict(r) for r in csv.DictReader(fh)]
        else:
            records = _records(path)
        by_id: dict[str, dict[str, Any]] = {}
        for index, r in enumerate(records, start=1):
            key = r.get(field)
            if not isinstance(key, str) or not key.strip():
                raise ReferenceDataError(
                    f"Bản ghi thứ {index} của {name} không có mã “{field}”; không nạp danh mục.",
                    f"{name}: record #{index} has no {field!r}; nothing loaded")
            if key in by_id:
                raise ReferenceDataError(
                    f"Hai bản ghi của {name} cùng mã “{key}”; không nạp danh mục.",
                    f"{name}: two records share the {field} {key!r}; nothing loaded")
            by_id[key] = r
        out[name] = by_id
    _validate(directory)
    return out


def _validate(directory: Path) -> None:
    from inspector.domain.calendar import load_calendar
    from inspector.domain.deadlines import load_procedure_rules
    from inspector.domain.law import load_catalog

    try:
        load_catalog(directory)
        load_procedure_rules(directory / "procedure_rules.json")
        if (directory / "holidays.csv").exists():
            load_calendar(directory / "holidays.csv")
    except (ValueError, KeyError, TypeError) as exc:
        raise ReferenceDataError(f"Danh mục pháp luật không hợp lệ: {exc}",
                                 f"the reference data is invalid: {exc}") from exc


@dataclass(frozen=True)
class LoadReport:
    added: dict[str, int]
    kept: dict[str, int]


def load_reference(db: Database, actor: Actor, directory: Path | None = None) -> LoadReport:
    """Insert the shipped records missing from the database, in one transaction.

    A record is matched by its identity only; one already present is kept as it is (an
    administrator's edit is never overwritten).
    """
    actor.require(Permission.MANAGE_CATALOG)
    shipped = shipped_records(directory)
    added: dict[str, int] = {}
    kept: dict[str, int] = {}
    with UnitOfWork(db, actor) as uow:
        for name, records in shipped.items():
            model = _MODELS[name]
            col = getattr(model, KEY_COLUMN[model])
            existing = {str(v) for v in uow.session.scalars(select(col))}
            table = model.__tablename__
            for key, record in records.items():
                if key in existing:
                    kept[table] = kept.get(table, 0) + 1
                    continue
                uow.session.add(model(**_values(model, record, key)))
                added[table] = added.get(table, 0) + 1
        if added:
            uow.commit()
    return LoadReport(added, kept)


def missing_reference(db: Database, directory: Path | None = None) -> int:
    """How many shipped records the database does not hold yet (by identity)."""
    shipped = shipped_records(directory)
    missing = 0
    with UnitOfWork(db, None) as uow:
        for name, records in shipped.items():
            model = _MODELS[name]
            existing = {str(v) for v in uow.session.scalars(select(getattr(model,
                                                                           KEY_COLUMN[model])))}
            missing += sum(1 for key in records if key not in existing)
    return missing


def reference_loaded(db: Database) -> bool:
    with UnitOfWork(db, None) as uow:
        return uow.session.scalar(select(RefInstrument.id).limit(1)) is not None
