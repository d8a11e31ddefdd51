"""Accounts, login and lockout."""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from inspector.domain.passwords import hash_password, password_problem, verify_password
from inspector.domain.roles import ROLE_LABELS_VI, Permission, Role
from inspector.services.actor import Actor, device_name
from inspector.services.errors import AuthError, ConflictError, NotFound, ValidationError
from inspector.services.uow import UnitOfWork
from inspector.store.base import utcnow
from inspector.store.engine import Database
from inspector.store.models import User

log = logging.getLogger(__name__)

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=15)
_LOGIN_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{1,59}$")


@dataclass(frozen=True)
class UserInfo:
    id: uuid.UUID
    login: str
    full_name: str
    role: str
    active: bool
    locked_until: datetime | None
    last_login_at: datetime | None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS_VI[Role(self.role)]


def _info(u: User) -> UserInfo:
    return UserInfo(u.id, u.login, u.full_name, u.role, u.active, u.locked_until, u.last_login_at)


def _validate(login: str, full_name: str, role: str, password: str) -> None:
    if not _LOGIN_RE.match(login):
        raise ValidationError(
            "Tên đăng nhập chỉ gồm chữ thường không dấu, số, '.', '_' hoặc '-', từ 2 đến 60 ký tự.",
            "login must be 2–60 characters: lowercase ASCII letters, digits, '.', '_' or '-'",
            field="login",
        )
    if not full_name.strip():
        raise ValidationError("Hãy nhập họ và tên.", "the full name is empty", field="full_name")
    if role not in {r.value for r in Role}:
        raise ValidationError(
            f"Vai trò không hợp lệ: {role}.",
            f"unknown role {role!r} (inspector, chief, clerk or admin)",
            field="role",
        )
    problem = password_problem(password)
    if problem:
        raise ValidationError(problem, "the password is too short (at least 8 characters)",
                              field="password")


def count_users(db: Database) -> int:
    with UnitOfWork(db, None) as uow:
        return uow.session.scalar(select(func.count()).select_from(User)) or 0


def create_first_admin(db: Database, login: str, full_name: str, password: str) -> UserInfo:
    """The first run's administrator; refused once any account exists."""
    actor = Actor(login=login, role="admin", device=device_name())
    with UnitOfWork(db, actor) as uow:
        if uow.session.scalar(select(func.count()).select_from(User)):
            raise ConflictError("Đã có tài khoản; hãy đăng nhập.", "accounts already exist")
        info = _add(uow, login, full_name, "admin", password)
        uow.commit()
        return info


def _add(uow: UnitOfWork, login: str, full_name: str, role: str, password: str) -> UserInfo:
    login = login.strip().lower()
    _validate(login, full_name, role, password)
    if uow.session.scalar(select(User.id).where(User.login == login)):
        raise ConflictError(f"Tên đăng nhập {login} đã có.", f"login {login} already exists")
    user = User(login=login, full_name=full_name.strip(), role=role,
                password_hash=hash_password(password), active=True, failed_attempts=0)
    uow.session.add(user)
    uow.session.flush()
    return _info(user)


def add_user(db: Database, actor: Actor, login: str, full_name: str, role: str,
             password: str) -> UserInfo:
    actor.require(Permission.MANAGE_USERS)
    with UnitOfWork(db, actor) as uow:
        info = _add(uow, login, full_name, role, password)
        uow.commit()
    log.info("user %s added by %s with role %s", info.login, actor.login, role)
    return info


def list_users(db: Database, actor: Actor) -> list[UserInfo]:
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        return [_info(u) for u in uow.session.scalars(select(User).order_by(User.login))]


def _get(uow: UnitOfWork, login: str) -> User:
    user = uow.session.scalar(select(User).where(User.login == login.strip().lower()))
    if user is None:
        raise NotFound(f"Không có tài khoản {login}.", f"no user {login}")
    return user


def set_password(db: Database, actor: Actor, login: str, password: str) -> None:
    """Administrators reset anyone's password; a user changes their own."""
    if actor.login != login:
        actor.require(Permission.MANAGE_USERS)
    problem = password_problem(password)
    if problem:
        raise ValidationError(problem, "the password is too short (at least 8 characters)",
                              field="password")
    with UnitOfWork(db, actor) as uow:
        user = _get(uow, login)
        user.password_hash = hash_password(password)
        user.failed_attempts = 0
        user.locked_until = None
        uow.commit()


def set_active(db: Database, actor: Actor, login: str, active: bool) -> None:
    actor.require(Permission.MANAGE_USERS)
    with UnitOfWork(db, actor) as uow:
        _get(uow, login).active = active
        uow.commit()


def authenticate(db: Database, login: str, password: str, device: str | None = None) -> Actor:
    """Check a password; count failures and lock the account after repeated ones."""
    device = device or device_name()
    now = utcnow()
    failure: AuthError | None = None
    with UnitOfWork(db, Actor(login=login or "?", role="inspector", device=device)) as uow:
        user = uow.session.scalar(select(User).where(User.login == login.strip().lower()))
        if user is None or not user.active:
            verify_password(password, hash_password("timing-equaliser"))
            raise AuthError("Sai tên đăng nhập hoặc mật khẩu.", "wrong login or password")
        if user.locked_until is not None and user.locked_until > now:
            minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
            raise AuthError(
                f"Tài khoản tạm khóa do nhập sai mật khẩu nhiều lần; thử lại sau {minutes} phút.",
                f"account locked after repeated failures; try again in {minutes} min",
            )
        if verify_password(password, user.password_hash):
            user.failed_attempts = 0
            user.locked_until = None
            user.last_login_at = now
            actor = Actor(login=user.login, role=user.role, full_name=user.full_name,
                          user_id=user.id, device=device)
            uow.commit()
            log.info("login %s from %s", user.login, device)
            return actor
        user.failed_attempts += 1
        if user.failed_attempts >= MAX_FAILED_ATTEMPTS:
            user.locked_until = now + LOCKOUT
            user.failed_attempts = 0
            failure = AuthError(
                f"Nhập sai mật khẩu {MAX_FAILED_ATTEMPTS} lần; tài khoản bị khóa "
                f"{int(LOCKOUT.total_seconds() // 60)} phút.",
                f"wrong password {MAX_FAILED_ATTEMPTS} times; account locked for "
                f"{int(LOCKOUT.total_seconds() // 60)} min",
            )
            log.warning("account %s locked after repeated failures", user.login)
        else:
            failure = AuthError("Sai tên đăng nhập hoặc mật khẩu.", "wrong login or password")
        uow.commit()
    raise failure
