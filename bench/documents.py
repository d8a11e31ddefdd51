"""Render one sanction decision (MQĐ02) with five violations N times; print the median in ms.

The target is under 100 ms in process (fonts registered once, as in the app). The first render,
which registers the fonts and builds the styles, is timed separately and not counted.

    python bench/documents.py [--runs 30] [--violations 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from inspector.documents.forms import render_sanction_decision  # noqa: E402
from tests.documents.sample_data import decision_2026  # noqa: E402

TARGET_MS = 100.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--violations", type=int, default=5)
    args = parser.parse_args()
    data = decision_2026(count=args.violations)
    start = time.perf_counter()
    first = render_sanction_decision(data)
    cold = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        render_sanction_decision(data)
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    print(f"decision with {args.violations} violations, {len(first):,} bytes: "
          f"first {cold:.1f} ms, median of {args.runs} {median:.1f} ms "
          f"(min {min(times):.1f}, max {max(times):.1f}; target < {TARGET_MS:.0f} ms) "
          f"{'OK' if median < TARGET_MS else 'SLOW'}")


if __name__ == "__main__":
    main()
