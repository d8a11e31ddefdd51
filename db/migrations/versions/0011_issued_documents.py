"""issued documents: seizure records, checking records, reminder and transfer letters

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-02 01:30:00

Why: only decisions and violation records were numbered and kept; the other documents the
inspectorate issues (MBB15, the checking record without violation, the reminder letter, the
transfer letter) were printed and forgotten. They are now numbered in their register and
stored frozen with their SHA-256, like a decision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "issued_documents",
        sa.Column("agency_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("register", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("number_text", sa.String(length=60), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("visit_id", sa.Uuid(), nullable=True),
        sa.Column("title", sa.String(length=250), nullable=False),
        sa.Column("signer_name", sa.String(length=120), nullable=True),
        sa.Column("signer_title", sa.String(length=200), nullable=True),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('seizure', 'no_violation', 'reminder', 'transfer')",
            name=op.f("ck_issued_documents_kind")),
        sa.CheckConstraint("number > 0", name=op.f("ck_issued_documents_number")),
        sa.ForeignKeyConstraint(["agency_id"], ["agency_settings.id"],
                                name=op.f("fk_issued_documents_agency_id_agency_settings")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name=op.f("fk_issued_documents_case_id_cases")),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"],
                                name=op.f("fk_issued_documents_visit_id_visits")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_documents")),
        sa.UniqueConstraint("agency_id", "year", "register", "number",
                            name="uq_issued_documents_number"),
    )
    with op.batch_alter_table("issued_documents") as batch:
        batch.create_index(batch.f("ix_issued_documents_year"), ["year"], unique=False)
        batch.create_index(batch.f("ix_issued_documents_case_id"), ["case_id"], unique=False)
        batch.create_index(batch.f("ix_issued_documents_visit_id"), ["visit_id"], unique=False)


def downgrade() -> None:
    op.drop_table("issued_documents")
