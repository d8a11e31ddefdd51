"""The visit form's values as plain JSON, and their conversion into the services' inputs.

Why JSON of the texts as typed, not of parsed values: a draft must give back exactly what the
inspector typed, half-finished dates and amounts included, so nothing is lost after a crash.
Parsing happens only here, and a text that does not parse becomes a problem next to its field
(the same :class:`FieldProblem` the services return), never an exception.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from inspector.domain.money import parse_vnd
from inspector.domain.text import format_date, parse_date
from inspector.services.cases import (
    RemedialInput,
    SanctionInput,
    SeizedItemInput,
    TitleCount,
    ViolationInput,
    validate_seized_item,
)
from inspector.services.checklists import ChecklistAnswer
from inspector.services.forms import FieldProblem

SCHEMA = 1
Entry = dict[str, Any]


def new_uid() -> str:
    """A stable name for a violation, so seized items and photos keep pointing at it when the
    list is reordered, or a violation is removed and put back by undo."""
    return uuid.uuid4().hex[:12]


def new_violation(checklist_item: str | None = None, *, ongoing: bool = True) -> Entry:
    return {"uid": new_uid(), "checklist_item": checklist_item, "provision_key": "",
            "alternative": None, "search": "", "ongoing": ongoing, "ended_on": "",
            "discovered_on": "", "facts": "",
            "mitigating": [], "aggravating": [], "amount": "", "amount_reason": "",
            "warning": False, "title": "", "copies": "", "additional": {}, "remedial": {},
            "touched": []}


def new_seized(violation_uid: str | None = None) -> Entry:
    return {"uid": new_uid(), "kind": "goods", "description": "", "quantity": "", "unit": "",
            "value": "", "condition": "", "titles": "", "kept_at": "",
            "violation": violation_uid, "touched": []}


def new_payload(inspection_id: uuid.UUID, establishment_id: uuid.UUID | None,
                visit_date: date) -> Entry:
    return {"schema": SCHEMA, "inspection_id": str(inspection_id),
            "establishment_id": str(establishment_id) if establishment_id else None,
            "visit_date": format_date(visit_date), "outcome": "auto", "notes": "",
            "checklist": {}, "violations": [], "seized": [], "evidence": [], "tab": 0}


# --- parsing what was typed -----------------------------------------------------------------

def parse_day(text: str, field: str, label: str, problems: list[FieldProblem]) -> date | None:
    """A dd/mm/yyyy date, or None when empty; a bad one adds a problem saying how to write it."""
    value = text.strip()
    if not value:
        return None
    try:
        return parse_date(value)
    except ValueError:
        problems.append(FieldProblem(field, f"{label} “{value}” không hợp lệ: hãy nhập ngày dạng "
                                            "ngày/tháng/năm, ví dụ 05/02/2026."))
        return None


def parse_money(text: str, field: str, problems: list[FieldProblem]) -> int | None:
    value = text.strip()
    if not value:
        return None
    try:
        return parse_vnd(value)
    except ValueError as exc:
        problems.append(FieldProblem(field, str(exc) + "."))
        return None


def parse_count(text: str, field: str, label: str, problems: list[FieldProblem],
                minimum: int = 1) -> int | None:
    """A whole number typed with or without thousands dots (``1.200``)."""
    value = text.strip()
    if not value:
        return None
    digits = value.replace(".", "").replace(" ", "")
    if not digits.isdigit() or (value.count(".") and not re.fullmatch(r"\d{1,3}(\.\d{3})+",
                                                                        value)):
        problems.append(FieldProblem(field, f"{label} phải là số nguyên, ví dụ 700 hoặc 1.200."))
        return None
    number = int(digits)
    if number < minimum:
        problems.append(FieldProblem(field, f"{label} phải từ {minimum} trở lên."))
        return None
    return number


def merge(parsed: Iterable[FieldProblem], checked: Iterable[FieldProblem]) -> list[FieldProblem]:
    """The parse problems, then the services' problems on other fields: a field whose text did
    not parse gets one message (how to write it), not a second one about the empty value."""
    out = list(parsed)
    taken = {p.field for p in out}
    seen = set()
    for p in checked:
        if p.field in taken or (p.field, p.message) in seen:
            continue
        seen.add((p.field, p.message))
        out.append(p)
    return out


def field_root(name: str) -> str:
    """``titles[0].copies`` → ``titles``: the widget a problem is shown next to."""
    return re.split(r"[\[.]", name, maxsplit=1)[0]


# --- violations -----------------------------------------------------------------------------

def violation_input(entry: Mapping[str, Any]) -> tuple[ViolationInput, list[FieldProblem]]:
    """The service's input for one violation entry, and the problems of texts that did not
    parse (the service then checks the rest)."""
    problems: list[FieldProblem] = []
    ongoing = bool(entry.get("ongoing"))
    ended = None if ongoing else parse_day(str(entry.get("ended_on", "")), "ended_on",
                                           "Ngày chấm dứt hành vi", problems)
    discovered = parse_day(str(entry.get("discovered_on", "")), "discovered_on",
                           "Ngày phát hiện", problems)
    warning = bool(entry.get("warning"))
    amount = None if warning else parse_money(str(entry.get("amount", "")), "amount", problems)
    titles: tuple[TitleCount, ...] = ()
    title = str(entry.get("title", "")).strip()
    copies_text = str(entry.get("copies", "")).strip()
    if title or copies_text:
        copies = parse_count(copies_text, "titles[0].copies", "Số bản", problems)
        if not copies_text:
            problems.append(FieldProblem("titles[0].copies", "Hãy nhập số bản của tên xuất bản "
                                                             "phẩm này."))
        titles = (TitleCount(title, copies or 0),)
    additional: list[SanctionInput] = []
    for kind, spec in sorted(dict(entry.get("additional") or {}).items()):
        if not spec.get("on"):
            continue
        i = len(additional)
        months = parse_count(str(spec.get("months", "")), f"additional[{i}]", "Số tháng",
                             problems)
        value = parse_money(str(spec.get("value", "")), f"additional[{i}]", problems)
        additional.append(SanctionInput(kind, months, str(spec.get("licence", "")).strip()
                                        or None, value))
    remedial: list[RemedialInput] = []
    for code, spec in sorted(dict(entry.get("remedial") or {}).items()):
        if not spec.get("on"):
            continue
        i = len(remedial)
        days = parse_count(str(spec.get("days", "")), f"remedial[{i}]", "Thời hạn", problems)
        remedial.append(RemedialInput(code, days))
    data = ViolationInput(
        provision_key=str(entry.get("provision_key", "")), ended_on=ended,
        discovered_on=discovered, ongoing=ongoing, facts=str(entry.get("facts", "")),
        mitigating=tuple(entry.get("mitigating") or ()),
        aggravating=tuple(entry.get("aggravating") or ()), amount=amount,
        amount_reason=str(entry.get("amount_reason", "")), warning=warning, titles=titles,
        additional=tuple(additional), remedial=tuple(remedial),
        alternative=_alternative(entry.get("alternative")))
    return data, problems


def _alternative(value: Any) -> int | None:
    """The act chosen among those a point lists (an index), None when none is chosen; a draft
    written before the choice existed has no such key."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return value


