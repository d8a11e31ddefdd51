"""Issue 15, "a clerk's month": November 2026 in the decision register, driven through widgets.

Before the month (set up through the services): four decisions of October 2026 on individuals,
each delivered. In the month, only widgets: the chief defers one (Law Art 76, MQĐ03), lets one
be paid in instalments (Art 79, MQĐ05) and annuls one (Art 18); the clerk records a fine paid
late and its late charge (Art 78), and the first instalment paid late. On 30/11/2026 the
register, Hôm nay, the tally and the national export (Decree 20/2016) are read from the
screens and the exported file and compared with a recount made here from the month's facts:

* A, 2.000.000 đồng, delivered 13/10 → due 23/10 (Art 73: 10 days); paid 02/11, 10 days late
  (24/10–02/11) → charge 2.000.000 × 0,05 % × 10 = 10.000, paid 16/11;
* B, 2.500.000 đồng, delivered 26/10 → due 05/11; deferred on 03/11 to 31/01/2027;
* C, 20.000.000 đồng, delivered 30/10; on 04/11 in three instalments (8.000.000 by 10/11,
  6.000.000 by 10/12, 6.000.000 by 11/01/2027); the first paid 13/11, 3 days late → charge
  8.000.000 × 0,05 % × 3 = 12.000, still owed;
* D, 1.500.000 đồng, delivered 13/10; annulled on 20/11: nothing is due.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from inspector.services import clock, decisions, payments, violation_records
from inspector.services.actor import Actor
from inspector.store.engine import Database
from inspector.ui import support
from inspector.ui.pages.decisions import DecisionsPage
from inspector.ui.pages.tallies import TalliesPage
from inspector.ui.pages.today import TodayPage
from tests.conftest import make_actor
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details
from tests.gui.conftest import RecordingDialogs, type_text
from tests.gui.test_working_day import Modal, accepted, click, ok, type_date, type_into

CHIEF = make_actor("chief", "chanh.tt")
CLERK = make_actor("clerk", "van.thu")
RATE = 5  # Law Art 78: 0,05 % a day = 5 / 10 000

#: The month's facts, as the recount reads them (not the app's figures).
FINES = {"A": 2_000_000, "B": 2_500_000, "C": 20_000_000, "D": 1_500_000}
PAID = {"A": [(date(2026, 11, 2), 2_000_000), (date(2026, 11, 16), 10_000)],
        "C": [(date(2026, 11, 13), 8_000_000)]}


@pytest.fixture
def on_day() -> Iterator[Any]:
    """The services' clock, moved through the month by the test; the system clock after."""
    def move(day: date) -> None:
        clock.set_clock(lambda: day)
    yield move
    clock.set_clock(None)


@pytest.fixture
def october(db: Database, operator: Actor, on_day: Any) -> dict[str, int]:
    """Before the month: four decisions of October 2026, delivered (services)."""
    configure_agency(db, operator)
    on_day(date(2026, 10, 31))
    specs = [("A", "174/2026/NĐ-CP:36.2.a", {}, date(2026, 10, 8), date(2026, 10, 13)),
             ("B", "174/2026/NĐ-CP:36.2.a", {}, date(2026, 10, 8), date(2026, 10, 26)),
             ("C", "174/2026/NĐ-CP:53.3", {"sector": "ict_goods"}, date(2026, 10, 9),
              date(2026, 10, 30)),
             ("D", "174/2026/NĐ-CP:36.2.a", {}, date(2026, 10, 9), date(2026, 10, 13))]
    numbers = {}
    for key, provision, extra, decided, delivered in specs:
        case_id = make_case(db, operator, [{"provision_key": provision, "amount": FINES[key]}],
                            establishment={**INTERNET_POINT, **extra},
                            opened_on=date(2026, 10, 1))
        violation_records.issue_record(db, operator, case_id, date(2026, 10, 1),
                                       details=record_details(date(2026, 10, 1)))
        info = decisions.issue_decision(db, CHIEF, case_id, decided)
        assert info.number is not None
        payments.record_delivery(db, CLERK, info.number, 2026, delivered)
        numbers[key] = info.number
    assert numbers == {"A": 1, "B": 2, "C": 3, "D": 4}
    return numbers


def _page(qtbot: QtBot, db: Database, actor: Actor) -> DecisionsPage:
    page = DecisionsPage(db, actor)
    qtbot.addWidget(page)
    page.resize(1400, 700)
    page.show()
    bar = page.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
    assert page.tabs.currentIndex() == 0  # Sổ quyết định
    page.year.setValue(2026)
    page.refresh()
    return page


