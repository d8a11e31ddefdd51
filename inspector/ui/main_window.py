"""The main window: navigation between the areas, the user and database in the status bar.

Pages are built the first time they are shown, and their modules imported then: the start-up
path to a logged-in window imports no PDF, chart or export library.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from inspector.domain.roles import ROLE_LABELS_VI, Role
from inspector.services.actor import Actor
from inspector.store.engine import Database
from inspector.ui.pages.base import Page
from inspector.ui.support import guarded, tr


@dataclass(frozen=True)
class PageSpec:
    module: str
    class_name: str
    title: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec("inspector.ui.pages.today", "TodayPage", "Hôm nay"),
    PageSpec("inspector.ui.pages.establishments", "EstablishmentsPage", "Cơ sở"),
    PageSpec("inspector.ui.pages.inspections", "InspectionsPage", "Thanh tra/Kiểm tra"),
    PageSpec("inspector.ui.pages.decisions", "DecisionsPage", "Quyết định xử phạt"),
    PageSpec("inspector.ui.pages.tallies", "TalliesPage", "Thống kê"),
    PageSpec("inspector.ui.pages.catalog", "CatalogPage", "Danh mục"),
    PageSpec("inspector.ui.pages.settings", "SettingsPage", "Cài đặt"),
)
SETTINGS_INDEX = 6
STYLE = """
QLabel#pageTitle { font-size: 15pt; font-weight: bold; padding: 4px 0 8px 0; }
QListWidget#navigation { font-size: 11pt; border: none; background: #eef2f6; }
QListWidget#navigation::item { padding: 10px 14px; }
QListWidget#navigation::item:selected { background: #1f5f99; color: white; }
"""


def page_index(cls: type[Page] | str) -> int:
    name = cls if isinstance(cls, str) else cls.__name__
    return [spec.class_name for spec in PAGES].index(name)


class MainWindow(QMainWindow):
    logout_requested = Signal()

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
        self.pages: list[Page | None] = [None] * len(PAGES)
        for number, spec in enumerate(PAGES, start=1):
            self.stack.addWidget(QWidget())  # replaced by the page on first visit
            item = QListWidgetItem(tr(spec.title))
            item.setToolTip(tr("{0} (Ctrl+{1})").format(tr(spec.title), number))
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
        where.setToolTip(db.display_name())
        where.setMaximumWidth(320)  # a long path must not push the messages off the bar
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Both are permanent (right side): the messages get the left side to themselves, so
        # a message never paints over the user's name.
        self.statusBar().addPermanentWidget(who)
        self.statusBar().addPermanentWidget(where)
        self.logout_button = QPushButton(tr("Đăng xuất"))
        self.logout_button.setObjectName("logout")
        self.logout_button.setToolTip(tr("Đăng xuất hoặc đổi người dùng (Ctrl+Shift+L)"))
        self.logout_button.setFlat(True)
        self.logout_button.clicked.connect(self.logout_requested.emit)
        self.statusBar().addPermanentWidget(self.logout_button)
        QShortcut(QKeySequence("Ctrl+Shift+L"), self, self.logout_requested.emit)
        from inspector.ui.bundle_dialog import install as install_bundle_menu
        install_bundle_menu(self, db, actor)
        self._restore_geometry()
        self.navigation.setCurrentRow(0)
        self.ask_for_agency_settings()

    def build_page(self, row: int) -> Page:
        existing = self.pages[row]
        if existing is not None:
            return existing
        spec = PAGES[row]
        cls = getattr(importlib.import_module(spec.module), spec.class_name)
        page: Page = cls(self.db, self.actor)
        placeholder = self.stack.widget(row)
        self.stack.insertWidget(row, page)
        if placeholder is not None:
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        self.pages[row] = page
        page.status_message.connect(self.say)
        return page

    def say(self, text: str) -> None:
        """One status message at a time, replacing the last (a save's confirmation, the
        first-run hint); confirmations fade after a while, the hint stays until answered."""
        self.statusBar().showMessage(text, 8000)

    def show_page(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            page = self.build_page(row)
            self.stack.setCurrentIndex(row)
            page.refresh()

    def page(self, cls: type[Page]) -> Page:
        return self.build_page(page_index(cls))

    def ask_for_agency_settings(self) -> None:
        """First run: documents need the agency block, so an administrator is sent to Cài đặt."""
        from inspector.domain.roles import Permission, can
        from inspector.services.agency import get_agency

        if not can(self.actor.role, Permission.MANAGE_SETTINGS):
            return
        info = guarded(self, tr("đọc cài đặt"), lambda: get_agency(self.db, self.actor))
        if info is not None and not info.configured:
            self.navigation.setCurrentRow(SETTINGS_INDEX)
            self.statusBar().showMessage(tr(
                "Hãy nhập thông tin cơ quan (in ở đầu văn bản), kho bạc và người ký quyết định."))

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.resize(1200, 760)
        self.clamp_to_screen()

    def clamp_to_screen(self) -> None:
        """Keep the window inside the screen's available area (a size remembered on a larger
        screen, or grown by a long label, must not put buttons off-screen)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None or self.isMaximized() or self.isFullScreen():
            return
        area = screen.availableGeometry()
        width, height = min(self.width(), area.width()), min(self.height(), area.height())
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        x = min(max(self.x(), area.left()), area.right() - width + 1)
        y = min(max(self.y(), area.top()), area.bottom() - height + 1)
        if (x, y) != (self.x(), self.y()):
            self.move(x, y)

    def closeEvent(self, event: QCloseEvent) -> None:
        QSettings().setValue("main/geometry", self.saveGeometry())
        super().closeEvent(event)
