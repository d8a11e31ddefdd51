"""The sanction law as dated reference data: instruments, provisions, caps, circumstances.

Why this module exists: the brackets, the party a bracket is printed for, who may sign what
and from when all change with the law (159/2013 → 119/2020; 174/2013 → 15/2020 → 174/2026;
Chánh Thanh tra Sở → Giám đốc Sở on 01/7/2025). Keeping them in code would freeze one
reading of the law; keeping them in ``db/reference/*.json`` lets an administrator correct a
bracket or end-date a title without a release, and lets every value carry how sure we are
of it (``confirmed`` plus a ``source`` naming the evidence tag of legal.md / legal-additions.md).

This module only describes and loads that data; the rules that use it live in
:mod:`inspector.domain.fines` and :mod:`inspector.domain.competence`. Standard library only.

Conventions of the JSON files (all UTF-8, NFC, one list of records per file):

* Dates are ISO ``YYYY-MM-DD``. ``effective_until`` / ``valid_until`` is the **last day** the
  record applied (inclusive); ``null`` means still applicable.
* Amounts are integers of đồng. ``printed_min``/``printed_max`` are the bracket exactly as the
  decree prints it; ``party`` says whom those printed amounts are for. The other party's
  bracket is derived (organisation = 2 × individual, Law Art 23 and §1.4 of legal.md).
* ``confirmed`` is true only when every core value of the record is backed by a [C] tag;
  ``unconfirmed_fields`` names the values that are [I], [R] or a gap, and ``note`` says why.
  Values with a life of their own (each tier, each additional sanction and remedial measure,
  a provision's limitation period) carry their own ``confirmed`` flag.

Provision keys are ``DECREE:ARTICLE.CLAUSE[.POINT]`` (``119/2020/NĐ-CP:29.1.a``). Typed keys
may use ASCII: ``ND`` for ``NĐ`` and ``dd`` for the point ``đ``; see :func:`parse_provision_key`
for the one ambiguity (a bare ``d`` is always the point *d*, never *đ*). The article ``?``
marks a provision whose article number the sources never showed (Decree 174/2013's Internet
points): it is kept so that its bracket is known, but it cannot be cited in a decision.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Literal, cast

__all__ = [
    "ADDITIONAL_KINDS",
    "PARTIES",
    "POINT_LETTERS",
    "ROLES",
    "SANCTION_KINDS",
    "SECTORS",
    "AdditionalSanction",
    "Alternative",
    "Catalog",
    "CatalogError",
    "Circumstance",
    "Instrument",
    "LawError",
    "Provision",
    "ProvisionKey",
    "RemedialMeasure",
    "SectorCoverage",
    "SignerCap",
    "Tier",
    "format_citation",
    "iter_strings",
    "load_catalog",
    "parse_provision_key",
]

Sector = Literal[
    "internet", "game", "ict_goods", "printing", "distribution", "telecom", "publishing"
]
Party = Literal["organization", "individual"]
SanctionKind = Literal["fine", "warning", "warning_or_fine"]
AdditionalKind = Literal["licence_withdrawal", "suspension", "confiscation"]
InstrumentKind = Literal["law", "decree"]
Role = Literal[
    "general_law", "amending_law", "implementing_decree", "sanction_decree",
    "amending_decree", "competence_decree",
]
CircumstanceKind = Literal["mitigating", "aggravating"]

SECTORS: tuple[str, ...] = (
    "internet", "game", "ict_goods", "printing", "distribution", "telecom", "publishing",
)
SECTOR_NAMES_VI: Mapping[str, str] = {
    "internet": "Điểm truy nhập Internet công cộng, đại lý Internet",
    "game": "Điểm cung cấp dịch vụ trò chơi điện tử công cộng, người chơi",
    "ict_goods": "Hàng hóa CNTT-TT phải chứng nhận, công bố hợp quy",
    "printing": "Hoạt động in",
    "distribution": "Phát hành xuất bản phẩm, sản phẩm báo chí",
    "telecom": "Viễn thông",
    "publishing": "Xuất bản",
}
PARTIES: tuple[str, ...] = ("organization", "individual")
SANCTION_KINDS: tuple[str, ...] = ("fine", "warning", "warning_or_fine")
ADDITIONAL_KINDS: tuple[str, ...] = ("licence_withdrawal", "suspension", "confiscation")
ROLES: tuple[str, ...] = (
    "general_law", "amending_law", "implementing_decree", "sanction_decree",
    "amending_decree", "competence_decree",
)
CIRCUMSTANCE_KINDS: tuple[str, ...] = ("mitigating", "aggravating")

#: Points of a clause run through the Vietnamese alphabet without f, j, w, z:
#: a, b, c, d, đ, e, g, h, i, k, l, m, n, o, p, q, r, s, t, u, v, x, y.
POINT_LETTERS: tuple[str, ...] = tuple("abcdđeghiklmnopqrstuvxy")
_POINT_RANK = {letter: index for index, letter in enumerate(POINT_LETTERS)}


class LawError(ValueError):
    """A rule of the law refuses the request; ``reason`` is a Vietnamese sentence for the user.

    ``code`` is a stable machine-readable tag (``not_in_force``, ``exceeds_bracket``, …) for
    callers and tests that must not depend on the wording.
    """

    def __init__(self, reason: str, code: str = "law") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


class CatalogError(ValueError):
    """The reference data is malformed (a programming or editing error, not a legal refusal)."""


# --------------------------------------------------------------------------- provision keys

_DECREE_RE = re.compile(r"(\d{1,4})/(\d{4})/(nđ-cp|nd-cp|ndd-cp|qh\d{1,2})")
_ARTICLE_RE = re.compile(r"(\d{1,3})([a-zđ]{0,2})")
_KEY_RE = re.compile(
    r"(?P<inst>[^:]+?)\s*:\s*(?P<art>\?|[0-9a-zđ]+)\.(?P<clause>\d{1,2})(?:\.(?P<point>[a-zđ]{1,2}))?"
)


def _letter(text: str, what: str, original: str) -> str:
    """Map one typed point letter to the canonical one: ``dd`` → ``đ``, ``d`` stays ``d``."""
    letter = "đ" if text == "dd" else text
    if letter not in _POINT_RANK:
        raise LawError(
            f"Ký hiệu {what} không hợp lệ trong {original!r}: {text!r} (điểm dùng chữ cái "
            "tiếng Việt a, b, c, d, đ, e, g, h, i, k, …; gõ “dd” cho đ)",
            "bad_key",
        )
    return letter


def _canonical_instrument(text: str, original: str) -> str:
    match = _DECREE_RE.fullmatch(text)
    if not match:
        raise LawError(
            f"Số hiệu văn bản không hợp lệ trong {original!r}: cần dạng 119/2020/NĐ-CP "
            "(hoặc 119/2020/ND-CP)",
            "bad_key",
        )
    number, year, suffix = match.groups()
    if suffix.startswith("qh"):
        return f"{int(number):02d}/{year}/QH{int(suffix[2:]):02d}"
    return f"{int(number):02d}/{year}/NĐ-CP"


@dataclass(frozen=True)
class ProvisionKey:
    """A parsed provision key; ``str(key)`` is the canonical spelling stored everywhere."""

    instrument: str
    article: str
    clause: str
    point: str | None = None

    def __str__(self) -> str:
        tail = f".{self.point}" if self.point else ""
        return f"{self.instrument}:{self.article}.{self.clause}{tail}"

    @property
    def article_known(self) -> bool:
        """False for the ``?`` placeholder of a provision whose article was never seen."""
        return self.article != "?"

    def sort_key(self) -> tuple[int, int, int, str, int, int]:
        """Natural order: by instrument year and number, then article, clause, point."""
        number, year = self.instrument.split("/")[:2]
        art = _ARTICLE_RE.fullmatch(self.article)
        art_no, art_suffix = (int(art.group(1)), art.group(2)) if art else (-1, "")
        point_rank = _POINT_RANK[self.point] if self.point else -1
        return (int(year), int(number), art_no, art_suffix, int(self.clause), point_rank)


def parse_provision_key(text: str) -> ProvisionKey:
    """Parse a typed provision key and normalise it to the canonical form.

    Accepted: ``119/2020/NĐ-CP:29.1.a``, ``119/2020/ND-CP:29.1.a``, ``119/2020/NÐ-CP`` (the
    look-alike U+00D0), any letter case, spaces around the colon, and ``dd`` for the point
    (or article suffix) ``đ``: ``174/2026/nd-cp:36.3.dd`` → ``174/2026/NĐ-CP:36.3.đ``.

    Disambiguation: Vietnamese points run a, b, c, d, đ, e, …, so both *d* and *đ* exist.
    ``dd`` (and ``đ``, ``Đ``, ``Ð``) always means *đ*; a bare ``d`` always means *d*. A key
    typed ``36.3.d`` therefore names point d, never đ.

    Raises:
        LawError: (code ``bad_key``) with a Vietnamese message when the text is not a key.
    """
    original = text
    if not isinstance(text, str):
        raise LawError(f"Mã điều khoản phải là chuỗi, không phải {type(text).__name__}", "bad_key")
    folded = unicodedata.normalize("NFC", text).strip().lower().replace("ð", "đ")
    match = _KEY_RE.fullmatch(folded)
    if not match:
        raise LawError(
            f"Mã điều khoản không hợp lệ: {original!r} (cần dạng NGHỊ-ĐỊNH:ĐIỀU.KHOẢN[.ĐIỂM], "
            "ví dụ 119/2020/NĐ-CP:29.1.a)",
            "bad_key",
        )
    instrument = _canonical_instrument(match.group("inst").strip(), original)
    art_text = match.group("art")
    if art_text == "?":
        article = "?"
    else:
        art = _ARTICLE_RE.fullmatch(art_text)
        if not art:
            raise LawError(f"Số điều không hợp lệ trong {original!r}: {art_text!r}", "bad_key")
        suffix = _letter(art.group(2), "điều", original) if art.group(2) else ""
        article = f"{int(art.group(1))}{suffix}"
    clause = str(int(match.group("clause")))
    point_text = match.group("point")
    point = _letter(point_text, "điểm", original) if point_text else None
    if int(clause) == 0 or article in ("0",):
        raise LawError(f"Số điều, khoản phải lớn hơn 0: {original!r}", "bad_key")
    return ProvisionKey(instrument, article, clause, point)


def format_partial_citation(key: str | ProvisionKey) -> str:
    """Cite a provision whose article the catalog does not know, as the paper form leaves a
    field to complete: ``khoản 3 Điều … Nghị định số 174/2013/NĐ-CP``. The known parts are
    printed, the unknown article stays visibly blank for the signer to check and fill in; the
    catalog key (with its ``?``) is never printed."""
    parsed = key if isinstance(key, ProvisionKey) else parse_provision_key(key)
    if parsed.article_known:
        return format_citation(parsed)
    kind = "Luật số" if "/QH" in parsed.instrument else "Nghị định số"
    head = f"điểm {parsed.point} " if parsed.point else ""
    return f"{head}khoản {parsed.clause} Điều … {kind} {parsed.instrument}"


def format_citation(key: str | ProvisionKey) -> str:
    """Cite a provision as a decision does: ``điểm a khoản 1 Điều 29 Nghị định số 119/2020/NĐ-CP``.

    Raises:
        LawError: (code ``article_unknown``) for a ``?`` key, which cannot be cited.
    """
    parsed = key if isinstance(key, ProvisionKey) else parse_provision_key(key)
    if not parsed.article_known:
        raise LawError(
            f"Chưa xác định được số điều của {parsed}; không thể trích dẫn trong quyết định",
            "article_unknown",
        )
    kind = "Luật số" if "/QH" in parsed.instrument else "Nghị định số"
    head = f"điểm {parsed.point} " if parsed.point else ""
    return f"{head}khoản {parsed.clause} Điều {parsed.article} {kind} {parsed.instrument}"


# --------------------------------------------------------------------------- dict helpers

def _req(data: Mapping[str, Any], name: str, kind: type | tuple[type, ...], where: str) -> Any:
    if name not in data:
        raise CatalogError(f"{where}: thiếu trường {name!r}")
    value = data[name]
    if isinstance(value, bool) and kind is int:
        raise CatalogError(f"{where}: trường {name!r} phải là số nguyên")
    if not isinstance(value, kind):
        raise CatalogError(f"{where}: trường {name!r} có kiểu sai ({type(value).__name__})")
    return value


def _opt(data: Mapping[str, Any], name: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = data.get(name)
    if value is None:
        return None
    return _req(data, name, kind, where)


def _str(data: Mapping[str, Any], name: str, where: str) -> str:
    return cast(str, _req(data, name, str, where))


def _opt_str(data: Mapping[str, Any], name: str, where: str) -> str | None:
    return cast("str | None", _opt(data, name, str, where))


def _int(data: Mapping[str, Any], name: str, where: str) -> int:
    return cast(int, _req(data, name, int, where))


def _opt_int(data: Mapping[str, Any], name: str, where: str) -> int | None:
    return cast("int | None", _opt(data, name, int, where))


def _bool(data: Mapping[str, Any], name: str, where: str) -> bool:
    return cast(bool, _req(data, name, bool, where))


def _date(data: Mapping[str, Any], name: str, where: str) -> date:
    text = _str(data, name, where)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CatalogError(f"{where}: {name!r} không phải ngày ISO: {text!r}") from None


def _opt_date(data: Mapping[str, Any], name: str, where: str) -> date | None:
    if data.get(name) is None:
        return None
    return _date(data, name, where)


def _str_list(data: Mapping[str, Any], name: str, where: str) -> tuple[str, ...]:
    values = _req(data, name, list, where)
    if not all(isinstance(v, str) for v in values):
        raise CatalogError(f"{where}: {name!r} phải là danh sách chuỗi")
    return tuple(values)


def _choice(data: Mapping[str, Any], name: str, choices: Sequence[str], where: str) -> str:
    value = _str(data, name, where)
    if value not in choices:
        raise CatalogError(f"{where}: {name!r} = {value!r} không thuộc {list(choices)}")
    return value


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# --------------------------------------------------------------------------- records

@dataclass(frozen=True)
class SectorCoverage:
    """One sector an instrument governs, with its own window and the field's maximum fine.

    ``effective_from``/``effective_until`` of ``None`` mean "as the instrument". Decree
    15/2020, for example, stays partly in force but stops governing Internet points, game
    points and ICT conformity after 30/6/2026.
    """

    sector: str
    effective_from: date | None = None
    effective_until: date | None = None
    max_fine_individual: int | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str = "fields") -> SectorCoverage:
        return cls(
            sector=_choice(data, "sector", SECTORS, where),
            effective_from=_opt_date(data, "effective_from", where),
            effective_until=_opt_date(data, "effective_until", where),
            max_fine_individual=_opt_int(data, "max_fine_individual", where),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "sector": self.sector,
            "effective_from": _iso(self.effective_from),
            "effective_until": _iso(self.effective_until),
            "max_fine_individual": self.max_fine_individual,
        }


@dataclass(frozen=True)
class Instrument:
    """A law or decree with its dates; sanction decrees say which sectors they govern."""

    number: str
    kind: str
    role: str
    title: str
    issued_on: date
    effective_from: date | None
    effective_until: date | None
    amended_by: tuple[str, ...]
    amends: tuple[str, ...]
    fields: tuple[SectorCoverage, ...]
    printed_party: str | None
    printed_party_exceptions: tuple[str, ...]
    additional_sanction_months: Mapping[str, tuple[int, int]] = field(hash=False)
    confirmed: bool
    unconfirmed_fields: tuple[str, ...]
    source: str
    note: str = ""
    #: the Law's party rule: an organisation's fine is this many times an individual's
    #: (only the general law carries it; legal.md §1.4)
    organization_fine_multiple: int | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Instrument:
        where = f"instrument {data.get('number', '?')}"
        months_raw = _opt(data, "additional_sanction_months", dict, where) or {}
        months: dict[str, tuple[int, int]] = {}
        for kind, pair in months_raw.items():
            if kind not in ADDITIONAL_KINDS or not (
                isinstance(pair, list) and len(pair) == 2 and all(type(v) is int for v in pair)
            ):
                raise CatalogError(f"{where}: additional_sanction_months[{kind!r}] sai dạng")
            months[kind] = (pair[0], pair[1])
        printed_party = _opt_str(data, "printed_party", where)
        if printed_party is not None and printed_party not in PARTIES:
            raise CatalogError(f"{where}: printed_party = {printed_party!r}")
        return cls(
            number=_str(data, "number", where),
            kind=_choice(data, "kind", ("law", "decree"), where),
            role=_choice(data, "role", ROLES, where),
            title=_str(data, "title", where),
            issued_on=_date(data, "issued_on", where),
            effective_from=_opt_date(data, "effective_from", where),
            effective_until=_opt_date(data, "effective_until", where),
            amended_by=_str_list(data, "amended_by", where),
            amends=_str_list(data, "amends", where),
            fields=tuple(
                SectorCoverage.from_dict(item, where)
                for item in _req(data, "fields", list, where)
            ),
            printed_party=printed_party,
            printed_party_exceptions=_str_list(data, "printed_party_exceptions", where),
            additional_sanction_months=months,
            confirmed=_bool(data, "confirmed", where),
            unconfirmed_fields=_str_list(data, "unconfirmed_fields", where),
            source=_str(data, "source", where),
            note=_opt_str(data, "note", where) or "",
            organization_fine_multiple=_opt_int(data, "organization_fine_multiple", where),
        )

    def to_dict(self) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if self.organization_fine_multiple is not None:
            extra["organization_fine_multiple"] = self.organization_fine_multiple
        return {
            **extra,
            "number": self.number,
            "kind": self.kind,
            "role": self.role,
            "title": self.title,
            "issued_on": self.issued_on.isoformat(),
            "effective_from": _iso(self.effective_from),
            "effective_until": _iso(self.effective_until),
            "amended_by": list(self.amended_by),
            "amends": list(self.amends),
            "fields": [f.to_dict() for f in self.fields],
            "printed_party": self.printed_party,
            "printed_party_exceptions": list(self.printed_party_exceptions),
            "additional_sanction_months": {
                kind: list(pair) for kind, pair in self.additional_sanction_months.items()
            },
            "confirmed": self.confirmed,
            "unconfirmed_fields": list(self.unconfirmed_fields),
            "source": self.source,
            "note": self.note,
        }

    def coverage(self, sector: str) -> SectorCoverage | None:
        """The sector entry of this instrument, or None when it does not govern ``sector``."""
        return next((f for f in self.fields if f.sector == sector), None)

    def window(self, sector: str | None = None) -> tuple[date | None, date | None]:
        """First and last day in force, for the whole instrument or for one sector."""
        start, end = self.effective_from, self.effective_until
        cov = self.coverage(sector) if sector else None
        if cov:
            start = cov.effective_from or start
            end = cov.effective_until or end
        return start, end

    def in_force(self, on: date, sector: str | None = None) -> bool:
        """True when the instrument (or its coverage of ``sector``) applies on ``on``."""
        start, end = self.window(sector)
        return start is not None and start <= on and (end is None or on <= end)


@dataclass(frozen=True)
class Tier:
    """One rung of a quantity ladder: the bracket that applies for a count per title.

    ``max_copies`` is inclusive; ``None`` means no upper bound was seen. ``key`` is the
    provision that prints this rung (119/2020 Art 29: < 50 copies → 29.1.a, 50–99 → 29.2.a).
    """

    min_copies: int
    max_copies: int | None
    printed_min: int
    printed_max: int
    key: str
    confirmed: bool = True

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str = "tier") -> Tier:
        return cls(
            min_copies=_int(data, "min_copies", where),
            max_copies=_opt_int(data, "max_copies", where),
            printed_min=_int(data, "printed_min", where),
            printed_max=_int(data, "printed_max", where),
            key=_str(data, "key", where),
            confirmed=_bool(data, "confirmed", where),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "min_copies": self.min_copies,
            "max_copies": self.max_copies,
            "printed_min": self.printed_min,
            "printed_max": self.printed_max,
            "key": self.key,
            "confirmed": self.confirmed,
        }

    def covers(self, copies: int) -> bool:
        """True when ``copies`` falls on this rung."""
        return self.min_copies <= copies and (self.max_copies is None or copies <= self.max_copies)


@dataclass(frozen=True)
class AdditionalSanction:
    """An additional sanction a provision allows; months are None for confiscation."""

    kind: str
    min_months: int | None
    max_months: int | None
    text: str
    confirmed: bool = True
    #: the clause of the article that provides it ("khoản 4 Điều 36"); "" when the catalog
    #: does not say, None when the catalog knows the basis is missing (never printed then).
    basis: str | None = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str = "additional") -> AdditionalSanction:
        return cls(
            kind=_choice(data, "kind", ADDITIONAL_KINDS, where),
            min_months=_opt_int(data, "min_months", where),
            max_months=_opt_int(data, "max_months", where),
            text=_str(data, "text", where),
            confirmed=_bool(data, "confirmed", where),
            basis=_basis(data, where),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "min_months": self.min_months,
            "max_months": self.max_months,
            "text": self.text,
            "confirmed": self.confirmed,
            **({} if self.basis == "" else {"basis": self.basis}),
        }


def _basis(data: Mapping[str, Any], where: str) -> str | None:
    if "basis" not in data:
        return ""
    return _opt_str(data, "basis", where)


@dataclass(frozen=True)
class Alternative:
    """One act of a point that lists several ("…; …; …"): the violation names the one committed."""

    text: str
    confirmed: bool = True

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str = "alternative") -> Alternative:
        return cls(text=_str(data, "text", where), confirmed=_bool(data, "confirmed", where))

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "confirmed": self.confirmed}


@dataclass(frozen=True)
class RemedialMeasure:
    """A remedial measure (biện pháp khắc phục hậu quả) a provision allows."""

    code: str
    text: str
    confirmed: bool = True
    basis: str | None = ""  # as AdditionalSanction.basis

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str = "remedial") -> RemedialMeasure:
        return cls(
            code=_str(data, "code", where),
            text=_str(data, "text", where),
            confirmed=_bool(data, "confirmed", where),
            basis=_basis(data, where),
        )

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "text": self.text, "confirmed": self.confirmed,
                **({} if self.basis == "" else {"basis": self.basis})}


@dataclass(frozen=True)
class ArticleConfirmation:
    """The article number of a catalog provision whose key carries ``?`` (the fact sheets saw
    its clause and bracket but not its article), as the department checked it in the text of
    the decree: the number, where it was read, when and by whom. The key keeps its ``?`` (the
    cases already recorded refer to it); citations use the confirmed number."""

    article: str
    source: str
    confirmed_on: date
    confirmed_by: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], where: str = "article_confirmation"
                  ) -> ArticleConfirmation:
        day = _opt_date(data, "confirmed_on", where)
        if day is None:
            raise CatalogError(f"{where}: thiếu trường 'confirmed_on'")
        return cls(article=_str(data, "article", where), source=_str(data, "source", where),
                   confirmed_on=day, confirmed_by=_str(data, "confirmed_by", where))

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "source": self.source,
                "confirmed_on": self.confirmed_on.isoformat(), "confirmed_by": self.confirmed_by}


@dataclass(frozen=True)
class Provision:
    """One sanctioned act: its key, bracket as printed, party, and what else it allows."""

    key: str
    instrument: str
    article: str
    clause: str
    point: str | None
    sector: str
    description: str
    sanction_kind: str
    printed_min: int | None
    printed_max: int | None
    party: str
    counted_per: str | None
    tiers: tuple[Tier, ...]
    additional_sanctions: tuple[AdditionalSanction, ...]
    remedial_measures: tuple[RemedialMeasure, ...]
    limitation_years: int
    limitation_confirmed: bool
    repeat_sanctioned_once: bool
    amended_by: tuple[str, ...]
    effective_from: date | None
    effective_until: date | None
    confirmed: bool
    unconfirmed_fields: tuple[str, ...]
    source: str
    note: str = ""
    #: the acts of a point that lists several; empty when the point is one act
    alternatives: tuple[Alternative, ...] = ()
    alternatives_source: str = ""
    #: the article number the department checked, for a key whose article is ``?``
    article_confirmation: ArticleConfirmation | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Provision:
        where = f"provision {data.get('key', '?')}"
        point = _opt_str(data, "point", where)
        counted_per = _opt_str(data, "counted_per", where)
        if counted_per not in (None, "title", "machine"):
            raise CatalogError(f"{where}: counted_per = {counted_per!r}")
        limitation = _int(data, "limitation_years", where)
        if limitation not in (1, 2):
            raise CatalogError(f"{where}: limitation_years phải là 1 hoặc 2")
        return cls(
            key=_str(data, "key", where),
            instrument=_str(data, "instrument", where),
            article=_str(data, "article", where),
            clause=_str(data, "clause", where),
            point=point,
            sector=_choice(data, "sector", SECTORS, where),
            description=_str(data, "description", where),
            sanction_kind=_choice(data, "sanction_kind", SANCTION_KINDS, where),
            printed_min=_opt_int(data, "printed_min", where),
            printed_max=_opt_int(data, "printed_max", where),
            party=_choice(data, "party", PARTIES, where),
            counted_per=counted_per,
            tiers=tuple(Tier.from_dict(t, where) for t in _req(data, "tiers", list, where)),
            additional_sanctions=tuple(
                AdditionalSanction.from_dict(a, where)
                for a in _req(data, "additional_sanctions", list, where)
            ),
            remedial_measures=tuple(
                RemedialMeasure.from_dict(r, where)
                for r in _req(data, "remedial_measures", list, where)
            ),
            limitation_years=limitation,
            limitation_confirmed=_bool(data, "limitation_confirmed", where),
            repeat_sanctioned_once=_bool(data, "repeat_sanctioned_once", where),
            amended_by=_str_list(data, "amended_by", where),
            effective_from=_opt_date(data, "effective_from", where),
            effective_until=_opt_date(data, "effective_until", where),
            confirmed=_bool(data, "confirmed", where),
            unconfirmed_fields=_str_list(data, "unconfirmed_fields", where),
            source=_str(data, "source", where),
            note=_opt_str(data, "note", where) or "",
            alternatives=tuple(Alternative.from_dict(a, where)
                               for a in data.get("alternatives") or ()),
            alternatives_source=_opt_str(data, "alternatives_source", where) or "",
            article_confirmation=(ArticleConfirmation.from_dict(
                data["article_confirmation"], where) if data.get("article_confirmation")
                else None),
        )

    def to_dict(self) -> dict[str, Any]:
        extra: dict[str, Any] = {}
        if self.alternatives:
            extra = {"alternatives": [a.to_dict() for a in self.alternatives],
                     "alternatives_source": self.alternatives_source}
        if self.article_confirmation is not None:
            extra["article_confirmation"] = self.article_confirmation.to_dict()
        return {
            "key": self.key,
            "instrument": self.instrument,
            "article": self.article,
            "clause": self.clause,
            "point": self.point,
            "sector": self.sector,
            "description": self.description,
            "sanction_kind": self.sanction_kind,
            "printed_min": self.printed_min,
            "printed_max": self.printed_max,
            "party": self.party,
            "counted_per": self.counted_per,
            "tiers": [t.to_dict() for t in self.tiers],
            "additional_sanctions": [a.to_dict() for a in self.additional_sanctions],
            "remedial_measures": [r.to_dict() for r in self.remedial_measures],
            "limitation_years": self.limitation_years,
            "limitation_confirmed": self.limitation_confirmed,
            "repeat_sanctioned_once": self.repeat_sanctioned_once,
            "amended_by": list(self.amended_by),
            "effective_from": _iso(self.effective_from),
            "effective_until": _iso(self.effective_until),
            "confirmed": self.confirmed,
            "unconfirmed_fields": list(self.unconfirmed_fields),
            "source": self.source,
            "note": self.note,
            **extra,
        }

    @property
    def parsed_key(self) -> ProvisionKey:
        """The key as a :class:`ProvisionKey`."""
        return parse_provision_key(self.key)

    @property
    def cited_key(self) -> ProvisionKey:
        """The key as documents cite it: a ``?`` article replaced by the number the department
        confirmed (:class:`ArticleConfirmation`), else the key itself."""
        parsed = self.parsed_key
        if parsed.article_known or self.article_confirmation is None:
            return parsed
        return replace(parsed, article=self.article_confirmation.article)

    @property
    def article_known(self) -> bool:
        """Whether a document can cite the article: in the key, or confirmed by the department."""
        return self.cited_key.article_known

    @property
    def allows_fine(self) -> bool:
        """True unless the provision is warning-only."""
        return self.sanction_kind != "warning"

    @property
    def allows_warning(self) -> bool:
        """True for warning-only and "warning or fine" provisions."""
        return self.sanction_kind != "fine"

    def citation(self, amending: Sequence[str] = ()) -> str:
        """The citation for a decision, naming the amending decrees given (those in force on
        the violation's date: :meth:`Catalog.citation` chooses them, never all of
        ``amended_by`` — Decree 14/2022 is not cited for a violation of 2021)."""
        text = format_citation(self.cited_key)
        if amending:
            names = ", ".join(f"Nghị định số {n}" for n in amending)
            text += f" (được sửa đổi, bổ sung bởi {names})"
        return text

    def cited_text(self) -> str:
        """The provision as a sentence names it: its citation, or with the article left blank
        ("khoản 3 Điều … Nghị định số 174/2013/NĐ-CP") while the article is not known."""
        return (format_citation(self.cited_key) if self.article_known
                else format_partial_citation(self.key))

    def act(self, alternative: int | None) -> str:
        """The act as a document prints it: the chosen alternative of a point that lists
        several, the description of a point that is one act, "" when none was chosen."""
        if not self.alternatives:
            return self.description
        if alternative is None or not 0 <= alternative < len(self.alternatives):
            return ""
        return self.alternatives[alternative].text

    def additional(self, kind: str) -> tuple[AdditionalSanction, ...]:
        """The additional sanctions of one kind this provision allows."""
        return tuple(a for a in self.additional_sanctions if a.kind == kind)


@dataclass(frozen=True)
class SignerCap:
    """What one sanctioning title may impose, for some sectors, during one period.

    ``title`` is a template: ``{agency}`` is replaced by the agency part (``agency`` by
    default), e.g. "Chánh Thanh tra Sở {agency}" + "Thông tin và Truyền thông".
    ``remedial_measures`` is True (all measures), False (none) or the codes allowed.
    ``confiscation_max_value`` of None means no separate value cap was stated.
    """

    title_code: str
    title: str
    agency: str
    valid_from: date
    valid_until: date | None
    instrument: str
    sectors: tuple[str, ...]
    party: str
    max_individual: int
    max_organization: int
    confiscation: bool
    confiscation_max_value: int | None
    licence_withdrawal: bool
    suspension: bool
    remedial_measures: bool | tuple[str, ...]
    escalate_to: tuple[str, ...]
    confirmed: bool
    unconfirmed_fields: tuple[str, ...]
    source: str
    note: str = ""
    id: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SignerCap:
        where = f"signer cap {data.get('title_code', '?')} {data.get('valid_from', '')}"
        remedial_raw = _req(data, "remedial_measures", (bool, list), where)
        remedial: bool | tuple[str, ...]
        if isinstance(remedial_raw, bool):
            remedial = remedial_raw
        else:
            remedial = _str_list(data, "remedial_measures", where)
        sectors = _str_list(data, "sectors", where)
        if not sectors or any(s not in SECTORS for s in sectors):
            raise CatalogError(f"{where}: sectors sai: {sectors}")
        return cls(
            title_code=_str(data, "title_code", where),
            title=_str(data, "title", where),
            agency=_str(data, "agency", where),
            valid_from=_date(data, "valid_from", where),
            valid_until=_opt_date(data, "valid_until", where),
            instrument=_str(data, "instrument", where),
            sectors=sectors,
            party=_choice(data, "party", PARTIES, where),
            max_individual=_int(data, "max_individual", where),
            max_organization=_int(data, "max_organization", where),
            confiscation=_bool(data, "confiscation", where),
            confiscation_max_value=_opt_int(data, "confiscation_max_value", where),
            licence_withdrawal=_bool(data, "licence_withdrawal", where),
            suspension=_bool(data, "suspension", where),
            remedial_measures=remedial,
            escalate_to=_str_list(data, "escalate_to", where),
            confirmed=_bool(data, "confirmed", where),
            unconfirmed_fields=_str_list(data, "unconfirmed_fields", where),
            source=_str(data, "source", where),
            note=_opt_str(data, "note", where) or "",
            id=_opt_str(data, "id", where) or "",
        )

    def to_dict(self) -> dict[str, Any]:
        remedial: bool | list[str] = (
            self.remedial_measures
            if isinstance(self.remedial_measures, bool)
            else list(self.remedial_measures)
        )
        return {
            **({"id": self.id} if self.id else {}),
            "title_code": self.title_code,
            "title": self.title,
            "agency": self.agency,
            "valid_from": self.valid_from.isoformat(),
            "valid_until": _iso(self.valid_until),
            "instrument": self.instrument,
            "sectors": list(self.sectors),
            "party": self.party,
            "max_individual": self.max_individual,
            "max_organization": self.max_organization,
            "confiscation": self.confiscation,
            "confiscation_max_value": self.confiscation_max_value,
            "licence_withdrawal": self.licence_withdrawal,
            "suspension": self.suspension,
            "remedial_measures": remedial,
            "escalate_to": list(self.escalate_to),
            "confirmed": self.confirmed,
            "unconfirmed_fields": list(self.unconfirmed_fields),
            "source": self.source,
            "note": self.note,
        }

    def display_title(self, agency: str | None = None) -> str:
        """The title as printed on a decision, with ``agency`` (or the default) inserted."""
        return self.title.replace("{agency}", agency if agency is not None else self.agency)

    def valid_on(self, on: date) -> bool:
        """True when the title held these powers on ``on``."""
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)

    def max_for(self, subject: str) -> int:
        """The fine cap for one violation by an ``individual`` or an ``organization``."""
        return self.max_organization if subject == "organization" else self.max_individual

    def allows_remedial(self, code: str) -> bool:
        """True when the title may order the remedial measure ``code``."""
        if isinstance(self.remedial_measures, bool):
            return self.remedial_measures
        return code in self.remedial_measures


@dataclass(frozen=True)
class Circumstance:
    """A mitigating (Law Art 9) or aggravating (Law Art 10) circumstance to pick from."""

    kind: str
    code: str
    article: str
    clause: str
    point: str | None
    text: str
    text_en: str
    confirmed: bool
    source: str
    note: str = ""
    id: str = ""
    #: the parties it can apply to (empty: both); "individual" for those tied to a person
    parties: tuple[str, ...] = ()
    #: "nhiều lần; tái phạm": the violation names one, as code "10.1.b#1"
    alternatives: tuple[Alternative, ...] = ()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Circumstance:
        where = f"circumstance {data.get('code', '?')}"
        return cls(
            kind=_choice(data, "kind", CIRCUMSTANCE_KINDS, where),
            code=_str(data, "code", where),
            article=_str(data, "article", where),
            clause=_str(data, "clause", where),
            point=_opt_str(data, "point", where),
            text=_str(data, "text", where),
            text_en=_str(data, "text_en", where),
            confirmed=_bool(data, "confirmed", where),
            source=_str(data, "source", where),
            note=_opt_str(data, "note", where) or "",
            id=_opt_str(data, "id", where) or "",
            parties=_str_list(data, "parties", where) if "parties" in data else (),
            alternatives=tuple(Alternative.from_dict(a, where)
                               for a in data.get("alternatives") or ()),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            **({"id": self.id} if self.id else {}),
            "kind": self.kind,
            "code": self.code,
            "article": self.article,
            "clause": self.clause,
            "point": self.point,
            "text": self.text,
            "text_en": self.text_en,
            "confirmed": self.confirmed,
            "source": self.source,
            "note": self.note,
            **({"parties": list(self.parties)} if self.parties else {}),
            **({"alternatives": [a.to_dict() for a in self.alternatives]}
               if self.alternatives else {}),
        }

    def applies_to(self, subject: str) -> bool:
        """True when the circumstance can exist for ``subject`` (individual, organization)."""
        return not self.parties or subject in self.parties

    def choices(self) -> tuple[tuple[str, str], ...]:
        """(code, text) to offer: one per alternative ("10.1.b#0", "10.1.b#1"), else itself."""
        if not self.alternatives:
            return ((self.code, self.text),)
        return tuple((f"{self.code}#{i}", a.text) for i, a in enumerate(self.alternatives))

    def citation(self) -> str:
        """``điểm b khoản 1 Điều 10 Luật Xử lý vi phạm hành chính`` or ``khoản 1 Điều 9 …``."""
        head = f"điểm {self.point} " if self.point else ""
        return f"{head}khoản {self.clause} Điều {self.article} Luật Xử lý vi phạm hành chính"


# --------------------------------------------------------------------------- the catalogue

@dataclass(frozen=True)
class Catalog:
    """All reference data, indexed; lookups accept ASCII-spelled provision keys."""

    instruments: tuple[Instrument, ...]
    provisions: tuple[Provision, ...]
    signer_caps: tuple[SignerCap, ...]
    circumstances: tuple[Circumstance, ...]
    _instrument_index: dict[str, Instrument] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _provision_index: dict[str, Provision] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        for inst in self.instruments:
            if inst.number in self._instrument_index:
                raise CatalogError(f"Văn bản trùng: {inst.number}")
            self._instrument_index[inst.number] = inst
        for prov in self.provisions:
            if prov.key in self._provision_index:
                raise CatalogError(f"Mã điều khoản trùng: {prov.key}")
            self._provision_index[prov.key] = prov
        for kind, ids in (("thẩm quyền", [c.id for c in self.signer_caps]),
                          ("tình tiết", [c.id for c in self.circumstances])):
            seen: set[str] = set()
            for rid in ids:
                if rid and rid in seen:
                    raise CatalogError(f"Mã bản ghi {kind} trùng: {rid}")
                seen.add(rid)

    def instrument(self, number: str) -> Instrument:
        """The instrument with this number (accepts ``ND`` for ``NĐ``)."""
        canonical = number
        if number not in self._instrument_index:
            folded = unicodedata.normalize("NFC", number).strip().lower().replace("ð", "đ")
            try:
                canonical = _canonical_instrument(folded, number)
            except LawError:
                canonical = number
        try:
            return self._instrument_index[canonical]
        except KeyError:
            raise LawError(
                f"Không có văn bản {number} trong danh mục", "unknown_instrument"
            ) from None

    def has_provision(self, key: str | ProvisionKey) -> bool:
        """True when the key (in any accepted spelling) names a catalogued provision."""
        try:
            self.provision(key)
        except LawError:
            return False
        return True

    def provision(self, key: str | ProvisionKey) -> Provision:
        """The provision for a key in any accepted spelling.

        Raises:
            LawError: ``bad_key`` for an unparsable key, ``unknown_provision`` when the key is
                not in the catalogue.
        """
        canonical = str(key if isinstance(key, ProvisionKey) else parse_provision_key(key))
        try:
            return self._provision_index[canonical]
        except KeyError:
            raise LawError(
                f"Điều khoản {canonical} chưa có trong danh mục vi phạm", "unknown_provision"
            ) from None

    def provision_window(self, provision: Provision) -> tuple[date | None, date | None]:
        """First and last day a provision applies: its own dates, else its instrument's."""
        inst = self.instrument(provision.instrument)
        start, end = inst.window(provision.sector)
        return provision.effective_from or start, provision.effective_until or end

    def provisions_for(self, sector: str, on: date | None = None) -> tuple[Provision, ...]:
        """Provisions of a sector, optionally only those in force on ``on``, in key order."""
        found = []
        for prov in self.provisions:
            if prov.sector != sector:
                continue
            if on is not None:
                start, end = self.provision_window(prov)
                if start is None or on < start or (end is not None and on > end):
                    continue
            found.append(prov)
        return tuple(sorted(found, key=lambda p: p.parsed_key.sort_key()))

    def amendments_in_force(self, numbers: Iterable[str], on: date | None
                            ) -> tuple[Instrument, ...]:
        """The amending instruments among ``numbers`` in force on ``on``, oldest first.

        An amendment counts from its own effective date: one whose effective date is not known
        (``effective_from`` null, e.g. Decree 211/2025) is never cited; with ``on`` None none is.
        """
        if on is None:
            return ()
        found = [self.instrument(n) for n in numbers]
        found = [i for i in found if i.in_force(on)]
        return tuple(sorted(found, key=lambda i: (i.effective_from or date.max, i.number)))

    def citation(self, key: str | ProvisionKey, on: date | None) -> str:
        """A provision as a decision cites it for a violation whose reference date is ``on``
        (ended, or discovered when ongoing): with the amending decrees in force that day."""
        provision = self.provision(key)
        amending = self.amendments_in_force(provision.amended_by, on)
        return provision.citation(tuple(a.number for a in amending))

    @property
    def organization_multiple(self) -> int:
        """How many times an individual's fine an organisation pays (the general law's
        ``organization_fine_multiple``: 2, legal.md §1.4); the one place the party rule is
        written, passed to :func:`inspector.domain.fines.bracket_for`."""
        general = [i for i in self.instruments if i.role == "general_law"
                   and i.organization_fine_multiple is not None]
        if not general:
            raise LawError("Danh mục không ghi tỷ lệ mức phạt tổ chức/cá nhân của Luật XLVPHC",
                           "party_rule_missing")
        value = general[0].organization_fine_multiple
        assert value is not None
        return value

    def law_amended_in(self, on: date) -> tuple[int, ...]:
        """The years of the amending laws of the Law on Handling Administrative Violations in
        force on ``on`` (2020 from 01/01/2022, 2025 from 01/7/2025), as the bases name them."""
        general = [i for i in self.instruments if i.role == "general_law"]
        if not general:
            return ()
        laws = self.amendments_in_force(general[0].amended_by, on)
        return tuple(i.issued_on.year for i in laws if i.role == "amending_law")

    def sanction_decrees(self) -> tuple[Instrument, ...]:
        """The sector sanction decrees, oldest first."""
        decrees = [i for i in self.instruments if i.role == "sanction_decree"]
        return tuple(sorted(decrees, key=lambda i: (i.effective_from or date.max, i.number)))

    def caps_for(self, title_code: str) -> tuple[SignerCap, ...]:
        """Every cap record of one title, oldest first."""
        caps = [c for c in self.signer_caps if c.title_code == title_code]
        return tuple(sorted(caps, key=lambda c: (c.valid_from, c.instrument)))

    def title_codes(self) -> tuple[str, ...]:
        """The distinct title codes, in the order they first appear in the data."""
        return tuple(dict.fromkeys(c.title_code for c in self.signer_caps))

    def circumstance(self, code: str) -> Circumstance:
        """One circumstance by its code (``9.2``, ``10.1.b``); ``10.1.b#1`` is its second
        alternative, returned with that text (and no alternatives left to choose)."""
        base, sep, index = code.partition("#")
        for item in self.circumstances:
            if item.code == base:
                if not sep:
                    return item
                if index.isdigit() and int(index) < len(item.alternatives):
                    return replace(item, code=code, text=item.alternatives[int(index)].text,
                                   alternatives=())
                break
        raise LawError(f"Không có tình tiết {code!r}", "unknown_circumstance")

    @property
    def mitigating(self) -> tuple[Circumstance, ...]:
        """Law Art 9 circumstances, in article order."""
        return tuple(c for c in self.circumstances if c.kind == "mitigating")

    @property
    def aggravating(self) -> tuple[Circumstance, ...]:
        """Law Art 10 circumstances, in article order."""
        return tuple(c for c in self.circumstances if c.kind == "aggravating")


