"""Cold start of the app to a shown, logged-in main window, beside a bare PySide6 floor.

Each run is a new process. The floor is a process that imports PySide6, shows an empty
QMainWindow and says so; the app run logs in with --login/--password-stdin and says so when its
main window is shown. Both are timed by this parent from spawn to that line.

    python bench/startup.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import median, python, time_until_line

FLOOR = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow()
w.show()
def done():
    print("shown", flush=True)
    app.quit()
QTimer.singleShot(0, done)
app.exec()
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = {"QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    with tempfile.TemporaryDirectory() as home:
        env["INSPECTOR_HOME"] = home
        db = str(Path(home) / "bench.sqlite")
        subprocess.run([python(), "-m", "inspector", "--db", db, "user", "add", "bench",
                        "--role", "chief", "--name", "Người đo"], input="mat-khau-1\n",
                       text=True, check=True, env={**os.environ, **env}, capture_output=True)
        app_cmd = [python(), "main.py", "--db", db, "--login", "bench", "--password-stdin",
                   "--quit-after-show"]
        floor, app = [], []
        time_until_line([python(), "-c", FLOOR], env=env)  # warm the page cache once
        time_until_line(app_cmd, stdin="mat-khau-1\n", env=env)
        for _ in range(args.runs):
            floor.append(time_until_line([python(), "-c", FLOOR], env=env))
            app.append(time_until_line(app_cmd, stdin="mat-khau-1\n", env=env))
    f, a = median(floor), median(app)
    print(f"runs: {args.runs} each, platform {env['QT_QPA_PLATFORM']}")
    print(f"floor (bare PySide6 QMainWindow shown): median {f:.3f} s")
    print(f"app (login + main window shown):        median {a:.3f} s")
    print(f"ratio app/floor: {a / f:.2f} (target <= 1.5); app target < 1.5 s")


if __name__ == "__main__":
    main()
