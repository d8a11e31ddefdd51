"""Ký số và ban hành driven like the chief (the token emulator), then the clerk's agency
signature from a PKCS#12 file; the register shows the verdict of both signatures."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit
from pytestqt.qtbot import QtBot

from inspector.services import decisions, violation_records
from inspector.services.actor import Actor
from inspector.services.agency import get_agency, save_agency
from inspector.services.users import add_user, authenticate
from inspector.store.engine import Database
from inspector.ui import support
from inspector.ui.pages.decisions import DecisionsPage
from inspector.ui.pages.issue_dialog import IssueDialog
from inspector.ui.sign_dialog import CredentialsDialog
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details
from tests.gui.conftest import recorded_dialogs  # noqa: F401  (message boxes recorded)
from tests.pki import PASSPHRASE, PIN, Pki

# Here, not in tests/gui: the token and its PKI are made once per process (the PKCS#11 library
# keeps the first SoftHSM2 configuration it loads), by tests/signing/conftest.py.
pytestmark = pytest.mark.gui


def _fill(qtbot: QtBot, label: str = "", p12: Path | None = None, pin: str = PIN):  # type: ignore[no-untyped-def]
    """A run_modal that types into the credentials dialog and presses Ký số."""
    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, CredentialsDialog)
        assert dialog.pin.echoMode() == QLineEdit.EchoMode.Password
        if p12 is not None:
            dialog.use_p12.setChecked(True)
            qtbot.keyClicks(dialog.p12_path, str(p12))
        else:
            qtbot.keyClicks(dialog.token_label, label)
        if pin.isascii():
            qtbot.keyClicks(dialog.pin, pin)
        else:  # QTest types ASCII only
            dialog.pin.setText(pin)
        box = dialog.findChild(QDialogButtonBox)
        box.button(QDialogButtonBox.StandardButton.Ok).click()
        return int(dialog.result())
    return run


def _department(db: Database, operator: Actor) -> None:
    """The 2026 department (the agency's certificate names it) and its Director's login."""
    configure_agency(db, operator)
    save_agency(db, operator, replace(get_agency(db, operator),
                                      agency_name="Sở Khoa học và Công nghệ"))
    add_user(db, operator, "giamdoc", "Hoàng Văn Giám", "chief", "mat-khau-1")


def _recorded_case(db: Database, operator: Actor) -> object:
    case_id = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                        "amount": 2_000_000}], establishment=INTERNET_POINT,
                        opened_on=date(2026, 9, 7))
    violation_records.issue_record(db, operator, case_id, date(2026, 9, 7),
                                   details=record_details(date(2026, 9, 7)))
    return case_id


def test_sign_issue_then_agency_signature_in_the_register(
        qtbot: QtBot, db: Database, operator: Actor, pki: Pki, images: Path,
        monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _department(db, operator)
    add_user(db, operator, "vanthu", "Lò Thị Thư", "clerk", "mat-khau-3")
    case_id = _recorded_case(db, operator)
    chief = authenticate(db, "giamdoc", "mat-khau-1")
    dialog = IssueDialog(db, chief, case_id)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.on_date.setText("10/09/2026")
    assert dialog.sign_button.text() == "Ký số và ban hành" and dialog.sign_button.isEnabled()
    monkeypatch.setattr(support.dialogs, "run_modal", _fill(qtbot, pin="000000"))
    dialog.sign_button.click()
    assert dialog.issued is None  # a wrong PIN issues nothing
    assert decisions.list_decisions(db, chief, 2026) == []
    monkeypatch.setattr(support.dialogs, "run_modal", _fill(qtbot, label="Token-Test"))
    dialog.sign_button.click()
    assert dialog.issued is not None and dialog.issued.number_text == "01/QĐ-XPHC"

    clerk = authenticate(db, "vanthu", "mat-khau-3")
    page = DecisionsPage(db, clerk)
    qtbot.addWidget(page)
    page.year.setValue(2026)
    page.refresh()
    from PySide6.QtCore import Qt

    column = [page.model.headerData(i, Qt.Orientation.Horizontal)
              for i in range(page.model.columnCount())].index(
        "Chữ ký số")
    assert page.model.index(0, column).data() == "Người ký — ✔ hợp lệ"
    assert "Người ký: Hoàng Văn Giám" in page.signature_state.text()
    assert page.agency_sign_button.isVisible() or not page.isVisible()
    assert page.agency_sign_button.isEnabled()
    monkeypatch.setattr(support.dialogs, "run_modal",
                        _fill(qtbot, p12=pki.people["agency"].p12, pin=PASSPHRASE))
    page.agency_sign_button.click()
    page.view.selectRow(0)
    page.show_decision(0)
    assert page.model.index(0, column).data() == "Người ký, cơ quan — ✔ hợp lệ"
    state = page.signature_state.text()
    assert state.startswith("✔ Chữ ký số hợp lệ (2)")
    assert "Cơ quan: Sở Khoa học và Công nghệ tỉnh Cao Bằng" in state
    assert not page.agency_sign_button.isEnabled()
    if os.environ.get("INSPECTOR_SCREENSHOTS") == "1":  # README's pictures, when asked
        import subprocess

        shots = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
        page.tabs.setCurrentIndex(0)
        page.resize(1500, 800)
        page.grab().save(str(shots / "signed-register.png"))
        pdf = tmp_path / "signed.pdf"
        pdf.write_bytes(decisions.decision_pdf(db, clerk, 1, 2026))
        subprocess.run(["pdftoppm", "-r", "80", "-f", "2", "-l", "2", "-png", "-singlefile",
                        str(pdf), str(shots / "signed-decision-page")], check=True)


def test_administrator_installs_roots_module_and_images(
        qtbot: QtBot, db: Database, operator: Actor, tmp_path: Path, monkeypatch,  # type: ignore[no-untyped-def]
        pki_session: Pki, recorded_dialogs) -> None:  # noqa: F811
    """Cài đặt › Chữ ký số: an empty signing folder says nothing is trusted; the administrator
    installs the root, the PKCS#11 library, the seal; a text file is refused in one line."""
    from inspector.ui.pages.settings import SettingsPage

    monkeypatch.setenv("INSPECTOR_SIGNING", str(tmp_path / "signing"))
    monkeypatch.delenv("INSPECTOR_PKCS11_MODULE", raising=False)
    configure_agency(db, operator)
    add_user(db, operator, "quantri", "Quản Trị", "admin", "mat-khau-9")
    admin = authenticate(db, "quantri", "mat-khau-9")
    page = SettingsPage(db, admin)
    qtbot.addWidget(page)
    panel = page.signing_panel
    assert "chưa cài chứng thư gốc nào" in panel.trust_label.text()
    from inspector.services import signing

    panel.install(pki_session.trust / "root.pem", lambda p: signing.install_trust_file(admin, p))
    assert "CA thử nghiệm Inspector" in panel.trust_label.text()
    assert (tmp_path / "signing" / "trust" / "root.pem").is_file()
    panel.install(Path("/usr/lib/softhsm/libsofthsm2.so"),
                  lambda p: signing.set_pkcs11_module(admin, p))
    assert "libsofthsm2.so" in panel.module_label.text()
    from PIL import Image

    seal = tmp_path / "dau.png"
    Image.new("RGBA", (40, 40), (200, 0, 0, 200)).save(seal)
    panel.install(seal, lambda p: signing.install_image(admin, p))
    assert "Hình con dấu: đã cài" in panel.images_label.text()
    assert panel.signer.currentText() == "Hoàng Văn Giám"
    panel.install(seal, lambda p: signing.install_image(admin, p, panel.signer.currentText()))
    assert "hoang-van-giam.png" in panel.images_label.text()
    junk = tmp_path / "ghi-chu.pem"
    junk.write_text("không phải chứng thư", encoding="utf-8")
    shown = recorded_dialogs.shown
    panel.install(junk, lambda p: signing.install_trust_file(admin, p))
    assert any("Tệp không chứa chứng thư số nào." in text or "không đọc được" in text
               for _, text in shown), shown
    if os.environ.get("INSPECTOR_SCREENSHOTS") == "1":
        page.resize(1280, 900)
        page.grab().save(str(Path(__file__).resolve().parents[2] / "docs" / "screenshots"
                             / "signing-settings.png"))


def test_reminder_letter_signed_and_issued_from_its_dialog(
        qtbot: QtBot, db: Database, operator: Actor, pki: Pki, images: Path,
        monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The letter's dialog: "Ký số và ban hành…" asks for the token and PIN; a wrong PIN
    issues nothing; the right one numbers, signs and keeps the letter, verified valid."""
    from inspector.domain.signatures import SignatureRole
    from inspector.services import document_signing
    from inspector.services.issued_documents import list_documents, stored_pdf
    from inspector.ui.reminder_dialog import ReminderDialog
    from tests.factories import make_reminder_visit

    _department(db, operator)
    visit = make_reminder_visit(db, operator)
    chief = authenticate(db, "giamdoc", "mat-khau-1")
    dialog = ReminderDialog(db, chief, visit, "Đại lý Internet Đức Anh")  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.findings.setPlainText("Chưa niêm yết giờ mở cửa, đóng cửa")
    dialog.requests.setPlainText("Niêm yết giờ mở cửa, đóng cửa tại nơi dễ thấy")
    dialog.on_date.setText("18/09/2026")
    monkeypatch.setattr(support.dialogs, "run_modal", _fill(qtbot, pin="000000"))
    dialog.sign_button.click()
    assert dialog.issued is None  # a wrong PIN issues nothing
    assert list_documents(db, chief, 2026) == []
    monkeypatch.setattr(support.dialogs, "run_modal", _fill(qtbot, label="Token-Test"))
    dialog.sign_button.click()
    assert dialog.issued is not None and dialog.issued.number_text == "01/SKHCN"
    assert dialog.message.text().startswith("Đã ký số và ban hành")
    verdict = document_signing.verify_document(db, chief, dialog.issued.id)
    assert [(v.role, v.intact, v.trusted, v.holder_ok) for v in verdict.signatures] == [
        (SignatureRole.SIGNER, True, True, True)]
    assert dialog.panel.list.item(0).text().endswith("đã ký số (người ký)")
    # the clerk adds the agency's seal from the register of documents (Sổ văn bản)
    add_user(db, operator, "vanthu", "Lò Thị Thư", "clerk", "mat-khau-3")
    clerk = authenticate(db, "vanthu", "mat-khau-3")
    page = DecisionsPage(db, clerk)
    qtbot.addWidget(page)
    page.year.setValue(2026)
    page.refresh()
    assert page.tabs.tabText(page.tabs.indexOf(page.documents)) == "Sổ văn bản"
    panel = page.documents.panel
    assert panel.list.count() == 1 and "Công văn" in panel.list.item(0).text()
    assert not panel.seal_button.isHidden() and panel.seal_button.isEnabled()
    monkeypatch.setattr(support.dialogs, "run_modal",
                        _fill(qtbot, p12=pki.people["agency"].p12, pin=PASSPHRASE))
    panel.seal_button.click()
    assert panel.list.item(0).text().endswith("đã ký số (người ký, cơ quan)")
    assert not panel.seal_button.isEnabled()
    page.tabs.setCurrentWidget(page.documents)
    page.resize(1280, 720)
    page.grab().save(str(tmp_path / "so-van-ban.png"))
    page.year.setValue(2025)  # another year: nothing issued
    assert page.documents.panel.list.count() == 0
    verdict = document_signing.verify_document(db, chief, dialog.issued.id)
    assert [(v.role, v.intact, v.trusted) for v in verdict.signatures] == [
        (SignatureRole.SIGNER, True, True), (SignatureRole.AGENCY, True, True)]
    (tmp_path / "cong-van-ky-so.pdf").write_bytes(stored_pdf(db, chief, dialog.issued.id))


def test_correction_signed_and_issued_from_the_amend_dialog(
        qtbot: QtBot, db: Database, operator: Actor, pki: Pki,
        monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """"Ký số và ban hành…" in the amend dialog: a wrong PIN issues nothing; the token's PIN
    issues the correcting decision signed by its signer."""
    from inspector.domain.signatures import SignatureRole
    from inspector.services import decision_signing
    from inspector.ui.pages.decisions import AmendDialog

    _department(db, operator)
    case_id = _recorded_case(db, operator)
    chief = authenticate(db, "giamdoc", "mat-khau-1")
    decisions.issue_decision(db, chief, case_id, date(2026, 9, 10))  # type: ignore[arg-type]
    info = decisions.list_decisions(db, chief, 2026)[0]
    dialog = AmendDialog(db, chief, info)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(1)
    dialog.day.setText("12/09/2026")
    dialog.reason.setText("Ghi nhầm ngày sinh")
    dialog.changes.setPlainText("Ngày sinh 01/07/1990 sửa thành 01/07/1991")
    monkeypatch.setattr(support.dialogs, "run_modal", _fill(qtbot, pin="000000"))
    dialog.sign_button.click()
    assert dialog.issued is None and len(decisions.list_decisions(db, chief, 2026)) == 1
    monkeypatch.setattr(support.dialogs, "run_modal", _fill(qtbot, label="Token-Test"))
    dialog.sign_button.click()
    assert dialog.issued is not None and dialog.issued.number == 2
    verdict = decision_signing.verify_decision(db, chief, dialog.issued.id)
    assert [(v.role, v.intact, v.trusted, v.holder_ok) for v in verdict.signatures] == [
        (SignatureRole.SIGNER, True, True, True)]


def test_transfer_letter_signed_from_the_review_dialog(
        qtbot: QtBot, db: Database, operator: Actor, pki: Pki, images: Path,
        monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A Sở KH&CN bookshop case of 2026 is out of the Director's competence (Decree 189/2025
    Art 4): the review dialog offers the transfer; with "Ký số công văn" ticked the letter to
    the Sở VHTTDL Director is numbered, signed with the token and kept, verified valid."""
    from inspector.domain.signatures import SignatureRole
    from inspector.services import document_signing
    from inspector.services.issued_documents import list_documents, stored_pdf
    from tests.documents.pdfread import text as pdf_text
    from tests.factories import BOOKSHOP

    _department(db, operator)
    case_id = make_case(db, operator, [{"provision_key": "119/2020/NĐ-CP:29.1.a",
                                        "copies": 10, "amount": 2_000_000}],
                        establishment=BOOKSHOP, opened_on=date(2026, 9, 7))
    violation_records.issue_record(db, operator, case_id, date(2026, 9, 7),
                                   details=record_details(date(2026, 9, 7)))
    chief = authenticate(db, "giamdoc", "mat-khau-1")
    dialog = IssueDialog(db, chief, case_id)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.on_date.setText("15/09/2026")
    assert dialog.transfer_button.isEnabled() and not dialog.issue_button.isEnabled()
    monkeypatch.setattr(support.dialogs, "confirm", lambda *a: True)
    monkeypatch.setattr(support.dialogs, "run_modal", _fill(qtbot, label="Token-Test"))
    dialog.sign_transfer.setChecked(True)
    dialog.transfer_button.click()
    assert dialog.transferred
    [letter] = list_documents(db, chief, 2026)
    verdict = document_signing.verify_document(db, chief, letter.id)
    assert [(v.role, v.intact, v.trusted) for v in verdict.signatures] == [
        (SignatureRole.SIGNER, True, True)]
    text = pdf_text(stored_pdf(db, chief, letter.id))
    assert "Kính gửi: Giám đốc Sở Văn hóa, Thể thao và Du lịch tỉnh Cao Bằng" in text
