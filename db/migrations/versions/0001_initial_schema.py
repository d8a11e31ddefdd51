"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28 05:14:11.052229
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "agency_settings",
        sa.Column("superior_agency", sa.String(length=200), nullable=False),
        sa.Column("agency_name", sa.String(length=200), nullable=False),
        sa.Column("agency_short", sa.String(length=40), nullable=False),
        sa.Column("place_name", sa.String(length=100), nullable=False),
        sa.Column("province_code", sa.String(length=3), nullable=False),
        sa.Column("treasury_account", sa.String(length=100), nullable=False),
        sa.Column("treasury_name", sa.String(length=200), nullable=False),
        sa.Column("record_suffix", sa.String(length=40), nullable=False),
        sa.Column("decision_suffix", sa.String(length=40), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_settings")),
    )
    op.create_table(
        "attachments",
        sa.Column("owner_type", sa.String(length=30), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("mime_type", sa.String(length=60), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("original_name", sa.String(length=250), nullable=False),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("size_bytes >= 0", name=op.f("ck_attachments_size")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachments_owner_id"), ["owner_id"], unique=False)

    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_login", sa.String(length=60), nullable=False),
        sa.Column("device", sa.String(length=120), nullable=False),
        sa.Column("entity", sa.String(length=60), nullable=False),
        sa.Column("entity_id", sa.String(length=40), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_entity_id"), ["entity_id"], unique=False)

    op.create_table(
        "establishments",
        sa.Column("sector", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=250), nullable=False),
        sa.Column("owner_kind", sa.String(length=20), nullable=False),
        sa.Column("owner_name", sa.String(length=120), nullable=True),
        sa.Column("owner_sex", sa.String(length=1), nullable=True),
        sa.Column("owner_birth_date", sa.Date(), nullable=True),
        sa.Column("owner_nationality", sa.String(length=60), nullable=True),
        sa.Column("owner_occupation", sa.String(length=120), nullable=True),
        sa.Column("owner_residence", sa.String(length=250), nullable=True),
        sa.Column("owner_id_number", sa.String(length=12), nullable=True),
        sa.Column("owner_id_issued_on", sa.Date(), nullable=True),
        sa.Column("owner_id_issued_by", sa.String(length=200), nullable=True),
        sa.Column("household_registration_no", sa.String(length=40), nullable=True),
        sa.Column("enterprise_code", sa.String(length=14), nullable=True),
        sa.Column("head_office", sa.String(length=250), nullable=True),
        sa.Column("representative_name", sa.String(length=120), nullable=True),
        sa.Column("representative_title", sa.String(length=120), nullable=True),
        sa.Column("address_line", sa.String(length=250), nullable=False),
        sa.Column("commune_code", sa.String(length=10), nullable=True),
        sa.Column("commune_name", sa.String(length=120), nullable=False),
        sa.Column("former_district", sa.String(length=120), nullable=True),
        sa.Column("province_name", sa.String(length=120), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "owner_kind IN ('individual', 'household', 'organization')",
            name=op.f("ck_establishments_owner_kind"),
        ),
        sa.CheckConstraint(
            "owner_sex IS NULL OR owner_sex IN ('M', 'F')", name=op.f("ck_establishments_owner_sex")
        ),
        sa.CheckConstraint(
            "sector IN ('internet', 'game', 'ict_goods', 'printing', 'distribution', 'telecom', 'publishing')",
            name=op.f("ck_establishments_sector"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_establishments")),
    )
    with op.batch_alter_table("establishments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_establishments_enterprise_code"), ["enterprise_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_establishments_owner_id_number"), ["owner_id_number"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_establishments_sector"), ["sector"], unique=False)

    op.create_table(
        "inspection_plans",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("approval_number", sa.String(length=60), nullable=True),
        sa.Column("approval_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_plans")),
    )
    with op.batch_alter_table("inspection_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspection_plans_year"), ["year"], unique=False)

    op.create_table(
        "users",
        sa.Column("login", sa.String(length=60), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("password_hash", sa.String(length=300), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "role IN ('inspector', 'chief', 'clerk', 'admin')", name=op.f("ck_users_role")
        ),
        sa.CheckConstraint("failed_attempts >= 0", name=op.f("ck_users_failed_attempts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("login", name=op.f("uq_users_login")),
    )
    op.create_table(
        "inspections",
        sa.Column("plan_id", sa.Uuid(), nullable=True),
        sa.Column("mode", sa.String(length=12), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("sector", sa.String(length=20), nullable=True),
        sa.Column("decision_number", sa.String(length=60), nullable=True),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("participating_agencies", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('scheduled', 'unscheduled', 'thematic', 'interdisciplinary')",
            name=op.f("ck_inspections_kind"),
        ),
        sa.CheckConstraint("mode IN ('thanh_tra', 'kiem_tra')", name=op.f("ck_inspections_mode")),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date", name=op.f("ck_inspections_period")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["inspection_plans.id"],
            name=op.f("fk_inspections_plan_id_inspection_plans"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspections")),
    )
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inspections_start_date"), ["start_date"], unique=False)

    op.create_table(
        "licences",
        sa.Column("establishment_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=120), nullable=False),
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("issuer", sa.String(length=200), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "valid_until IS NULL OR issued_on IS NULL OR valid_until >= issued_on",
            name=op.f("ck_licences_dates"),
        ),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishments.id"],
            name=op.f("fk_licences_establishment_id_establishments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_licences")),
    )
    with op.batch_alter_table("licences", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_licences_establishment_id"), ["establishment_id"], unique=False
        )

    op.create_table(
        "signers",
        sa.Column("agency_id", sa.Uuid(), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("title_code", sa.String(length=60), nullable=False),
        sa.Column("is_deputy", sa.Boolean(), nullable=False),
        sa.Column("delegation_number", sa.String(length=60), nullable=True),
        sa.Column("delegation_date", sa.Date(), nullable=True),
        sa.Column("delegation_summary", sa.Text(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency_settings.id"], name=op.f("fk_signers_agency_id_agency_settings")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signers")),
    )
    op.create_table(
        "inspection_members",
        sa.Column("inspection_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=60), nullable=False),
        sa.Column("agency", sa.String(length=200), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspections.id"],
            name=op.f("fk_inspection_members_inspection_id_inspections"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_inspection_members_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection_members")),
    )
    with op.batch_alter_table("inspection_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspection_members_inspection_id"), ["inspection_id"], unique=False
        )

    op.create_table(
        "visits",
        sa.Column("inspection_id", sa.Uuid(), nullable=False),
        sa.Column("establishment_id", sa.Uuid(), nullable=False),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("outcome", sa.String(length=12), nullable=False),
        sa.Column("checklist", sa.JSON(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('pending', 'compliant', 'reminded', 'violations')",
            name=op.f("ck_visits_outcome"),
        ),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishments.id"],
            name=op.f("fk_visits_establishment_id_establishments"),
        ),
        sa.ForeignKeyConstraint(
            ["inspection_id"], ["inspections.id"], name=op.f("fk_visits_inspection_id_inspections")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
    )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_visits_establishment_id"), ["establishment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_visits_inspection_id"), ["inspection_id"], unique=False
        )

    op.create_table(
        "cases",
        sa.Column("visit_id", sa.Uuid(), nullable=True),
        sa.Column("establishment_id", sa.Uuid(), nullable=True),
        sa.Column("subject_kind", sa.String(length=12), nullable=False),
        sa.Column("violator", sa.JSON(), nullable=False),
        sa.Column("sector", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("complex_case", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'recorded', 'explanation', 'transferred', 'decided', 'delivered', 'paid', 'partly_paid', 'deferred', 'overdue', 'enforced', 'closed', 'reminded', 'cancelled')",
            name=op.f("ck_cases_status"),
        ),
        sa.CheckConstraint(
            "subject_kind IN ('individual', 'organization')", name=op.f("ck_cases_subject_kind")
        ),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishments.id"],
            name=op.f("fk_cases_establishment_id_establishments"),
        ),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], name=op.f("fk_cases_visit_id_visits")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cases_establishment_id"), ["establishment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_cases_opened_on"), ["opened_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_cases_visit_id"), ["visit_id"], unique=False)

    op.create_table(
        "sanction_decisions",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("agency_id", sa.Uuid(), nullable=False),
        sa.Column("form", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("number_text", sa.String(length=60), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("signer_name", sa.String(length=120), nullable=True),
        sa.Column("signer_title", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("total_amount", sa.Integer(), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=True),
        sa.Column("amends_id", sa.Uuid(), nullable=True),
        sa.Column("amendment_kind", sa.String(length=20), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'issued', 'delivered', 'paid', 'partly_paid', 'overdue', 'enforced', 'cancelled', 'amended')",
            name=op.f("ck_sanction_decisions_status"),
        ),
        sa.CheckConstraint(
            "number IS NULL OR number > 0", name=op.f("ck_sanction_decisions_number")
        ),
        sa.CheckConstraint("total_amount >= 0", name=op.f("ck_sanction_decisions_total_amount")),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agency_settings.id"],
            name=op.f("fk_sanction_decisions_agency_id_agency_settings"),
        ),
        sa.ForeignKeyConstraint(
            ["amends_id"],
            ["sanction_decisions.id"],
            name=op.f("fk_sanction_decisions_amends_id_sanction_decisions"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_sanction_decisions_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sanction_decisions")),
        sa.UniqueConstraint("agency_id", "year", "number", name="uq_sanction_decisions_number"),
    )
    with op.batch_alter_table("sanction_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sanction_decisions_case_id"), ["case_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_sanction_decisions_issued_on"), ["issued_on"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_sanction_decisions_year"), ["year"], unique=False)

    op.create_table(
        "violation_records",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("agency_id", sa.Uuid(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("number_text", sa.String(length=60), nullable=True),
        sa.Column("made_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "number IS NULL OR number > 0", name=op.f("ck_violation_records_number")
        ),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agency_settings.id"],
            name=op.f("fk_violation_records_agency_id_agency_settings"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_violation_records_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_violation_records")),
        sa.UniqueConstraint("agency_id", "year", "number", name="uq_violation_records_number"),
    )
    with op.batch_alter_table("violation_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_violation_records_case_id"), ["case_id"], unique=False)

    op.create_table(
        "violations",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("provision_key", sa.String(length=60), nullable=False),
        sa.Column("ongoing", sa.Boolean(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("discovered_on", sa.Date(), nullable=True),
        sa.Column("facts", sa.Text(), nullable=False),
        sa.Column("mitigating", sa.JSON(), nullable=False),
        sa.Column("aggravating", sa.JSON(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("amount_reason", sa.Text(), nullable=False),
        sa.Column("warning", sa.Boolean(), nullable=False),
        sa.Column("titles", sa.JSON(), nullable=False),
        sa.Column("additional_sanctions", sa.JSON(), nullable=False),
        sa.Column("remedial_measures", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_violations_amount")),
        sa.CheckConstraint(
            "ended_on IS NOT NULL OR discovered_on IS NOT NULL", name=op.f("ck_violations_dated")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_violations_case_id_cases"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_violations")),
    )
    with op.batch_alter_table("violations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_violations_case_id"), ["case_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_violations_provision_key"), ["provision_key"], unique=False
        )

    op.create_table(
        "payments",
        sa.Column("decision_id", sa.Uuid(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("receipt_number", sa.String(length=60), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_payments_amount")),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["sanction_decisions.id"],
            name=op.f("fk_payments_decision_id_sanction_decisions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
    )
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payments_decision_id"), ["decision_id"], unique=False)

    op.create_table(
        "seized_items",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("violation_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=30), nullable=False),
        sa.Column("value", sa.Integer(), nullable=True),
        sa.Column("kept_at", sa.String(length=250), nullable=False),
        sa.Column("disposal", sa.String(length=12), nullable=False),
        sa.Column("disposal_date", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "disposal IN ('held', 'confiscated', 'returned', 'destroyed')",
            name=op.f("ck_seized_items_disposal"),
        ),
        sa.CheckConstraint("quantity >= 0", name=op.f("ck_seized_items_quantity")),
        sa.CheckConstraint("value IS NULL OR value >= 0", name=op.f("ck_seized_items_value")),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_seized_items_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["violation_id"],
            ["violations.id"],
            name=op.f("fk_seized_items_violation_id_violations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_seized_items")),
    )
    with op.batch_alter_table("seized_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_seized_items_case_id"), ["case_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("seized_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_seized_items_case_id"))

    op.drop_table("seized_items")
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payments_decision_id"))

    op.drop_table("payments")
    with op.batch_alter_table("violations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_violations_provision_key"))
        batch_op.drop_index(batch_op.f("ix_violations_case_id"))

    op.drop_table("violations")
    with op.batch_alter_table("violation_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_violation_records_case_id"))

    op.drop_table("violation_records")
    with op.batch_alter_table("sanction_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sanction_decisions_year"))
        batch_op.drop_index(batch_op.f("ix_sanction_decisions_issued_on"))
        batch_op.drop_index(batch_op.f("ix_sanction_decisions_case_id"))

    op.drop_table("sanction_decisions")
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cases_visit_id"))
        batch_op.drop_index(batch_op.f("ix_cases_opened_on"))
        batch_op.drop_index(batch_op.f("ix_cases_establishment_id"))

    op.drop_table("cases")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_visits_inspection_id"))
        batch_op.drop_index(batch_op.f("ix_visits_establishment_id"))

    op.drop_table("visits")
    with op.batch_alter_table("inspection_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_members_inspection_id"))

    op.drop_table("inspection_members")
    op.drop_table("signers")
    with op.batch_alter_table("licences", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_licences_establishment_id"))

    op.drop_table("licences")
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspections_start_date"))

    op.drop_table("inspections")
    op.drop_table("users")
    with op.batch_alter_table("inspection_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_plans_year"))

    op.drop_table("inspection_plans")
    with op.batch_alter_table("establishments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_establishments_sector"))
        batch_op.drop_index(batch_op.f("ix_establishments_owner_id_number"))
        batch_op.drop_index(batch_op.f("ix_establishments_enterprise_code"))

    op.drop_table("establishments")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_entity_id"))

    op.drop_table("audit_log")
    op.drop_table("audit_head")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_owner_id"))

    op.drop_table("attachments")
    op.drop_table("agency_settings")
