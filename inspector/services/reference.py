"""Loading the law's reference data from ``db/reference`` into the database, and reading it back.

The files in ``db/reference`` are the shipped edition; the tables are what the app applies, so an
administrator can add or end-date rows without a new release. Loading inserts only records that
are not in the database yet (by natural key): it never overwrites an administrator's edit.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from inspector.domain.refdata import reference_dir
from inspector.domain.roles import Permission
from inspector.services.actor import Actor
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


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _records(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        data = lists[0] if lists else []
    return [r for r in data if isinstance(r, dict)]


def _flag(value: Any) -> bool:
    return value in (True, 1, "1", "true", "True", "yes")


def _cap_key(r: dict[str, Any]) -> str:
    scope = r.get("instrument") or r.get("fields") or r.get("sectors") or r.get("field") or ""
    if isinstance(scope, list):
        scope = ",".join(map(str, scope))
    return f"{r.get('title_code')}|{r.get('valid_from')}|{scope}"[:200]


def _rows(directory: Path) -> Iterator[tuple[type[Entity], str, str, dict[str, Any]]]:
    """(model, natural-key column, natural key, column values) for every shipped record."""
    files = {
        "instruments.json": RefInstrument, "provisions.json": RefProvision,
        "signer_caps.json": RefSignerCap, "circumstances.json": RefCircumstance,
        "procedure_rules.json": RefProcedureRule,
    }
    for name, model in files.items():
        path = directory / name
        if not path.exists():
            continue
        for r in _records(path):
            confirmed = _flag(r.get("confirmed"))
            if model is RefInstrument:
                yield model, "number", r["number"], {
                    "number": r["number"], "effective_from": _date(r.get("effective_from")),
                    "effective_until": _date(r.get("effective_until")), "confirmed": confirmed,
                    "data": r}
            elif model is RefProvision:
                yield model, "key", r["key"], {
                    "key": r["key"], "instrument": r.get("instrument", ""),
                    "sector": r.get("sector", ""), "effective_from": _date(r.get("effective_from")),
                    "effective_until": _date(r.get("effective_until")), "confirmed": confirmed,
                    "data": r}
            elif model is RefSignerCap:
                key = _cap_key(r)
                yield model, "natural_key", key, {
                    "natural_key": key, "title_code": r.get("title_code", ""),
                    "valid_from": _date(r.get("valid_from")),
                    "valid_until": _date(r.get("valid_until")), "confirmed": confirmed, "data": r}
            elif model is RefCircumstance:
                key = f"{r.get('kind')}:{r.get('code')}"
                yield model, "natural_key", key, {
                    "natural_key": key, "kind": r.get("kind", ""), "confirmed": confirmed,
                    "data": r}
            else:
                key = f"{r.get('rule')}|{r.get('key') or ''}|{r.get('valid_from')}"
                yield model, "natural_key", key, {
                    "natural_key": key, "rule": r.get("rule", ""),
                    "valid_from": _date(r.get("valid_from")),
                    "valid_until": _date(r.get("valid_until")), "confirmed": confirmed, "data": r}
    holidays = directory / "holidays.csv"
    if holidays.exists():
        with holidays.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                day = date.fromisoformat(r["date"])
                yield RefHoliday, "day", r["date"], {
                    "day": day, "kind": r.get("kind", "holiday"),
                    "confirmed": _flag(r.get("confirmed")), "data": dict(r)}


@dataclass(frozen=True)
class LoadReport:
    added: dict[str, int]
    kept: dict[str, int]


def load_reference(db: Database, actor: Actor, directory: Path | None = None) -> LoadReport:
    """Insert the shipped records missing from the database, in one transaction."""
    actor.require(Permission.MANAGE_CATALOG)
    directory = directory or reference_dir()
    added: dict[str, int] = {}
    kept: dict[str, int] = {}
    with UnitOfWork(db, actor) as uow:
        existing: dict[type[Entity], set[str]] = {}
        for model, column, key, values in _rows(directory):
            if model not in existing:
                col = getattr(model, column)
                existing[model] = {str(v) for v in uow.session.scalars(select(col))}
            table = model.__tablename__
            if key in existing[model]:
                kept[table] = kept.get(table, 0) + 1
                continue
            uow.session.add(model(**values))
            existing[model].add(key)
            added[table] = added.get(table, 0) + 1
        uow.commit()
    return LoadReport(added, kept)


def reference_loaded(db: Database) -> bool:
    with UnitOfWork(db, None) as uow:
        return uow.session.scalar(select(RefInstrument.id).limit(1)) is not None
