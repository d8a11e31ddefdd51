"""bundles: devices, imported bundles, per-record sync state and reserved number blocks

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 01:10:00

Why: laptops work offline and meet the register through packages (issue 13). The register must
know which bundles it has imported (a second import changes nothing), what each laptop last saw
of every record (a record changed on both sides is a conflict, never an overwrite), where an
imported record came from, and which violation-record numbers it reserved for which laptop.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _entity() -> list[sa.Column]:  # type: ignore[type-arg]
    return [sa.Column("id", sa.Uuid(), nullable=False),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=False),
            sa.Column("version", sa.Integer(), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "sync_devices", *_entity(),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("is_self", sa.Boolean(), nullable=False),
        sa.Column("is_register", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=250), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sync_devices"),
        sa.UniqueConstraint("name", name="uq_sync_devices_name"),
    )
    op.create_table(
        "sync_bundles",
        sa.Column("bundle_id", sa.Uuid(), nullable=False),
        sa.Column("direction", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("source_device", sa.String(length=120), nullable=False),
        sa.Column("target_device", sa.String(length=120), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("processed_at", sa.DateTime(), nullable=False),
        sa.Column("user_login", sa.String(length=60), nullable=False),
        sa.Column("manifest_sha256", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.CheckConstraint("direction IN ('in', 'out')", name="ck_sync_bundles_direction"),
        sa.CheckConstraint("kind IN ('laptop', 'register')", name="ck_sync_bundles_kind"),
        sa.PrimaryKeyConstraint("bundle_id", name="pk_sync_bundles"),
    )
    op.create_table(
        "sync_records",
        sa.Column("peer", sa.String(length=120), nullable=False),
        sa.Column("entity", sa.String(length=60), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("peer_digest", sa.String(length=64), nullable=False),
        sa.Column("local_digest", sa.String(length=64), nullable=False),
        sa.Column("source_device", sa.String(length=120), nullable=True),
        sa.Column("bundle_id", sa.Uuid(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("peer", "entity", "record_id", name="pk_sync_records"),
    )
    op.create_table(
        "sync_number_blocks", *_entity(),
        sa.Column("device", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("first_number", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.CheckConstraint("first_number > 0 AND last_number >= first_number",
                           name="ck_sync_number_blocks_range"),
        sa.PrimaryKeyConstraint("id", name="pk_sync_number_blocks"),
        sa.UniqueConstraint("kind", "year", "first_number", name="uq_sync_number_blocks_first"),
    )
    op.create_index("ix_sync_number_blocks_device", "sync_number_blocks", ["device"])


def downgrade() -> None:
    op.drop_index("ix_sync_number_blocks_device", table_name="sync_number_blocks")
    for table in ("sync_number_blocks", "sync_records", "sync_bundles", "sync_devices"):
        op.drop_table(table)
