"""Amounts of money in đồng: figures with dot separators and amounts in words.

Sanction decisions print every fine twice, "15.500.000 đồng (Mười lăm triệu năm trăm
nghìn đồng)", and the two must agree. Amounts are ``int`` numbers of đồng everywhere in
the app; floats and bools are refused so rounding can never creep in. Library
converters were checked and each disagreed with decision wording somewhere (see
stack.md), hence this small in-house implementation.

Conventions for :func:`amount_in_words` (those of administrative and banking
documents):

* digits: không, một, hai, ba, bốn, năm, sáu, bảy, tám, chín;
* 10 "mười", 11 "mười một", 14 "mười bốn", 15 "mười lăm";
* 21 "hai mươi mốt", 24 "hai mươi bốn" (never "tư"), 25 "hai mươi lăm", 20 "hai mươi";
* a zero tens digit after hundreds is "linh" (never "lẻ"): 105 "một trăm linh năm",
  101 "một trăm linh một";
* scales "nghìn" (never "ngàn"), "triệu", "tỷ"; above that the scales repeat on top of
  "tỷ": "nghìn tỷ", "triệu tỷ", "tỷ tỷ";
* a group of three digits with a non-zero group anywhere above it is read in full,
  including "không trăm": 1.050.000 "một triệu không trăm năm mươi nghìn",
  1.005 "một nghìn không trăm linh năm";
* a group that is entirely zero is skipped: 1.000.005 "một triệu không trăm linh năm",
  75.000.000 "bảy mươi lăm triệu";
* 0 is "không".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from inspector.domain.text import nfc

__all__ = ["Settlement", "amount_in_words", "format_vnd", "parse_vnd", "settle"]

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 10**9


def _check_amount(amount: object) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"Số tiền phải là số nguyên đồng (int), không phải {type(amount).__name__}")
    if amount < 0:
        raise ValueError(f"Số tiền không được âm: {amount}")
    return amount


def format_vnd(amount: int, unit: bool = True) -> str:
    """Format whole đồng with dot thousands separators: ``15.500.000 đồng``.

    Args:
        amount: a non-negative ``int``.
        unit: append " đồng" when true.

    Raises:
        TypeError: for floats, bools and other non-``int`` values.
        ValueError: for negative amounts.
    """
    figures = f"{_check_amount(amount):,}".replace(",", ".")
    return f"{figures} đồng" if unit else figures


_UNIT = re.compile(r"\s*(?:đồng|vnđ|vnd|đ|₫)\.?\s*$", re.IGNORECASE)
_PLAIN = re.compile(r"\d+", re.ASCII)
_DOTTED = re.compile(r"\d{1,3}(?:\.\d{3})+", re.ASCII)
_SPACED = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+", re.ASCII)


def parse_vnd(text: str) -> int:
    """Parse an amount typed by a user: ``15.500.000``, ``15500000``, ``15 500 000``.

    An optional unit may follow: ``đ``, ``đồng``, ``VNĐ`` (any case), ``VND`` or ``₫``.
    Thousands separators must be consistent and complete (groups of three).

    Raises:
        TypeError: if ``text`` is not a string.
        ValueError: with a Vietnamese message for anything else: commas (decimal or
            English separators), letters, decimals, negative numbers, leading zeros.
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_vnd cần một chuỗi, không phải {type(text).__name__}")
    number = _UNIT.sub("", nfc(text)).strip()
    if not number:
        raise ValueError("Chưa nhập số tiền")
    if number[0] in "-−–":
        raise ValueError(f"Số tiền không được âm: {text.strip()!r}")
    if "," in number:
        raise ValueError(
            f"Số tiền không hợp lệ: {text.strip()!r} (không dùng dấu phẩy; số tiền là số "
            "nguyên đồng, phân cách hàng nghìn bằng dấu chấm, ví dụ 15.500.000)"
        )
    if not any(p.fullmatch(number) for p in (_PLAIN, _DOTTED, _SPACED)):
        raise ValueError(
            f"Số tiền không hợp lệ: {text.strip()!r} (chỉ gồm chữ số, có thể phân cách "
            "hàng nghìn bằng dấu chấm, ví dụ 15.500.000)"
        )
    digits = re.sub(r"\D", "", number)
    if len(digits) > 1 and digits[0] == "0":
        raise ValueError(f"Số tiền không hợp lệ: {text.strip()!r} (không được bắt đầu bằng số 0)")
    return int(digits)


