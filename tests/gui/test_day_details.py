"""Issue 11, what stopped or misled a user: each fixed behaviour driven through real widgets."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from inspector.services import drafts
from inspector.services import establishments as est
from inspector.services import inspections as insp
from inspector.services.actor import Actor
from inspector.store.engine import Database
from inspector.ui.pages.establishments import EstablishmentsPage
from inspector.ui.pages.inspections import InspectionsPage
from inspector.ui.pages.today import TodayPage
from tests.factories import record_details
from tests.gui.conftest import RecordingDialogs


def _inspection_with_visit(db: Database, admin: Actor, title: str = "Kiểm tra hoạt động in"
                           ) -> None:
    from inspector.services.checklists import ChecklistAnswer, load_checklist
    from tests.factories import configure_agency

    configure_agency(db, admin)
    company = est.add_establishment(db, admin, est.EstablishmentInput(
        sector="printing", name="Công ty in Việt Lập", owner_kind="organization"))
    inspection = insp.add_inspection(db, admin, insp.InspectionInput(
        mode="kiem_tra", kind="scheduled", title=title,
        start_date=date(2026, 9, 14), decision_number="21/QĐ-KT", decision_date=date(2026, 9, 7),
        members=(insp.MemberInput("Lương Đức Hạnh", "head"),)))
    items = load_checklist("printing").items
    insp.add_visit(db, admin, insp.VisitInput(
        inspection, company, date(2026, 9, 15),
        tuple(ChecklistAnswer(i.id, "yes") for i in items), outcome="compliant"))


def _click_cell(qtbot: QtBot, view: QWidget, row: int, column: int, double: bool = False) -> None:
    index = view.model().index(row, column)  # type: ignore[attr-defined]
    point = view.visualRect(index).center()  # type: ignore[attr-defined]
    viewport = view.viewport()  # type: ignore[attr-defined]
    if double:  # a press and release first, as a real double-click starts with one
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point)
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=point)
    else:
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point)


@pytest.mark.qt_log_ignore("does not support raise")
def test_item3_a_click_on_a_cell_selects_the_visit_and_the_action_runs(
        qtbot: QtBot, db: Database, admin: Actor, recorded_dialogs: RecordingDialogs) -> None:
    """Clicking a cell of the visits table selects its row, so "Biên bản kiểm tra" opens;
    without a selection the button says what to select."""
    from inspector.ui.issued_documents_dialog import IssueDocumentWindow

    _inspection_with_visit(db, admin)
    page = InspectionsPage(db, admin)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.year.setValue(2026)
    page.refresh()
    assert page.visits.rowCount() == 1
    page.record_button.click()
    assert recorded_dialogs.shown[-1] == (
        "info", "Hãy chọn một cơ sở đã làm việc trong danh sách trước.")
    _click_cell(qtbot, page.visits_view, 0, 3)
    windows_before = set(QApplication.topLevelWidgets())
    page.record_button.click()
    opened = [w for w in QApplication.topLevelWidgets()
              if w not in windows_before and isinstance(w, IssueDocumentWindow)]
    assert len(opened) == 1 and opened[0].preview.page_count >= 1
    qtbot.addWidget(opened[0])
    page.record_button.click()  # asked again: the open preview comes forward, no second one
    assert [w for w in QApplication.topLevelWidgets()
            if w not in windows_before and isinstance(w, IssueDocumentWindow)] == opened


def test_item4_double_click_opens_the_establishment_once(
        qtbot: QtBot, db: Database, admin: Actor, monkeypatch: object) -> None:
    """One double-click on an establishment opens its form once (two signals opened it twice)."""
    from inspector.ui import support

    est.add_establishment(db, admin, est.EstablishmentInput(
        sector="printing", name="Công ty in Việt Lập", owner_kind="organization"))
    opened: list[QWidget] = []
    monkeypatch.setattr(support.dialogs, "run_modal",  # type: ignore[attr-defined]
                        lambda dialog: opened.append(dialog) or 0)
    page = EstablishmentsPage(db, admin)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    page.refresh()
    _click_cell(qtbot, page.view, 0, 2, double=True)
    assert len(opened) == 1
    for dialog in opened:
        qtbot.addWidget(dialog)


@pytest.mark.qt_log_ignore("does not support raise")  # offscreen cannot raise; it was asked to
def test_item4_a_draft_already_open_comes_forward(qtbot: QtBot, db: Database, admin: Actor,
                                                  recorded_dialogs: RecordingDialogs) -> None:
    """Double-clicking a draft on Hôm nay twice gives one window, not two copies of the draft."""
    drafts.save_draft(db, admin, "establishment",
                      {"fields": {"name": "Nhà sách Hoa Mai", "sector": "distribution"},
                       "notes": "", "version": 0}, "new", "Nhà sách Hoa Mai")
    page = TodayPage(db, admin)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    page.refresh()
    before = set(QApplication.topLevelWidgets())
    _click_cell(qtbot, page.drafts_view, 0, 2, double=True)
    _click_cell(qtbot, page.drafts_view, 0, 2, double=True)
    new = [w for w in QApplication.topLevelWidgets() if w not in before and w.isVisible()]
    assert len(new) == 1
    qtbot.addWidget(new[0])
    assert new[0].form.value("name") == "Nhà sách Hoa Mai"  # type: ignore[attr-defined]
    new[0].close()


def test_item2_long_title_does_not_widen_the_window_and_geometry_is_clamped(
        qtbot: QtBot, db: Database, admin: Actor) -> None:
    """Selecting an inspection with a long name keeps the window inside the screen; a width
    remembered from a larger screen is clamped when the window opens."""
    from PySide6.QtCore import QRect, QSettings

    from inspector.ui.main_window import MainWindow, page_index

    long_title = ("Kiểm tra việc chấp hành pháp luật về hoạt động in, phát hành xuất bản phẩm và "
                  "kinh doanh trò chơi điện tử công cộng trên địa bàn các xã vùng biên giới")
    _inspection_with_visit(db, admin, long_title)
    screen = QApplication.primaryScreen().availableGeometry()
    window = MainWindow(db, admin)
    qtbot.addWidget(window)
    window.show()
    window.resize(1200, 700)
    window.navigation.setCurrentRow(page_index("InspectionsPage"))
    page = window.pages[page_index("InspectionsPage")]
    page.year.setValue(2026)  # type: ignore[union-attr]
    page.refresh()  # type: ignore[union-attr]
    qtbot.wait(50)
    assert long_title in page.visits_label.text()  # type: ignore[union-attr]
    assert window.width() == 1200  # it grew to 2024 px
    assert page.minimumSizeHint().width() < 1000  # type: ignore[union-attr]
    window.grab().save("/tmp/shots/item2-long-title.png")
    window.setGeometry(QRect(0, 0, 2024, 760))  # what a bigger screen remembered
    window.close()
    assert QSettings().value("main/geometry") is not None
    again = MainWindow(db, admin)
    qtbot.addWidget(again)
    assert again.width() <= screen.width() and again.height() <= screen.height()
    again.close()


def test_item9_fields_stay_put_while_messages_come_and_go(qtbot: QtBot, db: Database,
                                                          admin: Actor) -> None:
    """Typing a wrong ID, a bad date and then fixing them never moves the fields below."""
    from PySide6.QtCore import QPoint

    from inspector.ui.establishment_form import EstablishmentForm
    from tests.gui.conftest import type_text

    form = EstablishmentForm(db, admin)
    qtbot.addWidget(form)
    form.show()
    form.form.set_value("owner_kind", "household")
    qtbot.wait(10)

    def positions() -> dict[str, int]:
        return {name: f.widget.mapTo(form.form, QPoint(0, 0)).y()
                for name, f in form.form.fields.items() if f.isVisibleTo(form)}

    start = positions()
    seen = []
    messages = set()
    for text, name in (("004", "owner_id_number"), ("31/02", "owner_birth_date"),
                       ("Lương Văn Đức", "owner_name")):
        for ch in text:
            type_text(form.form.fields[name].widget, ch)
            qtbot.wait(1)
            seen.append(positions())
            messages |= {n for n, f in form.form.fields.items() if f.message.isVisibleTo(form)}
    assert {"owner_id_number", "owner_birth_date"} <= messages  # messages did come and go
    form.form.fields["owner_id_number"].widget.clear()  # type: ignore[attr-defined]
    qtbot.wait(1)
    seen.append(positions())
    assert all(p == start for p in seen)


def test_item9_a_long_message_in_a_small_dialog_can_be_read(qtbot: QtBot, db: Database,
                                                             admin: Actor) -> None:
    """The account dialog's refusal wraps and is shown whole, not cut at the dialog's edge."""
    from inspector.ui.pages.settings import AddUserDialog

    dialog = AddUserDialog(db, admin)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.login, "admin")
    qtbot.keyClicks(dialog.password, "ngan")
    dialog.save()
    qtbot.wait(20)
    label = dialog.message
    assert label.text()
    needed = label.heightForWidth(label.width())
    assert label.height() >= needed and label.width() <= dialog.width()
    dialog.grab().save("/tmp/shots/item9-account-dialog.png")


def test_item10_licence_typed_before_the_first_save_is_saved_with_it(
        qtbot: QtBot, db: Database, admin: Actor) -> None:
    """A new establishment's licence can be added before it is saved; both are saved at once."""
    from inspector.ui.establishment_form import EstablishmentForm
    from tests.gui.conftest import type_text

    form = EstablishmentForm(db, admin)
    qtbot.addWidget(form)
    form.show()
    form.form.set_value("sector", "internet")
    type_text(form.form.fields["name"].widget, "Đại lý Internet Đức Anh")
    form.form.set_value("owner_kind", "organization")
    form.tabs.setCurrentIndex(1)
    lf = form.licence_form
    type_text(lf.fields["kind"].widget, "Giấy chứng nhận đủ điều kiện hoạt động điểm Internet")
    type_text(lf.fields["number"].widget, "15/GCN-SKHCN")
    qtbot.keyClicks(lf.fields["issued_on"].widget, "10/03/2026")
    qtbot.mouseClick(form.add_licence_button, Qt.MouseButton.LeftButton)
    assert form.licences.rowCount() == 1 and not form.licence_note.text()
    assert form.save() and form.saved_id is not None
    saved = est.list_licences(db, admin, form.saved_id)
    assert [(x.number, x.issued_on) for x in saved] == [("15/GCN-SKHCN", date(2026, 3, 10))]


