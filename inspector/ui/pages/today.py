"""Hôm nay: what is due this week or already overdue, each with its legal basis."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from inspector.domain.text import format_date
from inspector.services.actor import Actor
from inspector.services.today import AgendaItem, agenda
from inspector.store.engine import Database
from inspector.ui.models import Column, ListTableModel
from inspector.ui.pages.base import Page
from inspector.ui.support import guarded, tr

KIND_LABELS = {"decision_deadline": "Hạn ra quyết định", "payment": "Hạn nộp phạt",
               "enforcement": "Thời hiệu thi hành"}


def _left(item: AgendaItem) -> str:
    if item.days_left < 0:
        return tr("QUÁ HẠN {0} ngày").format(-item.days_left)
    if item.days_left == 0:
        return tr("hôm nay")
    return tr("còn {0} ngày").format(item.days_left)


class TodayPage(Page):
    title = "Hôm nay"

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, parent)
        layout = QVBoxLayout(self)
        header = QLabel(tr("Việc cần làm"))
        header.setObjectName("pageTitle")
        layout.addWidget(header)
        self.intro = QLabel("")
        self.intro.setObjectName("intro")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.model: ListTableModel[AgendaItem] = ListTableModel([
            Column(tr("Thời hạn"), _left),
            Column(tr("Ngày"), lambda i: format_date(i.due)),
            Column(tr("Loại việc"), lambda i: tr(KIND_LABELS.get(i.kind, i.kind))),
            Column(tr("Nội dung"), lambda i: i.title),
            Column(tr("Căn cứ"), lambda i: i.basis),
        ])
        self.view = QTableView()
        self.view.setObjectName("agenda")
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.view, 1)

    def refresh(self) -> None:
        def load() -> None:
            items = agenda(self.db, self.actor)
            self.model.set_items(items)
            overdue = sum(1 for i in items if i.days_left < 0)
            self.intro.setText(
                tr("{0} việc đến hạn trong 14 ngày tới; {1} việc đã quá hạn.").format(
                    len(items) - overdue, overdue)
                if items else tr("Không có việc nào đến hạn trong 14 ngày tới."))
            self.view.resizeColumnsToContents()
        guarded(self, tr("tải việc cần làm"), load)

