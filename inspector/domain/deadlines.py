"""Procedure deadlines of a sanction case, computed from dated rule data.

The Law on Handling Administrative Violations changed its periods and thresholds over time (Law
67/2020 from 01/01/2022, Law 88/2025 from 01/7/2025), so every value lives in
``db/reference/procedure_rules.json`` with the period it is valid for, its legal basis, whether the
reference confirmed it, and which case date selects it (``selected_by``):

* ``violation_ended_or_discovered`` — limitation: the day a finished violation ended, or the day an
  ongoing one was discovered (Luật XLVPHC Điều 6 khoản 1 điểm b);
* ``record_date`` — decision deadline (the period runs from the record, Điều 66) and the right to
  explain (offered in the record, Điều 61);
* ``decision_date`` — dispatch (Điều 70), sanction without a record (the on-the-spot decision,
  Điều 56; legal.md §8.13 compares the decision date with 01/7/2025), payment period (Điều 73) and
  enforcement limit (Điều 74);
* ``payment_due_date`` — late-payment rate (Điều 78).

Counting follows :mod:`inspector.domain.calendar`: working-day periods start the day after the
event; calendar-day and month periods that end on a day off move to the next working day (BLDS
2015 Điều 148 khoản 5). Limitation periods (thời hiệu: of sanctioning, of enforcement) are *not*
moved: that is the careful reading, since acting on the extra day could be unlawful.

Nothing here raises for a missing or out-of-range date: the affected item comes back with
``due=None``, ``confirmed=False`` and a note saying why; only invalid arguments raise.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from inspector.domain.calendar import (
    CalendarCoverageError,
    WorkingCalendar,
    add_days,
    add_months,
    add_years,
)
from inspector.domain.fines import CircumstanceRule, normalize_subject
from inspector.domain.law import LawError
from inspector.domain.refdata import reference_dir

__all__ = [
    "SELECTORS",
    "SUBJECTS",
    "UNITS",
    "Deadline",
    "Deadlines",
    "ProcedureRules",
    "RuleNotInForceError",
    "RuleValue",
    "circumstance_rule",
    "compute_deadlines",
    "deadlines_to_dict",
    "decision_without_record_allowed",
    "default_rules_path",
    "late_charge",
    "limitation_years_for",
    "load_procedure_rules",
]

UNITS = frozenset({"years", "months", "days", "working_days", "VND", "per_10000_per_day",
                   "count", "percent"})
"""Units a rule value may carry."""

SELECTORS = frozenset(
    {"violation_ended_or_discovered", "record_date", "decision_date", "payment_due_date"}
)
"""Case dates that can select a rule's period."""

SUBJECTS = ("individual", "organization")
"""Kinds of violator; a household business is sanctioned as an individual."""

_SUBJECT_VI = {"individual": "cá nhân", "organization": "tổ chức"}

BASIS_POINTS = 10_000
"""Denominator of ``late_charge_per_day_basis_points`` (5 → 0,05 %)."""


class RuleNotInForceError(LookupError):
    """No value of a rule is valid on the requested date (or the rule is unknown)."""


@dataclass(frozen=True)
class RuleValue:
    """One dated value of a procedure rule, as stored in ``procedure_rules.json``."""

    value: int
    basis: str
    confirmed: bool
    source: str
    unit: str = ""
    note: str = ""
    rule: str = ""
    key: str | None = None
    valid_from: date = date.min
    valid_until: date | None = None
    selected_by: str = ""

    def in_force(self, on: date) -> bool:
        """Whether ``on`` lies in ``[valid_from, valid_until]``."""
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)


def _fmt_period(v: RuleValue) -> str:
    until = v.valid_until.isoformat() if v.valid_until else "…"
    return f"{v.valid_from.isoformat()}–{until}"


