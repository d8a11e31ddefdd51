"""representative sex: the sex of an organisation's legal representative

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 22:05:00

Why: the decision form (MQĐ02) and the violation record (MBB01) print "Giới tính" beside the
organisation's legal representative; the registry kept the name and the title but not the sex,
so every organisation's document printed dots there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


_CHECK = "representative_sex IS NULL OR representative_sex IN ('M', 'F')"


def upgrade() -> None:
    # SQLite: a plain ADD COLUMN with its CHECK; a batch copy of the table would break the tally
    # triggers that read it (they name main.establishments).
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE establishments ADD COLUMN representative_sex VARCHAR(1) "
                   f"CONSTRAINT ck_establishments_representative_sex CHECK ({_CHECK})")
    else:
        op.add_column("establishments",
                      sa.Column("representative_sex", sa.String(length=1), nullable=True))
        op.create_check_constraint(op.f("ck_establishments_representative_sex"), "establishments",
                                   _CHECK)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("ck_establishments_representative_sex"), "establishments",
                           type_="check")
    op.drop_column("establishments", "representative_sex")
