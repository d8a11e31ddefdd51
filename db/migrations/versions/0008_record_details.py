"""record details: what happened when the violation record (MBB01) was made

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 01:30:00

Why: the record used to be printed from the case alone, so its time was always "09 giờ 00
phút", the closing time blank, no maker, no witness, no statement. Those facts are entered by
the inspector when the record is made; they are stored with the record so that the issued PDF
can be checked against them and a draft can be resumed.

* ``made_at`` / ``closed_at``: the local time the record was opened and closed (wall-clock
  time at the place, as the record prints it; no time zone);
* ``details``: the rest as JSON (place, makers with titles, bases, witnesses, commune
  representatives, interpreter, injured party, statements, refusal and its reason, preventive
  measures taken, summons) — see ``inspector.services.violation_records.RecordDetails``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("violation_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("made_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("details", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("violation_records", schema=None) as batch_op:
        batch_op.drop_column("details")
        batch_op.drop_column("closed_at")
        batch_op.drop_column("made_at")
