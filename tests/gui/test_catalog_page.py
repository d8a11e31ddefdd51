"""Danh mục: search, detail and the administrator's edits, driven by keyboard."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QTableView
from pytestqt.qtbot import QtBot

from inspector.services import law
from inspector.services.actor import Actor
from inspector.store.engine import Database
from inspector.ui.pages.catalog import CatalogPage
from tests.conftest import make_actor
from tests.gui.conftest import type_text


def _page(qtbot: QtBot, db: Database, actor: Actor) -> CatalogPage:
    page = CatalogPage(db, actor)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    return page


def test_search_without_accents_and_detail(qtbot: QtBot, db: Database, admin: Actor) -> None:
    """'phat hanh' finds 'phát hành'; the detail shows each party's bracket and the status."""
    page = _page(qtbot, db, admin)
    page.only_in_force.setChecked(False)
    total = page.provisions.rowCount()
    qtbot.keyClicks(page.search, "phat hanh")
    assert 0 < page.provisions.rowCount() < total
    qtbot.keyClicks(page.search, " 29.1.a")
    assert page.provisions.rowCount() >= 1
    text = page.detail.toPlainText()
    assert "Cá nhân, hộ kinh doanh: 1.500.000 – 2.500.000 đồng" in text
    assert "Tổ chức: 3.000.000 – 5.000.000 đồng" in text
    assert "ĐÃ XÁC NHẬN" in text


def test_in_force_filter_by_date(qtbot: QtBot, db: Database, admin: Actor) -> None:
    """Only provisions in force on the chosen date are listed when the filter is on."""
    page = _page(qtbot, db, admin)
    page.on_date.setText("01/06/2015")
    page.only_in_force.setChecked(True)
    keys = [r.key for r in page.provisions.rows]
    assert keys and all(k.split(":")[0] in ("159/2013/NĐ-CP", "174/2013/NĐ-CP") for k in keys)


