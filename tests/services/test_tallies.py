"""The query layer of Thống kê: each figure on a database whose contents are known, including
the edges of the period, cancelled and draft rows, and payments after the period."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest

from inspector.services.actor import Actor
from inspector.services.errors import PermissionDenied, ValidationError
from inspector.services.tallies import (
    Headline,
    Tally,
    TallyCancelled,
    compute_tally,
    export_tally,
    year_summary,
)
from inspector.services.uow import UnitOfWork
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
from tests.conftest import make_actor

Y = 2015


def _est(s: Any, sector: str, kind: str | None, name: str, commune: str = "Phường Hợp Giang",
         district: str = "Thành phố Cao Bằng") -> Establishment:
    e = Establishment(sector=sector, business_kind=kind, name=name, owner_kind="household",
                      owner_name="Chủ " + name, commune_name="Phường Thục Phán",
                      former_commune_name=commune, former_district=district,
                      province_name="Cao Bằng", search_text=name.lower(), name_sort=name)
    s.add(e)
    s.flush()
    return e


def _insp(s: Any, mode: str, kind: str, start: date) -> Inspection:
    i = Inspection(mode=mode, kind=kind, title=f"{mode} {kind} {start}", start_date=start,
                   end_date=start)
    s.add(i)
    s.flush()
    return i


def _visit(s: Any, i: Inspection, e: Establishment, day: date, outcome: str) -> Visit:
    v = Visit(inspection_id=i.id, establishment_id=e.id, visit_date=day, outcome=outcome)
    s.add(v)
    s.flush()
    return v


def _case(s: Any, sector: str, opened: date, est: Establishment | None = None,
          visit: Visit | None = None, status: str = "decided", **kw: Any) -> Case:
    c = Case(visit_id=visit.id if visit else None, establishment_id=est.id if est else None,
             subject_kind="individual", violator={"name": "x"}, sector=sector, status=status,
             opened_on=opened, **kw)
    s.add(c)
    s.flush()
    return c


def _viol(s: Any, c: Case, key: str, amount: int, warning: bool = False, **kw: Any) -> None:
    s.add(Violation(case_id=c.id, provision_key=key, ended_on=c.opened_on, amount=amount,
                    warning=warning, **kw))


def _decision(s: Any, agency: uuid.UUID, c: Case, issued: date | None, status: str, total: int,
              number: int | None) -> SanctionDecision:
    d = SanctionDecision(case_id=c.id, agency_id=agency, year=(issued or date(Y, 1, 1)).year,
                         number=number, issued_on=issued, status=status, total_amount=total)
    s.add(d)
    s.flush()
    return d


@pytest.fixture
def known(db: Database, operator: Actor) -> Database:
    """A small 2014–2016 database; the expected figures are worked out in the tests."""
    with UnitOfWork(db, operator) as uow:
        s = uow.session
        agency = AgencySettings(agency_name="Sở Thông tin và Truyền thông", place_name="Cao Bằng")
        s.add(agency)
        s.flush()
        e1 = _est(s, "internet", "internet_point", "Điểm Internet Một")
        e2 = _est(s, "distribution", "distributor", "Nhà sách Hai", "Phường Sông Hiến")
        e3 = _est(s, "ict_goods", "supermarket", "Siêu thị Ba")
        e4 = _est(s, "printing", "printer", "Cơ sở in Bốn", "Thị trấn Đông Khê", "Huyện Thạch An")
        e5 = _est(s, "telecom", "telecom_agent", "Đại lý Năm")
        i1 = _insp(s, "thanh_tra", "scheduled", date(Y, 1, 1))
        i2 = _insp(s, "kiem_tra", "thematic", date(Y, 12, 31))
        i0 = _insp(s, "thanh_tra", "unscheduled", date(Y - 1, 12, 31))
        _insp(s, "thanh_tra", "interdisciplinary", date(Y + 1, 1, 1))
        v1 = _visit(s, i1, e1, date(Y, 3, 2), "violations")
        v2 = _visit(s, i1, e2, date(Y, 3, 3), "violations")
        _visit(s, i1, e3, date(Y, 3, 4), "compliant")
        _visit(s, i2, e4, date(Y, 12, 31), "reminded")
        _visit(s, i1, e1, date(Y, 3, 5), "compliant")
        _visit(s, i0, e5, date(Y - 1, 12, 31), "compliant")
        c1 = _case(s, "internet", date(Y, 3, 2), e1, v1, "paid")
        _viol(s, c1, "174/2013/NĐ-CP:?.3", 3_750_000, remedial_measures=[
            {"code": "remove", "text": "Buộc gỡ bỏ", "done_on": "2015-04-01"},
            {"code": "gains", "text": "Buộc nộp lại số lợi bất hợp pháp"}])
        _viol(s, c1, "174/2013/NĐ-CP:?.1", 0, warning=True)
        s.add(SeizedItem(case_id=c1.id, kind="Máy tính", unit="bộ", quantity=10))
        c2 = _case(s, "distribution", date(Y, 3, 3), e2, v2, "partly_paid")
        _viol(s, c2, "159/2013/NĐ-CP:27.1", 2_000_000)
        s.add(SeizedItem(case_id=c2.id, kind="Sách", unit="cuốn", quantity=50,
                         disposal="confiscated", disposal_date=date(Y, 3, 12)))
        s.add(SeizedItem(case_id=c2.id, kind="Sách", unit="cuốn", quantity=5,
                         disposal="returned", disposal_date=date(Y, 3, 12)))
        s.add(SeizedItem(case_id=c2.id, kind="Đĩa CD", unit="chiếc", quantity=3,
                         disposal="destroyed", disposal_date=date(Y, 3, 20)))
        c3 = _case(s, "distribution", date(Y, 6, 1), e2, None, "transferred",
                   transferred_on=date(Y, 6, 10), transferred_to="Chủ tịch UBND tỉnh")
        _viol(s, c3, "159/2013/NĐ-CP:27.5.a", 25_000_000)
        c4 = _case(s, "ict_goods", date(Y, 5, 1), e3, None, "cancelled")
        _viol(s, c4, "174/2013/NĐ-CP:46.1.c", 2_000_000)
        c5 = _case(s, "game", date(Y, 7, 1), None, None, "decided")
        _viol(s, c5, "174/2013/NĐ-CP:?.2", 1_000_000)
        c6 = _case(s, "internet", date(Y - 1, 12, 31), e1, None, "paid")
        _viol(s, c6, "174/2013/NĐ-CP:?.3", 4_000_000)
        _case(s, "printing", date(Y, 12, 31), e4, None, "reminded")
        d1 = _decision(s, agency.id, c1, date(Y, 3, 10), "paid", 3_750_000, 1)
        s.add(Payment(decision_id=d1.id, paid_on=date(Y, 3, 20), amount=3_750_000))
        d2 = _decision(s, agency.id, c2, date(Y, 3, 12), "partly_paid", 2_000_000, 2)
        s.add(Payment(decision_id=d2.id, paid_on=date(Y, 4, 1), amount=500_000))
        s.add(Payment(decision_id=d2.id, paid_on=date(Y + 1, 1, 5), amount=1_000_000))
        _decision(s, agency.id, c5, date(Y, 12, 31), "issued", 1_000_000, 3)
        _decision(s, agency.id, c1, None, "draft", 3_750_000, None)
        _decision(s, agency.id, c2, date(Y, 3, 11), "amended", 2_500_000, 4)
        d6 = _decision(s, agency.id, c6, date(Y, 1, 5), "paid", 4_000_000, 5)
        s.add(Payment(decision_id=d6.id, paid_on=date(Y, 1, 10), amount=4_000_000))
        _decision(s, agency.id, c5, date(Y + 1, 1, 2), "issued", 1_000_000, 1)
        for c, made, status in ((c1, date(Y, 3, 2), "issued"), (c2, date(Y, 3, 3), "issued"),
                                (c3, date(Y, 6, 1), "draft"), (c5, date(Y, 7, 1), "cancelled")):
            s.add(ViolationRecord(case_id=c.id, agency_id=agency.id, year=Y, made_on=made,
                                  status=status))
        s.add(Complaint(kind="complaint", received_on=date(Y, 2, 1)))
        s.add(Complaint(kind="denunciation", received_on=date(Y, 12, 31)))
        s.add(Complaint(kind="petition", received_on=date(Y - 1, 12, 31)))
        uow.commit()
    return db


@pytest.fixture
def tally(known: Database, operator: Actor) -> Tally:
    return compute_tally(known, operator, date(Y, 1, 1), date(Y, 12, 31))


def test_headline_counts_each_figure_on_its_own_date(tally: Tally) -> None:
    """Boundaries included, cancelled cases, drafts, amended decisions and later payments out."""
    assert tally.headline == Headline(
        inspections=1, checks=1, establishments_inspected=4, establishments_compliant=2,
        establishments_reminded=1, establishments_with_violations=3, violation_records=2,
        cases=5, violations=5, warnings=1, decisions=4, fines_imposed=10_750_000,
        fines_collected=8_250_000, fines_outstanding=2_500_000, cases_transferred=1,
        remedial_ordered=2, remedial_done=1, complaints=1, denunciations=1, petitions=0)


def test_previous_year_is_counted_the_same_way(tally: Tally) -> None:
    """The comparison column: 2014's inspection, visit, case and petition."""
    assert tally.previous_period.start == date(Y - 1, 1, 1)
    p = tally.previous
    assert (p.inspections, p.checks, p.establishments_inspected, p.establishments_compliant,
            p.cases, p.violations, p.establishments_with_violations, p.decisions,
            p.petitions) == (1, 0, 1, 1, 1, 1, 1, 0, 1)


