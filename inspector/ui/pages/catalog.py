"""Danh mục: the law as the app applies it — instruments and provisions, with their status."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.money import format_vnd
from inspector.domain.text import format_date
from inspector.services.actor import Actor
from inspector.services.catalog import (
    InstrumentRow,
    ProvisionRow,
    list_instruments,
    list_provisions,
)
from inspector.services.establishments import SECTOR_LABELS_VI
from inspector.store.engine import Database
from inspector.ui.models import Column, ListTableModel
from inspector.ui.pages.base import Page
from inspector.ui.support import guarded, tr

PARTY_LABELS = {"organization": "tổ chức", "individual": "cá nhân"}
KIND_LABELS = {"fine": "Phạt tiền", "warning": "Cảnh cáo", "warning_or_fine": "Cảnh cáo hoặc phạt tiền"}


def _bracket(row: ProvisionRow) -> str:
    if row.printed_min is None or row.printed_max is None:
        return tr(KIND_LABELS.get(row.sanction_kind, row.sanction_kind))
    return f"{format_vnd(row.printed_min, unit=False)} – {format_vnd(row.printed_max)}"


def _status(confirmed: bool) -> str:
    return tr("Đã xác nhận") if confirmed else tr("CHƯA XÁC NHẬN")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def provision_html(row: ProvisionRow) -> str:
    """The detail of one provision: bracket for each party, sanctions, measures, source."""
    d = row.data
    parts = [f"<h3>{_escape(row.key)}</h3><p>{_escape(row.description)}</p>"]
    if row.printed_min is not None and row.printed_max is not None:
        lo, hi = row.printed_min, row.printed_max
        if row.party == "organization":
            org, ind = (lo, hi), (lo // 2, hi // 2)
        else:
            ind, org = (lo, hi), (lo * 2, hi * 2)
        parts.append(
            f"<p><b>{tr('Khung in trong văn bản')}</b> ({tr('áp dụng cho')} "
            f"{tr(PARTY_LABELS.get(row.party, row.party))}): {_bracket(row)}<br>"
            f"<b>{tr('Cá nhân, hộ kinh doanh')}:</b> {format_vnd(ind[0], unit=False)} – "
            f"{format_vnd(ind[1])}<br><b>{tr('Tổ chức')}:</b> {format_vnd(org[0], unit=False)}"
            f" – {format_vnd(org[1])}</p>")
    else:
        parts.append(f"<p><b>{tr(KIND_LABELS.get(row.sanction_kind, ''))}</b></p>")
    tiers = d.get("tiers") or []
    if tiers:
        items = "".join(
            f"<li>{t.get('min_copies')}–{t.get('max_copies') or '…'} bản: "
            f"{format_vnd(int(t['printed_min']), unit=False)} – "
            f"{format_vnd(int(t['printed_max']))}</li>" for t in tiers)
        parts.append(f"<p><b>{tr('Theo số lượng mỗi tên xuất bản phẩm')}:</b></p><ul>{items}</ul>")
    for title, key in ((tr("Hình thức xử phạt bổ sung"), "additional_sanctions"),
                       (tr("Biện pháp khắc phục hậu quả"), "remedial_measures")):
        entries = d.get(key) or []
        if entries:
            items = "".join(f"<li>{_escape(str(e.get('text') or e.get('kind') or e))}"
                            + (f" ({e['min_months']}–{e['max_months']} tháng)"
                               if e.get("min_months") else "") + "</li>" for e in entries)
            parts.append(f"<p><b>{title}:</b></p><ul>{items}</ul>")
    dates = tr("Hiệu lực: từ {0}{1}").format(
        format_date(row.effective_from) if row.effective_from else "?",
        tr(" đến {0}").format(format_date(row.effective_until)) if row.effective_until else "")
    status_color = "#1b5e20" if row.confirmed else "#b00020"
    parts.append(f"<p>{dates}<br>{tr('Nguồn')}: {_escape(row.source)}<br>"
                 f"<b style='color:{status_color}'>{_status(row.confirmed)}</b>"
                 + (f"<br>{tr('Ghi chú')}: {_escape(str(d.get('note')))}" if d.get("note") else "")
                 + "</p>")
    return "".join(parts)


class CatalogPage(Page):
    title = "Danh mục"

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, parent)
        layout = QVBoxLayout(self)
        header = QLabel(tr("Danh mục văn bản và hành vi vi phạm"))
        header.setObjectName("pageTitle")
        layout.addWidget(header)
        self.instruments: ListTableModel[InstrumentRow] = ListTableModel([
            Column(tr("Số hiệu"), lambda r: r.number),
            Column(tr("Tên văn bản"), lambda r: r.title),
            Column(tr("Hiệu lực từ"), lambda r: format_date(r.effective_from) if r.effective_from else ""),
            Column(tr("Hết hiệu lực"), lambda r: format_date(r.effective_until) if r.effective_until else ""),
            Column(tr("Trạng thái"), lambda r: _status(r.confirmed)),
        ])
        instruments_view = QTableView()
        instruments_view.setObjectName("instruments")
        instruments_view.setModel(self.instruments)
        instruments_view.horizontalHeader().setStretchLastSection(True)
        instruments_view.setMaximumHeight(220)
        layout.addWidget(instruments_view)
        self.instruments_view = instruments_view

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(tr("Tìm hành vi theo từ khóa hoặc điều khoản (không cần dấu)…"))
        self.search.setClearButtonEnabled(True)
        self.only_in_force = QCheckBox(tr("Chỉ quy định có hiệu lực ngày"))
        self.only_in_force.setObjectName("onlyInForce")
        self.on_date = QDateEdit(QDate.currentDate())
        self.on_date.setObjectName("onDate")
        self.on_date.setDisplayFormat("dd/MM/yyyy")
        self.on_date.setCalendarPopup(True)
        bar.addWidget(self.search, 3)
        bar.addWidget(self.only_in_force)
        bar.addWidget(self.on_date)
        layout.addLayout(bar)

        self.provisions: ListTableModel[ProvisionRow] = ListTableModel([
            Column(tr("Điều khoản"), lambda r: r.key),
            Column(tr("Lĩnh vực"), lambda r: tr(SECTOR_LABELS_VI.get(r.sector, r.sector))),
            Column(tr("Hành vi"), lambda r: r.description),
            Column(tr("Khung tiền phạt (in)"), _bracket, Qt.AlignmentFlag.AlignRight),
            Column(tr("Trạng thái"), lambda r: _status(r.confirmed)),
        ])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.view = QTableView()
        self.view.setObjectName("provisions")
        self.view.setModel(self.provisions)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.detail = QTextBrowser()
        self.detail.setObjectName("detail")
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setSizes([700, 380])
        layout.addWidget(splitter, 1)
        self.count = QLabel("")
        self.count.setObjectName("count")
        layout.addWidget(self.count)
        self.search.textChanged.connect(lambda _t: self.reload_provisions())
        self.only_in_force.toggled.connect(lambda _b: self.reload_provisions())
        self.on_date.dateChanged.connect(lambda _d: self.reload_provisions())
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self.show_detail(cur.row()))

    def refresh(self) -> None:
        def load() -> None:
            self.instruments.set_items(list_instruments(self.db, self.actor))
            self.instruments_view.resizeColumnsToContents()
            self.reload_provisions()
        guarded(self, tr("tải danh mục"), load)

    def reload_provisions(self) -> None:
        def load() -> None:
            on = self.on_date.date().toPython() if self.only_in_force.isChecked() else None
            assert on is None or isinstance(on, date)
            rows = list_provisions(self.db, self.actor, self.search.text(), on)
            self.provisions.set_items(rows)
            self.count.setText(tr("{0} quy định; {1} chưa xác nhận nguồn.").format(
                len(rows), sum(1 for r in rows if not r.confirmed)))
            self.view.resizeColumnToContents(0)
            if rows:
                self.view.selectRow(0)
            else:
                self.detail.clear()
        guarded(self, tr("tìm quy định"), load)

    def show_detail(self, row: int) -> None:
        item = self.provisions.row_at(row)
        self.detail.setHtml(provision_html(item) if item else "")
