"""Cài đặt › Chữ ký số: what the administrator installs for digital signatures — the trusted
roots (never built in), the token's PKCS#11 library, the seal and the signers' signature
images. The files go to the signing folder (``paths.signing_dir()``); the work is the signing
service's, this panel only asks and shows."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QWidget,
)

from inspector.services import signing
from inspector.services.actor import Actor
from inspector.services.signers import list_signers
from inspector.store.engine import Database
from inspector.ui.support import guarded, tr


class SigningPanel(QGroupBox):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(tr("Chữ ký số"), parent)
        self.setObjectName("signingPanel")
        self.db, self.actor = db, actor
        grid = QGridLayout(self)
        self.trust_label = QLabel("")
        self.trust_label.setObjectName("trustState")
        self.trust_label.setWordWrap(True)
        self.module_label = QLabel("")
        self.module_label.setObjectName("moduleState")
        self.module_label.setWordWrap(True)
        self.images_label = QLabel("")
        self.images_label.setObjectName("imagesState")
        self.images_label.setWordWrap(True)
        self.add_trust = QPushButton(tr("Cài chứng thư gốc, trung gian, CRL…"))
        self.add_trust.setObjectName("addTrust")
        self.choose_module = QPushButton(tr("Chọn thư viện PKCS#11…"))
        self.choose_module.setObjectName("chooseModule")
        self.add_seal = QPushButton(tr("Cài hình con dấu…"))
        self.add_seal.setObjectName("addSeal")
        self.signer = QComboBox()
        self.signer.setObjectName("imageSigner")
        self.add_signature = QPushButton(tr("Cài hình chữ ký…"))
        self.add_signature.setObjectName("addSignature")
        grid.addWidget(self.trust_label, 0, 0, 1, 2)
        grid.addWidget(self.add_trust, 0, 2)
        grid.addWidget(self.module_label, 1, 0, 1, 2)
        grid.addWidget(self.choose_module, 1, 2)
        grid.addWidget(self.images_label, 2, 0, 1, 3)
        grid.addWidget(self.add_seal, 3, 0)
        grid.addWidget(self.signer, 3, 1)
        grid.addWidget(self.add_signature, 3, 2)
        self.add_trust.clicked.connect(lambda: self._pick(
            tr("Chọn chứng thư số gốc"), tr("Chứng thư, CRL (*.pem *.crt *.cer *.der *.crl)"),
            lambda p: signing.install_trust_file(self.actor, p)))
        self.choose_module.clicked.connect(lambda: self._pick(
            tr("Chọn thư viện PKCS#11 của thiết bị ký số"), tr("Thư viện (*.so *.dll *.dylib)"),
            lambda p: signing.set_pkcs11_module(self.actor, p)))
        self.add_seal.clicked.connect(lambda: self._pick(
            tr("Chọn hình con dấu"), tr("Hình PNG (*.png)"),
            lambda p: signing.install_image(self.actor, p)))
        self.add_signature.clicked.connect(lambda: self._pick(
            tr("Chọn hình chữ ký"), tr("Hình PNG (*.png)"),
            lambda p: signing.install_image(self.actor, p, self.signer.currentText())))
        self.refresh()

    def _pick(self, title: str, filters: str, install: object) -> None:
        path, _ = QFileDialog.getOpenFileName(self, title, "", filters)
        if path:
            self.install(Path(path), install)

    def install(self, path: Path, install: object) -> None:
        """Install one file (the file dialogs call this; tests call it directly)."""
        assert callable(install)
        guarded(self, tr("cài đặt chữ ký số"), lambda: install(path))
        self.refresh()

    def refresh(self) -> None:
        state = signing.signing_settings()
        roots = "; ".join(state.roots) if state.roots else tr("chưa cài chứng thư gốc nào — "
                                                              "chưa ký số được")
        self.trust_label.setText(tr("Tổ chức chứng thực tin cậy: {0} (trung gian: {1}, danh "
                                    "sách thu hồi: {2}).").format(roots, state.intermediates,
                                                                  state.crls))
        self.module_label.setText(tr("Thư viện thiết bị ký số (PKCS#11): {0}.").format(
            state.module or tr("chưa chọn (vẫn ký được bằng tệp .p12)")))
        self.images_label.setText(tr("Hình con dấu: {0}. Hình chữ ký: {1}. Thư mục: {2}").format(
            tr("đã cài") if state.seal else tr("chưa cài"),
            ", ".join(state.signatures) if state.signatures else tr("chưa cài"), state.folder))
        current = self.signer.currentText()
        self.signer.clear()
        signers = guarded(self, tr("tải người ký"), lambda: list_signers(self.db, self.actor))
        for s in signers or []:
            self.signer.addItem(s.full_name)
        if current:
            self.signer.setCurrentText(current)