def test_item10_inspection_form_shows_and_edits_its_plan(qtbot: QtBot, db: Database,
                                                          admin: Actor) -> None:
    """Opened from "Tất cả", a planned inspection still gets its plan, chosen in the form;
    without one the form says so next to the field."""
    from inspector.ui.inspection_form import InspectionForm
    from tests.gui.conftest import type_text

    plan = insp.add_plan(db, admin, insp.PlanInput(2026, "Kế hoạch năm 2026", None, None))
    page = InspectionsPage(db, admin)
    qtbot.addWidget(page)
    page.year.setValue(2026)
    page.refresh()
    assert page.plan.currentData() is None  # "Tất cả"
    form = page.inspection_form()
    assert isinstance(form, InspectionForm)
    qtbot.addWidget(form)
    form.show()
    form.form.set_value("kind", "scheduled")
    assert "kế hoạch" in form.form.fields["plan_id"].message.text()
    form.form.set_value("plan_id", plan.id)
    assert not form.form.fields["plan_id"].message.text()
    type_text(form.form.fields["title"].widget, "Kiểm tra điểm Internet theo kế hoạch")
    form.form.fields["start_date"].widget.clear()  # type: ignore[attr-defined]
    qtbot.keyClicks(form.form.fields["start_date"].widget, "05/10/2026")
    type_text(form.form.fields["decision_number"].widget, "15/QĐ-KT")
    qtbot.keyClicks(form.form.fields["decision_date"].widget, "01/10/2026")
    form.add_member("Nông Văn Thanh", "head", "")
    assert form.save(), form.message.text()
    assert insp.inspection_detail(db, admin, form.saved_id).plan_id == plan.id
    again = InspectionForm(db, admin, form.saved_id)
    qtbot.addWidget(again)
    assert again.form.value("plan_id") == plan.id


