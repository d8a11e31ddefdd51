"""Read the catalog of the law for the Danh mục page and the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from inspector.domain.roles import Permission
from inspector.domain.text import search_key
from inspector.services.actor import Actor
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.reference import RefInstrument, RefProvision


@dataclass(frozen=True)
class InstrumentRow:
    number: str
    kind: str
    title: str
    effective_from: date | None
    effective_until: date | None
    confirmed: bool
    source: str


@dataclass(frozen=True)
class ProvisionRow:
    key: str
    instrument: str
    sector: str
    description: str
    sanction_kind: str
    printed_min: int | None
    printed_max: int | None
    party: str
    effective_from: date | None
    effective_until: date | None
    confirmed: bool
    source: str
    data: dict[str, Any]

    def in_force(self, on: date) -> bool:
        return ((self.effective_from is None or self.effective_from <= on)
                and (self.effective_until is None or on <= self.effective_until))


def list_instruments(db: Database, actor: Actor) -> list[InstrumentRow]:
    actor.require(Permission.VIEW)
    with UnitOfWork(db, actor) as uow:
        rows = uow.session.scalars(select(RefInstrument).order_by(RefInstrument.effective_from))
        return [InstrumentRow(r.number, r.data.get("kind", ""), r.data.get("title", ""),
                              r.effective_from, r.effective_until, r.confirmed,
                              r.data.get("source", "")) for r in rows]


def list_provisions(db: Database, actor: Actor, text: str | None = None,
                    on: date | None = None, sector: str | None = None) -> list[ProvisionRow]:
    """Provisions matching every word of ``text`` (accent-insensitive), in force ``on``."""
    actor.require(Permission.VIEW)
    words = search_key(text or "").split()
    with UnitOfWork(db, actor) as uow:
        stmt = select(RefProvision).order_by(RefProvision.instrument, RefProvision.key)
        if sector:
            stmt = stmt.where(RefProvision.sector == sector)
        out = []
        for r in uow.session.scalars(stmt):
            d = r.data
            row = ProvisionRow(r.key, r.instrument, r.sector, d.get("description", ""),
                               d.get("sanction_kind", "fine"), d.get("printed_min"),
                               d.get("printed_max"), d.get("party", ""), r.effective_from,
                               r.effective_until, r.confirmed, d.get("source", ""), d)
            if on is not None and not row.in_force(on):
                continue
            haystack = search_key(f"{r.key} {row.description} {r.instrument}")
            if all(w in haystack for w in words):
                out.append(row)
        return out
