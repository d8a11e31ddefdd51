"""The shared Decree 30/2020 layout every document is built from.

Why one module: the page, the header, the title, the bases, the signature block and the
recipients are the same on every administrative document, and Decree 30/2020 (Appendix I) fixes
their sizes and styles. Keeping them here means a form module only writes its own contents, and a
correction (a rule length, a font size) reaches every document at once.

What it does:

* A4 portrait, margins 20/20/30/15 mm (top, bottom, left, right), a frame with no padding so the
  text lies exactly inside them; page numbers (13 pt) centred in the top margin from page 2;
  a grey "DỰ THẢO" watermark on drafts.
* Liberation Serif (Times-New-Roman metric, every Vietnamese letter, SIL OFL, shipped in
  ``resources/fonts``) registered once as a family, so ``<b>``/``<i>`` work; the canvas starts in
  it, so no unembedded standard font is ever referenced.
* :func:`esc` normalises every user value to NFC and escapes ``&``, ``<``, ``>``: markup is
  always built from constant text plus escaped values.
* PDFs are built with ``invariant=1``: the same input gives the same bytes (the register keeps a
  SHA-256 of each issued PDF).

Sizes used (all within Decree 30/2020): national title 12 pt bold caps, motto 13 pt bold with a
rule as long as the motto, agency lines 12 pt (the issuing agency bold, with a rule of 40 % of its
length), "Số" 13 pt, place and date 14 pt italic, type and summary 14 pt bold, body 14 pt
(records 13 pt) justified with a 1.27 cm first-line indent, "Nơi nhận" 12 pt bold italic and the
list 11 pt, signer's title and name 14 pt bold.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache, partial
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from inspector.documents.model import AgencyBlock, Signer
from inspector.domain.text import format_date, format_date_long, nfc
from inspector.paths import fonts_dir

__all__ = [
    "BOLD",
    "BOLD_ITALIC",
    "FONT_FILES",
    "FRAME_WIDTH",
    "ITALIC",
    "MARGIN_BOTTOM",
    "MARGIN_LEFT",
    "MARGIN_RIGHT",
    "MARGIN_TOP",
    "PAGE_HEIGHT",
    "PAGE_WIDTH",
    "REGULAR",
    "BuiltPdf",
    "HRule",
    "Styles",
    "bases_block",
    "blank",
    "build_pdf",
    "esc",
    "header",
    "paired",
    "place_date",
    "punctuate",
    "record_signatures",
    "register_fonts",
    "signature_block",
    "signed",
    "styles",
    "table",
    "time_and_date",
    "title_block",
]

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
FRAME_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

REGULAR = "LiberationSerif"
BOLD = "LiberationSerif-Bold"
ITALIC = "LiberationSerif-Italic"
BOLD_ITALIC = "LiberationSerif-BoldItalic"
FONT_FILES = {
    REGULAR: "LiberationSerif-Regular.ttf",
    BOLD: "LiberationSerif-Bold.ttf",
    ITALIC: "LiberationSerif-Italic.ttf",
    BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}

INDENT = 12.7 * mm  # first-line indent of body text and of "Điều" headings
LEFT_COL = 72 * mm  # header: agency block (lines wider than 69 mm break in two)
RIGHT_COL = FRAME_WIDTH - LEFT_COL  # header: national title (88 mm at 12 pt bold) and date
#: The least horizontal gap between the agency lines and the national title.
HEADER_GAP = 3 * mm
PAGE_NUMBER_SIZE = 13
PAGE_NUMBER_BASELINE = PAGE_HEIGHT - 12 * mm

_font_lock = threading.Lock()
_registered: set[str] = set()


def register_fonts() -> None:
    """Register the Liberation Serif family with reportlab once per process (thread-safe)."""
    if REGULAR in _registered:
        return
    with _font_lock:
        if REGULAR in _registered:
            return
        folder = fonts_dir()
        for name, filename in FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
        pdfmetrics.registerFontFamily(
            REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )
        _registered.add(REGULAR)


# --------------------------------------------------------------------------- text helpers


def esc(value: object) -> str:
    """A user value made safe for a Paragraph: NFC, ``&<>`` escaped, newlines as ``<br/>``."""
    text = escape(nfc(str(value)).strip())
    return text.replace("\r\n", "\n").replace("\n", "<br/>")


def blank(width: int = 12) -> str:
    """A dotted blank for a value to be written by hand."""
    return "…" * width


def punctuate(items: Sequence[str], last: str = ".", sep: str = ";") -> list[str]:
    """Strip each item's end punctuation and add ``sep`` (``last`` after the final item)."""
    cleaned = [nfc(i).strip().rstrip(";.,: ") for i in items]
    cleaned = [c for c in cleaned if c]
    return [c + (last if n == len(cleaned) - 1 else sep) for n, c in enumerate(cleaned)]


