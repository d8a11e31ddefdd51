"""The hostile-input corpus: every command given dates, numbers, ids, texts and databases it
must refuse. Each must answer one line on stderr, exit 2, no traceback, no "internal error",
and leave the database unchanged. Run in process (``cli.main``) to keep the corpus fast; the
database paths that would hang or write are also tried as real processes."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from inspector import cli
from inspector.services import decisions, violation_records
from inspector.store.engine import open_database
from tests.cli.test_cli_foundation import one_line_error, run
from tests.conftest import make_actor
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details

BAD_DATES = ["9999-12-31", "0001-01-01", "31/02/2026", "2026-13-01", "abc", "", "-1",
             "2026-02-30", "１２/０１/２０２６", "2026-1-1T00:00"]
BAD_COUNTS = ["99999999999999999999", str(2**63), "-1", "abc", "nan", "inf", "1e3", "", "0x10",
              "1.5"]
BAD_IDS = ["not-a-uuid", "", "00000000-0000-0000-0000-000000000000", "x" * 200, "'; DROP TABLE"]
HUGE = "x" * 120_000
LONG = "Đại lý " + "x" * 5_000

CASE = "11111111-1111-1111-1111-111111111111"


def corpus(tmp: Path) -> Iterator[list[str]]:
    """The hostile command lines (without --db)."""
    out = str(tmp / "out.pdf")
    dated = [
        ["decision", "issue", "{case}", "--date", "{v}"],
        ["record", "issue", "{case}", "--date", "{v}"],
        ["decision", "deliver", "1", "--year", "2026", "--date", "{v}"],
        ["decision", "defer", "1", "--year", "2026", "--until", "{v}", "--reason", "x",
         "--confirmed-by", "UBND xã"],
        ["decision", "review", "{case}", "--date", "{v}"],
        ["payment", "add", "1", "--year", "2026", "--amount", "1000", "--date", "{v}"],
        ["catalog", "list", "--on", "{v}"],
        ["fine", "quote", "--provision", "174/2026/NĐ-CP:36.2.a", "--on", "{v}"],
        ["deadlines", "--violation-ended", "{v}"],
        ["deadlines", "--violation-ended", "2026-01-01", "--record", "{v}"],
        ["tally", "--from", "{v}", "--to", "2026-12-31"],
        ["case", "show", "{case}", "--decision-date", "{v}"],
        ["plan", "add", "--year", "2026", "--title", "x", "--approval-date", "{v}"],
        ["signer", "add", "--name", "A", "--title", "director_department", "--from", "{v}"],
    ]
    for template in dated:
        for v in BAD_DATES:
            yield [a.replace("{v}", v) for a in template]
    counted = [
        ["establishment", "list", "--limit", "{v}"],
        ["establishment", "list", "--offset", "{v}"],
        ["decision", "pdf", "{v}", "--year", "2026", "-o", out],
        ["decision", "pdf", "1", "--year", "{v}", "-o", out],
        ["decision", "deliver", "{v}", "--year", "2026", "--date", "2026-09-20"],
        ["payment", "add", "1", "--year", "2026", "--amount", "{v}", "--date", "2026-09-20"],
        ["payment", "add", "{v}", "--year", "2026", "--amount", "1000", "--date", "2026-09-20"],
        ["decision", "relieve", "1", "--year", "2026", "--kind", "reduce", "--amount", "{v}",
         "--reason", "x", "--confirmed-by", "UBND xã"],
        ["fine", "quote", "--provision", "174/2026/NĐ-CP:36.2.a", "--copies", "{v}"],
        ["decision", "list", "--year", "{v}"],
        ["tally", "--year", "{v}"],
        ["plan", "list", "--year", "{v}"],
        ["db", "backups", "--keep-days", "{v}"],
        ["demo", "seed", "--scenario", "random", "--year", "2026",
         "--violations-per-establishment", "{v}"],
    ]
    for template in counted:
        for v in BAD_COUNTS:
            if template[0] == "demo" and v == "1.5":
                continue  # a fraction is a valid mean number of violations
            yield [a.replace("{v}", v) for a in template]
    for v in BAD_IDS:
        yield ["establishment", "show", v]
        yield ["inspection", "show", v]
        yield ["case", "show", v]
        yield ["decision", "issue", v, "--date", "2026-09-10"]
        yield ["record", "pdf", v, "-o", out]
        yield ["document", "no-violation", v, "-o", out]
    texts = [
        ["establishment", "list", "--search", HUGE],
        ["establishment", "add", "--sector", "internet", "--name", LONG,
         "--owner-kind", "organization"],
        ["establishment", "add", "--sector", "internet", "--name", "Đại lý",
         "--owner-kind", "organization", "--phone", LONG],
        ["establishment", "add", "--sector", "internet", "--name", "Đại lý",
         "--owner-kind", "organization", "--tax-code", "x" * 500],
        ["payment", "add", "1", "--year", "2026", "--amount", "1000", "--date", "2026-09-20",
         "--receipt", "R" * 5000],
        ["payment", "add", "1", "--year", "2026", "--amount", "1000", "--date", "2026-09-20",
         "--receipt", HUGE],
        ["agency", "set", "--agency-name", "x" * 5000],
        ["agency", "set", "--treasury-account", HUGE],
        ["inspection", "list", "--search", HUGE],
        ["user", "add", "x" * 500, "--role", "clerk", "--name", "A"],
        ["plan", "add", "--year", "2026", "--title", "x" * 5000],
        ["decision", "skip", "--year", "2026", "--reason", HUGE],
    ]
    yield from texts
    choices = [
        ["tally", "--year", "2026", "--table", "bogus"],
        ["tally", "--year", "2026", "--format", "bogus"],
        ["establishment", "list", "--sector", "bogus"],
        ["catalog", "list", "--sector", "bogus"],
        ["user", "add", "a", "--role", "emperor", "--name", "A"],
        ["fine", "quote", "--provision", "bogus:1.2"],
        ["fine", "quote", "--provision", "174/2026/NĐ-CP:36.2.a", "--subject", "bogus"],
        ["decision", "export", "1", "--year", "2026", "--format", "bogus", "-o", out],
        ["demo", "seed", "--scenario", "bogus"],
        ["db", "load-reference", "--dir", "/nonexistent"],
        ["db", "load-reference", "--dir", ""],
        ["decision", "issue", "{case}", "--date", "2026-09-10", "--signer", ""],
        ["inspection", "list", "--plan", ""],
        ["decision", "list", "--year", "  "],
        ["db", "load-reference", "--dir", str(tmp / "bad-reference")],
        ["db", "restore", "/nonexistent.sqlite", "--yes"],
        ["db", "restore", str(tmp / "bad-reference" / "provisions.json"), "--yes"],
        ["db", "backup", "/nonexistent/dir/x.sqlite"],
        ["decision", "pdf", "1", "--year", "2026", "-o", "/nonexistent/dir/x.pdf"],
        ["nosuchcommand"],
        ["establishment", "list", "--nosuchoption"],
    ]
    yield from choices


def _fingerprint(path: Path) -> tuple[object, ...]:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        counts = tuple(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables)
        head = conn.execute("SELECT last_seq, last_hash FROM audit_head").fetchone()
        return (counts, head)
    finally:
        conn.close()


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "h.sqlite"
    shutil.copyfile(template_db, path)
    db = open_database(str(path))
    op = make_actor("admin", "test-admin")
    configure_agency(db, op)
    case = make_case(db, op, [{"provision_key": "174/2026/NĐ-CP:36.2.a", "amount": 2_000_000}],
                     establishment=INTERNET_POINT, opened_on=date(2026, 9, 7))
    violation_records.issue_record(db, op, case, date(2026, 9, 7),
        details=record_details(date(2026, 9, 7)))
    decisions.issue_decision(db, make_actor("chief"), case, date(2026, 9, 10))
    global CASE
    CASE = str(case)
    db.dispose()
    return path


def test_hostile_corpus(hostile_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every line refused: exit 2, one line on stderr, never a traceback or an internal error
    (a bogus sector or an empty year is refused too: read as "no filter" it would answer a
    question nobody asked)."""
    import io

    bad_ref = tmp_path / "bad-reference"
    bad_ref.mkdir()
    (bad_ref / "provisions.json").write_bytes(b"\xff\xfe\x00garbage\x80")
    before = _fingerprint(hostile_db)
    lines = list(corpus(tmp_path))
    assert len(lines) >= 300
    full = bool(os.environ.get("INSPECTOR_LONG_TESTS"))
    if not full:  # the default suite tries every fourth line (~25 s); the long run all
        lines = lines[::4]
    mishandled = []
    refused = 0
    for argv in lines:
        argv = [a.replace("{case}", CASE) for a in argv]
        monkeypatch.setattr("sys.stdin", io.StringIO("Mat-khau-1!\nMat-khau-1!\n"))
        try:
            code = cli.main(["--db", str(hostile_db), *argv])
        except SystemExit as exc:  # argparse
            code = int(exc.code or 0)
        err = capsys.readouterr().err.strip().splitlines()
        text = "\n".join(err)
        if "internal error" in text or "Traceback" in text or code != 2 or len(err) != 1:
            mishandled.append((" ".join(a[:40] for a in argv), code, err[:2]))
        else:
            refused += 1
    print(f"hostile inputs: {len(lines)}, refused in one line {refused}")
    assert refused >= (300 if full else 75)
    assert _fingerprint(hostile_db) == before
    assert mishandled == [], f"{len(mishandled)} of {len(lines)} mishandled: {mishandled[:15]}"


