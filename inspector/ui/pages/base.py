"""What every area of the main window shares."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from inspector.services.actor import Actor
from inspector.store.engine import Database


class Page(QWidget):
    """An area of the main window; ``refresh`` reloads it from the services when shown."""

    title = ""
    icon_text = ""
    #: A confirmation for the status bar ("Đã lưu …"); the main window shows one at a time.
    status_message = Signal(str)

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor

    def refresh(self) -> None:
        """Reload from the services; pages override it."""
