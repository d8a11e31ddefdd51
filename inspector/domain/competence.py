"""Sanctioning competence: may this title sign this decision on this date?

Why this module exists: a decision signed beyond the signer's competence is unlawful, and the
rules moved in 2025 (Chánh Thanh tra Sở abolished, Giám đốc Sở at 80 % of the field maximum)
and again with Decree 174/2026. The check is the one of legal.md §3.4 (Law Art 52; Decree
189/2025 Art 4):

* competence is judged **per violation**, against the **maximum of the bracket** for the
  subject (for an organisation, the organisation amount), and against every additional
  sanction and remedial measure of that violation;
* the case is within competence only if every violation is;
* otherwise the file is transferred: the engine walks the signer's escalation chain (from the
  data: e.g. inspector → Chánh Thanh tra Sở / Giám đốc Sở → Chủ tịch UBND tỉnh) and names the
  first title that holds every needed power on the decision date;
* a title that no longer exists on the decision date (Chánh Thanh tra Sở after 30/6/2025) is
  refused, and the successor is named.

The caps are matched by the **decision date** and the violation's **sector**: competence is
the signer's power when signing, whatever decree the violation falls under. Pure functions;
amounts are ints of đồng.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from inspector.domain.fines import (
    ChargedViolation,
    Subject,
    bracket_for,
    normalize_subject,
)
from inspector.domain.law import Catalog, LawError, Provision, SignerCap, format_citation
from inspector.domain.money import format_vnd
from inspector.domain.sectors import SECTOR_FIELD_VI
from inspector.domain.text import format_date

__all__ = [
    "CompetenceResult",
    "ViolationCompetence",
    "caps_on",
    "check_competence",
]

def _act(key: str) -> str:
    """How a reason names the violation to a user: "Hành vi tại khoản 1 Điều 27 Nghị định số
    159/2013/NĐ-CP" (the catalog key is never shown)."""
    try:
        return f"Hành vi tại {format_citation(key)}"
    except LawError:
        return "Hành vi (điều khoản chưa xác định)"


_KIND_VI = {
    "licence_withdrawal": "tước quyền sử dụng giấy phép",
    "suspension": "đình chỉ hoạt động",
    "confiscation": "tịch thu tang vật, phương tiện",
}


@dataclass(frozen=True)
class ViolationCompetence:
    """The verdict for one violation: the cap used, the bracket maximum, and why not."""

    key: str
    bracket_max: int
    cap: SignerCap | None
    within: bool
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class CompetenceResult:
    """The verdict for a case.

    ``competent_title`` is the title code to transfer the file to when ``within`` is False
    (None when no catalogued title can sign it). ``warnings`` lists what could not be
    verified: unconfirmed caps or powers, confiscation of unknown value.
    """

    within: bool
    reasons: tuple[str, ...]
    competent_title: str | None
    violations: tuple[ViolationCompetence, ...]
    warnings: tuple[str, ...] = ()
    #: The department of ``competent_title`` when the file goes to the same title in another
    #: department (a Sở KH&CN case on a bookshop since 01/7/2025: the Sở VHTTDL's Director).
    competent_agency: str | None = None


def caps_on(
    catalog: Catalog, title_code: str, on: date, sector: str, agency: str | None = None
) -> tuple[SignerCap, ...]:
    """The cap records of a title valid on ``on`` for ``sector`` (optionally one agency)."""
    return tuple(
        cap
        for cap in catalog.caps_for(title_code)
        if cap.valid_on(on) and sector in cap.sectors and (agency is None or cap.agency == agency)
    )


def _pick(caps: Sequence[SignerCap], subject: Subject) -> SignerCap | None:
    # Two records can match only where two departments share a field (game points from
    # 01/7/2026: Sở KH&CN and Sở VHTTDL); they carry the same amounts, take the larger.
    if not caps:
        return None
    return max(caps, key=lambda c: (c.max_for(subject), c.valid_from))


