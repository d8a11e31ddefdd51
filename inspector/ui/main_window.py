"""The main window: navigation between the areas, the user and database in the status bar."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from inspector.domain.roles import ROLE_LABELS_VI, Role
from inspector.services.actor import Actor
from inspector.store.engine import Database
from inspector.ui.pages.base import Page
from inspector.ui.pages.catalog import CatalogPage
from inspector.ui.pages.decisions import DecisionsPage
from inspector.ui.pages.establishments import EstablishmentsPage
from inspector.ui.pages.inspections import InspectionsPage
from inspector.ui.pages.settings import SettingsPage
from inspector.ui.pages.tallies import TalliesPage
from inspector.ui.pages.today import TodayPage
from inspector.ui.support import guarded, tr

PAGE_CLASSES: list[type[Page]] = [
    TodayPage, EstablishmentsPage, InspectionsPage, DecisionsPage, TalliesPage, CatalogPage,
    SettingsPage,
]
STYLE = """
QLabel#pageTitle { font-size: 15pt; font-weight: bold; padding: 4px 0 8px 0; }
QListWidget#navigation { font-size: 11pt; border: none; background: #eef2f6; }
QListWidget#navigation::item { padding: 10px 14px; }
QListWidget#navigation::item:selected { background: #1f5f99; color: white; }
"""


class MainWindow(QMainWindow):
    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__()
        self.db = db
        self.actor = actor
        self.setWindowTitle(tr("Inspector — Quản lý thanh tra, kiểm tra"))
        self.setStyleSheet(STYLE)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(210)
        self.stack = QStackedWidget()
        self.pages: list[Page] = []
        for number, cls in enumerate(PAGE_CLASSES, start=1):
            page = cls(db, actor)
            self.pages.append(page)
            self.stack.addWidget(page)
            item = QListWidgetItem(tr(cls.title))
            item.setToolTip(tr("{0} (Ctrl+{1})").format(tr(cls.title), number))
            self.navigation.addItem(item)
            QShortcut(QKeySequence(f"Ctrl+{number}"), self,
                      lambda n=number - 1: self.navigation.setCurrentRow(n))
        layout.addWidget(self.navigation)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.navigation.currentRowChanged.connect(self.show_page)
        role = tr(ROLE_LABELS_VI[Role(actor.role)])
        who = QLabel(tr("Người dùng: {0} ({1}, {2})").format(
            actor.full_name or actor.login, actor.login, role))
        who.setObjectName("statusUser")
        where = QLabel(tr("CSDL: {0}").format(db.display_name()))
        where.setObjectName("statusDb")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addWidget(who)
        self.statusBar().addPermanentWidget(where)
        self._restore_geometry()
        self.navigation.setCurrentRow(0)
        self.ask_for_agency_settings()

    def ask_for_agency_settings(self) -> None:
        """First run: documents need the agency block, so an administrator is sent to Cài đặt."""
        from inspector.domain.roles import Permission, can
        from inspector.services.agency import get_agency

        if not can(self.actor.role, Permission.MANAGE_SETTINGS):
            return
        info = guarded(self, tr("đọc cài đặt"), lambda: get_agency(self.db, self.actor))
        if info is not None and not info.configured:
            self.navigation.setCurrentRow(PAGE_CLASSES.index(SettingsPage))
            self.statusBar().showMessage(tr(
                "Hãy nhập thông tin cơ quan (in ở đầu văn bản), kho bạc và người ký quyết định."))

    def show_page(self, row: int) -> None:
        if 0 <= row < len(self.pages):
            self.stack.setCurrentIndex(row)
            self.pages[row].refresh()

    def page(self, cls: type[Page]) -> Page:
        return next(p for p in self.pages if isinstance(p, cls))

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if isinstance(geometry, QByteArray) and self.restoreGeometry(geometry):
            return
        self.resize(1200, 760)

    def closeEvent(self, event: QCloseEvent) -> None:
        QSettings().setValue("main/geometry", self.saveGeometry())
        super().closeEvent(event)
