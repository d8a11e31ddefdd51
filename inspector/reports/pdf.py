"""The tally as a PDF report in the administrative layout of the decisions (Decree 30/2020).

Built on :mod:`inspector.documents.layout` (header, place and date, title, body styles, ruled
tables, signature block, the Liberation Serif family): the first pages are the drafted text in
A4 portrait with the Decree 30/2020 margins; the figures follow as an appendix of tables on A4
landscape pages, which the layout module does not offer, so the page templates are built here
with the same margins, fonts and page numbers.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)

from inspector.documents import layout
from inspector.documents.model import AgencyBlock, Signer
from inspector.domain.text import nfc
from inspector.reports.heading import ReportHeading
from inspector.reports.prose import ReportText, draft_report
from inspector.reports.tables import ReportTable, cell_text, table_by_key, tally_tables
from inspector.services.tallies import Tally

__all__ = ["APPENDIX_TABLES", "tally_pdf"]

#: The tables printed in the appendix, in order.
APPENDIX_TABLES = ("summary", "kinds", "sectors", "establishment_kinds", "inspections",
                   "provisions", "seized", "remedial", "areas", "months")

_LAND_W, _LAND_H = landscape(A4)
_MM = 2.8346


def _page_number(canvas: Canvas, doc: BaseDocTemplate) -> None:
    """Page numbers from page 2, centred in the top margin (13 pt), as the layout does."""
    if doc.page < 2:
        return
    canvas.saveState()
    canvas.setFillColor(colors.black)
    canvas.setFont(layout.REGULAR, layout.PAGE_NUMBER_SIZE)
    width, height = canvas._pagesize
    canvas.drawCentredString(width / 2, height - 12 * _MM, str(doc.page))
    canvas.restoreState()


def _body(text: ReportText, st: layout.Styles) -> list[Flowable]:
    heading = ParagraphStyle("report-heading", parent=st.body, fontName=layout.BOLD,
                             spaceBefore=4)
    out: list[Flowable] = []
    for p in text.paragraphs:
        if p.style == "heading":
            out.append(Paragraph("<b>" + layout.esc(p.text) + "</b>", heading))
        elif p.style == "item":
            out.append(Paragraph("- " + layout.esc(p.text), st.body))
        else:
            out.append(Paragraph(layout.esc(p.text), st.body))
    return out


def _widths(table: ReportTable, total_width: float) -> list[float]:
    weights = [c.width for c in table.columns]
    scale = total_width / sum(weights)
    return [w * scale for w in weights]


def _appendix_table(table: ReportTable, st: layout.Styles, width: float) -> list[Flowable]:
    title = layout.styles(12).center_bold
    out: list[Flowable] = [CondPageBreak(60 * _MM), Paragraph(layout.esc(table.title), title)]
    rows = [[cell_text(v, table.kind_of(r, c)) for c, v in enumerate(row)]
            for r, row in enumerate(table.rows)]
    align = ["r" if c.kind in ("int", "money") else "c" if c.kind == "date" else "l"
             for c in table.columns]
    if not rows:
        out.append(Paragraph("<i>(Không có số liệu)</i>", st.center))
        return out
    total: Sequence[str] | None = None
    if table.has_total:
        total = [cell_text(v, c.kind) if c.total else str(v or "")
                 for c, v in zip(table.columns, table.totals(), strict=True)]
    out.append(layout.table([c.title for c in table.columns], rows, _widths(table, width), st,
                            align, total))
    if table.note:
        out.append(Paragraph("<i>Ghi chú: " + layout.esc(table.note) + "</i>", st.flush))
    out.append(Spacer(1, 8))
    return out


def tally_pdf(t: Tally, heading: ReportHeading) -> bytes:
    """The report: drafted text, signature, then the appendix of figures (landscape)."""
    layout.register_fonts()
    st = layout.styles(14)
    small = layout.styles(11, 3)
    text = draft_report(t)
    agency = AgencyBlock(superior_agency=heading.superior_agency,
                         agency_name=heading.agency_name, place_name=heading.place_name)
    story: list[Flowable] = [
        layout.header(agency, f"Số: …/{heading.number_symbol}",
                      layout.place_date(heading.place_name or "…", heading.report_date)),
        *layout.title_block(text.title, text.summary),
        *_body(text, st),
    ]
    signer = Signer(full_name=heading.signer_name or " ", title=heading.signer_title or " ")
    story += [Spacer(1, 6), layout.signature_block(signer, list(heading.recipients), st)]
    story += [NextPageTemplate("landscape"), PageBreak(),
              Paragraph("PHỤ LỤC", layout.styles(14).title),
              Paragraph(layout.esc(f"Số liệu thống kê công tác thanh tra, kiểm tra {t.period.label}"),
                        layout.styles(13).center_italic),
              Spacer(1, 8)]
    tables = tally_tables(t)
    frame_w = _LAND_W - 2 * 20 * _MM
    for key in APPENDIX_TABLES:
        story += _appendix_table(table_by_key(tables, key), small, frame_w)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=A4, title=nfc(f"{text.title} - {text.summary}"),
        subject=nfc(heading.issuer), author="", creator="inspector",
        producer="inspector (reportlab)", invariant=1, initialFontName=layout.REGULAR,
        initialFontSize=13, lang="vi-VN")
    portrait = Frame(layout.MARGIN_LEFT, layout.MARGIN_BOTTOM, layout.FRAME_WIDTH,
                     layout.PAGE_HEIGHT - layout.MARGIN_TOP - layout.MARGIN_BOTTOM,
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="portrait")
    wide = Frame(20 * _MM, 15 * _MM, frame_w, _LAND_H - 35 * _MM, leftPadding=0, rightPadding=0,
                 topPadding=0, bottomPadding=0, id="landscape")
    doc.addPageTemplates([
        PageTemplate(id="portrait", frames=[portrait], onPage=_page_number, pagesize=A4),
        PageTemplate(id="landscape", frames=[wide], onPage=_page_number,
                     pagesize=landscape(A4)),
    ])
    doc.build(story)
    return buffer.getvalue()

