"""Thống kê page on the caobang-2015 database: the count runs in a worker and fills the
cards, tables, charts and the drafted text; exports go to the path the (injected) dialog
returns."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from inspector.services.actor import Actor
from inspector.store.engine import Database, open_database
from inspector.ui.pages.tallies import HAVE_CHARTS, TalliesPage
from tests.conftest import make_actor
from tests.reports.scenario import build_caobang_file


@pytest.fixture
def cb_db(template_db: Path, tmp_path: Path) -> Iterator[Database]:
    db = open_database(str(build_caobang_file(template_db, tmp_path / "cb.sqlite")))
    yield db
    db.dispose()


def _page(qtbot: QtBot, db: Database, actor: Actor) -> TalliesPage:
    page = TalliesPage(db, actor)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.year.setValue(2015)
    page.refresh()
    qtbot.waitUntil(lambda: page.tally is not None and page.tally.period.start.year == 2015
                    and not page.busy(), timeout=15_000)
    return page


def test_2015_figures_on_screen(qtbot: QtBot, cb_db: Database) -> None:
    page = _page(qtbot, cb_db, make_actor("clerk"))
    assert page.card_items["inspections"].value.text() == "5"
    assert page.card_items["checks"].value.text() == "2"
    assert page.card_items["fines_imposed"].value.text() == "59.500.000"
    assert "Năm 2014" in page.card_items["fines_imposed"].previous.text()
    sectors = page.models["sectors"]
    labels = [row[0] for row in sectors.rows]
    assert "Cơ sở phát hành xuất bản phẩm" in labels and labels[-1] == "Tổng cộng"
    assert sectors.rows[-1][8] == "59.500.000"
    inspections = page.models["inspections"]
    assert len(inspections.rows) == 8  # seven and the total
    assert "05 cuộc thanh tra, 02 cuộc kiểm tra" in page.report.toPlainText()
    assert not page.progress.isVisible() and "năm 2015" in page.status.text()
    if HAVE_CHARTS:
        assert page.charts["sectors"].chart().series()
        assert page.charts["months"].chart().series()
    assert all(b.isEnabled() for b in page.export_buttons.values())


def test_range_and_export(qtbot: QtBot, cb_db: Database, tmp_path: Path,
                          recorded_dialogs: object) -> None:
    """Another range recounts; Excel export goes to the chosen path (suffix added)."""
    page = _page(qtbot, cb_db, make_actor("clerk"))
    page.use_range.setChecked(True)
    page.date_from.setText("01/08/2015")  # typed over 01/01/2015
    page.refresh()
    qtbot.waitUntil(lambda: page.tally is not None and page.tally.period.start.month == 8
                    and not page.busy(), timeout=15_000)
    assert page.card_items["fines_imposed"].value.text() == "15.500.000"
    asked: list[str] = []

    def ask(_parent: object, _title: str, name: str, _filters: str) -> str:
        asked.append(name)
        return str(tmp_path / "bao-cao")

    page.ask_save_path = ask
    page.export_buttons["xlsx"].click()
    qtbot.waitUntil(lambda: page.last_export is not None and not page.busy(), timeout=15_000)
    assert asked == ["thong-ke-2015-08-01-2015-12-31.xlsx"]
    assert page.last_export == tmp_path / "bao-cao.xlsx"
    wb = load_workbook(page.last_export)
    assert "Lĩnh vực" in wb.sheetnames
    assert ("info", f"Đã lưu số liệu vào tệp:\n{tmp_path / 'bao-cao.xlsx'}") in \
        recorded_dialogs.shown  # type: ignore[attr-defined]


def test_inspector_views_but_does_not_export(qtbot: QtBot, cb_db: Database) -> None:
    page = _page(qtbot, cb_db, make_actor("inspector"))
    assert page.card_items["decisions"].value.text() == "18"
    button = page.export_buttons["pdf"]
    assert not button.isEnabled() and "không được xuất" in button.toolTip()


def test_cancel_keeps_the_page_usable(qtbot: QtBot, cb_db: Database) -> None:
    """Stopping a count leaves the last figures and says so."""
    page = _page(qtbot, cb_db, make_actor("clerk"))
    page.year.setValue(2016)
    page.refresh()
    page.cancel()
    qtbot.waitUntil(lambda: not page.busy(), timeout=15_000)
    page.wait()
    assert page.tally is not None
    assert page.tally.period.start.year in (2015, 2016)
    assert "Đã dừng" in page.status.text() or page.tally.period.start.year == 2016
