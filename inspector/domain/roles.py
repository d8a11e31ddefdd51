"""Roles and what each may do.

The service layer checks these before every use case, so the GUI, the CLI and any import path
obey the same rules; the GUI only hides what a role cannot do.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    INSPECTOR = "inspector"
    CHIEF = "chief"
    CLERK = "clerk"
    ADMIN = "admin"


class Permission(StrEnum):
    VIEW = "view"
    EDIT_FIELD_WORK = "edit_field_work"  # establishments, inspections, visits, violations
    ISSUE_DECISIONS = "issue_decisions"  # prepare, issue, print decisions; record payments
    RECORD_PAYMENTS = "record_payments"  # deliveries and payments after issue
    SIGN_AS_AGENCY = "sign_as_agency"  # the agency's digital signature (the seal) on a decision
    EXPORT_TALLIES = "export_tallies"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    MANAGE_CATALOG = "manage_catalog"
    MAINTAIN_DATABASE = "maintain_database"


ROLE_LABELS_VI: dict[Role, str] = {
    Role.INSPECTOR: "Thanh tra viên",
    Role.CHIEF: "Người ra quyết định",
    Role.CLERK: "Văn thư - thống kê",
    Role.ADMIN: "Quản trị",
}

_ALL = frozenset(Permission)
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.INSPECTOR: frozenset({Permission.VIEW, Permission.EDIT_FIELD_WORK}),
    Role.CHIEF: frozenset(
        {Permission.VIEW, Permission.EDIT_FIELD_WORK, Permission.ISSUE_DECISIONS,
         Permission.RECORD_PAYMENTS, Permission.EXPORT_TALLIES}
    ),
    # The clerk keeps the seal (Decree 30/2020: văn thư) and so the agency's certificate.
    Role.CLERK: frozenset({Permission.VIEW, Permission.EXPORT_TALLIES,
                           Permission.RECORD_PAYMENTS, Permission.SIGN_AS_AGENCY}),
    Role.ADMIN: _ALL - {Permission.ISSUE_DECISIONS},
}


def can(role: str, permission: Permission) -> bool:
    try:
        return permission in ROLE_PERMISSIONS[Role(role)]
    except ValueError:
        return False
