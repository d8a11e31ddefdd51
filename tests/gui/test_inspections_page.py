"""Thanh tra/Kiểm tra by keyboard: a plan, an interdisciplinary inspection with its team."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from inspector.services import inspections as insp
from inspector.services.actor import Actor
from inspector.store.engine import Database
from inspector.ui.inspection_form import InspectionForm, PlanForm
from inspector.ui.pages.inspections import InspectionsPage
from tests.gui.conftest import type_text


def test_plan_then_inspection_with_team(qtbot: QtBot, db: Database, admin: Actor) -> None:
    """A plan and an interdisciplinary inspection with two members and two agencies."""
    plan = PlanForm(db, admin, 2026)
    qtbot.addWidget(plan)
    assert not plan.save()  # the title is required
    type_text(plan.form.fields["title"].widget, "Kế hoạch thanh tra, kiểm tra năm 2026")
    assert plan.save() and plan.saved is not None
    form = InspectionForm(db, admin, plan_id=plan.saved.id)
    qtbot.addWidget(form)
    form.show()
    form.form.set_value("kind", "interdisciplinary")
    type_text(form.form.fields["title"].widget, "Kiểm tra liên ngành điểm Internet")
    form.form.fields["start_date"].widget.clear()
    qtbot.keyClicks(form.form.fields["start_date"].widget, "05/10/2026")
    qtbot.keyClicks(form.form.fields["end_date"].widget, "01/10/2026")
    assert not form.save()
    assert form.form.fields["end_date"].message.isVisibleTo(form)
    form.form.fields["end_date"].widget.clear()
    qtbot.keyClicks(form.form.fields["end_date"].widget, "09/10/2026")
    type_text(form.form.fields["participating_agencies"].widget, "Công an tỉnh; Sở Công Thương")
    type_text(form.form.fields["decision_number"].widget, "15/QĐ-TTr")
    qtbot.keyClicks(form.form.fields["decision_date"].widget, "01/10/2026")
    form.add_member("Nông Văn Thanh", "head", "")
    form.add_member("Hoàng Thị Lan", "member", "Công an tỉnh")
    qtbot.keyClick(form.form.fields["title"].widget, Qt.Key.Key_Return)
    assert form.saved_id is not None, form.message.text()
    detail = insp.inspection_detail(db, admin, form.saved_id)
    assert detail.participating_agencies == ("Công an tỉnh", "Sở Công Thương")
    assert [m.role for m in detail.members] == ["head", "member"]
    assert detail.start_date == date(2026, 10, 5)


def test_page_lists_the_years_inspections(qtbot: QtBot, db: Database, admin: Actor) -> None:
    """The page shows the year's inspections and counts inspections and checks apart."""
    for mode in ("thanh_tra", "kiem_tra"):
        insp.add_inspection(db, admin, insp.InspectionInput(
            mode=mode, kind="thematic", title=f"Cuộc {mode}", start_date=date(2026, 3, 2),
            decision_number="03/QĐ-TTr", decision_date=date(2026, 3, 1),
            members=(insp.MemberInput("Nông Văn Thanh", "head"),)))
    page = InspectionsPage(db, admin)
    qtbot.addWidget(page)
    page.year.setValue(2026)
    page.refresh()
    assert page.model.rowCount() == 2
    assert "1 cuộc thanh tra, 1 cuộc kiểm tra" in page.summary.text()


def test_visit_documents_from_the_page(qtbot: QtBot, db: Database, admin: Actor) -> None:
    """The selected visit's checking record opens in a preview; the reminder needs a request."""
    from inspector.services import establishments as est
    from inspector.services import issued_documents as issued
    from inspector.services.checklists import ChecklistAnswer, load_checklist
    from inspector.ui.issued_documents_dialog import IssueDocumentWindow
    from inspector.ui.reminder_dialog import ReminderDialog
    from tests.conftest import make_actor
    from tests.documents.pdfread import text
    from tests.factories import configure_agency

    configure_agency(db, admin)
    company = est.add_establishment(db, admin, est.EstablishmentInput(
        sector="printing", name="Công ty in Việt Lập", owner_kind="organization"))
    inspection = insp.add_inspection(db, admin, insp.InspectionInput(
        mode="kiem_tra", kind="scheduled", title="Kiểm tra hoạt động in",
        start_date=date(2026, 9, 14), decision_number="21/QĐ-KT", decision_date=date(2026, 9, 7),
        members=(insp.MemberInput("Lương Đức Hạnh", "head"),)))
    items = load_checklist("printing").items
    insp.add_visit(db, admin, insp.VisitInput(
        inspection, company, date(2026, 9, 15),
        tuple(ChecklistAnswer(i.id, "no" if n == 0 else "yes") for n, i in enumerate(items)),
        outcome="reminded"))
    page = InspectionsPage(db, admin)
    qtbot.addWidget(page)
    page.year.setValue(2026)
    page.refresh()
    page.visits_view.selectRow(0)
    window = page.visit_record()
    assert isinstance(window, IssueDocumentWindow) and window.preview.page_count >= 1
    qtbot.addWidget(window)
    assert window.on_date.value() == date(2026, 9, 15)
    assert not window.panel.reprint_button.isEnabled()
    qtbot.mouseClick(window.issue_button, Qt.MouseButton.LeftButton)
    assert window.issued is not None and window.issued.number_text == "01/BB-KT"
    assert window.panel.list.count() == 1 and window.panel.reprint_button.isEnabled()
    assert issued.list_documents(db, admin, 2026)[0].kind == "no_violation"
    qtbot.mouseClick(window.issue_button, Qt.MouseButton.LeftButton)  # a second one is refused
    assert "Đã có biên bản kiểm tra số 01/BB-KT" in window.message.text()
    reminder = page.reminder()
    assert isinstance(reminder, ReminderDialog)
    qtbot.addWidget(reminder)
    type_text(reminder.requests, "Ghi chép đầy đủ sổ theo dõi ấn phẩm")
    assert reminder.make() and reminder.preview.page_count >= 1
    chief_page = InspectionsPage(db, make_actor("chief"))
    qtbot.addWidget(chief_page)
    chief_page.year.setValue(2026)
    chief_page.refresh()
    chief_page.visits_view.selectRow(0)
    letter = chief_page.reminder()
    assert isinstance(letter, ReminderDialog)
    qtbot.addWidget(letter)
    type_text(letter.requests, "Ghi chép đầy đủ sổ theo dõi ấn phẩm")
    letter.on_date.set_value(date(2026, 9, 17))
    qtbot.mouseClick(letter.issue_button, Qt.MouseButton.LeftButton)
    assert letter.issued is not None and letter.issued.number == 1, letter.message.text()
    assert letter.panel.list.count() == 1
    stored = issued.document_pdf(db, admin, "reminder", 1, 2026)
    assert "Ghi chép đầy đủ sổ theo dõi ấn phẩm" in text(stored)
