"""Tests for identity validators and generators (inspector.domain.identity)."""

from __future__ import annotations

import dataclasses
import random
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector.domain.identity import (
    Check,
    Sex,
    check_legacy_id,
    check_personal_id,
    check_phone,
    check_tax_code,
    generate_personal_id,
    generate_tax_code,
    normalize_phone,
    normalize_tax_code,
    province_name,
    tax_code_check_digit,
)
from inspector.domain.refdata import read_csv_rows

TODAY = date(2026, 6, 1)
PROVINCE_CODES = sorted(row["code"] for row in read_csv_rows("province_codes.csv"))


# -------------------------------------------------------------------------- Check


def test_check_truthiness_and_reason() -> None:
    """Check is truthy exactly when ok, and carries a reason only when not ok."""
    assert Check(True)
    assert not Check(False, "lý do")
    assert Check(False, "lý do").reason == "lý do"


@pytest.mark.parametrize(("ok", "reason"), [(True, "lý do"), (False, None)])
def test_check_rejects_inconsistent_state(ok: bool, reason: str | None) -> None:
    """A passing check with a reason, or a failing one without, cannot be built."""
    with pytest.raises(ValueError):
        Check(ok, reason)


def test_check_is_frozen() -> None:
    """Check results cannot be modified after the fact."""
    result = Check(True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.ok = False  # type: ignore[misc]


def test_sex_labels() -> None:
    """Sex values are the lower-case words; labels are capitalised for messages."""
    assert Sex("nữ") is Sex.FEMALE
    assert Sex.MALE.label == "Nam"
    assert Sex.FEMALE.label == "Nữ"


# -------------------------------------------------------------------- personal ID


@pytest.mark.parametrize(
    ("number", "birth", "sex"),
    [
        ("001087123456", date(1987, 3, 4), Sex.MALE),  # vn-ident example: Hà Nội, 1987, male
        ("004185000001", date(1985, 12, 31), Sex.FEMALE),
        ("004301140891", date(2001, 5, 5), Sex.FEMALE),
        ("004200000000", date(2000, 1, 1), Sex.MALE),
        ("096099999999", date(1999, 1, 1), Sex.MALE),
        ("001 087 123 456", date(1987, 3, 4), Sex.MALE),
        ("004326000000", date(2026, 1, 2), Sex.FEMALE),
    ],
)
def test_personal_id_valid(number: str, birth: date, sex: Sex) -> None:
    """Numbers consistent with province list, birth year and sex pass."""
    assert check_personal_id(number, birth, sex, today=TODAY) == Check(True)
    assert check_personal_id(number, today=TODAY).ok


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("", "Chưa nhập số định danh cá nhân"),
        ("00108712345", "Số định danh cá nhân phải có 12 chữ số (đã nhập 11)"),
        ("0010871234567", "Số định danh cá nhân phải có 12 chữ số (đã nhập 13)"),
        (
            "012345678",
            "Số định danh cá nhân phải có 12 chữ số (đã nhập 9; số 9 chữ số là số CMND cũ)",
        ),
        ("00108712345a", "Số định danh cá nhân chỉ được chứa chữ số"),
        ("００１０８７１２３４５６", "Số định danh cá nhân chỉ được chứa chữ số"),
        ("001-087-123-456", "Số định danh cá nhân chỉ được chứa chữ số"),
        ("099085123456", "Mã tỉnh 099 không có trong danh sách"),
        ("003085123456", "Mã tỉnh 003 không có trong danh sách"),
        ("000085123456", "Mã tỉnh 000 không có trong danh sách"),
        ("840085123456", "Mã tỉnh 840 không có trong danh sách"),
    ],
)
def test_personal_id_format_errors(number: str, reason: str) -> None:
    """Wrong length, non-digits and unknown province codes are refused with a precise reason."""
    assert check_personal_id(number, today=TODAY) == Check(False, reason)


