"""A decision that amends, corrects or annuls an issued sanction decision.

An issued decision never changes: Law on Handling Administrative Violations Art 18 (as amended
in 2020) has the person who issued it make a new decision that amends or supplements, corrects,
or annuls it, citing it by number and date. This renders that new decision in the same
Decree 30/2020 layout as the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from reportlab.platypus import Flowable, Paragraph, Spacer

from inspector.documents.layout import (
    bases_block,
    build_pdf,
    esc,
    header,
    place_date,
    signature_block,
    signed,
    styles,
    title_block,
)
from inspector.documents.model import AgencyBlock, DocumentError, Signer, document_number
from inspector.domain.text import format_date, nfc

Kind = Literal["amend", "correct", "annul"]
SUMMARIES = {
    "amend": "Sửa đổi, bổ sung Quyết định xử phạt vi phạm hành chính",
    "correct": "Đính chính Quyết định xử phạt vi phạm hành chính",
    "annul": "Hủy bỏ Quyết định xử phạt vi phạm hành chính",
}
VERBS = {"amend": "Sửa đổi, bổ sung", "correct": "Đính chính", "annul": "Hủy bỏ"}


@dataclass(frozen=True)
class AmendmentData:
    agency: AgencyBlock
    number: int | None
    decision_date: date
    signer: Signer
    kind: Kind
    original_number: str
    original_date: date
    violator_name: str
    bases: Sequence[str]
    changes: Sequence[str]
    reason: str
    recipients: Sequence[str] = ("Như Điều 3", "Lưu: Hồ sơ")
    symbol: str = "QĐ-XPHC"


def render_amendment(data: AmendmentData) -> bytes:
    """Render the amending, correcting or annulling decision to PDF bytes."""
    d = data
    if d.kind not in SUMMARIES:
        raise DocumentError(f"Loại quyết định không hợp lệ: {d.kind}")
    if not d.reason.strip():
        raise DocumentError("Phải nêu lý do sửa đổi, đính chính hoặc hủy bỏ")
    if d.kind != "annul" and not [c for c in d.changes if c.strip()]:
        raise DocumentError("Phải nêu nội dung sửa đổi, bổ sung hoặc đính chính")
    st = styles()
    original = f"Quyết định số {d.original_number} ngày {format_date(d.original_date)}"
    story: list[Flowable] = [
        header(d.agency, "Số: " + document_number(d.number, d.symbol),
               place_date(d.agency.place_name, d.decision_date)),
        *title_block("Quyết định", SUMMARIES[d.kind], d.signer.authority),
        *bases_block(d.bases, st),
        Spacer(1, 4),
        Paragraph("QUYẾT ĐỊNH:", st.center_bold),
    ]
    verb = VERBS[d.kind]
    story.append(Paragraph(
        f"<b>Điều 1.</b> {verb} {esc(original)} về việc xử phạt vi phạm hành chính đối với "
        f"{esc(nfc(d.violator_name))}"
        + (":" if d.kind != "annul" else "."), st.body))
    for change in d.changes:
        if change.strip():
            story.append(Paragraph("- " + esc(change), st.body))
    story.append(Paragraph(f"Lý do: {esc(d.reason)}.", st.body))
    effect = ("Các nội dung khác của quyết định nêu tại Điều 1 giữ nguyên hiệu lực."
              if d.kind != "annul" else
              "Quyết định nêu tại Điều 1 hết hiệu lực kể từ ngày Quyết định này có hiệu lực.")
    story.append(Paragraph(f"<b>Điều 2.</b> Quyết định này có hiệu lực kể từ ngày ký. {effect}",
                           st.body))
    story.append(Paragraph(
        f"<b>Điều 3.</b> Gửi Quyết định này cho {esc(nfc(d.violator_name))} và các cơ quan, "
        "cá nhân có liên quan để thi hành./.", st.body))
    story = signed(story, signature_block(d.signer, d.recipients, st))
    return build_pdf(story, title=f"Quyết định số {document_number(d.number, d.symbol)}",
                     draft=d.number is None, subject=SUMMARIES[d.kind]).data
