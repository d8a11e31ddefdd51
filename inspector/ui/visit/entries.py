"""A list of entries (violations, seized items) beside the editor of the selected one, with
adding and removing on the form's undo stack.

Why the entries are plain dicts: they are exactly what the draft stores, so undo, the draft
and the editor all share one representation and nothing needs converting back and forth.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from inspector.services.forms import FieldProblem
from inspector.ui.support import tr
from inspector.ui.visit.state import Entry


class EntryEditor(QWidget):
    """Edits one entry; ``edited(significant)`` after each change by the user. An editor
    scrolls its own fields, so a panel beside them (the law) can stay in view."""

    edited = Signal(bool)

    def load(self, entry: Entry) -> None:
        raise NotImplementedError

    def entry(self) -> Entry:
        raise NotImplementedError

    def show_problems(self, problems: list[FieldProblem], show_all: bool) -> None:
        raise NotImplementedError

    def first_field(self) -> QWidget:
        raise NotImplementedError

    def focus_field(self, name: str) -> None:
        self.first_field().setFocus()


class EntryCollection:
    """What the undo commands need from a list panel."""

    def insert_entry(self, index: int, entry: Entry) -> None:
        raise NotImplementedError

    def take_entry(self, index: int) -> Entry:
        raise NotImplementedError


class InsertCommand(QUndoCommand):
    """Adding an entry; undoing keeps what was typed into it since, for a redo."""

    def __init__(self, target: EntryCollection, index: int, entry: Entry, text: str) -> None:
        super().__init__(text)
        self.target = target
        self.index = index
        self.entry = copy.deepcopy(entry)

    def redo(self) -> None:
        self.target.insert_entry(self.index, copy.deepcopy(self.entry))

    def undo(self) -> None:
        self.entry = self.target.take_entry(self.index)


class RemoveCommand(QUndoCommand):
    def __init__(self, target: EntryCollection, index: int, text: str) -> None:
        super().__init__(text)
        self.target = target
        self.index = index
        self.entry: Entry = {}

    def redo(self) -> None:
        self.entry = self.target.take_entry(self.index)

    def undo(self) -> None:
        self.target.insert_entry(self.index, copy.deepcopy(self.entry))


class EntryList(QWidget, EntryCollection):
    """The list on the left, the editor on the right; Delete removes (undoable)."""

    changed = Signal(bool)

    def __init__(self, name: str, editor: EntryEditor, undo: QUndoStack,
                 label: Callable[[int, Entry], str], noun: str, empty_text: str,
                 add_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.editor = editor
        self.undo = undo
        self.noun = noun
        self._label = label
        self.entries: list[Entry] = []
        self.markers: dict[int, list[FieldProblem]] = {}
        self._current = -1
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setObjectName(f"{name}List")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.installEventFilter(self)
        left_layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(add_text)
        self.add_button.setObjectName(f"{name}Add")
        self.remove_button = QPushButton(tr("Xóa"))
        self.remove_button.setObjectName(f"{name}Remove")
        self.remove_button.setToolTip(tr("Xóa mục đang chọn (Delete); hoàn tác bằng Ctrl+Z"))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        left_layout.addLayout(buttons)
        splitter.addWidget(left)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.empty_label = QLabel(empty_text)
        self.empty_label.setObjectName(f"{name}Empty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        right_layout.addWidget(self.empty_label)
        right_layout.addWidget(editor, 1)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([250, 1000])
        layout.addWidget(splitter)
        self.add_button.clicked.connect(lambda: self.add_entry())
        self.remove_button.clicked.connect(self.remove_current)
        self.list.currentRowChanged.connect(self._select)
        editor.edited.connect(self._edited)
        self._sync_visibility()

    # --- what the form and the commands call ------------------------------------------------

    def new_entry(self) -> Entry:
        raise NotImplementedError

    def add_entry(self, entry: Entry | None = None) -> int:
        """Add (undoably) and select a new entry; returns its index."""
        index = len(self.entries)
        self.undo.push(InsertCommand(self, index, entry or self.new_entry(),
                                     tr("thêm {0}").format(self.noun)))
        self.editor.first_field().setFocus()
        return index

    def remove_current(self) -> None:
        index = self.list.currentRow()
        if 0 <= index < len(self.entries):
            self.undo.push(RemoveCommand(self, index, tr("xóa {0}").format(self.noun)))

    def insert_entry(self, index: int, entry: Entry) -> None:
        self.store_current()
        self.entries.insert(index, entry)
        self._current = -1
        self.list.blockSignals(True)
        self.list.insertItem(index, "")
        self.list.setCurrentRow(index)
        self.list.blockSignals(False)
        self._select(index)
        self.refresh_labels()
        self._sync_visibility()
        self.changed.emit(True)

    def take_entry(self, index: int) -> Entry:
        self.store_current()
        entry = self.entries.pop(index)
        self._current = -1
        self.list.blockSignals(True)
        self.list.takeItem(index)
        self.list.blockSignals(False)
        if self.entries:
            row = min(index, len(self.entries) - 1)
            self.list.blockSignals(True)
            self.list.setCurrentRow(row)
            self.list.blockSignals(False)
            self._select(row)
        self.refresh_labels()
        self._sync_visibility()
        self.changed.emit(True)
        return entry

    def set_entries(self, entries: list[Entry], current: int = 0) -> None:
        """Replace every entry (a draft opened again); not an undoable step."""
        self.entries = [copy.deepcopy(e) for e in entries]
        self._current = -1
        self.list.blockSignals(True)
        self.list.clear()
        for _ in self.entries:
            self.list.addItem("")
        self.list.blockSignals(False)
        self.refresh_labels()
        if self.entries:
            row = max(0, min(current, len(self.entries) - 1))
            self.list.setCurrentRow(row)
            self._select(row)
        self._sync_visibility()

    def store_current(self) -> None:
        if 0 <= self._current < len(self.entries):
            self.entries[self._current] = self.editor.entry()

    def current_index(self) -> int:
        return self._current

    def select(self, index: int) -> None:
        if 0 <= index < len(self.entries):
            self.list.setCurrentRow(index)

    def refresh_labels(self) -> None:
        for i, entry in enumerate(self.entries):
            item = self.list.item(i)
            problems = [p for p in self.markers.get(i, []) if p.blocking]
            text = self._label(i, entry)
            item.setText(("⚠ " if problems else "") + text)
            item.setToolTip("\n".join(p.message for p in problems) if problems else text)

    def set_markers(self, markers: dict[int, list[FieldProblem]]) -> None:
        self.markers = markers
        self.refresh_labels()

    # --- internals ----------------------------------------------------------------------------

    def _select(self, row: int) -> None:
        if row == self._current:
            return
        self.store_current()
        self._current = row
        if 0 <= row < len(self.entries):
            self.editor.load(self.entries[row])
        self._sync_visibility()

    def _edited(self, significant: bool) -> None:
        self.store_current()
        self.refresh_labels()
        self.changed.emit(significant)

    def _sync_visibility(self) -> None:
        has = bool(self.entries)
        self.editor.setVisible(has)
        self.empty_label.setVisible(not has)
        self.remove_button.setEnabled(has)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Delete:
                self.remove_current()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.entries:
                self.editor.first_field().setFocus()
                return True
        return super().eventFilter(watched, event)
