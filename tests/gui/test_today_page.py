"""The start page offers unsaved drafts back and reopens them where they were left."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from inspector.services import drafts
from inspector.services.actor import Actor
from inspector.store.engine import Database
from inspector.ui.establishment_form import EstablishmentForm
from inspector.ui.pages.today import TodayPage
from tests.gui.conftest import RecordingDialogs


def test_draft_listed_and_reopened(qtbot: QtBot, db: Database, admin: Actor,
                                   recorded_dialogs: RecordingDialogs) -> None:
    """An establishment draft shows on Hôm nay; opening it restores what was typed."""
    drafts.save_draft(db, admin, "establishment",
                      {"fields": {"name": "Nhà sách Hoa Mai", "sector": "distribution"},
                       "notes": "", "version": 0}, "new", "Nhà sách Hoa Mai")
    page = TodayPage(db, admin)
    qtbot.addWidget(page)
    page.refresh()
    assert page.drafts.rowCount() == 1 and page.drafts.rows[0].title == "Nhà sách Hoa Mai"
    recorded_dialogs.answer = True
    form = page.resume(0)
    assert isinstance(form, EstablishmentForm)
    qtbot.addWidget(form)
    assert form.form.value("name") == "Nhà sách Hoa Mai"
