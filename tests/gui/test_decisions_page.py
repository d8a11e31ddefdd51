"""The decision register driven like the chief: review, issue, preview, delivery, payment."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from inspector.services import decisions, violation_records
from inspector.services.actor import Actor
from inspector.services.users import add_user, authenticate
from inspector.store.engine import Database
from inspector.ui.pages.decisions import DecisionsPage, FollowUpDialog
from inspector.ui.pages.issue_dialog import IssueDialog
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details
from tests.gui.conftest import RecordingDialogs


@pytest.fixture
def chief(db: Database, operator: Actor) -> Actor:
    configure_agency(db, operator)
    add_user(db, operator, "chanh", "Hoàng Văn Giám", "chief", "mat-khau-1")
    return authenticate(db, "chanh", "mat-khau-1")


def _case(db: Database, operator: Actor, amount: int = 2_000_000) -> object:
    case_id = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                        "amount": amount}], establishment=INTERNET_POINT,
                        opened_on=date(2026, 9, 7))
    violation_records.issue_record(db, operator, case_id, date(2026, 9, 7),
                                   details=record_details(date(2026, 9, 7)))
    return case_id


def test_review_shows_checks_and_issue_is_deliberate(qtbot: QtBot, db: Database, chief: Actor,
                                                     operator: Actor,
                                                     recorded_dialogs: RecordingDialogs) -> None:
    """The dialog lists each check with its basis, previews the draft, and issues on confirm."""
    _case(db, operator)
    page = DecisionsPage(db, chief)
    qtbot.addWidget(page)
    page.year.setValue(2026)
    page.refresh()
    assert page.awaiting.rowCount() == 1
    page.awaiting_view.selectRow(0)
    dialog = page.issue_dialog()
    assert isinstance(dialog, IssueDialog)
    qtbot.addWidget(dialog)
    dialog.on_date.setText("10/09/2026")
    texts = [dialog.checks.item(i).text() for i in range(dialog.checks.count())]
    assert any("Căn cứ" in t and "Điều 52" in t for t in texts)
    assert dialog.issue_button.isEnabled() and dialog.preview.page_count >= 1
    recorded_dialogs.answer = False
    dialog.issue_button.click()
    assert dialog.issued is None  # declined at the confirmation
    recorded_dialogs.answer = True
    dialog.issue_button.click()
    assert dialog.issued is not None and dialog.issued.number_text == "01/QĐ-XPHC"
    page.refresh()
    assert page.model.rowCount() == 1 and page.preview.page_count >= 1


def test_issue_disabled_when_deadline_passed(qtbot: QtBot, db: Database, chief: Actor,
                                             operator: Actor) -> None:
    """Past the Art 66 deadline the button stays disabled and the failing check is marked."""
    case_id = _case(db, operator)
    dialog = IssueDialog(db, chief, case_id)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.on_date.setText("02/11/2026")
    assert not dialog.issue_button.isEnabled()
    assert any(dialog.checks.item(i).text().startswith("✘") for i in range(dialog.checks.count()))


def test_delivery_and_payment_dialogs(qtbot: QtBot, db: Database, chief: Actor,
                                      operator: Actor) -> None:
    """Delivery sets the due date; an overpayment is refused in the dialog; a payment is kept."""
    case_id = _case(db, operator)
    decisions.issue_decision(db, chief, case_id, date(2026, 9, 10))  # type: ignore[arg-type]
    page = DecisionsPage(db, chief)
    qtbot.addWidget(page)
    page.year.setValue(2026)
    page.refresh()
    info = page.selected()
    assert info is not None
    deliver = FollowUpDialog(db, chief, info, payment=False)
    qtbot.addWidget(deliver)
    deliver.day.setText("11/09/2026")
    deliver.buttons.accepted.emit()
    assert deliver.result() == QDialog.DialogCode.Accepted
    pay = FollowUpDialog(db, chief, info, payment=True)
    qtbot.addWidget(pay)
    pay.day.setText("12/09/2026")
    pay.amount.setText("3.000.000")
    pay.buttons.accepted.emit()
    assert "vượt" in pay.message.text()
    pay.amount.setText("2.000.000")
    pay.buttons.accepted.emit()
    assert pay.result() == QDialog.DialogCode.Accepted
    page.refresh()
    assert page.model.rows[0].paid == 2_000_000


def test_save_pdf_through_injected_dialog(qtbot: QtBot, db: Database, chief: Actor,
                                          operator: Actor, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """"Lưu PDF" writes the stored decision where the user chose."""
    from inspector.ui import pdf_view

    decisions.issue_decision(db, chief, _case(db, operator), date(2026, 9, 10))  # type: ignore[arg-type]
    page = DecisionsPage(db, chief)
    qtbot.addWidget(page)
    page.year.setValue(2026)
    page.refresh()
    target = tmp_path / "qd.pdf"
    monkeypatch.setattr(pdf_view.dialogs, "save_file", lambda *a: str(target))
    page.preview.save()
    assert target.read_bytes() == decisions.decision_pdf(db, chief, 1, 2026)


def test_amend_dialog_issues_a_correction(qtbot: QtBot, db: Database, chief: Actor,
                                          operator: Actor) -> None:
    """A correction without content is refused in the dialog; with content it is issued."""
    from inspector.ui.pages.decisions import AmendDialog
    from tests.gui.conftest import type_text

    decisions.issue_decision(db, chief, _case(db, operator), date(2026, 9, 10))  # type: ignore[arg-type]
    page = DecisionsPage(db, chief)
    qtbot.addWidget(page)
    page.year.setValue(2026)
    page.refresh()
    info = page.selected()
    assert info is not None
    dialog = AmendDialog(db, chief, info)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(1)
    dialog.day.setText("12/09/2026")
    type_text(dialog.reason, "Ghi nhầm ngày sinh")
    dialog.buttons.accepted.emit()
    assert "nội dung" in dialog.message.text()
    type_text(dialog.changes, "Ngày sinh 01/07/1990 sửa thành 01/07/1991")
    dialog.buttons.accepted.emit()
    assert dialog.issued is not None and dialog.issued.number == 2
    page.refresh()
    assert page.records.rowCount() == 1
    # Issue 9 §3: a correction changes the text, not the obligation — the original stays
    # issued and in force with its fine; the correcting decision carries no money.
    rows = {r.number: r for r in page.model.rows}
    assert rows[1].status == "issued" and rows[1].in_force and rows[1].total_amount > 0
    assert rows[2].status == "amendment" and not rows[2].in_force


def test_delivery_in_person_fills_the_back_page(qtbot: QtBot, db: Database, chief: Actor,
                                                operator: Actor, tmp_path: Path,
                                                recorded_dialogs: RecordingDialogs,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The clerk ticks "Giao trực tiếp", types the hour and the receiver; "Giấy giao nhận"
    shows the filled back page in the preview, and "Lưu PDF" saves it. Before that, the
    button says in one line why there is nothing to print."""
    from io import BytesIO

    from pypdf import PdfReader
    from PySide6.QtCore import Qt

    from inspector.ui import pdf_view

    decisions.issue_decision(db, chief, _case(db, operator), date(2026, 9, 10))  # type: ignore[arg-type]
    page = DecisionsPage(db, chief)
    qtbot.addWidget(page)
    page.year.setValue(2026)
    page.refresh()
    page.view.selectRow(0)
    qtbot.mouseClick(page.receipt_button, Qt.MouseButton.LeftButton)
    assert recorded_dialogs.shown[-1][0] == "warning"
    assert "chưa ghi giao trực tiếp" in recorded_dialogs.shown[-1][1]
    info = page.selected()
    assert info is not None
    deliver = FollowUpDialog(db, chief, info, payment=False)
    qtbot.addWidget(deliver)
    deliver.show()
    deliver.day.setText("11/09/2026")
    assert not deliver.received_by.isEnabled()
    deliver.in_person.click()
    assert deliver.received_by.isEnabled()
    deliver.hour.setTime(deliver.hour.time().fromString("14:05", "HH:mm"))
    deliver.buttons.accepted.emit()  # no receiver: refused in the dialog, nothing written
    assert "người nhận" in deliver.message.text()
    assert deliver.result() != QDialog.DialogCode.Accepted
    from tests.gui.conftest import type_text

    type_text(deliver.received_by, "Lương Văn Đức")  # as a Vietnamese input method types
    deliver.grab().save(str(tmp_path / "delivery-in-person.png"))
    deliver.buttons.accepted.emit()
    assert deliver.result() == QDialog.DialogCode.Accepted
    assert "Giấy giao nhận" in deliver.confirmation
    page.refresh()
    page.view.selectRow(0)
    qtbot.mouseClick(page.receipt_button, Qt.MouseButton.LeftButton)
    target = tmp_path / "giao-nhan.pdf"
    monkeypatch.setattr(pdf_view.dialogs, "save_file", lambda *a: str(target))
    page.preview.save()
    page.resize(1280, 760)
    page.grab().save(str(tmp_path / "receipt-preview.png"))
    text = " ".join((PdfReader(BytesIO(target.read_bytes())).pages[0].extract_text()
                     or "").split())
    assert "vào hồi 14 giờ 05 phút, ngày 11/09/2026." in text and "Lương Văn Đức" in text
