"""Sanctioning competence per violation, per date and per title; each test names its article."""

from __future__ import annotations

from datetime import date

import pytest

from inspector.domain.competence import caps_on, check_competence
from inspector.domain.fines import AppliedSanction, ChargedViolation
from inspector.domain.law import Catalog, LawError, load_catalog


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_art33_decree119_inspector_cap_exceeded_transfers_to_chief_inspector(
    catalog: Catalog,
) -> None:
    """119/2020 Art 33: an inspector on duty (1 M org / 0.5 M ind) cannot sign Art 29(1)(a)
    (max 2.5 M for a household bookshop); the file goes to the Chánh Thanh tra Sở."""
    result = check_competence(
        catalog, "inspector_on_duty", date(2023, 5, 17), "household_business",
        [ChargedViolation("119/2020/NĐ-CP:29.1.a", 2_000_000)],
    )
    assert not result.within
    assert result.competent_title == "chief_inspector_department"
    assert "2.500.000" in result.reasons[0]


def test_art52_law_bracket_maximum_not_the_fine_decides(catalog: Catalog) -> None:
    """Law Art 52 (legal.md §3.4): competence is judged on the bracket maximum, even when the
    fine chosen is small."""
    result = check_competence(
        catalog, "inspector_on_duty", date(2023, 5, 17), "individual",
        [ChargedViolation("119/2020/NĐ-CP:32.1", 1_500_000)],
    )
    assert not result.within
    assert result.violations[0].bracket_max == 2_500_000


def test_art114_decree15_2020_inspector_cap_is_inclusive(catalog: Catalog) -> None:
    """15/2020 Art 114 (14/2022): an inspector may fine up to 1 M org: Art 35(1) (max 1 M) fits."""
    result = check_competence(
        catalog, "inspector_on_duty", date(2023, 3, 1), "organization",
        [ChargedViolation("15/2020/NĐ-CP:35.1.a", 800_000)],
    )
    assert result.within, result.reasons


def test_art52_law_organisation_judged_on_organisation_amount(catalog: Catalog) -> None:
    """Law Art 52(1) as amended: for an organisation the doubled bracket is compared with the
    organisation cap (119/2020 Art 40(1): commune chairman 10 M)."""
    result = check_competence(
        catalog, "commune_chairman", date(2023, 3, 1), "organization",
        [ChargedViolation("119/2020/NĐ-CP:28c.2", 15_000_000)],
    )
    assert not result.within
    assert "20.000.000" in result.reasons[0] and "10.000.000" in result.reasons[0]
    assert result.competent_title == "district_chairman"


def test_art40_decree119_commune_chairman_may_order_destruction_only(catalog: Catalog) -> None:
    """119/2020 Art 40(1): the commune chairman may order destruction (Art 3(3)(n)) but not a
    recall, and has no suspension power."""
    on = date(2023, 3, 1)
    ok = check_competence(
        catalog, "commune_chairman", on, "individual",
        [ChargedViolation("119/2020/NĐ-CP:25.1", 1_000_000, remedial=("destroy",))],
    )
    assert ok.within, ok.reasons
    refused = check_competence(
        catalog, "commune_chairman", on, "individual",
        [ChargedViolation("119/2020/NĐ-CP:25.1", 1_000_000, remedial=("recall_products",))],
    )
    assert not refused.within
    assert "Buộc thu hồi xuất bản phẩm vi phạm" in refused.reasons[0]
    assert "recall_products" not in refused.reasons[0]


def test_law88_2025_chief_inspector_refused_after_30_06_2025(catalog: Catalog) -> None:
    """Law 88/2025 Art 37a, Law 84/2025: no Chánh Thanh tra Sở from 01/7/2025; the Director of
    the department takes over (Decree 189/2025 Art 21)."""
    result = check_competence(
        catalog, "chief_inspector_department", date(2025, 7, 1), "individual",
        [ChargedViolation("119/2020/NĐ-CP:29.1.a", 2_000_000)],
    )
    assert not result.within
    assert "01/07/2025" in result.reasons[0]
    assert result.competent_title == "director_department"


def test_law88_2025_chief_inspector_still_valid_on_30_06_2025(catalog: Catalog) -> None:
    """119/2020 Art 33: the Chánh Thanh tra Sở still signs on 30/6/2025."""
    result = check_competence(
        catalog, "chief_inspector_department", date(2025, 6, 30), "individual",
        [ChargedViolation("119/2020/NĐ-CP:29.1.a", 2_000_000)],
    )
    assert result.within, result.reasons


def test_decree189_director_has_no_power_before_01_07_2025(catalog: Catalog) -> None:
    """Decree 189/2025: the Giám đốc Sở's sanctioning power starts on 01/7/2025. Before it the
    file goes to the Chief Inspector, competent up to 50 M for an individual (legal.md §3.2),
    not up to the provincial chairman (issue 9 §7: a competent lower title is not skipped)."""
    result = check_competence(
        catalog, "director_department", date(2024, 10, 1), "individual",
        [ChargedViolation("119/2020/NĐ-CP:29.1.a", 2_000_000)],
    )
    assert not result.within
    assert result.competent_title == "chief_inspector_department"


def test_law_art_52_director_in_2015_transfers_to_the_competent_chief_inspector(
        catalog: Catalog) -> None:
    """legal.md §3.1: in 2015 the Chief Inspector signed (up to 50 M, individual, 159/2013);
    the Director, who held no power, is told to transfer to him, not to the chairman. A case
    beyond 50 M still goes up to the provincial chairman."""
    small = check_competence(catalog, "director_department", date(2015, 6, 5), "individual",
                             [ChargedViolation("159/2013/NĐ-CP:27.1", 2_000_000)])
    assert (small.within, small.competent_title) == (False, "chief_inspector_department")
    chief = check_competence(catalog, "chief_inspector_department", date(2015, 6, 5),
                             "individual", [ChargedViolation("159/2013/NĐ-CP:27.1", 2_000_000)])
    assert chief.within


