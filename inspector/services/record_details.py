"""What the inspector enters when making a violation record (MBB01), and its checks.

The record is made from what happened at the place: who made it, when it was opened and
closed, who witnessed, what each said, whether the violator refused to sign and why, which
preventive measures were actually taken. None of it can be derived from the case, so it is
typed (prefilled from the visit where the visit knows it: the day, the place, the team, the
inspection decision) and stored with the record as JSON (``ViolationRecord.details``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time
from typing import Any

from inspector.documents.model import Officer as Maker  # a maker prints as an officer
from inspector.domain.text import format_date, nfc
from inspector.services.errors import ValidationError
from inspector.services.forms import FieldProblem


@dataclass(frozen=True)
class Witness:
    """A witness (name, occupation, address); also the interpreter."""

    full_name: str
    occupation: str = ""
    address: str = ""


@dataclass(frozen=True)
class Representative:
    """The representative of the commune authority: name, position, agency."""

    full_name: str
    position: str
    agency: str = ""


@dataclass(frozen=True)
class RecordDetails:
    """Everything a violation record states that the case itself does not know."""

    made_at: datetime | None
    closed_at: datetime | None
    place: str
    makers: tuple[Maker, ...]
    grounds: tuple[str, ...] = ()
    reason_other_place: str = ""
    witnesses: tuple[Witness, ...] = ()
    representatives: tuple[Representative, ...] = ()
    interpreter: Witness | None = None
    injured_party: str = ""
    violator_statement: str = ""
    witness_statement: str = ""
    injured_statement: str = ""
    preventive_measures: tuple[str, ...] = ()
    refused_to_sign: bool = False
    refusal_reason: str = ""
    witness_refusal_reason: str = ""
    summons_at: datetime | None = None
    summons_place: str = ""
    copies: int = 2
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("made_at", "closed_at", "summons_at"):
            value = getattr(self, key)
            out[key] = value.isoformat(timespec="minutes") if value else None
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RecordDetails:
        def moment(key: str) -> datetime | None:
            value = data.get(key)
            return datetime.fromisoformat(value) if value else None

        interpreter = data.get("interpreter")
        return cls(
            made_at=moment("made_at"), closed_at=moment("closed_at"),
            place=str(data.get("place", "")),
            makers=tuple(Maker(**m) for m in data.get("makers", ())),
            grounds=tuple(data.get("grounds", ())),
            reason_other_place=str(data.get("reason_other_place", "")),
            witnesses=tuple(Witness(**w) for w in data.get("witnesses", ())),
            representatives=tuple(Representative(**r) for r in data.get("representatives", ())),
            interpreter=Witness(**interpreter) if interpreter else None,
            injured_party=str(data.get("injured_party", "")),
            violator_statement=str(data.get("violator_statement", "")),
            witness_statement=str(data.get("witness_statement", "")),
            injured_statement=str(data.get("injured_statement", "")),
            preventive_measures=tuple(data.get("preventive_measures", ())),
            refused_to_sign=bool(data.get("refused_to_sign", False)),
            refusal_reason=str(data.get("refusal_reason", "")),
            witness_refusal_reason=str(data.get("witness_refusal_reason", "")),
            summons_at=moment("summons_at"), summons_place=str(data.get("summons_place", "")),
            copies=int(data.get("copies", 2)), extra=dict(data.get("extra", {})))


def _clean(s: str) -> str:
    return " ".join(nfc(s).split())


def _place(s: str) -> str:
    """The record prints "…, tại <place>": a typed leading "Tại" is not repeated."""
    text = _clean(s)
    return text[4:].lstrip() if text[:4].casefold() == "tại " else text


def clean_details(d: RecordDetails) -> RecordDetails:
    """NFC, single spaces, empty rows dropped: what is stored and printed."""
    return RecordDetails(
        made_at=d.made_at, closed_at=d.closed_at, place=_place(d.place),
        makers=tuple(Maker(_clean(m.full_name), _clean(m.title), _clean(m.unit))
                     for m in d.makers if _clean(m.full_name) or _clean(m.title)),
        grounds=tuple(g for g in (_clean(x).rstrip(";.") for x in d.grounds) if g),
        reason_other_place=_clean(d.reason_other_place),
        witnesses=tuple(Witness(_clean(w.full_name), _clean(w.occupation), _clean(w.address))
                        for w in d.witnesses if _clean(w.full_name)),
        representatives=tuple(Representative(_clean(r.full_name), _clean(r.position),
                                             _clean(r.agency))
                              for r in d.representatives if _clean(r.full_name)),
        interpreter=(Witness(_clean(d.interpreter.full_name), _clean(d.interpreter.occupation),
                             _clean(d.interpreter.address))
                     if d.interpreter is not None and _clean(d.interpreter.full_name) else None),
        injured_party=_none_is_empty(d.injured_party), violator_statement=nfc(d.violator_statement).strip(),
        witness_statement=nfc(d.witness_statement).strip(),
        injured_statement=nfc(d.injured_statement).strip(),
        preventive_measures=tuple(m for m in (_clean(x).rstrip(";.") for x in
                                              d.preventive_measures) if m),
        refused_to_sign=d.refused_to_sign, refusal_reason=_clean(d.refusal_reason),
        witness_refusal_reason=_clean(d.witness_refusal_reason), summons_at=d.summons_at,
        summons_place=_clean(d.summons_place), copies=d.copies, extra=dict(d.extra))


_NONE_WORDS = {"không", "khong", "không có", "none", "-"}


def _none_is_empty(s: str) -> str:
    """"Không", "không có" typed for a party that does not exist: the party is absent (the
    record then prints "Không." and offers no signature for it)."""
    text = _clean(s)
    return "" if text.rstrip(".").casefold() in _NONE_WORDS else text


def validate_details(d: RecordDetails, *, today: date, earliest: date | None = None,
                     seized: bool = False) -> list[FieldProblem]:
    """Every problem of the record's details, one Vietnamese line each, with its field.

    ``earliest`` is the day the violation was found (the visit): a record is not made before.
    ``seized`` says the case holds seized items: the record then lists the seizure among the
    preventive measures (item 9), never "Không" followed by a seizure table.
    """
    out: list[FieldProblem] = []
    if d.made_at is None:
        out.append(FieldProblem("made_at", "Hãy nhập giờ và ngày lập biên bản."))
    else:
        if d.made_at.date() > today:
            out.append(FieldProblem("made_at", "Ngày lập biên bản ở sau hôm nay "
                                               f"({format_date(today)})."))
        if earliest is not None and d.made_at.date() < earliest:
            out.append(FieldProblem("made_at", "Biên bản không thể lập trước ngày phát hiện vi "
                                               f"phạm ({format_date(earliest)})."))
    if d.closed_at is None:
        out.append(FieldProblem("closed_at", "Hãy nhập giờ lập xong biên bản."))
    elif d.made_at is not None and d.closed_at <= d.made_at:
        out.append(FieldProblem("closed_at", "Giờ lập xong phải sau giờ bắt đầu lập biên bản."))
    if not d.place:
        out.append(FieldProblem("place", "Hãy nhập địa điểm lập biên bản."))
    if not d.makers:
        out.append(FieldProblem("makers", "Hãy ghi người có thẩm quyền lập biên bản (họ tên, "
                                          "chức vụ)."))
    for i, m in enumerate(d.makers):
        if not m.full_name:
            out.append(FieldProblem(f"makers[{i}].full_name",
                                    f"Người lập biên bản thứ {i + 1}: thiếu họ và tên."))
        if not m.title:
            out.append(FieldProblem(f"makers[{i}].title",
                                    f"Người lập biên bản {m.full_name or i + 1}: thiếu chức vụ."))
    if not d.grounds:
        out.append(FieldProblem("grounds", "Hãy ghi căn cứ lập biên bản (quyết định thanh tra, "
                                           "kiểm tra hoặc biên bản làm việc)."))
    for i, r in enumerate(d.representatives):
        if not r.position:
            out.append(FieldProblem(f"representatives[{i}].position",
                                    f"Đại diện chính quyền {r.full_name}: thiếu chức vụ."))
    for i, w in enumerate(d.witnesses):
        if not w.address:
            out.append(FieldProblem(f"witnesses[{i}].address",
                                    f"Người chứng kiến {w.full_name}: thiếu địa chỉ."))
    if d.refused_to_sign and not d.refusal_reason:
        out.append(FieldProblem("refusal_reason", "Người vi phạm không ký: hãy ghi lý do."))
    if d.refused_to_sign and not (d.witnesses or d.representatives):
        out.append(FieldProblem("witnesses", "Người vi phạm không ký: biên bản cần chữ ký của đại "
                                             "diện chính quyền cấp xã hoặc ít nhất một người "
                                             "chứng kiến (Điều 58 Luật Xử lý vi phạm hành "
                                             "chính)."))
    if d.refusal_reason and not d.refused_to_sign:
        out.append(FieldProblem("refusal_reason", "Có lý do không ký nhưng chưa đánh dấu người vi "
                                                  "phạm không ký."))
    if d.witness_refusal_reason and not (d.witnesses or d.representatives):
        out.append(FieldProblem("witness_refusal_reason", "Chưa có người chứng kiến hoặc đại "
                                                          "diện chính quyền nào."))
    for i, measure in enumerate(d.preventive_measures):
        if measure.casefold() in _NONE_WORDS:
            out.append(FieldProblem(f"preventive_measures[{i}]",
                                    "Để trống danh sách nếu không áp dụng biện pháp ngăn chặn "
                                    "nào; không ghi “Không”."))
    if seized and not d.preventive_measures:
        out.append(FieldProblem("preventive_measures", "Vụ việc có tang vật, phương tiện bị tạm "
                                                       "giữ: hãy ghi biện pháp tạm giữ đã áp "
                                                       "dụng."))
    if (d.summons_at is None) != (not d.summons_place):
        out.append(FieldProblem("summons_at", "Giấy mời có mặt cần cả thời gian và địa điểm."))
    if d.summons_at is not None and d.made_at is not None and d.summons_at < d.made_at:
        out.append(FieldProblem("summons_at", "Thời gian hẹn có mặt trước khi lập biên bản."))
    if not 2 <= d.copies <= 20:
        out.append(FieldProblem("copies", "Số bản của biên bản phải từ 02 trở lên."))
    return out


def refuse(problems: Sequence[FieldProblem]) -> None:
    """Raise one ValidationError listing every blocking problem, one line each."""
    blocking = [p for p in problems if p.blocking]
    if blocking:
        raise DetailsInvalid(blocking)


class DetailsInvalid(ValidationError):
    """The details cannot make a record; ``problems`` keeps each with its field."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        self.problems = tuple(problems)
        vi = "\n".join(p.message for p in problems)
        super().__init__(vi, "; ".join(f"{p.field}: {p.message}" for p in problems),
                         field=problems[0].field)


_TIME = re.compile(r"^\s*(\d{1,2})\s*(?::|h|g|giờ)\s*(\d{1,2})?\s*(?:phút|p)?\s*$", re.I)


def parse_clock(text: str) -> time | None:
    """``14:30``, ``14h30``, ``14 giờ 30`` → 14:30; empty → None; anything else refused."""
    s = nfc(text).strip()
    if not s:
        return None
    m = _TIME.match(s)
    if m is None:
        raise ValidationError(f"Giờ không hợp lệ: “{s}” (ghi giờ:phút, ví dụ 14:30).",
                              f"not a time of day: {s!r} (use HH:MM)")
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ValidationError(f"Giờ không hợp lệ: “{s}”.", f"not a time of day: {s!r}")
    return time(hour, minute)
