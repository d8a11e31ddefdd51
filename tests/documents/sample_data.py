"""Realistic sample documents shared by the tests, the bench and the PNG script.

Two cases, one per era:

* **2015** — Cao Bằng, Sở Thông tin và Truyền thông; the Chief Inspector ("Chánh Thanh tra Sở")
  signs under Decree 159/2013 (the seed report's bookshop inspection, its printing company
  reminded without a sanction, a small printer fined without a record).
* **2026** — Sở Khoa học và Công nghệ after the 2025 merger; a Deputy Director signs "KT. GIÁM
  ĐỐC" under a delegation, Decree 174/2026 (a game and Internet point that also sells uncertified
  Wi-Fi routers), and a transfer of pirated books to the culture department.

Provisions are cited with :func:`inspector.domain.law.format_citation`. People, companies (except
the seed's printing company), identity numbers, enterprise codes, addresses and account numbers
are invented; the enterprise code passes the tax-code checksum.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from inspector.documents.model import (
    AdditionalSanction,
    AgencyBlock,
    CheckItem,
    ConfiscatedItem,
    DecisionWithoutRecordData,
    LegalInstrument,
    NoViolationRecordData,
    Officer,
    Organisation,
    Person,
    RemedialMeasure,
    ReminderLetterData,
    SanctionDecisionData,
    SeizedLicence,
    SeizureRecordData,
    Signer,
    TransferLetterData,
    TreasuryAccount,
    ViolationLine,
    ViolationRecordData,
    Witness,
    cite_instrument,
    delegation_reference,
    standard_bases,
)
from inspector.domain.deadlines import decision_without_record_allowed, load_procedure_rules
from inspector.domain.law import format_citation

__all__ = [
    "BOOKS_2015",
    "DECREE_118",
    "DECREE_159",
    "DECREE_174",
    "all_samples",
    "decision_2015",
    "decision_2026",
    "decision_without_record_2015",
    "no_violation_record_2015",
    "record_2015",
    "record_2026",
    "reminder_2015",
    "seizure_2015",
    "transfer_2026",
]

# --------------------------------------------------------------------------- instruments

DECREE_159 = LegalInstrument(
    "159/2013/NĐ-CP", date(2013, 11, 12),
    "Nghị định quy định xử phạt vi phạm hành chính trong hoạt động báo chí, xuất bản")
DECREE_174 = LegalInstrument(
    "174/2026/NĐ-CP", date(2026, 5, 15),
    "Nghị định quy định xử phạt vi phạm hành chính trong lĩnh vực bưu chính, viễn thông, tần số "
    "vô tuyến điện, giao dịch điện tử và công nghệ thông tin")
DECREE_118 = LegalInstrument(
    "118/2021/NĐ-CP", date(2021, 12, 23),
    "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Xử lý vi phạm hành chính")
DECREE_189 = LegalInstrument(
    "189/2025/NĐ-CP", date(2025, 7, 1),
    "Nghị định quy định chi tiết Luật Xử lý vi phạm hành chính về thẩm quyền xử phạt vi phạm "
    "hành chính")

# --------------------------------------------------------------------------- 2015

AGENCY_2015 = AgencyBlock("UBND tỉnh Cao Bằng", "Sở Thông tin và Truyền thông", "Cao Bằng",
                          letter_symbol="STTTT-TTr")
CHIEF_2015 = Signer("Hoàng Văn Minh", "Chánh Thanh tra",
                    authority="Chánh Thanh tra Sở Thông tin và Truyền thông")
TREASURY_2015 = TreasuryAccount(
    "Kho bạc Nhà nước tỉnh Cao Bằng",
    "số 12 phố Hoàng Đình Giong, phường Hợp Giang, thành phố Cao Bằng, tỉnh Cao Bằng",
    "7111.0.1054321")
INSPECTORS_2015 = (
    Officer("Đàm Văn Bằng", "Thanh tra viên",
            "Thanh tra Sở Thông tin và Truyền thông tỉnh Cao Bằng"),
    Officer("Lý Thị Thu", "Thanh tra viên",
            "Thanh tra Sở Thông tin và Truyền thông tỉnh Cao Bằng"),
)
BOOKSELLER = Person(
    full_name="Nguyễn Thị Hoa", sex="Nữ", date_of_birth=date(1978, 4, 12),
    occupation="Kinh doanh sách (chủ hộ kinh doanh Nhà sách Hoa Mai)",
    residence="Số 25 phố Vườn Cam, phường Hợp Giang, thành phố Cao Bằng, tỉnh Cao Bằng",
    id_number="085123456", id_issued_on=date(2010, 3, 20), id_issued_by="Công an tỉnh Cao Bằng")
BOOKS_2015 = (
    ("Tiếng Việt 3, tập một (in lậu)", 18, 14_000),
    ("Toán 3 (in lậu)", 16, 13_000),
    ("Tiếng Việt 4, tập hai (in lậu)", 15, 14_000),
    ("Toán 5 (in lậu)", 14, 15_000),
    ("Từ điển Việt - Anh (in giả)", 9, 85_000),
    ("Truyện cổ tích Việt Nam chọn lọc (in nối bản trái phép)", 12, 45_000),
    ("Tuyển tập văn mẫu lớp 9 (không có hóa đơn, chứng từ)", 13, 38_000),
    ("Bài tập Tiếng Anh 6 (không có hóa đơn, chứng từ)", 11, 32_000),
    ("Atlat Địa lí Việt Nam (in lậu)", 10, 29_000),
)
_PLACE_2015 = "Nhà sách Hoa Mai, số 25 phố Vườn Cam, phường Hợp Giang, thành phố Cao Bằng"


def _books(with_value: bool) -> tuple[ConfiscatedItem, ...]:
    return tuple(
        ConfiscatedItem(name=title, unit="cuốn", quantity=qty, kind="Sách in",
                        condition="Đã qua trưng bày, còn nguyên",
                        value=qty * price if with_value else None)
        for title, qty, price in BOOKS_2015)


def _books_violation() -> ViolationLine:
    return ViolationLine(
        citation=format_citation("159/2013/NĐ-CP:27.1"),
        description="Phát hành xuất bản phẩm in lậu, in giả, in nối bản trái phép và xuất bản "
                    "phẩm không có hóa đơn, chứng từ chứng minh nguồn gốc hợp pháp",
        facts="Hồi 09 giờ 00 phút ngày 10/3/2015, tại Nhà sách Hoa Mai, số 25 phố Vườn Cam, "
              "phường Hợp Giang, thành phố Cao Bằng, bà Nguyễn Thị Hoa trưng bày, bán 118 cuốn "
              "sách thuộc 09 tên xuất bản phẩm in lậu, in giả, in nối bản trái phép hoặc không "
              "có hóa đơn, chứng từ",
        amount=2_500_000,
        aggravating=("Vi phạm hành chính nhiều lần (điểm b khoản 1 Điều 10 Luật Xử lý vi phạm "
                     "hành chính)",),
        additional=(AdditionalSanction(
            kind="confiscation",
            text="Tịch thu xuất bản phẩm vi phạm",
            record_ref="Biên bản tạm giữ tang vật, phương tiện vi phạm hành chính số 02/BB-TG "
                       "lập ngày 10/3/2015",
            items=_books(with_value=True)),),
    )


def seizure_2015(number: int | None = 2) -> SeizureRecordData:
    """MBB15: the books seized at the bookshop, apart from the violation record."""
    return SeizureRecordData(
        agency=AGENCY_2015, number=number, made_at=datetime(2015, 3, 10, 9, 40),
        place=_PLACE_2015, officers=INSPECTORS_2015[:1],
        witnesses=(Witness("Lục Văn Tú", occupation="Kinh doanh tự do",
                           address="Số 31 phố Vườn Cam, phường Hợp Giang, thành phố Cao Bằng"),),
        violator=BOOKSELLER, items=_books(with_value=False),
        licences=(SeizedLicence("Giấy chứng nhận đăng ký hộ kinh doanh số 04.A.8.001234", 1,
                                "Bản chính, còn nguyên"),),
        grounds=("Quyết định tạm giữ tang vật, phương tiện vi phạm hành chính số 01/QĐ-TG ngày "
                 "10/3/2015 của Chánh Thanh tra Sở Thông tin và Truyền thông",),
        violator_statement="Tôi đồng ý với số lượng sách bị tạm giữ nêu trên",
        closed_at=datetime(2015, 3, 10, 10, 30), copies=2)


def record_2015(number: int | None = 3) -> ViolationRecordData:
    """MBB01 for the bookshop: no explanation right (bracket far below 15 M, no suspension)."""
    return ViolationRecordData(
        agency=AGENCY_2015, number=number, made_at=datetime(2015, 3, 10, 10, 45),
        place=_PLACE_2015, field="xuất bản (phát hành xuất bản phẩm)",
        grounds=("Quyết định thanh tra số 12/QĐ-TTr ngày 02/3/2015 của Chánh Thanh tra Sở Thông "
                 "tin và Truyền thông",
                 "Biên bản làm việc của Đoàn thanh tra lập hồi 09 giờ 00 phút ngày 10/3/2015"),
        officers=INSPECTORS_2015[:1],
        witnesses=(Witness("Nông Văn Thắng", position="Phó Chủ tịch",
                           agency="Ủy ban nhân dân phường Hợp Giang"),),
        violator=BOOKSELLER, violations=(_books_violation(),),
        violator_statement="Tôi nhập số sách trên từ người bán rong, không có hóa đơn. Tôi xin "
                           "nhận lỗi và cam kết không tái phạm",
        witness_statement="Nhất trí với nội dung biên bản",
        preventive_measures=("Tạm giữ tang vật theo Biên bản tạm giữ số 02/BB-TG lập ngày "
                             "10/3/2015",),
        appointment=datetime(2015, 3, 13, 8, 0),
        appointment_place="Thanh tra Sở Thông tin và Truyền thông, số 039 phố Hoàng Văn Thụ, "
                          "thành phố Cao Bằng",
        closed_at=datetime(2015, 3, 10, 11, 30))


def decision_2015(number: int | None = 5) -> SanctionDecisionData:
    """MQĐ02 for the bookshop: one fine, an aggravating circumstance, confiscated books."""
    return SanctionDecisionData(
        agency=AGENCY_2015, number=number, decision_date=date(2015, 3, 16), signer=CHIEF_2015,
        violator=BOOKSELLER, violations=(_books_violation(),),
        bases=standard_bases(
            "MQĐ02", date(2015, 3, 16), [DECREE_159], law_amended_in=(),
            others=["Căn cứ Quyết định số 12/QĐ-TTr ngày 02/3/2015 của Chánh Thanh tra Sở Thông "
                    "tin và Truyền thông về việc thanh tra việc chấp hành quy định của pháp luật "
                    "về phát hành xuất bản phẩm trên địa bàn tỉnh Cao Bằng"],
            record=(3, date(2015, 3, 10))),
        treasury=TREASURY_2015, executor="Thanh tra Sở Thông tin và Truyền thông",
        recipients=("Như Điều 3", "Giám đốc Sở (để báo cáo)", "Lưu: Hồ sơ, TTr"))


PRINTING_COMPANY = Organisation(
    name="Công ty Cổ phần In Việt Lập Cao Bằng",
    head_office="Số 108 phố Xuân Trường, phường Hợp Giang, thành phố Cao Bằng, tỉnh Cao Bằng",
    enterprise_code="4800123456", licence_number="4800123456",
    licence_issued_on=date(2008, 6, 16),
    licence_issued_by="Phòng Đăng ký kinh doanh, Sở Kế hoạch và Đầu tư tỉnh Cao Bằng",
    representative="Hà Văn Lập", representative_sex="Nam", representative_title="Giám đốc")


def no_violation_record_2015(number: int | None = 14) -> NoViolationRecordData:
    """Inspection record of the seed's printing company: no violation, shortcomings noted."""
    return NoViolationRecordData(
        agency=AGENCY_2015, number=number, made_at=datetime(2015, 10, 14, 8, 30),
        place="trụ sở Công ty Cổ phần In Việt Lập Cao Bằng, số 108 phố Xuân Trường, phường Hợp "
              "Giang, thành phố Cao Bằng",
        field="hoạt động in", title="Biên bản thanh tra", symbol="BB-TTr",
        team_name="Đoàn thanh tra",
        grounds=("Căn cứ Quyết định số 18/QĐ-TTr ngày 05/10/2015 của Chánh Thanh tra Sở Thông tin "
                 "và Truyền thông về việc thanh tra việc chấp hành các quy định của pháp luật về "
                 "hoạt động in",),
        officers=(Officer("Đàm Văn Bằng", "Thanh tra viên, Trưởng đoàn"),
                  Officer("Lý Thị Thu", "Thanh tra viên, thành viên"),
                  Officer("Mạc Văn Sơn", "Chuyên viên Phòng Báo chí - Xuất bản, thành viên")),
        subject=PRINTING_COMPANY,
        subject_present=(Officer("Hà Văn Lập", "Giám đốc"),
                         Officer("Vi Thị Ngọc", "Kế toán trưởng")),
        checks=(
            CheckItem("Giấy phép hoạt động in", "Có Giấy phép hoạt động in số 05/GP-STTTT do Sở "
                      "Thông tin và Truyền thông cấp, còn hiệu lực"),
            CheckItem("Hợp đồng in, hồ sơ nhận in", "Có hợp đồng in cho từng ấn phẩm; lưu đủ hồ "
                      "sơ nhận in năm 2014, 2015"),
            CheckItem("Sổ ghi chép, quản lý ấn phẩm nhận in", "Có sổ; ghi đủ nội dung theo quy "
                      "định"),
            CheckItem("Số lượng in so với giấy phép xuất bản", "Kiểm tra xác suất 12 ấn phẩm: in "
                      "đúng số lượng"),
            CheckItem("Chế độ báo cáo định kỳ", "Đã báo cáo năm 2014; báo cáo 6 tháng đầu năm "
                      "2015 gửi chậm 10 ngày"),
        ),
        conclusion="Tại thời điểm thanh tra, Đoàn thanh tra chưa phát hiện hành vi vi phạm hành "
                   "chính",
        remarks=("Sắp xếp, lưu trữ hồ sơ nhận in khoa học, thuận tiện cho việc tra cứu",
                 "Gửi báo cáo định kỳ về hoạt động in đúng thời hạn quy định"),
        subject_statement="Công ty nhất trí với nội dung biên bản và cam kết khắc phục",
        closed_at=datetime(2015, 10, 14, 11, 0))


