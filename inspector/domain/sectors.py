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

#: The field as a document names it after "quy định của pháp luật về …" or "Về …".
SECTOR_FIELD_VI: dict[str, str] = {
    "internet": "dịch vụ Internet, điểm truy nhập Internet công cộng",
    "game": "dịch vụ trò chơi điện tử công cộng",
    "ict_goods": "chất lượng sản phẩm, hàng hóa công nghệ thông tin và truyền thông",
    "printing": "hoạt động in",
    "distribution": "phát hành xuất bản phẩm",
    "telecom": "viễn thông",
    "publishing": "xuất bản",
}
