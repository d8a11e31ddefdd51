"""Problems of the visit form: where each one is, in words, and in which order to meet them.

Paths are those :func:`record_visit` uses (``violations[3].amount``, ``seized[0].quantity``,
``checklist.<item>``, ``visit_date``), so a refusal from the service lands where the form's own
checks would have put it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from inspector.services.cases import CaseOutlook, SeizedItemInput, ViolationInput
from inspector.services.forms import FieldProblem
from inspector.services.inspections import VisitInput
from inspector.ui.support import tr
from inspector.ui.visit.state import field_root

FIELD_LABELS = {
    "provision_key": "Điều khoản", "alternative": "Hành vi cụ thể",
    "ended_on": "Ngày chấm dứt hành vi", "discovered_on": "Ngày phát hiện",
    "titles": "Xuất bản phẩm", "facts": "Mô tả hành vi",
    "mitigating": "Tình tiết giảm nhẹ", "aggravating": "Tình tiết tăng nặng",
    "amount": "Mức phạt tiền", "amount_reason": "Lý do chọn mức", "warning": "Cảnh cáo",
    "additional": "Hình thức bổ sung", "remedial": "Biện pháp khắc phục", "kind": "Loại",
    "description": "Mô tả", "quantity": "Số lượng", "unit": "Đơn vị tính", "value": "Giá trị",
    "kept_at": "Nơi bảo quản", "condition": "Tình trạng", "violation_index": "Thuộc hành vi",
    "visit_date": "Ngày làm việc", "outcome": "Kết luận", "establishment_id": "Cơ sở",
    "answers": "Danh mục kiểm tra", "violator": "Người vi phạm", "subject": "Người vi phạm"}
INDEXED = re.compile(r"^(violations|seized|evidence)\[(\d+)\](?:\.(.*))?$")


@dataclass
class Collected:
    """Everything the form would send, and every problem with its full path."""

    violations: list[ViolationInput] = field(default_factory=list)
    seized: list[SeizedItemInput] = field(default_factory=list)
    visit: VisitInput | None = None
    problems: list[FieldProblem] = field(default_factory=list)
    outlook: CaseOutlook | None = None
    outlook_error: str = ""

    @property
    def blocking(self) -> list[FieldProblem]:
        return [p for p in self.problems if p.blocking]


_SECTIONS = ("establishment_id", "visit_date", "checklist", "answers", "violations", "seized",
             "evidence", "outcome")
_FIELDS = ("ended_on", "discovered_on", "provision_key", "alternative", "titles", "facts",
           "mitigating", "aggravating", "amount", "amount_reason", "warning", "additional",
           "remedial", "kind",
           "description", "quantity", "unit", "value", "condition", "kept_at",
           "violation_index")


def reading_order(problem: FieldProblem) -> tuple[int, int, int]:
    """Problems in the order the form shows the fields, so "the first problem" is the one the
    inspector meets first."""
    path = problem.field
    match = INDEXED.match(path)
    section = match.group(1) if match else re.split(r"[\[.]", path, maxsplit=1)[0]
    index = int(match.group(2)) if match else 0
    rest = field_root(match.group(3) or "") if match else ""
    return (_SECTIONS.index(section) if section in _SECTIONS else len(_SECTIONS), index,
            _FIELDS.index(rest) if rest in _FIELDS else len(_FIELDS))


def where(path: str, checklist_order: Sequence[str]) -> str:
    """Where a problem is, in words: ``violations[1].amount`` → "Hành vi 2 — Mức phạt tiền"."""
    match = INDEXED.match(path)
    if match:
        kind, n, rest = match.group(1), int(match.group(2)), match.group(3) or ""
        head = {"violations": tr("Hành vi {0}"), "seized": tr("Tang vật {0}"),
                "evidence": tr("Tệp {0}")}[kind].format(n + 1)
        label = FIELD_LABELS.get(field_root(rest), "")
        return f"{head} — {tr(label)}" if label else head
    if path.startswith("checklist."):
        item_id = path.split(".", 1)[1]
        if item_id in checklist_order:
            return tr("Mục kiểm tra {0}").format(list(checklist_order).index(item_id) + 1)
        return tr("Danh mục kiểm tra")
    if path == "seized":
        return tr("Tang vật, phương tiện")
    return tr(FIELD_LABELS.get(field_root(path), path))
