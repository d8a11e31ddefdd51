"""Field work on the command line, run as real processes: establishments, inspections, visits,
violations, cases and demo data, with ``--json`` and one-line errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli_foundation import one_line_error, run


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> str:
    path = tmp_path_factory.mktemp("cli-work") / "work.sqlite"
    shutil.copyfile(template_db, path)
    return str(path)


def ok_json(*args: str, stdin: str = "") -> Any:
    result = run(*args, "--json", stdin=stdin)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


SHOP = ["--sector", "distribution", "--name", "Nhà sách Hồng Phúc", "--owner-kind", "household",
        "--owner-name", "Nông Thị Lan", "--owner-sex", "F", "--owner-birth", "02/03/1985",
        "--owner-id", "004185001234", "--commune-code", "01273", "--address",
        "Số 5, phố Kim Đồng", "--phone", "0912 345 678",
        "--licence", "Giấy xác nhận đăng ký phát hành|12/2020/GP|Sở TT&TT|2020-05-01"]


def test_field_work_from_establishment_to_case(db: str) -> None:
    """Add a shop, find it without accents, inspect it, record violations, read the case."""
    shop = ok_json("--db", db, "establishment", "add", *SHOP)
    assert shop["phone"] == "0912345678" and shop["commune_name"] == "Phường Thục Phán"
    assert any(w["field"] == "owner_residence" for w in shop["warnings"])
    again = run("--db", db, "establishment", "add", *SHOP)
    assert "duplicate" in one_line_error(again)
    found = ok_json("--db", db, "establishment", "list", "--search", "nong thi lan",
                    "--sector", "distribution")
    assert [r["id"] for r in found] == [shop["id"]] and found[0]["licence_status"] == "valid"
    assert ok_json("--db", db, "establishment", "list", "--search", "zzz") == []

    inspection = ok_json(
        "--db", db, "inspection", "add", "--mode", "kiem_tra", "--kind", "thematic",
        "--title", "Kiểm tra phát hành xuất bản phẩm 2024", "--start", "2024-05-10",
        "--end", "2024-05-20", "--decision-number", "12/QĐ-TTr", "--decision-date",
        "2024-05-02", "--sector", "distribution", "--member", "Hoàng Văn Nam|head",
        "--member", "Lục Thị Hoa")
    assert [m["role"] for m in inspection["members"]] == ["head", "member"]
    visit = ok_json("--db", db, "visit", "add", "--inspection", inspection["id"],
                    "--establishment", shop["id"], "--date", "2024-05-15",
                    "--answer", "invoices=no:Không xuất trình được hóa đơn")
    assert visit["answers"][0]["answer"] == "no"

    first = ok_json("--db", db, "violation", "add", "--visit", visit["id"], "--provision",
                    "119/2020/ND-CP:29.1.a", "--ongoing", "--title", "Đắc nhân tâm:60",
                    "--facts", "Bày bán 60 cuốn không có hóa đơn")
    assert first["provision_key"] == "119/2020/NĐ-CP:29.2.a" and first["amount"] == 3_750_000
    refused = run("--db", db, "violation", "add", "--visit", visit["id"], "--provision",
                  "119/2020/NĐ-CP:29.1.a", "--ongoing", "--title", "Mắt biếc:20",
                  "--facts", "x", "--amount", "9000000")
    assert "ngoài khung" in one_line_error(refused)
    second = ok_json("--db", db, "violation", "add", "--case", first["case_id"], "--provision",
                     "119/2020/NĐ-CP:29.1.a", "--ongoing", "--title", "Mắt biếc:20",
                     "--facts", "x", "--aggravating", "10.1.b#1", "--amount", "2250000",
                     "--reason", "Số lượng lớn so với quy mô")
    assert second["case_total"] == 6_000_000

    case = ok_json("--db", db, "case", "show", first["case_id"], "--decision-date", "2024-05-20")
    assert case["subject_kind"] == "individual" and case["violator_name"] == "Nông Thị Lan"
    assert case["outlook"]["limitation_date"] == "2026-05-15"
    assert case["outlook"]["competence"]["within"] is None
    detail = ok_json("--db", db, "establishment", "show", shop["id"])
    assert len(detail["history"]["violations"]) == 2
    listed = ok_json("--db", db, "inspection", "list", "--year", "2024")
    assert listed[0]["visits"] == 1
    assert ok_json("--db", db, "inspection", "show", inspection["id"])["visits"][0][
        "outcome"] == "violations"

    # The second entry was a mistake: taken back before the record; the case total follows.
    removed = ok_json("--db", db, "violation", "remove", second["id"], "--case",
                      first["case_id"])
    assert removed == {"removed": second["id"], "kind": "violation", "case": first["case_id"]}
    case = ok_json("--db", db, "case", "show", first["case_id"], "--decision-date", "2024-05-20")
    assert [v["id"] for v in case["violations"]] == [first["id"]]
    gone = run("--db", db, "violation", "remove", second["id"], "--case", first["case_id"])
    assert gone.returncode != 0 and f"no violation {second['id']}" in one_line_error(gone)


def test_clerk_cannot_add_a_violation(db: str) -> None:
    """--as a clerk: the role is enforced by the service, one line on stderr."""
    added = run("--db", db, "user", "add", "thu", "--role", "clerk", "--name", "Bế Thị Thu",
                stdin="mat-khau-1\nmat-khau-1\n")
    assert added.returncode == 0, added.stderr
    err = one_line_error(run("--db", db, "--as", "thu", "violation", "add", "--case",
                             "00000000-0000-0000-0000-000000000000", "--provision",
                             "119/2020/NĐ-CP:32.1", "--ended", "2024-05-01",
                             stdin="mat-khau-1\n"))
    assert "not allowed" in err
    listed = run("--db", db, "--as", "thu", "establishment", "list", stdin="mat-khau-1\n")
    assert listed.returncode == 0, listed.stderr


def test_bad_input_is_one_line(db: str) -> None:
    """Bad dates, ids and CCCDs are one line each, never a traceback."""
    assert "not a date" in one_line_error(run("--db", db, "inspection", "add", "--mode",
                                              "kiem_tra", "--kind", "thematic", "--title", "x",
                                              "--start", "31/02/2024"))
    assert "not an id" in one_line_error(run("--db", db, "establishment", "show", "abc"))
    bad_id = [*SHOP[:8], "--owner-birth", "1986-03-02", "--owner-id", "004185001234",
              "--allow-duplicate"]
    assert "owner_id_number" in one_line_error(run("--db", db, "establishment", "add", *bad_id))


def test_demo_seed_then_search(tmp_path: Path) -> None:
    """The demo generator builds a database the list can search; unknown scenarios are an
    invalid choice."""
    path = str(tmp_path / "demo.sqlite")
    report = ok_json("--db", path, "demo", "seed", "--scenario", "random", "--year", "2024",
                     "--size", "60")
    assert report["establishments"] == 60 and report["violations"] == 180
    assert ok_json("--db", path, "establishment", "list", "--search", "nha sach", "--limit", "5")
    assert "invalid choice" in one_line_error(
        run("--db", path, "demo", "seed", "--scenario", "nowhere", "--year", "2024"))
    checked = run("--db", path, "db", "check")
    assert checked.returncode == 0, checked.stdout
