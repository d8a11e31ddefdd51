"""The login dialog, and the first run's dialog that creates the administrator.

The login window is the first thing shown, before the database layer is loaded: this module
imports only Qt at the top, and the dialog accepts a database that arrives later
(``set_database``). A password typed before then is checked as soon as the database is ready.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.ui.support import message_label, report_exception, tr

if TYPE_CHECKING:
    from inspector.services.actor import Actor
    from inspector.store.engine import Database


def _known_error(exc: BaseException) -> str | None:
    from inspector.services.errors import ServiceError
    from inspector.store.errors import StoreError

    return exc.vi if isinstance(exc, (ServiceError, StoreError)) else None


class LoginDialog(QDialog):
    """Asks for login and password; ``actor`` is set when the service accepts them."""

    def __init__(self, db: Database | None = None, parent: QWidget | None = None, *,
                 where: str = "") -> None:
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None
        self._waiting = False
        self.setWindowTitle(tr("Đăng nhập - Inspector"))
        layout = QVBoxLayout(self)
        self.intro = QLabel(tr("Cơ sở dữ liệu: {0}").format(db.display_name() if db else where))
        self.intro.setObjectName("intro")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.login = QLineEdit()
        self.login.setObjectName("login")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("Tên đăng nhập:"), self.login)
        form.addRow(tr("Mật khẩu:"), self.password)
        layout.addLayout(form)
        self.message = message_label()
        layout.addWidget(self.message)
        # Shown when the server's audit trail is keyed and this workstation lacks the key: an
        # administrator installs it from the key file here, the only place before a login.
        self.install_key = QPushButton(tr("Cài khóa nhật ký từ tệp…"))
        self.install_key.setObjectName("installAuditKey")
        self.install_key.setVisible(False)
        self.install_key.setAutoDefault(False)  # Return in the fields still logs in
        self.install_key.clicked.connect(self.install_audit_key)
        layout.addWidget(self.install_key)
        # Buttons by role, not Qt's standard buttons: building those creates PySide6's Qt
        # enums (~0.05-0.1 s), and this window is the first thing the user waits for.
        buttons = QDialogButtonBox()
        ok = buttons.addButton(tr("Đăng nhập"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        buttons.addButton(tr("Thoát"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.buttons = buttons
        self.setMinimumWidth(420)

    def set_database(self, db: Database) -> None:
        """The database is open: check a password typed while it was loading."""
        self.db = db
        self.intro.setText(tr("Cơ sở dữ liệu: {0}").format(db.display_name()))
        if self._waiting:
            self._waiting = False
            self.message.setText("")
            self.try_login()

    def try_login(self) -> None:
        login = self.login.text().strip()
        if not login or not self.password.text():
            self.message.setText(tr("Hãy nhập tên đăng nhập và mật khẩu."))
            return
        if self.db is None:
            self._waiting = True
            self.message.setText(tr("Đang mở cơ sở dữ liệu…"))
            return
        from inspector.services.errors import AuditKeyMissing
        from inspector.services.users import authenticate

        try:
            self.actor = authenticate(self.db, login, self.password.text())
        except Exception as exc:
            message = _known_error(exc)
            if message is None:
                report_exception(self, exc, tr("đăng nhập"))
                return
            self.message.setText(message)
            if isinstance(exc, AuditKeyMissing):
                self.install_key.setVisible(True)  # the password is kept for the install
                self.adjustSize()  # the longer message and the button, unclipped
                return
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()

    def install_audit_key(self) -> None:
        """Install the server's audit key from its file, then log in with it (an
        administrator's login only: ``services.audit_keys.install_key``)."""
        from pathlib import Path

        from inspector.services.audit_keys import install_key
        from inspector.services.users import authenticate
        from inspector.ui.support import dialogs

        login, password = self.login.text().strip(), self.password.text()
        if self.db is None or not login or not password:
            self.message.setText(tr("Hãy nhập tên đăng nhập và mật khẩu của quản trị viên."))
            return
        name = dialogs.open_file(self, tr("Chọn tệp khóa nhật ký"),
                                 tr("Tệp khóa nhật ký (*.json *.key);;Mọi tệp (*)"))
        if not name:
            return
        db = self.db
        logged: list[Actor] = []

        def log_in() -> Actor:
            logged.append(authenticate(db, login, password))
            return logged[-1]

        try:
            install_key(db, Path(name), log_in)
        except Exception as exc:
            message = _known_error(exc)
            if message is None:
                report_exception(self, exc, tr("cài khóa nhật ký"))
                return
            self.message.setText(message)
            return
        self.actor = logged[-1]
        self.accept()


class FirstAdminDialog(QDialog):
    """First run: there is no account yet, so the person installing creates the administrator."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None
        self.setWindowTitle(tr("Tạo tài khoản quản trị - Inspector"))
        layout = QVBoxLayout(self)
        intro = QLabel(tr(
            "Đây là lần chạy đầu tiên. Hãy tạo tài khoản quản trị; sau đó quản trị viên tạo "
            "tài khoản cho thanh tra viên, người ra quyết định và văn thư."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.full_name = QLineEdit()
        self.full_name.setObjectName("full_name")
        self.login = QLineEdit("admin")
        self.login.setObjectName("login")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setObjectName("repeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("Họ và tên:"), self.full_name)
        form.addRow(tr("Tên đăng nhập:"), self.login)
        form.addRow(tr("Mật khẩu (ít nhất 8 ký tự):"), self.password)
        form.addRow(tr("Nhập lại mật khẩu:"), self.repeat)
        layout.addLayout(form)
        self.message = message_label()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Tạo tài khoản"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Thoát"))
        buttons.accepted.connect(self.create_admin)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def create_admin(self) -> None:
        from inspector.services.users import authenticate, create_first_admin

        if self.password.text() != self.repeat.text():
            self.message.setText(tr("Hai lần nhập mật khẩu không giống nhau."))
            return
        try:
            create_first_admin(self.db, self.login.text(), self.full_name.text(),
                               self.password.text())
            self.actor = authenticate(self.db, self.login.text(), self.password.text())
        except Exception as exc:
            message = _known_error(exc)
            if message is None:
                report_exception(self, exc, tr("tạo tài khoản quản trị"))
                return
            self.message.setText(message)
            return
        self.accept()


class LockDialog(QDialog):
    """The screen locked after idle time: the same user's password continues where they were;
    "Đăng nhập người khác" logs out (open forms keep their drafts)."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.switch_user = False
        self.setWindowTitle(tr("Đã khóa - Inspector"))
        layout = QVBoxLayout(self)
        intro = QLabel(tr("Inspector đã khóa vì không được sử dụng. Nhập mật khẩu của {0} ({1}) "
                          "để tiếp tục.").format(actor.full_name or actor.login, actor.login))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.password)
        self.message = message_label()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Mở khóa"))
        other = buttons.addButton(tr("Đăng nhập người khác"),
                                  QDialogButtonBox.ButtonRole.ResetRole)
        other.setObjectName("switchUser")
        other.clicked.connect(self.choose_switch)
        buttons.accepted.connect(self.unlock)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def unlock(self) -> None:
        from inspector.services.users import authenticate

        try:
            authenticate(self.db, self.actor.login, self.password.text())
        except Exception as exc:
            message = _known_error(exc)
            if message is None:
                report_exception(self, exc, tr("mở khóa"))
                return
            self.message.setText(message)
            self.password.clear()
            return
        self.accept()

    def choose_switch(self) -> None:
        self.switch_user = True
        self.accept()

    def reject(self) -> None:  # Esc does not unlock
        self.password.setFocus()