class ProcedureRules:
    """All dated values of the procedure rules, looked up by rule name, optional key and date."""

    def __init__(self, entries: Iterable[RuleValue]) -> None:
        """Validate the entries: known units and selectors, no overlapping periods."""
        self._entries = tuple(entries)
        by_rule: dict[tuple[str, str | None], list[RuleValue]] = {}
        selectors: dict[str, str] = {}
        for e in self._entries:
            if e.unit not in UNITS:
                raise ValueError(f"rule {e.rule!r}: unknown unit {e.unit!r}")
            if e.selected_by not in SELECTORS:
                raise ValueError(f"rule {e.rule!r}: unknown selected_by {e.selected_by!r}")
            if selectors.setdefault(e.rule, e.selected_by) != e.selected_by:
                raise ValueError(f"rule {e.rule!r}: all periods must share one selected_by")
            if e.valid_until is not None and e.valid_until < e.valid_from:
                raise ValueError(f"rule {e.rule!r}: valid_until before valid_from")
            by_rule.setdefault((e.rule, e.key), []).append(e)
        for (rule, key), values in by_rule.items():
            values.sort(key=lambda v: v.valid_from)
            for before, after in itertools.pairwise(values):
                if before.valid_until is None or before.valid_until >= after.valid_from:
                    label = rule if key is None else f"{rule}[{key}]"
                    periods = f"{_fmt_period(before)} and {_fmt_period(after)}"
                    raise ValueError(f"rule {label}: periods {periods} overlap")
        self._by_rule = by_rule
        self._selectors = selectors

    @property
    def entries(self) -> tuple[RuleValue, ...]:
        """Every stored value, in file order."""
        return self._entries

    def names(self) -> frozenset[str]:
        """Names of the rules present."""
        return frozenset(self._selectors)

    def keys(self, rule: str) -> frozenset[str]:
        """Keys (e.g. sector codes) present for ``rule``."""
        return frozenset(k for (r, k) in self._by_rule if r == rule and k is not None)

    def selector(self, rule: str) -> str:
        """Which case date selects the period of ``rule``."""
        try:
            return self._selectors[rule]
        except KeyError:
            raise RuleNotInForceError(f"unknown rule {rule!r}") from None

    def has(self, rule: str, on: date, key: str | None = None) -> bool:
        """Whether a value of ``rule`` (for ``key``) is in force on ``on``."""
        return any(v.in_force(on) for v in self._by_rule.get((rule, key), ()))

    def value(self, rule: str, on: date, key: str | None = None) -> RuleValue:
        """Return the value of ``rule`` (for ``key``) in force on ``on``.

        Raises:
            RuleNotInForceError: unknown rule or key, or ``on`` outside every stored period.
        """
        label = rule if key is None else f"{rule}[{key}]"
        values = self._by_rule.get((rule, key))
        if not values:
            raise RuleNotInForceError(f"unknown rule {label!r} in the procedure rules data")
        for v in values:
            if v.in_force(on):
                return v
        periods = ", ".join(_fmt_period(v) for v in values)
        raise RuleNotInForceError(
            f"no value of {label} in force on {on.isoformat()}; the data has {periods}"
        )


def default_rules_path() -> Path:
    """Default location of ``procedure_rules.json``."""
    return reference_dir() / "procedure_rules.json"


def _entry_from_json(raw: Mapping[str, Any], index: int) -> RuleValue:
    where = f"procedure rule #{index}"
    try:
        rule = raw["rule"]
        value = raw["value"]
        valid_from = date.fromisoformat(raw["valid_from"])
        until_raw = raw.get("valid_until")
        valid_until = date.fromisoformat(until_raw) if until_raw else None
        confirmed = raw["confirmed"]
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{where}: {exc!r}") from exc
    if not isinstance(rule, str) or not rule:
        raise ValueError(f"{where}: 'rule' must be a non-empty string")
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{where} ({rule}): 'value' must be an integer, got {value!r}")
    if not isinstance(confirmed, bool):
        raise ValueError(f"{where} ({rule}): 'confirmed' must be true or false")
    key = raw.get("key")
    if key is not None and not isinstance(key, str):
        raise ValueError(f"{where} ({rule}): 'key' must be a string")
    return RuleValue(
        value=value,
        basis=str(raw.get("basis", "")),
        confirmed=confirmed,
        source=str(raw.get("source", "")),
        unit=str(raw.get("unit", "")),
        note=str(raw.get("note", "")),
        rule=rule,
        key=key,
        valid_from=valid_from,
        valid_until=valid_until,
        selected_by=str(raw.get("selected_by", "")),
    )