def test_admin_adds_a_provision_by_keyboard(qtbot: QtBot, db: Database, admin: Actor) -> None:
    """A missing bracket is refused in the dialog; a complete one is added and listed."""
    page = _page(qtbot, db, admin)
    dialog = page.provision_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.key, "119/2020/ND-CP:29.9.a")
    type_text(dialog.description, "Hành vi thử nghiệm")
    type_text(dialog.source, "Nghị định 119/2020 Điều 29 (bản gốc)")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert "khung tiền phạt" in dialog.message.text()
    qtbot.keyClicks(dialog.printed_min, "3.000.000")
    qtbot.keyClicks(dialog.printed_max, "5.000.000")
    qtbot.keyClick(dialog.printed_max, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.message.text()
    assert law.law_data(db).catalog.provision("119/2020/NĐ-CP:29.9.a").printed_max == 5_000_000


def test_admin_end_dates_a_provision(qtbot: QtBot, db: Database, admin: Actor) -> None:
    """End-dating the selected provision takes effect for later dates."""
    page = _page(qtbot, db, admin)
    qtbot.keyClicks(page.search, "119/2020 29.1.a")
    page.view.selectRow(0)
    key = page.provisions.rows[0].key
    dialog = page.end_provision_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.last_day.setText("31/12/2025")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    provision = law.law_data(db).catalog.provision(key)
    assert provision.effective_until == date(2025, 12, 31)


def test_admin_adds_a_holiday(qtbot: QtBot, db: Database, admin: Actor) -> None:
    """A day off added in the dialog appears in that year's calendar; a repeat is refused."""
    page = _page(qtbot, db, admin)
    page.tabs.setCurrentIndex(3)
    page.holiday_year.setValue(2026)
    before = page.holidays.rowCount()
    for expect_ok in (True, False):
        dialog = page.holiday_dialog()
        qtbot.addWidget(dialog)
        dialog.day.setText("07/10/2026")
        type_text(dialog.name, "Nghỉ đột xuất")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        assert (dialog.result() == dialog.DialogCode.Accepted) is expect_ok
    assert "đã có" in dialog.message.text()
    page.reload_holidays()
    assert page.holidays.rowCount() == before + 1


def test_clerk_sees_no_admin_buttons(qtbot: QtBot, db: Database) -> None:
    """Only the administrator sees the edit buttons; others read the catalog."""
    page = _page(qtbot, db, make_actor("clerk"))
    page.only_in_force.setChecked(False)
    for name in ("addProvision", "endProvision", "confirmArticle", "endInstrument", "endCap",
                 "addHoliday"):
        assert page.findChild(QPushButton, name).isHidden(), name
    assert page.findChild(QTableView, "provisions").model().rowCount() > 100
    assert page.findChild(QLineEdit, "search") is not None


def test_edition_in_use_and_the_update_button(qtbot: QtBot, db: Database, admin: Actor,
                                              recorded_dialogs: Any) -> None:
    """Issue 9 §6: the header names the edition of the law's data in use; the administrator's
    button brings it to the shipped edition and says what changed."""
    from inspector.services.reference_version import shipped_edition

    page = _page(qtbot, db, admin)
    version = shipped_edition().version
    assert version in page.edition.text()
    button = page.findChild(QPushButton, "upgradeReference")
    assert button is not None and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert recorded_dialogs.shown[-1][0] == "info"
    assert f"phiên bản {version}" in recorded_dialogs.shown[-1][1]
    assert "không có thay đổi" in recorded_dialogs.shown[-1][1]
    inspector_page = _page(qtbot, db, make_actor("inspector", "tv"))
    upgrade = inspector_page.findChild(QPushButton, "upgradeReference")
    assert upgrade is not None and not upgrade.isVisible()


def test_admin_records_the_article_of_a_provision_without_one(qtbot: QtBot, db: Database,
                                                               admin: Actor,
                                                               tmp_path: Path) -> None:
    """The 2015 Internet-point clause is listed without its article: the button is enabled for
    it only; a source left out is refused in the dialog; the number typed with the source is
    kept and the detail cites it (the key, which recorded cases use, stays as it was)."""
    page = _page(qtbot, db, admin)
    page.only_in_force.setChecked(False)
    qtbot.keyClicks(page.search, "29.1.a")
    page.view.selectRow(0)
    page.show_detail(0)
    assert not page.confirm_article_button.isEnabled()
    page.search.clear()
    type_text(page.search, "thời gian hoạt động")
    row = next(i for i, r in enumerate(page.provisions.rows) if r.key == "174/2013/NĐ-CP:?.3")
    page.view.selectRow(row)
    page.show_detail(row)
    assert page.confirm_article_button.isEnabled()
    assert "Khoản 3 Điều … Nghị định số 174/2013/NĐ-CP" in page.detail.toPlainText()
    assert "Chưa có số điều" in page.detail.toPlainText()
    dialog = page.confirm_article_dialog()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.article, "99")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "nơi đã đối chiếu" in dialog.message.text()
    type_text(dialog.source, "Nghị định 174/2013/NĐ-CP, bản lưu tại Sở, trang 12")
    qtbot.keyClick(dialog.source, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.message.text()
    provision = law.law_data(db).catalog.provision("174/2013/NĐ-CP:?.3")
    assert provision.citation() == "khoản 3 Điều 99 Nghị định số 174/2013/NĐ-CP"
    page.refresh()
    row = next(i for i, r in enumerate(page.provisions.rows) if r.key == "174/2013/NĐ-CP:?.3")
    page.view.selectRow(row)
    page.show_detail(row)
    text = page.detail.toPlainText()
    assert "Khoản 3 Điều 99 Nghị định số 174/2013/NĐ-CP" in text
    assert "Số điều do Sở đối chiếu: Điều 99" in text and "trang 12" in text
    assert page.grab().save(str(tmp_path / "danh-muc-so-dieu.png"))
    if os.environ.get("INSPECTOR_SHOTS_DIR"):  # to look at: INSPECTOR_SHOTS_DIR=/some/dir
        page.grab().save(str(Path(os.environ["INSPECTOR_SHOTS_DIR"]) / "danh-muc-so-dieu.png"))
