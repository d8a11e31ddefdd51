"""Cài đặt: the agency block printed on documents, the accounts, and the database's health."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.roles import ROLE_LABELS_VI, Permission, Role, can
from inspector.domain.text import format_date
from inspector.services.actor import Actor
from inspector.services.agency import AgencyInfo, get_agency, save_agency
from inspector.services.errors import ServiceError
from inspector.services.maintenance import backup_database, check_database
from inspector.services.signers import (
    SignerInfo,
    SignerInput,
    add_signer,
    list_signers,
    signing_titles,
)
from inspector.services.users import UserInfo, add_user, list_users
from inspector.store.engine import Database
from inspector.store.migrate import SCHEMA_HEAD
from inspector.ui.form_fields import DateEdit
from inspector.ui.models import Column, ListTableModel
from inspector.ui.pages.base import Page
from inspector.ui.support import (
    dialogs,
    fit_columns,
    guarded,
    make_record_table,
    message_label,
    tr,
)

AGENCY_FIELDS = [
    ("superior_agency", "Cơ quan chủ quản:"),
    ("agency_name", "Cơ quan ban hành:"),
    ("agency_short", "Tên viết tắt (số ký hiệu):"),
    ("place_name", "Địa danh (dòng ngày tháng):"),
    ("treasury_name", "Kho bạc Nhà nước:"),
    ("treasury_account", "Số tài khoản nộp phạt:"),
    ("record_suffix", "Ký hiệu biên bản:"),
    ("decision_suffix", "Ký hiệu quyết định:"),
]


class AddUserDialog(QDialog):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.setWindowTitle(tr("Thêm tài khoản"))
        form = QFormLayout(self)
        self.login = QLineEdit()
        self.full_name = QLineEdit()
        self.role = QComboBox()
        for role in Role:
            self.role.addItem(tr(ROLE_LABELS_VI[role]), role.value)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("Tên đăng nhập (*):"), self.login)
        form.addRow(tr("Họ và tên (*):"), self.full_name)
        form.addRow(tr("Vai trò:"), self.role)
        form.addRow(tr("Mật khẩu ban đầu (*, ít nhất 8 ký tự):"), self.password)
        self.message = message_label()
        form.addRow(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("Lưu"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Hủy"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        try:
            add_user(self.db, self.actor, self.login.text(), self.full_name.text(),
                     self.role.currentData(), self.password.text())
        except ServiceError as exc:
            self.message.setText(exc.vi)
            return
        self.accept()


class SignerDialog(QDialog):
    """A signer: the head, or a deputy with the delegation decision the bases will cite."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.setWindowTitle(tr("Thêm người ký quyết định"))
        form = QFormLayout(self)
        self.full_name = QLineEdit()
        self.full_name.setObjectName("fullName")
        self.title_code = QComboBox()
        self.title_code.setObjectName("titleCode")
        for code, label in signing_titles(db).items():
            self.title_code.addItem(label, code)
        self.deputy = QCheckBox(tr("Cấp phó ký thay (KT.)"))
        self.deputy.setObjectName("deputy")
        self.delegation_number = QLineEdit()
        self.delegation_number.setObjectName("delegationNumber")
        self.delegation_number.setPlaceholderText("05/QĐ-GQXP")
        self.delegation_date = DateEdit()
        self.delegation_date.setObjectName("delegationDate")
        self.valid_from = DateEdit()
        self.valid_from.setObjectName("validFrom")
        self.valid_until = DateEdit()
        self.valid_until.setObjectName("validUntil")
        form.addRow(tr("Họ và tên (*):"), self.full_name)
        form.addRow(tr("Chức danh có thẩm quyền:"), self.title_code)
        form.addRow("", self.deputy)
        form.addRow(tr("Số quyết định giao quyền:"), self.delegation_number)
        form.addRow(tr("Ngày giao quyền:"), self.delegation_date)
        form.addRow(tr("Ký từ ngày:"), self.valid_from)
        form.addRow(tr("Đến ngày:"), self.valid_until)
        self.message = message_label()
        form.addRow(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("Lưu"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Hủy"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)

    def _day(self, edit: DateEdit, label: str) -> date | None:
        try:
            return edit.value()
        except ValueError:
            raise ValueError(tr("{0}: ngày không hợp lệ, hãy nhập dd/mm/yyyy.").format(label)) from None

    def save(self) -> None:
        try:
            data = SignerInput(
                self.full_name.text(), self.title_code.currentData(), self.deputy.isChecked(),
                self.delegation_number.text().strip() or None,
                self._day(self.delegation_date, tr("Ngày giao quyền")), None,
                self._day(self.valid_from, tr("Ký từ ngày")),
                self._day(self.valid_until, tr("Đến ngày")))
            add_signer(self.db, self.actor, data)
        except ServiceError as exc:
            self.message.setText(exc.vi)
            return
        except ValueError as exc:
            self.message.setText(str(exc))
            return
        self.accept()


class SettingsPage(Page):
    title = "Cài đặt"

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, parent)
        self.agency = AgencyInfo()
        outer = QVBoxLayout(self)
        header = QLabel(tr("Cài đặt"))
        header.setObjectName("pageTitle")
        outer.addWidget(header)
        # The page is taller than a laptop's screen (agency, signers, users, database,
        # backups, signing): its body scrolls under the title.
        scroll = QScrollArea()
        scroll.setObjectName("settingsScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)

        editable = can(actor.role, Permission.MANAGE_SETTINGS)
        box = QGroupBox(tr("Cơ quan (in ở góc trái văn bản)"))
        form = QFormLayout(box)
        self.fields: dict[str, QLineEdit] = {}
        for key, label in AGENCY_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(key)
            edit.setReadOnly(not editable)
            self.fields[key] = edit
            form.addRow(tr(label), edit)
        self.agency_message = message_label("agencyMessage")
        form.addRow(self.agency_message)
        self.save_button = QPushButton(tr("Lưu cài đặt cơ quan"))
        self.save_button.setObjectName("saveAgency")
        self.save_button.setVisible(editable)
        self.save_button.clicked.connect(self.save_agency)
        form.addRow(self.save_button)
        layout.addWidget(box)

        self._titles = signing_titles(db)
        self.signers_box = QGroupBox(tr("Người ký quyết định"))
        signers_layout = QVBoxLayout(self.signers_box)
        self.signers: ListTableModel[SignerInfo] = ListTableModel([
            Column(tr("Họ và tên"), lambda x: x.full_name),
            Column(tr("Chức danh"), lambda x: self._titles.get(x.title_code, x.title_code)
                   + (tr(" (cấp phó, ký thay)") if x.is_deputy else "")),
            Column(tr("Quyết định giao quyền"), lambda x: (
                f"{x.delegation_number} ({format_date(x.delegation_date)})"
                if x.delegation_number and x.delegation_date else "")),
            Column(tr("Từ ngày"), lambda x: format_date(x.valid_from) if x.valid_from else ""),
            Column(tr("Đến ngày"), lambda x: format_date(x.valid_until) if x.valid_until else ""),
        ])
        signers_view = QTableView()
        signers_view.setObjectName("signers")
        signers_view.setModel(self.signers)
        make_record_table(signers_view)
        fit_columns(signers_view)
        signers_view.setMinimumHeight(120)
        signers_view.setMaximumHeight(170)
        self.signers_view = signers_view
        signers_layout.addWidget(signers_view)
        add_signer_button = QPushButton(tr("Thêm người ký…"))
        add_signer_button.setObjectName("addSigner")
        add_signer_button.clicked.connect(self.add_signer)
        add_signer_button.setVisible(editable)
        signers_layout.addWidget(add_signer_button)
        layout.addWidget(self.signers_box)

        self.users_box = QGroupBox(tr("Tài khoản"))
        users_layout = QVBoxLayout(self.users_box)
        self.users: ListTableModel[UserInfo] = ListTableModel([
            Column(tr("Tên đăng nhập"), lambda u: u.login),
            Column(tr("Họ và tên"), lambda u: u.full_name),
            Column(tr("Vai trò"), lambda u: tr(u.role_label)),
            Column(tr("Trạng thái"), lambda u: tr("Hoạt động") if u.active else tr("Đã khóa")),
        ])
        users_view = QTableView()
        users_view.setObjectName("users")
        users_view.setModel(self.users)
        make_record_table(users_view)
        fit_columns(users_view)
        users_layout.addWidget(users_view)
        add = QPushButton(tr("Thêm tài khoản…"))
        add.setObjectName("addUser")
        add.clicked.connect(self.add_user)
        users_layout.addWidget(add)
        self.users_box.setVisible(can(actor.role, Permission.MANAGE_USERS))
        layout.addWidget(self.users_box)

        db_box = QGroupBox(tr("Cơ sở dữ liệu"))
        db_layout = QVBoxLayout(db_box)
        where = tr("Tệp: {0}") if db.is_sqlite else tr("Máy chủ: {0}")
        self.db_label = QLabel((where + tr(" — cấu trúc dữ liệu phiên bản {1}")).format(
            db.display_name(), int(SCHEMA_HEAD)))
        self.db_label.setWordWrap(True)
        db_layout.addWidget(self.db_label)
        row = QHBoxLayout()
        check = QPushButton(tr("Kiểm tra toàn vẹn"))
        check.setObjectName("checkDb")
        check.clicked.connect(self.check_db)
        row.addWidget(check)
        backup = QPushButton(tr("Sao lưu…"))
        backup.setObjectName("backupDb")
        backup.clicked.connect(self.backup_db)
        backup.setVisible(can(actor.role, Permission.MAINTAIN_DATABASE) and db.is_sqlite)
        row.addWidget(backup)
        row.addStretch(1)
        db_layout.addLayout(row)
        self.check_label = QLabel("")
        self.check_label.setObjectName("checkResult")
        self.check_label.setWordWrap(True)
        db_layout.addWidget(self.check_label)
        if can(actor.role, Permission.MAINTAIN_DATABASE) and not db.is_sqlite:
            db_layout.addLayout(self._audit_key_row())
        layout.addWidget(db_box)
        layout.addWidget(self._lock_box())
        if can(actor.role, Permission.MAINTAIN_DATABASE) and db.is_sqlite:
            from inspector.ui.pages.backup_panel import BackupPanel

            self.backup_panel = BackupPanel(db, actor, self)
            layout.addWidget(self.backup_panel)
        elif can(actor.role, Permission.MAINTAIN_DATABASE):
            from inspector.ui.pages.backup_panel import ServerBackupPanel

            self.server_backup_panel = ServerBackupPanel(db, actor, self)
            layout.addWidget(self.server_backup_panel)
        if can(actor.role, Permission.MANAGE_SETTINGS):
            from inspector.ui.pages.signing_panel import SigningPanel

            self.signing_panel = SigningPanel(db, actor, self)
            layout.addWidget(self.signing_panel)
        layout.addStretch(1)

    def _audit_key_row(self) -> QVBoxLayout:
        """A server's audit key: made once, then carried to every workstation in a file
        (``services.audit_keys``); a local file keys its trail by itself."""
        box = QVBoxLayout()
        self.audit_key_label = QLabel("")
        self.audit_key_label.setObjectName("auditKeyStatus")
        self.audit_key_label.setWordWrap(True)
        box.addWidget(self.audit_key_label)
        row = QHBoxLayout()
        self.create_key = QPushButton(tr("Tạo khóa nhật ký"))
        self.create_key.setObjectName("createAuditKey")
        self.create_key.clicked.connect(self.create_audit_key)
        row.addWidget(self.create_key)
        self.export_key = QPushButton(tr("Xuất khóa nhật ký…"))
        self.export_key.setObjectName("exportAuditKey")
        self.export_key.clicked.connect(self.export_audit_key)
        row.addWidget(self.export_key)
        self.reset_anchor = QPushButton(tr("Đặt lại mốc nhật ký sau khôi phục…"))
        self.reset_anchor.setObjectName("resetAuditAnchor")
        self.reset_anchor.clicked.connect(self.reset_audit_anchor)
        row.addWidget(self.reset_anchor)
        row.addStretch(1)
        box.addLayout(row)
        self.refresh_audit_key()
        return box

    def reset_audit_anchor(self) -> None:
        """After the server was restored: this workstation's anchor follows the restored trail
        (refused by the service unless the restore recorded in the trail explains it)."""
        from inspector.services.audit_restore import anchor_state, reset_after_restore

        state = guarded(self, tr("đọc mốc nhật ký"), lambda: anchor_state(self.db, self.actor))
        if state is None:
            return
        if not dialogs.confirm(self, tr("Đặt lại mốc nhật ký"), tr(state.text_vi()) + "\n\n"
                               + tr("Đặt lại mốc của máy này theo nhật ký trên máy chủ? Việc "
                                    "đặt lại được ghi vào nhật ký.")):
            return
        done = guarded(self, tr("đặt lại mốc nhật ký"),
                       lambda: reset_after_restore(self.db, self.actor))
        self.refresh_audit_key()
        if done is not None:
            self.status_message.emit(tr("Đã đặt lại mốc nhật ký của máy này sau lần khôi phục."))

    def refresh_audit_key(self) -> None:
        from inspector.services.audit_keys import key_status

        status = guarded(self, tr("đọc khóa nhật ký"), lambda: key_status(self.db, self.actor))
        if status is None:
            return
        self.audit_key_label.setText(tr(status.text_vi()))
        self.create_key.setVisible(not status.keyed)
        self.export_key.setVisible(status.installed)
        from inspector.services.audit_restore import anchor_state

        anchor = guarded(self, tr("đọc mốc nhật ký"), lambda: anchor_state(self.db, self.actor))
        self.reset_anchor.setVisible(anchor is not None and anchor.state == "restored")
        if anchor is not None and anchor.state != "ok":
            self.audit_key_label.setText(tr(status.text_vi()) + " " + tr(anchor.text_vi()))

    def create_audit_key(self) -> None:
        from inspector.services.audit_keys import create_server_key

        if not dialogs.confirm(self, tr("Tạo khóa nhật ký"), tr(
                "Từ nay mỗi máy trạm cần cài khóa này mới ghi được dữ liệu. Sau khi tạo, hãy "
                "xuất khóa ra tệp và cài lên từng máy trạm. Tạo khóa?")):
            return
        done = guarded(self, tr("tạo khóa nhật ký"),
                       lambda: create_server_key(self.db, self.actor))
        self.refresh_audit_key()
        if done is not None:
            self.status_message.emit(tr("Đã tạo khóa nhật ký; hãy xuất khóa để cài lên các "
                                        "máy trạm."))

    def export_audit_key(self) -> None:
        from inspector.services.audit_keys import export_key

        name = dialogs.save_file(self, tr("Xuất khóa nhật ký"), "inspector-audit-key.json",
                                 tr("Tệp khóa nhật ký (*.json)"))
        if not name:
            return
        done = guarded(self, tr("xuất khóa nhật ký"),
                       lambda: export_key(self.db, self.actor, Path(name)))
        if done is not None:
            dialogs.info(self, tr("Xuất khóa nhật ký"), tr(
                "Đã ghi khóa vào {0}. Giữ tệp này cẩn thận như mật khẩu; cài lên từng máy "
                "trạm bằng nút “Cài khóa nhật ký từ tệp…” khi đăng nhập.").format(done))

    def _lock_box(self) -> QWidget:
        """The idle lock of this computer (minutes without input; 0 turns it off)."""
        from PySide6.QtWidgets import QSpinBox

        from inspector.ui.session import idle_minutes, set_idle_minutes

        box = QGroupBox(tr("Khóa màn hình"))
        row = QHBoxLayout(box)
        row.addWidget(QLabel(tr("Tự khóa khi không sử dụng sau")))
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setObjectName("idleMinutes")
        self.idle_minutes.setRange(0, 240)
        self.idle_minutes.setSuffix(tr(" phút"))
        self.idle_minutes.setSpecialValueText(tr("không tự khóa"))
        self.idle_minutes.setValue(idle_minutes())
        self.idle_minutes.valueChanged.connect(set_idle_minutes)
        row.addWidget(self.idle_minutes)
        row.addStretch(1)
        box.setEnabled(can(self.actor.role, Permission.MANAGE_SETTINGS))
        return box

    def refresh(self) -> None:
        def load() -> None:
            self.agency = get_agency(self.db, self.actor)
            for key, edit in self.fields.items():
                edit.setText(getattr(self.agency, key))
            if not self.agency.configured:
                self.agency_message.setText(tr(
                    "Chưa nhập thông tin cơ quan; văn bản in ra cần tên cơ quan và địa danh."))
            if can(self.actor.role, Permission.MANAGE_USERS):
                self.users.set_items(list_users(self.db, self.actor))
            self.signers.set_items(list_signers(self.db, self.actor))
        guarded(self, tr("tải cài đặt"), load)

    def save_agency(self) -> None:
        values = {key: edit.text() for key, edit in self.fields.items()}
        try:
            self.agency = save_agency(self.db, self.actor, replace(self.agency, **values))  # type: ignore[arg-type]
        except ServiceError as exc:
            self.agency_message.setText(exc.vi)
            if getattr(exc, "field", None) in self.fields:
                self.fields[exc.field].setFocus()  # type: ignore[attr-defined]
            return
        except Exception as exc:
            from inspector.ui.support import report_exception

            report_exception(self, exc, tr("lưu cài đặt"))
            return
        self.agency_message.clear()  # the status bar confirms, once
        self.status_message.emit(tr("Đã lưu thông tin cơ quan."))

    def signer_dialog(self) -> SignerDialog:
        return SignerDialog(self.db, self.actor, self)

    def add_signer(self) -> None:
        dialog = self.signer_dialog()
        if dialogs.run_modal(dialog):
            self.refresh()
            self.status_message.emit(tr("Đã thêm người ký {0}.").format(
                dialog.full_name.text().strip()))

    def user_dialog(self) -> AddUserDialog:
        return AddUserDialog(self.db, self.actor, self)

    def add_user(self) -> None:
        dialog = self.user_dialog()
        if dialogs.run_modal(dialog):
            self.refresh()
            self.status_message.emit(tr("Đã thêm tài khoản {0}.").format(
                dialog.login.text().strip()))

    def check_db(self) -> None:
        report = guarded(self, tr("kiểm tra cơ sở dữ liệu"),
                         lambda: check_database(self.db, self.actor))
        if report is None:
            return
        lines = [("✔ " if r.ok else "✘ ") + f"{tr(r.label_vi)}: {tr(r.detail_vi)}"
                 for r in report.results]
        verdict = tr("Cơ sở dữ liệu toàn vẹn.") if report.ok else tr("PHÁT HIỆN LỖI:")
        self.check_label.setText(verdict + "\n" + "\n".join(lines))

    def backup_db(self) -> None:
        name = dialogs.save_file(self, tr("Sao lưu cơ sở dữ liệu"), "inspector-backup.sqlite",
                                 "SQLite (*.sqlite)")
        if not name:
            return
        done = guarded(self, tr("sao lưu"),
                       lambda: backup_database(self.db, self.actor, Path(name)))
        if done is not None:
            dialogs.info(self, tr("Sao lưu"), tr("Đã sao lưu vào {0}.").format(done))
