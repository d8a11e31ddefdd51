"""Field packages in the GUI: the "Gói dữ liệu" menu of the main window.

* the inspector: "Xuất gói dữ liệu về Sở…" (the laptop's new and changed field work);
* the chief and the clerk: "Chuẩn bị gói cho máy…" (:class:`PrepareDialog`: the device, its
  inspections and the count of record numbers reserved for it);
* everyone who may import: "Nhận gói dữ liệu…" (:class:`ImportDialog`): a preview of what will be
  added, updated and in conflict, computed by the import itself in a dry run, before anything is
  written; each conflicting field is kept here or taken from the package, and "Nhập" stays off
  until every one is chosen.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.roles import Permission, can
from inspector.services import clock
from inspector.services.actor import Actor
from inspector.store.engine import Database
from inspector.ui.support import dialogs, guarded, report_exception, tr

KEEP_OURS, TAKE_THEIRS = "ours", "theirs"
CHOICE_LABELS = {"": "— Chọn —", KEEP_OURS: "Giữ bản ở máy này",
                 TAKE_THEIRS: "Lấy bản trong gói"}


def _open_file(parent: QWidget | None) -> str:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, tr("Chọn gói dữ liệu"), "",
                                          tr("Gói dữ liệu Inspector (*.zip)"))
    return path


#: Injectable for tests (the file dialog is modal).
choose_bundle: Callable[[QWidget | None], str] = _open_file


def _kind_label(kind: str) -> str:
    from inspector.services.bundles_format import KIND_LABELS_VI

    return tr(KIND_LABELS_VI.get(kind, kind))




def _field_label(kind: str, name: str) -> str:
    from inspector.services.field_labels import label_of

    return tr(label_of(name) or "Trường khác")


_MONEY = {"amount", "value", "total_amount"}


def _value_text(name: str, value: Any) -> str:
    if value is None or value == "":
        return tr("(trống)")
    if name == "password_hash":
        return tr("(mật khẩu, không hiển thị)")
    if isinstance(value, bool):
        return tr("Có") if value else tr("Không")
    if isinstance(value, int) and name in _MONEY:
        from inspector.domain.money import format_vnd

        return format_vnd(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            from inspector.domain.text import format_date

            return format_date(date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)[:200]
    return str(value)


def _counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{_kind_label(k)}: {v}" for k, v in counts.items()) or tr("không có")


# --- export ---------------------------------------------------------------------------------

def export_to_register(parent: QWidget, db: Database, actor: Actor) -> Path | None:
    """The inspector's action: write the laptop's new and changed work to a file."""
    from inspector.services.bundles_export import export_laptop

    name = f"goi-du-lieu-{clock.today():%Y%m%d}.zip"
    path = dialogs.save_file(parent, tr("Xuất gói dữ liệu về Sở"), name,
                             tr("Gói dữ liệu Inspector (*.zip)"))
    if not path:
        return None
    made = guarded(parent, tr("xuất gói dữ liệu"),
                   lambda: export_laptop(db, actor, Path(path)))
    if made is None:
        return None
    dialogs.info(parent, tr("Đã xuất gói dữ liệu"), tr(
        "Đã ghi gói dữ liệu {0}.\nGồm: {1}; {2} tệp đính kèm.\nHãy chuyển tệp này về Sở để "
        "nhập vào sổ.").format(Path(path).name, _counts_text(made.counts), made.files))
    return made.path


# --- prepare --------------------------------------------------------------------------------

class PrepareDialog(QDialog):
    """The chief's or clerk's package for one laptop."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.made: Any = None
        self.setWindowTitle(tr("Chuẩn bị gói dữ liệu cho máy trạm"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.device = QLineEdit()
        self.device.setObjectName("bundleDevice")
        self.device.setPlaceholderText(tr("Ví dụ: may-thanh-tra-tuan"))
        form.addRow(tr("Tên máy nhận:"), self.device)
        self.block = QSpinBox()
        self.block.setObjectName("bundleBlock")
        self.block.setRange(1, 10_000)
        self.block.setValue(50)
        form.addRow(tr("Số biên bản dành cho máy:"), self.block)
        layout.addLayout(form)
        layout.addWidget(QLabel(tr("Các cuộc thanh tra, kiểm tra máy này làm (đánh dấu):")))
        self.inspections = QListWidget()
        self.inspections.setObjectName("bundleInspections")
        layout.addWidget(self.inspections)
        self.buttons = QDialogButtonBox()
        self.make_button = QPushButton(tr("Tạo gói…"))
        self.make_button.setObjectName("bundleMake")
        self.buttons.addButton(self.make_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = QPushButton(tr("Hủy"))
        self.buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)
        self.make_button.clicked.connect(self.make)
        layout.addWidget(self.buttons)
        self._load()
        self.resize(560, 420)

    def _load(self) -> None:
        from inspector.domain.text import format_date
        from inspector.services.inspections import list_inspections

        rows = guarded(self, tr("đọc danh sách cuộc thanh tra"),
                       lambda: list_inspections(self.db, self.actor))
        for row in rows or []:
            period = format_date(row.start_date)
            if row.end_date:
                period += " – " + format_date(row.end_date)
            item = QListWidgetItem(f"{row.title} ({period})")
            item.setData(Qt.ItemDataRole.UserRole, str(row.id))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            open_now = row.end_date is None or row.end_date >= clock.today()
            item.setCheckState(Qt.CheckState.Checked if open_now else Qt.CheckState.Unchecked)
            self.inspections.addItem(item)

    def chosen(self) -> list[uuid.UUID]:
        out = []
        for i in range(self.inspections.count()):
            item = self.inspections.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(uuid.UUID(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def make(self) -> None:
        from inspector.services.bundles_export import prepare_package

        device = self.device.text().strip()
        if not device:
            dialogs.warning(self, tr("Thiếu tên máy"), tr("Hãy nhập tên máy nhận gói."))
            self.device.setFocus()
            return
        ids = self.chosen()
        if not ids:
            dialogs.warning(self, tr("Chưa chọn cuộc nào"),
                            tr("Hãy đánh dấu ít nhất một cuộc thanh tra, kiểm tra."))
            return
        path = dialogs.save_file(self, tr("Lưu gói dữ liệu"), f"goi-cho-{device}.zip",
                                 tr("Gói dữ liệu Inspector (*.zip)"))
        if not path:
            return
        made = guarded(self, tr("chuẩn bị gói dữ liệu"), lambda: prepare_package(
            self.db, self.actor, device, Path(path), ids, self.block.value()))
        if made is None:
            return
        self.made = made
        blocks = "; ".join(tr("năm {0}: số {1} đến {2}").format(b["year"], b["first"], b["last"])
                           for b in made.number_blocks)
        dialogs.info(self, tr("Đã chuẩn bị gói dữ liệu"), tr(
            "Đã ghi gói cho máy “{0}”: {1}.\nSố biên bản dành cho máy: {2}.").format(
            device, _counts_text(made.counts), blocks))
        self.accept()


# --- import ---------------------------------------------------------------------------------

class ImportDialog(QDialog):
    """Preview (a dry run of the import itself), resolve conflicts, then import."""

    COLUMNS = ("Loại bản ghi", "Thêm mới", "Cập nhật", "Không đổi", "Xung đột", "Xóa")
    CONFLICT_COLUMNS = ("Bản ghi", "Trường", "Ở máy này", "Trong gói", "Giữ bản nào")

    def __init__(self, db: Database, actor: Actor, path: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.path = db, actor, Path(path)
        self.summary: Any = None
        self.result_summary: Any = None
        self.choices: dict[tuple[str, str], QComboBox] = {}
        self.setWindowTitle(tr("Nhận gói dữ liệu — {0}").format(self.path.name))
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("bundleHeading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.counts = QTableWidget(0, len(self.COLUMNS))
        self.counts.setObjectName("bundleCounts")
        self.counts.setHorizontalHeaderLabels([tr(c) for c in self.COLUMNS])
        self.counts.verticalHeader().setVisible(False)
        self.counts.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.counts)
        self.conflict_label = QLabel()
        self.conflict_label.setWordWrap(True)
        layout.addWidget(self.conflict_label)
        self.conflicts = QTableWidget(0, len(self.CONFLICT_COLUMNS))
        self.conflicts.setObjectName("bundleConflicts")
        self.conflicts.setHorizontalHeaderLabels([tr(c) for c in self.CONFLICT_COLUMNS])
        self.conflicts.verticalHeader().setVisible(False)
        self.conflicts.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.conflicts)
        self.buttons = QDialogButtonBox()
        self.import_button = QPushButton(tr("Nhập"))
        self.import_button.setObjectName("bundleImport")
        self.buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = QPushButton(tr("Hủy"))
        self.buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)
        self.import_button.clicked.connect(self.run_import)
        layout.addWidget(self.buttons)
        self.resize(760, 560)
        self.ok = self.preview()

    def preview(self) -> bool:
        from inspector.services.bundles_import import import_bundle

        summary = guarded(self, tr("đọc gói dữ liệu"), lambda: import_bundle(
            self.db, self.actor, self.path, dry_run=True))
        if summary is None:
            self.import_button.setEnabled(False)
            self.heading.setText(tr("Gói dữ liệu bị từ chối; không có gì được ghi."))
            return False
        self.summary = summary
        origin = tr("máy trạm") if summary.kind == "laptop" else tr("Sở")
        if summary.already_imported is not None:
            self.heading.setText(tr("Gói này của {0} “{1}” đã được nhập lúc {2}; nhập lại không "
                                    "thay đổi gì.").format(
                origin, summary.source_device,
                summary.already_imported.astimezone().strftime("%H:%M %d/%m/%Y")))
        else:
            self.heading.setText(tr("Gói dữ liệu của {0} “{1}”. Chưa có gì được ghi: xem lại "
                                    "rồi bấm Nhập.").format(origin, summary.source_device))
        conflicts: dict[str, int] = {}
        for c in summary.conflicts:
            conflicts[c.kind] = conflicts.get(c.kind, 0) + 1
        kinds = list(dict.fromkeys([*summary.added, *summary.updated, *summary.unchanged,
                                    *conflicts, *summary.deleted]))
        self.counts.setRowCount(len(kinds))
        for row, kind in enumerate(kinds):
            values = [_kind_label(kind), summary.added.get(kind, 0),
                      summary.updated.get(kind, 0), summary.unchanged.get(kind, 0),
                      conflicts.get(kind, 0), summary.deleted.get(kind, 0)]
            for col, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.counts.setItem(row, col, item)
        self.counts.resizeColumnsToContents()
        self.counts.horizontalHeader().setStretchLastSection(True)
        self._show_conflicts(summary.conflicts)
        self._update_button()
        return True

    def _show_conflicts(self, conflicts: list[Any]) -> None:
        rows = [(c, f) for c in conflicts for f in c.fields]
        self.conflict_label.setText(tr(
            "{0} bản ghi đã được sửa ở cả hai nơi kể từ lần trao đổi trước; chọn giữ bản nào cho "
            "từng trường (lựa chọn được ghi vào nhật ký).").format(len(conflicts))
            if conflicts else tr("Không có xung đột."))
        self.conflicts.setVisible(bool(rows))
        self.conflicts.setRowCount(len(rows))
        for row, (conflict, name) in enumerate(rows):
            cells = [conflict.label, _field_label(conflict.kind, name),
                     _value_text(name, conflict.ours.get(name)),
                     _value_text(name, conflict.theirs.get(name))]
            for col, text in enumerate(cells):
                self.conflicts.setItem(row, col, QTableWidgetItem(text))
            combo = QComboBox()
            combo.setObjectName(f"choice-{conflict.id}-{name}")
            for key, label in CHOICE_LABELS.items():
                combo.addItem(tr(label), key)
            combo.currentIndexChanged.connect(self._update_button)
            self.conflicts.setCellWidget(row, 4, combo)
            self.choices[(conflict.id, name)] = combo
        self.conflicts.resizeColumnsToContents()
        self.conflicts.horizontalHeader().setStretchLastSection(True)

    def resolutions(self) -> dict[str, str]:
        return {f"{rid}.{name}": combo.currentData()
                for (rid, name), combo in self.choices.items() if combo.currentData()}

    def choose_all(self, choice: str) -> None:
        for combo in self.choices.values():
            combo.setCurrentIndex(combo.findData(choice))

    def _update_button(self) -> None:
        ready = (self.summary is not None and self.summary.already_imported is None
                 and len(self.resolutions()) == len(self.choices))
        self.import_button.setEnabled(ready)

    def run_import(self) -> None:
        from inspector.services.bundles_import import import_bundle

        try:
            summary = import_bundle(self.db, self.actor, self.path,
                                    resolutions=self.resolutions())
        except Exception as exc:
            report_exception(self, exc, tr("nhập gói dữ liệu"))
            return
        self.result_summary = summary
        dialogs.info(self, tr("Đã nhập gói dữ liệu"), tr(
            "Đã nhập gói của “{0}”.\nThêm mới: {1}.\nCập nhật: {2}.\nKhông đổi: {3}.\n"
            "Xóa theo máy trạm: {4}.").format(
            summary.source_device, _counts_text(summary.added), _counts_text(summary.updated),
            _counts_text(summary.unchanged), _counts_text(summary.deleted)))
        self.accept()


def import_from_file(parent: QWidget, db: Database, actor: Actor) -> ImportDialog | None:
    path = choose_bundle(parent)
    if not path:
        return None
    dialog = ImportDialog(db, actor, Path(path), parent)
    dialogs.run_modal(dialog)
    return dialog


def prepare_for_device(parent: QWidget, db: Database, actor: Actor) -> PrepareDialog:
    dialog = PrepareDialog(db, actor, parent)
    dialogs.run_modal(dialog)
    return dialog


def install(window: QMainWindow, db: Database, actor: Actor) -> None:
    """The "Gói dữ liệu" menu, with the actions the user's role may take."""
    menu = window.menuBar().addMenu(tr("&Gói dữ liệu"))
    menu.setObjectName("bundleMenu")
    if can(actor.role, Permission.EDIT_FIELD_WORK):
        action = menu.addAction(tr("Xuất gói dữ liệu về Sở…"))
        action.setObjectName("bundleExportAction")
        action.triggered.connect(lambda: export_to_register(window, db, actor))
    if can(actor.role, Permission.EXPORT_TALLIES):
        action = menu.addAction(tr("Chuẩn bị gói cho máy…"))
        action.setObjectName("bundlePrepareAction")
        action.triggered.connect(lambda: prepare_for_device(window, db, actor))
    action = menu.addAction(tr("Nhận gói dữ liệu…"))
    action.setObjectName("bundleImportAction")
    action.triggered.connect(lambda: import_from_file(window, db, actor))
