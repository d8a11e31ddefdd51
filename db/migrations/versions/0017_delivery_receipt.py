"""delivery receipt: the hour a decision was handed over in person, and who received it

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 10:50:00

Why: the back page of the sanction decision forms (MQĐ01, MQĐ02) reads "Quyết định đã giao
trực tiếp cho … vào hồi … giờ … phút, ngày …" with the receiver's signature (legal.md §4.4
item 9). The register kept only the day of delivery, so the receipt could not be filled.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite: plain ADD COLUMN (a batch copy would rebuild the table under its triggers).
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE sanction_decisions ADD COLUMN delivered_at DATETIME")
        op.execute("ALTER TABLE sanction_decisions ADD COLUMN received_by VARCHAR(120)")
    else:
        op.add_column("sanction_decisions", sa.Column("delivered_at", sa.DateTime(), nullable=True))
        op.add_column("sanction_decisions",
                      sa.Column("received_by", sa.String(length=120), nullable=True))


def downgrade() -> None:
    op.drop_column("sanction_decisions", "received_by")
    op.drop_column("sanction_decisions", "delivered_at")
