"""tally dimensions: copies of the case, establishment and decision attributes the yearly tally
filters and groups by, kept in step by triggers; covering indexes for the tally

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 09:00:00

Why: every section of the tally used to join ~100,000 rows of a year on UUID text keys (cases to
violations, visits to establishments, decisions to cases, payments to decisions), about 30 such
joins for one yearly tally (12.7 s on bench/tally.py). With these columns each section reads
one table's covering index without a join: by the year (then the section's own keys, so that
counting distinct establishments needs no sort), by a date range, or by the inspections of the
period.

What is copied (all nullable; never written by the application, only by the triggers below):

* the establishment's ``sector``, ``business_kind``, ``commune_name``, ``former_district`` and
  ``former_commune_name`` onto its visits (``establishment_*``), and all but the sector onto
  the violations and (the place only) the decisions of its cases;
* onto violations and seized items: ``case_opened_on``, ``case_live`` (the case is not
  cancelled) and ``case_inspection_id`` (the inspection of the case's visit); onto violations
  also ``case_opened_year``, ``case_sector`` and ``case_violator`` (the case's establishment,
  or the case itself without one: the violator the tally counts once); onto decisions
  ``case_sector`` and ``case_inspection_id``;
* the year of the row's own date: ``visits.visit_year``, ``sanction_decisions.issued_year``;
* onto payments: ``decision_in_force`` (the decision is issued and neither a draft, cancelled
  nor amended), ``decision_issued_on``, ``decision_total`` and the case's sector, so the fines
  collected on the decisions of a period are one range of one index.

The triggers fire on the inserts of the copying rows and on updates of their sources' columns,
so every writer keeps the copies right: the services, the bulk inserts of imports and the demo,
the scenarios, the tests' factories, raw SQL. Inserting establishments fires nothing (the bulk
import of establishments does not slow down). SQLite gets AFTER triggers (an UPDATE of the new
row by rowid), PostgreSQL BEFORE triggers that fill the new row and AFTER triggers that
propagate a source's change. NOTE for later migrations: rebuilding one of these tables with
``batch_alter_table`` on SQLite drops its triggers; recreate them (``sqlite_triggers()``) after
such a rebuild (tests/store/test_tally_dimensions.py checks that they exist at head).
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_PLACE = ("establishment_commune", "establishment_former_district",
          "establishment_former_commune")
_PLACE_LIST = ", ".join(_PLACE)
_STR120 = sa.String(length=120)
COLUMNS: tuple[tuple[str, str, sa.types.TypeEngine], ...] = (
    ("visits", "visit_year", sa.Integer()),
    ("visits", "establishment_sector", sa.String(length=20)),
    ("visits", "establishment_kind", sa.String(length=30)),
    *(("visits", name, _STR120) for name in _PLACE),
    ("violations", "case_opened_on", sa.Date()),
    ("violations", "case_opened_year", sa.Integer()),
    ("violations", "case_live", sa.Boolean()),
    ("violations", "case_sector", sa.String(length=20)),
    ("violations", "case_violator", sa.Uuid()),
    ("violations", "case_inspection_id", sa.Uuid()),
    ("violations", "establishment_kind", sa.String(length=30)),
    *(("violations", name, _STR120) for name in _PLACE),
    ("seized_items", "case_opened_on", sa.Date()),
    ("seized_items", "case_live", sa.Boolean()),
    ("seized_items", "case_inspection_id", sa.Uuid()),
    ("sanction_decisions", "issued_year", sa.Integer()),
    ("sanction_decisions", "case_sector", sa.String(length=20)),
    ("sanction_decisions", "case_inspection_id", sa.Uuid()),
    *(("sanction_decisions", name, _STR120) for name in _PLACE),
    ("payments", "decision_in_force", sa.Boolean()),
    ("payments", "decision_issued_on", sa.Date()),
    ("payments", "decision_total", sa.Integer()),
    ("payments", "case_sector", sa.String(length=20)),
)
#: The indexes as inspector.store.models declares them. The year first, then a section's
#: keys, then the establishment (or violator) and the date: for a period within one calendar
#: year each GROUP BY reads its rows in order and counts distinct establishments without a sort.
INDEXES: tuple[tuple[str, str, list[str]], ...] = (
    ("ix_visits_tally_kind", "visits",
     ["visit_year", "establishment_sector", "establishment_kind", "establishment_id",
      "visit_date", "outcome"]),
    ("ix_visits_tally_place", "visits",
     ["visit_year", *_PLACE, "establishment_id", "visit_date"]),
    ("ix_visits_tally_inspection", "visits",
     ["inspection_id", "establishment_sector", "establishment_kind", "establishment_id",
      "outcome"]),
    ("ix_violations_tally_kind", "violations",
     ["case_opened_year", "case_live", "case_sector", "establishment_kind", "case_violator",
      "case_opened_on", "warning"]),
    ("ix_violations_tally_place", "violations",
     ["case_opened_year", "case_live", *_PLACE, "case_violator", "case_opened_on", "warning"]),
    ("ix_violations_tally_provision", "violations",
     ["case_opened_year", "case_live", "case_sector", "provision_key", "case_violator",
      "case_opened_on", "warning", "amount"]),
    ("ix_violations_tally_day", "violations", ["case_opened_on", "case_live"]),
    ("ix_violations_tally_inspection", "violations",
     ["case_inspection_id", "case_live", "case_sector", "provision_key", "case_violator",
      "warning", "amount"]),
    ("ix_seized_items_tally_period", "seized_items",
     ["case_opened_on", "case_live", "kind", "unit", "disposal", "quantity"]),
    ("ix_seized_items_tally_inspection", "seized_items",
     ["case_inspection_id", "case_live", "kind", "unit", "disposal", "quantity"]),
    ("ix_sanction_decisions_tally_sector", "sanction_decisions",
     ["issued_year", "case_sector", "issued_on", "status", "total_amount"]),
    ("ix_sanction_decisions_tally_place", "sanction_decisions",
     ["issued_year", *_PLACE, "issued_on", "status", "total_amount"]),
    ("ix_sanction_decisions_tally_inspection", "sanction_decisions",
     ["case_inspection_id", "status", "issued_on", "total_amount"]),
    ("ix_payments_tally_paid", "payments", ["paid_on", "decision_in_force", "amount"]),
    ("ix_payments_tally_decision", "payments",
     ["decision_in_force", "decision_issued_on", "decision_id", "paid_on", "amount",
      "decision_total", "case_sector"]),
    ("ix_violation_records_tally", "violation_records", ["made_on", "status"]),
)
#: Partial indexes: (name, table, columns, predicate); the tally's queries repeat the predicate
#: word for word so that both databases use them.
PARTIAL_INDEXES: tuple[tuple[str, str, list[str], str], ...] = (
    ("ix_violations_tally_remedial", "violations", ["case_opened_on", "case_live"],
     "CAST(remedial_measures AS TEXT) NOT IN ('[]', 'null')"),
    ("ix_cases_tally_transferred", "cases", ["opened_on", "transferred_on", "status"],
     "status = 'transferred' OR transferred_to IS NOT NULL"),
)

_NOT_IN_FORCE = "('draft', 'cancelled', 'amended')"
_OF_CASES = "WHERE case_id IN (SELECT id FROM cases WHERE {} = NEW.id)"


class _Sql:
    """The copying statements of one database (only the year of a date is written
    differently)."""

    def __init__(self, dialect: str) -> None:
        self.year = ("CAST(substr({}, 1, 4) AS INTEGER)" if dialect == "sqlite"
                     else "CAST(EXTRACT(YEAR FROM {}) AS INTEGER)")
        # (table, columns, SELECT of the values with {key} for the source's key, extra
        # assignments from the row's own columns with {row} for the row)
        est = "e.business_kind, e.commune_name, e.former_district, e.former_commune_name"
        self.copies = {
            "violations": (
                f"(case_opened_on, case_opened_year, case_live, case_sector, case_violator, "
                f"case_inspection_id, establishment_kind, {_PLACE_LIST})",
                f"""
        SELECT c.opened_on, {self.year.format("c.opened_on")}, c.status <> 'cancelled', c.sector,
               coalesce(c.establishment_id, c.id),
               (SELECT v.inspection_id FROM visits v WHERE v.id = c.visit_id), {est}
        FROM cases c LEFT JOIN establishments e ON e.id = c.establishment_id
        WHERE c.id = {{key}}""", "case_id", ""),
            "seized_items": (
                "(case_opened_on, case_live, case_inspection_id)", """
        SELECT c.opened_on, c.status <> 'cancelled',
               (SELECT v.inspection_id FROM visits v WHERE v.id = c.visit_id)
        FROM cases c WHERE c.id = {key}""", "case_id", ""),
            "sanction_decisions": (
                f"(case_sector, case_inspection_id, {_PLACE_LIST})", """
        SELECT c.sector, (SELECT v.inspection_id FROM visits v WHERE v.id = c.visit_id),
               e.commune_name, e.former_district, e.former_commune_name
        FROM cases c LEFT JOIN establishments e ON e.id = c.establishment_id
        WHERE c.id = {key}""", "case_id", f"issued_year = {self.year.format('{row}.issued_on')}"),
            "payments": (
                "(decision_in_force, decision_issued_on, decision_total, case_sector)", f"""
        SELECT d.status NOT IN {_NOT_IN_FORCE} AND d.issued_on IS NOT NULL, d.issued_on,
               d.total_amount, d.case_sector
        FROM sanction_decisions d WHERE d.id = {{key}}""", "decision_id", ""),
            "visits": (
                f"(establishment_sector, establishment_kind, {_PLACE_LIST})", """
        SELECT e.sector, e.business_kind, e.commune_name, e.former_district,
               e.former_commune_name
        FROM establishments e WHERE e.id = {key}""", "establishment_id",
                f"visit_year = {self.year.format('{row}.visit_date')}"),
        }
        # The row's own columns whose change recomputes its copies.
        self.own = {"sanction_decisions": "issued_on", "visits": "visit_date"}

    def assign(self, table: str, row: str, key: str) -> str:
        """``SET (…) = (SELECT …)[, year = …]``: the copies of ``row`` from its source ``key``."""
        columns, values, _source, extra = self.copies[table]
        out = f"SET {columns} = ({values.format(key=key)})"
        if extra:
            out += ", " + extra.format(row=row)
        return out

    def fill(self, table: str) -> str:
        """The data step: every existing row of ``table``."""
        return f"UPDATE {table} " + self.assign(table, table, f"{table}.{self.copies[table][2]}")

    def case_changed(self) -> str:
        return "\n".join(
            f"UPDATE {table} {self.assign(table, table, 'NEW.id')} WHERE case_id = NEW.id;"
            for table in ("violations", "seized_items", "sanction_decisions"))

    def establishment_changed(self) -> str:
        return f"""
        UPDATE visits SET (establishment_sector, establishment_kind, {_PLACE_LIST}) = (
            SELECT NEW.sector, NEW.business_kind, NEW.commune_name, NEW.former_district,
                   NEW.former_commune_name)
        WHERE establishment_id = NEW.id;
        UPDATE violations SET (establishment_kind, {_PLACE_LIST}) = (
            SELECT NEW.business_kind, NEW.commune_name, NEW.former_district,
                   NEW.former_commune_name)
        {_OF_CASES.format('establishment_id')};
        UPDATE sanction_decisions SET ({_PLACE_LIST}) = (
            SELECT NEW.commune_name, NEW.former_district, NEW.former_commune_name)
        {_OF_CASES.format('establishment_id')};"""

    def visit_changed(self) -> str:
        return "\n".join(
            f"UPDATE {table} SET case_inspection_id = NEW.inspection_id "
            f"{_OF_CASES.format('visit_id')};"
            for table in ("violations", "seized_items", "sanction_decisions"))

    def decision_changed(self) -> str:
        return (f"UPDATE payments {self.assign('payments', 'payments', 'NEW.id')} "
                "WHERE decision_id = NEW.id;")


_ESTABLISHMENT_CHANGE = (
    "sector, business_kind, commune_name, former_district, former_commune_name",
    " OR ".join(f"OLD.{c} IS {{distinct}} NEW.{c}" for c in (
        "sector", "business_kind", "commune_name", "former_district", "former_commune_name")))
_CASE_CHANGE = (
    "opened_on, status, sector, establishment_id, visit_id",
    "OLD.opened_on IS {distinct} NEW.opened_on "
    "OR (OLD.status = 'cancelled') IS {distinct} (NEW.status = 'cancelled') "
    "OR OLD.sector IS {distinct} NEW.sector "
    "OR OLD.establishment_id IS {distinct} NEW.establishment_id "
    "OR OLD.visit_id IS {distinct} NEW.visit_id")
_DECISION_CHANGE = (
    "status, issued_on, total_amount, case_sector",
    f"(OLD.status IN {_NOT_IN_FORCE}) IS {{distinct}} (NEW.status IN {_NOT_IN_FORCE}) "
    "OR OLD.issued_on IS {distinct} NEW.issued_on "
    "OR OLD.total_amount IS {distinct} NEW.total_amount "
    "OR OLD.case_sector IS {distinct} NEW.case_sector")
_VISIT_CHANGE = ("inspection_id", "OLD.inspection_id IS {distinct} NEW.inspection_id")


def sqlite_triggers() -> list[tuple[str, str]]:
    """(name, body) of every SQLite trigger: AFTER triggers that update the row by rowid."""
    sql = _Sql("sqlite")
    out = []
    for table, (_columns, _values, source, _extra) in sql.copies.items():
        events = ", ".join(c for c in (source, sql.own.get(table)) if c)
        set_new = f"UPDATE {table} {sql.assign(table, 'NEW', f'NEW.{source}')} " \
                  "WHERE rowid = NEW.rowid;"
        out.append((f"tally_{table}_insert", f"AFTER INSERT ON {table} BEGIN {set_new} END"))
        out.append((f"tally_{table}_source",
                    f"AFTER UPDATE OF {events} ON {table} BEGIN {set_new} END"))
    for name, table, (columns, when), body in (
            ("tally_establishments_update", "establishments", _ESTABLISHMENT_CHANGE,
             sql.establishment_changed()),
            ("tally_visits_inspection", "visits", _VISIT_CHANGE, sql.visit_changed()),
            ("tally_cases_update", "cases", _CASE_CHANGE, sql.case_changed()),
            ("tally_sanction_decisions_update", "sanction_decisions", _DECISION_CHANGE,
             sql.decision_changed())):
        out.append((name, f"AFTER UPDATE OF {columns} ON {table} "
                          f"WHEN {when.format(distinct='NOT')} BEGIN {body} END"))
    return out


def _into_new(sql: _Sql, table: str) -> str:
    """A PostgreSQL BEFORE trigger's body: ``SELECT … INTO NEW.a, NEW.b …`` from the source."""
    columns, values, source, extra = sql.copies[table]
    names = ", ".join(f"NEW.{c.strip()}" for c in columns.strip("() \n").split(","))
    select, rest = re.split(r"\n\s*FROM ", values.format(key=f"NEW.{source}").strip(),
                            maxsplit=1)
    own = f"\n        NEW.{extra.format(row='NEW').replace(' = ', ' := ', 1)};" if extra else ""
    return f"""
        {select}
          INTO {names}
        FROM {rest};{own}
        RETURN NEW;"""