def test_item10_visit_search_says_a_match_is_in_another_sector(qtbot: QtBot, db: Database,
                                                               admin: Actor) -> None:
    """In a printing inspection, typing an Internet point's name says it exists in another
    sector instead of "Không tìm thấy cơ sở nào"."""
    from inspector.ui.visit_form import VisitForm
    from tests.factories import INTERNET_POINT, configure_agency
    from tests.gui.conftest import type_text

    configure_agency(db, admin)
    est.add_establishment(db, admin, est.EstablishmentInput(**INTERNET_POINT))
    inspection = insp.add_inspection(db, admin, insp.InspectionInput(
        mode="kiem_tra", kind="thematic", title="Kiểm tra hoạt động in", sector="printing",
        start_date=date(2026, 11, 20), decision_number="21/QĐ-KT",
        decision_date=date(2026, 11, 19), members=(insp.MemberInput("Lương Đức Hạnh", "head"),)))
    form = VisitForm(db, admin, inspection, None)
    qtbot.addWidget(form)
    form.show()
    type_text(form.establishment_search, "duc anh")
    form.search_establishments()
    texts = [form.establishment_results.item(i).text()
             for i in range(form.establishment_results.count())]
    assert len(texts) == 1
    assert "lĩnh vực khác" in texts[0] and "Đại lý Internet Đức Anh" in texts[0], texts
    form.reject()