def _judge(
    catalog: Catalog,
    title_code: str,
    on: date,
    subject: Subject,
    violation: ChargedViolation,
    agency: str | None,
) -> tuple[ViolationCompetence, list[str]]:
    provision: Provision = catalog.provision(violation.key)
    bracket = bracket_for(provision, subject, violation.copies,
                          multiple=catalog.organization_multiple)
    cap = _pick(caps_on(catalog, title_code, on, provision.sector, agency), subject)
    reasons: list[str] = []
    warnings: list[str] = []
    if cap is None:
        reasons.append(
            f"{_act(violation.key)}: chức danh đã chọn không có thẩm quyền xử phạt trong lĩnh "
            f"vực {SECTOR_FIELD_VI.get(provision.sector, provision.sector)} vào ngày "
            f"{format_date(on)}"
        )
        return ViolationCompetence(bracket.key, bracket.maximum, None, False, tuple(reasons)), []
    limit = cap.max_for(subject)
    if bracket.maximum > limit:
        who = "tổ chức" if subject == "organization" else "cá nhân"
        reasons.append(
            f"{_act(bracket.key)}: mức tối đa của khung đối với {who} là {format_vnd(bracket.maximum)}, "
            f"vượt thẩm quyền phạt tiền {format_vnd(limit)} của {cap.display_title()}"
        )
    for applied in violation.additional:
        held = {
            "licence_withdrawal": cap.licence_withdrawal,
            "suspension": cap.suspension,
            "confiscation": cap.confiscation,
        }.get(applied.kind, False)
        if not held:
            reasons.append(
                f"{_act(bracket.key)}: {cap.display_title()} không có quyền áp dụng "
                f"{_KIND_VI.get(applied.kind, applied.kind)}"
            )
        elif applied.kind == "confiscation" and cap.confiscation_max_value is not None:
            if applied.value is None:
                warnings.append(
                    f"{bracket.key}: chưa xác định giá trị tang vật; thẩm quyền tịch thu của "
                    f"{cap.display_title()} đến {format_vnd(cap.confiscation_max_value)}"
                )
            elif applied.value > cap.confiscation_max_value:
                reasons.append(
                    f"{_act(bracket.key)}: giá trị tang vật {format_vnd(applied.value)} vượt thẩm quyền "
                    f"tịch thu {format_vnd(cap.confiscation_max_value)} của {cap.display_title()}"
                )
    for code in violation.remedial:
        if not cap.allows_remedial(code):
            reasons.append(
                f"{_act(bracket.key)}: {cap.display_title()} không có quyền áp dụng biện pháp "
                f"khắc phục “{_remedial_text(provision, code)}”"
            )
    applied_kinds = {x.kind for x in violation.additional}
    unsure = [
        _KIND_VI.get(a.kind, a.kind)
        for a in provision.additional_sanctions
        if not a.confirmed and a.kind in applied_kinds
    ]
    unsure += [
        m.text
        for m in provision.remedial_measures
        if not m.confirmed and m.code in violation.remedial
    ]
    if unsure:
        warnings.append(
            f"{bracket.key}: việc điều khoản cho phép áp dụng {'; '.join(unsure)} chưa được xác nhận"
        )
    if not cap.confirmed:
        fields = ", ".join(cap.unconfirmed_fields)
        warnings.append(
            f"{bracket.key}: thẩm quyền của {cap.display_title()} chưa được xác nhận ({fields}); "
            f"nguồn: {cap.source}"
        )
    if not bracket.confirmed:
        warnings.append(f"{bracket.key}: khung hoặc nội dung điều khoản chưa được xác nhận")
    verdict = ViolationCompetence(bracket.key, bracket.maximum, cap, not reasons, tuple(reasons))
    return verdict, warnings


def _remedial_text(provision: Provision, code: str) -> str:
    return next((m.text for m in provision.remedial_measures if m.code == code), code)


