"""Thống kê: a year's (or any period's) figures as tables and charts, and the exports.

The count runs in a worker thread of the page's own pool (a national database takes a moment):
the worker only calls the query layer and hands the frozen result back through a signal; the
widgets are filled on the GUI thread. A progress bar shows which section is being counted and a
"Dừng" button stops it. Exports (Excel, CSV, PDF, Word) run in the same way, to a path asked
through ``ask_save_path`` (tests replace it so no dialog blocks).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMargins, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.money import format_vnd
from inspector.domain.roles import Permission, can
from inspector.reports.prose import draft_report
from inspector.reports.tables import ReportTable, cell_text, tally_tables
from inspector.services import clock
from inspector.services.actor import Actor
from inspector.services.tallies import STEPS, Tally, TallyCancelled, compute_tally, export_tally
from inspector.store.engine import Database
from inspector.ui import support
from inspector.ui.form_fields import DateEdit
from inspector.ui.models import Column, ListTableModel
from inspector.ui.pages.base import Page
from inspector.ui.support import UI_FONT_FAMILY, report_exception, tr

try:  # QtCharts comes with PySide6-Addons; without it the tables still show.
    from PySide6.QtCharts import (
        QBarCategoryAxis,
        QBarSeries,
        QBarSet,
        QChart,
        QChartView,
        QHorizontalBarSeries,
        QLineSeries,
        QValueAxis,
    )

    HAVE_CHARTS = True
except ImportError:  # pragma: no cover - depends on the installation
    HAVE_CHARTS = False

EXPORTS = (
    ("xlsx", "Xuất Excel", "Sổ tính Excel (*.xlsx)"),
    ("csv", "Xuất CSV", "Tệp CSV (*.csv)"),
    ("pdf", "Xuất PDF", "Tài liệu PDF (*.pdf)"),
    ("docx", "Xuất Word", "Tài liệu Word (*.docx)"),
)
TABS = (("summary", "Tổng hợp"), ("sectors", "Lĩnh vực"), ("establishment_kinds", "Loại cơ sở"),
        ("inspections", "Các cuộc"), ("provisions", "Hành vi vi phạm"), ("seized", "Tang vật"),
        ("areas", "Địa bàn"), ("months", "Theo tháng"))


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(int, object)
    failed = Signal(int, object)


class _Job(QRunnable):
    """Runs ``work(progress)`` off the GUI thread; touches no widget, only emits signals."""

    def __init__(self, generation: int, work: Callable[[Callable[[int, int, str], None]], Any]
                 ) -> None:
        super().__init__()
        self.generation = generation
        self.work = work
        self.signals = _Signals()
        self.cancelled = threading.Event()
        # Python keeps the job (see TalliesPage._jobs) until it has reported: a runnable
        # collected while the pool still runs it crashes the interpreter.
        self.setAutoDelete(False)

    def _progress(self, done: int, total: int, label: str) -> None:
        if self.cancelled.is_set():
            raise TallyCancelled()
        self.signals.progress.emit(done, total, label)

    def run(self) -> None:
        try:
            result = self.work(self._progress)
        except Exception as exc:  # reported on the GUI thread
            self.signals.failed.emit(self.generation, exc)
            return
        self.signals.finished.emit(self.generation, result)


def integer_step(top: float, ticks: int = 5) -> int:
    """A round whole step (1, 2, 5 × 10ⁿ) so about ``ticks`` intervals cover ``top``: counts
    are whole numbers, and an axis reading "0 1 1 2" (0.5 steps printed as integers) misleads."""
    raw = max(top, 1.0) / ticks
    power = 1
    while power * 10 <= raw:
        power *= 10
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def integer_ticks(axis: Any, top: float) -> None:
    """Range 0..a multiple of a whole step, one tick per step."""
    import math

    step = integer_step(top)
    upper = max(step, math.ceil(max(top, 1.0) / step) * step)
    axis.setRange(0, upper)
    axis.setTickCount(upper // step + 1)


def _getter(i: int) -> Callable[[tuple[str, ...]], str]:
    return lambda row: row[i]


def _ask_save_path(parent: QWidget, title: str, name: str, filters: str) -> str:
    from inspector.ui.support import dialogs

    return dialogs.save_file(parent, title, name, filters)


class _Card(QFrame):
    """One headline figure with the previous period's value under it."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setObjectName("card")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(0)
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        self.value = QLabel("–")
        self.value.setObjectName("cardValue")
        self.previous = QLabel("")
        self.previous.setObjectName("cardPrevious")
        for w in (self.caption, self.value, self.previous):
            layout.addWidget(w)