def test_decree189_director_80_percent_of_field_maximum(catalog: Catalog) -> None:
    """Decree 189/2025: Giám đốc Sở = 80 % of the 100 M field maximum → 80 M / 160 M."""
    caps = caps_on(catalog, "director_department", date(2025, 9, 1), "printing")
    assert [(c.max_individual, c.max_organization) for c in caps] == [(80_000_000, 160_000_000)]


def test_art104_decree174_2026_director_signs_conformity_case(catalog: Catalog) -> None:
    """174/2026 Arts 104, 113: the Sở KH&CN Director (160 M org) signs Art 53(3) with the
    surrender of illegal gains."""
    result = check_competence(
        catalog, "director_department", date(2026, 9, 1), "organization",
        [ChargedViolation("174/2026/NĐ-CP:53.3", 40_000_000,
                          remedial=("surrender_illegal_gains",))],
    )
    assert result.within, result.reasons


def test_art113_decree174_2026_tdc_head_only_for_conformity(catalog: Catalog) -> None:
    """174/2026 Art 113: the Chi cục TĐC head covers conformity (Art 53), not Internet points."""
    on = date(2026, 9, 1)
    conformity = check_competence(
        catalog, "sub_department_head", on, "organization",
        [ChargedViolation("174/2026/NĐ-CP:53.2.a", 15_000_000)],
    )
    assert conformity.within, conformity.reasons
    internet = check_competence(
        catalog, "sub_department_head", on, "organization",
        [ChargedViolation("174/2026/NĐ-CP:36.3.a", 7_500_000)],
    )
    assert not internet.within
    assert internet.competent_title == "director_department"


def test_art52_law_case_within_only_if_every_violation_is(catalog: Catalog) -> None:
    """Law Art 52 (legal.md §3.4): one violation beyond the cap puts the whole case out."""
    on = date(2026, 9, 1)
    small = ChargedViolation("174/2026/NĐ-CP:36.2.a", 1_750_000)
    large = ChargedViolation("174/2026/NĐ-CP:53.3", 20_000_000)
    assert check_competence(catalog, "commune_chairman", on, "individual", [small]).within
    result = check_competence(catalog, "commune_chairman", on, "organization", [small, large])
    assert result.within
    result = check_competence(
        catalog, "sub_department_head", on, "organization",
        [ChargedViolation("174/2026/NĐ-CP:53.1", 3_000_000), small],
    )
    assert not result.within
    assert [v.within for v in result.violations] == [True, False]


def test_art95_decree174_2013_confiscation_value_cap(catalog: Catalog) -> None:
    """174/2013 Art 95(2): the Chánh Thanh tra Sở may confiscate up to 100 M; beyond, transfer.
    An unknown value is reported as a warning, not silently accepted."""
    on = date(2016, 5, 1)
    key = "174/2013/NĐ-CP:46.1.c"
    over = check_competence(
        catalog, "chief_inspector_department", on, "organization",
        [ChargedViolation(key, 3_500_000,
                          additional=(AppliedSanction("confiscation", value=150_000_000),))],
    )
    assert not over.within
    unknown = check_competence(
        catalog, "chief_inspector_department", on, "organization",
        [ChargedViolation(key, 3_500_000, additional=(AppliedSanction("confiscation"),))],
    )
    assert unknown.within
    assert any("giá trị tang vật" in w for w in unknown.warnings)


def test_unconfirmed_caps_are_flagged_in_warnings(catalog: Catalog) -> None:
    """A cap that is only inferred (15/2020 Chánh Thanh tra Sở, legal-additions §6) is usable but
    flagged."""
    result = check_competence(
        catalog, "chief_inspector_department", date(2021, 6, 1), "individual",
        [ChargedViolation("15/2020/NĐ-CP:35.3.a", 3_750_000)],
    )
    assert result.within
    assert any("chưa được xác nhận" in w for w in result.warnings)


def test_province_chairman_is_the_last_step(catalog: Catalog) -> None:
    """Decree 189/2025, 174/2026 Art 104: the provincial chairman holds 100 % of the field max; no
    catalogued title above him."""
    result = check_competence(
        catalog, "province_chairman", date(2026, 9, 1), "organization",
        [ChargedViolation("174/2026/NĐ-CP:53.3", 50_000_000)],
    )
    assert result.within


def test_unknown_title_and_empty_case_are_refused(catalog: Catalog) -> None:
    """A title code not in the data, or a case without violations, raises LawError."""
    with pytest.raises(LawError):
        check_competence(catalog, "minister", date(2026, 9, 1), "individual",
                         [ChargedViolation("174/2026/NĐ-CP:36.3.a", 3_750_000)])
    with pytest.raises(LawError):
        check_competence(catalog, "province_chairman", date(2026, 9, 1), "individual", [])


def test_unconfirmed_additional_sanction_is_flagged(catalog: Catalog) -> None:
    """119/2020 Art 29: confiscation is used in practice but not seen in the text [R]: a decision
    using it is checked, with a warning."""
    result = check_competence(
        catalog, "chief_inspector_department", date(2023, 5, 17), "household_business",
        [ChargedViolation("119/2020/NĐ-CP:29.1.a", 2_000_000, copies=10,
                          additional=(AppliedSanction("confiscation", value=500_000),),
                          remedial=("destroy",))],
    )
    assert result.within, result.reasons
    assert any("tịch thu" in w and "chưa được xác nhận" in w for w in result.warnings)
