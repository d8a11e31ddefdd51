"""Issue 9 §4 and §8 through the services on a migrated SQLite file."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from inspector.services import decisions
from inspector.services.actor import Actor
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from tests.conftest import make_actor
from tests.factories import INTERNET_POINT, configure_agency, make_case

CHIEF = make_actor("chief", "chanh.tt")


def test_review_applies_the_two_year_limitation_of_decree_174_2026_art_53_2_a(
        db: Database, operator: Actor) -> None:
    """Decree 174/2026 Art 4(5): Art 53(2)(a) has a two-year limitation. Ended 15/07/2026, a
    review dated 01/08/2027 is within it (to 15/07/2028), not refused as expired."""
    configure_agency(db, operator)
    case_id = make_case(db, operator, [{
        "provision_key": "174/2026/NĐ-CP:53.2.a", "amount": 20_000_000,
        "facts": "Lưu thông thiết bị chưa công bố hợp quy", "ended_on": date(2026, 7, 15)}],
        establishment={**INTERNET_POINT, "sector": "ict_goods"}, opened_on=date(2026, 7, 15),
        subject_kind="organization")
    review = decisions.review_decision(db, CHIEF, case_id, date(2027, 8, 1))
    limitation = next(c for c in review.checks if c.name == "limitation")
    assert limitation.ok, limitation.message
    assert "15/07/2028" in limitation.message


def test_an_unknown_integrity_error_is_a_bug_not_a_conflict(db: Database) -> None:
    """Issue 9 §8: only the registers and the same-day visit are conflicts."""
    with pytest.raises(IntegrityError), UnitOfWork(db, None) as uow:
        uow.session.execute(text("INSERT INTO users (login) VALUES (NULL)"))
