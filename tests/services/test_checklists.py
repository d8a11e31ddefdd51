"""The sector checklists: data files whose every proposed provision is in the catalog."""

from __future__ import annotations

from datetime import date

import pytest

from inspector.domain.law import Catalog, load_catalog
from inspector.services.checklists import (
    ChecklistAnswer,
    ChecklistError,
    answers_from_json,
    answers_to_json,
    checklist_sectors,
    load_checklist,
    proposed_provisions,
    validate_answers,
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_every_field_sector_has_a_checklist() -> None:
    """Internet, game, printing, distribution and ICT goods each have their list."""
    assert set(checklist_sectors()) >= {"internet", "game", "printing", "distribution",
                                        "ict_goods"}


@pytest.mark.parametrize("sector", ["internet", "game", "printing", "distribution", "ict_goods"])
def test_every_proposed_key_exists_under_the_decree_it_is_filed_under(
        catalog: Catalog, sector: str) -> None:
    """Each key is in db/reference/provisions.json and belongs to the decree it is listed for."""
    checklist = load_checklist(sector)
    assert checklist.sector == sector and checklist.items
    for item in checklist.items:
        for instrument, keys in item.provisions.items():
            for key in keys:
                assert catalog.provision(key).instrument == instrument, (item.id, key)


def test_proposals_follow_the_date(catalog: Catalog) -> None:
    """A failed invoices item proposes 159/2013 Art 27 in 2015 and 119/2020 Art 29 in 2024."""
    item = load_checklist("distribution").item("invoices")
    assert next(p.key for p in proposed_provisions(catalog, item, date(2015, 6, 1))) == \
        "159/2013/NĐ-CP:27.1"
    assert next(p.key for p in proposed_provisions(catalog, item, date(2024, 6, 1))) == \
        "119/2020/NĐ-CP:29.1.a"
    hours = load_checklist("internet").item("opening_hours")
    assert [p.key for p in proposed_provisions(catalog, hours, date(2026, 7, 2))] == [
        "174/2026/NĐ-CP:36.3.a"]


def test_answers_are_validated_and_round_trip() -> None:
    """Unknown items, answers and misplaced counts are reported per item."""
    checklist = load_checklist("game")
    answers = (ChecklistAnswer("machines", "yes", count=20),
               ChecklistAnswer("opening_hours", "no", "Mở đến 23 giờ"))
    assert validate_answers(checklist, answers) == []
    assert answers_from_json(answers_to_json(checklist, answers)) == answers
    bad = validate_answers(checklist, (ChecklistAnswer("opening_hours", "yes", count=3),
                                       ChecklistAnswer("xyz", "yes"),
                                       ChecklistAnswer("machines", "maybe")))
    assert {p.field for p in bad} == {"checklist.opening_hours", "checklist.xyz",
                                      "checklist.machines"}
    with pytest.raises(ChecklistError):
        load_checklist("telecom")
    with pytest.raises(ChecklistError):
        load_checklist("../x")
