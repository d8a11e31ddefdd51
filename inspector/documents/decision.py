"""Sanction decisions: MQĐ02 (after a violation record) and MQĐ01 (without a record).

Why these follow the Decree 118/2021 forms line by line: a decision is a legal act, and a missing
item (the provision, the fine in words, the payment account, the right to complain) is a ground
to annul it. The wording of each item is the form's; the choices the form leaves open ("<ông
(bà)/tổ chức>", "(nếu có)") are resolved from the values. With several violations, each fine is
printed with its provision, then the total, in figures and in words (note (10) of MQĐ02).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from inspector.documents.layout import (
    Styles,
    bases_block,
    build_pdf,
    esc,
    header,
    place_date,
    punctuate,
    record_signatures,
    signature_block,
    signed,
    styles,
    title_block,
)
from inspector.documents.model import (
    AdditionalSanction,
    DecisionWithoutRecordData,
    DeliveryReceiptData,
    DocumentError,
    SanctionDecisionData,
    Signer,
    TreasuryAccount,
    ViolationLine,
    Violator,
    document_number,
)
from inspector.documents.parts import (
    contact_name,
    contact_pronoun,
    identity_block,
    items_table,
    lettered,
    money,
    party_word,
    pronoun,
    val,
    violator_name,
)
from inspector.domain.text import format_date_long, nfc

__all__ = ["render_decision_without_record", "render_delivery_receipt",
           "render_sanction_decision"]

# --------------------------------------------------------------------------- checks


def _check_common(number: int | None, on: date | None, signer: Signer, bases: Sequence[str],
                  violations: Sequence[ViolationLine]) -> None:
    if number is not None and on is None:
        raise DocumentError("Quyết định đã có số phải có ngày ban hành")
    if not violations:
        raise DocumentError("Quyết định xử phạt phải có ít nhất một hành vi vi phạm")
    if not signer.authority.strip():
        raise DocumentError("Thiếu chức danh và tên cơ quan của người ra quyết định")
    for n, v in enumerate(violations, 1):
        if v.warning and v.amount is not None:
            raise DocumentError(f"Hành vi thứ {n}: cảnh cáo thì không ghi mức tiền phạt")
        if not v.warning and (v.amount is None or v.amount <= 0):
            raise DocumentError(f"Hành vi thứ {n}: cần mức tiền phạt hoặc hình thức cảnh cáo")
        if not v.citation.strip():
            raise DocumentError(f"Hành vi thứ {n}: thiếu điểm, khoản, điều quy định")
    if signer.deputy:
        if not signer.delegation:
            raise DocumentError("Cấp phó ký (KT.) phải có quyết định giao quyền xử phạt")
        needle = nfc(signer.delegation).strip().rstrip(";.")
        if not any(needle in nfc(b) for b in bases):
            raise DocumentError("Phần căn cứ phải viện dẫn quyết định giao quyền xử phạt")


def _total(violations: Sequence[ViolationLine]) -> int:
    return sum(v.amount or 0 for v in violations)


# --------------------------------------------------------------------------- pieces


def _p(markup: str, st: Styles) -> Paragraph:
    return Paragraph(markup, st.body)


def _article(n: int, text: str, st: Styles) -> Paragraph:
    return _p(f"<b>Điều {n}.</b> {text}".rstrip(), st)


def _acts(violations: Sequence[ViolationLine], lead: str, st: Styles) -> list[Flowable]:
    """"2. Đã thực hiện hành vi vi phạm hành chính:" and the acts, lettered when several."""
    def act(v: ViolationLine) -> str:
        return esc(v.act()) or "…"

    if len(violations) == 1:
        return [_p(f"{lead} {act(violations[0])}", st)]
    return [_p(lead, st)] + [_p(f"{lettered(i)} {act(v)}", st) for i, v in enumerate(violations)]


def _provisions(violations: Sequence[ViolationLine], lead: str, st: Styles) -> list[Flowable]:
    if len(violations) == 1:
        return [_p(f"{lead} {esc(violations[0].citation)}.", st)]
    lines = punctuate([v.citation for v in violations])
    return [_p(lead, st)] + [_p(f"{lettered(i)} {esc(c)}", st) for i, c in enumerate(lines)]


def _ref(index: int, where: str) -> str:
    """How a later item points at one act: "hành vi tại điểm a khoản 2 Điều này"."""
    return f"hành vi tại điểm {lettered(index)[:-1]} khoản 2 {where}"


def _circumstances(violations: Sequence[ViolationLine], lead: str, aggravating: bool,
                   st: Styles, where: str = "Điều này") -> list[Flowable]:
    def of(v: ViolationLine) -> Sequence[str]:
        return v.aggravating if aggravating else v.mitigating

    with_any = [(i, v) for i, v in enumerate(violations) if of(v)]
    if not with_any:
        return [_p(f"{lead} Không.", st)]
    if len(violations) == 1:
        return [_p(f"{lead} " + esc("; ".join(of(violations[0])).rstrip(".;")) + ".", st)]
    out = [_p(lead, st)]
    for i, v in with_any:
        out.append(_p(f"- Đối với {_ref(i, where)}: "
                      + esc("; ".join(of(v)).rstrip(".;")) + ";", st))
    return _end_last(out, st)


def _end_last(paras: list[Flowable], st: Styles) -> list[Flowable]:
    """Turn the final ";" of a list of paragraphs into "."."""
    last = paras[-1]
    if isinstance(last, Paragraph) and last.text.endswith(";"):
        paras[-1] = Paragraph(last.text[:-1] + ".", last.style)
    return paras


def _main_kind(violations: Sequence[ViolationLine]) -> str:
    fined = any(not v.warning for v in violations)
    warned = any(v.warning for v in violations)
    return "Phạt tiền và cảnh cáo" if fined and warned else "Phạt tiền" if fined else "Cảnh cáo"


def _fine_lines(violations: Sequence[ViolationLine], st: Styles,
                where: str = "Điều này") -> list[Flowable]:
    """Each violation's main sanction with its provision, then the total in figures and words."""
    if len(violations) == 1:
        v = violations[0]
        text = "Cảnh cáo." if v.warning else f"Phạt tiền {esc(money(v.amount or 0))}."
        return [_p(f"Cụ thể: {text}", st)]
    out = [_p("Cụ thể:", st)]
    for i, v in enumerate(violations):
        what = "cảnh cáo" if v.warning else f"phạt tiền {esc(money(v.amount or 0))}"
        out.append(_p(f"- Đối với {_ref(i, where)} (quy định tại {esc(v.citation)}): "
                      f"{what};", st))
    out = _end_last(out, st)
    fined = [v for v in violations if not v.warning]
    if len(fined) >= 2:
        out.append(_p(f"<b>Tổng số tiền phạt là: {esc(money(_total(violations)))}.</b>", st))
    return out


