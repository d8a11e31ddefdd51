"""Vietnamese text helpers: normalisation, accent-insensitive search, sorting, dates.

Why this exists: SQLite folds only ASCII, Python's default string order puts "Đ" after
"Z" and "Ă" after "Z", and text pasted from old documents is often decomposed (NFD)
or uses the look-alike "Ð" (U+00D0, Icelandic eth) for "Đ". Everything that searches,
sorts or prints Vietnamese goes through these functions.

Sorting follows the Vietnamese alphabet, letter by letter:
``a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v (w) x y (z)``
(the foreign letters in brackets keep their Latin place). Tones are a secondary key,
compared syllable by syllable, in dictionary order: none, huyền, hỏi, ngã, sắc, nặng.
Digraphs (ch, gi, kh, ng, nh, ph, th, tr, qu) are not treated as single letters. Case
is ignored, and the tone mark's position inside a syllable (``hòa``/``hoà``) does not
matter. A space sorts before any letter, so "An Bình" comes before "Anh".
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import cache

__all__ = [
    "format_date",
    "format_date_long",
    "nfc",
    "parse_date",
    "search_key",
    "sort_key",
]

# Combining marks that change the letter (breve, circumflex, horn) vs. tone marks.
_BREVE = "\u0306"
_CIRCUMFLEX = "\u0302"
_HORN = "\u031b"
_TONES = {
    "\u0300": 1,  # huyền (grave)
    "\u0309": 2,  # hỏi (hook above)
    "\u0303": 3,  # ngã (tilde)
    "\u0301": 4,  # sắc (acute)
    "\u0323": 5,  # nặng (dot below)
}
_MODIFIED = {
    ("a", _BREVE): "ă",
    ("a", _CIRCUMFLEX): "â",
    ("e", _CIRCUMFLEX): "ê",
    ("o", _CIRCUMFLEX): "ô",
    ("o", _HORN): "ơ",
    ("u", _HORN): "ư",
}
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}

# Primary weights: space < punctuation < digits < letters < anything else.
_SPACE = 0
_PUNCT = 1
_DIGIT_BASE = 10
_LETTER_BASE = 100
_OTHER_BASE = 1000


def nfc(s: str) -> str:
    """Return ``s`` in Unicode NFC (composed) form, as stored and printed everywhere."""
    return unicodedata.normalize("NFC", s)


_VIETNAMESE_MARKS = re.compile("[\u0300-\u036f]")


def _fold_d(s: str) -> str:
    # "ð" is the case-folded look-alike "Ð" (U+00D0) that legacy converters produce.
    return s.replace("đ", "d").replace("ð", "d")


def search_key(s: str) -> str:
    """Return an accent- and case-insensitive key for searching Vietnamese text.

    NFC, casefold, strip combining marks, ``đ`` → ``d``, collapse whitespace; so
    ``search_key("  Nguyễn   Văn Đức ") == "nguyen van duc"``.
    """
    folded = unicodedata.normalize("NFD", s.casefold())
    if not folded.isascii():
        # Vietnamese marks all sit in U+0300–U+036F; a regex strips them in C. Anything still
        # non-ASCII afterwards (other scripts' marks) takes the general, slower path.
        folded = _fold_d(_VIETNAMESE_MARKS.sub("", folded))
        if not folded.isascii():
            folded = "".join(ch for ch in folded if unicodedata.category(ch) != "Mn")
    return " ".join(folded.split())


def _letters(s: str) -> list[tuple[str, int]]:
    """Split casefolded NFD text into (base character, tone) pairs."""
    out: list[tuple[str, int]] = []
    for ch in unicodedata.normalize("NFD", nfc(s).casefold()):
        if unicodedata.combining(ch) and out:
            base, tone = out[-1]
            if ch in _TONES:
                out[-1] = (base, tone or _TONES[ch])
            else:
                out[-1] = (_MODIFIED.get((base, ch), base), tone)
        else:
            out.append((ch, 0))
    return out


def _primary(ch: str) -> int:
    if ch.isspace():
        return _SPACE
    if ch in _LETTER_RANK:
        return _LETTER_BASE + _LETTER_RANK[ch]
    if ch == "ð":
        return _LETTER_BASE + _LETTER_RANK["đ"]
    if "0" <= ch <= "9":
        return _DIGIT_BASE + ord(ch) - ord("0")
    if not ch.isalnum():
        return _PUNCT
    return _OTHER_BASE + ord(ch)


def sort_key(s: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Return a key that sorts Vietnamese strings in dictionary order.

    The first element ranks the letters (tones ignored); the second holds the tone
    of each syllable, so words differing only in tone sort none < huyền < hỏi < ngã <
    sắc < nặng. Case-insensitive; surrounding and repeated whitespace is ignored.
    """
    pairs = _letters(" ".join(s.split()))
    primary = tuple(_primary(base) for base, _ in pairs)
    tones: list[int] = []
    syllable_tone: int | None = None
    for base, tone in pairs:
        if base.isalpha():
            syllable_tone = syllable_tone or tone  # first tone mark of the syllable wins
        elif syllable_tone is not None:
            tones.append(syllable_tone)
            syllable_tone = None
    if syllable_tone is not None:
        tones.append(syllable_tone)
    return primary, tuple(tones)


