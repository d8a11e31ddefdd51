"""Issue 11 item 15: dates typed the same way in every form; a button that no longer jumps.

Every dialog and page with a date uses the one shared field (``form_fields.DateEdit``): the
user types ``dd/mm/yyyy`` over what is there, F4 opens the calendar, half a date is refused
with one line and nothing is saved. "Thêm giấy phép" moved 20 px after use (the note under it
appeared and went); it stays where it was clicked.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QDate, QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QCalendarWidget, QDateEdit, QDialog, QWidget
from pytestqt.qtbot import QtBot

from inspector.services import decisions
from inspector.services.actor import Actor
from inspector.services.users import add_user, authenticate
from inspector.store.engine import Database
from inspector.ui.form_fields import DateEdit
from tests.factories import configure_agency, recorded_case
from tests.gui.conftest import type_text


def type_over(edit: DateEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    type_text(edit, text)


@pytest.fixture
def issued(db: Database, operator: Actor) -> tuple[Actor, decisions.DecisionInfo, Any]:
    """A chief, an issued decision, and a second case waiting for its decision."""
    configure_agency(db, operator)
    add_user(db, operator, "chanh", "Hoàng Văn Giám", "chief", "mat-khau-1")
    chief = authenticate(db, "chanh", "mat-khau-1")
    cases = [recorded_case(db, operator, opened)
             for opened in (date(2026, 9, 7), date(2026, 9, 8))]
    info = decisions.issue_decision(db, chief, cases[0], date(2026, 9, 10))
    return chief, info, cases[1]


def every_date_widget(widget: QWidget) -> list[QWidget]:
    return [w for w in widget.findChildren(QWidget) if isinstance(w, (QDateEdit, DateEdit))]


def test_every_dated_dialog_uses_the_shared_date_field(
        qtbot: QtBot, db: Database, admin: Actor,
        issued: tuple[Actor, decisions.DecisionInfo, Any]) -> None:
    """No QDateEdit is left in any dialog or page that asks for a date; each date field takes
    the same typed dd/mm/yyyy."""
    from inspector.ui.pages.catalog import CatalogPage
    from inspector.ui.pages.catalog_dialogs import AddHolidayDialog, EndDateDialog
    from inspector.ui.pages.decision_dialogs import (
        AmendDialog,
        DeferDialog,
        ExportDialog,
        FollowUpDialog,
    )
    from inspector.ui.pages.issue_dialog import IssueDialog
    from inspector.ui.pages.settings import SignerDialog
    from inspector.ui.pages.tallies import TalliesPage

    chief, info, waiting = issued
    widgets: list[QWidget] = [
        FollowUpDialog(db, chief, info, payment=True),
        FollowUpDialog(db, chief, info, payment=False),
        DeferDialog(db, chief, info, instalments=False),
        DeferDialog(db, chief, info, instalments=True),
        AmendDialog(db, chief, info), ExportDialog(db, chief, 2026),
        IssueDialog(db, chief, waiting), TalliesPage(db, chief), CatalogPage(db, admin),
        EndDateDialog("Quy định", lambda d: None), AddHolidayDialog(lambda *a: None),
        SignerDialog(db, admin),
    ]
    for widget in widgets:
        qtbot.addWidget(widget)
        fields = every_date_widget(widget)
        assert fields, type(widget).__name__
        assert not [f for f in fields if isinstance(f, QDateEdit)], type(widget).__name__
        for field in fields:
            assert isinstance(field, DateEdit)
            field.setEnabled(True)
            type_over(field, "05/02/2026")
            assert field.value() == date(2026, 2, 5), (type(widget).__name__, field.text())


@pytest.mark.qt_log_ignore("does not support raise", "grabbing the keyboard")  # offscreen popups
def test_the_calendar_opens_on_f4_and_puts_the_day_in(qtbot: QtBot, db: Database,
                                                      issued: tuple[Actor, Any, Any]) -> None:
    from inspector.ui.pages.decision_dialogs import FollowUpDialog

    chief, info, _ = issued
    dialog = FollowUpDialog(db, chief, info, payment=False)
    qtbot.addWidget(dialog)
    dialog.show()
    type_over(dialog.day, "11/09/2026")
    qtbot.keyClick(dialog.day, Qt.Key.Key_F4)
    calendars = [w for w in QApplication.topLevelWidgets()
                 if w.isVisible() and w.windowType() == Qt.WindowType.Popup
                 and w.findChild(QCalendarWidget)]
    assert len(calendars) == 1
    calendar = calendars[0].findChild(QCalendarWidget)
    assert calendar.selectedDate() == QDate(2026, 9, 11)  # opens on the typed day
    calendar.setSelectedDate(QDate(2026, 9, 14))
    calendar.activated.emit(QDate(2026, 9, 14))
    assert dialog.day.text() == "14/09/2026" and not calendars[0].isVisible()
    dialog.day.undo()
    assert dialog.day.text() == "11/09/2026"  # the pick went through the undo history


def test_half_a_date_is_refused_and_nothing_saved(qtbot: QtBot, db: Database,
                                                  issued: tuple[Actor, Any, Any]) -> None:
    from inspector.ui.pages.decision_dialogs import FollowUpDialog
    from inspector.ui.pages.issue_dialog import IssueDialog

    chief, info, waiting = issued
    dialog = FollowUpDialog(db, chief, info, payment=False)
    qtbot.addWidget(dialog)
    type_over(dialog.day, "11/09/20")
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.message.text() == "Ngày giao: hãy nhập ngày theo dạng dd/mm/yyyy."
    assert next(r for r in decisions.list_decisions(db, chief, 2026)
                if r.number == 1).delivered_on is None
    review = IssueDialog(db, chief, waiting)
    qtbot.addWidget(review)
    review.resize(1000, 700)
    review.show()
    type_over(review.on_date, "12/09/2026")
    assert review.issue_button.isEnabled(), review.why.text()
    review.on_date.backspace()
    assert not review.issue_button.isEnabled()
    assert "dd/mm/yyyy" in review.why.text()
    type_text(review.on_date, "6")
    assert review.issue_button.isEnabled()
    qtbot.wait(50)
    review.grab().save("/tmp/shots/gui-item15-review-date.png")


def test_add_licence_button_stays_where_it_was_clicked(qtbot: QtBot, db: Database,
                                                       admin: Actor) -> None:
    """A refused licence (bad date) and then an accepted one: the button does not move."""
    from inspector.ui.establishment_form import EstablishmentForm

    form = EstablishmentForm(db, admin)
    qtbot.addWidget(form)
    form.show()
    form.tabs.setCurrentIndex(1)
    button = form.add_licence_button

    def where() -> QRect:
        return QRect(button.mapTo(form, QPoint(0, 0)), button.size())

    start = where()
    lf = form.licence_form
    type_text(lf.fields["kind"].widget, "Giấy chứng nhận đủ điều kiện hoạt động điểm Internet")
    type_text(lf.fields["number"].widget, "15/GCN-SKHCN")
    type_text(lf.fields["issued_on"].widget, "31/02/2026")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert form.licence_note.text() and form.licences.rowCount() == 0
    assert where() == start
    lf.fields["issued_on"].widget.clear()  # type: ignore[attr-defined]
    type_text(lf.fields["issued_on"].widget, "10/03/2026")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not form.licence_note.text() and form.licences.rowCount() == 1
    assert where() == start
    form.grab().save("/tmp/shots/gui-item15-licence-tab.png")


def test_register_totals_wrap_instead_of_being_cut(qtbot: QtBot, db: Database,
                                                   issued: tuple[Actor, Any, Any]) -> None:
    from inspector.ui.pages.decisions import DecisionsPage

    chief, _info, _ = issued
    page = DecisionsPage(db, chief)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.year.setValue(2026)
    page.refresh()
    qtbot.wait(20)
    label = page.summary
    assert "tiền chậm nộp" in label.text()
    right = label.mapTo(page, QPoint(label.width(), 0)).x()
    assert right <= page.preview.mapTo(page, QPoint(0, 0)).x()  # not under the preview
    assert label.wordWrap() and label.height() >= label.heightForWidth(label.width())
    page.grab().save("/tmp/shots/gui-item15-register-totals.png")
