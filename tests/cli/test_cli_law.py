"""The law on the command line: catalog list, fine quote, deadlines (contract field names)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "inspector", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=60, env=os.environ.copy())


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("law") / "law.sqlite"
    assert run(path, "db", "upgrade").returncode == 0
    return path


def test_fine_quote_contract_fields(db: Path) -> None:
    """fine quote --json prints every field other tools rely on."""
    result = run(db, "fine", "quote", "--provision", "119/2020/ND-CP:29.1.a", "--subject",
                 "individual", "--on", "2024-05-01", "--signer", "chief_inspector_department",
                 "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for field in ("provision", "instrument", "bracket_min", "bracket_max", "default_amount",
                  "allowed_min", "allowed_max", "default_in_words", "confirmed",
                  "within_competence", "competent_signer"):
        assert field in data
    # Decree 119/2020 prints 3-5 M for organisations; an individual pays half (Art 4).
    assert (data["bracket_min"], data["bracket_max"]) == (1_500_000, 2_500_000)
    assert data["default_amount"] == 2_000_000
    assert data["default_in_words"] == "Hai triệu đồng"
    assert data["provision"] == "119/2020/NĐ-CP:29.1.a"


def test_fine_quote_2015_under_decree_159(db: Path) -> None:
    """A 2015 bookshop violation is quoted under Decree 159/2013 (individual amounts)."""
    data = json.loads(run(db, "fine", "quote", "--provision", "159/2013/ND-CP:27.1",
                          "--subject", "individual", "--on", "2015-06-01", "--json").stdout)
    assert data["instrument"] == "159/2013/NĐ-CP" and data["confirmed"] is False
    assert data["bracket_min"] == data["printed_min"]


def test_two_aggravating_gives_maximum(db: Path) -> None:
    """Decree 118/2021 Art 9: two aggravating circumstances left give the bracket maximum."""
    data = json.loads(run(db, "fine", "quote", "--provision", "119/2020/ND-CP:29.1.a",
                          "--subject", "organization", "--aggravating", "2", "--on",
                          "2024-05-01", "--json").stdout)
    assert data["default_amount"] == data["bracket_max"] == 5_000_000


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("fine", "quote", "--provision", "nonsense", "--subject", "individual"), "bad_key"),
        (("fine", "quote", "--provision", "119/2020/ND-CP:99.9.a", "--subject", "individual"),
         "unknown_provision"),
        (("fine", "quote", "--provision", "119/2020/ND-CP:29.1.a", "--subject", "individual",
          "--on", "2010-01-01"), "2010"),
        (("fine", "quote", "--provision", "119/2020/ND-CP:29.1.a", "--subject", "individual",
          "--copies", "-3"), "negative"),
        (("fine", "quote", "--provision", "119/2020/ND-CP:29.1.a", "--subject", "individual",
          "--on", "31/02/2024"), "--on"),
        (("deadlines", "--violation-ended", "2026-13-01", "--record", "2026-02-05"),
         "--violation-ended"),
        (("catalog", "list", "--sector", "bakery"), "--sector"),
    ],
)
def test_bad_input_is_one_line(db: Path, args: tuple[str, ...], fragment: str) -> None:
    """Unknown key, date outside every instrument, negative count, bad date: one line, exit 2."""
    result = run(db, *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], result.stderr


def test_deadlines_json_across_tet_2026(db: Path) -> None:
    """Law Art 66: 7 working days from a record made on 05/02/2026 skip the Tết holiday."""
    result = run(db, "deadlines", "--violation-ended", "2026-01-20", "--record", "2026-02-05",
                 "--decision", "2026-02-10", "--sector", "distribution", "--json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)["deadlines"]
    assert items["decision_deadline"]["due"] == "2026-02-23"
    assert items["limitation"]["due"] == "2028-01-20"  # publishing field: 2 years (Art 6)
    assert items["dispatch_deadline"]["due"] is not None


def test_catalog_list_by_date(db: Path) -> None:
    """catalog list --on picks the decree in force: 174/2026 for games in late 2026."""
    data = json.loads(run(db, "catalog", "list", "--sector", "game", "--on", "2026-11-01",
                          "--json").stdout)
    assert data and all(p["instrument"] == "174/2026/NĐ-CP" for p in data)
    old = json.loads(run(db, "catalog", "list", "--sector", "distribution", "--on",
                         "2015-06-01", "--json").stdout)
    assert old and all(p["instrument"] == "159/2013/NĐ-CP" for p in old)
