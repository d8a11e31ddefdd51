"""The sanction engine, rule by rule; each test names the article it pins."""

from __future__ import annotations

from datetime import date

import pytest

from inspector.domain.deadlines import circumstance_rule, load_procedure_rules
from inspector.domain.fines import (
    AppliedSanction,
    ChargedViolation,
    applicable_instrument,
    bracket_for,
    case_total,
    check_amount,
    check_violation,
    combine_suspensions,
    combine_withdrawals,
    normalize_subject,
    provision_in_force,
    quote_duration,
    quote_fine,
    quote_range,
    repeat_treatment,
    violation_reference_date,
)
from inspector.domain.law import Catalog, LawError, load_catalog

M = 1_000_000
#: Decree 118/2021 Art 9(1), as the dated procedure rules give it for a violation of 2026.
ART_9 = circumstance_rule(load_procedure_rules(), date(2026, 1, 1))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _code(excinfo: pytest.ExceptionInfo[LawError]) -> str:
    return excinfo.value.code


# --------------------------------------------------------------------------- which law applies

@pytest.mark.parametrize(
    ("sector", "ended_on", "decree"),
    [
        ("internet", date(2015, 6, 1), "174/2013/NĐ-CP"),
        ("internet", date(2020, 4, 14), "174/2013/NĐ-CP"),
        ("internet", date(2020, 4, 15), "15/2020/NĐ-CP"),
        ("internet", date(2026, 6, 30), "15/2020/NĐ-CP"),
        ("internet", date(2026, 7, 1), "174/2026/NĐ-CP"),
        ("game", date(2026, 7, 1), "174/2026/NĐ-CP"),
        ("ict_goods", date(2021, 3, 1), "15/2020/NĐ-CP"),
        ("distribution", date(2015, 9, 1), "159/2013/NĐ-CP"),
        ("distribution", date(2020, 11, 30), "159/2013/NĐ-CP"),
        ("distribution", date(2020, 12, 1), "119/2020/NĐ-CP"),
        ("printing", date(2026, 8, 1), "119/2020/NĐ-CP"),
    ],
)
def test_art7_2_decree118_instrument_by_date_violation_ended(
    catalog: Catalog, sector: str, ended_on: date, decree: str
) -> None:
    """Decree 118/2021 Art 7(2): the decree in force when a finished violation ended applies."""
    assert applicable_instrument(catalog, sector, ended_on=ended_on).number == decree


def test_art7_2_decree118_ongoing_violation_uses_discovery_date(catalog: Catalog) -> None:
    """Decree 118/2021 Art 7(2), 174/2026 Art 115: an ongoing violation discovered on 02/7/2026
    falls under 174/2026 even though it started under 15/2020."""
    found = applicable_instrument(catalog, "internet", discovered_on=date(2026, 7, 2))
    assert found.number == "174/2026/NĐ-CP"


def test_art7_2_decree118_exactly_one_reference_date(catalog: Catalog) -> None:
    """Decree 118/2021 Art 8(1): a violation is either finished or ongoing, never both."""
    with pytest.raises(LawError):
        violation_reference_date()
    with pytest.raises(LawError):
        violation_reference_date(ended_on=date(2026, 1, 1), discovered_on=date(2026, 1, 2))


def test_art7_2_decree118_violation_before_first_instrument_is_refused(catalog: Catalog) -> None:
    """A violation that ended before Decree 159/2013 took effect (01/01/2014) is refused."""
    with pytest.raises(LawError) as info:
        applicable_instrument(catalog, "publishing", ended_on=date(2013, 12, 31))
    assert _code(info) == "before_first_instrument"
    assert "159/2013/NĐ-CP" in info.value.reason


def test_decree174_2026_repeals_15_2020_art35_from_01_07_2026(catalog: Catalog) -> None:
    """Decree 174/2026 repeals 15/2020 Chapter III: 35.3.a does not apply to acts from 01/7/2026."""
    with pytest.raises(LawError) as info:
        provision_in_force(catalog, "15/2020/NĐ-CP:35.3.a", date(2026, 7, 1))
    assert _code(info) == "no_longer_in_force"
    assert "174/2026/NĐ-CP" in info.value.reason


def test_decree174_2026_provision_not_in_force_before_01_07_2026(catalog: Catalog) -> None:
    """Decree 174/2026 takes effect on 01/7/2026: Art 36(3)(a) does not apply to a June act."""
    with pytest.raises(LawError) as info:
        provision_in_force(catalog, "174/2026/NĐ-CP:36.3.a", date(2026, 6, 30))
    assert _code(info) == "not_yet_in_force"


