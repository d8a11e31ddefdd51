"""The law as the app applies it: the catalog, calendar and procedure rules read from the
database, the sanction engine's answers for the GUI and the CLI, and administrator edits.

The reference tables are the source of truth at run time (an administrator may have added or
end-dated rows); they are read into the domain's frozen objects and cached per database until
any reference table changes (a cheap stamp query checks that on every use).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector.domain.assessment import Assessment, ViolationFacts, assess_case
from inspector.domain.calendar import HolidayRow, WorkingCalendar, calendar_from_rows
from inspector.domain.chronology import (
    ChronologyError,
    ChronologyRules,
    check_case_dates,
    check_register_order,
    check_violation_dates,
    rules_from_procedure,
)
from inspector.domain.competence import CompetenceResult, check_competence, recipient_title
from inspector.domain.deadlines import (
    Deadlines,
    ProcedureRules,
    circumstance_rule,
    compute_deadlines,
    rules_from_records,
)
from inspector.domain.fines import (
    Bracket,
    ChargedViolation,
    Quote,
    applicable_instrument,
    bracket_for,
    provision_in_force,
    quote_fine,
)
from inspector.domain.law import (
    Catalog,
    Circumstance,
    Instrument,
    LawError,
    Provision,
    SignerCap,
    format_citation,
    parse_provision_key,
)
from inspector.domain.money import amount_in_words
from inspector.domain.roles import Permission
from inspector.services import clock
from inspector.services.actor import Actor
from inspector.services.errors import NotFound, ValidationError
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.reference import (
    RefCircumstance,
    RefHoliday,
    RefInstrument,
    RefProcedureRule,
    RefProvision,
    RefSignerCap,
)

log = logging.getLogger(__name__)

_TABLES = (RefInstrument, RefProvision, RefSignerCap, RefCircumstance, RefHoliday,
           RefProcedureRule)


@dataclass(frozen=True)
class LawData:
    catalog: Catalog
    calendar: WorkingCalendar
    rules: ProcedureRules


_cache: dict[int, tuple[tuple[Any, ...], LawData]] = {}
_lock = threading.Lock()


def _stamp(session: Session) -> tuple[Any, ...]:
    out: list[Any] = []
    for model in _TABLES:
        out.extend(session.execute(
            select(func.count(), func.max(model.updated_at))).one())
    return tuple(out)


def _build(session: Session) -> LawData:
    try:
        catalog = Catalog(
            instruments=tuple(Instrument.from_dict(r.data) for r in session.scalars(
                select(RefInstrument))),
            provisions=tuple(Provision.from_dict(r.data) for r in session.scalars(
                select(RefProvision))),
            signer_caps=tuple(SignerCap.from_dict(r.data) for r in session.scalars(
                select(RefSignerCap))),
            circumstances=tuple(Circumstance.from_dict(r.data) for r in session.scalars(
                select(RefCircumstance))),
        )
        holidays = [HolidayRow(r.day, r.data.get("name", ""), r.kind, r.confirmed,
                               r.data.get("source", ""), r.data.get("note", ""))
                    for r in session.scalars(select(RefHoliday))]
        rules = rules_from_records(r.data for r in session.scalars(select(RefProcedureRule)))
    except (ValueError, KeyError, TypeError) as exc:
        raise ValidationError(
            f"Dữ liệu danh mục pháp luật trong cơ sở dữ liệu không hợp lệ: {exc}",
            f"the reference data in the database is invalid: {exc}") from exc
    return LawData(catalog, calendar_from_rows(holidays), rules)


def law_data(db: Database) -> LawData:
    """The catalog, calendar and rules as stored now (cached until a reference row changes)."""
    with UnitOfWork(db, None) as uow:
        stamp = _stamp(uow.session)
        with _lock:
            cached = _cache.get(id(db))
            if cached is not None and cached[0] == stamp:
                return cached[1]
        data = _build(uow.session)
    with _lock:
        _cache[id(db)] = (stamp, data)
    return data


def _law_error(exc: LawError) -> ValidationError:
    return ValidationError(exc.reason, f"{exc.reason} [{exc.code}]")


# --- the engine, for the GUI and the CLI ----------------------------------------------------

@dataclass(frozen=True)
class FineQuote:
    """Everything the violation form and ``inspector fine quote`` show for one provision."""

    provision: Provision
    instrument: Instrument
    on: date
    bracket: Bracket
    quote: Quote | None
    within_competence: bool | None
    competent_signer: str | None
    competence_reasons: tuple[str, ...]
    competent_title_text: str | None = None
    citation: str | None = None
    limitation_years: int | None = None
    limitation_due: date | None = None

    @property
    def confirmed(self) -> bool:
        return self.provision.confirmed and self.bracket.confirmed

    def to_json(self) -> dict[str, Any]:
        q = self.quote
        return {
            "provision": self.bracket.key,
            "citation": self.citation,
            "description": self.provision.description,
            "instrument": self.instrument.number,
            "on": self.on.isoformat(),
            "subject": self.bracket.subject,
            "sanction_kind": self.bracket.sanction_kind,
            "printed_min": self.bracket.printed_min,
            "printed_max": self.bracket.printed_max,
            "printed_party": self.bracket.printed_party,
            "bracket_min": self.bracket.minimum,
            "bracket_max": self.bracket.maximum,
            "default_amount": q.default if q else 0,
            "allowed_min": q.allowed_min if q else 0,
            "allowed_max": q.allowed_max if q else 0,
            "needs_reason": q.needs_reason if q else False,
            "rule": q.rule if q else "cảnh cáo",
            "rule_basis": q.basis if q else None,
            "rule_confirmed": q.confirmed if q else None,
            "default_in_words": amount_in_words(q.default) if q else None,
            "confirmed": self.confirmed,
            "source": self.provision.source,
            "within_competence": self.within_competence,
            "competent_signer": self.competent_signer,
            "competent_signer_title": self.competent_title_text,
            "competence_reasons": list(self.competence_reasons),
            "limitation_years": self.limitation_years,
            "limitation_due": self.limitation_due.isoformat() if self.limitation_due else None,
        }


def quote(db: Database, actor: Actor, key: str, subject: str, on: date, mitigating: int = 0,
          aggravating: int = 0, copies: int | None = None,
          signer: str | None = None) -> FineQuote:
    """The bracket, default fine and allowed range for one provision, and the competence."""
    actor.require(Permission.VIEW)
    if mitigating < 0 or aggravating < 0:
        raise ValidationError("Số tình tiết không được âm.", "circumstance counts must be >= 0")
    if copies is not None and copies < 0:
        raise ValidationError("Số bản không được âm.", "the number of copies must be >= 0")
    law = law_data(db)
    _check_counts(law.catalog, mitigating, aggravating)
    try:
        provision = provision_in_force(law.catalog, key, on)
        instrument = law.catalog.instrument(provision.instrument)
        if copies is not None and not provision.tiers:
            raise ValidationError(
                f"Điều khoản {provision.key} không chia khung theo số bản; bỏ tùy chọn số bản.",
                f"--copies: {provision.key} has no quantity tiers")
        bracket = bracket_for(provision, subject, copies,
                              multiple=law.catalog.organization_multiple)
        fine = (quote_fine(bracket, mitigating, aggravating,
                           rule=circumstance_rule(law.rules, on))
                if bracket.fine_allowed else None)
        within: bool | None = None
        competent: str | None = None
        reasons: tuple[str, ...] = ()
        if signer:
            _require_title_on(law.catalog, signer, on)
        # The same computation as the review and the case file (issue 9 §4).
        # The signer's own department, as for a decision (two departments share the
        # Director's title code): the quote and the review give one answer.
        from inspector.services.agency import get_agency

        department = signer_agency(law.catalog, signer, get_agency(db, actor).agency_name) \
            if signer else None
        assessed = assess_case(
            law.catalog, law.rules, law.calendar, subject=subject, sector=provision.sector,
            violations=[ViolationFacts(ChargedViolation(bracket.key, copies=copies), on)],
            on=on, signer_title=signer or None, mitigating=mitigating, aggravating=aggravating,
            agency=department)
        result = assessed.competence
        if result is not None:
            within, competent, reasons = result.within, result.competent_title, tuple(result.reasons)
        title_text = recipient_title(law.catalog, result, on, [provision.sector]) \
            if result is not None else None
        citation = _citation(law.catalog, bracket.key, on)
    except LawError as exc:
        raise _law_error(exc) from exc
    own = assessed.violations[0] if assessed.violations else None
    return FineQuote(provision, instrument, on, bracket, fine, within, competent, reasons,
                     title_text, citation, own.limitation_years if own else None,
                     own.limitation_due if own else None)


def _citation(catalog: Catalog, key: str, on: date) -> str | None:
    """The citation of the provision a bracket rests on (a quantity tier's own point and
    clause: 50 copies under 119/2020 Art 29 cite 29.2.a, not 29.1.a), naming the amending
    decrees in force on the violation's date ``on``."""
    if catalog.has_provision(key):
        cited = catalog.provision(key)
        return catalog.citation(key, on) if cited.article_known else None
    parsed = parse_provision_key(key)
    return format_citation(parsed) if parsed.article_known else None


