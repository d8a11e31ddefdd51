"""fieldwork: former address levels, the list index, constraints behind the forms

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 05:34:16.199563

Generated with Alembic autogenerate (see inspector.store.migrate); the CHECK constraints, which
autogenerate does not compare, were added by hand from the models.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            "uq_attachments_owner_file", ["owner_type", "owner_id", "sha256"]
        )
        batch_op.create_check_constraint(
            op.f("ck_attachments_owner_type"),
            "owner_type IN ('visit', 'violation', 'case', 'seized_item', 'establishment', "
            "'inspection')",
        )
        batch_op.create_check_constraint(
            op.f("ck_attachments_mime_type"),
            "mime_type IN ('image/jpeg', 'image/png', 'application/pdf')",
        )

    with op.batch_alter_table("establishments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("former_commune_name", sa.String(length=120), nullable=True))
        batch_op.add_column(
            sa.Column("former_province_name", sa.String(length=120), nullable=True)
        )
        batch_op.drop_index(batch_op.f("ix_establishments_name_sort"))
        batch_op.create_index(
            batch_op.f("ix_establishments_commune_code"), ["commune_code"], unique=False
        )
        batch_op.create_index(
            "ix_establishments_list",
            ["name_sort", "search_text", "sector", "commune_code"],
            unique=False,
        )
        batch_op.create_check_constraint(op.f("ck_establishments_name"), "name <> ''")

    with op.batch_alter_table("inspection_members", schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_inspection_members_role"),
            "role IN ('head', 'deputy_head', 'member', 'secretary', 'liaison')",
        )

    with op.batch_alter_table("inspection_plans", schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_inspection_plans_year"), "year BETWEEN 2000 AND 2100"
        )

    with op.batch_alter_table("licences", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            "uq_licences_number", ["establishment_id", "kind", "number"]
        )
        batch_op.create_check_constraint(
            op.f("ck_licences_filled"), "kind <> '' AND number <> ''"
        )

    with op.batch_alter_table("seized_items", schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f("ck_seized_items_disposal_date"),
            "(disposal = 'held' AND disposal_date IS NULL) "
            "OR (disposal <> 'held' AND disposal_date IS NOT NULL)",
        )
        batch_op.create_check_constraint(op.f("ck_seized_items_unit"), "unit <> ''")

    with op.batch_alter_table("violations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("copies", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_violations_reference_date"),
            "CASE WHEN ongoing THEN discovered_on IS NOT NULL ELSE ended_on IS NOT NULL END",
        )
        batch_op.create_check_constraint(
            op.f("ck_violations_dates_order"),
            "ended_on IS NULL OR discovered_on IS NULL OR ended_on <= discovered_on",
        )
        batch_op.create_check_constraint(
            op.f("ck_violations_warning_amount"), "NOT warning OR amount = 0"
        )
        batch_op.create_check_constraint(
            op.f("ck_violations_copies"), "copies IS NULL OR copies > 0"
        )

    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            "uq_visits_establishment_day", ["inspection_id", "establishment_id", "visit_date"]
        )


def downgrade() -> None:
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_constraint("uq_visits_establishment_day", type_="unique")

    with op.batch_alter_table("violations", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_violations_copies"), type_="check")
        batch_op.drop_constraint(op.f("ck_violations_warning_amount"), type_="check")
        batch_op.drop_constraint(op.f("ck_violations_dates_order"), type_="check")
        batch_op.drop_constraint(op.f("ck_violations_reference_date"), type_="check")
        batch_op.drop_column("copies")

    with op.batch_alter_table("seized_items", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_seized_items_unit"), type_="check")
        batch_op.drop_constraint(op.f("ck_seized_items_disposal_date"), type_="check")

    with op.batch_alter_table("licences", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_licences_filled"), type_="check")
        batch_op.drop_constraint("uq_licences_number", type_="unique")

    with op.batch_alter_table("inspection_plans", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_inspection_plans_year"), type_="check")

    with op.batch_alter_table("inspection_members", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_inspection_members_role"), type_="check")

    with op.batch_alter_table("establishments", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_establishments_name"), type_="check")
        batch_op.drop_index("ix_establishments_list")
        batch_op.drop_index(batch_op.f("ix_establishments_commune_code"))
        batch_op.create_index(
            batch_op.f("ix_establishments_name_sort"), ["name_sort"], unique=False
        )
        batch_op.drop_column("former_province_name")
        batch_op.drop_column("former_commune_name")

    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_attachments_mime_type"), type_="check")
        batch_op.drop_constraint(op.f("ck_attachments_owner_type"), type_="check")
        batch_op.drop_constraint("uq_attachments_owner_file", type_="unique")
