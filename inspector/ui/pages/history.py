"""The History view of one record: its audit entries, newest last."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from inspector.domain.text import format_date
from inspector.services.actor import Actor
from inspector.services.audit import HistoryItem
from inspector.services.history import record_history
from inspector.store.engine import Database
from inspector.ui.models import Column, ListTableModel
from inspector.ui.support import record_table, tr

ACTION_LABELS = {"create": "Tạo mới", "update": "Sửa", "delete": "Xóa"}


def _describe(item: HistoryItem) -> str:
    parts = []
    for key, change in item.changes.items():
        if item.action == "update" and isinstance(change, dict):
            parts.append(f"{key}: {change.get('old')} → {change.get('new')}")
        else:
            parts.append(f"{key}: {change}")
    return "; ".join(parts)


class HistoryDialog(QDialog):
    def __init__(self, db: Database, actor: Actor, record_id: uuid.UUID, label: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Lịch sử: {0}").format(label))
        layout = QVBoxLayout(self)
        self.model: ListTableModel[HistoryItem] = ListTableModel([
            Column(tr("Thời điểm"),
                   lambda h: f"{format_date(h.at.astimezone().date())} {h.at.astimezone():%H:%M:%S}"),
            Column(tr("Người thực hiện"), lambda h: h.user_login),
            Column(tr("Máy"), lambda h: h.device),
            Column(tr("Thao tác"), lambda h: ACTION_LABELS.get(h.action, h.action)),
            Column(tr("Nội dung thay đổi"), _describe),
        ])
        self.model.set_items(record_history(db, actor, record_id))
        view = record_table("history", self.model)
        view.resizeColumnsToContents()
        layout.addWidget(view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 400)
