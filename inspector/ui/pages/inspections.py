"""Thanh tra/Kiểm tra: the inspections and checks of a year, with their kind and visits."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QTableView, QVBoxLayout, QWidget

from inspector.domain.text import format_date
from inspector.services.actor import Actor
from inspector.services.register import (
    INSPECTION_KIND_LABELS_VI,
    INSPECTION_MODE_LABELS_VI,
    InspectionRow,
    list_inspections,
)
from inspector.store.engine import Database
from inspector.ui.models import Column, ListTableModel
from inspector.ui.pages.base import Page
from inspector.ui.support import guarded, tr


class InspectionsPage(Page):
    title = "Thanh tra/Kiểm tra"

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, parent)
        layout = QVBoxLayout(self)
        header = QLabel(tr("Các cuộc thanh tra, kiểm tra"))
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
        self.model: ListTableModel[InspectionRow] = ListTableModel([
            Column(tr("Hình thức"), lambda r: tr(INSPECTION_MODE_LABELS_VI.get(r.mode, r.mode))),
            Column(tr("Loại"), lambda r: tr(INSPECTION_KIND_LABELS_VI.get(r.kind, r.kind))),
            Column(tr("Tên cuộc thanh tra, kiểm tra"), lambda r: r.title),
            Column(tr("Số quyết định"), lambda r: r.decision_number),
            Column(tr("Từ ngày"), lambda r: format_date(r.start_date)),
            Column(tr("Đến ngày"), lambda r: format_date(r.end_date) if r.end_date else ""),
            Column(tr("Số cơ sở"), lambda r: r.visits),
        ])
        self.view = QTableView()
        self.view.setObjectName("inspections")
        self.view.setModel(self.model)
        self.view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.view)
        self.summary = QLabel("")
        self.summary.setObjectName("summary")
        layout.addWidget(self.summary)
        self.year.valueChanged.connect(lambda _v: self.refresh())

    def refresh(self) -> None:
        def load() -> None:
            rows = list_inspections(self.db, self.actor, self.year.value())
            self.model.set_items(rows)
            self.summary.setText(
                tr("Năm {0}: {1} cuộc thanh tra, kiểm tra.").format(self.year.value(), len(rows))
                if rows else tr("Năm {0} chưa có cuộc thanh tra, kiểm tra nào.").format(
                    self.year.value()))
            self.view.resizeColumnsToContents()
        guarded(self, tr("tải danh sách cuộc thanh tra"), load)
