"""One entry point for every export format, used by the CLI and the Thống kê page alike.

Files are written atomically (a temporary file in the same folder, then a rename), so a failed
or interrupted export never leaves a half-written report where the old one was.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from inspector.reports.heading import ReportHeading
from inspector.services.tallies import Tally

__all__ = ["FORMATS", "SUFFIXES", "render", "write_atomically"]

FORMATS = ("json", "csv", "xlsx", "pdf", "docx")
SUFFIXES = {"json": ".json", "csv": ".csv", "xlsx": ".xlsx", "pdf": ".pdf", "docx": ".docx"}


def render(t: Tally, fmt: str, heading: ReportHeading | None = None,
           table: str | None = None) -> bytes:
    """The bytes of the tally in ``fmt`` (one of :data:`FORMATS`)."""
    heading = heading or ReportHeading()
    if fmt == "json":
        from inspector.reports.tally_json import tally_to_json

        text = json.dumps(tally_to_json(t), ensure_ascii=False, indent=2)
        return (text + "\n").encode("utf-8")
    if fmt == "csv":
        from inspector.reports.csv_export import tally_csv

        return tally_csv(t, table)
    if fmt == "xlsx":
        from inspector.reports.xlsx import tally_xlsx

        return tally_xlsx(t, heading.issuer)
    if fmt == "pdf":
        from inspector.reports.pdf import tally_pdf

        return tally_pdf(t, heading)
    if fmt == "docx":
        from inspector.reports.docx_export import tally_docx

        return tally_docx(t, heading)
    raise ValueError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")


def _umask() -> int:
    try:  # Linux: read it without changing it (os.umask would, for every thread)
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(data: bytes, path: Path) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        # mkstemp makes the file 0600; an exported file gets the permissions of any file the
        # user saves (0666 less the umask), so colleagues and other programs can open it.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