def load_procedure_rules(path: Path | str | None = None) -> ProcedureRules:
    """Load ``procedure_rules.json`` (a JSON list of rule objects)."""
    json_path = Path(path) if path is not None else default_rules_path()
    with json_path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    if not isinstance(data, list):
        raise ValueError(f"{json_path}: expected a JSON list of rule objects")
    return ProcedureRules(_entry_from_json(raw, i) for i, raw in enumerate(data, start=1))


@dataclass(frozen=True)
class Deadline:
    """One computed date or yes/no answer, with its legal basis.

    ``due`` is the last day allowed (inclusive) or ``None`` when it cannot be computed (the note
    says why). ``allowed`` answers the item's question when the case dates allow it (e.g. "is the
    decision date within the deadline?"), else ``None``.
    """

    name: str
    due: date | None
    allowed: bool | None
    basis: str
    confirmed: bool
    note: str = ""


@dataclass(frozen=True)
class Deadlines:
    """The deadlines of one case, in a fixed order (see :func:`compute_deadlines`)."""

    items: tuple[Deadline, ...] = field(default_factory=tuple)

    def __iter__(self) -> Iterator[Deadline]:
        """Iterate over the items in order."""
        return iter(self.items)

    def __getitem__(self, name: str) -> Deadline:
        """Return the item called ``name``."""
        for item in self.items:
            if item.name == name:
                return item
        raise KeyError(name)

    def names(self) -> tuple[str, ...]:
        """Item names in order."""
        return tuple(item.name for item in self.items)

    @property
    def all_confirmed(self) -> bool:
        """Whether every item rests on confirmed rules and confirmed calendar data."""
        return all(item.confirmed for item in self.items)


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _subject(subject: str) -> str:
    try:  # the one rule (fines.normalize_subject): a household business is an individual
        return normalize_subject(subject)
    except LawError:
        raise ValueError(
            f"unknown subject {subject!r}; expected one of {', '.join(SUBJECTS)}"
        ) from None


def _shift(start: date, value: int, unit: str) -> date:
    if unit == "days":
        return add_days(start, value)
    if unit == "months":
        return add_months(start, value)
    if unit == "years":
        return add_years(start, value)
    raise ValueError(f"unit {unit!r} is not a calendar period")


def _apply(
    calendar: WorkingCalendar, start: date, rv: RuleValue, *, roll: bool
) -> tuple[date, bool]:
    """Return (due date, whether the calendar data behind it is confirmed)."""
    if rv.unit == "working_days":
        due = calendar.add_working_days(start, rv.value)
        return due, calendar.is_confirmed_between(start + timedelta(days=1), due)
    raw = _shift(start, rv.value, rv.unit)
    if not roll:
        return raw, True
    due = calendar.roll_forward(raw)
    return due, calendar.is_confirmed_between(raw, due)


def _describe(rv: RuleValue) -> str:
    units = {
        "working_days": "ngày làm việc",
        "days": "ngày",
        "months": "tháng",
        "years": "năm",
    }
    return f"{rv.value} {units.get(rv.unit, rv.unit)}"


def limitation_years_for(
    sector: str | None, on: date, rules: ProcedureRules, provision: str | None = None
) -> RuleValue:
    """Limitation period for a violation that ended (or was discovered) on ``on``.

    A provision with its own period (``limitation_years_by_provision``, e.g.
    ``174/2026/NĐ-CP:53.2.a``) wins over the sector default; ``sector=None`` gives the law's
    general period.
    """
    if provision is not None and rules.has("limitation_years_by_provision", on, provision):
        return rules.value("limitation_years_by_provision", on, provision)
    if sector is None:
        return rules.value("limitation_years_default", on)
    known = rules.keys("limitation_years_by_sector")
    if sector not in known:
        raise ValueError(f"unknown sector {sector!r}; expected one of {', '.join(sorted(known))}")
    return rules.value("limitation_years_by_sector", on, sector)


