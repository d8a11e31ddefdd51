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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    Integer,
    String,
    Uuid,
    bindparam,
    inspect,
    select,
    text,
)

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
    """entity -> id -> replayed values, ``id`` included (or ``_GONE`` once deleted)."""
    states: dict[str, dict[str, dict[str, Any] | object]] = {}
    rows = conn.execution_options(yield_per=5000).execute(
        select(AuditEntry.entity, AuditEntry.entity_id, AuditEntry.action, AuditEntry.changes)
        .order_by(AuditEntry.seq))
    loads = json.loads
    for entity, entity_id, action, changes in rows:
        table = states.setdefault(entity, {})
        if action == audit.BULK_CREATE:
            for row in loads(changes).get("rows", []):
                row_id = row["id"] = str(row.get("id"))
                table[row_id] = row  # the parsed dict itself: no copy
        elif action == "create":
            values = dict(loads(changes))
            values["id"] = entity_id
            table[entity_id] = values
        elif action == "import_create":  # a record brought in by a bundle (services.bundles)
            values = dict(loads(changes).get("values") or {})
            values["id"] = entity_id
            table[entity_id] = values
        elif action in ("update", "import_update"):
            current = table.get(entity_id)
            if not isinstance(current, dict):
                current = table[entity_id] = {"id": entity_id}
            body = loads(changes)
            if action == "import_update":
                body = body.get("changes") or {}
            for key, change in body.items():
                if isinstance(change, dict) and "new" in change:
                    current[key] = change["new"]
        elif action == "delete":
            table[entity_id] = _GONE
    return states


# --- the current rows, in the trail's form ----------------------------------------------------
#
# ``db check`` compares every audited row: this is its hot loop (100,000 establishments). Each
# row is read through the driver's own cursor; on SQLite the SELECT itself puts UUIDs in their
# text form and makes empty texts NULL, and the few other columns (timestamps, JSON, digests)
# are converted by one function per column. A row equal, column for column, to its replayed
# state is in order: one tuple comparison. Any other row is read again with every value through
# its column type and judged field by field (``_judge``), as the check always did: the fast path
# only says "equal" where the careful one does, never the reverse.

Convert = Callable[[Any], Any]


def _trail_form(value: Any) -> Any:
    """A processed value as the trail records it (``""`` is recorded as absent)."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if value == "":
        return None
    return value


def _digest(value: Any) -> Any:
    return audit.digest_of(value) if value not in (b"", "") else None


def _processed(process: Callable[[Any], Any]) -> Convert:
    return lambda value: _trail_form(process(value))


@dataclass(frozen=True)
class _Shape:
    keys: tuple[str, ...]  # the audited columns' keys, ``id`` last; the SELECT adds the raw id
    sql: str
    converters: tuple[tuple[int, Convert], ...]


def _audited_columns(model: type[Entity]) -> list[Any]:
    mapper = inspect(model)
    cols = [a for a in mapper.column_attrs
            if (a.key not in audit._SKIP or a.key in audit._DIGESTED) and a.key != "id"]
    return [*cols, mapper.attrs["id"]]


def _shape(conn: Connection, model: type[Entity]) -> _Shape:
    cols = _audited_columns(model)
    quote = conn.dialect.identifier_preparer.quote
    sqlite = conn.dialect.name == "sqlite"
    exprs: list[str] = []
    converters: list[tuple[int, Convert]] = []
    for i, attr in enumerate(cols):
        column = attr.columns[0]
        name, kind = quote(column.name), column.type
        if attr.key in audit._DIGESTED:
            exprs.append(name)
            converters.append((i, _digest))
        elif sqlite and isinstance(kind, Uuid):
            # 32 hex digits as str(uuid) writes them: equal to the trail's text only when the
            # stored text is exactly the recorded UUID's digits
            parts = " || '-' || ".join(f"substr({name}, {a}, {n})" for a, n in
                                       ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12)))
            exprs.append(f"CASE WHEN typeof({name}) = 'text' AND length({name}) = 32 "
                         f"THEN {parts} ELSE {name} END")
        elif sqlite and isinstance(kind, String):
            exprs.append(f"NULLIF({name}, '')")
        elif sqlite and isinstance(kind, (Integer, Boolean, Date)):
            exprs.append(name)  # a date is kept as its ISO text; 0/1 equal False/True
        else:
            exprs.append(name)
            process = kind._cached_result_processor(conn.dialect, None)
            converters.append((i, _trail_form if process is None else _processed(process)))
    exprs.append(quote(cols[-1].columns[0].name))
    sql = f"SELECT {', '.join(exprs)} FROM {quote(model.__tablename__)}"
    return _Shape(tuple(a.key for a in cols), sql, tuple(converters))


def _processed_row(conn: Connection, model: type[Entity], raw_id: Any) -> dict[str, Any] | None:
    """One row read the careful way, every value through its column type (found by its id as
    stored, even an id that is not a UUID)."""
    cols = _audited_columns(model)
    table = model.__table__
    id_type = String() if conn.dialect.name == "sqlite" else table.c.id.type
    stmt = select(*[table.c[a.columns[0].name] for a in cols]).where(
        table.c.id == bindparam("raw_id", raw_id, type_=id_type))
    row = conn.execute(stmt).first()
    return None if row is None else dict(zip([a.key for a in cols], row, strict=True))


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


def _judge(name: str, row_id: str, state: dict[str, Any], values: dict[str, Any]) -> list[str]:
    """Field by field, with the values as the columns' types give them."""
    problems = []
    for key, recorded in state.items():
        if key in values and not _matches(recorded, values[key], key):
            problems.append(f"{name} {row_id}: {key} differs from its last audit entry"
                            " (edited outside the program)")
    for key in audit._DIGESTED & set(values):
        if key not in state and values[key] not in (None, b"", ""):
            problems.append(f"{name} {row_id}: {key} was never recorded by the program")
    return problems


