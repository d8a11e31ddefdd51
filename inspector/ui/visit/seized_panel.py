"""Seized items (tang vật, phương tiện): kind, description, quantity and unit, the titles of
publications where known, estimated value, where kept; and, once saved, their disposal.

A new item is held ("Đang tạm giữ"); what becomes of it — confiscated, returned, destroyed —
is recorded later with :class:`DisposalDialog` from the case file.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.money import format_vnd
from inspector.services import clock
from inspector.services.actor import Actor
from inspector.services.cases import (
    DISPOSAL_LABELS_VI,
    SEIZED_KIND_LABELS_VI,
    SEIZED_KINDS,
    SeizedItemRow,
    dispose_seized_item,
)
from inspector.services.errors import ServiceError
from inspector.services.forms import FieldProblem, FormInvalid
from inspector.store.engine import Database
from inspector.ui.form_fields import DateEdit
from inspector.ui.support import message_label, tr
from inspector.ui.visit.entries import EntryEditor, EntryList
from inspector.ui.visit.fields import ErrorLabel, MoneyField, hint
from inspector.ui.visit.state import Entry, field_root, new_seized, parse_titles

UNITS = ("cuốn", "bản", "chiếc", "bộ", "máy", "thùng", "tờ", "hộp", "cái")


class SeizedEditor(EntryEditor):
    """One seized item."""

    def __init__(self, violation_labels: Callable[[], list[tuple[str, str]]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("seizedEditor")
        self._violation_labels = violation_labels
        self._entry: Entry = new_seized()
        self._loading = False
        self.errors: dict[str, ErrorLabel] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields take the focus
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        scroll.setWidget(body)
        outer.addWidget(scroll)
        form = QFormLayout(body)
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for code in SEIZED_KINDS:
            self.kind.addItem(tr(SEIZED_KIND_LABELS_VI[code]), code)
        self.description = QLineEdit()
        self.description.setObjectName("description")
        self.description.setPlaceholderText(tr("Tên, nhãn hiệu, đặc điểm (ví dụ: sách không rõ "
                                               "nguồn gốc)"))
        self.quantity = QLineEdit()
        self.quantity.setObjectName("quantity")
        self.quantity.setMaximumWidth(120)
        self.unit = QLineEdit()
        self.unit.setObjectName("unit")
        self.unit.setMaximumWidth(160)
        self.unit.setPlaceholderText(tr("cuốn, chiếc, bộ…"))
        completer = QCompleter(list(UNITS), self.unit)
        completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        self.unit.setCompleter(completer)
        self.titles = QPlainTextEdit()
        self.titles.setObjectName("titles")
        self.titles.setTabChangesFocus(True)
        self.titles.setFixedHeight(80)
        self.titles.setPlaceholderText(tr("Mỗi dòng một tên và số bản, ví dụ:\nĐắc nhân tâm: "
                                          "300\nTuổi trẻ đáng giá bao nhiêu: 400"))
        self.titles_sum = hint(name="titlesSum")
        self.value = MoneyField("value")
        self.value.edit.setPlaceholderText(tr("giá trị ước tính (nếu biết)"))
        self.condition = QLineEdit()
        self.condition.setObjectName("condition")
        self.condition.setPlaceholderText(tr("tình trạng khi tạm giữ (mới, đã qua sử dụng…)"))
        self.kept_at = QLineEdit()
        self.kept_at.setObjectName("keptAt")
        self.kept_at.setPlaceholderText(tr("ví dụ: kho của Sở, niêm phong tại cơ sở"))
        self.violation = QComboBox()
        self.violation.setObjectName("violation")
        self.disposal = QLabel(tr(DISPOSAL_LABELS_VI["held"]))
        self.disposal.setObjectName("disposal")
        for label, widget, name in (
                (tr("&Loại:"), self.kind, "kind"),
                (tr("&Mô tả:"), self.description, "description"),
                (tr("&Số lượng:"), self.quantity, "quantity"),
                (tr("Đơn &vị tính:"), self.unit, "unit"),
                (tr("&Tên xuất bản phẩm:"), self.titles, "titles"),
                (tr("&Giá trị:"), self.value, "value"),
                (tr("Tình t&rạng:"), self.condition, "condition"),
                (tr("Nơi &bảo quản:"), self.kept_at, "kept_at"),
                (tr("T&huộc hành vi:"), self.violation, "violation")):
            caption = QLabel(label)
            caption.setBuddy(widget.edit if isinstance(widget, MoneyField) else widget)
            form.addRow(caption, widget)
            if name == "titles":
                form.addRow("", self.titles_sum)
            error = ErrorLabel(name)
            self.errors[name] = error
            form.addRow("", error)
        form.addRow(tr("Xử lý:"), self.disposal)
        form.addRow("", hint(tr("Tang vật mới ghi ở trạng thái tạm giữ; việc tịch thu, trả lại "
                                "hoặc tiêu hủy được ghi sau, trong hồ sơ vụ việc.")))
        self.general = ErrorLabel("seizedGeneral")
        self.errors["general"] = self.general
        form.addRow(self.general)
        self.kind.currentIndexChanged.connect(lambda _i: self._changed("kind", True))
        self.violation.currentIndexChanged.connect(lambda _i: self._changed("violation", True))
        for name, edit in (("description", self.description), ("quantity", self.quantity),
                           ("unit", self.unit), ("condition", self.condition),
                           ("kept_at", self.kept_at)):
            edit.textEdited.connect(lambda _t, n=name: self._changed(n))
        self.value.edited.connect(lambda: self._changed("value"))
        self.titles.textChanged.connect(lambda: self._changed("titles"))

    def refresh_violations(self) -> None:
        """The violations an item may belong to (they change while the form is filled)."""
        self.violation.blockSignals(True)
        self.violation.clear()
        self.violation.addItem(tr("— không gắn với hành vi cụ thể —"), None)
        for uid, label in self._violation_labels():
            self.violation.addItem(label, uid)
        index = self.violation.findData(self._entry.get("violation"))
        self.violation.setCurrentIndex(max(index, 0))
        self.violation.blockSignals(False)

    def load(self, entry: Entry) -> None:
        self._loading = True
        try:
            self._entry = copy.deepcopy(entry)
            e = self._entry
            self.kind.setCurrentIndex(max(self.kind.findData(e.get("kind", "goods")), 0))
            self.description.setText(e.get("description", ""))
            self.quantity.setText(e.get("quantity", ""))
            self.unit.setText(e.get("unit", ""))
            self.titles.setPlainText(e.get("titles", ""))
            self.value.setText(e.get("value", ""))
            self.condition.setText(e.get("condition", ""))
            self.kept_at.setText(e.get("kept_at", ""))
            self.refresh_violations()
            self._show_sum()
        finally:
            self._loading = False

    def entry(self) -> Entry:
        e = self._entry
        e.update(kind=self.kind.currentData(), description=self.description.text(),
                 quantity=self.quantity.text(), unit=self.unit.text(),
                 titles=self.titles.toPlainText(), value=self.value.text(),
                 condition=self.condition.text(), kept_at=self.kept_at.text(),
                 violation=self.violation.currentData())
        return copy.deepcopy(e)

    def first_field(self) -> QWidget:
        return self.description

    def focus_field(self, name: str) -> None:
        widgets: dict[str, QWidget] = {
            "kind": self.kind, "description": self.description, "quantity": self.quantity,
            "unit": self.unit, "titles": self.titles, "value": self.value.edit,
            "condition": self.condition, "kept_at": self.kept_at, "violation": self.violation,
            "violation_index": self.violation}
        widgets.get(field_root(name), self.description).setFocus()

    def _changed(self, name: str, significant: bool = False) -> None:
        if self._loading:
            return
        touched = self._entry.setdefault("touched", [])
        if name not in touched:
            touched.append(name)
        if name == "titles":
            self._show_sum()
        self.edited.emit(significant)

    def _show_sum(self) -> None:
        titles = parse_titles(self.titles.toPlainText(), [])
        self.titles_sum.setText(tr("Tổng theo tên: {0} bản ({1} tên)").format(
            sum(t.copies for t in titles), len(titles)) if titles else "")

    def show_problems(self, problems: list[FieldProblem], show_all: bool) -> None:
        touched = set(self._entry.get("touched") or [])
        by_name: dict[str, list[str]] = {name: [] for name in self.errors}
        for p in problems:
            root = field_root(p.field)
            root = "violation" if root == "violation_index" else root
            if not (show_all or root in touched):
                continue
            by_name[root if root in by_name else "general"].append(p.message)
        for name, label in self.errors.items():
            label.show_messages(by_name[name])


class SeizedPanel(EntryList):
    """The seized items of the visit."""

    def __init__(self, undo: QUndoStack, violation_labels: Callable[[], list[tuple[str, str]]],
                 parent: QWidget | None = None) -> None:
        editor = SeizedEditor(violation_labels)
        super().__init__(
            "seized", editor, undo, self._describe, tr("tang vật, phương tiện"),
            tr("Chưa tạm giữ tang vật, phương tiện nào.\n\nBấm “Thêm tang vật” (Ctrl+N), hoặc "
               "từ một hành vi chọn “Tạm giữ tang vật, phương tiện của hành vi này…”."),
            tr("Thêm tang vật (Ctrl+N)"), parent)
        self.seized_editor = editor

    def new_entry(self) -> Entry:
        return new_seized()

    @staticmethod
    def _describe(index: int, entry: Entry) -> str:
        kind = tr(SEIZED_KIND_LABELS_VI.get(str(entry.get("kind")), ""))
        what = str(entry.get("description", "")).strip() or tr("(chưa mô tả)")
        amount = " ".join(p for p in (str(entry.get("quantity", "")).strip(),
                                      str(entry.get("unit", "")).strip()) if p)
        return f"{index + 1}. {kind}: {what}" + (f"\n{amount}" if amount else "")


class DisposalDialog(QDialog):
    """What became of a saved seized item, and when (Law Art 126): confiscated, returned or
    destroyed. A refusal (already disposed, a date before the case) stays in the dialog."""

    def __init__(self, db: Database, actor: Actor, item: SeizedItemRow,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.item = item
        self.result_row: SeizedItemRow | None = None
        self.setWindowTitle(tr("Xử lý tang vật, phương tiện"))
        form = QFormLayout(self)
        quantity = f"{item.quantity:,}".replace(",", ".")
        value = tr(", giá trị {0}").format(format_vnd(item.value)) if item.value else ""
        summary = QLabel(f"{item.description} — {quantity} {item.unit}{value}")
        summary.setWordWrap(True)
        form.addRow(tr("Tang vật:"), summary)
        self.disposal = QComboBox()
        self.disposal.setObjectName("disposal")
        for code in ("confiscated", "returned", "destroyed"):
            self.disposal.addItem(tr(DISPOSAL_LABELS_VI[code]), code)
        form.addRow(tr("&Xử lý:"), self.disposal)
        self.on_date = DateEdit(initial=clock.today())
        self.on_date.setObjectName("onDate")
        form.addRow(tr("&Ngày:"), self.on_date)
        self.message = message_label()
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Ghi"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Hủy"))
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def apply(self) -> None:
        try:
            day = self.on_date.required(tr("Ngày"))
        except ValueError as exc:
            self.message.setText(f"⚠ {exc}")
            return
        try:
            self.result_row = dispose_seized_item(self.db, self.actor, self.item.id,
                                                  self.disposal.currentData(), day,
                                                  self.item.version)
        except FormInvalid as exc:
            self.message.setText("\n".join(f"⚠ {p.message}" for p in exc.problems))
            return
        except ServiceError as exc:
            self.message.setText(f"⚠ {exc.vi}")
            return
        self.accept()
