"""Issue 9 §5: amending instruments are cited from their own effective dates.

Worked cases from legal.md §1.1 and §2.1 (not from the code): Decree 14/2022 amends Decree
15/2020 (Art 106 among others) and takes effect on 27/01/2022; Decree 211/2025 amends 15/2020
but its effective date is not known, so it is never cited; Decree 118/2021 is amended by
Decrees 68/2025 and 190/2025; Law 67/2020 takes effect on 01/01/2022, Law 88/2025 on 01/7/2025.
"""

from __future__ import annotations

from datetime import date

import pytest

from inspector.domain.law import Catalog, load_catalog
from inspector.services import decisions
from inspector.services.actor import Actor
from inspector.store.engine import Database
from tests.conftest import make_actor
from tests.documents.pdfread import text
from tests.factories import INTERNET_POINT, configure_agency, make_case

CHIEF = make_actor("chief", "chanh.tt")
PLAYER_RULE = "15/2020/NĐ-CP:106.2"  # amended by 14/2022 (provisions.json)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize(("ended", "cited"), [
    (date(2021, 11, 10), False),   # before 27/01/2022
    (date(2022, 1, 26), False),    # the day before
    (date(2022, 1, 27), True),     # its effective date
    (date(2024, 5, 2), True),
])
def test_decree_14_2022_is_cited_only_from_27_01_2022(catalog: Catalog, ended: date,
                                                      cited: bool) -> None:
    citation = catalog.citation(PLAYER_RULE, ended)
    assert "Điều 106 Nghị định số 15/2020/NĐ-CP" in citation
    assert ("14/2022/NĐ-CP" in citation) is cited


def test_an_amendment_without_an_effective_date_is_never_cited(catalog: Catalog) -> None:
    """Decree 211/2025 (issued 25/7/2025, effective date unknown) amends 15/2020."""
    inst = catalog.instrument("211/2025/NĐ-CP")
    assert inst.effective_from is None and "effective_from" in inst.unconfirmed_fields
    found = catalog.amendments_in_force(catalog.instrument("15/2020/NĐ-CP").amended_by,
                                        date(2026, 6, 30))
    assert [i.number for i in found] == ["14/2022/NĐ-CP"]


@pytest.mark.parametrize(("on", "years"), [
    (date(2015, 3, 16), ()), (date(2021, 12, 31), ()), (date(2022, 1, 1), (2020,)),
    (date(2025, 6, 30), (2020,)), (date(2025, 7, 1), (2020, 2025)),
])
def test_the_law_amendments_come_from_the_data(catalog: Catalog, on: date,
                                               years: tuple[int, ...]) -> None:
    assert catalog.law_amended_in(on) == years


def _player_case(db: Database, operator: Actor, ended: date) -> object:
    return make_case(db, operator, [{
        "provision_key": PLAYER_RULE, "amount": 800_000, "ended_on": ended,
        "facts": "Người chơi chơi quá thời gian quy định"}],
        establishment={**INTERNET_POINT, "sector": "game"}, opened_on=ended)


def test_a_2021_violation_decided_in_2022_cites_15_2020_without_14_2022(
        db: Database, operator: Actor) -> None:
    """Ended 10/11/2021, decided 15/02/2022: the act broke 15/2020 as it stood then; the Law is
    named with its 2020 amendment (in force on the decision date), Decree 118/2021 without the
    2025 amendments."""
    configure_agency(db, operator, era="2015")
    case_id = _player_case(db, operator, date(2021, 11, 10))
    t = text(decisions.draft_decision_pdf(db, CHIEF, case_id, date(2022, 2, 15)))
    assert "14/2022" not in t
    assert "Điều 106 Nghị định số 15/2020/NĐ-CP" in t
    assert "Luật Xử lý vi phạm hành chính (sửa đổi, bổ sung năm 2020)" in t
    assert "Nghị định số 118/2021/NĐ-CP" in t
    assert "68/2025" not in t and "190/2025" not in t


def test_a_2022_violation_cites_15_2020_with_14_2022(db: Database, operator: Actor) -> None:
    configure_agency(db, operator, era="2015")
    case_id = _player_case(db, operator, date(2022, 3, 1))
    t = text(decisions.draft_decision_pdf(db, CHIEF, case_id, date(2022, 3, 4)))
    assert ("Điều 106 Nghị định số 15/2020/NĐ-CP (được sửa đổi, bổ sung bởi Nghị định số "
            "14/2022/NĐ-CP)") in t
    assert "Căn cứ Nghị định số 15/2020/NĐ-CP" in t
    assert "được sửa đổi, bổ sung bởi Nghị định số 14/2022/NĐ-CP ngày 27 tháng 01 năm 2022" in t


def test_a_2026_decision_cites_118_2021_with_68_2025_and_190_2025_never_211_2025(
        db: Database, operator: Actor) -> None:
    """Ended 15/6/2026 under 15/2020 (174/2026 applies from 01/7/2026), decided 01/7/2026."""
    configure_agency(db, operator)
    case_id = _player_case(db, operator, date(2026, 6, 15))
    t = text(decisions.draft_decision_pdf(db, CHIEF, case_id, date(2026, 7, 1)))
    assert "Luật Xử lý vi phạm hành chính (sửa đổi, bổ sung năm 2020 và năm 2025)" in t
    basis = t[t.index("Căn cứ Nghị định số 118/2021/NĐ-CP"):]
    basis = basis[:basis.index("Căn cứ", 10)]
    assert "68/2025/NĐ-CP" in basis and "190/2025/NĐ-CP" in basis
    assert basis.index("68/2025") < basis.index("190/2025")
    assert "211/2025" not in t
    assert "14/2022/NĐ-CP" in t
