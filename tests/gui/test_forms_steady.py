"""Issue 11 item 9: forms do not move under the cursor.

In each form the user types, a validation message appears (under a field or at the foot of the
dialog), and every field and button must stay exactly where it was; a message in a small dialog
wraps and is shown whole. The geometry is measured in the dialog's coordinates before anything
is typed and after the message is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from inspector.services import decisions
from inspector.services.actor import Actor
from inspector.services.users import add_user, authenticate
from inspector.store.engine import Database
from tests.factories import INTERNET_POINT, configure_agency, make_case, recorded_case
from tests.gui.conftest import type_text

INPUTS = (QLineEdit, QComboBox, QPlainTextEdit, QAbstractButton)


def geometry(window: QWidget) -> dict[int, tuple[str, QRect]]:
    """Every visible field and button, by identity, with its rectangle in the window."""
    out: dict[int, tuple[str, QRect]] = {}
    for w in window.findChildren(QWidget):
        if isinstance(w, INPUTS) and w.isVisibleTo(window) and w.window() is window:
            out[id(w)] = (w.objectName() or type(w).__name__,
                          QRect(w.mapTo(window, QPoint(0, 0)), w.size()))
    return out


def moved(before: dict[int, tuple[str, QRect]], after: dict[int, tuple[str, QRect]]
          ) -> list[str]:
    return [f"{name}: {rect.getRect()} → {after[key][1].getRect() if key in after else None}"
            for key, (name, rect) in before.items()
            if key not in after or after[key][1] != rect]


def shown_whole(label: QLabel) -> bool:
    """The label's text fits: wrapped within the dialog, as tall as its wrapped lines."""
    return (label.wordWrap() and label.height() >= label.heightForWidth(label.width())
            and label.mapTo(label.window(), QPoint(label.width(), 0)).x()
            <= label.window().width())


def check_steady(qtbot: QtBot, dialog: QWidget, act: Callable[[], None],
                 message: Callable[[], str], size: tuple[int, int] | None = None) -> None:
    qtbot.addWidget(dialog)
    if size:
        dialog.resize(*size)
    dialog.show()
    qtbot.wait(20)
    before = geometry(dialog)
    assert before
    act()
    qtbot.wait(20)
    assert message(), "no validation message was triggered"
    assert moved(before, geometry(dialog)) == []


def typed(widget: QWidget, text: str) -> None:
    widget.setFocus()
    if isinstance(widget, QLineEdit):
        widget.selectAll()
    type_text(widget, text)


@pytest.fixture
def decision(db: Database, operator: Actor) -> tuple[Actor, decisions.DecisionInfo]:
    """An issued 2.000.000-đồng decision and the chief who signed it."""
    configure_agency(db, operator)
    add_user(db, operator, "chanh", "Hoàng Văn Giám", "chief", "mat-khau-1")
    chief = authenticate(db, "chanh", "mat-khau-1")
    case = recorded_case(db, operator, date(2026, 9, 7))
    info = decisions.issue_decision(db, chief, case, date(2026, 9, 10))
    return chief, info


def test_account_dialog(qtbot: QtBot, db: Database, admin: Actor) -> None:
    from inspector.ui.pages.settings import AddUserDialog

    d = AddUserDialog(db, admin)

    def act() -> None:
        typed(d.login, "admin")
        typed(d.full_name, "Nông Văn Quản")
        typed(d.password, "ngan")
        d.save()

    check_steady(qtbot, d, act, d.message.text)
    assert shown_whole(d.message)


def test_signer_dialog(qtbot: QtBot, db: Database, admin: Actor) -> None:
    from inspector.ui.pages.settings import SignerDialog

    d = SignerDialog(db, admin)

    def act() -> None:
        typed(d.full_name, "Hoàng Văn Giám")
        typed(d.delegation_date, "31/02/2026")
        d.save()

    check_steady(qtbot, d, act, d.message.text)
    assert "Ngày giao quyền" in d.message.text() and shown_whole(d.message)


def test_plan_form(qtbot: QtBot, db: Database, admin: Actor) -> None:
    from inspector.ui.inspection_form import PlanForm

    d = PlanForm(db, admin, 2026)

    def act() -> None:
        typed(d.form.fields["year"].widget, "hai")
        typed(d.form.fields["approval_date"].widget, "31/02")
        d.save()

    check_steady(qtbot, d, act, d.form.fields["year"].message.text)


def test_inspection_form(qtbot: QtBot, db: Database, admin: Actor) -> None:
    from inspector.ui.inspection_form import InspectionForm

    d = InspectionForm(db, admin)

    def act() -> None:
        d.form.set_value("kind", "scheduled")  # a planned one without its plan: a message
        for name, text in (("title", "Kiểm tra điểm Internet"), ("decision_date", "16/11"),
                           ("start_date", "31/11/2026")):
            typed(d.form.fields[name].widget, text)
        assert d.form.fields["plan_id"].message.text()
        d.save()

    check_steady(qtbot, d, act, d.form.fields["start_date"].message.text)


