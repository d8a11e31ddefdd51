"""Long work off the GUI thread: one helper that runs a function in Qt's thread pool and
reports progress, the result or the error back on the GUI thread through signals.

The function never touches widgets; it receives ``progress(done, total)`` and ``cancelled()``
callables. Widgets are updated only in the slots connected to the signals.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from inspector.ui.support import report_exception, tr

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class Task(QRunnable):
    """A unit of background work; keep a reference until ``finished`` or ``failed``."""

    def __init__(self, work: Work) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()
        self._cancel = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            result = self.work(lambda d, t: self.signals.progress.emit(d, t), self._cancel.is_set)
        except Exception as exc:  # reported on the GUI thread, with its traceback
            self.signals.failed.emit(exc)
            return
        self.signals.finished.emit(result)


_running: set[Task] = set()


def run_in_background(parent: QWidget | None, work: Work, on_done: Callable[[Any], None],
                      label: str = "", doing: str = "", show_progress: bool = True) -> Task:
    """Start ``work``; a cancellable progress dialog shows while it runs (if asked)."""
    task = Task(work)
    _running.add(task)
    dialog: QProgressDialog | None = None
    # The progress dialog takes the activation while it shows; when it closes, the window and
    # the field the user was typing in get it back (no platform promises to do that itself).
    window = QApplication.activeWindow()
    focus = QApplication.focusWidget()
    if show_progress:
        dialog = QProgressDialog(label or tr("Đang xử lý…"), tr("Hủy"), 0, 0, parent)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.canceled.connect(task.cancel)

    def progress(done: int, total: int) -> None:
        if dialog is not None:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(done)

    def close_dialog() -> None:
        if dialog is None:
            return
        shown = dialog.isVisible()
        dialog.reset()
        dialog.close()
        dialog.deleteLater()
        if shown:
            _give_back_focus(window, focus)

    def finish(result: Any) -> None:
        _running.discard(task)
        close_dialog()
        on_done(result)

    def fail(exc: BaseException) -> None:
        _running.discard(task)
        close_dialog()
        report_exception(parent, exc, doing)

    task.signals.progress.connect(progress)
    task.signals.finished.connect(finish)
    task.signals.failed.connect(fail)
    QThreadPool.globalInstance().start(task)
    return task


def _give_back_focus(window: QWidget | None, focus: QWidget | None) -> None:
    """Reactivate ``window`` and put the cursor back in ``focus`` if both still live."""
    try:
        if window is None or not window.isVisible():
            return
        window.activateWindow()
        if focus is not None and focus.isVisible() and focus.window() is window:
            focus.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
    except RuntimeError:  # the C++ object was deleted while the work ran
        return


def wait_all(timeout_ms: int = 10_000) -> bool:
    """Wait for background tasks (application exit, tests)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
