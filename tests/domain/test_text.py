"""Tests for Vietnamese text helpers (inspector.domain.text)."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector.domain.text import (
    format_date,
    format_date_long,
    nfc,
    parse_date,
    search_key,
    sort_key,
)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


VIETNAMESE_LETTERS = (
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"
)
vietnamese_text = st.text(alphabet=VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " ")


# ------------------------------------------------------------------------------ nfc


def test_nfc_composes_decomposed_text() -> None:
    """Decomposed "Nguyễn" (NFD) becomes the composed form."""
    decomposed = nfd("Nguyễn Thị Đặng")
    assert decomposed != "Nguyễn Thị Đặng"
    assert nfc(decomposed) == "Nguyễn Thị Đặng"


@given(vietnamese_text)
def test_nfc_is_idempotent_and_normalised(s: str) -> None:
    """nfc output is NFC and applying it twice changes nothing."""
    once = nfc(nfd(s))
    assert unicodedata.is_normalized("NFC", once)
    assert nfc(once) == once == nfc(s)


# ----------------------------------------------------------------------- search_key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Nguyễn Văn An", "nguyen van an"),
        ("ĐẶNG THỊ THU", "dang thi thu"),
        ("  Hoàng   Văn\tĐức \n", "hoang van duc"),
        ("Phường Sông Hiến", "phuong song hien"),
        ("xã Quảng Lâm", "xa quang lam"),
        ("Ưng Ơn Ấu Ắt", "ung on au at"),
        ("ÐỖ", "do"),  # U+00D0 (eth) as produced by legacy converters
        ("Công ty TNHH A & B", "cong ty tnhh a & b"),
        ("4800651833", "4800651833"),
        ("", ""),
    ],
)
def test_search_key_examples(text: str, key: str) -> None:
    """search_key strips tones and marks, folds đ to d, case and whitespace."""
    assert search_key(text) == key


def test_search_key_matches_partial_unaccented_query() -> None:
    """Typing "nguyen van" finds "Nguyễn Văn Bình", and "d" finds "Đ"."""
    assert search_key("nguyen van") in search_key("Ông Nguyễn Văn Bình")
    assert search_key("d") == search_key("đ") == search_key("Đ")
    assert search_key("dang") == search_key("Đặng")


def test_search_key_ignores_normalisation_form() -> None:
    """Composed and decomposed input give the same key."""
    assert search_key(nfd("Lũng Nặm")) == search_key("Lũng Nặm") == "lung nam"


@given(vietnamese_text)
def test_search_key_of_vietnamese_is_plain_ascii(s: str) -> None:
    """For Vietnamese letters the key is lower-case ASCII without double spaces."""
    key = search_key(s)
    assert key.isascii()
    assert key == key.lower()
    assert "  " not in key
    assert key == key.strip()


@given(st.text())
def test_search_key_is_idempotent(s: str) -> None:
    """search_key(search_key(s)) == search_key(s) for any text."""
    assert search_key(search_key(s)) == search_key(s)


# ------------------------------------------------------------------------- sort_key


def test_sort_real_family_names() -> None:
    """A shuffled list of family names sorts in Vietnamese dictionary order."""
    expected = [
        "An",
        "Âu",
        "Bàn",
        "Bế",
        "Bùi",
        "Chu",
        "Dũng",
        "Duy",
        "Dương",
        "Đàm",
        "Đặng",
        "Đinh",
        "Đỗ",
        "Giàng",
        "Hà",
        "Hầu",
        "Hoàng",
        "Hứa",
        "Lăng",
        "Lâm",
        "Lê",
        "Lục",
        "Lương",
        "Lý",
        "Ma",
        "Mạc",
        "Nguyễn",
        "Nông",
        "Ông",
        "Phạm",
        "Sầm",
        "Thào",
        "Triệu",
        "Trương",
        "Uông",
        "Ưng",
        "Vàng",
        "Vi",
        "Vũ",
    ]
    shuffled = sorted(expected, key=lambda s: s[::-1])
    assert shuffled != expected
    assert sorted(shuffled, key=sort_key) == expected


def test_d_bar_sorts_after_every_d() -> None:
    """ "Đặng" comes after "Dương", and "Đ…" after all "D…" names."""
    names = ["Đặng", "Dương", "Đào", "Duy", "Dũng"]
    assert sorted(names, key=sort_key) == ["Dũng", "Duy", "Dương", "Đào", "Đặng"]


def test_a_breve_circumflex_order() -> None:
    """An < Anh < Ăn < Ân: a, ă, â are distinct letters in that order."""
    assert sorted(["Ân", "Ăn", "Anh", "An"], key=sort_key) == ["An", "Anh", "Ăn", "Ân"]


def test_tones_are_secondary_in_dictionary_order() -> None:
    """Same letters: none < huyền < hỏi < ngã < sắc < nặng."""
    tones = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(reversed(tones), key=sort_key) == tones


def test_letters_outrank_tones() -> None:
    """A tone never overrides a later letter difference: "Mạc" < "Man"."""
    assert sorted(["Man", "Mạc"], key=sort_key) == ["Mạc", "Man"]
    assert sorted(["Ánh", "Anh"], key=sort_key) == ["Anh", "Ánh"]


def test_tones_compare_syllable_by_syllable() -> None:
    """With the same letters, the first syllable's tone decides before the second's."""
    names = ["Thu Hà", "Thu Há", "Thú Ha"]
    assert sorted(names, key=sort_key) == ["Thu Hà", "Thu Há", "Thú Ha"]


def test_space_sorts_before_letters() -> None:
    """ "An Bình" sorts before "Anh" (word boundary first)."""
    assert sorted(["Anh", "An Bình"], key=sort_key) == ["An Bình", "Anh"]


def test_u_horn_and_o_horn_follow_their_base_letters() -> None:
    """u < ư and o < ô < ơ."""
    assert sorted(["Ưng", "Uyên", "Ơn", "Ôn", "On"], key=sort_key) == [
        "On",
        "Ôn",
        "Ơn",
        "Uyên",
        "Ưng",
    ]


def test_sort_key_ignores_case_form_and_tone_placement() -> None:
    """Case, NFD input and old-style tone placement (hoà/hòa) give equal keys."""
    assert sort_key("NGUYỄN") == sort_key("nguyễn") == sort_key(nfd("Nguyễn"))
    assert sort_key("Hoà") == sort_key("hòa")
    assert sort_key("  Nông   Văn ") == sort_key("Nông Văn")


def test_sort_key_distinguishes_different_letters() -> None:
    """d/đ, a/ă/â and different tones give different keys."""
    keys = {sort_key(s) for s in ["da", "đa", "dă", "dâ", "dà", "dá"]}
    assert len(keys) == 6


def test_digits_sort_numerically_before_letters() -> None:
    """Digits come before letters and in numeric order per digit."""
    assert sorted(["Tổ 2", "Tổ A", "Tổ 1"], key=sort_key) == ["Tổ 1", "Tổ 2", "Tổ A"]


@given(vietnamese_text)
def test_sort_key_case_and_form_invariant(s: str) -> None:
    """Upper-casing or decomposing never changes the key of Vietnamese text."""
    assert sort_key(s) == sort_key(s.upper()) == sort_key(nfd(s))


@given(vietnamese_text, vietnamese_text)
def test_equal_sort_keys_imply_equal_search_keys(a: str, b: str) -> None:
    """Strings that sort as equal are also equal for search."""
    if sort_key(a) == sort_key(b):
        assert search_key(a) == search_key(b)


@given(st.lists(vietnamese_text, max_size=8))
def test_sort_key_gives_a_total_order(items: list[str]) -> None:
    """Sorting is idempotent and independent of input order."""
    once = sorted(items, key=sort_key)
    assert [sort_key(s) for s in sorted(reversed(items), key=sort_key)] == [
        sort_key(s) for s in once
    ]


# -------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (date(2026, 2, 5), "05/02/2026"),
        (date(2025, 7, 1), "01/07/2025"),
        (date(2025, 12, 31), "31/12/2025"),
        (date(1985, 10, 9), "09/10/1985"),
    ],
)
def test_format_date(d: date, text: str) -> None:
    """Dates print as dd/mm/yyyy with leading zeros."""
    assert format_date(d) == text


@pytest.mark.parametrize(
    ("d", "text"),
    [
        (date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
        (date(2026, 1, 1), "ngày 01 tháng 01 năm 2026"),
        (date(2026, 3, 15), "ngày 15 tháng 3 năm 2026"),
        (date(2025, 7, 1), "ngày 01 tháng 7 năm 2025"),
        (date(2025, 10, 9), "ngày 09 tháng 10 năm 2025"),
        (date(2025, 12, 31), "ngày 31 tháng 12 năm 2025"),
    ],
)
def test_format_date_long(d: date, text: str) -> None:
    """Decree 30/2020: leading zero for days 1–9 and months 1–2 only."""
    assert format_date_long(d) == text


@pytest.mark.parametrize(
    ("text", "d"),
    [
        ("05/02/2026", date(2026, 2, 5)),
        ("5/2/2026", date(2026, 2, 5)),
        ("31/12/2025", date(2025, 12, 31)),
        ("29/02/2024", date(2024, 2, 29)),
        ("2026-02-05", date(2026, 2, 5)),
        ("  01/07/2025 ", date(2025, 7, 1)),
    ],
)
def test_parse_date_accepts(text: str, d: date) -> None:
    """dd/mm/yyyy, d/m/yyyy and ISO yyyy-mm-dd parse."""
    assert parse_date(text) == d


@pytest.mark.parametrize(
    "text",
    [
        "",
        "05/02/26",
        "2026/02/05",
        "05-02-2026",
        "05.02.2026",
        "31/02/2026",
        "29/02/2025",
        "00/01/2026",
        "15/13/2026",
        "01/01/0000",
        "2026-2-5",
        "5 tháng 2 2026",
        "٠٥/٠٢/٢٠٢٦",
        "05/02/2026x",
    ],
)
def test_parse_date_rejects_with_vietnamese_message(text: str) -> None:
    """Bad shapes and impossible days raise ValueError "Ngày không hợp lệ: …"."""
    with pytest.raises(ValueError, match=r"^Ngày không hợp lệ: "):
        parse_date(text)


def test_parse_date_rejects_non_string() -> None:
    """A date object is not text: TypeError."""
    with pytest.raises(TypeError):
        parse_date(date(2026, 2, 5))  # type: ignore[arg-type]


@given(st.dates(min_value=date(1000, 1, 1)))
def test_parse_date_inverts_format_date(d: date) -> None:
    """parse_date(format_date(d)) == d and parse_date(d.isoformat()) == d."""
    assert parse_date(format_date(d)) == d
    assert parse_date(d.isoformat()) == d


def test_sort_text_orders_like_sort_key() -> None:
    """The stored sort string orders names exactly as sort_key does (Vietnamese order)."""
    from inspector.domain.text import sort_key, sort_text

    names = ["Đặng Văn Bình", "Dương Thị Lan", "Ân", "An", "Ăn", "anh", "Hòa", "Hoà", "Hỏa",
             "Hóa", "Nguyễn Văn A", "Nguyên", "Lý", "Lê", "Ông", "Ơn", "Ư", "U", "Bế Văn Đàn"]
    assert sorted(names, key=sort_text) == sorted(names, key=sort_key)
    assert sort_text("Dương") < sort_text("Đặng")


@given(st.text(alphabet="aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ "
               "AĐÂƠ0123-.,\u0301\u0300", max_size=30))
def test_sort_text_fast_path_equals_general_path(s: str) -> None:
    """The cached translation tables give exactly the key of the general computation."""
    from inspector.domain.text import _sort_text_general, sort_text

    assert sort_text(s) == _sort_text_general(s)


def test_labels_inside_a_sentence_keep_abbreviations_and_proper_words() -> None:
    from inspector.domain.text import in_sentence

    assert in_sentence("Phát hành XBP") == "phát hành XBP"
    assert in_sentence("Hàng hóa CNTT") == "hàng hóa CNTT"
    assert in_sentence("Trò chơi điện tử") == "trò chơi điện tử"
    assert in_sentence("Internet") == "Internet"
