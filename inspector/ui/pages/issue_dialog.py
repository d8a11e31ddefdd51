"""Issuing is a deliberate act: the checks with their legal basis, the draft, then "Ban hành"."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.money import amount_in_words, format_vnd
from inspector.domain.roles import Permission, can
from inspector.domain.text import format_date
from inspector.services import clock, decisions
from inspector.services.actor import Actor
from inspector.services.errors import ServiceError
from inspector.store.engine import Database
from inspector.ui.form_fields import DateEdit
from inspector.ui.pdf_view import PdfPreview
from inspector.ui.support import dialogs, report_exception, tr


class IssueDialog(QDialog):
    """Review a case for a decision on a date; issue it only when every check passes."""

    def __init__(self, db: Database, actor: Actor, case_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.case_id = db, actor, case_id
        self.issued: decisions.DecisionInfo | None = None
        self.review: decisions.Review | None = None
        self._reviewed_on: date | None = None
        self.transferred = False
        self.setWindowTitle(tr("Xem xét và ban hành quyết định xử phạt"))
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Ngày ra quyết định:")))
        self.on_date = DateEdit(initial=clock.today())
        self.on_date.setObjectName("decisionDate")
        self.on_date.setMaximumWidth(130)
        bar.addWidget(self.on_date)
        bar.addStretch(1)
        layout.addLayout(bar)
        splitter = QSplitter()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        self.summary = QLabel("")
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        left_layout.addWidget(self.summary)
        left_layout.addWidget(QLabel(tr("Kiểm tra trước khi ban hành:")))
        self.checks = QListWidget()
        self.checks.setObjectName("checks")
        self.checks.setWordWrap(True)
        # Each check is read whole (they ended in "…"): no eliding, rows as tall as their text.
        self.checks.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.checks.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left_layout.addWidget(self.checks, 1)
        self.preview = PdfPreview()
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setSizes([380, 560])
        layout.addWidget(splitter, 1)
        buttons = QHBoxLayout()
        self.transfer_button = QPushButton(tr("Lập công văn chuyển hồ sơ…"))
        self.transfer_button.setObjectName("transfer")
        self.sign_transfer = QCheckBox(tr("Ký số công văn"))
        self.sign_transfer.setObjectName("signTransfer")
        self.sign_transfer.setToolTip(tr("Ký số công văn chuyển hồ sơ bằng chứng thư số của "
                                         "người ký khi ban hành"))
        self.issue_button = QPushButton(tr("Ban hành và cấp số"))
        self.issue_button.setObjectName("issue")
        self.issue_button.setDefault(False)
        self.sign_button = QPushButton(tr("Ký số và ban hành"))
        self.sign_button.setObjectName("signIssue")
        self.sign_button.setToolTip(tr("Ký số quyết định bằng chứng thư số của người ký (USB "
                                       "token hoặc tệp .p12) rồi ban hành, trong một thao tác"))
        self.why = QLabel("")
        self.why.setObjectName("why")
        self.why.setWordWrap(True)
        close = QPushButton(tr("Đóng"))
        close.clicked.connect(self.reject)
        buttons.addWidget(self.why, 1)
        buttons.addWidget(self.sign_transfer)
        buttons.addWidget(self.transfer_button)
        buttons.addWidget(self.issue_button)
        buttons.addWidget(self.sign_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.on_date.textChanged.connect(lambda _t: self._date_typed())
        self.issue_button.clicked.connect(self.issue)
        self.sign_button.clicked.connect(self.sign_and_issue)
        self.transfer_button.clicked.connect(self.transfer)
        self.resize(1100, 720)
        self.reload()

    def _date(self) -> date:
        value = self.on_date.valid_value()
        assert value is not None  # the buttons are disabled while the date is not whole
        return value

    def _date_typed(self) -> None:
        """A whole date reviews the case on it; half a date typed issues nothing."""
        day = self.on_date.valid_value()
        if day is None:
            self._reviewed_on = None
            self.issue_button.setEnabled(False)
            self.sign_button.setEnabled(False)
            self.transfer_button.setEnabled(False)
            self.why.setText(tr("Hãy nhập ngày ra quyết định theo dạng dd/mm/yyyy."))
        elif day != self._reviewed_on:
            self.reload()

    def reload(self) -> None:
        self._reviewed_on = self._date()
        self.transfer_button.setEnabled(not self.transferred)
        try:
            self.review = decisions.review_decision(self.db, self.actor, self.case_id, self._date())
        except ServiceError as exc:
            self.review = None
            self.summary.setText(exc.vi)
            self.issue_button.setEnabled(False)
            self.sign_button.setEnabled(False)
            self.transfer_button.setVisible(False)
            self.sign_transfer.setVisible(False)
            return
        review = self.review
        self.summary.setText(tr("Tổng tiền phạt: {0}\n({1})\nNgười ký: {2}").format(
            format_vnd(review.total), amount_in_words(review.total),
            (review.signer.full_name + ", " + review.title) if review.signer else "—"))
        self.checks.clear()
        for check in review.checks:
            mark = "✘" if not check.ok else "⚠" if check.caution else "✔"
            item = QListWidgetItem(f"{mark} {check.message}\n    {tr('Căn cứ')}: {check.basis}")
            item.setToolTip(check.basis)
            self.checks.addItem(item)
        self.fit_checks()
        allowed = can(self.actor.role, Permission.ISSUE_DECISIONS)
        self.issue_button.setEnabled(review.ok and allowed)
        self.sign_button.setEnabled(review.ok and allowed)
        self.transfer_button.setVisible(review.needs_transfer and allowed)
        self.sign_transfer.setVisible(review.needs_transfer and allowed)
        if not allowed:
            self.why.setText(tr("Chỉ người có vai trò ra quyết định mới được ban hành."))
        elif not review.ok:
            self.why.setText(tr("Chưa thể ban hành: có mục kiểm tra không đạt (đánh dấu ✘)."))
        else:
            self.why.setText(tr("Đủ điều kiện ban hành. Quyết định sẽ được cấp số và khóa lại."))
        try:
            self.preview.set_pdf(decisions.draft_decision_pdf(self.db, self.actor, self.case_id,
                                                               self._date()), "du-thao.pdf")
        except ServiceError:
            self.preview.set_pdf(b"")

    def issue(self) -> None:
        if not dialogs.confirm(self, tr("Ban hành quyết định"), tr(
                "Ban hành quyết định ngày {0}? Sau khi ban hành, quyết định được cấp số, "
                "lưu bản PDF và không thể sửa.").format(format_date(self._date()))):
            return
        try:
            self.issued = decisions.issue_decision(self.db, self.actor, self.case_id, self._date())
        except Exception as exc:
            report_exception(self, exc, tr("ban hành quyết định"))
            self.reload()
            return
        self.accept()

    def sign_and_issue(self) -> None:
        """One action: the certificate and PIN are asked, the decision is numbered, signed
        and stored; a wrong PIN or certificate issues nothing."""
        from inspector.ui.sign_dialog import CredentialsDialog

        assert self.review is not None
        signer = self.review.signer.full_name if self.review.signer else ""
        ask = CredentialsDialog(tr("Ký số và ban hành quyết định"), tr(
            "Quyết định ngày {0} sẽ được cấp số, ký số bằng chứng thư số của {1} và khóa lại. "
            "Chọn thiết bị ký số hoặc tệp chứng thư và nhập mã PIN.").format(
                format_date(self._date()), signer), self)
        if not dialogs.run_modal(ask) or ask.result_credentials is None:
            return
        try:
            self.issued = decisions.issue_decision(self.db, self.actor, self.case_id,
                                                   self._date(), sign=ask.result_credentials)
        except Exception as exc:
            report_exception(self, exc, tr("ký số và ban hành quyết định"))
            self.reload()
            return
        self.accept()

    def transfer(self) -> None:
        """Issue the transfer letter (numbered, kept): only then is the case transferred."""
        from inspector.services.issued_documents import document_pdf, issue_document

        if not dialogs.confirm(self, tr("Chuyển hồ sơ"), tr(
                "Ban hành công văn chuyển hồ sơ ngày {0}? Công văn được cấp số, lưu bản PDF; vụ "
                "việc chuyển sang trạng thái 'đã chuyển'.").format(
                    format_date(self._date()))):
            return
        sign = None
        if self.sign_transfer.isChecked():
            from inspector.ui.sign_dialog import SIGN_AND_ISSUE_VI, ask_credentials

            sign = ask_credentials(self, tr("Ký số công văn chuyển hồ sơ"),
                                   tr(SIGN_AND_ISSUE_VI).format(tr("Công văn")))
            if sign is None:
                return
        try:
            info = issue_document(self.db, self.actor, "transfer", self.case_id, self._date(),
                                  sign=sign)
            pdf = document_pdf(self.db, self.actor, "transfer", info.number, info.year)
        except Exception as exc:
            report_exception(self, exc, tr("ban hành công văn chuyển hồ sơ"))
            return
        self.preview.set_pdf(pdf, "chuyen-ho-so.pdf")
        self.why.setText(tr("Đã ban hành công văn chuyển hồ sơ số {0}; vụ việc chuyển sang "
                            "trạng thái 'đã chuyển'. Lưu hoặc in công văn ở khung bên phải; in "
                            "lại từ sổ văn bản.").format(info.number_text))
        self.transferred = True
        self.issue_button.setEnabled(False)
        self.transfer_button.setEnabled(False)
        self.sign_transfer.setEnabled(False)

    def fit_checks(self) -> None:
        """Give each check the height of its wrapped text at the list's width."""
        width = max(self.checks.viewport().width() - 12, 200)
        metrics = self.checks.fontMetrics()
        for row in range(self.checks.count()):
            item = self.checks.item(row)
            rect = metrics.boundingRect(0, 0, width, 10_000, int(
                Qt.TextFlag.TextWordWrap.value), item.text())
            item.setSizeHint(QSize(width, rect.height() + 8))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_checks()
