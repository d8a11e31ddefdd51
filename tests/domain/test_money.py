"""Tests for amounts in figures and in words (inspector.domain.money)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector.domain.money import amount_in_words, format_vnd, parse_vnd

# Hand-checked readings (lower case, no currency). The first block holds the
# reference values of stack.md and the conventions named in the brief.
WORDS = [
    (21, "hai mươi mốt"),
    (25, "hai mươi lăm"),
    (105, "một trăm linh năm"),
    (1_005, "một nghìn không trăm linh năm"),
    (15_500_000, "mười lăm triệu năm trăm nghìn"),
    (75_000_000, "bảy mươi lăm triệu"),
    (1_000_000_000, "một tỷ"),
    (15, "mười lăm"),
    (14, "mười bốn"),
    (24, "hai mươi bốn"),
    (10, "mười"),
    (11, "mười một"),
    (0, "không"),
    (1_050_000, "một triệu không trăm năm mươi nghìn"),
    (1_000_005, "một triệu không trăm linh năm"),
    # units and teens
    (1, "một"),
    (2, "hai"),
    (3, "ba"),
    (4, "bốn"),
    (5, "năm"),
    (6, "sáu"),
    (7, "bảy"),
    (8, "tám"),
    (9, "chín"),
    (12, "mười hai"),
    (19, "mười chín"),
    (20, "hai mươi"),
    (30, "ba mươi"),
    (31, "ba mươi mốt"),
    (44, "bốn mươi bốn"),
    (45, "bốn mươi lăm"),
    (55, "năm mươi lăm"),
    (65, "sáu mươi lăm"),
    (99, "chín mươi chín"),
    # hundreds
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (104, "một trăm linh bốn"),
    (110, "một trăm mười"),
    (111, "một trăm mười một"),
    (115, "một trăm mười lăm"),
    (121, "một trăm hai mươi mốt"),
    (200, "hai trăm"),
    (250, "hai trăm năm mươi"),
    (999, "chín trăm chín mươi chín"),
    # thousands
    (1_000, "một nghìn"),
    (1_001, "một nghìn không trăm linh một"),
    (1_010, "một nghìn không trăm mười"),
    (1_015, "một nghìn không trăm mười lăm"),
    (1_021, "một nghìn không trăm hai mươi mốt"),
    (1_100, "một nghìn một trăm"),
    (1_500, "một nghìn năm trăm"),
    (2_025, "hai nghìn không trăm hai mươi lăm"),
    (10_000, "mười nghìn"),
    (11_000, "mười một nghìn"),
    (12_345, "mười hai nghìn ba trăm bốn mươi lăm"),
    (15_000, "mười lăm nghìn"),
    (20_001, "hai mươi nghìn không trăm linh một"),
    (21_000, "hai mươi mốt nghìn"),
    (50_000, "năm mươi nghìn"),
    (100_000, "một trăm nghìn"),
    (100_001, "một trăm nghìn không trăm linh một"),
    (105_000, "một trăm linh năm nghìn"),
    (250_000, "hai trăm năm mươi nghìn"),
    (305_050, "ba trăm linh năm nghìn không trăm năm mươi"),
    (500_000, "năm trăm nghìn"),
    (750_000, "bảy trăm năm mươi nghìn"),
    # millions: typical fines
    (1_000_000, "một triệu"),
    (1_000_100, "một triệu một trăm"),
    (1_000_500, "một triệu năm trăm"),
    (1_500_000, "một triệu năm trăm nghìn"),
    (2_500_000, "hai triệu năm trăm nghìn"),
    (3_000_000, "ba triệu"),
    (3_750_000, "ba triệu bảy trăm năm mươi nghìn"),
    (4_444_444, "bốn triệu bốn trăm bốn mươi bốn nghìn bốn trăm bốn mươi bốn"),
    (5_000_000, "năm triệu"),
    (7_500_000, "bảy triệu năm trăm nghìn"),
    (10_000_000, "mười triệu"),
    (12_500_000, "mười hai triệu năm trăm nghìn"),
    (15_000_000, "mười lăm triệu"),
    (17_500_000, "mười bảy triệu năm trăm nghìn"),
    (20_000_000, "hai mươi triệu"),
    (25_000_000, "hai mươi lăm triệu"),
    (30_000_000, "ba mươi triệu"),
    (40_000_000, "bốn mươi triệu"),
    (41_000_000, "bốn mươi mốt triệu"),
    (50_000_000, "năm mươi triệu"),
    (61_011_000, "sáu mươi mốt triệu không trăm mười một nghìn"),
    (70_000_000, "bảy mươi triệu"),
    (90_000_015, "chín mươi triệu không trăm mười lăm"),
    (100_000_000, "một trăm triệu"),
    (150_000_000, "một trăm năm mươi triệu"),
    (200_000_000, "hai trăm triệu"),
    (800_000_000, "tám trăm triệu"),
    # milliards and beyond
    (1_000_000_005, "một tỷ không trăm linh năm"),
    (1_000_000_010, "một tỷ không trăm mười"),
    (1_005_000_000, "một tỷ không trăm linh năm triệu"),
    (1_500_000_000, "một tỷ năm trăm triệu"),
    (2_021_001_000, "hai tỷ không trăm hai mươi mốt triệu không trăm linh một nghìn"),
    (
        999_999_999_999,
        "chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu "
        "chín trăm chín mươi chín nghìn chín trăm chín mươi chín",
    ),
    (1_000_000_000_000, "một nghìn tỷ"),
    (2_000_005_000_000, "hai nghìn tỷ không trăm linh năm triệu"),
    (
        1_234_567_890_123,
        "một nghìn hai trăm ba mươi bốn tỷ năm trăm sáu mươi bảy triệu "
        "tám trăm chín mươi nghìn một trăm hai mươi ba",
    ),
    (5_000_000_000_000_000, "năm triệu tỷ"),
    (10**18, "một tỷ tỷ"),
]


def test_table_is_large_and_has_no_duplicate_amounts() -> None:
    """The hand-checked table has at least 60 distinct amounts."""
    amounts = [amount for amount, _ in WORDS]
    assert len(amounts) >= 60
    assert len(set(amounts)) == len(amounts)


@pytest.mark.parametrize(("amount", "words"), WORDS)
def test_amount_in_words_table(amount: int, words: str) -> None:
    """Each hand-checked amount reads exactly as decisions print it."""
    assert amount_in_words(amount, capitalize=False, currency=False) == words


@pytest.mark.parametrize(("amount", "words"), WORDS)
def test_amount_in_words_default_is_capitalised_with_currency(amount: int, words: str) -> None:
    """By default the reading is capitalised and ends with " đồng"."""
    assert amount_in_words(amount) == words[0].upper() + words[1:] + " đồng"


def test_decision_example_verbatim() -> None:
    """The fine in the legal reference reads "Mười lăm triệu năm trăm nghìn đồng"."""
    assert amount_in_words(15_500_000) == "Mười lăm triệu năm trăm nghìn đồng"
    assert amount_in_words(0) == "Không đồng"


def test_capitalize_and_currency_flags_are_independent() -> None:
    """capitalize and currency each change only their own part of the text."""
    assert amount_in_words(21, capitalize=False) == "hai mươi mốt đồng"
    assert amount_in_words(21, currency=False) == "Hai mươi mốt"
    assert amount_in_words(21, capitalize=False, currency=False) == "hai mươi mốt"


@pytest.mark.parametrize("bad", [1.0, 15_500_000.0, True, False, "15500000", None])
def test_amount_in_words_rejects_non_int(bad: object) -> None:
    """Floats, bools, strings and None are refused with TypeError."""
    with pytest.raises(TypeError):
        amount_in_words(bad)  # type: ignore[arg-type]


def test_amount_in_words_rejects_negative() -> None:
    """A negative amount is refused with a Vietnamese ValueError."""
    with pytest.raises(ValueError, match="không được âm"):
        amount_in_words(-1)


# ----------------------------------------------------------------------- format_vnd


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "0"),
        (5, "5"),
        (999, "999"),
        (1_000, "1.000"),
        (15_500_000, "15.500.000"),
        (100_000_000, "100.000.000"),
        (1_234_567_890, "1.234.567.890"),
    ],
)
def test_format_vnd(amount: int, text: str) -> None:
    """Figures use dots between thousands and " đồng" unless unit=False."""
    assert format_vnd(amount, unit=False) == text
    assert format_vnd(amount) == text + " đồng"


@pytest.mark.parametrize("bad", [1.5, 100.0, True, "100", None])
def test_format_vnd_rejects_non_int(bad: object) -> None:
    """format_vnd refuses anything but int (bool included) with TypeError."""
    with pytest.raises(TypeError):
        format_vnd(bad)  # type: ignore[arg-type]


def test_format_vnd_rejects_negative() -> None:
    """format_vnd refuses negative amounts with ValueError."""
    with pytest.raises(ValueError, match="không được âm"):
        format_vnd(-500_000)


# ------------------------------------------------------------------------ parse_vnd


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("15.500.000", 15_500_000),
        ("15500000", 15_500_000),
        ("15 500 000", 15_500_000),
        ("15\u00a0500\u00a0000", 15_500_000),
        ("15.500.000 đồng", 15_500_000),
        ("15.500.000đ", 15_500_000),
        ("15.500.000 đ", 15_500_000),
        ("15.500.000 VNĐ", 15_500_000),
        ("15.500.000 vnđ", 15_500_000),
        ("15.500.000 VND", 15_500_000),
        ("15.500.000 Đồng", 15_500_000),
        ("15.500.000₫", 15_500_000),
        ("  2.000.000  ", 2_000_000),
        ("0", 0),
        ("999", 999),
        ("1.000", 1_000),
        ("15.500.000 \u0111o\u0302\u0300ng", 15_500_000),  # decomposed "đồng"
    ],
)
def test_parse_vnd_accepts(text: str, amount: int) -> None:
    """Plain, dotted and spaced figures parse, with an optional đ/đồng/VNĐ unit."""
    assert parse_vnd(text) == amount


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("15,5", "dấu phẩy"),
        ("15,500,000", "dấu phẩy"),
        ("15.500,00", "dấu phẩy"),
        ("-500.000", "không được âm"),
        ("−500.000", "không được âm"),
        ("abc", "không hợp lệ"),
        ("15 triệu", "không hợp lệ"),
        ("15.5", "không hợp lệ"),
        ("1.5000", "không hợp lệ"),
        ("15..500", "không hợp lệ"),
        ("15 500.000", "không hợp lệ"),
        ("1 5", "không hợp lệ"),
        ("15.500.000 USD", "không hợp lệ"),
        ("0500", "số 0"),
        ("0.500", "số 0"),
        ("١٢٣", "không hợp lệ"),
        ("", "Chưa nhập"),
        ("   ", "Chưa nhập"),
        ("đồng", "Chưa nhập"),
    ],
)
def test_parse_vnd_rejects(text: str, message: str) -> None:
    """Commas, letters, decimals, signs and malformed groups give a Vietnamese ValueError."""
    with pytest.raises(ValueError, match=message):
        parse_vnd(text)


def test_parse_vnd_rejects_non_string() -> None:
    """parse_vnd refuses an int (it is for typed text) with TypeError."""
    with pytest.raises(TypeError):
        parse_vnd(15_500_000)  # type: ignore[arg-type]


@given(st.integers(min_value=0, max_value=10**15), st.booleans())
def test_parse_vnd_inverts_format_vnd(amount: int, unit: bool) -> None:
    """parse_vnd(format_vnd(n)) == n, with or without the unit."""
    assert parse_vnd(format_vnd(amount, unit=unit)) == amount


@given(st.integers(min_value=0, max_value=10**15))
def test_format_vnd_shape(amount: int) -> None:
    """format_vnd always gives complete dot-separated groups of the same digits."""
    text = format_vnd(amount, unit=False)
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*", text)
    assert text.replace(".", "") == str(amount)


# -------------------------------------------------------- properties of the wording

_DIGIT_WORDS = {
    "không": 0,
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
}


def _group_value(tokens: list[str]) -> int:
    """Strictly parse one group of at most three digits; raise on anything unexpected."""
    value = 0
    rest = tokens
    if len(rest) >= 2 and rest[1] == "trăm":
        value += _DIGIT_WORDS[rest[0]] * 100
        rest = rest[2:]
    if not rest:
        return value
    if rest[0] == "linh":
        assert rest is not tokens, "linh needs a hundreds digit before it"
        assert len(rest) == 2 and rest[1] in _DIGIT_WORDS and rest[1] != "không"
        return value + _DIGIT_WORDS[rest[1]]
    if rest[0] == "mười":
        units = {"một": 1, "lăm": 5, **{w: v for w, v in _DIGIT_WORDS.items() if v > 1 and v != 5}}
        assert len(rest) <= 2
        return value + 10 + (units[rest[1]] if len(rest) == 2 else 0)
    if len(rest) >= 2 and rest[1] == "mươi":
        assert _DIGIT_WORDS[rest[0]] >= 2 and len(rest) <= 3
        units = {"mốt": 1, "lăm": 5, **{w: v for w, v in _DIGIT_WORDS.items() if v > 1 and v != 5}}
        return value + _DIGIT_WORDS[rest[0]] * 10 + (units[rest[2]] if len(rest) == 3 else 0)
    assert len(rest) == 1 and value == 0, tokens
    return _DIGIT_WORDS[rest[0]]


def _below_billion(tokens: list[str]) -> int:
    value = 0
    for scale, factor in (("triệu", 10**6), ("nghìn", 10**3)):
        if scale in tokens:
            i = tokens.index(scale)
            value += _group_value(tokens[:i]) * factor
            tokens = tokens[i + 1 :]
    return value + (_group_value(tokens) if tokens else 0)


def words_to_number(text: str) -> int:
    """Independent reader for the tests: Vietnamese words back to an int."""
    tokens = text.lower().removesuffix(" đồng").split()
    if "tỷ" in tokens:
        i = len(tokens) - 1 - tokens[::-1].index("tỷ")
        return words_to_number(" ".join(tokens[:i])) * 10**9 + _below_billion(tokens[i + 1 :])
    return _below_billion(tokens)


def test_words_to_number_reader_is_strict() -> None:
    """The test's reader refuses wrong wording, so the round-trip test can fail."""
    assert words_to_number("Mười lăm triệu năm trăm nghìn đồng") == 15_500_000
    for wrong in ("mười năm", "hai mươi một", "một mươi", "một trăm lẻ năm", "linh năm"):
        with pytest.raises((AssertionError, KeyError)):
            words_to_number(wrong)


