"""Property tests of the sanction engine (hypothesis): invariants that must hold for any input."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.domain.competence import check_competence
from inspector.domain.deadlines import circumstance_rule, load_procedure_rules
from inspector.domain.fines import (
    ChargedViolation,
    applicable_instrument,
    bracket_for,
    check_amount,
    provision_in_force,
    quote_duration,
    quote_range,
)
from inspector.domain.law import (
    POINT_LETTERS,
    SECTORS,
    LawError,
    Provision,
    load_catalog,
    parse_provision_key,
)

CATALOG = load_catalog()
#: Decree 118/2021 Art 9(1), as the dated procedure rules give it for a violation of 2026.
ART_9 = circumstance_rule(load_procedure_rules(), date(2026, 1, 1))
FINED = [p for p in CATALOG.provisions if p.sanction_kind != "warning"]
TIERED = [p for p in CATALOG.provisions if p.tiers]

brackets = st.tuples(st.integers(0, 10**9), st.integers(0, 10**9)).map(sorted)
counts = st.integers(0, 6)


@given(brackets, counts, counts)
def test_art23_law_quote_always_inside_its_bracket(
    bracket: list[int], mitigating: int, aggravating: int
) -> None:
    """Law Art 23(4), Decree 118 Art 9(1): default and allowed range never leave the bracket."""
    low, high = bracket
    quote = quote_range(low, high, mitigating, aggravating, rule=ART_9)
    assert low <= quote.allowed_min <= quote.default <= quote.allowed_max <= high
    assert check_amount(quote, quote.default, "lý do") == quote.default
    has_choice = quote.allowed_min < quote.allowed_max
    assert quote.needs_reason == (abs(quote.remaining) == 1 and has_choice)


@given(st.sampled_from(FINED), counts, counts)
def test_art9_decree118_catalogue_quotes_inside_subject_bracket(
    provision: Provision, mitigating: int, aggravating: int
) -> None:
    """For every catalogued provision and subject, the quote lies inside that subject's bracket."""
    for subject in ("individual", "organization"):
        bracket = bracket_for(provision, subject, multiple=2)
        quote = quote_range(bracket.minimum, bracket.maximum, mitigating, aggravating, rule=ART_9)
        assert bracket.minimum <= quote.allowed_min <= quote.allowed_max <= bracket.maximum


@given(st.sampled_from(FINED))
def test_art23_law_organisation_bracket_is_twice_the_individual(provision: Provision) -> None:
    """Law Art 23: for the same provision the organisation bracket = 2 × the individual one."""
    ind = bracket_for(provision, "individual", multiple=2)
    org = bracket_for(provision, "organization", multiple=2)
    assert (org.minimum, org.maximum) == (2 * ind.minimum, 2 * ind.maximum)
    assert bracket_for(provision, "household_business", multiple=2) == ind


@given(st.sampled_from(TIERED), st.integers(1, 499))
def test_art29_decree119_tiered_organisation_bracket_is_twice_the_individual(
    provision: Provision, copies: int
) -> None:
    """Quantity tiers keep the 2 × rule, and both subjects land on the same rung."""
    try:
        ind = bracket_for(provision, "individual", copies, multiple=2)
    except LawError as error:
        assert error.code == "tier_unknown"
        return
    org = bracket_for(provision, "organization", copies, multiple=2)
    assert org.key == ind.key
    assert (org.minimum, org.maximum) == (2 * ind.minimum, 2 * ind.maximum)


@given(brackets, counts, counts, st.integers(0, 5))
def test_art9_decree118_offsetting_is_one_for_one(
    bracket: list[int], mitigating: int, aggravating: int, extra: int
) -> None:
    """Decree 118 Art 9(1)(a): adding k circumstances to both sides changes nothing."""
    low, high = bracket
    assert quote_range(low, high, mitigating, aggravating, rule=ART_9) == quote_range(
        low, high, mitigating + extra, aggravating + extra, rule=ART_9
    )