def test_inspections_by_mode_and_kind(tally: Tally) -> None:
    assert [(k.mode, k.kind, k.count) for k in tally.by_kind] == [
        ("thanh_tra", "scheduled", 1), ("kiem_tra", "thematic", 1)]


def test_sector_figures(tally: Tally) -> None:
    """Per sector: establishments, violations, decisions and money (collected by period end)."""
    got = {s.sector: (s.establishments_inspected, s.establishments_compliant,
                      s.establishments_reminded, s.establishments_with_violations, s.violations,
                      s.warnings, s.decisions, s.fines_imposed, s.fines_collected,
                      s.fines_outstanding) for s in tally.sectors}
    assert got == {
        "internet": (1, 1, 0, 1, 2, 1, 2, 7_750_000, 7_750_000, 0),
        "game": (0, 0, 0, 1, 1, 0, 1, 1_000_000, 0, 1_000_000),
        "ict_goods": (1, 1, 0, 0, 0, 0, 0, 0, 0, 0),
        "printing": (1, 0, 1, 0, 0, 0, 0, 0, 0, 0),
        "distribution": (1, 0, 0, 1, 2, 0, 1, 2_000_000, 500_000, 1_500_000),
    }
    assert [s.sector for s in tally.sectors] == ["internet", "game", "ict_goods", "printing",
                                                 "distribution"]


