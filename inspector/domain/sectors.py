"""The sectors the inspectorate oversees: one list of codes and their Vietnamese names."""

from __future__ import annotations

SECTORS: tuple[str, ...] = (
    "internet", "game", "ict_goods", "printing", "distribution", "telecom", "publishing",
)

#: Names as lists and forms show them.
SECTOR_LABELS_VI: dict[str, str] = {
    "internet": "Điểm truy nhập Internet công cộng",
    "game": "Điểm cung cấp dịch vụ trò chơi điện tử công cộng",
    "ict_goods": "Kinh doanh hàng hóa CNTT-TT (hợp quy)",
    "printing": "Cơ sở in",
    "distribution": "Cơ sở phát hành xuất bản phẩm",
    "telecom": "Dịch vụ viễn thông, Internet",
    "publishing": "Xuất bản",
}

#: Short names for narrow table columns.
SECTOR_SHORT_VI: dict[str, str] = {
    "internet": "Internet",
    "game": "Trò chơi điện tử",
    "ict_goods": "Hàng hóa CNTT",
    "printing": "In",
    "distribution": "Phát hành XBP",
    "telecom": "Viễn thông",
    "publishing": "Xuất bản",
}

#: The state-management field a record or decision names after "Về …" (Law Art 24(1) lists
#: the fields: "xuất bản", "in", "viễn thông", "công nghệ thông tin", …). Internet points sit
#: in the telecom part of the decrees (174/2013, 15/2020, 174/2026 Chapter III), game points in
#: the information-technology / online-information part; conformity of ICT goods in telecom and
#: IT. See docs/records.md (the wording per sector is inferred [I], not confirmed).
SECTOR_FIELD_VI: dict[str, str] = {
    "internet": "viễn thông, Internet",
    "game": "công nghệ thông tin",
    "ict_goods": "viễn thông, công nghệ thông tin",
    "printing": "hoạt động in",
    "distribution": "phát hành xuất bản phẩm",
    "telecom": "viễn thông",
    "publishing": "xuất bản",
}
