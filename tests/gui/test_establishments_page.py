"""Cơ sở driven by keyboard: the form validates as you type, saves, refuses stale saves,
keeps drafts, and the list filters and hides columns."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from inspector.services import drafts
from inspector.services import establishments as est
from inspector.services.actor import Actor
from inspector.store.engine import Database
from inspector.ui.establishment_form import EstablishmentForm
from inspector.ui.pages.establishments import EstablishmentsPage
from tests.gui.conftest import RecordingDialogs, type_text


def _fill_household(qtbot: QtBot, form: EstablishmentForm) -> None:
    form.form.set_value("sector", "game")
    type_text(form.form.fields["name"].widget, "Điểm trò chơi Đức Anh")
    form.form.set_value("owner_kind", "household")
    type_text(form.form.fields["owner_name"].widget, "Lương Văn Đức")
    form.form.set_value("owner_sex", "M")
    qtbot.keyClicks(form.form.fields["owner_birth_date"].widget, "01/07/1990")
    qtbot.keyClicks(form.form.fields["phone"].widget, "0912345678")


def test_form_validates_as_you_type_and_saves(qtbot: QtBot, db: Database, admin: Actor) -> None:
    """A wrong ID is shown next to its field and blocks saving; once fixed, Enter saves."""
    form = EstablishmentForm(db, admin)
    qtbot.addWidget(form)
    form.show()
    _fill_household(qtbot, form)
    id_edit = form.form.fields["owner_id_number"].widget
    qtbot.keyClicks(id_edit, "12345")
    message = form.form.fields["owner_id_number"].message
    assert message.isVisibleTo(form) and "12" in message.text()
    assert not form.save()
    id_edit.clear()
    qtbot.keyClicks(id_edit, "004090000456")
    assert not message.isVisibleTo(form) or "phải" not in message.text()
    qtbot.keyClick(id_edit, Qt.Key.Key_Return)  # Enter confirms (the default button)
    assert form.saved_id is not None
    detail = est.establishment_detail(db, admin, form.saved_id)
    assert detail.owner_name == "Lương Văn Đức" and detail.owner_id_number == "004090000456"


def test_bad_date_message_next_to_field(qtbot: QtBot, db: Database, admin: Actor) -> None:
    """A malformed date says how to type it, next to the date field."""
    form = EstablishmentForm(db, admin)
    qtbot.addWidget(form)
    form.form.set_value("owner_kind", "individual")
    qtbot.keyClicks(form.form.fields["owner_birth_date"].widget, "31/02/1990")
    assert "dd/mm/yyyy" in form.form.fields["owner_birth_date"].message.text()


def test_second_window_stale_save_is_refused(qtbot: QtBot, db: Database, admin: Actor) -> None:
    """Two windows on one establishment: the second save is refused, nothing overwritten."""
    first = EstablishmentForm(db, admin)
    qtbot.addWidget(first)
    _fill_household(qtbot, first)
    assert first.save() and first.saved_id is not None
    a = EstablishmentForm(db, admin, first.saved_id)
    b = EstablishmentForm(db, admin, first.saved_id)
    qtbot.addWidget(a)
    qtbot.addWidget(b)
    type_text(a.form.fields["name"].widget, " (cơ sở 2)")
    assert a.save()
    type_text(b.form.fields["name"].widget, " (sửa khác)")
    assert not b.save()
    assert "người khác" in b.status.text() or "mở lại" in b.status.text()
    assert est.establishment_detail(db, admin, first.saved_id).name.endswith("(cơ sở 2)")


def test_duplicate_is_pointed_out_before_saving(qtbot: QtBot, db: Database, admin: Actor,
                                                recorded_dialogs: RecordingDialogs) -> None:
    """The same owner ID again asks before saving; declining saves nothing."""
    for expect in (True, False):
        form = EstablishmentForm(db, admin)
        qtbot.addWidget(form)
        _fill_household(qtbot, form)
        qtbot.keyClicks(form.form.fields["owner_id_number"].widget, "004090000456")
        recorded_dialogs.answer = False
        assert form.save() is expect
    assert any(kind == "confirm" and "đã có" in text for kind, text in recorded_dialogs.shown)
    assert est.count_establishments(db, admin) == 1


def test_draft_survives_closing_and_is_offered_back(qtbot: QtBot, db: Database, admin: Actor,
                                                     recorded_dialogs: RecordingDialogs) -> None:
    """Closing an unsaved form keeps a draft; reopening offers it and restores the text."""
    form = EstablishmentForm(db, admin)
    qtbot.addWidget(form)
    type_text(form.form.fields["name"].widget, "Nhà sách Hoa Mai")
    form.reject()
    assert drafts.load_draft(db, admin, "establishment", "new") is not None
    recorded_dialogs.answer = True
    again = EstablishmentForm(db, admin)
    qtbot.addWidget(again)
    assert again.form.value("name") == "Nhà sách Hoa Mai"


def test_list_filters_and_hides_columns(qtbot: QtBot, db: Database, admin: Actor) -> None:
    """Sector filter narrows the list; a hidden column stays hidden on the next page."""
    for name, sector in (("Điểm trò chơi A", "game"), ("Nhà sách Bình Minh", "distribution")):
        est.add_establishment(db, admin, est.EstablishmentInput(
            sector=sector, name=name, owner_kind="organization", enterprise_code=None))
    page = EstablishmentsPage(db, admin)
    qtbot.addWidget(page)
    page.refresh()
    assert page.model.rowCount() == 2
    page.sector.setCurrentIndex(page.sector.findData("distribution"))
    assert [r.name for r in page.model.rows] == ["Nhà sách Bình Minh"]
    page.set_column_visible(5, False)
    other = EstablishmentsPage(db, admin)
    qtbot.addWidget(other)
    assert other.view.isColumnHidden(5)
    other.set_column_visible(5, True)


@pytest.mark.parametrize("role", ["clerk"])
def test_clerk_cannot_add(qtbot: QtBot, db: Database, role: str) -> None:
    """The add button is hidden for a role that cannot edit field work."""
    from tests.conftest import make_actor

    page = EstablishmentsPage(db, make_actor(role))
    qtbot.addWidget(page)
    assert page.add_button.isHidden()


def test_organisation_representative_sex_is_chosen_and_saved(
        qtbot: QtBot, db: Database, admin: Actor, recorded_dialogs: RecordingDialogs) -> None:
    """An organisation's form offers the representative's sex beside the name (the record
    and the decision print it); a household's form does not."""
    form = EstablishmentForm(db, admin)
    qtbot.addWidget(form)
    form.show()
    form.form.set_value("sector", "distribution")
    type_text(form.form.fields["name"].widget, "Công ty TNHH Sách Bằng Giang")
    form.form.set_value("owner_kind", "organization")
    combo = form.form.fields["representative_sex"].widget
    assert combo.isVisibleTo(form)
    type_text(form.form.fields["representative_name"].widget, "Nông Thị Hạnh")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # "", Nam, Nữ
    assert combo.currentText() == "Nữ"
    form.save()
    assert not [text for kind, text in recorded_dialogs.shown if kind == "error"]
    assert form.saved_id is not None
    detail = est.establishment_detail(db, admin, form.saved_id)
    assert detail.representative_name == "Nông Thị Hạnh" and detail.representative_sex == "F"
    form.form.set_value("owner_kind", "household")
    assert not combo.isVisibleTo(form)