def test_item11_communes_in_vietnamese_order_in_the_filter_and_the_form(
        qtbot: QtBot, db: Database, admin: Actor) -> None:
    """Both commune lists follow the Vietnamese alphabet (a ă â b c d đ e ê …, tones last)."""
    from inspector.ui.establishment_form import EstablishmentForm

    alphabet = "aăâbcdđeêghiklmnoôơpqrstuưvxy"

    def key(label: str) -> list[object]:
        import unicodedata

        out: list[object] = []
        for ch in label.lower():
            base = unicodedata.normalize("NFD", ch)
            letter = unicodedata.normalize("NFC", base[0] + "".join(
                m for m in base[1:] if m in "\u0306\u0302\u031b"))  # breve, circumflex, horn
            out.append(alphabet.index(letter) if letter in alphabet else -1)
        return out

    page = EstablishmentsPage(db, admin)
    qtbot.addWidget(page)
    form = EstablishmentForm(db, admin)
    qtbot.addWidget(form)
    for box in (page.commune, form.form.fields["commune_code"].widget):
        labels = [box.itemText(i) for i in range(1, box.count())]  # type: ignore[attr-defined]
        assert len(labels) > 50
        assert [key(x) for x in labels] == sorted(key(x) for x in labels)
        xa = [x for x in labels if x.startswith("Xã C")]
        assert xa.index("Xã Cần Yên") < xa.index("Xã Cô Ba")


