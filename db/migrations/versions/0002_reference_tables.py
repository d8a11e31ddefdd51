"""reference tables

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 05:18:37.072605
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "ref_circumstances",
        sa.Column("natural_key", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ref_circumstances")),
        sa.UniqueConstraint("natural_key", name=op.f("uq_ref_circumstances_natural_key")),
    )
    op.create_table(
        "ref_holidays",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ref_holidays")),
        sa.UniqueConstraint("day", name=op.f("uq_ref_holidays_day")),
    )
    op.create_table(
        "ref_instruments",
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("effective_until", sa.Date(), nullable=True),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ref_instruments")),
        sa.UniqueConstraint("number", name=op.f("uq_ref_instruments_number")),
    )
    op.create_table(
        "ref_procedure_rules",
        sa.Column("natural_key", sa.String(length=120), nullable=False),
        sa.Column("rule", sa.String(length=80), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ref_procedure_rules")),
        sa.UniqueConstraint("natural_key", name=op.f("uq_ref_procedure_rules_natural_key")),
    )
    with op.batch_alter_table("ref_procedure_rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ref_procedure_rules_rule"), ["rule"], unique=False)

    op.create_table(
        "ref_provisions",
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("instrument", sa.String(length=60), nullable=False),
        sa.Column("sector", sa.String(length=20), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("effective_until", sa.Date(), nullable=True),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ref_provisions")),
        sa.UniqueConstraint("key", name=op.f("uq_ref_provisions_key")),
    )
    with op.batch_alter_table("ref_provisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ref_provisions_instrument"), ["instrument"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_ref_provisions_sector"), ["sector"], unique=False)

    op.create_table(
        "ref_signer_caps",
        sa.Column("natural_key", sa.String(length=200), nullable=False),
        sa.Column("title_code", sa.String(length=60), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ref_signer_caps")),
        sa.UniqueConstraint("natural_key", name=op.f("uq_ref_signer_caps_natural_key")),
    )
    with op.batch_alter_table("ref_signer_caps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_ref_signer_caps_title_code"), ["title_code"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("ref_signer_caps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ref_signer_caps_title_code"))

    op.drop_table("ref_signer_caps")
    with op.batch_alter_table("ref_provisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ref_provisions_sector"))
        batch_op.drop_index(batch_op.f("ix_ref_provisions_instrument"))

    op.drop_table("ref_provisions")
    with op.batch_alter_table("ref_procedure_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ref_procedure_rules_rule"))

    op.drop_table("ref_procedure_rules")
    op.drop_table("ref_instruments")
    op.drop_table("ref_holidays")
    op.drop_table("ref_circumstances")