def _group_words(n: int, full: bool) -> list[str]:
    """Words for 1 ≤ n ≤ 999; ``full`` reads "không trăm"/"linh" (an inner group)."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if hundreds or full:
                words.append("linh")
            words.append(_DIGITS[units])
    else:
        words += ["mười"] if tens == 1 else [_DIGITS[tens], "mươi"]
        if units == 5:
            words.append("lăm")
        elif units == 1 and tens > 1:
            words.append("mốt")
        elif units:
            words.append(_DIGITS[units])
    return words


def _below_billion(n: int, full: bool) -> list[str]:
    words: list[str] = []
    for group, scale in (
        (n // 1_000_000 % 1000, "triệu"),
        (n // 1000 % 1000, "nghìn"),
        (n % 1000, ""),
    ):
        if group:
            words += _group_words(group, full)
            if scale:
                words.append(scale)
            full = True
    return words


def _words(n: int) -> list[str]:
    if n < _BILLION:
        return _below_billion(n, full=False)
    upper, lower = divmod(n, _BILLION)
    return [*_words(upper), "tỷ", *_below_billion(lower, full=True)]


def amount_in_words(amount: int, capitalize: bool = True, currency: bool = True) -> str:
    """Spell an amount the way sanction decisions print it.

    ``amount_in_words(15_500_000) == "Mười lăm triệu năm trăm nghìn đồng"``; the
    conventions are listed in the module docstring.

    Args:
        amount: a non-negative ``int`` of đồng, of any size.
        capitalize: upper-case the first letter.
        currency: append " đồng".

    Raises:
        TypeError: for floats, bools and other non-``int`` values.
        ValueError: for negative amounts.
    """
    n = _check_amount(amount)
    text = " ".join(_words(n)) if n else _DIGITS[0]
    if currency:
        text += " đồng"
    if capitalize:
        text = text[0].upper() + text[1:]
    return text


# --------------------------------------------------------------------------- after the decision

BASIS_POINTS = 10_000
_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Settlement:
    """Where a fine stands on a day: the fine and the late charge (Law Art 78), each with what
    is due, paid and still owed. Payments settle the fine first, then the charge."""

    fine: int
    fine_paid: int
    charge: int  # the late charge accrued up to the day
    charge_paid: int
    days_late: int  # days on which some part of the fine was overdue and unpaid
    excess: int = 0  # paid beyond fine and charge (refused by the services; shown if found)

    @property
    def fine_owed(self) -> int:
        return max(self.fine - self.fine_paid, 0)

    @property
    def charge_owed(self) -> int:
        return max(self.charge - self.charge_paid, 0)

    @property
    def owed(self) -> int:
        return self.fine_owed + self.charge_owed

    @property
    def settled(self) -> bool:
        return self.owed == 0


def settle(fine: int, schedule: Sequence[tuple[date, int]], payments: Iterable[tuple[date, int]],
           on: date, rate_basis_points: int) -> Settlement:
    """The fine and its late charge on day ``on``.

    ``schedule`` is when the fine falls due: one ``(due_date, fine)`` normally, the instalments
    of an Art 79 decision otherwise. Law Art 78: each day after a due date, up to and including
    the day of payment (or ``on``), the part of the fine then due and unpaid costs
    ``rate_basis_points``/10 000 of itself (5, i.e. 0,05 %). The charge is worked out on the
    exact sum and rounded down to a whole đồng once. Payments made after ``on`` are ignored;
    each pays the fine first and then the charge accrued so far.
    """
    _check_amount(fine)
    paid_list = sorted((d, _check_amount(a)) for d, a in payments if d <= on)
    dues = sorted((d, _check_amount(a)) for d, a in schedule)
    # The overdue amount is constant between breakpoints: the day after a due date (that part
    # starts to be late) and the day after a payment (the payment's day still counts).
    points = sorted({d + _DAY for d, _ in dues} | {d + _DAY for d, _ in paid_list})
    accrued = 0  # in đồng × basis points
    days_late = 0
    for i, start in enumerate(points):
        if start > on:
            break
        end = min(points[i + 1] - _DAY, on) if i + 1 < len(points) else on
        due_by = min(sum(a for d, a in dues if d < start), fine)
        paid_by = min(sum(a for d, a in paid_list if d < start), fine)
        overdue = max(due_by - paid_by, 0)
        if overdue:
            days = (end - start).days + 1
            accrued += overdue * rate_basis_points * days
            days_late += days
    charge = accrued // BASIS_POINTS
    total_paid = sum(a for _, a in paid_list)
    fine_paid = min(total_paid, fine)
    charge_paid = min(total_paid - fine_paid, charge)
    return Settlement(fine, fine_paid, charge, charge_paid, days_late,
                      total_paid - fine_paid - charge_paid)
