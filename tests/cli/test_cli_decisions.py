"""The chief's commands as real processes: issue, PDF, register list, payments, clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from inspector.services.actor import local_operator
from inspector.services.setup import prepare_database
from inspector.services.users import add_user
from inspector.services.violation_records import issue_record
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details


def run(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "inspector", "--db", str(db), *args],
                          input=stdin, capture_output=True, text=True, timeout=60,
                          env=os.environ.copy())


@pytest.fixture
def case_db(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "d.sqlite"
    db = prepare_database(str(path))
    op = local_operator()
    configure_agency(db, op)
    add_user(db, op, "chanh", "Hoàng Văn Giám", "chief", "mat-khau-1")
    add_user(db, op, "tv", "Lê Thị Tra", "inspector", "mat-khau-2")
    case_id = make_case(db, op, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                  "amount": 2_000_000}], establishment=INTERNET_POINT,
                        opened_on=date(2026, 9, 7))
    issue_record(db, op, case_id, date(2026, 9, 7), details=record_details(date(2026, 9, 7)))
    db.dispose()
    return path, str(case_id)


def test_issue_pdf_list_and_pay(case_db: tuple[Path, str], tmp_path: Path) -> None:
    """decision issue --as (chief), decision pdf, decision list --json, payment add."""
    db, case_id = case_db
    issued = run(db, "decision", "issue", case_id, "--date", "2026-09-10", "--as", "chanh",
                 "--json", stdin="mat-khau-1\n")
    assert issued.returncode == 0, issued.stderr
    assert json.loads(issued.stdout)["number_text"] == "01/QĐ-XPHC"
    out = tmp_path / "qd.pdf"
    assert run(db, "decision", "pdf", "1", "--year", "2026", "-o", str(out)).returncode == 0
    assert "01/QĐ-XPHC" in (PdfReader(out).pages[0].extract_text() or "")
    listed = json.loads(run(db, "decision", "list", "--year", "2026", "--json").stdout)
    assert [d["number"] for d in listed] == [1] and listed[0]["total_amount"] == 2_000_000
    paid = run(db, "payment", "add", "1", "--year", "2026", "--amount", "2.000.000", "--date",
               "2026-09-15", "--receipt", "BL-01", "--json")
    assert paid.returncode == 0, paid.stderr
    assert json.loads(paid.stdout)["status"] == "paid"


def test_record_pdf(case_db: tuple[Path, str], tmp_path: Path) -> None:
    """record pdf writes the case's violation record (MBB01) with its number."""
    db, case_id = case_db
    out = tmp_path / "bb.pdf"
    result = run(db, "record", "pdf", case_id, "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = " ".join((p.extract_text() or "") for p in PdfReader(out).pages)
    assert "BB-VPHC" in text and "Lương Văn Đức" in text


@pytest.mark.parametrize(
    ("args", "stdin", "fragment"),
    [
        (("decision", "issue", "not-a-uuid"), "", "CASE_ID"),
        (("decision", "issue", "00000000-0000-0000-0000-000000000000", "--date", "2026-09-10",
          "--as", "chanh"), "mat-khau-1\n", "case"),
        (("decision", "pdf", "7", "--year", "2026", "-o", "/tmp/x.pdf"), "", "no decision"),
        (("payment", "add", "1", "--year", "2026", "--amount", "abc", "--date", "2026-09-15"),
         "", "--amount"),
    ],
)
def test_errors_are_one_line(case_db: tuple[Path, str], args: tuple[str, ...], stdin: str,
                             fragment: str) -> None:
    """Unknown case, unknown number, bad amount: one line on stderr, exit 2."""
    db, _ = case_db
    result = run(db, *args, stdin=stdin)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and fragment in result.stderr


def test_wrong_role_and_deadline_passed(case_db: tuple[Path, str]) -> None:
    """An inspector may not issue; a decision after the Art 66 deadline is refused."""
    db, case_id = case_db
    wrong = run(db, "decision", "issue", case_id, "--date", "2026-09-10", "--as", "tv",
                stdin="mat-khau-2\n")
    assert wrong.returncode == 2 and "not allowed" in wrong.stderr
    late = run(db, "decision", "issue", case_id, "--date", "2026-11-02", "--as", "chanh",
               stdin="mat-khau-1\n")
    assert late.returncode == 2 and "decision_deadline" in late.stderr


def test_national_export_json_and_csv(case_db: tuple[Path, str], tmp_path: Path) -> None:
    """decision export gives the Decree 20/2016 Art 9 record, as JSON and as CSV with a BOM."""
    db, case_id = case_db
    run(db, "decision", "issue", case_id, "--date", "2026-09-10", "--as", "chanh",
        stdin="mat-khau-1\n")
    record = json.loads(run(db, "decision", "export", "1", "--year", "2026").stdout)
    assert record["decision"]["number"] == "01/QĐ-XPHC"
    assert record["subject"] == {**record["subject"], "kind": "individual",
                                 "name": "Lương Văn Đức", "id_number": "004090000456"}
    assert record["violations"][0]["provision"].startswith("điểm a khoản 2 Điều 36")
    assert record["signer"]["title"] == "Giám đốc Sở Khoa học và Công nghệ"
    out = tmp_path / "qd.csv"
    assert run(db, "decision", "export", "1", "--year", "2026", "--format", "csv", "-o",
               str(out)).returncode == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "Lương Văn Đức" in raw.decode("utf-8-sig")


def test_defer_then_reduce_issue_numbered_decisions(case_db: tuple[Path, str],
                                                    tmp_path: Path) -> None:
    """decision defer (Law Art 76, MQĐ03) and decision relieve (Art 77, MQĐ04) as the chief:
    each issues the next number of the register with its PDF; the reduction lowers the fine.
    The superior (Art 77(2)) is chosen with --signer."""
    from inspector.services.signers import SignerInput, add_signer
    from inspector.store.engine import open_database

    db, case_id = case_db
    assert run(db, "decision", "issue", case_id, "--date", "2026-09-10", "--as", "chanh",
               stdin="mat-khau-1\n").returncode == 0
    handle = open_database(str(db))  # the Director signed; his superior is added after
    superior = add_signer(handle, local_operator(),
                          SignerInput("Trịnh Minh Tỉnh", "province_chairman")).id
    handle.dispose()
    assert run(db, "decision", "deliver", "1", "--year", "2026", "--date",
               "2026-09-11").returncode == 0
    deferred = run(db, "decision", "defer", "1", "--year", "2026", "--until", "2026-12-15",
                   "--reason", "Hỏa hoạn", "--confirmed-by", "Ủy ban nhân dân xã Ca Thành",
                   "--request-date", "2026-09-14", "--date", "2026-09-15", "--as", "chanh",
                   stdin="mat-khau-1\n")
    assert deferred.returncode == 0, deferred.stderr
    assert "02/QĐ-HQĐPT" in deferred.stdout
    same = run(db, "decision", "relieve", "1", "--year", "2026", "--kind", "reduce",
               "--amount", "500.000", "--reason", "Bệnh hiểm nghèo", "--confirmed-by",
               "Ủy ban nhân dân xã Ca Thành", "--date", "2026-09-20", "--as", "chanh",
               stdin="mat-khau-1\n")
    assert same.returncode == 0, same.stderr  # the default signer is not the Director
    assert "03/QĐ-GTP" in same.stdout and "fine now 1500000" in same.stdout
    out = tmp_path / "giam.pdf"
    assert run(db, "decision", "pdf", "3", "--year", "2026", "-o", str(out)).returncode == 0
    text = " ".join(p.extract_text() or "" for p in PdfReader(out).pages)
    assert "Giảm tiền phạt vi phạm hành chính" in text and "Trịnh Minh Tỉnh" in text
    listed = json.loads(run(db, "decision", "list", "--year", "2026", "--json").stdout)
    assert sorted((d["number"], d["amendment_kind"]) for d in listed) == [
        (1, None), (2, "defer"), (3, "reduce")]
    assert next(d for d in listed if d["number"] == 1)["fine_owed"] == 1_500_000
    refused = run(db, "decision", "relieve", "1", "--year", "2026", "--kind", "reduce",
                  "--amount", "1.500.000", "--reason", "x", "--confirmed-by", "UBND",
                  "--date", "2026-09-21", "--signer", str(superior), "--as", "chanh",
                  stdin="mat-khau-1\n")
    assert refused.returncode != 0 and len(refused.stderr.strip().splitlines()) == 1
    assert "less than what is owed" in refused.stderr  # the CLI speaks English


def test_a_decision_handed_over_in_person_prints_its_receipt(case_db: tuple[Path, str],
                                                            tmp_path: Path) -> None:
    """The issued decision carries the blank back page (legal.md §4.4 item 9); delivered in
    person with the hour and the receiver, `decision receipt` prints it filled; the stored
    decision is unchanged; an hour without a receiver is refused, and so is a receipt of a
    decision not handed over in person."""
    db, case_id = case_db
    assert run(db, "decision", "issue", case_id, "--date", "2026-09-10", "--as", "chanh",
               stdin="mat-khau-1\n").returncode == 0
    issued = tmp_path / "qd.pdf"
    assert run(db, "decision", "pdf", "1", "--year", "2026", "-o", str(issued)).returncode == 0
    pages = PdfReader(issued).pages
    back = " ".join((pages[-1].extract_text() or "").split())
    assert "Quyết định đã giao trực tiếp cho cá nhân bị xử phạt vào hồi … giờ … phút" in back
    assert "NGƯỜI NHẬN QUYẾT ĐỊNH" in back
    early = run(db, "decision", "receipt", "1", "--year", "2026", "-o", str(tmp_path / "r.pdf"))
    assert early.returncode != 0 and "in person" in early.stderr
    lone = run(db, "decision", "deliver", "1", "--year", "2026", "--date", "2026-09-11",
               "--at", "10:15")
    assert lone.returncode != 0 and "name of the person" in lone.stderr
    done = run(db, "decision", "deliver", "1", "--year", "2026", "--date", "2026-09-11",
               "--at", "10:15", "--received-by", "Lương  Văn Đức")
    assert done.returncode == 0, done.stderr
    receipt = tmp_path / "giao.pdf"
    assert run(db, "decision", "receipt", "1", "--year", "2026", "-o",
               str(receipt)).returncode == 0
    filled = PdfReader(receipt)
    assert len(filled.pages) == 1
    text = " ".join((filled.pages[0].extract_text() or "").split())
    assert ("Quyết định số 01/QĐ-XPHC ngày 10/09/2026 đã giao trực tiếp cho cá nhân bị xử phạt "
            "vào hồi 10 giờ 15 phút, ngày 11/09/2026.") in text
    assert "Lương Văn Đức" in text and "…" not in text
    again = tmp_path / "qd2.pdf"
    assert run(db, "decision", "pdf", "1", "--year", "2026", "-o", str(again)).returncode == 0
    assert again.read_bytes() == issued.read_bytes()
