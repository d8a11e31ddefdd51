"""Issue 9 §1: who may sign, for every title × era × sector, read from a database built by
``db upgrade`` (not from the JSON).

The expected caps are written here from the fact sheets, not from the data:
``legal.md`` §3.1–§3.3 and ``legal-additions.md`` §1.6, §2.6, §3.3, §6. Amounts are
(individual, organisation) in đồng; a title/department missing from a row of ``EXPECTED`` holds
no cap for that sector on that date.
"""

from __future__ import annotations

from datetime import date

import pytest

from inspector.domain.competence import caps_on, check_competence
from inspector.domain.fines import ChargedViolation
from inspector.domain.law import Catalog
from inspector.services.law import law_data
from inspector.store.engine import Database

ICT = ("internet", "game", "ict_goods", "telecom")
PUB = ("publishing", "printing", "distribution")
TTTT, KHCN, VHTTDL, TDC = ("Thông tin và Truyền thông", "Khoa học và Công nghệ",
                           "Văn hóa, Thể thao và Du lịch", "Tiêu chuẩn Đo lường Chất lượng")

Cap = tuple[str, str | None, int, int]   # title, department (None: a chairman), ind, org

#: era label, a date in it, and per sector group the caps the fact sheets give.
ERA1_PUB: list[Cap] = [  # Decree 159/2013 Art 31 (legal-additions §2.6; legal.md §3.1)
    ("inspector_on_duty", TTTT, 500_000, 1_000_000),
    ("chief_inspector_department", TTTT, 50_000_000, 100_000_000),
    ("province_chairman", None, 100_000_000, 200_000_000),
]
ERA1_ICT: list[Cap] = [  # Decree 174/2013 Art 95(2) (legal-additions §3.3, §6)
    ("chief_inspector_department", TTTT, 50_000_000, 100_000_000),
    ("province_chairman", None, 100_000_000, 200_000_000),
]
ERA2_PUB: list[Cap] = [  # Decree 119/2020 Arts 33, 40 (legal-additions §1.6; legal.md §3.2)
    ("inspector_on_duty", TTTT, 500_000, 1_000_000),
    ("chief_inspector_department", TTTT, 50_000_000, 100_000_000),
    ("commune_chairman", None, 5_000_000, 10_000_000),
    ("district_chairman", None, 50_000_000, 100_000_000),
    ("province_chairman", None, 100_000_000, 200_000_000),
]
ERA2_ICT: list[Cap] = [  # Decree 15/2020 Art 114 as amended by 14/2022 (legal-additions §6)
    ("inspector_on_duty", TTTT, 500_000, 1_000_000),
    ("chief_inspector_department", TTTT, 50_000_000, 100_000_000),
    ("province_chairman", None, 100_000_000, 200_000_000),
]
ERA3_PUB: list[Cap] = [  # Decree 189/2025 Art 4: 50/80/100 % of 100 M (legal.md §3.3)
    ("director_department", VHTTDL, 80_000_000, 160_000_000),
    ("commune_chairman", None, 50_000_000, 100_000_000),
    ("province_chairman", None, 100_000_000, 200_000_000),
]
ERA3_ICT: list[Cap] = [  # Decree 189/2025 Art 4 on the 100 M IT maximum (legal.md §3.3)
    ("director_department", KHCN, 80_000_000, 160_000_000),
    ("commune_chairman", None, 50_000_000, 100_000_000),
    ("province_chairman", None, 100_000_000, 200_000_000),
]
ERA3_GAME = [*ERA3_ICT, ("director_department", VHTTDL, 80_000_000, 160_000_000)]
ERA4_ICT: list[Cap] = [  # Decree 174/2026 Arts 104, 106, 113 (legal.md §3.3)
    ("director_department", KHCN, 80_000_000, 160_000_000),
    ("commune_chairman", None, 50_000_000, 100_000_000),
    ("province_chairman", None, 100_000_000, 200_000_000),
]
ERA4_GAME = [*ERA4_ICT, ("director_department", VHTTDL, 80_000_000, 160_000_000)]
ERA4_GOODS = [*ERA4_ICT, ("sub_department_head", TDC, 50_000_000, 100_000_000)]
CHIEF_PROVINCE: Cap = ("chief_inspector_province", None, 80_000_000, 160_000_000)  # 311/2026


def _expected(on: date, sector: str) -> list[Cap]:
    pub = sector in PUB
    if (on <= date(2020, 4, 14) and not pub) or (on <= date(2020, 11, 30) and pub):
        return ERA1_PUB if pub else ERA1_ICT
    if on <= date(2025, 6, 30):
        return ERA2_PUB if pub else ERA2_ICT
    if pub:
        era3 = ERA3_PUB
    elif on <= date(2026, 6, 30):
        era3 = ERA3_GAME if sector == "game" else ERA3_ICT
    else:
        era3 = {"game": ERA4_GAME, "ict_goods": ERA4_GOODS}.get(sector, ERA4_ICT)
    return [*era3, CHIEF_PROVINCE] if on >= date(2026, 9, 26) else era3


DATES = {
    "2015-06-15 (159/2013, 174/2013)": date(2015, 6, 15),
    "2023-06-01 (119/2020, 15/2020+14/2022)": date(2023, 6, 1),
    "2025-06-30 (last day of the department inspectorate)": date(2025, 6, 30),
    "2025-07-01 (189/2025, first day)": date(2025, 7, 1),
    "2026-03-02 (189/2025)": date(2026, 3, 2),
    "2026-07-01 (174/2026, first day)": date(2026, 7, 1),
    "2026-10-01 (174/2026 + 311/2026)": date(2026, 10, 1),
}


