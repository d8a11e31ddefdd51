"""The chief's documents: one decision PDF, a year's reprint, and the way offices do it today.

1. One decision with 5 violations rendered in process (median of --runs; target < 100 ms).
2. The same decision made as offices do today: a .docx filled from a template (python-docx)
   and converted with ``libreoffice --headless --convert-to pdf`` (median of --lo-runs); the
   ratio to (1) is printed. Skipped with a note when LibreOffice is not installed
   (``apt-get install libreoffice-writer-nogui``).
3. Re-printing a year of 1,000 issued decisions (merging the stored PDFs, as the GUI's
   "In lại cả năm" does; target < 60 s). The year is built by issuing --issue decisions through
   the services (timed: the median issue time is printed) and copying their rows up to 1,000
   with new numbers; the copies are synthetic bench data written directly.

    python bench/decisions.py [--runs 30] [--lo-runs 3] [--issue 40] [--year-size 1000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inspector.documents.forms import render_sanction_decision  # noqa: E402
from tests.documents.sample_data import decision_2026  # noqa: E402


def docx_way(data, folder: Path) -> float:  # type: ignore[no-untyped-def]
    """Fill a .docx "template" with the decision's text and convert it with LibreOffice."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    start = time.perf_counter()
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Liberation Serif"
    style.font.size = Pt(14)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = f"{data.agency.superior_agency.upper()}\n{data.agency.agency_name.upper()}"
    table.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    table.cell(1, 0).text = f"Số: {data.number:02d}/QĐ-XPHC"
    table.cell(1, 1).text = f"{data.agency.place_name}, ngày …"
    title = document.add_paragraph("QUYẾT ĐỊNH\nXử phạt vi phạm hành chính")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for basis in data.bases:
        document.add_paragraph(basis).runs[0].italic = True
    document.add_paragraph("QUYẾT ĐỊNH:").alignment = WD_ALIGN_PARAGRAPH.CENTER
    for index, v in enumerate(data.violations, start=1):
        document.add_paragraph(f"{index}. {v.description} — {v.facts}")
        document.add_paragraph(f"Quy định tại {v.citation}; phạt tiền {v.amount:,} đồng")
    document.add_paragraph(f"{data.signer.title.upper()}\n\n\n{data.signer.full_name}")
    source = folder / "decision.docx"
    document.save(source)
    subprocess.run(["soffice", "--headless", "--norestore", "--convert-to", "pdf",
                    "--outdir", str(folder), str(source)], check=True, capture_output=True,
                   timeout=180, env={**os.environ, "HOME": str(folder)})
    assert (folder / "decision.pdf").exists()
    return time.perf_counter() - start


def build_year(db, count: int, issue: int) -> list[float]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from inspector.services import decisions, violation_records
    from inspector.services.actor import Actor, local_operator
    from inspector.services.uow import UnitOfWork
    from inspector.store.bulk import insert_rows
    from inspector.store.models import DocumentNumber, SanctionDecision
    from tests.factories import INTERNET_POINT, configure_agency, make_case

    op = local_operator()
    chief = Actor("bench.chief", "chief", device="bench")
    configure_agency(db, op)
    times = []
    first_day = date(2026, 7, 6)
    for i in range(issue):
        day = first_day + timedelta(days=(i // 5) * 7)
        case = make_case(db, op, [
            {"provision_key": f"174/2026/NĐ-CP:36.{2 + k % 2}.a", "amount": (2_000_000, 4_000_000)[k % 2],
             "facts": f"Hành vi thứ {k + 1}"} for k in range(5)], establishment={
            **INTERNET_POINT, "name": f"Đại lý Internet số {i + 1}"}, opened_on=day)
        violation_records.issue_record(db, op, case, day)
        start = time.perf_counter()
        decisions.issue_decision(db, chief, case, day + timedelta(days=2))
        times.append(time.perf_counter() - start)
    with UnitOfWork(db, op) as uow:
        s = uow.session
        template = list(s.scalars(select(SanctionDecision)))
        agency_id = template[0].agency_id
        rows, numbers = [], []
        now = template[0].created_at
        for n in range(issue + 1, count + 1):
            t = template[n % len(template)]
            new_id = uuid.uuid4()
            rows.append({"id": new_id, "created_at": now, "updated_at": now, "version": 1,
                         "case_id": t.case_id, "agency_id": agency_id, "form": "MQĐ02",
                         "year": 2026, "number": n, "number_text": f"{n:02d}/QĐ-XPHC",
                         "issued_on": t.issued_on, "signer_name": t.signer_name,
                         "signer_title": t.signer_title, "status": "issued",
                         "total_amount": t.total_amount, "snapshot": t.snapshot, "pdf": t.pdf,
                         "pdf_sha256": t.pdf_sha256, "instalments": []})
            numbers.append({"id": uuid.uuid4(), "created_at": now, "updated_at": now,
                            "version": 1, "agency_id": agency_id, "year": 2026,
                            "kind": "QĐ-XPHC", "number": n, "status": "used",
                            "document_id": new_id, "reason": ""})
        insert_rows(s.connection(), SanctionDecision, rows)
        insert_rows(s.connection(), DocumentNumber, numbers)
        uow.commit()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--lo-runs", type=int, default=3)
    parser.add_argument("--issue", type=int, default=40)
    parser.add_argument("--year-size", type=int, default=1000)
    args = parser.parse_args()

    data = decision_2026(count=5)
    render_sanction_decision(data)  # fonts registered once, as in the app
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        render_sanction_decision(data)
        times.append(time.perf_counter() - start)
    ours = statistics.median(times)
    print(f"1. decision PDF with 5 violations (reportlab): median {ours * 1000:.1f} ms "
          f"over {args.runs} runs (target < 100 ms)")

    if shutil.which("soffice"):
        lo = []
        for _ in range(args.lo_runs):
            with tempfile.TemporaryDirectory() as folder:
                lo.append(docx_way(data, Path(folder)))
        office = statistics.median(lo)
        print(f"2. same decision as .docx + libreoffice --headless --convert-to pdf: median "
              f"{office:.2f} s over {args.lo_runs} runs; ratio {office / ours:.0f}× slower")
    else:
        print("2. LibreOffice not installed: apt-get install libreoffice-writer-nogui")

    with tempfile.TemporaryDirectory() as home:
        os.environ["INSPECTOR_HOME"] = home
        from inspector.services import decisions
        from inspector.services.actor import local_operator
        from inspector.services.setup import prepare_database

        db = prepare_database(str(Path(home) / "bench.sqlite"))
        issue_times = build_year(db, args.year_size, args.issue)
        print(f"   issuing through the services (checks, number, render, store): median "
              f"{statistics.median(issue_times) * 1000:.0f} ms over {len(issue_times)} decisions")
        steps = []
        start = time.perf_counter()
        pdf = decisions.year_pdf(db, local_operator(), 2026,
                                 progress=lambda d, t: steps.append(d), cancelled=lambda: False)
        elapsed = time.perf_counter() - start
        assert pdf is not None and len(steps) == args.year_size
        print(f"3. re-printing a year of {args.year_size} decisions into one PDF "
              f"({len(pdf) / 1e6:.1f} MB): {elapsed:.1f} s (target < 60 s)")
        db.dispose()


if __name__ == "__main__":
    main()