def test_personal_id_unknown_prefix_can_be_allowed() -> None:
    """A country code (birth registered abroad) passes when the caller allows it."""
    assert check_personal_id("840085123456", allow_unknown_prefix=True, today=TODAY).ok
    assert not check_personal_id("84008512345", allow_unknown_prefix=True, today=TODAY).ok


def test_personal_id_sex_and_year_mismatch_message() -> None:
    """A male 1900s digit for a woman born 1985 names both facts and the right digit."""
    result = check_personal_id("004085123456", date(1985, 6, 1), Sex.FEMALE, today=TODAY)
    assert result == Check(
        False,
        "Chữ số thứ 4 (giới tính/thế kỷ) không khớp với giới tính Nữ và năm sinh 1985 (phải là 1)",
    )


@pytest.mark.parametrize(
    ("number", "birth", "sex", "reason"),
    [
        (
            "001087123456",
            None,
            Sex.FEMALE,
            "Chữ số thứ 4 (giới tính/thế kỷ) không khớp với giới tính Nữ (phải là số lẻ)",
        ),
        (
            "001187123456",
            None,
            Sex.MALE,
            "Chữ số thứ 4 (giới tính/thế kỷ) không khớp với giới tính Nam (phải là số chẵn)",
        ),
        (
            "001005123456",
            date(2005, 1, 1),
            None,
            "Chữ số thứ 4 (giới tính/thế kỷ) không khớp với năm sinh 2005 (phải là 2 hoặc 3)",
        ),
        (
            "001305123456",
            date(1905, 1, 1),
            Sex.FEMALE,
            "Chữ số thứ 4 (giới tính/thế kỷ) không khớp với giới tính Nữ và năm sinh 1905 "
            "(phải là 1)",
        ),
        (
            "001087123456",
            date(1986, 1, 1),
            Sex.MALE,
            "Chữ số thứ 5–6 (năm sinh) là 87, không khớp với năm sinh 1986",
        ),
        (
            "001087123456",
            date(1899, 1, 1),
            Sex.MALE,
            "Năm sinh 1899 nằm ngoài khoảng số định danh cá nhân mã hóa được (1900–2399)",
        ),
    ],
)
def test_personal_id_consistency_errors(
    number: str, birth: date | None, sex: Sex | None, reason: str
) -> None:
    """The 4th digit and the year digits must agree with the entered birth date and sex."""
    assert check_personal_id(number, birth, sex, today=TODAY) == Check(False, reason)


def test_personal_id_accepts_sex_as_plain_string() -> None:
    """A stored value "nữ" works like Sex.FEMALE."""
    assert check_personal_id("004185000001", date(1985, 1, 1), "nữ", today=TODAY).ok  # type: ignore[arg-type]
    assert not check_personal_id("004185000001", date(1985, 1, 1), "nam", today=TODAY).ok  # type: ignore[arg-type]


def test_personal_id_refuses_future_birth_years() -> None:
    """A number implying a birth year after the current year is refused."""
    assert check_personal_id("001227000000", today=date(2026, 12, 31)) == Check(
        False, "Chữ số thứ 4–6 cho năm sinh 2027, sau năm hiện tại 2026"
    )
    assert check_personal_id("001227000000", today=date(2027, 1, 1)).ok
    assert not check_personal_id("001487000000", today=TODAY).ok


def test_personal_id_rejects_non_string() -> None:
    """An int loses leading zeros, so it is refused with TypeError."""
    with pytest.raises(TypeError):
        check_personal_id(1087123456, today=TODAY)  # type: ignore[arg-type]


def test_province_name_lookup() -> None:
    """province_name maps CCCD codes to names and unknown codes to None."""
    assert province_name("004") == "Cao Bằng"
    assert province_name("002") == "Hà Giang"
    assert province_name("003") is None