def test_item8_save_dialogs_open_in_documents_and_remember_per_kind(
        qtbot: QtBot, tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first save of a kind opens in the documents folder; the next one where the last
    file of that kind went; another kind keeps its own folder."""
    from pathlib import Path

    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    from inspector.ui.support import Dialogs

    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(str(tmp_path)) / "văn bản"
    folder.mkdir()
    offered: list[str] = []

    def dialog(_parent: object, _title: str, start: str, _filters: str) -> tuple[str, str]:
        offered.append(start)
        return str(folder / Path(start).name), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    from PySide6.QtCore import QSettings

    QSettings().remove("folders")  # nothing remembered yet, as on a first run
    real = Dialogs()
    real.save_file(None, "x", "QD-01-2026.pdf", "PDF (*.pdf)")
    real.save_file(None, "x", "QD-02-2026.pdf", "PDF (*.pdf)")
    real.save_file(None, "x", "thong-ke-2026.xlsx", "Excel (*.xlsx)")
    assert offered[0] == str(Path(documents) / "QD-01-2026.pdf")
    assert offered[1] == str(folder / "QD-02-2026.pdf")
    assert Path(offered[2]).parent != folder and not offered[2].startswith(str(Path.cwd()))
    QSettings().remove("folders")


def test_item8_exported_file_has_normal_permissions(tmp_path: object) -> None:
    """An export is readable by others as any saved file is (it was 0600)."""
    import os
    import stat
    from pathlib import Path

    from inspector.reports.export import write_atomically

    old = os.umask(0o022)
    try:
        path = write_atomically(b"x", Path(str(tmp_path)) / "thong-ke.xlsx")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def _decision_pdf() -> bytes:
    from inspector.documents.forms import render_sanction_decision
    from tests.documents.sample_data import decision_2026

    return render_sanction_decision(decision_2026(count=1))


def test_item5_print_to_a_pdf_printer_writes_the_document_itself(
        qtbot: QtBot, tmp_path: object) -> None:
    """"In ra tệp (PDF)" gets the document's own bytes: no rasterising, margins untouched."""
    from pathlib import Path

    from PySide6.QtPrintSupport import QPrinter

    from inspector.ui.pdf_view import PdfPreview

    data = _decision_pdf()
    preview = PdfPreview()
    qtbot.addWidget(preview)
    preview.set_pdf(data, "QD-01-2026.pdf")
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    target = Path(str(tmp_path)) / "printed.pdf"
    printer.setOutputFileName(str(target))
    with qtbot.waitSignal(preview.printed, timeout=2000):
        preview.print_to(printer)
    assert target.read_bytes() == data


def test_item5_raster_path_keeps_the_page_size_and_can_be_cancelled(tmp_path: object) -> None:
    """Without a print service each page is drawn at its physical size on the full A4 paper at
    300 dpi, not 1200; cancelling stops the job."""
    from pathlib import Path

    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPrintSupport import QPrinter

    from inspector.ui.printing import PrintCancelled, render_to_printer

    data = _decision_pdf()
    out = Path(str(tmp_path)) / "raster.pdf"
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setResolution(300)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    seen: list[tuple[int, int]] = []
    pages = render_to_printer(data, printer, lambda d, t: seen.append((d, t)))
    document = QPdfDocument()
    assert document.load(str(out)) == QPdfDocument.Error.None_
    assert document.pageCount() == pages == seen[-1][1] >= 2
    size = document.pagePointSize(0)
    assert abs(size.width() - 595.3) < 1 and abs(size.height() - 841.9) < 1  # A4, unscaled
    assert out.stat().st_size < 4_000_000
    second = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    second.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    second.setOutputFileName(str(Path(str(tmp_path)) / "cancelled.pdf"))
    with pytest.raises(PrintCancelled):
        render_to_printer(data, second, cancelled=lambda: True)


def test_item5_with_a_print_service_the_pdf_is_handed_over_unscaled(
        qtbot: QtBot, tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where ``lp`` exists the PDF goes to it as is, with ``print-scaling=none``, off the GUI
    thread. (This machine has no CUPS: a stand-in ``lp`` script records what it gets.)"""
    from pathlib import Path

    from PySide6.QtPrintSupport import QPrinter

    from inspector.ui import printing
    from inspector.ui.pdf_view import PdfPreview

    folder = Path(str(tmp_path))
    lp = folder / "lp"
    lp.write_text(f"#!/bin/sh\necho \"$@\" > {folder}/args\ncat > {folder}/job.pdf\n"
                  "echo 'request id is HP-1 (1 file(s))'\n")
    lp.chmod(0o755)
    monkeypatch.setattr(printing, "system_print_command", lambda: str(lp))
    data = _decision_pdf()
    preview = PdfPreview()
    qtbot.addWidget(preview)
    preview.set_pdf(data, "QD-01-2026.pdf")
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)
    with qtbot.waitSignal(preview.printed, timeout=10_000) as blocker:
        preview.print_to(printer)
    assert blocker.args == ["request id is HP-1 (1 file(s))"]
    assert (folder / "job.pdf").read_bytes() == data
    assert "print-scaling=none" in (folder / "args").read_text()


def test_item13_history_in_vietnamese_for_an_establishment_and_a_whole_case(
        qtbot: QtBot, db: Database, admin: Actor, operator: Actor) -> None:
    """An edit reads "Số điện thoại: (trống) → …", never "phone: None → …"; a case's history
    covers its violation, record, decision and payment, each named."""
    from inspector.services import decisions, payments, violation_records
    from inspector.services.users import add_user, authenticate
    from inspector.ui.establishment_form import EstablishmentForm
    from tests.factories import INTERNET_POINT, configure_agency, make_case
    from tests.gui.conftest import type_text

    configure_agency(db, operator)
    case_id = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                        "amount": 2_000_000}], establishment=INTERNET_POINT,
                        opened_on=date(2026, 9, 7))
    violation_records.issue_record(db, operator, case_id, date(2026, 9, 7),
                                   details=record_details(date(2026, 9, 7)))
    add_user(db, operator, "chanh", "Hoàng Văn Giám", "chief", "mat-khau-1")
    chief = authenticate(db, "chanh", "mat-khau-1")
    issued = decisions.issue_decision(db, chief, case_id, date(2026, 9, 10))
    payments.record_delivery(db, chief, issued.number, 2026, date(2026, 9, 11))
    payments.add_payment(db, chief, issued.number, 2026, 2_000_000, date(2026, 9, 12), "BL-15")
    row = est.search_establishments(db, admin, "internet")[0]
    form = EstablishmentForm(db, admin, row.id)
    qtbot.addWidget(form)
    type_text(form.form.fields["phone"].widget, "0912345678")
    assert form.save()
    from inspector.ui.pages.history import HistoryDialog

    mine = HistoryDialog(db, admin, row.id, row.name)
    qtbot.addWidget(mine)
    last = mine.model.rows[-1]
    assert last.action == "Sửa" and last.changes == "Số điện thoại: (trống) → 0912345678"
    form = EstablishmentForm(db, admin, row.id)
    qtbot.addWidget(form)
    form.tabs.setCurrentIndex(2)
    form.show()
    _click_cell(qtbot, form.violations_view, 0, 1)
    dialog = form.case_history_dialog()
    assert isinstance(dialog, HistoryDialog)
    qtbot.addWidget(dialog)
    records = [h.record for h in dialog.model.rows]
    assert "Hành vi vi phạm (174/2026/NĐ-CP:36.2.a)" in records
    assert any(r.startswith("Biên bản vi phạm hành chính số") for r in records)
    assert any(r.startswith("Quyết định xử phạt số 01/QĐ-XPHC") for r in records)
    paid = next(h for h in dialog.model.rows if h.record == "Nộp phạt")
    assert "Số tiền: 2.000.000 đồng" in paid.changes and "Ngày nộp: 12/09/2026" in paid.changes
    text = " ".join(h.changes for h in dialog.model.rows)
    assert "Năm: 2026" in text
    for raw in ("None", "True", "False", "_id", "2026-09"):
        assert raw not in text, raw
    dialog.show()
    dialog.grab().save("/tmp/shots/item13-case-history.png")


def test_item12_saved_evidence_seen_again_from_the_visit_and_the_case(
        qtbot: QtBot, db: Database, admin: Actor, tmp_path: object,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A photo saved with a visit shows as a thumbnail from Thanh tra/Kiểm tra and opens; a
    photo of a violation shows from the establishment's case."""
    from pathlib import Path

    from PySide6.QtGui import QColor, QImage

    from inspector.services.attachments import add_attachment
    from inspector.store.models import Violation
    from inspector.ui import evidence_view
    from inspector.ui.establishment_form import EstablishmentForm
    from inspector.ui.evidence_view import EvidenceWindow
    from tests.factories import INTERNET_POINT, make_case

    folder = Path(str(tmp_path))
    photo = folder / "mặt tiền.png"
    image = QImage(1600, 1200, QImage.Format.Format_RGB32)
    image.fill(QColor("#336699"))
    assert image.save(str(photo))
    _inspection_with_visit(db, admin)
    visit = insp.list_visits(db, admin, insp.list_inspections(db, admin, 2026)[0].id)[0]
    add_attachment(db, admin, "visit", visit.id, photo, "Mặt tiền cơ sở")
    opened: list[str] = []
    monkeypatch.setattr(evidence_view, "open_url", lambda url: opened.append(url.toLocalFile())
                        or True)
    page = InspectionsPage(db, admin)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.year.setValue(2026)
    page.refresh()
    _click_cell(qtbot, page.visits_view, 0, 1)
    before = set(QApplication.topLevelWidgets())
    qtbot.mouseClick(page.evidence_button, Qt.MouseButton.LeftButton)
    window = next(w for w in QApplication.topLevelWidgets()
                  if w not in before and isinstance(w, EvidenceWindow))
    qtbot.addWidget(window)
    assert window.list.count() == 1 and window.list.item(0).text() == "Mặt tiền cơ sở"
    size = window.list.item(0).icon().availableSizes()[0]
    assert max(size.width(), size.height()) <= evidence_view.THUMB
    qtbot.keyClick(window.list, Qt.Key.Key_Return)
    assert len(opened) == 1 and Path(opened[0]).read_bytes() == photo.read_bytes()
    window.grab().save("/tmp/shots/item12-visit-evidence.png")
    window.close()

    case_id = make_case(db, admin, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                     "amount": 2_000_000}], establishment=INTERNET_POINT,
                        opened_on=date(2026, 9, 7))
    from sqlalchemy import select

    from inspector.services.uow import UnitOfWork

    with UnitOfWork(db, admin) as uow:
        violation_id = uow.session.scalar(select(Violation.id).where(Violation.case_id == case_id))
    add_attachment(db, admin, "violation", violation_id, photo, "Ảnh vi phạm")
    row = est.search_establishments(db, admin, "internet")[0]
    form = EstablishmentForm(db, admin, row.id)
    qtbot.addWidget(form)
    form.tabs.setCurrentIndex(2)
    form.show()
    _click_cell(qtbot, form.violations_view, 0, 1)
    shown = form.case_evidence()
    assert isinstance(shown, EvidenceWindow)
    qtbot.addWidget(shown)
    assert [shown.list.item(i).text() for i in range(shown.list.count())] == ["Ảnh vi phạm"]


