"""Administrator dialogs of the Danh mục page: end-date a record, add a provision, a day off."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from inspector.domain.law import SANCTION_KINDS, parse_provision_key
from inspector.domain.money import parse_vnd
from inspector.domain.sectors import SECTOR_LABELS_VI
from inspector.services import clock
from inspector.services.errors import ServiceError
from inspector.ui.form_fields import DateEdit
from inspector.ui.support import message_label, tr

KIND_LABELS = {"fine": "Phạt tiền", "warning": "Cảnh cáo", "warning_or_fine": "Cảnh cáo hoặc phạt tiền"}


def _date_edit(initial: date | None = None) -> DateEdit:
    return DateEdit(initial=initial or clock.today())


class _ServiceDialog(QDialog):
    """A form whose OK runs a service call; a refusal is shown in the dialog, which stays open."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self.message = message_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Hủy"))
        self.buttons.accepted.connect(self._run)
        self.buttons.rejected.connect(self.reject)

    def finish_layout(self) -> None:
        self.form.addRow(self.message)
        self.form.addRow(self.buttons)

    def action(self) -> None:
        raise NotImplementedError

    def _run(self) -> None:
        try:
            self.action()
        except ServiceError as exc:
            self.message.setText(exc.vi)
            return
        except ValueError as exc:
            self.message.setText(str(exc))
            return
        self.accept()


class EndDateDialog(_ServiceDialog):
    """Asks for the last day a record applies, then calls ``apply(last_day)``."""

    def __init__(self, what: str, apply: Callable[[date], Any], parent: QWidget | None = None,
                 initial: date | None = None) -> None:
        super().__init__(tr("Kết thúc hiệu lực"), parent)
        self.apply = apply
        label = QLabel(tr("{0}\nNgày cuối cùng còn áp dụng:").format(what))
        label.setWordWrap(True)
        self.form.addRow(label)
        self.last_day = _date_edit(initial)
        self.last_day.setObjectName("lastDay")
        self.form.addRow(tr("Ngày:"), self.last_day)
        self.what = what
        self.finish_layout()

    def confirmation(self) -> str:
        return tr("Đã ghi: {0} áp dụng đến hết ngày {1}.").format(self.what, self.last_day.text())

    def action(self) -> None:
        self.apply(self.last_day.required(tr("Ngày")))


class AddProvisionDialog(_ServiceDialog):
    """A new provision: key, sector, description, sanction kind, printed bracket, party, source."""

    def __init__(self, apply: Callable[[dict[str, Any]], Any], parent: QWidget | None = None) -> None:
        super().__init__(tr("Thêm quy định xử phạt"), parent)
        self.apply = apply
        self.key = QLineEdit()
        self.key.setObjectName("key")
        self.key.setPlaceholderText("119/2020/NĐ-CP:29.1.a")
        self.sector = QComboBox()
        self.sector.setObjectName("sector")
        for code, label in SECTOR_LABELS_VI.items():
            self.sector.addItem(tr(label), code)
        self.description = QPlainTextEdit()
        self.description.setObjectName("description")
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(70)
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for code in SANCTION_KINDS:
            self.kind.addItem(tr(KIND_LABELS[code]), code)
        self.printed_min = QLineEdit()
        self.printed_min.setObjectName("printedMin")
        self.printed_max = QLineEdit()
        self.printed_max.setObjectName("printedMax")
        self.party = QComboBox()
        self.party.setObjectName("party")
        self.party.addItem(tr("Tổ chức"), "organization")
        self.party.addItem(tr("Cá nhân"), "individual")
        self.limitation = QComboBox()
        self.limitation.addItem(tr("1 năm"), 1)
        self.limitation.addItem(tr("2 năm"), 2)
        self.confirmed = QCheckBox(tr("Đã đối chiếu với văn bản gốc"))
        self.confirmed.setObjectName("confirmed")
        self.source = QLineEdit()
        self.source.setObjectName("source")
        for label, widget in ((tr("Điều khoản:"), self.key), (tr("Lĩnh vực:"), self.sector),
                              (tr("Hành vi:"), self.description), (tr("Hình thức:"), self.kind),
                              (tr("Mức phạt tối thiểu (in):"), self.printed_min),
                              (tr("Mức phạt tối đa (in):"), self.printed_max),
                              (tr("Mức in áp dụng cho:"), self.party),
                              (tr("Thời hiệu:"), self.limitation), ("", self.confirmed),
                              (tr("Nguồn:"), self.source)):
            self.form.addRow(label, widget)
        self.finish_layout()

    def record(self) -> dict[str, Any]:
        """The provision record as the reference files spell it; raises ValueError with why."""
        key = parse_provision_key(self.key.text())
        kind = self.kind.currentData()
        lo = parse_vnd(self.printed_min.text()) if self.printed_min.text().strip() else None
        hi = parse_vnd(self.printed_max.text()) if self.printed_max.text().strip() else None
        if kind != "warning" and (lo is None or hi is None):
            raise ValueError(tr("Hãy nhập khung tiền phạt (tối thiểu và tối đa)."))
        if lo is not None and hi is not None and lo > hi:
            raise ValueError(tr("Mức tối thiểu lớn hơn mức tối đa."))
        if not self.description.toPlainText().strip():
            raise ValueError(tr("Hãy nhập mô tả hành vi."))
        if not self.source.text().strip():
            raise ValueError(tr("Hãy ghi nguồn (văn bản, điều khoản đã đối chiếu)."))
        confirmed = self.confirmed.isChecked()
        return {
            "key": str(key), "instrument": key.instrument, "article": key.article,
            "clause": key.clause, "point": key.point, "sector": self.sector.currentData(),
            "description": self.description.toPlainText().strip(), "sanction_kind": kind,
            "printed_min": lo, "printed_max": hi, "party": self.party.currentData(),
            "counted_per": None, "tiers": [], "additional_sanctions": [],
            "remedial_measures": [], "limitation_years": self.limitation.currentData(),
            "limitation_confirmed": confirmed, "repeat_sanctioned_once": False,
            "amended_by": [], "effective_from": None, "effective_until": None,
            "confirmed": confirmed, "unconfirmed_fields": [] if confirmed else ["bracket"],
            "source": self.source.text().strip(), "note": "",
        }

    def action(self) -> None:
        self.apply(self.record())


