"""Pieces several forms share: the violator's identity block, lettered lists, item tables.

Why a module of its own: MBB01, MBB15, MQĐ01 and MQĐ02 print the same identity block and the
same exhibit table, field for field; writing them once keeps the forms consistent. Every function
returns flowables whose user values went through :func:`inspector.documents.layout.esc`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from inspector.documents.layout import Styles, blank, esc, paired, table
from inspector.documents.model import ConfiscatedItem, Organisation, Person, Violator
from inspector.domain.money import amount_in_words, format_vnd
from inspector.domain.text import format_date

__all__ = [
    "POINTS",
    "contact_name",
    "contact_pronoun",
    "identity_block",
    "items_table",
    "lettered",
    "money",
    "party_word",
    "pronoun",
    "val",
    "violator_name",
    "when",
]

#: Points of an enumeration run through the Vietnamese alphabet without f, j, w, z.
POINTS = tuple("abcdđeghiklmnopqrstuvxy")


def val(value: str, width: int = 12) -> str:
    """An escaped value, or a dotted blank when it is empty."""
    return esc(value) if value and value.strip() else blank(width)


def when(value: date | None) -> str:
    """dd/mm/yyyy, or a dotted date when unknown."""
    return format_date(value) if value else "…/…/……"


def money(amount: int) -> str:
    """"15.500.000 đồng (Bằng chữ: Mười lăm triệu năm trăm nghìn đồng)"."""
    return f"{format_vnd(amount)} (Bằng chữ: {amount_in_words(amount)})"


def pronoun(v: Violator, capital: bool = False) -> str:
    """How the forms address the violator: "ông", "bà", "ông (bà)" or "tổ chức"."""
    if isinstance(v, Organisation):
        word = "tổ chức"
    else:
        sex = v.sex.strip().casefold()
        word = "ông" if sex == "nam" else "bà" if sex == "nữ" else "ông (bà)"
    return word[0].upper() + word[1:] if capital else word


def contact_pronoun(v: Violator) -> str:
    """"ông"/"bà" for the individual or the organisation's representative."""
    sex = (v.representative_sex if isinstance(v, Organisation) else v.sex).strip().casefold()
    return "ông" if sex == "nam" else "bà" if sex == "nữ" else "ông (bà)"


def party_word(v: Violator) -> str:
    """"cá nhân" or "người đại diện của tổ chức" (the person a document is handed to)."""
    return "người đại diện của tổ chức" if isinstance(v, Organisation) else "cá nhân"


def violator_name(v: Violator) -> str:
    return v.name if isinstance(v, Organisation) else v.full_name


def contact_name(v: Violator) -> str:
    """The individual, or the organisation's legal representative."""
    return v.representative if isinstance(v, Organisation) else v.full_name


def lettered(n: int) -> str:
    """The n-th point letter (0 → "a"), then numbers past the alphabet."""
    return f"{POINTS[n]})" if n < len(POINTS) else f"{n + 1})"


def identity_block(v: Violator, st: Styles, first: str = "") -> list[Flowable]:
    """The identity lines of the record and decision forms, in their order.

    ``first`` prefixes the first line (the record forms number it "1.").
    """
    if isinstance(v, Person):
        return [
            paired(f"{first}Họ và tên: <b>{val(v.full_name)}</b>",
                   f"Giới tính: {val(v.sex, 4)}", st),
            paired(f"Ngày, tháng, năm sinh: {when(v.date_of_birth)}",
                   f"Quốc tịch: {val(v.nationality, 6)}", st),
            Paragraph(f"Nghề nghiệp: {val(v.occupation)}", st.body),
            Paragraph(f"Nơi ở hiện tại: {val(v.residence, 30)}", st.body),
            Paragraph(f"Số định danh cá nhân/CMND/Hộ chiếu: {val(v.id_number)}; "
                      f"ngày cấp: {when(v.id_issued_on)}; nơi cấp: {val(v.id_issued_by)}",
                      st.body),
        ]
    return [
        Paragraph(f"{first}Tên của tổ chức: <b>{val(v.name)}</b>", st.body),
        Paragraph(f"Địa chỉ trụ sở chính: {val(v.head_office, 30)}", st.body),
        Paragraph(f"Mã số doanh nghiệp: {val(v.enterprise_code)}", st.body),
        Paragraph("Số GCN đăng ký đầu tư/doanh nghiệp hoặc GP thành lập/đăng ký hoạt động: "
                  f"{val(v.licence_number)}; ngày cấp: {when(v.licence_issued_on)}; "
                  f"nơi cấp: {val(v.licence_issued_by)}", st.body),
        paired(f"Người đại diện theo pháp luật: {val(v.representative)}",
               f"Giới tính: {val(v.representative_sex, 4)}", st),
        Paragraph(f"Chức danh: {val(v.representative_title)}", st.body),
    ]


_ITEM_HEAD = ("STT", "Tên tang vật, phương tiện vi phạm hành chính", "Đơn vị tính", "Số lượng",
              "Chủng loại", "Tình trạng, đặc điểm")


def items_table(items: Sequence[ConfiscatedItem], st: Styles, *, with_value: bool) -> Flowable:
    """Exhibits as the forms tabulate them: name, unit, quantity, kind, condition, then the
    value in đồng (decisions) or a note (seizure record), with the total value when known."""
    if with_value:
        head = (*_ITEM_HEAD, "Trị giá (đồng)")
        widths = [11 * mm, 52 * mm, 16 * mm, 16 * mm, 22 * mm, 28 * mm, 20 * mm]
    else:
        head = (*_ITEM_HEAD, "Ghi chú")
        widths = [11 * mm, 54 * mm, 16 * mm, 16 * mm, 22 * mm, 28 * mm, 18 * mm]
    rows: list[list[str]] = []
    for n, item in enumerate(items, 1):
        last = (format_vnd(item.value, unit=False) if item.value is not None else "") \
            if with_value else item.note
        rows.append([str(n), item.name, item.unit, format_vnd(item.quantity, unit=False),
                     item.kind, item.condition, last])
    total = None
    values = [i.value for i in items if i.value is not None]
    if with_value and values:
        total = ["Tổng cộng", "", "", "", "", "", format_vnd(sum(values), unit=False)]
    return table(head, rows, widths, st, align=("c", "l", "c", "r", "l", "l", "r"),
                 total=total)
