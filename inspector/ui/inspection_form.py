"""The inspection form (cuộc thanh tra / kiểm tra) and the yearly plan form.

The team is a small editable table (name, role, agency); interdisciplinary inspections list
the agencies taking part. Problems from the service show next to their fields.
"""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.sectors import SECTOR_LABELS_VI
from inspector.services import clock
from inspector.services import inspections as insp
from inspector.services.actor import Actor
from inspector.services.errors import ConflictError, ServiceError
from inspector.services.forms import FieldProblem, FormInvalid
from inspector.store.engine import Database
from inspector.ui.form_fields import DateEdit, FieldSet, date_problem
from inspector.ui.support import message_label, report_exception, tr

FIELD_SECTORS = ("internet", "game", "printing", "distribution", "ict_goods", "telecom")


class InspectionForm(QDialog):
    """Add or edit an inspection with its team."""

    def __init__(self, db: Database, actor: Actor, inspection_id: uuid.UUID | None = None,
                 plan_id: uuid.UUID | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.inspection_id = inspection_id
        self.plan_id = plan_id
        self.version = 0
        self.saved_id: uuid.UUID | None = None
        self.setWindowTitle(tr("Cuộc thanh tra, kiểm tra"))
        layout = QVBoxLayout(self)
        f = self.form = FieldSet()
        f.combo("mode", tr("Hình thức"),
                [(tr(v), k) for k, v in insp.INSPECTION_MODE_LABELS_VI.items()])
        f.combo("kind", tr("Loại"), [(tr(v), k) for k, v in insp.INSPECTION_KIND_LABELS_VI.items()])
        # The plan is the inspection's own, shown and edited here (not taken from the page).
        f.combo("plan_id", tr("Kế hoạch"), [(tr("(ngoài kế hoạch)"), None)] + [
            (tr("{0} ({1})").format(p.title, p.year), p.id)
            for p in insp.list_plans(db, actor)])
        f.line("title", tr("Tên cuộc thanh tra, kiểm tra (*)"),
               tr("vd: Thanh tra việc chấp hành pháp luật về phát hành xuất bản phẩm"))
        f.combo("sector", tr("Lĩnh vực"), [(tr("(nhiều lĩnh vực)"), None)] + [
            (tr(SECTOR_LABELS_VI[s]), s) for s in FIELD_SECTORS])
        f.line("decision_number", tr("Số quyết định thanh tra, kiểm tra"), "12/QĐ-TTr")
        f.date("decision_date", tr("Ngày quyết định"))
        f.date("start_date", tr("Từ ngày (*)"))
        f.date("end_date", tr("Đến ngày"))
        self.scope = QPlainTextEdit()
        self.scope.setObjectName("scope")
        self.scope.setTabChangesFocus(True)
        self.scope.setMaximumHeight(60)
        f.layout_.addRow(tr("Nội dung, phạm vi"), self.scope)
        f.line("participating_agencies", tr("Cơ quan phối hợp (liên ngành)"),
               tr("Ngăn cách bằng dấu chấm phẩy: Công an tỉnh; Sở Công Thương"))
        layout.addWidget(f)
        layout.addWidget(QLabel(tr("Thành viên đoàn")))
        self.members = QTableWidget(0, 3)
        self.members.setObjectName("members")
        self.members.setHorizontalHeaderLabels([tr("Họ và tên"), tr("Vai trò"), tr("Cơ quan")])
        self.members.horizontalHeader().setStretchLastSection(True)
        self.members.verticalHeader().setVisible(False)
        self.members.setWordWrap(False)
        role_box = QComboBox()
        role_box.addItems([tr(v) for v in insp.MEMBER_ROLE_LABELS_VI.values()])
        self.members.setColumnWidth(0, 240)
        self.members.setColumnWidth(1, role_box.sizeHint().width() + 8)  # "Trưởng đoàn" whole
        role_box.deleteLater()
        self.members.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        layout.addWidget(self.members)
        row = QHBoxLayout()
        add = QPushButton(tr("Thêm thành viên"))
        add.setObjectName("addMember")
        remove = QPushButton(tr("Bỏ thành viên đã chọn"))
        remove.setObjectName("removeMember")
        add.clicked.connect(lambda: self.add_member("", "member", ""))
        remove.clicked.connect(self.remove_member)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = message_label()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton(tr("Lưu"))
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        close = QPushButton(tr("Đóng"))
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        close.clicked.connect(self.reject)
        self.resize(720, 700)
        if inspection_id is not None:
            self._load(inspection_id)
        else:
            f.set_value("start_date", clock.today())
        f.set_value("plan_id", self.plan_id)
        f.changed.connect(self.show_warnings)
        self.show_warnings()

    def show_warnings(self) -> None:
        """Non-blocking notes while typing (a planned inspection without its plan)."""
        notes = [p for p in insp.validate_inspection(self._partial()) if not p.blocking]
        self.form.fields["plan_id"].show_problem(
            next((p for p in notes if p.field == "plan_id"), None))

    def _partial(self) -> insp.InspectionInput:
        try:
            return self.data()
        except ValueError:
            return insp.InspectionInput(mode=self.form.value("mode"), kind=self.form.value("kind"),
                                        title="", start_date=clock.today(),
                                        plan_id=self.form.value("plan_id"))

    def _load(self, inspection_id: uuid.UUID) -> None:
        d = insp.inspection_detail(self.db, self.actor, inspection_id)
        self.version = d.version
        self.plan_id = d.plan_id
        for name in ("mode", "kind", "title", "sector", "decision_number", "decision_date",
                     "start_date", "end_date"):
            self.form.set_value(name, getattr(d, name))
        self.scope.setPlainText(d.scope)
        self.form.set_value("participating_agencies", "; ".join(d.participating_agencies))
        for m in d.members:
            self.add_member(m.full_name, m.role, m.agency)

    def add_member(self, name: str, role: str, agency: str) -> None:
        r = self.members.rowCount()
        self.members.insertRow(r)
        self.members.setItem(r, 0, QTableWidgetItem(name))
        box = QComboBox()
        for code, label in insp.MEMBER_ROLE_LABELS_VI.items():
            box.addItem(tr(label), code)
        box.setCurrentIndex(max(box.findData(role), 0))
        self.members.setCellWidget(r, 1, box)
        self.members.setItem(r, 2, QTableWidgetItem(agency))
        self.members.setCurrentCell(r, 0)

    def remove_member(self) -> None:
        rows = sorted({i.row() for i in self.members.selectedIndexes()}, reverse=True)
        for r in rows:
            self.members.removeRow(r)

    def data(self) -> insp.InspectionInput:
        members = []
        for r in range(self.members.rowCount()):
            name = self.members.item(r, 0)
            agency = self.members.item(r, 2)
            box = self.members.cellWidget(r, 1)
            role = box.currentData() if isinstance(box, QComboBox) else "member"
            if name is None or not name.text().strip():
                continue
            members.append(insp.MemberInput(name.text().strip(), role,
                                            agency.text().strip() if agency else ""))
        agencies = tuple(a.strip() for a in self.form.value("participating_agencies").split(";")
                         if a.strip())
        start = self.form.value("start_date")
        return insp.InspectionInput(
            mode=self.form.value("mode"), kind=self.form.value("kind"),
            title=self.form.value("title"), start_date=start or clock.today(),
            end_date=self.form.value("end_date"),
            decision_number=self.form.value("decision_number") or None,
            decision_date=self.form.value("decision_date"), sector=self.form.value("sector"),
            scope=self.scope.toPlainText(), plan_id=self.form.value("plan_id"),
            participating_agencies=agencies, members=tuple(members))

    def save(self) -> bool:
        problems: list[FieldProblem] = []
        for name in ("decision_date", "start_date", "end_date"):
            edit = self.form.fields[name].widget
            assert isinstance(edit, DateEdit)
            p = date_problem(name, self.form.labels[name].text(), edit)
            if p:
                problems.append(p)
        if not problems and self.form.value("start_date") is None:
            problems.append(FieldProblem("start_date", tr("Hãy nhập ngày bắt đầu.")))
        if not problems:
            problems = insp.validate_inspection(self.data())
        rest = self.form.show_problems(problems)
        blocking = [p for p in problems if p.blocking]
        if blocking:
            self.message.setText((rest or blocking)[0].message)
            return False
        try:
            if self.inspection_id is None:
                self.saved_id = insp.add_inspection(self.db, self.actor, self.data())
            else:
                insp.update_inspection(self.db, self.actor, self.inspection_id, self.data(),
                                       self.version)
                self.saved_id = self.inspection_id
        except (FormInvalid, ConflictError) as exc:
            if isinstance(exc, FormInvalid):
                self.form.show_problems(exc.problems)
            self.message.setText(exc.vi)
            return False
        except ServiceError as exc:
            self.message.setText(exc.vi)
            return False
        except Exception as exc:
            report_exception(self, exc, tr("lưu cuộc thanh tra, kiểm tra"))
            return False
        self.accept()
        return True


class PlanForm(QDialog):
    """A yearly plan (kế hoạch thanh tra, kiểm tra)."""

    def __init__(self, db: Database, actor: Actor, year: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.saved: insp.PlanRow | None = None
        self.setWindowTitle(tr("Kế hoạch thanh tra, kiểm tra"))
        layout = QVBoxLayout(self)
        f = self.form = FieldSet()
        f.line("year", tr("Năm"))
        f.set_value("year", str(year))
        f.line("title", tr("Tên kế hoạch (*)"), tr("Kế hoạch thanh tra, kiểm tra năm …"))
        f.line("approval_number", tr("Số quyết định phê duyệt"))
        f.date("approval_date", tr("Ngày phê duyệt"))
        layout.addWidget(f)
        self.message = message_label()
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        save = QPushButton(tr("Lưu"))
        save.setObjectName("save")
        save.setDefault(True)
        save.clicked.connect(self.save)
        close = QPushButton(tr("Đóng"))
        close.clicked.connect(self.reject)
        row.addWidget(save)
        row.addWidget(close)
        layout.addLayout(row)

    def save(self) -> bool:
        text = self.form.value("year").strip()
        if not text.isdigit():
            self.form.show_problems([FieldProblem("year", tr("Năm phải là số, vd 2026."))])
            return False
        try:
            data = insp.PlanInput(int(text), self.form.value("title"),
                                  self.form.value("approval_number") or None,
                                  self.form.value("approval_date"))
        except ValueError as exc:
            self.message.setText(str(exc))
            return False
        problems = insp.validate_plan(data)
        self.form.show_problems(problems)
        if any(p.blocking for p in problems):
            return False
        try:
            self.saved = insp.add_plan(self.db, self.actor, data)
        except ServiceError as exc:
            self.message.setText(exc.vi)
            return False
        self.accept()
        return True