def reminder_2015(number: int | None = 85) -> ReminderLetterData:
    """The letter reminding the printing company to fix shortcomings (no sanction)."""
    return ReminderLetterData(
        agency=AGENCY_2015, number=number, letter_date=date(2015, 10, 23),
        summary="V/v khắc phục tồn tại sau thanh tra hoạt động in",
        recipient="Công ty Cổ phần In Việt Lập Cao Bằng",
        background=(
            "Thực hiện Quyết định số 18/QĐ-TTr ngày 05/10/2015 của Chánh Thanh tra Sở Thông tin và "
            "Truyền thông về việc thanh tra việc chấp hành các quy định của pháp luật về hoạt "
            "động in, từ ngày 12/10/2015 đến ngày 16/10/2015, Đoàn thanh tra đã tiến hành thanh "
            "tra tại Công ty Cổ phần In Việt Lập Cao Bằng.",
            "Qua thanh tra cho thấy, Công ty đã chấp hành cơ bản các quy định của pháp luật về "
            "hoạt động in: có giấy phép hoạt động in, ký hợp đồng in và lưu giữ hồ sơ nhận in "
            "theo quy định; Đoàn thanh tra chưa phát hiện hành vi vi phạm hành chính.",
        ),
        findings=("Việc sắp xếp, lưu trữ hồ sơ nhận in chưa khoa học, khó tra cứu",
                  "Báo cáo định kỳ 6 tháng đầu năm 2015 về hoạt động in gửi chậm so với quy định",
                  "Chưa phổ biến kịp thời các văn bản pháp luật mới về hoạt động in cho người "
                  "lao động"),
        requests=("Sắp xếp, lưu trữ hồ sơ nhận in theo từng năm, từng hợp đồng",
                  "Thực hiện chế độ báo cáo định kỳ đúng thời hạn",
                  "Tổ chức phổ biến các quy định của pháp luật về hoạt động in cho người lao "
                  "động trong Công ty"),
        report_by=date(2015, 11, 30),
        signer=Signer("Hoàng Văn Minh", "Chánh Thanh tra"),
        recipients=("Như trên", "Giám đốc Sở (để báo cáo)", "Lưu: VT, TTr"))


