"""The visit form driven by keyboard like an inspector in a shop: checklist → violation with the
law on screen → seized items → save; every refusal shown next to its field, nothing invalid
saved."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from inspector.domain.text import format_date
from inspector.services.actor import Actor
from inspector.services.cases import case_summary
from inspector.services.establishments import EstablishmentInput, add_establishment
from inspector.services.inspections import InspectionInput, add_inspection, visit_detail
from inspector.store.engine import Database
from inspector.ui.visit_form import VisitForm
from tests.factories import configure_agency
from tests.gui.conftest import GUI_TODAY, RecordingDialogs, type_text

BOOKSHOP = EstablishmentInput(
    sector="distribution", name="Nhà sách Hồng Phúc", owner_kind="household",
    owner_name="Nông Thị Lan", owner_sex="F", owner_birth_date=date(1985, 3, 2),
    owner_nationality="Việt Nam", owner_occupation="Kinh doanh",
    owner_id_number="004185001234", owner_id_issued_on=date(2021, 4, 10),
    owner_id_issued_by="Cục Cảnh sát quản lý hành chính về trật tự xã hội",
    address_line="Số 5, phố Kim Đồng", commune_code="01273")
INTERNET = EstablishmentInput(
    sector="internet", name="Đại lý Internet Đức Anh", owner_kind="household",
    owner_name="Lương Văn Đức", owner_sex="M", owner_birth_date=date(1990, 7, 1),
    owner_nationality="Việt Nam", owner_occupation="Kinh doanh",
    owner_id_number="004090000456", owner_id_issued_on=date(2022, 1, 15),
    owner_id_issued_by="Cục Cảnh sát QLHC về TTXH", address_line="Số 8 đường Hoàng Đình Giong",
    commune_code="01273")
TODAY = GUI_TODAY


@dataclass(frozen=True)
class Place:
    inspection: uuid.UUID
    bookshop: uuid.UUID
    internet: uuid.UUID


def make_place(db: Database, actor: Actor) -> Place:
    """An inspection running now, a bookshop and an Internet point, a signer configured."""
    configure_agency(db, actor)
    book = add_establishment(db, actor, BOOKSHOP)
    net = add_establishment(db, actor, INTERNET)
    inspection = add_inspection(db, actor, InspectionInput(
        "kiem_tra", "thematic", "Kiểm tra phát hành xuất bản phẩm và Internet",
        TODAY - timedelta(days=20), TODAY + timedelta(days=20), "35/QĐ-SKHCN",
        TODAY - timedelta(days=25), None))
    return Place(inspection, book, net)


@pytest.fixture
def place(db: Database, operator: Actor) -> Place:
    return make_place(db, operator)


def open_form(qtbot: QtBot, db: Database, actor: Actor, place: Place,
              establishment: uuid.UUID | None) -> VisitForm:
    form = VisitForm(db, actor, place.inspection, establishment)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)
    return form


# --- the keyboard, as a user has it: keys go to whatever has the focus -----------------------

def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
          times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), key, modifier)


def ctrl(qtbot: QtBot, key: Qt.Key) -> None:
    press(qtbot, key, Qt.KeyboardModifier.ControlModifier)


def typed(text: str) -> None:
    type_text(focused(), text)


def tab_to(qtbot: QtBot, target: QWidget, limit: int = 40) -> int:
    """Press Tab until ``target`` has the focus; returns how many presses it took."""
    seen: list[str] = []
    for n in range(limit):
        if focused() is target:
            return n
        press(qtbot, Qt.Key.Key_Tab)
        seen.append(focused().objectName() or type(focused()).__name__)
    raise AssertionError(f"Tab never reached {target.objectName()}: {seen}")


# --- tests ------------------------------------------------------------------------------------

def test_failed_item_to_saved_violation_by_keyboard(qtbot: QtBot, db: Database, operator: Actor,
                                                    place: Place) -> None:
    """A failed checklist item → "Ghi vi phạm…" → its provisions proposed first → Enter takes
    one; 60 copies of a title move 29.1.a to 29.2.a and its bracket; the amount is refused
    outside the bracket with the reason; Ctrl+S saves everything in one transaction."""
    form = open_form(qtbot, db, operator, place, place.bookshop)
    row = form.checklist.rows["invoices"]
    assert focused() is row.buttons["yes"]  # the first unanswered item
    press(qtbot, Qt.Key.Key_Right)  # → Không
    press(qtbot, Qt.Key.Key_Space)
    assert row.answer() == "no" and row.record.isEnabled()
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is row.note
    typed("Bày bán sách không có hóa đơn")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is row.record
    press(qtbot, Qt.Key.Key_Space)
    editor = form.violations.violation_editor
    assert form.tabs.currentIndex() == 1 and len(form.violations.entries) == 1
    first = editor.choice_list.item(0).text()
    assert first.startswith("★ 29.1.a (119/2020/NĐ-CP)")
    assert focused() is editor.choice_list
    press(qtbot, Qt.Key.Key_Return)
    assert editor.entry()["provision_key"] == "119/2020/NĐ-CP:29.1.a"
    assert editor.facts.toPlainText() == "Bày bán sách không có hóa đơn"  # the note came along
    assert focused() is editor.title  # per-title provision: the title comes next
    typed("Đắc nhân tâm")
    press(qtbot, Qt.Key.Key_Tab)
    typed("60")
    form.refresh_now()
    law = editor.law_labels
    assert "Theo số bản (60), áp dụng 29.2.a" in law["law_provision"].text()
    assert "2.500.000 đồng – 5.000.000 đồng" in law["law_bracket"].text()
    assert "3.750.000 đồng" in law["law_default"].text()
    assert "119/2020/NĐ-CP" in editor.instrument.text()
    assert not form.save_button.isEnabled()
    assert "Mức phạt tiền" in form.save_reason.text() and "3.750.000" in form.save_reason.text()
    tab_to(qtbot, editor.amount.edit)
    typed("9.000.000")
    form.refresh_now()
    assert editor.errors["amount"].isVisible()
    assert "nằm ngoài khung" in editor.errors["amount"].text()
    assert "Chín triệu đồng" in editor.amount.words.text()
    assert not form.save_button.isEnabled()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    typed("3.750.000")
    form.refresh_now()
    assert not editor.errors["amount"].isVisible()
    assert form.save_button.isEnabled(), form.save_reason.text()
    assert form.total_label.text() == "Tổng tiền phạt: 3.750.000 đồng"
    assert "Thời hiệu xử phạt đến hết ngày" in form.limitation_label.text()
    with qtbot.waitSignal(form.saved, timeout=3000) as saved:
        ctrl(qtbot, Qt.Key.Key_S)
    result = saved.args[0]
    assert result.total == 3_750_000 and len(result.violation_ids) == 1
    visit = visit_detail(db, operator, result.visit_id)
    assert [(a.item_id, a.answer, a.note) for a in visit.answers] == [
        ("invoices", "no", "Bày bán sách không có hóa đơn")]
    assert visit.outcome == "violations"
    case = case_summary(db, operator, result.case_id)
    v = case.violations[0]
    assert v.provision_key == "119/2020/NĐ-CP:29.2.a" and v.amount == 3_750_000
    assert [(t.title, t.copies) for t in v.titles] == [("Đắc nhân tâm", 60)]
    assert v.ongoing and v.discovered_on == TODAY
    assert not form.isVisible()


def test_circumstances_range_and_reason_shown_live(qtbot: QtBot, db: Database, operator: Actor,
                                                   place: Place) -> None:
    """Ctrl+N, Ctrl+F, a search by words without accents, Enter: the bracket for an individual,
    the default and the range for the circumstances picked show live; outside the range is
    refused with the rule; one circumstance left asks for a reason; competence is shown."""
    form = open_form(qtbot, db, operator, place, place.internet)
    ctrl(qtbot, Qt.Key.Key_N)
    editor = form.violations.violation_editor
    assert form.tabs.currentIndex() == 1 and focused() is editor.search
    typed("treo bien dai ly")
    press(qtbot, Qt.Key.Key_Return)
    key = editor.entry()["provision_key"]
    assert key.endswith(":36.2.a"), key
    assert focused() is editor.facts
    typed("Không treo biển “Đại lý Internet” tại cửa ra vào")
    form.refresh_now()
    law = editor.law_labels
    assert "cá nhân" in law["law_bracket"].text()
    assert "1.000.000 đồng – 2.500.000 đồng" in law["law_bracket"].text()
    assert "1.750.000 đồng" in law["law_default"].text()
    tab_to(qtbot, editor.amount.edit)
    typed("2000000")
    form.refresh_now()
    assert "không phù hợp với tình tiết" in editor.errors["amount"].text()
    assert editor.amount.words.text() == "= 2.000.000 đồng (Hai triệu đồng)"
    # pick "9.2 — tự nguyện khai báo" in the mitigating list with arrows and Space
    editor.mitigating.setFocus()
    editor.mitigating.setCurrentRow(0)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Space)
    assert editor.entry()["mitigating"] == ["9.2"]
    form.refresh_now()
    assert "1 tình tiết giảm nhẹ, 0 tăng nặng: 1.000.000 đồng – 1.750.000 đồng" in \
        law["law_allowed"].text()
    assert "phải ghi lý do" in law["law_allowed"].text()
    editor.amount.edit.setFocus()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    typed("1.500.000")
    form.refresh_now()
    assert "cần ghi lý do" in editor.errors["amount_reason"].text()
    assert not form.save_button.isEnabled()
    assert "Lý do chọn mức" in form.save_reason.text()
    press(qtbot, Qt.Key.Key_Tab)  # "Dùng mức đề xuất"
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is editor.amount_reason
    typed("Chủ cơ sở tự nguyện khai báo, thành khẩn hối lỗi")
    form.refresh_now()
    assert not editor.errors["amount_reason"].isVisible()
    assert form.save_button.isEnabled(), form.save_reason.text()
    assert form.total_label.text() == "Tổng tiền phạt: 1.500.000 đồng"
    assert "Một triệu năm trăm nghìn đồng" in form.words_label.text()
    assert form.competence_label.text().startswith("✔ Thuộc thẩm quyền của Giám đốc Sở")
    limit = TODAY.replace(year=TODAY.year + 1) if not (TODAY.month == 2 and TODAY.day == 29) \
        else date(TODAY.year + 1, 2, 28)
    assert format_date(limit) in form.limitation_label.text()
    # "Dùng mức đề xuất" puts the suggested amount back, undoable in the field
    editor.use_default.click()  # the default for one mitigating circumstance
    assert editor.amount.text() == "1.375.000"
    editor.amount.edit.setFocus()
    ctrl(qtbot, Qt.Key.Key_Z)
    assert editor.amount.text() == "1.500.000"


def test_dates_decide_the_instrument_and_bad_dates_are_refused(
        qtbot: QtBot, db: Database, operator: Actor, place: Place) -> None:
    """A finished act is judged by the law of the day it ended: 2019 → Decree 174/2013; a
    provision not in force that day is refused next to the provision; a date that does not
    exist or lies in the future is refused next to the date."""
    form = open_form(qtbot, db, operator, place, place.internet)
    form.checklist.rows["signboard"].buttons["no"].setChecked(True)
    form.checklist.rows["signboard"].record.click()
    editor = form.violations.violation_editor
    press(qtbot, Qt.Key.Key_Return)  # the first proposal, under today's decree
    today_key = editor.entry()["provision_key"]
    editor.ongoing.setFocus()
    press(qtbot, Qt.Key.Key_Space)  # no longer ongoing: the end date decides
    assert not editor.ongoing.isChecked() and editor.ended_on.isEnabled()
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is editor.ended_on.edit
    typed("31/02/2019")
    form.refresh_now()
    assert "“31/02/2019” không hợp lệ" in editor.errors["ended_on"].text()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    typed("15/03/2019")
    editor.refresh_choices()
    form.refresh_now()
    assert "174/2013/NĐ-CP" in editor.instrument.text()
    assert "15/03/2019" in editor.law_labels["law_instrument"].text()
    assert "chưa có hiệu lực" in editor.errors["provision_key"].text()
    proposals = [editor.choice_list.item(i).text() for i in range(editor.choice_list.count())]
    assert proposals[0].startswith("★") and "174/2013/NĐ-CP" in proposals[0]
    assert all("174/2026" not in p for p in proposals)
    assert today_key not in editor.choice_list.item(0).data(Qt.ItemDataRole.UserRole)
    editor.ended_on.edit.setFocus()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    typed(format_date(TODAY + timedelta(days=3)))
    form.refresh_now()
    assert "không được sau ngày hôm nay" in editor.errors["ended_on"].text()
    assert not form.save_button.isEnabled()


def test_seized_items_by_keyboard_with_refusals(qtbot: QtBot, db: Database, operator: Actor,
                                                place: Place) -> None:
    """Seized items: one filled from a violation's title, one typed; a quantity that is not a
    number and titles that do not add up are refused next to their fields; saved with the
    violation they belong to."""
    form = open_form(qtbot, db, operator, place, place.bookshop)
    ctrl(qtbot, Qt.Key.Key_F)
    editor = form.violations.violation_editor
    typed("29.1.a")
    press(qtbot, Qt.Key.Key_Return)
    typed("Tuổi trẻ đáng giá bao nhiêu")
    press(qtbot, Qt.Key.Key_Tab)
    typed("40")
    editor.facts.setFocus()
    typed("Bày bán 40 cuốn không có hóa đơn, chứng từ")
    editor.amount.edit.setFocus()
    typed("2.000.000")
    editor.seize.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    seized = form.seized.seized_editor
    assert form.tabs.currentIndex() == 2 and len(form.seized.entries) == 1
    assert seized.description.text() == "Xuất bản phẩm “Tuổi trẻ đáng giá bao nhiêu”"
    assert (seized.quantity.text(), seized.unit.text()) == ("40", "cuốn")
    assert seized.violation.currentText().startswith("Hành vi 1: 29.1.a")
    assert focused() is seized.description
    tab_to(qtbot, seized.kept_at)
    typed("Kho Thanh tra Sở")
    ctrl(qtbot, Qt.Key.Key_N)  # a second item, typed by hand
    assert len(form.seized.entries) == 2 and focused() is seized.description
    typed("Sách không rõ nguồn gốc")
    press(qtbot, Qt.Key.Key_Tab)
    typed("7OO")  # a letter O slipped in
    press(qtbot, Qt.Key.Key_Tab)
    typed("cuốn")
    press(qtbot, Qt.Key.Key_Tab)
    typed("Đắc nhân tâm: 300")
    press(qtbot, Qt.Key.Key_Return)
    typed("Nhà giả kim: 300")
    form.refresh_now()
    assert "Số lượng phải là số nguyên" in seized.errors["quantity"].text()
    assert seized.titles_sum.text() == "Tổng theo tên: 600 bản (2 tên)"
    assert not form.save_button.isEnabled() and "Tang vật 2 — Số lượng" in form.save_reason.text()
    seized.quantity.setFocus()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    typed("700")
    form.refresh_now()
    assert "Tổng số bản theo từng tên là 600, khác số lượng 700" in seized.errors["quantity"].text()
    seized.titles.setFocus()
    press(qtbot, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_Return)
    typed("Tuổi thơ dữ dội: 100")
    tab_to(qtbot, seized.value.edit)
    typed("1.200.000")
    assert "Một triệu hai trăm nghìn đồng" in seized.value.words.text()
    form.refresh_now()
    assert form.save_button.isEnabled(), form.save_reason.text()
    assert form.tabs.tabText(2) == "&3. Tang vật, phương tiện (2)"
    with qtbot.waitSignal(form.saved, timeout=3000) as saved:
        form.save_button.click()
    case = case_summary(db, operator, saved.args[0].case_id)
    first, second = case.seized
    assert first.violation_id == case.violations[0].id and first.kept_at == "Kho Thanh tra Sở"
    assert (second.quantity, second.unit, second.value) == (700, "cuốn", 1_200_000)
    assert [(t.title, t.copies) for t in second.titles] == [
        ("Đắc nhân tâm", 300), ("Nhà giả kim", 300), ("Tuổi thơ dữ dội", 100)]
    assert second.disposal == "held"


def test_undo_redo_in_fields_and_for_added_and_removed_items(
        qtbot: QtBot, db: Database, operator: Actor, place: Place) -> None:
    """Ctrl+Z/Ctrl+Y work inside a text field; outside one they undo adding and removing
    violations, keeping what was typed into a removed one."""
    form = open_form(qtbot, db, operator, place, place.internet)
    ctrl(qtbot, Qt.Key.Key_N)
    editor = form.violations.violation_editor
    editor.facts.setFocus()
    typed("Hành vi thứ nhất")
    ctrl(qtbot, Qt.Key.Key_Z)
    assert editor.facts.toPlainText() == ""
    ctrl(qtbot, Qt.Key.Key_Y)
    assert editor.facts.toPlainText() == "Hành vi thứ nhất"
    ctrl(qtbot, Qt.Key.Key_N)
    typed("gio hoat dong")
    press(qtbot, Qt.Key.Key_Return)
    typed("Mở cửa sau 22 giờ")
    assert len(form.violations.entries) == 2
    form.violations.list.setFocus()
    assert form.violations.current_index() == 1
    press(qtbot, Qt.Key.Key_Delete)
    assert len(form.violations.entries) == 1
    assert form.undo_button.text() == "Hoàn tác xóa hành vi vi phạm"
    ctrl(qtbot, Qt.Key.Key_Z)  # the list has the focus: the form's undo
    assert len(form.violations.entries) == 2
    assert form.violations.entries[1]["facts"] == "Mở cửa sau 22 giờ"
    assert editor.facts.toPlainText() == "Mở cửa sau 22 giờ"
    form.violations.list.setFocus()
    ctrl(qtbot, Qt.Key.Key_Y)
    assert len(form.violations.entries) == 1
    form.undo_button.click()
    form.undo_button.click()  # the second "add" too
    assert len(form.violations.entries) == 1
    assert form.violations.entries[0]["facts"] == "Hành vi thứ nhất"
    assert form.tabs.tabText(1) == "&2. Hành vi vi phạm (1)"


def test_save_button_says_why_and_shows_every_problem(qtbot: QtBot, db: Database,
                                                      operator: Actor, place: Place) -> None:
    """Untouched fields stay quiet until a save is tried; Ctrl+S then shows each message
    under its field and puts the cursor on the first; the conclusion step lists them all."""
    form = open_form(qtbot, db, operator, place, place.internet)
    ctrl(qtbot, Qt.Key.Key_N)
    editor = form.violations.violation_editor
    form.refresh_now()
    assert not editor.errors["provision_key"].isVisible()
    assert form.save_reason.text() == ("Chưa lưu được — Hành vi 1 — Điều khoản: Hãy chọn điều "
                                       "khoản vi phạm. (và 1 lỗi khác)")
    ctrl(qtbot, Qt.Key.Key_S)
    assert editor.errors["provision_key"].isVisible() and editor.errors["facts"].isVisible()
    assert focused() is editor.search
    items = [form.problem_list.item(i).text() for i in range(form.problem_list.count())]
    assert "⚠ Hành vi 1 — Mô tả hành vi: Hãy mô tả hành vi vi phạm (thời gian, địa điểm, " \
           "diễn biến)." in items
    form.visit_date.edit.setFocus()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    typed(format_date(TODAY - timedelta(days=40)))
    form.refresh_now()
    assert "nằm ngoài thời gian của cuộc thanh tra" in form.visit_date_error.text()


def test_server_refusal_goes_next_to_the_field_and_nothing_is_saved(
        qtbot: QtBot, db: Database, operator: Actor, place: Place,
        recorded_dialogs: RecordingDialogs) -> None:
    """Someone shortens the inspection while the form is open: the save is refused by the
    service, the message sits under the visit date, and no visit is written. A second visit
    to the same place on the same day is refused with a message."""
    from inspector.services.inspections import inspection_detail, list_visits, update_inspection

    form = open_form(qtbot, db, operator, place, place.internet)
    form.checklist.rows["signboard"].buttons["yes"].setChecked(True)
    detail = inspection_detail(db, operator, place.inspection)
    from dataclasses import replace

    update_inspection(db, operator, place.inspection, replace(
        detail.to_input(), end_date=TODAY - timedelta(days=1)), detail.version)
    form.refresh_now()
    assert form.save_button.isEnabled()
    assert not form.save()
    assert "nằm ngoài thời gian" in form.visit_date_error.text()
    assert list_visits(db, operator, place.inspection) == []
    update_inspection(db, operator, place.inspection, detail.to_input(),
                      detail.version + 1)  # the period as it was
    other = VisitForm(db, operator, place.inspection, place.internet)
    qtbot.addWidget(other)
    other.checklist.rows["signboard"].buttons["yes"].setChecked(True)
    assert other.save()
    form.checklist.rows["signboard"].buttons["no"].setChecked(True)  # an edit clears the refusal
    form.visit_date.setText(format_date(TODAY))
    form.refresh_now()
    recorded_dialogs.shown.clear()
    assert not form.save()
    assert recorded_dialogs.shown and "Đã ghi lần làm việc" in recorded_dialogs.shown[0][1]
    assert len(list_visits(db, operator, place.inspection)) == 1


def test_establishment_found_as_you_type_without_accents(qtbot: QtBot, db: Database,
                                                          operator: Actor, place: Place) -> None:
    """Opened without an establishment, the form finds one as you type without accents;
    Enter picks it and its sector's checklist appears."""
    form = open_form(qtbot, db, operator, place, None)
    form.refresh_now()
    assert "Hãy chọn cơ sở" in form.save_reason.text()
    form.establishment_search.setFocus()
    typed("hong phuc")
    press(qtbot, Qt.Key.Key_Return)
    assert form.establishment is not None and form.establishment.name == "Nhà sách Hồng Phúc"
    assert not form.picker.isVisible()
    assert "invoices" in form.checklist.rows
    assert form.draft_key() == f"{place.inspection}/{place.bookshop}"


