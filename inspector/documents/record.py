"""Records: the violation record (MBB01), the seizure record (MBB15), the no-violation record.

Why records differ from decisions: a record is made on the spot and signed by everyone present,
so it lists who was there, what each said, and ends with the signature grid instead of "Nơi
nhận". Like the forms, records have no place-and-date line in the header (the moment is written
in "Hôm nay, hồi … giờ … phút …"). The closing sentence states how many sheets the record has;
when the caller does not give it, the PDF is laid out again until the count it prints is the
count it has (one sheet per printed side; the back-page receipt is not a sheet of its own).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer

from inspector.documents.layout import (
    BuiltPdf,
    Styles,
    build_pdf,
    esc,
    header,
    paired,
    punctuate,
    record_signatures,
    styles,
    table,
    time_and_date,
    title_block,
)
from inspector.documents.model import (
    NoViolationRecordData,
    Officer,
    Organisation,
    SeizedLicence,
    SeizureRecordData,
    ViolationLine,
    ViolationRecordData,
    Violator,
    Witness,
    document_number,
)
from inspector.documents.parts import (
    contact_name,
    contact_pronoun,
    identity_block,
    items_table,
    lettered,
    party_word,
    pronoun,
    val,
    violator_name,
)
from inspector.domain.text import format_date

__all__ = ["render_no_violation_record", "render_seizure_record", "render_violation_record"]


def _st() -> Styles:
    return styles(13, 6)  # Decree 30/2020: at least 6 pt between paragraphs


def _p(markup: str, st: Styles) -> Paragraph:
    return Paragraph(markup, st.body)


def _statement(text: str) -> str:
    return esc(text).rstrip(".") + "." if text.strip() else "Không."


def _opening(moment: datetime | date | None, place: str, st: Styles, day: date | None = None) -> Paragraph:
    when = (time_and_date(moment) if moment is not None or day is None
            else f"hồi … giờ … phút, ngày {format_date(day)}")
    return _p(f"Hôm nay, {when}, tại {val(place, 30)}.", st)


def _officers(officers: Sequence[Officer], st: Styles) -> list[Flowable]:
    out: list[Flowable] = []
    for o in officers:
        out.append(paired(f"Họ và tên: {val(o.full_name)}", f"Chức vụ: {val(o.title, 8)}", st))
        out.append(_p(f"Cơ quan: {val(o.unit, 30)}", st))
    return out


def _witnesses(witnesses: Sequence[Witness], st: Styles) -> list[Flowable]:
    out: list[Flowable] = []
    for w in witnesses:
        if w.is_authority:
            out.append(paired(f"Họ và tên: {val(w.full_name)}", f"Chức vụ: {val(w.position, 8)}",
                              st))
            out.append(_p(f"Cơ quan: {val(w.agency, 30)}", st))
        else:
            out.append(paired(f"Họ và tên: {val(w.full_name)}",
                              f"Nghề nghiệp: {val(w.occupation, 8)}", st))
            out.append(_p(f"Địa chỉ: {val(w.address, 30)}", st))
    return out


def _acts(violations: Sequence[ViolationLine], lead: str, st: Styles) -> list[Flowable]:
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


def _closing(kind: str, closed_at: datetime | None, sheets: str, copies: int, v: Violator | None,
             st: Styles, handed_to: str | None = None) -> Paragraph:
    if handed_to is None:
        handed_to = (f"{contact_pronoun(v)} {val(contact_name(v))} là {party_word(v)} vi phạm 01 bản"
                     if v is not None else "người chứng kiến 01 bản")
    return _p(f"{kind} lập xong {time_and_date(closed_at)}, gồm {sheets} tờ, được lập thành "
              f"{copies:02d} bản có nội dung và giá trị như nhau; đã đọc lại cho những người có "
              f"tên nêu trên cùng nghe, công nhận là đúng và cùng ký tên dưới đây; giao cho "
              f"{handed_to}, 01 bản lưu hồ sơ.", st)


def _violator_caption(v: Violator) -> str:
    return ("Người đại diện\ncủa tổ chức vi phạm" if isinstance(v, Organisation)
            else "Cá nhân vi phạm")


def _receipt(v: Violator | None, st: Styles) -> list[Flowable]:
    who = party_word(v) if v is not None else "cá nhân/người đại diện của tổ chức"
    return [
        PageBreak(),
        _p(f"Biên bản đã giao trực tiếp cho {who} vi phạm vào hồi … giờ … phút, ngày …/…/……",
           st),
        Spacer(1, 6),
        *record_signatures([("", "", ""),
                            ("Người nhận biên bản", "(Ký, ghi rõ họ và tên)", "")], st),
    ]


def _counted(make: Callable[[str], list[Flowable]], sheets: int | None, *, title: str,
             draft: bool, subject: str, back_page: bool) -> bytes:
    """Build the record; with ``sheets=None`` print the number of sheets it really has."""
    if sheets is not None:
        return build_pdf(make(f"{sheets:02d}"), title=title, draft=draft, subject=subject).data
    guess = 1
    built: BuiltPdf | None = None
    for _ in range(4):
        built = build_pdf(make(f"{guess:02d}"), title=title, draft=draft, subject=subject)
        actual = max(built.pages - (1 if back_page else 0), 1)
        if actual == guess:
            break
        guess = actual
    assert built is not None
    return built.data


# --------------------------------------------------------------------------- MBB01


def render_violation_record(data: ViolationRecordData) -> bytes:
    """Render a violation record (MBB01) to PDF bytes.

    Item 10, the right to explain, is printed only when ``explanation_right`` is set (Law Art 61
    gives it only above the thresholds or with licence withdrawal or suspension); the summons
    then becomes item 11, otherwise item 10.
    """
    d = data
    if not d.violations:
        raise ValueError("Biên bản vi phạm hành chính phải có ít nhất một hành vi vi phạm")
    if d.explanation_right and not d.explanation_to.strip():
        raise ValueError("Cần ghi chức danh, cơ quan của người có thẩm quyền nhận giải trình")
    if d.seized_items and not any(m.strip() for m in d.preventive_measures):
        raise ValueError("Biên bản có tang vật bị tạm giữ phải ghi biện pháp tạm giữ ở mục 9")
    st = _st()
    v = d.violator
    number = "Số: " + document_number(d.number, d.symbol)

    def make(sheets: str) -> list[Flowable]:
        story: list[Flowable] = [
            header(d.agency, number, None),
            *title_block("Biên bản vi phạm hành chính", f"Về {d.field.strip()}", None,
                         space_before=14),
            _opening(d.made_at, d.place, st, d.made_on),
        ]
        if d.reason_other_place.strip():
            story.append(_p("Lý do lập biên bản tại trụ sở cơ quan của người có thẩm quyền lập "
                            f"biên bản/địa điểm khác: {_statement(d.reason_other_place)}", st))
        if d.grounds:
            story.append(_p("Căn cứ: " + esc("; ".join(g.strip().rstrip(";.") for g in d.grounds))
                            + ".", st))
        story.append(_p("Chúng tôi gồm:", st))
        section = 1
        story.append(_p(f"{section}. Người có thẩm quyền lập biên bản:", st))
        story += _officers(d.officers, st)
        if d.witnesses:
            section += 1
            story.append(_p(f"{section}. Với sự chứng kiến của:", st))
            story += _witnesses(d.witnesses, st)
        if d.interpreter is not None:
            section += 1
            story.append(_p(f"{section}. Người phiên dịch:", st))
            story += _witnesses([d.interpreter], st)
        story.append(_p(f"Tiến hành lập biên bản vi phạm hành chính đối với {pronoun(v)} có tên "
                        "sau đây:", st))
        story += identity_block(v, st, first="1. ")
        story += _acts(d.violations, "2. Đã có các hành vi vi phạm hành chính:", st)
        story += _provisions(d.violations, "3. Quy định tại:", st)
        story.append(_p(f"4. Cá nhân/tổ chức bị thiệt hại (nếu có): {_statement(d.injured_party)}",
                        st))
        story.append(_p(f"5. Ý kiến trình bày của {party_word(v)} vi phạm: "
                        f"{_statement(d.violator_statement)}", st))
        story.append(_p("6. Ý kiến trình bày của đại diện chính quyền, người chứng kiến (nếu có): "
                        f"{_statement(d.witness_statement)}", st))
        story.append(_p("7. Ý kiến trình bày của cá nhân/tổ chức bị thiệt hại (nếu có): "
                        f"{_statement(d.injured_statement)}", st))
        kind = "tổ chức" if isinstance(v, Organisation) else "cá nhân"
        story.append(_p(f"8. Chúng tôi đã yêu cầu {kind} vi phạm chấm dứt ngay hành vi vi phạm.",
                        st))
        measures = [m.strip().rstrip(";.") for m in d.preventive_measures if m.strip()]
        story.append(_p("9. Các biện pháp ngăn chặn và bảo đảm xử lý vi phạm hành chính được áp "
                        "dụng, gồm: " + (esc("; ".join(measures)) + "." if measures
                                          else "Không."), st))
        if d.seized_items:
            story += [_p("Tang vật, phương tiện vi phạm hành chính bị tạm giữ:", st),
                      items_table(d.seized_items, st, with_value=False), Spacer(1, 4)]
        item = 10
        person = f"{contact_pronoun(v)} {val(contact_name(v))} là {party_word(v)} vi phạm"
        if d.explanation_right:
            to = esc(d.explanation_to)
            story.append(_p(
                f"{item}. Quyền và thời hạn giải trình: Trong thời hạn 02 ngày làm việc kể từ ngày "
                f"lập biên bản này, {person} có quyền gửi văn bản yêu cầu được giải trình trực tiếp"
                f" đến {to}; hoặc trong thời hạn 05 ngày làm việc kể từ ngày lập biên bản này, có "
                f"quyền gửi văn bản giải trình đến {to} để thực hiện quyền giải trình.", st))
            item += 1
        if d.summons:
            story.append(_p(f"{item}. Yêu cầu {person} có mặt vào {time_and_date(d.appointment)}, "
                            f"tại {val(d.appointment_place, 30)} để giải quyết vụ việc.", st))
        end_at = len(story)
        story.append(_closing("Biên bản", d.closed_at, sheets, d.copies, v, st))
        if d.refusal_reason.strip():
            story.append(_p(f"Lý do {contact_pronoun(v)} {val(contact_name(v))} là {party_word(v)} vi phạm "
                            f"không ký biên bản: {_statement(d.refusal_reason)}", st))
        if d.witness_refusal_reason.strip():
            w = d.witnesses[0] if d.witnesses else None
            role = ("đại diện chính quyền cấp xã" if w is not None and w.is_authority
                    else "người chứng kiến")
            story.append(_p(f"Lý do ông (bà) {val(w.full_name if w else '')} là {role} không ký xác "
                            f"nhận: {_statement(d.witness_refusal_reason)}", st))
        cells = [(_violator_caption(v), "(Ký, ghi rõ họ và tên)", contact_name(v)),
                 ("Người lập biên bản", "(Ký, ghi rõ chức vụ, họ và tên)",
                  d.officers[0].full_name if d.officers else "")]
        if d.injured_party.strip():
            cells.append(("Cá nhân/người đại diện của tổ chức bị thiệt hại",
                          "(Ký, ghi rõ họ và tên)", ""))
        for w in d.witnesses:
            if w.is_authority:
                cells.append(("Đại diện chính quyền", "(Ký, ghi rõ chức vụ, họ và tên)",
                              w.full_name))
        if d.interpreter is not None:
            cells.append(("Người phiên dịch", "(Ký, ghi rõ họ và tên)", d.interpreter.full_name))
        for w in d.witnesses:
            if not w.is_authority:
                cells.append(("Người chứng kiến", "(Ký, ghi rõ họ và tên)", w.full_name))
        grid = record_signatures(cells, st)
        story[end_at:] = [KeepTogether([*story[end_at:], grid[0]]),
                          *(KeepTogether([pair]) for pair in grid[1:])]
        if d.receipt_on_back:
            story += _receipt(v, st)
        return story

    return _counted(make, d.sheets,
                    title=f"Biên bản vi phạm hành chính số {document_number(d.number, d.symbol)}",
                    draft=d.number is None, subject=violator_name(v), back_page=d.receipt_on_back)


# --------------------------------------------------------------------------- MBB15


def _licences_table(licences: Sequence[SeizedLicence], st: Styles) -> Flowable:
    rows = [[str(n), x.name, str(x.quantity), x.condition, x.note]
            for n, x in enumerate(licences, 1)]
    return table(("STT", "Tên giấy phép, chứng chỉ hành nghề", "Số lượng", "Tình trạng, đặc điểm",
                  "Ghi chú"), rows, [11 * mm, 69 * mm, 20 * mm, 40 * mm, 25 * mm], st,
                 align=("c", "l", "r", "l", "l"))


def render_seizure_record(data: SeizureRecordData) -> bytes:
    """Render a seizure record (MBB15) to PDF bytes: exhibits and licences held, item by item."""
    d = data
    if not d.items and not d.licences:
        raise ValueError("Biên bản tạm giữ phải có tang vật, phương tiện hoặc giấy phép bị tạm giữ")
    st = _st()
    v = d.violator
    number = "Số: " + document_number(d.number, d.symbol)
    what = " và ".join(
        w for w, present in (("tang vật, phương tiện vi phạm hành chính", bool(d.items)),
                             ("giấy phép, chứng chỉ hành nghề", bool(d.licences))) if present)

    def make(sheets: str) -> list[Flowable]:
        story: list[Flowable] = [
            header(d.agency, number, None),
            *title_block("Biên bản", "Tạm giữ tang vật, phương tiện vi phạm hành chính,\n"
                         "giấy phép, chứng chỉ hành nghề", None, space_before=14),
            _opening(d.made_at, d.place, st),
        ]
        if d.grounds:
            story.append(_p("Căn cứ: " + esc("; ".join(g.strip().rstrip(";.") for g in d.grounds))
                            + ".", st))
        story += [_p("Chúng tôi gồm:", st), _p("1. Người có thẩm quyền lập biên bản:", st)]
        story += _officers(d.officers, st)
        if d.witnesses:
            story.append(_p("2. Với sự chứng kiến của:", st))
            story += _witnesses(d.witnesses, st)
        if v is not None:
            story.append(_p(f"Tiến hành tạm giữ và lập biên bản tạm giữ {what} của {pronoun(v)} có "
                            "tên sau đây:", st))
            story += identity_block(v, st, first="1. ")
        else:
            story.append(_p(f"Tiến hành tạm giữ và lập biên bản tạm giữ {what} nhưng không xác định "
                            "được cá nhân/tổ chức vi phạm.", st))
        story.append(_p("2. Tang vật, phương tiện vi phạm hành chính bị tạm giữ, gồm:"
                        + ("" if d.items else " Không."), st))
        if d.items:
            story += [items_table(d.items, st, with_value=False), Spacer(1, 4)]
        story.append(_p("3. Giấy phép, chứng chỉ hành nghề bị tạm giữ, gồm:"
                        + ("" if d.licences else " Không."), st))
        if d.licences:
            story += [_licences_table(d.licences, st), Spacer(1, 4)]
        story.append(_p("Ngoài những tang vật, phương tiện vi phạm hành chính và các giấy tờ nêu "
                        "trên, chúng tôi không tạm giữ thêm thứ gì khác.", st))
        who = party_word(v) if v is not None else "cá nhân/người đại diện của tổ chức"
        story.append(_p(f"4. Ý kiến trình bày của {who} vi phạm: "
                        f"{_statement(d.violator_statement)}", st))
        story.append(_p("5. Ý kiến trình bày của người chứng kiến (nếu có): "
                        f"{_statement(d.witness_statement)}", st))
        story.append(_p(f"6. Ý kiến bổ sung (nếu có): {_statement(d.extra_statement)}", st))
        end_at = len(story)
        story.append(_closing("Biên bản", d.closed_at, sheets, d.copies, v, st))
        if d.refusal_reason.strip() and v is not None:
            story.append(_p(f"Lý do {contact_pronoun(v)} {val(contact_name(v))} là {party_word(v)} vi phạm "
                            f"không ký biên bản: {_statement(d.refusal_reason)}", st))
        cells: list[tuple[str, str, str]] = []
        if v is not None:
            cells.append((_violator_caption(v), "(Ký, ghi rõ họ và tên)", contact_name(v)))
        cells.append(("Người lập biên bản", "(Ký, ghi rõ chức vụ, họ và tên)",
                      d.officers[0].full_name if d.officers else ""))
        cells += [("Người chứng kiến", "(Ký, ghi rõ họ và tên)", w.full_name) for w in d.witnesses]
        grid = record_signatures(cells, st)
        story[end_at:] = [KeepTogether([*story[end_at:], grid[0]]),
                          *(KeepTogether([pair]) for pair in grid[1:])]
        if d.receipt_on_back:
            story += _receipt(v, st)
        return story

    return _counted(make, d.sheets,
                    title=f"Biên bản tạm giữ số {document_number(d.number, d.symbol)}",
                    draft=d.number is None,
                    subject=violator_name(v) if v is not None else "",
                    back_page=d.receipt_on_back)


# --------------------------------------------------------------------------- no violation


def render_no_violation_record(data: NoViolationRecordData) -> bytes:
    """Render the record of a visit where no violation was found to PDF bytes."""
    d = data
    if not d.checks:
        raise ValueError("Biên bản kiểm tra phải ghi nội dung đã kiểm tra")
    st = _st()
    s = d.subject
    number = "Số: " + document_number(d.number, d.symbol)
    team = d.team_name.strip() or "Đoàn kiểm tra"
    leader = "Trưởng " + team[0].lower() + team[1:]
    verb = "thanh tra" if "thanh tra" in team.casefold() else "kiểm tra"

    def make(sheets: str) -> list[Flowable]:
        story: list[Flowable] = [
            header(d.agency, number, None),
            *title_block(d.title, f"Về việc chấp hành quy định của pháp luật về {d.field.strip()}",
                         None, space_before=14),
        ]
        story += [_p(esc(g), st) for g in punctuate(d.grounds)]
        story.append(_p(f"Hôm nay, {time_and_date(d.made_at)}, tại {val(d.place, 30)}, {esc(team)} "
                        "gồm:", st))
        for n, o in enumerate(d.officers, 1):
            unit = f", {esc(o.unit)}" if o.unit.strip() else ""
            story.append(_p(f"{n}. <b>{val(o.full_name)}</b>, {val(o.title, 8)}{unit};", st))
        story.append(_p(f"Tiến hành {verb} việc chấp hành quy định của pháp luật về "
                        f"{esc(d.field)} đối với {pronoun(s)} có tên sau đây:", st))
        story += identity_block(s, st)
        if d.subject_present:
            story.append(_p("Đại diện cơ sở làm việc với " + esc(team[0].lower() + team[1:]) + ":",
                            st))
            last = len(d.subject_present)
            story += [_p(f"- <b>{val(o.full_name)}</b>, {val(o.title, 8)}{'.' if n == last else ';'}",
                         st) for n, o in enumerate(d.subject_present, 1)]
        story.append(_p(f"1. Nội dung và kết quả {verb}:", st))
        rows = [[str(n), c.subject, c.result] for n, c in enumerate(d.checks, 1)]
        story += [table(("STT", f"Nội dung {verb}", f"Kết quả {verb}"), rows,
                        [11 * mm, 74 * mm, 80 * mm], st, align=("c", "l", "l")), Spacer(1, 4)]
        story.append(_p(f"2. Kết luận: {esc(d.conclusion).rstrip('.')}.", st))
        if d.remarks:
            story.append(_p(f"3. Nhắc nhở, kiến nghị: {esc(team)} đề nghị cơ sở:", st))
            story += [_p(f"- {esc(r)}", st) for r in punctuate(d.remarks)]
        else:
            story.append(_p("3. Nhắc nhở, kiến nghị: Không.", st))
        story.append(_p(f"4. Ý kiến của đại diện cơ sở được {verb}: "
                        f"{_statement(d.subject_statement)}", st))
        end_at = len(story)
        story.append(_closing("Biên bản", d.closed_at, sheets, d.copies, None, st,
                              handed_to=f"đại diện cơ sở được {verb} 01 bản"))
        present = d.subject_present[0].full_name if d.subject_present else contact_name(s)
        cells = [(f"Đại diện cơ sở được {verb}", "(Ký, ghi rõ họ và tên)", present),
                 (leader, "(Ký, ghi rõ họ và tên)", d.officers[0].full_name if d.officers else "")]
        cells += [("Thành viên " + team[0].lower() + team[1:], "(Ký, ghi rõ họ và tên)",
                   o.full_name) for o in d.officers[1:]]
        grid = record_signatures(cells, st)
        story[end_at:] = [KeepTogether([*story[end_at:], grid[0]]),
                          *(KeepTogether([pair]) for pair in grid[1:])]
        return story

    return _counted(make, d.sheets,
                    title=f"{d.title} số {document_number(d.number, d.symbol)}",
                    draft=d.number is None, subject=violator_name(s), back_page=False)
