"""``inspector record``: find the cases waiting for a record, issue it with what happened,
reprint the stored PDF, list the register — as real processes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sqlalchemy import select

from inspector.services.actor import local_operator
from inspector.services.setup import prepare_database
from inspector.store.models import ViolationRecord
from tests.cli.test_cli_decisions import run
from tests.documents.pdfread import text
from tests.services.test_violation_records import visit_with_violation


def test_waiting_issue_reprint_and_list(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    db = prepare_database(str(path))
    case_id = str(visit_with_violation(db, local_operator()))
    db.dispose()
    waiting = json.loads(run(path, "record", "waiting", "--json").stdout)
    assert [w["case_id"] for w in waiting] == [case_id] and waiting[0]["limitation_due"]
    # the old call still parses, and says what is missing instead of inventing the times
    bare = run(path, "record", "issue", case_id, "--date", "2026-11-20")
    assert bare.returncode != 0
    assert "made_at" in bare.stderr and "closed_at" in bare.stderr
    issued = run(path, "record", "issue", case_id, "--date", "2026-11-20", "--made-at", "23:30",
                 "--closed-at", "23h55", "--maker", "Nông Thị Kiểm|Trưởng đoàn kiểm tra",
                 "--witness", "Đinh Văn Chứng|Làm ruộng|Tổ 4, phường Thục Phán",
                 "--representative", "Lục Thị Phường|Phó Chủ tịch UBND phường|UBND phường "
                 "Thục Phán", "--statement", "Xin nhận lỗi", "--refused-reason", "Bận việc",
                 "--summons", "24/11/2026 08:00|Trụ sở Sở Khoa học và Công nghệ")
    assert issued.returncode == 0, issued.stderr
    assert issued.stdout.strip() == "record number 1"
    out = tmp_path / "bb.pdf"
    assert run(path, "record", "pdf", case_id, "-o", str(out)).returncode == 0
    db = prepare_database(str(path))
    with db.sessions() as s:
        row = s.scalar(select(ViolationRecord))
        assert row is not None and row.pdf_sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    db.dispose()
    t = text(out.read_bytes())
    for e in ("Số: 01/BB-VPHC", "hồi 23 giờ 30 phút, ngày 20/11/2026", "Nông Thị Kiểm",
              "Trưởng đoàn kiểm tra", "Đinh Văn Chứng", "Lục Thị Phường", "Xin nhận lỗi.",
              "không ký biên bản: Bận việc.", "Biên bản lập xong hồi 23 giờ 55 phút",
              "Căn cứ: Quyết định kiểm tra số 35/QĐ-SKHCN ngày 05/11/2026."):
        assert e in t, e
    assert "Hoàng Văn Tra" not in t  # --maker replaced the prefilled team
    listed = json.loads(run(path, "record", "list", "--year", "2026", "--json").stdout)
    assert [(r["number_text"], r["decided"]) for r in listed] == [("01/BB-VPHC", False)]
    assert json.loads(run(path, "record", "waiting", "--json").stdout) == []
