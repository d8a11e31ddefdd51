"""The "Gói dữ liệu" menu driven like a user: the actions each role sees, the chief preparing a
package for a laptop, the inspector importing it and exporting the day's work, and the import
preview with a conflict to resolve before anything is written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from inspector.services.actor import Actor
from inspector.services.establishments import establishment_detail
from inspector.ui import bundle_dialog, support
from inspector.ui.bundle_dialog import ImportDialog, PrepareDialog
from inspector.ui.main_window import MainWindow
from tests.gui.conftest import RecordingDialogs, type_text
from tests.services.bundles_world import World, field_visit, make_world


@pytest.fixture
def world(tmp_path: Path, template_db: Path) -> World:
    return make_world(tmp_path, template_db)


def _actions(window: MainWindow) -> set[str]:
    menu = window.menuBar().findChild(type(window.menuBar().addMenu("x")), "bundleMenu")
    assert menu is not None
    return {a.objectName() for a in menu.actions()}


@pytest.mark.parametrize(("role", "expected"), [
    ("inspector", {"bundleExportAction", "bundleImportAction"}),
    ("clerk", {"bundlePrepareAction", "bundleImportAction"}),
    ("chief", {"bundleExportAction", "bundlePrepareAction", "bundleImportAction"}),
])
def test_menu_offers_what_the_role_may_do(qtbot: QtBot, world: World, role: str,
                                          expected: set[str]) -> None:
    with world.register.active() as db:
        window = MainWindow(db, Actor(f"u-{role}", role, "Người dùng", device="test"))
        qtbot.addWidget(window)
        assert _actions(window) == expected
        window.close()


def test_chief_prepares_inspector_imports_and_exports(
        qtbot: QtBot, world: World, tmp_path: Path, template_db: Path,
        recorded_dialogs: RecordingDialogs, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "goi-cho-may-A.zip"
    monkeypatch.setattr(support.dialogs, "save_file", lambda *a: str(package))
    chief = Actor("chief", "chief", "Trưởng đoàn", device="test")
    with world.register.active() as db:
        dialog = PrepareDialog(db, chief)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.device.setFocus()
        type_text(dialog.device, "máy-A")
        assert dialog.inspections.count() == 1
        assert dialog.inspections.item(0).checkState() == Qt.CheckState.Checked
        qtbot.mouseClick(dialog.make_button, Qt.MouseButton.LeftButton)
    assert package.is_file()
    assert "năm 2026: số 1 đến 50" in recorded_dialogs.shown[-1][1]

    laptop = world.laptop("máy-A", template_db)
    with laptop.active() as db:
        preview = ImportDialog(db, laptop.actor, package)
        qtbot.addWidget(preview)
        preview.show()
        cells = {preview.counts.item(r, 0).text(): preview.counts.item(r, 1).text()
                 for r in range(preview.counts.rowCount())}
        assert cells == {"Tài khoản": "1", "Cơ sở": "2", "Cuộc thanh tra, kiểm tra": "1",
                         "Thành viên đoàn": "1"}
        assert not preview.conflicts.isVisible()
        assert preview.import_button.isEnabled()
        qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
        assert preview.result_summary.added["establishments"] == 2
        field_visit(db, laptop.actor, world.inspection_id, world.establishment_ids[0],
                    date(2026, 11, 25))
        out = tmp_path / "tu-may-A.zip"
        monkeypatch.setattr(support.dialogs, "save_file", lambda *a: str(out))
        assert bundle_dialog.export_to_register(preview, db, laptop.actor) == out
    assert "Lượt kiểm tra cơ sở: 1" in recorded_dialogs.shown[-1][1]


def test_import_preview_shows_conflict_and_waits_for_a_choice(
        qtbot: QtBot, world: World, tmp_path: Path, template_db: Path,
        recorded_dialogs: RecordingDialogs) -> None:
    """The preview writes nothing (the register file is unchanged); "Nhập" waits until the
    conflicting field is given a side; taking the package's value writes it."""
    from inspector.services.bundles_export import export_laptop, prepare_package
    from inspector.services.bundles_import import import_bundle
    from tests.services.test_bundles import _set_phone

    laptop = world.laptop("may-A", template_db)
    package = tmp_path / "p.zip"
    with world.register.active() as db:
        prepare_package(db, world.register.actor, "may-A", package, [world.inspection_id])
    with laptop.active() as db:
        import_bundle(db, laptop.actor, package)
        _set_phone(laptop, world.establishment_ids[0], "0912000333")
        out = tmp_path / "out.zip"
        export_laptop(db, laptop.actor, out)
    with world.register.active():
        _set_phone(world.register, world.establishment_ids[0], "0912000444")
    before = world.register.digest()
    with world.register.active() as db:
        dialog = ImportDialog(db, world.register.actor, out)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.conflicts.rowCount() == 1
        assert [dialog.conflicts.item(0, c).text() for c in range(4)] == [
            "Cơ sở “Nhà sách Hoa Mai”", "Số điện thoại", "0912000444", "0912000333"]
        assert not dialog.import_button.isEnabled()
    assert world.register.digest() == before
    with world.register.active() as db:
        dialog = ImportDialog(db, world.register.actor, out)
        qtbot.addWidget(dialog)
        dialog.show()
        combo = dialog.conflicts.cellWidget(0, 4)
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentData() == "theirs"
        assert dialog.import_button.isEnabled()
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        assert dialog.result_summary.conflicts[0].resolution == {"phone": "theirs"}
        assert establishment_detail(db, world.register.actor,
                                    world.establishment_ids[0]).phone == "0912000333"


