"""Cao Bằng's communes and wards before and after the 2025 reorganisation.

Why this module exists: an address is written with three levels (commune, district, province)
on records dated before 01/7/2025 and with two (commune/ward, province) from that day, when
districts were abolished and communes merged (Nghị quyết 1657/NQ-UBTVQH15). The units and their
successors are reference data in ``db/reference/admin_units_caobang.csv``; this module answers
"which units existed on this day" and "what became of this one". Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from inspector.domain.refdata import read_csv_rows

__all__ = [
    "PROVINCE_NAME",
    "REFORM_DAY",
    "Commune",
    "address_on",
    "commune_by_code",
    "communes_on",
    "drop_districts",
    "full_address",
    "new_communes",
    "successor",
]

PROVINCE_NAME = "Cao Bằng"


@dataclass(frozen=True)
class Commune:
    """A commune, ward or township; ``district`` is set for units that existed before the reform.

    ``code`` is the statistical code where the reference has one (the new units), else "".
    """

    code: str
    name: str
    kind: str
    district: str | None
    district_kind: str | None
    valid_from: date | None
    valid_until: date | None
    successor_code: str | None
    confirmed: bool

    @property
    def label(self) -> str:
        """``Xã Hưng Đạo``, ``Phường Thục Phán``, ``Thị trấn Bảo Lạc``."""
        return f"{self.kind[:1].upper()}{self.kind[1:]} {self.name}"

    @property
    def district_label(self) -> str | None:
        """``huyện Bảo Lâm``, ``thành phố Cao Bằng`` (None for the new units)."""
        if not self.district:
            return None
        return f"{self.district_kind or 'huyện'} {self.district}"

    def valid_on(self, day: date) -> bool:
        """True when the unit existed on ``day``."""
        return ((self.valid_from is None or self.valid_from <= day)
                and (self.valid_until is None or day <= self.valid_until))


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@dataclass(frozen=True)
class _District:
    code: str
    name: str
    kind: str
    valid_from: date | None
    valid_until: date | None

    def valid_on(self, day: date) -> bool:
        return ((self.valid_from is None or self.valid_from <= day)
                and (self.valid_until is None or day <= self.valid_until))


@cache
def _table() -> tuple[tuple[tuple[Commune, str], ...], tuple[_District, ...]]:
    rows = read_csv_rows("admin_units_caobang.csv")
    districts = tuple(_District(r["code"], r["name"], r["kind"], _day(r["valid_from"]),
                                _day(r["valid_until"])) for r in rows if r["level"] == "2")
    units = tuple(
        (Commune(code=r["code"], name=r["name"], kind=r["kind"], district=None,
                 district_kind=None, valid_from=_day(r["valid_from"]),
                 valid_until=_day(r["valid_until"]), successor_code=r["successor_code"] or None,
                 confirmed=r["confirmed"] == "1"), r["parent_code"])
        for r in rows if r["level"] == "3")
    return units, districts


def _reform_day() -> date:
    """The first day of the two-level local government: the day the new communes directly
    under the province begin (``valid_from`` of the level-3 rows whose parent is the province
    in ``admin_units_caobang.csv``), the one place this date is written."""
    starts = {c.valid_from for c, parent in _table()[0] if parent == "04" and c.valid_from}
    if len(starts) != 1:
        raise ValueError("admin_units_caobang.csv: the new communes must share one valid_from, "
                         f"found {sorted(starts)}")
    return starts.pop()


#: The first day of the two-level local government (no more districts): 01/7/2025, read from
#: the dated reference data (every copy of this date elsewhere is gone — issue 9 §5).
REFORM_DAY = _reform_day()


def _with_district(commune: Commune, parent: str, day: date) -> Commune:
    """The unit with the district it belonged to on ``day`` (code 049 was Quảng Uyên until
    29/02/2020 and Quảng Hòa after, so the district depends on the day)."""
    if parent == "04":
        return commune
    _, districts = _table()
    found = [d for d in districts if d.code == parent and d.valid_on(day)]
    district = found[0] if found else next((d for d in districts if d.code == parent), None)
    if district is None:
        return commune
    return replace(commune, district=district.name, district_kind=district.kind)


def _units() -> tuple[Commune, ...]:
    return tuple(c for c, _ in _table()[0])


def new_communes() -> tuple[Commune, ...]:
    """The communes and wards of the province from 01/7/2025, in file order."""
    return tuple(c for c, parent in _table()[0] if parent == "04" and c.valid_on(REFORM_DAY))


def communes_on(day: date) -> tuple[Commune, ...]:
    """The units that existed on ``day``, each with the district it belonged to that day."""
    return tuple(_with_district(c, parent, day) for c, parent in _table()[0] if c.valid_on(day))


@cache
def _by_code() -> dict[str, Commune]:
    return {c.code: c for c in new_communes()}


def commune_by_code(code: str) -> Commune | None:
    """A new unit by its statistical code."""
    return _by_code().get(code)


def successor(commune: Commune) -> Commune | None:
    """The post-reform unit a former commune became part of, when the reference knows it.

    A commune that only moved to another district in 2020 (Thông Nông, Trà Lĩnh) is listed
    again from that year under the same name; its later row names the successor.
    """
    if commune.successor_code is not None:
        return commune_by_code(commune.successor_code)
    if commune.valid_until is None:
        return None
    for later in _units():
        if (later.name == commune.name and later.kind == commune.kind
                and later.valid_from is not None and later.valid_from > commune.valid_until
                and later.successor_code):
            return commune_by_code(later.successor_code)
    return None


_UNIT_WORDS = ("Thị trấn ", "Thị xã ", "Thành phố ", "Phường ", "Huyện ", "Quận ", "Tỉnh ",
               "Xã ")


def in_running_text(unit: str) -> str:
    """A unit's name as written inside an address: the list spells it "Xã Ca Thành", running
    text "xã Ca Thành" (the kind of unit in lower case, the proper name as it is)."""
    unit = unit.strip()
    for word in _UNIT_WORDS:
        if unit.startswith(word):
            return word.lower() + unit[len(word):]
    return unit


def full_address(line: str, commune: str, district: str | None, province: str) -> str:
    """``Số 12, xã Hưng Đạo, huyện Bảo Lạc, tỉnh Cao Bằng`` with empty parts left out."""
    province = in_running_text(province)
    if province and not province.startswith(tuple(w.lower() for w in _UNIT_WORDS)):
        province = f"tỉnh {province}"  # a name alone ("Cao Bằng") is the province's
    return ", ".join(p for p in (line.strip(), in_running_text(commune),
                                 in_running_text(district or ""), province) if p)


def running_units(address: str) -> str:
    """An address typed as "Số 176, phố Vườn Cam, Phường Hợp Giang, Thành phố Cao Bằng" written as
    running text does: the kind of each unit after the first part in lower case ("phường Hợp
    Giang, thành phố Cao Bằng"); the first part and every proper name are left as typed."""
    parts = address.split(",")
    return ",".join([parts[0], *(" " + in_running_text(p) if p.strip() else p
                                 for p in parts[1:])]) if len(parts) > 1 else address


_DISTRICT_WORDS = ("huyện ", "quận ", "thị xã ", "thành phố ")


def drop_districts(address: str, day: date) -> str:
    """An address as written on ``day``: from 01/7/2025 a district part ("huyện Quảng Hòa",
    "thành phố Cao Bằng" before the province) is left out — two levels only."""
    if day < REFORM_DAY:
        return address
    parts = [p.strip() for p in address.split(",")]
    kept = [p for i, p in enumerate(parts)
            if not (i < len(parts) - 1 and p.casefold().startswith(_DISTRICT_WORDS))]
    return ", ".join(p for p in kept if p)


@cache
def _former_units() -> dict[tuple[str, str], list[tuple[Commune, str | None]]]:
    """The units gone at the reform, by their running-text name ("thị trấn bảo lạc"), each
    with its district as last written ("huyện bảo lạc")."""
    out: dict[tuple[str, str], list[tuple[Commune, str | None]]] = {}
    for unit, parent in _table()[0]:
        if parent == "04" or unit.valid_until is None or unit.valid_until >= REFORM_DAY:
            continue
        dated = _with_district(unit, parent, unit.valid_until)
        district = dated.district_label.casefold() if dated.district_label else None
        out.setdefault((unit.kind.casefold(), unit.name.casefold()), []).append((dated, district))
    return out


def _successor_of(part: str, next_part: str) -> Commune | None:
    """The new unit a former commune written in an address became part of: the commune part
    ("thị trấn Bảo Lạc") and the part after it (its district) must name one former unit."""
    text = " ".join(in_running_text(part).split())
    for word in (w.lower() for w in _UNIT_WORDS):
        if text.startswith(word):
            kind, name = word.strip(), text[len(word):]
            break
    else:
        return None
    found = _former_units().get((kind.casefold(), name.casefold()), [])
    district = " ".join(in_running_text(next_part).split()).casefold()
    matches = [unit for unit, d in found if d == district]
    if not matches and not any(c.kind.casefold() == kind.casefold()
                               and c.name.casefold() == name.casefold() for c in new_communes()):
        # no district written: only a name no new unit bears is taken for the former one
        matches = [found[0][0]] if len(found) == 1 else []
    new = {s.code: s for s in (successor(u) for u in matches) if s is not None}
    return next(iter(new.values())) if len(new) == 1 else None


def address_on(address: str, day: date) -> str:
    """A typed address as written on ``day``: from 01/7/2025 a commune that no longer exists is
    named by the unit it became part of, when the reference knows it for certain ("thị trấn Bảo
    Lạc, huyện Bảo Lạc" → "xã Bảo Lạc"), and the district is left out (:func:`drop_districts`).
    Anything the reference cannot place is left as typed."""
    if day < REFORM_DAY:
        return address
    parts = [p.strip() for p in address.split(",")]
    for i, part in enumerate(parts[:-1]):
        new = _successor_of(part, parts[i + 1])
        if new is not None:
            parts[i] = in_running_text(new.label)
    return drop_districts(", ".join(parts), day)
