"""Bases, numbers and the less common paths of the forms (receipts, refunds, seized items)."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from inspector.documents.forms import render_sanction_decision, render_violation_record
from inspector.documents.layout import esc, punctuate
from inspector.documents.model import (
    DocumentError,
    Witness,
    cite_instrument,
    delegation_reference,
    document_number,
    law_reference,
    standard_bases,
)
from inspector.domain.law import load_catalog
from tests.documents import sample_data as S
from tests.documents.pdfread import reader, text

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("on", "expected"), [
    (date(2015, 3, 16), "Luật Xử lý vi phạm hành chính"),
    (date(2021, 12, 31), "Luật Xử lý vi phạm hành chính"),
    (date(2022, 1, 1), "Luật Xử lý vi phạm hành chính (sửa đổi, bổ sung năm 2020)"),
    (date(2025, 6, 30), "Luật Xử lý vi phạm hành chính (sửa đổi, bổ sung năm 2020)"),
    (date(2025, 7, 1), "Luật Xử lý vi phạm hành chính (sửa đổi, bổ sung năm 2020 và năm 2025)"),
])
def test_law_is_named_with_the_amendments_in_force(on: date, expected: str) -> None:
    """The Law is cited with the amendments in force on the decision date, read from the dated
    reference data (legal.md §1.1: Law 67/2020 effective 01/01/2022, Law 88/2025 effective
    01/7/2025), not from dates in code."""
    amended_in = load_catalog().law_amended_in(on)
    assert law_reference((57, 68), amended_in) == f"Điều 57, Điều 68 {expected}"


def test_standard_bases_order_and_delegation() -> None:
    """Law, decree, others, record, hearing, verification, delegation — in the forms' order."""
    bases = standard_bases(
        "MQĐ02", date(2026, 8, 11), [S.DECREE_174], others=["Căn cứ Quyết định số 1/QĐ-X"],
        record=(7, date(2026, 8, 4)), explanation_record=(2, date(2026, 8, 6)),
        verification_record=("03/BB-XM", date(2026, 8, 7)), signer=S.DEPUTY_2026,
        law_amended_in=(2020, 2025))
    assert bases == (
        "Căn cứ Điều 57, Điều 68, Điều 70, Điều 78, Điều 85 Luật Xử lý vi phạm hành chính "
        "(sửa đổi, bổ sung năm 2020 và năm 2025)",
        "Căn cứ Nghị định số 174/2026/NĐ-CP ngày 15 tháng 5 năm 2026 của Chính phủ quy định xử "
        "phạt vi phạm hành chính trong lĩnh vực bưu chính, viễn thông, tần số vô tuyến điện, "
        "giao dịch điện tử và công nghệ thông tin",
        "Căn cứ Quyết định số 1/QĐ-X",
        "Căn cứ Biên bản vi phạm hành chính số: 07/BB-VPHC lập ngày 04/08/2026",
        "Căn cứ Biên bản phiên giải trình trực tiếp số: 02/BB-GTTT lập ngày 06/08/2026",
        "Căn cứ Biên bản số: 03/BB-XM lập ngày 07/08/2026 xác minh tình tiết của vụ việc vi "
        "phạm hành chính",
        "Căn cứ Quyết định số: 05/QĐ-GQXP ngày 06/07/2026 về việc giao quyền xử phạt vi phạm "
        "hành chính",
    )
    assert standard_bases("MQĐ01", date(2015, 6, 2), [], law_amended_in=())[0] == \
        "Căn cứ Điều 56, Điều 69 Luật Xử lý vi phạm hành chính"
    assert len(standard_bases("MQĐ02", date(2015, 3, 16), [S.DECREE_159],
                              signer=S.CHIEF_2015, law_amended_in=())) == 2


def test_numbers_and_citations() -> None:
    """Numbers below 10 take a leading zero; drafts print "…"; decrees are cited in full once."""
    assert document_number(5, "BB-VPHC") == "05/BB-VPHC"
    assert document_number(214, "SKHCN-BCVT") == "214/SKHCN-BCVT"
    assert document_number(None, "QĐ-XPHC") == "…/QĐ-XPHC"
    for bad in (0, -1, True):
        with pytest.raises(DocumentError):
            document_number(bad, "QĐ-XPHC")
    assert cite_instrument(S.DECREE_159) == (
        "Nghị định số 159/2013/NĐ-CP ngày 12 tháng 11 năm 2013 của Chính phủ quy định xử phạt vi "
        "phạm hành chính trong hoạt động báo chí, xuất bản")
    assert delegation_reference(5, date(2026, 7, 6)).startswith(
        "Quyết định số: 05/QĐ-GQXP ngày 06/07/2026")


def test_escape_and_punctuation_helpers() -> None:
    """esc escapes markup and keeps newlines as breaks; punctuate ends lines with ; and ."""
    assert esc(" A & B <Sách>\n2 ") == "A &amp; B &lt;Sách&gt;<br/>2"
    assert punctuate(["a;", "b.", " ", "c"]) == ["a;", "b;", "c."]


