"""Ask for the certificate that signs: a USB token (its label) or a PKCS#12 file, and the PIN
or passphrase (masked). Nothing typed here is kept after the dialog closes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from inspector.services.signing import Credentials, P12Credentials, TokenCredentials
from inspector.ui.support import dialog_buttons, message_label, tr


class CredentialsDialog(QDialog):
    """The signer's (or the agency's) certificate and its PIN, in Vietnamese, PIN masked."""

    def __init__(self, title: str, explanation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.result_credentials: Credentials | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(explanation)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.use_token = QRadioButton(tr("Thiết bị ký số (USB token, thẻ ký số)"))
        self.use_token.setObjectName("useToken")
        self.use_token.setChecked(True)
        self.use_p12 = QRadioButton(tr("Tệp chứng thư số (.p12, .pfx)"))
        self.use_p12.setObjectName("useP12")
        self.token_label = QLineEdit()
        self.token_label.setObjectName("tokenLabel")
        self.token_label.setPlaceholderText(tr("Tên (nhãn) thiết bị ký số"))
        self.p12_path = QLineEdit()
        self.p12_path.setObjectName("p12Path")
        browse = QPushButton(tr("Chọn tệp…"))
        browse.setObjectName("browse")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.p12_path, 1)
        row.addWidget(browse)
        self.pin = QLineEdit()
        self.pin.setObjectName("pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.use_token)
        form.addRow(tr("Nhãn thiết bị:"), self.token_label)
        form.addRow(self.use_p12)
        form.addRow(tr("Tệp chứng thư:"), row)
        form.addRow(tr("Mã PIN / mật khẩu:"), self.pin)
        layout.addLayout(form)
        self.message = message_label()
        layout.addWidget(self.message)
        layout.addWidget(dialog_buttons(self, "Ký số", self.save))
        self.use_token.toggled.connect(self._mode)
        self._mode()

    def _mode(self) -> None:
        token = self.use_token.isChecked()
        self.token_label.setEnabled(token)
        self.p12_path.setEnabled(not token)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Chọn tệp chứng thư số"), "",
                                              tr("Chứng thư số (*.p12 *.pfx)"))
        if path:
            self.p12_path.setText(path)

    def save(self) -> None:
        pin = self.pin.text()
        if self.use_token.isChecked():
            label = self.token_label.text().strip()
            if not label:
                self.message.setText(tr("Hãy nhập nhãn của thiết bị ký số."))
                return
            credentials: Credentials = TokenCredentials(label, pin)
        else:
            path = Path(self.p12_path.text().strip())
            if not self.p12_path.text().strip() or not path.is_file():
                self.message.setText(tr("Hãy chọn tệp chứng thư số (.p12, .pfx)."))
                return
            credentials = P12Credentials(path, pin)
        if not pin:
            self.message.setText(tr("Hãy nhập mã PIN hoặc mật khẩu."))
            return
        self.result_credentials = credentials
        self.pin.clear()
        self.accept()


#: What the signer reads before a new document is numbered and signed.
SIGN_AND_ISSUE_VI = ("{0} sẽ được cấp số, ký số bằng chứng thư số của người ký và lưu lại. Chọn "
                     "thiết bị ký số hoặc tệp chứng thư và nhập mã PIN.")


def ask_credentials(parent: QWidget | None, title: str, explanation: str) -> Credentials | None:
    """The token or certificate file and its PIN, or None when the user cancels."""
    from inspector.ui.support import dialogs

    ask = CredentialsDialog(title, explanation, parent)
    if not dialogs.run_modal(ask):
        return None
    return ask.result_credentials
