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
