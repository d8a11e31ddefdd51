"""tallies: the kind of business the yearly report counts, indexes for the yearly tally

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 06:30:00

``establishments.business_kind`` lets the report say "34 điểm đại lý viễn thông, 7 cửa hàng"
rather than only a sector. The indexes are the ones bench/tally.py chose by measurement.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


INDEXES = (
    ("ix_visits_tally", "visits", ["visit_date", "establishment_id", "outcome", "inspection_id"]),
    ("ix_cases_tally", "cases", ["opened_on", "status", "sector", "establishment_id", "id",
                                 "visit_id"]),
    ("ix_violations_tally", "violations", ["case_id", "warning", "amount", "provision_key"]),
    ("ix_sanction_decisions_tally", "sanction_decisions", ["issued_on", "status", "case_id",
                                                           "total_amount"]),
    ("ix_payments_tally", "payments", ["decision_id", "paid_on", "amount"]),
)


def upgrade() -> None:
    with op.batch_alter_table("establishments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("business_kind", sa.String(length=30), nullable=True))
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
    with op.batch_alter_table("establishments", schema=None) as batch_op:
        batch_op.drop_column("business_kind")
