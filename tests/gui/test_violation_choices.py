"""The choices a violation names, driven by keyboard: the act committed when the point lists
several (159/2013 Art 27.1 in 2019), "nhiều lần" and "tái phạm" as two circumstances, and only
the circumstances that can exist for the party (an organisation is no pregnant woman)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget
from pytestqt.qtbot import QtBot

from inspector.services.actor import Actor
from inspector.services.cases import case_summary
from inspector.services.establishments import EstablishmentInput, add_establishment
from inspector.services.inspections import InspectionInput, add_inspection
from inspector.store.engine import Database
from inspector.ui.visit.violation_editor import ViolationEditor
from inspector.ui.visit_form import VisitForm
from tests.factories import configure_agency
from tests.gui.test_visit_form import BOOKSHOP, focused, open_form, press, tab_to, typed

COMPANY = EstablishmentInput(
    sector="internet", name="Công ty TNHH Viễn thông Bằng Giang", owner_kind="organization",
    enterprise_code="4800123456", head_office="Số 12 phố Vườn Cam, Cao Bằng",
    representative_name="Hoàng Văn Minh", representative_title="Giám đốc",
    address_line="Số 12 phố Vườn Cam", commune_code="01273")
#: the circumstances the catalog ties to a person (Law Art 9.3, 9.5, 10.1.h)
PERSONAL = {"9.3", "9.5", "10.1.h"}


@dataclass(frozen=True)
class Place2019:
    inspection: uuid.UUID
    bookshop: uuid.UUID
    company: uuid.UUID


@pytest.fixture
def place(db: Database, operator: Actor) -> Place2019:
    """A March 2019 inspection (Decree 159/2013 in force), the Chief Inspector signing."""
    configure_agency(db, operator, era="2015")
    book = add_establishment(db, operator, BOOKSHOP)
    company = add_establishment(db, operator, COMPANY)
    inspection = add_inspection(db, operator, InspectionInput(
        "kiem_tra", "thematic", "Kiểm tra phát hành xuất bản phẩm và Internet",
        date(2019, 3, 11), date(2019, 3, 22), "12/QĐ-STTTT", date(2019, 3, 5), None))
    return Place2019(inspection, book, company)


def codes(widget: QListWidget) -> list[str]:
    return [str(widget.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(widget.count())]


def texts(widget: QListWidget) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())]


def tick(qtbot: QtBot, widget: QListWidget, code: str) -> None:
    """Move to the circumstance with the arrow keys and tick it with Space, as a user does."""
    widget.setFocus()
    widget.setCurrentRow(0)
    press(qtbot, Qt.Key.Key_Down, times=codes(widget).index(code))
    press(qtbot, Qt.Key.Key_Space)


def test_act_and_repeat_chosen_by_keyboard_and_saved(qtbot: QtBot, db: Database,
                                                     operator: Actor, place: Place2019) -> None:
    """159/2013 Art 27.1 lists five acts: the chooser appears, unchosen it warns as the
    service does, Tab reaches it, ↓↓ picks the second act, the law panel names it; "tái phạm"
    is ticked apart from "nhiều lần"; saved, the case holds that act and that circumstance;
    reopened from the draft, both are still chosen."""
    form = open_form(qtbot, db, operator, place, place.bookshop)
    form.visit_date.setText("15/03/2019")
    editor = form.violations.violation_editor
    form.new_item()
    assert focused() is editor.search
    typed("27.1")
    press(qtbot, Qt.Key.Key_Return)
    assert editor.entry()["provision_key"] == "159/2013/NĐ-CP:27.1"
    form.refresh_now()
    assert editor.alternative.isVisible()
    assert editor.alternative.count() == 6  # "— Chọn … —" and the five acts
    assert editor.alternative.currentData() is None
    assert editor.errors["alternative"].isVisible()
    assert "hãy chọn hành vi cụ thể đã thực hiện" in editor.errors["alternative"].text()
    assert "Hành vi cụ thể: chưa chọn" in editor.law_labels["law_provision"].text()
    editor.search.setFocus()
    assert tab_to(qtbot, editor.alternative) == 2  # search → list → the chooser
    press(qtbot, Qt.Key.Key_Down, times=2)
    assert editor.entry()["alternative"] == 1
    form.refresh_now()
    assert not editor.errors["alternative"].isVisible()
    assert ("Hành vi cụ thể: Tàng trữ, phát hành xuất bản phẩm nhân bản lậu"
            in editor.law_labels["law_provision"].text())
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is editor.facts
    typed("Bày bán 30 cuốn “Số đỏ” nhân bản lậu tại quầy")

    aggravating = texts(editor.aggravating)
    assert "10.1.b — Vi phạm hành chính nhiều lần" in aggravating
    assert "10.1.b — Tái phạm" in aggravating
    assert not any("nhiều lần; tái phạm" in t for t in aggravating)
    assert not any("#" in t for t in aggravating)
    assert {"9.3", "9.5"} <= set(codes(editor.mitigating))  # the owner is a person
    assert "10.1.h" in codes(editor.aggravating)
    tick(qtbot, editor.aggravating, "10.1.b#1")
    assert editor.entry()["aggravating"] == ["10.1.b#1"]
    form.refresh_now()
    assert not editor.errors["circumstances"].isVisible(), editor.errors["circumstances"].text()
    assert "0 tình tiết giảm nhẹ, 1 tăng nặng" in editor.law_labels["law_allowed"].text()
    tab_to(qtbot, editor.use_default)
    press(qtbot, Qt.Key.Key_Space)
    tab_to(qtbot, editor.amount_reason)
    typed("Đã bị xử phạt về hành vi này năm 2018, nay tái phạm")
    form.refresh_now()
    assert form.save_button.isEnabled(), form.save_reason.text()
    qtbot.wait(100)  # let the layout settle before the picture
    form.grab().save("/tmp/choices.png")

    reopened = VisitForm(db, operator, place.inspection, place.bookshop, payload=form.payload())
    qtbot.addWidget(reopened)
    again = reopened.violations.violation_editor
    assert again.alternative.currentData() == 1
    assert again.alternative.currentText() == "Tàng trữ, phát hành xuất bản phẩm nhân bản lậu"
    assert again.entry()["aggravating"] == ["10.1.b#1"]
    reopened.close()

    with qtbot.waitSignal(form.saved, timeout=3000) as saved:
        form.save_button.click()
    case = case_summary(db, operator, saved.args[0].case_id)
    v = case.violations[0]
    assert v.provision_key == "159/2013/NĐ-CP:27.1"
    assert v.alternative == 1
    assert v.act == "Tàng trữ, phát hành xuất bản phẩm nhân bản lậu"
    assert tuple(v.aggravating) == ("10.1.b#1",) and tuple(v.mitigating) == ()


def test_organisation_is_offered_no_personal_circumstance(qtbot: QtBot, db: Database,
                                                          operator: Actor,
                                                          place: Place2019) -> None:
    """A company's form lists neither "phụ nữ mang thai, người già yếu" nor the other
    circumstances tied to a person; a draft made for a person keeps what was ticked in view
    with the services' refusal until it is unticked."""
    form = open_form(qtbot, db, operator, place, place.company)
    form.new_item()
    editor = form.violations.violation_editor
    offered = set(codes(editor.mitigating)) | set(codes(editor.aggravating))
    assert not offered & PERSONAL
    assert not any("phụ nữ mang thai" in t for t in texts(editor.mitigating))
    assert {"9.1", "9.2", "10.1.b#0", "10.1.b#1"} <= offered

    # a violation copied from a person's draft, with 9.5 ticked
    editor.mitigating.setFocus()
    entry = editor.entry()
    entry["mitigating"] = ["9.5"]
    entry["touched"] = ["circumstances"]
    editor.load(entry)
    stray = [t for t in texts(editor.mitigating) if t.startswith("9.5 — ")]
    assert len(stray) == 1 and "không áp dụng" in stray[0]
    form.refresh_now()
    assert "không áp dụng cho tổ chức" in editor.errors["circumstances"].text()
    tick(qtbot, editor.mitigating, "9.5")  # Space unticks it
    assert editor.entry()["mitigating"] == []
    form.refresh_now()
    assert "không áp dụng" not in editor.errors["circumstances"].text()


def test_choices_are_offered_in_the_editor_alone(qtbot: QtBot, db: Database, operator: Actor,
                                                 place: Place2019) -> None:
    """A provision that is one act shows no chooser, and choosing another provision drops
    the act chosen under the previous one."""
    form = open_form(qtbot, db, operator, place, place.bookshop)
    form.visit_date.setText("15/03/2019")
    form.new_item()
    editor: ViolationEditor = form.violations.violation_editor
    editor.choose("159/2013/NĐ-CP:27.1")
    editor.alternative.setCurrentIndex(3)
    assert editor.entry()["alternative"] == 2
    editor.choose("159/2013/NĐ-CP:24.1")
    form.refresh_now()
    assert editor.entry()["alternative"] is None
    assert editor.alternative.currentData() is None and editor.alternative.count() == 4
    editor.choose("159/2013/NĐ-CP:27.5.a")
    form.refresh_now()
    assert not editor.alternative.isVisible() and not editor.errors["alternative"].isVisible()
    assert "Hành vi cụ thể" not in editor.law_labels["law_provision"].text()
