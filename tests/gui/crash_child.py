"""Child process of the crash test: the visit form on a database file, typed into like a user,
killed with SIGKILL by the parent once a draft has saved itself.

Usage: ``python tests/gui/crash_child.py DB_PATH INSPECTION_ID ESTABLISHMENT_ID LOGIN TODAY``

TODAY (``yyyy-mm-dd``) is the parent's fixed day: the child's clock shows it too, or the draft
would carry the system's day and the parent could refuse it as a date after its today.

Prints ``DRAFT-SAVED <draft key>`` once the autosave has written what was typed, then goes on
typing into the notes (what a crash may lose: the last few seconds) until it is killed.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

MARKER = "DRAFT-SAVED"
NOTE = "Chủ cơ sở Lương Văn Đức có mặt"
FACTS = "Không treo biển “Đại lý Internet” tại cửa"
AMOUNT = "1.750.000"


def key(widget: QWidget, text: str = "", code: int = 0) -> None:
    """One key press as an input method delivers it (Vietnamese letters included)."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier,
                                                 text))


def type_into(app: QApplication, widget: QWidget, text: str) -> None:
    widget.setFocus()
    for ch in text:
        key(widget, ch)
        app.processEvents()


def main(argv: list[str]) -> int:
    db_path, inspection, establishment, login, today = argv[1:6]
    app = QApplication([])
    from inspector.services import clock
    from inspector.services.actor import Actor

    clock.set_clock(lambda: date.fromisoformat(today))
    from inspector.store.engine import open_database
    from inspector.ui import support
    from inspector.ui.visit_form import VisitForm

    support.dialogs.confirm = lambda *a: False  # type: ignore[method-assign]
    db = open_database(db_path)
    actor = Actor(login=login, role="inspector", full_name="Người thử", device="crash-child")
    form = VisitForm(db, actor, uuid.UUID(inspection), uuid.UUID(establishment))
    form.show()
    app.processEvents()
    row = form.checklist.rows["signboard"]
    row.buttons["no"].setFocus()
    key(row.buttons["no"], " ", int(Qt.Key.Key_Space))
    type_into(app, row.note, NOTE)
    row.record.click()
    app.processEvents()
    editor = form.violations.violation_editor
    key(editor.choice_list, "\r", int(Qt.Key.Key_Return))  # the first proposal
    type_into(app, editor.facts, FACTS)
    type_into(app, editor.amount.edit, AMOUNT)
    deadline = time.monotonic() + 20
    while form.drafts.dirty or form.drafts.last_saved is None:
        app.processEvents()
        time.sleep(0.02)
        if time.monotonic() > deadline:
            print("NO-DRAFT", flush=True)
            return 1
    print(f"{MARKER} {form.draft_key()}", flush=True)
    n = 0
    while True:  # still typing when the power goes
        type_into(app, form.notes, f"{n} ")
        n += 1
        time.sleep(0.05)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