def place_date(place: str, on: date | None) -> str:
    """"Cao Bằng, ngày 05 tháng 02 năm 2026" (Decree 30/2020), dotted when the date is unknown."""
    when = format_date_long(on) if on else "ngày … tháng … năm …"
    return f"{nfc(place).strip()}, {when}"


def time_and_date(moment: datetime | date | None) -> str:
    """"hồi 09 giờ 30 phút, ngày 05/02/2026" as the record forms write a moment; a bare date
    leaves the hour blank to be written by hand rather than invented."""
    if moment is None:
        return "hồi … giờ … phút, ngày …/…/……"
    if not isinstance(moment, datetime):
        return f"hồi … giờ … phút, ngày {format_date(moment)}"
    return f"hồi {moment.hour:02d} giờ {moment.minute:02d} phút, ngày {format_date(moment.date())}"


# --------------------------------------------------------------------------- styles


@dataclass(frozen=True)
class Styles:
    """Paragraph styles for one body size (14 pt documents, 13 pt records)."""

    size: float
    body: ParagraphStyle
    flush: ParagraphStyle
    bases: ParagraphStyle
    center: ParagraphStyle
    center_bold: ParagraphStyle
    center_italic: ParagraphStyle
    title: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_right: ParagraphStyle
    cell_head: ParagraphStyle
    sign_title: ParagraphStyle
    sign_note: ParagraphStyle
    recipients_label: ParagraphStyle
    recipients: ParagraphStyle
    h_superior: ParagraphStyle
    h_agency: ParagraphStyle
    h_number: ParagraphStyle
    h_national: ParagraphStyle
    h_motto: ParagraphStyle
    h_date: ParagraphStyle
    h_summary: ParagraphStyle
    pair_left: ParagraphStyle
    pair_right: ParagraphStyle


