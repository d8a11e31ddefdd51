"""The Vietnamese name of a stored column, wherever a message or a screen names one (a
text too long, a conflicting field of a bundle): never the raw column name."""

from __future__ import annotations

#: Columns of the field work; the establishment form's own labels take precedence.
COLUMN_LABELS_VI: dict[str, str] = {
    "phone": "Điện thoại", "notes": "Ghi chú", "status": "Trạng thái", "amount": "Mức phạt",
    "facts": "Hành vi", "outcome": "Kết quả", "checklist": "Nội dung kiểm tra",
    "caption": "Chú thích", "visit_date": "Ngày kiểm tra", "provision_key": "Điều khoản",
    "discovered_on": "Ngày phát hiện", "ended_on": "Ngày chấm dứt hành vi",
    "ongoing": "Đang thực hiện", "mitigating": "Tình tiết giảm nhẹ",
    "aggravating": "Tình tiết tăng nặng", "amount_reason": "Lý do chọn mức phạt",
    "warning": "Cảnh cáo", "copies": "Số bản", "titles": "Tên xuất bản phẩm",
    "additional_sanctions": "Hình thức xử phạt bổ sung",
    "remedial_measures": "Biện pháp khắc phục hậu quả", "violator": "Người vi phạm",
    "opened_on": "Ngày lập vụ việc", "subject_kind": "Đối tượng", "sector": "Lĩnh vực",
    "made_on": "Ngày lập biên bản", "number": "Số", "number_text": "Số hiệu", "year": "Năm",
    "quantity": "Số lượng", "unit": "Đơn vị tính", "kept_at": "Nơi bảo quản",
    "disposal": "Xử lý tang vật", "disposal_date": "Ngày xử lý", "description": "Mô tả",
    "condition": "Tình trạng", "value": "Giá trị", "full_name": "Họ và tên", "role": "Vai trò",
    "active": "Còn hoạt động", "password_hash": "Mật khẩu", "kind": "Loại",
    "issuer": "Nơi cấp", "issued_on": "Ngày cấp", "valid_until": "Ngày hết hạn",
    "title": "Tên", "original_name": "Tên tệp", "complex_case": "Vụ việc phức tạp",
    "explanation": "Quyền giải trình", "transferred_to": "Chuyển đến",
    "transferred_on": "Ngày chuyển",
    "deleted": "Đã xóa ở máy trạm",
    "receipt_number": "Số biên lai", "collector": "Người thu tiền", "paid_on": "Ngày nộp",
    "received_by": "Người nhận", "reason": "Lý do", "findings": "Nội dung phát hiện",
    "requests": "Yêu cầu", "login": "Tên đăng nhập", "name": "Tên",
}


def label_of(name: str) -> str | None:
    """The label of column ``name``, None when none is known (say "the content" then)."""
    from inspector.services.establishments import FIELD_LABELS_VI

    return FIELD_LABELS_VI.get(name) or COLUMN_LABELS_VI.get(name)