def test_refused_bundle_is_said_in_one_line(qtbot: QtBot, world: World, tmp_path: Path,
                                            recorded_dialogs: RecordingDialogs) -> None:
    bad = tmp_path / "hong.zip"
    bad.write_bytes(b"PK\x03\x04 cut")
    with world.register.active() as db:
        dialog = ImportDialog(db, world.register.actor, bad)
        qtbot.addWidget(dialog)
    assert not dialog.ok and not dialog.import_button.isEnabled()
    kind, text = recorded_dialogs.shown[-1]
    assert kind == "warning" and "zip hỏng" in text and "\n" not in text


def test_menu_actions_open_the_dialogs(qtbot: QtBot, world: World, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch,
                                       recorded_dialogs: RecordingDialogs) -> None:
    """Gói dữ liệu → Chuẩn bị gói cho máy… and → Nhận gói dữ liệu… open their dialogs."""
    from PySide6.QtGui import QAction

    opened: list[object] = []
    monkeypatch.setattr(support.dialogs, "run_modal", lambda d: opened.append(d) or 0)
    bad = tmp_path / "x.zip"
    bad.write_bytes(b"not a zip")
    monkeypatch.setattr(bundle_dialog, "choose_bundle", lambda parent: str(bad))
    with world.register.active() as db:
        window = MainWindow(db, Actor("chief", "chief", "Trưởng đoàn", device="test"))
        qtbot.addWidget(window)
        for name in ("bundlePrepareAction", "bundleImportAction"):
            action = window.findChild(QAction, name)
            assert action is not None
            action.trigger()
        window.close()
    assert [type(d).__name__ for d in opened] == ["PrepareDialog", "ImportDialog"]


def test_a_licence_removed_on_the_laptop_is_removed_in_the_register(
        qtbot: QtBot, world: World, tmp_path: Path, template_db: Path,
        recorded_dialogs: RecordingDialogs, monkeypatch: pytest.MonkeyPatch) -> None:
    """The inspector removes a wrongly entered licence in the establishment form; the clerk's
    import preview counts it under "Xóa" and the import removes it from the register."""
    from inspector.services import establishments as est
    from inspector.services.bundles_export import prepare_package
    from inspector.services.bundles_import import import_bundle
    from inspector.ui.establishment_form import EstablishmentForm

    shop = world.establishment_ids[0]
    with world.register.active() as db:
        est.add_licence(db, world.register.actor, shop, est.LicenceInput(
            "Giấy phép hoạt động phát hành xuất bản phẩm", "12/GP-STTTT", "Sở TT&TT Cao Bằng",
            date(2020, 3, 2)))
    laptop = world.laptop("may-A", template_db)
    package = tmp_path / "p.zip"
    with world.register.active() as db:
        prepare_package(db, world.register.actor, "may-A", package, [world.inspection_id])
    monkeypatch.setattr(support.dialogs, "confirm", lambda *a: True)
    with laptop.active() as db:
        import_bundle(db, laptop.actor, package)
        form = EstablishmentForm(db, laptop.actor, shop)
        qtbot.addWidget(form)
        form.show()
        assert form.licences.rows and form.licences.rows[0].number == "12/GP-STTTT"
        form.licence_view.selectRow(0)
        qtbot.mouseClick(form.remove_licence_button, Qt.MouseButton.LeftButton)
        assert not form.licences.rows
        out = tmp_path / "tu-may-A.zip"
        monkeypatch.setattr(support.dialogs, "save_file", lambda *a: str(out))
        assert bundle_dialog.export_to_register(form, db, laptop.actor) == out
    with world.register.active() as db:
        dialog = ImportDialog(db, world.register.actor, out)
        qtbot.addWidget(dialog)
        dialog.show()
        header = [dialog.counts.horizontalHeaderItem(c).text()
                  for c in range(dialog.counts.columnCount())]
        rows = {dialog.counts.item(r, 0).text(): [dialog.counts.item(r, c).text()
                                                  for c in range(1, len(header))]
                for r in range(dialog.counts.rowCount())}
        assert rows["Giấy phép"][header.index("Xóa") - 1] == "1"
        dialog.grab().save(str(tmp_path / "import-preview-deletion.png"))
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        assert dialog.result_summary.deleted == {"licences": 1}
        assert est.list_licences(db, world.register.actor, shop) == []
    assert "Xóa theo máy trạm: Giấy phép: 1" in recorded_dialogs.shown[-1][1]