def decision_without_record_2015(number: int | None = 9, amount: int = 200_000,
                                 on: date = date(2015, 6, 2),
                                 technical: bool = False,
                                 subject: str = "individual") -> DecisionWithoutRecordData:
    """MQĐ01: a household printer fined 200.000 đồng on the spot (≤ 250.000 until 30/6/2025)."""
    return DecisionWithoutRecordData(
        agency=AGENCY_2015, number=number, decision_date=on, signer=CHIEF_2015,
        violator=Person(full_name="Bế Văn Hưng", sex="Nam", date_of_birth=date(1982, 9, 3),
                        occupation="Chủ cơ sở in Hưng Thịnh",
                        residence="Tổ 7, phường Sông Hiến, thành phố Cao Bằng, tỉnh Cao Bằng",
                        id_number="085234567", id_issued_on=date(2012, 5, 8),
                        id_issued_by="Công an tỉnh Cao Bằng"),
        violations=(ViolationLine(
            citation=format_citation("159/2013/NĐ-CP:30.1.d"),
            description="Không thông báo bằng văn bản, không gửi hồ sơ khi cơ sở in thay đổi địa "
                        "chỉ",
            facts="Cơ sở in Hưng Thịnh chuyển địa điểm hoạt động từ tháng 4/2015 đến Tổ 7, "
                  "phường Sông Hiến nhưng không thông báo bằng văn bản cho Sở Thông tin và "
                  "Truyền thông",
            amount=amount),),
        violation_place="Tổ 7, phường Sông Hiến, thành phố Cao Bằng, tỉnh Cao Bằng",
        related_circumstances="Người vi phạm đã tự nguyện khai báo, thành thật hối lỗi và đã "
                              "chủ động gửi hồ sơ thông báo ngay trong ngày",
        detected_by_technical_device=technical,
        bases=standard_bases("MQĐ01", on, [DECREE_159], law_amended_in=()),
        treasury=TREASURY_2015, executor="Thanh tra Sở Thông tin và Truyền thông",
        without_record=decision_without_record_allowed(
            amount, subject, on, load_procedure_rules(),
            detected_by_technical_device=technical))


