"""Plain values a document is rendered from: what the services fill, what the PDF prints.

Why plain frozen dataclasses: an issued document is a snapshot (the violator's identity *as
recorded*, the signer's title *on that date*), so the renderer must not read the database or
follow live links. The services copy everything a form prints into these values; the renderers
in :mod:`inspector.documents.forms` never look anything up except the legal thresholds that decide
whether a form may be used at all.

Conventions:

* ``number`` is the yearly sequence number of the document, or ``None`` for a draft: the PDF
  then prints "Số: …/BB-VPHC" and a "DỰ THẢO" watermark. ``symbol`` is the part after the "/"
  (the forms' ``BB-VPHC``, ``QĐ-XPHC``, ``BB-TG`` by default; an agency may add its own code).
* Amounts are ``int`` đồng; dates are :class:`datetime.date` (times of day
  :class:`datetime.datetime`); ``None`` prints a dotted blank to be filled in by hand.
* Text is printed as typed: the layout normalises it to NFC and escapes it, so "Công ty A & B
  <Sách>" cannot break a document.
* Agency names and titles are given in ordinary case ("Sở Khoa học và Công nghệ"); the layout
  prints them in capitals where Decree 30/2020 asks for capitals.
* ``bases`` of decisions are whole "Căn cứ …" sentences, built by :func:`standard_bases`; the
  layout adds the ";" / "." at the line ends. ``grounds`` of records are the short items printed
  after "Căn cứ:" (e.g. "Biên bản kiểm tra số 03/BB-KT ngày 05/02/2026").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from inspector.domain.text import format_date, format_date_long, nfc

__all__ = [
    "AdditionalSanction",
    "AgencyBlock",
    "CheckItem",
    "ConfiscatedItem",
    "DecisionWithoutRecordData",
    "DocumentError",
    "LegalInstrument",
    "NoViolationRecordData",
    "Officer",
    "Organisation",
    "Person",
    "RemedialMeasure",
    "ReminderLetterData",
    "SanctionDecisionData",
    "SeizedLicence",
    "SeizureRecordData",
    "Signer",
    "TitleEntry",
    "TransferLetterData",
    "TreasuryAccount",
    "ViolationLine",
    "ViolationRecordData",
    "Violator",
    "Witness",
    "cite_instrument",
    "delegation_reference",
    "document_number",
    "law_reference",
    "standard_bases",
]


class DocumentError(ValueError):
    """The values cannot make a lawful document (e.g. MQĐ01 above the no-record limit)."""


# --------------------------------------------------------------------------- parties


@dataclass(frozen=True)
class AgencyBlock:
    """The top-left block: superior agency, issuing agency, and where its documents are dated.

    ``agency_name`` may contain "\\n" to choose where a long name wraps in the header.
    ``letter_symbol`` is the symbol of the agency's official letters (công văn): with
    ``"STTTT-TTr"`` letter number 15 prints "Số: 15/STTTT-TTr".
    """

    superior_agency: str
    agency_name: str
    place_name: str
    letter_symbol: str = ""


@dataclass(frozen=True)
class Signer:
    """Who signs, as printed in the signature block.

    ``title`` is the signer's own position ("Chánh Thanh tra", "Phó Giám đốc"). A deputy
    exercising delegated power (``deputy=True``) prints "KT. <HEAD TITLE>" above it; the bases of a
    decision must then cite ``delegation`` (see :func:`delegation_reference`). ``authority`` is the
    issuing title printed under a decision's title ("Giám đốc Sở Khoa học và Công nghệ"); it names
    the head even when a deputy signs. ``on_behalf_of`` is the head of the agency a letter is
    issued under when the signer heads a unit of it: "TL. <HEAD>" opens the block
    (:func:`inspector.domain.signing.on_behalf_of`).
    """

    full_name: str
    title: str
    deputy: bool = False
    head_title: str = ""
    delegation: str | None = None
    authority: str = ""
    on_behalf_of: str = ""


@dataclass(frozen=True)
class Person:
    """An individual (also the owner of a household business): the identity block of MBB01."""

    full_name: str
    sex: str = ""
    date_of_birth: date | None = None
    nationality: str = "Việt Nam"
    occupation: str = ""
    residence: str = ""
    id_number: str = ""
    id_issued_on: date | None = None
    id_issued_by: str = ""


@dataclass(frozen=True)
class Organisation:
    """An organisation: the identity block of MBB01 for a company or other body.

    ``licence_number`` is the enterprise/investment registration certificate or the establishment
    or operation licence ("Số GCN đăng ký đầu tư/doanh nghiệp hoặc GP thành lập/đăng ký hoạt
    động").
    """

    name: str
    head_office: str = ""
    enterprise_code: str = ""
    licence_number: str = ""
    licence_issued_on: date | None = None
    licence_issued_by: str = ""
    representative: str = ""
    representative_sex: str = ""
    representative_title: str = ""


Violator = Person | Organisation


@dataclass(frozen=True)
class Officer:
    """A person with power to make the record, or a member of an inspection team."""

    full_name: str
    title: str
    unit: str = ""


@dataclass(frozen=True)
class Witness:
    """A witness (name, occupation, address) or the commune representative (position, agency)."""

    full_name: str
    occupation: str = ""
    address: str = ""
    position: str = ""
    agency: str = ""

    @property
    def is_authority(self) -> bool:
        """True for the representative of the commune People's Committee."""
        return bool(self.position or self.agency)


# --------------------------------------------------------------------------- violations


@dataclass(frozen=True)
class ConfiscatedItem:
    """An exhibit or means (tang vật, phương tiện): seized, confiscated or listed in a record.

    For publications, one item per title (the law counts copies per title). ``value`` is in đồng.
    """

    name: str
    unit: str
    quantity: int
    kind: str = ""
    condition: str = ""
    value: int | None = None
    note: str = ""


@dataclass(frozen=True)
class TitleEntry:
    """One publication title of a violation: copies and what was wrong with it."""

    title: str
    copies: int
    defect: str = ""

    def text(self) -> str:
        """«Tên sách»: 12 bản (không có hóa đơn, chứng từ)."""
        out = f"«{nfc(self.title).strip()}»: {self.copies:02d} bản"
        return f"{out} ({nfc(self.defect).strip()})" if self.defect.strip() else out


@dataclass(frozen=True)
class SeizedLicence:
    """A licence or practising certificate held by a seizure record."""

    name: str
    quantity: int = 1
    condition: str = ""
    note: str = ""


AdditionalKind = Literal["licence_withdrawal", "suspension", "confiscation"]


@dataclass(frozen=True)
class AdditionalSanction:
    """An additional sanction of one violation.

    ``text`` says what ("Đình chỉ hoạt động điểm cung cấp dịch vụ trò chơi điện tử công cộng").
    Withdrawal and suspension carry ``months`` and the start (``starts``; ``None`` = from the
    day the decision is received). Confiscation lists its ``items`` and may name the record that
    lists them (``record_ref``).
    """

    kind: AdditionalKind
    text: str
    months: int | None = None
    starts: date | None = None
    citation: str = ""
    items: Sequence[ConfiscatedItem] = ()
    record_ref: str = ""


@dataclass(frozen=True)
class RemedialMeasure:
    """A remedial measure with its deadline in days from the receipt of the decision."""

    text: str
    deadline_days: int | None = None
    citation: str = ""
    details: str = ""


@dataclass(frozen=True)
class ViolationLine:
    """One violation as a record or decision prints it.

    ``citation`` is the provision in full ("điểm a khoản 1 Điều 27 Nghị định số 159/2013/NĐ-CP",
    see :func:`inspector.domain.law.format_citation`); ``description`` the act as the decree
    words it; ``facts`` the concrete facts (time, place, titles, copies). A decision needs either
    ``amount`` (the fine, đồng) or ``warning``; records print neither.
    """

    citation: str
    description: str
    facts: str = ""
    amount: int | None = None
    warning: bool = False
    mitigating: Sequence[str] = ()
    aggravating: Sequence[str] = ()
    additional: Sequence[AdditionalSanction] = ()
    remedial: Sequence[RemedialMeasure] = ()
    titles: Sequence[TitleEntry] = ()

    def act(self) -> str:
        """The act as records and decisions print it: the act of the point that applies, the
        inspector's description of the facts, then the titles concerned (plain text)."""
        act = nfc(self.description).strip().rstrip(".;")
        facts = nfc(self.facts).strip().rstrip(".;")
        if act and facts.casefold().startswith(act.casefold()):
            act = ""  # the facts already name the act: print it once
        parts = [p for p in (act, facts) if p]
        text = ". ".join(p[:1].upper() + p[1:] for p in parts)
        if self.titles:
            listed = "; ".join(t.text() for t in self.titles)
            text = f"{text}. Xuất bản phẩm vi phạm: {listed}" if text else \
                f"Xuất bản phẩm vi phạm: {listed}"
        return f"{text}." if text else ""


@dataclass(frozen=True)
class TreasuryAccount:
    """Where fines are paid: the State Treasury set for the agency, and the account number."""

    name: str
    address: str = ""
    account_number: str = ""


@dataclass(frozen=True)
class CheckItem:
    """One line of a checking record: what was checked and what was found."""

    subject: str
    result: str


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class ViolationRecordData:
    """Biên bản vi phạm hành chính (MBB01, Decree 118/2021), number ``N/BB-VPHC``.

    ``field`` is the state-management field of Law Art 24(1) printed after "Về"
    ("phát hành xuất bản phẩm"). ``explanation_right`` prints item 10 (the right to explain,
    Law Art 61) and must be set only where the law gives it; ``explanation_to`` names the title
    and agency the explanation goes to. Items seized together with the record go in
    ``seized_items`` (no separate seizure record is then needed) and need a preventive measure.
    ``made_on`` prints the day when the time of making is not known (``made_at=None``: a record
    kept from before the times were entered). ``summons=False`` leaves out the summons item when
    nobody was summoned (otherwise a blank time and place are printed to be filled in by hand).
    ``sheets=None`` counts the pages of the PDF itself.
    """

    agency: AgencyBlock
    number: int | None
    made_at: datetime | None
    place: str
    field: str
    officers: Sequence[Officer]
    violator: Violator
    violations: Sequence[ViolationLine]
    made_on: date | None = None
    reason_other_place: str = ""
    grounds: Sequence[str] = ()
    witnesses: Sequence[Witness] = ()
    interpreter: Witness | None = None
    injured_party: str = ""
    violator_statement: str = ""
    witness_statement: str = ""
    injured_statement: str = ""
    preventive_measures: Sequence[str] = ()
    seized_items: Sequence[ConfiscatedItem] = ()
    explanation_right: bool = False
    explanation_to: str = ""
    appointment: datetime | None = None
    appointment_place: str = ""
    summons: bool = True
    closed_at: datetime | None = None
    sheets: int | None = None
    copies: int = 2
    refusal_reason: str = ""
    witness_refusal_reason: str = ""
    receipt_on_back: bool = False
    symbol: str = "BB-VPHC"


@dataclass(frozen=True)
class SanctionDecisionData:
    """Quyết định xử phạt vi phạm hành chính (MQĐ02), number ``N/QĐ-XPHC``.

    ``effective`` is ``None`` for "kể từ ngày ký", a date, or a sentence (licence withdrawal:
    the day the licence is handed over). ``executor`` is who organises enforcement (Điều 3
    khoản 3); ``related`` who is informed (khoản 4). ``refund_amount``/``refund_to`` are the costs
    of urgent remedial measures to refund (Law Art 85(5)). ``seized_for_enforcement`` names what
    is held to secure enforcement (Điều 3 khoản 1 điểm b).
    """

    agency: AgencyBlock
    number: int | None
    decision_date: date | None
    signer: Signer
    violator: Violator
    violations: Sequence[ViolationLine]
    bases: Sequence[str]
    treasury: TreasuryAccount
    payment_days: int = 10
    pay_on_the_spot_allowed: bool = False
    effective: date | str | None = None
    seized_for_enforcement: str = ""
    executor: str = ""
    related: Sequence[str] = ()
    refund_amount: int | None = None
    refund_to: str = ""
    recipients: Sequence[str] = ("Như Điều 3", "Lưu: Hồ sơ")
    receipt_on_back: bool = False
    symbol: str = "QĐ-XPHC"


@dataclass(frozen=True)
class DecisionWithoutRecordData:
    """Quyết định xử phạt không lập biên bản (MQĐ01), number ``N/QĐ-XPHC``.

    Rendering refuses (``DocumentError``) when the law does not allow a decision without a record
    on ``decision_date``: a fine above the limit of Law Art 56 for the violator's kind (250.000 /
    500.000 đồng until 30/6/2025, 500.000 / 1.000.000 đồng from 01/7/2025), or a violation
    detected by technical devices. Payment on the spot is the default; otherwise the Treasury
    within 10 days.
    """

    agency: AgencyBlock
    number: int | None
    decision_date: date
    signer: Signer
    violator: Violator
    violations: Sequence[ViolationLine]
    violation_place: str
    bases: Sequence[str]
    treasury: TreasuryAccount
    #: whether Law Art 56 allows a decision without a record here, and its basis, as the
    #: services established it with the database's rules (``decision_without_record_allowed``);
    #: the document does not re-derive it from the shipped files
    without_record: tuple[bool, str]
    related_circumstances: str = ""
    detected_by_technical_device: bool = False
    seized_for_enforcement: str = ""
    executor: str = ""
    related: Sequence[str] = ()
    recipients: Sequence[str] = ("Như Điều 4", "Lưu: Hồ sơ")
    receipt_on_back: bool = False
    symbol: str = "QĐ-XPHC"


@dataclass(frozen=True)
class DeliveryReceiptData:
    """The back page of a decision (MQĐ01, MQĐ02) filled when it was handed over in person:
    printed on the back of the issued copy's last sheet for the receiver to sign."""

    number_text: str
    decision_date: date
    violator: Violator
    handed_at: datetime
    receiver: str
    title: str = "Quyết định"


@dataclass(frozen=True)
class SeizureRecordData:
    """Biên bản tạm giữ tang vật, phương tiện, giấy phép (MBB15), number ``N/BB-TG``.

    Used when exhibits are seized apart from the violation record. ``violator=None`` prints the
    form's "nhưng không xác định được cá nhân/tổ chức vi phạm".
    """

    agency: AgencyBlock
    number: int | None
    made_at: datetime | date | None
    place: str
    officers: Sequence[Officer]
    violator: Violator | None
    items: Sequence[ConfiscatedItem]
    licences: Sequence[SeizedLicence] = ()
    grounds: Sequence[str] = ()
    witnesses: Sequence[Witness] = ()
    violator_statement: str = ""
    witness_statement: str = ""
    extra_statement: str = ""
    closed_at: datetime | None = None
    sheets: int | None = None
    copies: int = 2
    refusal_reason: str = ""
    receipt_on_back: bool = False
    symbol: str = "BB-TG"


@dataclass(frozen=True)
class NoViolationRecordData:
    """Record of a visit where no violation was found (biên bản kiểm tra / thanh tra).

    Decree 118/2021 has no form for it; the layout follows the record forms (header, "Hôm
    nay…", the team, the establishment, what was checked, the conclusion, signatures).
    """

    agency: AgencyBlock
    number: int | None
    made_at: datetime | date | None
    place: str
    field: str
    officers: Sequence[Officer]
    subject: Violator
    checks: Sequence[CheckItem]
    grounds: Sequence[str] = ()
    title: str = "Biên bản kiểm tra"
    symbol: str = "BB-KT"
    team_name: str = "Đoàn kiểm tra"
    subject_present: Sequence[Officer] = ()
    conclusion: str = (
        "Tại thời điểm kiểm tra, Đoàn kiểm tra chưa phát hiện hành vi vi phạm hành chính."
    )
    remarks: Sequence[str] = ()
    subject_statement: str = ""
    closed_at: datetime | None = None
    sheets: int | None = None
    copies: int = 2


@dataclass(frozen=True)
class ReminderLetterData:
    """Official letter asking an establishment to fix shortcomings, without a sanction.

    ``background`` are the opening paragraphs (which inspection, when, what was in order);
    ``findings`` the shortcomings; ``requests`` what the establishment must do; ``report_by``
    the date by which it reports back.
    """

    agency: AgencyBlock
    number: int | None
    letter_date: date | None
    summary: str
    recipient: str
    background: Sequence[str]
    findings: Sequence[str]
    requests: Sequence[str]
    signer: Signer
    report_by: date | None = None
    closing: str = ""
    recipients: Sequence[str] = ("Như trên", "Lưu: VT")


@dataclass(frozen=True)
class TransferLetterData:
    """Official letter transferring a case file to the competent authority (chuyển hồ sơ).

    ``record_ref`` names the record transferred ("Biên bản vi phạm hành chính số 07/BB-VPHC lập
    ngày 12/8/2026"); ``reason`` says why the case exceeds the signer's competence or field;
    ``legal_basis`` the provisions the transfer rests on; ``enclosures`` the file's documents.
    """

    agency: AgencyBlock
    number: int | None
    letter_date: date | None
    recipient: str
    violator: Violator
    record_ref: str
    violations: Sequence[ViolationLine]
    reason: str
    legal_basis: str
    enclosures: Sequence[str]
    signer: Signer
    summary: str = "V/v chuyển hồ sơ vụ việc vi phạm hành chính"
    activity: str = ""
    decision_deadline: date | None = None
    request: str = ""
    recipients: Sequence[str] = ("Như trên", "Lưu: VT")


# --------------------------------------------------------------------------- bases


@dataclass(frozen=True)
class LegalInstrument:
    """A decree (or other instrument) as its first citation prints it (Decree 30/2020).

    ``title`` may start with the kind ("Nghị định quy định xử phạt …", as in the reference data);
    the kind is then not repeated.
    """

    number: str
    issued_on: date
    title: str
    kind: str = "Nghị định"
    issuer: str = "Chính phủ"
    #: the amending instruments in force on the document's date, cited after the title
    amended_by: Sequence[LegalInstrument] = ()


def document_number(number: int | None, symbol: str) -> str:
    """``05/BB-VPHC`` (a leading zero below 10, Decree 30/2020) or ``…/BB-VPHC`` for a draft."""
    if number is None:
        return f"…/{symbol}"
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise DocumentError(f"Số văn bản không hợp lệ: {number!r}")
    return f"{number:02d}/{symbol}"


def cite_instrument(instrument: LegalInstrument) -> str:
    """First citation: "Nghị định số 174/2026/NĐ-CP ngày 15 tháng 5 năm 2026 của Chính phủ quy
    định …" (type, number, date, issuer and title)."""
    title = nfc(instrument.title).strip()
    if title.casefold().startswith(instrument.kind.casefold() + " "):
        title = title[len(instrument.kind) + 1 :]
    text = (
        f"{instrument.kind} số {instrument.number} {format_date_long(instrument.issued_on)} "
        f"của {instrument.issuer} {title}"
    )
    if instrument.amended_by:
        amending = "; ".join(
            f"{a.kind} số {a.number} {format_date_long(a.issued_on)} của {a.issuer}"
            for a in instrument.amended_by)
        text += f", được sửa đổi, bổ sung bởi {amending}"
    return text


def law_reference(articles: Sequence[int], amended_in: Sequence[int]) -> str:
    """The Law on Handling Administrative Violations as a decision cites it, naming the years
    of the amending laws in force on its date (``amended_in``: the services read them from
    the dated reference data, ``Catalog.law_amended_in``): "(sửa đổi, bổ sung năm 2020)",
    "(sửa đổi, bổ sung năm 2020 và năm 2025)"; none before the first amendment took effect.
    """
    head = ", ".join(f"Điều {a}" for a in articles)
    law = "Luật Xử lý vi phạm hành chính"
    years = [f"năm {y}" for y in sorted(set(amended_in))]
    if years:
        joined = ", ".join(years[:-1]) + " và " + years[-1] if len(years) > 1 else years[0]
        law += f" (sửa đổi, bổ sung {joined})"
    return f"{head} {law}" if head else law


def delegation_reference(number: int | str, signed_on: date, symbol: str = "QĐ-GQXP") -> str:
    """The delegation decision (MQĐ34) as the bases cite it; put it in :attr:`Signer.delegation`."""
    ref = number if isinstance(number, str) else document_number(number, symbol)
    return (
        f"Quyết định số: {ref} ngày {format_date(signed_on)} "
        "về việc giao quyền xử phạt vi phạm hành chính"
    )


def _record_basis(kind: str, number: int | str, made_on: date, symbol: str, tail: str = "") -> str:
    ref = number if isinstance(number, str) else document_number(number, symbol)
    return f"Căn cứ {kind} số: {ref} lập ngày {format_date(made_on)}{tail}"


def standard_bases(
    form: Literal["MQĐ01", "MQĐ02"],
    decision_date: date,
    decrees: Sequence[LegalInstrument],
    *,
    law_amended_in: Sequence[int],
    record: tuple[int | str, date] | None = None,
    explanation_record: tuple[int | str, date] | None = None,
    verification_record: tuple[int | str, date] | None = None,
    signer: Signer | None = None,
    others: Sequence[str] = (),
) -> tuple[str, ...]:
    """The usual "Căn cứ …" lines of a sanction decision, in the order of the forms.

    1. the Law (Arts 57, 68, 70, 78, 85 for MQĐ02; Arts 56, 69 for MQĐ01), named with the
       amendments in force on ``decision_date`` (their years: ``law_amended_in``);
    2. each sector decree in full (type, number, date, issuer, title);
    3. ``others`` as given (the department's functions decision, the inspection decision, …);
    4. the violation record ``N/BB-VPHC``, the explanation hearing ``N/BB-GTTT`` and the
       verification record ``N/BB-XM``, when given (number and date);
    5. the delegation decision when ``signer`` is a deputy with ``delegation`` set.

    Record numbers may be ints (formatted with their symbol) or ready strings.
    """
    articles = (56, 69) if form == "MQĐ01" else (57, 68, 70, 78, 85)
    bases = [f"Căn cứ {law_reference(articles, law_amended_in)}"]
    bases += [f"Căn cứ {cite_instrument(d)}" for d in decrees]
    bases += [nfc(o).strip() for o in others]
    if record is not None:
        bases.append(_record_basis("Biên bản vi phạm hành chính", *record, "BB-VPHC"))
    if explanation_record is not None:
        bases.append(_record_basis("Biên bản phiên giải trình trực tiếp", *explanation_record,
                                   "BB-GTTT"))
    if verification_record is not None:
        bases.append(_record_basis(
            "Biên bản", *verification_record, "BB-XM",
            " xác minh tình tiết của vụ việc vi phạm hành chính",
        ))
    if signer is not None and signer.delegation:
        bases.append(f"Căn cứ {nfc(signer.delegation).strip()}")
    return tuple(bases)


def amendment_bases(on: date, decrees: Sequence[LegalInstrument], original_number: str,
                    original_date: date, signer: Signer | None = None, *,
                    law_amended_in: Sequence[int]) -> tuple[str, ...]:
    """The "Căn cứ …" lines of a decision that amends, corrects or annuls a sanction decision:
    the Law (Art 18, the power to amend, correct or annul, with the amendments in force on
    ``on``: their years, ``law_amended_in``), the decrees in force on that date, the original
    decision, the delegation."""
    bases = [f"Căn cứ {law_reference((18,), law_amended_in)}"]
    bases += [f"Căn cứ {cite_instrument(d)}" for d in decrees]
    bases.append(f"Căn cứ Quyết định xử phạt vi phạm hành chính số {nfc(original_number)} "
                 f"ngày {format_date(original_date)}")
    if signer is not None and signer.delegation:
        bases.append(f"Căn cứ {nfc(signer.delegation).strip()}")
    return tuple(bases)

