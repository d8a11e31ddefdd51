"""Lập biên bản vi phạm hành chính (MBB01): what happened when the record was made.

Opened from the visit (after saving a visit with violations, or from the visits table of the
inspections page) and from the case (the decisions page lists the cases waiting for a record).
The details start from the visit — its day, the establishment's address, the team with their
titles, the inspection decision — and the inspector types the rest: the times, witnesses,
representatives, statements, refusal, measures taken. Every edit is checked by the service's
own rules and each problem shows under its field; the issue button says why it is disabled.
Issuing is deliberate (a confirmation), numbers the record and locks it; afterwards the dialog
shows the stored PDF, to reprint.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.roles import Permission, can
from inspector.domain.text import format_date
from inspector.services import clock
from inspector.services import violation_records as vr
from inspector.services.actor import Actor
from inspector.services.errors import ServiceError, ValidationError
from inspector.services.forms import FieldProblem
from inspector.store.engine import Database
from inspector.ui.form_fields import ERROR_STYLE, DateEdit, Field
from inspector.ui.pdf_view import PdfPreview
from inspector.ui.support import dialogs, report_exception, tr


class PeopleTable(QTableWidget):
    """Rows of people (name and two more columns), typed in place; Ins adds, Del removes."""

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(0, len(headers), parent)
        self.setHorizontalHeaderLabels([tr(h) for h in headers])
        self.horizontalHeader().setStretchLastSection(True)
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        # Room for three people; more scroll (a record rarely has more).
        self.setFixedHeight(self.horizontalHeader().sizeHint().height() + 3 * 26 + 6)
        self.verticalHeader().setDefaultSectionSize(26)
        for column, width in enumerate((150, 150)[:len(headers) - 1]):
            self.setColumnWidth(column, width)

    def rows(self) -> list[tuple[str, ...]]:
        out = []
        for r in range(self.rowCount()):
            cells = tuple(self.cell(r, c) for c in range(self.columnCount()))
            if any(cells):
                out.append(cells)
        return out

    def cell(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text().strip() if item is not None else ""

    def set_rows(self, rows: Sequence[Sequence[str]]) -> None:
        self.setRowCount(0)
        for row in rows:
            self.add_row(row)

    def add_row(self, values: Sequence[str] = ()) -> None:
        r = self.rowCount()
        self.insertRow(r)
        for c in range(self.columnCount()):
            self.setItem(r, c, QTableWidgetItem(values[c] if c < len(values) else ""))
        self.setCurrentCell(r, 0)

    def add_and_edit(self) -> None:
        self.add_row()
        item = self.item(self.rowCount() - 1, 0)
        if item is not None:
            self.setFocus()
            self.editItem(item)

    def remove_current(self) -> None:
        if self.currentRow() >= 0:
            self.removeRow(self.currentRow())

    def keyPressEvent(self, event):  # type: ignore[no-untyped-def]
        if event.key() == Qt.Key.Key_Insert:
            self.add_and_edit()
        elif event.key() == Qt.Key.Key_Delete and self.state() != self.State.EditingState:
            self.remove_current()
            self.changed_by_user()
        else:
            super().keyPressEvent(event)

    def changed_by_user(self) -> None:
        self.itemChanged.emit(QTableWidgetItem())


def _text_box(name: str, placeholder: str = "", height: int = 54) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setTabChangesFocus(True)
    box.setPlaceholderText(tr(placeholder))
    box.setFixedHeight(height)
    return box


def _lines(box: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(line for line in box.toPlainText().splitlines() if line.strip())


def _clock(moment: datetime | None) -> str:
    return f"{moment:%H:%M}" if moment else ""


class RecordDialog(QWidget):
    """The violation record of one case: details, preview, issue; reprint once issued."""

    def __init__(self, db: Database, actor: Actor, case_id: uuid.UUID,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.db, self.actor, self.case_id = db, actor, case_id
        self.form = vr.record_form(db, actor, case_id)
        self.issued: vr.RecordInfo | None = self.form.issued
        self.may_issue = can(actor.role, Permission.EDIT_FIELD_WORK)
        self.problems: list[FieldProblem] = []
        self.fields: dict[str, Field] = {}
        self.setWindowTitle(tr("Lập biên bản vi phạm hành chính: {0}").format(self.form.violator))
        self._build()
        self._load(self.form.defaults)
        self._connect()
        self.resize(1280, 860)
        if self.issued is not None:
            self._show_issued()
        else:
            self.refresh()
        self.made_time.setFocus()

    # --- building --------------------------------------------------------------------------

    def _field(self, name: str, widget: QWidget) -> Field:
        widget.setObjectName(name)
        field = Field(name, widget)
        field.message.setObjectName(f"{name}Message")
        self.fields[name] = field
        return field

    def _row(self, form: QFormLayout, name: str, label: str, widget: QWidget) -> None:
        caption = QLabel(tr(label))
        caption.setBuddy(widget)
        form.addRow(caption, self._field(name, widget))

    def _people(self, form: QFormLayout, name: str, label: str,
                headers: Sequence[str]) -> PeopleTable:
        table = PeopleTable(headers)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(table)
        buttons = QHBoxLayout()
        add = QPushButton(tr("Thêm (Insert)"))
        add.setObjectName(f"{name}Add")
        remove = QPushButton(tr("Bỏ dòng (Delete)"))
        remove.setObjectName(f"{name}Remove")
        add.clicked.connect(table.add_and_edit)
        remove.clicked.connect(table.remove_current)
        remove.clicked.connect(self.refresh)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        caption = QLabel(tr(label))
        caption.setBuddy(table)
        form.addRow(caption, self._field(name, box))
        table.setObjectName(name)
        return table

    def _build(self) -> None:
        f = self.form
        outer = QVBoxLayout(self)
        head = QLabel()
        head.setObjectName("caseSummary")
        head.setWordWrap(True)
        due = (tr("Thời hiệu xử phạt đến hết ngày {0}.").format(format_date(f.limitation_due))
               if f.limitation_due else "")
        head.setText(tr("<b>{0}</b> — {1}<br/>Hành vi: {2}<br/>{3}").format(
            f.violator, f.establishment, "; ".join(f.violations), due))
        outer.addWidget(head)
        splitter = QSplitter()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.day = DateEdit()
        self._row(form, "day", "&Ngày lập biên bản:", self.day)
        self.made_time = QLineEdit()
        self.made_time.setPlaceholderText(tr("giờ:phút, ví dụ 09:30"))
        self.made_time.setMaxLength(12)
        self._row(form, "made_at", "&Giờ bắt đầu lập:", self.made_time)
        self.closed_time = QLineEdit()
        self.closed_time.setPlaceholderText(tr("giờ:phút"))
        self.closed_time.setMaxLength(12)
        self._row(form, "closed_at", "Giờ lập &xong:", self.closed_time)
        self.place = QLineEdit()
        self._row(form, "place", "Địa điểm &lập:", self.place)
        self.reason_other_place = QLineEdit()
        self.reason_other_place.setPlaceholderText(tr("Chỉ ghi khi lập tại trụ sở hoặc nơi khác "
                                                      "nơi xảy ra vi phạm"))
        self._row(form, "reason_other_place", "Lý do lập nơi khác:", self.reason_other_place)
        self.grounds = _text_box("grounds", "Mỗi dòng một căn cứ", 48)
        self._row(form, "grounds", "&Căn cứ:", self.grounds)
        self.makers = self._people(form, "makers", "Người &lập biên bản:",
                                   ("Họ và tên", "Chức vụ", "Cơ quan"))
        self.witnesses = self._people(form, "witnesses", "Người &chứng kiến:",
                                      ("Họ và tên", "Nghề nghiệp", "Địa chỉ"))
        self.representatives = self._people(form, "representatives",
                                            "Đại diện chính &quyền:",
                                            ("Họ và tên", "Chức vụ", "Cơ quan"))
        interp = QWidget()
        row = QHBoxLayout(interp)
        row.setContentsMargins(0, 0, 0, 0)
        self.interpreter_name = QLineEdit()
        self.interpreter_name.setObjectName("interpreterName")
        self.interpreter_name.setPlaceholderText(tr("Họ và tên (nếu có)"))
        self.interpreter_occupation = QLineEdit()
        self.interpreter_occupation.setObjectName("interpreterOccupation")
        self.interpreter_occupation.setPlaceholderText(tr("Nghề nghiệp"))
        self.interpreter_address = QLineEdit()
        self.interpreter_address.setObjectName("interpreterAddress")
        self.interpreter_address.setPlaceholderText(tr("Địa chỉ"))
        for w in (self.interpreter_name, self.interpreter_occupation, self.interpreter_address):
            row.addWidget(w)
        self._row(form, "interpreter", "Người phiên dịch:", interp)
        self.injured_party = QLineEdit()
        self.injured_party.setPlaceholderText(tr("Để trống nếu không có"))
        self._row(form, "injured_party", "Người bị thiệt hại:", self.injured_party)
        self.violator_statement = _text_box("violator_statement")
        self._row(form, "violator_statement", "Ý kiến người &vi phạm:", self.violator_statement)
        self.witness_statement = _text_box("witness_statement")
        self._row(form, "witness_statement", "Ý kiến người chứng kiến,\nđại diện chính quyền:",
                  self.witness_statement)
        self.injured_statement = _text_box("injured_statement")
        self._row(form, "injured_statement", "Ý kiến người bị thiệt hại:",
                  self.injured_statement)
        self.refused = QCheckBox(tr("Người vi phạm không ký biên bản"))
        self.refused.setObjectName("refused")
        form.addRow("", self.refused)
        self.refusal_reason = QLineEdit()
        self._row(form, "refusal_reason", "Lý do không &ký:", self.refusal_reason)
        self.witness_refusal_reason = QLineEdit()
        self._row(form, "witness_refusal_reason", "Lý do người chứng kiến\nkhông ký:",
                  self.witness_refusal_reason)
        self.measures = _text_box("preventive_measures", "Mỗi dòng một biện pháp đã áp dụng; để "
                                  "trống nếu không áp dụng", 48)
        self._row(form, "preventive_measures", "Biện pháp &ngăn chặn\nđã áp dụng:", self.measures)
        summons = QWidget()
        row = QHBoxLayout(summons)
        row.setContentsMargins(0, 0, 0, 0)
        self.summons_day = DateEdit()
        self.summons_day.setObjectName("summonsDay")
        self.summons_time = QLineEdit()
        self.summons_time.setObjectName("summonsTime")
        self.summons_time.setPlaceholderText(tr("giờ:phút"))
        self.summons_place = QLineEdit()
        self.summons_place.setObjectName("summonsPlace")
        self.summons_place.setPlaceholderText(tr("Địa điểm (nếu mời đến giải quyết)"))
        row.addWidget(self.summons_day)
        row.addWidget(self.summons_time)
        row.addWidget(self.summons_place, 1)
        self._row(form, "summons_at", "Mời có mặt:", summons)
        for short in (self.day, self.made_time, self.closed_time):
            short.setMaximumWidth(130)
        self.summons_day.setMaximumWidth(110)
        self.summons_time.setMaximumWidth(80)
        self.copies = QSpinBox()
        self.copies.setRange(2, 20)
        self._row(form, "copies", "Số bản:", self.copies)
        self.explanation = QLabel("")
        self.explanation.setObjectName("explanation")
        self.explanation.setWordWrap(True)
        form.addRow(tr("Quyền giải trình:"), self.explanation)
        scroll.setWidget(body)
        splitter.addWidget(scroll)
        self.preview = PdfPreview()
        splitter.addWidget(self.preview)
        splitter.setSizes([640, 600])
        outer.addWidget(splitter, 1)
        bar = QHBoxLayout()
        self.why = QLabel("")
        self.why.setObjectName("why")
        self.why.setWordWrap(True)
        self.draft_button = QPushButton(tr("Lưu nháp (Ctrl+S)"))
        self.draft_button.setObjectName("saveDraft")
        self.preview_button = QPushButton(tr("Xem trước (F5)"))
        self.preview_button.setObjectName("preview")
        self.issue_button = QPushButton(tr("Lập và cấp số…"))
        self.issue_button.setObjectName("issue")
        self.reprint_button = QPushButton(tr("In lại…"))
        self.reprint_button.setObjectName("reprint")
        self.reprint_button.setVisible(False)
        close = QPushButton(tr("Đóng"))
        close.setObjectName("close")
        close.clicked.connect(self.close)
        bar.addWidget(self.why, 1)
        for b in (self.draft_button, self.preview_button, self.issue_button,
                  self.reprint_button, close):
            bar.addWidget(b)
        outer.addLayout(bar)

    def _connect(self) -> None:
        for edit in (self.day, self.made_time, self.closed_time, self.place,
                     self.reason_other_place, self.interpreter_name, self.interpreter_occupation,
                     self.interpreter_address, self.injured_party, self.refusal_reason,
                     self.witness_refusal_reason, self.summons_day, self.summons_time,
                     self.summons_place):
            edit.textChanged.connect(lambda _t: self.refresh())
        for box in (self.grounds, self.violator_statement, self.witness_statement,
                    self.injured_statement, self.measures):
            box.textChanged.connect(self.refresh)
        for table in (self.makers, self.witnesses, self.representatives):
            table.itemChanged.connect(lambda _i: self.refresh())
        self.refused.toggled.connect(lambda _c: self.refresh())
        self.copies.valueChanged.connect(lambda _v: self.refresh())
        self.day.textChanged.connect(lambda _t: self.update_explanation())
        self.draft_button.clicked.connect(self.save_draft)
        self.preview_button.clicked.connect(self.show_preview)
        self.issue_button.clicked.connect(self.issue)
        self.reprint_button.clicked.connect(self.reprint)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_draft)
        QShortcut(QKeySequence("F5"), self, self.show_preview)

    def _load(self, d: vr.RecordDetails) -> None:
        self.day.set_value(d.made_at.date() if d.made_at else vr.default_day(self.form))
        self.made_time.setText(_clock(d.made_at))
        self.closed_time.setText(_clock(d.closed_at))
        self.place.setText(d.place)
        self.reason_other_place.setText(d.reason_other_place)
        self.grounds.setPlainText("\n".join(d.grounds))
        self.makers.set_rows([(m.full_name, m.title, m.unit) for m in d.makers])
        self.witnesses.set_rows([(w.full_name, w.occupation, w.address) for w in d.witnesses])
        self.representatives.set_rows([(r.full_name, r.position, r.agency)
                                       for r in d.representatives])
        if d.interpreter is not None:
            self.interpreter_name.setText(d.interpreter.full_name)
            self.interpreter_occupation.setText(d.interpreter.occupation)
            self.interpreter_address.setText(d.interpreter.address)
        self.injured_party.setText(d.injured_party)
        self.violator_statement.setPlainText(d.violator_statement)
        self.witness_statement.setPlainText(d.witness_statement)
        self.injured_statement.setPlainText(d.injured_statement)
        self.refused.setChecked(d.refused_to_sign)
        self.refusal_reason.setText(d.refusal_reason)
        self.witness_refusal_reason.setText(d.witness_refusal_reason)
        self.measures.setPlainText("\n".join(d.preventive_measures))
        self.summons_day.set_value(d.summons_at.date() if d.summons_at else None)
        self.summons_time.setText(_clock(d.summons_at))
        self.summons_place.setText(d.summons_place)
        self.copies.setValue(d.copies)
        self.update_explanation()

    # --- reading the form ------------------------------------------------------------------

    def _moment(self, day: date | None, text: str, field: str, problems: list[FieldProblem],
                ) -> datetime | None:
        try:
            clock = vr.parse_clock(text)
        except ValidationError as exc:
            problems.append(FieldProblem(field, exc.vi))
            return None
        return datetime.combine(day, clock) if day and clock else None

    def details(self) -> tuple[vr.RecordDetails, list[FieldProblem]]:
        """What the form holds, and the problems of what could not even be read."""
        problems: list[FieldProblem] = []
        try:
            day = self.day.value()
        except ValueError as exc:
            problems.append(FieldProblem("day", str(exc)))
            day = None
        try:
            summons_day = self.summons_day.value()
        except ValueError as exc:
            problems.append(FieldProblem("summons_at", str(exc)))
            summons_day = None
        if day is None and not any(p.field == "day" for p in problems):
            problems.append(FieldProblem("day", tr("Hãy nhập ngày lập biên bản (dd/mm/yyyy).")))
        interpreter = (vr.Witness(self.interpreter_name.text(),
                                  self.interpreter_occupation.text(),
                                  self.interpreter_address.text())
                       if self.interpreter_name.text().strip() else None)
        details = vr.RecordDetails(
            made_at=self._moment(day, self.made_time.text(), "made_at", problems),
            closed_at=self._moment(day, self.closed_time.text(), "closed_at", problems),
            place=self.place.text(), makers=tuple(vr.Maker(*r) for r in self.makers.rows()),
            grounds=_lines(self.grounds), reason_other_place=self.reason_other_place.text(),
            witnesses=tuple(vr.Witness(*r) for r in self.witnesses.rows()),
            representatives=tuple(vr.Representative(*r) for r in self.representatives.rows()),
            interpreter=interpreter, injured_party=self.injured_party.text(),
            violator_statement=self.violator_statement.toPlainText(),
            witness_statement=self.witness_statement.toPlainText(),
            injured_statement=self.injured_statement.toPlainText(),
            preventive_measures=_lines(self.measures), refused_to_sign=self.refused.isChecked(),
            refusal_reason=self.refusal_reason.text(),
            witness_refusal_reason=self.witness_refusal_reason.text(),
            summons_at=self._moment(summons_day, self.summons_time.text(), "summons_at",
                                    problems),
            summons_place=self.summons_place.text(), copies=self.copies.value())
        return details, problems

    def refresh(self) -> None:
        """Check as the service will, show each problem under its field, say why the issue
        button is disabled."""
        if self.issued is not None:
            return
        self.refusal_reason.setEnabled(self.refused.isChecked() or bool(
            self.refusal_reason.text()))
        details, unreadable = self.details()
        bad = {p.field.split("[")[0] for p in unreadable}
        checked = [p for p in vr.validate_details(
            vr.clean_details(details), today=clock.today(), earliest=self.form.earliest,
            seized=bool(self.form.seized)) if p.field.split("[")[0] not in bad]
        self.problems = unreadable + checked
        self._show_problems(self.problems)
        blocking = [p for p in self.problems if p.blocking]
        if not self.may_issue:
            why = tr("Chỉ thanh tra viên, người có thẩm quyền lập biên bản mới lập được.")
        elif blocking:
            more = len(blocking) - 1
            why = tr("Chưa lập được: {0}").format(blocking[0].message) + (
                tr(" (và {0} lỗi khác)").format(more) if more else "")
        elif self.explanation_error:
            why = tr("Chưa lập được: {0}").format(self.explanation_error)
        else:
            why = tr("Đủ thông tin. Xem trước (F5), rồi lập và cấp số.")
        self.why.setText(why)
        self.why.setStyleSheet(ERROR_STYLE if (blocking or self.explanation_error) else "")
        ready = self.may_issue and not blocking and not self.explanation_error
        self.issue_button.setEnabled(ready)
        self.issue_button.setToolTip(why)
        self.draft_button.setEnabled(self.may_issue)

    def _show_problems(self, problems: Sequence[FieldProblem]) -> None:
        first: dict[str, FieldProblem] = {}
        for p in problems:
            first.setdefault(p.field.split("[")[0], p)
        for name, field in self.fields.items():
            field.show_problem(first.get(name))

    explanation_error = ""

    def update_explanation(self) -> None:
        """The right to explain for the record's day (Law Art 61), or why it cannot be known."""
        self.explanation_error = ""
        try:
            day = self.day.value()
        except ValueError:
            day = None
        if day is None:
            self.explanation.setText(tr("(theo ngày lập biên bản)"))
            return
        try:
            e = vr.explanation_for(self.db, self.actor, self.case_id, day)
        except ServiceError as exc:
            self.explanation_error = exc.vi
            self.explanation.setText(exc.vi)
            self.explanation.setStyleSheet(ERROR_STYLE)
            return
        self.explanation.setStyleSheet("")
        if e.allowed:
            self.explanation.setText(tr(
                "Có. Biên bản ghi quyền giải trình gửi {0}: yêu cầu giải trình trực tiếp trong 02 "
                "ngày làm việc (đến {1}), giải trình bằng văn bản trong 05 ngày làm việc (đến "
                "{2}).").format(e.to, format_date(e.hearing_due) if e.hearing_due else "?",
                                format_date(e.written_due) if e.written_due else "?"))
        else:
            self.explanation.setText(tr("Không (Điều 61 Luật Xử lý vi phạm hành chính): {0}")
                                     .format(e.note))

    # --- actions ---------------------------------------------------------------------------

    def _refused(self, exc: ServiceError) -> None:
        problems = getattr(exc, "problems", None)
        if problems:
            self._show_problems(problems)
        self.why.setText(exc.vi.splitlines()[0] if exc.vi else "")
        self.why.setStyleSheet(ERROR_STYLE)

    def show_preview(self) -> bool:
        if self.issued is not None:
            return self.reprint()
        details, unreadable = self.details()
        if unreadable:
            self._show_problems(unreadable)
            return False
        try:
            pdf = vr.preview_record(self.db, self.actor, self.case_id, details)
        except ServiceError as exc:
            self._refused(exc)
            return False
        except Exception as exc:
            report_exception(self, exc, tr("xem trước biên bản"))
            return False
        self.preview.set_pdf(pdf, "bien-ban-du-thao.pdf")
        return True

    def save_draft(self) -> bool:
        if self.issued is not None or not self.may_issue:
            return False
        details, _ = self.details()
        try:
            vr.save_record_draft(self.db, self.actor, self.case_id, details)
        except Exception as exc:
            report_exception(self, exc, tr("lưu nháp biên bản"))
            return False
        self.why.setText(tr("Đã lưu nháp lúc {0}.").format(datetime.now().strftime("%H:%M")))
        self.why.setStyleSheet("")
        return True

    def issue(self) -> bool:
        self.refresh()
        if not self.issue_button.isEnabled():
            return False
        details, _ = self.details()
        assert details.made_at is not None
        if not dialogs.confirm(self, tr("Lập biên bản vi phạm hành chính"), tr(
                "Lập biên bản ngày {0} đối với {1}? Biên bản sẽ được cấp số, lưu bản PDF và không "
                "sửa được nữa.").format(format_date(details.made_at.date()), self.form.violator)):
            return False
        try:
            vr.issue_record(self.db, self.actor, self.case_id, details=details)
        except ServiceError as exc:
            self._refused(exc)
            return False
        except Exception as exc:
            report_exception(self, exc, tr("lập biên bản vi phạm hành chính"))
            return False
        self.form = vr.record_form(self.db, self.actor, self.case_id)
        self.issued = self.form.issued
        self._show_issued()
        return True

    def _show_issued(self) -> None:
        """Locked: the stored PDF, reprintable; nothing can be edited."""
        info = self.issued
        assert info is not None
        for field in self.fields.values():
            field.show_problem(None)
            field.widget.setEnabled(False)
        self.refused.setEnabled(False)
        for b in (self.draft_button, self.preview_button, self.issue_button):
            b.setVisible(False)
        self.reprint_button.setVisible(True)
        self.why.setStyleSheet("")
        self.why.setText(tr("Biên bản số {0} lập ngày {1}; đã lưu, không sửa được. Vụ việc chờ "
                            "ra quyết định xử phạt.").format(
            info.number_text, format_date(info.made_on) if info.made_on else ""))
        self.reprint()

    def reprint(self) -> bool:
        """The stored PDF of the issued record, exactly as it was issued."""
        info = self.issued
        if info is None:
            return False
        try:
            pdf = vr.record_pdf(self.db, self.actor, self.case_id)
        except Exception as exc:
            report_exception(self, exc, tr("mở biên bản"))
            return False
        self.preview.set_pdf(pdf, f"BB-{info.number or 0:02d}-{info.year}.pdf")
        return True


def open_record(parent: QWidget | None, db: Database, actor: Actor,
                case_id: uuid.UUID) -> RecordDialog | None:
    """Open the record window of a case (one window per case: an open one comes forward)."""
    for w in (parent.window().findChildren(RecordDialog) if parent is not None else []):
        if w.case_id == case_id and w.isVisible():
            w.raise_()
            w.activateWindow()
            return w
    try:
        dialog = RecordDialog(db, actor, case_id, parent)
    except Exception as exc:
        report_exception(parent, exc, tr("mở biên bản vi phạm hành chính"))
        return None
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog


def offer_record(parent: QWidget | None, db: Database, actor: Actor,
                 case_id: uuid.UUID) -> RecordDialog | None:
    """After a visit with violations is saved: make the record now (or later from the lists)."""
    if not dialogs.confirm(parent, tr("Lập biên bản vi phạm hành chính"), tr(
            "Lần làm việc có hành vi vi phạm. Lập biên bản vi phạm hành chính ngay bây giờ?\n"
            "(Có thể lập sau: trang Quyết định xử phạt, thẻ “Vụ việc chờ lập biên bản”.)")):
        return None
    return open_record(parent, db, actor, case_id)
