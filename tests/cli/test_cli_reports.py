"""``inspector tally`` as a real process: JSON on stdout, files with -o, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.reports.scenario import build_caobang_file


@pytest.fixture(scope="module")
def cb(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_caobang_file(template_db, tmp_path_factory.mktemp("cli") / "cb.sqlite")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "inspector", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=120, env={**os.environ})


def test_json_on_stdout(cb: Path) -> None:
    done = _run("--db", str(cb), "tally", "--year", "2015", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert (data["headline"]["inspections"], data["headline"]["checks"]) == (5, 2)
    assert data["headline"]["fines_imposed"] == 59_500_000


def test_files_and_a_range(cb: Path, tmp_path: Path) -> None:
    """-o writes the file and says so; --from/--to narrows the period; csv of one table."""
    out = tmp_path / "t.xlsx"
    done = _run("--db", str(cb), "tally", "--year", "2015", "--format", "xlsx", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:2] == b"PK" and "written to" in done.stdout
    done = _run("--db", str(cb), "tally", "--from", "2015-08-01", "--to", "2015-08-31",
                "--format", "csv", "--table", "sectors")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("\ufeffLĩnh vực")
    assert "15500000" in done.stdout and "42000000" not in done.stdout


@pytest.mark.parametrize(("args", "message"), [
    (("--year", "20x5"), "--year: not a year"),
    (("--year", "1890"), "outside 2000-2100"),
    (("--from", "2015-05-01", "--to", "2015-01-01"), "is after --to"),
    (("--from", "2015-05-01"), "give --year, or both --from and --to"),
    (("--year", "2015", "--format", "pdf"), "give -o FILE"),
    (("--year", "2015", "--format", "pdf", "-o", "/nonexistent-dir/x.pdf"), "-o: no folder"),
])
def test_errors_are_one_line(cb: Path, args: tuple[str, ...], message: str) -> None:
    done = _run("--db", str(cb), "tally", *args)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], done.stderr
    assert done.stdout == ""


def test_unwritable_output(cb: Path, tmp_path: Path) -> None:
    """A path that cannot be written (its folder is a file, or it is a folder) is refused
    before anything is counted."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    done = _run("--db", str(cb), "tally", "--year", "2015", "-o", str(blocker / "t.json"))
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    done = _run("--db", str(cb), "tally", "--year", "2015", "-o", str(tmp_path))
    assert done.returncode == 2 and "is a folder" in done.stderr
