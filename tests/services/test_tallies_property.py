"""Random databases: the tally equals a naive Python recount over the same rows, following the
definitions written in inspector/services/tallies.py (and docs/tally-json.md)."""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert

from inspector.services.actor import Actor
from inspector.services.tallies import DISPOSAL_LABELS_VI, compute_tally
from inspector.services.uow import UnitOfWork
from inspector.store.base import utcnow
from inspector.store.engine import Database
from inspector.store.models import (
    AgencySettings,
    Case,
    Complaint,
    Establishment,
    Inspection,
    Payment,
    SanctionDecision,
    SeizedItem,
    Violation,
    ViolationRecord,
    Visit,
)

SECTORS = ("internet", "game", "distribution", "printing")
CASE_STATUSES = ("draft", "recorded", "transferred", "decided", "paid", "reminded", "cancelled")
DECISION_STATUSES = ("draft", "issued", "delivered", "paid", "partly_paid", "cancelled", "amended")
TABLES = (Payment, SanctionDecision, ViolationRecord, SeizedItem, Violation, Case, Visit,
          Inspection, Establishment, Complaint, AgencySettings)


def _day(rng: random.Random) -> date:
    """Days around 2015, often on its edges."""
    edge = [date(2014, 12, 31), date(2015, 1, 1), date(2015, 12, 31), date(2016, 1, 1)]
    if rng.random() < 0.2:
        return rng.choice(edge)
    return date(2014, 11, 1) + timedelta(days=rng.randrange(500))


def _rows(rng: random.Random) -> dict[str, list[dict[str, Any]]]:
    now = utcnow()

    def base() -> dict[str, Any]:
        return {"id": uuid.uuid4(), "created_at": now, "updated_at": now, "version": 1}

    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    agency = {**base(), "agency_name": "Sở", "place_name": "Cao Bằng"}
    out["agency"].append(agency)
    ests = [{**base(), "sector": rng.choice(SECTORS), "name": f"Cơ sở {n}",
             "owner_kind": "household", "business_kind": rng.choice([None, "x", "y"]),
             "commune_name": rng.choice(["A", "B"]), "search_text": "", "name_sort": ""}
            for n in range(rng.randrange(1, 7))]
    out["est"] = ests
    for n in range(rng.randrange(0, 4)):
        start = _day(rng)
        insp = {**base(), "mode": rng.choice(["thanh_tra", "kiem_tra"]),
                "kind": rng.choice(["scheduled", "unscheduled", "thematic", "interdisciplinary"]),
                "title": f"Cuộc {n}", "start_date": start, "end_date": None, "scope": "",
                "participating_agencies": ""}
        out["insp"].append(insp)
        used: set[tuple[Any, date]] = set()
        for _ in range(rng.randrange(0, 5)):
            e = rng.choice(ests)
            day = _day(rng)
            if (e["id"], day) in used:
                continue
            used.add((e["id"], day))
            out["visit"].append({**base(), "inspection_id": insp["id"], "establishment_id": e["id"],
                                 "visit_date": day, "checklist": {}, "notes": "",
                                 "outcome": rng.choice(["pending", "compliant", "reminded",
                                                        "violations"])})
    for _ in range(rng.randrange(0, 7)):
        e = rng.choice([None, *ests])
        visit = rng.choice([None, *out["visit"]])
        opened = _day(rng)
        transferred_on = _day(rng) if rng.random() < 0.2 else None
        case = {**base(), "visit_id": visit["id"] if visit else None,
                "establishment_id": e["id"] if e else None, "subject_kind": "individual",
                "violator": {}, "sector": e["sector"] if e else rng.choice(SECTORS),
                "status": rng.choice(CASE_STATUSES), "opened_on": opened,
                "complex_case": False, "explanation": False, "notes": "",
                "transferred_on": transferred_on,
                "transferred_to": "UBND" if transferred_on or rng.random() < 0.1 else None}
        out["case"].append(case)
        for _ in range(rng.randrange(0, 3)):
            warning = rng.random() < 0.25
            measures = [{"code": rng.choice("ab"), "text": "m",
                         **({"done_on": "2015-06-01"} if rng.random() < 0.5 else {})}
                        for _ in range(rng.randrange(0, 3))]
            out["viol"].append({**base(), "case_id": case["id"],
                                "provision_key": rng.choice(["K:1.1", "K:2.1"]), "ongoing": False,
                                "ended_on": opened, "facts": "", "mitigating": [],
                                "aggravating": [], "amount": 0 if warning else
                                rng.randrange(0, 5) * 500_000, "amount_reason": "",
                                "warning": warning, "titles": [], "additional_sanctions": [],
                                "remedial_measures": measures})
        for _ in range(rng.randrange(0, 3)):
            disposal = rng.choice(list(DISPOSAL_LABELS_VI))
            out["seized"].append({**base(), "case_id": case["id"], "kind": rng.choice(["Sách", "Máy"]),
                                  "description": "", "quantity": rng.randrange(0, 40),
                                  "unit": rng.choice(["cuốn", "bộ"]), "disposal": disposal,
                                  "disposal_date": None if disposal == "held" else opened,
                                  "condition": "", "titles": [], "kept_at": ""})
        for _ in range(rng.randrange(0, 3)):
            status = rng.choice(DECISION_STATUSES)
            issued = None if status == "draft" and rng.random() < 0.5 else _day(rng)
            decision = {**base(), "case_id": case["id"], "agency_id": agency["id"],
                        "form": "MQĐ02", "year": (issued or opened).year, "number": None,
                        "issued_on": issued, "status": status,
                        "total_amount": rng.randrange(0, 6) * 1_000_000, "snapshot": {},
                        "instalments": []}
            out["decision"].append(decision)
            for _ in range(rng.randrange(0, 3)):
                out["payment"].append({**base(), "decision_id": decision["id"],
                                       "paid_on": _day(rng), "amount": rng.randrange(1, 4) * 500_000,
                                       "receipt_number": ""})
        if rng.random() < 0.5:
            out["record"].append({**base(), "case_id": case["id"], "agency_id": agency["id"],
                                  "year": 2015, "made_on": _day(rng), "snapshot": {},
                                  "status": rng.choice(["draft", "issued", "cancelled"])})
    for _ in range(rng.randrange(0, 3)):
        out["complaint"].append({**base(), "kind": rng.choice(["complaint", "denunciation",
                                                               "petition"]),
                                 "received_on": _day(rng), "sender": "", "subject": "",
                                 "status": "received"})
    return out