def _amounts_with_zeros() -> st.SearchStrategy[int]:
    """Amounts built from 3-digit groups that are often 0, 1–21, or a round hundred."""
    group = st.one_of(
        st.just(0),
        st.integers(min_value=1, max_value=25),
        st.sampled_from([100, 101, 105, 110, 115, 500, 505, 550, 999]),
        st.integers(min_value=0, max_value=999),
    )
    return st.lists(group, min_size=1, max_size=7).map(
        lambda groups: sum(g * 1000**i for i, g in enumerate(groups))
    )


amounts = st.one_of(st.integers(min_value=0, max_value=10**18), _amounts_with_zeros())


@given(amounts)
def test_words_round_trip(amount: int) -> None:
    """Reading the words back gives the amount."""
    assert words_to_number(amount_in_words(amount)) == amount


@given(amounts)
def test_words_are_well_formed(amount: int) -> None:
    """NFC; no double or edge spaces; capitalised; lower case after; ends with " đồng"."""
    text = amount_in_words(amount)
    assert unicodedata.is_normalized("NFC", text)
    assert "  " not in text
    assert text == text.strip()
    assert text[0].isupper()
    assert text[1:] == text[1:].lower()
    assert text.endswith(" đồng")
    assert amount_in_words(amount, capitalize=False, currency=False) == text[0].lower() + text[
        1:
    ].removesuffix(" đồng")


