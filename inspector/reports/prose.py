"""The drafted "Về công tác thanh tra, kiểm tra" section of the yearly report, from the figures.

Why generated: the clerk used to count from paper and write this text by hand; now the counts
come from the tally and the text follows the department's own style (the 2015 report in
shared/seed): counts below ten written with two digits ("05 cuộc thanh tra"), amounts in figures
and in words ("2.000.000 đồng (hai triệu đồng)"), one paragraph per inspection with its scope
and outcome. The office edits the result (DOCX) before signing; nothing here is final wording.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from inspector.domain.money import amount_in_words, format_vnd
from inspector.domain.text import format_date
from inspector.services.tallies import (
    BUSINESS_KIND_LABELS_VI,
    Headline,
    InspectionFigures,
    KindFigures,
    SeizedFigures,
    Tally,
)

__all__ = ["Para", "ReportText", "count", "draft_report", "money"]


@dataclass(frozen=True)
class Para:
    """A heading, an ordinary paragraph, or an item of a dashed list."""

    text: str
    style: Literal["heading", "body", "item"] = "body"


@dataclass(frozen=True)
class ReportText:
    title: str
    summary: str
    paragraphs: tuple[Para, ...]

    def plain(self) -> str:
        """The text as one string (tests, the screen's preview)."""
        lines = []
        for p in self.paragraphs:
            lines.append(("- " if p.style == "item" else "") + p.text)
        return "\n".join(lines)


def count(n: int) -> str:
    """Counts as the department writes them: 05, 09, 14, 132."""
    return f"{n:02d}" if 0 <= n < 10 else str(n)


def money(amount: int) -> str:
    """"15.500.000 đồng (mười lăm triệu năm trăm nghìn đồng)"."""
    return f"{format_vnd(amount)} ({amount_in_words(amount, capitalize=False)})"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _join(items: Sequence[str], last: str = " và ") -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + last + items[-1]


_NOUNS = {code: _lower_first(label) for code, label in BUSINESS_KIND_LABELS_VI.items()}
_NOUNS.update({"supermarket": "siêu thị", "isp": "doanh nghiệp cung cấp dịch vụ Internet"})


def _kind_noun(k: KindFigures) -> str:
    if k.business_kind and k.business_kind in _NOUNS:
        return _NOUNS[k.business_kind]
    return "cơ sở " + _lower_first(k.label)


def _targets(i: InspectionFigures, verb: str) -> str:
    """"đối với 09 cơ sở (03 siêu thị, 06 cửa hàng …)" or "tại Công ty …"."""
    parts = [f"{count(k.establishments_inspected)} {_kind_noun(k)}" for k in i.by_kind
             if k.establishments_inspected]
    if not parts:
        return ""
    if i.sole_establishment:
        return f" tại {i.sole_establishment}"
    if len(parts) == 1:
        return f" đối với {parts[0]}"
    return f" đối với {count(i.establishments)} cơ sở ({_join(parts)})"


def _seized_phrase(items: Sequence[SeizedFigures], field: str) -> str:
    phrases = []
    for s in items:
        n = getattr(s, field)
        if n:
            phrases.append(f"{count(n)} {s.unit} {_lower_first(s.kind)}")
    return _join(phrases)


_PAREN = re.compile(r"\s*\([^()]*\)\s*$")


def _act(description: str) -> str:
    """A provision's description as a clause: its first act (a clause that lists several acts
    separates them with ";"), lower-case, without a trailing remark."""
    first = description.split(";")[0]
    return _lower_first(_PAREN.sub("", first).strip().rstrip("."))


def _authority(t: Tally) -> str:
    """Who decided the sanctions counted: the tally says whether the department still had its
    own inspectorate at the period's end (dated caps), never a date written here."""
    return "Chánh Thanh tra Sở" if t.inspectorate else "Giám đốc Sở"


def _inspection_item(t: Tally, i: InspectionFigures) -> str:
    verb = "thanh tra" if i.mode == "thanh_tra" else "kiểm tra"
    lead = _upper_first(i.title.strip().rstrip("."))
    sentence = lead + _targets(i, verb)
    scope = i.scope.strip().rstrip(".")
    if scope:
        sentence += (" " if i.establishments else "; ") + scope
    when = f" (từ ngày {format_date(i.start_date)}"
    when += f" đến ngày {format_date(i.end_date)})" if i.end_date else ")"
    out = [sentence + when + "."]
    if i.participating_agencies.strip():
        out.append(f"Đoàn {verb} có sự tham gia của {i.participating_agencies.strip()}.")
    if i.with_violations:
        acts = "; ".join(_act(p.description) for p in i.provisions if p.description)
        found = (f"Qua {verb} đã phát hiện {count(i.with_violations)}/{count(i.establishments)} "
                 f"cơ sở có vi phạm với {count(i.violations)} hành vi")
        out.append(found + (f" ({acts})." if acts else "."))
    confiscated = _seized_phrase(i.seized, "confiscated")
    held = _seized_phrase(i.seized, "held")
    if confiscated:
        out.append(f"Đoàn {verb} đã lập biên bản và tịch thu {confiscated} vi phạm để xử lý "
                   "theo quy định.")
    if held:
        out.append(f"Đang tạm giữ {held} để xử lý theo quy định.")
    if i.decisions:
        text = (f"{_authority(t)} đã ra {count(i.decisions)} quyết định xử phạt vi phạm hành "
                "chính theo thẩm quyền")
        details = []
        if i.fines_imposed:
            details.append(f"bằng hình thức phạt tiền với tổng số tiền là {money(i.fines_imposed)}")
        if i.warnings:
            details.append(f"phạt cảnh cáo {count(i.warnings)} hành vi")
        out.append(text + (", " + "; ".join(details) if details else "") + ".")
    if i.reminded:
        if i.establishments == 1:
            out.append(f"Đoàn {verb} đã nhắc nhở và yêu cầu khắc phục một số tồn tại theo nội dung "
                       f"kết luận {verb}.")
        else:
            out.append(f"Đoàn {verb} đã nhắc nhở và yêu cầu khắc phục tồn tại đối với "
                       f"{count(i.reminded)} cơ sở.")
    if i.establishments and not i.with_violations and not i.reminded:
        out.append(f"Kết quả, các cơ sở được {verb} đều chấp hành tốt các quy định.")
    return " ".join(out)


def _complaints(h: Headline) -> str:
    if not (h.complaints or h.denunciations or h.petitions):
        return "Sở không nhận được đơn thư khiếu nại, tố cáo nào."
    parts = []
    if h.complaints:
        parts.append(f"{count(h.complaints)} đơn khiếu nại")
    if h.denunciations:
        parts.append(f"{count(h.denunciations)} đơn tố cáo")
    if h.petitions:
        parts.append(f"{count(h.petitions)} đơn kiến nghị, phản ánh")
    return f"Sở đã tiếp nhận {_join(parts)}."


def _activities(t: Tally) -> str:
    h = t.headline
    parts = []
    if h.inspections:
        parts.append(f"{count(h.inspections)} cuộc thanh tra")
    if h.checks:
        thematic = all(k.kind == "thematic" for k in t.by_kind if k.mode == "kiem_tra")
        parts.append(f"{count(h.checks)} cuộc kiểm tra" + (" theo chuyên đề" if thematic else ""))
    return ", ".join(parts)


def _breakdown(t: Tally) -> str:
    groups = []
    for mode, name in (("thanh_tra", "thanh tra"), ("kiem_tra", "kiểm tra")):
        kinds = [k for k in t.by_kind if k.mode == mode and k.count]
        if len(kinds) > 1 or (kinds and kinds[0].kind not in ("scheduled", "thematic")):
            groups.append(f"{name}: " + ", ".join(
                f"{count(k.count)} cuộc {_lower_first(k.kind_label)}" for k in kinds))
    return f" ({'; '.join(groups)})" if groups else ""


def _totals(t: Tally) -> list[str]:
    h = t.headline
    out = []
    if h.establishments_inspected:
        text = (f"Tổng hợp {t.period.label}, đã thanh tra, kiểm tra {count(h.establishments_inspected)}"
                f" cơ sở, trong đó {count(h.establishments_compliant)} cơ sở chấp hành tốt")
        if h.establishments_reminded:
            text += f", {count(h.establishments_reminded)} cơ sở bị nhắc nhở, yêu cầu khắc phục"
        if h.establishments_with_violations:
            text += (f", {count(h.establishments_with_violations)} cơ sở có vi phạm với "
                     f"{count(h.violations)} hành vi vi phạm")
        out.append(text + ".")
    if h.violation_records or h.decisions:
        text = (f"Đã lập {count(h.violation_records)} biên bản vi phạm hành chính, ban hành "
                f"{count(h.decisions)} quyết định xử phạt vi phạm hành chính")
        if h.warnings:
            text += f" (phạt cảnh cáo {count(h.warnings)} hành vi)"
        if h.fines_imposed:
            text += f"; tổng số tiền phạt là {money(h.fines_imposed)}"
            if h.fines_outstanding:
                text += (f", đã thu {money(h.fines_collected)}, còn phải thu "
                         f"{money(h.fines_outstanding)}")
            else:
                text += ", đã thu đủ vào ngân sách nhà nước"
        out.append(text + ".")
    confiscated = _seized_phrase(t.seized, "confiscated")
    destroyed = _seized_phrase(t.seized, "destroyed")
    returned = _seized_phrase(t.seized, "returned")
    if confiscated or destroyed or returned:
        bits = []
        if confiscated:
            bits.append(f"tịch thu {confiscated}")
        if destroyed:
            bits.append(f"tiêu hủy {destroyed}")
        if returned:
            bits.append(f"trả lại {returned}")
        out.append(_upper_first("; ".join(bits)) + ".")
    if h.remedial_ordered:
        out.append(f"Áp dụng {count(h.remedial_ordered)} biện pháp khắc phục hậu quả, đã thực hiện "
                   f"{count(h.remedial_done)} biện pháp.")
    if h.cases_transferred:
        out.append(f"Chuyển {count(h.cases_transferred)} vụ việc đến cơ quan có thẩm quyền xử "
                   "phạt.")
    return out


def _trend(now: int, before: int, what: str, fmt: str = "count") -> str:
    shown = (lambda v: format_vnd(v)) if fmt == "money" else count
    if now == before:
        return f"{what} bằng cùng kỳ ({shown(now)})"
    word = "tăng" if now > before else "giảm"
    return f"{what} {word} ({shown(now)} so với {shown(before)})"


def _comparison(t: Tally) -> str:
    h, p = t.headline, t.previous
    if p == Headline():
        return (f"Cơ sở dữ liệu chưa có số liệu {t.previous_period.label} để so sánh.")
    parts = [
        _trend(h.inspections + h.checks, p.inspections + p.checks,
               "số cuộc thanh tra, kiểm tra"),
        _trend(h.establishments_inspected, p.establishments_inspected,
               "số cơ sở được thanh tra, kiểm tra"),
        _trend(h.establishments_with_violations, p.establishments_with_violations,
               "số cơ sở có vi phạm"),
        _trend(h.fines_imposed, p.fines_imposed, "số tiền phạt", "money"),
    ]
    return f"So với {t.previous_period.label}: " + "; ".join(parts) + "."


def draft_report(t: Tally) -> ReportText:
    """The section's text: opening, one item per inspection or check, totals, comparison."""
    h = t.headline
    paras: list[Para] = [Para("Về công tác thanh tra, kiểm tra", "heading")]
    plan = f"Thực hiện Kế hoạch công tác {t.period.label}, " if t.period.is_year else \
        f"Trong thời gian {t.period.label}, "
    opening = f"Trong {t.period.label}, {_complaints(h)} "
    if h.inspections or h.checks:
        opening += (f"{plan}Thanh tra Sở đã tiến hành {_activities(t)}{_breakdown(t)}, với một số "
                    "kết quả cụ thể như sau:")
    else:
        opening += "Thanh tra Sở chưa tiến hành cuộc thanh tra, kiểm tra nào trong kỳ."
    paras.append(Para(opening))
    for i in t.inspections:
        paras.append(Para(_inspection_item(t, i), "item"))
    for sentence in _totals(t):
        paras.append(Para(sentence))
    paras.append(Para(_comparison(t)))
    return ReportText(
        title="BÁO CÁO",
        summary=f"Kết quả công tác thanh tra, kiểm tra {t.period.label}",
        paragraphs=tuple(paras))
