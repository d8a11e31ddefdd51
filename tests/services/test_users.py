"""Accounts: hashing, login, lockout and permission checks in the service layer."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from inspector.services.actor import Actor
from inspector.services.errors import AuthError, ConflictError, PermissionDenied, ValidationError
from inspector.services.users import (
    MAX_FAILED_ATTEMPTS,
    add_user,
    authenticate,
    create_first_admin,
    list_users,
    set_password,
)
from inspector.store.engine import Database
from inspector.store.models import AuditEntry, User
from tests.conftest import make_actor


def test_first_admin_then_login(db: Database) -> None:
    """The first run creates an administrator who can then log in."""
    create_first_admin(db, "admin", "Nông Văn Quản", "mat-khau-1")
    actor = authenticate(db, "admin", "mat-khau-1")
    assert actor.role == "admin" and actor.full_name == "Nông Văn Quản"


def test_first_admin_refused_once_accounts_exist(db: Database) -> None:
    """A second 'first administrator' cannot be created behind the existing accounts."""
    create_first_admin(db, "admin", "Quản trị", "mat-khau-1")
    with pytest.raises(ConflictError):
        create_first_admin(db, "admin2", "Kẻ khác", "mat-khau-2")


def test_password_is_stored_hashed_with_scrypt(db: Database, operator: Actor) -> None:
    """The database holds an scrypt hash, never the password; the audit trail masks it."""
    add_user(db, operator, "lan", "Hoàng Thị Lan", "inspector", "bi-mat-123")
    with db.sessions() as s:
        stored = s.scalar(select(User.password_hash).where(User.login == "lan"))
        trail = " ".join(s.scalars(select(AuditEntry.changes)))
    assert stored is not None and stored.startswith("scrypt$") and "bi-mat-123" not in stored
    assert "bi-mat-123" not in trail and stored not in trail


def test_wrong_password_refused(db: Database, operator: Actor) -> None:
    """A wrong password is refused with the same message as an unknown login."""
    add_user(db, operator, "lan", "Hoàng Thị Lan", "inspector", "bi-mat-123")
    with pytest.raises(AuthError) as wrong:
        authenticate(db, "lan", "sai-mat-khau")
    with pytest.raises(AuthError) as unknown:
        authenticate(db, "khong-co", "sai-mat-khau")
    assert wrong.value.vi == unknown.value.vi


def test_lockout_after_repeated_failures(db: Database, operator: Actor) -> None:
    """After MAX_FAILED_ATTEMPTS wrong passwords even the right one is refused for a while."""
    add_user(db, operator, "lan", "Hoàng Thị Lan", "inspector", "bi-mat-123")
    for _ in range(MAX_FAILED_ATTEMPTS):
        with pytest.raises(AuthError):
            authenticate(db, "lan", "sai")
    with pytest.raises(AuthError) as info:
        authenticate(db, "lan", "bi-mat-123")
    assert "khóa" in info.value.vi


def test_admin_reset_unlocks(db: Database, operator: Actor) -> None:
    """An administrator's password reset clears the lock."""
    add_user(db, operator, "lan", "Hoàng Thị Lan", "inspector", "bi-mat-123")
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE users SET locked_until = '2999-01-01 00:00:00'"))
    set_password(db, operator, "lan", "mat-khau-moi")
    assert authenticate(db, "lan", "mat-khau-moi").login == "lan"


@pytest.mark.parametrize("role", ["inspector", "chief", "clerk"])
def test_only_admin_manages_users(db: Database, role: str) -> None:
    """Adding accounts is refused in the service layer for every role but administrator."""
    with pytest.raises(PermissionDenied):
        add_user(db, make_actor(role), "x1", "Người X", "clerk", "mat-khau-1")


def test_user_cannot_reset_someone_elses_password(db: Database, operator: Actor) -> None:
    """A non-administrator may change only their own password."""
    add_user(db, operator, "lan", "Hoàng Thị Lan", "inspector", "bi-mat-123")
    add_user(db, operator, "minh", "Lê Văn Minh", "inspector", "bi-mat-456")
    lan = authenticate(db, "lan", "bi-mat-123")
    set_password(db, lan, "lan", "mat-khau-moi")
    with pytest.raises(PermissionDenied):
        set_password(db, lan, "minh", "mat-khau-moi")


@pytest.mark.parametrize(
    ("login", "name", "role", "password", "field"),
    [
        ("Lan Anh", "Lan", "inspector", "mat-khau-1", "login"),
        ("lan", "  ", "inspector", "mat-khau-1", "full_name"),
        ("lan", "Lan", "boss", "mat-khau-1", "role"),
        ("lan", "Lan", "inspector", "ngan", "password"),
    ],
)
def test_invalid_accounts_are_refused_with_the_field(
    db: Database, operator: Actor, login: str, name: str, role: str, password: str, field: str
) -> None:
    """Each bad input names the field it belongs to, and nothing is written."""
    with pytest.raises(ValidationError) as info:
        add_user(db, operator, login, name, role, password)
    assert info.value.field == field
    assert list_users(db, operator) == []


def test_duplicate_login_refused(db: Database, operator: Actor) -> None:
    """Logins are unique."""
    add_user(db, operator, "lan", "Hoàng Thị Lan", "inspector", "bi-mat-123")
    with pytest.raises(ConflictError):
        add_user(db, operator, "LAN", "Lan khác", "clerk", "bi-mat-123")