# --------------------------------------------------------------------------- 2026

AGENCY_2026 = AgencyBlock("UBND tỉnh Cao Bằng", "Sở Khoa học và Công nghệ", "Cao Bằng",
                          letter_symbol="SKHCN-BCVT")
DEPUTY_2026 = Signer(
    "Nông Thị Lan", "Phó Giám đốc", deputy=True, head_title="Giám đốc",
    delegation=delegation_reference(5, date(2026, 7, 6)),
    authority="Giám đốc Sở Khoa học và Công nghệ")
TREASURY_2026 = TreasuryAccount(
    "Kho bạc Nhà nước khu vực tỉnh Cao Bằng",
    "số 12 phố Hoàng Đình Giong, phường Thục Phán, tỉnh Cao Bằng", "7111.0.2076543")
GAME_COMPANY = Organisation(
    name="Công ty TNHH Dịch vụ Giải trí Thác Bản",
    head_office="Số 46 phố Kim Đồng, phường Thục Phán, tỉnh Cao Bằng",
    enterprise_code="4800056782", licence_number="4800056782",
    licence_issued_on=date(2019, 8, 21),
    licence_issued_by="Phòng Đăng ký kinh doanh, Sở Kế hoạch và Đầu tư tỉnh Cao Bằng",
    representative="Lương Văn Khánh", representative_sex="Nam", representative_title="Giám đốc")
