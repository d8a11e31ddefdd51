"""Domain exceptions raised by services, each carrying a message for users."""

from __future__ import annotations


class ServiceError(Exception):
    """A refusal the user can act on. ``vi`` is shown in the GUI, ``en`` printed by the CLI."""

    def __init__(self, vi: str, en: str | None = None) -> None:
        super().__init__(en or vi)
        self.vi = vi
        self.en = en or vi


class PermissionDenied(ServiceError):
    pass


class NotFound(ServiceError):
    pass


class ValidationError(ServiceError):
    """Invalid input; ``field`` names the form field the message belongs next to."""

    def __init__(self, vi: str, en: str | None = None, field: str | None = None) -> None:
        super().__init__(vi, en)
        self.field = field


class ConflictError(ServiceError):
    """Someone else saved the record first (optimistic locking) or a unique key clashed."""


class AuthError(ServiceError):
    pass


class AuditKeyMissing(ServiceError):
    """The server's audit chain is keyed and this workstation does not hold the key."""

    def __init__(self) -> None:
        super().__init__(
            "Máy này chưa được cài khóa nhật ký thay đổi của máy chủ nên không ghi được dữ liệu. "
            "Quản trị viên cài khóa bằng nút “Cài khóa nhật ký từ tệp…” khi đăng nhập.",
            "the server's audit trail is keyed and this workstation does not hold the key; "
            "nothing was saved (an administrator installs it: inspector db audit-key install "
            "FILE)")