def circumstance_rule(rules: ProcedureRules, on: date) -> CircumstanceRule:
    """The rule that sets the amount for the circumstances of a violation whose reference
    date is ``on`` (``circumstances_forced_from``: Decree 118/2021 Art 9(1) from 01/01/2022;
    before it, Law Art 23(4) of 2012 only, unconfirmed)."""
    rv = rules.value("circumstances_forced_from", on)
    return CircumstanceRule(rv.value, rv.basis, rv.confirmed, rv.note)


def decision_without_record_allowed(
    amount: int,
    subject: str,
    on: date,
    rules: ProcedureRules,
    *,
    detected_by_technical_device: bool = False,
) -> tuple[bool, str]:
    """Whether a fine of ``amount`` đồng may be imposed without a record on decision date ``on``.

    ``amount == 0`` means a warning, which never needs a record. A violation detected by technical
    devices always needs one (legal.md §8.13). Returns ``(allowed, basis)``.
    """
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ValueError(f"amount must be a non-negative integer of đồng, got {amount!r}")
    who = _subject(subject)
    rv = rules.value(f"no_record_max_{who}", on)
    limit = f"{rv.basis}: cảnh cáo hoặc phạt tiền đến {_money(rv.value)} đồng ({_SUBJECT_VI[who]})"
    if detected_by_technical_device:
        return False, f"{limit}; vi phạm phát hiện bằng phương tiện kỹ thuật phải lập biên bản"
    return amount <= rv.value, limit


def late_charge(
    amount: int, due_date: date, paid_on: date, *, rules: ProcedureRules
) -> int:
    """Late-payment charge in đồng on an unpaid ``amount`` paid on ``paid_on``.

    Each day after ``due_date`` up to and including ``paid_on`` costs 0,05 % of the unpaid amount
    (Luật XLVPHC Điều 78; rate from the data, selected by the due date). Computed on the whole
    period at once and rounded **down** to a whole đồng, so the payer is never charged a fraction
    the law does not state. Partial payments: call once per unpaid slice.
    """
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise ValueError(f"amount must be a non-negative integer of đồng, got {amount!r}")
    days_late = (paid_on - due_date).days
    if days_late <= 0:
        return 0
    rate = rules.value("late_charge_per_day_basis_points", due_date)
    if rate.unit != "per_10000_per_day":
        raise ValueError(f"late charge rate has unit {rate.unit!r}, expected per_10000_per_day")
    return amount * rate.value * days_late // BASIS_POINTS


def _missing(name: str, basis: str, why: str) -> Deadline:
    return Deadline(name=name, due=None, allowed=None, basis=basis, confirmed=False, note=why)


def _select(
    rules: ProcedureRules, rule: str, dates: Mapping[str, date | None], key: str | None = None
) -> RuleValue:
    """Pick ``rule``'s value by the case date its data names in ``selected_by``."""
    selector = rules.selector(rule)
    on = dates.get(selector)
    if on is None:
        raise RuleNotInForceError(f"{rule} is selected by {selector}, which the case lacks")
    return rules.value(rule, on, key)


