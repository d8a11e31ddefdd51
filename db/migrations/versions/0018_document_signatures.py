"""document signatures: digital signatures on the issued letters

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 11:40:00

Why: issue 14 signs "the decision and the other issued documents". The reminder and transfer
letters are signed by one person in the agency's name, like a decision; their signatures are
recorded as the decisions' are (the certificate's identity and fingerprint only).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_signatures",
        sa.Column("document_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("serial", sa.String(length=100), nullable=False),
        sa.Column("issuer", sa.String(length=500), nullable=False),
        sa.Column("fingerprint_sha256", sa.String(length=64), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("role IN ('signer', 'agency')",
                           name=op.f("ck_document_signatures_role")),
        sa.ForeignKeyConstraint(["document_id"], ["issued_documents.id"],
                                name=op.f("fk_document_signatures_document_id_issued_documents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_signatures")),
        sa.UniqueConstraint("document_id", "role", name="uq_document_signatures_role"),
    )
    op.create_index(op.f("ix_document_signatures_document_id"), "document_signatures",
                    ["document_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_document_signatures_document_id"), table_name="document_signatures")
    op.drop_table("document_signatures")