def _abolished(catalog: Catalog, title_code: str, on: date) -> SignerCap | None:
    """The last record of a title that ended before ``on`` and has no record valid then."""
    caps = catalog.caps_for(title_code)
    if any(c.valid_on(on) for c in caps):
        return None
    ended = [c for c in caps if c.valid_until is not None and c.valid_until < on]
    if ended and not any(c.valid_from > on for c in caps):
        return max(ended, key=lambda c: c.valid_until or date.min)
    return None


def _evaluate(
    catalog: Catalog,
    title_code: str,
    on: date,
    subject: Subject,
    violations: Sequence[ChargedViolation],
    agency: str | None,
) -> tuple[tuple[ViolationCompetence, ...], tuple[str, ...]]:
    verdicts: list[ViolationCompetence] = []
    warnings: list[str] = []
    for violation in violations:
        verdict, notes = _judge(catalog, title_code, on, subject, violation, agency)
        verdicts.append(verdict)
        warnings.extend(notes)
    return tuple(verdicts), tuple(dict.fromkeys(warnings))


def _escalation(catalog: Catalog, title_code: str) -> tuple[str, ...]:
    chain: list[str] = []
    for cap in catalog.caps_for(title_code):
        chain.extend(t for t in cap.escalate_to if t not in chain)
    return tuple(chain)


def _below(catalog: Catalog, title_code: str) -> tuple[str, ...]:
    """The titles that escalate to ``title_code``, nearest first (by its place in their chain)."""
    ranked: dict[str, int] = {}
    for cap in catalog.signer_caps:
        if cap.title_code != title_code and title_code in cap.escalate_to:
            place = cap.escalate_to.index(title_code)
            ranked[cap.title_code] = min(place, ranked.get(cap.title_code, place))
    return tuple(sorted(ranked, key=lambda t: (ranked[t], t)))


def _competent(
    catalog: Catalog,
    title_code: str,
    on: date,
    subject: Subject,
    violations: Sequence[ChargedViolation],
    agency: str | None = None,
) -> tuple[str, str | None] | None:
    """The title (and, for the signer's own title, the other department) the file goes to:
    the nearest competent title below the signer (the Director in 2015 held no sanctioning
    power; the Chief Inspector under him did), else the same title in the department that
    holds the field (the Director of Sở VHTTDL for a bookshop found by Sở KH&CN after
    01/7/2025), else the first competent title of the signer's escalation chain. A competent
    lower or equal title is never passed over for a higher one (Law Art 52(3): the file goes to
    the competent person)."""
    for candidate in _below(catalog, title_code):
        verdicts, _ = _evaluate(catalog, candidate, on, subject, violations, None)
        if verdicts and all(v.within for v in verdicts):
            return candidate, None
    if agency is not None:
        others = sorted({c.agency for c in catalog.caps_for(title_code)
                         if c.valid_on(on) and c.agency != agency})
        for other in others:
            verdicts, _ = _evaluate(catalog, title_code, on, subject, violations, other)
            if verdicts and all(v.within for v in verdicts):
                return title_code, other
    for candidate in _escalation(catalog, title_code):
        verdicts, _ = _evaluate(catalog, candidate, on, subject, violations, None)
        if verdicts and all(v.within for v in verdicts):
            return candidate, None
    return None


def recipient_title(
    catalog: Catalog,
    result: CompetenceResult,
    on: date,
    sectors: Sequence[str],
    place_name: str = "",
) -> str | None:
    """How the competent person of ``result`` is named, on a transfer letter and in the review:
    the title of the record that holds the case's field on ``on`` (its department inserted),
    with the province where the title names a provincial body ("Chủ tịch Ủy ban nhân dân tỉnh
    Cao Bằng", "Giám đốc Sở Văn hóa, Thể thao và Du lịch tỉnh Cao Bằng")."""
    title = result.competent_title
    if title is None:
        return None
    caps = [c for c in catalog.caps_for(title)
            if c.valid_on(on) and all(sec in c.sectors for sec in sectors)
            and (result.competent_agency is None or c.agency == result.competent_agency)]
    caps = caps or [c for c in catalog.caps_for(title) if c.valid_on(on)] \
        or list(catalog.caps_for(title))
    if not caps:
        return None
    cap = caps[0]
    text = cap.display_title(result.competent_agency or cap.agency)
    place = place_name.strip()
    if place and not text.endswith(place):
        if cap.agency == "tỉnh" and text.endswith("tỉnh"):
            text = f"{text} {place}"
        elif "Sở " in text and "{agency}" in cap.title and cap.agency not in ("tỉnh", "cấp xã",
                                                                               "cấp huyện"):
            text = f"{text} tỉnh {place}"
    return text


