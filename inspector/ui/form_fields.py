"""Form fields with the message next to them: the shared pieces of the app's forms.

Each field has a widget, a label and a red message line under it; ``show_problems`` puts each
service-reported ``FieldProblem`` next to its field (warnings in amber), so the inspector sees
what is wrong where it is typed. Dates are typed ``dd/mm/yyyy`` (keyboard first).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.text import format_date, parse_date
from inspector.services.forms import FieldProblem
from inspector.ui.support import tr

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #8a5300;"


class DateEdit(QLineEdit):
    """The app's one date field: typed as dd/mm/yyyy (or yyyy-mm-dd) the same way in every form,
    a calendar on F4 or Alt+↓; empty means no date.

    Not ``QDateEdit``: an inspector types ``05/02/2026`` as written on paper, a field may be
    empty (not yet known), and half a date typed stays as typed instead of being "corrected".
    ``day_changed`` fires when the text becomes a whole valid date other than the last one, so a
    dialog can recompute live without acting on half-typed dates.
    """

    day_changed = Signal(object)
    #: A day was picked on the calendar (the visit form treats it as an edit).
    picked = Signal()

    def __init__(self, parent: QWidget | None = None, initial: date | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("dd/mm/yyyy")
        self.setMaxLength(10)
        self.setToolTip(tr("Nhập ngày dạng dd/mm/yyyy; F4 hoặc Alt+↓ để chọn trên lịch"))
        self._last: date | None = None
        self.textChanged.connect(self._text_changed)
        if initial is not None:
            self.set_value(initial)

    def value(self) -> date | None:
        """The date, ``None`` when empty; raises ValueError (Vietnamese) when malformed."""
        text = self.text().strip()
        return parse_date(text) if text else None

    def valid_value(self) -> date | None:
        """The date when the text is a whole valid date, else ``None`` (never raises)."""
        try:
            return self.value()
        except ValueError:
            return None

    def set_value(self, value: date | None) -> None:
        if self.signalsBlocked():
            self._last = value  # set quietly: the next typed change is measured from it
        self.setText(format_date(value) if value else "")

    def required(self, label: str) -> date:
        """The date for a save: a missing or malformed date raises one Vietnamese line."""
        try:
            value = self.value()
        except ValueError:
            value = None
        if value is None:
            raise ValueError(tr("{0}: hãy nhập ngày theo dạng dd/mm/yyyy.").format(label))
        return value

    def _text_changed(self, _text: str) -> None:
        value = self.valid_value()
        if value is not None and value != self._last:
            self._last = value
            self.day_changed.emit(value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F4 or (
                event.key() == Qt.Key.Key_Down
                and event.modifiers() & Qt.KeyboardModifier.AltModifier):
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def open_calendar(self) -> QFrame:
        """A calendar under the field; a picked day is put in as if typed (Ctrl+Z undoes it)."""
        popup = QFrame(self, Qt.WindowType.Popup)
        popup.setFrameShape(QFrame.Shape.Box)
        layout = QVBoxLayout(popup)
        layout.setContentsMargins(2, 2, 2, 2)
        calendar = QCalendarWidget()
        calendar.setObjectName("calendar")
        calendar.setGridVisible(True)
        current = self.valid_value()
        if current is not None:
            calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        calendar.activated.connect(lambda d: self._picked(d, popup))
        calendar.clicked.connect(lambda d: self._picked(d, popup))
        layout.addWidget(calendar)
        popup.move(self.mapToGlobal(self.rect().bottomLeft()))
        popup.show()
        calendar.setFocus()
        return popup

    def _picked(self, day: QDate, popup: QFrame) -> None:
        value = day.toPython()
        assert isinstance(value, date)
        self.selectAll()
        self.insert(format_date(value))  # through the field's undo history
        popup.close()
        self.picked.emit()


class Field(QWidget):
    """A widget with its message line underneath."""

    def __init__(self, name: str, widget: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.widget = widget
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(widget)
        self.message = QLabel("")
        self.message.setObjectName(f"{name}Message")
        self.message.setWordWrap(True)
        # The message line keeps its place when empty, so the fields below do not jump while
        # the user types (a message appearing shifted them 16-20 px under the cursor).
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing())
        policy = self.message.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.message.setSizePolicy(policy)
        self.message.setVisible(False)
        layout.addWidget(self.message)

    def show_problem(self, problem: FieldProblem | None) -> None:
        if problem is None:
            self.message.clear()
            self.message.setVisible(False)
            return
        self.message.setText(problem.message)
        self.message.setStyleSheet(ERROR_STYLE if problem.blocking else WARNING_STYLE)
        self.message.setVisible(True)


class FieldSet(QWidget):
    """A form of named fields; ``changed`` fires on every edit so the form can validate live."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.fields: dict[str, Field] = {}
        self.labels: dict[str, QLabel] = {}

    def _add(self, name: str, label: str, widget: QWidget) -> Field:
        widget.setObjectName(name)
        field = Field(name, widget, self)
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.layout_.addRow(caption, field)
        self.fields[name] = field
        self.labels[name] = caption
        return field

    def line(self, name: str, label: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(lambda _t: self.changed.emit())
        self._add(name, label, edit)
        return edit

    def date(self, name: str, label: str) -> DateEdit:
        edit = DateEdit()
        edit.textChanged.connect(lambda _t: self.changed.emit())
        self._add(name, label, edit)
        return edit

    def combo(self, name: str, label: str, items: Iterable[tuple[str, Any]]) -> QComboBox:
        box = QComboBox()
        for text, data in items:
            box.addItem(text, data)
        box.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self._add(name, label, box)
        return box

    def set_visible(self, names: Sequence[str], visible: bool) -> None:
        for name in names:
            self.fields[name].setVisible(visible)
            self.labels[name].setVisible(visible)

    def show_problems(self, problems: Iterable[FieldProblem]) -> list[FieldProblem]:
        """Show each problem next to its field; return those no field here can show."""
        by_field: dict[str, FieldProblem] = {}
        unplaced = []
        for p in problems:
            if p.field in self.fields:
                current = by_field.get(p.field)
                if current is None or (p.blocking and not current.blocking):
                    by_field[p.field] = p
            else:
                unplaced.append(p)
        for name, field in self.fields.items():
            field.show_problem(by_field.get(name))
        return unplaced

    def value(self, name: str) -> Any:
        widget = self.fields[name].widget
        if isinstance(widget, DateEdit):
            return widget.value()
        if isinstance(widget, QLineEdit):
            return widget.text()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        raise TypeError(name)

    def set_value(self, name: str, value: Any) -> None:
        widget = self.fields[name].widget
        if isinstance(widget, DateEdit):
            widget.set_value(value if isinstance(value, date) or value is None
                             else parse_date(str(value)))
        elif isinstance(widget, QLineEdit):
            widget.setText("" if value is None else str(value))
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(find_data(widget, value), 0))

    def texts(self) -> dict[str, str]:
        """The raw typed text of every field (a draft keeps what was typed, even if invalid)."""
        out: dict[str, str] = {}
        for name, field in self.fields.items():
            w = field.widget
            if isinstance(w, QLineEdit):
                out[name] = w.text()
            elif isinstance(w, QComboBox):
                data = w.currentData()
                out[name] = "" if data is None else str(data)
        return out

    def set_texts(self, values: dict[str, str]) -> None:
        for name, text in values.items():
            if name not in self.fields:
                continue
            w = self.fields[name].widget
            if isinstance(w, QLineEdit):
                w.setText(text)
            elif isinstance(w, QComboBox):
                index = w.findData(text if text else None)
                if index < 0:
                    index = w.findData(text)
                w.setCurrentIndex(max(index, 0))


def commune_choices() -> list[tuple[str, str]]:
    """(label, code) of the province's communes and wards in Vietnamese dictionary order (the
    domain's collation: "Cần Yên" before "Cô Ba"), for every list and filter of communes."""
    from inspector.domain.places import new_communes
    from inspector.domain.text import sort_key

    return [(c.label, c.code) for c in sorted(new_communes(), key=lambda c: sort_key(c.label))]


def find_data(box: QComboBox, value: Any) -> int:
    """The index of ``value`` among the items' data, compared in Python (``findData`` does not
    match Python objects such as UUIDs); -1 when absent."""
    for i in range(box.count()):
        if box.itemData(i) == value:
            return i
    return -1


def date_problem(name: str, label: str, edit: DateEdit) -> FieldProblem | None:
    try:
        edit.value()
    except ValueError:
        return FieldProblem(name, tr("{0}: ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy.")
                            .format(label))
    return None
