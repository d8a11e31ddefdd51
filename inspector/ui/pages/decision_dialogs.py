"""The dialogs of the decision register: delivery and payment (fine and late charge apart),
deferral (MQĐ03) and instalments (MQĐ05), reduction or exemption (MQĐ04), amendment,
correction and annulment, the national export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTimeEdit,
    QWidget,
)

from inspector.domain.calendar import add_months
from inspector.domain.deadlines import RuleNotInForceError
from inspector.domain.money import format_vnd, parse_vnd
from inspector.domain.relief import FOLLOW_UP_LABELS_VI, FollowUpKind
from inspector.domain.text import format_date
from inspector.services import (
    amendments,
    clock,
    decisions,
    national_export,
    payments,
    relief,
    signers,
)
from inspector.services.actor import Actor
from inspector.services.errors import ServiceError
from inspector.services.signing import Credentials
from inspector.store.engine import Database
from inspector.ui.form_fields import DateEdit
from inspector.ui.support import dialog_buttons, dialogs, message_label, tr


def _date(name: str, initial: date | None) -> DateEdit:
    edit = DateEdit(initial=initial)
    edit.setObjectName(name)
    return edit


def sign_button(buttons: QDialogButtonBox, on_click: Callable[[], Any]) -> QPushButton:
    """"Ký số và ban hành…" beside a dialog's action: the decision issued signed digitally."""
    button = buttons.addButton(tr("Ký số và ban hành…"), QDialogButtonBox.ButtonRole.ActionRole)
    button.setObjectName("signAndIssue")
    button.clicked.connect(on_click)
    return button