def test_decree14_2022_added_art28b_only_from_27_01_2022(catalog: Catalog) -> None:
    """Decree 14/2022 added Art 28b to 119/2020 from 27/01/2022; a 2021 act cannot use it."""
    with pytest.raises(LawError):
        provision_in_force(catalog, "119/2020/NĐ-CP:28b.1", date(2021, 6, 1))
    assert provision_in_force(catalog, "119/2020/ND-CP:28b.1", date(2022, 1, 27)).key.endswith(
        "28b.1"
    )


# --------------------------------------------------------------------------- brackets

def test_art4_3_decree174_2026_individual_pays_half_of_printed_amount(catalog: Catalog) -> None:
    """Decree 174/2026 Art 4(3): Art 36(3)(a) is 5–10 M for an organisation, 2.5–5 M a person."""
    prov = catalog.provision("174/2026/NĐ-CP:36.3.a")
    ind = bracket_for(prov, "individual", multiple=2)
    org = bracket_for(prov, "organization", multiple=2)
    assert (ind.minimum, ind.maximum) == (2_500_000, 5_000_000)
    assert (org.minimum, org.maximum) == (5_000_000, 10_000_000)


def test_art4_3_decree174_2026_players_article_101_is_not_halved(catalog: Catalog) -> None:
    """Decree 174/2026 Art 4(3) exception: Art 101(2) prints individual amounts, 600 k–1 M."""
    prov = catalog.provision("174/2026/NĐ-CP:101.2")
    ind = bracket_for(prov, "individual", multiple=2)
    assert (ind.minimum, ind.maximum) == (600_000, 1_000_000)
    org = bracket_for(prov, "organization", multiple=2)
    assert (org.minimum, org.maximum) == (1_200_000, 2_000_000)


def test_art4_3_decree15_2020_players_article_106_is_not_halved(catalog: Catalog) -> None:
    """Decree 15/2020 Art 4(3) exception: Art 106(2) is 600 k–1 M for the player himself."""
    ind = bracket_for(catalog.provision("15/2020/NĐ-CP:106.2"), "individual", multiple=2)
    assert (ind.minimum, ind.maximum) == (600_000, 1_000_000)


def test_decree119_2020_household_bookshop_art29_1_a_is_individual_half(catalog: Catalog) -> None:
    """Decree 119/2020 (S16) + Decree 174/2026 Art 2(2): a household bookshop pays 1.5–2.5 M."""
    prov = catalog.provision("119/2020/NĐ-CP:29.1.a")
    assert normalize_subject("household_business") == "individual"
    hkd = bracket_for(prov, "household_business", multiple=2)
    assert (hkd.minimum, hkd.maximum) == (1_500_000, 2_500_000)
    assert hkd == bracket_for(prov, "individual", multiple=2)


def test_art23_law_decree159_2013_individual_amounts_doubled_for_organisation(
    catalog: Catalog,
) -> None:
    """Law Art 23: 159/2013 prints individual amounts; Art 27(1) is 2–6 M for a company."""
    prov = catalog.provision("159/2013/NĐ-CP:27.1")
    person = bracket_for(prov, "individual", multiple=2)
    assert (person.minimum, person.maximum) == (1 * M, 3 * M)
    org = bracket_for(prov, "organization", multiple=2)
    assert (org.minimum, org.maximum) == (2 * M, 6 * M)


def test_unknown_subject_is_refused(catalog: Catalog) -> None:
    """Only individual, household business or organisation can be sanctioned."""
    with pytest.raises(LawError) as info:
        bracket_for(catalog.provision("174/2026/NĐ-CP:36.3.a"), "agency", multiple=2)
    assert _code(info) == "bad_subject"


@pytest.mark.parametrize(
    ("copies", "key", "low", "high"),
    [
        (1, "119/2020/NĐ-CP:29.1.a", 1_500_000, 2_500_000),
        (49, "119/2020/NĐ-CP:29.1.a", 1_500_000, 2_500_000),
        (50, "119/2020/NĐ-CP:29.2.a", 2_500_000, 5_000_000),
        (99, "119/2020/NĐ-CP:29.2.a", 2_500_000, 5_000_000),
    ],
)
def test_art29_decree119_tier_chosen_from_copies_per_title(
    catalog: Catalog, copies: int, key: str, low: int, high: int
) -> None:
    """Decree 119/2020 Art 29: < 50 copies per title → 29.1.a; 50–99 → 29.2.a (individual half)."""
    for start in ("119/2020/NĐ-CP:29.1.a", "119/2020/NĐ-CP:29.2.a"):
        bracket = bracket_for(catalog.provision(start), "individual", copies=copies, multiple=2)
        assert (bracket.key, bracket.minimum, bracket.maximum) == (key, low, high)


