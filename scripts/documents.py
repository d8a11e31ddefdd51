"""Regenerate docs/documents/ from documents issued through the services on the demo scenarios.

Why: the renderings in docs/ must show what the app really issues, not hand-written samples.
Two databases are built in a temporary folder — the caobang-2015 scenario and the random
scenario of 2026 — and one document of each kind is taken from each, as stored when issued
(decision, violation record, seizure record, checking record, reminder letter, transfer
letter where a case exceeds competence, and an amending decision issued here through the
service). Each PDF is rendered with ``pdftoppm -png -r 80``.

    python scripts/documents.py [--out docs/documents] [--keep-pdf]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("INSPECTOR_HOME", tempfile.mkdtemp(prefix="inspector-docs-home-"))

from sqlalchemy import select  # noqa: E402

from inspector.services import demo  # noqa: E402
from inspector.services.actor import Actor, local_operator  # noqa: E402
from inspector.services.amendments import amend_decision  # noqa: E402
from inspector.services.decisions import decision_pdf, list_decisions  # noqa: E402
from inspector.services.issued_documents import document_pdf, list_documents  # noqa: E402
from inspector.services.scenarios.caobang2015 import build_caobang_2015  # noqa: E402
from inspector.services.setup import prepare_database  # noqa: E402
from inspector.store.engine import Database  # noqa: E402
from inspector.store.models import ViolationRecord  # noqa: E402


def build(folder: Path) -> dict[str, tuple[Database, int]]:
    """The two demo databases, each with the year its documents are dated."""
    operator = local_operator()
    caobang = prepare_database(str(folder / "caobang-2015.sqlite"))
    build_caobang_2015(caobang, operator)
    random26 = prepare_database(str(folder / "random-2026.sqlite"))
    demo.seed(random26, operator, "random", demo.SeedOptions(year=2026, size=60, seed=2))
    return {"2015": (caobang, 2015), "2026": (random26, 2026)}


def issued(db: Database, year: int) -> dict[str, bytes]:
    """One stored PDF of each kind issued in ``year``."""
    actor = local_operator()
    chief = Actor(login="docs:chief", role="chief", full_name="", device=actor.device)
    out: dict[str, bytes] = {}
    decisions = [d for d in list_decisions(db, actor, year) if d.number and not d.amends_id]
    decisions.sort(key=lambda d: d.number or 0)
    if decisions:
        first = max(decisions, key=lambda d: d.total_amount)  # the fullest example
        assert first.number is not None
        out["sanction_decision"] = decision_pdf(db, actor, first.number, year)
        last = decisions[-1]
        assert last.number is not None and last.issued_on is not None
        on = min(last.issued_on + timedelta(days=5), date.today())
        amended = amend_decision(
            db, chief, last.number, year, "correct",
            "Ghi sai số nhà trong địa chỉ của người vi phạm",
            ["Sửa địa chỉ tại khoản 1 Điều 1 thành địa chỉ đúng ghi trong biên bản vi phạm "
             "hành chính"], on=on)
        assert amended.number is not None
        out["correcting_decision"] = decision_pdf(db, actor, amended.number, year)
    with db.sessions() as s:
        record = s.scalar(select(ViolationRecord).where(
            ViolationRecord.year == year, ViolationRecord.status == "issued",
            ViolationRecord.pdf.is_not(None)).order_by(ViolationRecord.number))
        if record is not None and record.pdf:
            out["violation_record"] = record.pdf
    for kind, name in (("seizure", "seizure_record"), ("no-violation", "checking_record"),
                       ("reminder", "reminder_letter"), ("transfer", "transfer_letter")):
        rows = list_documents(db, actor, year, kind)
        if rows:
            out[name] = document_pdf(db, actor, kind, rows[0].number, year)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "documents"))
    parser.add_argument("--keep-pdf", action="store_true", help="keep the PDFs beside the PNGs")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory(prefix="inspector-docs-") as tmp:
        folder = Path(tmp)
        for era, (db, year) in build(folder).items():
            for name, pdf in issued(db, year).items():
                stem = f"{name}_{era}"
                path = folder / f"{stem}.pdf"
                path.write_bytes(pdf)
                subprocess.run(["pdftoppm", "-png", "-r", "80", str(path), str(out / stem)],
                               check=True)
                if args.keep_pdf:
                    shutil.copy(path, out / path.name)
                print(f"{stem}: {len(pdf)} bytes")
            db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
