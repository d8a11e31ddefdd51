"""Plans, inspections with their teams, and visits with the sector checklists."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from inspector.services.actor import Actor
from inspector.services.checklists import ChecklistAnswer
from inspector.services.errors import ConflictError, PermissionDenied
from inspector.services.establishments import EstablishmentInput, add_establishment
from inspector.services.forms import FormInvalid
from inspector.services.inspections import (
    InspectionInput,
    MemberInput,
    PlanInput,
    VisitInput,
    add_inspection,
    add_plan,
    add_visit,
    inspection_detail,
    list_inspections,
    list_plans,
    plan_detail,
    update_inspection,
    update_plan,
    update_visit,
    validate_inspection,
    visit_detail,
)
from inspector.store.engine import Database
from inspector.store.models import InspectionMember, Visit
from tests.conftest import make_actor

TEAM = (MemberInput("Hoàng Văn Nam", "head"), MemberInput("Lục Thị Hoa", "member"),
        MemberInput("Bế Văn Tú", "member", "Công an tỉnh Cao Bằng"))
JOINT = InspectionInput(
    mode="kiem_tra", kind="interdisciplinary", title="Kiểm tra liên ngành Internet, trò chơi",
    start_date=date(2024, 6, 3), end_date=date(2024, 6, 14), decision_number="25/QĐ-STTTT",
    decision_date=date(2024, 5, 28), participating_agencies=("Công an tỉnh Cao Bằng",),
    members=TEAM)


def problems(data: InspectionInput) -> dict[str, str]:
    return {p.field: p.message for p in validate_inspection(data) if p.blocking}


def shop(db: Database, actor: Actor, sector: str = "game") -> object:
    return add_establishment(db, actor, EstablishmentInput(
        sector=sector, name=f"Điểm {sector} Minh Khai", owner_kind="individual",
        owner_name="Đàm Văn Minh", address_line="Số 3, phố Hiến Giang", commune_code="01273"))


def test_plan_lists_its_inspections(db: Database, operator: Actor) -> None:
    """A yearly plan lists the inspections planned under it."""
    plan = add_plan(db, operator, PlanInput(2024, "Kế hoạch thanh tra năm 2024", "1234/QĐ-UBND",
                                            date(2023, 12, 20)))
    add_inspection(db, operator, replace(JOINT, kind="scheduled", plan_id=plan.id))
    assert [p.inspections for p in list_plans(db, operator, 2024)] == [1]
    assert [i.title for i in plan_detail(db, operator, plan.id).inspections] == [JOINT.title]
    with pytest.raises(FormInvalid):
        add_plan(db, operator, PlanInput(1990, "Cũ"))
    with pytest.raises(FormInvalid) as err:
        add_inspection(db, operator, replace(JOINT, plan_id=plan.id,
                                             start_date=date(2025, 1, 6), end_date=None,
                                             decision_date=date(2025, 1, 2)))
    assert "2024" in err.value.vi
    with pytest.raises(FormInvalid):  # its inspections are of 2024
        update_plan(db, operator, plan.id, PlanInput(2025, plan.title), plan.version)
    renamed = update_plan(db, operator, plan.id, PlanInput(2024, "Kế hoạch sửa"), plan.version)
    assert renamed.inspections == 1 and renamed.version == plan.version + 1


def test_inspection_form_rules() -> None:
    """Interdisciplinary needs its agencies; thanh tra needs a decision; the decision comes
    before the start; one head of team; the period in order."""
    assert problems(JOINT) == {}
    assert "participating_agencies" in problems(replace(JOINT, participating_agencies=()))
    assert "decision_number" in problems(replace(JOINT, mode="thanh_tra", decision_number=None))
    assert "decision_number" not in problems(replace(JOINT, decision_number=None))
    assert "decision_date" in problems(replace(JOINT, decision_date=date(2024, 6, 5)))
    assert "members" in problems(replace(JOINT, members=(*TEAM, MemberInput("X", "head"))))
    assert "end_date" in problems(replace(JOINT, end_date=date(2024, 6, 1)))
    assert "members[0].role" in problems(replace(JOINT, members=(MemberInput("Y", "boss"),)))


def test_inspection_with_team_and_agencies_round_trip(db: Database, operator: Actor) -> None:
    """Members with roles and the agencies taking part come back as saved."""
    inspection_id = add_inspection(db, operator, JOINT)
    detail = inspection_detail(db, operator, inspection_id)
    assert detail.participating_agencies == ("Công an tỉnh Cao Bằng",)
    assert next((m.full_name, m.role) for m in detail.members) == ("Hoàng Văn Nam", "head")
    assert detail.to_input() == JOINT
    assert [r.id for r in list_inspections(db, operator, 2024, text="lien nganh")] == [
        inspection_id]


def test_team_change_moves_the_version_and_stale_saves_are_refused(
        db: Database, operator: Actor) -> None:
    """Replacing the team is a change of the inspection: a second window's save is refused."""
    inspection_id = add_inspection(db, operator, JOINT)
    first = inspection_detail(db, operator, inspection_id)
    saved = update_inspection(db, operator, inspection_id,
                              replace(first.to_input(), members=TEAM[:2]), first.version)
    assert saved.version == first.version + 1 and len(saved.members) == 2
    with pytest.raises(ConflictError):
        update_inspection(db, operator, inspection_id, first.to_input(), first.version)


