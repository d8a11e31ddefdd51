"""A PDF preview pane with Save and Print, over bytes the services produced."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from inspector.ui.support import dialogs, tr


class PdfPreview(QWidget):
    """Shows a PDF; the buttons save it or send it to the system's printer dialog."""

    printed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = b""
        self.file_name = "van-ban.pdf"
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.save_button = QPushButton(tr("Lưu PDF…"))
        self.save_button.setObjectName("savePdf")
        self.print_button = QPushButton(tr("In…"))
        self.print_button.setObjectName("printPdf")
        bar.addStretch(1)
        bar.addWidget(self.save_button)
        bar.addWidget(self.print_button)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.save_button.clicked.connect(self.save)
        self.print_button.clicked.connect(self.print_)
        self.set_pdf(b"")

    def set_pdf(self, data: bytes, file_name: str = "van-ban.pdf") -> None:
        self.data = data
        self.file_name = file_name
        self.document.close()
        self._buffer = None
        if data:
            buffer = QBuffer(self)
            buffer.setData(QByteArray(data))
            buffer.open(QIODevice.OpenModeFlag.ReadOnly)
            self._buffer = buffer
            self.document.load(buffer)
        self.save_button.setEnabled(bool(data))
        self.print_button.setEnabled(bool(data))

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def save(self) -> str:
        path = dialogs.save_file(self, tr("Lưu văn bản"), self.file_name, "PDF (*.pdf)")
        if path:
            with open(path, "wb") as fh:
                fh.write(self.data)
        return path

    def print_(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setResolution(300)
        printer.setDocName(self.file_name)
        if dialogs.run_modal(QPrintDialog(printer, self)):
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> object:
        """Print the PDF unscaled, in the background (see ``inspector.ui.printing``)."""
        from inspector.ui.printing import (
            PrintCancelled,
            print_with_lp,
            render_to_printer,
            system_print_command,
        )
        from inspector.ui.tasks import run_in_background

        data = self.data
        if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and \
                printer.outputFileName():
            with open(printer.outputFileName(), "wb") as fh:
                fh.write(data)
            self.printed.emit(printer.outputFileName())
            return None
        lp = system_print_command()
        name, title, copies = printer.printerName(), self.file_name, printer.copyCount()

        def work(progress, cancelled):  # type: ignore[no-untyped-def]
            if lp is not None:
                return print_with_lp(lp, data, name, title, copies)
            try:
                return render_to_printer(data, printer, progress, cancelled)
            except PrintCancelled:
                return None

        return run_in_background(self, work, lambda r: self.printed.emit(str(r or "")),
                                 tr("Đang in {0}…").format(title), tr("in văn bản"))


class PdfDialog(QWidget):
    """A window showing one generated document with Save and Print."""

    def __init__(self, title: str, data: bytes, file_name: str,
                 parent: QWidget | None = None) -> None:
        from PySide6.QtCore import Qt

        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.preview = PdfPreview(self)
        self.preview.set_pdf(data, file_name)
        layout.addWidget(self.preview)
        self.resize(760, 900)