def reference_day(entry: Mapping[str, Any], visit_day: date | None) -> date | None:
    """The day that decides the law: the end of a finished act, the discovery of an ongoing
    one (Decree 118/2021 Art 7(2)); the visit day stands for an empty discovery date."""
    scratch: list[FieldProblem] = []
    if entry.get("ongoing"):
        return parse_day(str(entry.get("discovered_on", "")), "", "", scratch) or visit_day
    return parse_day(str(entry.get("ended_on", "")), "", "", scratch)


# --- seized items ---------------------------------------------------------------------------

_TITLE_LINE = re.compile(r"^(?P<title>.*?)\s*[:;\t]\s*(?P<copies>[\d.]+)\s*(?:bản|cuốn)?\s*$")


def parse_titles(text: str, problems: list[FieldProblem]) -> tuple[TitleCount, ...]:
    """One title a line, ``Tên sách: 300``."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _TITLE_LINE.match(line.strip())
        copies = None
        if match and match.group("title"):
            copies = parse_count(match.group("copies"), "titles", f"Dòng {number}: số bản",
                                 problems)
        else:
            problems.append(FieldProblem("titles", f"Dòng {number}: hãy ghi “tên: số bản”, ví dụ "
                                                   "“Đắc nhân tâm: 300”."))
        if match and copies:
            out.append(TitleCount(match.group("title").strip(), copies))
    return tuple(out)


def seized_input(entry: Mapping[str, Any],
                 violation_uids: Sequence[str]) -> tuple[SeizedItemInput, list[FieldProblem]]:
    """The service's input for a seized item and every problem (parse and service checks)."""
    problems: list[FieldProblem] = []
    quantity = parse_count(str(entry.get("quantity", "")), "quantity", "Số lượng", problems)
    value = parse_money(str(entry.get("value", "")), "value", problems)
    titles = parse_titles(str(entry.get("titles", "")), problems)
    link = entry.get("violation")
    index = violation_uids.index(link) if link in violation_uids else None
    data = SeizedItemInput(
        kind=str(entry.get("kind", "")), description=str(entry.get("description", "")),
        quantity=quantity if quantity is not None else 0, unit=str(entry.get("unit", "")),
        value=value, condition=str(entry.get("condition", "")), titles=titles,
        kept_at=str(entry.get("kept_at", "")), violation_index=index)
    checked = validate_seized_item(data)
    if quantity is None and not any(p.field == "quantity" for p in problems):
        problems.append(FieldProblem("quantity", "Hãy nhập số lượng (số nguyên từ 1)."))
    return data, merge(problems, checked)


# --- the checklist --------------------------------------------------------------------------

def checklist_answers(answers: Mapping[str, Mapping[str, Any]],
                      order: Sequence[str]) -> tuple[tuple[ChecklistAnswer, ...],
                                                     list[FieldProblem]]:
    """The answered items in checklist order; a count that does not parse is a problem."""
    out = []
    problems: list[FieldProblem] = []
    for item_id in order:
        spec = answers.get(item_id) or {}
        answer = str(spec.get("answer", ""))
        if not answer:
            continue
        count = parse_count(str(spec.get("count", "")), f"checklist.{item_id}", "Số lượng",
                            problems, minimum=0)
        out.append(ChecklistAnswer(item_id, answer, str(spec.get("note", "")).strip(), count))
    return tuple(out), problems
