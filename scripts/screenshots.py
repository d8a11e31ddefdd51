"""Grab the login dialog, each area of the main window and the main forms to PNG files
(docs/screenshots), on a demo database: the seed's 2015 year, a random 2026 year, and some
2026 decisions issued, delivered and paid through the services.

Run under a real X server or Xvfb:
    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"


def build_demo(path: str) -> None:
    """The demo database the screenshots show."""
    from sqlalchemy import select

    from inspector.services import decisions, payments, violation_records
    from inspector.services.actor import Actor, local_operator
    from inspector.services.agency import AgencyInfo, save_agency
    from inspector.services.demo import SeedOptions, seed
    from inspector.services.errors import ServiceError
    from inspector.services.setup import prepare_database
    from inspector.services.signers import SignerInput, add_signer
    from inspector.services.uow import UnitOfWork
    from inspector.services.users import add_user
    from inspector.store.models import Case

    db = prepare_database(path)
    op = local_operator()
    save_agency(db, op, AgencyInfo(
        superior_agency="UBND tỉnh Cao Bằng", agency_name="Sở Khoa học và Công nghệ",
        agency_short="SKHCN", place_name="Cao Bằng", treasury_name="Kho bạc Nhà nước tỉnh Cao Bằng",
        treasury_account="3949.0.1054321"))
    add_signer(db, op, SignerInput("Lương Văn Thanh", "chief_inspector_department",
                                   valid_until=date(2025, 6, 30)))
    add_signer(db, op, SignerInput("Hoàng Văn Giám", "director_department",
                                   valid_from=date(2025, 7, 1)))
    add_user(db, op, "chanh.tt", "Hoàng Văn Giám", "chief", "mat-khau-1")
    seed(db, op, "caobang-2015", SeedOptions(year=2015, size=0))
    seed(db, op, "random", SeedOptions(year=2026, size=300, seed=7))
    chief = Actor("chanh.tt", "chief", "Hoàng Văn Giám")
    with UnitOfWork(db, op) as uow:
        cases = [(c.id, c.opened_on) for c in uow.session.scalars(
            select(Case).where(Case.status == "draft", Case.sector.in_(("internet", "game")),
                               Case.opened_on <= date(2026, 11, 10))
            .order_by(Case.opened_on))]
    issued = 0
    for case_id, opened in cases:
        if issued >= 14:
            break
        try:
            violation_records.issue_record(db, op, case_id, opened)
            info = decisions.issue_decision(db, chief, case_id, opened + timedelta(days=3))
        except ServiceError:
            continue
        issued += 1
        if issued % 3:
            payments.record_delivery(db, op, info.number or 0, 2026, opened + timedelta(days=4))
        if issued % 3 == 1:
            payments.add_payment(db, op, info.number or 0, 2026, info.total_amount,
                                  opened + timedelta(days=9), f"BL-{issued:03d}")
    db.dispose()


def main() -> None:
    os.environ.setdefault("INSPECTOR_HOME", tempfile.mkdtemp(prefix="inspector-shots-"))
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication, QWidget

    from inspector.services.setup import prepare_database
    from inspector.services.users import authenticate
    from inspector.ui.support import application_font, register_fonts

    QCoreApplication.setOrganizationName("Inspector")
    app = QApplication(sys.argv[:1])
    register_fonts()
    app.setFont(application_font())
    path = sys.argv[1] if len(sys.argv) > 1 else str(Path(os.environ["INSPECTOR_HOME"]) / "demo.sqlite")
    if len(sys.argv) <= 1:
        build_demo(path)
    db = prepare_database(path)
    actor = authenticate(db, "chanh.tt", "mat-khau-1")
    OUT.mkdir(parents=True, exist_ok=True)

    def shot(widget: QWidget, name: str) -> None:
        for _ in range(8):
            app.processEvents()
        widget.grab().save(str(OUT / f"{name}.png"))

    from inspector.ui.login import LoginDialog
    from inspector.ui.main_window import MainWindow

    login = LoginDialog(db)
    login.login.setText("chanh.tt")
    login.show()
    shot(login, "login")
    login.close()

    window = MainWindow(db, actor)
    window.resize(1360, 820)
    window.show()
    names = ["today", "establishments", "inspections", "decisions", "tallies", "catalog",
             "settings"]
    for row, name in enumerate(names):
        window.navigation.setCurrentRow(row)
        page = window.stack.currentWidget()
        if name in ("inspections", "decisions"):
            page.year.setValue(2026)  # type: ignore[attr-defined]
        if name == "tallies":
            import time

            page.year.setValue(2015)  # type: ignore[attr-defined]
            for _ in range(3):  # the year change starts a new count after a short delay
                end = time.monotonic() + 0.6
                while time.monotonic() < end:
                    app.processEvents()
                page.wait()  # type: ignore[attr-defined]
        shot(window, name)
    print(f"screenshots in {OUT}")


if __name__ == "__main__":
    main()
