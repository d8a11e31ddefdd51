"""The decisions that follow a fine: deferral (form MQĐ03, Law Art 76), reduction or exemption
(MQĐ04, Art 77) and payment in instalments (MQĐ05, Art 79) of Decree 118/2021's appendix.

Each cites the sanction decision it follows, the violator's request and who confirmed it, and
is laid out like the other decisions (Decree 30/2020 header, bases, articles, signature).
The wording follows the forms as read in the appendix (docs/money-rules.md, source S31).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from reportlab.platypus import Flowable, Paragraph, Spacer

from inspector.documents.layout import (
    Styles,
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
from inspector.documents.model import (
    AgencyBlock,
    DocumentError,
    Signer,
    Violator,
    document_number,
    law_reference,
)
from inspector.documents.parts import (
    contact_name,
    contact_pronoun,
    identity_block,
    money,
    party_word,
    pronoun,
    val,
    violator_name,
)
from inspector.domain.text import format_date, nfc

Kind = Literal["defer", "reduce", "exempt_rest", "exempt_all", "instalments"]

#: The number symbol of each form (MQĐ04 note (2): «/QĐ-GTP» for a reduction, «/QĐ-MTP» for
#: an exemption of the rest or of all of the fine).
SYMBOLS: dict[str, str] = {"defer": "QĐ-HQĐPT", "reduce": "QĐ-GTP", "exempt_rest": "QĐ-MTP",
                           "exempt_all": "QĐ-MTP", "instalments": "QĐ-NPNL"}
FORMS: dict[str, str] = {"defer": "MQĐ03", "reduce": "MQĐ04", "exempt_rest": "MQĐ04",
                         "exempt_all": "MQĐ04", "instalments": "MQĐ05"}
ARTICLES: dict[str, int] = {"defer": 76, "reduce": 77, "exempt_rest": 77, "exempt_all": 77,
                            "instalments": 79}
#: MQĐ04 note (4): «Giảm», «Miễn phần còn lại», «Miễn toàn bộ».
RELIEF_VERBS: dict[str, str] = {"reduce": "Giảm", "exempt_rest": "Miễn phần còn lại",
                                "exempt_all": "Miễn toàn bộ"}
SUMMARIES: dict[str, str] = {
    "defer": "Hoãn thi hành quyết định phạt tiền",
    "reduce": "Giảm tiền phạt vi phạm hành chính",
    "exempt_rest": "Miễn phần còn lại tiền phạt vi phạm hành chính",
    "exempt_all": "Miễn toàn bộ tiền phạt vi phạm hành chính",
    "instalments": "Nộp tiền phạt nhiều lần",
}
_REQUESTS: dict[str, str] = {
    "defer": "hoãn chấp hành quyết định xử phạt vi phạm hành chính",
    "reduce": "giảm tiền phạt vi phạm hành chính",
    "exempt_rest": "miễn phần còn lại tiền phạt vi phạm hành chính",
    "exempt_all": "miễn toàn bộ tiền phạt vi phạm hành chính",
    "instalments": "nộp tiền phạt nhiều lần",
}
_ORDINALS = ("thứ nhất", "thứ hai", "thứ ba")


@dataclass(frozen=True)
class ReliefData:
    """What a MQĐ03/04/05 decision prints."""

    agency: AgencyBlock
    number: int | None
    decision_date: date
    signer: Signer
    kind: Kind
    original_number: str
    original_date: date
    violator: Violator
    request_date: date
    confirmed_by: str
    #: The years of the Law's amendments in force on the decision date (dated reference data).
    law_amended_in: Sequence[int]
    deferral_from: date | None = None  # MQĐ03
    deferral_until: date | None = None
    amount: int = 0  # MQĐ04: the amount reduced or exempted
    deferral_number: str = ""  # MQĐ04 cites the deferral decision
    deferral_date: date | None = None
    months: int = 0  # MQĐ05: the period of the instalments
    instalments: Sequence[tuple[date, int]] = field(default_factory=tuple)
    delegation: str = ""
    executor: str = ""
    recipients: Sequence[str] = ("Như Điều 3", "Lưu: Hồ sơ")


def _p(markup: str, st: Styles) -> Paragraph:
    return Paragraph(markup, st.body)


def relief_bases(d: ReliefData) -> list[str]:
    """The "Căn cứ …" and "Xét …" lines of the form, in its order."""
    original = (f"Căn cứ Quyết định số: {nfc(d.original_number)} ngày "
                f"{format_date(d.original_date)} xử phạt vi phạm hành chính")
    bases = [f"Căn cứ {law_reference((ARTICLES[d.kind],), d.law_amended_in)}", original]
    if d.kind in RELIEF_VERBS:
        if d.deferral_number and d.deferral_date:
            bases.append(f"Căn cứ Quyết định số: {nfc(d.deferral_number)} ngày "
                         f"{format_date(d.deferral_date)} hoãn thi hành quyết định phạt tiền")
    elif d.delegation.strip():
        bases.append(f"Căn cứ {nfc(d.delegation).strip()}")
    who = f"{pronoun(d.violator)} {violator_name(d.violator)}"
    bases.append(f"Xét Đơn đề nghị {_REQUESTS[d.kind]} ngày {format_date(d.request_date)} của "
                 f"{who} được {nfc(d.confirmed_by).strip()} xác nhận")
    return bases


def _check(d: ReliefData) -> None:
    if d.kind not in SYMBOLS:
        raise DocumentError(f"Loại quyết định không hợp lệ: {d.kind}")
    if not d.confirmed_by.strip():
        raise DocumentError("Phải ghi cơ quan, tổ chức đã xác nhận đơn đề nghị")
    if d.kind == "defer" and (d.deferral_from is None or d.deferral_until is None):
        raise DocumentError("Phải ghi thời gian hoãn thi hành")
    if d.kind in RELIEF_VERBS and d.amount <= 0:
        raise DocumentError("Phải ghi số tiền phạt được giảm, miễn")
    if d.kind == "instalments" and not 2 <= len(d.instalments) <= len(_ORDINALS):
        raise DocumentError("Nộp tiền phạt nhiều lần: từ 2 đến 3 lần")


def render_relief(data: ReliefData) -> bytes:
    """Render a deferral, reduction/exemption or instalment decision to PDF bytes."""
    d = data
    _check(d)
    st = styles()
    symbol = SYMBOLS[d.kind]
    original = f"Quyết định số: {nfc(d.original_number)}"
    who, who_cap = pronoun(d.violator), pronoun(d.violator, capital=True)
    name = esc(violator_name(d.violator))
    story: list[Flowable] = [
        header(d.agency, "Số: " + document_number(d.number, symbol),
               place_date(d.agency.place_name, d.decision_date)),
        *title_block("Quyết định", SUMMARIES[d.kind], d.signer.authority),
        *bases_block(relief_bases(d), st),
        Spacer(1, 4),
        Paragraph("QUYẾT ĐỊNH:", st.center_bold),
        _p("<b>Điều 1.</b>", st),
    ]
    if d.kind == "defer":
        lead = f"1. Hoãn thi hành quyết định phạt tiền theo {esc(original)} đối với {who} có tên sau đây:"
    elif d.kind == "instalments":
        lead = f"1. Cho phép nộp tiền phạt nhiều lần theo {esc(original)} đối với {who} có tên sau đây:"
    else:
        lead = (f"1. {RELIEF_VERBS[d.kind]} tiền phạt vi phạm hành chính theo {esc(original)} đối "
                f"với {who} có tên sau đây:")
    story.append(_p(lead, st))
    story += identity_block(d.violator, st)
    if d.kind == "defer":
        assert d.deferral_from and d.deferral_until
        story.append(_p(f"2. Thời gian hoãn thi hành quyết định phạt tiền từ ngày "
                        f"{format_date(d.deferral_from)} đến ngày "
                        f"{format_date(d.deferral_until)}.", st))
    elif d.kind == "instalments":
        story.append(_p(f"2. Thời hạn nộp tiền phạt nhiều lần là: {d.months:02d} tháng, kể từ "
                        f"ngày {esc(original)} có hiệu lực.", st))
        for i, (due, amount) in enumerate(d.instalments):
            end = ";" if i + 1 < len(d.instalments) else "."
            story.append(_p(f"{'abc'[i]}) Số tiền nộp phạt lần {_ORDINALS[i]} là: "
                            f"{esc(money(amount))}, nộp chậm nhất ngày {format_date(due)}{end}",
                            st))
    else:
        story.append(_p(f"2. Số tiền phạt mà {who} {name} được "
                        f"{RELIEF_VERBS[d.kind].lower()} là: {esc(money(d.amount))}.", st))
    story.append(_p("<b>Điều 2.</b> Quyết định này có hiệu lực thi hành kể từ ngày ký.", st))
    story.append(_p("<b>Điều 3.</b> Quyết định này được:", st))
    granted = {"defer": "được hoãn thi hành quyết định phạt tiền",
               "instalments": "được nộp tiền phạt nhiều lần"}.get(
        d.kind, f"được {RELIEF_VERBS.get(d.kind, '').lower()} tiền phạt vi phạm hành chính")
    story.append(_p(f"1. Giao cho {contact_pronoun(d.violator)} {val(contact_name(d.violator))} là "
                    f"{party_word(d.violator)} {granted} có tên tại Điều 1 Quyết định này để "
                    "chấp hành.", st))
    complaint = (f"{who_cap} {name} có quyền khiếu nại hoặc khởi kiện hành chính đối với Quyết "
                 "định này theo quy định của pháp luật.")
    if d.kind == "defer":
        story.append(_p(
            f"a) {who_cap} {granted} có tên tại Điều 1 phải nghiêm chỉnh chấp hành Quyết định "
            "này. Hết thời gian hoãn thi hành quyết định phạt tiền quy định tại khoản 2 Điều 1 "
            f"Quyết định này, {who} {name} phải tiếp tục chấp hành quyết định phạt tiền, nếu "
            "không tự nguyện chấp hành thì sẽ bị cưỡng chế thi hành theo quy định của pháp luật.",
            st))
        story.append(_p(f"b) {complaint}", st))
    elif d.kind == "instalments":
        story.append(_p(
            f"a) {who_cap} {granted} có tên tại Điều 1 phải nghiêm chỉnh chấp hành Quyết định "
            "này. Hết thời hạn nộp tiền phạt nhiều lần quy định tại khoản 2 Điều 1 Quyết định "
            f"này, {who} {name} không tự nguyện chấp hành thì sẽ bị cưỡng chế thi hành theo quy "
            "định của pháp luật.", st))
        story.append(_p(f"b) {complaint}", st))
    else:
        story.append(_p(complaint, st))
    if d.executor.strip():
        story.append(_p(f"2. Gửi cho {esc(nfc(d.executor).strip())} để tổ chức thực hiện./.",
                        st))
    else:
        last = story[-1]
        assert isinstance(last, Paragraph)
        story[-1] = Paragraph(last.text[:-1] + "./.", last.style)
    story = signed(story, signature_block(d.signer, d.recipients, st))
    return build_pdf(story, title=f"Quyết định số {document_number(d.number, symbol)}",
                     draft=d.number is None, subject=SUMMARIES[d.kind]).data
