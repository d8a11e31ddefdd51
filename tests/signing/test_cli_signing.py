"""The signing commands as real processes: the PIN read after the password on standard input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from inspector.services.actor import local_operator
from inspector.services.agency import get_agency, save_agency
from inspector.services.setup import prepare_database
from inspector.services.users import add_user
from inspector.services.violation_records import issue_record
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details
from tests.pki import PASSPHRASE, PIN, Pki


def run(db: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "inspector", "--db", str(db), *args],
                          input=stdin, capture_output=True, text=True, timeout=120,
                          env=os.environ.copy())


@pytest.fixture
def case_db(tmp_path: Path, pki: Pki) -> tuple[Path, str]:
    from dataclasses import replace

    path = tmp_path / "d.sqlite"
    db = prepare_database(str(path))
    op = local_operator()
    configure_agency(db, op)
    save_agency(db, op, replace(get_agency(db, op), agency_name="Sở Khoa học và Công nghệ"))
    add_user(db, op, "giamdoc", "Hoàng Văn Giám", "chief", "mat-khau-1")
    add_user(db, op, "vanthu", "Lò Thị Thư", "clerk", "mat-khau-3")
    case_id = make_case(db, op, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                  "amount": 2_000_000}], establishment=INTERNET_POINT,
                        opened_on=date(2026, 9, 7))
    issue_record(db, op, case_id, date(2026, 9, 7), details=record_details(date(2026, 9, 7)))
    db.dispose()
    return path, str(case_id)


def test_issue_signed_agency_sign_and_verify(case_db: tuple[Path, str], pki: Pki,
                                            tmp_path: Path) -> None:
    db, case_id = case_db
    issued = run(db, "decision", "issue", case_id, "--date", "2026-09-10", "--sign",
                 "--token-label", "Token-Test", "--as", "giamdoc", "--json",
                 stdin=f"mat-khau-1\n{PIN}\n")
    assert issued.returncode == 0, issued.stderr
    assert json.loads(issued.stdout)["number_text"] == "01/QĐ-XPHC"
    sealed = run(db, "decision", "agency-sign", "1", "--year", "2026", "--p12",
                 str(pki.people["agency"].p12), "--as", "vanthu", "--json",
                 stdin=f"mat-khau-3\n{PASSPHRASE}\n")
    assert sealed.returncode == 0, sealed.stderr
    assert "Sở Khoa học và Công nghệ tỉnh Cao Bằng" in json.loads(sealed.stdout)["subject"]
    out = tmp_path / "qd.pdf"
    assert run(db, "decision", "pdf", "1", "--year", "2026", "-o", str(out)).returncode == 0
    verified = run(db, "document", "verify", str(out), "--json")
    assert verified.returncode == 0, verified.stderr
    sigs = json.loads(verified.stdout)["signatures"]
    assert [(s["signer"], s["intact"], s["trusted"], s["reason"]) for s in sigs] == [
        ("Hoàng Văn Giám", True, True, "valid"),
        ("Sở Khoa học và Công nghệ tỉnh Cao Bằng", True, True, "valid")]
    assert all(set(s) >= {"signer", "signed_at", "intact", "trusted", "reason"} for s in sigs)
    data = bytearray(out.read_bytes())
    data[3000] ^= 0x01
    out.write_bytes(bytes(data))
    broken = run(db, "document", "verify", str(out), "--json")
    assert broken.returncode == 1
    assert not json.loads(broken.stdout)["signatures"][0]["intact"]


def test_wrong_pin_is_one_line_and_nothing_issued(case_db: tuple[Path, str]) -> None:
    db, case_id = case_db
    issued = run(db, "decision", "issue", case_id, "--date", "2026-09-10", "--sign",
                 "--token-label", "Token-Test", "--as", "giamdoc",
                 stdin="mat-khau-1\n999999\n")
    assert issued.returncode != 0 and issued.stderr.strip() == "inspector: wrong PIN"
    listed = run(db, "decision", "list", "--json")
    assert json.loads(listed.stdout) == []
    usage = run(db, "decision", "issue", case_id, "--sign", "--as", "giamdoc",
                stdin="mat-khau-1\n")
    assert "--token-label L or --p12 FILE" in usage.stderr


def test_letter_issued_signed_sealed_and_verified(case_db: tuple[Path, str], pki: Pki,
                                                  tmp_path: Path) -> None:
    """`document issue reminder VISIT --sign --p12 FILE`, then `document agency-sign`: the
    stored letter carries both signatures, `document verify` finds them valid; a record asked
    to be signed is refused in one line."""
    from inspector.store.engine import open_database
    from tests.factories import make_reminder_visit

    db, case_id = case_db
    handle = open_database(str(db))
    visit = make_reminder_visit(handle, local_operator())
    handle.dispose()
    issued = run(db, "document", "issue", "reminder", str(visit), "--date", "2026-09-18",
                 "--finding", "Chưa niêm yết giờ mở cửa", "--request", "Niêm yết giờ mở cửa",
                 "--sign", "--p12", str(pki.people["signer"].p12), "--as", "giamdoc",
                 "--json", stdin=f"mat-khau-1\n{PASSPHRASE}\n")
    assert issued.returncode == 0, issued.stderr
    assert json.loads(issued.stdout)["number_text"] == "01/SKHCN"
    sealed = run(db, "document", "agency-sign", "reminder", "1", "--year", "2026", "--p12",
                 str(pki.people["agency"].p12), "--as", "vanthu",
                 stdin=f"mat-khau-3\n{PASSPHRASE}\n")
    assert sealed.returncode == 0, sealed.stderr
    out = tmp_path / "cv.pdf"
    assert run(db, "document", "pdf", "reminder", "1", "--year", "2026", "-o",
               str(out)).returncode == 0
    verified = run(db, "document", "verify", str(out), "--json")
    assert verified.returncode == 0, verified.stderr
    assert [(s["signer"], s["intact"], s["trusted"]) for s in
            json.loads(verified.stdout)["signatures"]] == [
        ("Hoàng Văn Giám", True, True), ("Sở Khoa học và Công nghệ tỉnh Cao Bằng", True, True)]
    record = run(db, "document", "issue", "seizure", case_id, "--date", "2026-09-07", "--sign",
                 "--p12", str(pki.people["signer"].p12), "--as", "giamdoc",
                 stdin=f"mat-khau-1\n{PASSPHRASE}\n")
    assert record.returncode != 0
    assert "only the reminder and transfer letters are signed" in record.stderr