def _check_counts(catalog: Catalog, mitigating: int, aggravating: int) -> None:
    """No more circumstances than the law lists (Law Art 9: mitigating; Art 10: aggravating)."""
    for kind, count, article in (("mitigating", mitigating, "Điều 9"),
                                 ("aggravating", aggravating, "Điều 10")):
        listed = sum(1 for c in catalog.circumstances if c.kind == kind)
        if count > listed:
            what = "giảm nhẹ" if kind == "mitigating" else "tăng nặng"
            raise ValidationError(
                f"Luật XLVPHC {article} chỉ quy định {listed} tình tiết {what}; "
                f"không thể có {count}.",
                f"--{kind}: the law lists {listed} {kind} circumstances (Law {article}), "
                f"not {count}")


def titles_on(catalog: Catalog, on: date) -> tuple[str, ...]:
    """The title codes that hold sanctioning power on a date (any sector)."""
    return tuple(t for t in catalog.title_codes()
                 if any(c.valid_on(on) for c in catalog.caps_for(t)))


def _require_title_on(catalog: Catalog, title_code: str, on: date) -> None:
    if not catalog.caps_for(title_code):
        raise LawError(f"Không có chức danh {title_code!r} trong danh mục", "unknown_title")
    if not any(c.valid_on(on) for c in catalog.caps_for(title_code)):
        known = ", ".join(titles_on(catalog, on))
        raise ValidationError(
            f"Chức danh {title_code} không có thẩm quyền xử phạt vào ngày {on:%d/%m/%Y}; "
            f"các chức danh có thẩm quyền ngày đó: {known}.",
            f"--signer: title {title_code} does not exist on {on.isoformat()}; "
            f"titles on that date: {known}", field="signer")


