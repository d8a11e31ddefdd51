"""The reminder letter: what to fix, by when; the shortcomings come from the failed items."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.services.actor import Actor
from inspector.services.errors import ServiceError
from inspector.services.visit_documents import reminder_letter_pdf
from inspector.store.engine import Database
from inspector.ui.form_fields import DateEdit
from inspector.ui.pdf_view import PdfPreview
from inspector.ui.support import tr


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
        make = QPushButton(tr("Tạo công văn"))
        make.setObjectName("make")
        make.clicked.connect(self.make)
        layout.addWidget(make)
        self.preview = PdfPreview(self)
        layout.addWidget(self.preview, 1)
        self.resize(760, 900)

    def make(self) -> bool:
        lines = lambda edit: [x for x in edit.toPlainText().splitlines() if x.strip()]  # noqa: E731
        try:
            pdf = reminder_letter_pdf(self.db, self.actor, self.visit_id, lines(self.findings),
                                      lines(self.requests), self.report_by.value())
        except (ServiceError, ValueError) as exc:
            self.message.setText(exc.vi if isinstance(exc, ServiceError) else str(exc))
            return False
        self.message.clear()
        self.preview.set_pdf(pdf, "cong-van-nhac-nho.pdf")
        return True
