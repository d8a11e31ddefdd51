"""Thanh tra/Kiểm tra: the year's plan and inspections, and the establishments each visited.

From here an inspector opens the visit form for an establishment in the selected inspection.
"""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.roles import Permission, can
from inspector.domain.sectors import SECTOR_SHORT_VI
from inspector.domain.text import format_date
from inspector.services import clock
from inspector.services import inspections as insp
from inspector.services.actor import Actor
from inspector.store.engine import Database
from inspector.ui.form_fields import find_data
from inspector.ui.models import Column, ListTableModel
from inspector.ui.pages.base import Page
from inspector.ui.support import (
    dialogs,
    elide_label,
    guarded,
    make_record_table,
    open_once,
    selected_record,
    tr,
)


def _d(value: date | None) -> str:
    return format_date(value) if value else ""


class InspectionsPage(Page):
    title = "Thanh tra/Kiểm tra"

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, parent)
        editable = can(actor.role, Permission.EDIT_FIELD_WORK)
        layout = QVBoxLayout(self)
        header = QLabel(tr("Các cuộc thanh tra, kiểm tra"))
        header.setObjectName("pageTitle")
        layout.addWidget(header)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Năm:")))
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(2013, 2100)
        self.year.setValue(clock.today().year)
        bar.addWidget(self.year)
        bar.addWidget(QLabel(tr("Kế hoạch:")))
        self.plan = QComboBox()
        self.plan.setObjectName("plan")
        bar.addWidget(self.plan, 1)
        self.add_plan_button = QPushButton(tr("Thêm kế hoạch…"))
        self.add_plan_button.setObjectName("addPlan")
        self.add_button = QPushButton(tr("Thêm cuộc thanh tra, kiểm tra… (Ctrl+N)"))
        self.add_button.setObjectName("add")
        self.edit_button = QPushButton(tr("Mở…"))
        self.edit_button.setObjectName("edit")
        for b in (self.add_plan_button, self.add_button):
            b.setVisible(editable)
        bar.addWidget(self.add_plan_button)
        bar.addWidget(self.add_button)
        bar.addWidget(self.edit_button)
        layout.addLayout(bar)
        self.model: ListTableModel[insp.InspectionRow] = ListTableModel([
            Column(tr("Hình thức"),
                   lambda r: tr(insp.INSPECTION_MODE_LABELS_VI.get(r.mode, r.mode))),
            Column(tr("Loại"), lambda r: tr(insp.INSPECTION_KIND_LABELS_VI.get(r.kind, r.kind))),
            Column(tr("Tên cuộc thanh tra, kiểm tra"), lambda r: r.title),
            Column(tr("Lĩnh vực"), lambda r: tr(SECTOR_SHORT_VI.get(r.sector or "", ""))),
            Column(tr("Số quyết định"), lambda r: r.decision_number),
            Column(tr("Từ ngày"), lambda r: _d(r.start_date)),
            Column(tr("Đến ngày"), lambda r: _d(r.end_date)),
            Column(tr("Số cơ sở"), lambda r: r.visits),
        ])
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.view = QTableView()
        self.view.setObjectName("inspections")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        splitter.addWidget(self.view)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.visits_label = elide_label(QLabel(tr("Cơ sở đã làm việc")))
        self.visits_label.setObjectName("visitsLabel")
        row.addWidget(self.visits_label, 1)
        self.visit_button = QPushButton(tr("Làm việc với cơ sở… (Ctrl+K)"))
        self.visit_button.setObjectName("visit")
        self.visit_button.setVisible(editable)
        row.addWidget(self.visit_button)
        self.record_button = QPushButton(tr("Biên bản không vi phạm…"))
        self.record_button.setObjectName("visitRecord")
        self.record_button.setToolTip(tr(
            "Biên bản kiểm tra, thanh tra của lần làm việc không phát hiện vi phạm"))
        self.reminder_button = QPushButton(tr("Công văn nhắc nhở…"))
        self.reminder_button.setObjectName("reminder")
        self.violation_record_button = QPushButton(tr("Lập biên bản vi phạm…"))
        self.violation_record_button.setObjectName("violationRecord")
        row.addWidget(self.violation_record_button)
        self.contents_button = QPushButton(tr("Hành vi, tang vật…"))
        self.contents_button.setObjectName("caseContents")
        self.contents_button.setToolTip(tr(
            "Các hành vi vi phạm, tang vật của vụ việc; bỏ mục ghi nhầm trước khi lập biên bản"))
        row.addWidget(self.contents_button)
        self.evidence_button = QPushButton(tr("Tài liệu, ảnh…"))
        self.evidence_button.setObjectName("visitEvidence")
        row.addWidget(self.record_button)
        row.addWidget(self.reminder_button)
        row.addWidget(self.evidence_button)
        lower_layout.addLayout(row)
        self.visits: ListTableModel[insp.VisitRow] = ListTableModel([
            Column(tr("Ngày"), lambda v: _d(v.visit_date)),
            Column(tr("Cơ sở"), lambda v: v.establishment_name),
            Column(tr("Lĩnh vực"), lambda v: tr(SECTOR_SHORT_VI.get(v.sector, v.sector))),
            Column(tr("Kết quả"), lambda v: tr(insp.OUTCOME_LABELS_VI.get(v.outcome, v.outcome))),
            Column(tr("Mục không đạt"), lambda v: v.failed_items),
            Column(tr("Vi phạm"), lambda v: v.violations),
        ])
        self.visits_view = QTableView()
        self.visits_view.setObjectName("visits")
        self.visits_view.setModel(self.visits)
        make_record_table(self.visits_view)
        lower_layout.addWidget(self.visits_view, 1)
        splitter.addWidget(lower)
        layout.addWidget(splitter, 1)
        self.summary = QLabel("")
        self.summary.setObjectName("summary")
        layout.addWidget(self.summary)
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.plan.currentIndexChanged.connect(lambda _i: self.load_inspections())
        self.add_button.clicked.connect(self.add)
        self.add_plan_button.clicked.connect(self.add_plan)
        self.edit_button.clicked.connect(self.open_selected)
        self.view.activated.connect(lambda _i: self.open_selected())
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _p: self.load_visits())
        self.visit_button.clicked.connect(self.open_visit)
        self.record_button.clicked.connect(self.visit_record)
        self.violation_record_button.clicked.connect(self.violation_record)
        self.reminder_button.clicked.connect(self.reminder)
        self.evidence_button.clicked.connect(self.show_evidence)
        self.contents_button.clicked.connect(self.show_case_contents)
        QShortcut(QKeySequence.StandardKey.New, self, self.add)
        QShortcut(QKeySequence("Ctrl+K"), self, self.open_visit)

    def refresh(self) -> None:
        def load() -> None:
            current = self.plan.currentData()
            self.plan.blockSignals(True)
            self.plan.clear()
            self.plan.addItem(tr("Tất cả (trong và ngoài kế hoạch)"), None)
            for p in insp.list_plans(self.db, self.actor, self.year.value()):
                self.plan.addItem(f"{p.title} ({p.inspections})", p.id)
            self.plan.setCurrentIndex(max(self.plan.findData(current), 0))
            self.plan.blockSignals(False)
            self.load_inspections()
        guarded(self, tr("tải danh sách cuộc thanh tra"), load)

    def load_inspections(self) -> None:
        def load() -> None:
            rows = insp.list_inspections(self.db, self.actor, self.year.value(),
                                         self.plan.currentData())
            self.model.set_items(rows)
            checks = sum(1 for r in rows if r.mode == "kiem_tra")
            self.summary.setText(
                tr("Năm {0}: {1} cuộc thanh tra, {2} cuộc kiểm tra.").format(
                    self.year.value(), len(rows) - checks, checks)
                if rows else tr("Năm {0} chưa có cuộc thanh tra, kiểm tra nào.").format(
                    self.year.value()))
            self.view.resizeColumnsToContents()
            if rows:
                self.view.selectRow(0)
            self.load_visits()
        guarded(self, tr("tải danh sách cuộc thanh tra"), load)

    def selected(self) -> insp.InspectionRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def load_visits(self) -> None:
        row = self.selected()
        if row is None:
            self.visits.set_items([])
            return
        visits = guarded(self, tr("tải danh sách cơ sở"),
                         lambda: insp.list_visits(self.db, self.actor, row.id)) or []
        self.visits.set_items(visits)
        self.visits_label.setText(tr("Cơ sở đã làm việc trong \"{0}\": {1}").format(
            row.title, len(visits)))
        self.visits_view.resizeColumnsToContents()

    def inspection_form(self, inspection_id: object = None) -> QWidget:
        from inspector.ui.inspection_form import InspectionForm

        return InspectionForm(self.db, self.actor, inspection_id,  # type: ignore[arg-type]
                              self.plan.currentData(), self)

    def add(self) -> None:
        if not can(self.actor.role, Permission.EDIT_FIELD_WORK):
            return
        form = self.inspection_form()
        if dialogs.run_modal(form):  # type: ignore[arg-type]
            self.refresh()
            self.status_message.emit(tr("Đã lưu cuộc thanh tra, kiểm tra \"{0}\".").format(
                form.form.value("title")))  # type: ignore[attr-defined]

    def need_inspection(self) -> insp.InspectionRow | None:
        row = self.selected()
        if row is None:
            dialogs.info(self, tr("Chưa chọn"),
                         tr("Hãy chọn một cuộc thanh tra, kiểm tra trong danh sách trước."))
        return row

    def open_selected(self) -> None:
        row = self.need_inspection()
        if row is None:
            return
        form = self.inspection_form(row.id)
        if dialogs.run_modal(form):  # type: ignore[arg-type]
            self.refresh()
            self.status_message.emit(tr("Đã lưu cuộc thanh tra, kiểm tra \"{0}\".").format(
                form.form.value("title")))  # type: ignore[attr-defined]

    def add_plan(self) -> None:
        from inspector.ui.inspection_form import PlanForm

        form = PlanForm(self.db, self.actor, self.year.value(), self)
        if dialogs.run_modal(form) and form.saved is not None:
            self.refresh()
            self.plan.setCurrentIndex(max(find_data(self.plan, form.saved.id), 0))
            self.status_message.emit(tr("Đã lưu kế hoạch \"{0}\".").format(form.saved.title))

    def open_visit(self) -> None:
        row = self.need_inspection()
        if row is None or not can(self.actor.role, Permission.EDIT_FIELD_WORK):
            return
        from inspector.ui.visit_form import VisitForm

        form = VisitForm(self.db, self.actor, row.id, None, self)
        form.saved.connect(lambda _r: self.load_inspections())
        form.saved.connect(lambda _r: self.status_message.emit(form.confirmation()))
        dialogs.run_modal(form)  # a saved visit with violations offers its record on closing

    def selected_visit(self) -> insp.VisitRow | None:
        return selected_record(
            self, self.visits_view, self.visits, tr("một cơ sở đã làm việc"))

    def visit_record(self) -> object:
        visit = self.selected_visit()
        if visit is None:
            return None
        from inspector.services.visit_documents import no_violation_record_pdf
        from inspector.ui.issued_documents_dialog import IssueDocumentWindow

        def make() -> QWidget:
            window = IssueDocumentWindow(
                self.db, self.actor, "no-violation", visit.id,
                tr("Biên bản: {0}").format(visit.establishment_name),
                lambda: no_violation_record_pdf(self.db, self.actor, visit.id), visit.visit_date,
                self)
            window.show()
            return window

        return open_once(("visit-record", visit.id), make, owner=self.actor.login)

    def violation_record(self) -> object:
        """The violation record of the selected visit's case (made, or to make)."""
        visit = self.selected_visit()
        if visit is None:
            dialogs.info(self, tr("Biên bản vi phạm"), tr("Hãy chọn một cơ sở trong bảng."))
            return None
        from inspector.ui.record_dialog import open_record

        case_id = self._visit_case(visit, tr("Biên bản vi phạm"))
        return open_record(self, self.db, self.actor, case_id) if case_id else None

    def _visit_case(self, visit: insp.VisitRow, title: str) -> uuid.UUID | None:
        """The selected visit's case, or a line saying the visit found no violation."""
        from inspector.services.cases import visit_case

        case_id = guarded(self, tr("tìm vụ việc"), lambda: visit_case(
            self.db, self.actor, visit.id))
        if case_id is None:
            dialogs.info(self, title, tr("Lần làm việc tại {0} không có hành vi vi phạm.")
                         .format(visit.establishment_name))
        return case_id

    def show_case_contents(self) -> QWidget | None:
        """The violations and seized items of the selected visit's case."""
        visit = self.selected_visit()
        if visit is None:
            return None
        from inspector.ui.case_contents_view import CaseContentsWindow

        case_id = self._visit_case(visit, tr("Hành vi, tang vật"))
        if case_id is None:
            return None

        def make() -> QWidget:
            window = CaseContentsWindow(self.db, self.actor, case_id, visit.establishment_name,
                                        self)
            window.setWindowFlag(Qt.WindowType.Window)
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.destroyed.connect(lambda *_: self.load_visits())
            return window

        return open_once(("case-contents", case_id), make, owner=self.actor.login)

    def show_evidence(self) -> QWidget | None:
        """The photos and scans saved with the selected visit and its case."""
        visit = self.selected_visit()
        if visit is None:
            return None
        from inspector.ui.evidence_view import EvidenceWindow

        return open_once(("evidence-visit", visit.id), lambda: EvidenceWindow(
            self.db, self.actor, visit.establishment_name, visit_id=visit.id, parent=self),
            owner=self.actor.login)

    def reminder(self) -> object:
        visit = self.selected_visit()
        if visit is None:
            return None
        from inspector.ui.reminder_dialog import ReminderDialog

        return open_once(("reminder", visit.id), lambda: ReminderDialog(
            self.db, self.actor, visit.id, visit.establishment_name, self),
            owner=self.actor.login)