def _fifo(tmp: Path) -> Path:
    fifo = tmp / "fifo.sqlite"
    os.mkfifo(fifo)
    return fifo


def _loop(tmp: Path) -> Path:
    a, b = tmp / "a.sqlite", tmp / "b.sqlite"
    a.symlink_to(b)
    b.symlink_to(a)
    return a


def _empty(tmp: Path) -> Path:
    path = tmp / "empty.sqlite"
    path.touch()
    return path


def _foreign_alembic(tmp: Path) -> Path:
    path = tmp / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript("CREATE TABLE alembic_version (version_num VARCHAR(32));"
                       "INSERT INTO alembic_version VALUES ('abc123');"
                       "CREATE TABLE invoices (id INTEGER);")
    conn.close()
    return path


def _lost_version(tmp: Path, template: Path) -> Path:
    path = tmp / "lost.sqlite"
    shutil.copyfile(template, path)
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM alembic_version")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("kind", ["fifo", "loop", "devnull", "empty", "foreign", "lost"])
def test_hostile_database_paths(kind: str, tmp_path: Path, template_db: Path) -> None:
    """Real processes: a FIFO does not hang, a zero-byte file stays zero bytes, another
    program's Alembic database is not "a newer Inspector"."""
    path = {"fifo": lambda: _fifo(tmp_path), "loop": lambda: _loop(tmp_path),
            "devnull": lambda: Path("/dev/null"), "empty": lambda: _empty(tmp_path),
            "foreign": lambda: _foreign_alembic(tmp_path),
            "lost": lambda: _lost_version(tmp_path, template_db)}[kind]()
    before = path.read_bytes() if path.is_file() else None
    for args in (["user", "list"], ["establishment", "list"], ["db", "check"]):
        result = run("--db", str(path), *args)
        line = one_line_error(result) if args != ["db", "check"] or kind not in (
            "foreign", "lost") else result.stdout + result.stderr
        assert "internal error" not in line and "newer version" not in line
        assert result.returncode in (1, 2)
    if before is not None:
        assert path.read_bytes() == before
    assert not path.with_name(path.name + "-wal").exists() or kind == "lost"
    if kind == "empty":
        assert path.stat().st_size == 0


def test_damaged_database_check_exits_1(tmp_path: Path, template_db: Path) -> None:
    path = tmp_path / "damaged.sqlite"
    data = bytearray(template_db.read_bytes())
    data[100:4096 * 4] = b"\x00" * (4096 * 4 - 100)
    path.write_bytes(bytes(data))
    result = run("--db", str(path), "db", "check")
    assert result.returncode == 1 and "FAIL" in result.stdout, (result.stdout, result.stderr)


def test_unwritable_log_folder_keeps_errors_to_one_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "logs").write_text("a file where the log folder should be")
    env = {"INSPECTOR_HOME": str(home)}
    made = run("--db", str(tmp_path / "new.sqlite"), "db", "upgrade", env=env)
    assert made.returncode == 0 and made.stderr == ""  # the log lines went elsewhere
    result = run("--db", str(tmp_path / "new.sqlite"), "establishment", "show", "x", env=env)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    one_line_error(result)