def postgresql_triggers() -> list[tuple[str, str, str, str]]:
    """(trigger, its definition, function, the function's body) for PostgreSQL."""
    sql = _Sql("postgresql")
    out = []
    for table, (_columns, _values, source, _extra) in sql.copies.items():
        events = ", ".join(c for c in (source, sql.own.get(table)) if c)
        out.append((f"tally_{table}_copy", f"BEFORE INSERT OR UPDATE OF {events} ON {table} "
                    "FOR EACH ROW", f"tally_{table}_copy", _into_new(sql, table)))
    for name, table, (columns, when), body in (
            ("tally_establishments_update", "establishments", _ESTABLISHMENT_CHANGE,
             sql.establishment_changed()),
            ("tally_visits_inspection", "visits", _VISIT_CHANGE, sql.visit_changed()),
            ("tally_cases_update", "cases", _CASE_CHANGE, sql.case_changed()),
            ("tally_sanction_decisions_update", "sanction_decisions", _DECISION_CHANGE,
             sql.decision_changed())):
        out.append((name, f"AFTER UPDATE OF {columns} ON {table} FOR EACH ROW "
                          f"WHEN ({when.format(distinct='DISTINCT FROM')})", name,
                    f"{body}\n        RETURN NULL;"))
    return out


_TABLES = ("visits", "violations", "seized_items", "sanction_decisions", "payments",
           "violation_records", "cases")


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    sql = _Sql(dialect)
    for table, name, type_ in COLUMNS:
        op.add_column(table, sa.Column(name, type_, nullable=True))
    # The data step; the decisions before the payments, which copy the decisions' copies.
    for table in ("visits", "violations", "seized_items", "sanction_decisions", "payments"):
        op.execute(sql.fill(table))
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)
    for name, table, columns, predicate in PARTIAL_INDEXES:
        op.create_index(name, table, columns, unique=False, sqlite_where=sa.text(predicate),
                        postgresql_where=sa.text(predicate))
    if dialect == "sqlite":
        for name, body in sqlite_triggers():
            op.execute(f"CREATE TRIGGER {name} {body}")
    else:
        for name, definition, function, body in postgresql_triggers():
            op.execute(f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                       f"BEGIN\n{body}\nEND\n$$")
            op.execute(f"CREATE TRIGGER {name} {definition} EXECUTE FUNCTION {function}()")
    # The planner's statistics for the new indexes (a national database: a few seconds).
    for table in _TABLES:
        op.execute(f"ANALYZE {table}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name, _body in sqlite_triggers():
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        for name, definition, function, _body in postgresql_triggers():
            table = definition.split(" ON ")[1].split()[0]
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    for name, table, _columns, _predicate in PARTIAL_INDEXES:
        op.drop_index(name, table_name=table)
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
    for table in dict.fromkeys(t for t, _n, _t in COLUMNS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in [n for t, n, _t in COLUMNS if t == table]:
                batch_op.drop_column(name)
