"""Memory of the whole app with the big lists open (target < 300 MB).

Runs the app's main window offscreen in a child process on a database with 100,000
establishments and about 300,000 violations (built by ``bench/fieldwork.py --db FILE`` if the
file does not exist), logs in, opens every area, scrolls the establishment list a few pages,
searches, and prints the process's peak resident memory (``ru_maxrss``).

    python bench/memory.py --db /tmp/field.sqlite
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import os, resource, sys, time
sys.path.insert(0, os.environ["ROOT"])
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
app = QApplication([])
from inspector.services.actor import local_operator
from inspector.services.setup import prepare_database
from inspector.ui.main_window import MainWindow, page_index
from inspector.ui.support import application_font, register_fonts
register_fonts(); app.setFont(application_font())
db = prepare_database(os.environ["DB"])
window = MainWindow(db, local_operator())
window.resize(1360, 820); window.show()
for row in range(window.navigation.count()):
    window.navigation.setCurrentRow(row)
    app.processEvents()
page = window.build_page(page_index("EstablishmentsPage"))
window.navigation.setCurrentRow(page_index("EstablishmentsPage"))
for _ in range(20):  # scroll: the model fetches page after page
    page.model.fetchMore()
    app.processEvents()
page.search.setText("nguyen van")
page.refresh()
rows = page.model.rowCount()
tallies = window.build_page(page_index("TalliesPage"))
window.navigation.setCurrentRow(page_index("TalliesPage"))
tallies.wait(120000)
for _ in range(50):
    app.processEvents()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{peak:.0f} {rows}")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    if not Path(args.db).exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "fieldwork.py"), "--db", args.db,
                        "--runs", "1"], check=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ROOT": str(ROOT), "DB": args.db,
           "INSPECTOR_HOME": tempfile.mkdtemp()}
    out = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    peak, rows = float(out[-2]), int(out[-1])
    print(f"peak resident memory with every area open, 2,100 list rows fetched and a search "
          f"({rows} rows shown): {peak:.0f} MB (target < 300 MB)")


if __name__ == "__main__":
    main()
