"""The law beside a violation: the panel that says what the provision in force allows (the
bracket, the range with the circumstances, the sanctions, the limitation), and the rows of
additional sanctions and remedial measures the chosen provision allows. Part of
:class:`~inspector.ui.visit.violation_editor.ViolationEditor`; the services decide, this shows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.money import format_vnd
from inspector.domain.text import format_date
from inspector.services import law as law_service
from inspector.services.cases import ViolationAssessment, assess_violation
from inspector.services.errors import ServiceError
from inspector.ui.support import tr
from inspector.ui.visit.circumstances import CircumstanceList
from inspector.ui.visit.context import VisitContext
from inspector.ui.visit.fields import DateField, MoneyField
from inspector.ui.visit.state import Entry, violation_input
from inspector.ui.visit.violation_choice import short_key

SUBJECT_VI = {"individual": "cá nhân (hộ kinh doanh xử phạt như cá nhân)",
              "organization": "tổ chức"}


def _money(value: int | None) -> str:
    return format_vnd(value) if value is not None else "—"


class LawPanel:
    """The law panel and the sanction rows (a mixin of the violation editor)."""

    # Built and kept by the editor.
    ctx: VisitContext
    _entry: Entry
    _loading: bool
    _law_timer: QTimer
    assessment: ViolationAssessment | None
    _additional: dict[str, dict[str, Any]]
    _remedial: dict[str, dict[str, Any]]
    _allowed_kinds: tuple[str, ...]
    _allowed_codes: tuple[str, ...]
    additional_rows: QVBoxLayout
    remedial_rows: QVBoxLayout
    additional_none: QLabel
    remedial_none: QLabel
    instrument: QLabel
    chosen: QLabel
    discovered_on: DateField
    ongoing: QCheckBox
    mitigating: CircumstanceList
    aggravating: CircumstanceList
    titles_box: QGroupBox
    title: QLineEdit
    copies: QLineEdit
    amount: MoneyField
    amount_reason: QLineEdit
    warning: QCheckBox
    use_default: QPushButton
    entry: Callable[[], Entry]
    _changed: Callable[..., None]
    _offer_alternatives: Callable[[tuple[str, ...]], None]
    chosen_act: Callable[[], str]

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