CHECKERS_2026 = (
    Officer("Triệu Văn Hùng", "Trưởng Đoàn kiểm tra", "Sở Khoa học và Công nghệ tỉnh Cao Bằng"),
    Officer("Hoàng Thị Mai", "Thành viên Đoàn kiểm tra",
            "Sở Khoa học và Công nghệ tỉnh Cao Bằng"),
)
_SHOP_2026 = "điểm cung cấp dịch vụ trò chơi điện tử công cộng Thác Bản, số 46 phố Kim Đồng"
_MITIGATING = ("Người vi phạm đã tự nguyện khai báo, thành thật hối lỗi (khoản 2 Điều 9 Luật Xử "
               "lý vi phạm hành chính)")
_REPEATED = "Vi phạm hành chính nhiều lần (điểm b khoản 1 Điều 10 Luật Xử lý vi phạm hành chính)"

#: The violations of the 2026 case: provision key, description, facts, fine, extras.
_VIOLATIONS_2026: tuple[tuple[str, str, str, int], ...] = (
    ("174/2026/NĐ-CP:100.2.a",
     "Biển hiệu điểm cung cấp dịch vụ trò chơi điện tử công cộng không có đủ thông tin theo quy "
     "định", f"Biển hiệu tại {_SHOP_2026} không ghi số điện thoại liên hệ và số đăng ký kinh doanh",
     7_500_000),
    ("174/2026/NĐ-CP:100.2.c",
     "Không niêm yết danh sách trò chơi điện tử đã được cấp phép kèm phân loại độ tuổi",
     "Tại thời điểm kiểm tra, điểm có 24 máy đang hoạt động nhưng không niêm yết danh sách trò "
     "chơi", 6_000_000),
    ("174/2026/NĐ-CP:100.3.a",
     "Hoạt động không có Giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi "
     "điện tử công cộng", "Điểm hoạt động từ tháng 5/2026, chưa được cấp Giấy chứng nhận",
     12_500_000),
    ("174/2026/NĐ-CP:100.3.đ",
     "Hoạt động ngoài khoảng thời gian từ 08 giờ đến 22 giờ mỗi ngày",
     "Hồi 22 giờ 45 phút ngày 03/8/2026, điểm còn 11 người chơi; trước đó đã bị nhắc nhở hai lần",
     14_000_000),
    ("174/2026/NĐ-CP:53.2.a",
     "Lưu thông thiết bị vô tuyến điện thuộc danh mục bắt buộc chứng nhận hợp quy mà không có "
     "chứng nhận hợp quy và không gắn dấu hợp quy",
     "Bày bán 35 bộ phát Wi-Fi nhãn hiệu TPX-300 không có giấy chứng nhận hợp quy, không gắn dấu "
     "hợp quy", 15_000_000),
    ("174/2026/NĐ-CP:100.2.b",
     "Không niêm yết nội quy điểm cung cấp dịch vụ trò chơi điện tử công cộng",
     "Không niêm yết nội quy tại khu vực phòng máy tầng 2", 7_500_000),
    ("174/2026/NĐ-CP:100.3.b",
     "Không có hợp đồng đại lý Internet hoặc xác nhận của doanh nghiệp cung cấp dịch vụ Internet",
     "Điểm sử dụng đường truyền Internet thuê bao hộ gia đình", 12_500_000),
    ("174/2026/NĐ-CP:36.2.a",
     "Không treo biển “Điểm truy nhập Internet công cộng”",
     "Khu vực 8 máy tính truy nhập Internet tại tầng 1 không treo biển", 3_500_000),
    ("174/2026/NĐ-CP:36.3.a", "Không tuân thủ quy định về thời gian hoạt động",
     "Khu vực truy nhập Internet tại tầng 1 mở cửa đến 23 giờ 30 phút ngày 03/8/2026",
     7_500_000),
    ("174/2026/NĐ-CP:100.3.d", "Không thực hiện đúng trách nhiệm bảo đảm an ninh mạng",
     "Không cài đặt phần mềm quản lý, không lưu thông tin người sử dụng", 12_500_000),
    ("174/2026/NĐ-CP:100.3.e",
     "Không thực hiện đúng trách nhiệm của chủ điểm cung cấp dịch vụ trò chơi điện tử công cộng",
     "Không quản lý thời gian chơi của 03 người chơi dưới 18 tuổi", 12_500_000),
    ("174/2026/NĐ-CP:100.1",
     "Niêm yết nội quy điểm cung cấp dịch vụ trò chơi điện tử công cộng nhưng không đầy đủ",
     "Nội quy niêm yết tại tầng 1 thiếu các hành vi bị cấm", 4_000_000),
)