@given(
    st.sampled_from(PROVINCE_CODES),
    st.dates(min_value=date(1900, 1, 1), max_value=TODAY),
    st.sampled_from(Sex),
    st.randoms(use_true_random=False),
)
def test_generated_personal_ids_pass(
    province: str, birth: date, sex: Sex, rng: random.Random
) -> None:
    """Generated IDs pass with their own data and fail with the other sex or year."""
    number = generate_personal_id(province, birth, sex, rng)
    assert len(number) == 12 and number.isdigit() and number.startswith(province)
    assert check_personal_id(number, birth, sex, today=TODAY).ok
    other = Sex.FEMALE if sex is Sex.MALE else Sex.MALE
    assert not check_personal_id(number, birth, other, today=TODAY).ok
    shifted = birth.replace(year=birth.year + 1, day=min(birth.day, 28))
    assert not check_personal_id(number, shifted, sex, today=TODAY).ok


def test_generate_personal_id_refuses_bad_input() -> None:
    """Unknown provinces and years outside 1900–2399 cannot be encoded."""
    rng = random.Random(0)
    with pytest.raises(ValueError, match="Mã tỉnh 003"):
        generate_personal_id("003", date(1990, 1, 1), Sex.MALE, rng)
    with pytest.raises(ValueError, match="1899"):
        generate_personal_id("004", date(1899, 12, 31), Sex.MALE, rng)


def test_generate_personal_id_is_reproducible() -> None:
    """The same seed gives the same number (demo data is repeatable)."""
    a = generate_personal_id("004", date(1990, 1, 1), Sex.MALE, random.Random(42))
    b = generate_personal_id("004", date(1990, 1, 1), Sex.MALE, random.Random(42))
    assert a == b
    assert a.startswith("004090")


# ---------------------------------------------------------------------- legacy ID


@pytest.mark.parametrize("number", ["012345678", "085123456", " 085 123 456 "])
def test_legacy_id_valid(number: str) -> None:
    """Nine digits (spaces ignored) pass."""
    assert check_legacy_id(number).ok


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("", "Chưa nhập số chứng minh nhân dân"),
        ("01234567", "Số chứng minh nhân dân (CMND) phải có 9 chữ số (đã nhập 8)"),
        ("0123456789", "Số chứng minh nhân dân (CMND) phải có 9 chữ số (đã nhập 10)"),
        ("01234567X", "Số chứng minh nhân dân chỉ được chứa chữ số"),
    ],
)
def test_legacy_id_invalid(number: str, reason: str) -> None:
    """Other lengths and letters are refused."""
    assert check_legacy_id(number) == Check(False, reason)


# ----------------------------------------------------------------------- tax code


@pytest.mark.parametrize(
    ("first_nine", "digit"),
    [
        ("010004751", 6),  # worked example of the circular: S = 158, 158 mod 11 = 4
        ("031440905", 8),  # S = 332, mod 11 = 2
        ("480065183", 3),  # Cao Bằng company: S = 579, mod 11 = 7
        ("010010910", 6),  # Viettel: S = 114, mod 11 = 4
        ("100000004", 0),  # S = 31 + 3·4 = 43, mod 11 = 10 → 0
        ("100000008", None),  # S = 31 + 3·8 = 55, mod 11 = 0 → no valid digit
    ],
)
def test_tax_code_check_digit(first_nine: str, digit: int | None) -> None:
    """Check digit = 10 − (Σ weights·digits mod 11), hand-computed examples."""
    assert tax_code_check_digit(first_nine) == digit


@pytest.mark.parametrize("bad", ["01000475", "0100047516", "01000475a"])
def test_tax_code_check_digit_needs_nine_digits(bad: str) -> None:
    """The helper takes exactly nine digits."""
    with pytest.raises(ValueError):
        tax_code_check_digit(bad)