#: Words that keep their capital inside a sentence.
_PROPER_WORDS = frozenset({"Internet"})


def in_sentence(label: str) -> str:
    """A label as it reads inside a sentence: "Phát hành XBP" → "phát hành XBP", "Hàng hóa
    CNTT" → "hàng hóa CNTT"; abbreviations (two capitals or more) and proper words keep
    their case, where ``str.lower`` printed "xbp"."""
    words = label.split(" ")
    out = []
    for word in words:
        capitals = sum(1 for ch in word if ch.isupper())
        out.append(word if capitals >= 2 or word in _PROPER_WORDS else word.lower())
    return " ".join(out)


def format_date(d: date) -> str:
    """Format a date the Vietnamese way with leading zeros: ``05/02/2026``."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_date_long(d: date) -> str:
    """Format a date for administrative documents: ``ngày 05 tháng 02 năm 2026``.

    Decree 30/2020/NĐ-CP, Appendix I: days 1–9 and months 1–2 take a leading zero,
    other months do not (``ngày 15 tháng 3 năm 2026``), so "tháng 1" can never be
    misread as the start of "tháng 10"–"tháng 12".
    """
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)


def parse_date(s: str) -> date:
    """Parse ``dd/mm/yyyy`` (also ``d/m/yyyy``) or ISO ``yyyy-mm-dd``.

    Raises:
        ValueError: "Ngày không hợp lệ: …" when the text has another shape or names
            a day that does not exist (``31/02/2026``).
    """
    if not isinstance(s, str):
        raise TypeError(f"parse_date cần một chuỗi, không phải {type(s).__name__}")
    text = s.strip()
    if match := _DMY.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise ValueError(f"Ngày không hợp lệ: {s!r} (cần dạng dd/mm/yyyy hoặc yyyy-mm-dd)")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"Ngày không hợp lệ: {s!r} (không có ngày này trong lịch)") from None


@cache
def _char_weights(ch: str) -> tuple[str, int, bool] | None:
    """One NFC character's primary weight (as a ``sort_text`` character), tone and whether it
    is a letter; None when it does not stand alone (a combining mark left over by NFC)."""
    if unicodedata.combining(ch):
        return None
    pairs = _letters(ch)
    if len(pairs) != 1:
        return None
    base, tone = pairs[0]
    return chr(0x20 + min(_primary(base), 0xD700)), tone, base.isalpha()


class _Table(dict[int, str]):
    """A ``str.translate`` table filled on first sight of each character."""

    def __init__(self, part: int) -> None:
        super().__init__()
        self.part = part

    def __missing__(self, code: int) -> str:
        weights = _char_weights(chr(code))
        if weights is None:
            value = "\x00"  # not a standalone character: the general path handles it
        elif self.part == 0:
            value = weights[0]
        else:
            value = chr(0x30 + weights[1]) if weights[2] else " "
        self[code] = value
        return value


_LETTER_TABLE = _Table(0)
_TONE_TABLE = _Table(1)


def sort_text(s: str) -> str:
    """``sort_key`` flattened into a string whose code-point order is Vietnamese order.

    Stored in a column so the database can ORDER BY it (binary collation: SQLite's default,
    ``COLLATE "C"`` on PostgreSQL) without loading rows into Python. Computed with two cached
    translation tables (bulk imports compute it for every row): the letters' weights, and each
    syllable's tone (the first tone mark of a run of letters); text with stray combining marks
    takes the general path, with the same result.
    """
    folded = nfc(" ".join(s.split())).casefold()
    letters = folded.translate(_LETTER_TABLE)
    if "\x00" in letters:
        return _sort_text_general(s)
    tones = "".join(w.lstrip("0")[:1] or "0" for w in folded.translate(_TONE_TABLE).split())
    return letters + "\x01" + tones


def _sort_text_general(s: str) -> str:
    primary, tones = sort_key(s)
    # Every rank is shifted past the control characters; U+0001 separates the two levels and
    # sorts before any letter, so a shorter name sorts before its extensions.
    letters = "".join(chr(0x20 + min(p, 0xD700)) for p in primary)  # stay below surrogates
    return letters + "\x01" + "".join(chr(0x30 + t) for t in tones)
