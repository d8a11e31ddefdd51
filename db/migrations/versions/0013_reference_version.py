"""reference data version: which edition of the law's data a database applies

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 02:30:00

Why (issue 9 §6): a corrected bracket or a decree's end date shipped in a new release never
reached a laptop already in use. The database now records which edition of ``db/reference`` it
holds (``reference_state``: the human version, the digest of the set, and the digest of each
shipped record as last loaded, so an administrator's later edit can be told from an older
shipped value), and every case records the edition it was made under
(``cases.reference_version``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reference_state",
        sa.Column("ref_version", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("record_digests", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_state")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reference_version", sa.String(length=40), nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite ≥ 3.35): a batch copy of the table would drop the tally
    # triggers that name it.
    op.drop_column("cases", "reference_version")
    op.drop_table("reference_state")