@pytest.mark.parametrize(
    "code",
    [
        "0100047516",
        "0100109106",
        "4800651833",
        "4800 651 833",
        "0314409058-002",
        "0314409058002",
        "0314409058 - 002",
        "1000000040",
        " 4800651833 ",
    ],
)
def test_tax_code_valid(code: str) -> None:
    """Valid 10-digit codes and 13-digit branch codes pass, separators ignored."""
    assert check_tax_code(code) == Check(True)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("", "Chưa nhập mã số thuế"),
        ("4800651834", "Chữ số kiểm tra (thứ 10) của mã số thuế sai: là 4, phải là 3"),
        ("0100047517", "Chữ số kiểm tra (thứ 10) của mã số thuế sai: là 7, phải là 6"),
        (
            "1000000080",
            "Mã số thuế 1000000080 không thể đúng: 9 chữ số đầu không có chữ số kiểm tra hợp lệ",
        ),
        ("0000000019", "Hai chữ số đầu của mã số thuế (mã tỉnh) không được là 00"),
        ("4800000000", "Chữ số thứ 3–9 của mã số thuế (số thứ tự) không được toàn số 0"),
        ("0314409058-000", "Mã đơn vị phụ thuộc (3 chữ số cuối) không được là 000"),
        (
            "480065183",
            "Mã số thuế phải có 10 chữ số, hoặc 13 chữ số với đơn vị phụ thuộc (đã nhập 9)",
        ),
        (
            "03144090580021",
            "Mã số thuế phải có 10 chữ số, hoặc 13 chữ số với đơn vị phụ thuộc (đã nhập 14)",
        ),
        (
            "004087123456",
            "Mã số thuế doanh nghiệp có 10 chữ số (13 với chi nhánh); 12 chữ số là số "
            "định danh cá nhân, hãy nhập vào ô số định danh",
        ),
        ("48006518O3", "Mã số thuế chỉ được chứa chữ số (và dấu gạch ngang trước mã chi nhánh)"),
    ],
)
def test_tax_code_invalid(code: str, reason: str) -> None:
    """Each rule of the structure gives its own precise reason."""
    assert check_tax_code(code) == Check(False, reason)


@pytest.mark.parametrize(
    ("code", "normal"),
    [
        ("4800 651 833", "4800651833"),
        ("0314409058002", "0314409058-002"),
        ("0314409058 - 002", "0314409058-002"),
    ],
)
def test_normalize_tax_code(code: str, normal: str) -> None:
    """Normal form: 10 digits, or 10 digits, a dash and 3 digits."""
    assert normalize_tax_code(code) == normal


def test_normalize_tax_code_raises_with_reason() -> None:
    """An invalid code raises ValueError carrying the check's reason."""
    with pytest.raises(ValueError, match="phải là 3"):
        normalize_tax_code("4800651834")


@given(st.randoms(use_true_random=False), st.one_of(st.none(), st.integers(1, 999)))
def test_generated_tax_codes_pass(rng: random.Random, branch: int | None) -> None:
    """Generated codes pass the check, start with 48 and carry the branch suffix."""
    code = generate_tax_code(rng, branch=branch)
    assert check_tax_code(code).ok
    assert code.startswith("48")
    assert normalize_tax_code(code) == code
    if branch is None:
        assert len(code) == 10
    else:
        assert code.endswith(f"-{branch:03d}")


@given(
    st.randoms(use_true_random=False),
    st.integers(min_value=0, max_value=9),
    st.integers(min_value=1, max_value=9),
)
def test_tax_check_digit_detects_single_substitutions(
    rng: random.Random, position: int, delta: int
) -> None:
    """Changing any one of the ten digits makes a valid code invalid."""
    code = generate_tax_code(rng, prefix="01")
    changed = code[:position] + str((int(code[position]) + delta) % 10) + code[position + 1 :]
    assert not check_tax_code(changed).ok


@pytest.mark.parametrize(
    ("prefix", "branch"), [("00", None), ("4", None), ("4a", None), ("48", 0), ("48", 1000)]
)
def test_generate_tax_code_refuses_bad_arguments(prefix: str, branch: int | None) -> None:
    """Prefix 00, malformed prefixes and branch numbers outside 1–999 are refused."""
    with pytest.raises(ValueError):
        generate_tax_code(random.Random(0), prefix=prefix, branch=branch)


# ------------------------------------------------------------------------- phones


