"""field work, register, drafts, complaints

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 05:26:11.369784
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _upgrade_schema()
    _fill_name_sort()


def _upgrade_schema() -> None:

    op.create_table(
        "complaints",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("sender", sa.String(length=250), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("resolved_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('complaint', 'denunciation', 'petition')", name=op.f("ck_complaints_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
    )
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_complaints_received_on"), ["received_on"], unique=False
        )

    op.create_table(
        "drafts",
        sa.Column("user_login", sa.String(length=60), nullable=False),
        sa.Column("form", sa.String(length=40), nullable=False),
        sa.Column("record_key", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=250), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_drafts")),
        sa.UniqueConstraint("user_login", "form", "record_key", name="uq_drafts_form"),
    )
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_drafts_user_login"), ["user_login"], unique=False)

    op.create_table(
        "document_numbers",
        sa.Column("agency_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("document_id", sa.Uuid(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status = 'used' OR reason <> ''", name=op.f("ck_document_numbers_skip_reason")
        ),
        sa.CheckConstraint(
            "status IN ('used', 'skipped')", name=op.f("ck_document_numbers_status")
        ),
        sa.CheckConstraint("number > 0", name=op.f("ck_document_numbers_number")),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agency_settings.id"],
            name=op.f("fk_document_numbers_agency_id_agency_settings"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_numbers")),
        sa.UniqueConstraint(
            "agency_id", "year", "kind", "number", name="uq_document_numbers_number"
        ),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("explanation", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("transferred_to", sa.String(length=250), nullable=True))
        batch_op.add_column(sa.Column("transferred_on", sa.Date(), nullable=True))

    with op.batch_alter_table("establishments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("name_sort", sa.String(length=600), nullable=False, server_default="")
        )
        batch_op.create_index(
            batch_op.f("ix_establishments_name_sort"), ["name_sort"], unique=False
        )

    with op.batch_alter_table("sanction_decisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pdf", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("deferred_until", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("instalments", sa.JSON(), nullable=False, server_default="[]")
        )

    with op.batch_alter_table("seized_items", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("condition", sa.String(length=250), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("titles", sa.JSON(), nullable=False, server_default="[]"))

    with op.batch_alter_table("violation_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pdf", sa.LargeBinary(), nullable=True))


def _fill_name_sort() -> None:
    """Existing establishments get their Vietnamese sort key (computed in Python)."""
    from inspector.domain.text import sort_text

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, name FROM establishments")).fetchall()
    if rows:
        conn.execute(
            sa.text("UPDATE establishments SET name_sort = :s WHERE id = :i"),
            [{"s": sort_text(name), "i": id_} for id_, name in rows],
        )


def downgrade() -> None:

    with op.batch_alter_table("violation_records", schema=None) as batch_op:
        batch_op.drop_column("pdf")

    with op.batch_alter_table("seized_items", schema=None) as batch_op:
        batch_op.drop_column("titles")
        batch_op.drop_column("condition")

    with op.batch_alter_table("sanction_decisions", schema=None) as batch_op:
        batch_op.drop_column("instalments")
        batch_op.drop_column("deferred_until")
        batch_op.drop_column("pdf")

    with op.batch_alter_table("establishments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_establishments_name_sort"))
        batch_op.drop_column("name_sort")

    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_column("transferred_on")
        batch_op.drop_column("transferred_to")
        batch_op.drop_column("explanation")

    op.drop_table("document_numbers")
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_drafts_user_login"))

    op.drop_table("drafts")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaints_received_on"))

    op.drop_table("complaints")
