"""Tests for the reference-data loader and the CSV files in db/reference."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from inspector.domain import refdata
from inspector.domain.refdata import read_csv_rows, reference_dir

FILES = {
    "province_codes.csv": {"code", "name", "confirmed", "source"},
    "phone_prefixes.csv": {"prefix", "kind", "carrier_or_area", "confirmed", "source"},
    "admin_units_caobang.csv": {
        "code",
        "name",
        "kind",
        "level",
        "parent_code",
        "valid_from",
        "valid_until",
        "confirmed",
        "source",
    },
    "names.csv": {"kind", "name", "sex", "weight", "confirmed", "source"},
}


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    """Clear the loader cache before and after a test that changes the directory."""
    refdata.clear_cache()
    yield
    refdata.clear_cache()


# -------------------------------------------------------------------------- loader


def test_reference_dir_is_the_source_checkout() -> None:
    """In a checkout the directory is <repo>/db/reference."""
    expected = Path(refdata.__file__).resolve().parents[2] / "db" / "reference"
    assert reference_dir() == expected
    assert (expected / "province_codes.csv").is_file()


def test_reference_dir_falls_back_to_installed_share(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without a checkout the directory is <sys.prefix>/share/inspector/db/reference."""
    monkeypatch.setattr(refdata, "_SOURCE_REFERENCE_DIR", tmp_path / "missing")
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "prefix"))
    assert reference_dir() == tmp_path / "prefix" / "share" / "inspector" / "db" / "reference"


def test_read_csv_rows_accepts_name_with_or_without_suffix() -> None:
    """ "province_codes" and "province_codes.csv" read the same file."""
    assert read_csv_rows("province_codes") == read_csv_rows("province_codes.csv")


def test_read_csv_rows_returns_copies() -> None:
    """Mutating the returned rows does not change what the next caller gets."""
    rows = read_csv_rows("province_codes.csv")
    rows[0]["name"] = "changed"
    rows.clear()
    again = read_csv_rows("province_codes.csv")
    assert len(again) == 63
    assert again[0]["name"] == "Hà Nội"


@pytest.mark.parametrize("name", ["", "../setup.cfg", "sub/file.csv", "a\\b.csv", ".hidden"])
def test_read_csv_rows_refuses_paths(name: str) -> None:
    """Only plain file names inside the reference directory are accepted."""
    with pytest.raises(ValueError, match="không hợp lệ"):
        read_csv_rows(name)


def test_read_csv_rows_missing_file() -> None:
    """A missing file raises FileNotFoundError."""
    with pytest.raises(FileNotFoundError):
        read_csv_rows("no_such_file.csv")


def test_read_csv_rows_reads_bom_and_rejects_ragged_rows(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_cache: None
) -> None:
    """A UTF-8 BOM is tolerated; a row with a missing or extra field is an error."""
    monkeypatch.setattr(refdata, "_SOURCE_REFERENCE_DIR", tmp_path)
    (tmp_path / "good.csv").write_text("\ufeffcode,name\n004,Cao Bằng\n", encoding="utf-8")
    (tmp_path / "short.csv").write_text("code,name\n004\n", encoding="utf-8")
    (tmp_path / "long.csv").write_text("code,name\n004,Cao Bằng,x\n", encoding="utf-8")
    assert read_csv_rows("good") == [{"code": "004", "name": "Cao Bằng"}]
    for name in ("short", "long"):
        with pytest.raises(ValueError, match="dòng 2"):
            read_csv_rows(name)


def test_read_csv_rows_is_cached(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_cache: None
) -> None:
    """A file is read once; clear_cache() makes the loader read it again."""
    monkeypatch.setattr(refdata, "_SOURCE_REFERENCE_DIR", tmp_path)
    path = tmp_path / "t.csv"
    path.write_text("a\n1\n", encoding="utf-8")
    assert read_csv_rows("t") == [{"a": "1"}]
    path.write_text("a\n2\n", encoding="utf-8")
    assert read_csv_rows("t") == [{"a": "1"}]
    refdata.clear_cache()
    assert read_csv_rows("t") == [{"a": "2"}]


# ------------------------------------------------------------- every shipped file