def _unsettled(conn: Connection, model: type[Entity],
               expected: dict[str, dict[str, Any] | object], seen: list[int]) -> list[Any]:
    """The stored ids of the rows not equal to their replayed state (judged the careful way
    by the caller); every row read is removed from ``expected`` and counted in ``seen``."""
    shape = _shape(conn, model)
    keys, converters = shape.keys, shape.converters
    pop = expected.pop
    out = []
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(shape.sql)
        while batch := cursor.fetchmany(5000):
            seen[0] += len(batch)
            for raw in batch:
                row: Any = raw
                if converters:
                    row = list(raw)
                    for i, convert in converters:
                        if row[i] is not None:
                            row[i] = convert(row[i])
                    row = tuple(row)
                state = pop(row[-2], None) if row[-2].__class__ is str else None
                if state.__class__ is dict and tuple(map(state.get, keys)) == row[:-1]:
                    continue  # the common case: every field as recorded, nothing else
                if state is not None:
                    expected[row[-2]] = state  # put back for the careful judgement
                out.append(raw[-1])
    finally:
        cursor.close()
    return out


def verify_cover(conn: Connection, limit: int = 20) -> CoverReport:
    """Compare every audited row with the state its trail records."""
    states = expected_states(conn)
    problems: list[str] = []
    seen = [0]
    for name, model in sorted(_tables().items()):
        expected = states.get(name, {})
        for stored_id in _unsettled(conn, model, expected, seen):
            try:
                values = _processed_row(conn, model, stored_id)
            except (ValueError, TypeError, AttributeError) as exc:
                problems.append(f"{name} {stored_id!r}: a value its column cannot hold "
                                f"({exc}; edited outside the program)")
                values = None
            if values is not None:
                row_id = str(values["id"])
                state = expected.pop(row_id, None)
                if state is None:
                    problems.append(f"{name} {row_id}: row not in the audit trail (added "
                                    "outside the program)")
                elif state is _GONE:
                    problems.append(f"{name} {row_id}: the trail records its deletion")
                else:
                    assert isinstance(state, dict)
                    problems += _judge(name, row_id, state, values)
            if len(problems) >= limit:
                return CoverReport(False, seen[0], problems)
        for row_id, state in expected.items():
            if state is not _GONE:
                problems.append(f"{name} {row_id}: deleted outside the program (the trail "
                                "says it exists)")
                if len(problems) >= limit:
                    return CoverReport(False, seen[0], problems)
    return CoverReport(not problems, seen[0], problems)


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
    """The trigger names the tally migration (0006) creates, asked from the script itself.

    The script needs Alembic's ``op`` only to upgrade; when Alembic is not loaded yet (a plain
    ``db check``) the script is read with a placeholder for it, which saves loading Alembic
    (0.3 s, a tenth of the check of 100,000 establishments)."""
    if dialect not in _TRIGGERS:
        import importlib.util
        import sys
        import types

        from inspector import paths

        script = next((paths.migrations_dir() / "versions").glob("0006_*.py"))
        spec = importlib.util.spec_from_file_location("inspector_migration_0006", script)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        placeholder = None
        if "alembic" not in sys.modules:
            placeholder = types.ModuleType("alembic")
            placeholder.op = None  # type: ignore[attr-defined]
            sys.modules["alembic"] = placeholder
        try:
            spec.loader.exec_module(module)
        finally:
            if placeholder is not None and sys.modules.get("alembic") is placeholder:
                del sys.modules["alembic"]
        made = module.sqlite_triggers() if dialect == "sqlite" else module.postgresql_triggers()
        _TRIGGERS[dialect] = {t[0] for t in made}
    return _TRIGGERS[dialect]
