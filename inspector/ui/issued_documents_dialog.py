"""Issue a record or letter and reprint those issued: the draft first, then "Ban hành".

Why a window of its own: the checking record, the seizure record and the transfer letter are
issued like a decision — numbered, stored, never changed — so the user reads the draft (marked
DỰ THẢO), picks the date, issues it deliberately, and later reprints the stored copy from the
list of what was issued for that visit or case.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.roles import Permission, can
from inspector.domain.signatures import SignatureRole
from inspector.services import document_signing
from inspector.services import issued_documents as issued
from inspector.services.actor import Actor
from inspector.services.errors import ServiceError
from inspector.store.engine import Database
from inspector.ui.form_fields import DateEdit
from inspector.ui.pdf_view import PdfPreview
from inspector.ui.support import dialogs, report_exception, tr

SIGNABLE_KINDS = document_signing.SIGNABLE
FILE_NAMES = {"no-violation": "bien-ban-kiem-tra", "seizure": "bien-ban-tam-giu",
              "reminder": "cong-van-nhac-nho", "transfer": "cong-van-chuyen-ho-so"}


class IssuedDocumentsPanel(QWidget):
    """The documents issued for a visit or a case (one kind), or the whole register of a year
    (``kind=None``), each reprinted from its store; a signed letter can be sealed here."""

    def __init__(self, db: Database, actor: Actor, kind: str | None, *,
                 visit_id: uuid.UUID | None = None, case_id: uuid.UUID | None = None,
                 year: int | None = None, show: Callable[[bytes, str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.kind, self.year = db, actor, kind, year
        self.visit_id, self.case_id, self.display = visit_id, case_id, show
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(tr("Đã ban hành:")))
        self.list = QListWidget()
        self.list.setObjectName("issuedList")
        self.list.setWordWrap(True)  # a long label with its signature state is read whole
        if kind is not None:
            self.list.setMaximumHeight(90)  # a few for one visit; the register takes the room
        layout.addWidget(self.list, 1)
        self.reprint_button = QPushButton(tr("In lại bản đã ban hành"))
        self.reprint_button.setObjectName("reprint")
        self.reprint_button.clicked.connect(self.reprint)
        layout.addWidget(self.reprint_button)
        # A signed letter: the keeper of the agency's certificate adds its seal afterwards.
        self.seal_button = QPushButton(tr("Ký số của cơ quan…"))
        self.seal_button.setObjectName("agencySign")
        self.seal_button.setVisible((kind is None or kind in SIGNABLE_KINDS)
                                    and can(actor.role, Permission.SIGN_AS_AGENCY))
        self.seal_button.clicked.connect(self.agency_sign)
        layout.addWidget(self.seal_button)
        self._signed: dict[uuid.UUID, set[SignatureRole]] = {}
        self.list.itemDoubleClicked.connect(lambda _i: self.reprint())
        self.list.currentRowChanged.connect(lambda _r: self._seal_state())
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        rows = issued.list_documents(self.db, self.actor, year=self.year, kind=self.kind,
                                     visit_id=self.visit_id, case_id=self.case_id)
        self._signed = (document_signing.signed_documents(self.db, self.actor)
                        if self.kind is None or self.kind in SIGNABLE_KINDS else {})
        for row in rows:
            roles = self._signed.get(row.id, set())
            mark = ""
            if roles:
                mark = " — " + (tr("đã ký số (người ký, cơ quan)")
                                if SignatureRole.AGENCY in roles else tr("đã ký số (người ký)"))
            item = QListWidgetItem(tr(row.label) + mark)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, issued.cli_kind(row.kind))
            self.list.addItem(item)
        if rows:
            self.list.setCurrentRow(len(rows) - 1)
        self.reprint_button.setEnabled(bool(rows))
        self._seal_state()

    def _current_id(self) -> uuid.UUID | None:
        row = self.list.currentRow()
        return self.list.item(row).data(Qt.ItemDataRole.UserRole) if row >= 0 else None

    def _seal_state(self) -> None:
        current = self._current_id()
        roles = self._signed.get(current, set()) if current is not None else set()
        self.seal_button.setEnabled(SignatureRole.SIGNER in roles
                                    and SignatureRole.AGENCY not in roles)

    def agency_sign(self) -> None:
        """The agency's seal over the signer's signature of the selected letter."""
        from inspector.ui.sign_dialog import ask_credentials

        current = self._current_id()
        if current is None:
            return
        credentials = ask_credentials(self, tr("Ký số của cơ quan"), tr(
            "Thêm chữ ký số của cơ quan vào công văn đã ký; chữ ký của người ký được giữ "
            "nguyên."))
        if credentials is None:
            return
        try:
            document_signing.add_agency_signature(self.db, self.actor, current, credentials)
        except Exception as exc:
            report_exception(self, exc, tr("ký số của cơ quan"))
            return
        self.reload()
        self.reprint()

    def reprint(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        item = self.list.item(row)
        try:
            pdf = issued.stored_pdf(self.db, self.actor, item.data(Qt.ItemDataRole.UserRole))
        except Exception as exc:
            report_exception(self, exc, tr("in lại văn bản"))
            return
        kind = item.data(Qt.ItemDataRole.UserRole + 1)
        self.display(pdf, FILE_NAMES.get(kind, "van-ban") + ".pdf")


class DocumentsRegister(QWidget):
    """Sổ văn bản: every record and letter issued in a year (seizure and checking records,
    reminder and transfer letters), reprinted from the store; the clerk seals a signed letter
    here."""

    def __init__(self, db: Database, actor: Actor, year: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        self.preview = PdfPreview(self)
        self.panel = IssuedDocumentsPanel(db, actor, None, year=year,
                                          show=lambda pdf, name: self.preview.set_pdf(pdf, name),
                                          parent=self)
        self.panel.list.currentRowChanged.connect(lambda _r: self.panel.reprint())
        layout.addWidget(self.panel, 2)
        layout.addWidget(self.preview, 3)

    def show_year(self, year: int) -> None:
        self.panel.year = year
        self.panel.reload()


class IssueDocumentWindow(QWidget):
    """The draft of a checking or seizure record, its date, "Ban hành", and what was issued."""

    def __init__(self, db: Database, actor: Actor, kind: str, target: uuid.UUID, title: str,
                 draft: Callable[[], bytes], first_day: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.db, self.actor, self.kind, self.target = db, actor, kind, target
        self.draft = draft
        self.issued: issued.IssuedInfo | None = None
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("Ngày lập:")))
        self.on_date = DateEdit()
        self.on_date.setObjectName("issueDate")
        self.on_date.set_value(first_day)
        row.addWidget(self.on_date)
        self.issue_button = QPushButton(tr("Ban hành (cấp số và lưu)"))
        self.issue_button.setObjectName("issue")
        self.issue_button.clicked.connect(self.issue)
        row.addWidget(self.issue_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = QLabel("")
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        by_visit = kind in ("no-violation", "reminder")
        self.panel = IssuedDocumentsPanel(
            db, actor, kind, visit_id=target if by_visit else None,
            case_id=None if by_visit else target, show=self._show, parent=self)
        layout.addWidget(self.panel)
        self.preview = PdfPreview(self)
        layout.addWidget(self.preview, 1)
        self.resize(780, 940)
        self.show_draft()

    def _show(self, pdf: bytes, name: str) -> None:
        self.preview.set_pdf(pdf, name)

    def show_draft(self) -> None:
        try:
            self._show(self.draft(), FILE_NAMES[self.kind] + "-du-thao.pdf")
        except ServiceError as exc:
            self.message.setText(exc.vi)
            self.issue_button.setEnabled(False)

    def issue(self) -> None:
        day = self.on_date.value()
        if day is None:
            self.message.setText(tr("Hãy chọn ngày lập."))
            return
        if not dialogs.confirm(self, tr("Ban hành"), tr(
                "Ban hành ngày {0}? Văn bản được cấp số, lưu bản PDF và không thể sửa.")
                .format(day.strftime("%d/%m/%Y"))):
            return
        try:
            self.issued = issued.issue_document(self.db, self.actor, self.kind, self.target, day)
        except ServiceError as exc:
            self.message.setText(exc.vi)
            return
        except Exception as exc:
            report_exception(self, exc, tr("ban hành văn bản"))
            return
        self.message.setText(tr("Đã ban hành: {0}.").format(tr(self.issued.label)))
        self.panel.reload()
        self.panel.reprint()
