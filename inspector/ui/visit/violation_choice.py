"""The provision picker of a violation: search words, the list of provisions in force on the
violation's date (those the failed checklist item proposes first), the act chosen when a point
lists several. Part of :class:`~inspector.ui.visit.violation_editor.ViolationEditor`; the
widgets it uses are built there.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from inspector.domain.text import format_date
from inspector.services import clock
from inspector.services.cases import ProvisionChoice, provision_choices
from inspector.services.errors import ServiceError
from inspector.ui.support import tr
from inspector.ui.visit.context import VisitContext
from inspector.ui.visit.state import Entry


def short_key(key: str) -> str:
    """``174/2026/NĐ-CP:36.2.a`` → ``36.2.a (174/2026/NĐ-CP)`` for narrow lists."""
    instrument, _, point = key.partition(":")
    return f"{point} ({instrument})" if point else key


class ProvisionPicker:
    """Choosing the provision and the act (a mixin of the violation editor, first in its bases
    so its ``eventFilter`` sees the search field's and the list's keys)."""

    # Built and kept by the editor.
    ctx: VisitContext
    _entry: Entry
    _loading: bool
    _choice_timer: QTimer
    _alternative_texts: tuple[str, ...]
    choices: list[ProvisionChoice]
    search: QLineEdit
    choice_list: QListWidget
    chosen: QLabel
    alternative: QComboBox
    alternative_row: QWidget
    titles_box: QGroupBox
    title: QLineEdit
    facts: QPlainTextEdit
    edited: Any
    _changed: Callable[..., None]
    _show_chosen: Callable[[], None]
    refresh_law: Callable[[], None]
    reference: Callable[[], date | None]

    def _search_edited(self) -> None:
        if not self._loading:
            self._entry["search"] = self.search.text()
            self._choice_timer.start()
            self.edited.emit(False)


    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if watched is self.search:
                if key == Qt.Key.Key_Down and self.choice_list.count():
                    self.refresh_choices() if self._choice_timer.isActive() else None
                    self.choice_list.setFocus()
                    if self.choice_list.currentRow() < 0:
                        self.choice_list.setCurrentRow(0)
                    return True
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    if self._choice_timer.isActive():
                        self.refresh_choices()
                    row = max(self.choice_list.currentRow(), 0)
                    item = self.choice_list.item(row)
                    if item is not None:
                        self._choose_item(item)
                    return True
            if watched is self.choice_list and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                # Taken here: the list ignores Enter after activating, and the dialog would
                # then press its default button too (a second, blank violation).
                item = self.choice_list.currentItem()
                if item is not None:
                    self._choose_item(item)
                return True
            if watched is self.choice_list and key == Qt.Key.Key_Up \
                    and self.choice_list.currentRow() <= 0:
                self.search.setFocus()
                return True
        # a later base of the editor (a QWidget) has it
        return super().eventFilter(watched, event)  # type: ignore[misc]

    def _choose_item(self, item: QListWidgetItem) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        if not key:
            return
        self.choose(str(key))
        if self.titles_box.isVisible():
            self.title.setFocus()
        else:
            self.facts.setFocus()
            self.facts.moveCursor(QTextCursor.MoveOperation.End)  # after a note brought along

    def choose(self, key: str) -> None:
        """Take ``key`` as the provision of this violation (an act chosen under another
        provision does not carry over)."""
        if key != self._entry.get("provision_key"):
            self._entry["alternative"] = None
        self._entry["provision_key"] = key
        self._changed("provision_key", significant=True)
        self.refresh_law()
        self._show_chosen()

    def _alternative_changed(self, index: int) -> None:
        if self._loading or index < 0:
            return
        value = self.alternative.itemData(index)
        self._entry["alternative"] = value if isinstance(value, int) else None
        self._changed("alternative", significant=True)

    def _offer_alternatives(self, texts: tuple[str, ...]) -> None:
        """The acts of the chosen point, as the assessment lists them; shown only for a point
        that lists several."""
        chosen = self._entry.get("alternative")
        self._loading, was_loading = True, self._loading
        try:
            if texts != self._alternative_texts:
                self._alternative_texts = texts
                self.alternative.clear()
                self.alternative.addItem(tr("— Chọn hành vi cụ thể đã thực hiện —"), None)
                for i, text in enumerate(texts):
                    self.alternative.addItem(text, i)
                    self.alternative.setItemData(i + 1, text, Qt.ItemDataRole.ToolTipRole)
            index = self.alternative.findData(chosen) if isinstance(chosen, int) else 0
            self.alternative.setCurrentIndex(max(index, 0))
        finally:
            self._loading = was_loading
        self.alternative_row.setVisible(bool(texts))

    def chosen_act(self) -> str:
        """The act chosen among those the point lists, "" when none is (or none to choose)."""
        chosen = self._entry.get("alternative")
        texts = self._alternative_texts
        return texts[chosen] if isinstance(chosen, int) and 0 <= chosen < len(texts) else ""


    def refresh_choices(self) -> None:
        """The provisions in force on the violation's date: those the checklist item proposes
        first, then those matching the search words."""
        self._choice_timer.stop()
        on = self.reference() or self.ctx.visit_day() or clock.today()
        item_id = self._entry.get("checklist_item")
        try:
            self.choices = provision_choices(
                self.ctx.db, self.ctx.actor, on, sector=self.ctx.sector or None,
                text=self.search.text() or None, checklist_item=item_id or None)
        except ServiceError as exc:
            self.choices = []
            self.chosen.setText(exc.vi)
        self.choice_list.clear()
        chosen = self._entry.get("provision_key")
        for c in self.choices:
            star = "★ " if c.proposed else ""
            mark = "" if c.confirmed else tr(" (chưa đối chiếu)")
            item = QListWidgetItem(f"{star}{short_key(c.key)}: {c.description}{mark}")
            item.setData(Qt.ItemDataRole.UserRole, c.key)
            item.setToolTip((tr("Đề xuất từ mục kiểm tra. ") if c.proposed else "")
                            + (c.citation or c.key))
            self.choice_list.addItem(item)
            if c.key == chosen:
                self.choice_list.setCurrentItem(item)
        if not self.choices:
            item = QListWidgetItem(tr("Không có điều khoản nào còn hiệu lực ngày {0} khớp với "
                                      "từ tìm kiếm.").format(format_date(on)))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.choice_list.addItem(item)
        self._fit_choices()

    def _fit_choices(self) -> None:
        """As tall as its rows, two to six of them: a short list leaves room for the rest."""
        rows = min(max(self.choice_list.count(), 2), 6)
        height = sum(max(self.choice_list.sizeHintForRow(i), 18)
                     for i in range(min(rows, self.choice_list.count())))
        height += 18 * max(0, rows - self.choice_list.count())
        self.choice_list.setFixedHeight(height + 2 * self.choice_list.frameWidth() + 4)