def department_of(agency_name: str) -> str:
    """"Khoa học và Công nghệ" from "Sở Khoa học và Công nghệ" (how the caps name departments)."""
    name = agency_name.strip()
    return name[3:].strip() if name.casefold().startswith("sở ") else name


def signer_agency(catalog: Catalog, title_code: str, agency_name: str) -> str | None:
    """The department whose caps a signer uses: the agency's own when the title has records
    for it (Giám đốc Sở KH&CN and Sở VHTTDL share a title code), else any."""
    department = department_of(agency_name) if agency_name else ""
    own = department and any(c.agency == department for c in catalog.caps_for(title_code))
    return department if own else None


def assess(db: Database, actor: Actor, *, subject: str, sector: str | None,
           violations: Sequence[ViolationFacts], on: date, signer_title: str | None = None,
           agency_name: str = "", **procedure: Any) -> Assessment:
    """:func:`inspector.domain.assessment.assess_case` with the law stored in the database:
    the one answer the visit form, ``case show``, the review and ``fine quote`` show."""
    actor.require(Permission.VIEW)
    law = law_data(db)
    agency = signer_agency(law.catalog, signer_title, agency_name) if signer_title else None
    try:
        return assess_case(law.catalog, law.rules, law.calendar, subject=subject, sector=sector,
                           violations=violations, on=on, signer_title=signer_title,
                           agency=agency, **procedure)
    except LawError as exc:
        raise _law_error(exc) from exc
    except ValueError as exc:
        raise ValidationError(str(exc), str(exc)) from exc


