"""Dates in legal order: the one check every service applies before it stores a case date.

Why: a decision dated before its record, a record before the violation ended, a payment in
the future or a decision issued while the violator's time to explain still runs are unlawful
documents (issue 9 §2). The order is the one of the procedure (Law on Handling Administrative
Violations, Arts 6, 58, 61, 66, 70, 73, 78):

    violation ended ≤ discovered ≤ record ≤ decision ≤ delivery ≤ payment ≤ today (+ skew)

and, within one register and year, a number's date is never earlier than the date of a lower
number (the register is kept in order of numbers; Decree 30/2020 Art 15 numbers documents in
order within a year). Pure functions: the caller passes ``today`` and the rules.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from inspector.domain.text import format_date

__all__ = [
    "ChronologyError",
    "ChronologyRules",
    "check_case_dates",
    "check_register_order",
    "check_violation_dates",
    "rules_from_procedure",
]


class ChronologyError(ValueError):
    """A date out of legal order; ``message`` is Vietnamese and names the article or rule."""

    def __init__(self, code: str, message: str, field: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.field = field


@dataclass(frozen=True)
class ChronologyRules:
    """``earliest``: the first day a case date can mean (before it no rule of the data
    applies); ``skew_days``: how far past today a laptop's clock may be trusted."""

    earliest: date
    skew_days: int


def rules_from_procedure(rules: object) -> ChronologyRules:
    """The window from the procedure rules: the earliest rule period minus the longest
    limitation (a violation older than that cannot be sanctioned under any rule of the data),
    and the ``clock_skew_tolerance_days`` rule."""
    from inspector.domain.deadlines import ProcedureRules

    assert isinstance(rules, ProcedureRules)
    first = min(e.valid_from for e in rules.entries)
    longest = max((e.value for e in rules.entries if e.rule.startswith("limitation_years")),
                  default=0)
    skew = max((e.value for e in rules.entries if e.rule == "clock_skew_tolerance_days"),
               default=0)
    earliest = first.replace(year=first.year - longest) if longest else first
    return ChronologyRules(earliest, skew)


_WHAT = {
    "ended": "ngày kết thúc vi phạm", "discovered": "ngày phát hiện vi phạm",
    "record": "ngày lập biên bản", "decision": "ngày ra quyết định",
    "delivery": "ngày giao quyết định", "payment": "ngày nộp tiền phạt",
}

_ORDER_BASIS = {
    "record": "Luật XLVPHC Điều 58 (biên bản lập khi phát hiện vi phạm)",
    "decision": "Luật XLVPHC Điều 66, 68 (quyết định ra sau biên bản)",
    "delivery": "Luật XLVPHC Điều 70 (giao quyết định đã ban hành)",
    "payment": "Luật XLVPHC Điều 73, 78 (nộp phạt theo quyết định đã giao)",
    "discovered": "Nghị định 118/2021 Điều 7 (vi phạm được phát hiện sau khi thực hiện)",
}


def _in_window(name: str, value: date, today: date, rules: ChronologyRules) -> None:
    what = _WHAT[name]
    if value < rules.earliest:
        raise ChronologyError(
            "date_too_early",
            f"{what.capitalize()} {format_date(value)} trước {format_date(rules.earliest)}: "
            "không có quy định xử phạt nào trong danh mục áp dụng cho ngày đó "
            "(Luật XLVPHC có hiệu lực từ 01/7/2013; thời hiệu Điều 6).", name)
    latest = today + timedelta(days=rules.skew_days)
    if value > latest:
        raise ChronologyError(
            "date_in_future",
            f"{what.capitalize()} {format_date(value)} sau ngày hôm nay ({format_date(today)}): "
            "không được ghi một ngày chưa đến (Luật XLVPHC Điều 58, 66, 70, 78).", name)


def check_violation_dates(ended: date | None, discovered: date | None, today: date,
                          rules: ChronologyRules) -> None:
    """A violation's own dates: in the window, and ended ≤ discovered."""
    for name, value in (("ended", ended), ("discovered", discovered)):
        if value is not None:
            _in_window(name, value, today, rules)
    if ended is not None and discovered is not None and discovered < ended:
        raise ChronologyError(
            "discovered_before_ended",
            f"Ngày phát hiện {format_date(discovered)} trước ngày kết thúc vi phạm "
            f"{format_date(ended)}: {_ORDER_BASIS['discovered']}.", "discovered")


def check_case_dates(
    today: date,
    rules: ChronologyRules,
    *,
    violations: Iterable[date] = (),
    record: date | None = None,
    decision: date | None = None,
    delivery: date | None = None,
    payments: Sequence[date] = (),
    explanation_due: date | None = None,
    explained: bool = False,
) -> None:
    """Raise ChronologyError for the first date out of legal order.

    ``violations``: the reference date of each violation (ended, or discovered when ongoing);
    ``explanation_due``: the last day the record gave the violator to explain in writing
    (Law Art 61) — the decision may not be dated on or before it unless ``explained`` (the
    violator explained or waived the right).
    """
    refs = list(violations)
    chain: list[tuple[str, date]] = []
    if refs:
        chain.append(("ended", max(refs)))
    chain += [(n, d) for n, d in (("record", record), ("decision", decision),
                                  ("delivery", delivery)) if d is not None]
    chain += [("payment", d) for d in payments]
    for name, value in chain:
        _in_window(name, value, today, rules)
    for (before_name, before), (name, value) in itertools.pairwise(chain):
        if value < before:
            raise ChronologyError(
                f"{name}_before_{before_name}",
                f"{_WHAT[name].capitalize()} {format_date(value)} trước "
                f"{_WHAT[before_name]} {format_date(before)}: {_ORDER_BASIS[name]}.", name)
    if (decision is not None and explanation_due is not None and not explained
            and decision <= explanation_due):
        raise ChronologyError(
            "explanation_running",
            f"Ngày ra quyết định {format_date(decision)}: người vi phạm còn quyền giải trình "
            f"đến hết ngày {format_date(explanation_due)} (Luật XLVPHC Điều 61); chỉ ra quyết "
            "định sau thời hạn đó, hoặc khi người vi phạm đã giải trình hay từ bỏ quyền "
            "giải trình.", "decision")


def check_register_order(register: str, number_year: int, on: date,
                         latest_lower: date | None) -> None:
    """The next number of a register may not be dated before the latest lower number."""
    if on.year != number_year:
        raise ChronologyError(
            "register_year", f"Ngày {format_date(on)} không thuộc năm {number_year} của sổ "
            f"{register}.", "date")
    if latest_lower is not None and on < latest_lower:
        raise ChronologyError(
            "register_order",
            f"Ngày {format_date(on)} trước ngày {format_date(latest_lower)} của số liền trước "
            f"trong sổ {register} năm {number_year}: số sau không được mang ngày sớm hơn số "
            "trước (Nghị định 30/2020 Điều 15: văn bản đánh số theo thứ tự trong năm).", "date")
