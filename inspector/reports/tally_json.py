"""The tally as JSON for other tools; the fields are documented in docs/tally-json.md.

Why a hand-written mapping rather than ``dataclasses.asdict``: the JSON is a contract. Field
names stay stable when the dataclasses change, labels (Vietnamese names of sectors, kinds, modes)
are added for readers without the code lists, and dates are ISO strings.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from inspector.services.tallies import (
    Headline,
    InspectionFigures,
    KindFigures,
    MonthFigures,
    Period,
    ProvisionFigures,
    SeizedFigures,
    Tally,
)

__all__ = ["FORMAT", "tally_to_json"]

#: Bumped when a field changes meaning or disappears (adding fields keeps the number).
FORMAT = "inspector-tally/1"


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _period(p: Period) -> dict[str, Any]:
    return {"start": _d(p.start), "end": _d(p.end), "label": p.label, "is_year": p.is_year}


def _headline(h: Headline) -> dict[str, int]:
    return {name: getattr(h, name) for name in Headline.__dataclass_fields__}


def _kind(k: KindFigures) -> dict[str, Any]:
    return {"sector": k.sector, "business_kind": k.business_kind, "label": k.label,
            "establishments_inspected": k.establishments_inspected,
            "establishments_compliant": k.establishments_compliant,
            "establishments_reminded": k.establishments_reminded,
            "establishments_with_violations": k.establishments_with_violations}


def _provision(f: ProvisionFigures) -> dict[str, Any]:
    return {"sector": f.sector, "provision_key": f.provision_key, "citation": f.citation,
            "description": f.description, "violations": f.violations, "warnings": f.warnings,
            "fines": f.fines, "violators": f.violators}


def _seized(s: SeizedFigures) -> dict[str, Any]:
    return {"kind": s.kind, "unit": s.unit, "quantity": s.quantity, "held": s.held,
            "confiscated": s.confiscated, "destroyed": s.destroyed, "returned": s.returned,
            "records": s.records}


def _month(m: MonthFigures) -> dict[str, Any]:
    return {"month": f"{m.year:04d}-{m.month:02d}", "inspections": m.inspections,
            "checks": m.checks, "visits": m.visits, "violations": m.violations,
            "decisions": m.decisions, "fines_imposed": m.fines_imposed,
            "fines_collected": m.fines_collected}


def _inspection(i: InspectionFigures) -> dict[str, Any]:
    return {
        "id": str(i.id), "mode": i.mode, "mode_label": i.mode_label, "kind": i.kind,
        "kind_label": i.kind_label, "title": i.title, "sector": i.sector,
        "decision_number": i.decision_number, "decision_date": _d(i.decision_date),
        "start_date": _d(i.start_date), "end_date": _d(i.end_date), "scope": i.scope,
        "participating_agencies": i.participating_agencies, "planned": i.planned,
        "team_head": i.team_head, "members": i.members, "establishments": i.establishments,
        "by_kind": [_kind(k) for k in i.by_kind], "compliant": i.compliant,
        "reminded": i.reminded, "with_violations": i.with_violations,
        "violations": i.violations, "warnings": i.warnings, "decisions": i.decisions,
        "fines_imposed": i.fines_imposed, "provisions": [_provision(f) for f in i.provisions],
        "seized": [_seized(s) for s in i.seized],
    }


def tally_to_json(t: Tally) -> dict[str, Any]:
    """A JSON-ready dict (str keys, ints, strings, lists, None) of the whole tally."""
    return {
        "format": FORMAT,
        "period": _period(t.period),
        "previous_period": _period(t.previous_period),
        "headline": _headline(t.headline),
        "previous": _headline(t.previous),
        "inspections_by_kind": [{"mode": k.mode, "kind": k.kind, "label": k.label,
                                 "count": k.count} for k in t.by_kind],
        "sectors": [{"sector": s.sector, "label": s.label,
                     "establishments_inspected": s.establishments_inspected,
                     "establishments_compliant": s.establishments_compliant,
                     "establishments_reminded": s.establishments_reminded,
                     "establishments_with_violations": s.establishments_with_violations,
                     "violations": s.violations, "warnings": s.warnings,
                     "decisions": s.decisions, "fines_imposed": s.fines_imposed,
                     "fines_collected": s.fines_collected,
                     "fines_outstanding": s.fines_outstanding} for s in t.sectors],
        "establishment_kinds": [_kind(k) for k in t.kinds],
        "provisions": [_provision(f) for f in t.provisions],
        "seized": [_seized(s) for s in t.seized],
        "remedial": [{"code": r.code, "text": r.text, "ordered": r.ordered, "done": r.done}
                     for r in t.remedial],
        "area_mode": t.area_mode,
        "areas": [{"district": a.district, "commune": a.commune,
                   "establishments_inspected": a.establishments_inspected,
                   "establishments_with_violations": a.establishments_with_violations,
                   "violations": a.violations, "fines_imposed": a.fines_imposed}
                  for a in t.areas],
        "months": [_month(m) for m in t.months],
        "previous_months": [_month(m) for m in t.previous_months],
        "inspections": [_inspection(i) for i in t.inspections],
    }