def _load(db: Database, actor: Actor, rows: dict[str, list[dict[str, Any]]]) -> None:
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        for model in TABLES:
            s.execute(delete(model))
        for key, model in (("agency", AgencySettings), ("est", Establishment),
                           ("insp", Inspection), ("visit", Visit), ("case", Case),
                           ("viol", Violation), ("seized", SeizedItem),
                           ("decision", SanctionDecision), ("payment", Payment),
                           ("record", ViolationRecord), ("complaint", Complaint)):
            if rows.get(key):
                s.execute(insert(model), rows[key])
        uow.commit()


def _naive(rows: dict[str, list[dict[str, Any]]], start: date, end: date) -> dict[str, Any]:
    """The definitions, written the plainest way."""
    def inside(d: date | None) -> bool:
        return d is not None and start <= d <= end

    sector_of = {e["id"]: e["sector"] for e in rows["est"]}
    visits = [v for v in rows["visit"] if inside(v["visit_date"])]
    live = [c for c in rows["case"] if c["status"] != "cancelled" and inside(c["opened_on"])]
    live_ids = {c["id"] for c in live}
    violations = [v for v in rows["viol"] if v["case_id"] in live_ids]
    with_viol = {v["case_id"] for v in violations}
    cases = {c["id"]: c for c in rows["case"]}
    paid: dict[Any, int] = defaultdict(int)
    for p in rows["payment"]:
        if p["paid_on"] <= end:
            paid[p["decision_id"]] += p["amount"]
    decisions = [d for d in rows["decision"] if inside(d["issued_on"])
                 and d["status"] not in ("draft", "cancelled", "amended")]
    imposed = sum(d["total_amount"] for d in decisions)
    collected = sum(min(d["total_amount"], paid[d["id"]]) for d in decisions)
    measures = [m for v in violations for m in v["remedial_measures"]]

    def who(c: dict[str, Any]) -> Any:
        return c["establishment_id"] or c["id"]

    reminded = {v["establishment_id"] for v in visits if v["outcome"] == "reminded"} | \
        {who(c) for c in rows["case"] if c["status"] == "reminded" and inside(c["opened_on"])}
    headline = {
        "inspections": sum(1 for i in rows["insp"] if inside(i["start_date"])
                           and i["mode"] == "thanh_tra"),
        "checks": sum(1 for i in rows["insp"] if inside(i["start_date"])
                      and i["mode"] == "kiem_tra"),
        "establishments_inspected": len({v["establishment_id"] for v in visits}),
        "establishments_compliant": len({v["establishment_id"] for v in visits
                                         if v["outcome"] == "compliant"}),
        "establishments_reminded": len(reminded),
        "establishments_with_violations": len({who(cases[c]) for c in with_viol}),
        "violation_records": sum(1 for r in rows["record"] if inside(r["made_on"])
                                 and r["status"] not in ("draft", "cancelled")),
        "cases": len(live), "violations": len(violations),
        "warnings": sum(1 for v in violations if v["warning"]),
        "decisions": len(decisions), "fines_imposed": imposed, "fines_collected": collected,
        "fines_outstanding": imposed - collected,
        "cases_transferred": sum(1 for c in rows["case"] if c["status"] != "cancelled"
                                 and inside(c["transferred_on"] or c["opened_on"])
                                 and (c["status"] == "transferred" or c["transferred_to"])),
        "remedial_ordered": len(measures),
        "remedial_done": sum(1 for m in measures if m.get("done_on")),
        "complaints": sum(1 for c in rows["complaint"] if c["kind"] == "complaint"
                          and inside(c["received_on"])),
        "denunciations": sum(1 for c in rows["complaint"] if c["kind"] == "denunciation"
                             and inside(c["received_on"])),
        "petitions": sum(1 for c in rows["complaint"] if c["kind"] == "petition"
                         and inside(c["received_on"])),
    }
    sectors: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for sector in {sector_of[v["establishment_id"]] for v in visits}:
        sectors[sector]["inspected"] = len({v["establishment_id"] for v in visits
                                            if sector_of[v["establishment_id"]] == sector})
    for v in violations:
        sectors[cases[v["case_id"]]["sector"]]["violations"] += 1
    for d in decisions:
        sector = cases[d["case_id"]]["sector"]
        sectors[sector]["fines"] += d["total_amount"]
        sectors[sector]["collected"] += min(d["total_amount"], paid[d["id"]])
    seized: dict[tuple[str, str], int] = defaultdict(int)
    for item in rows["seized"]:
        if item["case_id"] in live_ids:
            seized[(item["kind"], item["unit"])] += item["quantity"]
    return {"headline": headline,
            "sectors": {k: dict(v) for k, v in sectors.items() if any(v.values())},
            "seized": dict(seized)}


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rng=st.randoms(use_true_random=False), first=st.integers(0, 200),
       length=st.integers(0, 400))
def test_tally_equals_naive_recount(db: Database, operator: Actor, rng: random.Random,
                                    first: int, length: int) -> None:
    """Any period, any rows: every headline figure, the sectors and the seized items agree."""
    rows = _rows(rng)
    _load(db, operator, rows)
    start = date(2015, 1, 1) + timedelta(days=first - 30)
    end = start + timedelta(days=length)
    t = compute_tally(db, operator, start, end)
    expected = _naive(rows, start, end)
    assert {k: getattr(t.headline, k) for k in expected["headline"]} == expected["headline"]
    got_sectors = {s.sector: {"inspected": s.establishments_inspected,
                              "violations": s.violations, "fines": s.fines_imposed,
                              "collected": s.fines_collected} for s in t.sectors}
    for sector, figures in expected["sectors"].items():
        for name, value in figures.items():
            assert got_sectors[sector][name] == value, (sector, name)
    assert {(s.kind, s.unit): s.quantity for s in t.seized} == expected["seized"]
    assert sum(m.violations for m in t.months) == t.headline.violations
    assert sum(m.fines_imposed for m in t.months) == t.headline.fines_imposed