def test_kinds_provisions_seized_remedial(tally: Tally) -> None:
    kinds = {(k.sector, k.business_kind): (k.establishments_inspected,
                                           k.establishments_with_violations)
             for k in tally.kinds}
    assert kinds[("internet", "internet_point")] == (1, 1)
    assert kinds[("game", None)] == (0, 1)  # a case without an establishment
    provisions = {(p.provision_key, p.violations, p.warnings, p.fines)
                  for p in tally.provisions}
    assert ("174/2013/NĐ-CP:?.1", 1, 1, 0) in provisions
    assert ("159/2013/NĐ-CP:27.5.a", 1, 0, 25_000_000) in provisions
    assert not any(p.provision_key == "174/2013/NĐ-CP:46.1.c" for p in tally.provisions)
    books = next(p for p in tally.provisions if p.provision_key == "159/2013/NĐ-CP:27.1")
    assert books.citation == "khoản 1 Điều 27 Nghị định số 159/2013/NĐ-CP"
    seized = {(s.kind, s.unit): (s.quantity, s.held, s.confiscated, s.destroyed, s.returned)
              for s in tally.seized}
    assert seized == {("Sách", "cuốn"): (55, 0, 50, 0, 5), ("Máy tính", "bộ"): (10, 10, 0, 0, 0),
                      ("Đĩa CD", "chiếc"): (3, 0, 0, 3, 0)}
    assert {(r.code, r.ordered, r.done) for r in tally.remedial} == {("remove", 1, 1),
                                                                    ("gains", 1, 0)}


