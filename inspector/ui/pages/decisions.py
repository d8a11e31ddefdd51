"""Quyết định xử phạt: the decision register of a year with status, amounts and due dates."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QTableView, QVBoxLayout, QWidget

from inspector.domain.money import format_vnd
from inspector.domain.text import format_date
from inspector.services.actor import Actor
from inspector.services.register import DECISION_STATUS_LABELS_VI, DecisionRow, list_decisions
from inspector.store.engine import Database
from inspector.ui.models import Column, ListTableModel
from inspector.ui.pages.base import Page
from inspector.ui.support import guarded, tr


class DecisionsPage(Page):
    title = "Quyết định xử phạt"

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, parent)
        layout = QVBoxLayout(self)
        header = QLabel(tr("Sổ quyết định xử phạt vi phạm hành chính"))
        header.setObjectName("pageTitle")
        layout.addWidget(header)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Năm:")))
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(2013, 2100)
        self.year.setValue(date.today().year)
        bar.addWidget(self.year)
        bar.addStretch(1)
        layout.addLayout(bar)
        right = Qt.AlignmentFlag.AlignRight
        self.model: ListTableModel[DecisionRow] = ListTableModel([
            Column(tr("Số"), lambda r: r.number_text or tr("(chưa cấp số)")),
            Column(tr("Ngày ban hành"), lambda r: format_date(r.issued_on) if r.issued_on else ""),
            Column(tr("Đối tượng vi phạm"), lambda r: r.violator),
            Column(tr("Số tiền phạt"), lambda r: format_vnd(r.total_amount), right),
            Column(tr("Hạn nộp"), lambda r: format_date(r.due_date) if r.due_date else ""),
            Column(tr("Trạng thái"), lambda r: tr(DECISION_STATUS_LABELS_VI.get(r.status, r.status))),
        ])
        self.view = QTableView()
        self.view.setObjectName("decisions")
        self.view.setModel(self.model)
        self.view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.view)
        self.summary = QLabel("")
        self.summary.setObjectName("summary")
        layout.addWidget(self.summary)
        self.year.valueChanged.connect(lambda _v: self.refresh())

    def refresh(self) -> None:
        def load() -> None:
            rows = list_decisions(self.db, self.actor, self.year.value())
            self.model.set_items(rows)
            total = sum(r.total_amount for r in rows if r.status not in ("draft", "cancelled"))
            self.summary.setText(
                tr("{0} quyết định; tổng tiền phạt {1}.").format(len(rows), format_vnd(total))
                if rows else tr("Năm {0} chưa có quyết định nào.").format(self.year.value()))
            self.view.resizeColumnsToContents()
        guarded(self, tr("tải sổ quyết định"), load)
