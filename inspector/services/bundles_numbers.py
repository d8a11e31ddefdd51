"""Violation-record numbers reserved for a laptop, so two laptops offline never issue the same.

The register reserves a block of the year's sequence for a device when it prepares a package,
and records the block's last number in its register of numbers as skipped ("reserved for …"),
so its own next number comes after the block. The laptop numbers its records from its blocks
only (:func:`reserved_number`, called by ``numbering.next_number``). On import the register
refuses a number outside the blocks it reserved for the sending device, or one already used by
another record (:func:`claim_record_number`).
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector.services import numbering
from inspector.services.bundles_format import BundleError
from inspector.services.errors import ValidationError
from inspector.store.models import DocumentNumber
from inspector.store.sync import NumberBlock, SyncDevice

DEFAULT_BLOCK = 50


def _reason(device: str, first: int, last: int) -> str:
    return f"Dải số {first}–{last} dành cho máy {device}"


def reserve_block(session: Session, agency_id: uuid.UUID, device: str, year: int,
                  size: int = DEFAULT_BLOCK) -> NumberBlock:
    """A new block of ``size`` record numbers of ``year`` for ``device``, after every number
    used, skipped or reserved so far."""
    if not 1 <= size <= 10_000:
        raise ValidationError("Số lượng số biên bản dành cho máy phải từ 1 đến 10.000.",
                              "the block size must be between 1 and 10000", field="block_size")
    used = session.scalar(select(func.max(DocumentNumber.number)).where(
        DocumentNumber.agency_id == agency_id, DocumentNumber.year == year,
        DocumentNumber.kind == numbering.RECORD)) or 0
    reserved = session.scalar(select(func.max(NumberBlock.last_number)).where(
        NumberBlock.kind == numbering.RECORD, NumberBlock.year == year)) or 0
    first = max(used, reserved) + 1
    last = first + size - 1
    block = NumberBlock(device=device, kind=numbering.RECORD, year=year, first_number=first,
                        last_number=last)
    session.add(block)
    session.add(DocumentNumber(agency_id=agency_id, year=year, kind=numbering.RECORD,
                               number=last, status="skipped", reason=_reason(device, first, last)))
    session.flush()
    return block


def open_block(session: Session, device: str, year: int) -> NumberBlock | None:
    """The device's block of ``year`` with numbers left in the register's view (None if none)."""
    for block in session.scalars(select(NumberBlock).where(
            NumberBlock.device == device, NumberBlock.kind == numbering.RECORD,
            NumberBlock.year == year).order_by(NumberBlock.first_number)):
        used = session.scalar(select(func.count()).select_from(DocumentNumber).where(
            DocumentNumber.kind == numbering.RECORD, DocumentNumber.year == year,
            DocumentNumber.status == "used",
            DocumentNumber.number.between(block.first_number, block.last_number))) or 0
        if used < block.last_number - block.first_number + 1:
            return block
    return None


def reserved_number(session: Session, agency_id: uuid.UUID, year: int) -> int | None:
    """On a laptop (a database that takes packages from a register): the next free number of
    its blocks for ``year``. None on the register, which numbers from its own sequence."""
    me = session.scalar(select(SyncDevice.name).where(SyncDevice.is_self.is_(True)))
    laptop = session.scalar(select(SyncDevice.id).where(SyncDevice.is_register.is_(True)))
    if me is None or laptop is None:
        return None
    taken = set(session.scalars(select(DocumentNumber.number).where(
        DocumentNumber.agency_id == agency_id, DocumentNumber.year == year,
        DocumentNumber.kind == numbering.RECORD)))
    blocks = list(session.scalars(select(NumberBlock).where(
        NumberBlock.device == me, NumberBlock.kind == numbering.RECORD,
        NumberBlock.year == year).order_by(NumberBlock.first_number)))
    for block in blocks:
        for number in range(block.first_number, block.last_number + 1):
            if number not in taken:
                return number
    what = "đã dùng hết" if blocks else "chưa có"
    raise ValidationError(
        f"Máy này {what} dải số biên bản năm {year} do Sở cấp; hãy nhận gói dữ liệu mới từ Sở "
        "trước khi lập biên bản.",
        f"this laptop has {'used up' if blocks else 'no'} reserved record numbers for {year}; "
        "take a new package from the register first", field="number")


def claim_record_number(session: Session, agency_id: uuid.UUID, device: str, year: int,
                        number: int, record_id: uuid.UUID) -> None:
    """Register side: enter ``number`` as used by ``record_id`` if it lies in a block reserved
    for ``device``; refuse otherwise."""
    block = session.scalar(select(NumberBlock).where(
        NumberBlock.device == device, NumberBlock.kind == numbering.RECORD,
        NumberBlock.year == year, NumberBlock.first_number <= number,
        NumberBlock.last_number >= number))
    if block is None:
        raise BundleError(
            f"Biên bản số {number}/{year} của máy {device} nằm ngoài dải số Sở đã cấp cho máy.",
            f"record number {number}/{year} from {device} is outside the blocks reserved for it")
    row = session.scalar(select(DocumentNumber).where(
        DocumentNumber.agency_id == agency_id, DocumentNumber.year == year,
        DocumentNumber.kind == numbering.RECORD, DocumentNumber.number == number))
    if row is None:
        session.add(DocumentNumber(agency_id=agency_id, year=year, kind=numbering.RECORD,
                                   number=number, status="used", document_id=record_id,
                                   reason=""))
    elif row.status == "skipped" and row.reason == _reason(device, block.first_number,
                                                           block.last_number):
        row.status, row.document_id, row.reason = "used", record_id, ""
    elif row.status != "used" or row.document_id != record_id:
        raise BundleError(
            f"Biên bản số {number}/{year} đã được dùng cho biên bản khác trong sổ của Sở.",
            f"record number {number}/{year} is already used by another record in the register")