def test_months_and_areas_add_up(tally: Tally) -> None:
    """The monthly and per-area figures sum to the headline."""
    h = tally.headline
    months = {m.month: m for m in tally.months}
    assert len(months) == 12
    assert (months[1].inspections, months[1].decisions, months[1].fines_collected) == \
        (1, 1, 4_000_000)
    assert (months[3].visits, months[3].violations, months[3].fines_imposed,
            months[3].fines_collected) == (4, 3, 5_750_000, 3_750_000)
    assert months[4].fines_collected == 500_000
    assert (months[12].checks, months[12].visits, months[12].decisions) == (1, 1, 1)
    assert sum(m.violations for m in tally.months) == h.violations
    assert sum(m.decisions for m in tally.months) == h.decisions
    assert sum(m.fines_imposed for m in tally.months) == h.fines_imposed
    assert tally.area_mode == "former"
    areas = {(a.district, a.commune): a for a in tally.areas}
    assert areas[("Thành phố Cao Bằng", "Phường Hợp Giang")].violations == 2
    assert areas[("Huyện Thạch An", "Thị trấn Đông Khê")].establishments_inspected == 1
    assert areas[("", "(không rõ địa bàn)")].violations == 1
    assert sum(a.violations for a in tally.areas) == h.violations
    assert sum(a.fines_imposed for a in tally.areas) == h.fines_imposed
    assert sum(s.fines_imposed for s in tally.sectors) == h.fines_imposed


def test_each_inspection_with_its_outcome(tally: Tally) -> None:
    first, last = tally.inspections
    assert (first.establishments, first.compliant, first.with_violations, first.violations,
            first.warnings, first.decisions, first.fines_imposed) == (3, 2, 2, 3, 1, 2, 5_750_000)
    assert {(s.kind, s.quantity) for s in first.seized} == {("Sách", 55), ("Máy tính", 10),
                                                           ("Đĩa CD", 3)}
    assert (last.mode, last.establishments, last.reminded, last.sole_establishment) == \
        ("kiem_tra", 1, 1, "Cơ sở in Bốn")


def test_any_range_and_areas_after_the_reform(known: Database, operator: Actor) -> None:
    """A range inside the year; from 01/7/2025 on, areas are today's communes."""
    march = compute_tally(known, operator, date(Y, 3, 1), date(Y, 3, 31))
    assert (march.headline.violations, march.headline.decisions, march.period.label) == \
        (3, 2, "từ ngày 01/03/2015 đến ngày 31/03/2015")
    assert [m.month for m in march.months] == [3]
    late = compute_tally(known, operator, date(2025, 7, 1), date(2025, 12, 31))
    assert late.area_mode == "commune" and late.headline == Headline()


def test_bad_period_refused(db: Database, operator: Actor) -> None:
    with pytest.raises(ValidationError) as info:
        compute_tally(db, operator, date(Y, 5, 1), date(Y, 1, 1))
    assert "sau ngày kết thúc" in info.value.vi


def test_progress_and_cancel(known: Database, operator: Actor) -> None:
    """Progress goes through every section; raising from it stops the count."""
    seen: list[tuple[int, int]] = []
    compute_tally(known, operator, date(Y, 1, 1), date(Y, 12, 31),
                  lambda d, t, _label: seen.append((d, t)))
    assert seen[0] == (0, seen[0][1]) and seen[-1] == (seen[0][1], seen[0][1])

    def stop(done: int, _t: int, _label: str) -> None:
        if done == 2:
            raise TallyCancelled()

    with pytest.raises(TallyCancelled):
        compute_tally(known, operator, date(Y, 1, 1), date(Y, 12, 31), stop)


def test_roles(known: Database, tally: Tally, tmp_path: Any) -> None:
    """Everyone may view; only roles with the export permission write files."""
    inspector = make_actor("inspector")
    assert compute_tally(known, inspector, date(Y, 1, 1), date(Y, 12, 31)) == tally
    with pytest.raises(PermissionDenied):
        export_tally(known, inspector, tally, "csv", tmp_path / "t.csv")
    assert export_tally(known, make_actor("clerk"), tally, "csv", tmp_path / "t.csv").exists()


def test_year_summary_still_answers(known: Database, operator: Actor) -> None:
    """The first version's function now reads the same query layer."""
    summary = year_summary(known, operator, Y)
    assert summary.inspections_by_kind == {"scheduled": 1}
    assert summary.checks_by_kind == {"thematic": 1}
    assert {s.sector: s.fines_decided for s in summary.sectors}["internet"] == 7_750_000
