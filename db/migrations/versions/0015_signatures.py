"""signatures: the digital signatures on a decision's stored PDF

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 06:40:00

Why: a decision may now be signed digitally (PAdES) by its signer and then by the agency; the
signed PDF replaces the stored one (``sanction_decisions.pdf`` and its SHA-256). Each signature
keeps the certificate's identity (subject, serial, issuer) and its SHA-256 fingerprint, the time
it was made and the SHA-256 of the PDF it produced — never a key, a PIN or the certificate.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decision_signatures",
        sa.Column("decision_id", sa.Uuid(), nullable=False),
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
                           name=op.f("ck_decision_signatures_role")),
        sa.ForeignKeyConstraint(["decision_id"], ["sanction_decisions.id"],
                                name=op.f("fk_decision_signatures_decision_id_sanction_decisions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_signatures")),
        sa.UniqueConstraint("decision_id", "role", name="uq_decision_signatures_role"),
    )
    op.create_index(op.f("ix_decision_signatures_decision_id"), "decision_signatures",
                    ["decision_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_decision_signatures_decision_id"), table_name="decision_signatures")
    op.drop_table("decision_signatures")