def _select(qtbot: QtBot, page: DecisionsPage, number: int) -> None:
    row = next(i for i, r in enumerate(page.model.rows) if r.number == number)
    rect = page.view.visualRect(page.model.index(row, 1))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.selected() is not None and page.selected().number == number  # type: ignore[union-attr]


def _cells(page: DecisionsPage) -> dict[int, dict[str, str]]:
    model = page.model
    heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return {r.number or 0: {h: model.index(i, c).data() for c, h in enumerate(heads)}
            for i, r in enumerate(model.rows)}


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _charge(dues: list[tuple[date, int]], paid: list[tuple[date, int]], until: date) -> int:
    """The recount of Art 78, day by day: each day after a due date up to ``until``, the part
    of the fine then due and not paid before that day costs 0,05 % of itself."""
    fine = sum(a for _, a in dues)
    total = 0
    day = min(d for d, _ in dues)
    while day < until:
        day = date.fromordinal(day.toordinal() + 1)
        due = sum(a for d, a in dues if d < day)
        settled = min(sum(a for d, a in paid if d < day), fine)
        total += max(due - settled, 0) * RATE
    return total // 10_000


@pytest.mark.qt_log_ignore("does not support raise")
def test_a_clerks_month_agrees_with_a_recount(
        qtbot: QtBot, db: Database, october: dict[str, int], on_day: Any,
        monkeypatch: pytest.MonkeyPatch, recorded_dialogs: RecordingDialogs,
        tmp_path: Path) -> None:
    modal = Modal(monkeypatch)
    chief = _page(qtbot, db, CHIEF)
    clerk = _page(qtbot, db, CLERK)
    said: list[str] = []  # what the page tells the status bar after each save
    chief.status_message.connect(said.append)
    assert clerk.defer_button.isHidden() and clerk.relief_button.isHidden()

    # 02/11: the clerk records A's fine, paid 10 days late: the dialog shows the charge apart.
    on_day(date(2026, 11, 2))

    def pay_a(dialog: Any) -> int:
        type_date(qtbot, dialog.day, "02/11/2026")
        assert dialog.charge_line.text().startswith("phải nộp 10.000 đồng; đã nộp 0 đồng; "
                                                    "còn 10.000 đồng")
        type_into(dialog.amount, "2.000.000")
        type_into(dialog.receipt, "0000101")
        ok(qtbot, dialog)
        return accepted(dialog)

    modal.expect(pay_a)
    _select(qtbot, clerk, october["A"])
    click(qtbot, clerk, "pay")

    # 03/11: the chief defers B to 31/01/2027 (MQĐ03) on the request of 02/11.
    on_day(date(2026, 11, 3))

    def defer_b(dialog: Any) -> int:
        type_date(qtbot, dialog.on, "03/11/2026")
        type_date(qtbot, dialog.request_on, "02/11/2026")
        type_text(dialog.confirmed_by, "Ủy ban nhân dân xã Ca Thành")
        type_text(dialog.reason, "Gia đình gặp hỏa hoạn ngày 30/10/2026")
        type_date(qtbot, dialog.until, "31/01/2027")
        ok(qtbot, dialog)
        return accepted(dialog)

    chief.refresh()
    modal.expect(defer_b)
    _select(qtbot, chief, october["B"])
    click(qtbot, chief, "defer")
    assert said[-1].endswith("đến ngày 31/01/2027. Đã ban hành quyết định số 05/QĐ-HQĐPT."), said

    # 04/11: the chief lets C be paid in three instalments (MQĐ05).
    on_day(date(2026, 11, 4))

    def instalments_c(dialog: Any) -> int:
        type_date(qtbot, dialog.on, "04/11/2026")
        type_date(qtbot, dialog.request_on, "03/11/2026")
        type_text(dialog.confirmed_by, "Ủy ban nhân dân xã Ca Thành")
        type_text(dialog.reason, "Thu nhập giảm do dịch bệnh")
        for (day_edit, amount_edit), (day, amount) in zip(
                dialog.rows, (("10/11/2026", "8.000.000"), ("10/12/2026", "6.000.000"),
                              ("11/01/2027", "6.000.000")), strict=True):
            type_date(qtbot, day_edit, day)
            type_into(amount_edit, amount)
        ok(qtbot, dialog)
        return accepted(dialog)

    modal.expect(instalments_c)
    _select(qtbot, chief, october["C"])
    click(qtbot, chief, "instalments")
    assert "thành 3 lần. Đã ban hành quyết định số 06/QĐ-NPNL." in said[-1], said

    # 13/11: the clerk records C's first instalment, paid 3 days late.
    on_day(date(2026, 11, 13))

    def pay_c(dialog: Any) -> int:
        type_date(qtbot, dialog.day, "13/11/2026")
        assert dialog.charge_line.text().startswith("phải nộp 12.000 đồng; đã nộp 0 đồng")
        type_into(dialog.amount, "8.000.000")
        type_into(dialog.receipt, "0000102")
        ok(qtbot, dialog)
        return accepted(dialog)

    clerk.refresh()
    modal.expect(pay_c)
    _select(qtbot, clerk, october["C"])
    click(qtbot, clerk, "pay")

    # 16/11: the clerk records A's late charge; the same receipt number is refused first.
    on_day(date(2026, 11, 16))

    def pay_a_charge(dialog: Any) -> int:
        type_date(qtbot, dialog.day, "16/11/2026")
        assert dialog.amount.text() == "10.000"
        type_into(dialog.receipt, "0000101")
        ok(qtbot, dialog)
        assert "0000101" in dialog.message.text() and "đã được ghi" in dialog.message.text()
        type_into(dialog.receipt, "0000103")
        ok(qtbot, dialog)
        return accepted(dialog)

    clerk.refresh()
    modal.expect(pay_a_charge)
    _select(qtbot, clerk, october["A"])
    click(qtbot, clerk, "pay")

    # 20/11: the chief annuls D (Art 18).
    on_day(date(2026, 11, 20))

    def annul_d(dialog: Any) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findData("annul"))
        type_date(qtbot, dialog.day, "20/11/2026")
        type_text(dialog.reason, "Xác định sai đối tượng vi phạm")
        ok(qtbot, dialog)
        return accepted(dialog)

    chief.refresh()
    modal.expect(annul_d)
    _select(qtbot, chief, october["D"])
    click(qtbot, chief, "amend")
    modal.done()

    # 30/11: what the screens say, against the recount.
    end = date(2026, 11, 30)
    on_day(end)
    dues = {"A": [(date(2026, 10, 23), FINES["A"])], "B": [(date(2027, 1, 31), FINES["B"])],
            "C": [(date(2026, 11, 10), 8_000_000), (date(2026, 12, 10), 6_000_000),
                  (date(2027, 1, 11), 6_000_000)], "D": []}
    charge = {k: _charge(dues[k], PAID.get(k, []), end) if k != "D" else 0 for k in FINES}
    assert charge == {"A": 10_000, "B": 0, "C": 12_000, "D": 0}
    fine_paid = {k: min(sum(a for _, a in PAID.get(k, [])), FINES[k]) for k in FINES}
    charge_paid = {k: sum(a for _, a in PAID.get(k, [])) - fine_paid[k] for k in FINES}
    owed = {k: FINES[k] - fine_paid[k] + charge[k] - charge_paid[k] for k in "ABC"}
    owed["D"] = 0

    clerk.refresh()
    cells = _cells(clerk)
    number = october
    for key in "ABC":
        row = cells[number[key]]
        assert row["Tiền phạt"] == _vnd(FINES[key]), (key, row)
        assert row["Đã nộp phạt"] == _vnd(fine_paid[key]), (key, row)
        assert row["Tiền chậm nộp"] == _vnd(charge[key]), (key, row)
        assert row["Đã nộp chậm nộp"] == _vnd(charge_paid[key]), (key, row)
        assert row["Còn phải nộp"] == _vnd(owed[key]), (key, row)
    assert cells[number["A"]]["Trạng thái"] == "Đã nộp phạt"
    assert (cells[number["B"]]["Hạn nộp"], cells[number["B"]]["Thời hạn"]) == (
        "31/01/2027", f"còn {(date(2027, 1, 31) - end).days} ngày")
    assert (cells[number["C"]]["Hạn nộp"], cells[number["C"]]["Thời hạn"]) == (
        "10/12/2026", f"còn {(date(2026, 12, 10) - end).days} ngày")
    assert cells[number["D"]]["Trạng thái"] == "Đã hủy bỏ"
    assert cells[number["D"]]["Còn phải nộp"] == "" and cells[number["D"]]["Thời hạn"] == ""
    assert {n: cells[n]["Số"] for n in (5, 6, 7)} == {
        5: "05/QĐ-HQĐPT", 6: "06/QĐ-NPNL", 7: "07/QĐ-XPHC"}
    assert [cells[n]["Trạng thái"] for n in (5, 6, 7)] == [
        "Hoãn thi hành (02/QĐ-XPHC)", "Nộp phạt nhiều lần (03/QĐ-XPHC)", "Hủy bỏ (04/QĐ-XPHC)"]
    assert len({c["Số"] for c in cells.values()}) == len(cells) == 7
    # The deferral decision's own PDF in the preview, as issued.
    _select(qtbot, clerk, 5)
    from pypdf import PdfReader

    text = " ".join(p.extract_text() or "" for p in PdfReader(BytesIO(clerk.preview.data)).pages)
    assert "Hoãn thi hành quyết định phạt tiền" in text and "31/01/2027" in text

    # Hôm nay: every fine still owed is followed, the nearest first — C's second instalment
    # (Art 79), then B at the end of its deferral (Art 76); A is settled, D annulled.
    today_page = TodayPage(db, CLERK)
    qtbot.addWidget(today_page)
    today_page.refresh()
    items = today_page.model.rows
    assert [(i.kind, i.due, i.days_left, i.basis) for i in items] == [
        ("payment", date(2026, 12, 10), (date(2026, 12, 10) - end).days, "Luật XLVPHC Điều 79"),
        ("payment", date(2027, 1, 31), (date(2027, 1, 31) - end).days, "Luật XLVPHC Điều 76")]
    assert today_page.intro.text() == ("1 việc đến hạn trong 14 ngày tới; 0 việc đã quá hạn. "
                                       "1 khoản tiền phạt đang theo dõi có hạn nộp sau đó.")
    assert (f"còn {_vnd(FINES['C'] - fine_paid['C'])} đồng, tiền chậm nộp "
            f"{_vnd(charge['C'] - charge_paid['C'])} đồng") in items[0].title

    # The tally for 2026 (as at today, 30/11): the decisions in force, fines and charges.
    tallies = TalliesPage(db, CLERK)
    qtbot.addWidget(tallies)
    tallies.year.setValue(2026)
    tallies.refresh()
    qtbot.waitUntil(lambda: tallies.tally is not None and not tallies.busy(), timeout=30_000)
    live = "ABC"
    cards = {k: c.value.text() for k, c in tallies.card_items.items()}
    assert cards["decisions"] == str(len(live))
    assert cards["fines_imposed"] == _vnd(sum(FINES[k] for k in live))
    assert cards["fines_collected"] == _vnd(sum(fine_paid[k] for k in live))
    assert tallies.tally is not None
    head = tallies.tally.headline
    assert (head.late_charges, head.late_charges_collected, head.late_charges_outstanding) == (
        sum(charge.values()), sum(charge_paid.values()),
        sum(charge[k] - charge_paid[k] for k in live))

    # The national export of November: each decision the month touched, once.
    target = tmp_path / "thang-11.json"
    monkeypatch.setattr(support.dialogs, "save_file", lambda *a: str(target))

    def export(dialog: Any) -> int:
        type_date(qtbot, dialog.start, "01/11/2026")
        type_date(qtbot, dialog.end, "30/11/2026")
        ok(qtbot, dialog)
        return accepted(dialog)

    modal.expect(export)
    click(qtbot, clerk, "export")
    modal.done()
    exported = json.loads(target.read_text(encoding="utf-8"))
    records = {r["decision"]["number"]: r for r in exported["decisions"]}
    expected_events = {"A": ["paid"], "B": ["deferred"],
                       "C": ["instalments", "paid"], "D": ["annulled"]}
    assert set(records) == {f"{number[k]:02d}/QĐ-XPHC" for k in FINES}
    assert exported["export"]["count"] == len(FINES)
    canonical = json.dumps(exported["decisions"], ensure_ascii=False, sort_keys=True,
                           separators=(",", ":"))
    assert exported["export"]["sha256"] == hashlib.sha256(canonical.encode()).hexdigest()
    for key in FINES:
        record = records[f"{number[key]:02d}/QĐ-XPHC"]
        assert record["events"] == expected_events[key], (key, record["events"])
        money = record["money"]
        assert (money["fine"], money["fine_paid"], money["fine_owed"]) == (
            FINES[key], fine_paid[key], FINES[key] - fine_paid[key] if key != "D" else 0)
        assert (money["late_charge"], money["late_charge_paid"], money["late_charge_owed"]) == (
            charge[key], charge_paid[key], charge[key] - charge_paid[key])
        assert record["in_force"] == (key != "D")
    kinds = {k: [a["kind"] for a in records[f"{number[k]:02d}/QĐ-XPHC"]["amended_by"]]
             for k in FINES}
    assert kinds == {"A": [], "B": ["defer"], "C": ["instalments"], "D": ["annul"]}
    folder = Path(os.environ.get("INSPECTOR_MONTH_SHOTS") or tmp_path)
    assert clerk.grab().save(str(folder / "month-register.png"))
    assert today_page.grab().save(str(folder / "month-today.png"))
