"""Regenerate the PNG renderings of every sample document in this folder.

Each sample of ``tests/documents/sample_data.py`` (plus an unnumbered draft of the 2026 decision)
is rendered to PDF and its first page (and the second page of the long decision) converted with
``pdftoppm -png -r 70`` (poppler-utils).

    python docs/documents/render_samples.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from inspector.documents import forms, model  # noqa: E402
from tests.documents.sample_data import all_samples, decision_2026  # noqa: E402

RENDERERS: dict[type, Callable[[Any], bytes]] = {
    model.ViolationRecordData: forms.render_violation_record,
    model.SanctionDecisionData: forms.render_sanction_decision,
    model.DecisionWithoutRecordData: forms.render_decision_without_record,
    model.SeizureRecordData: forms.render_seizure_record,
    model.NoViolationRecordData: forms.render_no_violation_record,
    model.ReminderLetterData: forms.render_reminder_letter,
    model.TransferLetterData: forms.render_transfer_letter,
}
#: Which pages to keep per sample (1-based); the long decision shows its numbered page 2 too.
PAGES = {"sanction_decision_2026_long": (1, 2)}


def main() -> None:
    if shutil.which("pdftoppm") is None:
        sys.exit("pdftoppm not found: install poppler-utils")
    for old in HERE.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as tmp:
        samples = {**all_samples(), "sanction_decision_2026_draft": decision_2026(number=None)}
        for name, data in samples.items():
            pdf = Path(tmp) / f"{name}.pdf"
            pdf.write_bytes(RENDERERS[type(data)](data))
            for page in PAGES.get(name, (1,)):
                stem = HERE / f"{name}-p{page}"
                subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", str(page), "-l", str(page),
                                "-singlefile", str(pdf), str(stem)], check=True)
                print(stem.with_suffix(".png").relative_to(ROOT))


if __name__ == "__main__":
    main()
