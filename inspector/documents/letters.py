"""Official letters (công văn): the reminder without a sanction and the transfer of a case file.

Why letters: not every outcome is a sanction. An establishment with shortcomings but no violation
is asked in writing to fix them (the seed report's printing company), and a case outside the
signer's competence or field goes to the competent authority with its file (Law Art 52, 58(5);
legal.md §3.4). Both take the Decree 30/2020 letter layout: the "V/v …" summary under the number,
"Kính gửi:", the body, "Nơi nhận" and the signature.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from reportlab.platypus import Flowable, Paragraph, Spacer

from inspector.documents.layout import (
    Styles,
    build_pdf,
    esc,
    header,
    place_date,
    punctuate,
    signature_block,
    signed,
    styles,
)
from inspector.documents.model import (
    AgencyBlock,
    DocumentError,
    Organisation,
    ReminderLetterData,
    TransferLetterData,
    document_number,
)
from inspector.documents.parts import pronoun, val, violator_name
from inspector.domain.text import format_date_long, nfc

__all__ = ["render_reminder_letter", "render_transfer_letter"]


def _p(markup: str, st: Styles) -> Paragraph:
    return Paragraph(markup, st.body)


def _agency(agency: AgencyBlock) -> str:
    return " ".join(nfc(agency.agency_name).split())


def _symbol(agency: AgencyBlock) -> str:
    if not agency.letter_symbol.strip():
        raise DocumentError("Cơ quan chưa có ký hiệu công văn (ví dụ STTTT-TTr)")
    return agency.letter_symbol.strip()


def _opening(agency: AgencyBlock, number: int | None, on: date | None, summary: str,
             recipient: str, st: Styles) -> list[Flowable]:
    return [
        header(agency, "Số: " + document_number(number, _symbol(agency)),
               place_date(agency.place_name, on), summary_line=summary),
        Spacer(1, 16),
        Paragraph(f"Kính gửi: {esc(recipient).rstrip('.')}.", st.center),
        Spacer(1, 6),
    ]


def _end(paragraphs: list[Flowable]) -> list[Flowable]:
    """End the letter's last paragraph with "./." as administrative letters do."""
    last = paragraphs[-1]
    if isinstance(last, Paragraph):
        text = last.text.rstrip().rstrip(".;")
        paragraphs[-1] = Paragraph(text + "./.", last.style)
    return paragraphs


def _bullets(items: Sequence[str], st: Styles, numbered: bool = False) -> list[Flowable]:
    return [_p((f"{n}. " if numbered else "- ") + esc(text), st)
            for n, text in enumerate(punctuate(items), 1)]


def render_reminder_letter(data: ReminderLetterData) -> bytes:
    """Render a letter asking an establishment to fix shortcomings (no sanction) to PDF bytes."""
    d = data
    if not d.findings and not d.requests:
        raise DocumentError("Công văn nhắc nhở phải nêu tồn tại hoặc yêu cầu khắc phục")
    st = styles()
    agency = _agency(d.agency)
    story = _opening(d.agency, d.number, d.letter_date, d.summary, d.recipient, st)
    body: list[Flowable] = [_p(esc(b), st) for b in d.background if b.strip()]
    if d.findings:
        body.append(_p("Qua làm việc, cơ sở còn một số tồn tại sau:", st))
        body += _bullets(d.findings, st)
    if d.requests:
        body.append(_p(f"Để khắc phục những tồn tại nêu trên, {esc(agency)} đề nghị "
                       f"{esc(d.recipient)} thực hiện các nội dung sau:", st))
        body += _bullets(d.requests, st, numbered=True)
    if d.report_by is not None:
        body.append(_p(f"Kết quả khắc phục đề nghị báo cáo bằng văn bản gửi {esc(agency)} trước "
                       f"{format_date_long(d.report_by)}.", st))
    closing = d.closing.strip() or f"Đề nghị {d.recipient.strip()} nghiêm túc thực hiện"
    body.append(_p(esc(closing), st))
    story += _end(body)
    story = signed(story, signature_block(d.signer, d.recipients, st))
    return build_pdf(story, title=f"Công văn số {document_number(d.number, _symbol(d.agency))}",
                     draft=d.number is None, subject=nfc(d.summary)).data


def render_transfer_letter(data: TransferLetterData) -> bytes:
    """Render the letter transferring a case file to the competent authority to PDF bytes."""
    d = data
    if not d.violations:
        raise DocumentError("Công văn chuyển hồ sơ phải nêu hành vi vi phạm")
    if not d.reason.strip():
        raise DocumentError("Công văn chuyển hồ sơ phải nêu lý do chuyển (vượt thẩm quyền)")
    st = styles()
    agency = _agency(d.agency)
    v = d.violator
    address = v.head_office if isinstance(v, Organisation) else v.residence
    story = _opening(d.agency, d.number, d.letter_date, d.summary, d.recipient, st)
    body: list[Flowable] = []
    if d.activity.strip():
        body.append(_p(esc(d.activity), st))
    body.append(_p(f"{esc(agency)} đã lập {esc(d.record_ref)} đối với {pronoun(v)} "
                   f"<b>{esc(violator_name(v))}</b>, địa chỉ: {val(address, 20)}, về hành vi vi "
                   "phạm hành chính sau:", st))
    lines = []
    for x in d.violations:
        lines.append(f"{x.act().rstrip('.')} (quy định tại {nfc(x.citation).strip()})")
    body += _bullets(lines, st)
    body.append(_p(esc(d.reason), st))
    body.append(_p(f"Căn cứ {esc(d.legal_basis).rstrip('.,;')}, {esc(agency)} chuyển toàn bộ hồ "
                   f"sơ vụ việc nêu trên đến {esc(d.recipient)} để xem xét, xử lý theo thẩm "
                   "quyền.", st))
    if d.enclosures:
        body.append(_p("Hồ sơ gửi kèm gồm:", st))
        body += _bullets(d.enclosures, st, numbered=True)
    if d.decision_deadline is not None:
        body.append(_p("Thời hạn ra quyết định xử phạt vi phạm hành chính đối với vụ việc: đến hết "
                       f"{format_date_long(d.decision_deadline)}.", st))
    request = d.request.strip() or (
        f"Đề nghị {d.recipient.strip()} xem xét, giải quyết theo thẩm quyền và thông báo kết quả "
        f"xử lý cho {agency} để phối hợp theo dõi")
    body.append(_p(esc(request), st))
    story += _end(body)
    story = signed(story, signature_block(d.signer, d.recipients, st))
    return build_pdf(story, title=f"Công văn số {document_number(d.number, _symbol(d.agency))}",
                     draft=d.number is None, subject=nfc(d.summary)).data
