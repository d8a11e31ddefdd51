"""The caobang-2015 scenario: the tally of its database states every figure of the
department's 2015 report (shared/seed), and every amount is valid for the 2015 law."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from inspector.domain.fines import bracket_for, provision_in_force
from inspector.services.actor import Actor
from inspector.services.errors import ValidationError
from inspector.services.law import law_data
from inspector.services.scenarios.caobang2015 import SIGNER_TITLE, build_caobang_2015
from inspector.services.tallies import InspectionFigures, Tally, compute_tally
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import Case, SanctionDecision, SeizedItem, Violation


@pytest.fixture
def seeded(db: Database, operator: Actor) -> Database:
    build_caobang_2015(db, operator)
    return db


@pytest.fixture
def tally(seeded: Database, operator: Actor) -> Tally:
    return compute_tally(seeded, operator, date(2015, 1, 1), date(2015, 12, 31))


def _one(t: Tally, words: str) -> InspectionFigures:
    found = [i for i in t.inspections if words in i.title]
    assert len(found) == 1, words
    return found[0]


def _kinds(i: InspectionFigures) -> dict[str | None, int]:
    return {k.business_kind: k.establishments_inspected for k in i.by_kind}


def test_five_inspections_two_thematic_checks_no_complaints(tally: Tally) -> None:
    """"05 cuộc thanh tra, 02 cuộc kiểm tra theo chuyên đề"; no complaint or denunciation."""
    h = tally.headline
    assert (h.inspections, h.checks) == (5, 2)
    assert {(k.mode, k.kind): k.count for k in tally.by_kind if k.mode == "kiem_tra"} == {
        ("kiem_tra", "thematic"): 2}
    assert (h.complaints, h.denunciations) == (0, 0)


def test_conformity_nine_shops_two_million(tally: Tally) -> None:
    """09 supermarkets and shops in the city, 2.000.000 đồng by the Chief Inspector."""
    i = _one(tally, "hợp quy")
    assert (i.mode, i.establishments, i.fines_imposed) == ("thanh_tra", 9, 2_000_000)
    assert _kinds(i) == {"supermarket": 3, "ict_shop": 6}
    assert "thành phố Cao Bằng" in i.scope


def test_internet_three_isps_and_45_points_42_million(tally: Tally) -> None:
    i = _one(tally, "lĩnh vực Internet")
    assert (i.kind, i.fines_imposed) == ("interdisciplinary", 42_000_000)
    kinds = _kinds(i)
    assert kinds["isp"] == 3
    assert kinds["internet_point"] + kinds["game_point"] == 45


def test_distribution_six_of_fourteen_700_books_15_5_million(tally: Tally) -> None:
    i = _one(tally, "phát hành xuất bản phẩm")
    assert (i.establishments, i.with_violations, i.fines_imposed) == (14, 6, 15_500_000)
    assert _kinds(i) == {"distributor": 14}
    books = [s for s in i.seized if s.unit == "cuốn"]
    assert len(books) == 1 and books[0].confiscated == books[0].quantity > 700


def test_printing_company_reminded(tally: Tally) -> None:
    i = _one(tally, "hoạt động in")
    assert (i.establishments, i.reminded, i.with_violations, i.decisions) == (1, 1, 0, 0)
    assert i.sole_establishment == "Công ty Cổ phần in Việt Lập Cao Bằng"
    assert tally.headline.establishments_reminded == 1


def test_telecom_check_all_compliant(tally: Tally) -> None:
    """34 telecom agents, 07 telecom shops, 15 ICT shops, all compliant, in five places."""
    i = _one(tally, "chất lượng dịch vụ viễn thông")
    assert (i.mode, i.kind) == ("kiem_tra", "thematic")
    assert _kinds(i) == {"telecom_agent": 34, "telecom_shop": 7, "ict_shop": 15}
    assert i.compliant == i.establishments == 56 and i.with_violations == 0
    for place in ("thành phố Cao Bằng", "Phục Hòa", "Thạch An", "Trà Lĩnh", "Quảng Uyên"):
        assert place in i.scope


def test_year_totals_and_sectors(tally: Tally) -> None:
    h = tally.headline
    assert h.fines_imposed == 2_000_000 + 42_000_000 + 15_500_000
    assert h.fines_collected == h.fines_imposed and h.fines_outstanding == 0
    assert h.decisions == h.violation_records == 18
    fines = {s.sector: s.fines_imposed for s in tally.sectors if s.fines_imposed}
    assert fines == {"ict_goods": 2_000_000, "internet": 42_000_000, "distribution": 15_500_000}
    assert sum(s.quantity for s in tally.seized if s.unit == "cuốn") > 700
    assert tally.area_mode == "former"
    assert {a.district for a in tally.areas} >= {"Thành phố Cao Bằng", "Huyện Phục Hòa",
                                                "Huyện Thạch An", "Huyện Trà Lĩnh",
                                                "Huyện Quảng Uyên"}


def test_every_amount_valid_for_2015(seeded: Database, operator: Actor) -> None:
    """Each violation cites a provision in force on its date with an amount in its bracket;
    decisions are numbered 1..18 in 2015 and signed by the Chief Inspector."""
    catalog = law_data(seeded).catalog
    with UnitOfWork(seeded, operator) as uow:
        rows = uow.session.execute(
            select(Violation, Case.subject_kind)
            .join(Case, Case.id == Violation.case_id)).all()
        assert rows
        for v, subject in rows:
            on = v.discovered_on if v.ongoing else v.ended_on
            assert on is not None and on.year == 2015
            provision = provision_in_force(catalog, v.provision_key, on)
            assert provision.instrument in ("174/2013/NĐ-CP", "159/2013/NĐ-CP")
            bracket = bracket_for(provision, subject, multiple=2)
            assert v.warning or bracket.minimum <= v.amount <= bracket.maximum
        decisions = list(uow.session.scalars(select(SanctionDecision)))
        assert sorted(d.number for d in decisions) == list(range(1, 19))
        assert {d.signer_title for d in decisions} == {SIGNER_TITLE}
        assert {d.number_text.split("/")[1] for d in decisions} == {"QĐ-XPHC"}
        seized = list(uow.session.scalars(select(SeizedItem)))
        assert {s.disposal for s in seized} == {"confiscated"}


def test_built_once(seeded: Database, operator: Actor) -> None:
    with pytest.raises(ValidationError):
        build_caobang_2015(seeded, operator)
