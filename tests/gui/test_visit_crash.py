"""A crash mid-edit loses at most the last few seconds: the app process is killed with SIGKILL
(no chance to save on the way out) and the draft brings back what had been typed."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from inspector.services.actor import Actor
from inspector.store.engine import Database
from inspector.ui.visit_form import VisitForm, pending_drafts
from tests.conftest import make_actor
from tests.gui import crash_child
from tests.gui.conftest import GUI_TODAY
from tests.gui.test_visit_form import make_place

CHILD = Path(crash_child.__file__)


def _wait_for_marker(proc: subprocess.Popen[str], timeout: float) -> str:
    assert proc.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if selector.select(timeout=0.1):
            line = proc.stdout.readline()
            if line.startswith(crash_child.MARKER):
                return line.split()[1]
            if not line and proc.poll() is not None:
                break
    proc.kill()
    _out, err = proc.communicate()
    raise AssertionError(f"the child never saved a draft:\n{err}")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")
def test_sigkill_mid_edit_then_the_draft_brings_it_back(qtbot: QtBot, db: Database,
                                                         db_path: Path, operator: Actor) -> None:
    """The child types an answer, a note, a violation and its amount, sees its draft saved,
    goes on typing and is killed; the parent finds the draft and reopens it with every value
    typed before the save."""
    place = make_place(db, operator)
    actor = make_actor("inspector", "lan")
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), str(db_path), str(place.inspection), str(place.internet),
         actor.login, GUI_TODAY.isoformat()],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        key = _wait_for_marker(proc, timeout=30)
        time.sleep(0.3)  # mid-edit: typing into the notes when the power goes
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
        if proc.stdout:
            proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert [d.record_key for d in pending_drafts(db, actor)] == [key]
    form = VisitForm.resume(db, actor, key)
    qtbot.addWidget(form)
    row = form.checklist.rows["signboard"]
    assert row.answer() == "no" and row.note.text() == crash_child.NOTE
    assert len(form.violations.entries) == 1
    entry = form.violations.entries[0]
    assert entry["checklist_item"] == "signboard" and entry["provision_key"]
    assert crash_child.FACTS in entry["facts"]
    assert entry["amount"] == crash_child.AMOUNT
    editor = form.violations.violation_editor
    assert editor.amount.text() == crash_child.AMOUNT
    form.refresh_now()
    assert form.save_button.isEnabled(), form.save_reason.text()
    with qtbot.waitSignal(form.saved, timeout=3000):
        form.save()
    assert pending_drafts(db, actor) == []
