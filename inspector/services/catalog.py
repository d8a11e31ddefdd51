"""Read the law's catalog for the Danh mục page: rows built from the stored catalog.

One source of truth: these rows come from ``services.law.law_data`` (the database tables read
into the domain objects), the same objects the engine applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from inspector.domain.calendar import HolidayRow
from inspector.domain.law import Circumstance, Provision, SignerCap
from inspector.domain.roles import Permission
from inspector.domain.text import search_key
from inspector.services.actor import Actor
from inspector.services.law import law_data
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database


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
    provision: Provision
    effective_from: date | None
    effective_until: date | None
    #: the Law's party rule (organisation = this many times an individual), from the catalog
    organization_multiple: int

    @property
    def key(self) -> str:
        return self.provision.key

    @property
    def confirmed(self) -> bool:
        return self.provision.confirmed

    def in_force(self, on: date) -> bool:
        return ((self.effective_from is not None and self.effective_from <= on)
                and (self.effective_until is None or on <= self.effective_until))


def list_instruments(db: Database, actor: Actor) -> list[InstrumentRow]:
    actor.require(Permission.VIEW)
    catalog = law_data(db).catalog
    rows = [InstrumentRow(i.number, i.kind, i.title, i.effective_from, i.effective_until,
                          i.confirmed, i.source) for i in catalog.instruments]
    return sorted(rows, key=lambda r: (r.effective_from or date.min, r.number))


def list_provisions(db: Database, actor: Actor, text: str | None = None,
                    on: date | None = None, sector: str | None = None) -> list[ProvisionRow]:
    """Provisions matching every word of ``text`` (accent-insensitive), optionally in force ``on``."""
    actor.require(Permission.VIEW)
    catalog = law_data(db).catalog
    words = search_key(text or "").split()
    out = []
    for p in sorted(catalog.provisions, key=lambda p: p.parsed_key.sort_key()):
        if sector and p.sector != sector:
            continue
        start, end = catalog.provision_window(p)
        row = ProvisionRow(p, start, end, catalog.organization_multiple)
        if on is not None and not row.in_force(on):
            continue
        haystack = search_key(f"{p.key} {p.description} {p.instrument}")
        if all(w in haystack for w in words):
            out.append(row)
    return out


def list_caps(db: Database, actor: Actor) -> list[SignerCap]:
    actor.require(Permission.VIEW)
    caps = law_data(db).catalog.signer_caps
    return sorted(caps, key=lambda c: (c.valid_from, c.title_code, c.instrument))


def list_circumstances(db: Database, actor: Actor) -> list[Circumstance]:
    actor.require(Permission.VIEW)
    catalog = law_data(db).catalog
    return [*catalog.mitigating, *catalog.aggravating]


def list_holidays(db: Database, actor: Actor, year: int) -> list[HolidayRow]:
    """The days off (and swapped working days) of one year, from the stored calendar."""
    actor.require(Permission.VIEW)
    from sqlalchemy import select

    from inspector.store.reference import RefHoliday

    with UnitOfWork(db, actor) as uow:
        rows = uow.session.scalars(select(RefHoliday).where(
            RefHoliday.day >= date(year, 1, 1), RefHoliday.day <= date(year, 12, 31)
        ).order_by(RefHoliday.day))
        return [HolidayRow(r.day, r.data.get("name", ""), r.kind, r.confirmed,
                           r.data.get("source", ""), r.data.get("note", "")) for r in rows]
