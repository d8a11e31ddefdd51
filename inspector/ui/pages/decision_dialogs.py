"""The dialogs of the decision register: delivery and payment (fine and late charge apart),
deferral and instalments, amendment, correction and annulment, the national export."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from inspector.domain.money import format_vnd, parse_vnd
from inspector.services import amendments, decisions, national_export, payments
from inspector.services.actor import Actor
from inspector.services.errors import ServiceError
from inspector.store.engine import Database
from inspector.ui.support import dialog_buttons, dialogs, message_label, today_qdate, tr


class FollowUpDialog(QDialog):
    """Record the delivery date, or a payment (date, amount, receipt number, collecting body),
    with the fine and the late charge (Law Art 78) shown apart: due, paid, still owed on the
    day of payment."""

    def __init__(self, db: Database, actor: Actor, info: decisions.DecisionInfo, payment: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.info = info
        self.payment = payment
        self.setWindowTitle(tr("Ghi nộp phạt") if payment else tr("Ghi ngày giao quyết định"))
        form = QFormLayout(self)
        form.addRow(QLabel(tr("Quyết định {0} — {1}").format(info.number_text, info.violator)))
        self.day = QDateEdit(today_qdate())
        self.day.setObjectName("day")
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setCalendarPopup(True)
        form.addRow(tr("Ngày nộp:") if payment else tr("Ngày giao:"), self.day)
        self.fine_line = QLabel("")
        self.fine_line.setObjectName("fineLine")
        self.charge_line = QLabel("")
        self.charge_line.setObjectName("chargeLine")
        self.charge_line.setWordWrap(True)
        self.amount = QLineEdit(format_vnd(info.owed, unit=False))
        self.amount.setObjectName("amount")
        self.receipt = QLineEdit()
        self.receipt.setObjectName("receipt")
        self.collector = QLineEdit()
        self.collector.setObjectName("collector")
        self.collector.setPlaceholderText(tr("Kho bạc Nhà nước ghi trên quyết định (mặc định)"))
        if payment:
            form.addRow(tr("Tiền phạt:"), self.fine_line)
            form.addRow(tr("Tiền chậm nộp:"), self.charge_line)
            form.addRow(tr("Số tiền (đồng):"), self.amount)
            form.addRow(tr("Số biên lai:"), self.receipt)
            form.addRow(tr("Nơi thu:"), self.collector)
            self.day.dateChanged.connect(lambda _d: self.show_position())
            self.show_position()
        self.message = message_label()
        form.addRow(self.message)
        self.buttons = dialog_buttons(self, "Lưu", self.save)
        form.addRow(self.buttons)

    def show_position(self) -> None:
        """Fine and late charge as they stand on the chosen day (the service computes them)."""
        day = self.day.date().toPython()
        assert isinstance(day, date)
        try:
            now = payments.position(self.db, self.actor, self.info.number or 0, self.info.year,
                                    day)
        except ServiceError as exc:
            self.fine_line.setText(exc.vi)
            return
        self.fine_line.setText(tr("phải nộp {0}; đã nộp {1}; còn {2}").format(
            format_vnd(now.total_amount), format_vnd(now.fine_paid), format_vnd(now.fine_owed)))
        if now.late_charge:
            self.charge_line.setText(tr("phải nộp {0}; đã nộp {1}; còn {2} (Luật XLVPHC "
                                        "Điều 78: 0,05 % mỗi ngày chậm nộp)").format(
                format_vnd(now.late_charge), format_vnd(now.charge_paid),
                format_vnd(now.charge_owed)))
        else:
            self.charge_line.setText(tr("không có"))
        self.amount.setText(format_vnd(now.owed, unit=False))

    def save(self) -> None:
        day = self.day.date().toPython()
        assert isinstance(day, date)
        number, year = self.info.number or 0, self.info.year
        db, actor = self.db, self.actor
        try:
            if self.payment:
                amount = parse_vnd(self.amount.text())
                payments.add_payment(db, actor, number, year, amount, day, self.receipt.text(),
                                     self.collector.text() or None)
            else:
                payments.record_delivery(db, actor, number, year, day)
        except (ServiceError, ValueError) as exc:
            self.message.setText(exc.vi if isinstance(exc, ServiceError) else str(exc))
            return
        self.accept()


class DeferDialog(QDialog):
    """Defer the payment (Law Art 76) or let it be paid in instalments (Art 79); the service
    checks who may ask and the limits (dated rules, some still unconfirmed)."""

    def __init__(self, db: Database, actor: Actor, info: decisions.DecisionInfo,
                 instalments: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.info, self.instalments = db, actor, info, instalments
        self.setWindowTitle(tr("Cho nộp tiền phạt nhiều lần") if instalments
                            else tr("Hoãn thi hành quyết định phạt tiền"))
        form = QFormLayout(self)
        form.addRow(QLabel(tr("Quyết định {0} — {1}; tiền phạt {2}").format(
            info.number_text, info.violator, format_vnd(info.total_amount))))
        self.on = self._date(today_qdate(), "on")
        form.addRow(tr("Ngày quyết định:"), self.on)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(tr("Số, ngày đơn đề nghị và lý do"))
        form.addRow(tr("Lý do:"), self.reason)
        self.until = self._date(today_qdate().addMonths(1), "until")
        self.force = QCheckBox(tr("Thiên tai, hỏa hoạn, dịch bệnh hoặc sự kiện bất khả kháng "
                                  "(bắt buộc với tổ chức)"))
        self.force.setObjectName("forceMajeure")
        self.rows: list[tuple[QDateEdit, QLineEdit]] = []
        if instalments:
            for i in range(3):
                day = self._date(today_qdate().addMonths(i + 1), f"due{i + 1}")
                amount = QLineEdit()
                amount.setObjectName(f"amount{i + 1}")
                amount.setPlaceholderText(tr("để trống nếu không dùng"))
                line = QHBoxLayout()
                line.addWidget(day)
                line.addWidget(amount, 1)
                form.addRow(tr("Lần {0}:").format(i + 1), line)
                self.rows.append((day, amount))
        else:
            form.addRow(tr("Hoãn đến ngày:"), self.until)
            form.addRow(self.force)
        self.message = message_label()
        form.addRow(self.message)
        self.buttons = dialog_buttons(self, "Lưu", self.save)
        form.addRow(self.buttons)

    @staticmethod
    def _date(value: QDate, name: str) -> QDateEdit:
        edit = QDateEdit(value)
        edit.setObjectName(name)
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setCalendarPopup(True)
        return edit

    def save(self) -> None:
        on = self.on.date().toPython()
        assert isinstance(on, date)
        number, year = self.info.number or 0, self.info.year
        try:
            if self.instalments:
                plan = []
                for day_edit, amount_edit in self.rows:
                    if amount_edit.text().strip():
                        day = day_edit.date().toPython()
                        assert isinstance(day, date)
                        plan.append((day, parse_vnd(amount_edit.text())))
                payments.allow_instalments(self.db, self.actor, number, year, plan,
                                           self.reason.text(), on)
            else:
                until = self.until.date().toPython()
                assert isinstance(until, date)
                payments.defer_payment(self.db, self.actor, number, year, until,
                                       self.reason.text(), self.force.isChecked(), on)
        except (ServiceError, ValueError) as exc:
            self.message.setText(exc.vi if isinstance(exc, ServiceError) else str(exc))
            return
        self.accept()


class ExportDialog(QDialog):
    """The period's decisions for the national database (Decree 20/2016), in one file."""

    def __init__(self, db: Database, actor: Actor, year: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.year = db, actor, year
        self.header: dict[str, object] | None = None
        self.path = ""
        self.setWindowTitle(tr("Xuất dữ liệu cho Cơ sở dữ liệu quốc gia"))
        form = QFormLayout(self)
        form.addRow(QLabel(tr("Các quyết định ban hành, sửa đổi, đính chính, hủy bỏ, hoãn, "
                              "nộp tiền hoặc cưỡng chế trong khoảng thời gian, mỗi quyết định "
                              "một lần (Nghị định 20/2016/NĐ-CP).")))
        self.start = QDateEdit(QDate(year, 1, 1))
        self.start.setObjectName("start")
        self.end = QDateEdit(QDate(year, 12, 31))
        self.end.setObjectName("end")
        for edit in (self.start, self.end):
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setCalendarPopup(True)
        self.csv = QCheckBox(tr("Dạng bảng CSV (mở bằng Excel); bỏ chọn để xuất JSON"))
        self.csv.setObjectName("csv")
        form.addRow(tr("Từ ngày:"), self.start)
        form.addRow(tr("Đến ngày:"), self.end)
        form.addRow(self.csv)
        self.message = message_label()
        form.addRow(self.message)
        self.buttons = dialog_buttons(self, "Xuất tệp…", self.save)
        form.addRow(self.buttons)

    def save(self) -> None:
        start, end = self.start.date().toPython(), self.end.date().toPython()
        assert isinstance(start, date) and isinstance(end, date)
        fmt = "csv" if self.csv.isChecked() else "json"
        path = dialogs.save_file(self, tr("Lưu tệp xuất dữ liệu"),
                                 f"quyet-dinh-{start.isoformat()}-{end.isoformat()}.{fmt}",
                                 "CSV (*.csv)" if fmt == "csv" else "JSON (*.json)")
        if not path:
            return
        try:
            self.header = national_export.write_period_file(
                self.db, self.actor, self.year, start, end, fmt, path)
        except ServiceError as exc:
            self.message.setText(exc.vi)
            return
        self.path = path
        self.accept()


class AmendDialog(QDialog):
    """A new decision amending, correcting or annulling the selected one (Law Art 18)."""

    KINDS = (("amend", "Sửa đổi, bổ sung"), ("correct", "Đính chính"), ("annul", "Hủy bỏ"))

    def __init__(self, db: Database, actor: Actor, info: decisions.DecisionInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.info = db, actor, info
        self.issued: decisions.DecisionInfo | None = None
        self.setWindowTitle(tr("Sửa đổi, đính chính hoặc hủy bỏ quyết định"))
        form = QFormLayout(self)
        form.addRow(QLabel(tr("Quyết định {0} — {1}").format(info.number_text, info.violator)))
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for code, label in self.KINDS:
            self.kind.addItem(tr(label), code)
        self.day = QDateEdit(today_qdate())
        self.day.setObjectName("day")
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setCalendarPopup(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.changes = QPlainTextEdit()
        self.changes.setObjectName("changes")
        self.changes.setTabChangesFocus(True)
        self.changes.setPlaceholderText(tr("Mỗi dòng một nội dung sửa đổi hoặc đính chính"))
        # Only an amendment changes the obligation's amount (Law Art 18; issue 9 §3).
        self.new_amount = QLineEdit(format_vnd(info.total_amount, unit=False))
        self.new_amount.setObjectName("newAmount")
        self.amount_note = QLabel("")
        self.amount_note.setObjectName("amountNote")
        self.amount_note.setWordWrap(True)
        form.addRow(tr("Loại quyết định:"), self.kind)
        form.addRow(tr("Ngày:"), self.day)
        form.addRow(tr("Lý do:"), self.reason)
        form.addRow(tr("Nội dung:"), self.changes)
        form.addRow(tr("Số tiền phạt mới (đồng):"), self.new_amount)
        form.addRow(self.amount_note)
        self.kind.currentIndexChanged.connect(lambda _i: self.kind_changed())
        self.kind_changed()
        self.message = message_label()
        form.addRow(self.message)
        self.buttons = dialog_buttons(self, "Ban hành", self.save)
        form.addRow(self.buttons)

    def kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.new_amount.setEnabled(kind == "amend")
        self.amount_note.setText({
            "amend": tr("Quyết định gốc tiếp tục được thi hành với số tiền mới; số đã nộp "
                        "được tính vào."),
            "correct": tr("Đính chính chỉ sửa câu chữ: tiền phạt của quyết định gốc giữ "
                          "nguyên và vẫn phải nộp."),
            "annul": tr("Hủy bỏ chấm dứt nghĩa vụ nộp tiền phạt của quyết định gốc."),
        }[kind])

    def save(self) -> None:
        day = self.day.date().toPython()
        assert isinstance(day, date)
        changes = [line for line in self.changes.toPlainText().splitlines() if line.strip()]
        kind = self.kind.currentData()
        try:
            amount = parse_vnd(self.new_amount.text()) if kind == "amend" else None
            self.issued = amendments.amend_decision(
                self.db, self.actor, self.info.number or 0, self.info.year,
                kind, self.reason.text(), changes, day, new_amount=amount)
        except (ServiceError, ValueError) as exc:
            self.message.setText(exc.vi if isinstance(exc, ServiceError) else str(exc))
            return
        self.accept()
