"""One legal question, one computation: a case assessed on a date for a signer.

Why this module exists (issue 9 §4): the visit form's law panel, ``case show``, the decision
review and ``fine quote`` each computed the reference date, the limitation and the competence,
and disagreed (a 174/2026 Art 53(2)(a) violation has its own two-year limitation; one caller
applied it, another did not). Every caller now asks :func:`assess_case` and shows its answer:

* per violation: the provision in force on the reference date (ended, or discovered when the
  violation was ongoing — Decree 118/2021 Art 8), the bracket for the subject (a household
  business as an individual), the quantity tier to cite, the fine the circumstances give,
  the limitation period (the provision's own period, else the sector's; Law Art 6) and its
  last day;
* for the case: the earliest limitation, the competence of the signer on the decision date
  (Law Art 52; the file's transfer target), the procedure deadlines (Law Art 66) and what
  blocks a decision on that date.

Pure functions: the catalog, rules and calendar are arguments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from inspector.domain.calendar import WorkingCalendar
from inspector.domain.competence import CompetenceResult, check_competence
from inspector.domain.deadlines import (
    Deadlines,
    ProcedureRules,
    RuleNotInForceError,
    circumstance_rule,
    compute_deadlines,
    limitation_years_for,
)
from inspector.domain.fines import (
    Bracket,
    ChargedViolation,
    Quote,
    Subject,
    bracket_for,
    normalize_subject,
    provision_in_force,
    quote_fine,
)
from inspector.domain.law import Catalog, LawError, Provision
from inspector.domain.text import format_date

__all__ = [
    "Assessment",
    "Blocker",
    "ViolationFacts",
    "ViolationLaw",
    "assess_case",
    "limitation_years_of",
    "subject_of_owner",
]


def subject_of_owner(owner_kind: str | None) -> Subject:
    """How the owner of an establishment is sanctioned: a household business (``household``)
    as an individual — Decree 174/2026 Art 2(2) does not list it among organisations
    (legal.md §1.4). The one place that says so; every layer asks it."""
    return "organization" if owner_kind in ("organization", "organisation") else (
        normalize_subject(owner_kind) if owner_kind else "individual")


@dataclass(frozen=True)
class ViolationFacts:
    """One violation as the case states it: what was charged and when it ended (or, for an
    ongoing violation, when it was discovered)."""

    charged: ChargedViolation
    ended_on: date | None
    discovered_on: date | None = None
    ongoing: bool = False

    @property
    def reference_date(self) -> date | None:
        """The day that selects the decree and starts the limitation (Law Art 6(1)(b))."""
        return self.discovered_on if self.ongoing else self.ended_on


@dataclass(frozen=True)
class ViolationLaw:
    """The law as it applies to one violation."""

    entered_key: str
    key: str
    provision: Provision
    reference_date: date | None
    bracket: Bracket
    quote: Quote | None
    limitation_years: int
    limitation_due: date | None
    limitation_basis: str


@dataclass(frozen=True)
class Blocker:
    """Something that forbids a decision on the date, with the article it rests on."""

    name: str
    message: str
    basis: str


@dataclass(frozen=True)
class Assessment:
    """A case on a decision date for a signer; ``blockers`` is empty when the law allows it."""

    on: date
    subject: Subject
    violations: tuple[ViolationLaw, ...]
    limitation_due: date | None
    limitation_basis: str
    competence: CompetenceResult | None
    deadlines: Deadlines | None
    blockers: tuple[Blocker, ...]
    problems: tuple[str, ...] = ()

    @property
    def limitation_passed(self) -> bool:
        return self.limitation_due is not None and self.on > self.limitation_due


def limitation_years_of(provision: Provision, sector: str | None, on: date,
                        rules: ProcedureRules) -> tuple[int, str]:
    """The limitation period of one violation and its basis: a dated provision rule
    (``limitation_years_by_provision``, e.g. 174/2026 Art 53(2)(a): two years, Art 4(5)),
    else the provision's own period in the catalog, else the sector's (Law Art 6(1)(a))."""
    try:
        general = limitation_years_for(sector or provision.sector, on, rules, provision.key)
    except (RuleNotInForceError, ValueError):
        general = None
    if general is not None and general.rule == "limitation_years_by_provision":
        return general.value, general.basis
    if provision.limitation_years:
        basis = general.basis if general is not None else "Luật XLVPHC Điều 6 khoản 1 điểm a"
        if general is None or general.value != provision.limitation_years:
            basis += "; thời hiệu theo điều khoản vi phạm"
        return provision.limitation_years, basis
    if general is None:
        raise LawError(f"Không xác định được thời hiệu cho {provision.key} vào ngày "
                       f"{format_date(on)}", "limitation_unknown")
    return general.value, general.basis


def _violation(catalog: Catalog, rules: ProcedureRules, calendar: WorkingCalendar,
               subject: Subject, sector: str | None, facts: ViolationFacts, on: date,
               mitigating: int, aggravating: int) -> ViolationLaw:
    charged = facts.charged
    reference = facts.reference_date
    provision = (provision_in_force(catalog, charged.key, reference) if reference
                 else catalog.provision(charged.key))
    copies = charged.copies if provision.tiers else None
    bracket = bracket_for(provision, subject, copies, multiple=catalog.organization_multiple)
    if bracket.key != provision.key and catalog.has_provision(bracket.key):
        provision = (provision_in_force(catalog, bracket.key, reference) if reference
                     else catalog.provision(bracket.key))
    quote = (quote_fine(bracket, mitigating, aggravating,
                        rule=circumstance_rule(rules, reference or on))
             if bracket.fine_allowed else None)
    years, basis = limitation_years_of(provision, sector, reference or on, rules)
    due = None
    if reference is not None:
        due = compute_deadlines(
            violation_ended=None if facts.ongoing else reference,
            discovered_on=reference if facts.ongoing else None, ongoing=facts.ongoing,
            record_date=None, decision_date=None, sector=sector, subject=subject,
            limitation_years=years, calendar=calendar, rules=rules)["limitation"].due
    return ViolationLaw(charged.key, bracket.key, provision, reference, bracket, quote, years,
                        due, basis)


def assess_case(
    catalog: Catalog,
    rules: ProcedureRules,
    calendar: WorkingCalendar,
    *,
    subject: str,
    sector: str | None,
    violations: Sequence[ViolationFacts],
    on: date,
    signer_title: str | None = None,
    agency: str | None = None,
    record_date: date | None = None,
    transferred: bool = False,
    explanation: bool = False,
    complex_case: bool = False,
    mitigating: int = 0,
    aggravating: int = 0,
) -> Assessment:
    """Assess a case for a decision dated ``on`` signed by ``signer_title`` (optional).

    A violation whose provision cannot be applied (unknown key, not in force on its date, a
    copy count on no tier) is reported in ``problems`` and left out of the figures; the
    competence and deadlines are those of the violations that can be applied.
    """
    who = normalize_subject(subject)
    pairs: list[tuple[ViolationFacts, ViolationLaw]] = []
    problems: list[str] = []
    for facts in violations:
        try:
            pairs.append((facts, _violation(catalog, rules, calendar, who, sector, facts, on,
                                            mitigating, aggravating)))
        except LawError as exc:
            problems.append(exc.reason)
    laws = tuple(law for _, law in pairs)
    blockers: list[Blocker] = [Blocker("violations", p, "Luật XLVPHC Điều 23, 68")
                               for p in problems]
    dated = [(f, v) for f, v in pairs if v.limitation_due is not None]
    first = min(dated, key=lambda p: p[1].limitation_due or date.max) if dated else None
    limitation_due = first[1].limitation_due if first else None
    limitation_basis = first[1].limitation_basis if first else ""
    if limitation_due is not None and on > limitation_due:
        blockers.append(Blocker(
            "limitation", f"đã hết thời hiệu xử phạt từ sau ngày {format_date(limitation_due)} "
            "(chỉ áp dụng biện pháp khắc phục hậu quả, Điều 65)", limitation_basis))
    competence = None
    if signer_title and pairs:
        charged = [replace(f.charged, key=v.key) for f, v in pairs]
        try:
            competence = check_competence(catalog, signer_title, on, who, charged, agency=agency)
            if not competence.within:
                blockers.append(Blocker("competence", "; ".join(competence.reasons),
                                        "Luật XLVPHC Điều 52"))
        except LawError as exc:
            blockers.append(Blocker("competence", exc.reason, "Luật XLVPHC Điều 52"))
    deadlines = None
    if first is not None:
        facts, law = first
        deadlines = compute_deadlines(
            violation_ended=None if facts.ongoing else law.reference_date,
            discovered_on=law.reference_date if facts.ongoing else None, ongoing=facts.ongoing,
            record_date=record_date, decision_date=on, sector=sector, subject=who,
            transferred=transferred, explanation=explanation, complex_case=complex_case,
            limitation_years=law.limitation_years, calendar=calendar, rules=rules)
        if record_date is not None:
            dd = deadlines["decision_deadline"]
            if dd.allowed is False:
                blockers.append(Blocker("decision_deadline", dd.note, dd.basis))
    return Assessment(on, who, laws, limitation_due, limitation_basis, competence,
                      deadlines, tuple(blockers), tuple(problems))