def test_database_refuses_an_unknown_member_role(db: Database, operator: Actor) -> None:
    """A CHECK constraint backs the role list."""
    inspection_id = add_inspection(db, operator, JOINT)
    with db.sessions() as s:
        s.add(InspectionMember(inspection_id=inspection_id, full_name="A", role="boss"))
        with pytest.raises(IntegrityError):
            s.flush()


def test_visit_with_checklist_answers(db: Database, operator: Actor) -> None:
    """The answers are stored with the checklist's sector and version and read back."""
    inspection_id = add_inspection(db, operator, JOINT)
    est = shop(db, operator)
    answers = (ChecklistAnswer("certificate_displayed", "yes"),
               ChecklistAnswer("opening_hours", "no", "Mở cửa đến 23 giờ"),
               ChecklistAnswer("machines", "yes", count=24))
    visit_id = add_visit(db, operator, VisitInput(inspection_id, est, date(2024, 6, 5),  # type: ignore[arg-type]
                                                  answers, "reminded"))
    detail = visit_detail(db, operator, visit_id)
    assert detail.checklist_sector == "game" and detail.answers == answers
    assert inspection_detail(db, operator, inspection_id).visits[0].failed_items == 1


def test_visit_rules(db: Database, operator: Actor) -> None:
    """Inside the period; known items only; no 'compliant' with a failed item; no outcome
    'violations' without one; the same shop not twice a day in one inspection."""
    inspection_id = add_inspection(db, operator, JOINT)
    est = shop(db, operator)
    base = VisitInput(inspection_id, est, date(2024, 6, 5))  # type: ignore[arg-type]
    for bad, field in (
            (replace(base, visit_date=date(2024, 7, 1)), "visit_date"),
            (replace(base, answers=(ChecklistAnswer("no_such_item", "yes"),)),
             "checklist.no_such_item"),
            (replace(base, answers=(ChecklistAnswer("opening_hours", "maybe"),)),
             "checklist.opening_hours"),
            (replace(base, outcome="compliant",
                     answers=(ChecklistAnswer("opening_hours", "no"),)), "outcome"),
            (replace(base, outcome="violations"), "outcome")):
        with pytest.raises(FormInvalid) as err:
            add_visit(db, operator, bad)
        assert field in {p.field for p in err.value.problems}, field
    visit_id = add_visit(db, operator, base)
    with pytest.raises(ConflictError):
        add_visit(db, operator, base)
    detail = visit_detail(db, operator, visit_id)
    moved = update_visit(db, operator, visit_id, replace(detail.to_input(), outcome="compliant"),
                         detail.version)
    with pytest.raises(ConflictError):
        update_visit(db, operator, visit_id, detail.to_input(), detail.version)
    assert moved.outcome == "compliant"


def test_database_refuses_a_second_visit_the_same_day(db: Database, operator: Actor) -> None:
    """A unique key backs the rule even if a form skipped the service's check."""
    inspection_id = add_inspection(db, operator, JOINT)
    est = shop(db, operator)
    with db.sessions() as s:
        for _ in range(2):
            s.add(Visit(inspection_id=inspection_id, establishment_id=est,
                        visit_date=date(2024, 6, 5)))
        with pytest.raises(IntegrityError):
            s.flush()


def test_clerk_cannot_record_field_work(db: Database, operator: Actor) -> None:
    """A clerk reads inspections but cannot create them or their visits."""
    clerk = make_actor("clerk")
    with pytest.raises(PermissionDenied):
        add_inspection(db, clerk, JOINT)
    inspection_id = add_inspection(db, operator, JOINT)
    assert inspection_detail(db, clerk, inspection_id).title == JOINT.title
