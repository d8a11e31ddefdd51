"""The PDF documents read back: their Vietnamese text, numbers, amounts, provisions and layout."""

from __future__ import annotations

import re
import statistics
import time
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from inspector.documents import layout
from inspector.documents.forms import (
    render_decision_without_record,
    render_no_violation_record,
    render_reminder_letter,
    render_sanction_decision,
    render_seizure_record,
    render_transfer_letter,
    render_violation_record,
)
from inspector.documents.model import (
    DecisionWithoutRecordData,
    DocumentError,
    NoViolationRecordData,
    ReminderLetterData,
    SanctionDecisionData,
    SeizureRecordData,
    TransferLetterData,
    ViolationLine,
    ViolationRecordData,
)
from inspector.domain.money import amount_in_words, format_vnd
from tests.documents import sample_data as S
from tests.documents.pdfread import embedded_fonts, norm, reader, runs, text

RENDERERS: dict[type, Callable[[Any], bytes]] = {
    ViolationRecordData: render_violation_record,
    SanctionDecisionData: render_sanction_decision,
    DecisionWithoutRecordData: render_decision_without_record,
    SeizureRecordData: render_seizure_record,
    NoViolationRecordData: render_no_violation_record,
    ReminderLetterData: render_reminder_letter,
    TransferLetterData: render_transfer_letter,
}


def render(data: object) -> bytes:
    return RENDERERS[type(data)](data)


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return {name: render(data) for name, data in S.all_samples().items()}


def words(amount: int) -> str:
    return amount_in_words(amount)


# --------------------------------------------------------------------------- every document


@pytest.mark.parametrize("name", list(S.all_samples()))
def test_every_font_is_embedded_liberation_serif(rendered: dict[str, bytes], name: str) -> None:
    """Each font a page uses is a Liberation Serif face whose program is embedded."""
    fonts = embedded_fonts(rendered[name])
    assert fonts, "no font resources found"
    assert all(fonts.values()), fonts
    assert all("LiberationSerif" in f for f in fonts), fonts