@given(st.integers(0, 10**8), st.integers(0, 10**8).map(lambda n: 2 * n), counts, counts)
def test_art9_decree118_offsetting_is_symmetric(
    low: int, span: int, mitigating: int, aggravating: int
) -> None:
    """Decree 118 Art 9(1): swapping mitigating and aggravating mirrors the quote around the
    midpoint (for an even span, where the midpoint is exact)."""
    high = low + span
    up = quote_range(low, high, mitigating, aggravating, rule=ART_9)
    down = quote_range(low, high, aggravating, mitigating, rule=ART_9)

    def mirror(x: int) -> int:
        return low + high - x

    assert down.default == mirror(up.default)
    assert (down.allowed_min, down.allowed_max) == (mirror(up.allowed_max), mirror(up.allowed_min))
    assert down.needs_reason == up.needs_reason
    assert down.remaining == -up.remaining


@given(st.integers(1, 12), st.integers(0, 12), counts, counts)
def test_art9_7_decree118_duration_inside_its_range(
    low: int, extra: int, mitigating: int, aggravating: int
) -> None:
    """Decree 118 Art 9(7): months of a suspension or withdrawal stay inside the range."""
    quote = quote_duration(low, low + extra, mitigating, aggravating, rule=ART_9)
    assert low <= quote.allowed_min <= quote.default <= quote.allowed_max <= low + extra


keys = st.builds(
    lambda number, year, article, suffix, clause, point: (
        f"{number:02d}/{year}/NĐ-CP:{article}{suffix}.{clause}" + (f".{point}" if point else "")
    ),
    st.integers(1, 999),
    st.integers(2000, 2030),
    st.integers(1, 150),
    st.sampled_from(["", "a", "b", "c", "d", "đ"]),
    st.integers(1, 20),
    st.one_of(st.none(), st.sampled_from(POINT_LETTERS)),
)


@given(keys, st.booleans())
def test_provision_key_ascii_spelling_round_trips(key: str, upper: bool) -> None:
    """Any canonical key typed in ASCII (ND, dd) and any case parses back to itself."""
    ascii_key = key.replace("NĐ", "ND").replace("đ", "dd")
    typed = ascii_key.upper() if upper else ascii_key.lower()
    assert str(parse_provision_key(typed)) == key
    assert str(parse_provision_key(key)) == key


dates = st.dates(min_value=date(2014, 1, 15), max_value=date(2028, 12, 31))


@given(st.sampled_from(SECTORS), dates)
def test_art7_2_decree118_exactly_one_decree_per_sector_and_date(sector: str, on: date) -> None:
    """Decree 118 Art 7(2): from 15/01/2014 every sector has exactly one decree on any date."""
    instrument = applicable_instrument(CATALOG, sector, ended_on=on)
    assert instrument.in_force(on, sector)


@given(st.sampled_from(CATALOG.provisions), st.integers(0, 4000))
def test_provision_in_force_agrees_with_applicable_instrument(
    provision: Provision, day: int
) -> None:
    """A provision in force on a date belongs to the decree that governs its sector that day."""
    start, _ = CATALOG.provision_window(provision)
    assert start is not None
    on = start + timedelta(days=day)
    try:
        provision_in_force(CATALOG, provision.key, on)
    except LawError as error:
        assert error.code == "no_longer_in_force"
        return
    assert applicable_instrument(CATALOG, provision.sector, ended_on=on).number == (
        provision.instrument
    )


@settings(max_examples=60)
@given(
    st.sampled_from(CATALOG.title_codes()),
    st.dates(min_value=date(2014, 2, 1), max_value=date(2027, 12, 31)),
    st.sampled_from(["individual", "organization"]),
    st.lists(st.sampled_from(CATALOG.provisions), min_size=1, max_size=4),
    st.data(),
)
def test_art52_law_competence_is_per_violation(
    title: str, on: date, subject: str, provisions: list[Provision], data: st.DataObject
) -> None:
    """Law Art 52: a case is within competence iff every violation alone is; any sub-case of a
    case within competence is within too."""
    charged = []
    for provision in provisions:
            charged.append(ChargedViolation(provision.key))
    whole = check_competence(CATALOG, title, on, subject, charged)
    singles = [check_competence(CATALOG, title, on, subject, [v]).within for v in charged]
    assert whole.within == all(singles)
    if whole.within:
        subset = data.draw(st.lists(st.sampled_from(charged), min_size=1, max_size=len(charged)))
        assert check_competence(CATALOG, title, on, subject, subset).within