def test_disposal_of_a_saved_seized_item(qtbot: QtBot, db: Database, operator: Actor,
                                         place: Place) -> None:
    """What became of a seized item is recorded later; a second disposal is refused in the
    dialog with the reason."""
    from inspector.services.cases import (
        SeizedItemInput,
        TitleCount,
        ViolationInput,
        VisitRecord,
        record_visit,
    )
    from inspector.services.inspections import VisitInput
    from inspector.ui.visit_form import DisposalDialog

    result = record_visit(db, operator, VisitRecord(
        VisitInput(place.inspection, place.bookshop, TODAY),
        (ViolationInput("119/2020/NĐ-CP:29.1.a", ongoing=True, facts="Không có hóa đơn",
                        amount=2_000_000, titles=(TitleCount("Đắc nhân tâm", 20),)),),
        (SeizedItemInput("goods", "Sách Đắc nhân tâm", 20, "cuốn", violation_index=0),)))
    assert result.case_id is not None
    item = case_summary(db, operator, result.case_id).seized[0]
    dialog = DisposalDialog(db, operator, item)
    qtbot.addWidget(dialog)
    dialog.disposal.setCurrentIndex(dialog.disposal.findData("destroyed"))
    dialog.apply()
    assert dialog.result_row is not None and dialog.result_row.disposal == "destroyed"
    again = DisposalDialog(db, operator, dialog.result_row)
    qtbot.addWidget(again)
    again.apply()
    assert "đã được xử lý" in again.message.text()


