"""Money after the decision on the command line, as real processes (issues 9 §3 and 15):
corrections keep the fine (Law Art 18), amendments carry a new amount, annulments end it; the
late charge of Art 78; the period export for the national database with count and checksum;
a clerk's short month where the register, the tally and the export agree with a recount."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from inspector.services.actor import local_operator
from inspector.services.setup import prepare_database
from inspector.services.users import add_user
from inspector.services.violation_records import issue_record
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details


def run(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "inspector", "--db", str(db), *args],
                          input=stdin, capture_output=True, text=True, timeout=60,
                          env=os.environ.copy())


def ok(db: Path, *args: str) -> str:
    chief = args[:2] == ("decision", "amend")
    done = run(db, *args, *(("--as", "chanh") if chief else ()),
               stdin="mat-khau-1\n" if chief else "")
    assert done.returncode == 0, (args, done.stderr)
    return done.stdout


@pytest.fixture
def month_db(tmp_path: Path) -> tuple[Path, list[str]]:
    """Four recorded cases of September 2026 (2.000.000 đồng each)."""
    path = tmp_path / "d.sqlite"
    db = prepare_database(str(path))
    op = local_operator()
    configure_agency(db, op)
    add_user(db, op, "chanh", "Hoàng Văn Giám", "chief", "mat-khau-1")
    cases = []
    for _ in range(4):
        case_id = make_case(db, op, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                      "amount": 2_000_000}], establishment=INTERNET_POINT,
                            opened_on=date(2026, 9, 7))
        issue_record(db, op, case_id, date(2026, 9, 7),
                     details=record_details(date(2026, 9, 7)))
        cases.append(str(case_id))
    db.dispose()
    return path, cases


def _issue(db: Path, case_id: str) -> None:
    done = run(db, "decision", "issue", case_id, "--date", "2026-09-10", "--as", "chanh",
               stdin="mat-khau-1\n")
    assert done.returncode == 0, done.stderr


def _register(db: Path) -> dict[int, dict[str, object]]:
    return {d["number"]: d for d in json.loads(ok(db, "decision", "list", "--year", "2026",
                                                   "--json"))}


def test_correct_deliver_pay_tally(month_db: tuple[Path, list[str]]) -> None:
    """Issue 9 §3 on the CLI: issue → correct → deliver → pay → tally."""
    db, cases = month_db
    _issue(db, cases[0])
    ok(db, "decision", "amend", "1", "--year", "2026", "--kind", "correct", "--reason",
       "Ghi nhầm ngày sinh", "--change", "Ngày sinh 01/07/1990 sửa thành 01/07/1991",
       "--date", "2026-09-12")
    wrong = run(db, "payment", "add", "2", "--year", "2026", "--amount", "2.000.000",
                "--date", "2026-09-15")
    assert wrong.returncode == 2 and "original" in wrong.stderr
    ok(db, "decision", "deliver", "1", "--year", "2026", "--date", "2026-09-11")
    paid = json.loads(ok(db, "payment", "add", "1", "--year", "2026", "--amount", "2.000.000",
                         "--date", "2026-09-15", "--receipt", "BL-01", "--json"))
    assert paid["status"] == "paid" and paid["fine_owed"] == 0
    headline = json.loads(ok(db, "tally", "--year", "2026", "--format", "json"))["headline"]
    assert (headline["decisions"], headline["fines_imposed"], headline["fines_collected"]) == (
        1, 2_000_000, 2_000_000)


def test_amend_amount_then_pay_and_annul(month_db: tuple[Path, list[str]]) -> None:
    """Issue 9 §3 on the CLI: issue → amend the amount → pay; issue → annul → nothing due."""
    db, cases = month_db
    _issue(db, cases[0])
    _issue(db, cases[1])
    ok(db, "decision", "amend", "1", "--year", "2026", "--kind", "amend", "--reason",
       "Xác định lại tình tiết", "--amount", "3.000.000", "--date", "2026-09-12")
    assert _register(db)[1]["total_amount"] == 3_000_000
    paid = json.loads(ok(db, "payment", "add", "1", "--year", "2026", "--amount", "3.000.000",
                         "--date", "2026-09-15", "--json"))
    assert paid["status"] == "paid"
    ok(db, "decision", "amend", "2", "--year", "2026", "--kind", "annul", "--reason",
       "Xác định sai đối tượng", "--date", "2026-09-12")
    refused = run(db, "payment", "add", "2", "--year", "2026", "--amount", "1.000",
                  "--date", "2026-09-15")
    assert refused.returncode == 2 and "not in force" in refused.stderr
    headline = json.loads(ok(db, "tally", "--year", "2026", "--format", "json"))["headline"]
    assert (headline["decisions"], headline["fines_imposed"]) == (1, 3_000_000)


def test_clerks_month_register_tally_and_export_agree(month_db: tuple[Path, list[str]],
                                                      tmp_path: Path) -> None:
    """A clerk's short month: No. 1 paid late (Art 78 charge: 2.000.000 × 0,05 % × 40 days =
    40.000, due 21/9 after delivery on 11/9), No. 2 annulled, No. 3 corrected then paid on
    time, No. 4 unpaid. The register, the tally and the export agree with a recount."""
    db, cases = month_db
    for case_id in cases:
        _issue(db, case_id)
    for n in ("1", "3", "4"):
        ok(db, "decision", "deliver", n, "--year", "2026", "--date", "2026-09-11")
    ok(db, "payment", "add", "1", "--year", "2026", "--amount", "2.000.000", "--date",
       "2026-10-31", "--receipt", "BL-11")
    ok(db, "payment", "add", "1", "--year", "2026", "--amount", "40.000", "--date",
       "2026-10-31", "--receipt", "BL-12")
    over = run(db, "payment", "add", "1", "--year", "2026", "--amount", "1", "--date",
               "2026-11-02")
    assert over.returncode == 2 and "exceeds" in over.stderr
    twice = run(db, "payment", "add", "4", "--year", "2026", "--amount", "1.000", "--date",
                "2026-09-15", "--receipt", "BL-11")
    assert twice.returncode != 0 and "BL-11" in twice.stderr
    ok(db, "decision", "amend", "2", "--year", "2026", "--kind", "annul", "--reason",
       "Xác định sai đối tượng", "--date", "2026-09-14")
    ok(db, "decision", "amend", "3", "--year", "2026", "--kind", "correct", "--reason",
       "Ghi nhầm địa chỉ", "--change", "Địa chỉ: số 12 sửa thành số 21", "--date",
       "2026-09-14")
    ok(db, "payment", "add", "3", "--year", "2026", "--amount", "2.000.000", "--date",
       "2026-09-18", "--receipt", "BL-13")

    register = _register(db)
    assert register[1]["status"] == "paid" and register[1]["late_charge"] == 40_000
    assert register[1]["charge_paid"] == 40_000 and register[1]["fine_paid"] == 2_000_000
    assert register[2]["status"] == "cancelled" and not register[2]["in_force"]
    assert register[3]["status"] == "paid" and register[3]["in_force"]
    assert register[4]["fine_owed"] == 2_000_000 and register[4]["status"] == "overdue"
    # No. 4: due 21/9, unpaid to today (the CLI runs on the system's day): on 02/12 that is 72
    # days → 2.000.000 × 0,05 % × 72 = 72.000; 1.000 đồng a day.
    days = (date.today() - date(2026, 9, 21)).days
    charge4 = 2_000_000 * 5 // 10_000 * days
    assert register[4]["late_charge"] == charge4 and register[4]["charge_owed"] == charge4
    assert not register[5]["in_force"] and not register[6]["in_force"]  # the Art 18 decisions

    # The recount: by hand from the story above.
    live = [d for d in register.values() if d["in_force"]]
    assert sorted(d["number"] for d in live) == [1, 3, 4]
    headline = json.loads(ok(db, "tally", "--year", "2026", "--format", "json"))["headline"]
    assert (headline["decisions"], headline["fines_imposed"], headline["fines_collected"],
            headline["fines_outstanding"]) == (3, 6_000_000, 4_000_000, 2_000_000)
    # as at today, as the register: no charge counted for days still to come
    assert (headline["late_charges"], headline["late_charges_collected"],
            headline["late_charges_outstanding"]) == (40_000 + charge4, 40_000, charge4)
    assert headline["fines_imposed"] == sum(d["total_amount"] for d in live)

    out = tmp_path / "qg.json"
    ok(db, "decision", "export", "--year", "2026", "--from", "2026-09-01", "--to", "2026-10-31",
       "--format", "json", "-o", str(out))
    export = json.loads(out.read_text(encoding="utf-8"))
    numbers = [r["decision"]["number"] for r in export["decisions"]]
    assert numbers == ["01/QĐ-XPHC", "02/QĐ-XPHC", "03/QĐ-XPHC", "04/QĐ-XPHC"]  # each once
    assert export["export"]["count"] == 4
    canonical = json.dumps(export["decisions"], ensure_ascii=False, sort_keys=True,
                           separators=(",", ":"))
    assert export["export"]["sha256"] == hashlib.sha256(canonical.encode()).hexdigest()
    events = {r["decision"]["number"]: r["events"] for r in export["decisions"]}
    assert events == {"01/QĐ-XPHC": ["issued", "paid"], "02/QĐ-XPHC": ["issued", "annulled"],
                      "03/QĐ-XPHC": ["issued", "corrected", "paid"], "04/QĐ-XPHC": ["issued"]}
    by_number = {r["decision"]["number"]: r for r in export["decisions"]}
    assert by_number["01/QĐ-XPHC"]["money"]["late_charge_paid"] == 40_000
    assert [(p["receipt"], p["fine_part"], p["late_charge_part"])
            for p in by_number["01/QĐ-XPHC"]["enforcement"]["payments"]] == [
        ("BL-11", 2_000_000, 0), ("BL-12", 0, 40_000)]
    assert by_number["03/QĐ-XPHC"]["amended_by"][0]["number"] == "06/QĐ-XPHC"
    # November alone: nothing was issued, paid or changed.
    ok(db, "decision", "export", "--year", "2026", "--from", "2026-11-01", "--to",
       "2026-11-30", "--format", "json", "-o", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["export"]["count"] == 0

    table = tmp_path / "qg.csv"
    ok(db, "decision", "export", "--year", "2026", "--format", "csv", "-o", str(table))
    text = table.read_bytes().decode("utf-8-sig")
    body, trailer = text.rsplit("# count=", 1)
    count, digest = trailer.strip().split(" sha256=")
    assert count == "4" and digest == hashlib.sha256(body.encode()).hexdigest()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["decision_number"] for r in rows] == numbers
    assert rows[0]["late_charge"] == "40000" and rows[3]["late_charge_owed"] == str(charge4)

    bad = run(db, "decision", "export", "--year", "2026", "--from", "2025-12-01",
              "--format", "json", "-o", str(out))
    assert bad.returncode == 2 and "within 2026" in bad.stderr
