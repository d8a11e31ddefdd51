"""Grab the login dialog and each area of the main window to PNG files (docs/screenshots).

Run under a real X server or Xvfb:  xvfb-run -a .venv/bin/python scripts/screenshots.py [DB]
With DB, the screenshots show that database (e.g. one made by the demo generator); without,
a fresh database with one administrator.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "docs" / "screenshots"


def main() -> None:
    os.environ.setdefault("INSPECTOR_HOME", tempfile.mkdtemp(prefix="inspector-shots-"))
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from inspector.services.actor import local_operator
    from inspector.services.setup import prepare_database
    from inspector.services.users import add_user, authenticate
    from inspector.ui.support import application_font, register_fonts

    QCoreApplication.setOrganizationName("Inspector")
    app = QApplication(sys.argv[:1])
    register_fonts()
    app.setFont(application_font())
    db_arg = sys.argv[1] if len(sys.argv) > 1 else str(Path(os.environ["INSPECTOR_HOME"]) / "s.sqlite")
    db = prepare_database(db_arg)
    from inspector.services.errors import ConflictError

    with contextlib.suppress(ConflictError):  # the account may already be in that database
        add_user(db, local_operator(), "chanh.tt", "Nông Văn Thanh", "chief", "mat-khau-1")
    actor = authenticate(db, "chanh.tt", "mat-khau-1")
    OUT.mkdir(parents=True, exist_ok=True)

    from inspector.ui.login import LoginDialog
    from inspector.ui.main_window import MainWindow

    login = LoginDialog(db)
    login.login.setText("chanh.tt")
    login.show()
    app.processEvents()
    login.grab().save(str(OUT / "login.png"))
    login.close()

    window = MainWindow(db, actor)
    window.resize(1280, 800)
    window.show()
    names = ["today", "establishments", "inspections", "decisions", "tallies", "catalog",
             "settings"]
    for row, name in enumerate(names):
        window.navigation.setCurrentRow(row)
        for _ in range(5):
            app.processEvents()
        window.grab().save(str(OUT / f"{name}.png"))
    print(f"screenshots in {OUT}")


if __name__ == "__main__":
    main()
