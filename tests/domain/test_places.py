"""Cao Bằng's communes before and after 01/7/2025, and the Vietnamese sort key's fast path."""

from __future__ import annotations

import random
import unicodedata
from datetime import date

from inspector.domain.places import (
    address_on,
    commune_by_code,
    communes_on,
    full_address,
    new_communes,
    successor,
)
from inspector.domain.text import _sort_text_general, sort_text


def test_new_communes_from_the_2025_reorganisation() -> None:
    """56 communes and wards from 01/7/2025 (Nghị quyết 1657/NQ-UBTVQH15), no district."""
    units = new_communes()
    assert len(units) == 56 and all(u.district is None and u.code for u in units)
    assert commune_by_code("01273").label == "Phường Thục Phán"  # type: ignore[union-attr]
    assert communes_on(date(2025, 7, 1)) == units


def test_former_commune_knows_its_district_on_the_day() -> None:
    """Code 049 was huyện Quảng Uyên until 29/02/2020 and huyện Quảng Hòa from 01/3/2020."""
    def district(day: date, name: str) -> str | None:
        return next(c.district for c in communes_on(day) if c.name == name)

    assert district(date(2015, 5, 1), "Quảng Uyên") == "Quảng Uyên"
    assert district(date(2022, 5, 1), "Quảng Uyên") == "Quảng Hòa"
    song_hien = next(c for c in communes_on(date(2024, 1, 1)) if c.name == "Sông Hiến")
    assert song_hien.district_label == "thành phố Cao Bằng"
    assert successor(song_hien).label == "Phường Thục Phán"  # type: ignore[union-attr]
    assert full_address("Số 5", "phường Sông Hiến", "thành phố Cao Bằng", "tỉnh Cao Bằng") == \
        "Số 5, phường Sông Hiến, thành phố Cao Bằng, tỉnh Cao Bằng"


def test_commune_that_moved_district_in_2020_finds_its_successor() -> None:
    """Thông Nông's communes moved to Hà Quảng in 2020; the later row names the successor."""
    moved = next(c for c in communes_on(date(2015, 1, 1)) if c.name == "Cần Yên")
    assert moved.district == "Thông Nông" and successor(moved) is not None


def test_sort_text_fast_path_equals_the_general_one() -> None:
    """The per-character cache gives exactly the key of the general algorithm."""
    rng = random.Random(5)
    alphabet = ("aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ"
                "ùúủũụừứửữựỳýỷỹỵ AĂÂĐÊÔƠƯÀÁẢÃẠ0123456789-.,'ÐðßİΣ\u0301\u0300")
    samples = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
               for _ in range(3000)]
    samples += [unicodedata.normalize("NFD", s) for s in samples[:300]]
    samples += ["  Nguyễn   Văn  Đức ", "", "Hoà", "Hòa"]
    assert [sort_text(s) for s in samples] == [_sort_text_general(s) for s in samples]


def test_units_in_an_address_are_written_as_in_running_text() -> None:
    """reference-data.md lists units as "Xã …", "Phường …"; inside an address the kind of unit
    is written in lower case and the proper name kept: "xã Ca Thành", "thành phố Cao Bằng"."""
    from inspector.domain.places import full_address

    assert full_address("Xóm Bản Giuộc", "Xã Ca Thành", None, "tỉnh Cao Bằng") == (
        "Xóm Bản Giuộc, xã Ca Thành, tỉnh Cao Bằng")
    assert full_address("Số 39, phố Phai Khắt", "Phường Hợp Giang", "Thành phố Cao Bằng",
                        "Tỉnh Cao Bằng") == (
        "Số 39, phố Phai Khắt, phường Hợp Giang, thành phố Cao Bằng, tỉnh Cao Bằng")
    assert full_address("", "Thị trấn Nước Hai", "Huyện Hòa An", "Cao Bằng") == (
        "thị trấn Nước Hai, huyện Hòa An, tỉnh Cao Bằng")


def test_an_address_typed_with_capital_unit_kinds_is_written_as_running_text() -> None:
    """Mid-address, the kind of a unit is lower case; the first part and names stay as typed."""
    from inspector.domain.places import running_units

    typed = "Số 176, phố Vườn Cam, Phường Hợp Giang, Thành phố Cao Bằng, Tỉnh Cao Bằng"
    assert running_units(typed) == ("Số 176, phố Vườn Cam, phường Hợp Giang, thành phố Cao Bằng, "
                                    "tỉnh Cao Bằng")
    assert running_units("Xã Hưng Đạo, Huyện Bảo Lạc") == "Xã Hưng Đạo, huyện Bảo Lạc"
    assert running_units("Thôn Nà Pồng") == "Thôn Nà Pồng"


def test_an_address_typed_before_the_reform_is_written_with_the_new_unit_after_it() -> None:
    """From 01/7/2025 a document writes a residence typed with a former commune under the unit
    it became part of (Nghị quyết 1657/NQ-UBTVQH15, db/reference/admin_units_caobang.csv:
    thị trấn Bảo Lạc → xã Bảo Lạc, xã Hồng Nam of huyện Hòa An → xã Kim Đồng), without the
    district; before that day, as typed. A unit the reference cannot place stays as typed,
    and a name a new unit bears is not taken for a former one."""
    typed = "Số 151, phố Lê Lợi, thị trấn Bảo Lạc, huyện Bảo Lạc, tỉnh Cao Bằng"
    assert address_on(typed, date(2026, 4, 1)) == "Số 151, phố Lê Lợi, xã Bảo Lạc, tỉnh Cao Bằng"
    assert address_on(typed, date(2025, 6, 30)) == typed
    assert address_on("Xóm Bản Giuộc, xã Hồng Nam, huyện Hòa An, tỉnh Cao Bằng",
                      date(2026, 4, 1)) == "Xóm Bản Giuộc, xã Kim Đồng, tỉnh Cao Bằng"
    assert address_on("Tổ 3, phường Thục Phán, tỉnh Cao Bằng", date(2026, 4, 1)) == (
        "Tổ 3, phường Thục Phán, tỉnh Cao Bằng")
    assert address_on("Số 9, xã Bảo Lạc, tỉnh Cao Bằng", date(2026, 4, 1)) == (
        "Số 9, xã Bảo Lạc, tỉnh Cao Bằng")
    assert address_on("Số 2, xã Không Có, huyện Hòa An, tỉnh Cao Bằng", date(2026, 4, 1)) == (
        "Số 2, xã Không Có, tỉnh Cao Bằng")
