"""Quyết định xử phạt: the register of decisions with preview, delivery and payments, and the
cases waiting for a decision."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
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
from inspector.services import (
    amendments,
    decisions,
    national_export,
    payments,
    violation_records,
)
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
    """The "Thời hạn" cell: days left or late on the fine; what else is still owed; nothing
    for a decision that carries no obligation (annulled, or an Art 18 decision)."""
    if info.nothing_due:
        return tr("Cảnh cáo — không phải nộp tiền")
    if not info.in_force:
        return ""
    if info.fine_owed and info.days_left is not None:
        if info.days_left < 0:
            return tr("quá {0} ngày").format(-info.days_left)
        return tr("còn {0} ngày").format(info.days_left)
    if info.charge_owed:
        return tr("còn nợ tiền chậm nộp")
    return ""


def _money(value: int, info: decisions.DecisionInfo, fine: bool = False) -> str:
    """An amount cell; blank where no money is due at all (warnings, Art 18 decisions); an
    annulled decision shows only the fine it had imposed."""
    if info.nothing_due or info.amends_id is not None or (not info.in_force and not fine):
        return ""
    return format_vnd(value, unit=False)


def _status(info: decisions.DecisionInfo) -> str:
    if info.amends_id is not None:
        return tr({"correct": "Đính chính", "amend": "Sửa đổi, bổ sung",
                   "annul": "Hủy bỏ"}.get(info.amendment_kind or "", "Sửa đổi, bổ sung"))
    return tr(decisions.DECISION_STATUS_LABELS_VI.get(info.status, info.status))


class FollowUpDialog(QDialog):
    """Record the delivery date, or a payment (date, amount, receipt number, collecting body),
    with the fine and the late charge (Law Art 78) shown apart: due, paid, still owed on the
    day of payment."""

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
        self.fine_line = QLabel("")
        self.fine_line.setObjectName("fineLine")
        self.charge_line = QLabel("")
        self.charge_line.setObjectName("chargeLine")
        self.charge_line.setWordWrap(True)
        self.amount = QLineEdit(format_vnd(info.owed, unit=False))
        self.amount.setObjectName("amount")
        self.receipt = QLineEdit()
        self.receipt.setObjectName("receipt")
        self.collector = QLineEdit()
        self.collector.setObjectName("collector")
        self.collector.setPlaceholderText(tr("Kho bạc Nhà nước ghi trên quyết định (mặc định)"))
        if payment:
            form.addRow(tr("Tiền phạt:"), self.fine_line)
            form.addRow(tr("Tiền chậm nộp:"), self.charge_line)
            form.addRow(tr("Số tiền (đồng):"), self.amount)
            form.addRow(tr("Số biên lai:"), self.receipt)
            form.addRow(tr("Nơi thu:"), self.collector)
            self.day.dateChanged.connect(lambda _d: self.show_position())
            self.show_position()
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

    def show_position(self) -> None:
        """Fine and late charge as they stand on the chosen day (the service computes them)."""
        day = self.day.date().toPython()
        assert isinstance(day, date)
        try:
            now = payments.position(self.db, self.actor, self.info.number or 0, self.info.year,
                                    day)
        except ServiceError as exc:
            self.fine_line.setText(exc.vi)
            return
        self.fine_line.setText(tr("phải nộp {0}; đã nộp {1}; còn {2}").format(
            format_vnd(now.total_amount), format_vnd(now.fine_paid), format_vnd(now.fine_owed)))
        if now.late_charge:
            self.charge_line.setText(tr("phải nộp {0}; đã nộp {1}; còn {2} (Luật XLVPHC "
                                        "Điều 78: 0,05 % mỗi ngày chậm nộp)").format(
                format_vnd(now.late_charge), format_vnd(now.charge_paid),
                format_vnd(now.charge_owed)))
        else:
            self.charge_line.setText(tr("không có"))
        self.amount.setText(format_vnd(now.owed, unit=False))

    def save(self) -> None:
        day = self.day.date().toPython()
        assert isinstance(day, date)
        number, year = self.info.number or 0, self.info.year
        db, actor = self.db, self.actor
        try:
            if self.payment:
                amount = parse_vnd(self.amount.text())
                payments.add_payment(db, actor, number, year, amount, day, self.receipt.text(),
                                     self.collector.text() or None)
            else:
                payments.record_delivery(db, actor, number, year, day)
        except (ServiceError, ValueError) as exc:
            self.message.setText(exc.vi if isinstance(exc, ServiceError) else str(exc))
            return
        self.accept()


class ExportDialog(QDialog):
    """The period's decisions for the national database (Decree 20/2016), in one file."""

    def __init__(self, db: Database, actor: Actor, year: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.year = db, actor, year
        self.header: dict[str, object] | None = None
        self.path = ""
        self.setWindowTitle(tr("Xuất dữ liệu cho Cơ sở dữ liệu quốc gia"))
        form = QFormLayout(self)
        form.addRow(QLabel(tr("Các quyết định ban hành, sửa đổi, đính chính, hủy bỏ, hoãn, "
                              "nộp tiền hoặc cưỡng chế trong khoảng thời gian, mỗi quyết định "
                              "một lần (Nghị định 20/2016/NĐ-CP).")))
        self.start = QDateEdit(QDate(year, 1, 1))
        self.start.setObjectName("start")
        self.end = QDateEdit(QDate(year, 12, 31))
        self.end.setObjectName("end")
        for edit in (self.start, self.end):
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setCalendarPopup(True)
        self.csv = QCheckBox(tr("Dạng bảng CSV (mở bằng Excel); bỏ chọn để xuất JSON"))
        self.csv.setObjectName("csv")
        form.addRow(tr("Từ ngày:"), self.start)
        form.addRow(tr("Đến ngày:"), self.end)
        form.addRow(self.csv)
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        form.addRow(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("Xuất tệp…"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Hủy"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def save(self) -> None:
        start, end = self.start.date().toPython(), self.end.date().toPython()
        assert isinstance(start, date) and isinstance(end, date)
        fmt = "csv" if self.csv.isChecked() else "json"
        path = dialogs.save_file(self, tr("Lưu tệp xuất dữ liệu"),
                                 f"quyet-dinh-{start.isoformat()}-{end.isoformat()}.{fmt}",
                                 "CSV (*.csv)" if fmt == "csv" else "JSON (*.json)")
        if not path:
            return
        try:
            self.header = national_export.write_period_file(
                self.db, self.actor, self.year, start, end, fmt, path)
        except ServiceError as exc:
            self.message.setText(exc.vi)
            return
        self.path = path
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
        # Only an amendment changes the obligation's amount (Law Art 18; issue 9 §3).
        self.new_amount = QLineEdit(format_vnd(info.total_amount, unit=False))
        self.new_amount.setObjectName("newAmount")
        self.amount_note = QLabel("")
        self.amount_note.setObjectName("amountNote")
        self.amount_note.setWordWrap(True)
        form.addRow(tr("Loại quyết định:"), self.kind)
        form.addRow(tr("Ngày:"), self.day)
        form.addRow(tr("Lý do:"), self.reason)
        form.addRow(tr("Nội dung:"), self.changes)
        form.addRow(tr("Số tiền phạt mới (đồng):"), self.new_amount)
        form.addRow(self.amount_note)
        self.kind.currentIndexChanged.connect(lambda _i: self.kind_changed())
        self.kind_changed()
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

    def kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.new_amount.setEnabled(kind == "amend")
        self.amount_note.setText({
            "amend": tr("Quyết định gốc tiếp tục được thi hành với số tiền mới; số đã nộp "
                        "được tính vào."),
            "correct": tr("Đính chính chỉ sửa câu chữ: tiền phạt của quyết định gốc giữ "
                          "nguyên và vẫn phải nộp."),
            "annul": tr("Hủy bỏ chấm dứt nghĩa vụ nộp tiền phạt của quyết định gốc."),
        }[kind])

    def save(self) -> None:
        day = self.day.date().toPython()
        assert isinstance(day, date)
        changes = [line for line in self.changes.toPlainText().splitlines() if line.strip()]
        kind = self.kind.currentData()
        try:
            amount = parse_vnd(self.new_amount.text()) if kind == "amend" else None
            self.issued = amendments.amend_decision(
                self.db, self.actor, self.info.number or 0, self.info.year,
                kind, self.reason.text(), changes, day, new_amount=amount)
        except (ServiceError, ValueError) as exc:
            self.message.setText(exc.vi if isinstance(exc, ServiceError) else str(exc))
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
        self.export_button = QPushButton(tr("Xuất CSDL quốc gia…"))
        self.export_button.setObjectName("export")
        self.export_button.setToolTip(tr("Các quyết định của một khoảng thời gian trong một tệp "
                                         "(Nghị định 20/2016/NĐ-CP)"))
        bar.addWidget(self.export_button)
        layout.addLayout(bar)
        self.model: ListTableModel[decisions.DecisionInfo] = ListTableModel([
            Column(tr("Số"), lambda r: r.number_text or tr("(chưa cấp số)")),
            Column(tr("Ngày"), lambda r: _d(r.issued_on)),
            Column(tr("Đối tượng vi phạm"), lambda r: r.violator),
            Column(tr("Tiền phạt"), lambda r: _money(r.total_amount, r, fine=True), RIGHT),
            Column(tr("Đã nộp phạt"), lambda r: _money(r.fine_paid, r), RIGHT),
            Column(tr("Tiền chậm nộp"), lambda r: _money(r.late_charge, r), RIGHT),
            Column(tr("Đã nộp chậm nộp"), lambda r: _money(r.charge_paid, r), RIGHT),
            Column(tr("Còn phải nộp"), lambda r: _money(r.owed, r), RIGHT),
            Column(tr("Hạn nộp"), lambda r: _d(r.due_date) if r.in_force and not r.nothing_due
                   else ""),
            Column(tr("Thời hạn"), _left),
            Column(tr("Trạng thái"), _status),
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
        self.export_button.clicked.connect(self.export_period)
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
            Column(tr("Trạng thái"), lambda r: tr("Đã lập") if r.status == "issued" else r.status),
            Column(tr("Quyết định"), lambda r: tr("Đã có") if r.decided else tr("Chưa có")),
        ])
        view = QTableView()
        view.setObjectName("records")
        view.setModel(self.records)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(view)
        self.records_view = view
        self.tabs.addTab(tab, tr("Sổ biên bản"))

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
        guarded(self, tr("tải sổ quyết định"), load)

    def apply_filter(self) -> None:
        status = self.status.currentData()
        words = search_key(self.search.text()).split()
        rows = [r for r in self._all
                if (status is None or r.status == status)
                and all(w in search_key(f"{r.number_text} {r.violator}") for w in words)]
        self.model.set_items(rows)
        self.view.resizeColumnsToContents()
        live = [r for r in rows if r.in_force]  # the one predicate, as the tally counts
        self.summary.setText(tr(
            "{0} quyết định đang thi hành; tiền phạt {1}, đã nộp {2}, còn {3}; tiền chậm nộp "
            "{4}, đã nộp {5}, còn {6}.").format(
            len(live), format_vnd(sum(r.total_amount for r in live)),
            format_vnd(sum(r.fine_paid for r in live)),
            format_vnd(sum(r.fine_owed for r in live)),
            format_vnd(sum(r.late_charge for r in live)),
            format_vnd(sum(r.charge_paid for r in live)),
            format_vnd(sum(r.charge_owed for r in live))))
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

    def export_period(self) -> None:
        dialog = ExportDialog(self.db, self.actor, self.year.value(), self)
        if dialogs.run_modal(dialog) and dialog.header is not None:
            dialogs.info(self, tr("Xuất dữ liệu"), tr(
                "Đã ghi {0} quyết định vào {1}.\nMã kiểm tra SHA-256: {2}").format(
                dialog.header["count"], dialog.path, dialog.header["sha256"]))

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
