"""A 2015 Internet-point case, as the chief and the administrator meet it: the review warns that
the decree's article is not known (⚠, not ✘) and the draft leaves it blank; the administrator
records the number read in the decree on the Danh mục page; the chief's review no longer
warns, and the decision issued from the dialog cites the article."""

from __future__ import annotations

import os
from datetime import date
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from inspector.services import decisions, violation_records
from inspector.services.actor import Actor
from inspector.services.users import add_user, authenticate
from inspector.store.engine import Database
from inspector.ui.pages.catalog import CatalogPage
from inspector.ui.pages.issue_dialog import IssueDialog
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details
from tests.gui.conftest import RecordingDialogs, type_text

KEY = "174/2013/NĐ-CP:?.3"
DAY = date(2015, 6, 11)


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split())
                    for p in PdfReader(BytesIO(pdf)).pages)


def _checks(dialog: IssueDialog) -> list[str]:
    return [dialog.checks.item(i).text() for i in range(dialog.checks.count())]


def _shot(widget: object, tmp_path: Path, name: str) -> None:
    assert widget.grab().save(str(tmp_path / name))  # type: ignore[attr-defined]
    if os.environ.get("INSPECTOR_SHOTS_DIR"):
        widget.grab().save(str(Path(os.environ["INSPECTOR_SHOTS_DIR"]) / name))  # type: ignore[attr-defined]


def test_the_chief_is_warned_the_admin_records_the_article_the_decision_cites_it(
        qtbot: QtBot, db: Database, admin: Actor, operator: Actor, tmp_path: Path,
        recorded_dialogs: RecordingDialogs) -> None:
    configure_agency(db, operator, era="2015")
    case_id = make_case(db, operator, [{
        "provision_key": KEY, "amount": 3_750_000, "alternative": 0,
        "facts": "Lúc 22 giờ 40 phút vẫn còn 12 máy trạm đang hoạt động"}],
        establishment=INTERNET_POINT, opened_on=DAY)
    violation_records.issue_record(db, operator, case_id, DAY, details=record_details(DAY))
    add_user(db, admin, "chanh", "Lương Đức Hạnh", "chief", "mat-khau-1")
    chief = authenticate(db, "chanh", "mat-khau-1")

    dialog = IssueDialog(db, chief, case_id)
    qtbot.addWidget(dialog)
    dialog.resize(1100, 720)
    dialog.show()
    dialog.on_date.setText("15/06/2015")
    qtbot.wait(20)
    warned = [t for t in _checks(dialog) if "chưa xác định số điều" in t]
    assert len(warned) == 1 and warned[0].startswith("⚠")
    assert "khoản 3 Điều … Nghị định số 174/2013/NĐ-CP" in warned[0]
    assert dialog.issue_button.isEnabled()  # a caution, not a refusal
    _shot(dialog, tmp_path, "xem-xet-chua-co-so-dieu.png")
    dialog.close()

    page = CatalogPage(db, admin)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    page.only_in_force.setChecked(False)
    type_text(page.search, "thời gian hoạt động")
    row = next(i for i, r in enumerate(page.provisions.rows) if r.key == KEY)
    page.view.selectRow(row)
    assert page.confirm_article_button.isEnabled()
    confirm = page.confirm_article_dialog()  # what the button opens (run_modal is stubbed here)
    assert confirm is not None
    qtbot.addWidget(confirm)
    confirm.show()
    qtbot.keyClicks(confirm.article, "99")
    type_text(confirm.source, "Nghị định 174/2013/NĐ-CP, bản lưu tại Sở, trang 12")
    qtbot.keyClick(confirm.source, Qt.Key.Key_Return)
    assert confirm.result() == confirm.DialogCode.Accepted, confirm.message.text()

    again = IssueDialog(db, chief, case_id)
    qtbot.addWidget(again)
    again.resize(1100, 720)
    again.show()
    again.on_date.setText("15/06/2015")
    qtbot.wait(20)
    assert not [t for t in _checks(again) if "số điều" in t]
    assert all(t.startswith("✔") for t in _checks(again)), _checks(again)
    qtbot.mouseClick(again.issue_button, Qt.MouseButton.LeftButton)
    assert again.issued is not None, recorded_dialogs.shown
    text = _text(decisions.decision_pdf(db, chief, again.issued.number or 0, 2015))
    assert "khoản 3 Điều 99 Nghị định số 174/2013/NĐ-CP" in text and "Điều …" not in text
