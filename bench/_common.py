"""Helpers shared by the bench scripts: medians and child processes."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def median(values: list[float]) -> float:
    return statistics.median(values)


def time_until_line(cmd: list[str], stdin: str = "", env: dict[str, str] | None = None) -> float:
    """Seconds from spawning ``cmd`` until it prints its first line on stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True,
                            env={**os.environ, **(env or {})}, cwd=ROOT)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(stdin)
    proc.stdin.close()
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait(timeout=60)
    if not line:
        raise RuntimeError(f"{cmd} printed nothing")
    return elapsed


def python() -> str:
    return sys.executable
