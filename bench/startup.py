"""Cold start of the app, beside a bare PySide6 floor: the login window, then the main window.

Each run is a new process. The floor is a process that imports PySide6, shows an empty
QMainWindow and says so. The app run (``--bench-login``) prints ``login`` when its login window
is shown (timed by this parent from spawn to that line), types the password into it, and prints
``main <seconds>``: from the password accepted to the main window shown.

Targets: login window shown <= 1.5 x the floor; main window <= 0.3 s after the password check.

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
from _common import ROOT, median, python, time_until_line

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


def app_run(cmd: list[str], stdin: str, env: dict[str, str]) -> tuple[float, float]:
    """(seconds from spawn to the login window shown, seconds from password to main window)."""
    import time

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env={**os.environ, **env},
                            cwd=ROOT)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(stdin)
    proc.stdin.close()
    first = proc.stdout.readline()
    login = time.perf_counter() - start
    second = proc.stdout.readline()
    proc.wait(timeout=60)
    if not first.startswith("login") or not second.startswith("main"):
        raise RuntimeError(f"unexpected output: {first!r} {second!r}")
    return login, float(second.split()[1])


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
        app_cmd = [python(), "main.py", "--db", db, "--bench-login", "bench"]
        floor: list[float] = []
        login: list[float] = []
        main_after: list[float] = []
        time_until_line([python(), "-c", FLOOR], env=env)  # warm the page cache once
        app_run(app_cmd, "mat-khau-1\n", env)
        for _ in range(args.runs):
            floor.append(time_until_line([python(), "-c", FLOOR], env=env))
            first, then = app_run(app_cmd, "mat-khau-1\n", env)
            login.append(first)
            main_after.append(then)
    f, lg, m = median(floor), median(login), median(main_after)
    print(f"runs: {args.runs} each, platform {env['QT_QPA_PLATFORM']}")
    print(f"floor (bare PySide6 QMainWindow shown):      median {f:.3f} s")
    print(f"login window shown:                          median {lg:.3f} s "
          f"(ratio {lg / f:.2f}, target <= 1.5)")
    print(f"main window shown after the password check:  median {m:.3f} s (target <= 0.3 s)")


if __name__ == "__main__":
    main()
