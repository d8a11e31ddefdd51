"""Issue 9 §7: the law on the command line, through real processes on a migrated SQLite file.

Expected values come from ../shared/domain/legal.md (§1.3 circumstances, §2.3 E01/E04, §3.1
competence of the 2013 decrees, §1.6 order of the procedure), not from the code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from inspector.services.actor import local_operator
from inspector.services.setup import prepare_database
from inspector.services.signers import SignerInput, add_signer, list_signers
from inspector.services.users import add_user
from inspector.services.violation_records import issue_record
from tests.factories import BOOKSHOP, configure_agency, make_case, record_details


def run(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "inspector", "--db", str(db), *args],
                          input=stdin, capture_output=True, text=True, timeout=60,
                          env=os.environ.copy())


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("law9") / "law.sqlite"
    assert run(path, "db", "upgrade").returncode == 0
    return path


def quote(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(db, "fine", "quote", *args)


def test_decree_119_2020_art_29_tier_of_60_copies_cites_29_2_a(db: Path) -> None:
    """legal.md §2.3 E04: 50–99 copies per title fall under 29.2.a (5–10 M, organisation);
    the quote cites that point and clause, not 29.1.a."""
    result = quote(db, "--provision", "119/2020/ND-CP:29.1.a", "--subject", "organization",
                   "--copies", "60", "--on", "2024-05-01", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["provision"] == "119/2020/NĐ-CP:29.2.a"
    assert data["citation"] == "điểm a khoản 2 Điều 29 Nghị định số 119/2020/NĐ-CP"
    assert (data["bracket_min"], data["bracket_max"]) == (5_000_000, 10_000_000)


def test_decree_119_2020_art_29_tier_of_10_copies_cites_29_1_a(db: Path) -> None:
    """legal.md §2.3 E01: under 50 copies stays at 29.1.a (1.5–2.5 M for a household)."""
    data = json.loads(quote(db, "--provision", "119/2020/ND-CP:29.2.a", "--subject",
                            "household_business", "--copies", "10", "--on", "2024-05-01",
                            "--json").stdout)
    assert data["citation"] == "điểm a khoản 1 Điều 29 Nghị định số 119/2020/NĐ-CP"
    assert (data["bracket_min"], data["bracket_max"]) == (1_500_000, 2_500_000)


def test_copies_on_a_provision_without_tiers_is_an_error(db: Path) -> None:
    """119/2020 Art 29(1)(b) (legal.md §2.3 E02) has no quantity tiers."""
    result = quote(db, "--provision", "119/2020/ND-CP:29.1.b", "--subject", "individual",
                   "--copies", "3", "--on", "2024-05-01")
    assert result.returncode == 2
    assert "--copies" in result.stderr and "no quantity tiers" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("option", "count", "article"),
                         [("--mitigating", "8", None), ("--mitigating", "9", "Điều 9"),
                          ("--aggravating", "12", None), ("--aggravating", "13", "Điều 10")])
def test_law_art_9_and_10_list_8_mitigating_and_12_aggravating(
        db: Path, option: str, count: str, article: str | None) -> None:
    """legal.md §1.3: Art 9 lists eight mitigating circumstances, Art 10 points a–m twelve
    aggravating ones; a count beyond them is refused."""
    result = quote(db, "--provision", "119/2020/ND-CP:29.1.a", "--subject", "individual",
                   option, count, "--on", "2024-05-01")
    if article is None:
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode == 2
        assert article in result.stderr and option in result.stderr


def test_signer_title_absent_on_the_date_names_the_titles_that_exist(db: Path) -> None:
    """legal.md §3.1: in 2015 the sanctioning titles were the inspector on duty, the Chief
    Inspector of the department and the provincial chairman; the Director held none."""
    result = quote(db, "--provision", "159/2013/ND-CP:27.1", "--subject", "individual",
                   "--on", "2015-06-01", "--signer", "director_department")
    assert result.returncode == 2
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1
    assert "director_department" in line and "2015-06-01" in line
    for title in ("inspector_on_duty", "chief_inspector_department", "province_chairman"):
        assert title in line
    # After 01/7/2025 the Chief Inspector is the title that no longer exists (§3.3).
    gone = quote(db, "--provision", "174/2026/ND-CP:36.2.a", "--subject", "individual",
                 "--on", "2026-09-01", "--signer", "chief_inspector_department")
    assert gone.returncode == 2 and "director_department" in gone.stderr


def test_inspector_over_the_cap_of_decree_159_2013_goes_to_the_chief_inspector(db: Path) -> None:
    """legal.md §3.1: the inspector on duty fines up to 500,000; a 3–5 M bracket (25.1.a,
    individual) goes to the Chief Inspector (50 M), not to the provincial chairman."""
    data = json.loads(quote(db, "--provision", "159/2013/ND-CP:25.1.a", "--subject",
                            "individual", "--copies", "5", "--on", "2015-06-01", "--signer",
                            "inspector_on_duty", "--json").stdout)
    assert data["within_competence"] is False
    assert data["competent_signer"] == "chief_inspector_department"
    assert data["competent_signer_title"] == "Chánh Thanh tra Sở Thông tin và Truyền thông"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--violation-ended", "2026-03-10", "--record", "2026-03-01"), "record_before_ended"),
        (("--violation-ended", "2026-03-10", "--record", "2026-03-12", "--decision",
          "2026-03-11"), "decision_before_record"),
        (("--violation-ended", "2026-03-10", "--discovered", "2026-03-01"),
         "discovered_before_ended"),
        (("--violation-ended", "2026-03-10", "--record", "2026-03-12", "--decision",
          "2026-03-16", "--delivered", "2026-03-13"), "delivery_before_decision"),
        # Year 1: refused where the CLI reads the date (the one range of services/limits).
        (("--violation-ended", "0001-03-10"), "is outside 1900-01-01"),
    ],
)
def test_deadlines_refuse_dates_out_of_the_order_of_law_arts_58_66_70(
        db: Path, args: tuple[str, ...], fragment: str) -> None:
    """legal.md §1.6: the record follows the violation, the decision the record, delivery the
    decision; inverted dates are one-line errors, exit 2."""
    result = run(db, "deadlines", *args)
    assert result.returncode == 2, result.stdout
    assert fragment in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_deadlines_accept_planned_dates_in_order(db: Path) -> None:
    """A calculator: a planned decision may lie in the future; Art 66: 7 working days."""
    result = run(db, "deadlines", "--violation-ended", "2026-12-01", "--record", "2026-12-01",
                 "--decision", "2026-12-09", "--json")
    assert result.returncode == 0, result.stderr


@pytest.fixture
def case_2015(tmp_path: Path) -> tuple[Path, str, str, str]:
    """A 2015 bookshop case with two signers configured: a Director entered first with no
    dates, and the Chief Inspector up to 30/6/2025."""
    path = tmp_path / "s.sqlite"
    db = prepare_database(str(path))
    op = local_operator()
    configure_agency(db, op, era="2015")
    director = add_signer(db, op, SignerInput("Bế Văn An", "director_department"))
    chief = next(s for s in list_signers(db, op) if s.title_code == "chief_inspector_department")
    add_user(db, op, "chanh", "Lương Văn Thanh", "chief", "mat-khau-1")
    case_id = make_case(db, op, [{"provision_key": "159/2013/NĐ-CP:27.1",
                                  "facts": "Kinh doanh 20 cuốn sách không rõ nguồn gốc",
                                  "amount": 2_000_000}], establishment=BOOKSHOP,
                        opened_on=date(2015, 6, 1))
    issue_record(db, op, case_id, date(2015, 6, 1), details=record_details(date(2015, 6, 1)))
    db.dispose()
    return path, str(case_id), str(director.id), str(chief.id)


def test_default_signer_is_the_title_valid_on_the_decision_date(
        case_2015: tuple[Path, str, str, str]) -> None:
    """legal.md §3.1/§3.3: a 2015 decision is signed by the Chief Inspector, whose title held
    the power then; the Director entered first is not chosen."""
    db, case_id, _director, _chief = case_2015
    result = run(db, "decision", "review", case_id, "--date", "2015-06-05", "--json")
    data = json.loads(result.stdout)
    assert result.returncode == 0, data
    assert data["title"] == "Chánh Thanh tra Sở Thông tin và Truyền thông"


def test_review_with_the_director_in_2015_names_the_chief_inspector(
        case_2015: tuple[Path, str, str, str]) -> None:
    """Law Art 52(3), legal.md §3.1: with --signer the Director (no power in 2015), the review
    fails and names the Chief Inspector, who was competent, not the provincial chairman."""
    db, case_id, director, chief = case_2015
    result = run(db, "decision", "review", case_id, "--date", "2015-06-05", "--signer", director,
                 "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    failed = {c["name"] for c in data["checks"] if not c["ok"]}
    assert {"signer", "competence"} <= failed
    assert data["competent_title"] == "Chánh Thanh tra Sở Thông tin và Truyền thông tỉnh Cao Bằng"
    ok = run(db, "decision", "review", case_id, "--date", "2015-06-05", "--signer", chief)
    assert ok.returncode == 0, ok.stdout
    issued = run(db, "decision", "issue", case_id, "--date", "2015-06-05", "--signer", director,
                 "--as", "chanh", stdin="mat-khau-1\n")
    assert issued.returncode == 2 and "Chánh Thanh tra" in issued.stderr


def test_quote_for_a_science_director_on_a_bookshop_names_the_culture_director(
        tmp_path: Path) -> None:
    """Decree 189/2025 Art 4 and Law Art 52(3): on a Sở KH&CN register the Director's quote for
    a bookshop violation in 2026 is out of competence and names the Sở VHTTDL Director (the
    quote takes the configured department, as the review does)."""
    path = tmp_path / "khcn.sqlite"
    db = prepare_database(str(path))
    configure_agency(db, local_operator())
    db.dispose()
    data = json.loads(quote(path, "--provision", "119/2020/NĐ-CP:29.1.a", "--subject",
                            "individual", "--copies", "10", "--on", "2026-11-25", "--signer",
                            "director_department", "--json").stdout)
    assert data["within_competence"] is False
    assert data["competent_signer"] == "director_department"
    assert data["competent_signer_title"] == "Giám đốc Sở Văn hóa, Thể thao và Du lịch"
