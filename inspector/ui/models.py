"""Qt table models over service results.

``PagedTableModel`` holds only the pages fetched so far and asks for more when the view scrolls
(``canFetchMore``/``fetchMore``), so a list of a hundred thousand establishments opens with one
page in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex


class Column(Generic[T]):
    def __init__(self, title: str, value: Callable[[T], Any],
                 align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> None:
        self.title = title
        self.value = value
        self.align = align


class PagedTableModel(QAbstractTableModel, Generic[T]):
    """Rows come from ``fetch(offset, limit)``; a short page means the end was reached."""

    def __init__(self, columns: Sequence[Column[T]],
                 fetch: Callable[[int, int], list[T]], page_size: int = 200) -> None:
        super().__init__()
        self.columns = list(columns)
        self._fetch = fetch
        self.page_size = page_size
        self.rows: list[T] = []
        self._exhausted = False

    def reset(self, fetch: Callable[[int, int], list[T]] | None = None) -> None:
        self.beginResetModel()
        try:
            if fetch is not None:
                self._fetch = fetch
            self.rows = []
            self._exhausted = False
            self._load_page()
        finally:
            self.endResetModel()

    def _load_page(self) -> int:
        page = self._fetch(len(self.rows), self.page_size)
        if len(page) < self.page_size:
            self._exhausted = True
        self.rows.extend(page)
        return len(page)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        page = self._fetch(len(self.rows), self.page_size)
        if len(page) < self.page_size:
            self._exhausted = True
        if page:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(self.rows[index.row()])
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.columns)):
            return self.columns[section].title
        return None

    def row_at(self, row: int) -> T | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None


class ListTableModel(PagedTableModel[T]):
    """A small list already in memory (a year's inspections, the users)."""

    def __init__(self, columns: Sequence[Column[T]]) -> None:
        self._items: list[T] = []
        super().__init__(columns, lambda offset, limit: self._items[offset:offset + limit],
                         page_size=1_000_000)

    def set_items(self, items: list[T]) -> None:
        self._items = list(items)
        self.reset()
