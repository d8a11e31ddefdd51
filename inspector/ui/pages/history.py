"""The History view: who changed what and when, in Vietnamese, for an establishment or for a
case with everything recorded under it (violations, records, decisions, payments, files)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from inspector.domain.text import format_date
from inspector.services.actor import Actor
from inspector.services.history import HistoryEntry, case_history, record_entries
from inspector.store.engine import Database
from inspector.ui.models import Column, ListTableModel
from inspector.ui.support import guarded, record_table, tr


class HistoryDialog(QDialog):
    def __init__(self, db: Database, actor: Actor, record_id: uuid.UUID, label: str,
                 parent: QWidget | None = None, *, kind: str = "establishments") -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Lịch sử: {0}").format(label))
        layout = QVBoxLayout(self)
        self.model: ListTableModel[HistoryEntry] = ListTableModel([
            Column(tr("Thời điểm"),
                   lambda h: f"{format_date(h.at.astimezone().date())} {h.at.astimezone():%H:%M:%S}"),
            Column(tr("Người thực hiện"), lambda h: h.user_login),
            Column(tr("Máy"), lambda h: h.device),
            Column(tr("Hồ sơ"), lambda h: tr(h.record)),
            Column(tr("Thao tác"), lambda h: tr(h.action)),
            Column(tr("Nội dung thay đổi"), lambda h: h.changes),
        ])
        load: Callable[[], list[HistoryEntry]] = (
            (lambda: case_history(db, actor, record_id)) if kind == "cases"
            else (lambda: record_entries(db, actor, record_id, kind)))
        self.model.set_items(guarded(self, tr("đọc lịch sử"), load) or [])
        view = record_table("history", self.model)
        view.setWordWrap(True)
        view.setTextElideMode(Qt.TextElideMode.ElideNone)
        view.resizeColumnsToContents()
        for column in range(5):  # the changes column takes the rest, wrapped
            view.setColumnWidth(column, min(view.columnWidth(column), 240))
        view.horizontalHeader().sectionResized.connect(lambda *_a: view.resizeRowsToContents())
        layout.addWidget(view)
        self.view = view
        buttons = QDialogButtonBox()
        buttons.addButton(tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(1100, 520)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.view.resizeRowsToContents()  # the changes wrap once the widths are known