def test_art29_decree119_cited_key_must_match_the_tier(catalog: Catalog) -> None:
    """Decree 119/2020 Art 29: 20 copies of a title must be charged under 29.1.a, not 29.2.a."""
    on = date(2023, 5, 17)
    with pytest.raises(LawError) as info:
        check_violation(
            catalog, ChargedViolation("119/2020/NĐ-CP:29.2.a", 3_750_000, copies=20),
            "individual", on,
        )
    assert _code(info) == "wrong_tier"
    assert "29.1.a" in info.value.reason
    check_violation(
        catalog, ChargedViolation("119/2020/NĐ-CP:29.1.a", 2_000_000, copies=20), "individual", on
    )


def test_art29_decree119_unseen_tier_is_refused_not_invented(catalog: Catalog) -> None:
    """Decree 119/2020 Art 29 tiers from 100 copies were not seen: the engine refuses to guess."""
    with pytest.raises(LawError) as info:
        bracket_for(catalog.provision("119/2020/NĐ-CP:29.1.a"), "individual", copies=100, multiple=2)
    assert _code(info) == "tier_unknown"


def test_art25_decree159_over_quantity_tiers(catalog: Catalog) -> None:
    """Decree 159/2013 Art 25: publications over-printed by 30–99 copies → 25.2.a, 5–10 M."""
    bracket = bracket_for(catalog.provision("159/2013/NĐ-CP:25.1.a"), "individual", copies=30, multiple=2)
    assert (bracket.key, bracket.minimum, bracket.maximum) == (
        "159/2013/NĐ-CP:25.2.a", 5 * M, 10 * M,
    )
    top = bracket_for(catalog.provision("159/2013/NĐ-CP:25.1.a"), "individual", copies=5000, multiple=2)
    assert top.key == "159/2013/NĐ-CP:25.4.a" and not top.confirmed


# --------------------------------------------------------------------------- quotes

def test_art23_4_law_midpoint_of_500k_to_1m_is_750k() -> None:
    """Law Art 23(4): no circumstance → the midpoint: 500.000–1.000.000 gives 750.000."""
    quote = quote_range(500_000, 1_000_000, 0, 0, rule=ART_9)
    assert (quote.default, quote.allowed_min, quote.allowed_max) == (750_000, 750_000, 750_000)
    assert not quote.needs_reason


def test_art9_decree118_no_circumstances_gives_midpoint_of_org_bracket(catalog: Catalog) -> None:
    """Decree 118/2021 Art 9(1) (legal.md §8 B.4): [5 M; 10 M] organisation → 7.500.000."""
    bracket = bracket_for(catalog.provision("174/2026/NĐ-CP:36.3.a"), "organization", multiple=2)
    assert quote_fine(bracket, 0, 0, rule=ART_9).default_amount == 7_500_000


def test_art9_decree118_offsets_one_for_one() -> None:
    """Decree 118/2021 Art 9(1): 2 mitigating against 2 aggravating cancel out → midpoint."""
    assert quote_range(2 * M, 5 * M, 2, 2, rule=ART_9).default == 3_500_000
    assert quote_range(2 * M, 5 * M, 3, 1, rule=ART_9).default == 2 * M


def test_art9_decree118_two_aggravating_gives_maximum() -> None:
    """Decree 118/2021 Art 9(1): two or more aggravating left → the maximum, no choice."""
    quote = quote_range(5 * M, 10 * M, 0, 2, rule=ART_9)
    assert (quote.default, quote.allowed_min, quote.allowed_max) == (10 * M, 10 * M, 10 * M)
    assert quote_range(5 * M, 10 * M, 1, 5, rule=ART_9).default == 10 * M


def test_art9_decree118_two_mitigating_gives_minimum() -> None:
    """Decree 118/2021 Art 9(1): two or more mitigating left → the minimum, no choice."""
    quote = quote_range(5 * M, 10 * M, 2, 0, rule=ART_9)
    assert (quote.default, quote.allowed_min, quote.allowed_max) == (5 * M, 5 * M, 5 * M)