def compute_deadlines(
    violation_ended: date | None,
    discovered_on: date | None,
    ongoing: bool,
    record_date: date | None,
    decision_date: date | None,
    sector: str | None,
    subject: str = "individual",
    bracket_max: int | None = None,
    may_withdraw_or_suspend: bool = False,
    transferred: bool = False,
    explanation: bool = False,
    complex_case: bool = False,
    delivered_on: date | None = None,
    limitation_years: int | None = None,
    *,
    calendar: WorkingCalendar,
    rules: ProcedureRules,
) -> Deadlines:
    """Compute every deadline of a case from its dates.

    Args:
        violation_ended: day a finished violation stopped.
        discovered_on: day the violation was discovered (the limitation start if ``ongoing``).
        ongoing: the violation was still going on when discovered.
        record_date: date of the violation record (biên bản).
        decision_date: date of the sanction decision.
        sector: ``internet``, ``game``, ``ict_goods``, ``printing``, ``distribution``,
            ``publishing`` or ``telecom`` (any key of ``limitation_years_by_sector``); ``None``
            uses the law's general limitation period (``limitation_years_default``).
        subject: ``individual`` or ``organization``.
        bracket_max: maximum of the fine bracket as it applies to this subject, in đồng.
        may_withdraw_or_suspend: licence withdrawal or suspension may be imposed.
        transferred: the file had to be transferred to the competent person.
        explanation: the violator explained, or facts had to be verified.
        complex_case: flagged especially serious or complex.
        delivered_on: day the violator received the decision.
        limitation_years: period set by the provision itself; overrides the sector default.
        calendar: the working calendar the caller applies (the database's, in the app).
        rules: the procedure rules the caller applies (no hidden file-loading default).

    Returns:
        Items ``limitation``, ``limitation_at_decision``, ``decision_deadline``,
        ``decision_without_record``, ``explanation_right``, ``explanation_written``,
        ``explanation_hearing_request``, ``dispatch_deadline``, ``payment_due`` and
        ``enforcement_limit``, in that order.
    """
    who = _subject(subject)
    if bracket_max is not None and (isinstance(bracket_max, bool) or bracket_max < 0):
        raise ValueError(f"bracket_max must be a non-negative integer, got {bracket_max!r}")
    if limitation_years is not None and limitation_years < 1:
        raise ValueError(f"limitation_years must be >= 1, got {limitation_years!r}")
    known = rules.keys("limitation_years_by_sector")
    if sector is not None and sector not in known:
        raise ValueError(f"unknown sector {sector!r}; expected one of {', '.join(sorted(known))}")
    cal = calendar

    start = discovered_on if ongoing else violation_ended
    dates: dict[str, date | None] = {
        "violation_ended_or_discovered": start,
        "record_date": record_date,
        "decision_date": decision_date,
    }
    items: list[Deadline] = []
    items.extend(
        _limitation(start, ongoing, record_date, decision_date, sector, limitation_years, rules)
    )
    items.append(
        _decision_deadline(
            cal, rules, dates, record_date, decision_date, transferred, explanation, complex_case
        )
    )
    items.append(
        _without_record(rules, who, bracket_max, decision_date, record_date, discovered_on, start)
    )
    items.extend(_explanation(cal, rules, dates, who, bracket_max, may_withdraw_or_suspend))
    items.append(_dispatch(cal, rules, dates, decision_date))
    items.append(_payment(cal, rules, dates, decision_date, delivered_on))
    items.append(_enforcement(rules, dates, decision_date))
    return Deadlines(tuple(items))


def _limitation(
    start: date | None,
    ongoing: bool,
    record_date: date | None,
    decision_date: date | None,
    sector: str | None,
    limitation_years: int | None,
    rules: ProcedureRules,
) -> list[Deadline]:
    basis_start = "Luật XLVPHC Điều 6 khoản 1 điểm b"
    if start is None:
        why = "thiếu ngày phát hiện" if ongoing else "thiếu ngày chấm dứt vi phạm"
        return [
            _missing("limitation", basis_start, f"Không tính được thời hiệu: {why}."),
            _missing("limitation_at_decision", basis_start, f"Không tính được thời hiệu: {why}."),
        ]
    try:
        selector = rules.selector("limitation_years_by_sector")
        on = {"record_date": record_date, "decision_date": decision_date}.get(selector, start)
        if on is None:
            raise RuleNotInForceError(f"limitation is selected by {selector}, which the case lacks")
        default = limitation_years_for(sector, on, rules)
    except RuleNotInForceError as exc:
        return [
            _missing("limitation", basis_start, str(exc)),
            _missing("limitation_at_decision", basis_start, str(exc)),
        ]
    if limitation_years is not None:
        years = limitation_years
        basis = f"{default.basis}; thời hiệu theo điều khoản vi phạm"
        confirmed = True
        origin = f"{years} năm do điều khoản quy định (tham số, thay mặc định {default.value} năm)"
    else:
        years = default.value
        basis = default.basis
        confirmed = default.confirmed
        field_label = f"lĩnh vực {sector}" if sector else "chưa chọn lĩnh vực: mức chung"
        origin = f"{years} năm (mặc định, {field_label})"
    due = add_years(start, years)
    started = "ngày phát hiện (vi phạm đang thực hiện)" if ongoing else "ngày chấm dứt vi phạm"
    note = (
        f"Thời hiệu {origin}, tính từ {started} {start.isoformat()}; hết ngày {due.isoformat()}. "
        "Không lùi sang ngày làm việc khi ngày cuối là ngày nghỉ (cách đọc thận trọng)."
    )
    if limitation_years is None and not default.confirmed:
        note += f" Chưa xác nhận: {default.note}"
    at_record = None if record_date is None else record_date <= due
    at_decision = None if decision_date is None else decision_date <= due
    extra_r = "" if record_date is None else f" Biên bản {record_date.isoformat()}."
    extra_d = "" if decision_date is None else f" Quyết định {decision_date.isoformat()}."
    if at_record is False or at_decision is False:
        tail = " Hết thời hiệu: chỉ được áp dụng biện pháp khắc phục hậu quả (Điều 65)."
    else:
        tail = ""
    return [
        Deadline("limitation", due, at_record, basis, confirmed, note + extra_r + tail),
        Deadline(
            "limitation_at_decision", due, at_decision, basis, confirmed, note + extra_d + tail
        ),
    ]


