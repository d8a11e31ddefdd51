"""Cơ sở: every establishment, searchable as you type without accents, filterable, in
Vietnamese alphabetical order; pages of rows are fetched as the list scrolls."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.roles import Permission, can
from inspector.domain.sectors import SECTOR_SHORT_VI
from inspector.services import establishments as est
from inspector.services.actor import Actor
from inspector.store.engine import Database
from inspector.ui.form_fields import commune_choices
from inspector.ui.models import Column, PagedTableModel
from inspector.ui.pages.base import Page
from inspector.ui.pages.history import HistoryDialog
from inspector.ui.support import dialogs, guarded, selected_record, tr

HIDDEN_KEY = "establishments/hidden_columns"


def _owner(row: est.EstablishmentRow) -> str:
    """The owner, or for an organisation its legal representative (the list showed nothing)."""
    if row.owner_name:
        return row.owner_name
    if row.representative_name:
        return tr("{0} (đại diện)").format(row.representative_name)
    return ""


class EstablishmentsPage(Page):
    title = "Cơ sở"

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, parent)
        self.total = 0
        layout = QVBoxLayout(self)
        header = QLabel(tr("Cơ sở được quản lý"))
        header.setObjectName("pageTitle")
        layout.addWidget(header)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(
            tr("Tìm theo tên, chủ cơ sở, địa chỉ, số giấy tờ, điện thoại (không cần dấu)… Ctrl+F"))
        self.search.setClearButtonEnabled(True)
        bar.addWidget(self.search, 3)
        self.add_button = QPushButton(tr("Thêm cơ sở… (Ctrl+N)"))
        self.add_button.setObjectName("add")
        self.edit_button = QPushButton(tr("Mở…"))
        self.edit_button.setObjectName("edit")
        self.history_button = QPushButton(tr("Lịch sử sửa đổi…"))
        self.history_button.setObjectName("history")
        self.add_button.setVisible(can(actor.role, Permission.EDIT_FIELD_WORK))
        bar.addWidget(self.add_button)
        bar.addWidget(self.edit_button)
        bar.addWidget(self.history_button)
        layout.addLayout(bar)
        filters = QHBoxLayout()
        self.sector = QComboBox()
        self.sector.setObjectName("sector")
        self.sector.addItem(tr("Mọi lĩnh vực"), None)
        for code in est.FIELD_SECTORS:
            self.sector.addItem(tr(SECTOR_SHORT_VI[code]), code)
        self.commune = QComboBox()
        self.commune.setObjectName("commune")
        self.commune.addItem(tr("Mọi xã, phường"), None)
        for label, code in commune_choices():
            self.commune.addItem(label, code)
        self.licence = QComboBox()
        self.licence.setObjectName("licence")
        self.licence.addItem(tr("Mọi tình trạng giấy phép"), None)
        for code in est.LICENCE_STATUSES:
            self.licence.addItem(tr(est.LICENCE_STATUS_LABELS_VI[code]), code)
        self.open_violations = QComboBox()
        self.open_violations.setObjectName("openViolations")
        self.open_violations.addItem(tr("Có hoặc không có vi phạm chưa xử lý xong"), None)
        self.open_violations.addItem(tr("Có vi phạm chưa xử lý xong"), True)
        self.open_violations.addItem(tr("Không có vi phạm chưa xử lý xong"), False)
        for box in (self.sector, self.commune, self.licence, self.open_violations):
            filters.addWidget(box)
            box.currentIndexChanged.connect(lambda _i: self.refresh())
        filters.addStretch(1)
        layout.addLayout(filters)
        self.count_label = QLabel("")
        self.count_label.setObjectName("count")
        layout.addWidget(self.count_label)
        self.model: PagedTableModel[est.EstablishmentRow] = PagedTableModel(
            [
                Column(tr("Tên cơ sở"), lambda r: r.name),
                Column(tr("Lĩnh vực"), lambda r: tr(SECTOR_SHORT_VI.get(r.sector, r.sector))),
                Column(tr("Chủ thể"),
                       lambda r: tr(est.OWNER_KIND_LABELS_VI.get(r.owner_kind, ""))),
                Column(tr("Chủ cơ sở, người đại diện"), _owner),
                Column(tr("Địa chỉ"), lambda r: r.address),
                Column(tr("Điện thoại"), lambda r: r.phone),
                Column(tr("Giấy phép"),
                       lambda r: tr(est.LICENCE_STATUS_LABELS_VI.get(r.licence_status, ""))),
                Column(tr("Vụ việc đang mở"), lambda r: r.open_cases or ""),
            ],
            self._fetch, page_size=100,
        )
        self.view = QTableView()
        self.view.setObjectName("establishments")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        header_view = self.view.horizontalHeader()
        header_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header_view.customContextMenuRequested.connect(self.column_menu)
        layout.addWidget(self.view, 1)
        self.empty_label = QLabel(tr(
            "Chưa có cơ sở nào. Bấm \"Thêm cơ sở\" (Ctrl+N) hoặc ghi nhận qua cuộc kiểm tra."))
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.open_selected)
        # ``activated`` is the one signal: a double-click (or Enter) emits it once; connecting
        # ``doubleClicked`` too opened the form twice.
        self.view.activated.connect(lambda _i: self.open_selected())
        self.history_button.clicked.connect(self.show_history)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        QShortcut(QKeySequence.StandardKey.New, self, self.add)
        self._restore_columns()

    def _filters(self) -> dict[str, object]:
        return {"commune_code": self.commune.currentData(),
                "licence_status": self.licence.currentData(),
                "open_violations": self.open_violations.currentData()}

    def _fetch(self, offset: int, limit: int) -> list[est.EstablishmentRow]:
        page = est.establishment_page(self.db, self.actor, self.search.text(),
                                      self.sector.currentData(), offset, limit,
                                      **self._filters())  # type: ignore[arg-type]
        self.total = page.total
        return list(page.rows)

    def refresh(self) -> None:
        def load() -> None:
            self.model.reset()
            self.count_label.setText(tr("{0} cơ sở").format(f"{self.total:,}".replace(",", ".")))
            filtered = bool(self.search.text()) or any(
                box.currentIndex() for box in (self.sector, self.commune, self.licence,
                                               self.open_violations))
            self.empty_label.setVisible(self.total == 0 and not filtered)
            self.view.resizeColumnsToContents()
        guarded(self, tr("tải danh sách cơ sở"), load)

    def selected(self) -> est.EstablishmentRow | None:
        return selected_record(self, self.view, self.model, tr("một cơ sở"))

    def form(self, establishment_id: object = None) -> QWidget:
        from inspector.ui.establishment_form import EstablishmentForm

        return EstablishmentForm(self.db, self.actor, establishment_id, self)  # type: ignore[arg-type]

    def add(self) -> None:
        if not can(self.actor.role, Permission.EDIT_FIELD_WORK):
            return
        form = self.form()
        if dialogs.run_modal(form):  # type: ignore[arg-type]
            self.refresh()
            self.status_message.emit(tr("Đã lưu cơ sở \"{0}\".").format(
                form.form.value("name")))  # type: ignore[attr-defined]

    def open_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        form = self.form(row.id)
        if dialogs.run_modal(form):  # type: ignore[arg-type]
            self.refresh()
            self.status_message.emit(tr("Đã lưu cơ sở \"{0}\".").format(
                form.form.value("name")))  # type: ignore[attr-defined]

    def show_history(self) -> None:
        row = self.selected()
        if row is not None:
            dialogs.run_modal(HistoryDialog(self.db, self.actor, row.id, row.name, self))

    # --- columns the user can hide ----------------------------------------------------------

    def column_menu(self, point: QPoint) -> None:
        menu = self.columns_menu()
        menu.exec(self.view.horizontalHeader().mapToGlobal(point))

    def columns_menu(self) -> QMenu:
        menu = QMenu(self)
        for index, column in enumerate(self.model.columns):
            action = QAction(column.title, menu)
            action.setCheckable(True)
            action.setChecked(not self.view.isColumnHidden(index))
            action.setEnabled(index != 0)  # the name always shows
            action.toggled.connect(lambda on, i=index: self.set_column_visible(i, on))
            menu.addAction(action)
        return menu

    def set_column_visible(self, index: int, visible: bool) -> None:
        self.view.setColumnHidden(index, not visible)
        hidden = [i for i in range(len(self.model.columns)) if self.view.isColumnHidden(i)]
        QSettings().setValue(HIDDEN_KEY, ",".join(map(str, hidden)))

    def _restore_columns(self) -> None:
        value = QSettings().value(HIDDEN_KEY, "")
        for part in str(value or "").split(","):
            if part.isdigit() and 0 < int(part) < len(self.model.columns):
                self.view.setColumnHidden(int(part), True)