@lru_cache(maxsize=4)
def styles(size: float = 14, space: float = 6) -> Styles:
    """The style set for a body of ``size`` points and ``space`` points between paragraphs."""
    register_fonts()
    leading = round(size * 1.22, 1)

    def ps(name: str, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = {
            "fontName": REGULAR, "fontSize": size, "leading": leading, "textColor": colors.black,
            "spaceShrinkage": 0,  # never squeeze a line past the frame (reportlab allows 5 %)
        }
        base.update(kw)
        return ParagraphStyle(f"{name}-{size}-{space}", **base)

    def hs(name: str, font: str, fs: float, **kw: Any) -> ParagraphStyle:
        return ps(name, fontName=font, fontSize=fs, leading=round(fs * 1.2, 1),
                  alignment=TA_CENTER, **kw)

    cell = 11
    return Styles(
        size=size,
        body=ps("body", alignment=TA_JUSTIFY, firstLineIndent=INDENT, spaceAfter=space),
        flush=ps("flush", alignment=TA_JUSTIFY, spaceAfter=space),
        bases=ps("bases", fontName=ITALIC, alignment=TA_JUSTIFY, firstLineIndent=INDENT,
                 spaceAfter=max(space - 3, 2)),
        center=ps("center", alignment=TA_CENTER, spaceAfter=space),
        center_bold=ps("center-bold", fontName=BOLD, alignment=TA_CENTER, spaceAfter=space),
        center_italic=ps("center-italic", fontName=ITALIC, alignment=TA_CENTER),
        title=ps("title", fontName=BOLD, fontSize=14, leading=17, alignment=TA_CENTER),
        cell=ps("cell", fontSize=cell, leading=cell * 1.2, alignment=TA_LEFT),
        cell_center=ps("cell-center", fontSize=cell, leading=cell * 1.2, alignment=TA_CENTER),
        cell_right=ps("cell-right", fontSize=cell, leading=cell * 1.2, alignment=TA_RIGHT),
        cell_head=ps("cell-head", fontName=BOLD, fontSize=cell, leading=cell * 1.2,
                     alignment=TA_CENTER),
        sign_title=ps("sign-title", fontName=BOLD, fontSize=min(size, 14),
                      leading=min(size, 14) * 1.2, alignment=TA_CENTER),
        sign_note=ps("sign-note", fontName=ITALIC, fontSize=cell, leading=cell * 1.2,
                     alignment=TA_CENTER),
        recipients_label=ps("recipients-label", fontName=BOLD_ITALIC, fontSize=12, leading=14),
        recipients=ps("recipients", fontSize=11, leading=13),
        h_superior=hs("h-superior", REGULAR, 12),
        h_agency=hs("h-agency", BOLD, 12),
        h_number=hs("h-number", REGULAR, 13),
        h_national=hs("h-national", BOLD, 12),
        h_motto=hs("h-motto", BOLD, 13),
        h_date=hs("h-date", ITALIC, 14),
        h_summary=hs("h-summary", REGULAR, 12),
        pair_left=ps("pair-left", firstLineIndent=INDENT),
        pair_right=ps("pair-right"),
    )


# --------------------------------------------------------------------------- flowables


class HRule(Flowable):
    """A solid horizontal line of a given width, centred in the space it is given."""

    def __init__(self, width: float, thickness: float = 0.6, space_before: float = 1.5,
                 space_after: float = 1.5) -> None:
        super().__init__()
        self.rule_width = width
        self.thickness = thickness
        self.space_before = space_before
        self.space_after = space_after
        self._avail = width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._avail = availWidth
        return availWidth, self.space_before + self.thickness + self.space_after

    def draw(self) -> None:
        x0 = (self._avail - self.rule_width) / 2
        y = self.space_after + self.thickness / 2
        self.canv.setLineWidth(self.thickness)
        self.canv.setStrokeColor(colors.black)
        self.canv.line(x0, y, x0 + self.rule_width, y)


def _text_width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


def _widest_line(text: str, font: str, size: float, limit: float) -> float:
    """Width of the widest line of ``text`` (split on "\\n"), at most ``limit``."""
    lines = [line.strip() for line in nfc(text).split("\n") if line.strip()]
    return min(max((_text_width(line, font, size) for line in lines), default=0.0), limit)


_BARE_TABLE = TableStyle([
    ("FONT", (0, 0), (-1, -1), REGULAR, 11),  # else reportlab selects Helvetica for each table
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
])


def balanced_lines(text: str, font: str, size: float, limit: float) -> str:
    """Break each line of ``text`` wider than ``limit`` into two lines of balanced width, at a
    space, so the agency lines keep a clear gap to the national title ("SỞ THÔNG TIN" /
    "VÀ TRUYỀN THÔNG" as agencies write it)."""
    out = []
    for line in text.split("\n"):
        words = line.split()
        if _text_width(line, font, size) <= limit or len(words) < 2:
            out.append(line)
            continue
        cuts = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
        first, second = min(cuts, key=lambda c: max(_text_width(c[0], font, size),
                                                     _text_width(c[1], font, size)))
        out += [first, second]
    return "\n".join(out)


def header(agency: AgencyBlock, number_line: str, date_line: str | None,
           summary_line: str | None = None) -> Table:
    """The two-column header of page 1.

    Left: superior agency (not bold), issuing agency (bold) and a short rule, then "Số: …".
    Right: national title, motto and its rule, then the italic place and date on the same line as
    "Số" (records leave it empty, as their forms do). ``summary_line`` is the "V/v …" of an
    official letter, under the number.
    """
    s = styles()
    left: list[Flowable] = []
    pad = 1.5 * mm
    room = LEFT_COL - 2 * pad
    if agency.superior_agency.strip():
        superior = balanced_lines(nfc(agency.superior_agency).upper(), REGULAR, 12, room)
        left.append(Paragraph("<br/>".join(esc(line) for line in superior.split("\n")),
                              s.h_superior))
    agency_upper = balanced_lines(nfc(agency.agency_name).upper(), BOLD, 12, room)
    left.append(Paragraph("<br/>".join(esc(line) for line in agency_upper.split("\n")),
                          s.h_agency))
    agency_width = _widest_line(agency_upper, BOLD, 12, room)
    left.append(HRule(agency_width * 0.4, space_before=4, space_after=0))

    motto = "Độc lập - Tự do - Hạnh phúc"
    right: list[Flowable] = [
        Paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", s.h_national),
        Paragraph(motto, s.h_motto),
        HRule(_text_width(motto, BOLD, 13), space_before=4, space_after=0),
    ]
    number_cell: list[Flowable] = [Paragraph(esc(number_line), s.h_number)]
    if summary_line:
        number_cell += [Spacer(1, 6), Paragraph(esc(summary_line), s.h_summary)]
    date_cell: list[Flowable] = [Paragraph(esc(date_line), s.h_date)] if date_line else []
    t = Table([[left, right], [number_cell, date_cell]], colWidths=[LEFT_COL, RIGHT_COL])
    t.document_author = " ".join(nfc(agency.agency_name).split())
    t.setStyle(_BARE_TABLE)
    t.setStyle(TableStyle([
        ("LEFTPADDING", (0, 0), (-1, -1), 0.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0.5),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 1), (-1, 1), 7),
    ]))
    return t


