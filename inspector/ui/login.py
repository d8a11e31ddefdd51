"""The login dialog, and the first run's dialog that creates the administrator."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from inspector.services.actor import Actor
from inspector.services.errors import ServiceError
from inspector.services.users import authenticate, create_first_admin
from inspector.store.engine import Database
from inspector.store.errors import StoreError
from inspector.ui.support import message_label, report_exception, tr


class LoginDialog(QDialog):
    """Asks for login and password; ``actor`` is set when the service accepts them."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None
        self.setWindowTitle(tr("Đăng nhập - Inspector"))
        layout = QVBoxLayout(self)
        intro = QLabel(tr("Cơ sở dữ liệu: {0}").format(db.display_name()))
        intro.setWordWrap(True)
        layout.addWidget(intro)
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
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Đăng nhập"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Thoát"))
        buttons.accepted.connect(self.try_login)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def try_login(self) -> None:
        login = self.login.text().strip()
        if not login or not self.password.text():
            self.message.setText(tr("Hãy nhập tên đăng nhập và mật khẩu."))
            return
        try:
            self.actor = authenticate(self.db, login, self.password.text())
        except (ServiceError, StoreError) as exc:
            self.message.setText(exc.vi)
            self.password.clear()
            self.password.setFocus()
            return
        except Exception as exc:
            report_exception(self, exc, tr("đăng nhập"))
            return
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
        if self.password.text() != self.repeat.text():
            self.message.setText(tr("Hai lần nhập mật khẩu không giống nhau."))
            return
        try:
            create_first_admin(self.db, self.login.text(), self.full_name.text(),
                               self.password.text())
            self.actor = authenticate(self.db, self.login.text(), self.password.text())
        except (ServiceError, StoreError) as exc:
            self.message.setText(exc.vi)
            return
        except Exception as exc:
            report_exception(self, exc, tr("tạo tài khoản quản trị"))
            return
        self.accept()
