"""The list of circumstances (Law Art 9 or Art 10) a violation ticks.

What is offered is the catalog's answer, never a rule of this widget: each circumstance's
:meth:`Circumstance.choices` ("nhiều lần" and "tái phạm" as two lines), kept only when
:meth:`Circumstance.applies_to` the case's party (an organisation is offered no "phụ nữ mang
thai, người già yếu").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from inspector.domain.law import Catalog, Circumstance, LawError
from inspector.ui.support import tr

_CODE = Qt.ItemDataRole.UserRole
_STRAY = Qt.ItemDataRole.UserRole + 1


class CircumstanceList(QListWidget):
    """Checkable lines, one per choice; Space ticks the current one."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setFixedHeight(120)

    def offer(self, items: Iterable[Circumstance], subject: str) -> None:
        """Offer the choices of ``items`` that can exist for ``subject`` (nothing ticked)."""
        self.blockSignals(True)
        try:
            self.clear()
            for c in items:
                if c.applies_to(subject):
                    for code, text in c.choices():
                        self._add(c, code, text)
        finally:
            self.blockSignals(False)

    def _add(self, c: Circumstance | None, code: str, text: str, note: str = "") -> None:
        head = f"{c.code.partition('#')[0]} — " if c is not None else ""  # never "#1"
        item = QListWidgetItem(f"{head}{text}{note}")
        item.setData(_CODE, code)
        item.setToolTip(f"{text} ({c.citation()})" if c is not None else text)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        self.addItem(item)

    def tick(self, codes: Sequence[str], catalog: Catalog) -> None:
        """Tick ``codes``. One not offered (a draft or a copy made for another party, or
        before "nhiều lần; tái phạm" was split) stays listed and ticked, so the services'
        refusal shows beside it and the user unticks it: never dropped unseen."""
        wanted = [str(c) for c in codes]
        self.blockSignals(True)
        try:
            for i in reversed(range(self.count())):
                if self.item(i).data(_STRAY):
                    self.takeItem(i)  # left by the entry shown before
            offered = set()
            for i in range(self.count()):
                item = self.item(i)
                offered.add(item.data(_CODE))
                item.setCheckState(Qt.CheckState.Checked if item.data(_CODE) in wanted
                                   else Qt.CheckState.Unchecked)
            note = tr(" (không áp dụng cho trường hợp này — hãy bỏ chọn)")
            for code in wanted:
                if code in offered:
                    continue
                try:
                    c: Circumstance | None = catalog.circumstance(code)
                except LawError:
                    c = None
                self._add(c, code, c.text if c is not None
                          else tr("Tình tiết không có trong danh mục"), note)
                stray = self.item(self.count() - 1)
                stray.setData(_STRAY, True)
                stray.setCheckState(Qt.CheckState.Checked)
        finally:
            self.blockSignals(False)

    def checked(self) -> list[str]:
        """The codes ticked, in list order."""
        return [str(self.item(i).data(_CODE)) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]

    def codes(self) -> list[str]:
        """Every code listed, ticked or not."""
        return [str(self.item(i).data(_CODE)) for i in range(self.count())]