def _violation_2026(index: int) -> ViolationLine:
    key, description, facts, amount = _VIOLATIONS_2026[index]
    line = ViolationLine(citation=format_citation(key), description=description, facts=facts,
                         amount=amount)
    if key.endswith("100.2.c"):
        line = replace(line, mitigating=(_MITIGATING,))
    if key.endswith("100.3.a"):
        line = replace(line, additional=(AdditionalSanction(
            kind="suspension",
            text="Đình chỉ hoạt động điểm cung cấp dịch vụ trò chơi điện tử công cộng",
            months=2),))
    if key.endswith("100.3.đ"):
        line = replace(line, aggravating=(_REPEATED,))
    if key.endswith("53.2.a"):
        line = replace(line, remedial=(RemedialMeasure(
            "Buộc thu hồi sản phẩm, hàng hóa đang lưu thông trên thị trường (35 bộ phát Wi-Fi "
            "nhãn hiệu TPX-300)", deadline_days=15,
            details="Công ty báo cáo bằng văn bản kết quả thu hồi về Sở Khoa học và Công nghệ "
                    "trong thời hạn 05 ngày, kể từ ngày hoàn thành việc thu hồi."),))
    return line


def violations_2026(count: int = 5) -> tuple[ViolationLine, ...]:
    """The first ``count`` violations of the 2026 case (at most 12)."""
    if not 1 <= count <= len(_VIOLATIONS_2026):
        raise ValueError(f"1 ≤ count ≤ {len(_VIOLATIONS_2026)}")
    return tuple(_violation_2026(i) for i in range(count))


