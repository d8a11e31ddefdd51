"""in force: the tally's copy of "the decision is in force" generated from the one domain
predicate; corrected and amended originals restored; receipts unique per collecting body and year

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 09:00:00

Why: migration 0006 wrote its own version of "in force" (status not draft, cancelled or
amended) into the triggers that copy it onto payments, and the correcting and annulling
decisions (rows with ``amends_id``) counted as decisions in force with amount 0 while a
correction marked its original ``amended`` and so dropped the fine from the tally and made it
uncollectable. The predicate now lives once, in :mod:`inspector.domain.states`; the triggers
that copy it (``tally_payments_*``, ``tally_sanction_decisions_update``) are recreated from
:func:`inspector.domain.states.in_force_sql`.

Data steps:

* an original marked ``amended`` by a correction or an amendment gets back the state its
  delivery and payments give it (a correction changes the text, not the obligation; an old
  amendment kept no new amount, so the original's amount stands — the register shows it);
* every payment's ``decision_in_force`` is recomputed;
* the decisions' covering indexes get ``amends_id`` (the predicate reads it), and an index of
  the year's due dates serves the tally's late charges;
* ``payments.collector`` (the collecting body: the Treasury or bank named on the decision, or
  the agency collecting on the spot) and ``payments.receipt_year`` are added; a receipt number
  is unique per collecting body and year (a partial unique index). Receipts already repeated
  keep their row but only the first of each repeat gets its year, so nothing is lost and the
  repeats stay visible (``receipt_year`` NULL with a receipt number).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op

from inspector.domain.states import in_force_sql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

RECEIPT_INDEX = "uq_payments_receipt"
#: The tally's late charges read only the decisions of the year that have a due date.
DUE_INDEX = "ix_sanction_decisions_tally_due"
_PLACE = ["establishment_commune", "establishment_former_district",
          "establishment_former_commune"]
#: The decisions' covering indexes of 0006 closed by ``amends_id``, which the predicate reads.
DECISION_INDEXES = (
    ("ix_sanction_decisions_tally_sector",
     ["issued_year", "case_sector", "issued_on", "status", "total_amount"]),
    ("ix_sanction_decisions_tally_place",
     ["issued_year", *_PLACE, "issued_on", "status", "total_amount"]),
    ("ix_sanction_decisions_tally_inspection",
     ["case_inspection_id", "status", "issued_on", "total_amount"]),
)
RECEIPT_PREDICATE = "receipt_number <> '' AND receipt_year IS NOT NULL"


def _m0006() -> ModuleType:
    path = Path(__file__).with_name("0006_tally_dimensions.py")
    spec = importlib.util.spec_from_file_location("_m0006_for_0009", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_OLD = _m0006()


class _Sql(_OLD._Sql):  # type: ignore[name-defined,misc]
    """0006's copying statements with the payments' copy of the decision from the predicate."""

    def __init__(self, dialect: str) -> None:
        super().__init__(dialect)
        self.copies["payments"] = (
            "(decision_in_force, decision_issued_on, decision_total, case_sector)", f"""
        SELECT {in_force_sql("d.")}, d.issued_on, d.total_amount, d.case_sector
        FROM sanction_decisions d WHERE d.id = {{key}}""", "decision_id", "")


_DECISION_CHANGE = (
    "status, issued_on, total_amount, case_sector",
    f"{in_force_sql('OLD.')} IS {{distinct}} {in_force_sql('NEW.')} "
    "OR OLD.issued_on IS {distinct} NEW.issued_on "
    "OR OLD.total_amount IS {distinct} NEW.total_amount "
    "OR OLD.case_sector IS {distinct} NEW.case_sector")
_NAMES = ("tally_payments_insert", "tally_payments_source", "tally_sanction_decisions_update")


def sqlite_triggers() -> list[tuple[str, str]]:
    """(name, body) of the SQLite triggers this migration replaces."""
    sql = _Sql("sqlite")
    set_new = (f"UPDATE payments {sql.assign('payments', 'NEW', 'NEW.decision_id')} "
               "WHERE rowid = NEW.rowid;")
    columns, when = _DECISION_CHANGE
    return [
        ("tally_payments_insert", f"AFTER INSERT ON payments BEGIN {set_new} END"),
        ("tally_payments_source",
         f"AFTER UPDATE OF decision_id ON payments BEGIN {set_new} END"),
        ("tally_sanction_decisions_update",
         f"AFTER UPDATE OF {columns} ON sanction_decisions WHEN {when.format(distinct='NOT')} "
         f"BEGIN {sql.decision_changed()} END"),
    ]


def postgresql_triggers() -> list[tuple[str, str, str, str]]:
    """(trigger, definition, function, body) of the PostgreSQL triggers this migration replaces."""
    sql = _Sql("postgresql")
    columns, when = _DECISION_CHANGE
    return [
        ("tally_payments_copy", "BEFORE INSERT OR UPDATE OF decision_id ON payments FOR EACH ROW",
         "tally_payments_copy", _OLD._into_new(sql, "payments")),
        ("tally_sanction_decisions_update",
         f"AFTER UPDATE OF {columns} ON sanction_decisions FOR EACH ROW "
         f"WHEN ({when.format(distinct='DISTINCT FROM')})", "tally_sanction_decisions_update",
         f"{sql.decision_changed()}\n        RETURN NULL;"),
    ]


def _install(sqlite: list[tuple[str, str]] | None,
             postgresql: list[tuple[str, str, str, str]] | None) -> None:
    if sqlite is not None:
        for name, body in sqlite:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
            op.execute(f"CREATE TRIGGER {name} {body}")
    for name, definition, function, body in postgresql or []:
        table = definition.split(" ON ")[1].split()[0]
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute(f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql "
                   f"AS $$\nBEGIN\n{body}\nEND\n$$")
        op.execute(f"CREATE TRIGGER {name} {definition} EXECUTE FUNCTION {function}()")


_RESTORE = """
UPDATE sanction_decisions SET status = CASE
    WHEN (SELECT coalesce(sum(p.amount), 0) FROM payments p
          WHERE p.decision_id = sanction_decisions.id) >= total_amount AND total_amount > 0
        THEN 'paid'
    WHEN (SELECT coalesce(sum(p.amount), 0) FROM payments p
          WHERE p.decision_id = sanction_decisions.id) > 0 THEN 'partly_paid'
    WHEN delivered_on IS NOT NULL THEN 'delivered'
    ELSE 'issued' END
