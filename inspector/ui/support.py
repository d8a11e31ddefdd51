"""Shared GUI plumbing: translation, fonts, user messages and the error dialog.

Messages go through the ``dialogs`` object so tests can replace it and never block on a modal
``exec()``; every string passes through Qt's translation function so an English translation can
be added without touching the code.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector import paths
from inspector.services import clock

log = logging.getLogger(__name__)
UI_FONT_FAMILY = "Liberation Sans"
VIETNAMESE_SAMPLE = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)


def tr(text: str, context: str = "Inspector") -> str:
    return QCoreApplication.translate(context, text)


def register_fonts() -> list[str]:
    """Register the bundled fonts with Qt and make the sans family the application font."""
    families: list[str] = []
    for file in sorted(paths.fonts_dir().glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(file))
        if font_id < 0:
            log.warning("could not load font %s", file)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return sorted(set(families))


def application_font(point_size: int = 10) -> QFont:
    font = QFont(UI_FONT_FAMILY, point_size)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    return font


class ErrorDialog(QDialog):
    """What happened, whether anything was lost, and the technical detail behind "Chi tiết"."""

    def __init__(self, parent: QWidget | None, title: str, message: str, details: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        label = QLabel(message)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setVisible(False)
        self.details.setMinimumHeight(200)
        toggle = QPushButton(tr("Chi tiết"))
        toggle.setCheckable(True)
        toggle.toggled.connect(self.details.setVisible)
        self.toggle = toggle
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(toggle, QDialogButtonBox.ButtonRole.ActionRole)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.resize(560, 180)


class Dialogs:
    """Injectable message functions; tests swap in recorders."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def warning(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def error(self, parent: QWidget | None, title: str, text: str, details: str = "") -> None:
        ErrorDialog(parent, title, text, details).exec()

    def save_file(self, parent: QWidget | None, title: str, name: str, filters: str) -> str:
        """A path to save to, or "" when the user cancels.

        A bare file name opens in the folder last used for its kind (PDF documents, exports,
        backups), else in the user's documents folder, never the program's folder.
        """
        import os

        from PySide6.QtWidgets import QFileDialog

        kind = file_kind(filters)
        start = start_path(kind, name) if not os.path.dirname(name) else name
        path, _ = QFileDialog.getSaveFileName(parent, title, start, filters)
        remember_folder(kind, path)
        return path

    def open_file(self, parent: QWidget | None, title: str, filters: str) -> str:
        """A file to read, or "" when the user cancels."""
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
        return path

    def run_modal(self, dialog: QDialog) -> int:
        """Show a dialog modally; tests replace this to drive the dialog instead of blocking."""
        return dialog.exec()


dialogs = Dialogs()


def file_kind(filters: str) -> str:
    """The kind of file a save dialog's filter asks for, each kind with its own folder."""
    upper = filters.upper()
    if "SQLITE" in upper:
        return "backup"
    if "PDF" in upper and "XLSX" not in upper:
        return "pdf"
    return "export"


def start_path(kind: str, name: str) -> str:
    """Where a save dialog of this kind ("pdf", "export", "backup") opens: the folder last used
    for that kind, else the user's documents folder, never the program's folder."""
    from pathlib import Path

    from PySide6.QtCore import QSettings, QStandardPaths

    folder = str(QSettings().value(f"folders/{kind}", "") or "")
    if not folder or not Path(folder).is_dir():
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    return str(Path(folder) / Path(name).name)


def remember_folder(kind: str, path: str) -> None:
    """The folder a file of this kind was saved to, offered first next time."""
    from pathlib import Path

    from PySide6.QtCore import QSettings

    if path:
        QSettings().setValue(f"folders/{kind}", str(Path(path).parent))


def user_message(exc: BaseException) -> str | None:
    """The Vietnamese message of a known, user-facing error; ``None`` for a bug."""
    from inspector.services.errors import ServiceError
    from inspector.store.errors import StoreError, classify

    if isinstance(exc, (ServiceError, StoreError)):
        return exc.vi
    if isinstance(exc, OSError) and exc.errno is not None:
        return tr("Lỗi hệ thống tệp: {0} ({1})").format(exc.strerror, exc.filename or "")
    err = classify(exc)
    return err.vi if err else None


def report_exception(parent: QWidget | None, exc: BaseException, doing: str = "") -> None:
    """Show a known error as a message, a bug as the error dialog with its traceback."""
    message = user_message(exc)
    if message is not None:
        log.info("refused: %s", message)
        dialogs.warning(parent, tr("Không thực hiện được"), message)
        return
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    log.error("unexpected error%s\n%s", f" while {doing}" if doing else "", details)
    text = tr(
        "Đã xảy ra lỗi không mong muốn{0}. Thao tác đã bị hủy và không có dữ liệu nào bị ghi dở. "
        "Chi tiết đã được ghi vào nhật ký."
    ).format(f" ({doing})" if doing else "")
    dialogs.error(parent, tr("Lỗi"), text, details)


def guarded(parent: QWidget | None, doing: str, fn: Callable[[], Any]) -> Any:
    """Run a user action; report its failure instead of letting it escape into Qt."""
    try:
        return fn()
    except Exception as exc:
        report_exception(parent, exc, doing)
        return None


