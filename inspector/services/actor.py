"""Who is acting: the logged-in user, or the local operator of the CLI."""

from __future__ import annotations

import getpass
import os
import socket
import uuid
from dataclasses import dataclass
from functools import lru_cache

from inspector.domain.roles import Permission, can
from inspector.services.errors import PermissionDenied


@lru_cache(maxsize=1)
def os_account() -> str:
    """The operating-system account from the real user id (POSIX), not from ``USER`` or
    ``LOGNAME``, which anyone can set. Windows has no uid: there the login name is asked."""
    try:
        import pwd

        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):
        pass
    try:
        return getpass.getuser()
    except Exception:  # no user name on some Windows set-ups
        return "?"


def device_name() -> str:
    return f"{socket.gethostname()}/{os_account()}"


@dataclass(frozen=True)
class Actor:
    login: str
    role: str
    full_name: str = ""
    user_id: uuid.UUID | None = None
    device: str = ""

    def require(self, permission: Permission) -> None:
        if not can(self.role, permission):
            raise PermissionDenied(
                f"Tài khoản {self.login} (vai trò {self.role}) không có quyền thực hiện việc này.",
                f"user {self.login} (role {self.role}) is not allowed to do this ({permission})",
            )


def local_operator() -> Actor:
    """The person running the CLI on the database file directly, with administrator rights.

    Anyone who can write the file can change it anyway; the audit trail records the OS account.
    """
    return Actor(login=f"os:{device_name().split('/')[-1]}", role="admin", device=device_name())