@pytest.mark.parametrize("name", list(S.all_samples()))
def test_pages_are_a4_and_text_stays_inside_the_margins(rendered: dict[str, bytes],
                                                        name: str) -> None:
    """A4 portrait; every run starts and ends inside 30/15 mm side margins and 20 mm top/bottom
    (page numbers excepted: they sit centred in the top margin)."""
    data = rendered[name]
    for page in reader(data).pages:
        assert float(page.mediabox.width) == pytest.approx(210 * mm, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(297 * mm, abs=0.5)
    width, height = 210 * mm, 297 * mm
    for run in runs(data):
        if run.text.isdigit() and run.y > height - 20 * mm:
            continue  # page number
        end = run.x + stringWidth(run.text, run.font, run.size)
        assert run.x >= 30 * mm - 0.5, run
        assert end <= width - 15 * mm + 0.5, (run, end)
        assert 20 * mm - 0.5 <= run.y <= height - 20 * mm, run


def test_layout_geometry_is_within_decree_30() -> None:
    """The frame's margins lie inside Decree 30/2020's ranges."""
    assert 20 * mm <= layout.MARGIN_TOP <= 25 * mm
    assert 20 * mm <= layout.MARGIN_BOTTOM <= 25 * mm
    assert 30 * mm <= layout.MARGIN_LEFT <= 35 * mm
    assert 15 * mm <= layout.MARGIN_RIGHT <= 20 * mm


def test_header_styles_follow_decree_30(rendered: dict[str, bytes]) -> None:
    """National title 12 pt bold, motto 13 pt bold, date 14 pt italic, Nơi nhận 12 pt bold
    italic, the agency bold, the signer's name bold."""
    found = {r.text: r for r in runs(rendered["sanction_decision_2026"])}
    national = found["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert (national.font, national.size) == ("LiberationSerif-Bold", 12)
    motto = found["Độc lập - Tự do - Hạnh phúc"]
    assert (motto.font, motto.size) == ("LiberationSerif-Bold", 13)
    dated = found["Cao Bằng, ngày 11 tháng 8 năm 2026"]
    assert (dated.font, dated.size) == ("LiberationSerif-Italic", 14)
    assert found["SỞ KHOA HỌC VÀ CÔNG NGHỆ"].font == "LiberationSerif-Bold"
    assert found["UBND TỈNH CAO BẰNG"].font == "LiberationSerif"
    recipients = found["Nơi nhận:"]
    assert (recipients.font, recipients.size) == ("LiberationSerif-BoldItalic", 12)
    assert found["Nông Thị Lan"].font == "LiberationSerif-Bold"
    number = found["Số: 12/QĐ-XPHC"]
    assert number.size == 13 and abs(number.y - dated.y) < 3, "Số and date share a line"


def _unstamped(pdf: bytes) -> bytes:
    return re.sub(rb"D:\d{14}\+00'00'", b"D:stamp", pdf)


def test_same_input_gives_the_same_bytes_but_the_creation_time() -> None:
    """Rendering is deterministic apart from the creation time (the register stores the
    SHA-256 of the bytes issued); a change changes the bytes."""
    first = render_sanction_decision(S.decision_2026())
    assert _unstamped(render_sanction_decision(S.decision_2026())) == _unstamped(first)
    assert _unstamped(render_sanction_decision(S.decision_2026(number=13))) != _unstamped(first)


def test_metadata_has_the_real_creation_time_the_title_and_the_agency() -> None:
    """Not 01/01/2000: the time of rendering, in UTC; the title; the agency as author."""
    before = datetime.now(UTC).replace(microsecond=0)
    meta = reader(render_sanction_decision(S.decision_2026())).metadata
    after = datetime.now(UTC)
    created = datetime.strptime(meta["/CreationDate"][2:16], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    assert before <= created <= after
    assert meta["/Title"] == "Quyết định xử phạt vi phạm hành chính số 12/QĐ-XPHC"
    assert meta["/Author"] == S.decision_2026().agency.agency_name


def test_page_numbers_from_page_two_centred_at_the_top(rendered: dict[str, bytes]) -> None:
    """A 12-violation decision runs over several pages numbered 2, 3, … in the top margin."""
    data = rendered["sanction_decision_2026_long"]
    pages = len(reader(data).pages)
    assert pages >= 3
    top = [r for r in runs(data) if r.y > 297 * mm - 20 * mm]
    assert not [r for r in top if r.page == 1]
    for number in range(2, pages + 1):
        (run,) = [r for r in top if r.page == number]
        assert run.text == str(number)
        centre = run.x + stringWidth(run.text, run.font, run.size) / 2
        assert centre == pytest.approx(30 * mm + (210 - 45) * mm / 2, abs=1)
        assert run.size == 13


# --------------------------------------------------------------------------- MQĐ02


def test_decision_2026_prints_every_fine_in_figures_and_words_and_the_total() -> None:
    """Each of the five fines and the total appear in figures and in words, with provisions."""
    data = S.decision_2026()
    t = text(render_sanction_decision(data))
    for v in data.violations:
        assert v.amount is not None
        assert f"phạt tiền {format_vnd(v.amount)} (Bằng chữ: {words(v.amount)})" in t
        assert norm(v.citation) in t
    total = sum(v.amount or 0 for v in data.violations)
    assert total == 55_000_000
    assert f"Tổng số tiền phạt là: 55.000.000 đồng (Bằng chữ: {words(total)})" in t
    assert "Năm mươi lăm triệu đồng" in t
    assert "điểm đ khoản 3 Điều 100 Nghị định số 174/2026/NĐ-CP" in t
    assert "điểm a khoản 2 Điều 53 Nghị định số 174/2026/NĐ-CP" in t


def test_decision_2026_contents_of_mqd02() -> None:
    """Number, bases with the delegation, circumstances, suspension, remedial measure with its
    deadline, entry into force, Treasury account and 10 days, right to complain, KT. signature."""
    t = text(render_sanction_decision(S.decision_2026()))
    for expected in (
        "Số: 12/QĐ-XPHC",
        "Cao Bằng, ngày 11 tháng 8 năm 2026",
        "QUYẾT ĐỊNH Xử phạt vi phạm hành chính GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "Căn cứ Điều 57, Điều 68, Điều 70, Điều 78, Điều 85 Luật Xử lý vi phạm hành chính "
        "(sửa đổi, bổ sung năm 2020 và năm 2025);",
        "Căn cứ Nghị định số 174/2026/NĐ-CP ngày 15 tháng 5 năm 2026 của Chính phủ quy định "
        "xử phạt vi phạm hành chính",
        "Căn cứ Biên bản vi phạm hành chính số: 07/BB-VPHC lập ngày 04/08/2026;",
        "Căn cứ Quyết định số: 05/QĐ-GQXP ngày 06/07/2026 về việc giao quyền xử phạt vi phạm "
        "hành chính.",
        "Tên của tổ chức: Công ty TNHH Dịch vụ Giải trí Thác Bản",
        "Mã số doanh nghiệp: 4800056782",
        "Người đại diện theo pháp luật: Lương Văn Khánh",
        "4. Các tình tiết tăng nặng:",
        "Vi phạm hành chính nhiều lần (điểm b khoản 1 Điều 10 Luật Xử lý vi phạm hành chính)",
        "5. Các tình tiết giảm nhẹ:",
        "a) Hình thức xử phạt chính: Phạt tiền.",
        "Đình chỉ hoạt động điểm cung cấp dịch vụ trò chơi điện tử công cộng trong thời hạn 02 "
        "tháng, kể từ ngày nhận được Quyết định này",
        "Buộc thu hồi sản phẩm, hàng hóa đang lưu thông trên thị trường",
        "Thời hạn thực hiện: 15 ngày, kể từ ngày nhận được Quyết định này",
        "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.",
        "nộp tiền phạt tại Kho bạc Nhà nước khu vực tỉnh Cao Bằng",
        "tài khoản số: 7111.0.2076543",
        "trong thời hạn 10 ngày, kể từ ngày nhận được Quyết định này",
        "có quyền khiếu nại hoặc khởi kiện hành chính đối với Quyết định này",
        "Giao cho ông Lương Văn Khánh là người đại diện của tổ chức bị xử phạt",
        "Gửi cho Kho bạc Nhà nước khu vực tỉnh Cao Bằng để thu tiền phạt.",
        "Nơi nhận: - Như Điều 3;",
        "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC",
        "Nông Thị Lan",
    ):
        assert norm(expected) in t, expected
    assert "DỰ THẢO" not in t


def test_decision_2015_chief_inspector_and_confiscated_books() -> None:
    """The 2015 decision: the Chief Inspector's title, the pre-2022 law wording, Decree 159/2013,
    the fine in figures and words, each confiscated title with its value and the total value."""
    data = S.decision_2015()
    t = text(render_sanction_decision(data))
    assert "CHÁNH THANH TRA SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in t
    assert "Luật Xử lý vi phạm hành chính;" in t and "sửa đổi, bổ sung năm 2020" not in t
    assert "Căn cứ Nghị định số 159/2013/NĐ-CP ngày 12 tháng 11 năm 2013 của Chính phủ" in t
    assert "Quy định tại: khoản 1 Điều 27 Nghị định số 159/2013/NĐ-CP." in t
    assert "Phạt tiền 2.500.000 đồng (Bằng chữ: Hai triệu năm trăm nghìn đồng)" in t
    assert "Số: 05/QĐ-XPHC" in t and "Cao Bằng, ngày 16 tháng 3 năm 2015" in t
    assert "Xử phạt vi phạm hành chính đối với bà có tên sau đây" in t
    assert "Số định danh cá nhân/CMND/Hộ chiếu: 085123456; ngày cấp: 20/03/2010" in t
    items = data.violations[0].additional[0].items
    for item in items:
        assert norm(item.name) in t
        assert item.value is not None and format_vnd(item.value, unit=False) in t
    value = sum(i.value or 0 for i in items)
    assert f"{format_vnd(value)} (Bằng chữ: {words(value)})" in t
    assert "CHÁNH THANH TRA Hoàng Văn Minh" in t
    assert "KT." not in t
    assert "Tổng số tiền phạt" not in t, "one fine needs no total"


def test_warning_only_decision_has_no_payment_clause() -> None:
    """A decision that only warns says "Cảnh cáo" and asks for no payment."""
    v = replace(S.violations_2026(1)[0], amount=None, warning=True)
    t = text(render_sanction_decision(replace(S.decision_2026(), violations=(v,))))
    assert "a) Hình thức xử phạt chính: Cảnh cáo." in t and "Cụ thể: Cảnh cáo." in t
    assert "nộp tiền phạt" not in t and "để thu tiền phạt" not in t


def test_deputy_must_cite_the_delegation() -> None:
    """A KT. signature without the delegation decision in the bases is refused."""
    data = S.decision_2026()
    with pytest.raises(DocumentError, match="giao quyền"):
        render_sanction_decision(replace(data, bases=data.bases[:-1]))
    with pytest.raises(DocumentError, match="giao quyền"):
        render_sanction_decision(replace(data, signer=replace(data.signer, delegation=None)))


@pytest.mark.parametrize("bad", [
    ViolationLine("khoản 1 Điều 27 Nghị định số 159/2013/NĐ-CP", "x"),
    ViolationLine("khoản 1 Điều 27 Nghị định số 159/2013/NĐ-CP", "x", amount=0),
    ViolationLine("khoản 1 Điều 27 Nghị định số 159/2013/NĐ-CP", "x", amount=5, warning=True),
    ViolationLine("", "x", amount=1_000_000),
])
def test_violation_without_sanction_or_provision_is_refused(bad: ViolationLine) -> None:
    """Each violation needs a provision and exactly one of a fine or a warning."""
    with pytest.raises(DocumentError):
        render_sanction_decision(replace(S.decision_2015(), violations=(bad,)))


def test_draft_prints_dotted_number_and_watermark() -> None:
    """A draft (no number) prints "Số: …/QĐ-XPHC" and the DỰ THẢO mark."""
    t = text(render_sanction_decision(S.decision_2026(number=None)))
    assert "Số: …/QĐ-XPHC" in t
    assert "DỰ THẢO" in t
    record = text(render_violation_record(S.record_2015(number=None)))
    assert "Số: …/BB-VPHC" in record and "DỰ THẢO" in record


def test_date_line_has_leading_zeros() -> None:
    """Days 1–9 and months 1–2 take a leading zero: "ngày 05 tháng 02 năm 2026"."""
    t = text(render_sanction_decision(replace(S.decision_2026(), decision_date=date(2026, 2, 5))))
    assert "Cao Bằng, ngày 05 tháng 02 năm 2026" in t


def test_user_text_is_escaped_and_printed_as_typed() -> None:
    """"Công ty A & B <Sách>" and markup-like text print literally in record and decision."""
    name = "Công ty A & B <Sách>"
    org = replace(S.GAME_COMPANY, name=name, representative="Lê <b>Văn</b> Tùng & Co")
    for data in (render_sanction_decision(S.decision_2026(violator=org)),
                 render_violation_record(S.record_2026(violator=org))):
        t = text(data)
        assert f"Tên của tổ chức: {name}" in t
        assert "Lê <b>Văn</b> Tùng & Co" in t
        assert "&amp;" not in t and "&lt;" not in t


def test_decomposed_input_prints_composed() -> None:
    """Text typed in NFD (decomposed accents) comes out NFC."""
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hoa")
    data = replace(S.decision_2015(), violator=replace(S.BOOKSELLER, full_name=nfd))
    t = text(render_sanction_decision(data))
    assert "Họ và tên: Nguyễn Thị Hoa" in t


def test_decision_speed() -> None:
    """A five-violation decision renders well within the 100 ms target (loose bound for CI)."""
    data = S.decision_2026()
    render_sanction_decision(data)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        render_sanction_decision(data)
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.25


# --------------------------------------------------------------------------- MBB01


def test_violation_record_2015_without_explanation_right() -> None:
    """MBB01 for the bookshop: identity, act, provision, statements; no right-to-explain item,
    so the summons is item 10; the sheet count matches the PDF."""
    data = render_violation_record(S.record_2015())
    t = text(data)
    for expected in (
        "Số: 03/BB-VPHC", "BIÊN BẢN VI PHẠM HÀNH CHÍNH Về xuất bản (phát hành xuất bản phẩm)",
        "Hôm nay, hồi 10 giờ 45 phút, ngày 10/03/2015, tại Nhà sách Hoa Mai",
        "Căn cứ: Quyết định thanh tra số 12/QĐ-TTr",
        "1. Người có thẩm quyền lập biên bản:", "Họ và tên: Đàm Văn Bằng",
        "Chức vụ: Thanh tra viên", "2. Với sự chứng kiến của:", "Chức vụ: Phó Chủ tịch",
        "Tiến hành lập biên bản vi phạm hành chính đối với bà có tên sau đây:",
        "1. Họ và tên: Nguyễn Thị Hoa", "Giới tính: Nữ", "Quốc tịch: Việt Nam",
        "Ngày, tháng, năm sinh: 12/04/1978",
        "3. Quy định tại: khoản 1 Điều 27 Nghị định số 159/2013/NĐ-CP.",
        "8. Chúng tôi đã yêu cầu cá nhân vi phạm chấm dứt ngay hành vi vi phạm.",
        "10. Yêu cầu bà Nguyễn Thị Hoa là cá nhân vi phạm có mặt vào hồi 08 giờ 00 phút, "
        "ngày 13/03/2015",
        "CÁ NHÂN VI PHẠM", "NGƯỜI LẬP BIÊN BẢN", "ĐẠI DIỆN CHÍNH QUYỀN",
    ):
        assert norm(expected) in t, expected
    assert "giải trình" not in t
    assert "đồng" not in t, "a record prints no fine"
    pages = len(reader(data).pages)
    assert f"gồm {pages:02d} tờ" in t


def test_violation_record_2026_with_explanation_right() -> None:
    """Where suspension is possible the record prints item 10 (2 / 5 working days, to whom) and
    the summons becomes item 11; without the flag item 10 is gone."""
    t = text(render_violation_record(S.record_2026()))
    assert norm(
        "10. Quyền và thời hạn giải trình: Trong thời hạn 02 ngày làm việc kể từ ngày lập biên "
        "bản này, ông Lương Văn Khánh là người đại diện của tổ chức vi phạm có quyền gửi văn bản "
        "yêu cầu được giải trình trực tiếp đến Giám đốc Sở Khoa học và Công nghệ tỉnh Cao Bằng"
    ) in t
    assert "trong thời hạn 05 ngày làm việc" in t and "văn bản giải trình" in t
    assert "11. Yêu cầu ông Lương Văn Khánh" in t
    for v in S.violations_2026(5):
        assert norm(v.citation) in t
    without = text(render_violation_record(S.record_2026(explanation=False)))
    assert "giải trình" not in without and "10. Yêu cầu ông Lương Văn Khánh" in without


# --------------------------------------------------------------------------- MQĐ01


def test_decision_without_record_2015() -> None:
    """MQĐ01: Arts 56 and 69, the fine in figures and words, payment on the spot or within 10
    days, Điều 3 entry into force, Điều 4 delivery."""
    t = text(render_decision_without_record(S.decision_without_record_2015()))
    for expected in (
        "Số: 09/QĐ-XPHC", "Xử phạt vi phạm hành chính không lập biên bản",
        "Căn cứ Điều 56, Điều 69 Luật Xử lý vi phạm hành chính;",
        "Xử phạt vi phạm hành chính theo thủ tục không lập biên bản đối với ông có tên sau đây",
        "3. Quy định tại: điểm d khoản 1 Điều 30 Nghị định số 159/2013/NĐ-CP.",
        "4. Địa điểm xảy ra vi phạm:",
        "Mức tiền phạt: 200.000 đồng (Bằng chữ: Hai trăm nghìn đồng).",
        "nộp tiền phạt tại chỗ cho người đã ra quyết định xử phạt",
        "trong thời hạn 10 ngày, kể từ ngày nhận được Quyết định này",
        "Điều 3. Quyết định này có hiệu lực thi hành kể từ ngày ký.",
        "Điều 4. Quyết định này được:", "Nơi nhận: - Như Điều 4;",
    ):
        assert norm(expected) in t, expected


@pytest.mark.parametrize(("amount", "on", "subject", "allowed"), [
    (250_000, date(2015, 6, 2), "individual", True),
    (300_000, date(2015, 6, 2), "individual", False),
    (400_000, date(2025, 6, 30), "individual", False),
    (400_000, date(2025, 7, 1), "individual", True),
    (600_000, date(2026, 8, 11), "individual", False),
    (1_000_000, date(2026, 8, 11), "organisation", True),
    (1_000_500, date(2026, 8, 11), "organisation", False),
])
def test_decision_without_record_only_where_the_law_allows(
        amount: int, on: date, subject: str, allowed: bool) -> None:
    """MQĐ01 is refused above the Art 56 limit in force on the decision date."""
    data = S.decision_without_record_2015(amount=amount, on=on, subject=subject)
    if subject == "organisation":
        data = replace(data, violator=S.GAME_COMPANY)
    if allowed:
        assert format_vnd(amount) in text(render_decision_without_record(data))
    else:
        with pytest.raises(DocumentError, match="không lập biên bản"):
            render_decision_without_record(data)


def test_decision_without_record_refused_for_technical_devices() -> None:
    """A violation detected by technical devices always needs a record."""
    with pytest.raises(DocumentError, match="phương tiện kỹ thuật"):
        render_decision_without_record(S.decision_without_record_2015(technical=True))


# --------------------------------------------------------------------------- other documents


def test_seizure_record_lists_items_and_licences() -> None:
    """MBB15: number, each title with unit and quantity, the licence held, the closing line."""
    t = text(render_seizure_record(S.seizure_2015()))
    assert "Số: 02/BB-TG" in t
    assert "Tạm giữ tang vật, phương tiện vi phạm hành chính, giấy phép, chứng chỉ hành nghề" in t
    assert ("Tiến hành tạm giữ và lập biên bản tạm giữ tang vật, phương tiện vi phạm hành chính "
            "và giấy phép, chứng chỉ hành nghề của bà có tên sau đây") in t
    for title, qty, _price in S.BOOKS_2015:
        assert norm(title) in t
        assert f" {qty} " in t
    assert "Giấy chứng nhận đăng ký hộ kinh doanh số 04.A.8.001234" in t
    assert "chúng tôi không tạm giữ thêm thứ gì khác" in t
    assert "NGƯỜI CHỨNG KIẾN Lục Văn Tú" in t.replace("(Ký, ghi rõ họ và tên) ", "")


def test_seizure_record_without_known_violator() -> None:
    """With no identified violator the record says so and prints no identity block."""
    t = text(render_seizure_record(replace(S.seizure_2015(), violator=None, licences=())))
    assert "nhưng không xác định được cá nhân/tổ chức vi phạm" in t
    assert "Họ và tên: Nguyễn Thị Hoa" not in t


def test_no_violation_record_of_the_printing_company() -> None:
    """The inspection record: team, company, checks table, "no violation", reminders."""
    t = text(render_no_violation_record(S.no_violation_record_2015()))
    for expected in (
        "Số: 14/BB-TTr", "BIÊN BẢN THANH TRA",
        "Về việc chấp hành quy định của pháp luật về hoạt động in",
        "Tên của tổ chức: Công ty Cổ phần In Việt Lập Cao Bằng",
        "1. Nội dung và kết quả thanh tra:", "Sổ ghi chép, quản lý ấn phẩm nhận in",
        "Tại thời điểm thanh tra, Đoàn thanh tra chưa phát hiện hành vi vi phạm hành chính.",
        "TRƯỞNG ĐOÀN THANH TRA",
    ):
        assert norm(expected) in t, expected


def test_reminder_letter_of_the_printing_company() -> None:
    """The reminder letter: letter number and V/v, Kính gửi, shortcomings, requests, report date,
    the closing "./." and the signature."""
    t = text(render_reminder_letter(S.reminder_2015()))
    for expected in (
        "Số: 85/STTTT-TTr", "V/v khắc phục tồn tại sau thanh tra hoạt động in",
        "Cao Bằng, ngày 23 tháng 10 năm 2015",
        "Kính gửi: Công ty Cổ phần In Việt Lập Cao Bằng.",
        "- Việc sắp xếp, lưu trữ hồ sơ nhận in chưa khoa học, khó tra cứu;",
        "1. Sắp xếp, lưu trữ hồ sơ nhận in theo từng năm, từng hợp đồng;",
        "trước ngày 30 tháng 11 năm 2015",
        "nghiêm túc thực hiện./.", "Nơi nhận: - Như trên;", "CHÁNH THANH TRA Hoàng Văn Minh",
    ):
        assert norm(expected) in t, expected
    assert "xử phạt" not in t


def test_transfer_letter_to_the_competent_authority() -> None:
    """The transfer letter names the record, the provision, why it is out of competence, the
    legal basis, the enclosures, the deadline, and is signed KT."""
    t = text(render_transfer_letter(S.transfer_2026()))
    for expected in (
        "Số: 214/SKHCN-BCVT", "V/v chuyển hồ sơ vụ việc vi phạm hành chính",
        "Kính gửi: Sở Văn hóa, Thể thao và Du lịch tỉnh Cao Bằng.",
        "Biên bản làm việc số 04/BB-LV lập ngày 04/8/2026",
        "quy định tại điểm a khoản 1 Điều 29 Nghị định số 119/2020/NĐ-CP",
        "không thuộc thẩm quyền xử phạt của Giám đốc Sở Khoa học và Công nghệ",
        "Căn cứ điểm a khoản 1 Điều 12 Nghị định số 118/2021/NĐ-CP",
        "chuyển toàn bộ hồ sơ vụ việc nêu trên đến Sở Văn hóa, Thể thao và Du lịch tỉnh Cao Bằng",
        "Hồ sơ gửi kèm gồm: 1. Biên bản làm việc số 04/BB-LV",
        "đến hết ngày 18 tháng 8 năm 2026",
        "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC",
    ):
        assert norm(expected) in t, expected


def test_letter_needs_the_agency_letter_symbol() -> None:
    """An agency without a letter symbol cannot number an official letter."""
    data = S.reminder_2015()
    with pytest.raises(DocumentError, match="ký hiệu"):
        render_reminder_letter(replace(data, agency=replace(data.agency, letter_symbol="")))