def test_item14_first_run_hint_goes_when_the_agency_is_saved_and_saves_confirm(
        qtbot: QtBot, db: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch) -> None:
    """The hint to enter the agency details is replaced by the save's confirmation; a plan's
    save says so in the status bar; the user's name is never under a message."""
    from PySide6.QtWidgets import QLabel

    from inspector.ui import support
    from inspector.ui.inspection_form import PlanForm
    from inspector.ui.main_window import MainWindow, page_index
    from tests.gui.conftest import type_text

    window = MainWindow(db, admin)
    qtbot.addWidget(window)
    window.resize(1200, 700)
    window.show()
    bar = window.statusBar()
    assert "thông tin cơ quan" in bar.currentMessage()
    settings = window.pages[page_index("SettingsPage")]
    for key, text in (("agency_name", "Sở Khoa học và Công nghệ"), ("place_name", "Cao Bằng")):
        settings.fields[key].clear()  # type: ignore[union-attr]
        type_text(settings.fields[key], text)  # type: ignore[union-attr]
    settings.save_button.click()  # type: ignore[union-attr]
    assert bar.currentMessage() == "Đã lưu thông tin cơ quan."

    def fill_plan(dialog: object) -> int:
        assert isinstance(dialog, PlanForm)
        type_text(dialog.form.fields["title"].widget, "Kế hoạch thanh tra, kiểm tra năm 2026")
        return int(dialog.save())

    monkeypatch.setattr(support.dialogs, "run_modal", fill_plan)
    window.navigation.setCurrentRow(page_index("InspectionsPage"))
    page = window.pages[page_index("InspectionsPage")]
    page.year.setValue(2026)  # type: ignore[union-attr]
    page.add_plan_button.click()  # type: ignore[union-attr]
    assert bar.currentMessage() == 'Đã lưu kế hoạch "Kế hoạch thanh tra, kiểm tra năm 2026".'
    assert page.plan.currentText().startswith("Kế hoạch thanh tra")  # type: ignore[union-attr]
    who = window.findChild(QLabel, "statusUser")
    assert who.isVisible()  # permanent: the message has the left side, the name the right
    qtbot.wait(50)
    window.grab().save("/tmp/shots/item14-status.png")


