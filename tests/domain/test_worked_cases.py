"""Worked cases per period, run end to end: law by date → bracket → quote → total → competence.

Each row is a case an inspector could meet. The 2015 rows reconstruct the seed report's totals
(Cao Bằng, 2015: six household bookshops 15.500.000 đ; ICT shops 2.000.000 đ; Internet points
42.000.000 đ); the report gives only totals, so the split per shop is illustrative, chosen to
be lawful. The 2023 rows reproduce the Thanh Hóa cases of legal-additions §1.1.2 (N6, N7).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from inspector.domain.competence import check_competence
from inspector.domain.deadlines import circumstance_rule, load_procedure_rules
from inspector.domain.fines import (
    AppliedSanction,
    ChargedViolation,
    applicable_instrument,
    bracket_for,
    case_total,
    check_amount,
    check_violation,
    provision_in_force,
    quote_duration,
    quote_fine,
)
from inspector.domain.law import Catalog, load_catalog

RULES = load_procedure_rules()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@dataclass(frozen=True)
class Line:
    """One violation of a worked case; ``expected`` None means a warning."""

    key: str
    expected: int | None
    mitigating: int = 0
    aggravating: int = 0
    copies: int | None = None
    chosen: int | None = None
    reason: str | None = None
    suspension_months: int | None = None


@dataclass(frozen=True)
class Case:
    """A worked case: who, when, what, and the outcome the law gives."""

    name: str
    ended_on: date
    decided_on: date
    decree: str
    sector: str
    subject: str
    signer: str
    lines: tuple[Line, ...]
    total: int
    within: bool
    competent: str | None = None
    suspension: int | None = None


def _run(catalog: Catalog, case: Case) -> None:
    assert applicable_instrument(catalog, case.sector, ended_on=case.ended_on).number == case.decree
    charged = []
    for line in case.lines:
        provision = provision_in_force(catalog, line.key, case.ended_on)
        bracket = bracket_for(provision, case.subject, line.copies, multiple=2)
        additional: tuple[AppliedSanction, ...] = ()
        if line.expected is None:
            amount = None
        else:
            quote = quote_fine(bracket, line.mitigating, line.aggravating,
                               rule=circumstance_rule(RULES, case.ended_on))
            amount = check_amount(quote, line.chosen or quote.default, line.reason)
        if line.suspension_months is not None:
            (allowed,) = provision.additional("suspension")
            assert allowed.min_months is not None and allowed.max_months is not None
            months = quote_duration(
                allowed.min_months, allowed.max_months, line.mitigating, line.aggravating,
                rule=circumstance_rule(RULES, case.ended_on)).default
            assert months == line.suspension_months
            additional = (AppliedSanction("suspension", months=months),)
        assert amount == line.expected, line
        violation = ChargedViolation(bracket.key, amount, line.copies, additional)
        check_violation(catalog, violation, case.subject, case.ended_on)
        charged.append(violation)
    total = case_total(catalog, charged)
    assert total.total == case.total
    assert total.suspension_months == case.suspension
    verdict = check_competence(catalog, case.signer, case.decided_on, case.subject, charged)
    assert verdict.within == case.within, verdict.reasons
    assert verdict.competent_title == case.competent


ND27 = "159/2013/NĐ-CP:27.1"
#: Reasons an officer writes when, before 2022, circumstances take the fine to an end.
UP = "Trước 2022 (Luật 2012 Điều 23 khoản 4): tăng đến mức tối đa, nêu lý do"
DOWN = "Trước 2022 (Luật 2012 Điều 23 khoản 4): giảm đến mức tối thiểu, nêu lý do"
INTERNET13 = "174/2013/NĐ-CP:?.3"

BEFORE_2020 = [
    *[
        Case(f"2015 hiệu sách hộ kinh doanh {i} (159/2013 Điều 27.1)", date(2015, 9, 10),
             date(2015, 9, 20), "159/2013/NĐ-CP", "distribution", "household_business",
             "chief_inspector_department", (line,), line.expected or 0, True)
        for i, line in enumerate(
            [
                Line(ND27, 2_000_000),
                Line(ND27, 2_000_000, mitigating=1, aggravating=1),
                Line(ND27, 2_500_000, aggravating=1, chosen=2_500_000,
                     reason="Số lượng sách vi phạm lớn so với quy mô cửa hàng"),
                Line(ND27, 3_000_000, aggravating=2, chosen=3_000_000, reason=UP),
                Line(ND27, 3_000_000, aggravating=2, chosen=3_000_000, reason=UP),
                Line(ND27, 3_000_000, aggravating=3, mitigating=1, chosen=3_000_000,
                     reason=UP),
            ],
            start=1,
        )
    ],
    Case("2015 siêu thị là công ty, bán thiết bị chưa công bố hợp quy (174/2013 Điều 46.1.c)",
         date(2015, 6, 5), date(2015, 6, 12), "174/2013/NĐ-CP", "ict_goods", "organization",
         "chief_inspector_department",
         (Line("174/2013/NĐ-CP:46.1.c", 2_000_000, mitigating=2, chosen=2_000_000,
               reason=DOWN),), 2_000_000, True),
    Case("2015 thanh tra liên ngành Internet: 11 điểm hộ gia đình vi phạm giờ hoạt động",
         date(2015, 10, 1), date(2015, 10, 15), "174/2013/NĐ-CP", "internet", "individual",
         "chief_inspector_department",
         (*[Line(INTERNET13, 3_750_000)] * 8,
          Line(INTERNET13, 5_000_000, aggravating=2, chosen=5_000_000, reason=UP),
          *[Line(INTERNET13, 3_500_000, mitigating=1, chosen=3_500_000,
                 reason="Tự nguyện khắc phục ngay khi bị phát hiện")] * 2),
         42_000_000, True),
    Case("2018 công ty in vượt 120 bản xuất bản phẩm (159/2013 Điều 25, bậc 25.3.a)",
         date(2018, 3, 1), date(2018, 3, 10), "159/2013/NĐ-CP", "printing", "organization",
         "inspector_on_duty",
         (Line("159/2013/NĐ-CP:25.1.a", 30_000_000, copies=120),), 30_000_000, False,
         competent="chief_inspector_department"),
]


def test_worked_2015_seed_totals_add_up() -> None:
    """The 2015 rows reproduce the seed report: bookshops 15.5 M, ICT 2 M, Internet 42 M."""
    bookshops = sum(c.total for c in BEFORE_2020 if "hiệu sách" in c.name)
    assert bookshops == 15_500_000
    assert sum(c.total for c in BEFORE_2020 if "Internet" in c.name) == 42_000_000


@pytest.mark.parametrize("case", BEFORE_2020, ids=lambda c: c.name)
def test_worked_case_before_2020_decrees_159_2013_and_174_2013(
    catalog: Catalog, case: Case
) -> None:
    """Era 1 (159/2013, 174/2013; Law 15/2012 Art 23(4)): worked cases. Before 2022 no rule
    forces the end of the bracket (the older decrees' rule is not in the fact sheets): the
    officer may go to the maximum (minimum) and states why."""
    _run(catalog, case)


BETWEEN_2020_2026 = [
    Case("2023-05 Thanh Hóa: hộ kinh doanh sách, 6 tên × 50–99 bản (119/2020 Điều 29.2.a, N6)",
         date(2023, 5, 17), date(2023, 5, 17), "119/2020/NĐ-CP", "distribution",
         "household_business", "chief_inspector_department",
         tuple(Line("119/2020/NĐ-CP:29.1.a", 3_750_000, copies=60) for _ in range(6)),
         22_500_000, True),
    Case("2023-02 Thanh Hóa: hộ kinh doanh sách, 4 tên dưới 50 bản (119/2020 Điều 29.1.a, N7)",
         date(2023, 2, 21), date(2023, 2, 21), "119/2020/NĐ-CP", "distribution",
         "household_business", "chief_inspector_department",
         tuple(Line("119/2020/NĐ-CP:29.1.a", 2_000_000, copies=20) for _ in range(4)),
         8_000_000, True),
    Case("2023 hộ kinh doanh sách, người ký là thanh tra viên: vượt thẩm quyền (119/2020 Điều 33)",
         date(2023, 2, 21), date(2023, 2, 21), "119/2020/NĐ-CP", "distribution",
         "household_business", "inspector_on_duty",
         (Line("119/2020/NĐ-CP:29.1.a", 2_000_000, copies=20),), 2_000_000, False,
         competent="chief_inspector_department"),
    Case("2021 quán Internet hộ gia đình: quá giờ + không niêm yết nội quy (15/2020 Điều 35)",
         date(2021, 4, 2), date(2021, 4, 9), "15/2020/NĐ-CP", "internet", "individual",
         "chief_inspector_department",
         (Line("15/2020/NĐ-CP:35.3.a", 3_750_000), Line("15/2020/NĐ-CP:35.1.d", None)),
         3_750_000, True),
    Case("2021 điểm trò chơi là công ty, 3 hành vi Điều 105.2.b–d (S8: 17,5 triệu; khung [I])",
         date(2021, 8, 1), date(2021, 8, 10), "15/2020/NĐ-CP", "game", "organization",
         "chief_inspector_department",
         (Line("15/2020/NĐ-CP:105.2.b", 5_000_000, mitigating=2, chosen=5_000_000, reason=DOWN),
          Line("15/2020/NĐ-CP:105.2.c", 5_000_000, mitigating=2, chosen=5_000_000, reason=DOWN),
          Line("15/2020/NĐ-CP:105.2.d", 7_500_000)),
         17_500_000, True),
    Case("2022 người chơi không chấp hành giờ chơi (15/2020 Điều 106.2, không giảm một nửa)",
         date(2022, 3, 1), date(2022, 3, 1), "15/2020/NĐ-CP", "game", "individual",
         "inspector_on_duty", (Line("15/2020/NĐ-CP:106.2", 800_000),), 800_000, False,
         competent="chief_inspector_department"),
    Case("2024 công ty nhập 2 máy photocopy màu không phép (119/2020 Điều 28c.3, từng máy)",
         date(2024, 6, 1), date(2024, 6, 10), "119/2020/NĐ-CP", "printing", "organization",
         "chief_inspector_department",
         (Line("119/2020/NĐ-CP:28c.3", 60_000_000), Line("119/2020/NĐ-CP:28c.3", 60_000_000)),
         120_000_000, True),
    Case("2024 cùng vụ 28c.3, Chủ tịch UBND xã ký: chuyển Chủ tịch UBND huyện (119/2020 Điều 40)",
         date(2024, 6, 1), date(2024, 6, 10), "119/2020/NĐ-CP", "printing", "organization",
         "commune_chairman", (Line("119/2020/NĐ-CP:28c.3", 60_000_000),), 60_000_000, False,
         competent="district_chairman"),
    Case("2025-08 quán Internet (15/2020 còn áp dụng), Giám đốc Sở ký theo Nghị định 189/2025",
         date(2025, 8, 1), date(2025, 8, 8), "15/2020/NĐ-CP", "internet", "individual",
         "director_department", (Line("15/2020/NĐ-CP:35.3.a", 3_750_000),), 3_750_000, True),
    Case("2025-08 cùng vụ, Chánh Thanh tra Sở ký: chức danh không còn (Luật 88/2025)",
         date(2025, 8, 1), date(2025, 8, 8), "15/2020/NĐ-CP", "internet", "individual",
         "chief_inspector_department", (Line("15/2020/NĐ-CP:35.3.a", 3_750_000),), 3_750_000,
         False, competent="director_department"),
]


@pytest.mark.parametrize("case", BETWEEN_2020_2026, ids=lambda c: c.name)
def test_worked_case_2020_to_2026_decrees_15_2020_and_119_2020(
    catalog: Catalog, case: Case
) -> None:
    """Era 2 and the 2025 reform (15/2020, 119/2020 + 14/2022; Decree 189/2025): worked cases."""
    _run(catalog, case)


FROM_JULY_2026 = [
    Case("2026 quán Internet cá nhân quá giờ (174/2026 Điều 36.3.a, legal.md §8 B.3)",
         date(2026, 7, 20), date(2026, 7, 25), "174/2026/NĐ-CP", "internet", "individual",
         "director_department", (Line("174/2026/NĐ-CP:36.3.a", 3_750_000),), 3_750_000, True),
    Case("2026 đại lý Internet là công ty quá giờ (174/2026 Điều 36.3.a)",
         date(2026, 7, 20), date(2026, 7, 25), "174/2026/NĐ-CP", "internet", "organization",
         "commune_chairman", (Line("174/2026/NĐ-CP:36.3.a", 7_500_000),), 7_500_000, True),
    Case("2026 điểm Internet để người dùng xem nội dung đồi trụy, 2 tình tiết tăng nặng, đình chỉ",
         date(2026, 8, 3), date(2026, 8, 10), "174/2026/NĐ-CP", "internet", "organization",
         "director_department",
         (Line("174/2026/NĐ-CP:36.3.đ", 10_000_000, aggravating=2, suspension_months=3),),
         10_000_000, True, suspension=3),
    Case("2026 điểm trò chơi là công ty: không có giấy chứng nhận + quá giờ (174/2026 Điều 100.3)",
         date(2026, 9, 1), date(2026, 9, 5), "174/2026/NĐ-CP", "game", "organization",
         "director_department",
         (Line("174/2026/NĐ-CP:100.3.a", 12_500_000, suspension_months=2),
          Line("174/2026/NĐ-CP:100.3.đ", 12_500_000)),
         25_000_000, True, suspension=2),
    Case("2026 người chơi không chấp hành giờ chơi (174/2026 Điều 101.2, mức cá nhân)",
         date(2026, 9, 1), date(2026, 9, 1), "174/2026/NĐ-CP", "game", "individual",
         "commune_chairman", (Line("174/2026/NĐ-CP:101.2", 800_000),), 800_000, True),
    Case("2026 cửa hàng hộ kinh doanh bán điện thoại không dấu hợp quy (174/2026 Điều 53.2.a)",
         date(2026, 10, 1), date(2026, 10, 8), "174/2026/NĐ-CP", "ict_goods",
         "household_business", "sub_department_head",
         (Line("174/2026/NĐ-CP:53.2.a", 7_500_000),), 7_500_000, True),
    Case("2026 công ty nhiều lần kết nối thiết bị chưa hợp quy: phạt 1 lần + tăng nặng (Điều 4.6)",
         date(2026, 10, 1), date(2026, 10, 8), "174/2026/NĐ-CP", "ict_goods", "organization",
         "director_department",
         (Line("174/2026/NĐ-CP:53.2.c", 18_000_000, aggravating=1, chosen=18_000_000,
               reason="Vi phạm nhiều lần (điểm b khoản 1 Điều 10 Luật)"),),
         18_000_000, True),
    Case("2026 công ty không duy trì chất lượng hợp quy (Điều 53.3), thanh tra viên không có "
         "thẩm quyền sau cải cách → Giám đốc Sở",
         date(2026, 10, 1), date(2026, 10, 8), "174/2026/NĐ-CP", "ict_goods", "organization",
         "inspector_on_duty", (Line("174/2026/NĐ-CP:53.3", 40_000_000),), 40_000_000, False,
         competent="director_department"),
]


@pytest.mark.parametrize("case", FROM_JULY_2026, ids=lambda c: c.name)
def test_worked_case_from_1_july_2026_decree_174_2026(catalog: Catalog, case: Case) -> None:
    """Era 3 (174/2026 Arts 4, 36, 53, 100, 101, 104–113): worked cases."""
    _run(catalog, case)


# ---------------------------------------------------------------- the rule of the circumstances

def test_before_2022_two_aggravating_do_not_force_the_maximum() -> None:
    """legal.md §1.3: Decree 118/2021 Art 9(1) (from 01/01/2022) forces the maximum when two
    aggravating circumstances are left; before it only Law Art 23(4) of 2012 is known (the
    fine "may be raised, not above the maximum"). 159/2013 Art 27.1, 1–3 M, household, 2015,
    two aggravating: the midpoint 2 M up to 3 M, a reason required, the rule named and
    marked unconfirmed."""
    catalog = load_catalog()
    bracket = bracket_for(provision_in_force(catalog, ND27, date(2015, 9, 10)), "individual",
                          multiple=2)
    old = quote_fine(bracket, 0, 2, rule=circumstance_rule(RULES, date(2015, 9, 10)))
    assert (old.allowed_min, old.allowed_max, old.needs_reason) == (2_000_000, 3_000_000, True)
    assert not old.confirmed and old.basis == "Luật XLVPHC 2012 Điều 23 khoản 4"
    assert "chưa xác nhận" in old.rule and "Điều 23 khoản 4" in old.rule
    assert check_amount(old, 3_000_000, "Vi phạm nhiều lần") == 3_000_000
    new = quote_fine(bracket, 0, 2, rule=circumstance_rule(RULES, date(2022, 1, 1)))
    assert (new.default, new.allowed_min, new.needs_reason) == (3_000_000, 3_000_000, False)
    assert new.confirmed and new.basis == "Nghị định 118/2021/NĐ-CP Điều 9 khoản 1"
    last_day = circumstance_rule(RULES, date(2021, 12, 31))
    assert last_day.forced_from == 0 and not last_day.confirmed


def test_the_party_rule_is_the_laws_in_the_data() -> None:
    """legal.md §1.4: an organisation's fine is 2 × an individual's; the multiple is read from
    the general law's record, not written in the engine. 15/2020 Art 35.3.a prints 5–10 M for
    an organisation, so an individual's bracket is 2,5–5 M (midpoint 3.750.000, as the 2021
    worked case above)."""
    catalog = load_catalog()
    assert catalog.organization_multiple == 2
    provision = provision_in_force(catalog, "15/2020/NĐ-CP:35.3.a", date(2021, 4, 2))
    person = bracket_for(provision, "individual", multiple=catalog.organization_multiple)
    assert (person.minimum, person.maximum) == (2_500_000, 5_000_000)