def _additional_text(a: AdditionalSanction) -> str:
    text = esc(a.text).rstrip(".;")
    if a.kind in ("licence_withdrawal", "suspension") and a.months:
        start = (f"kể từ {format_date_long(a.starts)}" if a.starts
                 else "kể từ ngày nhận được Quyết định này")
        text += f" trong thời hạn {a.months:02d} tháng, {start}"
    if a.record_ref.strip():
        text += f" (theo {esc(a.record_ref).rstrip('.;')})"
    if a.citation.strip():
        text += f", quy định tại {esc(a.citation)}"
    return text


def _additional(violations: Sequence[ViolationLine], lead: str, st: Styles,
                where: str = "Điều này") -> list[Flowable]:
    listed = [(i, a) for i, v in enumerate(violations) for a in v.additional]
    if not listed:
        return [_p(f"{lead} Không.", st)]
    out: list[Flowable] = [_p(f"{lead}", st)]
    for i, a in listed:
        who = f"Đối với {_ref(i, where)}: " if len(violations) > 1 else ""
        items = list(a.items)
        out.append(_p(f"- {who}{_additional_text(a)}{', gồm:' if items else ';'}", st))
        if items:
            out += [items_table(items, st, with_value=True), Spacer(1, 6)]
            values = [it.value for it in items if it.value is not None]
            if values:
                out.append(_p(f"Tổng trị giá tang vật, phương tiện bị tịch thu: "
                              f"{esc(money(sum(values)))};", st))
    return _end_last(out, st)


