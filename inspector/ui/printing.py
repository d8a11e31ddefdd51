"""Printing a generated PDF without moving its margins.

Decree 30/2020 fixes the margins of an administrative document, so a page is never scaled to
the printer's printable area. Three ways, the best one that exists:

1. "In ra tệp (PDF)": the document's own bytes are written — exact, instant.
2. A system print service (CUPS ``lp``): the PDF itself is handed over, unscaled
   (``print-scaling=none``); the printer's driver rasterises it.
3. Otherwise the pages are drawn at their physical size on the full paper, rendered at the
   printer's resolution capped at 300 dpi (1200 dpi made a 2-page decision a 10 MB job and
   1.2 GB of memory), in the background with progress and cancel.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from inspector.ui.support import tr

MAX_DPI = 300


class PrintCancelled(Exception):
    pass


def system_print_command() -> str | None:
    """The ``lp`` of the system's print service, if there is one."""
    return shutil.which("lp")


def lp_arguments(printer_name: str, title: str, copies: int) -> list[str]:
    args = ["-t", title, "-n", str(max(1, copies)), "-o", "print-scaling=none"]
    if printer_name:
        args = ["-d", printer_name, *args]
    return args


def print_with_lp(lp: str, data: bytes, printer_name: str, title: str, copies: int = 1) -> str:
    """Hand the PDF to the print service; returns its answer (the job id line)."""
    done = subprocess.run([lp, *lp_arguments(printer_name, title, copies), "-"], input=data,
                          capture_output=True, timeout=120)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise OSError(0, tr("Dịch vụ in của hệ thống từ chối: {0}").format(message), "lp")
    return done.stdout.decode("utf-8", "replace").strip()


def render_to_printer(data: bytes, printer: QPrinter,
                      progress: Callable[[int, int], None] = lambda d, t: None,
                      cancelled: Callable[[], bool] = lambda: False) -> int:
    """Draw every page at its exact physical size on the full paper; returns pages printed.

    Safe off the GUI thread: the PDF document and the painter are created here (Qt allows a
    QPainter on a QPrinter in a worker thread).
    """
    document = QPdfDocument()
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    pages = document.pageCount()
    if pages <= 0:
        raise ValueError("the PDF has no page")
    first = document.pagePointSize(0)
    printer.setFullPage(True)
    printer.setPageLayout(QPageLayout(
        QPageSize(first, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch),
        QPageLayout.Orientation.Portrait if first.height() >= first.width()
        else QPageLayout.Orientation.Landscape, QMarginsF(0, 0, 0, 0)))
    device_dpi = printer.resolution()
    dpi = min(device_dpi, MAX_DPI)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(0, tr("Không mở được máy in."), printer.printerName() or "")
    printed = 0
    try:
        for page in range(pages):
            if cancelled():
                printer.abort()
                raise PrintCancelled()
            if page:
                printer.newPage()
            size = document.pagePointSize(page)
            pixels = QSize(round(size.width() / 72 * dpi), round(size.height() / 72 * dpi))
            image = document.render(page, pixels)
            target = QRectF(0, 0, size.width() / 72 * device_dpi, size.height() / 72 * device_dpi)
            painter.drawImage(target, image)
            printed += 1
            progress(printed, pages)
    finally:
        painter.end()
        document.close()
    return printed
