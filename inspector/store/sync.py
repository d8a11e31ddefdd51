"""Sync bookkeeping: the devices a register exchanges packages with, the bundles imported,
what each side last saw of every record, and the record numbers reserved for a laptop.

A record "changed since they last met" is decided from :class:`SyncRecord`: per peer device and
record, the digest of the record as the peer had it (``peer_digest``) and as this database had it
(``local_digest``) when they last exchanged it. Provenance (``source_device``, ``bundle_id``) is
kept on the same row for the records that came in. These rows are bookkeeping, not records of
the case: they are not audited row by row (the import itself is, one entry per record).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from inspector.store.base import Base, Entity, UTCDateTime, utcnow


class SyncDevice(Entity):
    """A device this database exchanges packages with, or this database itself (``is_self``).

    On a laptop, the register it takes its packages from has ``is_register``."""

    __tablename__ = "sync_devices"

    name: Mapped[str] = mapped_column(String(120), unique=True)
    is_self: Mapped[bool] = mapped_column(Boolean, default=False)
    is_register: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(String(250), default="")


class SyncBundle(Base):
    """A bundle imported here (for idempotence and provenance) or made here (``direction``)."""

    __tablename__ = "sync_bundles"
    __table_args__ = (
        CheckConstraint("direction IN ('in', 'out')", name="direction"),
        CheckConstraint("kind IN ('laptop', 'register')", name="kind"),
    )

    bundle_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    direction: Mapped[str] = mapped_column(String(3))
    kind: Mapped[str] = mapped_column(String(10))
    source_device: Mapped[str] = mapped_column(String(120))
    target_device: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_login: Mapped[str] = mapped_column(String(60))
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SyncRecord(Base):
    """What this database and one peer last agreed about one record."""

    __tablename__ = "sync_records"

    peer: Mapped[str] = mapped_column(String(120), primary_key=True)
    entity: Mapped[str] = mapped_column(String(60), primary_key=True)
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    peer_digest: Mapped[str] = mapped_column(String(64))
    local_digest: Mapped[str] = mapped_column(String(64))
    # Provenance of the version that came in from this peer (None for records sent out).
    source_device: Mapped[str | None] = mapped_column(String(120))
    bundle_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class NumberBlock(Entity):
    """Numbers of one kind and year reserved for one device (inclusive range).

    The register writes it when it prepares a package; the laptop keeps a copy and numbers its
    violation records from it; the register refuses a number outside the device's blocks."""

    __tablename__ = "sync_number_blocks"
    __table_args__ = (
        CheckConstraint("first_number > 0 AND last_number >= first_number", name="range"),
        UniqueConstraint("kind", "year", "first_number", name="uq_sync_number_blocks_first"),
    )

    device: Mapped[str] = mapped_column(String(120), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    year: Mapped[int] = mapped_column(Integer)
    first_number: Mapped[int] = mapped_column(Integer)
    last_number: Mapped[int] = mapped_column(Integer)
