"""The header and the signer's title of a decision name the same department: a title that on
the decision's date belongs to other departments than the configured agency refuses the
decision with a line saying what to update (the agency renamed or merged, 01/3/2025 in Cao
Bằng), instead of printing "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" over "GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG
NGHỆ"."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from inspector.cli import main as cli_main
from inspector.services import decisions, violation_records
from inspector.services.actor import Actor
from inspector.services.agency import get_agency, save_agency
from inspector.services.errors import ServiceError, ValidationError
from inspector.services.signers import head_title
from inspector.store.engine import Database, open_database
from tests.conftest import make_actor
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details

CHIEF = make_actor("chief", "giam.doc")


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split())
                    for p in PdfReader(BytesIO(pdf)).pages)


def test_a_title_of_another_department_is_refused(db: Database) -> None:
    with pytest.raises(ValidationError) as caught:
        head_title(db, "director_department", date(2026, 2, 10), "Sở Thông tin và Truyền thông")
    assert "Sở Khoa học và Công nghệ" in caught.value.vi
    assert "Cài đặt › Cơ quan" in caught.value.vi
    with pytest.raises(ValidationError):
        head_title(db, "chief_inspector_department", date(2015, 6, 1),
                   "Sở Khoa học và Công nghệ")
    assert head_title(db, "director_department", date(2026, 2, 10),
                      "Sở Khoa học và Công nghệ") == "Giám đốc Sở Khoa học và Công nghệ"


def test_the_review_blocks_until_the_agency_is_renamed(db: Database, operator: Actor) -> None:
    info = configure_agency(db, operator)  # 2026: Sở Khoa học và Công nghệ, its Director
    save_agency(db, operator, replace(info, agency_name="Sở Thông tin và Truyền thông",
                                      agency_short="STTTT"))
    case_id = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                        "amount": 2_000_000}], establishment=INTERNET_POINT,
                        opened_on=date(2026, 9, 7))
    violation_records.issue_record(db, operator, case_id, date(2026, 9, 7),
                                   details=record_details(date(2026, 9, 7)))
    review = decisions.review_decision(db, CHIEF, case_id, date(2026, 9, 10))
    signer = next(c for c in review.checks if c.name == "signer")
    assert not signer.ok and "cập nhật tên cơ quan" in signer.message
    with pytest.raises(ServiceError, match="cập nhật tên cơ quan"):
        decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 10))
    save_agency(db, operator, replace(get_agency(db, operator),
                                      agency_name="Sở Khoa học và Công nghệ",
                                      agency_short="SKHCN"))
    info2 = decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 10))
    text = _text(decisions.decision_pdf(db, CHIEF, info2.number or 0, 2026))
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in text and "GIÁM ĐỐC" in text
    assert "THÔNG TIN VÀ TRUYỀN THÔNG" not in text


def test_the_2015_demo_then_2026_work_prints_one_department(tmp_path: Path) -> None:
    """The 2015 scenario, then a 2026 year into the same database: the 2026 decisions stand
    under the Sở Khoa học và Công nghệ with its Director; the 2015 ones keep their header."""
    path = str(tmp_path / "d.sqlite")
    assert cli_main(["--db", path, "db", "upgrade"]) == 0
    assert cli_main(["--db", path, "demo", "seed", "--scenario", "caobang-2015"]) == 0
    assert cli_main(["--db", path, "demo", "seed", "--scenario", "random", "--year", "2026",
                     "--size", "60", "--into-existing"]) == 0
    db = open_database(path)
    try:
        new = [d for d in decisions.list_decisions(db, CHIEF, 2026) if d.number]
        assert new
        for d in new:
            text = _text(decisions.decision_pdf(db, CHIEF, d.number or 0, 2026))
            assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in text
            assert "THÔNG TIN VÀ TRUYỀN THÔNG" not in text, d.number_text
        old = _text(decisions.decision_pdf(db, CHIEF, 1, 2015))
        assert "SỞ THÔNG TIN VÀ" in old and "CHÁNH THANH TRA" in old
    finally:
        db.dispose()