def test_payment_dialog_and_its_lines(qtbot: QtBot, db: Database,
                                      decision: tuple[Actor, decisions.DecisionInfo]) -> None:
    """The payment dialog: a day typed changes the fine and charge lines, a bad amount gives
    a message; nothing moves, and every line is read whole in the small dialog."""
    from inspector.services import payments
    from inspector.ui.pages.decision_dialogs import FollowUpDialog

    chief, info = decision
    payments.record_delivery(db, chief, 1, 2026, date(2026, 9, 11))
    info = next(r for r in decisions.list_decisions(db, chief, 2026) if r.number == 1)
    d = FollowUpDialog(db, chief, info, payment=True)

    def act() -> None:
        typed(d.day, "31/10/2026")  # 40 days late: a late charge appears
        assert "Điều 78" in d.charge_line.text()
        typed(d.amount, "hai triệu")
        d.save()

    check_steady(qtbot, d, act, d.message.text)
    assert d.result() != QDialog.DialogCode.Accepted
    for label in (d.fine_line, d.charge_line, d.message):
        assert shown_whole(label), label.objectName()
    d.grab().save("/tmp/shots/gui-item9-payment-dialog.png")


def test_delivery_dialog(qtbot: QtBot, db: Database,
                         decision: tuple[Actor, decisions.DecisionInfo]) -> None:
    from inspector.ui.pages.decision_dialogs import FollowUpDialog

    chief, info = decision
    d = FollowUpDialog(db, chief, info, payment=False)

    def act() -> None:
        typed(d.day, "09/09/2026")  # before the decision's day: refused
        d.save()

    check_steady(qtbot, d, act, d.message.text)
    d.grab().save("/tmp/shots/gui-item9-delivery-dialog.png")
    assert shown_whole(d.message)


@pytest.mark.parametrize("instalments", [False, True])
def test_deferral_dialogs(qtbot: QtBot, db: Database, instalments: bool,
                          decision: tuple[Actor, decisions.DecisionInfo]) -> None:
    from inspector.ui.pages.decision_dialogs import DeferDialog

    chief, info = decision
    d = DeferDialog(db, chief, info, instalments)

    def act() -> None:
        typed(d.on, "15/09/2026")
        if instalments:
            typed(d.rows[0][1], "1.000.000")
        d.save()  # no reason given: refused

    check_steady(qtbot, d, act, d.message.text)
    assert shown_whole(d.message)


def test_amend_dialog(qtbot: QtBot, db: Database,
                      decision: tuple[Actor, decisions.DecisionInfo]) -> None:
    from inspector.ui.pages.decision_dialogs import AmendDialog

    chief, info = decision
    d = AmendDialog(db, chief, info)

    def act() -> None:
        typed(d.day, "12/09/2026")
        d.kind.setCurrentIndex(1)  # correction: the note under the amount changes
        d.save()  # no reason: refused

    check_steady(qtbot, d, act, d.message.text)
    assert shown_whole(d.message) and shown_whole(d.amount_note)


def test_export_dialog(qtbot: QtBot, db: Database,
                       decision: tuple[Actor, decisions.DecisionInfo]) -> None:
    from inspector.ui.pages.decision_dialogs import ExportDialog

    chief, _info = decision
    d = ExportDialog(db, chief, 2026)

    def act() -> None:
        typed(d.start, "01/13/2026")
        d.save()

    check_steady(qtbot, d, act, d.message.text)
    assert "Từ ngày" in d.message.text() and shown_whole(d.message)


def test_catalog_dialogs(qtbot: QtBot) -> None:
    from inspector.ui.pages.catalog_dialogs import AddHolidayDialog, EndDateDialog

    holiday = AddHolidayDialog(lambda *a: None)

    def act() -> None:
        typed(holiday.day, "30/02/2026")
        holiday._run()

    check_steady(qtbot, holiday, act, holiday.message.text)
    end = EndDateDialog("Quy định 174/2026/NĐ-CP:36.2.a", lambda d: None)

    def act_end() -> None:
        typed(end.last_day, "")
        end.last_day.clear()
        end._run()

    check_steady(qtbot, end, act_end, end.message.text)
    assert shown_whole(end.message)


def test_visit_form(qtbot: QtBot, db: Database, admin: Actor) -> None:
    """The visit form: a bad day typed, the search without a match — the fields below stay."""
    from inspector.services import establishments as est
    from inspector.services import inspections as insp
    from inspector.ui.visit_form import VisitForm

    configure_agency(db, admin)
    est.add_establishment(db, admin, est.EstablishmentInput(
        sector="internet", name="Đại lý Internet Đức Anh", owner_kind="organization"))
    inspection = insp.add_inspection(db, admin, insp.InspectionInput(
        mode="kiem_tra", kind="scheduled", title="Kiểm tra điểm Internet",
        start_date=date(2026, 9, 14), decision_number="21/QĐ-KT", decision_date=date(2026, 9, 7),
        sector="internet", members=(insp.MemberInput("Lương Đức Hạnh", "head"),)))
    form = VisitForm(db, admin, inspection, None)

    def act() -> None:
        typed(form.establishment_search, "khong co co so nay")
        typed(form.visit_date.edit, "31/02/2026")
        qtbot.waitUntil(lambda: bool(form.visit_date_error.text()
                                     and form.establishment_error.text()), timeout=3000)

    check_steady(qtbot, form, act, form.visit_date_error.text, size=(1300, 860))
    form.grab().save("/tmp/shots/gui-item9-visit-form.png")


def test_record_dialog(qtbot: QtBot, db: Database, operator: Actor) -> None:
    from inspector.ui.record_dialog import RecordDialog

    configure_agency(db, operator)
    case = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                     "amount": 2_000_000}], establishment=INTERNET_POINT,
                     opened_on=date(2026, 9, 7))
    d = RecordDialog(db, operator, case)

    def act() -> None:
        typed(d.day, "31/09/2026")
        typed(d.place, "Tại cơ sở")

    check_steady(qtbot, d, act, lambda: d.fields["day"].message.text(), size=(1280, 860))
