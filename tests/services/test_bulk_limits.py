"""The bulk paths (imports, demo data, the bulk add of establishments) stand on the same floor
as a single save: each text within its column's length, each whole number and date within what
both databases store, from the model's columns (``services.limits``)."""

from __future__ import annotations

import sqlite3
import time
from datetime import date
from pathlib import Path

import pytest

from inspector.services.errors import ValidationError
from inspector.services.establishments import (
    EstablishmentInput,
    bulk_add_establishments,
    establishment_rows,
)
from inspector.services.forms import FormInvalid
from inspector.services.limits import check_rows
from inspector.store.base import utcnow
from inspector.store.engine import Database
from inspector.store.models import Establishment, Payment, Violation


def _payment(**values: object) -> dict[str, object]:
    return {"amount": 1_000_000, "paid_on": date(2026, 9, 20), "receipt_number": "BL-1",
            **values}


def test_a_text_longer_than_its_column_is_refused_naming_the_row() -> None:
    rows = [_payment(), _payment(), _payment(receipt_number="R" * 61)]
    with pytest.raises(ValidationError) as caught:
        check_rows(Payment, rows)
    assert caught.value.en == "row 3: payments.receipt_number is 61 characters long, the limit is 60"
    assert caught.value.vi.startswith("Bản ghi thứ 3: ")
    check_rows(Payment, [_payment(receipt_number="R" * 60)])  # the limit itself fits


@pytest.mark.parametrize(("column", "value", "said"), [
    ("amount", 2**31, "out of range"),
    ("amount", -(2**31) - 1, "out of range"),
    ("paid_on", date(9999, 12, 31), "outside 1900-01-01..2999-12-31"),
    ("paid_on", date(1, 1, 1), "outside 1900-01-01..2999-12-31"),
])
def test_numbers_and_dates_beyond_what_the_databases_store(column: str, value: object,
                                                           said: str) -> None:
    with pytest.raises(ValidationError, match=said):
        check_rows(Payment, [_payment(), _payment(**{column: value})])
    check_rows(Payment, [_payment(amount=2**31 - 1, paid_on=date(2999, 12, 31))])


def test_the_same_declaration_as_the_single_row_path() -> None:
    """Every bounded column of a model is checked: the lengths are the model's own."""
    lengths = {c.name: c.type.length for c in Violation.__table__.columns
               if getattr(c.type, "length", None)}
    assert lengths
    for name, length in lengths.items():
        check_rows(Violation, [{name: "x" * length}])
        with pytest.raises(ValidationError, match=f"violations.{name} is {length + 1} "):
            check_rows(Violation, [{name: "x" * (length + 1)}])


def test_the_bulk_add_refuses_and_writes_nothing(db: Database, db_path: Path,
                                                 operator: object) -> None:
    good = [EstablishmentInput(sector="internet", name=f"Đại lý {i}", owner_kind="organization")
            for i in range(5)]
    bad = EstablishmentInput(sector="internet", name="Đại lý", owner_kind="organization",
                             phone="0" * 21)
    with pytest.raises((FormInvalid, ValidationError)):
        bulk_add_establishments(db, operator, [*good, bad])  # type: ignore[arg-type]
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT count(*) FROM establishments").fetchone() == (0,)
    finally:
        conn.close()


def test_the_check_costs_little_on_a_bulk_batch() -> None:
    """10,000 establishment rows (one batch of the bulk add) checked in a small fraction of
    what making them costs."""
    items = [EstablishmentInput(sector="internet", name=f"Đại lý Internet {i}",
                                owner_kind="household", owner_name="Hoàng Văn An",
                                address_line=f"Số {i}", commune_name="Xã Hòa An",
                                province_name="Cao Bằng", phone="0912345678")
             for i in range(10_000)]
    rows = [values for values, _ in establishment_rows(items, utcnow(), date(2026, 12, 1))]
    start = time.process_time()
    check_rows(Establishment, rows)
    assert time.process_time() - start < 0.5