@pytest.fixture(scope="module")
def catalog(upgraded_db: Database) -> Catalog:
    return law_data(upgraded_db).catalog


@pytest.mark.parametrize("sector", ICT + PUB)
@pytest.mark.parametrize("label", sorted(DATES))
def test_every_title_and_department_holds_the_cap_of_its_era_law_art_52(
        catalog: Catalog, label: str, sector: str) -> None:
    """Law Art 52 and the sector decrees' competence articles: each title × department ×
    sector × era holds exactly the cap the fact sheets give, and no other title holds one."""
    on = DATES[label]
    expected = {(t, a): (i, o) for t, a, i, o in _expected(on, sector)}
    found: dict[tuple[str, str | None], tuple[int, int]] = {}
    for title in catalog.title_codes():
        for cap in caps_on(catalog, title, on, sector):
            agency = cap.agency if "Sở" in cap.title or title == "sub_department_head" else None
            assert (title, agency) not in found, f"two caps for {title} {agency} on {on}"
            found[(title, agency)] = (cap.max_individual, cap.max_organization)
    assert found == expected


@pytest.mark.parametrize("sector", PUB)
def test_provincial_chairman_may_sign_a_publishing_case_after_the_reform_decree_189_2025(
        catalog: Catalog, sector: str) -> None:
    """Decree 189/2025 Art 4: 100 % of the field maximum from 01/7/2025 (issue 9 §1: no title
    was competent for a bookshop, printer or publisher)."""
    key = next(p.key for p in catalog.provisions_for(sector, date(2025, 8, 1))
               if p.printed_max is not None)
    for title in ("province_chairman", "director_department", "commune_chairman"):
        result = check_competence(catalog, title, date(2025, 8, 1), "individual",
                                  [ChargedViolation(key)], agency=None)
        assert result.within, (title, result.reasons)


def test_culture_director_signs_a_game_point_case_but_not_an_internet_point_decree_174_2026(
        catalog: Catalog) -> None:
    """Decree 174/2026 Art 106 (legal.md §3.3): the Sở VHTTDL Director covers game points
    (Art 100) only; the Sở KH&CN Director both."""
    on = date(2026, 8, 3)
    game = next(p.key for p in catalog.provisions_for("game", on) if p.printed_max)
    internet = next(p.key for p in catalog.provisions_for("internet", on) if p.printed_max)
    vh = check_competence(catalog, "director_department", on, "organization",
                          [ChargedViolation(game)], agency=VHTTDL)
    assert vh.within
    assert vh.violations[0].cap is not None
    assert vh.violations[0].cap.display_title() == "Giám đốc Sở Văn hóa, Thể thao và Du lịch"
    assert not check_competence(catalog, "director_department", on, "organization",
                                [ChargedViolation(internet)], agency=VHTTDL).within
    kh = check_competence(catalog, "director_department", on, "organization",
                          [ChargedViolation(internet)], agency=KHCN)
    assert kh.within


def test_chief_inspector_is_refused_from_1_july_2025_law_88_2025(catalog: Catalog) -> None:
    """Law 88/2025 (Art 37a): the Chánh Thanh tra Sở is not in the list from 01/7/2025."""
    key = next(p.key for p in catalog.provisions_for("distribution", date(2025, 7, 1))
               if p.printed_max)
    result = check_competence(catalog, "chief_inspector_department", date(2025, 7, 1),
                              "individual", [ChargedViolation(key)])
    assert not result.within
    assert result.competent_title == "director_department"


@pytest.mark.parametrize("sector", PUB)
def test_a_science_department_case_on_a_bookshop_goes_to_the_culture_director_law_art_52_3(
        catalog: Catalog, sector: str) -> None:
    """Law Art 52(3) and Decree 189/2025 Art 4 (legal.md §3.3): after 01/7/2025 the Sở KH&CN
    Director holds no cap in the publishing field; the Sở VHTTDL Director holds 80 M, so a case
    within that is transferred to him, not passed over to the provincial chairman."""
    from inspector.domain.competence import recipient_title

    on = date(2026, 11, 25)
    key = next(p.key for p in catalog.provisions_for(sector, on)
               if p.printed_max is not None and p.printed_max <= 80_000_000)
    result = check_competence(catalog, "director_department", on, "individual",
                              [ChargedViolation(key)], agency=KHCN)
    assert not result.within
    assert (result.competent_title, result.competent_agency) == ("director_department", VHTTDL)
    assert recipient_title(catalog, result, on, [sector], "Cao Bằng") == \
        "Giám đốc Sở Văn hóa, Thể thao và Du lịch tỉnh Cao Bằng"


def test_the_provincial_chairman_is_named_with_the_province(catalog: Catalog) -> None:
    """The addressee of a transfer letter names the body: "Chủ tịch Ủy ban nhân dân tỉnh Cao
    Bằng", not "... tỉnh." (Decree 30/2020 layout: the recipient as the body is called)."""
    from inspector.domain.competence import CompetenceResult, recipient_title

    to_chairman = CompetenceResult(False, (), "province_chairman", ())
    assert recipient_title(catalog, to_chairman, date(2026, 11, 25), ["distribution"],
                           "Cao Bằng") == "Chủ tịch Ủy ban nhân dân tỉnh Cao Bằng"
    assert recipient_title(catalog, to_chairman, date(2015, 6, 5), ["internet"], "") == \
        "Chủ tịch Ủy ban nhân dân tỉnh"
