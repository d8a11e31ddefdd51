"""The bundle format: the record kinds, the records as JSON, their digest and the schema.

A bundle is a zip (docs/bundle-format.md) with ``manifest.json``, the records as JSON under
``records/<kind>.json``, the register's acknowledgements under ``sync/acknowledged.json``, the
reference data under ``reference/tables.json`` and the files (photos, scans, record PDFs) by
content hash under ``files/<sha256>``. This module defines what may be in it and the published
JSON Schema (docs/bundle.schema.json is :func:`bundle_schema`, written by ``python -m``) with
the validator that enforces it; :mod:`inspector.services.bundles_zip` writes and reads the zip.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import uuid
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Connection,
    Date,
    DateTime,
    Integer,
    String,
    Table,
    Text,
    Uuid,
    select,
)

from inspector.services import attachments as att
from inspector.services.audit import canonical
from inspector.services.errors import ValidationError
from inspector.services.limits import INT32, INT64
from inspector.store.base import Base, Entity, UTCDateTime
from inspector.store.models import (
    Attachment,
    Case,
    Establishment,
    Inspection,
    InspectionMember,
    InspectionPlan,
    Licence,
    SeizedItem,
    User,
    Violation,
    ViolationRecord,
    Visit,
)
from inspector.store.reference import (
    RefCircumstance,
    RefHoliday,
    RefInstrument,
    RefProcedureRule,
    RefProvision,
    RefSignerCap,
)

FORMAT = "inspector-bundle"
#: Version 2 added the deletions a laptop hands in (``sync/deletions.json``). A bundle without
#: deletions is written as version 1, so a register still on an older release reads it.
FORMAT_VERSION = 2
SUPPORTED_VERSIONS = (1, 2)
DELETIONS_SINCE = 2
LAPTOP, REGISTER = "laptop", "register"

# Caps, checked on the zip directory before a byte is extracted (and again while reading).
MAX_MEMBERS = 50_000
MAX_TOTAL_BYTES = 4 * 1024 * 1024 * 1024
MAX_JSON_BYTES = 256 * 1024 * 1024
MAX_FILE_BYTES = att.MAX_BYTES
MAX_RATIO = 200  # uncompressed / compressed, for members over 1 MiB
MAX_RECORDS = 1_000_000

#: Every record kind in the order an import writes them (parents before children).
MODELS: dict[str, type[Entity]] = {
    "users": User, "establishments": Establishment, "licences": Licence,
    "inspection_plans": InspectionPlan, "inspections": Inspection,
    "inspection_members": InspectionMember, "visits": Visit, "cases": Case,
    "violations": Violation, "seized_items": SeizedItem, "violation_records": ViolationRecord,
    "attachments": Attachment,
}
#: What a laptop may send: its field work. Decisions, payments and plans are the register's.
LAPTOP_KINDS = ("users", "establishments", "licences", "visits", "cases", "violations",
                "seized_items", "violation_records", "attachments")
#: What the register sends a laptop: its scope, and the register's version of any record the
#: laptop sent that the register keeps differently (a conflict resolved "ours").
REGISTER_KINDS = tuple(MODELS)
#: What the field work can remove after the register has it (a violation taken back, a seized
#: item or photo removed, a licence entered wrongly): the laptop hands in the removal, the
#: register applies it unless it changed the record meanwhile (a conflict) or a decision holds it.
DELETABLE_KINDS = ("licences", "violations", "seized_items", "attachments")
KIND_LABELS_VI = {
    "users": "Tài khoản", "establishments": "Cơ sở", "licences": "Giấy phép",
    "inspection_plans": "Kế hoạch", "inspections": "Cuộc thanh tra, kiểm tra",
    "inspection_members": "Thành viên đoàn", "visits": "Lượt kiểm tra cơ sở", "cases": "Vụ việc",
    "violations": "Hành vi vi phạm", "seized_items": "Tang vật, phương tiện",
    "violation_records": "Biên bản vi phạm", "attachments": "Tệp đính kèm",
}
# Bookkeeping and derived columns are not carried: each database keeps its own lock counter
# and recomputes the search keys; a record's agency is the receiving database's agency; the
# login counters belong to the machine where the login happened; a record's PDF travels as a
# file by hash.
_NOT_CARRIED = {"updated_at", "version", "search_text", "name_sort", "pdf"}
_NOT_CARRIED_BY_KIND = {
    "users": {"failed_attempts", "locked_until", "last_login_at"},
    "violation_records": {"agency_id"},
}
REF_MODELS = (RefInstrument, RefProvision, RefSignerCap, RefCircumstance, RefHoliday,
              RefProcedureRule)

_HEX64 = "^[0-9a-f]{64}$"
FILE_RE = re.compile(r"files/([0-9a-f]{64})")
RECORDS_RE = re.compile(r"records/([a-z_]{1,40})\.json")
MANIFEST = "manifest.json"
REGISTER_ONLY = {"records/sanction_decisions.json", "records/payments.json",
                  "records/document_numbers.json"}
ACKNOWLEDGED = "sync/acknowledged.json"
DELETIONS = "sync/deletions.json"
REFERENCE = "reference/tables.json"


class BundleError(ValidationError):
    """A bundle refused: one line saying why (Vietnamese for the GUI, English for the CLI)."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(vi, en, field="bundle")