class MessageLabel(QLabel):
    """A dialog's red message line: wraps, keeps room for ``lines`` lines when empty, and grows
    to the whole wrapped text when a message is longer (a top-level dialog does not grow for a
    wrapped label by itself: the third line of a refusal was cut and drawn over the field)."""

    def __init__(self, lines: int = 2) -> None:
        super().__init__("")
        self.setWordWrap(True)
        self.setStyleSheet("color: #b00020;")
        self._reserved = self.fontMetrics().lineSpacing() * lines + 4
        self.setMinimumHeight(self._reserved)
        self.setMinimumWidth(360)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def clear(self) -> None:
        super().clear()
        self._fit()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if not self.isVisible():
            return  # measured when shown, at the width the layout gives it
        needed = self.heightForWidth(self.width()) if self.text() else 0
        height = max(self._reserved, needed)
        if height != self.minimumHeight():
            self.setMinimumHeight(height)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._fit()


def message_label(name: str = "message", lines: int = 2) -> QLabel:
    """A dialog's red message line: wraps and reserves room for ``lines`` lines, so a message
    neither moves the fields nor is cut off in a small dialog.

    (No ``Qt.`` enum here: the first use of the Qt namespace costs ~0.1 s in PySide6, and the
    login window, shown before anything else, uses this label.)"""
    label = MessageLabel(lines)
    label.setObjectName(name)
    return label


def dialog_buttons(dialog: QDialog, accept_text: str, on_accept: Callable[[], Any],
                   cancel_text: str = "Hủy") -> QDialogButtonBox:
    """A dialog's two buttons worded in Vietnamese: the action (Enter) and Hủy (Esc)."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(tr(accept_text))
    ok.setDefault(True)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr(cancel_text))
    buttons.accepted.connect(on_accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def elide_label(label: QLabel) -> QLabel:
    """A label whose long text wraps instead of widening the window (a long inspection title
    grew the main window past the screen)."""
    from PySide6.QtWidgets import QSizePolicy

    label.setWordWrap(True)
    policy = label.sizePolicy()
    policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
    label.setSizePolicy(policy)
    label.setMinimumWidth(0)
    return label


def record_table(name: str, model: Any = None) -> Any:
    """A table of records: a click selects the whole row, one at a time (actions act on rows)."""
    from PySide6.QtWidgets import QTableView

    view = QTableView()
    view.setObjectName(name)
    if model is not None:
        view.setModel(model)
    make_record_table(view)
    return view


def make_record_table(view: Any) -> None:
    """Row selection for an existing view (a click on any cell selects its record)."""
    from PySide6.QtWidgets import QAbstractItemView

    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)


def fit_columns(view: Any) -> None:
    """Columns as wide as their header and content (never a cut header), the last one taking
    the rest; the user can still widen any column."""
    from PySide6.QtWidgets import QHeaderView

    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    view.setWordWrap(False)


def selected_record(parent: QWidget | None, view: Any, model: Any, what: str) -> Any:
    """The record of the selected row; when none is selected, say what to select first."""
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    record = model.row_at(rows[0].row()) if rows else None
    if record is None:
        dialogs.info(parent, tr("Chưa chọn"), tr("Hãy chọn {0} trong danh sách trước.").format(what))
    return record


_open_windows: dict[Any, tuple[QWidget, str | None]] = {}


def _visible(window: QWidget) -> bool:
    try:
        return window.isVisible()
    except RuntimeError:  # the C++ object was deleted
        return False


def open_once(key: Any, make: Callable[[], QWidget | None],
              owner: str | None = None) -> QWidget | None:
    """Show the window of a record; if it is already open, bring that window forward instead.

    The key names the record only: two windows on one record would let two saves conflict,
    whoever opened them, so a second request for the same key (a double-click, a second click
    on a draft) raises the first window. A window works as the user who opened it (``owner``,
    the login): one left open by the previous user after a switch is never handed to the next;
    it is closed first (a form keeps its draft), and while it stays open the record is not
    opened a second time.
    """
    entry = _open_windows.get(key)
    if entry is not None:
        existing, opened_by = entry
        if _visible(existing) and opened_by != owner:
            existing.close()
            if _visible(existing):
                dialogs.info(None, tr("Đang mở"), tr(
                    "Hồ sơ này đang mở trong cửa sổ của người dùng trước ({0}); hãy đóng cửa "
                    "sổ đó trước.").format(opened_by or ""))
                return None
        if _visible(existing):
            existing.showNormal() if existing.isMinimized() else None
            existing.raise_()
            existing.activateWindow()
            return existing
        _open_windows.pop(key, None)
    window = make()
    if window is None:
        return None
    _open_windows[key] = (window, owner)
    window.destroyed.connect(lambda _o=None, k=key: _forget(k))
    window.show()
    return window


def _forget(key: Any) -> None:
    _open_windows.pop(key, None)


def install_translations(app: Any) -> list[Any]:
    """Qt's own buttons and dialogs in Vietnamese (Yes/No, Close, the file and print dialogs);
    returns the translators installed."""
    from PySide6.QtCore import QLocale

    from inspector.ui.qt_vi import qt_translators

    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    installed = qt_translators(app)
    for translator in installed:
        app.installTranslator(translator)
    return installed


def today_qdate() -> QDate:
    """Today as a QDate, from the services' clock (never ``QDate.currentDate()``), so a test
    or a fixed-day run sees the same day in every widget and service."""
    d = clock.today()
    return QDate(d.year, d.month, d.day)
