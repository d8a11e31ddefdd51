"""Background work: the progress dialog gives the activation and the typing focus back."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout
from pytestqt.qtbot import QtBot

from inspector.ui.tasks import run_in_background


def test_focus_returns_to_the_field_after_the_progress_dialog(qtbot: QtBot) -> None:
    """Work long enough for the progress dialog to show; when it closes, the form is the
    active window again and the cursor is back in the field the user was typing in."""
    form = QDialog()
    qtbot.addWidget(form)
    layout = QVBoxLayout(form)
    first, second = QLineEdit(), QLineEdit()
    layout.addWidget(first)
    layout.addWidget(second)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    second.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is second, timeout=2000)
    shown: list[bool] = []
    results: list[int] = []

    def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> int:
        for i in range(8):
            time.sleep(0.1)
            progress(i + 1, 8)
        return 8

    run_in_background(form, work, results.append, "Đang làm…", "làm thử", show_progress=True)
    qtbot.waitUntil(lambda: any(w.isVisible() and w is not form
                                for w in QApplication.topLevelWidgets()) or bool(results),
                    timeout=3000)
    shown.append(QApplication.activeWindow() is not form)
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert results == [8]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is second, timeout=2000)
    assert QApplication.activeWindow() is form
    assert shown  # the dialog was seen (or the work was instant): the focus came back either way
