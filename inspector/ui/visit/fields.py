"""Small field widgets of the visit form: a message next to a field, dates, money.

Why line edits and not ``QDateEdit``/``QSpinBox`` for dates and amounts: an inspector types
``05/02/2026`` and ``15.500.000`` the way they are written on paper, a field may be empty (not
yet known), and whatever was typed — even half a date — must go into the draft unchanged.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.money import amount_in_words, format_vnd, parse_vnd
from inspector.ui.form_fields import DateEdit
from inspector.ui.support import tr

ERROR_STYLE = "color: #b00020;"
HINT_STYLE = "color: #555555;"


class ErrorLabel(QLabel):
    """The message under a field, with a warning sign so colour is not the only signal."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}Error")
        self.setWordWrap(True)
        self.setStyleSheet(ERROR_STYLE)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Hidden, it keeps its line: a message coming or going does not move the fields below
        # (the visit day moved 20 px when the establishment's message appeared above it).
        self.setMinimumHeight(self.fontMetrics().lineSpacing())
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.setVisible(False)

    def show_messages(self, messages: list[str]) -> None:
        unique = list(dict.fromkeys(messages))
        self.setText("\n".join(f"⚠ {m}" for m in unique))
        self.setVisible(bool(unique))


def hint(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    if name:
        label.setObjectName(name)
    return label


class DateField(QWidget):
    """The shared date field (``form_fields.DateEdit``: dd/mm/yyyy, F4 / Alt+↓ for the
    calendar) with a calendar button beside it, as the visit form lays its dates out."""

    edited = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = DateEdit()
        self.edit.setObjectName(f"{name}Edit")
        self.edit.setMaximumWidth(130)
        self.edit.textEdited.connect(lambda _t: self.edited.emit())
        self.edit.picked.connect(self.edited.emit)
        self.button = QToolButton()
        self.button.setText("▾")
        self.button.setToolTip(tr("Chọn trên lịch (Alt+↓)"))
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.clicked.connect(self.open_calendar)
        layout.addWidget(self.edit)
        layout.addWidget(self.button)
        layout.addStretch(1)
        self.setFocusProxy(self.edit)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        self.edit.setText(text)

    def setPlaceholderText(self, text: str) -> None:
        self.edit.setPlaceholderText(text)

    def value(self) -> date | None:
        return self.edit.valid_value()

    def open_calendar(self) -> None:
        self.edit.open_calendar()


class MoneyField(QWidget):
    """An amount typed with dots, ``15.500.000``; the figure and the words show under it."""

    edited = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        self.edit = QLineEdit()
        self.edit.setObjectName(f"{name}Edit")
        self.edit.setPlaceholderText(tr("ví dụ 1.500.000"))
        self.edit.setMaximumWidth(200)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.words = hint(name=f"{name}Words")
        self.words.setWordWrap(False)  # one line; a wrapped label is clipped inside a row
        layout.addWidget(self.edit)
        layout.addWidget(self.words)
        self.edit.textChanged.connect(self._show_words)
        self.edit.textEdited.connect(lambda _t: self.edited.emit())
        self.setFocusProxy(self.edit)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:
        self.edit.setText(text)

    def set_amount(self, amount: int) -> None:
        """Put an amount in as if typed (Ctrl+Z takes it back)."""
        self.edit.selectAll()
        self.edit.insert(format_vnd(amount, unit=False))
        self.edited.emit()

    def _show_words(self, text: str) -> None:
        try:
            amount = parse_vnd(text) if text.strip() else None
        except ValueError:
            amount = None
        self.words.setText(tr("= {0} ({1})").format(format_vnd(amount), amount_in_words(amount))
                           if amount is not None else "")