@pytest.mark.parametrize(
    ("number", "normal"),
    [
        ("0912345678", "0912345678"),
        ("0912 345 678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("0912-345-678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("(+84) 912 345 678", "0912345678"),
        ("+84 (0) 912 345 678", "0912345678"),
        ("0328123456", "0328123456"),
        ("0868123456", "0868123456"),
        ("0896123456", "0896123456"),
        ("0522123456", "0522123456"),
        ("0559123456", "0559123456"),
        ("0993123456", "0993123456"),
        ("0999123456", "0999123456"),
        ("0951234567", "0951234567"),
        ("0206 3852 123", "02063852123"),
        ("(0206) 3.852.123", "02063852123"),
        ("+84 206 3852 123", "02063852123"),
        ("024 3825 1234", "02438251234"),
        ("028 3829 1234", "02838291234"),
    ],
)
def test_phone_valid_and_normalised(number: str, normal: str) -> None:
    """Mobiles and landlines in domestic or +84 form pass and normalise to domestic digits."""
    assert check_phone(number) == Check(True)
    assert normalize_phone(number) == normal


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("", "Chưa nhập số điện thoại"),
        ("091234567", "Số di động phải có 10 chữ số (đã nhập 9)"),
        ("09123456789", "Số di động phải có 10 chữ số (đã nhập 11)"),
        ("0206 385 212", "Số cố định (Cao Bằng) phải có 11 chữ số (đã nhập 10)"),
        ("024 3825 123", "Số cố định (Hà Nội) phải có 11 chữ số (đã nhập 10)"),
        ("0200 123 4567", "Mã vùng 0200 không có trong danh sách mã vùng điện thoại cố định"),
        ("0890123456", "Đầu số 0890 không phải đầu số di động hay mã vùng của Việt Nam"),
        ("0992123456", "Đầu số 0992 không phải đầu số di động hay mã vùng của Việt Nam"),
        ("0101234567", "Đầu số 010 không phải đầu số di động hay mã vùng của Việt Nam"),
        (
            "01628123456",
            "Đầu số 0162 (Viettel) đã chuyển sang 10 số năm 2018: số mới là 0328123456",
        ),
        ("0162812345", "Đầu số 0162 đã ngừng sử dụng từ năm 2018"),
        ("+1 202 555 0100", "Chỉ chấp nhận số điện thoại Việt Nam (mã quốc gia +84)"),
        ("0912abc678", "Số điện thoại chỉ được chứa chữ số (có thể viết +84 ở đầu)"),
        ("+84", "Thiếu số thuê bao sau mã quốc gia +84"),
        ("+84 ", "Thiếu số thuê bao sau mã quốc gia +84"),
        ("912345678", "Số điện thoại phải bắt đầu bằng 0 hoặc +84"),
        ("113", "Số điện thoại phải bắt đầu bằng 0 hoặc +84"),
    ],
)
def test_phone_invalid(number: str, reason: str) -> None:
    """Wrong lengths, unknown or retired prefixes and foreign numbers are refused precisely."""
    assert check_phone(number) == Check(False, reason)


def test_normalize_phone_raises_with_reason() -> None:
    """An invalid number raises ValueError carrying the check's reason."""
    with pytest.raises(ValueError, match="10 chữ số"):
        normalize_phone("091234567")
    with pytest.raises(ValueError, match=r"\+84"):
        normalize_phone("+1 202 555 0100")


def _prefix_rows(kind: str) -> list[dict[str, str]]:
    return [r for r in read_csv_rows("phone_prefixes.csv") if r["kind"] == kind]


@given(
    st.sampled_from(_prefix_rows("mobile") + _prefix_rows("landline")),
    st.randoms(use_true_random=False),
)
def test_every_listed_prefix_accepts_numbers_of_its_length(
    row: dict[str, str], rng: random.Random
) -> None:
    """Any number built on a listed prefix with the listed length passes in all forms."""
    rest = int(row["total_digits"]) - len(row["prefix"])
    number = row["prefix"] + "".join(str(rng.randrange(10)) for _ in range(rest))
    assert check_phone(number).ok
    assert normalize_phone("+84 " + number[1:]) == number
    assert not check_phone(number + "0").ok
    assert not check_phone(number[:-1]).ok