def test_art9_decree118_one_aggravating_half_range_toward_maximum_with_reason() -> None:
    """Decree 118/2021 Art 9(1), Law Art 23(4): one aggravating left → officer picks in
    [midpoint; maximum] and must give a reason."""
    quote = quote_range(2_500_000, 5_000_000, 0, 1, rule=ART_9)
    assert (quote.allowed_min, quote.allowed_max) == (3_750_000, 5_000_000)
    assert quote.default == 4_375_000
    assert quote.needs_reason
    assert check_amount(quote, 4_500_000, "Tái phạm trong năm") == 4_500_000
    with pytest.raises(LawError) as info:
        check_amount(quote, 4_500_000)
    assert _code(info) == "reason_required"
    with pytest.raises(LawError) as below:
        check_amount(quote, 3_000_000, "lý do")
    assert _code(below) == "outside_allowed"


def test_art9_decree118_one_mitigating_half_range_toward_minimum_with_reason() -> None:
    """Decree 118/2021 Art 9(1): one mitigating left → officer picks in [minimum; midpoint]."""
    quote = quote_range(2_500_000, 5_000_000, 1, 0, rule=ART_9)
    assert (quote.allowed_min, quote.allowed_max) == (2_500_000, 3_750_000)
    assert quote.default == 3_125_000
    assert quote.needs_reason
    assert check_amount(quote, 3_000_000, "Tự nguyện khắc phục hậu quả") == 3_000_000


def test_art23_law_amount_outside_bracket_is_refused() -> None:
    """Law Art 23(4): never below the minimum nor above the maximum."""
    quote = quote_range(1_500_000, 2_500_000, 0, 0, rule=ART_9)
    with pytest.raises(LawError) as info:
        check_amount(quote, 3_000_000, "x")
    assert _code(info) == "outside_bracket"
    with pytest.raises(LawError) as mid_only:
        check_amount(quote, 2_100_000)
    assert _code(mid_only) == "outside_allowed"
    assert check_amount(quote, 2_000_000) == 2_000_000


def test_art23_law_midpoint_rounds_down_to_the_dong() -> None:
    """Law Art 23(4) sets no rounding: an odd sum rounds the midpoint down, inside the bracket."""
    assert quote_range(100_001, 100_004, 0, 0, rule=ART_9).default == 100_002


def test_art9_decree118_warning_only_cannot_be_fined(catalog: Catalog) -> None:
    """174/2026 Art 36(1) is warning-only (legal.md §8 B.7): no fine can be quoted."""
    bracket = bracket_for(catalog.provision("174/2026/NĐ-CP:36.1.a"), "individual", multiple=2)
    assert not bracket.fine_allowed and bracket.maximum == 0
    with pytest.raises(LawError) as info:
        quote_fine(bracket, 0, 0, rule=ART_9)
    assert _code(info) == "warning_only"


def test_art9_7_decree118_duration_midpoint_and_maximum() -> None:
    """Decree 118/2021 Art 9(7): 174/2026 Art 36(4) suspension 1–3 months → 2 by default,
    3 with two aggravating circumstances."""
    assert quote_duration(1, 3, 0, 0, rule=ART_9).default == 2
    assert quote_duration(1, 3, 0, 2, rule=ART_9).default == 3
    assert quote_duration(1, 3, 2, 0, rule=ART_9).default == 1
    assert quote_duration(1, 12, 0, 0, rule=ART_9).unit == "tháng"


# --------------------------------------------------------------------------- one violation, checked

def test_legal_md_8_b7_fine_only_provision_cannot_end_with_warning(catalog: Catalog) -> None:
    """174/2026 Art 36(3)(a) has a 5 M minimum: a warning alone is refused."""
    with pytest.raises(LawError) as info:
        check_violation(
            catalog, ChargedViolation("174/2026/NĐ-CP:36.3.a"), "individual", date(2026, 8, 1)
        )
    assert _code(info) == "fine_required"


def test_art35_1_decree15_2020_warning_or_fine_accepts_both(catalog: Catalog) -> None:
    """15/2020 Art 35(1) reads "cảnh cáo hoặc phạt tiền": a warning or 300–500 k (individual)."""
    on = date(2021, 5, 1)
    key = "15/2020/NĐ-CP:35.1.a"
    check_violation(catalog, ChargedViolation(key), "individual", on)
    check_violation(catalog, ChargedViolation(key, amount=400_000), "individual", on)
    with pytest.raises(LawError):
        check_violation(catalog, ChargedViolation(key, amount=600_000), "individual", on)


