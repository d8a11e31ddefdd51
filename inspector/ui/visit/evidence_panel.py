"""Evidence: photos and scanned documents for the visit or one of its violations, with
thumbnails.

Files are checked when picked — size, type from the first bytes (JPEG, PNG, PDF), readable, an
image that decodes — so a refusal comes at once with its reason, not at saving. Checking and
thumbnails (``QImageReader`` with a scaled size, never the full photo) run off the GUI thread.
The files are copied into the data directory under their content hash by
:func:`add_attachment` once the visit is saved, because an attachment needs the saved record.
"""

from __future__ import annotations

import copy
import errno
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QImageReader, QKeyEvent, QPainter, QPixmap, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.services.actor import Actor
from inspector.services.attachments import MAX_BYTES, TYPE_LABELS_VI, add_attachment, detect_type
from inspector.services.errors import ServiceError
from inspector.services.forms import FieldProblem
from inspector.store.engine import Database
from inspector.ui.support import tr
from inspector.ui.tasks import run_in_background
from inspector.ui.visit.entries import EntryCollection, InsertCommand, RemoveCommand
from inspector.ui.visit.fields import ErrorLabel, hint
from inspector.ui.visit.state import Entry, new_uid

THUMB = 112
FILE_FILTER = "Ảnh, tài liệu (*.jpg *.jpeg *.png *.pdf *.JPG *.JPEG *.PNG *.PDF)"


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _size(size: int) -> str:
    """``48 KB``, ``3,2 MB``: as a file manager would say it."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{_mb(size)} MB"


def _os_reason(exc: OSError) -> str:
    return {errno.EACCES: tr("không có quyền đọc"), errno.ENOENT: tr("không tìm thấy tệp"),
            errno.EISDIR: tr("đây là một thư mục")}.get(exc.errno or 0, tr("lỗi hệ thống tệp"))


@dataclass(frozen=True)
class Checked:
    """A picked file: the entry to keep, or the reason it is refused; a thumbnail for images."""

    path: str
    entry: Entry | None
    refusal: str
    thumbnail: QImage | None


def check_file(path: Path) -> Checked:
    """Accept a JPEG, PNG or PDF up to the attachment limit that can be read (and, for an
    image, decoded); anything else is refused with a reason in Vietnamese. Safe off the GUI
    thread (no widgets; ``tr`` is thread-safe)."""
    name = path.name
    try:
        if path.is_dir():
            return Checked(str(path), None, tr("“{0}” là một thư mục, không phải tệp.").format(
                name), None)
        size = path.stat().st_size
        if size == 0:
            return Checked(str(path), None, tr("Tệp “{0}” rỗng.").format(name), None)
        if size > MAX_BYTES:
            return Checked(str(path), None, tr("Tệp “{0}” quá lớn ({1} MB); chỉ nhận tệp đến {2} "
                                               "MB.").format(name, _mb(size), _mb(MAX_BYTES)),
                           None)
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        return Checked(str(path), None, tr("Không đọc được tệp “{0}”: {1}.").format(
            name, _os_reason(exc)), None)
    mime = detect_type(head)
    if mime is None:
        return Checked(str(path), None, tr("Tệp “{0}” không phải ảnh (JPEG, PNG) hay tài liệu "
                                           "PDF.").format(name), None)
    thumbnail = None
    if mime.startswith("image/"):
        reader = QImageReader(str(path))
        reader.setAutoTransform(True)
        full = reader.size()
        if full.isValid() and (full.width() > THUMB or full.height() > THUMB):
            reader.setScaledSize(full.scaled(THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio))
        image = reader.read()
        if image.isNull():
            return Checked(str(path), None, tr("Ảnh “{0}” bị hỏng, không đọc được.").format(name),
                           None)
        thumbnail = image
    entry = {"uid": new_uid(), "path": str(path), "name": name, "size": size, "mime": mime,
             "caption": "", "violation": None}
    return Checked(str(path), entry, "", thumbnail)


def pdf_icon() -> QPixmap:
    """A page with "PDF" on it: a PDF has no thumbnail worth rendering in a list."""
    pixmap = QPixmap(THUMB, THUMB)
    pixmap.fill(QColor("transparent"))
    painter = QPainter(pixmap)
    painter.setPen(QColor("#555555"))
    painter.setBrush(QColor("white"))
    painter.drawRect(22, 6, THUMB - 44, THUMB - 12)
    painter.setBrush(QColor("#b00020"))
    painter.drawRect(22, THUMB // 2 - 14, THUMB - 44, 28)
    painter.setPen(QColor("white"))
    font = QFont()
    font.setBold(True)
    font.setPointSize(13)
    painter.setFont(font)
    painter.drawText(22, THUMB // 2 - 14, THUMB - 44, 28, Qt.AlignmentFlag.AlignCenter, "PDF")
    painter.end()
    return pixmap


def missing_icon() -> QPixmap:
    pixmap = QPixmap(THUMB, THUMB)
    pixmap.fill(QColor("#eeeeee"))
    painter = QPainter(pixmap)
    painter.setPen(QColor("#b00020"))
    painter.drawText(0, 0, THUMB, THUMB, Qt.AlignmentFlag.AlignCenter, "?")
    painter.end()
    return pixmap


def attach_all(db: Database, actor: Actor, entries: list[Entry], visit_id: Any,
               violation_ids: dict[str, Any], progress: Callable[[int, int], None],
               cancelled: Callable[[], bool]) -> list[str]:
    """Attach every file to the saved visit or violation; returns a message per failure (the
    visit itself is saved already)."""
    failures = []
    for done, entry in enumerate(entries):
        if cancelled():
            failures += [tr("“{0}”: đã hủy").format(e["name"]) for e in entries[done:]]
            break
        owner_id = violation_ids.get(str(entry.get("violation")))
        try:
            add_attachment(db, actor, "violation" if owner_id else "visit",
                           owner_id or visit_id, Path(entry["path"]), entry.get("caption", ""))
        except ServiceError as exc:
            failures.append(exc.vi)
        progress(done + 1, len(entries))
    return failures


class EvidencePanel(QWidget, EntryCollection):
    """The photos and scans of the visit, as thumbnails; a caption and the violation for each."""

    changed = Signal(bool)

    def __init__(self, undo: QUndoStack, violation_labels: Callable[[], list[tuple[str, str]]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("evidence")
        self.undo = undo
        self._violation_labels = violation_labels
        self.entries: list[Entry] = []
        self.icons: dict[str, QIcon] = {}
        self.busy = 0
        #: Asks for files; tests replace it (a file dialog would block).
        self.chooser: Callable[[QWidget], list[str]] = self._choose
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.list = QListWidget()
        self.list.setObjectName("evidenceList")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 40, THUMB + 44))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWordWrap(True)
        self.list.installEventFilter(self)
        left.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(tr("Thêm ảnh, tài liệu… (Ctrl+O)"))
        self.add_button.setObjectName("evidenceAdd")
        self.remove_button = QPushButton(tr("Bỏ tệp"))
        self.remove_button.setObjectName("evidenceRemove")
        self.remove_button.setToolTip(tr("Bỏ tệp đang chọn (Delete); hoàn tác bằng Ctrl+Z"))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        left.addLayout(buttons)
        self.refusals = ErrorLabel("evidence")
        left.addWidget(self.refusals)
        left.addWidget(hint(tr("Nhận ảnh JPEG, PNG và tài liệu PDF đến {0} MB. Tệp được chép vào "
                               "thư mục dữ liệu khi lưu biên bản.").format(_mb(MAX_BYTES))))
        layout.addLayout(left, 3)
        detail = QFormLayout()
        self.name = QLabel("")
        self.name.setObjectName("evidenceName")
        self.name.setWordWrap(True)
        self.caption = QLineEdit()
        self.caption.setObjectName("caption")
        self.caption.setPlaceholderText(tr("ví dụ: biển hiệu nhìn từ đường"))
        self.target = QComboBox()
        self.target.setObjectName("evidenceTarget")
        detail.addRow(tr("Tệp:"), self.name)
        caption_label = QLabel(tr("&Chú thích:"))
        caption_label.setBuddy(self.caption)
        detail.addRow(caption_label, self.caption)
        target_label = QLabel(tr("Chứng cứ c&ho:"))
        target_label.setBuddy(self.target)
        detail.addRow(target_label, self.target)
        self.detail_error = ErrorLabel("evidenceDetail")
        detail.addRow(self.detail_error)
        layout.addLayout(detail, 2)
        self.add_button.clicked.connect(self.pick_files)
        self.remove_button.clicked.connect(self.remove_current)
        self.list.currentRowChanged.connect(lambda _r: self._show_current())
        self.caption.textEdited.connect(self._caption_edited)
        self.target.currentIndexChanged.connect(self._target_changed)
        self._show_current()

    # --- picking files --------------------------------------------------------------------------

    @staticmethod
    def _choose(parent: QWidget) -> list[str]:
        paths, _ = QFileDialog.getOpenFileNames(parent, tr("Chọn ảnh, tài liệu"), "",
                                                tr(FILE_FILTER))
        return list(paths)

    def pick_files(self) -> None:
        paths = self.chooser(self)
        if paths:
            self.add_files([Path(p) for p in paths])

    def add_files(self, paths: list[Path]) -> None:
        """Check ``paths`` in the background; accepted files are added (one undo step each),
        refused ones are listed with their reason under the list."""
        self.busy += 1
        self.refusals.show_messages([])

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]
                 ) -> list[Checked]:
            out = []
            for i, path in enumerate(paths):
                if cancelled():
                    break
                out.append(check_file(path))
                progress(i + 1, len(paths))
            return out

        def done(results: list[Checked]) -> None:
            self.busy -= 1
            refusals = [r.refusal for r in results if r.entry is None]
            known = {e["path"] for e in self.entries}
            for r in results:
                if r.entry is None:
                    continue
                if r.entry["path"] in known:
                    refusals.append(tr("Tệp “{0}” đã có trong danh sách.").format(r.entry["name"]))
                    continue
                known.add(r.entry["path"])
                self._set_icon(r.entry, r.thumbnail)
                self.undo.push(InsertCommand(self, len(self.entries), r.entry,
                                             tr("thêm tệp {0}").format(r.entry["name"])))
            self.refusals.show_messages(refusals)

        task = run_in_background(self, work, done, tr("Đang kiểm tra {0} tệp…").format(len(paths)),
                                 tr("thêm ảnh, tài liệu"), show_progress=len(paths) > 1)
        task.signals.failed.connect(lambda _e: setattr(self, "busy", self.busy - 1))

    def _set_icon(self, entry: Entry, thumbnail: QImage | None) -> None:
        if entry.get("mime") == "application/pdf":
            self.icons[entry["uid"]] = QIcon(pdf_icon())
        elif thumbnail is not None:
            self.icons[entry["uid"]] = QIcon(QPixmap.fromImage(thumbnail))

    def load_thumbnails(self) -> None:
        """Thumbnails of entries that have none (a draft opened again), in the background."""
        todo = [copy.deepcopy(e) for e in self.entries if e["uid"] not in self.icons]
        if not todo:
            return
        self.busy += 1

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]
                 ) -> list[tuple[str, Checked]]:
            out = []
            for i, e in enumerate(todo):
                if cancelled():
                    break
                out.append((e["uid"], check_file(Path(e["path"]))))
                progress(i + 1, len(todo))
            return out

        def done(results: list[tuple[str, Checked]]) -> None:
            self.busy -= 1
            for uid, checked in results:
                entry = next((e for e in self.entries if e["uid"] == uid), None)
                if entry is None:
                    continue
                if checked.entry is None:
                    self.icons[uid] = QIcon(missing_icon())
                else:
                    self._set_icon(entry, checked.thumbnail)
            self.refresh_items()

        task = run_in_background(self, work, done, tr("Đang tải ảnh…"), tr("tải ảnh"),
                                 show_progress=len(todo) > 3)
        task.signals.failed.connect(lambda _e: setattr(self, "busy", self.busy - 1))

    # --- the collection -------------------------------------------------------------------------

    def insert_entry(self, index: int, entry: Entry) -> None:
        self.entries.insert(index, entry)
        self.refresh_items()
        self.list.setCurrentRow(index)
        self.changed.emit(True)

    def take_entry(self, index: int) -> Entry:
        entry = self.entries.pop(index)
        self.refresh_items()
        self.changed.emit(True)
        return entry

    def set_entries(self, entries: list[Entry]) -> None:
        self.entries = [copy.deepcopy(e) for e in entries]
        self.refresh_items()
        self.load_thumbnails()

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.entries):
            self.undo.push(RemoveCommand(self, row, tr("bỏ tệp {0}").format(
                self.entries[row]["name"])))

    def refresh_items(self) -> None:
        row = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for e in self.entries:
            icon = self.icons.get(e["uid"])
            text = e.get("caption") or e["name"]
            item = QListWidgetItem(icon, text) if icon is not None else QListWidgetItem(text)
            item.setToolTip(f"{e['name']}\n{e['path']}")
            self.list.addItem(item)
        if self.entries:
            self.list.setCurrentRow(max(0, min(row, len(self.entries) - 1)))
        self.list.blockSignals(False)
        self.remove_button.setEnabled(bool(self.entries))
        self._show_current()

    def refresh_targets(self) -> None:
        self._show_current()

    def _show_current(self) -> None:
        row = self.list.currentRow()
        has = 0 <= row < len(self.entries)
        self.caption.setEnabled(has)
        self.target.setEnabled(has)
        self.target.blockSignals(True)
        self.target.clear()
        self.target.addItem(tr("Lần làm việc tại cơ sở"), None)
        for uid, label in self._violation_labels():
            self.target.addItem(label, uid)
        if not has:
            self.name.setText(tr("Chưa chọn tệp."))
            self.caption.setText("")
            self.target.blockSignals(False)
            return
        e = self.entries[row]
        kind = TYPE_LABELS_VI.get(e.get("mime", ""), "")
        self.name.setText(f"{e['name']} — {tr(kind)}, {_size(int(e.get('size', 0)))}")
        if self.caption.text() != e.get("caption", ""):
            self.caption.setText(e.get("caption", ""))
        self.target.setCurrentIndex(max(self.target.findData(e.get("violation")), 0))
        self.target.blockSignals(False)

    def _caption_edited(self, text: str) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.entries):
            self.entries[row]["caption"] = text
            item = self.list.item(row)
            if item is not None:
                item.setText(text or self.entries[row]["name"])
            self.changed.emit(False)

    def _target_changed(self, _index: int) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.entries):
            self.entries[row]["violation"] = self.target.currentData()
            self.changed.emit(True)

    def problems(self) -> list[FieldProblem]:
        """A file moved or deleted since it was picked cannot be attached: say so."""
        out = []
        for i, e in enumerate(self.entries):
            if not Path(e["path"]).is_file():
                out.append(FieldProblem(f"evidence[{i}]", tr(
                    "Không còn tệp “{0}” ở vị trí đã chọn; hãy bỏ tệp này hoặc chọn lại.").format(
                    e["name"])))
        return out

    def show_problems(self, problems: list[FieldProblem]) -> None:
        self.detail_error.show_messages([p.message for p in problems])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Delete:
                self.remove_current()
                return True
        return super().eventFilter(watched, event)
