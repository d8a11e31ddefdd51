"""The tally's definitions written the plainest way, over rows read back from the database.

``compute_tally`` reads copies that triggers keep on the hot tables (migration 0006) and groups
by indexes; this module reads only the source columns (no copies) and counts in Python, so a
trigger that misses a write path, or a query that drifts from the definitions, shows as a
difference. ``project`` puts a Tally in the same shape as ``recount``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select

from inspector.domain import states
from inspector.domain.places import REFORM_DAY
from inspector.services.tallies import DISPOSAL_LABELS_VI, Period, Tally
from inspector.store.engine import Database
from inspector.store.models import (
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

UNKNOWN_AREA = "(không rõ địa bàn)"
TABLES = {"est": Establishment, "insp": Inspection, "member": InspectionMember, "visit": Visit,
          "case": Case, "viol": Violation, "seized": SeizedItem, "decision": SanctionDecision,
          "payment": Payment, "record": ViolationRecord, "complaint": Complaint}


def rows_from_db(db: Database) -> dict[str, list[dict[str, Any]]]:
    """Every mapped (source) column of the tables the tally reads, as plain dicts."""
    out: dict[str, list[dict[str, Any]]] = {}
    with db.sessions() as s:
        for key, model in TABLES.items():
            columns = [c for c in model.__mapper__.columns if c.key not in ("pdf", "snapshot")]
            out[key] = [dict(r._mapping) for r in s.execute(select(*columns))]
    return out


def _late_charges(decisions: list[dict[str, Any]], payments: list[dict[str, Any]],
                  end: date) -> dict[str, int]:
    """Law Art 78 day by day: each day after a due date up to ``end`` costs 0,05 % of the part
    then due and unpaid (payments count from the day after they are made); never beyond
    today."""
    from datetime import timedelta

    end = min(end, date.today())

    due = collected = 0
    for d in decisions:
        if d["due_date"] is None or d["total_amount"] == 0 or d["due_date"] >= end:
            continue
        schedule = ([(date.fromisoformat(i["due"]), i["amount"]) for i in d["instalments"]]
                    if d["instalments"] else [(d["due_date"], d["total_amount"])])
        mine = [(p["paid_on"], p["amount"]) for p in payments
                if p["decision_id"] == d["id"] and p["paid_on"] <= end]
        exact = 0
        day = min(s for s, _ in schedule) + timedelta(days=1)
        while day <= end:
            owing = min(sum(a for s, a in schedule if s < day), d["total_amount"])
            exact += max(owing - min(sum(a for w, a in mine if w < day), d["total_amount"]), 0)
            day += timedelta(days=1)
        charge = exact * 5 // 10_000
        due += charge
        collected += min(max(sum(a for _, a in mine) - d["total_amount"], 0), charge)
    return {"late_charges": due, "late_charges_collected": collected,
            "late_charges_outstanding": due - collected}


def _measure_done(m: dict[str, Any]) -> bool:
    return bool(m.get("done_on") or m.get("carried_out"))


def recount(rows: dict[str, list[dict[str, Any]]], start: date, end: date,
            with_sections: bool = True) -> dict[str, Any]:
    """Every figure of the period, from the definitions in inspector/services/tallies.py."""
    def inside(d: date | None) -> bool:
        return d is not None and start <= d <= end

    est = {e["id"]: e for e in rows["est"]}
    cases = {c["id"]: c for c in rows["case"]}
    visits_by_id = {v["id"]: v for v in rows["visit"]}
    mode = "former" if end < REFORM_DAY else "commune"

    def who(c: dict[str, Any]) -> Any:
        return c["establishment_id"] or c["id"]

    def kind_of(est_id: Any) -> str | None:
        return est[est_id]["business_kind"] if est_id in est else None

    def area(est_id: Any) -> tuple[str, str]:
        e = est.get(est_id)
        if mode == "former":
            d = (e["former_district"] if e and e["former_district"] is not None else "")
            c = (e["former_commune_name"] if e and e["former_commune_name"] is not None
                 else (e["commune_name"] if e else None))
        else:
            d, c = "", (e["commune_name"] if e else None)
        return (d or "", c or UNKNOWN_AREA)

    visits = [v for v in rows["visit"] if inside(v["visit_date"])]
    live = [c for c in rows["case"] if c["status"] != "cancelled" and inside(c["opened_on"])]
    live_ids = {c["id"] for c in live}
    violations = [v for v in rows["viol"] if v["case_id"] in live_ids]
    with_viol = {v["case_id"] for v in violations}
    paid: dict[Any, int] = defaultdict(int)
    for p in rows["payment"]:
        if p["paid_on"] <= end:
            paid[p["decision_id"]] += p["amount"]

    def in_force(d: dict[str, Any]) -> bool:
        return states.in_force(d["status"], d["issued_on"], d["amends_id"])

    decisions = [d for d in rows["decision"] if in_force(d) and inside(d["issued_on"])]
    measures = [m for v in violations for m in (v["remedial_measures"] or [])
                if isinstance(m, dict)]
    reminded = {(est[v["establishment_id"]]["sector"], kind_of(v["establishment_id"]),
                 v["establishment_id"]) for v in visits if v["outcome"] == "reminded"} | \
        {(c["sector"], kind_of(c["establishment_id"]), who(c)) for c in rows["case"]
         if c["status"] == "reminded" and inside(c["opened_on"])}
    money = [(cases[d["case_id"]], d["total_amount"], min(d["total_amount"], paid[d["id"]]))
             for d in decisions]
    imposed = sum(m[1] for m in money)
    collected = sum(m[2] for m in money)
    headline = {
        "inspections": sum(1 for i in rows["insp"] if inside(i["start_date"])
                           and i["mode"] == "thanh_tra"),
        "checks": sum(1 for i in rows["insp"] if inside(i["start_date"])
                      and i["mode"] == "kiem_tra"),
        "establishments_inspected": len({v["establishment_id"] for v in visits}),
        "establishments_compliant": len({v["establishment_id"] for v in visits
                                         if v["outcome"] == "compliant"}),
        "establishments_reminded": len({r[2] for r in reminded}),
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
        "remedial_done": sum(1 for m in measures if _measure_done(m)),
        "complaints": sum(1 for c in rows["complaint"] if c["kind"] == "complaint"
                          and inside(c["received_on"])),
        "denunciations": sum(1 for c in rows["complaint"] if c["kind"] == "denunciation"
                             and inside(c["received_on"])),
        "petitions": sum(1 for c in rows["complaint"] if c["kind"] == "petition"
                         and inside(c["received_on"])),
        **_late_charges(decisions, rows["payment"], end),
    }
    months: dict[tuple[int, int], dict[str, int]] = {ym: defaultdict(int)
                                                     for ym in Period(start, end).months()}

    def add(day: date, name: str, value: int) -> None:
        if (day.year, day.month) in months:
            months[(day.year, day.month)][name] += value

    for i in rows["insp"]:
        if inside(i["start_date"]):
            add(i["start_date"], "inspections" if i["mode"] == "thanh_tra" else "checks", 1)
    for v in visits:
        add(v["visit_date"], "visits", 1)
    for v in violations:
        add(cases[v["case_id"]]["opened_on"], "violations", 1)
    for d in decisions:
        add(d["issued_on"], "decisions", 1)
        add(d["issued_on"], "fines_imposed", d["total_amount"])
    force = {d["id"] for d in rows["decision"] if in_force(d)}
    for p in rows["payment"]:
        if inside(p["paid_on"]) and p["decision_id"] in force:
            add(p["paid_on"], "fines_collected", p["amount"])
    out: dict[str, Any] = {"headline": headline,
                           "months": {ym: {k: v for k, v in m.items() if v}
                                      for ym, m in months.items()}}
    if not with_sections:
        return out

    def sets() -> defaultdict[Any, set[Any]]:
        return defaultdict(set)

    kinds: dict[str, defaultdict[Any, set[Any]]] = {n: sets() for n in (
        "inspected", "compliant", "reminded", "with_violations")}
    for v in visits:
        e = est[v["establishment_id"]]
        key = (e["sector"], e["business_kind"])
        kinds["inspected"][key].add(e["id"])
        if v["outcome"] == "compliant":
            kinds["compliant"][key].add(e["id"])
    for sector, kind, someone in reminded:
        kinds["reminded"][(sector, kind)].add(someone)
    for c in with_viol:
        case = cases[c]
        kinds["with_violations"][(case["sector"], kind_of(case["establishment_id"]))].add(
            who(case))
    out["kinds"] = {key: tuple(len(kinds[n].get(key, ())) for n in kinds)
                    for key in set().union(*kinds.values())}
    sectors: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    for (sector, _kind), figures in out["kinds"].items():
        sectors[sector]["inspected"] += figures[0]
        sectors[sector]["compliant"] += figures[1]
    for sector, _kind, someone in reminded:
        sectors[sector].setdefault("reminded_set", set()).add(someone)
    for c in with_viol:
        sectors[cases[c]["sector"]].setdefault("violators", set()).add(who(cases[c]))
    for v in violations:
        s = sectors[cases[v["case_id"]]["sector"]]
        s["violations"] += 1
        s["warnings"] += 1 if v["warning"] else 0
    for case, total, got in money:
        s = sectors[case["sector"]]
        s["decisions"] += 1
        s["imposed"] += total
        s["collected"] += got
    out["sectors"] = {code: (s["inspected"], s["compliant"], len(s.get("reminded_set", ())),
                             len(s.get("violators", ())), s["violations"], s["warnings"],
                             s["decisions"], s["imposed"], s["collected"])
                      for code, s in sectors.items()}
    provisions: dict[tuple[str, str], list[Any]] = {}
    for v in violations:
        case = cases[v["case_id"]]
        acc = provisions.setdefault((case["sector"], v["provision_key"]), [0, 0, 0, set()])
        acc[0] += 1
        acc[1] += 1 if v["warning"] else 0
        acc[2] += v["amount"]
        acc[3].add(who(case))
    out["provisions"] = {k: (a[0], a[1], a[2], len(a[3])) for k, a in provisions.items()}
    out["seized"] = _seized([i for i in rows["seized"] if i["case_id"] in live_ids])
    remedial: dict[str, list[int]] = {}
    for m in measures:
        code = str(m.get("code") or m.get("text") or "?")
        acc_r = remedial.setdefault(code, [0, 0])
        acc_r[0] += 1
        acc_r[1] += 1 if _measure_done(m) else 0
    out["remedial"] = {k: tuple(v) for k, v in remedial.items()}
    areas: dict[tuple[str, str], list[Any]] = {}

    def at(key: tuple[str, str]) -> list[Any]:
        return areas.setdefault(key, [set(), set(), 0, 0])

    for v in visits:
        at(area(v["establishment_id"]))[0].add(v["establishment_id"])
    for c in with_viol:
        at(area(cases[c]["establishment_id"]))[1].add(who(cases[c]))
    for v in violations:
        at(area(cases[v["case_id"]]["establishment_id"]))[2] += 1
    for case, total, _got in money:
        at(area(case["establishment_id"]))[3] += total
    out["areas"] = {k: (len(a[0]), len(a[1]), a[2], a[3]) for k, a in areas.items()}
    out["inspections"] = _per_inspection(rows, start, end, est, cases, visits_by_id, paid)
    return out


def _seized(items: list[dict[str, Any]]) -> dict[tuple[str, str], tuple[int, ...]]:
    acc: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for i in items:
        a = acc[(i["kind"], i["unit"])]
        a["quantity"] += i["quantity"]
        a["records"] += 1
        if i["disposal"] in DISPOSAL_LABELS_VI:
            a[i["disposal"]] += i["quantity"]
    return {k: (a["quantity"], a["held"], a["confiscated"], a["destroyed"], a["returned"],
                a["records"]) for k, a in acc.items()}


def _per_inspection(rows: dict[str, list[dict[str, Any]]], start: date, end: date,
                    est: dict[Any, dict[str, Any]], cases: dict[Any, dict[str, Any]],
                    visits_by_id: dict[Any, dict[str, Any]], paid: dict[Any, int]
                    ) -> dict[Any, dict[str, Any]]:
    out = {}
    for i in rows["insp"]:
        if not start <= i["start_date"] <= end:
            continue
        members = [m for m in rows["member"] if m["inspection_id"] == i["id"]]
        heads = [m["full_name"] for m in members if m["role"] == "head"]
        visits = [v for v in rows["visit"] if v["inspection_id"] == i["id"]]
        by_kind: dict[tuple[str, str | None], list[set[Any]]] = {}
        for v in visits:
            e = est[v["establishment_id"]]
            acc = by_kind.setdefault((e["sector"], e["business_kind"]),
                                     [set(), set(), set(), set()])
            acc[0].add(e["id"])
            for n, outcome in ((1, "compliant"), (2, "reminded"), (3, "violations")):
                if v["outcome"] == outcome:
                    acc[n].add(e["id"])
        everyone = {v["establishment_id"] for v in visits}
        visit_ids = {v["id"] for v in visits}
        mine = {c["id"]: c for c in rows["case"] if c["visit_id"] in visit_ids}
        live = {k: c for k, c in mine.items() if c["status"] != "cancelled"}
        violations = [v for v in rows["viol"] if v["case_id"] in live]
        provisions: dict[tuple[str, str], list[Any]] = {}
        for v in violations:
            case = live[v["case_id"]]
            acc_p = provisions.setdefault((case["sector"], v["provision_key"]),
                                          [0, 0, 0, set()])
            acc_p[0] += 1
            acc_p[1] += 1 if v["warning"] else 0
            acc_p[2] += v["amount"]
            acc_p[3].add(case["establishment_id"] or case["id"])
        decisions = [d for d in rows["decision"] if d["case_id"] in mine
                     and d["issued_on"] is not None and d["issued_on"] <= end
                     and states.in_force(d["status"], d["issued_on"], d["amends_id"])]
        out[i["id"]] = {
            "members": len(members), "head": heads[-1] if heads else "",
            "establishments": len(everyone),
            "sole": (min(est[e]["name"] for e in everyone) if len(everyone) == 1 else ""),
            "by_kind": {k: tuple(len(x) for x in a) for k, a in by_kind.items()},
            "compliant": sum(len(a[1]) for a in by_kind.values()),
            "reminded": sum(len(a[2]) for a in by_kind.values()),
            "with_violations": len({(live[v["case_id"]]["establishment_id"]
                                     or v["case_id"]) for v in violations}),
            "violations": len(violations),
            "warnings": sum(1 for v in violations if v["warning"]),
            "decisions": len(decisions),
            "fines_imposed": sum(d["total_amount"] for d in decisions),
            "provisions": {k: (a[0], a[1], a[2], len(a[3])) for k, a in provisions.items()},
            "seized": _seized([s for s in rows["seized"] if s["case_id"] in live]),
        }
    return out


MONTH_FIELDS = ("inspections", "checks", "visits", "violations", "decisions", "fines_imposed",
                "fines_collected")


def _months(months: Any) -> dict[tuple[int, int], dict[str, int]]:
    return {(m.year, m.month): {k: getattr(m, k) for k in MONTH_FIELDS if getattr(m, k)}
            for m in months}


def project(t: Tally) -> dict[str, Any]:
    """The tally in the shape of :func:`recount` (lists as maps: their order is checked by the
    known-content tests)."""
    return {
        "headline": {k: getattr(t.headline, k) for k in t.headline.__dataclass_fields__},
        "months": _months(t.months),
        "kinds": {(k.sector, k.business_kind): (
            k.establishments_inspected, k.establishments_compliant, k.establishments_reminded,
            k.establishments_with_violations) for k in t.kinds},
        "sectors": {s.sector: (
            s.establishments_inspected, s.establishments_compliant, s.establishments_reminded,
            s.establishments_with_violations, s.violations, s.warnings, s.decisions,
            s.fines_imposed, s.fines_collected) for s in t.sectors},
        "provisions": {(p.sector, p.provision_key): (p.violations, p.warnings, p.fines,
                                                     p.violators) for p in t.provisions},
        "seized": {(s.kind, s.unit): (s.quantity, s.held, s.confiscated, s.destroyed,
                                      s.returned, s.records) for s in t.seized},
        "remedial": {r.code: (r.ordered, r.done) for r in t.remedial},
        "areas": {(a.district, a.commune): (a.establishments_inspected,
                                            a.establishments_with_violations, a.violations,
                                            a.fines_imposed) for a in t.areas},
        "inspections": {i.id: {
            "members": i.members, "head": i.team_head, "establishments": i.establishments,
            "sole": i.sole_establishment,
            "by_kind": {(k.sector, k.business_kind): (
                k.establishments_inspected, k.establishments_compliant,
                k.establishments_reminded, k.establishments_with_violations)
                for k in i.by_kind},
            "compliant": i.compliant, "reminded": i.reminded,
            "with_violations": i.with_violations, "violations": i.violations,
            "warnings": i.warnings, "decisions": i.decisions, "fines_imposed": i.fines_imposed,
            "provisions": {(p.sector, p.provision_key): (p.violations, p.warnings, p.fines,
                                                         p.violators) for p in i.provisions},
            "seized": {(s.kind, s.unit): (s.quantity, s.held, s.confiscated, s.destroyed,
                                          s.returned, s.records) for s in i.seized},
        } for i in t.inspections},
    }


def project_previous(t: Tally) -> dict[str, Any]:
    """The comparison period's headline and months, in the shape of ``recount(…, False)``."""
    return {"headline": {k: getattr(t.previous, k) for k in t.previous.__dataclass_fields__},
            "months": _months(t.previous_months)}


def differences(expected: dict[str, Any], got: dict[str, Any], path: str = "") -> list[str]:
    """Readable differences between two nested dicts (empty when equal)."""
    if isinstance(expected, dict) and isinstance(got, dict):
        out: list[str] = []
        for k in list(expected) + [k for k in got if k not in expected]:
            out += differences(expected.get(k), got.get(k), f"{path}[{k!r}]")
        return out
    return [] if expected == got else [f"{path}: expected {expected!r}, got {got!r}"]
