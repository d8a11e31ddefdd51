"""One violation: its dates, the provision in force on them, the titles and copies, the facts,
the circumstances, the amount and what else the provision allows — with the law beside it.

The law panel is recomputed by :func:`assess_violation` a moment after every change (no
database write); the provision list by :func:`provision_choices`, those the failed checklist
item proposes first. Nothing here decides what is lawful: the services do, and this widget
shows their answer next to the field it concerns.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.money import format_vnd
from inspector.domain.text import format_date
from inspector.services import clock
from inspector.services import law as law_service
from inspector.services.cases import (
    ProvisionChoice,
    ViolationAssessment,
    assess_violation,
    provision_choices,
)
from inspector.services.errors import ServiceError
from inspector.services.forms import FieldProblem
from inspector.ui.support import tr
from inspector.ui.visit.circumstances import CircumstanceList
from inspector.ui.visit.context import VisitContext
from inspector.ui.visit.entries import EntryEditor, EntryList
from inspector.ui.visit.fields import DateField, ErrorLabel, MoneyField, hint
from inspector.ui.visit.state import Entry, field_root, new_violation, reference_day, violation_input

#: Which message label shows a problem of a field (``titles[0].copies`` → ``titles``).
_LABEL_OF = {"mitigating": "circumstances", "aggravating": "circumstances",
             "subject": "provision_key", "violator": "provision_key"}
SUBJECT_VI = {"individual": "cá nhân (hộ kinh doanh xử phạt như cá nhân)",
              "organization": "tổ chức"}


def short_key(key: str) -> str:
    """``174/2026/NĐ-CP:36.2.a`` → ``36.2.a (174/2026/NĐ-CP)`` for narrow lists."""
    instrument, _, point = key.partition(":")
    return f"{point} ({instrument})" if point else key


def _money(value: int | None) -> str:
    return format_vnd(value) if value is not None else "—"


class ViolationEditor(EntryEditor):
    """The violation form; ``seize_requested``/``another_title`` ask the form for a seized item
    or a new violation built from this one."""

    seize_requested = Signal(str)
    another_title = Signal(str)

    def __init__(self, context: VisitContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("violationEditor")
        self.ctx = context
        self._entry: Entry = new_violation()
        self._loading = False
        self.assessment: ViolationAssessment | None = None
        self.choices: list[ProvisionChoice] = []
        self.errors: dict[str, ErrorLabel] = {}
        self._additional: dict[str, dict[str, Any]] = {}
        self._remedial: dict[str, dict[str, Any]] = {}
        self._allowed_kinds: tuple[str, ...] = ()
        self._allowed_codes: tuple[str, ...] = ()
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its fields take the focus
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        scroll.setWidget(body)
        self.form = QVBoxLayout(body)
        self.form.setContentsMargins(4, 0, 8, 0)
        outer.addWidget(scroll, 3)
        self._build_inputs()
        self.law = self._build_law_panel()
        outer.addWidget(self.law, 2)
        self._law_timer = QTimer(self)
        self._law_timer.setSingleShot(True)
        self._law_timer.setInterval(120)
        self._law_timer.timeout.connect(self.refresh_law)
        self._choice_timer = QTimer(self)
        self._choice_timer.setSingleShot(True)
        self._choice_timer.setInterval(150)
        self._choice_timer.timeout.connect(self.refresh_choices)

    # --- building -------------------------------------------------------------------------------

    def _error(self, name: str) -> ErrorLabel:
        label = ErrorLabel(name)
        self.errors[name] = label
        return label

    def _build_inputs(self) -> None:
        f = self.form
        self.origin = hint(name="origin")
        f.addWidget(self.origin)
        self.general_error = self._error("general")
        f.addWidget(self.general_error)

        when = QGroupBox(tr("1. Thời điểm vi phạm (quyết định văn bản áp dụng)"))
        grid = QGridLayout(when)
        self.ongoing = QCheckBox(tr("Vi phạm đang &diễn ra khi phát hiện"))
        self.ongoing.setObjectName("ongoing")
        grid.addWidget(self.ongoing, 0, 0, 1, 2)
        self.ended_on = DateField("endedOn")
        self.discovered_on = DateField("discoveredOn")
        self.discovered_on.setToolTip(tr("Để trống khi phát hiện ngay tại buổi làm việc"))
        ended_label = QLabel(tr("Ngày &chấm dứt hành vi:"))
        ended_label.setBuddy(self.ended_on.edit)
        discovered_label = QLabel(tr("Ngày phát &hiện:"))
        discovered_label.setBuddy(self.discovered_on.edit)
        grid.addWidget(ended_label, 1, 0)
        grid.addWidget(self.ended_on, 1, 1)
        grid.addWidget(self._error("ended_on"), 2, 1)
        grid.addWidget(discovered_label, 3, 0)
        grid.addWidget(self.discovered_on, 3, 1)
        grid.addWidget(self._error("discovered_on"), 4, 1)
        self.instrument = hint(name="instrument")
        grid.addWidget(self.instrument, 5, 0, 1, 2)
        f.addWidget(when)

        which = QGroupBox(tr("2. Điều khoản vi phạm"))
        box = QVBoxLayout(which)
        self.search = QLineEdit()
        self.search.setObjectName("provisionSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(tr("Tìm theo từ hoặc theo mã (ví dụ: hóa đơn, 29.1) — "
                                          "Ctrl+F; ↓ để chọn, Enter để dùng"))
        self.search.installEventFilter(self)
        box.addWidget(self.search)
        self.choice_list = QListWidget()
        self.choice_list.setObjectName("provisionChoices")
        self.choice_list.setWordWrap(True)
        self.choice_list.installEventFilter(self)
        box.addWidget(self.choice_list)
        self.chosen = QLabel(tr("Chưa chọn điều khoản."))
        self.chosen.setObjectName("chosenProvision")
        self.chosen.setWordWrap(True)
        box.addWidget(self.chosen)
        box.addWidget(self._error("provision_key"))
        # a point that lists several acts ("…; …; …"): the record names the one committed
        self.alternative_row = QWidget()
        act = QHBoxLayout(self.alternative_row)
        act.setContentsMargins(0, 0, 0, 0)
        self.alternative = QComboBox()
        self.alternative.setObjectName("alternative")
        self.alternative.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.alternative.setMinimumContentsLength(30)
        act_label = QLabel(tr("Hành vi cụ t&hể:"))
        act_label.setBuddy(self.alternative)
        act.addWidget(act_label)
        act.addWidget(self.alternative, 1)
        self.alternative_row.setVisible(False)
        box.addWidget(self.alternative_row)
        box.addWidget(self._error("alternative"))
        self._alternative_texts: tuple[str, ...] = ()
        f.addWidget(which)

        self.titles_box = QGroupBox(tr("Xuất bản phẩm (mỗi hành vi ghi một tên và số bản của "
                                       "tên đó)"))
        titles = QFormLayout(self.titles_box)
        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.copies = QLineEdit()
        self.copies.setObjectName("copies")
        self.copies.setMaximumWidth(120)
        self.copies.setPlaceholderText(tr("số bản"))
        titles.addRow(tr("&Tên xuất bản phẩm:"), self.title)
        titles.addRow(tr("Số &bản:"), self.copies)
        titles.addRow(self._error("titles"))
        self.another = QPushButton(tr("Ghi thêm tên khác (hành vi mới cùng điều khoản)"))
        self.another.setObjectName("anotherTitle")
        titles.addRow(self.another)
        f.addWidget(self.titles_box)

        facts_box = QGroupBox(tr("3. Mô tả hành vi vi phạm"))
        facts = QVBoxLayout(facts_box)
        self.facts = QPlainTextEdit()
        self.facts.setObjectName("facts")
        self.facts.setTabChangesFocus(True)
        self.facts.setPlaceholderText(tr("Thời gian, địa điểm, diễn biến; những gì đoàn thấy "
                                         "và ghi nhận"))
        self.facts.setFixedHeight(72)
        facts.addWidget(self.facts)
        facts.addWidget(self._error("facts"))
        f.addWidget(facts_box)

        circ = QGroupBox(tr("4. Tình tiết (Điều 9, Điều 10 Luật Xử lý vi phạm hành chính) — "
                            "Dấu cách để chọn"))
        grid = QGridLayout(circ)
        self.mitigating = self._circumstance_list("mitigating")
        self.aggravating = self._circumstance_list("aggravating")
        self._offered_for = ""
        self.offer_circumstances()
        grid.addWidget(QLabel(tr("Giảm nhẹ:")), 0, 0)
        grid.addWidget(QLabel(tr("Tăng nặng:")), 0, 1)
        grid.addWidget(self.mitigating, 1, 0)
        grid.addWidget(self.aggravating, 1, 1)
        grid.addWidget(self._error("circumstances"), 2, 0, 1, 2)
        f.addWidget(circ)

        fine = QGroupBox(tr("5. Hình thức xử phạt"))
        form = QFormLayout(fine)
        row = QHBoxLayout()
        self.amount = MoneyField("amount")
        self.use_default = QPushButton(tr("Dùng mức đề xuất"))
        self.use_default.setObjectName("useDefault")
        self.use_default.setToolTip(tr("Điền mức phạt đề xuất theo các tình tiết đã chọn"))
        row.addWidget(self.amount)
        row.addWidget(self.use_default, 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch(1)
        amount_label = QLabel(tr("&Mức phạt tiền:"))
        amount_label.setBuddy(self.amount.edit)
        form.addRow(amount_label, row)
        form.addRow("", self._error("amount"))
        self.amount_reason = QLineEdit()
        self.amount_reason.setObjectName("amountReason")
        self.amount_reason.setPlaceholderText(tr("Bắt buộc khi chỉ còn một tình tiết: vì sao "
                                                 "chọn mức này"))
        reason_label = QLabel(tr("&Lý do chọn mức:"))
        reason_label.setBuddy(self.amount_reason)
        form.addRow(reason_label, self.amount_reason)
        form.addRow("", self._error("amount_reason"))
        self.warning = QCheckBox(tr("Chỉ phạt cảnh cá&o (không phạt tiền)"))
        self.warning.setObjectName("warning")
        form.addRow("", self.warning)
        form.addRow("", self._error("warning"))
        f.addWidget(fine)

        self.additional_group = QGroupBox(tr("6. Hình thức xử phạt bổ sung điều khoản cho phép"))
        self.additional_layout = QVBoxLayout(self.additional_group)
        self.additional_none = hint(tr("Điều khoản này không quy định hình thức bổ sung."))
        self.additional_layout.addWidget(self.additional_none)
        self.additional_rows = QVBoxLayout()
        self.additional_layout.addLayout(self.additional_rows)
        self.additional_layout.addWidget(self._error("additional"))
        f.addWidget(self.additional_group)

        self.remedial_group = QGroupBox(tr("7. Biện pháp khắc phục hậu quả điều khoản cho phép"))
        self.remedial_layout = QVBoxLayout(self.remedial_group)
        self.remedial_none = hint(tr("Điều khoản này không quy định biện pháp khắc phục."))
        self.remedial_layout.addWidget(self.remedial_none)
        self.remedial_rows = QVBoxLayout()
        self.remedial_layout.addLayout(self.remedial_rows)
        self.remedial_layout.addWidget(self._error("remedial"))
        f.addWidget(self.remedial_group)
        self._make_sanction_rows()

        self.seize = QPushButton(tr("Tạm giữ tang vật, phương tiện của hành vi này…"))
        self.seize.setObjectName("seize")
        f.addWidget(self.seize)
        f.addStretch(1)

        self.ongoing.toggled.connect(self._ongoing_toggled)
        self.ended_on.edited.connect(lambda: self._changed("ended_on", choices=True))
        self.discovered_on.edited.connect(lambda: self._changed("discovered_on", choices=True))
        self.search.textEdited.connect(lambda _t: self._search_edited())
        self.choice_list.itemActivated.connect(self._choose_item)
        self.choice_list.itemClicked.connect(self._choose_item)
        self.alternative.currentIndexChanged.connect(self._alternative_changed)
        self.title.textEdited.connect(lambda _t: self._changed("titles"))
        self.copies.textEdited.connect(lambda _t: self._changed("titles"))
        self.facts.textChanged.connect(self._facts_changed)
        self.amount.edited.connect(lambda: self._changed("amount"))
        self.use_default.clicked.connect(self._use_default)
        self.amount_reason.textEdited.connect(lambda _t: self._changed("amount_reason"))
        self.warning.toggled.connect(lambda _on: self._changed("warning", significant=True))
        self.seize.clicked.connect(lambda: self.seize_requested.emit(self._entry["uid"]))
        self.another.clicked.connect(lambda: self.another_title.emit(self._entry["uid"]))

    def _circumstance_list(self, name: str) -> CircumstanceList:
        widget = CircumstanceList(name)
        widget.itemChanged.connect(lambda _i: self._changed("circumstances", significant=True))
        return widget

    def offer_circumstances(self) -> None:
        """Offer the circumstances that can exist for the case's party (see
        :class:`CircumstanceList`); called again when the establishment, so the party,
        changes: what was ticked stays ticked."""
        subject = self.ctx.subject
        if subject == self._offered_for:
            return
        self._offered_for = subject
        if not self._loading and self.mitigating.count() + self.aggravating.count():
            self._entry["mitigating"] = self.mitigating.checked()
            self._entry["aggravating"] = self.aggravating.checked()
        self.mitigating.offer(self.ctx.catalog.mitigating, subject)
        self.aggravating.offer(self.ctx.catalog.aggravating, subject)
        self._tick_circumstances()

    def _tick_circumstances(self) -> None:
        self.mitigating.tick(self._entry.get("mitigating") or [], self.ctx.catalog)
        self.aggravating.tick(self._entry.get("aggravating") or [], self.ctx.catalog)

    def _build_law_panel(self) -> QGroupBox:
        panel = QGroupBox(tr("Pháp luật áp dụng (cập nhật khi bạn nhập)"))
        panel.setObjectName("lawPanel")
        panel.setMinimumWidth(330)
        layout = QVBoxLayout(panel)
        self.law_labels: dict[str, QLabel] = {}
        for name in ("law_provision", "law_instrument", "law_bracket", "law_default",
                     "law_allowed", "law_sanctions", "law_limitation", "law_confirmed"):
            label = QLabel("")
            label.setObjectName(name)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.law_labels[name] = label
            layout.addWidget(label)
        self.law_labels["law_provision"].setStyleSheet("font-weight: bold;")
        self.law_labels["law_confirmed"].setStyleSheet("color: #8a5300;")
        layout.addStretch(1)
        return panel

    # --- the entry ------------------------------------------------------------------------------

    def load(self, entry: Entry) -> None:
        self._loading = True
        try:
            self._entry = copy.deepcopy(entry)
            e = self._entry
            item_text = self.ctx.item_text(e.get("checklist_item"))
            self.origin.setText(tr("Từ mục kiểm tra không đạt: “{0}”").format(item_text)
                                if item_text else "")
            self.origin.setVisible(bool(item_text))
            self.ongoing.setChecked(bool(e.get("ongoing")))
            self.ended_on.setText(e.get("ended_on", ""))
            self.discovered_on.setText(e.get("discovered_on", ""))
            self.ended_on.setEnabled(not e.get("ongoing"))
            self.search.setText(e.get("search", ""))
            self.title.setText(e.get("title", ""))
            self.copies.setText(e.get("copies", ""))
            self.facts.setPlainText(e.get("facts", ""))
            self._tick_circumstances()
            self._alternative_texts = ()
            self._offer_alternatives(())
            self.amount.setText(e.get("amount", ""))
            self.amount_reason.setText(e.get("amount_reason", ""))
            self.warning.setChecked(bool(e.get("warning")))
            self._allowed_kinds = ()
            self._allowed_codes = ()
            self._rebuild_sanctions(None)
            for label in self.errors.values():
                label.show_messages([])
        finally:
            self._loading = False
        self.refresh_choices()
        self.refresh_law()

    def entry(self) -> Entry:
        e = self._entry
        e["ongoing"] = self.ongoing.isChecked()
        e["ended_on"] = self.ended_on.text()
        e["discovered_on"] = self.discovered_on.text()
        e["search"] = self.search.text()
        e["title"] = self.title.text()
        e["copies"] = self.copies.text()
        e["facts"] = self.facts.toPlainText()
        e["mitigating"] = self.mitigating.checked()
        e["aggravating"] = self.aggravating.checked()
        e["amount"] = self.amount.text()
        e["amount_reason"] = self.amount_reason.text()
        e["warning"] = self.warning.isChecked()
        additional = dict(e.get("additional") or {})
        for kind, widgets in self._additional.items():
            additional[kind] = {
                "on": widgets["check"].isChecked(),
                "months": widgets["months"].text() if widgets["months"].isVisibleTo(self)
                else "",
                "licence": widgets["licence"].text() if "licence" in widgets else "",
                "value": widgets["value"].text() if "value" in widgets else ""}
        e["additional"] = additional
        remedial = dict(e.get("remedial") or {})
        for code, widgets in self._remedial.items():
            remedial[code] = {"on": widgets["check"].isChecked(), "days": widgets["days"].text()}
        e["remedial"] = remedial
        return copy.deepcopy(e)

    def first_field(self) -> QWidget:
        return self.search if not self._entry.get("provision_key") else self.facts

    def focus_field(self, name: str) -> None:
        widgets: dict[str, QWidget] = {
            "provision_key": self.search, "alternative": self.alternative, "ended_on": self.ended_on.edit,
            "discovered_on": self.discovered_on.edit, "titles": self.copies,
            "facts": self.facts, "circumstances": self.mitigating, "amount": self.amount.edit,
            "amount_reason": self.amount_reason, "warning": self.warning}
        target = widgets.get(_LABEL_OF.get(field_root(name), field_root(name)))
        if target is None and self._additional and field_root(name) == "additional":
            target = next(iter(self._additional.values()))["check"]
        if target is None and self._remedial and field_root(name) == "remedial":
            target = next(iter(self._remedial.values()))["check"]
        (target or self.first_field()).setFocus()

    # --- reacting to the user -------------------------------------------------------------------

    def _changed(self, root: str, *, significant: bool = False, choices: bool = False) -> None:
        if self._loading:
            return
        touched = self._entry.setdefault("touched", [])
        if root not in touched:
            touched.append(root)
        self._law_timer.start()
        if choices:
            self._choice_timer.start()
        self.edited.emit(significant)

    def _ongoing_toggled(self, on: bool) -> None:
        self.ended_on.setEnabled(not on)
        self._changed("ended_on", significant=True, choices=True)

    def _facts_changed(self) -> None:
        if not self._loading:
            self._changed("facts")

    def _search_edited(self) -> None:
        if not self._loading:
            self._entry["search"] = self.search.text()
            self._choice_timer.start()
            self.edited.emit(False)

    def _use_default(self) -> None:
        a = self.assessment
        if a is not None and a.default_amount is not None:
            if a.allowed_min is not None and a.allowed_max is not None and not (
                    a.allowed_min <= a.default_amount <= a.allowed_max):
                self.amount.set_amount(a.allowed_min)
            else:
                self.amount.set_amount(a.default_amount)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if watched is self.search:
                if key == Qt.Key.Key_Down and self.choice_list.count():
                    self.refresh_choices() if self._choice_timer.isActive() else None
                    self.choice_list.setFocus()
                    if self.choice_list.currentRow() < 0:
                        self.choice_list.setCurrentRow(0)
                    return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    if self._choice_timer.isActive():
                        self.refresh_choices()
                    row = max(self.choice_list.currentRow(), 0)
                    item = self.choice_list.item(row)
                    if item is not None:
                        self._choose_item(item)
                    return True
            if watched is self.choice_list and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                # Taken here: the list ignores Enter after activating, and the dialog would
                # then press its default button too (a second, blank violation).
                item = self.choice_list.currentItem()
                if item is not None:
                    self._choose_item(item)
                return True
            if watched is self.choice_list and key == Qt.Key.Key_Up \
                    and self.choice_list.currentRow() <= 0:
                self.search.setFocus()
                return True
        return super().eventFilter(watched, event)

    def _choose_item(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        if not key:
            return
        self.choose(str(key))
        if self.titles_box.isVisible():
            self.title.setFocus()
        else:
            self.facts.setFocus()
            self.facts.moveCursor(QTextCursor.MoveOperation.End)  # after a note brought along

    def choose(self, key: str) -> None:
        """Take ``key`` as the provision of this violation (an act chosen under another
        provision does not carry over)."""
        if key != self._entry.get("provision_key"):
            self._entry["alternative"] = None
        self._entry["provision_key"] = key
        self._changed("provision_key", significant=True)
        self.refresh_law()
        self._show_chosen()

    def _alternative_changed(self, index: int) -> None:
        if self._loading or index < 0:
            return
        value = self.alternative.itemData(index)
        self._entry["alternative"] = value if isinstance(value, int) else None
        self._changed("alternative", significant=True)

    def _offer_alternatives(self, texts: tuple[str, ...]) -> None:
        """The acts of the chosen point, as the assessment lists them; shown only for a point
        that lists several."""
        chosen = self._entry.get("alternative")
        self._loading, was_loading = True, self._loading
        try:
            if texts != self._alternative_texts:
                self._alternative_texts = texts
                self.alternative.clear()
                self.alternative.addItem(tr("— Chọn hành vi cụ thể đã thực hiện —"), None)
                for i, text in enumerate(texts):
                    self.alternative.addItem(text, i)
                    self.alternative.setItemData(i + 1, text, Qt.ItemDataRole.ToolTipRole)
            index = self.alternative.findData(chosen) if isinstance(chosen, int) else 0
            self.alternative.setCurrentIndex(max(index, 0))
        finally:
            self._loading = was_loading
        self.alternative_row.setVisible(bool(texts))

    def chosen_act(self) -> str:
        """The act chosen among those the point lists, "" when none is (or none to choose)."""
        chosen = self._entry.get("alternative")
        texts = self._alternative_texts
        return texts[chosen] if isinstance(chosen, int) and 0 <= chosen < len(texts) else ""

    # --- the law --------------------------------------------------------------------------------

    def reference(self) -> date | None:
        return reference_day(self.entry(), self.ctx.visit_day())

    def refresh_choices(self) -> None:
        """The provisions in force on the violation's date: those the checklist item proposes
        first, then those matching the search words."""
        self._choice_timer.stop()
        on = self.reference() or self.ctx.visit_day() or clock.today()
        item_id = self._entry.get("checklist_item")
        try:
            self.choices = provision_choices(
                self.ctx.db, self.ctx.actor, on, sector=self.ctx.sector or None,
                text=self.search.text() or None, checklist_item=item_id or None)
        except ServiceError as exc:
            self.choices = []
            self.chosen.setText(exc.vi)
        self.choice_list.clear()
        chosen = self._entry.get("provision_key")
        for c in self.choices:
            star = "★ " if c.proposed else ""
            mark = "" if c.confirmed else tr(" (chưa đối chiếu)")
            item = QListWidgetItem(f"{star}{short_key(c.key)}: {c.description}{mark}")
            item.setData(Qt.ItemDataRole.UserRole, c.key)
            item.setToolTip((tr("Đề xuất từ mục kiểm tra. ") if c.proposed else "")
                            + (c.citation or c.key))
            self.choice_list.addItem(item)
            if c.key == chosen:
                self.choice_list.setCurrentItem(item)
        if not self.choices:
            item = QListWidgetItem(tr("Không có điều khoản nào còn hiệu lực ngày {0} khớp với "
                                      "từ tìm kiếm.").format(format_date(on)))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.choice_list.addItem(item)
        self._fit_choices()

    def _fit_choices(self) -> None:
        """As tall as its rows, two to six of them: a short list leaves room for the rest."""
        rows = min(max(self.choice_list.count(), 2), 6)
        height = sum(max(self.choice_list.sizeHintForRow(i), 18)
                     for i in range(min(rows, self.choice_list.count())))
        height += 18 * max(0, rows - self.choice_list.count())
        self.choice_list.setFixedHeight(height + 2 * self.choice_list.frameWidth() + 4)

    def refresh_law(self) -> None:
        """Ask the services what the law says about the violation as typed now."""
        self._law_timer.stop()
        data, _problems = violation_input(self.entry())
        try:
            a = assess_violation(self.ctx.db, self.ctx.actor, self.ctx.subject, data,
                                 visit_date=self.ctx.visit_day())
        except ServiceError as exc:
            self.assessment = None
            self.law_labels["law_provision"].setText(exc.vi)
            return
        self.assessment = a
        self._offer_alternatives(a.alternatives)
        self._show_chosen()
        self._show_law(a)
        day = self.ctx.visit_day()
        self.discovered_on.setPlaceholderText(format_date(day) if day else tr("dd/mm/yyyy"))
        self._show_instrument(a.reference_date)
        if a.reference_date is not None and a.key is not None and not any(
                p.field == "provision_key" for p in a.problems):
            kinds = tuple(s.kind for s in a.allowed_additional)
            codes = tuple(r.code for r in a.allowed_remedial)
            if (kinds, codes) != (self._allowed_kinds, self._allowed_codes):
                self._rebuild_sanctions(a)
        per_title = a.per_title or self.ctx.item_per_title(self._entry.get("checklist_item"))
        self.titles_box.setVisible(per_title or bool(self.title.text() or self.copies.text()))
        self.amount_reason.setEnabled(a.needs_reason or bool(self.amount_reason.text()))
        self.warning.setEnabled(a.warning_allowed or self.warning.isChecked())
        fine = a.fine_allowed or a.key is None
        self.amount.setEnabled(fine and not self.warning.isChecked())
        self.use_default.setEnabled(a.default_amount is not None
                                    and not self.warning.isChecked())

    def _show_instrument(self, reference: date | None) -> None:
        """The decree that governs the sector on the reference date — whatever provision is
        chosen, so a provision of another period stands out."""
        if reference is None:
            self.instrument.setText(tr("→ Chưa xác định được văn bản áp dụng: hãy nhập ngày."))
            return
        if not self.ctx.sector:
            self.instrument.setText("")
            return
        on = {"discovered_on" if self.ongoing.isChecked() else "ended_on": reference}
        try:
            decree = law_service.instrument_for(self.ctx.db, self.ctx.actor, self.ctx.sector,
                                                **on)
        except ServiceError as exc:
            self.instrument.setText(f"→ {exc.vi}")
            return
        self.instrument.setText(tr("→ Văn bản áp dụng ngày {0}: Nghị định {1}").format(
            format_date(reference), decree.number))

    def _show_chosen(self) -> None:
        key = self._entry.get("provision_key", "")
        if not key:
            self.chosen.setText(tr("Chưa chọn điều khoản: gõ từ cần tìm rồi Enter, hoặc chọn "
                                   "trong danh sách."))
            return
        description = self.ctx.describe(key)
        a = self.assessment
        citation = a.citation if a is not None and a.citation else key
        self.chosen.setText(tr("Đã chọn: {0} — {1}").format(short_key(key), description)
                            if description else tr("Đã chọn: {0}").format(key))
        self.chosen.setToolTip(citation)

    def _show_law(self, a: ViolationAssessment) -> None:
        L = self.law_labels
        if a.key is None:
            L["law_provision"].setText(tr("Chưa có điều khoản hợp lệ."))
        else:
            text = f"{a.citation or a.key}\n{a.description}"
            if a.alternatives:
                act = self.chosen_act()
                text += "\n" + (tr("Hành vi cụ thể: {0}").format(act) if act else
                                tr("Hành vi cụ thể: chưa chọn (điểm này quy định nhiều hành "
                                   "vi)"))
            if a.entered_key != a.key:
                text += "\n" + tr("Theo số bản ({0}), áp dụng {1}.").format(a.copies, short_key(a.key))
            L["law_provision"].setText(text)
        if a.reference_date is None:
            L["law_instrument"].setText(tr("Chưa xác định được ngày tham chiếu: hãy nhập ngày "
                                           "chấm dứt hành vi, hoặc đánh dấu vi phạm đang diễn "
                                           "ra."))
        else:
            why = (tr("ngày phát hiện, vì vi phạm đang diễn ra") if self.ongoing.isChecked()
                   else tr("ngày chấm dứt hành vi"))
            L["law_instrument"].setText(
                tr("Văn bản áp dụng: {0}\nNgày tham chiếu: {1} ({2}; Điều 7 khoản 2 Nghị định "
                   "118/2021/NĐ-CP)").format(a.instrument or "—", format_date(a.reference_date),
                                             why))
        if not a.fine_allowed and a.key is not None and a.reference_date is not None:
            L["law_bracket"].setText(tr("Hình thức: chỉ phạt cảnh cáo."))
            L["law_default"].setText("")
            L["law_allowed"].setText("")
        elif a.bracket_min is not None:
            L["law_bracket"].setText(tr("Khung tiền phạt đối với {0}: {1} – {2}").format(
                SUBJECT_VI.get(a.subject, a.subject), _money(a.bracket_min), _money(a.bracket_max)))
            L["law_default"].setText(tr("Mức trung bình (đề xuất): {0}\n({1})").format(
                _money(a.default_amount), a.default_in_words or ""))
            m, g = len(self.mitigating.checked()), len(self.aggravating.checked())
            allowed = tr("Khoảng được phép với {0} tình tiết giảm nhẹ, {1} tăng nặng: {2} – {3}"
                         ).format(m, g, _money(a.allowed_min), _money(a.allowed_max))
            allowed += "\n" + a.rule
            if a.needs_reason:
                allowed += "\n" + tr("Chỉ còn một tình tiết: phải ghi lý do chọn mức.")
            if a.warning_allowed:
                allowed += "\n" + tr("Có thể chỉ phạt cảnh cáo.")
            L["law_allowed"].setText(allowed)
        else:
            L["law_bracket"].setText("")
            L["law_default"].setText("")
            L["law_allowed"].setText("")
        parts = []
        if a.allowed_additional:
            parts.append(tr("Bổ sung: {0}").format("; ".join(s.text for s in a.allowed_additional)))
        if a.allowed_remedial:
            parts.append(tr("Khắc phục: {0}").format("; ".join(r.text for r in a.allowed_remedial)))
        L["law_sanctions"].setText("\n".join(parts))
        L["law_limitation"].setText(tr("Thời hiệu xử phạt: {0} năm.").format(a.limitation_years)
                                    if a.limitation_years else "")
        L["law_confirmed"].setText(
            "" if a.confirmed or a.key is None else
            tr("⚠ Điều khoản hoặc khung phạt này chưa được đối chiếu với văn bản gốc; hãy kiểm "
               "tra trước khi lập biên bản."))

    def _make_sanction_rows(self) -> None:
        """A row for every additional sanction and remedial measure the catalog knows, made
        once and in reading order (widgets made later would come last in Tab order); the
        chosen provision decides which are shown."""
        kinds: dict[str, None] = {}
        codes: dict[str, None] = {}
        for p in self.ctx.catalog.provisions:
            kinds.update(dict.fromkeys(a.kind for a in p.additional_sanctions))
            codes.update(dict.fromkeys(m.code for m in p.remedial_measures))
        self._rows_add: dict[str, dict[str, Any]] = {}
        for kind in kinds:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            check = QCheckBox()
            check.setObjectName(f"additional_{kind}")
            line.addWidget(check, 1)
            widgets: dict[str, Any] = {"row": row, "check": check}
            months_label = QLabel(tr("số tháng:"))
            months = QLineEdit()
            months.setObjectName(f"additional_{kind}_months")
            months.setMaximumWidth(70)
            line.addWidget(months_label)
            line.addWidget(months)
            widgets.update(months=months, months_label=months_label)
            if kind == "licence_withdrawal":
                licence = QLineEdit()
                licence.setObjectName(f"additional_{kind}_licence")
                licence.setPlaceholderText(tr("số giấy phép"))
                line.addWidget(licence)
                licence.textEdited.connect(lambda _t: self._changed("additional"))
                widgets["licence"] = licence
            if kind == "confiscation":
                value = MoneyField(f"additional_{kind}_value")
                value.edit.setPlaceholderText(tr("giá trị (nếu biết)"))
                line.addWidget(value)
                value.edited.connect(lambda: self._changed("additional"))
                widgets["value"] = value
            months.textEdited.connect(lambda _t: self._changed("additional"))
            check.toggled.connect(lambda _on: self._changed("additional", significant=True))
            row.setVisible(False)
            self._rows_add[kind] = widgets
            self.additional_rows.addWidget(row)
        self._rows_rem: dict[str, dict[str, Any]] = {}
        for code in codes:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            check = QCheckBox()
            check.setObjectName(f"remedial_{code}")
            days = QLineEdit()
            days.setObjectName(f"remedial_{code}_days")
            days.setMaximumWidth(70)
            days.setPlaceholderText(tr("số ngày"))
            line.addWidget(check, 1)
            line.addWidget(QLabel(tr("thời hạn:")))
            line.addWidget(days)
            check.toggled.connect(lambda _on: self._changed("remedial", significant=True))
            days.textEdited.connect(lambda _t: self._changed("remedial"))
            row.setVisible(False)
            self._rows_rem[code] = {"row": row, "check": check, "days": days}
            self.remedial_rows.addWidget(row)

    def _rebuild_sanctions(self, a: ViolationAssessment | None) -> None:
        """Offer exactly what the provision allows; a choice made before is kept if allowed."""
        state = self.entry() if a is not None else self._entry
        allowed_add = a.allowed_additional if a is not None else ()
        allowed_rem = a.allowed_remedial if a is not None else ()
        kept_add = dict(state.get("additional") or {})
        kept_rem = dict(state.get("remedial") or {})
        if a is not None:
            kept_add = {k: v for k, v in kept_add.items() if k in {s.kind for s in allowed_add}}
            kept_rem = {k: v for k, v in kept_rem.items() if k in {r.code for r in allowed_rem}}
            self._entry["additional"] = kept_add
            self._entry["remedial"] = kept_rem
        self._loading, was_loading = True, self._loading
        try:
            self._additional = {}
            self._remedial = {}
            allowed_kinds = {s.kind: s for s in allowed_add}
            for kind, widgets in self._rows_add.items():
                s = allowed_kinds.get(kind)
                widgets["row"].setVisible(s is not None)
                spec = kept_add.get(kind, {}) if s is not None else {}
                widgets["check"].setChecked(bool(spec.get("on")))
                widgets["months"].setText(str(spec.get("months", "")))
                if "licence" in widgets:
                    widgets["licence"].setText(str(spec.get("licence", "")))
                if "value" in widgets:
                    widgets["value"].setText(str(spec.get("value", "")))
                if s is None:
                    continue
                widgets["check"].setText(s.text)
                ranged = s.min_months is not None and s.max_months is not None
                widgets["months"].setVisible(ranged)
                widgets["months_label"].setVisible(ranged)
                widgets["months"].setPlaceholderText(
                    f"{s.min_months}–{s.max_months}" if ranged else "")
                self._additional[kind] = widgets
            allowed_codes = {r.code: r for r in allowed_rem}
            for code, widgets in self._rows_rem.items():
                r = allowed_codes.get(code)
                widgets["row"].setVisible(r is not None)
                spec = kept_rem.get(code, {}) if r is not None else {}
                widgets["check"].setChecked(bool(spec.get("on")))
                widgets["days"].setText(str(spec.get("days", "")))
                if r is not None:
                    widgets["check"].setText(r.text)
                    self._remedial[code] = widgets
        finally:
            self._loading = was_loading
        self._allowed_kinds = tuple(s.kind for s in allowed_add)
        self._allowed_codes = tuple(r.code for r in allowed_rem)
        self.additional_none.setVisible(not allowed_add)
        self.remedial_none.setVisible(not allowed_rem)

    # --- problems -------------------------------------------------------------------------------

    def show_problems(self, problems: list[FieldProblem], show_all: bool) -> None:
        """Each message under its field; before a save is tried, only for fields the user has
        touched (a new violation does not open covered in red)."""
        touched = set(self._entry.get("touched") or [])
        by_label: dict[str, list[str]] = {name: [] for name in self.errors}
        for p in problems:
            root = _LABEL_OF.get(field_root(p.field), field_root(p.field))
            name = root if root in by_label else "general"
            # a reason is asked because of the amount typed: say so as soon as it is typed
            # the act is asked as soon as a provision listing several is chosen
            if not (show_all or root in touched or (root == "amount_reason"
                                                    and "amount" in touched)
                    or (root == "alternative" and "provision_key" in touched)):
                continue
            by_label[name].append(p.message if p.blocking else tr("Lưu ý: ") + p.message)
        for name, label in self.errors.items():
            label.show_messages(by_label[name])


class ViolationsPanel(EntryList):
    """The violations of the visit: a list and the editor of the selected one."""

    def __init__(self, context: VisitContext, undo: QUndoStack,
                 parent: QWidget | None = None) -> None:
        self.ctx = context
        self.amounts: dict[str, int | None] = {}
        editor = ViolationEditor(context)
        super().__init__(
            "violations", editor, undo, self._describe, tr("hành vi vi phạm"),
            tr("Chưa ghi hành vi vi phạm nào.\n\nBấm “Thêm hành vi” (Ctrl+N), hoặc ở bước Danh "
               "mục kiểm tra chọn “Không” cho một mục rồi “Ghi vi phạm…”: các điều khoản tương "
               "ứng sẽ được đề xuất trước."),
            tr("Thêm hành vi (Ctrl+N)"), parent)
        self.violation_editor = editor

    def new_entry(self) -> Entry:
        return new_violation()

    def uids(self) -> list[str]:
        return [str(e["uid"]) for e in self.entries]

    def _describe(self, index: int, entry: Entry) -> str:
        key = str(entry.get("provision_key", ""))
        head = short_key(key) if key else tr("(chưa chọn điều khoản)")
        alternative = entry.get("alternative")
        text = (self.ctx.describe(key, alternative if isinstance(alternative, int) else None)
                or str(entry.get("facts", "")).strip())
        if len(text) > 70:
            text = text[:68] + "…"
        if entry.get("title"):
            text += f" — “{entry['title']}”"
        if entry.get("warning"):
            money = tr("cảnh cáo")
        else:
            amount = self.amounts.get(str(entry.get("uid")))
            money = format_vnd(amount) if amount else tr("chưa nhập mức phạt")
        return f"{index + 1}. {head}\n{text}\n{money}"

    def label_of(self, uid: str | None) -> str:
        for i, e in enumerate(self.entries):
            if e["uid"] == uid:
                key = str(e.get("provision_key", ""))
                return tr("Hành vi {0}: {1}").format(i + 1, short_key(key) if key else "…")
        return ""