def competence(db: Database, actor: Actor, signer: str, on: date, subject: str,
               violations: list[ChargedViolation]) -> CompetenceResult:
    actor.require(Permission.VIEW)
    try:
        return check_competence(law_data(db).catalog, signer, on, subject, violations)
    except LawError as exc:
        raise _law_error(exc) from exc


def deadlines(db: Database, actor: Actor, **kwargs: Any) -> Deadlines:
    """``compute_deadlines`` with the calendar and rules stored in the database."""
    actor.require(Permission.VIEW)
    law = law_data(db)
    try:
        return compute_deadlines(calendar=law.calendar, rules=law.rules, **kwargs)
    except LawError as exc:
        raise _law_error(exc) from exc
    except ValueError as exc:
        raise ValidationError(str(exc), str(exc)) from exc


def check_deadline_dates(db: Database, **kwargs: Any) -> None:
    """The dates given to the deadline calculator (``inspector deadlines``) are in legal order
    (ended ≤ discovered ≤ record ≤ decision ≤ delivery, Law Arts 58, 66, 70) and in the window
    the law can mean; planned dates may lie in the future."""
    rules = chronology_rules(db)
    ended, discovered = kwargs.get("violation_ended"), kwargs.get("discovered_on")
    named = [ended, discovered, kwargs.get("record_date"), kwargs.get("decision_date"),
             kwargs.get("delivered_on")]
    given = [d for d in named if isinstance(d, date)]
    if not given:
        return
    horizon = max(given)
    try:
        check_violation_dates(ended, discovered, horizon, rules)
        start = ended if ended is not None else discovered
        check_case_dates(horizon, rules, violations=[start] if start else [],
                         record=kwargs.get("record_date"), decision=kwargs.get("decision_date"),
                         delivery=kwargs.get("delivered_on"))
    except ChronologyError as exc:
        raise ValidationError(exc.message, f"{exc.code}: {exc.message}", field=exc.field) from exc


def instrument_for(db: Database, actor: Actor, sector: str, ended_on: date | None = None,
                   discovered_on: date | None = None) -> Instrument:
    actor.require(Permission.VIEW)
    try:
        return applicable_instrument(law_data(db).catalog, sector, ended_on=ended_on,
                                     discovered_on=discovered_on)
    except LawError as exc:
        raise _law_error(exc) from exc


def provisions_in_force(db: Database, actor: Actor, on: date,
                        sector: str | None = None) -> list[Provision]:
    actor.require(Permission.VIEW)
    catalog = law_data(db).catalog
    sectors = [sector] if sector else sorted({p.sector for p in catalog.provisions})
    out: list[Provision] = []
    for s in sectors:
        out.extend(catalog.provisions_for(s, on))
    return out


# --- administrator edits (validated, audited) ------------------------------------------------

def _provision_row(session: Session, key: str) -> RefProvision:
    try:
        canonical = str(parse_provision_key(key))
    except LawError as exc:
        raise _law_error(exc) from exc
    row = session.scalar(select(RefProvision).where(RefProvision.key == canonical))
    if row is None:
        raise NotFound(f"Không có điều khoản {canonical} trong danh mục.",
                       f"no provision {canonical}")
    return row


