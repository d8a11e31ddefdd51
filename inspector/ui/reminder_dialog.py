"""The reminder letter: what to fix, by when; the shortcomings come from the failed items."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.services import clock
from inspector.services.actor import Actor
from inspector.services.errors import ServiceError
from inspector.services.issued_documents import IssuedInfo, issue_document
from inspector.services.signing import Credentials
from inspector.services.visit_documents import reminder_letter_pdf
from inspector.store.engine import Database
from inspector.ui.form_fields import DateEdit
from inspector.ui.issued_documents_dialog import IssuedDocumentsPanel
from inspector.ui.pdf_view import PdfPreview
from inspector.ui.support import report_exception, tr


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [x for x in edit.toPlainText().splitlines() if x.strip()]


class ReminderDialog(QWidget):
    def __init__(self, db: Database, actor: Actor, visit_id: uuid.UUID, name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.db, self.actor, self.visit_id = db, actor, visit_id
        self.setWindowTitle(tr("Công văn nhắc nhở: {0}").format(name))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.findings = QPlainTextEdit()
        self.findings.setObjectName("findings")
        self.findings.setTabChangesFocus(True)
        self.findings.setPlaceholderText(tr("Mỗi dòng một tồn tại (để trống: lấy các mục "
                                            "không đạt của danh mục kiểm tra)"))
        self.requests = QPlainTextEdit()
        self.requests.setObjectName("requests")
        self.requests.setTabChangesFocus(True)
        self.requests.setPlaceholderText(tr("Mỗi dòng một yêu cầu khắc phục"))
        self.report_by = DateEdit()
        self.report_by.setObjectName("reportBy")
        form.addRow(tr("Tồn tại:"), self.findings)
        form.addRow(tr("Yêu cầu:"), self.requests)
        form.addRow(tr("Báo cáo kết quả trước:"), self.report_by)
        layout.addLayout(form)
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setStyleSheet("color: #b00020;")
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        make = QPushButton(tr("Xem dự thảo"))
        make.setObjectName("make")
        make.clicked.connect(self.make)
        buttons.addWidget(make)
        self.on_date = DateEdit()
        self.on_date.setObjectName("letterDate")
        self.on_date.set_value(clock.today())
        buttons.addWidget(QLabel(tr("Ngày công văn:")))
        buttons.addWidget(self.on_date)
        self.issue_button = QPushButton(tr("Ban hành (cấp số và lưu)"))
        self.issue_button.setObjectName("issue")
        self.issue_button.clicked.connect(lambda: self.issue())
        buttons.addWidget(self.issue_button)
        self.sign_button = QPushButton(tr("Ký số và ban hành…"))
        self.sign_button.setObjectName("signAndIssue")
        self.sign_button.setToolTip(tr("Cấp số, ký số bằng chứng thư số của người ký (thiết bị "
                                       "ký số hoặc tệp chứng thư) và lưu công văn đã ký"))
        self.sign_button.clicked.connect(self.sign_and_issue)
        buttons.addWidget(self.sign_button)
        layout.addLayout(buttons)
        self.issued: IssuedInfo | None = None
        self.panel = IssuedDocumentsPanel(db, actor, "reminder", visit_id=visit_id,
                                          show=lambda pdf, name: self.preview.set_pdf(pdf, name),
                                          parent=self)
        layout.addWidget(self.panel)
        self.preview = PdfPreview(self)
        layout.addWidget(self.preview, 1)
        self.resize(760, 900)

    def sign_and_issue(self) -> bool:
        """Ask for the certificate and its PIN, then number, sign and keep the letter in one
        step; a wrong PIN or certificate issues nothing."""
        from inspector.ui.sign_dialog import SIGN_AND_ISSUE_VI, ask_credentials

        credentials = ask_credentials(self, tr("Ký số và ban hành công văn"),
                                      tr(SIGN_AND_ISSUE_VI).format(tr("Công văn")))
        return credentials is not None and self.issue(sign=credentials)

    def issue(self, sign: Credentials | None = None) -> bool:
        """Number and keep the letter as drafted, dated as chosen; show the stored copy."""
        day = self.on_date.value() or clock.today()
        try:
            self.issued = issue_document(
                self.db, self.actor, "reminder", self.visit_id, day,
                findings=_lines(self.findings), requests=_lines(self.requests),
                report_by=self.report_by.value(), sign=sign)
        except ServiceError as exc:
            self.message.setText(exc.vi)
            return False
        except Exception as exc:
            report_exception(self, exc, tr("ban hành công văn"))
            return False
        done = tr("Đã ký số và ban hành: {0}.") if sign is not None else tr("Đã ban hành: {0}.")
        self.message.setText(done.format(tr(self.issued.label)))
        self.panel.reload()
        self.panel.reprint()
        return True

    def make(self) -> bool:
        lines = _lines
        try:
            pdf = reminder_letter_pdf(self.db, self.actor, self.visit_id, lines(self.findings),
                                      lines(self.requests), self.report_by.value(),
                                      self.on_date.value())
        except (ServiceError, ValueError) as exc:
            self.message.setText(exc.vi if isinstance(exc, ServiceError) else str(exc))
            return False
        self.message.clear()
        self.preview.set_pdf(pdf, "cong-van-nhac-nho.pdf")
        return True
