"""The drafted report section reads like the department's own 2015 report."""

from __future__ import annotations

from datetime import date

from inspector.reports.heading import ReportHeading
from inspector.reports.prose import count, draft_report, money
from inspector.services.tallies import Headline, Period, Tally


def test_counts_and_money_in_the_report_style() -> None:
    assert [count(n) for n in (0, 5, 9, 14, 132)] == ["00", "05", "09", "14", "132"]
    assert money(2_000_000) == "2.000.000 đồng (hai triệu đồng)"
    assert money(15_500_000) == "15.500.000 đồng (mười lăm triệu năm trăm nghìn đồng)"


def test_2015_text_states_the_seed_figures(caobang: tuple[Tally, ReportHeading]) -> None:
    """The figures of the seed's "Về công tác thanh tra, kiểm tra" section, in its words."""
    text = draft_report(caobang[0]).plain()
    for phrase in (
        "Sở không nhận được đơn thư khiếu nại, tố cáo nào",
        "Thực hiện Kế hoạch công tác năm 2015, Thanh tra Sở đã tiến hành 05 cuộc thanh tra, "
        "02 cuộc kiểm tra theo chuyên đề",
        "đối với 09 cơ sở (03 siêu thị và 06 cửa hàng",
        "2.000.000 đồng (hai triệu đồng)",
        "03 doanh nghiệp cung cấp dịch vụ Internet",
        "42.000.000 đồng (bốn mươi hai triệu đồng)",
        "phát hiện 06/14 cơ sở có vi phạm",
        "tịch thu 726 cuốn sách vi phạm",
        "15.500.000 đồng (mười lăm triệu năm trăm nghìn đồng)",
        "tại Công ty Cổ phần in Việt Lập Cao Bằng",
        "nhắc nhở và yêu cầu khắc phục một số tồn tại",
        "34 điểm đại lý viễn thông, 07 cửa hàng kinh doanh dịch vụ viễn thông và 15 cửa hàng",
        "đều chấp hành tốt các quy định",
        "59.500.000 đồng (năm mươi chín triệu năm trăm nghìn đồng)",
        "Chánh Thanh tra Sở đã ra",
    ):
        assert phrase in text, phrase


def test_empty_period_and_comparison() -> None:
    """No work: one honest sentence; with a previous year: rises and falls in figures."""
    period = Period(date(2026, 1, 1), date(2026, 12, 31))
    empty = Tally(period, period.previous(), Headline(), Headline())
    text = draft_report(empty).plain()
    assert "chưa tiến hành cuộc thanh tra, kiểm tra nào" in text
    assert "chưa có số liệu năm 2025" in text
    now = Headline(inspections=3, fines_imposed=5_000_000, complaints=1, denunciations=2)
    before = Headline(inspections=4, fines_imposed=1_000_000)
    text = draft_report(Tally(period, period.previous(), now, before)).plain()
    assert "Sở đã tiếp nhận 01 đơn khiếu nại và 02 đơn tố cáo." in text
    assert "số cuộc thanh tra, kiểm tra giảm (03 so với 04)" in text
    assert "số tiền phạt tăng (5.000.000 đồng so với 1.000.000 đồng)" in text
    assert "Giám đốc Sở" not in text  # no decisions, no signer named