class TalliesPage(Page):
    title = "Thống kê"

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, parent)
        self.tally: Tally | None = None
        self.ask_save_path: Callable[[QWidget, str, str, str], str] = _ask_save_path
        self.last_export: Path | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._generation = 0
        self._job: _Job | None = None
        self._jobs: set[_Job] = set()  # every job until it reports (see _Job.__init__)
        self._export_job: _Job | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._start)
        self.setStyleSheet(
            "QFrame#card { background: #f4f7fa; border: 1px solid #c9d4df; border-radius: 4px; }"
            "QLabel#cardValue { font-size: 15pt; font-weight: bold; }"
            "QLabel#cardPrevious { color: #555; }")
        layout = QVBoxLayout(self)
        header = QLabel(tr("Thống kê công tác thanh tra, kiểm tra"))
        header.setObjectName("pageTitle")
        layout.addWidget(header)
        layout.addLayout(self._period_bar())
        layout.addLayout(self._status_bar())
        layout.addLayout(self._cards())
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.models: dict[str, ListTableModel[tuple[str, ...]]] = {}
        self.views: dict[str, QTableView] = {}
        self.charts: dict[str, Any] = {}
        for key, label in TABS:
            self.tabs.addTab(self._tab(key), tr(label))
        self.report = QTextBrowser()
        self.report.setObjectName("report")
        self.tabs.addTab(self.report, tr("Báo cáo (dự thảo)"))
        layout.addWidget(self.tabs, 1)

    # ------------------------------------------------------------------ layout

    def _period_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("Năm:")))
        self.year = QSpinBox()
        self.year.setObjectName("year")
        self.year.setRange(2000, 2100)
        self.year.setValue(clock.today().year)
        self.year.setAccessibleName(tr("Năm thống kê"))
        bar.addWidget(self.year)
        self.use_range = QCheckBox(tr("Khoảng ngày khác:"))
        self.use_range.setObjectName("useRange")
        bar.addWidget(self.use_range)
        self.date_from = DateEdit()
        self.date_to = DateEdit()
        for edit, name in ((self.date_from, "dateFrom"), (self.date_to, "dateTo")):
            edit.setObjectName(name)
            edit.setMaximumWidth(110)
            edit.setEnabled(False)
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel(tr("đến")))
        bar.addWidget(self.date_to)
        self._set_year_dates()
        bar.addStretch(1)
        self.export_buttons: dict[str, QPushButton] = {}
        allowed = can(self.actor.role, Permission.EXPORT_TALLIES)
        for fmt, label, _filters in EXPORTS:
            button = QPushButton(tr(label))
            button.setObjectName(f"export_{fmt}")
            button.setEnabled(False)
            if not allowed:
                button.setToolTip(tr("Vai trò của bạn chỉ được xem số liệu, không được xuất tệp."))
            button.clicked.connect(lambda _c=False, f=fmt: self.export(f))
            self.export_buttons[fmt] = button
            bar.addWidget(button)
        self.year.valueChanged.connect(self._year_changed)
        self.use_range.toggled.connect(self._range_toggled)
        self.date_from.day_changed.connect(lambda _d: self._schedule())
        self.date_to.day_changed.connect(lambda _d: self._schedule())
        return bar

    def _status_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.progress = QProgressBar()
        self.progress.setObjectName("progress")
        self.progress.setMaximumWidth(260)
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        self.status = QLabel("")
        self.status.setObjectName("status")
        self.stop = QPushButton(tr("Dừng"))
        self.stop.setObjectName("stop")
        self.stop.setVisible(False)
        self.stop.clicked.connect(self.cancel)
        bar.addWidget(self.progress)
        bar.addWidget(self.stop)
        bar.addWidget(self.status, 1)
        return bar

    def _cards(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(6)
        self.card_items = {
            "inspections": _Card(tr("Cuộc thanh tra")),
            "checks": _Card(tr("Cuộc kiểm tra")),
            "establishments_inspected": _Card(tr("Cơ sở được thanh tra, kiểm tra")),
            "establishments_with_violations": _Card(tr("Cơ sở có vi phạm")),
            "decisions": _Card(tr("Quyết định xử phạt")),
            "fines_imposed": _Card(tr("Tiền phạt (đồng)")),
            "fines_collected": _Card(tr("Đã thu (đồng)")),
        }
        for n, card in enumerate(self.card_items.values()):
            grid.addWidget(card, 0, n)
        return grid

    def _table_view(self, key: str) -> QTableView:
        view = QTableView()
        view.setObjectName(f"table_{key}")
        view.setAlternatingRowColors(True)
        view.verticalHeader().setVisible(False)
        header = view.horizontalHeader()
        # Long Vietnamese titles wrap onto a second line instead of being cut.
        header.setDefaultAlignment(Qt.AlignmentFlag(
            Qt.AlignmentFlag.AlignCenter.value | Qt.TextFlag.TextWordWrap.value))
        header.setMinimumHeight(44)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.setWordWrap(True)
        self.views[key] = view
        return view

    def _tab(self, key: str) -> QWidget:
        view = self._table_view(key)
        chart = self._chart(key)
        if chart is None:
            return view
        splitter = QSplitter(Qt.Orientation.Vertical if key == "months"
                             else Qt.Orientation.Horizontal)
        splitter.addWidget(view)
        splitter.addWidget(chart)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        return splitter

    def _chart(self, key: str) -> QWidget | None:
        if not HAVE_CHARTS or key not in ("summary", "sectors", "months"):
            return None
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setTitleFont(QFont(UI_FONT_FAMILY, 11, QFont.Weight.Bold))
        chart.legend().setFont(QFont(UI_FONT_FAMILY, 9))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setMargins(QMargins(4, 4, 4, 4))
        view = QChartView(chart)
        view.setObjectName(f"chart_{key}")
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumWidth(380)
        view.setMinimumHeight(240)
        self.charts[key] = view
        return view

    # ------------------------------------------------------------------ period

    def _set_year_dates(self) -> None:
        y = self.year.value()
        self.date_from.blockSignals(True)
        self.date_to.blockSignals(True)
        self.date_from.set_value(date(y, 1, 1))
        self.date_to.set_value(date(y, 12, 31))
        self.date_from.blockSignals(False)
        self.date_to.blockSignals(False)

    def _year_changed(self, _value: int) -> None:
        if not self.use_range.isChecked():
            self._set_year_dates()
        self._schedule()

    def _range_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        if not on:
            self._set_year_dates()
        self._schedule()

    def period(self) -> tuple[date, date] | None:
        """The period counted; ``None`` while a range's date is not a whole date."""
        if self.use_range.isChecked():
            first, last = self.date_from.valid_value(), self.date_to.valid_value()
            return (first, last) if first and last else None
        y = self.year.value()
        return date(y, 1, 1), date(y, 12, 31)

    def _schedule(self) -> None:
        self._timer.start()

    # ------------------------------------------------------------------ counting

    def refresh(self) -> None:
        """Count the chosen period now (the main window calls this when the page is shown)."""
        self._timer.stop()
        self._start()

    def busy(self) -> bool:
        return self._job is not None or self._export_job is not None

    def _start(self) -> None:
        period = self.period()
        if period is None:
            self.status.setText(tr("Hãy nhập khoảng ngày theo dạng dd/mm/yyyy."))
            return
        start, end = period
        if start > end:
            self.status.setText(tr("Ngày bắt đầu sau ngày kết thúc; hãy chọn lại khoảng ngày."))
            return
        if self._job is not None:
            self._job.cancelled.set()
        self._generation += 1
        db, actor = self.db, self.actor

        def work(progress: Callable[[int, int, str], None]) -> Tally:
            return compute_tally(db, actor, start, end, progress)

        job = _Job(self._generation, work)
        job.signals.progress.connect(self._on_progress)
        job.signals.finished.connect(self._on_finished)
        job.signals.failed.connect(self._on_failed)
        job.signals.finished.connect(lambda *_a, j=job: self._jobs.discard(j))
        job.signals.failed.connect(lambda *_a, j=job: self._jobs.discard(j))
        self._jobs.add(job)
        self._job = job
        self.progress.setRange(0, len(STEPS))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.stop.setVisible(True)
        self.status.setText(tr("Đang tính thống kê…"))
        self._pool.start(job)

    def cancel(self) -> None:
        """Stop the running count (the figures shown stay those of the last finished one)."""
        if self._job is not None:
            self._job.cancelled.set()

    def _on_progress(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if done < total:
            self.status.setText(tr("Đang tính: {0}…").format(tr(label)))

    def _idle(self) -> None:
        self._job = None
        self.progress.setVisible(False)
        self.stop.setVisible(False)

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._idle()
        if isinstance(exc, TallyCancelled):
            self.status.setText(tr("Đã dừng tính thống kê."))
            return
        self.status.setText(tr("Không tính được thống kê."))
        report_exception(self, exc, tr("tính thống kê"))

    def _on_finished(self, generation: int, tally: Tally) -> None:
        if generation != self._generation:
            return
        self._idle()
        self.show_tally(tally)

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Wait for the worker (tests, closing)."""
        return self._pool.waitForDone(timeout_ms)

    # ------------------------------------------------------------------ showing

    def show_tally(self, t: Tally) -> None:
        self.tally = t
        self.status.setText(tr("Số liệu {0} (từ {1} đến {2}).").format(
            t.period.label, t.period.start.strftime("%d/%m/%Y"), t.period.end.strftime("%d/%m/%Y")))
        h, p = t.headline, t.previous
        for name, card in self.card_items.items():
            now, before = getattr(h, name), getattr(p, name)
            card.value.setText(format_vnd(now, unit=False))
            card.previous.setText(tr("{0}: {1}").format(
                t.previous_period.label.capitalize(), format_vnd(before, unit=False)))
        for table in tally_tables(t):
            if table.key in self.views:
                self._fill(table)
        self.report.setPlainText(draft_report(t).plain())
        self._draw_charts(t)
        allowed = can(self.actor.role, Permission.EXPORT_TALLIES)
        for button in self.export_buttons.values():
            button.setEnabled(allowed)

    def _fill(self, table: ReportTable) -> None:
        rows = [tuple(cell_text(v, table.kind_of(r, c)) for c, v in enumerate(row))
                for r, row in enumerate(table.rows)]
        if table.has_total:
            rows.append(tuple(cell_text(v, c.kind) if c.total else str(v or "")
                              for c, v in zip(table.columns, table.totals(), strict=True)))
        right = Qt.AlignmentFlag.AlignRight
        left = Qt.AlignmentFlag.AlignLeft
        columns: list[Column[tuple[str, ...]]] = [
            Column(tr(c.title), _getter(i), right if c.kind in ("int", "money") else left)
            for i, c in enumerate(table.columns)]
        model = self.models.get(table.key)
        if model is None or len(model.columns) != len(columns):
            model = ListTableModel(columns)
            self.models[table.key] = model
            self.views[table.key].setModel(model)
        else:
            model.columns = columns
        model.set_items(rows)
        view = self.views[table.key]
        for i, c in enumerate(table.columns):
            view.setColumnWidth(i, max(56, min(c.width * 7, 330)))
        view.resizeRowsToContents()

    def _draw_charts(self, t: Tally) -> None:
        if not HAVE_CHARTS:
            return
        # Bars lie horizontally so the sector names stay readable; the first sector on top.
        sectors = [s for s in t.sectors if s.establishments_inspected
                   or s.establishments_with_violations or s.fines_imposed][::-1]
        for key in ("summary", "sectors"):
            chart = self.charts[key].chart()
            chart.removeAllSeries()
            for axis in chart.axes():
                chart.removeAxis(axis)
            series = QHorizontalBarSeries()
            if key == "summary":
                chart.setTitle(tr("Cơ sở theo lĩnh vực"))
                sets: tuple[tuple[str, list[float]], ...] = (
                    (tr("Có vi phạm"), [float(s.establishments_with_violations) for s in sectors]),
                    (tr("Được thanh tra, kiểm tra"),
                     [float(s.establishments_inspected) for s in sectors]))
                fmt = "%.0f"
            else:
                chart.setTitle(tr("Tiền phạt theo lĩnh vực (triệu đồng)"))
                sets = ((tr("Đã thu"), [s.fines_collected / 1e6 for s in sectors]),
                        (tr("Theo quyết định"), [s.fines_imposed / 1e6 for s in sectors]))
                fmt = "%.1f"
            top = 0.0
            for label, values in sets:
                bar = QBarSet(label)
                bar.append(values)
                bar.setLabelFont(QFont(UI_FONT_FAMILY, 8))
                bar.setLabelColor(Qt.GlobalColor.black)
                series.append(bar)
                top = max([top, *values])
            series.setLabelsVisible(True)
            series.setLabelsFormat("@value")
            series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
            chart.addSeries(series)
            categories = QBarCategoryAxis()
            categories.append([tr(s.short_label) for s in sectors] or [tr("(không có)")])
            categories.setLabelsFont(QFont(UI_FONT_FAMILY, 9))
            values_axis = QValueAxis()
            integer_ticks(values_axis, top * 1.2)
            values_axis.setLabelFormat(fmt)
            values_axis.setLabelsFont(QFont(UI_FONT_FAMILY, 8))
            chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
            chart.addAxis(values_axis, Qt.AlignmentFlag.AlignBottom)
            series.attachAxis(categories)
            series.attachAxis(values_axis)
        chart = self.charts["months"].chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setTitle(tr("Theo tháng"))
        lines: list[tuple[str, list[int], bool]] = [
            (tr("Lượt cơ sở được thanh tra, kiểm tra"), [m.visits for m in t.months], False),
            (tr("Hành vi vi phạm"), [m.violations for m in t.months], False)]
        if len(t.previous_months) == len(t.months):
            lines.append((tr("Hành vi vi phạm {0}").format(t.previous_period.label),
                          [m.violations for m in t.previous_months], True))
        months = QBarCategoryAxis()
        months.append([m.label[:2] + ("/" + str(m.year)[2:] if len(t.months) > 12 else "")
                       for m in t.months])
        months.setLabelsFont(QFont(UI_FONT_FAMILY, 8))
        values_axis = QValueAxis()
        top = max([1, *[v for _, vs, _ in lines for v in vs]])
        integer_ticks(values_axis, top * 1.15)
        values_axis.setLabelFormat("%.0f")
        values_axis.setLabelsFont(QFont(UI_FONT_FAMILY, 8))
        chart.addAxis(months, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values_axis, Qt.AlignmentFlag.AlignLeft)
        for label, points, dashed in lines:
            line = QLineSeries()
            line.setName(label)
            for x, v in enumerate(points):
                line.append(float(x), float(v))
            chart.addSeries(line)
            if dashed:
                pen = QPen(line.pen())
                pen.setStyle(Qt.PenStyle.DashLine)
                line.setPen(pen)
            line.setPointsVisible(True)
            line.attachAxis(months)
            line.attachAxis(values_axis)

    # ------------------------------------------------------------------ exports

    def export(self, fmt: str) -> None:
        """Ask where to save and write the shown figures in ``fmt`` off the GUI thread."""
        t = self.tally
        if t is None or self._export_job is not None:
            return
        label, filters = next((lb, fl) for f, lb, fl in EXPORTS if f == fmt)
        suffix = f".{fmt}"
        name = f"thong-ke-{t.period.start.isoformat()}-{t.period.end.isoformat()}{suffix}"
        if t.period.is_year:
            name = f"thong-ke-{t.period.start.year}{suffix}"
        path = self.ask_save_path(self, tr(label), name, tr(filters))
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
        db, actor = self.db, self.actor

        def work(_progress: Callable[[int, int, str], None]) -> Path:
            return Path(export_tally(db, actor, t, fmt, target))

        job = _Job(-1, work)
        self._jobs.add(job)
        job.signals.finished.connect(lambda *_a, j=job: self._jobs.discard(j))
        job.signals.failed.connect(lambda *_a, j=job: self._jobs.discard(j))
        job.signals.finished.connect(self._exported)
        job.signals.failed.connect(self._export_failed)
        self._export_job = job
        for button in self.export_buttons.values():
            button.setEnabled(False)
        self.status.setText(tr("Đang xuất tệp {0}…").format(target.name))
        self._pool.start(job)

    def _export_done(self) -> None:
        self._export_job = None
        allowed = can(self.actor.role, Permission.EXPORT_TALLIES)
        for button in self.export_buttons.values():
            button.setEnabled(allowed and self.tally is not None)

    def _exported(self, _generation: int, path: Path) -> None:
        self._export_done()
        self.last_export = path
        self.status.setText(tr("Đã xuất: {0}").format(str(path)))
        support.dialogs.info(self, tr("Đã xuất tệp"), tr("Đã lưu số liệu vào tệp:\n{0}")
                             .format(str(path)))

    def _export_failed(self, _generation: int, exc: BaseException) -> None:
        self._export_done()
        self.status.setText(tr("Không xuất được tệp."))
        report_exception(self, exc, tr("xuất số liệu thống kê"))
