"""Drafts of the visit form: saved by themselves (timer and significant changes), kept when the
window closes, offered back when the same visit is opened, listed for the start page, and
gone once the visit is saved."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from inspector.services.actor import Actor
from inspector.services.drafts import load_draft
from inspector.services.errors import NotFound
from inspector.store.engine import Database
from inspector.ui.visit import drafts as visit_drafts
from inspector.ui.visit_form import VisitForm, discard_visit_draft, pending_drafts
from tests.gui.conftest import RecordingDialogs
from tests.gui.test_visit_form import Place, ctrl, make_place, open_form, press, typed


@pytest.fixture
def place(db: Database, operator: Actor) -> Place:
    return make_place(db, operator)


def _fill(qtbot: QtBot, form: VisitForm) -> None:
    """An answer, a violation half typed (an amount with a letter O in it), a note."""
    row = form.checklist.rows["opening_hours"]
    row.buttons["no"].setChecked(True)
    row.note.setFocus()
    typed("Mở cửa lúc 23 giờ")
    row.record.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Return)  # the first proposal
    typed(", phát hiện lúc 23 giờ 10")  # after the note brought from the checklist
    form.violations.violation_editor.amount.edit.setFocus()
    typed("1.5OO.000")


def test_draft_saves_itself_and_is_offered_back(qtbot: QtBot, db: Database, operator: Actor,
                                                place: Place,
                                                recorded_dialogs: RecordingDialogs,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Every few seconds while dirty and soon after a significant change, "Đã lưu nháp lúc …"
    shows; closing saves at once; opening the same visit offers the draft, with every text as
    typed — even an amount that does not parse."""
    monkeypatch.setattr(visit_drafts, "INTERVAL_MS", 150)
    form = open_form(qtbot, db, operator, place, place.internet)
    assert form.draft_status.text() == ""  # nothing typed, nothing saved
    _fill(qtbot, form)
    qtbot.waitUntil(lambda: form.draft_status.text().startswith("Đã lưu nháp lúc "),
                    timeout=3000)
    saved_at = form.drafts.last_saved
    form.notes.setFocus()
    typed("Chủ cơ sở ký biên bản")  # not significant: the timer saves it
    qtbot.waitUntil(lambda: form.drafts.last_saved != saved_at and not form.drafts.dirty,
                    timeout=3000)
    draft = load_draft(db, operator, "visit", form.draft_key())
    assert draft is not None and draft.payload["notes"] == "Chủ cơ sở ký biên bản"
    form.violations.violation_editor.facts.setFocus()
    typed(" (ghi thêm)")
    press(qtbot, Qt.Key.Key_Escape)  # closing saves now
    assert not form.isVisible()
    infos = pending_drafts(db, operator)
    assert [i.record_key for i in infos] == [f"{place.inspection}/{place.internet}"]
    assert infos[0].title.startswith("Làm việc tại Đại lý Internet Đức Anh ngày ")

    again = open_form(qtbot, db, operator, place, place.internet)
    assert recorded_dialogs.shown[-1][0] == "confirm"
    assert "có bản nháp lưu lúc" in recorded_dialogs.shown[-1][1]
    assert again.checklist.rows["opening_hours"].answer() == "no"
    assert again.checklist.rows["opening_hours"].note.text() == "Mở cửa lúc 23 giờ"
    entry = again.violations.entries[0]
    assert entry["checklist_item"] == "opening_hours" and entry["amount"] == "1.5OO.000"
    assert entry["facts"] == "Mở cửa lúc 23 giờ, phát hiện lúc 23 giờ 10 (ghi thêm)"
    assert again.violations.violation_editor.amount.text() == "1.5OO.000"
    assert again.notes.toPlainText() == "Chủ cơ sở ký biên bản"
    assert again.tabs.currentIndex() == 1
    again.refresh_now()
    assert "Số tiền không hợp lệ" in again.save_reason.text()
    again.violations.violation_editor.amount.edit.setFocus()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    typed("3.750.000")
    again.refresh_now()
    assert again.save_button.isEnabled(), again.save_reason.text()
    with qtbot.waitSignal(again.saved, timeout=3000):
        ctrl(qtbot, Qt.Key.Key_S)
    assert pending_drafts(db, operator) == []  # saved: the draft is gone


def test_declined_draft_resume_and_discard(qtbot: QtBot, db: Database, operator: Actor,
                                           place: Place,
                                           recorded_dialogs: RecordingDialogs) -> None:
    """Declining the offer opens a blank form; the start page reopens a draft with
    ``VisitForm.resume`` without asking, or discards it."""
    form = open_form(qtbot, db, operator, place, place.internet)
    _fill(qtbot, form)
    form.reject()
    recorded_dialogs.answer = False
    blank = open_form(qtbot, db, operator, place, place.internet)
    assert blank.violations.entries == [] and blank.checklist.answers() == {}
    blank.reject()  # untouched: the draft stays as it was
    key = pending_drafts(db, operator)[0].record_key
    asked = len(recorded_dialogs.shown)
    resumed = VisitForm.resume(db, operator, key)
    qtbot.addWidget(resumed)
    assert len(recorded_dialogs.shown) == asked
    assert resumed.violations.entries[0]["amount"] == "1.5OO.000"
    assert resumed.draft_status.text() == "Đã mở lại bản nháp"
    resumed.reject()
    assert discard_visit_draft(db, operator, key)
    with pytest.raises(NotFound):
        VisitForm.resume(db, operator, key)


def test_a_draft_that_cannot_be_saved_is_said_and_closing_asks(
        qtbot: QtBot, db: Database, operator: Actor, place: Place,
        recorded_dialogs: RecordingDialogs, monkeypatch: pytest.MonkeyPatch) -> None:
    """A draft the database refuses shows why next to the status, and closing then asks
    before what was typed is lost."""
    from inspector.services.errors import ValidationError

    def refuse(*_a: object, **_k: object) -> None:
        raise ValidationError("Bản nháp quá lớn (trên 2 MB).")

    monkeypatch.setattr(visit_drafts, "save_draft", refuse)
    form = open_form(qtbot, db, operator, place, place.internet)
    _fill(qtbot, form)
    assert not form.drafts.save_now()
    assert form.draft_status.text() == "⚠ Chưa lưu được bản nháp: Bản nháp quá lớn (trên 2 MB)."
    recorded_dialogs.answer = False
    form.reject()
    assert form.isVisible() and "Vẫn đóng?" in recorded_dialogs.shown[-1][1]
    recorded_dialogs.answer = True
    form.reject()
    assert not form.isVisible()
