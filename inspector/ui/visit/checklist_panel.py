"""The sector checklist: each item answered Có / Không / Không áp dụng with a note, and a
failed item one click (or Tab, Enter) away from recording its violation.

The items come from ``resources/checklists/<sector>.json`` (:func:`load_checklist`); the answers
are kept as the draft keeps them, ``{item id: {"answer", "note", "count"}}``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from inspector.services.checklists import ANSWER_LABELS_VI, Checklist, ChecklistItem
from inspector.services.forms import FieldProblem
from inspector.ui.support import tr
from inspector.ui.visit.fields import ErrorLabel, hint

ANSWER_ORDER = ("yes", "no", "na")
FAILED_STYLE = "QFrame#checkItem[failed=\"true\"] { background: #fdecea; }"


class ChecklistRow(QFrame):
    """One item: the question, three answers, a note, a count where asked, and the button that
    records a violation when the answer is Không."""

    def __init__(self, number: int, item: ChecklistItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.setObjectName("checkItem")
        self.setProperty("failed", False)
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        self.question = QLabel(f"{number}. {item.text}")
        self.question.setWordWrap(True)
        if item.note:
            self.question.setToolTip(item.note)
        grid.addWidget(self.question, 0, 0, 1, 6)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        answers = QHBoxLayout()
        for code in ANSWER_ORDER:
            button = QRadioButton(tr(ANSWER_LABELS_VI[code]))
            button.setObjectName(f"{item.id}_{code}")
            self.group.addButton(button)
            self.buttons[code] = button
            answers.addWidget(button)
        grid.addLayout(answers, 1, 0)
        self.note = QLineEdit()
        self.note.setObjectName(f"{item.id}_note")
        self.note.setPlaceholderText(tr("Ghi chú (điều thấy tại cơ sở)"))
        grid.addWidget(self.note, 1, 1)
        self.count: QLineEdit | None = None
        if item.asks_count:
            self.count = QLineEdit()
            self.count.setObjectName(f"{item.id}_count")
            self.count.setPlaceholderText(tr("số lượng"))
            self.count.setMaximumWidth(90)
            grid.addWidget(self.count, 1, 2)
        self.record = QPushButton(tr("Ghi vi phạm…"))
        self.record.setObjectName(f"{item.id}_record")
        self.record.setEnabled(False)
        self.record.setToolTip(tr("Ghi hành vi vi phạm cho mục này; các điều khoản tương ứng "
                                  "được đề xuất trước"))
        grid.addWidget(self.record, 1, 3)
        self.recorded = hint(name=f"{item.id}_recorded")
        grid.addWidget(self.recorded, 1, 4)
        grid.setColumnStretch(1, 1)
        self.error = ErrorLabel(f"{item.id}")
        grid.addWidget(self.error, 2, 0, 1, 6)

    def answer(self) -> str:
        for code, button in self.buttons.items():
            if button.isChecked():
                return code
        return ""

    def set_answer(self, code: str) -> None:
        self.group.setExclusive(False)
        for key, button in self.buttons.items():
            button.setChecked(key == code)
        self.group.setExclusive(True)
        self.show_failed()

    def show_failed(self) -> None:
        failed = self.answer() == "no"
        self.record.setEnabled(failed)
        if self.property("failed") != failed:
            self.setProperty("failed", failed)
            self.style().unpolish(self)
            self.style().polish(self)


class ChecklistPanel(QWidget):
    """Every item of the sector's checklist, grouped as the file groups them."""

    changed = Signal(bool)
    record_violation = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checklist")
        self.rows: dict[str, ChecklistRow] = {}
        self.checklist: Checklist | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel("")
        self.title.setObjectName("checklistTitle")
        self.title.setStyleSheet("font-weight: bold;")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.note = hint(name="checklistNote")
        layout.addWidget(self.note)
        self.summary = QLabel("")
        self.summary.setObjectName("checklistSummary")
        layout.addWidget(self.summary)
        self.scroll_area = QScrollArea()
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields take the focus
        self.scroll_area.setWidgetResizable(True)
        self.body = QWidget()
        self.body.setStyleSheet(FAILED_STYLE)
        self.body_layout = QVBoxLayout(self.body)
        self.scroll_area.setWidget(self.body)
        layout.addWidget(self.scroll_area, 1)

    def set_checklist(self, checklist: Checklist | None, problem: str = "") -> None:
        """Show the items of ``checklist`` (None: the sector has none, say so)."""
        for row in self.rows.values():
            row.deleteLater()
        while self.body_layout.count():
            self.body_layout.takeAt(0)
        self.rows = {}
        self.checklist = checklist
        if checklist is None:
            self.title.setText(tr("Không có danh mục kiểm tra"))
            self.note.setText(problem or tr("Hãy chọn cơ sở trước."))
            self.summary.setText("")
            return
        self.title.setText(checklist.title)
        self.note.setText(checklist.answer_note)
        group = None
        for number, item in enumerate(checklist.items, start=1):
            if item.group and item.group != group:
                group = item.group
                heading = QLabel(group)
                heading.setStyleSheet("font-weight: bold; padding-top: 6px;")
                self.body_layout.addWidget(heading)
            row = ChecklistRow(number, item)
            for code, button in row.buttons.items():
                button.toggled.connect(lambda on, r=row, c=code: self._answered(r, c, on))
            row.note.textEdited.connect(lambda _t: self.changed.emit(False))
            if row.count is not None:
                row.count.textEdited.connect(lambda _t: self.changed.emit(False))
            row.record.clicked.connect(lambda _c=False, i=item.id: self.record_violation.emit(i))
            self.rows[item.id] = row
            self.body_layout.addWidget(row)
        self.body_layout.addStretch(1)
        self.update_summary({})

    def _answered(self, row: ChecklistRow, code: str, on: bool) -> None:
        if not on:
            return
        row.show_failed()
        self.changed.emit(True)

    def order(self) -> list[str]:
        return list(self.rows)

    def answers(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for item_id, row in self.rows.items():
            answer = row.answer()
            note = row.note.text()
            count = row.count.text() if row.count is not None else ""
            if answer or note or count:
                out[item_id] = {"answer": answer, "note": note, "count": count}
        return out

    def set_answers(self, answers: dict[str, dict[str, Any]]) -> None:
        for item_id, row in self.rows.items():
            spec = answers.get(item_id) or {}
            for button in row.buttons.values():
                button.blockSignals(True)
            row.set_answer(str(spec.get("answer", "")))
            for button in row.buttons.values():
                button.blockSignals(False)
            row.note.setText(str(spec.get("note", "")))
            if row.count is not None:
                row.count.setText(str(spec.get("count", "")))

    def update_summary(self, recorded: dict[str, int]) -> None:
        """The count of answers and failures, and how many violations each item has."""
        answered = sum(1 for r in self.rows.values() if r.answer())
        failed = sum(1 for r in self.rows.values() if r.answer() == "no")
        self.summary.setText(tr("Đã trả lời {0}/{1} mục; {2} mục không đạt.").format(
            answered, len(self.rows), failed))
        for item_id, row in self.rows.items():
            n = recorded.get(item_id, 0)
            row.recorded.setText(tr("Đã ghi {0} hành vi").format(n) if n else "")

    def show_problems(self, problems: list[FieldProblem]) -> None:
        by_item: dict[str, list[str]] = {}
        for p in problems:
            _, _, item_id = p.field.partition(".")
            by_item.setdefault(item_id, []).append(p.message)
        for item_id, row in self.rows.items():
            row.error.show_messages(by_item.get(item_id, []))

    def first_row(self) -> ChecklistRow | None:
        """The first item not answered yet (where Tab should start), else the first."""
        for row in self.rows.values():
            if not row.answer():
                return row
        return next(iter(self.rows.values()), None)

    def focus_item(self, item_id: str) -> None:
        row = self.rows.get(item_id)
        if row is not None:
            self.scroll_area.ensureWidgetVisible(row)
            (row.buttons.get(row.answer()) or row.buttons["yes"]).setFocus()


def failed_items(answers: dict[str, dict[str, Any]]) -> list[str]:
    return [item_id for item_id, spec in answers.items() if spec.get("answer") == "no"]