def add_provision(db: Database, actor: Actor, record: dict[str, Any]) -> Provision:
    """Add a provision; the record is validated as the shipped data is, and must not clash."""
    actor.require(Permission.MANAGE_CATALOG)
    try:
        provision = Provision.from_dict(record)
    except (ValueError, KeyError, TypeError) as exc:
        raise ValidationError(f"Quy định không hợp lệ: {exc}", f"invalid provision: {exc}") from exc
    law = law_data(db)
    if law.catalog.has_provision(provision.key):
        raise ValidationError(f"Điều khoản {provision.key} đã có trong danh mục.",
                              f"provision {provision.key} already exists", field="key")
    try:
        law.catalog.instrument(provision.instrument)
    except LawError as exc:
        raise _law_error(exc) from exc
    data = provision.to_dict()
    with UnitOfWork(db, actor) as uow:
        uow.session.add(RefProvision(
            key=provision.key, instrument=provision.instrument, sector=provision.sector,
            effective_from=provision.effective_from, effective_until=provision.effective_until,
            confirmed=provision.confirmed, data=data))
        uow.commit()
    return provision


def end_provision(db: Database, actor: Actor, key: str, last_day: date) -> None:
    """End-date a provision (the last day it applies); cases before it keep applying it."""
    actor.require(Permission.MANAGE_CATALOG)
    with UnitOfWork(db, actor) as uow:
        row = _provision_row(uow.session, key)
        start = row.effective_from or date.min
        if last_day < start:
            raise ValidationError("Ngày hết hiệu lực trước ngày có hiệu lực.",
                                  "the last day is before the first day", field="last_day")
        row.effective_until = last_day
        row.data = {**row.data, "effective_until": last_day.isoformat()}
        uow.commit()


def confirm_article(db: Database, actor: Actor, key: str, article: str, source: str) -> Provision:
    """Record the article number of a ``?`` provision as the department read it in the decree
    (:func:`inspector.domain.articles.confirm_article`), audited; documents issued from now on
    cite it, those already issued stay as they were signed. The catalog row keeps the number
    in its record, so a new shipped edition never overwrites it and a handout carries it to the
    laptops."""
    from inspector.domain import articles

    actor.require(Permission.MANAGE_CATALOG)
    catalog = law_data(db).catalog
    by = actor.full_name or actor.login
    try:
        confirmed = articles.confirm_article(catalog, key, article, source, clock.today(), by)
    except LawError as exc:
        field = {"bad_article": "article", "source_missing": "source",
                 "article_clash": "article"}.get(exc.code)
        raise ValidationError(exc.reason, f"{exc.reason} [{exc.code}]", field=field) from exc
    assert confirmed.article_confirmation is not None
    with UnitOfWork(db, actor) as uow:
        row = _provision_row(uow.session, confirmed.key)
        row.data = {**row.data,
                    "article_confirmation": confirmed.article_confirmation.to_dict()}
        uow.commit()
    log.info("article of %s confirmed as %s by %s", confirmed.key,
             confirmed.article_confirmation.article, actor.login)
    return confirmed


def end_instrument(db: Database, actor: Actor, number: str, last_day: date) -> None:
    actor.require(Permission.MANAGE_CATALOG)
    with UnitOfWork(db, actor) as uow:
        row = uow.session.scalar(select(RefInstrument).where(RefInstrument.number == number))
        if row is None:
            raise NotFound(f"Không có văn bản {number}.", f"no instrument {number}")
        if row.effective_from and last_day < row.effective_from:
            raise ValidationError("Ngày hết hiệu lực trước ngày có hiệu lực.",
                                  "the last day is before the first day", field="last_day")
        row.effective_until = last_day
        row.data = {**row.data, "effective_until": last_day.isoformat()}
        uow.commit()


def add_holiday(db: Database, actor: Actor, day: date, name: str, kind: str = "holiday",
                source: str = "") -> None:
    """Add an official day off (or a swapped working weekend day)."""
    actor.require(Permission.MANAGE_CATALOG)
    if not name.strip():
        raise ValidationError("Hãy nhập tên ngày nghỉ.", "the name is empty", field="name")
    if kind not in ("holiday", "tet", "compensatory", "swap", "weekend", "working_weekend"):
        raise ValidationError(f"Loại ngày không hợp lệ: {kind}.", f"unknown kind {kind}",
                              field="kind")
    with UnitOfWork(db, actor) as uow:
        if uow.session.scalar(select(RefHoliday.id).where(RefHoliday.day == day)):
            raise ValidationError(f"Ngày {day:%d/%m/%Y} đã có trong lịch.",
                                  f"{day} is already in the calendar", field="day")
        uow.session.add(RefHoliday(day=day, kind=kind, confirmed=bool(source), data={
            "date": day.isoformat(), "name": name.strip(), "kind": kind,
            "confirmed": "1" if source else "0", "source": source, "note": "added by " +
            actor.login}))
        uow.commit()