# --- records as JSON ------------------------------------------------------------------------

def table_of(kind: str | type[Base]) -> Table:
    """The table of a kind (or model), typed as a Core table for statements."""
    model = MODELS[kind] if isinstance(kind, str) else kind
    return cast(Table, model.__table__)


@functools.cache
def fields_of(kind: str) -> dict[str, Any]:
    """The carried columns of a kind, by name (the record's ``id`` included). Cached: do not
    change the mapping returned."""
    model = MODELS[kind]
    skip = _NOT_CARRIED | _NOT_CARRIED_BY_KIND.get(kind, set())
    out: dict[str, Any] = {}
    for attr in model.__mapper__.column_attrs:
        if attr.key not in skip:
            out[attr.key] = attr.columns[0]
    return out


def to_json(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def from_json(value: Any, column: Any) -> Any:
    """A JSON value back to the column's Python type (the schema has checked its shape)."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, Uuid):
        return uuid.UUID(value)
    if isinstance(kind, (UTCDateTime, DateTime)):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    return value


def record_json(kind: str, row: Mapping[Any, Any]) -> dict[str, Any]:
    return {name: to_json(row[name]) for name in fields_of(kind)}


def _iso(value: date) -> str:
    return value.isoformat()


@functools.cache
def _converters(kind: str) -> tuple[tuple[str, Callable[[Any], Any] | None], ...]:
    out: list[tuple[str, Callable[[Any], Any] | None]] = []
    for name, column in fields_of(kind).items():
        kind_of = column.type
        conv: Callable[[Any], Any] | None = None
        if isinstance(kind_of, Uuid):
            conv = str
        elif isinstance(kind_of, (UTCDateTime, DateTime, Date)):
            conv = _iso
        out.append((name, conv))
    return tuple(out)


def row_json(kind: str, row: tuple[Any, ...]) -> dict[str, Any]:
    """A row of ``fields_of(kind)`` columns, in that order, as JSON values (the fast path)."""
    return {name: (conv(v) if conv is not None and v is not None else v)
            for (name, conv), v in zip(_converters(kind), row, strict=True)}


def digest(data: Mapping[str, Any]) -> str:
    """The content digest of a record as carried (canonical JSON, the same on both sides)."""
    return hashlib.sha256(canonical(data).encode("utf-8")).hexdigest()


def reference_version(conn: Connection) -> str:
    """The version of the law in use: a digest of the reference tables' content (row ids and
    timestamps left out, since each database loads its own rows)."""
    h = hashlib.sha256()
    for model in REF_MODELS:
        h.update(model.__tablename__.encode())
        for text in sorted(canonical(d) for d in conn.scalars(select(model.data))):
            h.update(b"\x1f" + text.encode("utf-8"))
    return "sha256:" + h.hexdigest()


# --- the schema -----------------------------------------------------------------------------

def _column_schema(column: Any) -> dict[str, Any]:
    kind = column.type
    if isinstance(kind, Uuid):
        out: dict[str, Any] = {"type": "string", "format": "uuid"}
    elif isinstance(kind, UTCDateTime):
        out = {"type": "string", "format": "date-time"}
    elif isinstance(kind, DateTime):  # a wall-clock time of the place (a record's hours)
        out = {"type": "string", "format": "local-date-time"}
    elif isinstance(kind, Date):
        out = {"type": "string", "format": "date"}
    elif isinstance(kind, Boolean):
        out = {"type": "boolean"}
    elif isinstance(kind, Integer):
        low, high = INT64 if isinstance(kind, BigInteger) else INT32  # what both databases store
        out = {"type": "integer", "minimum": low, "maximum": high}
    elif isinstance(kind, JSON):
        out = {"type": ["object", "array"]}
    elif isinstance(kind, (String, Text)):
        out = {"type": "string", "maxLength": kind.length or 100_000}
    else:  # pragma: no cover - a new column type needs a line here
        raise TypeError(f"no schema for {kind!r}")
    if column.nullable and not column.primary_key:
        types = out["type"] if isinstance(out["type"], list) else [out["type"]]
        out["type"] = [*types, "null"]
    return out


#: Columns added after format version 1 was published: a bundle written by an older release
#: lacks them, so they are not required; the importer reads a missing one as "unchanged"
#: (docs/bundle-format.md).
LATER_COLUMNS: dict[str, frozenset[str]] = {
    "establishments": frozenset({"representative_sex"}),  # migration 0016
}


def _record_schema(kind: str) -> dict[str, Any]:
    columns = fields_of(kind)
    later = LATER_COLUMNS.get(kind, frozenset())
    return {
        "type": "object", "additionalProperties": False, "required": ["id", "base", "data"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "base": {"type": ["string", "null"], "pattern": _HEX64},
            "data": {"type": "object", "additionalProperties": False,
                     "required": sorted(set(columns) - later),
                     "properties": {name: _column_schema(c) for name, c in columns.items()}},
        },
    }


def bundle_schema() -> dict[str, Any]:
    """The published JSON Schema (docs/bundle.schema.json is this, written by ``python -m``)."""
    kinds = list(MODELS)
    member = {"type": "object", "additionalProperties": False, "required": ["sha256", "size"],
              "properties": {"sha256": {"type": "string", "pattern": _HEX64},
                             "size": {"type": "integer", "minimum": 0,
                                      "maximum": MAX_TOTAL_BYTES}}}
    block = {"type": "object", "additionalProperties": False,
             "required": ["kind", "year", "first", "last"],
             "properties": {"kind": {"type": "string", "enum": ["BB-VPHC"]},
                            "year": {"type": "integer", "minimum": 2000, "maximum": 2100},
                            "first": {"type": "integer", "minimum": 1, "maximum": 10**9},
                            "last": {"type": "integer", "minimum": 1, "maximum": 10**9}}}
    manifest = {
        "type": "object", "additionalProperties": False,
        "required": ["format", "format_version", "kind", "bundle_id", "source_device",
                     "target_device", "created_at", "app_version", "reference_version", "counts",
                     "members", "number_blocks", "audit_anchor"],
        "properties": {
            "format": {"type": "string", "enum": [FORMAT]},
            "format_version": {"type": "integer", "enum": list(SUPPORTED_VERSIONS)},
            "kind": {"type": "string", "enum": [LAPTOP, REGISTER]},
            "bundle_id": {"type": "string", "format": "uuid"},
            "source_device": {"type": "string", "minLength": 1, "maxLength": 120},
            "target_device": {"type": ["string", "null"], "minLength": 1, "maxLength": 120},
            "created_at": {"type": "string", "format": "date-time"},
            "app_version": {"type": "string", "maxLength": 40},
            "reference_version": {"type": "string", "pattern": "^sha256:[0-9a-f]{64}$"},
            "counts": {"type": "object", "additionalProperties": False,
                       "properties": {k: {"type": "integer", "minimum": 0,
                                          "maximum": MAX_RECORDS}
                                      for k in [*kinds, "deletions"]}},
            "members": {"type": "object", "maxProperties": MAX_MEMBERS,
                        "additionalProperties": {"$ref": "#/$defs/member"}},
            "number_blocks": {"type": "array", "maxItems": 100, "items": {"$ref": "#/$defs/block"}},
            "audit_anchor": {"type": ["object", "null"], "additionalProperties": False,
                             "required": ["seq", "hash"],
                             "properties": {"seq": {"type": "integer", "minimum": 0},
                                            "hash": {"type": "string", "pattern": _HEX64}}},
        },
    }
    ack = {"type": "array", "maxItems": MAX_RECORDS, "items": {
        "type": "object", "additionalProperties": False, "required": ["kind", "id", "digest"],
        "properties": {"kind": {"type": "string", "enum": kinds},
                       "id": {"type": "string", "format": "uuid"},
                       "digest": {"type": "string", "pattern": _HEX64}}}}
    deletions = {"type": "array", "maxItems": MAX_RECORDS, "items": {
        "type": "object", "additionalProperties": False, "required": ["kind", "id", "base"],
        "properties": {"kind": {"type": "string", "enum": list(DELETABLE_KINDS)},
                       "id": {"type": "string", "format": "uuid"},
                       "base": {"type": "string", "pattern": _HEX64}}}}
    reference = {"type": "object", "additionalProperties": False,
                 "properties": {m.__tablename__: {"type": "array", "maxItems": 100_000,
                                                  "items": {"type": "object"}}
                                for m in REF_MODELS}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://inspector.invalid/bundle.schema.json",
        "title": f"Inspector bundle, format version {FORMAT_VERSION}",
        "description": "manifest.json, records/<kind>.json, sync/acknowledged.json, "
                       "sync/deletions.json and reference/tables.json of an Inspector bundle "
                       "(docs/bundle-format.md)",
        "$defs": {"manifest": manifest, "member": member, "block": block, "acknowledged": ack,
                  "deletions": deletions,
                  "reference": reference,
                  **{f"record_{k}": _record_schema(k) for k in kinds},
                  **{f"records_{k}": {"type": "array", "maxItems": MAX_RECORDS,
                                      "items": {"$ref": f"#/$defs/record_{k}"}} for k in kinds}},
        "$ref": "#/$defs/manifest",
    }


# --- a small JSON Schema validator (the subset bundle_schema uses) ---------------------------

_TYPES: dict[str, Any] = {"object": dict, "array": list, "string": str, "boolean": bool,
                          "null": type(None)}
_UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _format_ok(value: str, fmt: str) -> bool:
    try:
        if fmt == "uuid":
            return bool(_UUID_RE.match(value))
        if fmt == "date":
            day = date.fromisoformat(value)
            return len(value) == 10 and 1900 <= day.year <= 2100
        if fmt == "date-time":
            moment = datetime.fromisoformat(value)
            return moment.tzinfo is not None and 2000 <= moment.year <= 2100
        if fmt == "local-date-time":
            moment = datetime.fromisoformat(value)
            return moment.tzinfo is None and 1900 <= moment.year <= 2100
    except ValueError:
        return False
    return True


Checker = Callable[[Any, str], "str | None"]


def _none(value: Any, where: str) -> str | None:
    return None


class _Compiler:
    """Turns the schema into nested checking functions once, so 10,000 records are checked in
    a fraction of the time an interpreting walk takes. Each checker returns the first problem
    as ``where: what``, or None."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Checker] = {}

    def ref(self, name: str) -> Checker:
        if name not in self.refs:
            slot: list[Checker] = []
            self.refs[name] = lambda v, w: slot[0](v, w)  # a recursive reference
            slot.append(self.compile(self.root["$defs"][name]))
            self.refs[name] = slot[0]
        return self.refs[name]

    def compile(self, schema: dict[str, Any]) -> Checker:
        checks: list[Checker] = []
        if "$ref" in schema:
            checks.append(self.ref(schema["$ref"].removeprefix("#/$defs/")))
        if "type" in schema:
            checks.append(self._type(schema["type"]))
        if "enum" in schema:
            allowed = schema["enum"]

            def enum(v: Any, w: str) -> str | None:
                return None if v in allowed else f"{w}: {v!r} is not one of {allowed}"
            checks.append(enum)
        checks += self._string(schema) + self._number(schema)
        if "items" in schema or "maxItems" in schema:
            checks.append(self._array(schema))
        if any(k in schema for k in ("properties", "required", "additionalProperties",
                                     "maxProperties")):
            checks.append(self._object(schema))
        if not checks:
            return _none
        if len(checks) == 1:
            return checks[0]

        def all_of(v: Any, w: str) -> str | None:
            for check in checks:
                problem = check(v, w)
                if problem:
                    return problem
            return None
        return all_of

    @staticmethod
    def _type(types: str | list[str]) -> Checker:
        names = types if isinstance(types, list) else [types]
        plain = tuple(_TYPES[n] for n in names if n in _TYPES)
        integer = "integer" in names
        boolean = "boolean" in names

        def typed(v: Any, w: str) -> str | None:
            if isinstance(v, bool):
                ok = boolean
            elif isinstance(v, int):
                ok = integer
            else:
                ok = isinstance(v, plain)
            if ok:
                return None
            return f"{w}: expected {' or '.join(names)}, got {type(v).__name__}"
        return typed

    @staticmethod
    def _string(schema: dict[str, Any]) -> list[Checker]:
        longest, shortest = schema.get("maxLength"), schema.get("minLength", 0)
        pattern = re.compile(schema["pattern"]) if "pattern" in schema else None
        fmt = schema.get("format")
        if longest is None and not shortest and pattern is None and fmt is None:
            return []

        def string(v: Any, w: str) -> str | None:
            if not isinstance(v, str):
                return None
            if longest is not None and len(v) > longest:
                return f"{w}: longer than {longest} characters"
            if len(v) < shortest:
                return f"{w}: empty"
            if pattern is not None and not pattern.search(v):
                return f"{w}: {v[:80]!r} does not match {pattern.pattern}"
            if fmt is not None and not _format_ok(v, fmt):
                return f"{w}: {v[:80]!r} is not a valid {fmt}"
            return None
        return [string]

    @staticmethod
    def _number(schema: dict[str, Any]) -> list[Checker]:
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is None and high is None:
            return []

        def number(v: Any, w: str) -> str | None:
            if not isinstance(v, int) or isinstance(v, bool):
                return None
            if low is not None and v < low:
                return f"{w}: {v} is below {low}"
            if high is not None and v > high:
                return f"{w}: {v} is above {high}"
            return None
        return [number]

    def _array(self, schema: dict[str, Any]) -> Checker:
        most = schema.get("maxItems")
        item = self.compile(schema["items"]) if "items" in schema else _none

        def array(v: Any, w: str) -> str | None:
            if not isinstance(v, list):
                return None
            if most is not None and len(v) > most:
                return f"{w}: more than {most} items"
            for i, element in enumerate(v):
                problem = item(element, f"{w}[{i}]")
                if problem:
                    return problem
            return None
        return array

    def _object(self, schema: dict[str, Any]) -> Checker:
        most = schema.get("maxProperties")
        required = list(schema.get("required", ()))
        props = {k: self.compile(v) for k, v in schema.get("properties", {}).items()}
        extra = schema.get("additionalProperties", True)
        extra_check = self.compile(extra) if isinstance(extra, dict) else None

        def obj(v: Any, w: str) -> str | None:
            if not isinstance(v, dict):
                return None
            if most is not None and len(v) > most:
                return f"{w}: more than {most} entries"
            for name in required:
                if name not in v:
                    return f"{w}: {name!r} is missing"
            for name, element in v.items():
                check = props.get(name)
                if check is None:
                    if extra is False:
                        return f"{w}: unknown field {name!r}"
                    check = extra_check
                if check is not None:
                    problem = check(element, f"{w}.{name}")
                    if problem:
                        return problem
            return None
        return obj


_COMPILER: _Compiler | None = None


def validate(value: Any, definition: str, where: str) -> None:
    """Refuse ``value`` unless it matches ``#/$defs/<definition>`` of the published schema."""
    global _COMPILER
    if _COMPILER is None:
        _COMPILER = _Compiler(bundle_schema())
    problem = _COMPILER.ref(definition)(value, where)
    if problem:
        raise BundleError(f"Gói dữ liệu không đúng lược đồ: {problem}",
                          f"the bundle does not match the schema: {problem}")


def main() -> None:  # pragma: no cover - writes docs/bundle.schema.json
    print(json.dumps(bundle_schema(), ensure_ascii=False, indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