def record_2026(number: int | None = 7, explanation: bool = True,
                violator: Organisation = GAME_COMPANY) -> ViolationRecordData:
    """MBB01 of the game point: suspension is possible, so the right to explain is printed."""
    return ViolationRecordData(
        agency=AGENCY_2026, number=number, made_at=datetime(2026, 8, 4, 9, 15),
        place=f"{_SHOP_2026}, phường Thục Phán, tỉnh Cao Bằng", field="công nghệ thông tin",
        grounds=("Quyết định kiểm tra số 27/QĐ-SKHCN ngày 20/7/2026 của Giám đốc Sở Khoa học và "
                 "Công nghệ",
                 "Biên bản kiểm tra số 03/BB-KT lập ngày 04/8/2026"),
        officers=CHECKERS_2026[:1],
        witnesses=(Witness("Đinh Thị Hạnh", occupation="Nhân viên trông máy",
                           address="Tổ 3, phường Thục Phán, tỉnh Cao Bằng"),),
        violator=violator, violations=violations_2026(5),
        violator_statement="Công ty thừa nhận các hành vi vi phạm và sẽ khắc phục ngay",
        explanation_right=explanation,
        explanation_to="Giám đốc Sở Khoa học và Công nghệ tỉnh Cao Bằng",
        appointment=datetime(2026, 8, 10, 8, 30),
        appointment_place="Sở Khoa học và Công nghệ tỉnh Cao Bằng, số 2 phố Xuân Trường, "
                          "phường Thục Phán, tỉnh Cao Bằng",
        closed_at=datetime(2026, 8, 4, 11, 0))