def _remedial(violations: Sequence[ViolationLine], lead: str, v0: Violator,
              st: Styles, where: str = "Điều này") -> list[Flowable]:
    listed = [(i, r) for i, v in enumerate(violations) for r in v.remedial]
    if not listed:
        return [_p(f"{lead} Không.", st)]
    out: list[Flowable] = [_p(lead, st)]
    for i, r in listed:
        who = f"Đối với {_ref(i, where)}: " if len(violations) > 1 else ""
        text = esc(r.text).rstrip(".;")
        if r.citation.strip():
            text += f", quy định tại {esc(r.citation)}"
        if r.deadline_days:
            text += (f". Thời hạn thực hiện: {r.deadline_days:02d} ngày, kể từ ngày nhận được "
                     "Quyết định này")
        if r.details.strip():
            text += ". " + esc(r.details).rstrip(".;")
        out.append(_p(f"- {who}{text};", st))
    out = _end_last(out, st)
    out.append(_p(f"Mọi chi phí tổ chức thi hành biện pháp khắc phục hậu quả do {pronoun(v0)} "
                  "bị xử phạt có tên tại Điều này chi trả.", st))
    return out


def _payment(t: TreasuryAccount, days: int) -> str:
    where = esc(t.name)
    if t.address.strip():
        where += f", địa chỉ: {esc(t.address)}"
    account = (f" hoặc nộp tiền phạt vào tài khoản số: {esc(t.account_number)} của {esc(t.name)}"
               if t.account_number.strip() else "")
    return f"{where}{account} trong thời hạn {days:02d} ngày, kể từ ngày nhận được Quyết định này"


def _delivery(v: Violator, violations: Sequence[ViolationLine], *, treasury: TreasuryAccount,
              payment_days: int, on_the_spot: str, seized: str, executor: str,
              related: Sequence[str], st: Styles) -> list[Flowable]:
    """"Quyết định này được: 1. Giao cho …; 2. Gửi cho Kho bạc …; 3. …; 4. …./."."""
    who, who_cap, name = pronoun(v), pronoun(v, capital=True), esc(violator_name(v))
    fined = _total(violations) > 0
    out: list[Flowable] = [
        _p(f"1. Giao cho {contact_pronoun(v)} {val(contact_name(v))} là {party_word(v)} bị xử "
           "phạt có tên tại Điều 1 Quyết định này để chấp hành.", st),
        _p(f"{who_cap} có tên tại Điều 1 phải nghiêm chỉnh chấp hành Quyết định xử phạt này. Nếu quá "
           f"thời hạn mà {who} {name} không tự nguyện chấp hành thì sẽ bị cưỡng chế thi hành theo "
           "quy định của pháp luật.", st),
    ]
    points: list[str] = []
    if fined:
        if on_the_spot == "default":
            points.append(
                f"Trong trường hợp bị xử phạt tiền, {who} có tên tại Điều 1 nộp tiền phạt tại chỗ "
                "cho người đã ra quyết định xử phạt. Trường hợp không nộp tiền phạt tại chỗ, thì "
                f"{who} có tên tại Điều 1 phải nộp tiền phạt tại "
                f"{_payment(treasury, payment_days)}.")
        else:
            text = (f"{who_cap} bị xử phạt có tên tại Điều 1 phải nộp tiền phạt tại "
                    f"{_payment(treasury, payment_days)}.")
            if on_the_spot == "allowed":
                text += (f" Hoặc {who} bị xử phạt có tên tại Điều 1 nộp tiền phạt tại chỗ cho "
                         "người đã ra quyết định xử phạt theo quy định tại khoản 2 Điều 78 Luật "
                         "Xử lý vi phạm hành chính.")
            points.append(text)
    if seized.strip():
        points.append(f"{who_cap} bị xử phạt có tên tại Điều 1 bị tạm giữ {esc(seized).rstrip('.;')}"
                      " để bảo đảm thi hành quyết định xử phạt.")
    points.append(f"{who_cap} {name} có quyền khiếu nại hoặc khởi kiện hành chính đối với Quyết định "
                  "này theo quy định của pháp luật.")
    out += [_p(f"{lettered(i)} {text}", st) for i, text in enumerate(points)]
    sends: list[str] = []
    if fined:
        sends.append(f"Gửi cho {esc(treasury.name)} để thu tiền phạt.")
    if executor.strip():
        sends.append(f"Gửi cho {esc(executor)} để tổ chức thực hiện.")
    if related:
        sends.append(f"Gửi cho {esc(', '.join(nfc(r).strip() for r in related))} để biết và phối "
                     "hợp thực hiện.")
    if sends:
        sends[-1] = sends[-1][:-1] + "./."
    else:
        last = out[-1]
        assert isinstance(last, Paragraph)
        out[-1] = Paragraph(last.text[:-1] + "./.", last.style)
    out += [_p(f"{n}. {text}", st) for n, text in enumerate(sends, 2)]
    return out


