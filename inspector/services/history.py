"""The audit history of one record, for its History view."""

from __future__ import annotations

import uuid

from inspector.domain.roles import Permission
from inspector.services.actor import Actor
from inspector.services.audit import HistoryItem, history
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database


def record_history(db: Database, actor: Actor, record_id: uuid.UUID) -> list[HistoryItem]:
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        return history(uow.session.connection(), record_id)
