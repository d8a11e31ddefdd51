"""Validators and generators for Vietnamese identity data.

Violation records and decisions must carry a personal identification number (CCCD),
an old 9-digit ID card number, an enterprise/tax code or a phone number, and a wrong
digit makes a decision unenforceable. Each validator returns a :class:`Check` whose
``reason`` tells the inspector, in Vietnamese, exactly what is wrong. The code lists
come from ``db/reference/*.csv`` (see :mod:`inspector.domain.refdata`).

* Personal ID (Decree 137/2015/NĐ-CP Art. 13, Circular 07/2016/TT-BCA): 12 digits =
  3-digit code of the province where the birth was registered + century/sex digit
  (0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, 6/7 = 2200s, 8/9 = 2300s) + last two
  digits of the birth year + 6 random digits. There is no check digit. The province
  code does not change when provinces merge, so the 63 codes of 2016 stay valid.
* Tax code: 10 digits, the 10th a check digit over the first 9 with weights
  31, 29, 23, 19, 17, 13, 7, 5, 3 (check = 10 − sum mod 11; a stem whose sum is a
  multiple of 11 is never issued); branches append a 3-digit suffix 001–999.
* Phones: 10-digit mobiles and 11-digit landlines (02xx + 7 digits; 024/028 + 8 digits),
  by the prefix table in ``phone_prefixes.csv``.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache

from inspector.domain.refdata import read_csv_rows
from inspector.domain.text import nfc

__all__ = [
    "Check",
    "Sex",
    "check_legacy_id",
    "check_personal_id",
    "check_phone",
    "check_tax_code",
    "generate_personal_id",
    "generate_tax_code",
    "normalize_phone",
    "normalize_tax_code",
    "province_name",
    "tax_code_check_digit",
]


@dataclass(frozen=True, slots=True)
class Check:
    """Outcome of a validation: ``ok`` and, when not ok, the reason in Vietnamese."""

    ok: bool
    reason: str | None = None

    def __post_init__(self) -> None:
        if self.ok != (self.reason is None):
            raise ValueError("Check: a reason is required exactly when ok is False")

    def __bool__(self) -> bool:
        return self.ok


_OK = Check(True)


def _fail(reason: str) -> Check:
    return Check(False, reason)


class Sex(StrEnum):
    """Sex as recorded on identity documents."""

    MALE = "nam"
    FEMALE = "nữ"

    @property
    def label(self) -> str:
        """Capitalised form for messages and forms: "Nam", "Nữ"."""
        return self.value.capitalize()


# --------------------------------------------------------------------------- helpers

_DIGITS_ONLY = re.compile(r"[0-9]+")
_SPACES = re.compile(r"\s+")


def _require_str(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} phải là chuỗi, không phải {type(value).__name__}")
    return nfc(value)


@cache
def _province_codes() -> dict[str, str]:
    return {row["code"]: row["name"] for row in read_csv_rows("province_codes.csv")}


def province_name(code: str) -> str | None:
    """Name of the province with CCCD code ``code`` ("004" → "Cao Bằng"), or None."""
    return _province_codes().get(code)


# ------------------------------------------------------------------ personal ID (CCCD)

_FIRST_CENTURY = 1900
_LAST_YEAR = 2399  # digit 4 = 8/9 covers the 2300s


def _century_digit(year: int, sex: Sex) -> int:
    return 2 * ((year - _FIRST_CENTURY) // 100) + (1 if sex is Sex.FEMALE else 0)


def _digit4_mismatch(digit4: int, birth_year: int | None, sex: Sex | None) -> str | None:
    """Explain why the century/sex digit contradicts the given facts, or None."""
    if birth_year is not None and sex is not None:
        expected = str(_century_digit(birth_year, sex))
        matches = digit4 == int(expected)
        given = f"giới tính {sex.label} và năm sinh {birth_year}"
    elif sex is not None:
        expected = "số lẻ" if sex is Sex.FEMALE else "số chẵn"
        matches = digit4 % 2 == (1 if sex is Sex.FEMALE else 0)
        given = f"giới tính {sex.label}"
    elif birth_year is not None:
        male_digit = _century_digit(birth_year, Sex.MALE)
        expected = f"{male_digit} hoặc {male_digit + 1}"
        matches = digit4 // 2 == male_digit // 2
        given = f"năm sinh {birth_year}"
    else:
        return None
    if matches:
        return None
    return f"Chữ số thứ 4 (giới tính/thế kỷ) không khớp với {given} (phải là {expected})"


def check_personal_id(
    number: str,
    birth_date: date | None = None,
    sex: Sex | None = None,
    *,
    allow_unknown_prefix: bool = False,
    today: date,
) -> Check:
    """Check a 12-digit personal identification number (số định danh cá nhân / CCCD).

    Args:
        number: the number; spaces are ignored.
        birth_date: when given, the century digit and the year digits must match it.
        sex: when given, the parity of the 4th digit must match it.
        allow_unknown_prefix: accept a first-three-digit code outside the 63-province
            list. Citizens whose birth was registered abroad carry a country code there,
            and that code list is not confirmed; the caller decides after asking.
        today: the current date, from the caller's clock (the services' injected
            ``clock.today()``); numbers implying a birth year after it are refused.
    """
    digits = _SPACES.sub("", _require_str(number, "Số định danh cá nhân"))
    if not digits:
        return _fail("Chưa nhập số định danh cá nhân")
    if not _DIGITS_ONLY.fullmatch(digits):
        return _fail("Số định danh cá nhân chỉ được chứa chữ số")
    if len(digits) != 12:
        hint = "; số 9 chữ số là số CMND cũ" if len(digits) == 9 else ""
        return _fail(f"Số định danh cá nhân phải có 12 chữ số (đã nhập {len(digits)}{hint})")
    prefix = digits[:3]
    if prefix not in _province_codes() and not allow_unknown_prefix:
        return _fail(f"Mã tỉnh {prefix} không có trong danh sách")

    digit4 = int(digits[3])
    yy = int(digits[4:6])
    implied_year = _FIRST_CENTURY + 100 * (digit4 // 2) + yy
    sex = Sex(sex) if sex is not None else None
    birth_year = birth_date.year if birth_date is not None else None

    if birth_year is not None and not _FIRST_CENTURY <= birth_year <= _LAST_YEAR:
        return _fail(
            f"Năm sinh {birth_year} nằm ngoài khoảng số định danh cá nhân mã hóa được "
            f"({_FIRST_CENTURY}–{_LAST_YEAR})"
        )
    mismatch = _digit4_mismatch(digit4, birth_year, sex)
    if mismatch is not None:
        return _fail(mismatch)
    if birth_year is not None and yy != birth_year % 100:
        return _fail(
            f"Chữ số thứ 5–6 (năm sinh) là {digits[4:6]}, không khớp với năm sinh {birth_year}"
        )
    current_year = today.year
    if implied_year > current_year:
        return _fail(f"Chữ số thứ 4–6 cho năm sinh {implied_year}, sau năm hiện tại {current_year}")
    return _OK


def check_legacy_id(number: str) -> Check:
    """Check a 9-digit identity card number (chứng minh nhân dân, CMND) by format."""
    digits = _SPACES.sub("", _require_str(number, "Số chứng minh nhân dân"))
    if not digits:
        return _fail("Chưa nhập số chứng minh nhân dân")
    if not _DIGITS_ONLY.fullmatch(digits):
        return _fail("Số chứng minh nhân dân chỉ được chứa chữ số")
    if len(digits) != 9:
        return _fail(f"Số chứng minh nhân dân (CMND) phải có 9 chữ số (đã nhập {len(digits)})")
    return _OK


def generate_personal_id(province_code: str, birth_date: date, sex: Sex, rng: random.Random) -> str:
    """Make a valid personal ID for demo data: province + century/sex + year + 6 random.

    Raises:
        ValueError: if the province code is not in the list or the birth year is
            outside 1900–2399.
    """
    if province_code not in _province_codes():
        raise ValueError(f"Mã tỉnh {province_code} không có trong danh sách")
    year = birth_date.year
    if not _FIRST_CENTURY <= year <= _LAST_YEAR:
        raise ValueError(f"Năm sinh {year} nằm ngoài khoảng {_FIRST_CENTURY}–{_LAST_YEAR}")
    digit4 = _century_digit(year, Sex(sex))
    return f"{province_code}{digit4}{year % 100:02d}{rng.randrange(1_000_000):06d}"


# ------------------------------------------------------------------- tax code (MST)

_TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_TAX_SEPARATORS = re.compile(r"[\s.\-]")


def tax_code_check_digit(first_nine: str) -> int | None:
    """Check digit for the first 9 digits of a tax code, or None if none is valid.

    ``10 − (Σ wᵢ·Nᵢ mod 11)``; a remainder of 10 gives 0, and a remainder of 0 (which
    would give 10) means no valid digit exists and the stem is never issued.
    """
    if len(first_nine) != 9 or not _DIGITS_ONLY.fullmatch(first_nine):
        raise ValueError(f"Cần đúng 9 chữ số đầu của mã số thuế: {first_nine!r}")
    remainder = sum(w * int(d) for w, d in zip(_TAX_WEIGHTS, first_nine, strict=True)) % 11
    return None if remainder == 0 else (10 - remainder) % 10


def _tax_digits(code: str) -> str | Check:
    digits = _TAX_SEPARATORS.sub("", _require_str(code, "Mã số thuế"))
    if not digits:
        return _fail("Chưa nhập mã số thuế")
    if not _DIGITS_ONLY.fullmatch(digits):
        return _fail("Mã số thuế chỉ được chứa chữ số (và dấu gạch ngang trước mã chi nhánh)")
    if len(digits) == 12:
        return _fail(
            "Mã số thuế doanh nghiệp có 10 chữ số (13 với chi nhánh); 12 chữ số là số "
            "định danh cá nhân, hãy nhập vào ô số định danh"
        )
    if len(digits) not in (10, 13):
        return _fail(
            f"Mã số thuế phải có 10 chữ số, hoặc 13 chữ số với đơn vị phụ thuộc "
            f"(đã nhập {len(digits)})"
        )
    if digits[:2] == "00":
        return _fail("Hai chữ số đầu của mã số thuế (mã tỉnh) không được là 00")
    if digits[2:9] == "0000000":
        return _fail("Chữ số thứ 3–9 của mã số thuế (số thứ tự) không được toàn số 0")
    check = tax_code_check_digit(digits[:9])
    if check is None:
        return _fail(
            f"Mã số thuế {digits[:10]} không thể đúng: 9 chữ số đầu không có chữ số kiểm tra hợp lệ"
        )
    if int(digits[9]) != check:
        return _fail(
            f"Chữ số kiểm tra (thứ 10) của mã số thuế sai: là {digits[9]}, phải là {check}"
        )
    if len(digits) == 13 and digits[10:] == "000":
        return _fail("Mã đơn vị phụ thuộc (3 chữ số cuối) không được là 000")
    return digits


def check_tax_code(code: str) -> Check:
    """Check an enterprise/tax code: ``NNNNNNNNNN`` or ``NNNNNNNNNN-NNN`` (branch).

    Spaces, dots and dashes are ignored (``4800 651 833`` is accepted); the first ten
    digits must carry a valid check digit. A passing code may still not exist.
    """
    result = _tax_digits(code)
    return result if isinstance(result, Check) else _OK


def normalize_tax_code(code: str) -> str:
    """Return the canonical form ``NNNNNNNNNN`` or ``NNNNNNNNNN-NNN``.

    Raises:
        ValueError: with the reason from :func:`check_tax_code` if the code is invalid.
    """
    result = _tax_digits(code)
    if isinstance(result, Check):
        raise ValueError(result.reason)
    return result if len(result) == 10 else f"{result[:10]}-{result[10:]}"


def generate_tax_code(rng: random.Random, *, prefix: str = "48", branch: int | None = None) -> str:
    """Make a valid tax code for demo data (default prefix 48 = Cao Bằng tax office).

    Args:
        rng: the random source.
        prefix: the two-digit tax-office province code (not 00).
        branch: when given (1–999), append it as a branch suffix ``-NNN``.
    """
    if len(prefix) != 2 or not _DIGITS_ONLY.fullmatch(prefix) or prefix == "00":
        raise ValueError(f"Mã tỉnh của mã số thuế phải là 2 chữ số khác 00: {prefix!r}")
    if branch is not None and not 1 <= branch <= 999:
        raise ValueError(f"Mã đơn vị phụ thuộc phải từ 001 đến 999: {branch}")
    while True:
        stem = f"{prefix}{rng.randint(1, 9_999_999):07d}"
        check = tax_code_check_digit(stem)
        if check is not None:
            break
    code = f"{stem}{check}"
    return code if branch is None else f"{code}-{branch:03d}"


# ----------------------------------------------------------------------------- phones

_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")


@dataclass(frozen=True, slots=True)
class _Prefix:
    prefix: str
    kind: str
    carrier_or_area: str
    total_digits: int
    replaced_by: str


@cache
def _phone_prefixes() -> dict[str, _Prefix]:
    return {
        row["prefix"]: _Prefix(
            row["prefix"],
            row["kind"],
            row["carrier_or_area"],
            int(row["total_digits"]),
            row["replaced_by"],
        )
        for row in read_csv_rows("phone_prefixes.csv")
    }


def _domestic(number: str) -> str | Check:
    """Reduce a phone number to its domestic digits (leading 0) or explain why not."""
    if number.__class__ is str and number[:1] == "0" and number.isascii() and number.isdigit():
        return number  # already domestic digits (the stored form): nothing to strip
    text = _PHONE_SEPARATORS.sub("", _require_str(number, "Số điện thoại"))
    if not text:
        return _fail("Chưa nhập số điện thoại")
    if text.startswith("+"):
        if not text.startswith("+84"):
            return _fail("Chỉ chấp nhận số điện thoại Việt Nam (mã quốc gia +84)")
        text = text[3:]
        international = True
    elif text.startswith("84"):
        text = text[2:]
        international = True
    else:
        international = False
    if international and not text:
        return _fail("Thiếu số thuê bao sau mã quốc gia +84")
    if not _DIGITS_ONLY.fullmatch(text):
        return _fail("Số điện thoại chỉ được chứa chữ số (có thể viết +84 ở đầu)")
    if international:
        text = text if text.startswith("0") else "0" + text
    elif not text.startswith("0"):
        return _fail("Số điện thoại phải bắt đầu bằng 0 hoặc +84")
    return text


def _phone_check(digits: str) -> Check:
    table = _phone_prefixes()
    entry = table.get(digits[:4]) or table.get(digits[:3])
    if entry is None:
        if digits.startswith("02"):
            return _fail(
                f"Mã vùng {digits[:4]} không có trong danh sách mã vùng điện thoại cố định"
            )
        # 089, 052 and 099 are only partly allocated: name the 4-digit block then.
        partial = any(len(p) == 4 and p.startswith(digits[:3]) for p in table)
        shown = digits[:4] if partial else digits[:3]
        return _fail(f"Đầu số {shown} không phải đầu số di động hay mã vùng của Việt Nam")
    if entry.kind == "mobile_legacy":
        if len(digits) == entry.total_digits:
            new = entry.replaced_by + digits[len(entry.prefix) :]
            return _fail(
                f"Đầu số {entry.prefix} ({entry.carrier_or_area}) đã chuyển sang 10 số năm 2018: "
                f"số mới là {new}"
            )
        return _fail(f"Đầu số {entry.prefix} đã ngừng sử dụng từ năm 2018")
    if len(digits) != entry.total_digits:
        what = "Số di động" if entry.kind == "mobile" else f"Số cố định ({entry.carrier_or_area})"
        return _fail(f"{what} phải có {entry.total_digits} chữ số (đã nhập {len(digits)})")
    return _OK


def check_phone(number: str) -> Check:
    """Check a Vietnamese mobile or landline number.

    Accepts domestic (``0912 345 678``) and international (``+84 912 345 678``,
    ``84912345678``) forms with spaces, dots, dashes and brackets. Mobiles have 10
    digits and a current prefix; landlines 11 digits and a current area code. An
    11-digit mobile number from before 2018 is refused with its new number.
    """
    digits = _domestic(number)
    return digits if isinstance(digits, Check) else _phone_check(digits)


def normalize_phone(number: str) -> str:
    """Return the domestic digits of a valid number: ``+84 912.345.678`` → ``0912345678``.

    Raises:
        ValueError: with the reason from :func:`check_phone` if the number is invalid.
    """
    digits = _domestic(number)
    if isinstance(digits, Check):
        raise ValueError(digits.reason)
    result = _phone_check(digits)
    if not result.ok:
        raise ValueError(result.reason)
    return digits