def test_only_what_the_provision_allows_is_offered(qtbot: QtBot, db: Database, operator: Actor,
                                                  place: Place) -> None:
    """The additional sanctions and remedial measures offered are those of the chosen
    provision; a suspension longer than its range is refused next to it; they are saved with
    the violation. "Ghi thêm tên khác" starts the next title under the same provision."""
    form = open_form(qtbot, db, operator, place, place.internet)
    ctrl(qtbot, Qt.Key.Key_F)
    typed("36.3.b")
    press(qtbot, Qt.Key.Key_Return)
    editor = form.violations.violation_editor
    typed("Dùng đường truyền thuê bao hộ gia đình")
    form.refresh_now()
    assert list(editor._additional) == ["suspension"] and editor._remedial == {}
    assert editor.remedial_none.isVisible() and not editor.additional_none.isVisible()
    suspension = editor._additional["suspension"]
    tab_to(qtbot, suspension["check"])
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is suspension["months"]
    typed("5")
    form.refresh_now()
    assert "05 tháng nằm ngoài khung 01 tháng – 03 tháng" in editor.errors["additional"].text()
    press(qtbot, Qt.Key.Key_Backspace)
    typed("2")
    editor.amount.edit.setFocus()
    typed("3.750.000")
    form.refresh_now()
    assert form.save_button.isEnabled(), form.save_reason.text()
    assert "Đình chỉ" in editor.law_labels["law_sanctions"].text()

    ctrl(qtbot, Qt.Key.Key_F)  # change the provision: what it allows changes with it
    typed("29.1.a")
    press(qtbot, Qt.Key.Key_Return)
    form.refresh_now()
    assert list(editor._additional) == ["confiscation"] and list(editor._remedial) == ["destroy"]
    assert "suspension" not in editor.entry()["additional"]  # not allowed here: dropped
    typed("Đắc nhân tâm")
    press(qtbot, Qt.Key.Key_Tab)
    typed("30")
    editor._remedial["destroy"]["check"].setChecked(True)
    editor._remedial["destroy"]["days"].setFocus()
    typed("10")
    editor.amount.edit.setFocus()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    typed("2.000.000")
    editor.another.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert len(form.violations.entries) == 2 and form.violations.current_index() == 1
    second = editor.entry()
    assert second["provision_key"] == "119/2020/NĐ-CP:29.1.a" and second["title"] == ""
    assert second["facts"] == "Dùng đường truyền thuê bao hộ gia đình"
    assert focused() is editor.title
    typed("Nhà giả kim")
    press(qtbot, Qt.Key.Key_Tab)
    typed("12")
    editor.amount.edit.setFocus()
    typed("2.000.000")
    form.refresh_now()
    assert form.total_label.text() == "Tổng tiền phạt: 4.000.000 đồng"
    with qtbot.waitSignal(form.saved, timeout=3000) as saved:
        ctrl(qtbot, Qt.Key.Key_S)
    case = case_summary(db, operator, saved.args[0].case_id)
    first = case.violations[0]
    assert [(r.code, r.deadline_days) for r in first.remedial] == [("destroy", 10)]
    assert [t.title for v in case.violations for t in v.titles] == ["Đắc nhân tâm", "Nhà giả kim"]


