"""What every area of the main window shares."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from inspector.services.actor import Actor
from inspector.store.engine import Database


class Page(QWidget):
    """An area of the main window; ``refresh`` reloads it from the services when shown."""

    title = ""
    icon_text = ""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor

    def refresh(self) -> None:
        """Reload from the services; pages override it."""
