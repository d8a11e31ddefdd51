"""Drafts of the visit form: saved by themselves so a closed window, a crash or a power cut
loses at most the last few seconds.

The form is saved every :data:`INTERVAL_MS` while something changed, and a moment after every
change that matters (an answer, a violation added or removed, a provision chosen), through
:func:`save_draft` — a single upsert synced to disk. The payload is the form's JSON
(:mod:`inspector.ui.visit.state`).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from inspector.services.actor import Actor
from inspector.services.drafts import DraftInfo, discard_draft, list_drafts, save_draft
from inspector.services.errors import ServiceError
from inspector.store.engine import Database
from inspector.store.errors import StoreError, classify

log = logging.getLogger(__name__)

FORM = "visit"
INTERVAL_MS = 3000
SOON_MS = 400


def draft_key(inspection_id: uuid.UUID, establishment_id: uuid.UUID | None) -> str:
    """One draft per inspection and establishment: reopening the same visit offers it back."""
    return f"{inspection_id}/{establishment_id or 'new'}"


def pending_drafts(db: Database, actor: Actor) -> list[DraftInfo]:
    """The user's unfinished visit forms, newest first (the start page offers them back;
    ``VisitForm.resume(db, actor, info.record_key)`` reopens one)."""
    return list_drafts(db, actor, FORM)


def local_time(moment: datetime) -> str:
    """``10:42`` in the computer's time zone (drafts are stamped in UTC)."""
    return moment.astimezone().strftime("%H:%M")


class DraftKeeper(QObject):
    """Saves ``payload()`` under ``key()`` when the form is dirty; ``saved(text)`` says when."""

    saved = Signal(str)
    failed = Signal(str)

    def __init__(self, db: Database, actor: Actor, payload: Callable[[], dict[str, Any]],
                 key: Callable[[], str], title: Callable[[], str],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self._payload = payload
        self._key = key
        self._title = title
        self.dirty = False
        self.enabled = True
        self.last_saved: datetime | None = None
        self.saved_key: str | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.save_if_dirty)
        self.timer.start()
        self.soon = QTimer(self)
        self.soon.setSingleShot(True)
        self.soon.setInterval(SOON_MS)
        self.soon.timeout.connect(self.save_if_dirty)

    def mark_dirty(self, significant: bool = False) -> None:
        if not self.enabled:
            return
        self.dirty = True
        if significant:
            self.soon.start()

    def save_if_dirty(self) -> bool:
        if self.dirty and self.enabled:
            return self.save_now()
        return False

    def save_now(self) -> bool:
        """Write the draft; a failure (disk full, database locked) is shown, not raised: the
        next attempt comes with the timer."""
        self.soon.stop()
        key = self._key()
        try:
            info = save_draft(self.db, self.actor, FORM, self._payload(), record_key=key,
                              title=self._title())
            if self.saved_key is not None and self.saved_key != key:
                discard_draft(self.db, self.actor, FORM, self.saved_key)
        except (ServiceError, StoreError) as exc:
            self.failed.emit(exc.vi)
            return False
        except Exception as exc:  # an environmental database error (busy, disk full)
            known = classify(exc)
            if known is None:
                raise
            log.warning("draft not saved: %s", known.en)
            self.failed.emit(known.vi)
            return False
        self.dirty = False
        self.saved_key = key
        self.last_saved = info.saved_at
        self.saved.emit(local_time(info.saved_at))
        return True

    def discard(self) -> None:
        """The visit is saved: its draft is no longer needed, and nothing more is saved."""
        self.enabled = False
        self.timer.stop()
        self.soon.stop()
        self.dirty = False
        for key in {self._key(), self.saved_key}:
            if key:
                discard_draft(self.db, self.actor, FORM, key)

    def stop(self) -> None:
        self.timer.stop()
        self.soon.stop()
