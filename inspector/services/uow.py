"""One transaction per user action: rolled back unless the service commits.

Errors of the environment are translated to ``StoreError``, stale writes and clashes on a
known unique key (``KNOWN_KEYS``) to ``ConflictError`` here, once, instead of in every service.
Any other integrity error is a bug and propagates with its traceback.
"""

from __future__ import annotations

import threading
from types import TracebackType

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from inspector.services import audit as _audit  # noqa: F401  (registers the audit listener)
from inspector.services import limits as _limits  # noqa: F401  (registers the length checks)
from inspector.services.actor import Actor
from inspector.services.errors import ConflictError
from inspector.store.engine import Database
from inspector.store.errors import StoreError, classify

_local = threading.local()


def _active() -> set[int]:
    found: set[int] | None = getattr(_local, "writing", None)
    if found is None:
        found = _local.writing = set()
    return found

#: The unique keys a concurrent user can legitimately clash on (issue 9 §8): the number
#: registers and the same-day visit. Name (PostgreSQL reports it) → SQLite's column list.
KNOWN_KEYS = {
    "uq_document_numbers_number": "document_numbers.agency_id, document_numbers.year, "
                                  "document_numbers.kind, document_numbers.number",
    "uq_sanction_decisions_number": "sanction_decisions.agency_id, sanction_decisions.year, "
                                    "sanction_decisions.number",
    "uq_violation_records_number": "violation_records.agency_id, violation_records.year, "
                                   "violation_records.number",
    "uq_visits_establishment_day": "visits.inspection_id, visits.establishment_id, "
                                   "visits.visit_date",
}


def known_conflict(exc: IntegrityError) -> bool:
    """True when the integrity error is a clash on one of ``KNOWN_KEYS``."""
    text = str(exc.orig)
    return any(name in text or f"UNIQUE constraint failed: {cols}" in text
               for name, cols in KNOWN_KEYS.items())


class UnitOfWork:
    """A write transaction by default: on SQLite it begins IMMEDIATE (see store.engine), so
    two users saving at once wait for each other instead of one failing. ``read_only=True``
    for pure reads, which then never wait for a writer."""

    def __init__(self, db: Database, actor: Actor | None, read_only: bool = False) -> None:
        self.db = db
        self.actor = actor
        self.read_only = read_only
        self._session: Session | None = None
        self.committed = False

    @property
    def session(self) -> Session:
        assert self._session is not None, "use the unit of work as a context manager"
        return self._session

    def __enter__(self) -> UnitOfWork:
        # A unit of work opened inside another one in the same thread (a service reading
        # reference data for another) reads deferred: IMMEDIATE would wait for its own caller.
        active = _active()
        self._writes = not self.read_only and id(self.db) not in active
        if self._writes:
            active.add(id(self.db))
        self._session = (self.db.sessions if self._writes else self.db.read_sessions)()
        self._session.info["actor"] = self.actor
        return self

    def commit(self) -> None:
        self.session.commit()
        self.committed = True

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            if not self.committed:
                session.rollback()
        finally:
            session.close()
            self._session = None
            if self._writes:
                _active().discard(id(self.db))
        if exc is None:
            return
        if isinstance(exc, StaleDataError):
            raise ConflictError(
                "Bản ghi đã được người khác sửa và lưu trước bạn; hãy mở lại để xem bản mới nhất. "
                "Thay đổi của bạn chưa được ghi.",
                "the record was changed by someone else first; reload it (nothing was saved)",
            ) from exc
        if isinstance(exc, IntegrityError) and known_conflict(exc):
            raise ConflictError(
                f"Dữ liệu vi phạm ràng buộc của cơ sở dữ liệu; không có gì được ghi. ({exc.orig})",
                f"the data breaks a database constraint; nothing was saved ({exc.orig})",
            ) from exc
        if isinstance(exc, DBAPIError):
            err = classify(exc)
            if err is not None and _is_busy(exc):
                raise StoreError(
                    "Một người dùng khác đang lưu vào cơ sở dữ liệu quá lâu; đã chờ mà chưa "
                    "được lượt. Hãy thử lại; không có gì được ghi.",
                    "another user's save held the database too long; waited and gave up "
                    "(nothing was saved); try again") from exc
            if err is not None:
                raise err from exc


def _is_busy(exc: DBAPIError) -> bool:
    text = str(exc.orig).lower()
    return "database is locked" in text or "database table is locked" in text