def title_block(doc_type: str, summary: str | None = None,
                authority: str | None = None, *, space_before: float = 16) -> list[Flowable]:
    """Document type in bold capitals, the bold summary with its rule, the issuing title."""
    s = styles()
    out: list[Flowable] = [Spacer(1, space_before),
                           Paragraph(esc(nfc(doc_type).upper()), s.title)]
    if summary:
        out.append(Paragraph(esc(summary), s.title))
        width = _widest_line(summary, BOLD, 14, FRAME_WIDTH)
        out.append(HRule(width * 0.4, space_before=4, space_after=0))
    if authority:
        out += [Spacer(1, 10), Paragraph(esc(nfc(authority).upper()), s.title)]
    out.append(Spacer(1, 10))
    return out


def bases_block(bases: Sequence[str], st: Styles) -> list[Flowable]:
    """The italic "Căn cứ …" lines, ";" at each end and "." after the last."""
    return [Paragraph(esc(b), st.bases) for b in punctuate(bases)]


def _natural_width(p: Paragraph) -> float:
    p.wrap(10 * PAGE_WIDTH, PAGE_HEIGHT)
    return max(p.getActualLineWidths0() or [0.0])


def paired(left: str, right: str, st: Styles, split: float = 0.62) -> Flowable:
    """Two form fields on one line ("Họ và tên: …" | "Giới tính: …"), markup already escaped.

    The second field starts at ``split`` of the line, as the forms' tab stop does, or further
    right when the first field is longer; when both cannot share a line, they are printed one
    after the other in a single paragraph.
    """
    first = Paragraph(left, st.pair_left)
    second = Paragraph(right, st.pair_right)
    gap = 4 * mm
    need_left = INDENT + _natural_width(first) + gap
    need_right = _natural_width(second) + 1
    if need_left + need_right > FRAME_WIDTH:
        return Paragraph(f"{left}; {right[0].lower()}{right[1:]}", st.body)
    cut = min(max(FRAME_WIDTH * split, need_left), FRAME_WIDTH - need_right)
    t = Table([[Paragraph(left, st.pair_left), Paragraph(right, st.pair_right)]],
              colWidths=[cut, FRAME_WIDTH - cut])
    t.setStyle(_BARE_TABLE)
    t.setStyle(TableStyle([("BOTTOMPADDING", (0, 0), (-1, -1), st.body.spaceAfter)]))
    return t