def set_cap(db: Database, actor: Actor, record: dict[str, Any]) -> SignerCap:
    """Add a title's cap for a period (e.g. a new decree's amounts)."""
    actor.require(Permission.MANAGE_CATALOG)
    try:
        cap = SignerCap.from_dict(record)
    except (ValueError, KeyError, TypeError) as exc:
        raise ValidationError(f"Thẩm quyền không hợp lệ: {exc}", f"invalid cap: {exc}") from exc
    from inspector.services.reference import default_cap_id

    data = cap.to_dict()
    key = cap.id or default_cap_id(data)
    data["id"] = key
    with UnitOfWork(db, actor) as uow:
        if uow.session.scalar(select(RefSignerCap.id).where(RefSignerCap.natural_key == key)):
            raise ValidationError("Thẩm quyền cho chức danh và thời kỳ này đã có.",
                                  "a cap for this title and period already exists")
        uow.session.add(RefSignerCap(natural_key=key, title_code=cap.title_code,
                                     valid_from=cap.valid_from, valid_until=cap.valid_until,
                                     confirmed=cap.confirmed, data=data))
        uow.commit()
    return cap


def end_cap(db: Database, actor: Actor, title_code: str, valid_from: date, last_day: date) -> int:
    """End-date every cap record of a title that starts on ``valid_from``; returns how many."""
    actor.require(Permission.MANAGE_CATALOG)
    with UnitOfWork(db, actor) as uow:
        rows = list(uow.session.scalars(select(RefSignerCap).where(
            RefSignerCap.title_code == title_code, RefSignerCap.valid_from == valid_from)))
        if not rows:
            raise NotFound("Không có thẩm quyền cần kết thúc.", "no such cap")
        for row in rows:
            if last_day < valid_from:
                raise ValidationError("Ngày kết thúc trước ngày bắt đầu.",
                                      "the last day is before the first day")
            row.valid_until = last_day
            row.data = {**row.data, "valid_until": last_day.isoformat()}
        uow.commit()
        return len(rows)


__all__ = [
    "FineQuote",
    "LawData",
    "add_holiday",
    "add_provision",
    "assess",
    "check_dates",
    "check_register",
    "check_violation",
    "chronology_rules",
    "competence",
    "deadlines",
    "department_of",
    "end_cap",
    "end_instrument",
    "end_provision",
    "instrument_for",
    "law_data",
    "provisions_in_force",
    "quote",
    "replace",
    "set_cap",
    "signer_agency",
]


# --- dates in legal order (issue 9 §2) ---------------------------------------------------------

def chronology_rules(db: Database) -> ChronologyRules:
    """The date window and clock tolerance of the procedure rules stored in the database."""
    return rules_from_procedure(law_data(db).rules)


def check_dates(db: Database, today: date, **dates: Any) -> None:
    """``check_case_dates`` with the stored rules; a date out of order is a ValidationError."""
    try:
        check_case_dates(today, chronology_rules(db), **dates)
    except ChronologyError as exc:
        raise ValidationError(exc.message, f"{exc.code}: {exc.message}", field=exc.field) from exc


def check_violation(db: Database, ended: date | None, discovered: date | None,
                    today: date) -> None:
    try:
        check_violation_dates(ended, discovered, today, chronology_rules(db))
    except ChronologyError as exc:
        raise ValidationError(exc.message, f"{exc.code}: {exc.message}", field=exc.field) from exc


def check_register(register: str, year: int, on: date, latest_lower: date | None) -> None:
    try:
        check_register_order(register, year, on, latest_lower)
    except ChronologyError as exc:
        raise ValidationError(exc.message, f"{exc.code}: {exc.message}", field=exc.field) from exc