class AddHolidayDialog(_ServiceDialog):
    """An official day off (or a weekend day worked in exchange)."""

    KINDS: ClassVar[dict[str, str]] = {
        "holiday": "Ngày lễ", "tet": "Tết Nguyên đán", "compensatory": "Nghỉ bù",
        "swap": "Nghỉ hoán đổi", "working_weekend": "Ngày làm bù (cuối tuần đi làm)"}

    def __init__(self, apply: Callable[[date, str, str, str], Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("Thêm ngày nghỉ"), parent)
        self.apply = apply
        self.day = _date_edit()
        self.day.setObjectName("day")
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.kind = QComboBox()
        for code, label in self.KINDS.items():
            self.kind.addItem(tr(label), code)
        self.source = QLineEdit()
        self.source.setObjectName("source")
        self.source.setPlaceholderText(tr("Số văn bản công bố lịch nghỉ"))
        self.form.addRow(tr("Ngày:"), self.day)
        self.form.addRow(tr("Tên:"), self.name)
        self.form.addRow(tr("Loại:"), self.kind)
        self.form.addRow(tr("Căn cứ:"), self.source)
        self.finish_layout()

    def action(self) -> None:
        day = self.day.required(tr("Ngày"))
        self.apply(day, self.name.text(), self.kind.currentData(), self.source.text().strip())


class ConfirmArticleDialog(_ServiceDialog):
    """The article number of a provision the catalog knows without it, as the administrator
    read it in the decree, and where it was read; ``apply(article, source)`` records it."""

    def __init__(self, what: str, apply: Callable[[str, str], Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("Ghi số điều đã đối chiếu"), parent)
        self.apply = apply
        label = QLabel(tr(
            "{0}\nDanh mục chưa có số điều của quy định này. Hãy đối chiếu văn bản nghị định "
            "(bản công báo hoặc bản lưu của Sở) rồi ghi số điều và nơi đã đối chiếu. Từ nay các "
            "biên bản, quyết định sẽ ghi số điều này; văn bản đã ban hành giữ nguyên như khi ký."
        ).format(what))
        label.setWordWrap(True)
        self.form.addRow(label)
        self.article = QLineEdit()
        self.article.setObjectName("article")
        self.article.setPlaceholderText(tr("vd: 35"))
        self.article.setMaximumWidth(120)
        self.form.addRow(tr("Số điều:"), self.article)
        self.source = QLineEdit()
        self.source.setObjectName("source")
        self.source.setPlaceholderText(tr("vd: Công báo số …, trang …"))
        self.form.addRow(tr("Đã đối chiếu tại:"), self.source)
        self.finish_layout()

    def action(self) -> None:
        self.apply(self.article.text(), self.source.text())
