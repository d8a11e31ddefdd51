"""Quyết định xử phạt: the register of decisions with preview, delivery and payments, and the
cases waiting for a decision."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.money import format_vnd
from inspector.domain.relief import FOLLOW_UP_LABELS_VI
from inspector.domain.roles import Permission, can
from inspector.domain.sectors import SECTOR_SHORT_VI
from inspector.domain.signatures import ROLE_LABELS_VI, VIETNAM, SignatureRole
from inspector.domain.text import format_date, search_key
from inspector.services import (
    clock,
    decision_signing,
    decisions,
    payments,
    violation_records,
)
from inspector.services.actor import Actor
from inspector.store.engine import Database
from inspector.ui.issued_documents_dialog import DocumentsRegister
from inspector.ui.models import Column, ListTableModel
from inspector.ui.pages.base import Page
from inspector.ui.pages.decision_dialogs import (
    AmendDialog,
    DeferDialog,
    ExportDialog,
    FollowUpDialog,
    ReliefDialog,
)
from inspector.ui.pages.issue_dialog import IssueDialog
from inspector.ui.pdf_view import PdfPreview
from inspector.ui.support import dialogs, elide_label, guarded, tr
from inspector.ui.tasks import run_in_background

RIGHT = Qt.AlignmentFlag.AlignRight
__all__ = ["AmendDialog", "DecisionsPage", "DeferDialog", "ExportDialog", "FollowUpDialog",
           "ReliefDialog"]


def _d(value: date | None) -> str:
    return format_date(value) if value else ""


def _left(info: decisions.DecisionInfo) -> str:
    """The "Thời hạn" cell: days left or late on the fine; what else is still owed; nothing
    for a decision that carries no obligation (annulled, or an Art 18 decision)."""
    if info.nothing_due:
        if info.extra.get("relief"):
            return tr("Đã miễn toàn bộ tiền phạt")
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
        label = tr({"correct": "Đính chính", "amend": "Sửa đổi, bổ sung", "annul": "Hủy bỏ",
                    **FOLLOW_UP_LABELS_VI}.get(info.amendment_kind or "", "Sửa đổi, bổ sung"))
        follows = info.extra.get("follows")
        return f"{label} ({follows})" if follows else label
    if info.in_force and info.extra.get("relief") and not info.owed:
        return tr("Đã miễn tiền phạt")
    return tr(decisions.DECISION_STATUS_LABELS_VI.get(info.status, info.status))


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
        self.documents = DocumentsRegister(db, actor, self.year.value())
        self.tabs.addTab(self.documents, tr("Sổ văn bản"))
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
        self.year.setValue(clock.today().year)
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
            Column(tr("Chữ ký số"), self._signed_text),
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
        self._signed: dict[uuid.UUID, set[SignatureRole]] = {}
        self._verdicts: dict[uuid.UUID, str] = {}
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
        self.receipt_button = QPushButton(tr("Giấy giao nhận"))
        self.receipt_button.setObjectName("deliveryReceipt")
        self.receipt_button.setToolTip(tr("Mặt sau quyết định đã điền giờ giao và người nhận, "
                                          "để in vào mặt sau bản giao trực tiếp"))
        self.receipt_button.clicked.connect(self.show_receipt)
        self.amend_button = QPushButton(tr("Sửa đổi / Đính chính / Hủy bỏ…"))
        self.amend_button.setObjectName("amend")
        self.amend_button.setVisible(can(self.actor.role, Permission.ISSUE_DECISIONS))
        self.amend_button.clicked.connect(self.amend)
        decide = can(self.actor.role, Permission.ISSUE_DECISIONS)
        self.defer_button = QPushButton(tr("Hoãn thi hành…"))
        self.defer_button.setObjectName("defer")
        self.instalments_button = QPushButton(tr("Nộp nhiều lần…"))
        self.instalments_button.setObjectName("instalments")
        for button, many in ((self.defer_button, False), (self.instalments_button, True)):
            button.setVisible(decide)
            button.clicked.connect(lambda _c=False, m=many: self.defer(m))
        self.relief_button = QPushButton(tr("Giảm, miễn…"))
        self.relief_button.setObjectName("relief")
        self.relief_button.setVisible(decide)
        self.relief_button.clicked.connect(self.relieve)
        actions.addWidget(self.deliver_button)
        actions.addWidget(self.pay_button)
        actions.addWidget(self.receipt_button)
        actions.addWidget(self.defer_button)
        actions.addWidget(self.instalments_button)
        actions.addWidget(self.relief_button)
        actions.addWidget(self.amend_button)
        self.agency_sign_button = QPushButton(tr("Ký số của cơ quan…"))
        self.agency_sign_button.setObjectName("agencySign")
        self.agency_sign_button.setToolTip(tr("Văn thư thêm chữ ký số của cơ quan (đóng dấu "
                                              "số) sau chữ ký của người có thẩm quyền"))
        self.agency_sign_button.setVisible(can(self.actor.role, Permission.SIGN_AS_AGENCY))
        self.agency_sign_button.setEnabled(False)
        self.agency_sign_button.clicked.connect(self.agency_sign)
        actions.addWidget(self.agency_sign_button)
        self.copy_button = QPushButton(tr("Bản sao điện tử…"))
        self.copy_button.setObjectName("electronicCopy")
        self.copy_button.setToolTip(tr("Bản sao y điện tử cho đương sự, có chữ ký số của cơ "
                                       "quan ở góc trên bên phải trang đầu"))
        self.copy_button.setVisible(can(self.actor.role, Permission.SIGN_AS_AGENCY))
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.electronic_copy)
        actions.addWidget(self.copy_button)
        actions.addStretch(1)
        left_layout.addLayout(actions)
        self.signature_state = QLabel("")
        self.signature_state.setObjectName("signatureState")
        self.signature_state.setWordWrap(True)
        left_layout.addWidget(self.signature_state)
        # Wrapped to the pane: the totals were cut at the preview's edge and their length
        # (after a payment) set the pane's width.
        self.summary = elide_label(QLabel(""))
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
        dialog = AmendDialog(self.db, self.actor, info, self)
        if dialogs.run_modal(dialog) and dialog.issued is not None:
            self.refresh()
            self.status_message.emit(tr("Đã ban hành quyết định {0} ({1} quyết định {2}).").format(
                dialog.issued.number_text, dialog.kind.currentText().lower(), info.number_text))

    def refresh(self) -> None:
        def load() -> None:
            self.records.set_items(violation_records.list_records(self.db, self.actor, self.year.value()))
            self.records_view.resizeColumnsToContents()
            self._all = decisions.list_decisions(self.db, self.actor, self.year.value())
            self._signed = decision_signing.signed_roles(self.db, self.actor)
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
            self.documents.show_year(self.year.value())
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

    def _signed_text(self, info: decisions.DecisionInfo) -> str:
        roles = self._signed.get(info.id, set())
        if not roles:
            return tr("Bản giấy")
        who = tr("Người ký, cơ quan") if SignatureRole.AGENCY in roles else tr("Người ký")
        verdict = self._verdicts.get(info.id)
        return f"{who} — {verdict}" if verdict else who

    def show_signatures(self, info: decisions.DecisionInfo) -> None:
        """The selected decision's signatures checked now (integrity, trust, holder)."""
        roles = self._signed.get(info.id, set())
        self.agency_sign_button.setEnabled(
            SignatureRole.SIGNER in roles and SignatureRole.AGENCY not in roles
            and info.in_force)
        self.copy_button.setEnabled(bool(roles))
        if not roles:
            self.signature_state.setText(tr("Quyết định ban hành trên giấy (chưa ký số)."))
            return
        result = guarded(self, tr("kiểm tra chữ ký số"),
                         lambda: decision_signing.verify_decision(self.db, self.actor, info.id))
        if result is None:
            return
        ok = "✔" if result.trusted else "✘"
        self._verdicts[info.id] = f"{ok} {tr('hợp lệ') if result.trusted else tr('không hợp lệ')}"
        lines = [f"{ok} {result.summary_vi()}"]
        for s in result.signatures:
            when = s.signed_at.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M:%S") \
                if s.signed_at else "?"
            role = ROLE_LABELS_VI[s.role] if s.role else tr("Chữ ký")
            lines.append(f"{role}: {s.signer}, {when} — {s.reason_vi}")
        self.signature_state.setText("\n".join(lines))
        self.model.layoutChanged.emit()

    def agency_sign(self) -> None:
        """The clerk adds the agency's signature (the seal) with the agency's certificate."""
        from inspector.ui.sign_dialog import CredentialsDialog

        info = self.selected()
        if info is None:
            return
        ask = CredentialsDialog(tr("Ký số của cơ quan"), tr(
            "Thêm chữ ký số của cơ quan vào quyết định số {0}. Chữ ký của người có thẩm quyền "
            "được giữ nguyên.").format(info.number_text), self)
        if not dialogs.run_modal(ask) or ask.result_credentials is None:
            return
        credentials = ask.result_credentials
        if guarded(self, tr("ký số của cơ quan"), lambda: decision_signing.add_agency_signature(
                self.db, self.actor, info.id, credentials)) is not None:
            self._verdicts.pop(info.id, None)
            self.refresh()

    def electronic_copy(self) -> None:
        """An electronic copy (SAO Y) for a party, signed by the agency, saved to a file."""
        from inspector.ui.sign_dialog import CredentialsDialog

        info = self.selected()
        if info is None or info.number is None:
            return
        ask = CredentialsDialog(tr("Bản sao điện tử"), tr(
            "Lập bản sao y điện tử quyết định số {0}, ký số bằng chứng thư số của cơ quan.")
            .format(info.number_text), self)
        if not dialogs.run_modal(ask) or ask.result_credentials is None:
            return
        credentials = ask.result_credentials
        path = dialogs.save_file(self, tr("Lưu bản sao điện tử"),
                                 f"QD-{info.number:02d}-{info.year}-sao-y.pdf",
                                 tr("Tệp PDF (*.pdf)"))
        if not path:
            return
        pdf = guarded(self, tr("lập bản sao điện tử"), lambda: decision_signing.electronic_copy(
            self.db, self.actor, info.id, credentials))
        if pdf is not None:
            from pathlib import Path

            guarded(self, tr("lưu bản sao điện tử"), lambda: Path(path).write_bytes(pdf))
            dialogs.info(self, tr("Bản sao điện tử"), tr("Đã lưu bản sao điện tử: {0}")
                         .format(path))

    def show_decision(self, row: int) -> None:
        info = self.model.row_at(row)
        if info is None or info.number is None:
            self.preview.set_pdf(b"")
            self.signature_state.setText("")
            return
        self.show_signatures(info)
        pdf = guarded(self, tr("mở bản PDF"),
                      lambda: decisions.decision_pdf(self.db, self.actor, info.number or 0, info.year))
        self.preview.set_pdf(pdf or b"", f"QD-{info.number:02d}-{info.year}.pdf")

    def show_receipt(self) -> None:
        """The filled back page of the selected decision in the preview, to save or print."""
        info = self.selected()
        if info is None or info.number is None:
            return
        pdf = guarded(self, tr("lập giấy giao nhận"), lambda: payments.delivery_receipt_pdf(
            self.db, self.actor, info.number or 0, info.year))
        if pdf is not None:
            self.preview.set_pdf(pdf, f"QD-{info.number:02d}-{info.year}-giao-nhan.pdf")

    def follow_up(self, payment: bool) -> None:
        info = self.selected()
        if info is None:
            return
        dialog = FollowUpDialog(self.db, self.actor, info, payment, self)
        if dialogs.run_modal(dialog):
            self.refresh()
            self.status_message.emit(dialog.confirmation)

    def issue_dialog(self) -> IssueDialog | None:
        rows = self.awaiting_view.selectionModel().selectedRows()
        case = self.awaiting.row_at(rows[0].row()) if rows else None
        return IssueDialog(self.db, self.actor, case.case_id, self) if case else None

    def open_issue(self) -> None:
        dialog = self.issue_dialog()
        if dialog is None:
            return
        accepted = dialogs.run_modal(dialog)
        if accepted or dialog.transferred:  # a transfer leaves the dialog open on its letter
            self.refresh()
        if accepted and dialog.issued is not None:
            self.status_message.emit(tr("Đã ban hành quyết định {0} ({1}).").format(
                dialog.issued.number_text, dialog.issued.violator))

    def defer(self, instalments: bool) -> None:
        info = self.selected()
        if info is None or info.number is None:
            return
        dialog = DeferDialog(self.db, self.actor, info, instalments, self)
        if dialogs.run_modal(dialog):
            self.refresh()
            self.status_message.emit(self._issued(dialog.confirmation, dialog.result_info))

    def relieve(self) -> None:
        """Reduce or exempt the fine of the selected decision (Law Art 77, MQĐ04)."""
        info = self.selected()
        if info is None or info.number is None:
            return
        dialog = ReliefDialog(self.db, self.actor, info, self)
        if dialogs.run_modal(dialog):
            self.refresh()
            self.status_message.emit(self._issued(dialog.confirmation, dialog.result_info))

    @staticmethod
    def _issued(confirmation: str, info: decisions.DecisionInfo | None) -> str:
        """The save's confirmation with the number of the decision it issued (MQĐ03–05)."""
        issued = (info.extra.get("issued") if info else None) or {}
        if issued.get("number_text"):
            return confirmation + " " + tr("Đã ban hành quyết định số {0}.").format(
                issued["number_text"])
        return confirmation

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
