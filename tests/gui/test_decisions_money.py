"""The register and its payment dialog as the clerk uses them (issue 15): the fine and the
late charge of Law Art 78 apart, warnings with nothing due, the national export action.

Figures by hand: delivered 11/9/2026, due 21/9/2026 (Art 73: 10 days from receipt); a payment
on 31/10/2026 is 40 days late → 2.000.000 × 0,05 % × 40 = 40.000 đồng."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from inspector.services import decisions, payments, violation_records
from inspector.services.actor import Actor
from inspector.services.users import add_user, authenticate
from inspector.store.engine import Database
from inspector.ui import support
from inspector.ui.pages.decisions import DecisionsPage, ExportDialog, FollowUpDialog
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details
from tests.gui.conftest import RecordingDialogs, type_text


@pytest.fixture
def clerk(db: Database, operator: Actor) -> Actor:
    configure_agency(db, operator)
    add_user(db, operator, "chanh", "Hoàng Văn Giám", "chief", "mat-khau-1")
    add_user(db, operator, "vanthu", "Nông Thị Thu", "clerk", "mat-khau-2")
    chief = authenticate(db, "chanh", "mat-khau-1")
    fine = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                     "amount": 2_000_000}], establishment=INTERNET_POINT,
                     opened_on=date(2026, 9, 7))
    violation_records.issue_record(db, operator, fine, date(2026, 9, 7),
                     details=record_details(date(2026, 9, 7)))
    decisions.issue_decision(db, chief, fine, date(2026, 9, 10))
    warning = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:36.1.a", "amount": 0,
                                        "warning": True}], establishment=INTERNET_POINT,
                        opened_on=date(2026, 9, 7))
    decisions.issue_decision(db, chief, warning, date(2026, 9, 10))
    return authenticate(db, "vanthu", "mat-khau-2")


def _page(qtbot: QtBot, db: Database, actor: Actor) -> DecisionsPage:
    page = DecisionsPage(db, actor)
    qtbot.addWidget(page)
    page.year.setValue(2026)
    page.refresh()
    return page


def _cells(page: DecisionsPage, number: int) -> dict[str, str]:
    model = page.model
    row = next(i for i, r in enumerate(model.rows) if r.number == number)
    return {model.headerData(c, Qt.Orientation.Horizontal): model.index(row, c).data()
            for c in range(model.columnCount())}


def test_payment_dialog_shows_fine_and_late_charge_apart(qtbot: QtBot, db: Database,
                                                         clerk: Actor) -> None:
    """Law Art 78: the fine paid late leaves 40.000 of late charge, shown and then paid."""
    payments.record_delivery(db, clerk, 1, 2026, date(2026, 9, 11))
    page = _page(qtbot, db, clerk)
    info = next(r for r in page.model.rows if r.number == 1)
    pay = FollowUpDialog(db, clerk, info, payment=True)
    qtbot.addWidget(pay)
    pay.day.setText("31/10/2026")
    assert "còn 2.000.000 đồng" in pay.fine_line.text()
    assert "phải nộp 40.000 đồng" in pay.charge_line.text() and "Điều 78" in pay.charge_line.text()
    assert pay.amount.text() == "2.040.000"
    pay.amount.clear()
    type_text(pay.amount, "2.000.000")
    type_text(pay.receipt, "BL-0031")
    qtbot.keyClick(pay.buttons.button(pay.buttons.StandardButton.Ok), Qt.Key.Key_Space)
    assert pay.result() == QDialog.DialogCode.Accepted, pay.message.text()
    page.refresh()
    cells = _cells(page, 1)
    assert (cells["Tiền phạt"], cells["Đã nộp phạt"], cells["Tiền chậm nộp"],
            cells["Đã nộp chậm nộp"], cells["Còn phải nộp"]) == (
        "2.000.000", "2.000.000", "40.000", "0", "40.000")
    assert cells["Thời hạn"] == "còn nợ tiền chậm nộp"
    assert cells["Trạng thái"] == "Còn nợ tiền chậm nộp"
    again = FollowUpDialog(db, clerk, next(r for r in page.model.rows if r.number == 1), True)
    qtbot.addWidget(again)
    again.day.setText("02/11/2026")
    again.amount.clear()
    type_text(again.amount, "50.000")
    again.buttons.accepted.emit()
    assert "vượt" in again.message.text() and "40.000" in again.message.text()
    again.amount.clear()
    type_text(again.amount, "40.000")
    again.buttons.accepted.emit()
    assert again.result() == QDialog.DialogCode.Accepted
    page.refresh()
    assert _cells(page, 1)["Trạng thái"] == "Đã nộp phạt"
    assert "tiền chậm nộp 40.000 đồng, đã nộp 40.000 đồng, còn 0 đồng" in page.summary.text()


def test_warning_row_says_nothing_is_due(qtbot: QtBot, db: Database, clerk: Actor) -> None:
    """A warning-only decision: no amounts, no due date, never "quá … ngày"."""
    payments.record_delivery(db, clerk, 2, 2026, date(2026, 9, 10))
    page = _page(qtbot, db, clerk)
    cells = _cells(page, 2)
    assert cells["Thời hạn"] == "Cảnh cáo — không phải nộp tiền"
    assert cells["Tiền phạt"] == "" and cells["Hạn nộp"] == "" and cells["Còn phải nộp"] == ""
    assert not any("quá" in (v or "") for v in cells.values())


def test_export_action_writes_the_period(qtbot: QtBot, db: Database, clerk: Actor,
                                         tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         recorded_dialogs: RecordingDialogs) -> None:
    """The clerk's export: the period's decisions in one file, count and checksum shown."""
    target = tmp_path / "qg.json"
    monkeypatch.setattr(support.dialogs, "save_file", lambda *a: str(target))

    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, ExportDialog)
        dialog.start.setText("01/09/2026")
        dialog.end.setText("30/09/2026")
        dialog.buttons.accepted.emit()
        return int(dialog.result() == QDialog.DialogCode.Accepted)

    monkeypatch.setattr(support.dialogs, "run_modal", run)
    page = _page(qtbot, db, clerk)
    assert page.export_button.isVisible() or not page.isVisible()
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    export = json.loads(target.read_text(encoding="utf-8"))
    assert export["export"]["count"] == 2
    assert [r["decision"]["number"] for r in export["decisions"]] == ["01/QĐ-XPHC",
                                                                       "02/QĐ-XPHC"]
    kind, text = recorded_dialogs.shown[-1]
    assert kind == "info" and "2 quyết định" in text and export["export"]["sha256"] in text


def test_deferral_dialog_refuses_beyond_the_limit_then_defers(qtbot: QtBot, db: Database,
                                                               clerk: Actor) -> None:
    """Law Art 76 from the register: the chief defers; 18 months is refused with the limit
    (marked unconfirmed); the register then shows the new due date, not "quá … ngày"."""
    from inspector.ui.pages.decisions import DeferDialog

    chief = authenticate(db, "chanh", "mat-khau-1")
    payments.record_delivery(db, chief, 1, 2026, date(2026, 9, 11))
    page = _page(qtbot, db, chief)
    assert not page.defer_button.isHidden() and not page.instalments_button.isHidden()
    assert _page(qtbot, db, clerk).defer_button.isHidden()
    info = next(r for r in page.model.rows if r.number == 1)
    dialog = DeferDialog(db, chief, info, instalments=False)
    qtbot.addWidget(dialog)
    dialog.on.setText("15/09/2026")
    assert dialog.request_on.text() == "15/09/2026"  # the request is not after the decision
    type_text(dialog.reason, "Đơn đề nghị ngày 15/9/2026")
    type_text(dialog.confirmed_by, "Ủy ban nhân dân xã Ca Thành")
    dialog.until.setText("15/03/2028")
    dialog.buttons.accepted.emit()
    assert "không quá 3 tháng" in dialog.message.text()
    assert "chưa được đối chiếu" in dialog.message.text()
    dialog.until.setText("15/12/2026")
    dialog.buttons.accepted.emit()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.message.text()
    page.refresh()
    cells = _cells(page, 1)
    assert cells["Hạn nộp"] == "15/12/2026" and "quá" not in cells["Thời hạn"]


def test_instalments_dialog_refuses_a_small_fine(qtbot: QtBot, db: Database,
                                                 clerk: Actor) -> None:
    """Law Art 79 from the register: 2.000.000 đồng is under the individual's threshold."""
    from inspector.ui.pages.decisions import DeferDialog

    chief = authenticate(db, "chanh", "mat-khau-1")
    page = _page(qtbot, db, chief)
    info = next(r for r in page.model.rows if r.number == 1)
    dialog = DeferDialog(db, chief, info, instalments=True)
    qtbot.addWidget(dialog)
    dialog.on.setText("12/09/2026")
    type_text(dialog.reason, "Đơn ngày 12/9")
    type_text(dialog.confirmed_by, "Ủy ban nhân dân xã Ca Thành")
    type_text(dialog.rows[0][1], "1.000.000")
    type_text(dialog.rows[1][1], "1.000.000")
    dialog.buttons.accepted.emit()
    assert "15.000.000" in dialog.message.text() and dialog.result() != QDialog.DialogCode.Accepted