def test_legal_md_8_b8_suspension_only_where_the_provision_lists_it(catalog: Catalog) -> None:
    """174/2026 Art 100(3)(a) allows a 1–3 month suspension; Art 100(3)(c) does not."""
    on = date(2026, 9, 1)
    two_months = (AppliedSanction("suspension", months=2),)
    check_violation(
        catalog, ChargedViolation("174/2026/NĐ-CP:100.3.a", 12_500_000, additional=two_months),
        "organization", on,
    )
    with pytest.raises(LawError) as info:
        check_violation(
            catalog, ChargedViolation("174/2026/NĐ-CP:100.3.c", 12_500_000, additional=two_months),
            "organization", on,
        )
    assert _code(info) == "sanction_not_allowed"
    with pytest.raises(LawError) as long:
        check_violation(
            catalog,
            ChargedViolation("174/2026/NĐ-CP:100.3.a", 12_500_000,
                             additional=(AppliedSanction("suspension", months=4),)),
            "organization", on,
        )
    assert _code(long) == "duration_outside"


def test_legal_md_1_2_remedial_measure_only_where_the_provision_lists_it(catalog: Catalog) -> None:
    """174/2026 Art 53(2)(a) allows forced recall; Art 53(1) allows no remedial measure."""
    on = date(2026, 9, 1)
    recall = ("recall_products",)
    check_violation(
        catalog, ChargedViolation("174/2026/NĐ-CP:53.2.a", 7_500_000, remedial=recall),
        "individual", on,
    )
    with pytest.raises(LawError) as info:
        check_violation(
            catalog, ChargedViolation("174/2026/NĐ-CP:53.1", 1_750_000, remedial=recall),
            "individual", on,
        )
    assert _code(info) == "remedial_not_allowed"


# --------------------------------------------------------------------------- several violations

def test_art3_1_d_law_each_violation_fined_and_total_is_sum(catalog: Catalog) -> None:
    """Law Art 3(1)(d), form MQĐ02 note 10: each violation its own fine; total = the sum."""
    total = case_total(
        catalog,
        [
            ChargedViolation("174/2026/NĐ-CP:36.2.a", 1_750_000),
            ChargedViolation("174/2026/NĐ-CP:36.3.a", 3_750_000),
            ChargedViolation("174/2026/NĐ-CP:36.1.d"),
        ],
    )
    assert total.fines == (1_750_000, 3_750_000, 0)
    assert total.total == 5_500_000


def test_art4_6_decree174_2026_listed_repeat_is_fined_once_with_aggravating(
    catalog: Catalog,
) -> None:
    """Decree 174/2026 Art 4(6): repeating 53(2)(c) is fined once, with "repeated" aggravating."""
    treated = repeat_treatment(catalog.provision("174/2026/NĐ-CP:53.2.c"), 3)
    assert (treated.fines, treated.extra_aggravating) == (1, 1)


def test_art3_1_d_law_other_repeats_are_fined_each_time(catalog: Catalog) -> None:
    """Law Art 3(1)(d) as amended by 67/2020: a repeated act is fined for each time."""
    treated = repeat_treatment(catalog.provision("174/2026/NĐ-CP:53.2.a"), 3)
    assert (treated.fines, treated.extra_aggravating) == (3, 0)
    assert repeat_treatment(catalog.provision("174/2026/NĐ-CP:53.2.c"), 1).fines == 1


def test_art9_2_decree118_same_licence_withdrawn_takes_maximum_of_longest_range() -> None:
    """Decree 118/2021 Art 9(2): two withdrawals of the same licence → the longest range's max;
    different licences are withdrawn separately."""
    combined = combine_withdrawals(
        [("GP-A", 2, 1, 3), ("GP-A", 4, 2, 6), ("GP-B", 5, 1, 12)]
    )
    assert combined == (("GP-A", 6), ("GP-B", 5))


def test_art9_6_decree118_several_suspensions_take_maximum_of_longest_range() -> None:
    """Decree 118/2021 Art 9(6): several suspensions → the maximum of the longest range."""
    assert combine_suspensions([(2, 1, 3), (1, 1, 2)]) == 3
    assert combine_suspensions([(2, 1, 3)]) == 2
    assert combine_suspensions([]) is None


def test_art9_6_decree118_case_total_combines_suspensions(catalog: Catalog) -> None:
    """Decree 118/2021 Art 9(6) via case_total: two suspended game-point acts → 3 months."""
    total = case_total(
        catalog,
        [
            ChargedViolation("174/2026/NĐ-CP:100.3.a", 12_500_000,
                             additional=(AppliedSanction("suspension", months=2),)),
            ChargedViolation("174/2026/NĐ-CP:100.3.b", 12_500_000,
                             additional=(AppliedSanction("suspension", months=2),)),
        ],
    )
    assert total.total == 25_000_000
    assert total.suspension_months == 3
