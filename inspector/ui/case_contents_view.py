"""Hành vi, tang vật: what a case's violation record will state, and taking back an entry made
by mistake before the record is made.

Once the record is issued it is signed and frozen: the window then only shows, and says why.
Every removal is confirmed and goes through the service (audited, refused when the case has
moved on meanwhile).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.money import format_vnd
from inspector.domain.roles import Permission, can
from inspector.domain.text import format_date
from inspector.services.actor import Actor
from inspector.services.cases import (
    SEIZED_KIND_LABELS_VI,
    CaseContents,
    SeizedItemRow,
    ViolationRow,
    case_contents,
    remove_seized_item,
    remove_violation,
)
from inspector.store.engine import Database
from inspector.ui.support import dialogs, report_exception, tr


def violation_text(number: int, row: ViolationRow) -> str:
    """One violation as the list shows it: the act, the fine, the inspector's facts (which tell
    two entries of one act apart), the provision, the date."""
    act = row.act or row.description
    fine = tr("cảnh cáo") if row.warning else format_vnd(row.amount)
    cite = row.citation or tr("điều khoản chưa xác định")
    facts = f"\n    {row.facts}" if row.facts and row.facts != act else ""
    return f"{number}. {act} — {fine}{facts}\n    {cite[:1].upper() + cite[1:]}; " + tr(
        "ngày {0}").format(format_date(row.reference_date))


def seized_text(row: SeizedItemRow) -> str:
    kind = tr(SEIZED_KIND_LABELS_VI.get(row.kind, ""))
    return f"{row.description} — {row.quantity} {row.unit}" + (f" ({kind})" if kind else "")


class CaseContentsWindow(QWidget):
    """The violations and seized items of one case, with «Bỏ … đã chọn…» while it is open."""

    def __init__(self, db: Database, actor: Actor, case_id: uuid.UUID, title: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.case_id = db, actor, case_id
        self.contents: CaseContents | None = None
        self.setObjectName("caseContents")
        self.setWindowTitle(tr("Hành vi, tang vật: {0}").format(title))
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        self.state = QLabel("")
        self.state.setObjectName("state")
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        layout.addWidget(QLabel(tr("Hành vi vi phạm")))
        self.violations = QListWidget()
        self.violations.setObjectName("violations")
        self.violations.setWordWrap(True)
        layout.addWidget(self.violations, 2)
        layout.addWidget(QLabel(tr("Tang vật, phương tiện, giấy tờ tạm giữ")))
        self.seized = QListWidget()
        self.seized.setObjectName("seized")
        layout.addWidget(self.seized, 1)
        buttons = QHBoxLayout()
        self.remove_violation_button = QPushButton(tr("Bỏ hành vi đã chọn…"))
        self.remove_violation_button.setObjectName("removeViolation")
        self.remove_seized_button = QPushButton(tr("Bỏ tang vật đã chọn…"))
        self.remove_seized_button.setObjectName("removeSeized")
        close = QPushButton(tr("Đóng"))
        for button in (self.remove_violation_button, self.remove_seized_button, close):
            button.setAutoDefault(False)
        buttons.addWidget(self.remove_violation_button)
        buttons.addWidget(self.remove_seized_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.remove_violation_button.clicked.connect(
            lambda: self.remove_violation(self.violations.currentRow()))
        self.remove_seized_button.clicked.connect(
            lambda: self.remove_seized(self.seized.currentRow()))
        close.clicked.connect(self.close)
        self.violations.currentRowChanged.connect(lambda _r: self._enable())
        self.seized.currentRowChanged.connect(lambda _r: self._enable())
        self.load()

    def load(self) -> None:
        try:
            self.contents = case_contents(self.db, self.actor, self.case_id)
        except Exception as exc:
            report_exception(self, exc, tr("tải hành vi, tang vật"))
            return
        c = self.contents
        self.violations.clear()
        for i, row in enumerate(c.violations, start=1):
            self.violations.addItem(QListWidgetItem(violation_text(i, row)))
        self.seized.clear()
        for item in c.seized:
            self.seized.addItem(QListWidgetItem(seized_text(item)))
        if c.editable:
            self.state.setText(tr(
                "Vụ việc {0}: chưa lập biên bản vi phạm. Một hành vi hoặc tang vật ghi nhầm có "
                "thể bỏ ở đây; việc bỏ được ghi vào nhật ký.").format(c.status_label.lower()))
        else:
            self.state.setText(tr(
                "Vụ việc {0}: biên bản vi phạm đã ghi các hành vi, tang vật này, nên không bỏ "
                "được nữa; việc sửa đổi phải lập văn bản mới.").format(c.status_label.lower()))
        self._enable()

    def _enable(self) -> None:
        allowed = (self.contents is not None and self.contents.editable
                   and can(self.actor.role, Permission.EDIT_FIELD_WORK))
        self.remove_violation_button.setEnabled(allowed and self.violations.currentRow() >= 0)
        self.remove_seized_button.setEnabled(allowed and self.seized.currentRow() >= 0)

    def _remove(self, question: str, what: str, call: Callable[[], None]) -> bool:
        if not dialogs.confirm(self, tr("Bỏ khỏi vụ việc"), question):
            return False
        try:
            call()
        except Exception as exc:
            report_exception(self, exc, what)
            return False
        finally:
            self.load()
        return True

    def remove_violation(self, index: int) -> bool:
        """Remove one violation (its seized items stay, no longer tied to it)."""
        if self.contents is None or not 0 <= index < len(self.contents.violations):
            return False
        row = self.contents.violations[index]
        return self._remove(
            tr("Bỏ hành vi {0} khỏi vụ việc? Tang vật gắn với hành vi này được giữ lại để gắn "
               "với hành vi khác.").format(index + 1), tr("bỏ hành vi vi phạm"),
            lambda: remove_violation(self.db, self.actor, row.id, row.version))

    def remove_seized(self, index: int) -> bool:
        if self.contents is None or not 0 <= index < len(self.contents.seized):
            return False
        item = self.contents.seized[index]
        return self._remove(
            tr("Bỏ “{0}” khỏi danh sách tang vật, phương tiện tạm giữ?").format(
                item.description), tr("bỏ tang vật"),
            lambda: remove_seized_item(self.db, self.actor, item.id, item.version))