_DECISION_CASES = (
    ("decision_deadline", "trường hợp thông thường"),
    ("decision_deadline_after_transfer", "phải chuyển hồ sơ"),
    ("decision_deadline_after_explanation", "có giải trình hoặc xác minh"),
    ("decision_deadline_complex", "đặc biệt nghiêm trọng, phức tạp"),
)


def _decision_deadline(
    cal: WorkingCalendar,
    rules: ProcedureRules,
    dates: Mapping[str, date | None],
    record_date: date | None,
    decision_date: date | None,
    transferred: bool,
    explanation: bool,
    complex_case: bool,
) -> Deadline:
    name = "decision_deadline"
    basis0 = "Luật XLVPHC Điều 66 khoản 1"
    if record_date is None:
        return _missing(name, basis0, "Chưa có ngày lập biên bản.")
    flags = (True, transferred, explanation, complex_case)
    best: tuple[date, bool, RuleValue, str] | None = None
    try:
        for (rule, label), applies in zip(_DECISION_CASES, flags, strict=True):
            if not applies:
                continue
            rv = _select(rules, rule, dates)
            due, cal_ok = _apply(cal, record_date, rv, roll=True)
            if best is None or due > best[0]:
                best = (due, cal_ok, rv, label)
    except (RuleNotInForceError, CalendarCoverageError) as exc:
        return _missing(name, basis0, str(exc))
    assert best is not None  # the ordinary case always applies
    due, cal_ok, rv, label = best
    allowed = None if decision_date is None else decision_date <= due
    note = f"{_describe(rv)} kể từ ngày lập biên bản {record_date.isoformat()} ({label})."
    if complex_case or not rv.confirmed:
        note += f" {rv.note}"
    if not cal_ok:
        note += " Lịch ngày nghỉ trong khoảng này chưa được xác nhận."
    if allowed is False:
        note += " Quá hạn: không được ra quyết định xử phạt (Điều 65, 66)."
    return Deadline(name, due, allowed, rv.basis, rv.confirmed and cal_ok, note)


