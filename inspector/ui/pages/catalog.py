"""Danh mục: the law as the app applies it — instruments, provisions, competence caps, the
working-day calendar and the circumstances — with each record's source and confirmation status.
An administrator adds and end-dates records here; every edit goes through the law service,
validated and audited.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.calendar import HolidayRow
from inspector.domain.fines import bracket_for
from inspector.domain.law import (
    Circumstance,
    LawError,
    Provision,
    SignerCap,
)
from inspector.domain.money import format_vnd
from inspector.domain.roles import Permission, can
from inspector.domain.sectors import SECTOR_SHORT_VI
from inspector.domain.text import format_date
from inspector.services import clock, law, reference_version
from inspector.services.actor import Actor
from inspector.services.catalog import (
    InstrumentRow,
    ProvisionRow,
    list_caps,
    list_circumstances,
    list_holidays,
    list_instruments,
    list_provisions,
)
from inspector.store.engine import Database
from inspector.ui.form_fields import DateEdit
from inspector.ui.models import Column, ListTableModel
from inspector.ui.pages.base import Page
from inspector.ui.pages.catalog_dialogs import (
    KIND_LABELS,
    AddHolidayDialog,
    AddProvisionDialog,
    ConfirmArticleDialog,
    EndDateDialog,
)
from inspector.ui.support import dialogs, guarded, tr

RIGHT = Qt.AlignmentFlag.AlignRight
PARTY_LABELS = {"organization": "tổ chức", "individual": "cá nhân"}


def _d(value: date | None) -> str:
    return format_date(value) if value else ""


def _status(confirmed: bool) -> str:
    return tr("Đã xác nhận") if confirmed else tr("Chưa xác nhận")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _printed(row: ProvisionRow) -> str:
    p = row.provision
    if p.printed_min is None or p.printed_max is None:
        return tr(KIND_LABELS.get(p.sanction_kind, p.sanction_kind))
    return f"{format_vnd(p.printed_min, unit=False)} – {format_vnd(p.printed_max, unit=False)}"


def citation_of(provision: Provision) -> str:
    """A provision as documents cite it (with the article the department confirmed); "Điều …"
    where the article is still unknown."""
    text = provision.cited_text()
    return text[:1].upper() + text[1:]


def _range(lo: int, hi: int) -> str:
    return f"{format_vnd(lo, unit=False)} – {format_vnd(hi)}"


def provision_html(row: ProvisionRow) -> str:
    """The detail of one provision: bracket for each party, sanctions, measures, source."""
    p = row.provision
    parts = [f"<h3>{_escape(citation_of(p))}</h3><p>{_escape(p.description)}</p>"]
    confirmation = p.article_confirmation
    if confirmation is not None:
        parts.append(
            f"<p><b>{tr('Số điều do Sở đối chiếu')}:</b> {tr('Điều')} {confirmation.article} "
            f"({tr('đối chiếu tại')}: {_escape(confirmation.source)}; "
            f"{_escape(confirmation.confirmed_by)}, {format_date(confirmation.confirmed_on)})</p>")
    elif not p.article_known:
        parts.append(f"<p><b style='color:#b00020'>{tr('Chưa có số điều')}</b>: "
                     f"{tr('biên bản, quyết định để trống số điều (Điều …) cho người ký đối chiếu')}"
                     "</p>")
    if p.printed_min is not None and p.printed_max is not None:
        parts.append(f"<p><b>{tr('Khung in trong văn bản')}</b> ({tr('áp dụng cho')} "
                     f"{tr(PARTY_LABELS.get(p.party, p.party))}): {_printed(row)} đồng<br>")
        for label, subject in ((tr("Cá nhân, hộ kinh doanh"), "individual"),
                               (tr("Tổ chức"), "organization")):
            try:
                b = bracket_for(p, subject, p.tiers[0].min_copies if p.tiers else None,
                                multiple=row.organization_multiple)
                parts.append(f"<b>{label}:</b> {_range(b.minimum, b.maximum)}<br>")
            except LawError as exc:
                parts.append(f"<b>{label}:</b> {_escape(exc.reason)}<br>")
        parts.append("</p>")
    else:
        parts.append(f"<p><b>{tr(KIND_LABELS.get(p.sanction_kind, ''))}</b></p>")
    if p.tiers:
        items = "".join(
            f"<li>{t.min_copies}–{t.max_copies if t.max_copies is not None else '…'} "
            f"{tr('bản')}: {_range(t.printed_min, t.printed_max)} ({_escape(t.key)})</li>"
            for t in p.tiers)
        parts.append(f"<p><b>{tr('Theo số bản của mỗi tên xuất bản phẩm')}:</b></p><ul>{items}</ul>")
    if p.additional_sanctions:
        items = "".join(
            f"<li>{_escape(a.text)}"
            + (f" ({a.min_months}–{a.max_months} {tr('tháng')})" if a.min_months else "")
            + ("" if a.confirmed else f" — <i>{tr('chưa xác nhận')}</i>") + "</li>"
            for a in p.additional_sanctions)
        parts.append(f"<p><b>{tr('Hình thức xử phạt bổ sung')}:</b></p><ul>{items}</ul>")
    if p.remedial_measures:
        items = "".join(f"<li>{_escape(m.text)}"
                        + ("" if m.confirmed else f" — <i>{tr('chưa xác nhận')}</i>") + "</li>"
                        for m in p.remedial_measures)
        parts.append(f"<p><b>{tr('Biện pháp khắc phục hậu quả')}:</b></p><ul>{items}</ul>")
    until = tr(" đến hết {0}").format(_d(row.effective_until)) if row.effective_until else ""
    color = "#1b5e20" if p.confirmed else "#b00020"
    parts.append(
        f"<p>{tr('Hiệu lực từ')} {_d(row.effective_from) or '?'}{until}<br>"
        f"{tr('Thời hiệu xử phạt')}: {p.limitation_years} {tr('năm')}<br>"
        f"{tr('Nguồn')}: {_escape(p.source)}<br>"
        f"<b style='color:{color}'>{_status(p.confirmed).upper()}</b>"
        + (f" ({tr('chưa xác nhận')}: {', '.join(p.unconfirmed_fields)})"
           if p.unconfirmed_fields else "")
        + (f"<br>{tr('Ghi chú')}: {_escape(p.note)}" if p.note else "") + "</p>")
    return "".join(parts)


def _table(name: str, model: Any) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setVisible(False)
    return view


class CatalogPage(Page):
    title = "Danh mục"

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, parent)
        self.admin = can(actor.role, Permission.MANAGE_CATALOG)
        layout = QVBoxLayout(self)
        header = QLabel(tr("Danh mục pháp luật áp dụng"))
        header.setObjectName("pageTitle")
        layout.addWidget(header)
        edition_bar = QHBoxLayout()
        self.edition = QLabel("")
        self.edition.setObjectName("edition")
        edition_bar.addWidget(self.edition, 1)
        edition_bar.addWidget(self._admin_button(tr("Cập nhật danh mục từ bản phát hành"),
                                                 "upgradeReference", self.upgrade_reference))
        layout.addLayout(edition_bar)
        self._show_edition()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        layout.addWidget(self.tabs, 1)
        self._build_provisions()
        self._build_instruments()
        self._build_caps()
        self._build_holidays()
        self._build_circumstances()

    # --- the edition of the data (issue 9 §6) ------------------------------------------------

    def _show_edition(self) -> None:
        current = reference_version.edition_in_use(self.db)
        self.edition.setText(tr("Phiên bản danh mục đang dùng: {0}").format(
            f"{current.version} — {current.label}" if current.version else tr("chưa ghi nhận")))

    def upgrade_reference(self) -> None:
        def run() -> reference_version.UpgradeReport:
            return reference_version.upgrade_reference(self.db, self.actor)

        report = guarded(self, tr("cập nhật danh mục"), run)
        if report is None:
            return
        lines = [report.summary_vi()] + [c.line_vi() for c in report.changes[:40]]
        if len(report.changes) > 40:
            lines.append(tr("… và {0} thay đổi khác.").format(len(report.changes) - 40))
        dialogs.info(self, tr("Cập nhật danh mục"), "\n".join(lines))
        self._show_edition()
        self.refresh()

    # --- tabs -------------------------------------------------------------------------------

    def _admin_button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        button.setVisible(self.admin)
        return button

    def _build_provisions(self) -> None:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(
            tr("Tìm theo từ khóa hoặc điều khoản, không cần dấu (vd: phat hanh, 29.1)"))
        self.search.setClearButtonEnabled(True)
        self.only_in_force = QCheckBox(tr("Chỉ quy định có hiệu lực ngày"))
        self.only_in_force.setObjectName("onlyInForce")
        self.only_in_force.setChecked(True)  # today's law first; untick to see every period
        self.on_date = DateEdit(initial=clock.today())
        self.on_date.setObjectName("onDate")
        self.on_date.setMaximumWidth(130)
        bar.addWidget(self.search, 3)
        bar.addWidget(self.only_in_force)
        bar.addWidget(self.on_date)
        bar.addWidget(self._admin_button(tr("Thêm quy định…"), "addProvision", self.add_provision))
        bar.addWidget(self._admin_button(tr("Kết thúc hiệu lực…"), "endProvision",
                                         self.end_provision))
        self.confirm_article_button = self._admin_button(
            tr("Ghi số điều đã đối chiếu…"), "confirmArticle", self.confirm_article)
        self.confirm_article_button.setToolTip(tr(
            "Cho quy định danh mục chưa có số điều: ghi số điều đọc được trong văn bản"))
        bar.addWidget(self.confirm_article_button)
        layout.addLayout(bar)
        self.provisions: ListTableModel[ProvisionRow] = ListTableModel([
            Column(tr("Điều khoản"), lambda r: r.key),
            Column(tr("Khung in (đồng)"), _printed, RIGHT),
            Column(tr("Lĩnh vực"), lambda r: tr(SECTOR_SHORT_VI.get(r.provision.sector, ""))),
            Column(tr("Hiệu lực"), lambda r: f"{_d(r.effective_from)} – {_d(r.effective_until)}"),
            Column(tr("Trạng thái"), lambda r: _status(r.confirmed)),
            Column(tr("Hành vi"), lambda r: r.provision.description),
        ])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.view = _table("provisions", self.provisions)
        self.detail = QTextBrowser()
        self.detail.setObjectName("detail")
        splitter.addWidget(self.view)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 380])
        layout.addWidget(splitter, 1)
        self.count = QLabel("")
        self.count.setObjectName("count")
        layout.addWidget(self.count)
        self.search.textChanged.connect(lambda _t: self.reload_provisions())
        self.only_in_force.toggled.connect(lambda _b: self.reload_provisions())
        self.on_date.day_changed.connect(lambda _d: self.reload_provisions())
        self.view.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self.show_detail(cur.row()))
        self.tabs.addTab(tab, tr("Hành vi vi phạm"))

    def _build_instruments(self) -> None:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.instruments: ListTableModel[InstrumentRow] = ListTableModel([
            Column(tr("Số hiệu"), lambda r: r.number),
            Column(tr("Hiệu lực từ"), lambda r: _d(r.effective_from)),
            Column(tr("Hết hiệu lực"), lambda r: _d(r.effective_until)),
            Column(tr("Trạng thái"), lambda r: _status(r.confirmed)),
            Column(tr("Tên văn bản"), lambda r: r.title),
        ])
        self.instruments_view = _table("instruments", self.instruments)
        layout.addWidget(self.instruments_view)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self._admin_button(tr("Kết thúc hiệu lực văn bản…"), "endInstrument",
                                         self.end_instrument))
        layout.addLayout(bar)
        self.tabs.addTab(tab, tr("Văn bản"))

    def _build_caps(self) -> None:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.caps: ListTableModel[SignerCap] = ListTableModel([
            Column(tr("Chức danh"), lambda c: c.display_title()),
            Column(tr("Từ ngày"), lambda c: _d(c.valid_from)),
            Column(tr("Đến ngày"), lambda c: _d(c.valid_until)),
            Column(tr("Văn bản"), lambda c: c.instrument),
            Column(tr("Cá nhân tối đa"), lambda c: format_vnd(c.max_individual, unit=False), RIGHT),
            Column(tr("Tổ chức tối đa"), lambda c: format_vnd(c.max_organization, unit=False), RIGHT),
            Column(tr("Trạng thái"), lambda c: _status(c.confirmed)),
            Column(tr("Nguồn"), lambda c: c.source),
        ])
        self.caps_view = _table("caps", self.caps)
        layout.addWidget(self.caps_view)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(self._admin_button(tr("Kết thúc thẩm quyền…"), "endCap", self.end_cap))
        layout.addLayout(bar)
        self.tabs.addTab(tab, tr("Thẩm quyền xử phạt"))

    def _build_holidays(self) -> None:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Năm:")))
        self.holiday_year = QSpinBox()
        self.holiday_year.setObjectName("holidayYear")
        self.holiday_year.setRange(2013, 2100)
        self.holiday_year.setValue(clock.today().year)
        bar.addWidget(self.holiday_year)
        bar.addStretch(1)
        bar.addWidget(self._admin_button(tr("Thêm ngày nghỉ…"), "addHoliday", self.add_holiday))
        layout.addLayout(bar)
        self.holidays: ListTableModel[HolidayRow] = ListTableModel([
            Column(tr("Ngày"), lambda h: _d(h.day)),
            Column(tr("Thứ"), lambda h: ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu",
                                         "Thứ Bảy", "Chủ nhật")[h.day.weekday()]),
            Column(tr("Tên"), lambda h: h.name),
            Column(tr("Loại"), lambda h: tr(AddHolidayDialog.KINDS.get(h.kind, h.kind))),
            Column(tr("Trạng thái"), lambda h: _status(h.confirmed)),
            Column(tr("Nguồn"), lambda h: h.source),
        ])
        self.holidays_view = _table("holidays", self.holidays)
        layout.addWidget(self.holidays_view)
        self.holiday_year.valueChanged.connect(lambda _v: self.reload_holidays())
        self.tabs.addTab(tab, tr("Ngày nghỉ"))

    def _build_circumstances(self) -> None:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.circumstances: ListTableModel[Circumstance] = ListTableModel([
            Column(tr("Loại"), lambda c: tr("Giảm nhẹ") if c.kind == "mitigating" else tr("Tăng nặng")),
            Column(tr("Căn cứ"), lambda c: c.citation()),
            Column(tr("Tình tiết"), lambda c: c.text),
        ])
        view = _table("circumstances", self.circumstances)
        view.setWordWrap(True)
        layout.addWidget(view)
        self.circumstances_view = view
        self.tabs.addTab(tab, tr("Tình tiết"))

    # --- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        def load() -> None:
            self.instruments.set_items(list_instruments(self.db, self.actor))
            self.caps.set_items(list_caps(self.db, self.actor))
            self.circumstances.set_items(list_circumstances(self.db, self.actor))
            for view in (self.instruments_view, self.caps_view, self.circumstances_view):
                view.resizeColumnsToContents()
            self.circumstances_view.horizontalHeader().setSectionResizeMode(
                2, QHeaderView.ResizeMode.Stretch)
            self.reload_provisions()
            self.reload_holidays()
        guarded(self, tr("tải danh mục"), load)

    def reload_provisions(self) -> None:
        def load() -> None:
            on = self.on_date.valid_value() if self.only_in_force.isChecked() else None
            if self.only_in_force.isChecked() and on is None:  # half a date typed
                self.count.setText(tr("Hãy nhập ngày hiệu lực theo dạng dd/mm/yyyy."))
                return
            rows = list_provisions(self.db, self.actor, self.search.text(), on)
            self.provisions.set_items(rows)
            self.count.setText(tr("{0} quy định; {1} chưa xác nhận nguồn.").format(
                len(rows), sum(1 for r in rows if not r.confirmed)))
            for column in range(5):
                self.view.resizeColumnToContents(column)
            if rows:
                self.view.selectRow(0)
                self.show_detail(0)
            else:
                self.detail.clear()
        guarded(self, tr("tìm quy định"), load)

    def reload_holidays(self) -> None:
        def load() -> None:
            self.holidays.set_items(list_holidays(self.db, self.actor, self.holiday_year.value()))
            self.holidays_view.resizeColumnsToContents()
        guarded(self, tr("tải lịch ngày nghỉ"), load)

    def show_detail(self, row: int) -> None:
        item = self.provisions.row_at(row)
        self.detail.setHtml(provision_html(item) if item else "")
        # only a provision whose key has no article number waits for one
        self.confirm_article_button.setEnabled(
            item is not None and not item.provision.parsed_key.article_known)

    def _selected(self, view: QTableView, model: ListTableModel[Any]) -> Any:
        rows = view.selectionModel().selectedRows()
        return model.row_at(rows[0].row()) if rows else None

    # --- administrator actions --------------------------------------------------------------

    def provision_dialog(self) -> AddProvisionDialog:
        return AddProvisionDialog(lambda record: law.add_provision(self.db, self.actor, record),
                                  self)

    def add_provision(self) -> None:
        dialog = self.provision_dialog()
        if dialogs.run_modal(dialog):
            self.refresh()
            self.status_message.emit(tr("Đã thêm quy định {0}.").format(
                dialog.key.text().strip()))

    def end_provision_dialog(self) -> EndDateDialog | None:
        row = self._selected(self.view, self.provisions)
        if row is None:
            return None
        return EndDateDialog(tr("Quy định {0}").format(row.key),
                             lambda day: law.end_provision(self.db, self.actor, row.key, day), self)

    def end_provision(self) -> None:
        dialog = self.end_provision_dialog()
        if dialog is not None and dialogs.run_modal(dialog):
            self.refresh()
            self.status_message.emit(dialog.confirmation())

    def confirm_article_dialog(self) -> ConfirmArticleDialog | None:
        row = self._selected(self.view, self.provisions)
        if row is None or row.provision.parsed_key.article_known:
            return None
        return ConfirmArticleDialog(
            citation_of(row.provision),
            lambda article, source: law.confirm_article(self.db, self.actor, row.key, article,
                                                        source), self)

    def confirm_article(self) -> None:
        dialog = self.confirm_article_dialog()
        if dialog is not None and dialogs.run_modal(dialog):
            self.refresh()
            self.status_message.emit(tr("Đã ghi số điều {0} (đối chiếu tại: {1}).").format(
                dialog.article.text().strip(), dialog.source.text().strip()))

    def end_instrument(self) -> None:
        row = self._selected(self.instruments_view, self.instruments)
        if row is None:
            return
        dialog = EndDateDialog(tr("Văn bản {0}").format(row.number),
                               lambda day: law.end_instrument(self.db, self.actor, row.number, day),
                               self)
        if dialogs.run_modal(dialog):
            self.refresh()
            self.status_message.emit(dialog.confirmation())

    def end_cap(self) -> None:
        cap = self._selected(self.caps_view, self.caps)
        if cap is None:
            return
        dialog = EndDateDialog(
            tr("Thẩm quyền của {0} từ {1}").format(cap.display_title(), _d(cap.valid_from)),
            lambda day: law.end_cap(self.db, self.actor, cap.title_code, cap.valid_from, day), self)
        if dialogs.run_modal(dialog):
            self.refresh()
            self.status_message.emit(dialog.confirmation())

    def holiday_dialog(self) -> AddHolidayDialog:
        return AddHolidayDialog(
            lambda day, name, kind, source: law.add_holiday(self.db, self.actor, day, name, kind,
                                                            source), self)

    def add_holiday(self) -> None:
        dialog = self.holiday_dialog()
        if dialogs.run_modal(dialog):
            self.reload_holidays()
            self.status_message.emit(tr("Đã thêm ngày nghỉ {0}: {1}.").format(
                dialog.day.text(), dialog.name.text().strip()))