def test_tab_walks_the_violation_in_reading_order(qtbot: QtBot, db: Database, operator: Actor,
                                                  place: Place) -> None:
    """Tab goes through a violation top to bottom — the rows of what the provision allows
    included, though they are shown only once it is chosen — then to the form's buttons."""
    form = open_form(qtbot, db, operator, place, place.bookshop)
    ctrl(qtbot, Qt.Key.Key_F)
    typed("29.1.a")
    press(qtbot, Qt.Key.Key_Return)
    form.refresh_now()
    form.violations.violation_editor.ongoing.setFocus()
    names = []
    for _ in range(20):
        names.append(focused().objectName())
        press(qtbot, Qt.Key.Key_Tab)
    assert names == [
        "ongoing", "discoveredOnEdit", "provisionSearch", "provisionChoices", "title", "copies",
        "anotherTitle", "facts", "mitigating", "aggravating", "amountEdit", "useDefault",
        "additional_confiscation", "additional_confiscation_valueEdit", "remedial_destroy",
        "remedial_destroy_days", "seize", "undo", "showProblems", "close"]


def test_checklist_count_is_checked_next_to_its_item(qtbot: QtBot, db: Database,
                                                     operator: Actor, place: Place) -> None:
    """An item that asks for a count refuses one that is not a number, under the item."""
    form = open_form(qtbot, db, operator, place, place.internet)
    row = form.checklist.rows["machines"]
    assert row.count is not None
    row.buttons["yes"].setChecked(True)
    row.count.setFocus()
    typed("mười hai")
    form.refresh_now()
    assert "Số lượng phải là số nguyên" in row.error.text()
    assert "Mục kiểm tra 13" in form.save_reason.text()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    typed("12")
    form.refresh_now()
    assert not row.error.isVisible() and form.save_button.isEnabled()
    with qtbot.waitSignal(form.saved, timeout=3000) as saved:
        ctrl(qtbot, Qt.Key.Key_S)
    answers = visit_detail(db, operator, saved.args[0].visit_id).answers
    assert [(a.item_id, a.count) for a in answers] == [("machines", 12)]
    assert visit_detail(db, operator, saved.args[0].visit_id).outcome == "pending"
