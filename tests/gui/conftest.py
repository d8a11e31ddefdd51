"""GUI fixtures: a logged-in main window on a real database, with dialogs recorded."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtWidgets import QWidget

from inspector.services import clock
from inspector.services.actor import Actor
from inspector.store.engine import Database
from inspector.ui import support


class RecordingDialogs(support.Dialogs):
    """Records messages instead of opening modal boxes."""

    def __init__(self) -> None:
        super().__init__()
        self.answer = True

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        self.shown.append(("info", text))

    def warning(self, parent: QWidget | None, title: str, text: str) -> None:
        self.shown.append(("warning", text))

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        self.shown.append(("confirm", text))
        return self.answer

    def error(self, parent: QWidget | None, title: str, text: str, details: str = "") -> None:
        self.shown.append(("error", text + "\n" + details))


#: The day every GUI test runs on (issue 9 §8): the services' clock is fixed to it, so a test
#: means the same thing whatever day it is run.
GUI_TODAY = date(2026, 12, 2)


@pytest.fixture(autouse=True)
def fixed_day() -> Iterator[date]:
    clock.set_clock(lambda: GUI_TODAY)
    yield GUI_TODAY
    clock.set_clock(None)


@pytest.fixture(autouse=True)
def recorded_dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[RecordingDialogs]:
    """Every module shares the one ``support.dialogs`` object: swap its methods, not the name."""
    recorder = RecordingDialogs()
    for name in ("info", "warning", "confirm", "error"):
        monkeypatch.setattr(support.dialogs, name, getattr(recorder, name))
    monkeypatch.setattr(support.dialogs, "save_file", lambda *a: "")
    monkeypatch.setattr(support.dialogs, "run_modal", lambda dialog: 0)
    yield recorder


@pytest.fixture
def admin(db: Database) -> Actor:
    from inspector.services.users import authenticate, create_first_admin

    create_first_admin(db, "admin", "Nông Văn Quản", "mat-khau-1")
    return authenticate(db, "admin", "mat-khau-1")


def type_text(widget: QWidget, text: str) -> None:
    """Type like a keyboard with a Vietnamese input method: one key event per character.

    QTest's keyClicks only knows ASCII; an input method delivers composed letters as key events
    carrying text, which is what this sends.
    """
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
