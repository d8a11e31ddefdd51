"""Does the data match its audit trail? The checks behind ``db check`` beyond the chain itself.

The trail records every created row's values and every update's new values, so replaying it
gives each audited row's expected state. A row edited with a SQLite client differs from that
state; a row inserted behind the app's back has no trail; a row deleted behind its back has a
trail that says it exists. Secrets and PDFs are recorded as digests (``sha256:…``), so a
password hash copied onto another account or a PDF replaced with its hash is seen too. Used
numbers must point at their document, and the triggers and constraints the schema relies on
(the tally dimensions, the register's unique key) must exist.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, inspect, select, text

from inspector.services import audit
from inspector.store.base import Entity
from inspector.store.models import (
    AuditEntry,
    DocumentNumber,
    IssuedDocument,
    SanctionDecision,
    ViolationRecord,
)

_GONE = object()

# What the schema at head must contain (names from the migrations): dropping one changes what
# the database accepts or what the tallies count without any row changing.
EXPECTED_INDEXES = {"uq_document_numbers_number"}


@dataclass(frozen=True)
class CoverReport:
    ok: bool
    rows: int
    problems: list[str]


def _tables() -> dict[str, type[Entity]]:
    out: dict[str, type[Entity]] = {}
    for mapper in Entity.registry.mappers:
        cls = mapper.class_
        if issubclass(cls, Entity) and getattr(cls, "__tablename__", None):
            out[cls.__tablename__] = cls
    return out


def _norm(value: Any) -> Any:
    """A value as the trail holds it after the JSON round trip."""
    if value is None or value == "":
        return None
    return json.loads(audit.canonical({"v": value}))["v"]


def expected_states(conn: Connection) -> dict[str, dict[str, dict[str, Any] | object]]:
    """entity -> id -> replayed values (or ``_GONE`` once deleted)."""
    states: dict[str, dict[str, dict[str, Any] | object]] = {}
    rows = conn.execution_options(yield_per=5000).execute(
        select(AuditEntry.entity, AuditEntry.entity_id, AuditEntry.action, AuditEntry.changes)
        .order_by(AuditEntry.seq))
    for entity, entity_id, action, changes in rows:
        table = states.setdefault(entity, {})
        if action == audit.BULK_CREATE:
            for row in json.loads(changes).get("rows", []):
                values = {k: v for k, v in row.items() if k != "id"}
                table[str(row.get("id"))] = values
        elif action == "create":
            table[entity_id] = dict(json.loads(changes))
        elif action == "import_create":  # a record brought in by a bundle (services.bundles)
            values = dict(json.loads(changes).get("values") or {})
            values.pop("id", None)
            table[entity_id] = values
        elif action in ("update", "import_update"):
            current = table.get(entity_id)
            if not isinstance(current, dict):
                current = table[entity_id] = {}
            body = json.loads(changes)
            if action == "import_update":
                body = body.get("changes") or {}
            for key, change in body.items():
                if isinstance(change, dict) and "new" in change:
                    current[key] = change["new"]
        elif action == "delete":
            table[entity_id] = _GONE
    return states


def _current_rows(conn: Connection, model: type[Entity]) -> Iterator[tuple[str, dict[str, Any]]]:
    mapper = inspect(model)
    cols = [a for a in mapper.column_attrs
            if a.key not in audit._SKIP or a.key in audit._DIGESTED]
    table = model.__table__
    names = [a.columns[0].name for a in cols]
    keys = [a.key for a in cols]
    for row in conn.execute(select(*[table.c[n] for n in names])):
        values = dict(zip(keys, row, strict=True))
        yield str(values["id"]), values


def _matches(recorded: Any, current: Any, key: str) -> bool:
    if recorded == "***":  # entries written before secrets were recorded as digests
        return True
    if key in audit._DIGESTED:
        return recorded == (audit.digest_of(current) if current not in (None, b"", "") else None)
    if recorded == current and type(recorded) is type(current):
        return True  # the common case, without the JSON round trip
    if isinstance(current, (datetime, date)):
        return recorded == current.isoformat()
    if isinstance(current, uuid.UUID):
        return recorded == str(current)
    return _norm(recorded) == _norm(current)


def verify_cover(conn: Connection, limit: int = 20) -> CoverReport:
    """Compare every audited row with the state its trail records."""
    states = expected_states(conn)
    problems: list[str] = []
    count = 0
    for name, model in sorted(_tables().items()):
        expected = states.get(name, {})
        seen: set[str] = set()
        for row_id, values in _current_rows(conn, model):
            count += 1
            seen.add(row_id)
            state = expected.get(row_id)
            if state is None:
                problems.append(f"{name} {row_id}: row not in the audit trail (added outside "
                                "the program)")
                continue
            if state is _GONE:
                problems.append(f"{name} {row_id}: the trail records its deletion")
                continue
            assert isinstance(state, dict)
            for key, recorded in state.items():
                if key in values and not _matches(recorded, values[key], key):
                    problems.append(f"{name} {row_id}: {key} differs from its last audit entry"
                                    " (edited outside the program)")
            for key in audit._DIGESTED & set(values):
                if key not in state and values[key] not in (None, b"", ""):
                    problems.append(f"{name} {row_id}: {key} was never recorded by the program")
            if len(problems) >= limit:
                return CoverReport(False, count, problems)
        for row_id, state in expected.items():
            if state is not _GONE and row_id not in seen:
                problems.append(f"{name} {row_id}: deleted outside the program (the trail "
                                "says it exists)")
                if len(problems) >= limit:
                    return CoverReport(False, count, problems)
    return CoverReport(not problems, count, problems)


def verify_numbers(conn: Connection) -> list[str]:
    """Every used number points at the document that carries it."""
    problems = []
    docs: dict[str, tuple[Any, ...]] = {}
    for model in (SanctionDecision, ViolationRecord, IssuedDocument):
        for row in conn.execute(select(model.id, model.number)):
            docs[str(row[0])] = (model.__tablename__, row[1])
    for kind, year, number, used_by in conn.execute(
            select(DocumentNumber.kind, DocumentNumber.year, DocumentNumber.number,
                   DocumentNumber.document_id).where(DocumentNumber.status == "used")):
        found = docs.get(str(used_by))
        if found is None:
            problems.append(f"number {number}/{year} {kind} is used by a document that does "
                            "not exist")
        elif found[1] != number:
            problems.append(f"number {number}/{year} {kind}: its document carries {found[1]}")
    return problems


def verify_schema_objects(conn: Connection) -> list[str]:
    """The triggers and unique keys the data relies on."""
    problems = []
    if conn.dialect.name == "sqlite":
        triggers = {r[0] for r in conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
        indexes = {r[0] for r in conn.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'index'"))}
        sql = " ".join(r[0] or "" for r in conn.execute(text(
            "SELECT sql FROM sqlite_master WHERE type = 'table'")))
    else:
        triggers = {r[0] for r in conn.execute(text(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"))}
        indexes = {r[0] for r in conn.execute(text("SELECT indexname FROM pg_indexes"))}
        sql = " ".join(r[0] for r in conn.execute(text(
            "SELECT conname FROM pg_constraint")))
    wanted = expected_triggers(conn.dialect.name)
    missing = sorted(wanted - triggers)
    if missing:
        problems.append("missing triggers: " + ", ".join(missing))
    for name in sorted(EXPECTED_INDEXES):
        if name not in indexes and name not in sql:
            problems.append(f"missing unique key {name}")
    for check in ("ck_document_numbers_number", "ck_document_numbers_status"):
        if conn.dialect.name != "sqlite" and check not in sql:
            problems.append(f"missing constraint {check}")
    return problems


_TRIGGERS: dict[str, set[str]] = {}


def expected_triggers(dialect: str = "sqlite") -> set[str]:
    """The trigger names the tally migration (0006) creates, asked from the script itself."""
    if dialect not in _TRIGGERS:
        import importlib.util

        from inspector import paths

        script = next((paths.migrations_dir() / "versions").glob("0006_*.py"))
        spec = importlib.util.spec_from_file_location("inspector_migration_0006", script)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        made = module.sqlite_triggers() if dialect == "sqlite" else module.postgresql_triggers()
        _TRIGGERS[dialect] = {t[0] for t in made}
    return _TRIGGERS[dialect]
