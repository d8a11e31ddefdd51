"""The law service: the catalog read from the database, administrator edits, audited."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from inspector.services import law
from inspector.services.actor import Actor
from inspector.services.errors import NotFound, PermissionDenied, ValidationError
from inspector.store.engine import Database
from inspector.store.models import AuditEntry
from tests.conftest import make_actor


def test_catalog_comes_from_the_database(db: Database) -> None:
    """The shipped reference data is in the database and builds a full catalog."""
    catalog = law.law_data(db).catalog
    assert len(catalog.provisions) > 100 and len(catalog.instruments) >= 10
    assert catalog.provision("119/2020/ND-CP:29.1.a").key == "119/2020/NĐ-CP:29.1.a"


def test_end_dating_a_provision_applies_at_once_and_is_audited(db: Database,
                                                                operator: Actor) -> None:
    """After an administrator end-dates a provision, a later violation is refused under it."""
    key = "119/2020/NĐ-CP:29.1.a"
    assert law.quote(db, operator, key, "individual", date(2026, 3, 1)).bracket.maximum
    law.end_provision(db, operator, key, date(2025, 12, 31))
    with pytest.raises(ValidationError):
        law.quote(db, operator, key, "individual", date(2026, 3, 1))
    assert law.quote(db, operator, key, "individual", date(2025, 3, 1)).bracket.maximum
    with db.sessions() as s:
        changes = s.scalars(select(AuditEntry.changes).where(
            AuditEntry.entity == "ref_provisions", AuditEntry.action == "update")).all()
    assert any("2025-12-31" in c for c in changes)


def test_adding_a_provision_is_validated(db: Database, operator: Actor) -> None:
    """A new provision must parse like shipped data and must not repeat an existing key."""
    catalog = law.law_data(db).catalog
    record = catalog.provision("119/2020/NĐ-CP:29.1.a").to_dict()
    with pytest.raises(ValidationError):
        law.add_provision(db, operator, record)
    record = {**record, "key": "119/2020/NĐ-CP:29.9.a", "clause": "9"}
    law.add_provision(db, operator, record)
    assert law.law_data(db).catalog.has_provision("119/2020/ND-CP:29.9.a")
    with pytest.raises(ValidationError):
        law.add_provision(db, operator, {"key": "bad"})


def test_holiday_added_moves_a_deadline(db: Database, operator: Actor) -> None:
    """A day off added by an administrator is used by working-day deadlines at once."""
    kwargs = dict(violation_ended=date(2026, 10, 1), discovered_on=None, ongoing=False,
                  record_date=date(2026, 10, 5), decision_date=None, sector="internet")
    before = law.deadlines(db, operator, **kwargs)["decision_deadline"].due
    law.add_holiday(db, operator, date(2026, 10, 7), "Ngày nghỉ thử", source="test")
    after = law.deadlines(db, operator, **kwargs)["decision_deadline"].due
    assert before is not None and after is not None and (after - before).days >= 1


@pytest.mark.parametrize("role", ["inspector", "chief", "clerk"])
def test_only_admin_edits_the_law(db: Database, role: str) -> None:
    """Editing the catalog is refused for every role but administrator."""
    with pytest.raises(PermissionDenied):
        law.end_provision(db, make_actor(role), "119/2020/NĐ-CP:29.1.a", date(2025, 1, 1))


def test_unknown_provision_to_end(db: Database, operator: Actor) -> None:
    """End-dating a key that is not in the catalog is refused."""
    with pytest.raises(NotFound):
        law.end_provision(db, operator, "119/2020/NĐ-CP:99.1.a", date(2025, 1, 1))


def test_chief_inspector_refused_after_abolition(db: Database, operator: Actor) -> None:
    """From 01/7/2025 the Chánh Thanh tra Sở no longer exists: quoting for that title is refused
    and the titles that exist on the date, the Director among them, are named (issue 9 §7)."""
    with pytest.raises(ValidationError) as info:
        law.quote(db, operator, "174/2026/NĐ-CP:36.3.a", "organization", date(2026, 8, 1),
                  signer="chief_inspector_department")
    assert "director_department" in info.value.vi and info.value.field == "signer"