def _without_record(
    rules: ProcedureRules,
    who: str,
    bracket_max: int | None,
    decision_date: date | None,
    record_date: date | None,
    discovered_on: date | None,
    start: date | None,
) -> Deadline:
    name = "decision_without_record"
    rule = f"no_record_max_{who}"
    basis0 = "Luật XLVPHC Điều 56"
    labels = {
        "decision_date": "ngày ra quyết định",
        "record_date": "ngày lập biên bản",
        "violation_ended_or_discovered": "ngày chấm dứt/phát hiện vi phạm",
    }
    try:
        selector = rules.selector(rule)
    except RuleNotInForceError as exc:
        return _missing(name, basis0, str(exc))
    primary = {
        "decision_date": decision_date,
        "record_date": record_date,
        "violation_ended_or_discovered": start,
    }.get(selector)
    fallback = " (thiếu " + labels.get(selector, selector) + ")"
    candidates = (
        (primary, labels.get(selector, selector)),
        (record_date, "ngày lập biên bản" + fallback),
        (discovered_on, "ngày phát hiện" + fallback),
        (start, "ngày chấm dứt/phát hiện vi phạm" + fallback),
    )
    picked = next(((d, label) for d, label in candidates if d is not None), None)
    if picked is None:
        return _missing(name, basis0, "Không có ngày nào để chọn ngưỡng.")
    on, label = picked
    try:
        rv = rules.value(rule, on)
    except RuleNotInForceError as exc:
        return _missing(name, basis0, str(exc))
    note = (
        f"Không lập biên bản chỉ khi cảnh cáo hoặc phạt tiền đến {_money(rv.value)} đồng "
        f"({_SUBJECT_VI[who]}); ngưỡng chọn theo {label} {on.isoformat()}. "
        "Vi phạm phát hiện bằng phương tiện kỹ thuật luôn phải lập biên bản."
    )
    allowed: bool | None = None
    if bracket_max is not None and bracket_max <= rv.value:
        allowed = True
        note += " Mọi mức trong khung đều không vượt ngưỡng."
    elif bracket_max is not None:
        note += " Tùy mức phạt cụ thể: dùng decision_without_record_allowed(amount, …)."
    return Deadline(name, None, allowed, rv.basis, rv.confirmed, note)


def _explanation(
    cal: WorkingCalendar,
    rules: ProcedureRules,
    dates: Mapping[str, date | None],
    who: str,
    bracket_max: int | None,
    may_withdraw_or_suspend: bool,
) -> list[Deadline]:
    basis0 = "Luật XLVPHC Điều 61"
    record_date = dates.get("record_date")
    names = ("explanation_right", "explanation_written", "explanation_hearing_request")
    if record_date is None:
        why = "Chưa có biên bản: quyền giải trình được ghi trong biên bản (MBB01 mục 10)."
        return [_missing(n, basis0, why) for n in names]
    try:
        threshold = _select(rules, f"explanation_threshold_{who}", dates)
    except RuleNotInForceError as exc:
        return [_missing(n, basis0, str(exc)) for n in names]
    limit = f"{_money(threshold.value)} đồng ({_SUBJECT_VI[who]})"
    right: bool | None
    if may_withdraw_or_suspend:
        right = True
        why = "Có thể bị tước quyền sử dụng giấy phép hoặc đình chỉ hoạt động."
    elif bracket_max is None:
        right = None
        why = f"Cần mức tối đa của khung tiền phạt để so với ngưỡng {limit}."
    else:
        right = bracket_max >= threshold.value
        relation = "≥" if right else "<"
        why = f"Mức tối đa của khung {_money(bracket_max)} {relation} ngưỡng {limit}."
    items = [
        Deadline(
            "explanation_right",
            None,
            right,
            threshold.basis,
            threshold.confirmed,
            why + (" Biên bản phải ghi quyền giải trình." if right else ""),
        )
    ]
    for name, rule, what in (
        ("explanation_written", "explanation_written_deadline", "gửi văn bản giải trình"),
        (
            "explanation_hearing_request",
            "explanation_hearing_request_deadline",
            "yêu cầu giải trình trực tiếp",
        ),
    ):
        if right is False:
            no_right = "Không có quyền giải trình."
            basis, ok = threshold.basis, threshold.confirmed
            items.append(Deadline(name, None, False, basis, ok, no_right))
            continue
        try:
            rv = _select(rules, rule, dates)
            due, cal_ok = _apply(cal, record_date, rv, roll=True)
        except (RuleNotInForceError, CalendarCoverageError) as exc:
            items.append(_missing(name, basis0, str(exc)))
            continue
        note = f"Hạn {what}: {_describe(rv)} kể từ ngày lập biên bản."
        if right is None:
            note += " Chỉ áp dụng nếu có quyền giải trình."
        if not cal_ok:
            note += " Lịch ngày nghỉ trong khoảng này chưa được xác nhận."
        items.append(Deadline(name, due, None, rv.basis, rv.confirmed and cal_ok, note))
    return items