def test_relief_dialog_reduces_a_deferred_fine_decided_by_the_superior(
        qtbot: QtBot, db: Database, clerk: Actor, operator: Actor, tmp_path: Path) -> None:
    """Law Art 77 from the register (form MQĐ04): "Giảm, miễn…" on a decision not deferred is
    refused (77(1)); after the deferral, the sanctioning Director as signer is refused (77(2));
    the Province Chairman reduces it by 500.000: the register shows 1.500.000 owed and the new
    decision 04/QĐ-GTP."""
    from inspector.services import relief
    from inspector.services.signers import SignerInput, add_signer
    from inspector.ui.pages.decisions import ReliefDialog

    chief = authenticate(db, "chanh", "mat-khau-1")
    payments.record_delivery(db, chief, 1, 2026, date(2026, 9, 11))
    add_signer(db, operator, SignerInput("Trịnh Minh Tỉnh", "province_chairman"))
    page = _page(qtbot, db, chief)
    assert not page.relief_button.isHidden() and _page(qtbot, db, clerk).relief_button.isHidden()

    def dialog_for(number: int) -> ReliefDialog:
        info = next(r for r in page.model.rows if r.number == number)
        dialog = ReliefDialog(db, chief, info)
        qtbot.addWidget(dialog)
        dialog.on.setText("20/09/2026")
        dialog.request_on.setText("18/09/2026")
        type_text(dialog.confirmed_by, "Ủy ban nhân dân xã Ca Thành")
        type_text(dialog.reason, "Bệnh hiểm nghèo")
        type_text(dialog.amount, "500.000")
        return dialog

    first = dialog_for(1)
    assert first.signer.currentText() == "Trịnh Minh Tỉnh"  # not the Director who signed
    assert first.deadline.text() == ("Hạn quyết định: 26/09/2026 (Luật XLVPHC Điều 77 khoản 2; "
                                     "thời hạn chưa được đối chiếu văn bản gốc).")
    first.buttons.accepted.emit()
    assert "Điều 77 khoản 1" in first.message.text()
    relief.defer_payment(db, chief, 1, 2026, date(2026, 12, 15), "Hỏa hoạn",
                         on=date(2026, 9, 15), confirmed_by="Ủy ban nhân dân xã Ca Thành")
    page.refresh()
    second = dialog_for(1)
    second.signer.setCurrentIndex(second.signer.findText("Hoàng Văn Giám"))
    second.buttons.accepted.emit()
    assert "Điều 77 khoản 2" in second.message.text()
    second.signer.setCurrentIndex(second.signer.findText("Trịnh Minh Tỉnh"))
    second.buttons.accepted.emit()
    assert second.result() == QDialog.DialogCode.Accepted, second.message.text()
    second.grab().save(str(Path(os.environ.get("INSPECTOR_MONTH_SHOTS") or tmp_path)
                           / "relief-dialog.png"))
    page.refresh()
    cells = _cells(page, 1)
    assert (cells["Tiền phạt"], cells["Còn phải nộp"]) == ("1.500.000", "1.500.000")
    reduction = _cells(page, 4)
    assert (reduction["Số"], reduction["Trạng thái"]) == ("04/QĐ-GTP",
                                                        "Giảm tiền phạt (01/QĐ-XPHC)")
