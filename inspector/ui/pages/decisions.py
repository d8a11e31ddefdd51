"""Quyết định xử phạt: the register of decisions with preview, delivery and payments, and the
cases waiting for a decision."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.money import format_vnd, parse_vnd
from inspector.domain.roles import Permission, can
from inspector.domain.sectors import SECTOR_SHORT_VI
from inspector.domain.text import format_date, search_key
from inspector.services import amendments, decisions, payments, violation_records
from inspector.services.actor import Actor
from inspector.services.errors import ServiceError
from inspector.store.engine import Database
from inspector.ui.models import Column, ListTableModel
from inspector.ui.pages.base import Page
from inspector.ui.pages.issue_dialog import IssueDialog
from inspector.ui.pdf_view import PdfPreview
from inspector.ui.support import dialogs, guarded, tr
from inspector.ui.tasks import run_in_background

RIGHT = Qt.AlignmentFlag.AlignRight


def _d(value: date | None) -> str:
    return format_date(value) if value else ""


def _left(info: decisions.DecisionInfo) -> str:
    if info.days_left is None or info.status in ("paid", "cancelled", "amended"):
        return ""
    if info.days_left < 0:
        return tr("quá {0} ngày").format(-info.days_left)
    return tr("còn {0} ngày").format(info.days_left)


class FollowUpDialog(QDialog):
    """Record the delivery date, or a payment (date, amount, receipt number)."""

    def __init__(self, db: Database, actor: Actor, info: decisions.DecisionInfo, payment: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.info = info
        self.payment = payment
        self.setWindowTitle(tr("Ghi nộp phạt") if payment else tr("Ghi ngày giao quyết định"))
        form = QFormLayout(self)
        form.addRow(QLabel(tr("Quyết định {0} — {1}").format(info.number_text, info.violator)))
        self.day = QDateEdit(QDate.currentDate())
        self.day.setObjectName("day")
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setCalendarPopup(True)
        form.addRow(tr("Ngày nộp:") if payment else tr("Ngày giao:"), self.day)
        self.amount = QLineEdit(format_vnd(info.total_amount - info.paid, unit=False))
        self.amount.setObjectName("amount")
        self.receipt = QLineEdit()
        self.receipt.setObjectName("receipt")
        if payment:
            form.addRow(tr("Số tiền (đồng):"), self.amount)
            form.addRow(tr("Số biên lai:"), self.receipt)
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        form.addRow(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("Lưu"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Hủy"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def save(self) -> None:
        day = self.day.date().toPython()
        assert isinstance(day, date)
        number, year = self.info.number or 0, self.info.year
        db, actor = self.db, self.actor
        try:
            if self.payment:
                amount = parse_vnd(self.amount.text())
                payments.add_payment(db, actor, number, year, amount, day, self.receipt.text())
            else:
                payments.record_delivery(db, actor, number, year, day)
        except (ServiceError, ValueError) as exc:
            self.message.setText(exc.vi if isinstance(exc, ServiceError) else str(exc))
            return
        self.accept()


class AmendDialog(QDialog):
    """A new decision amending, correcting or annulling the selected one (Law Art 18)."""

    KINDS = (("amend", "Sửa đổi, bổ sung"), ("correct", "Đính chính"), ("annul", "Hủy bỏ"))

    def __init__(self, db: Database, actor: Actor, info: decisions.DecisionInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.info = db, actor, info
        self.issued: decisions.DecisionInfo | None = None
        self.setWindowTitle(tr("Sửa đổi, đính chính hoặc hủy bỏ quyết định"))
        form = QFormLayout(self)
        form.addRow(QLabel(tr("Quyết định {0} — {1}").format(info.number_text, info.violator)))
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for code, label in self.KINDS:
            self.kind.addItem(tr(label), code)
        self.day = QDateEdit(QDate.currentDate())
        self.day.setObjectName("day")
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setCalendarPopup(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.changes = QPlainTextEdit()
        self.changes.setObjectName("changes")
        self.changes.setTabChangesFocus(True)
        self.changes.setPlaceholderText(tr("Mỗi dòng một nội dung sửa đổi hoặc đính chính"))
        form.addRow(tr("Loại quyết định:"), self.kind)
        form.addRow(tr("Ngày:"), self.day)
        form.addRow(tr("Lý do:"), self.reason)
        form.addRow(tr("Nội dung:"), self.changes)
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        form.addRow(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Ban hành"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Hủy"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def save(self) -> None:
        day = self.day.date().toPython()
        assert isinstance(day, date)
        changes = [line for line in self.changes.toPlainText().splitlines() if line.strip()]
        try:
            self.issued = amendments.amend_decision(
                self.db, self.actor, self.info.number or 0, self.info.year,
                self.kind.currentData(), self.reason.text(), changes, day)
        except ServiceError as exc:
            self.message.setText(exc.vi)
            return
        self.accept()


class DecisionsPage(Page):
    title = "Quyết định xử phạt"

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, parent)
        layout = QVBoxLayout(self)
        header = QLabel(tr("Sổ quyết định xử phạt vi phạm hành chính"))
        header.setObjectName("pageTitle")
        layout.addWidget(header)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self._build_register()
        self._build_awaiting()
        self._build_records()
        self._build_awaiting_record()
        if not can(actor.role, Permission.ISSUE_DECISIONS):
            self.tabs.setCurrentWidget(self.awaiting_record_tab)  # the inspector's work first

    def _build_register(self) -> None:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Năm:")))
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(2013, 2100)
        self.year.setValue(date.today().year)
        bar.addWidget(self.year)
        self.status = QComboBox()
        self.status.setObjectName("status")
        self.status.addItem(tr("Mọi trạng thái"), None)
        for code, label in decisions.DECISION_STATUS_LABELS_VI.items():
            self.status.addItem(tr(label), code)
        bar.addWidget(self.status)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(tr("Tìm theo số hoặc đối tượng (không cần dấu)…"))
        self.search.setClearButtonEnabled(True)
        bar.addWidget(self.search, 1)
        self.reprint_button = QPushButton(tr("In lại cả năm…"))
        self.reprint_button.setObjectName("reprint")
        bar.addWidget(self.reprint_button)
        layout.addLayout(bar)
        self.model: ListTableModel[decisions.DecisionInfo] = ListTableModel([
            Column(tr("Số"), lambda r: r.number_text or tr("(chưa cấp số)")),
            Column(tr("Ngày"), lambda r: _d(r.issued_on)),
            Column(tr("Đối tượng vi phạm"), lambda r: r.violator),
            Column(tr("Tiền phạt"), lambda r: format_vnd(r.total_amount, unit=False), RIGHT),
            Column(tr("Đã nộp"), lambda r: format_vnd(r.paid, unit=False), RIGHT),
            Column(tr("Hạn nộp"), lambda r: _d(r.due_date)),
            Column(tr("Thời hạn"), _left),
            Column(tr("Trạng thái"),
                   lambda r: tr(decisions.DECISION_STATUS_LABELS_VI.get(r.status, r.status))),
        ])
        splitter = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.view = QTableView()
        self.view.setObjectName("decisions")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setVisible(False)
        left_layout.addWidget(self.view, 1)
        actions = QHBoxLayout()
        self.deliver_button = QPushButton(tr("Ghi ngày giao…"))
        self.deliver_button.setObjectName("deliver")
        self.pay_button = QPushButton(tr("Ghi nộp phạt…"))
        self.pay_button.setObjectName("pay")
        follow = can(self.actor.role, Permission.RECORD_PAYMENTS)
        self.deliver_button.setVisible(follow)
        self.pay_button.setVisible(follow)
        self.amend_button = QPushButton(tr("Sửa đổi / Đính chính / Hủy bỏ…"))
        self.amend_button.setObjectName("amend")
        self.amend_button.setVisible(can(self.actor.role, Permission.ISSUE_DECISIONS))
        self.amend_button.clicked.connect(self.amend)
        actions.addWidget(self.deliver_button)
        actions.addWidget(self.pay_button)
        actions.addWidget(self.amend_button)
        actions.addStretch(1)
        left_layout.addLayout(actions)
        self.summary = QLabel("")
        self.summary.setObjectName("summary")
        left_layout.addWidget(self.summary)
        self.preview = PdfPreview()
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setSizes([640, 420])
        layout.addWidget(splitter, 1)
        self.tabs.addTab(tab, tr("Sổ quyết định"))
        self.year.valueChanged.connect(lambda _v: self.refresh())
        self.status.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.search.textChanged.connect(lambda _t: self.apply_filter())
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _p: self.show_decision(cur.row()))
        self.deliver_button.clicked.connect(lambda: self.follow_up(payment=False))
        self.pay_button.clicked.connect(lambda: self.follow_up(payment=True))
        self.reprint_button.clicked.connect(self.reprint_year)
        self._all: list[decisions.DecisionInfo] = []

    def _build_awaiting(self) -> None:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.awaiting: ListTableModel[decisions.AwaitingCase] = ListTableModel([
            Column(tr("Đối tượng"), lambda c: c.violator),
            Column(tr("Lĩnh vực"), lambda c: tr(SECTOR_SHORT_VI.get(c.sector, c.sector))),
            Column(tr("Biên bản"), lambda c: f"{c.record_number:02d} ({_d(c.record_date)})"
                   if c.record_number else ""),
            Column(tr("Tiền phạt dự kiến"), lambda c: format_vnd(c.total, unit=False), RIGHT),
            Column(tr("Hạn ra quyết định"), lambda c: _d(c.deadline)),
        ])
        self.awaiting_view = QTableView()
        self.awaiting_view.setObjectName("awaiting")
        self.awaiting_view.setModel(self.awaiting)
        self.awaiting_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.awaiting_view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.awaiting_view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.awaiting_view, 1)
        bar = QHBoxLayout()
        bar.addStretch(1)
        self.review_button = QPushButton(tr("Xem xét và ban hành…"))
        self.review_button.setObjectName("review")
        self.review_button.clicked.connect(self.open_issue)
        bar.addWidget(self.review_button)
        layout.addLayout(bar)
        self.tabs.addTab(tab, tr("Vụ việc chờ ra quyết định"))

    def _build_records(self) -> None:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.records: ListTableModel[violation_records.RecordInfo] = ListTableModel([
            Column(tr("Số biên bản"), lambda r: r.number_text or tr("(chưa cấp số)")),
            Column(tr("Ngày lập"), lambda r: _d(r.made_on)),
            Column(tr("Đối tượng vi phạm"), lambda r: r.violator),
            Column(tr("Trạng thái"), lambda r: tr(violation_records.RECORD_STATUS_LABELS_VI.get(
                r.status, r.status))),
            Column(tr("Quyết định"), lambda r: tr("Đã có") if r.decided else tr("Chưa có")),
        ])
        view = QTableView()
        view.setObjectName("records")
        view.setModel(self.records)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setStretchLastSection(True)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        layout.addWidget(view)
        self.records_view = view
        bar = QHBoxLayout()
        bar.addStretch(1)
        self.open_record_button = QPushButton(tr("Xem, in lại biên bản…"))
        self.open_record_button.setObjectName("openRecord")
        self.open_record_button.clicked.connect(self.open_selected_record)
        bar.addWidget(self.open_record_button)
        layout.addLayout(bar)
        view.doubleClicked.connect(lambda _i: self.open_selected_record())
        self.tabs.addTab(tab, tr("Sổ biên bản"))

    def _build_awaiting_record(self) -> None:
        """Cases with violations still without a record: the inspector's to-do, with the
        limitation deadline (the last day a sanction is possible)."""
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.awaiting_record: ListTableModel[violation_records.AwaitingRecord] = ListTableModel([
            Column(tr("Đối tượng"), lambda c: c.violator),
            Column(tr("Cơ sở"), lambda c: c.establishment),
            Column(tr("Lĩnh vực"), lambda c: tr(SECTOR_SHORT_VI.get(c.sector, c.sector))),
            Column(tr("Ngày phát hiện"), lambda c: _d(c.opened_on)),
            Column(tr("Số hành vi"), lambda c: c.violations, RIGHT),
            Column(tr("Tiền phạt dự kiến"), lambda c: format_vnd(c.total, unit=False), RIGHT),
            Column(tr("Thời hiệu đến"), lambda c: _d(c.limitation_due)),
            Column(tr("Biên bản"), lambda c: tr("Đang soạn") if c.draft else tr("Chưa lập")),
        ])
        view = QTableView()
        view.setObjectName("awaitingRecord")
        view.setModel(self.awaiting_record)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(view, 1)
        self.awaiting_record_view = view
        bar = QHBoxLayout()
        bar.addStretch(1)
        self.make_record_button = QPushButton(tr("Lập biên bản vi phạm…"))
        self.make_record_button.setObjectName("makeRecord")
        self.make_record_button.setVisible(can(self.actor.role, Permission.EDIT_FIELD_WORK))
        self.make_record_button.clicked.connect(self.make_record)
        view.doubleClicked.connect(lambda _i: self.make_record())
        bar.addWidget(self.make_record_button)
        layout.addLayout(bar)
        self.awaiting_record_tab = tab
        self.tabs.addTab(tab, tr("Vụ việc chờ lập biên bản"))

    def _open_record(self, case_id: object) -> object:
        from inspector.ui.record_dialog import open_record

        dialog = open_record(self, self.db, self.actor, case_id)  # type: ignore[arg-type]
        if dialog is not None:
            dialog.destroyed.connect(lambda _o=None: self.refresh())
        return dialog

    def make_record(self) -> object:
        rows = self.awaiting_record_view.selectionModel().selectedRows()
        case = self.awaiting_record.row_at(rows[0].row()) if rows else None
        if case is None:
            dialogs.info(self, tr("Biên bản vi phạm"), tr("Hãy chọn một vụ việc trong bảng."))
            return None
        return self._open_record(case.case_id)

    def open_selected_record(self) -> object:
        rows = self.records_view.selectionModel().selectedRows()
        record = self.records.row_at(rows[0].row()) if rows else None
        if record is None:
            dialogs.info(self, tr("Sổ biên bản"), tr("Hãy chọn một biên bản trong bảng."))
            return None
        return self._open_record(record.case_id)

    def amend(self) -> None:
        info = self.selected()
        if info is None or info.number is None:
            return
        if dialogs.run_modal(AmendDialog(self.db, self.actor, info, self)):
            self.refresh()

    def refresh(self) -> None:
        def load() -> None:
            self.records.set_items(violation_records.list_records(self.db, self.actor, self.year.value()))
            self.records_view.resizeColumnsToContents()
            self._all = decisions.list_decisions(self.db, self.actor, self.year.value())
            self.apply_filter()
            waiting = decisions.cases_awaiting_decision(self.db, self.actor)
            self.awaiting.set_items(waiting)
            self.tabs.setTabText(1, tr("Vụ việc chờ ra quyết định ({0})").format(len(waiting)))
            self.awaiting_view.resizeColumnsToContents()
            to_record = violation_records.cases_awaiting_record(self.db, self.actor)
            self.awaiting_record.set_items(to_record)
            self.tabs.setTabText(self.tabs.indexOf(self.awaiting_record_tab),
                                 tr("Vụ việc chờ lập biên bản ({0})").format(len(to_record)))
            self.awaiting_record_view.resizeColumnsToContents()
        guarded(self, tr("tải sổ quyết định"), load)

    def apply_filter(self) -> None:
        status = self.status.currentData()
        words = search_key(self.search.text()).split()
        rows = [r for r in self._all
                if (status is None or r.status == status)
                and all(w in search_key(f"{r.number_text} {r.violator}") for w in words)]
        self.model.set_items(rows)
        self.view.resizeColumnsToContents()
        total = sum(r.total_amount for r in rows if r.status not in ("cancelled",))
        paid = sum(r.paid for r in rows)
        self.summary.setText(tr("{0} quyết định; tiền phạt {1}; đã nộp {2}.").format(
            len(rows), format_vnd(total), format_vnd(paid)))
        if rows:
            self.view.selectRow(0)
            self.show_decision(0)
        else:
            self.preview.set_pdf(b"")

    def selected(self) -> decisions.DecisionInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def show_decision(self, row: int) -> None:
        info = self.model.row_at(row)
        if info is None or info.number is None:
            self.preview.set_pdf(b"")
            return
        pdf = guarded(self, tr("mở bản PDF"),
                      lambda: decisions.decision_pdf(self.db, self.actor, info.number or 0, info.year))
        self.preview.set_pdf(pdf or b"", f"QD-{info.number:02d}-{info.year}.pdf")

    def follow_up(self, payment: bool) -> None:
        info = self.selected()
        if info is None:
            return
        if dialogs.run_modal(FollowUpDialog(self.db, self.actor, info, payment, self)):
            self.refresh()

    def issue_dialog(self) -> IssueDialog | None:
        rows = self.awaiting_view.selectionModel().selectedRows()
        case = self.awaiting.row_at(rows[0].row()) if rows else None
        return IssueDialog(self.db, self.actor, case.case_id, self) if case else None

    def open_issue(self) -> None:
        dialog = self.issue_dialog()
        if dialog is not None and dialogs.run_modal(dialog):
            self.refresh()

    def reprint_year(self) -> None:
        year = self.year.value()
        path = dialogs.save_file(self, tr("In lại quyết định năm {0}").format(year),
                                 f"quyet-dinh-{year}.pdf", "PDF (*.pdf)")
        if not path:
            return

        def work(progress, cancelled):  # type: ignore[no-untyped-def]
            return decisions.year_pdf(self.db, self.actor, year, progress, cancelled)

        def done(pdf: bytes | None) -> None:
            if pdf is None:
                dialogs.info(self, tr("In lại"), tr("Đã hủy; không có tệp nào được ghi."))
                return
            with open(path, "wb") as fh:
                fh.write(pdf)
            dialogs.info(self, tr("In lại"), tr("Đã ghi {0}; mở tệp để in.").format(path))

        run_in_background(self, work, done, tr("Đang gộp các quyết định năm {0}…").format(year),
                          tr("in lại quyết định"))
