"""Thống kê: a year's figures counted from the recorded work."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QTableView, QVBoxLayout, QWidget

from inspector.domain.money import format_vnd
from inspector.services.actor import Actor
from inspector.services.establishments import SECTOR_LABELS_VI
from inspector.services.register import INSPECTION_KIND_LABELS_VI
from inspector.services.tallies import SectorFigures, year_summary
from inspector.store.engine import Database
from inspector.ui.models import Column, ListTableModel
from inspector.ui.pages.base import Page
from inspector.ui.support import guarded, tr


class TalliesPage(Page):
    title = "Thống kê"

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, parent)
        layout = QVBoxLayout(self)
        header = QLabel(tr("Thống kê công tác thanh tra, kiểm tra"))
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
        self.kinds = QLabel("")
        self.kinds.setObjectName("kinds")
        self.kinds.setWordWrap(True)
        layout.addWidget(self.kinds)
        right = Qt.AlignmentFlag.AlignRight
        self.model: ListTableModel[SectorFigures] = ListTableModel([
            Column(tr("Lĩnh vực"), lambda r: tr(SECTOR_LABELS_VI.get(r.sector, r.sector))),
            Column(tr("Cơ sở được kiểm tra"), lambda r: r.establishments_inspected, right),
            Column(tr("Cơ sở vi phạm"), lambda r: r.establishments_with_violations, right),
            Column(tr("Số hành vi vi phạm"), lambda r: r.violations, right),
            Column(tr("Tiền phạt theo quyết định"), lambda r: format_vnd(r.fines_decided), right),
        ])
        self.view = QTableView()
        self.view.setObjectName("sectors")
        self.view.setModel(self.model)
        self.view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.view)
        self.year.valueChanged.connect(lambda _v: self.refresh())

    def refresh(self) -> None:
        def load() -> None:
            summary = year_summary(self.db, self.actor, self.year.value())
            parts = []
            for label, counts in ((tr("Thanh tra"), summary.inspections_by_kind),
                                  (tr("Kiểm tra"), summary.checks_by_kind)):
                total = sum(counts.values())
                detail = ", ".join(f"{tr(INSPECTION_KIND_LABELS_VI[k]).lower()}: {n}"
                                   for k, n in sorted(counts.items()))
                parts.append(f"{label}: {total}" + (f" ({detail})" if detail else ""))
            self.kinds.setText(tr("Năm {0}. ").format(summary.year) + "; ".join(parts) + ".")
            self.model.set_items(summary.sectors)
            self.view.resizeColumnsToContents()
        guarded(self, tr("tính thống kê"), load)