def table(header_row: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
          st: Styles, align: Sequence[str] = (), total: Sequence[str] | None = None) -> Table:
    """A ruled table (items, checks). Cells are escaped here; ``align`` per column: l, c, r."""
    cell_style = {"l": st.cell, "c": st.cell_center, "r": st.cell_right}
    aligns = list(align) + ["l"] * (len(widths) - len(align))
    data: list[list[Flowable]] = [[Paragraph(esc(h), st.cell_head) for h in header_row]]
    for row in rows:
        data.append([Paragraph(esc(v), cell_style[aligns[i]]) for i, v in enumerate(row)])
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 11),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if total is not None:
        bold_right = ParagraphStyle("cell-total", parent=st.cell_right, fontName=BOLD)
        bold_left = ParagraphStyle("cell-total-l", parent=st.cell, fontName=BOLD)
        data.append([Paragraph(esc(v), bold_right if aligns[i] == "r" else bold_left)
                     for i, v in enumerate(total)])
        label_end = next((i for i, v in enumerate(total) if i > 0 and v), len(total) - 1) - 1
        if label_end > 0:
            commands.append(("SPAN", (0, -1), (label_end, -1)))
    t = Table(data, colWidths=list(widths), repeatRows=1)
    t.setStyle(TableStyle(commands))
    return t


def signature_block(signer: Signer | None, recipients: Sequence[str] | None,
                    st: Styles | None = None) -> Table:
    """"Nơi nhận" (12 pt bold italic, list 11 pt) on the left; the signer on the right.

    A deputy prints "KT. <HEAD TITLE>" over "<TITLE>"; a letter signed for the agency's head by the
    head of one of its units opens with "TL. <AGENCY HEAD>". The name is bold, with room above it for
    the signature and the seal; academic titles are never added (Decree 30/2020).
    """
    s = st or styles()
    left: list[Flowable] = []
    if recipients:
        left.append(Paragraph("Nơi nhận:", s.recipients_label))
        left += [Paragraph("- " + esc(r), s.recipients) for r in punctuate(recipients)]
    right: list[Flowable] = []
    if signer is not None:
        if signer.on_behalf_of.strip():
            right.append(Paragraph("TL. " + esc(nfc(signer.on_behalf_of).upper()), s.sign_title))
        if signer.deputy:
            if not signer.head_title.strip():
                raise ValueError("Cấp phó ký thay (KT.) phải có chức vụ của cấp trưởng")
            right.append(Paragraph("KT. " + esc(nfc(signer.head_title).upper()), s.sign_title))
        right.append(Paragraph(esc(nfc(signer.title).upper()), s.sign_title))
        right.append(Spacer(1, 26 * mm))
        right.append(Paragraph(esc(signer.full_name), s.sign_title))
    t = Table([[left, right]], colWidths=[FRAME_WIDTH * 0.48, FRAME_WIDTH * 0.52])
    t.setStyle(_BARE_TABLE)
    t.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 8)]))
    return t


def signed(story: list[Flowable], block: Flowable) -> list[Flowable]:
    """Append the signature block kept on one page with the paragraph before it.

    A signature alone at the top of a page is not accepted practice: the last paragraph of the
    text moves with it.
    """
    if story and not isinstance(story[-1], KeepTogether):
        return [*story[:-1], KeepTogether([story[-1], block])]
    return [*story, block]


def record_signatures(cells: Sequence[tuple[str, str, str]], st: Styles) -> list[Flowable]:
    """The signature grid of a record: (caption, note, name) cells, two per row.

    The caption is bold capitals ("NGƯỜI LẬP BIÊN BẢN", "\n" to break it), the note italic
    ("(Ký, ghi rõ chức vụ, họ và tên)"), then room to sign and the printed name, if known. Each
    pair is a table whose parts have their own rows, so the two names line up whatever the
    captions' length. The caller keeps each pair together (``KeepTogether`` must not be nested:
    it reports an infinite height to force a split, so an outer one would never fit).
    """
    def caption(c: tuple[str, str, str]) -> Flowable:
        return Paragraph(esc(nfc(c[0]).upper()), st.sign_title)

    def note(c: tuple[str, str, str]) -> Flowable:
        return Paragraph(esc(c[1]), st.sign_note)

    def name(c: tuple[str, str, str]) -> Flowable:
        return Paragraph(esc(c[2]), st.sign_title)

    padded = list(cells) + ([("", "", "")] if len(cells) % 2 else [])
    pairs: list[Flowable] = []
    for i in range(0, len(padded), 2):
        pair = padded[i:i + 2]
        rows = [[caption(c) for c in pair], [note(c) for c in pair],
                [Spacer(1, 1), Spacer(1, 1)], [name(c) for c in pair]]
        t = Table(rows, colWidths=[FRAME_WIDTH / 2] * 2, rowHeights=[None, None, 18 * mm, None])
        t.setStyle(_BARE_TABLE)
        t.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, 0), 8),
                               ("BOTTOMPADDING", (0, -1), (-1, -1), 6)]))
        pairs.append(t)
    return pairs


