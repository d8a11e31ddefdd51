"""Locate and read the reference-data CSV files (province codes, phone prefixes, …).

Facts such as the 63 CCCD province codes live in ``db/reference/*.csv`` rather than
in code, so they can be reviewed and corrected without touching the validators.
Files are UTF-8 with a header row; each is read once and cached, and callers get
fresh copies so that no caller can corrupt the cache by mutating a row.
"""

from __future__ import annotations

import csv
import sys
from functools import cache
from pathlib import Path

_SOURCE_REFERENCE_DIR = Path(__file__).resolve().parents[2] / "db" / "reference"


def reference_dir() -> Path:
    """Return the directory holding the reference CSV files.

    The ``db/reference`` directory of the source checkout when it exists, otherwise
    the installed copy under ``<sys.prefix>/share/inspector/db/reference``.
    """
    if _SOURCE_REFERENCE_DIR.is_dir():
        return _SOURCE_REFERENCE_DIR
    return Path(sys.prefix) / "share" / "inspector" / "db" / "reference"


@cache
def _read_cached(name: str) -> tuple[tuple[tuple[str, str], ...], ...]:
    path = reference_dir() / name
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, strict=True)
        rows: list[tuple[tuple[str, str], ...]] = []
        for line_no, row in enumerate(reader, start=2):
            if None in row or any(value is None for value in row.values()):
                raise ValueError(f"{name}, dòng {line_no}: số cột không khớp với dòng tiêu đề")
            rows.append(tuple(row.items()))
    return tuple(rows)


def read_csv_rows(name: str) -> list[dict[str, str]]:
    """Return the rows of reference file ``name`` as dicts keyed by the header row.

    Args:
        name: a file name in :func:`reference_dir`, with or without ``.csv``.

    Raises:
        ValueError: if ``name`` is not a plain file name or a row has the wrong
            number of fields.
        FileNotFoundError: if the file does not exist.
    """
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise ValueError(f"Tên tệp dữ liệu tham chiếu không hợp lệ: {name!r}")
    if not name.endswith(".csv"):
        name += ".csv"
    return [dict(row) for row in _read_cached(name)]


def clear_cache() -> None:
    """Forget cached file contents (for tests that point at another directory)."""
    _read_cached.cache_clear()
