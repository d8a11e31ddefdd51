"""The establishment form: identity as the violation record needs it, licences, history.

Validated as you type with the service's rules (messages next to the fields), duplicates
pointed out before saving, saved with the version it was opened at (a second window's stale
save is refused), and kept as a draft every few seconds so nothing typed is lost.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QDateTime, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.money import format_vnd
from inspector.domain.places import PROVINCE_NAME, REFORM_DAY, new_communes
from inspector.domain.roles import Permission, can
from inspector.domain.sectors import SECTOR_LABELS_VI
from inspector.domain.text import format_date
from inspector.services import clock, drafts
from inspector.services import establishments as est
from inspector.services.actor import Actor
from inspector.services.errors import ConflictError, ServiceError
from inspector.services.forms import FieldProblem, FormInvalid
from inspector.store.engine import Database
from inspector.ui.form_fields import DateEdit, FieldSet, commune_choices, date_problem
from inspector.ui.models import Column, ListTableModel
from inspector.ui.support import (
    dialogs,
    make_record_table,
    message_label,
    report_exception,
    selected_record,
    tr,
)

FORM = "establishment"
PERSON_FIELDS = ("owner_name", "owner_sex", "owner_birth_date", "owner_nationality",
                 "owner_occupation", "owner_residence", "owner_id_number", "owner_id_issued_on",
                 "owner_id_issued_by")
ORGANISATION_FIELDS = ("enterprise_code", "head_office", "representative_name",
                       "representative_sex", "representative_title")
DATE_FIELDS = ("owner_birth_date", "owner_id_issued_on")
AUTOSAVE_MS = 3000


class EstablishmentForm(QDialog):
    """Add (``establishment_id=None``) or edit an establishment."""

    def __init__(self, db: Database, actor: Actor, establishment_id: uuid.UUID | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.establishment_id = establishment_id
        self.version = 0
        self.saved_id: uuid.UUID | None = None
        self.dirty = False
        self._loading = True
        self.setWindowTitle(tr("Sửa cơ sở") if establishment_id else tr("Thêm cơ sở"))
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.form = FieldSet()
        self._build_fields()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.tabs.addTab(scroll, tr("Thông tin"))
        self._build_licences()
        self._build_history()
        bottom = QHBoxLayout()
        self.status = QLabel("")
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        bottom.addWidget(self.status, 1)
        self.save_button = QPushButton(tr("Lưu (Ctrl+S)"))
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        cancel = QPushButton(tr("Đóng"))
        bottom.addWidget(self.save_button)
        bottom.addWidget(cancel)
        layout.addLayout(bottom)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.form.changed.connect(self.on_change)
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.autosave)
        self.timer.start()
        self.resize(760, 720)
        editable = can(actor.role, Permission.EDIT_FIELD_WORK)
        self.save_button.setEnabled(editable)
        if establishment_id is not None:
            self._load(establishment_id)
        else:
            self.form.set_value("province_name", PROVINCE_NAME)
            self.form.set_value("owner_nationality", "Việt Nam")
        self._loading = False
        self._offer_draft()
        self.validate()

    @property
    def draft_key(self) -> str:
        return str(self.establishment_id) if self.establishment_id else "new"

    # --- building ---------------------------------------------------------------------------

    def _build_fields(self) -> None:
        f = self.form
        f.combo("sector", tr("Lĩnh vực (*)"),
                [(tr(SECTOR_LABELS_VI[s]), s) for s in est.FIELD_SECTORS])
        f.line("name", tr("Tên cơ sở (*)"), tr("vd: Đại lý Internet Đức Anh"))
        f.combo("owner_kind", tr("Chủ thể (*)"),
                [(tr(label), code) for code, label in est.OWNER_KIND_LABELS_VI.items()])
        f.line("owner_name", tr("Họ và tên chủ cơ sở (*)"))
        f.combo("owner_sex", tr("Giới tính"), [("", None), (tr("Nam"), "M"), (tr("Nữ"), "F")])
        f.date("owner_birth_date", tr("Ngày sinh"))
        f.line("owner_nationality", tr("Quốc tịch"))
        f.line("owner_occupation", tr("Nghề nghiệp"))
        f.line("owner_residence", tr("Nơi ở hiện tại"))
        f.line("owner_id_number", tr("Số định danh cá nhân"), tr("12 chữ số"))
        f.date("owner_id_issued_on", tr("Ngày cấp"))
        f.line("owner_id_issued_by", tr("Nơi cấp"))
        f.line("household_registration_no", tr("Số đăng ký hộ kinh doanh"))
        f.line("enterprise_code", tr("Mã số doanh nghiệp"), tr("10 chữ số"))
        f.line("head_office", tr("Địa chỉ trụ sở chính"))
        f.line("representative_name", tr("Người đại diện theo pháp luật"))
        f.combo("representative_sex", tr("Giới tính người đại diện"),
                [("", None), (tr("Nam"), "M"), (tr("Nữ"), "F")])
        f.line("representative_title", tr("Chức danh người đại diện"))
        f.line("address_line", tr("Số nhà, đường, thôn, tổ"))
        communes: list[tuple[str, str | None]] = [(tr("(chọn xã, phường)"), None),
                                                  *commune_choices()]
        f.combo("commune_code", tr("Xã, phường (từ {0})").format(format_date(REFORM_DAY)),
                communes)
        f.line("province_name", tr("Tỉnh"))
        f.line("former_commune_name", tr("Xã, phường, thị trấn cũ"))
        f.line("former_district", tr("Huyện, thành phố cũ"))
        f.line("former_province_name", tr("Tỉnh cũ"))
        f.line("phone", tr("Số điện thoại"))
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumHeight(60)
        self.notes.textChanged.connect(self.on_change)
        f.layout_.addRow(tr("Ghi chú"), self.notes)
        self.duplicates = QLabel("")
        self.duplicates.setObjectName("duplicates")
        self.duplicates.setWordWrap(True)
        self.duplicates.setStyleSheet("color: #8a5300;")
        f.layout_.addRow(self.duplicates)

    def _build_licences(self) -> None:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.licences: ListTableModel[est.LicenceRow] = ListTableModel([
            Column(tr("Loại"), lambda r: r.kind), Column(tr("Số"), lambda r: r.number),
            Column(tr("Cơ quan cấp"), lambda r: r.issuer),
            Column(tr("Ngày cấp"), lambda r: format_date(r.issued_on) if r.issued_on else ""),
            Column(tr("Có giá trị đến"),
                   lambda r: format_date(r.valid_until) if r.valid_until else ""),
            Column(tr("Tình trạng"),
                   lambda r: tr(est.LICENCE_STATUS_LABELS_VI.get(r.status(clock.today()), ""))),
        ])
        self.licence_view = QTableView()
        self.licence_view.setObjectName("licences")
        self.licence_view.setModel(self.licences)
        make_record_table(self.licence_view)
        layout.addWidget(self.licence_view, 1)
        self.licence_form = FieldSet()
        self.licence_form.line("kind", tr("Loại giấy phép"),
                               tr("vd: Giấy chứng nhận đủ điều kiện hoạt động điểm trò chơi"))
        self.licence_form.line("number", tr("Số"))
        self.licence_form.line("issuer", tr("Cơ quan cấp"))
        self.licence_form.date("issued_on", tr("Ngày cấp"))
        self.licence_form.date("valid_until", tr("Có giá trị đến"))
        layout.addWidget(self.licence_form)
        row = QHBoxLayout()
        self.add_licence_button = QPushButton(tr("Thêm giấy phép"))
        self.add_licence_button.setObjectName("addLicence")
        self.remove_licence_button = QPushButton(tr("Xóa giấy phép đã chọn"))
        self.remove_licence_button.setObjectName("removeLicence")
        row.addWidget(self.add_licence_button)
        row.addWidget(self.remove_licence_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.pending_licences: dict[uuid.UUID, est.LicenceInput] = {}
        # The note keeps its two lines when empty: appearing or going after "Thêm giấy phép"
        # it moved the button 20 px under the cursor.
        self.licence_note = message_label("licenceNote")
        layout.addWidget(self.licence_note)
        self.add_licence_button.clicked.connect(self.add_licence)
        self.remove_licence_button.clicked.connect(self.remove_licence)
        self.tabs.addTab(tab, tr("Giấy phép, chứng nhận"))

    def _build_history(self) -> None:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(QLabel(tr("Các lần thanh tra, kiểm tra")))
        self.visits: ListTableModel[est.VisitHistoryRow] = ListTableModel([
            Column(tr("Ngày"), lambda r: format_date(r.visit_date)),
            Column(tr("Cuộc thanh tra, kiểm tra"), lambda r: r.inspection_title),
            Column(tr("Kết quả"), lambda r: r.outcome),
            Column(tr("Số vi phạm"), lambda r: r.violations),
            Column(tr("Tiền phạt"), lambda r: format_vnd(r.fines)),
        ])
        visits = QTableView()
        visits.setObjectName("historyVisits")
        visits.setModel(self.visits)
        make_record_table(visits)
        layout.addWidget(visits)
        layout.addWidget(QLabel(tr("Các hành vi vi phạm")))
        self.violations: ListTableModel[est.ViolationHistoryRow] = ListTableModel([
            Column(tr("Ngày"), lambda r: format_date(r.on)),
            Column(tr("Điều khoản"), lambda r: r.provision_key),
            Column(tr("Tiền phạt"), lambda r: tr("Cảnh cáo") if r.warning else format_vnd(r.amount)),
            Column(tr("Hành vi"), lambda r: r.description),
        ])
        violations = QTableView()
        violations.setObjectName("historyViolations")
        violations.setModel(self.violations)
        make_record_table(violations)
        layout.addWidget(violations)
        self.violations_view = violations
        row = QHBoxLayout()
        row.addStretch(1)
        self.case_history_button = QPushButton(tr("Lịch sử vụ việc…"))
        self.case_history_button.setObjectName("caseHistory")
        self.case_history_button.setToolTip(tr(
            "Mọi thay đổi của vụ việc có hành vi đã chọn: hành vi, tang vật, biên bản, quyết "
            "định, nộp phạt, tài liệu"))
        self.case_history_button.clicked.connect(self.show_case_history)
        row.addWidget(self.case_history_button)
        self.case_evidence_button = QPushButton(tr("Tài liệu, ảnh của vụ việc…"))
        self.case_evidence_button.setObjectName("caseEvidence")
        self.case_evidence_button.clicked.connect(self.show_case_evidence)
        row.addWidget(self.case_evidence_button)
        layout.addLayout(row)
        self.tabs.addTab(tab, tr("Lịch sử"))

    # --- data -------------------------------------------------------------------------------

    def _load(self, establishment_id: uuid.UUID) -> None:
        detail = est.establishment_detail(self.db, self.actor, establishment_id)
        self.version = detail.version
        # A commune stored by name only (imported, or from before the codes) stays as it was
        # unless the user picks one from the list: saving must not wipe it.
        self.stored_commune_name = getattr(detail, "commune_name", "") or ""
        for name in self.form.fields:
            self.form.set_value(name, getattr(detail, name, None))
        self.notes.setPlainText(detail.notes or "")
        self.licences.set_items(list(detail.licences))
        history = est.establishment_history(self.db, self.actor, establishment_id)
        self.visits.set_items(list(history.visits))
        self.violations.set_items(list(history.violations))
        self.licence_note.clear()

    def data(self) -> est.EstablishmentInput:
        """The typed values; raises ValueError for a malformed date (shown next to it)."""
        values: dict[str, Any] = {}
        for name in self.form.fields:
            value = self.form.value(name)
            values[name] = value if value != "" else None
        values["name"] = values.get("name") or ""
        values["address_line"] = values.get("address_line") or ""
        values["province_name"] = values.get("province_name") or ""
        code = values.get("commune_code")
        commune = next((c for c in new_communes() if c.code == code), None) if code else None
        values["commune_name"] = commune.label if commune else (
            "" if code else getattr(self, "stored_commune_name", ""))
        values["notes"] = self.notes.toPlainText()
        return est.EstablishmentInput(**values)

    def _date_problems(self) -> list[FieldProblem]:
        out = []
        for name in DATE_FIELDS:
            edit = self.form.fields[name].widget
            assert isinstance(edit, DateEdit)
            problem = date_problem(name, self.form.labels[name].text(), edit)
            if problem:
                out.append(problem)
        return out

    def validate(self) -> list[FieldProblem]:
        """Show every problem next to its field; the save button says why it is disabled."""
        kind = self.form.value("owner_kind")
        self.form.set_visible(PERSON_FIELDS, kind in ("individual", "household"))
        self.form.set_visible(("household_registration_no",), kind == "household")
        self.form.set_visible(ORGANISATION_FIELDS, kind == "organization")
        problems = self._date_problems()
        if not problems:
            problems = est.validate_establishment(self.data())
        self.form.show_problems(problems)
        blocking = [p for p in problems if p.blocking]
        if blocking:
            self.status.setText(tr("Chưa lưu được: {0}").format(blocking[0].message))
            self.status.setStyleSheet("color: #b00020;")
        else:
            self.status.setStyleSheet("")
            if not self.status.text().startswith(tr("Đã lưu nháp")):
                self.status.setText("")
        return problems

    def on_change(self) -> None:
        if self._loading:
            return
        self.dirty = True
        self.validate()

    # --- drafts -----------------------------------------------------------------------------

    def autosave(self) -> None:
        if not self.dirty:
            return
        payload = {"fields": self.form.texts(), "notes": self.notes.toPlainText(),
                   "version": self.version}
        title = self.form.value("name") or tr("Cơ sở chưa đặt tên")
        try:
            drafts.save_draft(self.db, self.actor, FORM, payload, self.draft_key, title)
        except ServiceError as exc:
            self.status.setText(tr("Không lưu được bản nháp: {0}").format(exc.vi))
            return
        self.dirty = False
        self.status.setStyleSheet("")
        self.status.setText(tr("Đã lưu nháp lúc {0}").format(
            QDateTime.currentDateTime().toString("HH:mm:ss")))

    def _offer_draft(self) -> None:
        found = drafts.load_draft(self.db, self.actor, FORM, self.draft_key)
        if found is None:
            return
        when = found.saved_at.astimezone().strftime("%H:%M %d/%m/%Y")
        if dialogs.confirm(self, tr("Bản nháp"), tr(
                "Có bản nháp chưa lưu của biểu mẫu này (lưu lúc {0}). Khôi phục?").format(when)):
            self.restore(found.payload)
        else:
            drafts.discard_draft(self.db, self.actor, FORM, self.draft_key)

    def restore(self, payload: dict[str, Any]) -> None:
        self._loading = True
        self.form.set_texts(payload.get("fields", {}))
        self.notes.setPlainText(payload.get("notes", ""))
        self._loading = False
        self.dirty = True
        self.validate()

    # --- saving -----------------------------------------------------------------------------

    def save(self) -> bool:
        problems = self.validate()
        if any(p.blocking for p in problems):
            return False
        data = self.data()
        try:
            dupes = est.find_duplicates(self.db, self.actor, data, self.establishment_id)
            if dupes:
                lines = "\n".join(f"- {d.name} ({d.address}): {d.reason}" for d in dupes[:5])
                self.duplicates.setText(tr("Có thể trùng với:\n{0}").format(lines))
                if not dialogs.confirm(self, tr("Có thể trùng cơ sở"), tr(
                        "Cơ sở này có thể đã có:\n{0}\n\nVẫn lưu?").format(lines)):
                    return False
            if self.establishment_id is None:
                # Licences typed before the first save are created with it, in one transaction.
                self.saved_id = est.add_establishment(self.db, self.actor, data,
                                                      list(self.pending_licences.values()))
            else:
                est.update_establishment(self.db, self.actor, self.establishment_id, data,
                                         self.version)
                self.saved_id = self.establishment_id
        except FormInvalid as exc:
            self.form.show_problems(exc.problems)
            self.status.setText(exc.vi)
            return False
        except ConflictError as exc:
            self.status.setText(exc.vi)
            self.status.setStyleSheet("color: #b00020;")
            return False
        except Exception as exc:
            report_exception(self, exc, tr("lưu cơ sở"))
            return False
        drafts.discard_draft(self.db, self.actor, FORM, self.draft_key)
        self.dirty = False
        self.timer.stop()
        self.accept()
        return True

    def add_licence(self) -> None:
        try:
            data = est.LicenceInput(
                kind=self.licence_form.value("kind"), number=self.licence_form.value("number"),
                issuer=self.licence_form.value("issuer"),
                issued_on=self.licence_form.value("issued_on"),
                valid_until=self.licence_form.value("valid_until"))
        except ValueError as exc:
            self.licence_note.setText(str(exc))
            return
        problems = est.validate_licence(data)
        self.licence_form.show_problems(problems)
        if any(p.blocking for p in problems):
            return
        self.licence_note.clear()
        if self.establishment_id is None:  # kept until the establishment is saved
            key = uuid.uuid4()
            self.pending_licences[key] = data
            self.licences.set_items([*self.licences.rows, est.LicenceRow(
                key, uuid.UUID(int=0), data.kind, data.number, data.issuer, data.issued_on,
                data.valid_until, 0)])
            for name in ("kind", "number", "issuer", "issued_on", "valid_until"):
                self.licence_form.set_value(name, None)
            self.dirty = True
            return
        try:
            est.add_licence(self.db, self.actor, self.establishment_id, data)
        except ServiceError as exc:
            self.licence_note.setText(exc.vi)
            return
        for name in ("kind", "number", "issuer", "issued_on", "valid_until"):
            self.licence_form.set_value(name, None)
        self.licences.set_items(est.list_licences(self.db, self.actor, self.establishment_id))

    def remove_licence(self) -> None:
        row = selected_record(self, self.licence_view, self.licences, tr("một giấy phép"))
        if row is not None and row.id in self.pending_licences:
            del self.pending_licences[row.id]
            self.licences.set_items([r for r in self.licences.rows if r.id != row.id])
            return
        if row is None or self.establishment_id is None:
            return
        if not dialogs.confirm(self, tr("Xóa giấy phép"),
                               tr("Xóa giấy phép số {0}?").format(row.number)):
            return
        try:
            est.remove_licence(self.db, self.actor, row.id, row.version)
        except ServiceError as exc:
            self.licence_note.setText(exc.vi)
            return
        self.licences.set_items(est.list_licences(self.db, self.actor, self.establishment_id))

    def case_history_dialog(self) -> QWidget | None:
        row = selected_record(self, self.violations_view, self.violations,
                              tr("một hành vi vi phạm"))
        if row is None:
            return None
        from inspector.ui.pages.history import HistoryDialog

        return HistoryDialog(self.db, self.actor, row.case_id,
                             tr("vụ việc ngày {0}").format(format_date(row.on)), self,
                             kind="cases")

    def case_evidence(self) -> QWidget | None:
        row = selected_record(self, self.violations_view, self.violations,
                              tr("một hành vi vi phạm"))
        if row is None:
            return None
        from inspector.ui.evidence_view import EvidenceWindow

        return EvidenceWindow(self.db, self.actor,
                              tr("vụ việc ngày {0}").format(format_date(row.on)),
                              case_id=row.case_id, parent=self)

    def show_case_evidence(self) -> None:
        window = self.case_evidence()
        if window is not None:
            window.show()

    def show_case_history(self) -> None:
        dialog = self.case_history_dialog()
        if dialog is not None:
            dialogs.run_modal(dialog)  # type: ignore[arg-type]

    def reject(self) -> None:
        self.autosave()  # closing keeps what was typed as a draft
        self.timer.stop()
        super().reject()
