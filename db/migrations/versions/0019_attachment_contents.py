"""attachment contents: evidence files kept in a server's database

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 12:40:00

Why: issue 13 asks that on the department server "attachments are stored where every client
reaches them (in the database, not on one laptop's disk)". The bytes are keyed by their SHA-256,
the key the attachment rows already carry. A laptop's SQLite register leaves the table empty and
keeps its files beside the database, as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachment_contents",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("size_bytes > 0", name=op.f("ck_attachment_contents_size")),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_attachment_contents")),
    )


def downgrade() -> None:
    op.drop_table("attachment_contents")