WHERE status = 'amended' AND issued_on IS NOT NULL AND EXISTS (
    SELECT 1 FROM sanction_decisions a
    WHERE a.amends_id = sanction_decisions.id AND a.amendment_kind IN ('correct', 'amend'))
"""
_RECEIPT_YEAR = """
UPDATE payments SET receipt_year = {year}
WHERE receipt_number <> '' AND NOT EXISTS (
    SELECT 1 FROM payments q
    WHERE q.collector = payments.collector AND q.receipt_number = payments.receipt_number
      AND {q_year} = {year}
      AND (q.paid_on < payments.paid_on OR (q.paid_on = payments.paid_on AND q.id < payments.id)))
"""


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    year = ("CAST(substr({}, 1, 4) AS INTEGER)" if dialect == "sqlite"
            else "CAST(EXTRACT(YEAR FROM {}) AS INTEGER)")
    op.add_column("payments", sa.Column("collector", sa.String(length=200), nullable=False,
                                        server_default=""))
    op.add_column("payments", sa.Column("receipt_year", sa.Integer(), nullable=True))
    op.execute(_RECEIPT_YEAR.format(year=year.format("payments.paid_on"),
                                    q_year=year.format("q.paid_on")))
    op.create_index(RECEIPT_INDEX, "payments", ["collector", "receipt_year", "receipt_number"],
                    unique=True, sqlite_where=sa.text(RECEIPT_PREDICATE),
                    postgresql_where=sa.text(RECEIPT_PREDICATE))
    for name, columns in DECISION_INDEXES:
        op.drop_index(name, table_name="sanction_decisions")
        op.create_index(name, "sanction_decisions", [*columns, "amends_id"])
    op.create_index(DUE_INDEX, "sanction_decisions", ["issued_year", "due_date"])
    op.execute(_RESTORE)
    if dialect == "sqlite":
        _install(sqlite_triggers(), None)
    else:
        _install(None, postgresql_triggers())
    op.execute(_Sql(dialect).fill("payments"))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name, columns in DECISION_INDEXES:
        op.drop_index(name, table_name="sanction_decisions")
        op.create_index(name, "sanction_decisions", columns)
    op.drop_index(RECEIPT_INDEX, table_name="payments")
    op.drop_index(DUE_INDEX, table_name="sanction_decisions")
    if dialect == "sqlite":
        # The rebuild of payments cannot rename its copy while triggers name the table.
        for name in _NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_column("receipt_year")
        batch_op.drop_column("collector")
    if dialect == "sqlite":
        _install([t for t in _OLD.sqlite_triggers() if t[0] in _NAMES], None)
    else:
        _install(None, [t for t in _OLD.postgresql_triggers() if t[0] in _NAMES])
    op.execute(_OLD._Sql(dialect).fill("payments"))
