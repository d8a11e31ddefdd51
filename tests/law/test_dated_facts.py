"""Issue 9 §5: dated facts read from the dated reference data of a database built by
``db upgrade`` (worked cases from legal.md, not from the code's output).

* Which rule turns circumstances into an amount is dated (legal.md §1.3): Decree 118/2021
  Art 9(1) from its effective date 01/01/2022; before it only Law Art 23(4) of 2012 is in the
  fact sheets, so a 2015 quote never forces the maximum and says its rule is unconfirmed.
* The Law's amendments (Law 67/2020 from 01/01/2022, Law 88/2025 from 01/7/2025).
* The department's own inspectorate (Chánh Thanh tra Sở) until 30/6/2025 (Law 88/2025): the
  report heading and the drafted report speak for it, then for the department (legal.md §5.2).
* The two-level local government from 01/7/2025 (legal.md §7), one date in the data.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from inspector.domain.deadlines import circumstance_rule
from inspector.domain.places import REFORM_DAY
from inspector.domain.refdata import reference_dir
from inspector.reports.prose import draft_report
from inspector.services import law, tallies
from inspector.services.reference_version import upgrade_reference
from inspector.services.setup import SYSTEM
from inspector.store.engine import Database
from tests.conftest import make_actor
from tests.factories import configure_agency

CLERK = make_actor("clerk", "van.thu")
NEW_RULES = {"circumstances_forced_from||2013-07-01", "circumstances_forced_from||2022-01-01"}


def _quote(db_path: str, *args: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "inspector", "--db", db_path, "fine", "quote", *args, "--json"],
        capture_output=True, text=True, timeout=60, env=os.environ.copy())
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_the_circumstance_rule_is_dated_in_the_database(upgraded_db: Database) -> None:
    rules = law.law_data(upgraded_db).rules
    old = circumstance_rule(rules, date(2021, 12, 31))
    new = circumstance_rule(rules, date(2022, 1, 1))
    assert (old.forced_from, old.confirmed, old.basis) == (
        0, False, "Luật XLVPHC 2012 Điều 23 khoản 4")
    assert (new.forced_from, new.confirmed, new.basis) == (
        2, True, "Nghị định 118/2021/NĐ-CP Điều 9 khoản 1")


def test_fine_quote_2015_two_aggravating_names_its_unconfirmed_rule(upgraded_db: Database
                                                                    ) -> None:
    """159/2013 Art 27.1 prints 1–3 M for an individual (legal-additions §2): midpoint 2 M.
    In 2015 two aggravating circumstances let the officer go up to 3 M with a reason; the
    quote does not force 3 M and says which rule it applied, unconfirmed."""
    data = _quote(str(upgraded_db.path), "--provision", "159/2013/ND-CP:27.1",
                  "--subject", "individual", "--on", "2015-09-10", "--aggravating", "2")
    assert (data["bracket_min"], data["bracket_max"]) == (1_000_000, 3_000_000)
    assert (data["allowed_min"], data["allowed_max"]) == (2_000_000, 3_000_000)
    assert data["needs_reason"] is True
    assert data["rule_basis"] == "Luật XLVPHC 2012 Điều 23 khoản 4"
    assert data["rule_confirmed"] is False
    assert "chưa xác nhận" in data["rule"]


def test_fine_quote_2024_two_aggravating_gives_the_maximum_under_art_9(
        upgraded_db: Database) -> None:
    """119/2020 Art 29.1.a, 3–5 M for an organisation: Decree 118/2021 Art 9(1) → 5 M."""
    data = _quote(str(upgraded_db.path), "--provision", "119/2020/ND-CP:29.1.a",
                  "--subject", "organization", "--on", "2024-05-01", "--aggravating", "2")
    assert data["default_amount"] == data["allowed_min"] == 5_000_000
    assert data["rule_basis"] == "Nghị định 118/2021/NĐ-CP Điều 9 khoản 1"
    assert data["rule_confirmed"] is True and "chưa xác nhận" not in data["rule"]


def test_the_law_amendments_in_the_database(upgraded_db: Database) -> None:
    catalog = law.law_data(upgraded_db).catalog
    assert catalog.law_amended_in(date(2021, 12, 31)) == ()
    assert catalog.law_amended_in(date(2022, 1, 1)) == (2020,)
    assert catalog.law_amended_in(date(2025, 7, 1)) == (2020, 2025)


def test_the_reform_day_is_read_from_the_admin_units() -> None:
    assert date(2025, 7, 1) == REFORM_DAY


@pytest.mark.parametrize(("start", "end", "issuer", "signer", "authority"), [
    (date(2025, 1, 1), date(2025, 6, 30), "Thanh tra Sở", "Chánh Thanh tra",
     "Chánh Thanh tra Sở"),
    (date(2025, 7, 1), date(2025, 12, 31), "Sở Thông tin và Truyền thông", "Giám đốc",
     "Giám đốc Sở"),
])
def test_the_report_speaks_for_the_authority_of_its_date(
        db: Database, operator: Any, start: date, end: date, issuer: str, signer: str,
        authority: str) -> None:
    """Until 30/6/2025 the inspectorate reports, signed by its Chief (legal.md §5.2)."""
    configure_agency(db, operator, era="2015")
    configure_agency(db, operator)
    period = tallies.check_period(start, end)
    heading = tallies.report_heading(db, CLERK, period)
    assert heading.agency_name == issuer
    assert heading.signer_title == signer
    tally = tallies.compute_tally(db, CLERK, start, end)
    assert tally.inspectorate is (authority == "Chánh Thanh tra Sở")
    check = tallies.InspectionFigures(
        uuid.uuid4(), "kiem_tra", "dot_xuat", "Kiểm tra điểm truy nhập Internet", "internet",
        None, None, start, end, "", "", False, "Nông Thị Kiểm", 2, decisions=3)
    with_decisions = replace(tally, inspections=(check,))
    assert f"{authority} đã ra 03 quyết định" in draft_report(with_decisions).plain()


def test_a_database_of_the_previous_edition_gets_the_circumstance_rule(
        db: Database, tmp_path: Path) -> None:
    """A laptop holding edition 2026.12.1 (without the dated circumstance rule) is upgraded by
    the shipped edition: the two rule records are added, nothing else is lost."""
    previous = tmp_path / "reference"
    shutil.copytree(reference_dir(), previous)
    manifest = json.loads((previous / "manifest.json").read_text(encoding="utf-8"))
    (previous / "manifest.json").write_text(json.dumps({**manifest, "version": "2026.12.1"}),
                                            encoding="utf-8")
    rules_path = previous / "procedure_rules.json"
    rules = [r for r in json.loads(rules_path.read_text(encoding="utf-8"))
             if r["id"] not in NEW_RULES]
    rules_path.write_text(json.dumps(rules, ensure_ascii=False), encoding="utf-8")
    # The test database already holds the shipped edition; rebuild one at the previous one.
    from sqlalchemy import delete

    from inspector.services.uow import UnitOfWork
    from inspector.store.reference import ReferenceState, RefProcedureRule

    with UnitOfWork(db, SYSTEM) as uow:
        uow.session.execute(delete(RefProcedureRule).where(
            RefProcedureRule.natural_key.in_(NEW_RULES)))
        uow.session.execute(delete(ReferenceState))
        uow.commit()
    upgrade_reference(db, SYSTEM, previous)
    report = upgrade_reference(db, SYSTEM)
    assert report.from_version == "2026.12.1"
    added = {c.key for c in report.changes if c.kind == "added"}
    assert added == NEW_RULES
    assert not report.conflicts
    assert circumstance_rule(law.law_data(db).rules, date(2015, 9, 10)).forced_from == 0