@given(amounts)
def test_words_follow_conventions(amount: int) -> None:
    """Never lẻ/ngàn/tư/tỉ; mốt and lăm only after mươi/mười; không only before trăm."""
    tokens = amount_in_words(amount, capitalize=False, currency=False).split()
    assert not {"lẻ", "ngàn", "tư", "tỉ", "mươi mười"} & set(tokens)
    for i, token in enumerate(tokens):
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if token == "mốt":
            assert before == "mươi"
        if token == "lăm":
            assert before in {"mươi", "mười"}
        if token == "linh":
            assert before == "trăm" and after in _DIGIT_WORDS and after != "không"
        if token == "không" and amount:
            assert after == "trăm"
        if token == "mười":
            assert before != "một"


@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_scale_words_descend(amount: int) -> None:
    """Below a nghìn tỷ, tỷ, triệu, nghìn each appear at most once and in that order."""
    tokens = amount_in_words(amount, currency=False).split()
    scales = [t for t in tokens if t in {"tỷ", "triệu", "nghìn"}]
    assert scales == sorted(scales, key=["tỷ", "triệu", "nghìn"].index)
    assert len(scales) == len(set(scales))
    expected = [
        name
        for name, factor in (("tỷ", 10**9), ("triệu", 10**6), ("nghìn", 10**3))
        if amount // factor % 1000
    ]
    assert scales == expected


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=999))
def test_inner_group_reads_khong_tram(upper: int, lower: int) -> None:
    """A group under a non-zero group always states its hundreds, even "không trăm"."""
    words = amount_in_words(upper * 1000 + lower, capitalize=False, currency=False)
    tail = words.split("nghìn ", 1)[1]
    assert tail.split()[1] == "trăm"