# --------------------------------------------------------------------------- building


def _decorate(canvas: Canvas, doc: BaseDocTemplate, *, draft: bool) -> None:
    """Page furniture: the page number (page 2 on, top centre) and the draft watermark."""
    canvas.saveState()
    if draft:
        canvas.setFillColor(colors.Color(0.78, 0.78, 0.78))
        canvas.setFont(BOLD, 80)
        canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canvas.rotate(40)
        canvas.drawCentredString(0, -28, "DỰ THẢO")
        canvas.restoreState()
        canvas.saveState()
    if doc.page >= 2:
        canvas.setFillColor(colors.black)
        canvas.setFont(REGULAR, PAGE_NUMBER_SIZE)
        canvas.drawCentredString(MARGIN_LEFT + FRAME_WIDTH / 2, PAGE_NUMBER_BASELINE,
                                 str(doc.page))
    canvas.restoreState()


@dataclass(frozen=True)
class BuiltPdf:
    """A rendered PDF and how many pages it has."""

    data: bytes
    pages: int


def keep_headings(story: Sequence[Flowable]) -> list[Flowable]:
    """A paragraph that introduces what follows (ends with ":") never ends a page alone.

    Before a long table it is not kept with the whole table (that would leave half a page
    empty); the table's heading row repeats instead, and the heading moves only when it would
    be the last line of the page (the table then splits after its first rows)."""
    items = list(story)
    for f, after in zip(items, [*items[1:], None], strict=True):
        if not (isinstance(f, Paragraph) and f.getPlainText().rstrip().endswith(":")):
            continue
        if isinstance(after, Table) and len(after._cellvalues) > 4:
            continue
        f.keepWithNext = True
    return items


def build_pdf(story: Sequence[Flowable], *, title: str, draft: bool,
              subject: str = "", author: str = "",
              created: datetime | None = None) -> BuiltPdf:
    """Lay ``story`` out on A4 pages with the Decree 30/2020 margins and return the PDF.

    The author is the agency of the page-1 header unless given; headings keep with what they
    introduce."""
    register_fonts()
    story = keep_headings(story)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=nfc(("DỰ THẢO - " if draft else "") + title),
        subject=nfc(subject),
        author=author or next((f.document_author for f in story
                               if hasattr(f, "document_author")), ""),
        creator="inspector",
        producer="inspector (reportlab)",
        invariant=1,  # deterministic; the creation time is stamped below
        initialFontName=REGULAR,
        initialFontSize=13,
        lang="vi-VN",
    )
    frame = Frame(MARGIN_LEFT, MARGIN_BOTTOM, FRAME_WIDTH, FRAME_HEIGHT,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame],
                                       onPage=partial(_decorate, draft=draft))])
    doc.build(list(story))
    return BuiltPdf(_stamp(buffer.getvalue(), created), doc.page)


_INVARIANT_STAMP = b"D:20000101000000+00'00'"


def _stamp(data: bytes, created: datetime | None) -> bytes:
    """Put the real creation time (UTC) where reportlab's invariant mode writes 01/01/2000;
    the stamp has the same length, so the cross-reference offsets stay right."""
    moment = (created or datetime.now(UTC)).astimezone(UTC)
    stamp = moment.strftime("D:%Y%m%d%H%M%S+00'00'").encode("ascii")
    assert len(stamp) == len(_INVARIANT_STAMP)
    return data.replace(_INVARIANT_STAMP, stamp)
