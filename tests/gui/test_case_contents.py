"""Hành vi, tang vật: an entry made by mistake is taken back before the violation record is
made, from the Thanh tra, kiểm tra page, confirmed and audited; once the record states it, the
window only shows it and says why."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from inspector.services import establishments as est
from inspector.services import inspections as insp
from inspector.services import violation_records
from inspector.services.actor import Actor
from inspector.services.cases import (
    SeizedItemInput,
    ViolationInput,
    add_seized_item,
    add_violation_at_visit,
    case_contents,
)
from inspector.store.engine import Database
from inspector.store.models import AuditEntry
from inspector.ui.case_contents_view import CaseContentsWindow
from inspector.ui.pages.inspections import InspectionsPage
from tests.conftest import make_actor
from tests.factories import configure_agency, record_details
from tests.gui.conftest import RecordingDialogs

DAY = date(2026, 11, 24)


def _visit_with_two_violations(db: Database, actor: Actor) -> object:
    configure_agency(db, actor)
    point = est.add_establishment(db, actor, est.EstablishmentInput(
        sector="internet", name="Điểm Internet Bằng Giang", owner_kind="individual",
        owner_name="Hà Thị Lan"))
    inspection = insp.add_inspection(db, actor, insp.InspectionInput(
        mode="kiem_tra", kind="scheduled", title="Kiểm tra điểm Internet công cộng",
        start_date=DAY, decision_number="30/QĐ-KT", decision_date=date(2026, 11, 18),
        members=(insp.MemberInput("Lương Đức Hạnh", "head"),)))
    visit = insp.add_visit(db, actor, insp.VisitInput(inspection, point, DAY, ()))
    case_id, hours = add_violation_at_visit(db, actor, visit, ViolationInput(
        "174/2026/NĐ-CP:36.3.a", ongoing=True, discovered_on=DAY,
        facts="Hoạt động lúc 23 giờ 15 phút", alternative=None))
    add_violation_at_visit(db, actor, visit, ViolationInput(
        "174/2026/NĐ-CP:36.2.a", ongoing=True, discovered_on=DAY,
        facts="Ghi nhầm: không treo biển (biển đã treo ở cửa sau)"))
    add_seized_item(db, actor, case_id, SeizedItemInput(
        "means", "Máy tính để bàn", 2, "bộ", violation_id=hours.id))
    return case_id


def test_a_violation_entered_by_mistake_is_taken_back_before_the_record(
        qtbot: QtBot, db: Database, admin: Actor, recorded_dialogs: RecordingDialogs,
        tmp_path: Path) -> None:
    case_id = _visit_with_two_violations(db, admin)
    page = InspectionsPage(db, admin)
    qtbot.addWidget(page)
    page.year.setValue(2026)
    page.refresh()
    page.visits_view.selectRow(0)
    window = page.show_case_contents()
    assert isinstance(window, CaseContentsWindow)
    qtbot.addWidget(window)
    assert window.violations.count() == 2 and window.seized.count() == 1
    assert "Máy tính để bàn — 2 bộ" in window.seized.item(0).text()
    assert "chưa lập biên bản" in window.state.text()
    assert not window.remove_violation_button.isEnabled()  # nothing chosen yet
    window.violations.setCurrentRow(1)
    assert "Ghi nhầm" in window.violations.item(1).text()
    assert "Điểm a khoản 2 Điều 36 Nghị định số 174/2026/NĐ-CP" in window.violations.item(1).text()
    assert window.grab().save(str(tmp_path / "hanh-vi-tang-vat.png"))

    recorded_dialogs.answer = False  # "Không": nothing removed
    qtbot.mouseClick(window.remove_violation_button, Qt.MouseButton.LeftButton)
    assert window.violations.count() == 2
    recorded_dialogs.answer = True
    window.violations.setCurrentRow(1)
    qtbot.mouseClick(window.remove_violation_button, Qt.MouseButton.LeftButton)
    assert recorded_dialogs.shown[-1][0] == "confirm"
    assert "Bỏ hành vi 2" in recorded_dialogs.shown[-1][1]
    assert window.violations.count() == 1
    assert "23 giờ 15" in window.violations.item(0).text()
    contents = case_contents(db, admin, case_id)  # type: ignore[arg-type]
    assert [v.facts for v in contents.violations] == ["Hoạt động lúc 23 giờ 15 phút"]
    with db.sessions() as s:
        removed = s.scalars(select(AuditEntry.user_login).where(
            AuditEntry.entity == "violations", AuditEntry.action == "delete")).all()
    assert removed == ["admin"]

    # The record now states the remaining violation and the computer: nothing can be removed.
    violation_records.issue_record(db, admin, case_id, DAY, details=record_details(  # type: ignore[arg-type]
        DAY, preventive_measures=("Tạm giữ tang vật, phương tiện vi phạm hành chính",)))
    window.load()
    assert "biên bản vi phạm đã ghi" in window.state.text()
    window.violations.setCurrentRow(0)
    window.seized.setCurrentRow(0)
    assert not window.remove_violation_button.isEnabled()
    assert not window.remove_seized_button.isEnabled()
    # Called anyway (a stale window): the service refuses, the window says why in Vietnamese.
    assert not window.remove_seized(0)
    kind, text = recorded_dialogs.shown[-1]
    assert kind in ("warning", "error") and "không sửa được hành vi vi phạm, tang vật" in text
    assert window.seized.count() == 1


def test_a_clerk_reads_but_does_not_remove(qtbot: QtBot, db: Database, admin: Actor) -> None:
    case_id = _visit_with_two_violations(db, admin)
    window = CaseContentsWindow(db, make_actor("clerk"), case_id, "Điểm Internet Bằng Giang")  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.violations.setCurrentRow(0)
    assert window.violations.count() == 2
    assert not window.remove_violation_button.isEnabled()
