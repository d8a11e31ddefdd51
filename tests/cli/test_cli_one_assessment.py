"""Issue 9 §4: case show, decision review and fine quote give the same answer (one assessment).

legal.md §1.5: Decree 174/2026 Art 4(5) gives Art 53(2)(a) a two-year limitation. A violation
ended 15/07/2026 may be sanctioned until 15/07/2028; a review dated 01/08/2027 is not refused
as expired. Expected values from legal.md, through real processes on a migrated SQLite file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from inspector.domain.assessment import subject_of_owner
from inspector.services.actor import local_operator
from inspector.services.law import law_data
from inspector.services.setup import prepare_database
from tests.factories import INTERNET_POINT, configure_agency, make_case


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "inspector", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=60, env=os.environ.copy())


@pytest.fixture(scope="module")
def art_53(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("one") / "a.sqlite"
    db = prepare_database(str(path))
    op = local_operator()
    configure_agency(db, op)
    case_id = make_case(db, op, [{
        "provision_key": "174/2026/NĐ-CP:53.2.a", "amount": 15_000_000,
        "facts": "Lưu thông thiết bị chưa công bố hợp quy", "ended_on": date(2026, 7, 15)}],
        establishment={**INTERNET_POINT, "sector": "ict_goods", "owner_kind": "organization"},
        opened_on=date(2026, 7, 15), subject_kind="organization")
    db.dispose()
    return path, str(case_id)


def test_decree_174_2026_art_53_2_a_two_years_in_case_show(art_53: tuple[Path, str]) -> None:
    db, case_id = art_53
    result = run(db, "case", "show", case_id, "--decision-date", "2027-08-01", "--json")
    assert result.returncode == 0, result.stderr
    outlook = json.loads(result.stdout)["outlook"]
    assert outlook["limitation_date"] == "2028-07-15"
    assert outlook["limitation_passed"] is False
    # Decree 174/2026 Art 113 / legal.md §3.3: the Director of Sở KH&CN, 160 M (organisation).
    assert outlook["competence"]["within"] is True


def test_decree_174_2026_art_53_2_a_review_on_01_08_2027_passes_limitation(
        art_53: tuple[Path, str]) -> None:
    db, case_id = art_53
    data = json.loads(run(db, "decision", "review", case_id, "--date", "2027-08-01",
                          "--json").stdout)
    checks = {c["name"]: c for c in data["checks"]}
    assert checks["limitation"]["ok"] is True
    assert "15/07/2028" in checks["limitation"]["message"]
    assert checks["competence"]["ok"] is True
    # The next year the same case is out of time in every caller.
    late = json.loads(run(db, "decision", "review", case_id, "--date", "2028-07-16",
                          "--json").stdout)
    assert {c["name"]: c["ok"] for c in late["checks"]}["limitation"] is False
    shown = json.loads(run(db, "case", "show", case_id, "--decision-date", "2028-07-16",
                           "--json").stdout)["outlook"]
    assert shown["limitation_passed"] is True


def test_decree_174_2026_art_53_2_a_fine_quote_agrees(art_53: tuple[Path, str]) -> None:
    db, _ = art_53
    data = json.loads(run(db, "fine", "quote", "--provision", "174/2026/ND-CP:53.2.a",
                          "--subject", "organization", "--on", "2026-07-15", "--signer",
                          "director_department", "--json").stdout)
    assert data["limitation_years"] == 2
    assert data["limitation_due"] == "2028-07-15"
    assert data["within_competence"] is True
    # A sibling point without its own period: one year (Art 4(5), legal.md §1.5).
    other = json.loads(run(db, "fine", "quote", "--provision", "174/2026/ND-CP:53.2.c",
                           "--subject", "organization", "--on", "2026-07-15",
                           "--json").stdout)
    assert (other["limitation_years"], other["limitation_due"]) == (1, "2027-07-15")


def test_household_business_is_fined_as_an_individual_everywhere(
        art_53: tuple[Path, str]) -> None:
    """legal.md §1.4: Decree 174/2026 Art 2(2) does not list hộ kinh doanh among organisations;
    119/2020 Art 29(1)(a) for a household: 1.5–2.5 M (half of 3–5 M)."""
    db, _ = art_53
    assert subject_of_owner("household") == subject_of_owner("individual") == "individual"
    assert subject_of_owner("organization") == "organization"
    data = json.loads(run(db, "fine", "quote", "--provision", "119/2020/ND-CP:29.1.a",
                          "--subject", "household_business", "--on", "2024-05-01",
                          "--json").stdout)
    assert (data["bracket_min"], data["bracket_max"]) == (1_500_000, 2_500_000)
    result = run(db, "deadlines", "--violation-ended", "2026-07-15", "--subject",
                 "household_business", "--bracket-max", "2500000", "--json")
    assert result.returncode == 0, result.stderr


def test_provision_periods_in_the_catalog_agree_with_the_dated_rules(
        art_53: tuple[Path, str]) -> None:
    """Each provision's own limitation is written in the catalog and, where dated, in the
    procedure rules; the two never disagree (one period, one value)."""
    db_path, _ = art_53
    db = prepare_database(str(db_path))
    try:
        law = law_data(db)
        for entry in law.rules.entries:
            if entry.rule != "limitation_years_by_provision":
                continue
            provision = law.catalog.provision(str(entry.key))
            assert provision.limitation_years == entry.value, provision.key
    finally:
        db.dispose()
