"""violation alternatives: which act of a point that lists several was committed

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 03:00:00

Why: a point of a decree often lists several acts ("…; …; …"); a record or decision must
print the act committed, not the whole clause. ``violations.alternative`` is the index of the
chosen act in the provision's ``alternatives`` (db/reference/provisions.json); NULL for a point
that is one act, or for a violation entered before the choice existed (the document then prints
the inspector's description of the facts only). Seized items already link to their violation
(``seized_items.violation_id``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch copy of ``violations`` would break the tally triggers that
    # read it (SQLite); the index is checked by the service against the catalog.
    op.add_column("violations", sa.Column("alternative", sa.Integer(), nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite ≥ 3.35): a batch copy of the table would drop the tally
    # triggers that name it.
    op.drop_column("violations", "alternative")