def _dispatch(
    cal: WorkingCalendar,
    rules: ProcedureRules,
    dates: Mapping[str, date | None],
    decision_date: date | None,
) -> Deadline:
    name = "dispatch_deadline"
    basis0 = "Luật XLVPHC Điều 70"
    if decision_date is None:
        return _missing(name, basis0, "Chưa có ngày ra quyết định.")
    try:
        rv = _select(rules, "dispatch_working_days", dates)
        due, cal_ok = _apply(cal, decision_date, rv, roll=True)
    except (RuleNotInForceError, CalendarCoverageError) as exc:
        return _missing(name, basis0, str(exc))
    note = (
        f"Gửi quyết định trong {_describe(rv)} kể từ ngày ra quyết định "
        f"{decision_date.isoformat()}."
    )
    if not cal_ok:
        note += " Lịch ngày nghỉ trong khoảng này chưa được xác nhận."
    return Deadline(name, due, None, rv.basis, rv.confirmed and cal_ok, note)


def _payment(
    cal: WorkingCalendar,
    rules: ProcedureRules,
    dates: Mapping[str, date | None],
    decision_date: date | None,
    delivered_on: date | None,
) -> Deadline:
    name = "payment_due"
    basis0 = "Luật XLVPHC Điều 73"
    if delivered_on is None:
        return _missing(name, basis0, "Chưa có ngày nhận quyết định.")
    selecting = dict(dates)
    if decision_date is None:
        selecting["decision_date"] = delivered_on
    try:
        rv = _select(rules, "payment_days", selecting)
        due, cal_ok = _apply(cal, delivered_on, rv, roll=True)
    except (RuleNotInForceError, CalendarCoverageError) as exc:
        return _missing(name, basis0, str(exc))
    raw = due if rv.unit == "working_days" else _shift(delivered_on, rv.value, rv.unit)
    note = f"{_describe(rv)} kể từ ngày nhận quyết định {delivered_on.isoformat()}"
    if raw != due:
        note += (
            f"; ngày {raw.isoformat()} là ngày nghỉ nên hạn lùi sang ngày làm việc tiếp theo "
            "(BLDS 2015 Điều 148 khoản 5)"
        )
    note += (
        ". Quyết định ghi thời hạn dài hơn thì theo quyết định. "
        "Nộp chậm: 0,05 %/ngày trên số tiền chưa nộp (late_charge)."
    )
    if not cal_ok:
        note += " Lịch ngày nghỉ trong khoảng này chưa được xác nhận."
    return Deadline(name, due, None, rv.basis, rv.confirmed and cal_ok, note)


def _enforcement(
    rules: ProcedureRules, dates: Mapping[str, date | None], decision_date: date | None
) -> Deadline:
    name = "enforcement_limit"
    basis0 = "Luật XLVPHC Điều 74"
    if decision_date is None:
        return _missing(name, basis0, "Chưa có ngày ra quyết định.")
    try:
        rv = _select(rules, "enforcement_limit_years", dates)
    except RuleNotInForceError as exc:
        return _missing(name, basis0, str(exc))
    due = _shift(decision_date, rv.value, rv.unit)
    note = (
        f"Thời hiệu thi hành {_describe(rv)} kể từ ngày ra quyết định {decision_date.isoformat()}; "
        "trốn tránh, trì hoãn thì tính lại. Không lùi sang ngày làm việc (cách đọc thận trọng)."
    )
    return Deadline(name, due, None, rv.basis, rv.confirmed, note)


def deadlines_to_dict(d: Deadlines) -> dict[str, Any]:
    """Plain dict for ``--json`` output: ISO dates, items keyed by name in order."""
    return {
        "all_confirmed": d.all_confirmed,
        "deadlines": {
            item.name: {
                "due": item.due.isoformat() if item.due is not None else None,
                "allowed": item.allowed,
                "basis": item.basis,
                "confirmed": item.confirmed,
                "note": item.note,
            }
            for item in d.items
        },
    }


def rules_from_records(records: Iterable[Mapping[str, Any]]) -> ProcedureRules:
    """Build the rules from JSON-like records (the database keeps the same records)."""
    return ProcedureRules(_entry_from_json(dict(raw), i) for i, raw in enumerate(records, start=1))