@pytest.mark.parametrize(("name", "columns"), FILES.items())
def test_file_loads_with_expected_columns(name: str, columns: set[str]) -> None:
    """Each file has a header with at least the documented columns and some rows."""
    rows = read_csv_rows(name)
    assert rows
    assert columns <= set(rows[0])


@pytest.mark.parametrize("name", FILES)
def test_file_is_utf8_nfc_without_bom(name: str) -> None:
    """Every file is UTF-8, NFC and has no BOM."""
    raw = (reference_dir() / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize("name", FILES)
def test_every_cell_is_nfc_and_trimmed(name: str) -> None:
    """No cell has leading/trailing spaces or a non-NFC string."""
    for row in read_csv_rows(name):
        for key, value in row.items():
            assert unicodedata.is_normalized("NFC", key)
            assert unicodedata.is_normalized("NFC", value), (name, key, value)
            assert value == value.strip(), (name, key, value)


@pytest.mark.parametrize("name", FILES)
def test_confirmed_column_is_a_flag(name: str) -> None:
    """The confirmed column holds only 1 or 0."""
    assert {row["confirmed"] for row in read_csv_rows(name)} <= {"0", "1"}


# ---------------------------------------------------------------- province_codes


def test_province_codes_are_the_63_of_circular_07_2016() -> None:
    """63 distinct three-digit codes with names; Cao Bằng is 004."""
    rows = read_csv_rows("province_codes.csv")
    codes = [row["code"] for row in rows]
    assert len(rows) == 63
    assert len(set(codes)) == 63
    assert all(re.fullmatch(r"0\d\d", code) for code in codes)
    assert len({row["name"] for row in rows}) == 63
    by_code = {row["code"]: row["name"] for row in rows}
    assert by_code["001"] == "Hà Nội"
    assert by_code["004"] == "Cao Bằng"
    assert by_code["079"] == "TP Hồ Chí Minh"
    assert by_code["096"] == "Cà Mau"
    assert min(codes) == "001" and max(codes) == "096"


def test_province_codes_skip_unused_numbers() -> None:
    """Numbers between used codes (003, 005, 013, …) are not in the list."""
    codes = {row["code"] for row in read_csv_rows("province_codes.csv")}
    assert not {"000", "003", "005", "007", "009", "013", "016", "018", "021", "099"} & codes


def test_province_codes_map_to_34_provinces_of_2025() -> None:
    """The 2025 column names 34 provinces; Hà Giang went to Tuyên Quang (08)."""
    rows = read_csv_rows("province_codes.csv")
    assert len({row["province_2025_code"] for row in rows}) == 34
    by_code = {row["code"]: row for row in rows}
    assert by_code["002"]["province_2025_code"] == "08"
    assert by_code["004"]["province_2025_code"] == "04"


# ---------------------------------------------------------------- phone_prefixes


def test_phone_prefixes_are_unique_and_prefix_free() -> None:
    """No prefix repeats or starts another, so longest-prefix lookup is unambiguous."""
    prefixes = [row["prefix"] for row in read_csv_rows("phone_prefixes.csv")]
    assert len(prefixes) == len(set(prefixes))
    for a in prefixes:
        assert not [b for b in prefixes if b != a and b.startswith(a)], a


def test_phone_prefix_kinds_and_lengths() -> None:
    """Mobiles are 10 digits, landlines 11, old 11-digit mobiles map to a current prefix."""
    rows = read_csv_rows("phone_prefixes.csv")
    assert {row["kind"] for row in rows} == {"mobile", "landline", "mobile_legacy"}
    mobiles = {row["prefix"] for row in rows if row["kind"] == "mobile"}
    for row in rows:
        assert re.fullmatch(r"0\d{2,3}", row["prefix"])
        expected = {"mobile": "10", "landline": "11", "mobile_legacy": "11"}[row["kind"]]
        assert row["total_digits"] == expected
        if row["kind"] == "mobile_legacy":
            assert row["replaced_by"] in mobiles
        else:
            assert row["replaced_by"] == ""


def test_landline_area_codes_cover_the_63_provinces() -> None:
    """One area code per old province; Cao Bằng is 0206, Hà Nội 024, TP HCM 028."""
    rows = [r for r in read_csv_rows("phone_prefixes.csv") if r["kind"] == "landline"]
    areas = {row["carrier_or_area"]: row["prefix"] for row in rows}
    assert len(rows) == len(areas) == 63
    provinces = {row["name"] for row in read_csv_rows("province_codes.csv")}
    assert set(areas) == provinces
    assert areas["Cao Bằng"] == "0206"
    assert areas["Hà Nội"] == "024"
    assert areas["TP Hồ Chí Minh"] == "028"
    assert areas["Lạng Sơn"] == "0205"


def test_mobile_prefixes_follow_the_reference_table() -> None:
    """Spot checks: 096 Viettel, 091 VinaPhone, 090 MobiFone, only 0896–0899 of 089."""
    rows = {r["prefix"]: r for r in read_csv_rows("phone_prefixes.csv") if r["kind"] == "mobile"}
    assert rows["096"]["carrier_or_area"] == "Viettel"
    assert rows["091"]["carrier_or_area"] == "VinaPhone"
    assert rows["090"]["carrier_or_area"] == "MobiFone"
    assert {p for p in rows if p.startswith("089")} == {"0896", "0897", "0898", "0899"}
    assert rows["087"]["confirmed"] == "0"


# ----------------------------------------------------------- admin_units_caobang


def _day(text: str, default: date) -> date:
    return date.fromisoformat(text) if text else default


def _valid_on(row: dict[str, str], day: date) -> bool:
    return _day(row["valid_from"], date.min) <= day <= _day(row["valid_until"], date.max)


def test_admin_units_dates_are_iso_and_ordered() -> None:
    """valid_from/valid_until are ISO dates (or empty) and never reversed."""
    for row in read_csv_rows("admin_units_caobang.csv"):
        start = _day(row["valid_from"], date.min)
        end = _day(row["valid_until"], date.max)
        assert start <= end, row


def test_admin_units_kinds_and_levels() -> None:
    """Kinds are the Vietnamese unit types and agree with the level."""
    levels = {
        "tỉnh": "1",
        "thành phố": "2",
        "huyện": "2",
        "xã": "3",
        "phường": "3",
        "thị trấn": "3",
    }
    for row in read_csv_rows("admin_units_caobang.csv"):
        assert levels[row["kind"]] == row["level"], row


def test_admin_unit_codes_do_not_overlap_in_time() -> None:
    """A code may be reused only by units whose validity periods do not overlap."""
    by_code: dict[str, list[dict[str, str]]] = {}
    for row in read_csv_rows("admin_units_caobang.csv"):
        if row["code"]:
            by_code.setdefault(row["code"], []).append(row)
    for code, rows in by_code.items():
        assert re.fullmatch(r"\d{2}|\d{3}|\d{5}", code)
        spans = sorted(
            (_day(r["valid_from"], date.min), _day(r["valid_until"], date.max)) for r in rows
        )
        for (_, end), (start, _) in pairwise(spans):
            assert end < start, code


def test_admin_units_parents_exist_when_the_child_exists() -> None:
    """Every parent_code names a unit valid on the child's first and last day."""
    rows = read_csv_rows("admin_units_caobang.csv")
    for row in rows:
        if row["level"] == "1":
            assert row["parent_code"] == ""
            continue
        for day in (
            _day(row["valid_from"], date(2015, 1, 1)),
            _day(row["valid_until"], date(2030, 1, 1)),
        ):
            parents = [p for p in rows if p["code"] == row["parent_code"] and _valid_on(p, day)]
            assert len(parents) == 1, (row, day)


def test_admin_units_from_2025_are_53_communes_and_3_wards() -> None:
    """From 01/7/2025 Cao Bằng has 56 commune-level units: 53 xã and 3 phường, no districts."""
    rows = [r for r in read_csv_rows("admin_units_caobang.csv") if _valid_on(r, date(2025, 7, 1))]
    communes = [r for r in rows if r["level"] == "3"]
    assert len(communes) == 56
    assert Counter(r["kind"] for r in communes) == {"xã": 53, "phường": 3}
    assert not [r for r in rows if r["level"] == "2"]
    assert all(r["parent_code"] == "04" and re.fullmatch(r"\d{5}", r["code"]) for r in communes)
    names = {r["name"]: r["code"] for r in communes}
    assert names["Thục Phán"] == "01273"
    assert names["Trà Lĩnh"] == "01447"


def test_admin_units_2020_to_2025_are_161() -> None:
    """On 30/6/2025: 10 district-level units and 161 = 139 xã + 8 phường + 14 thị trấn."""
    rows = [r for r in read_csv_rows("admin_units_caobang.csv") if _valid_on(r, date(2025, 6, 30))]
    assert len([r for r in rows if r["level"] == "2"]) == 10
    communes = [r for r in rows if r["level"] == "3"]
    assert Counter(r["kind"] for r in communes) == {"xã": 139, "phường": 8, "thị trấn": 14}
    same_on_2020_03_01 = [
        r for r in read_csv_rows("admin_units_caobang.csv") if _valid_on(r, date(2020, 3, 1))
    ]
    assert len([r for r in same_on_2020_03_01 if r["level"] == "3"]) == 161


def test_every_2020_unit_has_a_2025_successor() -> None:
    """Each of the 161 units names the 2025 unit it joined; each 2025 unit has one or more."""
    rows = read_csv_rows("admin_units_caobang.csv")
    new_codes = {r["code"] for r in rows if r["valid_from"] == "2025-07-01"}
    old = [r for r in rows if r["level"] == "3" and r["valid_until"] == "2025-06-30"]
    assert len(old) == 161
    successors = Counter(r["successor_code"] for r in old)
    assert set(successors) == new_codes
    assert successors["01273"] == 5  # Thục Phán: 3 wards + 2 communes
    by_name = {(r["name"], r["parent_code"]): r["successor_code"] for r in old}
    assert by_name[("Vĩnh Quang", "042")] == "01294"  # Bảo Lâm → Lý Bôn
    assert by_name[("Vĩnh Quang", "040")] == "01279"  # TP Cao Bằng → Nùng Trí Cao


def test_districts_dissolved_in_2020() -> None:
    """Thông Nông ends 31/01/2020; Trà Lĩnh and Phục Hòa end 29/02/2020; Quảng Hòa begins."""
    rows = {(r["code"], r["name"]): r for r in read_csv_rows("admin_units_caobang.csv")}
    assert rows[("044", "Thông Nông")]["valid_until"] == "2020-01-31"
    assert rows[("046", "Trà Lĩnh")]["valid_until"] == "2020-02-29"
    assert rows[("050", "Phục Hòa")]["valid_until"] == "2020-02-29"
    assert rows[("049", "Quảng Hòa")]["valid_from"] == "2020-03-01"


# -------------------------------------------------------------------------- names


def test_names_kinds_and_sexes() -> None:
    """Family names have no sex; middle and given names are nam or nữ."""
    rows = read_csv_rows("names.csv")
    assert {r["kind"] for r in rows} == {"family", "middle", "given"}
    for row in rows:
        assert row["name"] and " " not in row["name"]
        if row["kind"] == "family":
            assert row["sex"] == ""
        else:
            assert row["sex"] in {"nam", "nữ"}


def test_names_are_unique_within_their_list() -> None:
    """No name repeats within the same kind, sex and birth cohort."""
    keys = [
        (r["kind"], r["sex"], r["born_from"], r["born_until"], r["name"])
        for r in read_csv_rows("names.csv")
    ]
    assert len(keys) == len(set(keys))


def test_family_names_have_cao_bang_weights() -> None:
    """Family names carry positive weights adding up to about 97; Hoàng is the most common."""
    family = [r for r in read_csv_rows("names.csv") if r["kind"] == "family"]
    weights = {r["name"]: float(r["weight"]) for r in family}
    assert all(w > 0 for w in weights.values())
    assert sum(weights.values()) == pytest.approx(97, abs=1)
    assert max(weights, key=weights.__getitem__) == "Hoàng"
    assert {"Nông", "Bế", "Lục", "Đàm", "Triệu"} <= set(weights)


def test_given_names_have_thirty_per_sex_for_1991_2002() -> None:
    """30 male and 30 female given names for people born 1991–2002, ranked 1–30."""
    rows = [
        r for r in read_csv_rows("names.csv") if r["kind"] == "given" and r["born_from"] == "1991"
    ]
    for sex in ("nam", "nữ"):
        ranks = sorted(int(r["rank"]) for r in rows if r["sex"] == sex)
        assert ranks == list(range(1, 31))
    assert {"Văn", "Thị"} <= {
        r["name"] for r in read_csv_rows("names.csv") if r["kind"] == "middle"
    }