def test_item15_details(qtbot: QtBot, db: Database, admin: Actor) -> None:
    """An organisation's representative shows in the list; signer periods read dd/mm/yyyy;
    the signers' headers and "Trưởng đoàn" are not cut; chart axes count in whole steps."""
    from PySide6.QtWidgets import QComboBox

    from inspector.services.signers import signing_titles
    from inspector.ui.inspection_form import InspectionForm
    from inspector.ui.pages.settings import SettingsPage
    from inspector.ui.pages.tallies import integer_step, integer_ticks
    from tests.factories import configure_agency

    est.add_establishment(db, admin, est.EstablishmentInput(
        sector="printing", name="Công ty in Việt Lập", owner_kind="organization",
        representative_name="Hoàng Văn Lập", representative_title="Giám đốc"))
    page = EstablishmentsPage(db, admin)
    qtbot.addWidget(page)
    page.refresh()
    assert page.model.data(page.model.index(0, 3)) == "Hoàng Văn Lập (đại diện)"
    # The titles' dates come from the dated caps (legal.md §3: the Chánh Thanh tra Sở until
    # 30/6/2025, Law 88/2025; the Giám đốc Sở from 01/7/2025, Decree 189/2025).
    assert signing_titles(db) == {
        "chief_inspector_department": "Chánh Thanh tra Sở (đến 30/06/2025)",
        "director_department": "Giám đốc Sở (từ 01/07/2025)"}
    configure_agency(db, admin)
    settings = SettingsPage(db, admin)
    qtbot.addWidget(settings)
    settings.resize(1000, 900)
    settings.show()
    settings.refresh()
    view = settings.signers_view
    header = view.horizontalHeader()
    for column in range(view.model().columnCount()):
        title = view.model().headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title)
    form = InspectionForm(db, admin)
    qtbot.addWidget(form)
    form.show()
    form.add_member("Nông Văn Thanh", "head", "")
    box = form.members.cellWidget(0, 1)
    assert isinstance(box, QComboBox) and box.currentText() == "Trưởng đoàn"
    assert box.width() >= box.sizeHint().width()
    from PySide6.QtCharts import QValueAxis

    axis = QValueAxis()
    integer_ticks(axis, 2.3)
    ticks = [axis.min() + i * (axis.max() - axis.min()) / (axis.tickCount() - 1)
             for i in range(axis.tickCount())]
    assert all(t == int(t) for t in ticks) and ticks == [0, 1, 2, 3]
    assert integer_step(1_150_000) == 500_000


