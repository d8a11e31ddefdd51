"""Cơ sở: every establishment, searchable as you type without accents."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.roles import Permission, can
from inspector.services.actor import Actor
from inspector.services.establishments import (
    OWNER_KIND_LABELS_VI,
    SECTOR_LABELS_VI,
    EstablishmentRow,
    count_establishments,
    search_establishments,
)
from inspector.store.engine import Database
from inspector.ui.models import Column, PagedTableModel
from inspector.ui.pages.base import Page
from inspector.ui.pages.history import HistoryDialog
from inspector.ui.support import guarded, tr


class EstablishmentsPage(Page):
    title = "Cơ sở"

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, parent)
        layout = QVBoxLayout(self)
        header = QLabel(tr("Cơ sở được quản lý"))
        header.setObjectName("pageTitle")
        layout.addWidget(header)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(tr("Tìm theo tên, chủ cơ sở, địa chỉ, số giấy tờ (không cần dấu)…"))
        self.search.setClearButtonEnabled(True)
        self.sector = QComboBox()
        self.sector.setObjectName("sector")
        self.sector.addItem(tr("Mọi lĩnh vực"), None)
        for code, label in SECTOR_LABELS_VI.items():
            self.sector.addItem(tr(label), code)
        self.history_button = QPushButton(tr("Lịch sử…"))
        bar.addWidget(self.search, 3)
        bar.addWidget(self.sector, 1)
        bar.addWidget(self.history_button)
        layout.addLayout(bar)
        self.count_label = QLabel("")
        self.count_label.setObjectName("count")
        layout.addWidget(self.count_label)
        self.model: PagedTableModel[EstablishmentRow] = PagedTableModel(
            [
                Column(tr("Tên cơ sở"), lambda r: r.name),
                Column(tr("Lĩnh vực"), lambda r: tr(SECTOR_LABELS_VI.get(r.sector, r.sector))),
                Column(tr("Chủ thể"), lambda r: tr(OWNER_KIND_LABELS_VI.get(r.owner_kind, ""))),
                Column(tr("Chủ cơ sở"), lambda r: r.owner_name),
                Column(tr("Địa chỉ"), lambda r: r.address),
                Column(tr("Điện thoại"), lambda r: r.phone),
            ],
            self._fetch,
        )
        self.view = QTableView()
        self.view.setObjectName("establishments")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.view)
        empty = tr("Chưa có cơ sở nào. Cơ sở được thêm khi ghi nhận cuộc kiểm tra hoặc nhập dữ liệu.")
        self.empty_label = QLabel(empty)
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.sector.currentIndexChanged.connect(lambda _i: self.refresh())
        self.history_button.clicked.connect(self.show_history)
        self.history_button.setEnabled(can(actor.role, Permission.VIEW))
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)

    def _fetch(self, offset: int, limit: int) -> list[EstablishmentRow]:
        return search_establishments(self.db, self.actor, self.search.text(),
                                     self.sector.currentData(), offset, limit)

    def refresh(self) -> None:
        def load() -> None:
            self.model.reset()
            total = count_establishments(self.db, self.actor, self.search.text(),
                                         self.sector.currentData())
            self.count_label.setText(tr("{0} cơ sở").format(f"{total:,}".replace(",", ".")))
            self.empty_label.setVisible(total == 0 and not self.search.text())
            self.view.resizeColumnsToContents()
        guarded(self, tr("tải danh sách cơ sở"), load)

    def show_history(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        row = self.model.row_at(rows[0].row()) if rows else None
        if row is None:
            return
        HistoryDialog(self.db, self.actor, row.id, row.name, self).exec()
