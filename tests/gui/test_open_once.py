"""One window per record, and a window works for the user who opened it.

The key of a record's window names the record, not the user (two windows on one record let two
saves conflict, whoever opened them); a window left open by the previous user after a switch
is closed before the next user's opens, never handed over with the old user's identity.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from inspector.services.actor import Actor
from inspector.services.users import add_user, authenticate
from inspector.store.engine import Database
from inspector.ui.support import open_once
from tests.gui.conftest import RecordingDialogs
from tests.gui.test_day_details import _click_cell, _inspection_with_visit


@pytest.mark.qt_log_ignore("does not support raise")
def test_the_next_user_gets_a_window_of_their_own(qtbot: QtBot, db: Database,
                                                  admin: Actor) -> None:
    from inspector.ui.evidence_view import EvidenceWindow
    from inspector.ui.pages.inspections import InspectionsPage

    _inspection_with_visit(db, admin)
    add_user(db, admin, "hanh", "Lương Đức Hạnh", "inspector", "mat-khau-2")
    inspector = authenticate(db, "hanh", "mat-khau-2")

    def page_of(actor: Actor) -> Any:
        page = InspectionsPage(db, actor)
        qtbot.addWidget(page)
        page.resize(1200, 700)
        page.show()
        page.year.setValue(2026)
        page.refresh()
        _click_cell(qtbot, page.visits_view, 0, 3)
        return page

    first = page_of(admin).show_evidence()
    assert isinstance(first, EvidenceWindow) and first.actor.login == "admin"
    assert page_of(admin).show_evidence() is first  # the same user: the same window forward
    second = page_of(inspector).show_evidence()
    assert isinstance(second, EvidenceWindow) and second is not first
    assert second.actor.login == "hanh" and not first.isVisible()
    shown = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, EvidenceWindow) and w.isVisible()]
    assert shown == [second]  # still one window on the visit


class Stubborn(QWidget):
    """A form that will not close (its draft could not be saved and the user kept it)."""

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()


@pytest.mark.qt_log_ignore("does not support raise")
def test_a_window_the_previous_user_kept_open_is_not_opened_twice(
        qtbot: QtBot, recorded_dialogs: RecordingDialogs) -> None:
    kept = Stubborn()
    qtbot.addWidget(kept)
    key = ("visit", f"test-{date.today().isoformat()}")
    assert open_once(key, lambda: kept, owner="admin") is kept
    made: list[QWidget] = []

    def make() -> QWidget:
        made.append(QWidget())
        qtbot.addWidget(made[-1])
        return made[-1]

    assert open_once(key, make, owner="hanh") is None
    assert made == [] and kept.isVisible()
    assert recorded_dialogs.shown[-1][0] == "info" and "(admin)" in recorded_dialogs.shown[-1][1]
    kept.hide()  # closed at last: the next request opens the record for its user
    assert open_once(key, make, owner="hanh") is made[0]