def test_receipt_on_the_back_of_decision_and_record() -> None:
    """With a receipt the last page carries the hand-over note; the record's sheet count
    leaves that back page out."""
    decision = render_sanction_decision(replace(S.decision_2015(), receipt_on_back=True))
    last = reader(decision).pages[-1].extract_text()
    assert "Quyết định đã giao trực tiếp cho cá nhân bị xử phạt vào hồi" in " ".join(last.split())
    assert "NGƯỜI NHẬN QUYẾT ĐỊNH" in last
    record = render_violation_record(replace(S.record_2015(), receipt_on_back=True))
    pages = len(reader(record).pages)
    assert f"gồm {pages - 1:02d} tờ" in text(record)
    assert "NGƯỜI NHẬN BIÊN BẢN" in reader(record).pages[-1].extract_text()


def test_refund_and_dated_entry_into_force() -> None:
    """The refund of urgent remedial costs prints in figures and words; a dated entry into force
    prints the date in full."""
    data = replace(S.decision_2026(), refund_amount=1_250_000,
                   refund_to="Ủy ban nhân dân phường Thục Phán", effective=date(2026, 8, 15))
    t = text(render_sanction_decision(data))
    assert ("phải hoàn trả số kinh phí là: 1.250.000 đồng (Bằng chữ: Một triệu hai trăm năm mươi "
            "nghìn đồng) cho: Ủy ban nhân dân phường Thục Phán") in t
    assert "có hiệu lực thi hành kể từ ngày 15 tháng 8 năm 2026." in t


def test_record_with_seized_items_refusal_and_interpreter() -> None:
    """Items seized with the record are tabulated; refusals and the interpreter are printed."""
    data = replace(
        S.record_2015(), seized_items=S.seizure_2015().items,
        interpreter=Witness("Hoàng Văn Páo", occupation="Phiên dịch viên",
                              address="Xã Ngọc Côn, huyện Trùng Khánh"),
        refusal_reason="Bà Hoa cho rằng sách là của người gửi bán",
        witness_refusal_reason="Không đồng ý xác nhận", appointment=None,
        made_at=datetime(2015, 3, 10, 7, 5))
    t = text(render_violation_record(data))
    assert "Tang vật, phương tiện vi phạm hành chính bị tạm giữ:" in t
    assert "Tiếng Việt 3, tập một (in lậu)" in t
    assert "3. Người phiên dịch: Họ và tên: Hoàng Văn Páo" in t
    assert ("Lý do bà Nguyễn Thị Hoa là cá nhân vi phạm không ký biên bản: Bà Hoa cho rằng sách "
            "là của người gửi bán.") in t
    assert "là đại diện chính quyền cấp xã không ký xác nhận: Không đồng ý xác nhận." in t
    assert "hồi 07 giờ 05 phút, ngày 10/03/2015" in t
    assert "có mặt vào hồi … giờ … phút, ngày …/…/……" in t
    assert "NGƯỜI PHIÊN DỊCH" in t


def test_long_fields_fall_back_to_one_line() -> None:
    """A name too long to share its line with the sex prints both in one paragraph."""
    long_name = "Nguyễn Thị " + "Hoa " * 30
    t = text(render_sanction_decision(
        replace(S.decision_2015(), violator=replace(S.BOOKSELLER, full_name=long_name))))
    assert "Hoa; giới tính: Nữ" in t


def test_same_bytes_in_a_fresh_process() -> None:
    """Another interpreter renders the same decision to the same SHA-256, once the creation
    time is set aside (it is the moment of rendering, and two processes may straddle a second)."""
    code = ("import hashlib, re; from tests.documents.sample_data import decision_2026; "
            "from inspector.documents.forms import render_sanction_decision as r; "
            "print(hashlib.sha256(re.sub(rb\"D:\\d{14}\\+00'00'\", b'D:stamp', "
            "r(decision_2026()))).hexdigest())")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.strip()
    here = re.sub(rb"D:\d{14}\+00'00'", b"D:stamp", render_sanction_decision(S.decision_2026()))
    assert out == hashlib.sha256(here).hexdigest()


def test_agency_symbols_are_printed() -> None:
    """An agency's own number symbols replace the forms' defaults."""
    t = text(render_sanction_decision(replace(S.decision_2026(), symbol="QĐ-XPVPHC")))
    assert "Số: 12/QĐ-XPVPHC" in t and "QĐ-XPHC" not in t
    r = text(render_violation_record(replace(S.record_2015(), symbol="BB-VPHC-TTr")))
    assert "Số: 03/BB-VPHC-TTr" in r


def test_the_act_is_printed_once_when_the_facts_repeat_it() -> None:
    """A record or decision names the act once: the decree's words, then what was found; when
    the inspector's facts already begin with the act, the act is not printed again."""
    from inspector.documents.model import ViolationLine

    act = "Bán sản phẩm báo chí nhập khẩu trái phép"
    apart = ViolationLine("điểm b khoản 1 Điều 13 Nghị định số 119/2020/NĐ-CP", act,
                          "phát hiện khi kiểm tra ngày 26/07/2026")
    assert apart.act() == f"{act}. Phát hiện khi kiểm tra ngày 26/07/2026."
    repeated = ViolationLine(apart.citation, act, f"{act}; phát hiện khi kiểm tra ngày 26/07/2026")
    assert repeated.act() == f"{act}; phát hiện khi kiểm tra ngày 26/07/2026."
    assert repeated.act().count(act) == 1