def _effective(effective: date | str | None) -> str:
    if effective is None:
        return "ngày ký."
    if isinstance(effective, date):
        return f"{format_date_long(effective)}."
    return esc(effective).rstrip(".") + "."


def _receipt(v: Violator, st: Styles, handed_at: datetime | None = None, receiver: str = "",
             opening: str = "Quyết định") -> list[Flowable]:
    """The back-page note when the decision is handed over in person: blank on the issued
    decision, filled (hour, day, receiver) when the delivery was recorded."""
    when = (f"{handed_at:%H} giờ {handed_at:%M} phút, ngày {handed_at:%d/%m/%Y}"
            if handed_at is not None else "… giờ … phút, ngày …/…/……")
    return [
        _p(f"{esc(opening)} đã giao trực tiếp cho {party_word(v)} bị xử phạt vào hồi {when}"
           + ("." if handed_at is not None else ""), st),
        Spacer(1, 6),
        *record_signatures([("", "", ""), ("Người nhận quyết định", "(Ký, ghi rõ họ và tên)",
                                           nfc(receiver))], st),
    ]


def render_delivery_receipt(data: DeliveryReceiptData) -> bytes:
    """The filled back page of an issued decision (legal.md §4.4 item 9), one page, printed on
    the back of the copy handed over; the stored decision itself is never changed."""
    d = data
    if not d.receiver.strip():
        raise DocumentError("Giấy giao nhận phải có họ tên người nhận quyết định")
    if d.handed_at.date() < d.decision_date:
        raise DocumentError("Ngày giao trước ngày ban hành quyết định")
    opening = (f"{d.title} số {d.number_text} ngày {d.decision_date:%d/%m/%Y}"
               if d.number_text else d.title)
    story = _receipt(d.violator, styles(), d.handed_at, d.receiver, opening)
    return build_pdf(story, title=f"Giao nhận quyết định số {d.number_text}", draft=False,
                     subject=violator_name(d.violator)).data


def _opening(agency_data: SanctionDecisionData | DecisionWithoutRecordData,
             summary: str) -> list[Flowable]:
    d = agency_data
    st = styles()
    return [
        header(d.agency, "Số: " + document_number(d.number, d.symbol),
               place_date(d.agency.place_name, d.decision_date)),
        *title_block("Quyết định", summary, d.signer.authority),
        *bases_block(d.bases, st),
        Spacer(1, 4),
        Paragraph("QUYẾT ĐỊNH:", st.center_bold),
    ]


def _title(number: int | None, symbol: str, summary: str) -> str:
    return f"Quyết định {summary.lower()} số {document_number(number, symbol)}"


# --------------------------------------------------------------------------- renderers