def ask_credentials(parent: QWidget) -> Credentials | None:
    """The signer's token or certificate file and PIN, asked before a decision is issued."""
    from inspector.ui import sign_dialog

    return sign_dialog.ask_credentials(parent, tr("Ký số và ban hành quyết định"),
                                       tr(sign_dialog.SIGN_AND_ISSUE_VI).format(
                                           tr("Quyết định mới")))


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
        self.confirmation = ""  # what the page's status bar says once it is saved
        self.setWindowTitle(tr("Ghi nộp phạt") if payment else tr("Ghi ngày giao quyết định"))
        form = QFormLayout(self)
        form.addRow(QLabel(tr("Quyết định {0} — {1}").format(info.number_text, info.violator)))
        self.day = _date("day", clock.today())
        self.day_label = tr("Ngày nộp") if payment else tr("Ngày giao")
        form.addRow(self.day_label + ":", self.day)
        # The fine and the charge lines wrap (a long amount line widened the small dialog
        # past the screen's edge or was cut), and each keeps two lines, so the fields under
        # them do not move when the day changes.
        self.fine_line = QLabel("")
        self.fine_line.setObjectName("fineLine")
        self.fine_line.setWordWrap(True)
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
        # Handed over in person: the hour and the receiver fill the decision's back page.
        self.in_person = QCheckBox(tr("Giao trực tiếp (in giấy giao nhận ở mặt sau)"))
        self.in_person.setObjectName("inPerson")
        self.hour = QTimeEdit(QTime(8, 0))
        self.hour.setObjectName("hour")
        self.hour.setDisplayFormat("HH:mm")
        self.received_by = QLineEdit()
        self.received_by.setObjectName("receivedBy")
        self.received_by.setPlaceholderText(tr("Họ và tên người nhận quyết định"))
        if not payment:
            form.addRow("", self.in_person)
            form.addRow(tr("Giờ giao:"), self.hour)
            form.addRow(tr("Người nhận:"), self.received_by)
            for field in (self.hour, self.received_by):
                field.setEnabled(False)
                self.in_person.toggled.connect(field.setEnabled)
        if payment:
            form.addRow(tr("Tiền phạt:"), self.fine_line)
            form.addRow(tr("Tiền chậm nộp:"), self.charge_line)
            form.addRow(tr("Số tiền (đồng):"), self.amount)
            form.addRow(tr("Số biên lai:"), self.receipt)
            form.addRow(tr("Nơi thu:"), self.collector)
            for line in (self.fine_line, self.charge_line):
                line.setMinimumWidth(300)
                line.setMinimumHeight(line.fontMetrics().lineSpacing() * 2 + 2)
            self.day.day_changed.connect(lambda _d: self.show_position())
            self.show_position()
        self.message = message_label(lines=3)  # legal refusals cite their article
        form.addRow(self.message)
        self.buttons = dialog_buttons(self, "Lưu", self.save)
        form.addRow(self.buttons)

    def show_position(self) -> None:
        """Fine and late charge as they stand on the chosen day (the service computes them)."""
        day = self.day.valid_value()
        if day is None:
            return
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
        number, year = self.info.number or 0, self.info.year
        db, actor = self.db, self.actor
        try:
            day = self.day.required(self.day_label)
            if self.payment:
                amount = parse_vnd(self.amount.text())
                payments.add_payment(db, actor, number, year, amount, day, self.receipt.text(),
                                     self.collector.text() or None)
                self.confirmation = tr("Đã ghi nộp {0} ngày {1} cho quyết định {2}.").format(
                    format_vnd(amount), format_date(day), self.info.number_text)
            else:
                person = self.in_person.isChecked()
                hour = self.hour.time()
                at = time(hour.hour(), hour.minute()) if person else None
                payments.record_delivery(db, actor, number, year, day, at=at,
                                         received_by=self.received_by.text() if person else None)
                self.confirmation = tr("Đã ghi ngày giao quyết định {0}: {1}.").format(
                    self.info.number_text, format_date(day))
                if person:
                    self.confirmation += " " + tr("Bấm «Giấy giao nhận» để in mặt sau.")
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
        self.result_info: decisions.DecisionInfo | None = None
        self.confirmation = ""
        self.setWindowTitle(tr("Cho nộp tiền phạt nhiều lần") if instalments
                            else tr("Hoãn thi hành quyết định phạt tiền"))
        form = QFormLayout(self)
        form.addRow(QLabel(tr("Quyết định {0} — {1}; tiền phạt {2}").format(
            info.number_text, info.violator, format_vnd(info.total_amount))))
        today = clock.today()
        self.on = _date("on", today)
        form.addRow(tr("Ngày quyết định:"), self.on)
        self.request_on = _date("requestOn", today)
        form.addRow(tr("Ngày đơn đề nghị:"), self.request_on)
        self.on.day_changed.connect(lambda day: _not_after(self.request_on, day))
        self.confirmed_by = QLineEdit()
        self.confirmed_by.setObjectName("confirmedBy")
        self.confirmed_by.setPlaceholderText(tr("Ủy ban nhân dân xã …, nơi làm việc …"))
        form.addRow(tr("Đơn được xác nhận bởi:"), self.confirmed_by)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(tr("Hoàn cảnh khó khăn nêu trong đơn"))
        form.addRow(tr("Lý do:"), self.reason)
        self.until = _date("until", add_months(today, 1))
        self.force = QCheckBox(tr("Thiên tai, hỏa hoạn, dịch bệnh hoặc sự kiện bất khả kháng "
                                  "(bắt buộc với tổ chức)"))
        self.force.setObjectName("forceMajeure")
        self.rows: list[tuple[DateEdit, QLineEdit]] = []
        if instalments:
            for i in range(3):
                day = _date(f"due{i + 1}", add_months(today, i + 1))
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
        self.message = message_label(lines=3)  # legal refusals cite their article
        form.addRow(self.message)
        self.buttons = dialog_buttons(self, "Lưu", self.save)
        self.sign_button = sign_button(self.buttons, self.sign_and_save)
        form.addRow(self.buttons)

    def sign_and_save(self) -> None:
        credentials = ask_credentials(self)
        if credentials is not None:
            self.save(sign=credentials)

    def save(self, sign: Credentials | None = None) -> None:
        number, year = self.info.number or 0, self.info.year
        try:
            on = self.on.required(tr("Ngày quyết định"))
            request_on = self.request_on.required(tr("Ngày đơn đề nghị"))
            if self.instalments:
                plan = []
                for i, (day_edit, amount_edit) in enumerate(self.rows):
                    if amount_edit.text().strip():
                        day = day_edit.required(tr("Lần {0}").format(i + 1))
                        plan.append((day, parse_vnd(amount_edit.text())))
                self.result_info = relief.allow_instalments(
                    self.db, self.actor, number, year, plan, self.reason.text(), on,
                    request_on=request_on, confirmed_by=self.confirmed_by.text(), sign=sign)
                self.confirmation = tr("Đã cho nộp tiền phạt của quyết định {0} thành {1} "
                                       "lần.").format(self.info.number_text, len(plan))
            else:
                until = self.until.required(tr("Hoãn đến ngày"))
                self.result_info = relief.defer_payment(
                    self.db, self.actor, number, year, until, self.reason.text(),
                    self.force.isChecked(), on, request_on=request_on,
                    confirmed_by=self.confirmed_by.text(), sign=sign)
                self.confirmation = tr("Đã hoãn thi hành quyết định {0} đến ngày {1}.").format(
                    self.info.number_text, format_date(until))
        except (ServiceError, ValueError) as exc:
            self.message.setText(exc.vi if isinstance(exc, ServiceError) else str(exc))
            return
        self.accept()


