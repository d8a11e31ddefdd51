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


def upgrade() -> None:
    with op.batch_alter_table("establishments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("business_kind", sa.String(length=30), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("establishments", schema=None) as batch_op:
        batch_op.drop_column("business_kind")
