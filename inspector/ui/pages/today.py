"""Hôm nay: what is due this week or already overdue, each with its legal basis."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from inspector.domain.text import format_date
from inspector.services.actor import Actor
from inspector.services.drafts import DraftInfo, list_drafts
from inspector.services.today import AgendaItem, agenda
from inspector.store.engine import Database
from inspector.ui.models import Column, ListTableModel
from inspector.ui.pages.base import Page
from inspector.ui.support import guarded, make_record_table, open_once, tr

FORM_LABELS = {"establishment": "Cơ sở", "visit": "Làm việc tại cơ sở"}
KIND_LABELS = {"decision_deadline": "Hạn ra quyết định", "payment": "Hạn nộp phạt",
               "late_charge": "Tiền chậm nộp", "enforcement": "Thời hiệu thi hành"}


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
        make_record_table(self.view)
        layout.addWidget(self.view, 1)
        drafts_label = QLabel(tr("Bản nháp chưa lưu (mở lại để làm tiếp)"))
        layout.addWidget(drafts_label)
        self.drafts: ListTableModel[DraftInfo] = ListTableModel([
            Column(tr("Lưu lúc"),
                   lambda d: d.saved_at.astimezone().strftime("%H:%M %d/%m/%Y")),
            Column(tr("Biểu mẫu"), lambda d: tr(FORM_LABELS.get(d.form, d.form))),
            Column(tr("Nội dung"), lambda d: d.title),
        ])
        self.drafts_view = QTableView()
        self.drafts_view.setObjectName("drafts")
        self.drafts_view.setModel(self.drafts)
        make_record_table(self.drafts_view)
        self.drafts_view.setMaximumHeight(180)
        # One signal (a double-click emits ``activated`` once); a draft already open comes forward.
        self.drafts_view.activated.connect(lambda index: self.resume(index.row()))
        layout.addWidget(self.drafts_view)

    def resume(self, row: int) -> QWidget | None:
        """Reopen the form of a draft (a visit, an establishment) where it was left."""
        draft = self.drafts.row_at(row)
        if draft is None:
            return None
        if draft.form == "establishment":
            from inspector.ui.establishment_form import EstablishmentForm

            key = None if draft.record_key == "new" else uuid.UUID(draft.record_key)

            def make_establishment() -> QWidget | None:
                form = guarded(self, tr("mở bản nháp"),
                               lambda: EstablishmentForm(self.db, self.actor, key, self))
                if form is not None:  # connected once, when the window is made
                    form.accepted.connect(lambda: self._saved(tr("Đã lưu cơ sở \"{0}\".").format(
                        form.form.value("name"))))
                return form

            return open_once(("establishment", draft.record_key), make_establishment,
                             owner=self.actor.login)
        from inspector.ui.visit_form import VisitForm

        def make_visit() -> QWidget | None:
            form = guarded(self, tr("mở bản nháp"),
                           lambda: VisitForm.resume(self.db, self.actor, draft.record_key, self))
            if form is not None:
                form.saved.connect(lambda _r: self._saved(form.confirmation()))
            return form

        return open_once(("visit", draft.record_key), make_visit, owner=self.actor.login)

    def _saved(self, confirmation: str) -> None:
        """A form resumed from a draft was saved: the draft is gone from the list."""
        self.refresh()
        self.status_message.emit(confirmation)

    def refresh(self) -> None:
        def load() -> None:
            items = agenda(self.db, self.actor)
            self.model.set_items(items)
            overdue = sum(1 for i in items if i.days_left < 0)
            soon = sum(1 for i in items if 0 <= i.days_left <= 14)
            later = len(items) - overdue - soon  # fines followed until paid, due later
            text = tr("{0} việc đến hạn trong 14 ngày tới; {1} việc đã quá hạn.").format(
                soon, overdue)
            if later:
                text += " " + tr("{0} khoản tiền phạt đang theo dõi có hạn nộp sau đó.").format(
                    later)
            self.intro.setText(text if items else
                               tr("Không có việc nào đến hạn trong 14 ngày tới."))
            self.view.resizeColumnsToContents()
            self.drafts.set_items(list_drafts(self.db, self.actor))
            self.drafts_view.resizeColumnsToContents()
        guarded(self, tr("tải việc cần làm"), load)