def test_item15_issue_dialog_checks_read_whole(qtbot: QtBot, db: Database, admin: Actor,
                                               operator: Actor) -> None:
    """Every check in the review dialog is shown whole, wrapped, not cut with "…"."""
    from inspector.services import violation_records
    from inspector.services.users import add_user, authenticate
    from inspector.ui.pages.issue_dialog import IssueDialog
    from tests.factories import INTERNET_POINT, configure_agency, make_case

    configure_agency(db, operator)
    case_id = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                        "amount": 2_000_000}], establishment=INTERNET_POINT,
                        opened_on=date(2026, 9, 7))
    violation_records.issue_record(db, operator, case_id, date(2026, 9, 7),
                                   details=record_details(date(2026, 9, 7)))
    add_user(db, operator, "chanh", "Hoàng Văn Giám", "chief", "mat-khau-1")
    dialog = IssueDialog(db, authenticate(db, "chanh", "mat-khau-1"), case_id)
    qtbot.addWidget(dialog)
    dialog.resize(1000, 700)
    dialog.show()
    dialog.on_date.setText("10/09/2026")
    qtbot.wait(50)
    metrics = dialog.checks.fontMetrics()
    width = dialog.checks.viewport().width() - 12
    for i in range(dialog.checks.count()):
        item = dialog.checks.item(i)
        needed = metrics.boundingRect(0, 0, width, 10_000, int(Qt.TextFlag.TextWordWrap.value),
                                      item.text()).height()
        assert item.sizeHint().height() >= needed
    dialog.grab().save("/tmp/shots/item15-issue-checks.png")