def _not_after(edit: DateEdit, day: date) -> None:
    """A request is made on or before the decision on it: keep the request's day not later."""
    current = edit.valid_value()
    if current is not None and current > day:
        edit.set_value(day)


class ReliefDialog(QDialog):
    """Reduce the fine, exempt its rest or all of it (Law Art 77, form MQĐ04): after a
    deferral, on the violator's confirmed request, decided by the direct superior of the person
    who issued the sanction decision (the service refuses that person as signer)."""

    def __init__(self, db: Database, actor: Actor, info: decisions.DecisionInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor, self.info = db, actor, info
        self.result_info: decisions.DecisionInfo | None = None
        self.confirmation = ""
        self.setWindowTitle(tr("Giảm, miễn tiền phạt"))
        form = QFormLayout(self)
        form.addRow(QLabel(tr("Quyết định {0} — {1}; tiền phạt {2}, còn phải nộp {3}").format(
            info.number_text, info.violator, format_vnd(info.total_amount),
            format_vnd(info.fine_owed))))
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for code in (FollowUpKind.REDUCE, FollowUpKind.EXEMPT_REST, FollowUpKind.EXEMPT_ALL):
            self.kind.addItem(tr(FOLLOW_UP_LABELS_VI[code]), str(code))
        form.addRow(tr("Loại quyết định:"), self.kind)
        self.amount = QLineEdit()
        self.amount.setObjectName("amount")
        self.amount.setPlaceholderText(tr("số tiền được giảm (đồng)"))
        form.addRow(tr("Số tiền được giảm:"), self.amount)
        self.kind.currentIndexChanged.connect(
            lambda _i: self.amount.setEnabled(self.kind.currentData() == FollowUpKind.REDUCE))
        today = clock.today()
        self.on = _date("on", today)
        form.addRow(tr("Ngày quyết định:"), self.on)
        self.request_on = _date("requestOn", today)
        form.addRow(tr("Ngày đơn đề nghị:"), self.request_on)
        self.on.day_changed.connect(lambda day: _not_after(self.request_on, day))
        self.deadline = QLabel("")
        self.deadline.setObjectName("deadline")
        self.deadline.setWordWrap(True)
        form.addRow(self.deadline)
        self.request_on.day_changed.connect(lambda _d: self.show_deadline())
        self.confirmed_by = QLineEdit()
        self.confirmed_by.setObjectName("confirmedBy")
        self.confirmed_by.setPlaceholderText(tr("Ủy ban nhân dân xã …, nơi làm việc …"))
        form.addRow(tr("Đơn được xác nhận bởi:"), self.confirmed_by)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(tr("Hoàn cảnh khó khăn nêu trong đơn"))
        form.addRow(tr("Lý do:"), self.reason)
        self.signer = QComboBox()
        self.signer.setObjectName("signer")
        for person in signers.list_signers(db, actor):
            self.signer.addItem(f"{person.full_name}", person.id)
            if person.full_name == info.signer_name:
                self.signer.setCurrentIndex(self.signer.count() - 1)
        others = [i for i in range(self.signer.count())
                  if self.signer.itemText(i) != (info.signer_name or "")]
        if others:
            self.signer.setCurrentIndex(others[0])
        form.addRow(tr("Người quyết định:"), self.signer)
        note = QLabel(tr("Người quyết định giảm, miễn là thủ trưởng cấp trên trực tiếp của người "
                         "đã ra quyết định xử phạt (Luật XLVPHC Điều 77 khoản 2)."))
        note.setWordWrap(True)
        form.addRow(note)
        self.message = message_label(lines=3)
        form.addRow(self.message)
        self.buttons = dialog_buttons(self, "Ban hành", self.save)
        self.sign_button = sign_button(self.buttons, self.sign_and_save)
        form.addRow(self.buttons)
        self.show_deadline()

    def sign_and_save(self) -> None:
        credentials = ask_credentials(self)
        if credentials is not None:
            self.save(sign=credentials)

    def show_deadline(self) -> None:
        """The last day to decide on the request (Art 77(2)), unconfirmed days marked."""
        day = self.request_on.valid_value()
        if day is None:
            self.deadline.setText("")
            return
        try:
            last, confirmed = relief.relief_deadline_for(self.db, day)
        except RuleNotInForceError:  # no rule for that date: nothing to say
            self.deadline.setText("")
            return
        self.deadline.setText(tr("Hạn quyết định: {0} (Luật XLVPHC Điều 77 khoản 2{1}).").format(
            format_date(last), "" if confirmed else tr("; thời hạn chưa được đối chiếu văn bản "
                                                       "gốc")))

    def save(self, sign: Credentials | None = None) -> None:
        kind = str(self.kind.currentData())
        try:
            on = self.on.required(tr("Ngày quyết định"))
            request_on = self.request_on.required(tr("Ngày đơn đề nghị"))
            amount = parse_vnd(self.amount.text()) if kind == FollowUpKind.REDUCE else None
            self.result_info = relief.relieve_fine(
                self.db, self.actor, self.info.number or 0, self.info.year, kind,
                self.reason.text(), confirmed_by=self.confirmed_by.text(),
                request_on=request_on, amount=amount, on=on,
                signer_id=self.signer.currentData(), sign=sign)
            self.confirmation = {
                FollowUpKind.REDUCE: tr("Đã giảm tiền phạt của quyết định {0}."),
                FollowUpKind.EXEMPT_REST: tr("Đã miễn phần tiền phạt còn lại của quyết định "
                                             "{0}."),
                FollowUpKind.EXEMPT_ALL: tr("Đã miễn toàn bộ tiền phạt của quyết định {0}."),
            }[FollowUpKind(kind)].format(self.info.number_text)
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
        self.start = _date("start", date(year, 1, 1))
        self.end = _date("end", date(year, 12, 31))
        self.csv = QCheckBox(tr("Dạng bảng CSV (mở bằng Excel); bỏ chọn để xuất JSON"))
        self.csv.setObjectName("csv")
        form.addRow(tr("Từ ngày:"), self.start)
        form.addRow(tr("Đến ngày:"), self.end)
        form.addRow(self.csv)
        self.message = message_label(lines=3)  # legal refusals cite their article
        form.addRow(self.message)
        self.buttons = dialog_buttons(self, "Xuất tệp…", self.save)
        form.addRow(self.buttons)

    def save(self) -> None:
        try:
            start, end = self.start.required(tr("Từ ngày")), self.end.required(tr("Đến ngày"))
        except ValueError as exc:
            self.message.setText(str(exc))
            return
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
        self.day = _date("day", clock.today())
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
        self.message = message_label(lines=3)  # legal refusals cite their article
        form.addRow(self.message)
        self.buttons = dialog_buttons(self, "Ban hành", self.save)
        self.sign_button = sign_button(self.buttons, self.sign_and_save)
        form.addRow(self.buttons)

    def sign_and_save(self) -> None:
        """Issue the new decision signed; a wrong PIN or certificate issues nothing."""
        credentials = ask_credentials(self)
        if credentials is not None:
            self.save(sign=credentials)

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

    def save(self, sign: Credentials | None = None) -> None:
        changes = [line for line in self.changes.toPlainText().splitlines() if line.strip()]
        kind = self.kind.currentData()
        try:
            day = self.day.required(tr("Ngày"))
            amount = parse_vnd(self.new_amount.text()) if kind == "amend" else None
            self.issued = amendments.amend_decision(
                self.db, self.actor, self.info.number or 0, self.info.year,
                kind, self.reason.text(), changes, day, new_amount=amount, sign=sign)
        except (ServiceError, ValueError) as exc:
            self.message.setText(exc.vi if isinstance(exc, ServiceError) else str(exc))
            return
        self.accept()
