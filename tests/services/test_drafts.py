"""Drafts: one per user, form and record, replaced on every save, never lost, not audited."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from inspector.services.actor import Actor
from inspector.services.drafts import discard_draft, list_drafts, load_draft, save_draft
from inspector.services.errors import ValidationError
from inspector.store.engine import Database, open_database
from inspector.store.models import AuditEntry
from tests.conftest import make_actor


def test_save_replaces_and_load_returns_the_last(db: Database, operator: Actor) -> None:
    """Saving again replaces the draft; dates come back as ISO strings."""
    save_draft(db, operator, "establishment", {"name": "Nhà sách"}, title="Nhà sách")
    save_draft(db, operator, "establishment", {"name": "Nhà sách Hồng Phúc",
                                               "owner_birth_date": date(1985, 3, 2)},
               title="Nhà sách Hồng Phúc")
    draft = load_draft(db, operator, "establishment")
    assert draft is not None and draft.title == "Nhà sách Hồng Phúc"
    assert draft.payload == {"name": "Nhà sách Hồng Phúc", "owner_birth_date": "1985-03-02"}
    assert [d.title for d in list_drafts(db, operator)] == ["Nhà sách Hồng Phúc"]


def test_drafts_are_per_user_form_and_record(db: Database, operator: Actor) -> None:
    """Another user's draft, another form or another record do not collide."""
    other = make_actor("inspector", "lan")
    save_draft(db, operator, "violation", {"a": 1}, record_key="case-1")
    save_draft(db, operator, "violation", {"a": 2}, record_key="case-2")
    save_draft(db, other, "violation", {"a": 3}, record_key="case-1")
    assert load_draft(db, operator, "violation", "case-1").payload == {"a": 1}  # type: ignore[union-attr]
    assert load_draft(db, other, "violation", "case-1").payload == {"a": 3}  # type: ignore[union-attr]
    assert len(list_drafts(db, operator, "violation")) == 2
    assert discard_draft(db, operator, "violation", "case-1")
    assert load_draft(db, operator, "violation", "case-1") is None
    assert not discard_draft(db, operator, "violation", "case-1")


def test_draft_survives_closing_the_database(db_path: Path, operator: Actor) -> None:
    """A draft saved by one window is there after the app is closed and opened again."""
    first = open_database(str(db_path))
    save_draft(first, operator, "visit", {"notes": "đang ghi"})
    first.dispose()
    again = open_database(str(db_path))
    try:
        assert load_draft(again, operator, "visit").payload == {"notes": "đang ghi"}  # type: ignore[union-attr]
    finally:
        again.dispose()


def test_bad_payload_is_refused_and_drafts_are_not_audited(db: Database,
                                                           operator: Actor) -> None:
    """What is not JSON is refused; autosaves do not flood the audit trail."""
    with db.sessions() as s:
        before = s.scalar(select(func.count()).select_from(AuditEntry))
    for i in range(5):
        save_draft(db, operator, "visit", {"i": i})
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == before
    with pytest.raises(ValidationError):
        save_draft(db, operator, "visit", {"x": object()})
    with pytest.raises(ValidationError):
        save_draft(db, operator, "", {})