def check_competence(
    catalog: Catalog,
    signer_title_code: str,
    on_date: date,
    subject: str,
    violations: Sequence[ChargedViolation],
    agency: str | None = None,
) -> CompetenceResult:
    """Whether ``signer_title_code`` may sign a decision on ``on_date`` for these violations.

    Args:
        catalog: the reference data.
        signer_title_code: e.g. ``director_department``, ``chief_inspector_department``.
        on_date: the decision date (competence is the power held when signing).
        subject: ``individual``, ``household_business`` or ``organization``.
        violations: the violations of the case (fine amounts are not needed: competence is
            judged on the maximum of each bracket, Law Art 52 and legal.md §3.4).
        agency: restrict to one department's records (``Khoa học và Công nghệ``) when two
            departments share a field; by default any matching record is used.

    Raises:
        LawError: ``unknown_title`` for a title code not in the data; ``no_violations`` for an
            empty case; the errors of :func:`bracket_for` for a bad key or copy count.
    """
    who = normalize_subject(subject)
    if not catalog.caps_for(signer_title_code):
        raise LawError(f"Không có chức danh {signer_title_code!r} trong danh mục", "unknown_title")
    if not violations:
        raise LawError("Vụ việc chưa có hành vi vi phạm nào", "no_violations")
    gone = _abolished(catalog, signer_title_code, on_date)
    if gone is not None:
        assert gone.valid_until is not None
        found = _competent(catalog, signer_title_code, on_date, who, violations)
        reason = (
            f"Chức danh {gone.display_title()} không còn thẩm quyền xử phạt từ ngày "
            f"{format_date(gone.valid_until + timedelta(days=1))} "
            f"(ngày quyết định {format_date(on_date)})"
        )
        return CompetenceResult(False, (reason,), found[0] if found else None, (),
                                competent_agency=found[1] if found else None)
    verdicts, warnings = _evaluate(catalog, signer_title_code, on_date, who, violations, agency)
    reasons = tuple(r for v in verdicts for r in v.reasons)
    if not reasons:
        return CompetenceResult(True, (), None, verdicts, warnings)
    found = _competent(catalog, signer_title_code, on_date, who, violations, agency)
    if found is None:
        reasons += (
            "Không có chức danh nào trong chuỗi chuyển hồ sơ của danh mục đủ thẩm quyền; "
            "chuyển cơ quan cấp trên theo quy định",
        )
    return CompetenceResult(False, reasons, found[0] if found else None, verdicts, warnings,
                            competent_agency=found[1] if found else None)


#: The title of the head of a department's own inspectorate (Chánh Thanh tra Sở).
DEPARTMENT_CHIEF_INSPECTOR = "chief_inspector_department"


def department_inspectorate_on(catalog: Catalog, on: date) -> bool:
    """Whether a department still had its own inspectorate, headed by the Chánh Thanh tra Sở,
    on ``on``: a cap of that title is valid that day in the dated caps (they end on
    30/6/2025, when Law 88/2025 abolished the title and the Giám đốc Sở took over). The one
    place the report heading and the drafted report ask which authority they speak for."""
    return any(c.valid_on(on) for c in catalog.caps_for(DEPARTMENT_CHIEF_INSPECTOR))
