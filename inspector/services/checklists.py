"""Sector checklists for the visit form, kept as data in ``resources/checklists/<sector>.json``.

Why data and not code: what an inspector checks at an Internet point or a bookshop changes
with the law, and each item names the provisions to propose when it fails, per sanction decree
(a 2015 visit proposes Decree 159/2013, a 2024 one Decree 119/2020). The form shows the items,
records yes / no / not applicable with a note, and one click on a failed item opens the
violation form with :func:`proposed_provisions` first.

File format (UTF-8 JSON)::

    {"sector": "internet", "version": 1, "title": "...", "answer_note": "...",
     "items": [{"id": "signboard", "group": "...", "text": "...",
                "asks_count": false, "per_title": false, "note": "",
                "provisions": {"15/2020/NĐ-CP": ["15/2020/NĐ-CP:35.2.a"], ...}}]}

Every item is phrased so that "yes" means compliant.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from inspector import paths
from inspector.domain.fines import provision_in_force
from inspector.domain.law import Catalog, LawError, Provision
from inspector.services.forms import FieldProblem

ANSWERS = ("yes", "no", "na")
ANSWER_LABELS_VI = {"yes": "Có", "no": "Không", "na": "Không áp dụng"}


class ChecklistError(ValueError):
    """A checklist file is missing or malformed (a packaging or editing error)."""


@dataclass(frozen=True)
class ChecklistItem:
    """One question; ``provisions`` maps a decree number to the keys proposed when it fails."""

    id: str
    text: str
    group: str = ""
    provisions: Mapping[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    asks_count: bool = False
    per_title: bool = False
    note: str = ""

    def proposal_keys(self) -> tuple[str, ...]:
        """Every proposed key, whatever the period, without repeats."""
        return tuple(dict.fromkeys(k for keys in self.provisions.values() for k in keys))


@dataclass(frozen=True)
class Checklist:
    sector: str
    version: int
    title: str
    answer_note: str
    items: tuple[ChecklistItem, ...]

    def item(self, item_id: str) -> ChecklistItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise ChecklistError(f"Danh mục kiểm tra {self.sector} không có mục {item_id!r}")

    @property
    def groups(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.group for i in self.items))


@dataclass(frozen=True)
class ChecklistAnswer:
    """The answer to one item: ``yes``, ``no`` or ``na``, a note, and a count where asked."""

    item_id: str
    answer: str
    note: str = ""
    count: int | None = None

    @property
    def failed(self) -> bool:
        return self.answer == "no"


def _directory() -> Any:
    return paths.resources_dir() / "checklists"


def checklist_sectors() -> tuple[str, ...]:
    """The sectors that have a checklist file."""
    return tuple(sorted(p.stem for p in _directory().glob("*.json")))


def _str(data: Mapping[str, Any], name: str, where: str, default: str | None = None) -> str:
    value = data.get(name, default)
    if not isinstance(value, str):
        raise ChecklistError(f"{where}: trường {name!r} phải là chuỗi")
    return value


def _item(raw: Mapping[str, Any], where: str) -> ChecklistItem:
    if not isinstance(raw, Mapping):
        raise ChecklistError(f"{where}: mỗi mục phải là một đối tượng JSON")
    item_id = _str(raw, "id", where)
    provisions = raw.get("provisions", {})
    if not isinstance(provisions, Mapping) or not all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v)
            for k, v in provisions.items()):
        raise ChecklistError(f"{where} {item_id}: 'provisions' phải là {{số nghị định: [mã]}}")
    return ChecklistItem(
        id=item_id, text=_str(raw, "text", where), group=_str(raw, "group", where, ""),
        provisions={k: tuple(v) for k, v in provisions.items()},
        asks_count=bool(raw.get("asks_count", False)), per_title=bool(raw.get("per_title", False)),
        note=_str(raw, "note", where, ""))


@cache
def load_checklist(sector: str) -> Checklist:
    """The checklist of a sector (read once and cached).

    Raises:
        ChecklistError: no file for the sector, or a malformed one.
    """
    if not sector or not sector.replace("_", "").isalnum():
        raise ChecklistError(f"Lĩnh vực không hợp lệ: {sector!r}")
    path = _directory() / f"{sector}.json"
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise ChecklistError(f"Chưa có danh mục kiểm tra cho lĩnh vực {sector}") from None
    except (OSError, ValueError) as exc:
        raise ChecklistError(f"Không đọc được danh mục kiểm tra {path.name}: {exc}") from exc
    where = path.name
    if not isinstance(data, Mapping) or data.get("sector") != sector:
        raise ChecklistError(f"{where}: 'sector' phải là {sector!r}")
    items = data.get("items")
    if not isinstance(items, list) or not items:
        raise ChecklistError(f"{where}: cần danh sách 'items'")
    parsed = tuple(_item(raw, where) for raw in items)
    ids = [i.id for i in parsed]
    if len(set(ids)) != len(ids):
        raise ChecklistError(f"{where}: mã mục bị trùng")
    version = data.get("version", 1)
    if not isinstance(version, int):
        raise ChecklistError(f"{where}: 'version' phải là số nguyên")
    return Checklist(sector, version, _str(data, "title", where),
                     _str(data, "answer_note", where, ""), parsed)


def proposed_provisions(catalog: Catalog, item: ChecklistItem, on: date) -> tuple[Provision, ...]:
    """The provisions a failed item proposes, only those in force on ``on`` (the violation's
    reference date), in the order the checklist lists them."""
    out: list[Provision] = []
    for key in item.proposal_keys():
        try:
            provision = provision_in_force(catalog, key, on)
        except LawError:
            continue
        if provision not in out:
            out.append(provision)
    return tuple(out)


def validate_answers(checklist: Checklist,
                     answers: Sequence[ChecklistAnswer]) -> list[FieldProblem]:
    """Problems per answer (field ``checklist.<item id>``): unknown item, unknown answer,
    a count where none is asked or a negative one, the same item answered twice."""
    out: list[FieldProblem] = []
    seen: set[str] = set()
    known = {i.id: i for i in checklist.items}
    for a in answers:
        name = f"checklist.{a.item_id}"
        item = known.get(a.item_id)
        if item is None:
            out.append(FieldProblem(name, f"Mục kiểm tra {a.item_id!r} không có trong danh mục "
                                          f"{checklist.title}."))
            continue
        if a.item_id in seen:
            out.append(FieldProblem(name, f"Mục “{item.text}” được trả lời hai lần."))
        seen.add(a.item_id)
        if a.answer not in ANSWERS:
            out.append(FieldProblem(name, "Hãy chọn Có, Không hoặc Không áp dụng."))
        if a.count is not None:
            if not item.asks_count:
                out.append(FieldProblem(name, "Mục này không ghi số lượng."))
            elif a.count < 0:
                out.append(FieldProblem(name, "Số lượng không được âm."))
        if len(a.note) > 2000:
            out.append(FieldProblem(name, "Ghi chú dài quá 2000 ký tự."))
    return out


def answers_to_json(checklist: Checklist, answers: Iterable[ChecklistAnswer]) -> dict[str, Any]:
    """What ``visits.checklist`` stores: the checklist used (sector, version) and the answers."""
    return {"sector": checklist.sector, "version": checklist.version,
            "answers": [{"item": a.item_id, "answer": a.answer, "note": a.note,
                         **({"count": a.count} if a.count is not None else {})}
                        for a in answers]}


def answers_from_json(data: Mapping[str, Any] | None) -> tuple[ChecklistAnswer, ...]:
    if not data:
        return ()
    return tuple(ChecklistAnswer(str(a.get("item", "")), str(a.get("answer", "")),
                                 str(a.get("note", "")), a.get("count"))
                 for a in data.get("answers", []) if isinstance(a, Mapping))
