"""The Qt binding itself: PySide6 6.12.0 drops a reference to None on every call that returns
nothing, and the interpreter aborts after some tens of thousands of calls (a long session).
setup.cfg keeps that release out; this test fails if such a binding is installed again."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_void_calls_keep_none_alive(qtbot: QtBot) -> None:
    """Thousands of Qt calls returning nothing leave None's reference count where it was."""
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(2000):
        label.setText("Nguyễn Văn An")
    assert abs(sys.getrefcount(None) - before) < 100
