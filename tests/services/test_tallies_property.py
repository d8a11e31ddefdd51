"""Random databases: every figure of the tally equals a naive Python recount over the same rows
(tests/services/tally_oracle.py, following the definitions written in
inspector/services/tallies.py and docs/tally-json.md), also after random changes to the rows the
tally's copies come from (the triggers of migration 0006 must follow them), for any period:
calendar years (the indexes' fast path), ranges within a year, ranges across years."""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, update

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
    InspectionMember,
    Payment,
    SanctionDecision,
    SeizedItem,
    Violation,
    ViolationRecord,
    Visit,
)
from tests.services.tally_oracle import (
    differences,
    project,
    project_previous,
    recount,
    rows_from_db,
)

SECTORS = ("internet", "game", "distribution", "printing")
KINDS = (None, "internet_point", "printer", "x")
CASE_STATUSES = ("draft", "recorded", "transferred", "decided", "paid", "reminded", "cancelled")
DECISION_STATUSES = ("draft", "issued", "delivered", "paid", "partly_paid", "cancelled", "amended")
TABLES = (Payment, SanctionDecision, ViolationRecord, SeizedItem, Violation, Case, Visit,
          InspectionMember, Inspection, Establishment, Complaint, AgencySettings)


def _day(rng: random.Random) -> date:
    """Days around 2015, often on its edges; some at the 2025 reform of communes."""
    edge = [date(2014, 12, 31), date(2015, 1, 1), date(2015, 12, 31), date(2016, 1, 1),
            date(2025, 6, 30), date(2025, 7, 1)]
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
             "owner_kind": "household", "business_kind": rng.choice(KINDS),
             "commune_name": rng.choice(["A", "B", ""]),
             "former_commune_name": rng.choice([None, "Cũ", ""]),
             "former_district": rng.choice([None, "Huyện X"]),
             "search_text": "", "name_sort": ""}
            for n in range(rng.randrange(1, 7))]
    out["est"] = ests
    for n in range(rng.randrange(0, 4)):
        start = _day(rng)
        insp = {**base(), "mode": rng.choice(["thanh_tra", "kiem_tra"]),
                "kind": rng.choice(["scheduled", "unscheduled", "thematic", "interdisciplinary"]),
                "title": f"Cuộc {n}", "start_date": start, "end_date": None, "scope": "",
                "participating_agencies": ""}
        out["insp"].append(insp)
        for m in range(rng.randrange(0, 3)):
            out["member"].append({**base(), "inspection_id": insp["id"], "full_name": f"N{m}",
                                  "role": rng.choice(["head", "member"]), "agency": ""})
        used: set[tuple[Any, date]] = set()
        for _ in range(rng.randrange(0, 5)):
            e = rng.choice(ests)
            day = _day(rng) if rng.random() < 0.4 else start + timedelta(days=rng.randrange(9))
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
                           ("insp", Inspection), ("member", InspectionMember), ("visit", Visit),
                           ("case", Case), ("viol", Violation), ("seized", SeizedItem),
                           ("decision", SanctionDecision), ("payment", Payment),
                           ("record", ViolationRecord), ("complaint", Complaint)):
            if rows.get(key):
                s.execute(insert(model), rows[key])
        uow.commit()


def _change(db: Database, actor: Actor, rng: random.Random,
            rows: dict[str, list[dict[str, Any]]]) -> None:
    """Random changes to the columns the tally's copies come from, as any writer could make."""
    def pick(key: str) -> dict[str, Any] | None:
        return rng.choice(rows[key]) if rows.get(key) else None

    with UnitOfWork(db, actor) as uow:
        s = uow.session
        for _ in range(rng.randrange(0, 6)):
            what = rng.randrange(8)
            case, est, visit = pick("case"), pick("est"), pick("visit")
            if what == 0 and case:
                values: dict[str, Any] = {"status": rng.choice(CASE_STATUSES)}
            elif what == 1 and case:
                values = {"opened_on": _day(rng), "sector": rng.choice(SECTORS)}
            elif what == 2 and case:
                values = {"establishment_id": est["id"] if est and rng.random() < 0.8 else None,
                          "visit_id": visit["id"] if visit and rng.random() < 0.8 else None}
            elif what == 3 and est:
                s.execute(update(Establishment).where(Establishment.id == est["id"]).values(
                    sector=rng.choice(SECTORS), business_kind=rng.choice(KINDS),
                    commune_name=rng.choice(["A", "C"]), former_district=rng.choice([None, "Y"]),
                    former_commune_name=rng.choice([None, "Mới"])))
                continue
            elif what == 4 and visit and rows["insp"]:
                s.execute(update(Visit).where(Visit.id == visit["id"]).values(
                    inspection_id=rng.choice(rows["insp"])["id"], visit_date=_day(rng)))
                continue
            elif what == 5 and rows.get("decision"):
                decision = rng.choice(rows["decision"])
                s.execute(update(SanctionDecision).where(SanctionDecision.id == decision["id"])
                          .values(status=rng.choice(DECISION_STATUSES), issued_on=_day(rng),
                                  total_amount=rng.randrange(0, 6) * 1_000_000))
                continue
            elif what == 6 and rows.get("viol") and case:
                s.execute(update(Violation).where(Violation.id == rng.choice(rows["viol"])["id"])
                          .values(case_id=case["id"]))
                continue
            elif what == 7 and rows.get("payment") and rows.get("decision"):
                s.execute(update(Payment).where(Payment.id == rng.choice(rows["payment"])["id"])
                          .values(decision_id=rng.choice(rows["decision"])["id"]))
                continue
            else:
                continue
            s.execute(update(Case).where(Case.id == case["id"]).values(**values))
        uow.commit()


def _period(rng: random.Random, first: int, length: int) -> tuple[date, date]:
    kind = rng.randrange(4)
    if kind == 0:  # a calendar year
        year = rng.choice([2014, 2015, 2016, 2025])
        return date(year, 1, 1), date(year, 12, 31)
    start = date(2015, 1, 1) + timedelta(days=first - 30)
    if kind == 1:  # within one year
        return start, min(start + timedelta(days=length // 4), date(start.year, 12, 31))
    return start, start + timedelta(days=length)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rng=st.randoms(use_true_random=False), first=st.integers(0, 200),
       length=st.integers(0, 400))
def test_tally_equals_naive_recount(db: Database, operator: Actor, rng: random.Random,
                                    first: int, length: int) -> None:
    """Any period, any rows, any later change: every figure of every section, of each
    inspection, and the previous year's headline and months agree with the recount."""
    rows = _rows(rng)
    _load(db, operator, rows)
    if rng.random() < 0.6:
        _change(db, operator, rng, rows)
    start, end = _period(rng, first, length)
    t = compute_tally(db, operator, start, end)
    source = rows_from_db(db)
    assert differences(recount(source, start, end), project(t)) == []
    previous = t.previous_period
    assert differences(recount(source, previous.start, previous.end, with_sections=False),
                       project_previous(t)) == []
    assert sum(m.violations for m in t.months) == t.headline.violations
    assert sum(m.fines_imposed for m in t.months) == t.headline.fines_imposed