def _default_reference_dir() -> Path:
    from inspector.domain.refdata import reference_dir

    return reference_dir()


def _read_records(path: Path) -> list[Mapping[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise CatalogError(f"{path.name}: cần một danh sách các bản ghi JSON")
    return data


def load_catalog(directory: Path | None = None) -> Catalog:
    """Read ``instruments.json``, ``provisions.json``, ``signer_caps.json`` and
    ``circumstances.json`` from ``directory`` (default: the project's ``db/reference``).

    Raises:
        CatalogError: when a file is malformed, a key is duplicated or a record names an
            instrument that is not in ``instruments.json``.
    """
    base = directory if directory is not None else _default_reference_dir()
    catalog = Catalog(
        instruments=tuple(map(Instrument.from_dict, _read_records(base / "instruments.json"))),
        provisions=tuple(map(Provision.from_dict, _read_records(base / "provisions.json"))),
        signer_caps=tuple(map(SignerCap.from_dict, _read_records(base / "signer_caps.json"))),
        circumstances=tuple(
            map(Circumstance.from_dict, _read_records(base / "circumstances.json"))
        ),
    )
    _check_references(catalog)
    return catalog


def _check_references(catalog: Catalog) -> None:
    numbers = {i.number for i in catalog.instruments}
    problems: list[str] = []
    for inst in catalog.instruments:
        problems += [f"{inst.number}: amended_by {n}" for n in inst.amended_by if n not in numbers]
        problems += [f"{inst.number}: amends {n}" for n in inst.amends if n not in numbers]
    for prov in catalog.provisions:
        if prov.instrument not in numbers:
            problems.append(f"{prov.key}: instrument {prov.instrument}")
        problems += [f"{prov.key}: amended_by {n}" for n in prov.amended_by if n not in numbers]
    for cap in catalog.signer_caps:
        if cap.instrument not in numbers:
            problems.append(f"{cap.title_code}: instrument {cap.instrument}")
    if problems:
        raise CatalogError("Văn bản không có trong instruments.json: " + "; ".join(problems))


def iter_strings(value: Any) -> Iterable[str]:
    """Every string inside a JSON-like value (used to check NFC and spelling)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for k, v in value.items():
            yield str(k)
            yield from iter_strings(v)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from iter_strings(item)
