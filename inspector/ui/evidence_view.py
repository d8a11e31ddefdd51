"""The files saved with a visit or a case, seen again: thumbnails, and Enter or a double-click
opens one in the system's viewer (after its hash is checked)."""

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
    QVBoxLayout,
    QWidget,
)

from inspector.services.actor import Actor
from inspector.services.attachments import (
    TYPE_LABELS_VI,
    AttachmentRow,
    attachment_file,
    evidence_of_case,
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
        self.setWindowTitle(tr("Tài liệu, ảnh: {0}").format(title))
        layout = QVBoxLayout(self)
        self.rows: list[AttachmentRow] = guarded(
            self, tr("đọc tài liệu, ảnh"),
            lambda: evidence_of_case(db, actor, case_id=case_id, visit_id=visit_id)) or []
        self.summary = QLabel(tr("{0} tệp. Nhấn Enter hoặc bấm đúp để mở.").format(len(self.rows))
                              if self.rows else tr("Chưa có tài liệu, ảnh nào được lưu."))
        self.summary.setObjectName("summary")
        layout.addWidget(self.summary)
        self.list = QListWidget()
        self.list.setObjectName("evidence")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setWordWrap(True)
        self.list.setGridSize(QSize(THUMB + 40, THUMB + 56))
        for row in self.rows:
            text = row.caption or row.original_name
            item = QListWidgetItem(QIcon(thumbnail(row)), text)
            item.setToolTip(tr("{0} — {1}, lưu lúc {2}").format(
                row.original_name, tr(TYPE_LABELS_VI.get(row.mime_type, row.mime_type)),
                row.created_at.astimezone().strftime("%H:%M %d/%m/%Y")))
            self.list.addItem(item)
        self.list.activated.connect(lambda index: self.open_file(index.row()))
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox()
        buttons.addButton(tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 480)
        if self.rows:
            self.list.setCurrentRow(0)

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