def decision_2026(number: int | None = 12, count: int = 5,
                  violator: Organisation = GAME_COMPANY) -> SanctionDecisionData:
    """MQĐ02 of the game point, ``count`` violations, signed by a deputy under delegation."""
    on = date(2026, 8, 11)
    return SanctionDecisionData(
        agency=AGENCY_2026, number=number, decision_date=on, signer=DEPUTY_2026,
        violator=violator, violations=violations_2026(count),
        bases=standard_bases(
            "MQĐ02", on, [DECREE_174], law_amended_in=(2020, 2025),
            others=[f"Căn cứ {cite_instrument(DECREE_118)}, được sửa đổi, bổ sung bởi Nghị định "
                    "số 68/2025/NĐ-CP và Nghị định số 190/2025/NĐ-CP",
                    f"Căn cứ {cite_instrument(DECREE_189)}"],
            record=(7, date(2026, 8, 4)), signer=DEPUTY_2026),
        treasury=TREASURY_2026, executor="Sở Khoa học và Công nghệ tỉnh Cao Bằng",
        related=("Ủy ban nhân dân phường Thục Phán",),
        recipients=("Như Điều 3", "Giám đốc Sở (để báo cáo)", "Cơ sở dữ liệu quốc gia về xử lý "
                    "vi phạm hành chính", "Lưu: VT, Hồ sơ"))


def transfer_2026(number: int | None = 214) -> TransferLetterData:
    """Pirated books found at the game point: publishing is the culture department's field."""
    return TransferLetterData(
        agency=AGENCY_2026, number=number, letter_date=date(2026, 8, 5),
        recipient="Sở Văn hóa, Thể thao và Du lịch tỉnh Cao Bằng",
        activity="Ngày 04/8/2026, Đoàn kiểm tra của Sở Khoa học và Công nghệ kiểm tra việc chấp "
                 "hành quy định của pháp luật tại điểm cung cấp dịch vụ trò chơi điện tử công "
                 "cộng Thác Bản, số 46 phố Kim Đồng, phường Thục Phán, tỉnh Cao Bằng.",
        violator=GAME_COMPANY,
        record_ref="Biên bản làm việc số 04/BB-LV lập ngày 04/8/2026",
        violations=(ViolationLine(
            citation=format_citation("119/2020/NĐ-CP:29.1.a"),
            description="Phát hành xuất bản phẩm không có hóa đơn, chứng từ, tài liệu thể hiện "
                        "nguồn gốc hợp pháp",
            facts="bày bán 42 cuốn truyện tranh thuộc 03 tên xuất bản phẩm, mỗi tên dưới 50 bản"),),
        reason="Hành vi nêu trên thuộc lĩnh vực xuất bản, được quy định tại Nghị định số "
               "119/2020/NĐ-CP; từ ngày 01/3/2025, quản lý nhà nước về xuất bản, in, phát hành "
               "thuộc ngành văn hóa, nên vụ việc không thuộc thẩm quyền xử phạt của Giám đốc Sở "
               "Khoa học và Công nghệ.",
        legal_basis=f"điểm a khoản 1 Điều 12 {cite_instrument(DECREE_118)}",
        enclosures=("Biên bản làm việc số 04/BB-LV lập ngày 04/8/2026 (bản chính)",
                    "Bảng kê 42 cuốn truyện tranh và ảnh chụp tại hiện trường (06 ảnh)",
                    "Bản sao Giấy chứng nhận đăng ký doanh nghiệp của Công ty"),
        decision_deadline=date(2026, 8, 18),
        signer=replace(DEPUTY_2026, delegation=None),
        recipients=("Như trên", "Giám đốc Sở (để báo cáo)", "Lưu: VT, BCVT"))


def all_samples() -> dict[str, object]:
    """Every sample document by name, for the PNG script."""
    return {
        "violation_record_2015": record_2015(),
        "violation_record_2026": record_2026(),
        "seizure_record_2015": seizure_2015(),
        "sanction_decision_2015": decision_2015(),
        "sanction_decision_2026": decision_2026(),
        "sanction_decision_2026_long": decision_2026(number=13, count=12),
        "decision_without_record_2015": decision_without_record_2015(),
        "no_violation_record_2015": no_violation_record_2015(),
        "reminder_letter_2015": reminder_2015(),
        "transfer_letter_2026": transfer_2026(),
    }
