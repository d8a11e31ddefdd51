"""``inspector bundle export|prepare|import`` end to end on SQLite files: the JSON contract,
"already imported", conflicts with exit 1 and ``--resolve``, and one-line refusals."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from inspector.cli import main
from tests.services.bundles_world import Side, World, field_visit, make_world
from tests.services.test_bundles import _set_phone


def _run(side: Side, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
         *args: str) -> tuple[int, str, str]:
    monkeypatch.setenv("INSPECTOR_HOME", str(side.home))
    capsys.readouterr()
    code = main(["--db", str(side.path), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def world(tmp_path: Path, template_db: Path) -> World:
    return make_world(tmp_path, template_db)


def test_cli_round_trip_with_conflict(world: World, tmp_path: Path, template_db: Path,
                                      monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    reg = world.register
    a = world.laptop("may-A", template_db)
    pkg = tmp_path / "pkg.zip"
    code, out, _ = _run(reg, monkeypatch, capsys, "bundle", "prepare", "--device", "may-A",
                        "--inspection", str(world.inspection_id), "--block-size", "20",
                        "-o", str(pkg))
    assert code == 0 and "BB-VPHC 2026: 1–20" in out
    code, out, _ = _run(a, monkeypatch, capsys, "bundle", "import", str(pkg), "--dry-run",
                        "--json")
    assert code == 0
    assert json.loads(out) == {"added": {"users": 1, "establishments": 2, "inspections": 1,
                                         "inspection_members": 1},
                               "updated": {}, "unchanged": {}, "conflicts": [], "deleted": {}}
    assert _run(a, monkeypatch, capsys, "bundle", "import", str(pkg))[0] == 0
    code, out, err = _run(a, monkeypatch, capsys, "bundle", "import", str(pkg), "--json")
    assert code == 0 and "already imported" in err
    assert set(json.loads(out)) == {"added", "updated", "unchanged", "conflicts", "deleted"}
    monkeypatch.setenv("INSPECTOR_HOME", str(a.home))
    with a.active() as db:
        field_visit(db, a.actor, world.inspection_id, world.establishment_ids[1],
                    date(2026, 11, 26))
        _set_phone(a, world.establishment_ids[0], "0912000333")
    with reg.active():
        _set_phone(reg, world.establishment_ids[0], "0912000444")
    out_file = tmp_path / "from-a.zip"
    code, out, _ = _run(a, monkeypatch, capsys, "bundle", "export", "-o", str(out_file))
    assert code == 0 and "visits 1" in out
    code, out, err = _run(reg, monkeypatch, capsys, "bundle", "import", str(out_file), "--json")
    assert code == 1 and "changed on both sides" in err and "\n" not in err.strip()
    conflicts = json.loads(out)["conflicts"]
    assert [(c["kind"], c["fields"]) for c in conflicts] == [("establishments", ["phone"])]
    record = conflicts[0]["id"]
    code, out, _ = _run(reg, monkeypatch, capsys, "bundle", "import", str(out_file), "--json",
                        "--resolve", f"{record}.phone=ours")
    assert code == 0
    summary = json.loads(out)
    assert summary["added"] == {"visits": 1, "cases": 1, "violations": 1}
    assert summary["unchanged"] == {"establishments": 1}
    assert summary["conflicts"][0]["resolution"] == {"phone": "ours"}


def test_cli_refusals_are_one_line(world: World, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    reg = world.register
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 not really")
    code, _, err = _run(reg, monkeypatch, capsys, "bundle", "import", str(bad))
    assert code == 2 and err.count("\n") == 1 and "not a bundle" in err
    code, _, err = _run(reg, monkeypatch, capsys, "bundle", "import", str(bad), "--resolve",
                        "x=maybe")
    assert code == 2 and "theirs|ours" in err
    code, _, err = _run(reg, monkeypatch, capsys, "bundle", "export", "-o",
                        str(tmp_path / "x.zip"))
    assert code == 2 and "not received a package" in err