def render_sanction_decision(data: SanctionDecisionData) -> bytes:
    """Render a sanction decision (MQĐ02) to PDF bytes.

    Raises:
        DocumentError: when the values cannot make a lawful decision (no violation, a violation
            with neither fine nor warning, a deputy without a cited delegation, …).
    """
    d = data
    _check_common(d.number, d.decision_date, d.signer, d.bases, d.violations)
    st = styles()
    v, vs = d.violator, d.violations
    story: list[Flowable] = _opening(d, "Xử phạt vi phạm hành chính")
    story += [
        _article(1, "", st),
        _p(f"1. Xử phạt vi phạm hành chính đối với {pronoun(v)} có tên sau đây:", st),
        *identity_block(v, st),
        *_acts(vs, "2. Đã thực hiện hành vi vi phạm hành chính:", st),
        *_provisions(vs, "3. Quy định tại:", st),
        *_circumstances(vs, "4. Các tình tiết tăng nặng:", True, st),
        *_circumstances(vs, "5. Các tình tiết giảm nhẹ:", False, st),
        _p("6. Bị áp dụng hình thức xử phạt, biện pháp khắc phục hậu quả như sau:", st),
        _p(f"a) Hình thức xử phạt chính: {_main_kind(vs)}.", st),
        *_fine_lines(vs, st),
        *_additional(vs, "b) Hình thức xử phạt bổ sung:", st),
        *_remedial(vs, "c) Biện pháp khắc phục hậu quả:", v, st),
    ]
    if d.refund_amount:
        story += [
            _p(f"{pronoun(v, capital=True)} có tên tại Điều này phải hoàn trả số kinh phí là: "
               f"{esc(money(d.refund_amount))} cho: {val(d.refund_to)} là cơ quan đã thực hiện "
               "biện pháp khắc phục hậu quả theo quy định tại khoản 5 Điều 85 Luật Xử lý vi phạm "
               "hành chính.", st),
        ]
    story.append(_article(2, "Quyết định này có hiệu lực thi hành kể từ "
                          + _effective(d.effective), st))
    story.append(_article(3, "Quyết định này được:", st))
    story += _delivery(v, vs, treasury=d.treasury, payment_days=d.payment_days,
                       on_the_spot="allowed" if d.pay_on_the_spot_allowed else "no",
                       seized=d.seized_for_enforcement, executor=d.executor, related=d.related,
                       st=st)
    story = signed(story, signature_block(d.signer, d.recipients, st))
    if d.receipt_on_back:
        story += [PageBreak(), *_receipt(v, st)]
    return build_pdf(story, title=_title(d.number, d.symbol, "xử phạt vi phạm hành chính"),
                     draft=d.number is None, subject=violator_name(v)).data


def render_decision_without_record(data: DecisionWithoutRecordData) -> bytes:
    """Render a decision without a record (MQĐ01) to PDF bytes.

    Raises:
        DocumentError: when the law does not allow a decision without a record on the decision
            date (Law Art 56: the fine above the limit for the violator's kind, or a violation
            detected by technical devices), or the values are incomplete.
    """
    d = data
    _check_common(d.number, d.decision_date, d.signer, d.bases, d.violations)
    allowed, basis = d.without_record
    if not allowed:
        raise DocumentError(f"Không được xử phạt không lập biên bản ({basis}); phải lập biên bản "
                            "vi phạm hành chính")
    st = styles()
    v, vs = d.violator, d.violations
    story: list[Flowable] = _opening(d, "Xử phạt vi phạm hành chính không lập biên bản")
    related = d.related_circumstances.strip()
    story += [
        _article(1, "", st),
        _p("1. Xử phạt vi phạm hành chính theo thủ tục không lập biên bản đối với "
           f"{pronoun(v)} có tên sau đây:", st),
        *identity_block(v, st),
        *_acts(vs, "2. Đã thực hiện hành vi vi phạm hành chính:", st),
        *_provisions(vs, "3. Quy định tại:", st),
        _p(f"4. Địa điểm xảy ra vi phạm: {val(d.violation_place, 30)}.", st),
        _p("5. Các tình tiết liên quan đến việc giải quyết vi phạm (nếu có): "
           + (esc(related).rstrip(".") + "." if related else "Không."), st),
        _article(2, "Các hình thức xử phạt và biện pháp khắc phục hậu quả được áp dụng:", st),
        _p(f"1. Hình thức xử phạt chính: {_main_kind(vs)}.", st),
    ]
    if len(vs) == 1 and not vs[0].warning:
        amount = vs[0].amount or 0
        story += [_p(f"Mức tiền phạt: {esc(money(amount))}.", st)]
    elif len(vs) > 1:
        story += _fine_lines(vs, st, "Điều 1")
    story += _additional(vs, "2. Hình thức xử phạt bổ sung (nếu có):", st, "Điều 1")
    story += _remedial(vs, "3. Biện pháp khắc phục hậu quả (nếu có):", v, st, "Điều 1")
    story.append(_article(3, "Quyết định này có hiệu lực thi hành kể từ ngày ký.", st))
    story.append(_article(4, "Quyết định này được:", st))
    story += _delivery(v, vs, treasury=d.treasury, payment_days=10, on_the_spot="default",
                       seized=d.seized_for_enforcement, executor=d.executor, related=d.related,
                       st=st)
    story = signed(story, signature_block(d.signer, d.recipients, st))
    if d.receipt_on_back:
        story += [PageBreak(), *_receipt(v, st)]
    return build_pdf(story, title=_title(d.number, d.symbol,
                                         "xử phạt vi phạm hành chính không lập biên bản"),
                     draft=d.number is None, subject=violator_name(v)).data
