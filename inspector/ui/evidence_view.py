"""The files saved with a visit or a case, seen again: thumbnails, and Enter or a double-click
opens one in the system's viewer (after its hash is checked); one attached by mistake is
removed while the case is still open (the service refuses after a decision or a transfer)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon, QImageReader, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.roles import Permission, can
from inspector.services.actor import Actor
from inspector.services.attachments import (
    TYPE_LABELS_VI,
    AttachmentRow,
    attachment_file,
    evidence_of_case,
    remove_attachment,
)
from inspector.store.engine import Database
from inspector.ui.support import dialogs, guarded, report_exception, tr

THUMB = 120


def thumbnail(row: AttachmentRow) -> QPixmap:
    """A small picture of an image (read scaled, so a 20 MB photo costs little)."""
    from inspector.ui.visit.evidence_panel import missing_icon, pdf_icon

    if not row.is_image:
        return pdf_icon()
    reader = QImageReader(str(row.path))
    reader.setAutoTransform(True)
    size = reader.size()
    if size.isValid():
        reader.setScaledSize(size.scaled(QSize(THUMB, THUMB), Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    return missing_icon() if image.isNull() else QPixmap.fromImage(image)


class EvidenceWindow(QDialog):
    """Saved evidence of a visit or a case (and the case's visit)."""

    def __init__(self, db: Database, actor: Actor, title: str, *,
                 case_id: uuid.UUID | None = None, visit_id: uuid.UUID | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.case_id, self.visit_id = case_id, visit_id
        self.setWindowTitle(tr("Tài liệu, ảnh: {0}").format(title))
        layout = QVBoxLayout(self)
        self.rows: list[AttachmentRow] = []
        self.summary = QLabel("")
        self.summary.setObjectName("summary")
        layout.addWidget(self.summary)
        self.list = QListWidget()
        self.list.setObjectName("evidence")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setWordWrap(True)
        self.list.setGridSize(QSize(THUMB + 40, THUMB + 56))
        self.list.activated.connect(lambda index: self.open_file(index.row()))
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox()
        self.remove_button = QPushButton(tr("Gỡ tệp đã chọn…"))
        self.remove_button.setObjectName("removeEvidence")
        self.remove_button.setAutoDefault(False)  # Enter opens the file, never removes it
        self.remove_button.setToolTip(tr("Gỡ một tệp đính kèm nhầm; chỉ khi vụ việc chưa có "
                                         "quyết định, chưa chuyển hồ sơ"))
        self.remove_button.clicked.connect(lambda: self.remove(self.list.currentRow()))
        self.remove_button.setVisible(can(actor.role, Permission.EDIT_FIELD_WORK))
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 480)
        self.load()

    def load(self) -> None:
        self.rows = guarded(self, tr("đọc tài liệu, ảnh"), lambda: evidence_of_case(
            self.db, self.actor, case_id=self.case_id, visit_id=self.visit_id)) or []
        self.summary.setText(tr("{0} tệp. Nhấn Enter hoặc bấm đúp để mở.").format(len(self.rows))
                             if self.rows else tr("Chưa có tài liệu, ảnh nào được lưu."))
        self.list.clear()
        for row in self.rows:
            text = row.caption or row.original_name
            item = QListWidgetItem(QIcon(thumbnail(row)), text)
            item.setToolTip(tr("{0} — {1}, lưu lúc {2}").format(
                row.original_name, tr(TYPE_LABELS_VI.get(row.mime_type, row.mime_type)),
                row.created_at.astimezone().strftime("%H:%M %d/%m/%Y")))
            self.list.addItem(item)
        self.remove_button.setEnabled(bool(self.rows))
        if self.rows:
            self.list.setCurrentRow(0)

    def remove(self, index: int) -> bool:
        """Remove one file after a confirmation; the service refuses it once the case is
        decided or transferred, and says so."""
        if not 0 <= index < len(self.rows):
            return False
        row = self.rows[index]
        if not dialogs.confirm(self, tr("Gỡ tệp"), tr(
                "Gỡ “{0}” khỏi hồ sơ? Việc gỡ được ghi vào nhật ký.").format(
                    row.caption or row.original_name)):
            return False
        try:
            remove_attachment(self.db, self.actor, row.id, row.version)
        except Exception as exc:
            report_exception(self, exc, tr("gỡ tệp"))
            return False
        finally:
            self.load()
        return True

    def open_file(self, index: int) -> str:
        """Open one file in the system's viewer; returns the path opened ("" if refused)."""
        if not 0 <= index < len(self.rows):
            return ""
        try:
            path = attachment_file(self.db, self.actor, self.rows[index].id)
        except Exception as exc:
            report_exception(self, exc, tr("mở tệp"))
            return ""
        if not open_url(QUrl.fromLocalFile(str(path))):
            dialogs.warning(self, tr("Không mở được"),
                            tr("Máy này không có chương trình mở được tệp {0}.").format(path.name))
            return ""
        return str(path)


def open_url(url: QUrl) -> bool:
    """The system's viewer; tests replace it."""
    return QDesktopServices.openUrl(url)
