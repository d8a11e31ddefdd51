"""Errors of the environment, told apart from bugs.

A locked, read-only, full, corrupt or foreign database file is the user's situation, not a bug:
it becomes a ``StoreError`` with a message in Vietnamese for the GUI and in English for the CLI.
Anything else propagates to the crash handler.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError, OperationalError


class StoreError(Exception):
    """An environmental database problem with a user-facing message in two languages."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi = vi
        self.en = en


class NewerDatabaseError(StoreError):
    pass


class CorruptDatabaseError(StoreError):
    pass


_PATTERNS: list[tuple[tuple[str, ...], str, str]] = [
    (
        ("database is locked", "database table is locked"),
        "Cơ sở dữ liệu đang bị chương trình khác khóa; hãy thử lại sau ít phút.",
        "the database is locked by another program; try again shortly",
    ),
    (
        ("readonly database", "read-only", "readonly"),
        "Không ghi được cơ sở dữ liệu: tệp hoặc thư mục chỉ cho phép đọc.",
        "cannot write the database: the file or its folder is read-only",
    ),
    (
        ("disk is full", "database or disk is full", "no space left"),
        "Ổ đĩa đã đầy; hãy giải phóng dung lượng rồi thử lại. Dữ liệu chưa lưu không bị ghi dở.",
        "the disk is full; free some space and try again (nothing was half-written)",
    ),
    (
        ("file is not a database", "malformed", "file is encrypted"),
        "Tệp cơ sở dữ liệu bị hỏng hoặc không phải là cơ sở dữ liệu của Inspector.",
        "the database file is damaged or is not a database",
    ),
    (
        ("unable to open database file",),
        "Không mở được tệp cơ sở dữ liệu (thư mục không tồn tại hoặc không có quyền).",
        "cannot open the database file (missing folder or no permission)",
    ),
    (
        ("connection refused", "could not connect", "password authentication failed",
         "does not exist", "could not translate host name"),
        "Không kết nối được máy chủ cơ sở dữ liệu.",
        "cannot connect to the database server",
    ),
]


def classify(exc: BaseException) -> StoreError | None:
    """Map a DB-API error caused by the environment to a ``StoreError``; ``None`` for bugs."""
    if isinstance(exc, StoreError):
        return exc
    original = exc.orig if isinstance(exc, DBAPIError) else exc
    text = str(original).lower()
    environmental = isinstance(exc, OperationalError) or isinstance(
        original, (sqlite3.OperationalError, sqlite3.DatabaseError)
    )
    if not environmental and not type(original).__module__.startswith("psycopg"):
        return None
    for needles, vi, en in _PATTERNS:
        if any(n in text for n in needles):
            cls = CorruptDatabaseError if "not a database" in en or "damaged" in en else StoreError
            detail = " ".join(str(original).split())
            return cls(f"{vi} ({detail})", f"{en} ({detail})")
    return None
