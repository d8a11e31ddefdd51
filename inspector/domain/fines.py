"""The sanction engine: which law applies, the bracket for a subject, the fine and its total.

Why this module exists: an inspector must be able to trust that the amount the app proposes
is the one the law dictates, and a decision must never carry an amount outside its bracket.
The rules are short but easy to get wrong by hand (which decree on which date, who pays half,
how circumstances offset), so they live here as pure, deterministic functions over the
reference data of :mod:`inspector.domain.law`, and are pinned by tests that name the article.

Rules implemented, with their basis:

* **Applicable instrument** — the decree in force when a finished violation ended, or when an
  ongoing violation was discovered (Decree 118/2021 Art 7(2); Decree 174/2026 Art 115).
* **Bracket for a subject** — each provision stores the printed bracket and whom it is printed
  for. Organisation = 2 × individual (Law Art 23; legal.md §1.4); so when a decree prints
  organisation amounts (15/2020, 119/2020, 174/2013, 174/2026) an individual's bracket is half,
  and when it prints individual amounts (159/2013, the players' articles) an organisation's is
  double. A household business is fined as an individual (legal.md §1.4).
* **Fine quote** (Law Art 23(4); Decree 118/2021 Art 9(1)) — offset mitigating against
  aggravating circumstances one for one; none left → the midpoint; two or more aggravating left
  → the maximum; two or more mitigating left → the minimum; exactly one left → the officer may
  move from the midpoint toward the maximum (or minimum), never past it, and must say why.
  The same rule sets the months of a suspension or licence withdrawal (Decree 118 Art 9(7)).
  Which rule sets the amount is dated data (``circumstances_forced_from`` in the procedure
  rules, a :class:`CircumstanceRule` argument): before Decree 118/2021 only Law Art 23(4) of
  2012 is known (the amount may move toward the end of the bracket, never past it); the
  older implementing decrees' rule is not in the fact sheets, so such a quote never forces
  the end of the bracket and says that its rule is unconfirmed.
* **Several violations** — each is fined on its own and the decision total is the sum
  (Law Art 3(1)(d)); a repeated act is fined each time, except the acts a decree lists as
  "once, with the aggravating circumstance *repeated*" (Decree 174/2026 Art 4(6)); several
  withdrawals of the same licence → the maximum of the longest range, different licences →
  each applied; several suspensions → the maximum of the longest range (Decree 118 Art 9(2),
  (6)).

Rounding (the law says nothing about it): amounts are whole đồng. The midpoint is
``minimum + (maximum − minimum) // 2``, i.e. rounded down to the whole đồng, in the
violator's favour and always inside the bracket. Every bracket in the catalogue is a multiple
of 50.000 đồng, so midpoints are multiples of 25.000 đồng and the rounding never bites in
practice (500.000–1.000.000 → 750.000; 2.500.000–5.000.000 → 3.750.000). Durations are whole
months, rounded the same way (1–3 months → 2; 1–12 → 6).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from inspector.domain.law import (
    Catalog,
    Instrument,
    LawError,
    Provision,
    ProvisionKey,
    Tier,
)
from inspector.domain.money import format_vnd
from inspector.domain.text import format_date

__all__ = [
    "AppliedSanction",
    "Bracket",
    "CaseTotal",
    "ChargedViolation",
    "CircumstanceRule",
    "Quote",
    "RepeatTreatment",
    "Subject",
    "applicable_instrument",
    "bracket_for",
    "case_total",
    "check_amount",
    "check_violation",
    "combine_suspensions",
    "combine_withdrawals",
    "normalize_subject",
    "offset_circumstances",
    "provision_in_force",
    "quote_duration",
    "quote_fine",
    "quote_range",
    "repeat_treatment",
    "violation_reference_date",
]

Subject = Literal["individual", "organization"]

_SUBJECT_ALIASES = {
    "individual": "individual",
    "ca_nhan": "individual",
    "cá nhân": "individual",
    "household_business": "individual",
    "household": "individual",
    "hộ kinh doanh": "individual",
    "organization": "organization",
    "organisation": "organization",
    "to_chuc": "organization",
    "tổ chức": "organization",
}
_SUBJECT_VI = {"individual": "cá nhân", "organization": "tổ chức"}


def normalize_subject(subject: str) -> Subject:
    """Map a subject to ``individual`` or ``organization``.

    A household business (``household_business``, "hộ kinh doanh") is sanctioned as an
    individual: Decree 174/2026 Art 2(2) does not list it among organisations (legal.md §1.4).

    Raises:
        LawError: (code ``bad_subject``) for anything else.
    """
    value = _SUBJECT_ALIASES.get(subject.strip().lower()) if isinstance(subject, str) else None
    if value == "individual":
        return "individual"
    if value == "organization":
        return "organization"
    raise LawError(
        f"Đối tượng bị xử phạt không hợp lệ: {subject!r} (cá nhân, hộ kinh doanh hoặc tổ chức)",
        "bad_subject",
    )


# --------------------------------------------------------------------------- which law applies

def violation_reference_date(
    *, ended_on: date | None = None, discovered_on: date | None = None
) -> date:
    """The date that selects the law: when a finished violation ended, or when an ongoing one
    was discovered (Decree 118/2021 Art 7(2), Art 8(1)). Exactly one must be given."""
    if (ended_on is None) == (discovered_on is None):
        raise LawError(
            "Cần đúng một mốc: ngày chấm dứt hành vi (vi phạm đã kết thúc) hoặc ngày phát hiện "
            "(vi phạm đang thực hiện)",
            "bad_dates",
        )
    if ended_on is not None:
        return ended_on
    assert discovered_on is not None
    return discovered_on


def applicable_instrument(
    catalog: Catalog,
    sector: str,
    *,
    ended_on: date | None = None,
    discovered_on: date | None = None,
) -> Instrument:
    """The sanction decree that governs ``sector`` on the violation's reference date.

    Pass ``ended_on`` for a finished violation or ``discovered_on`` for an ongoing one
    (Decree 118/2021 Art 7(2)).

    Raises:
        LawError: ``before_first_instrument`` when the date precedes every decree of the
            sector; ``no_instrument`` when no catalogued decree covers the date.
    """
    on = violation_reference_date(ended_on=ended_on, discovered_on=discovered_on)
    decrees = [d for d in catalog.sanction_decrees() if d.coverage(sector) is not None]
    if not decrees:
        raise LawError(
            f"Danh mục chưa có nghị định xử phạt cho lĩnh vực {sector!r}", "no_instrument"
        )
    in_force = [d for d in decrees if d.in_force(on, sector)]
    if len(in_force) == 1:
        return in_force[0]
    if len(in_force) > 1:
        numbers = ", ".join(d.number for d in in_force)
        raise LawError(
            f"Dữ liệu mâu thuẫn: nhiều nghị định cùng áp dụng cho {sector!r} ngày "
            f"{format_date(on)}: {numbers}",
            "ambiguous_instrument",
        )
    starts = [d.window(sector)[0] for d in decrees]
    first = min(s for s in starts if s is not None)
    if on < first:
        first_decree = next(d for d in decrees if d.window(sector)[0] == first)
        raise LawError(
            f"Hành vi (mốc {format_date(on)}) xảy ra trước khi có nghị định xử phạt đầu tiên trong "
            f"danh mục cho lĩnh vực này (Nghị định {first_decree.number}, hiệu lực từ "
            f"{format_date(first)})",
            "before_first_instrument",
        )
    raise LawError(
        f"Không có nghị định xử phạt nào trong danh mục áp dụng cho lĩnh vực {sector!r} "
        f"ngày {format_date(on)}",
        "no_instrument",
    )


def provision_in_force(catalog: Catalog, key: str | ProvisionKey, on: date) -> Provision:
    """The provision for ``key`` if it applies on ``on`` (the violation's reference date).

    Raises:
        LawError: ``unknown_provision``; ``not_yet_in_force`` before its first day;
            ``no_longer_in_force`` after its last day (the message names the decree that
            replaced it when the catalogue knows one).
    """
    provision = catalog.provision(key)
    start, end = catalog.provision_window(provision)
    label = _label(provision)
    if start is None:
        raise LawError(f"Chưa rõ ngày hiệu lực của {label}", "not_yet_in_force")
    if on < start:
        raise LawError(
            f"{label} chưa có hiệu lực ngày {format_date(on)} (hiệu lực từ {format_date(start)})",
            "not_yet_in_force",
        )
    if end is not None and on > end:
        successor = ""
        try:
            replacement = applicable_instrument(catalog, provision.sector, ended_on=on)
            successor = f"; áp dụng Nghị định {replacement.number}"
        except LawError:
            pass
        raise LawError(
            f"{label} không còn áp dụng ngày {format_date(on)} (áp dụng đến hết ngày "
            f"{format_date(end)}{successor})",
            "no_longer_in_force",
        )
    return provision


def _label(provision: Provision) -> str:
    text = provision.cited_text()
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------- brackets

@dataclass(frozen=True)
class Bracket:
    """The fine range for one subject. ``key`` is the provision to cite (a tier may move it).

    Warning-only provisions have ``minimum == maximum == 0`` and ``fine_allowed`` False.
    """

    key: str
    subject: Subject
    sanction_kind: str
    minimum: int
    maximum: int
    printed_min: int | None
    printed_max: int | None
    printed_party: str
    confirmed: bool

    @property
    def fine_allowed(self) -> bool:
        """False for warning-only provisions."""
        return self.sanction_kind != "warning"

    @property
    def warning_allowed(self) -> bool:
        """True for warning-only and "warning or fine" provisions."""
        return self.sanction_kind != "fine"

    @property
    def midpoint(self) -> int:
        """Law Art 23(4): the fine when no circumstance is left (rounded down to the đồng)."""
        return self.minimum + (self.maximum - self.minimum) // 2


def _convert(amount: int, printed_party: str, subject: Subject, upper: bool,
             multiple: int) -> int:
    if printed_party == subject:
        return amount
    if subject == "organization":
        return multiple * amount
    # A share of an organisation amount; an odd đồng is rounded inward so the range never grows.
    return amount // multiple if upper else -(-amount // multiple)


def _tier_for(provision: Provision, copies: int) -> Tier:
    if copies < 1:
        raise LawError(f"Số bản phải lớn hơn 0 (đã nhập {copies})", "bad_copies")
    for tier in provision.tiers:
        if tier.covers(copies):
            return tier
    known = ", ".join(
        f"{t.min_copies}–{t.max_copies if t.max_copies is not None else '…'} bản → {t.key}"
        for t in provision.tiers
    )
    raise LawError(
        f"{copies} bản/tên không thuộc bậc nào đã có trong danh mục cho {provision.key} "
        f"({known}); bậc này chưa được xác nhận, cần đối chiếu văn bản",
        "tier_unknown",
    )


def bracket_for(provision: Provision, subject: str, copies: int | None = None, *,
                multiple: int) -> Bracket:
    """The bracket for an individual (or household business) or an organisation.

    ``multiple`` is the Law's party rule (an organisation pays this many times an
    individual: :attr:`Catalog.organization_multiple`, 2, from the reference data).

    When the provision has quantity tiers and ``copies`` (per title) is given, the tier for
    that count is used and its key is the one to cite (Decree 119/2020 Art 29: < 50 copies →
    29.1.a, 50–99 → 29.2.a). Without ``copies`` the provision's own bracket is used.

    Raises:
        LawError: ``tier_unknown`` when the count falls on a rung the catalogue does not know;
            ``bad_subject`` for an unknown subject.
    """
    who = normalize_subject(subject)
    key, low, high, confirmed = provision.key, provision.printed_min, provision.printed_max, True
    if copies is not None and provision.tiers:
        tier = _tier_for(provision, copies)
        key, low, high, confirmed = tier.key, tier.printed_min, tier.printed_max, tier.confirmed
    confirmed = confirmed and provision.confirmed
    if provision.sanction_kind == "warning" or low is None or high is None:
        return Bracket(
            key, who, provision.sanction_kind, 0, 0, None, None, provision.party, confirmed
        )
    return Bracket(
        key=key,
        subject=who,
        sanction_kind=provision.sanction_kind,
        minimum=_convert(low, provision.party, who, upper=False, multiple=multiple),
        maximum=_convert(high, provision.party, who, upper=True, multiple=multiple),
        printed_min=low,
        printed_max=high,
        printed_party=provision.party,
        confirmed=confirmed,
    )


# --------------------------------------------------------------------------- quotes

@dataclass(frozen=True)
class Quote:
    """The amount (or months) the law proposes, and what the officer may choose.

    ``remaining`` is aggravating − mitigating after one-for-one offsetting. ``allowed_min`` and
    ``allowed_max`` are inclusive. ``needs_reason`` is True when exactly one circumstance is
    left and the officer has a real choice: the decision must then state why.
    """

    minimum: int
    maximum: int
    default: int
    allowed_min: int
    allowed_max: int
    needs_reason: bool
    remaining: int
    rule: str
    unit: str = "đồng"
    #: the instrument whose rule set the amount, and whether the fact sheets confirm it
    basis: str = ""
    confirmed: bool = True

    @property
    def default_amount(self) -> int:
        """Alias of ``default`` for fines."""
        return self.default


@dataclass(frozen=True)
class CircumstanceRule:
    """The rule that turns circumstances into an amount, as in force on a violation's date.

    ``forced_from`` is the number of circumstances left after offsetting from which the end
    of the bracket is mandatory (2 under Decree 118/2021 Art 9(1)); 0 means never: the
    officer sets the amount between the midpoint and the end, and says why.
    """

    forced_from: int
    basis: str
    confirmed: bool
    note: str = ""


def offset_circumstances(mitigating: int, aggravating: int) -> int:
    """Decree 118/2021 Art 9(1)(a): offset one for one; the sign tells which side is left."""
    if mitigating < 0 or aggravating < 0:
        raise LawError("Số tình tiết không được âm", "bad_circumstances")
    return aggravating - mitigating


def quote_range(
    minimum: int, maximum: int, mitigating: int, aggravating: int, unit: str = "đồng", *,
    rule: CircumstanceRule,
) -> Quote:
    """Apply Law Art 23(4) and the circumstance rule in force (``rule``: Decree 118/2021
    Art 9(1) from 2022) to any closed range of integers."""
    if minimum > maximum:
        raise LawError(f"Khung không hợp lệ: {minimum} > {maximum}", "bad_bracket")
    remaining = offset_circumstances(mitigating, aggravating)
    span = maximum - minimum
    mid = minimum + span // 2
    tail = "" if rule.confirmed else f" (quy tắc áp dụng: {rule.basis} — chưa xác nhận)"

    def quote(default: int, low: int, high: int, needs: bool, text: str) -> Quote:
        return Quote(minimum, maximum, default, low, high, needs, remaining, text + tail, unit,
                     rule.basis, rule.confirmed)

    if remaining == 0:
        return quote(mid, mid, mid, False,
                     "Không có tình tiết hoặc đã bù trừ hết: áp dụng mức trung bình của khung")
    forced = rule.forced_from > 0 and abs(remaining) >= rule.forced_from
    if forced and remaining > 0:
        return quote(maximum, maximum, maximum, False,
                     f"Còn từ {rule.forced_from:02d} tình tiết tăng nặng trở lên: áp dụng mức "
                     "tối đa của khung")
    if forced:
        return quote(minimum, minimum, minimum, False,
                     f"Còn từ {rule.forced_from:02d} tình tiết giảm nhẹ trở lên: áp dụng mức "
                     "tối thiểu của khung")
    count = f"{abs(remaining):02d}"
    if remaining > 0:
        return quote(minimum + (3 * span) // 4, mid, maximum, mid < maximum,
                     f"Còn {count} tình tiết tăng nặng: người có thẩm quyền quyết định mức từ "
                     "mức trung bình đến mức tối đa và phải nêu lý do")
    # Mirror of the upper default; with an odd span the floored midpoint can sit below it.
    return quote(min(maximum - (3 * span) // 4, mid), minimum, mid, minimum < mid,
                 f"Còn {count} tình tiết giảm nhẹ: người có thẩm quyền quyết định mức từ mức "
                 "tối thiểu đến mức trung bình và phải nêu lý do")


def quote_fine(bracket: Bracket, mitigating: int, aggravating: int, *,
               rule: CircumstanceRule) -> Quote:
    """The fine for a bracket and the numbers of mitigating and aggravating circumstances,
    under the circumstance rule in force on the violation's date.

    Raises:
        LawError: ``warning_only`` when the provision allows only a warning.
    """
    if not bracket.fine_allowed:
        raise LawError(
            f"{bracket.key}: hành vi chỉ bị phạt cảnh cáo, không được phạt tiền", "warning_only"
        )
    return quote_range(bracket.minimum, bracket.maximum, mitigating, aggravating, rule=rule)


def quote_duration(min_months: int, max_months: int, mitigating: int, aggravating: int, *,
                   rule: CircumstanceRule) -> Quote:
    """Months of a suspension or licence withdrawal inside its range (Decree 118 Art 9(7))."""
    if min_months < 0:
        raise LawError("Thời hạn không được âm", "bad_bracket")
    return quote_range(min_months, max_months, mitigating, aggravating, unit="tháng", rule=rule)


def check_amount(quote: Quote, amount: int, reason: str | None = None) -> int:
    """Accept the officer's amount (or months) for a quote, or refuse it with the reason.

    Raises:
        LawError: ``outside_bracket`` outside the bracket; ``outside_allowed`` inside the
            bracket but not allowed by the circumstances; ``reason_required`` when exactly one
            circumstance is left and no reason is given.
    """
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise LawError(f"Mức phải là số nguyên, không phải {type(amount).__name__}", "bad_amount")
    shown = _show(quote.unit)
    if amount < quote.minimum or amount > quote.maximum:
        raise LawError(
            f"Mức {shown(amount)} nằm ngoài khung {shown(quote.minimum)} – {shown(quote.maximum)}",
            "outside_bracket",
        )
    if amount < quote.allowed_min or amount > quote.allowed_max:
        raise LawError(
            f"Mức {shown(amount)} không phù hợp với tình tiết: {quote.rule} "
            f"({shown(quote.allowed_min)} – {shown(quote.allowed_max)})",
            "outside_allowed",
        )
    if quote.needs_reason and not (reason and reason.strip()):
        raise LawError(f"{quote.rule}: cần ghi lý do chọn mức {shown(amount)}", "reason_required")
    return amount


def _show(unit: str) -> Callable[[int], str]:
    if unit == "đồng":
        return format_vnd
    return lambda value: f"{value:02d} {unit}"


# --------------------------------------------------------------------------- several violations

@dataclass(frozen=True)
class RepeatTreatment:
    """How many fines a repeated act gets, and how many aggravating circumstances it adds."""

    fines: int
    extra_aggravating: int
    rule: str


def repeat_treatment(provision: Provision, occurrences: int) -> RepeatTreatment:
    """A repeated act is fined each time (Law Art 3(1)(d) as amended by 67/2020), except the
    acts a decree lists: fined once, with "vi phạm nhiều lần" as aggravating (Decree 174/2026
    Art 4(6), e.g. Art 53(2)(c), (d))."""
    if occurrences < 1:
        raise LawError("Số lần vi phạm phải từ 1 trở lên", "bad_occurrences")
    if occurrences == 1:
        return RepeatTreatment(1, 0, "Vi phạm một lần")
    if provision.repeat_sanctioned_once:
        return RepeatTreatment(
            1, 1,
            "Vi phạm nhiều lần: xử phạt một lần và áp dụng tình tiết tăng nặng 'vi phạm nhiều lần' "
            "(điểm b khoản 1 Điều 10 Luật)",
        )
    return RepeatTreatment(occurrences, 0, "Vi phạm nhiều lần: xử phạt về từng lần vi phạm")


@dataclass(frozen=True)
class AppliedSanction:
    """An additional sanction chosen for a violation.

    ``licence`` names the licence withdrawn (several withdrawals of the same licence combine);
    ``value`` is the value in đồng of what is confiscated, when known.
    """

    kind: str
    months: int | None = None
    licence: str | None = None
    value: int | None = None


@dataclass(frozen=True)
class ChargedViolation:
    """One violation as charged in a case: provision, fine (None = warning), extras."""

    key: str
    amount: int | None = None
    copies: int | None = None
    additional: tuple[AppliedSanction, ...] = ()
    remedial: tuple[str, ...] = ()


def check_violation(
    catalog: Catalog, violation: ChargedViolation, subject: str, on: date
) -> Provision:
    """Check one charged violation against its provision on the reference date ``on``.

    Refuses: a provision not in force; a key that is not the quantity tier for the copies; a
    fine on a warning-only provision; a warning alone on a fine-only provision; an amount
    outside the bracket (for the subject and copies); an additional sanction or remedial
    measure the provision does not list (legal.md §1.2, §8 B.7–B.8); a duration outside its
    range.

    Raises:
        LawError: with the first problem found.
    """
    provision = provision_in_force(catalog, violation.key, on)
    bracket = bracket_for(provision, subject, violation.copies,
                          multiple=catalog.organization_multiple)
    if bracket.key != provision.key:
        raise LawError(
            f"Với {violation.copies} bản/tên phải áp dụng {bracket.key}, không phải {provision.key}",
            "wrong_tier",
        )
    if violation.amount is None:
        if not bracket.warning_allowed:
            raise LawError(
                f"{bracket.key}: khung phạt tiền từ {format_vnd(bracket.minimum)}, không được chỉ "
                "phạt cảnh cáo",
                "fine_required",
            )
    elif not bracket.fine_allowed:
        raise LawError(f"{bracket.key}: hành vi chỉ bị phạt cảnh cáo", "warning_only")
    elif not bracket.minimum <= violation.amount <= bracket.maximum:
        raise LawError(
            f"{bracket.key}: mức {format_vnd(violation.amount)} nằm ngoài khung "
            f"{format_vnd(bracket.minimum)} – {format_vnd(bracket.maximum)} đối với "
            f"{_SUBJECT_VI[bracket.subject]}",
            "outside_bracket",
        )
    for applied in violation.additional:
        allowed = provision.additional(applied.kind)
        if not allowed:
            raise LawError(
                f"{provision.key} không quy định hình thức xử phạt bổ sung {applied.kind!r}",
                "sanction_not_allowed",
            )
        if applied.kind != "confiscation":
            if applied.months is None:
                raise LawError(f"{provision.key}: cần ghi thời hạn (tháng) cho {applied.kind!r}",
                               "duration_required")
            if not any(
                (a.min_months or 0) <= applied.months <= (a.max_months or 0) for a in allowed
            ):
                ranges = ", ".join(f"{a.min_months}–{a.max_months} tháng" for a in allowed)
                raise LawError(
                    f"{provision.key}: thời hạn {applied.months} tháng nằm ngoài khung {ranges}",
                    "duration_outside",
                )
    codes = {m.code for m in provision.remedial_measures}
    for code in violation.remedial:
        if code not in codes:
            raise LawError(
                f"{provision.key} không quy định biện pháp khắc phục {code!r}",
                "remedial_not_allowed",
            )
    return provision


def combine_withdrawals(
    items: Iterable[tuple[str, int, int, int]],
) -> tuple[tuple[str, int], ...]:
    """Several licence withdrawals in one decision (Decree 118/2021 Art 9(2)).

    Each item is ``(licence, chosen_months, min_months, max_months)``. One withdrawal of a
    licence keeps its chosen months; two or more of the **same** licence → the maximum of the
    longest range; **different** licences are each withdrawn on their own. Returns
    ``(licence, months)`` pairs in first-seen order.
    """
    groups: dict[str, list[tuple[int, int, int]]] = {}
    for licence, chosen, low, high in items:
        groups.setdefault(licence, []).append((chosen, low, high))
    result = []
    for licence, entries in groups.items():
        months = entries[0][0] if len(entries) == 1 else max(high for _, _, high in entries)
        result.append((licence, months))
    return tuple(result)


def combine_suspensions(items: Iterable[tuple[int, int, int]]) -> int | None:
    """Several suspensions in one decision (Decree 118/2021 Art 9(6)): the maximum of the
    longest range. Each item is ``(chosen_months, min_months, max_months)``; one suspension
    keeps its chosen months; none → None."""
    entries = list(items)
    if not entries:
        return None
    if len(entries) == 1:
        return entries[0][0]
    return max(high for _, _, high in entries)


@dataclass(frozen=True)
class CaseTotal:
    """Per-violation fines (0 for a warning), their sum, and the combined durations."""

    fines: tuple[int, ...]
    total: int
    licence_withdrawals: tuple[tuple[str, int], ...]
    suspension_months: int | None


def case_total(catalog: Catalog, violations: Sequence[ChargedViolation]) -> CaseTotal:
    """Total of a case: each violation its own fine, the total their sum (Law Art 3(1)(d);
    form MQĐ02 note 10); withdrawals and suspensions combined by Decree 118/2021 Art 9(2), (6).
    """
    fines = tuple(v.amount or 0 for v in violations)
    withdrawals: list[tuple[str, int, int, int]] = []
    suspensions: list[tuple[int, int, int]] = []
    for violation in violations:
        provision = catalog.provision(violation.key)
        for applied in violation.additional:
            if applied.kind == "confiscation" or applied.months is None:
                continue
            ranges = provision.additional(applied.kind)
            low = min((a.min_months or 0 for a in ranges), default=applied.months)
            high = max((a.max_months or 0 for a in ranges), default=applied.months)
            if applied.kind == "licence_withdrawal":
                withdrawals.append((applied.licence or "", applied.months, low, high))
            else:
                suspensions.append((applied.months, low, high))
    return CaseTotal(
        fines=fines,
        total=sum(fines),
        licence_withdrawals=combine_withdrawals(withdrawals),
        suspension_months=combine_suspensions(suspensions),
    )
