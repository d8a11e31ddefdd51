"""Demo data: a realistic database for trying the app and for the benchmarks.

``random`` builds N establishments in real Cao Bằng communes (the commune and district as they
were before 01/7/2025, and the commune they became part of), owned by people with Vietnamese
names from ``names.csv`` and valid personal IDs, tax codes and phone numbers, then a year's plan,
inspections with their teams, visits with the sector checklists answered, and cases whose
violations are valid under the catalog on their dates: the provision proposed by the failed
checklist item and in force on the violation's reference date, the amount the engine's default
for the circumstances drawn, per-title copies inside a known tier, seized books for bookshops.

Everything goes through the bulk path (``store.bulk.insert_rows``) with one audit entry per row,
in one transaction, so 100,000 establishments and 300,000 violations take about a minute.

Scenarios are registered by name (:func:`register_scenario`). Another module adds one — for
example ``caobang-2015``, the seed report's year, in ``inspector/services/scenarios/`` — by
decorating a function ``(db, actor, SeedOptions) -> SeedReport`` with
``@register_scenario("caobang-2015")``; the modules in :data:`SCENARIO_MODULES` are imported
before ``inspector demo seed`` looks a name up, so nothing else needs to change.
"""

from __future__ import annotations

import importlib
import random
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from datetime import time as time_of_day
from functools import cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Connection

from inspector.domain.assessment import subject_of_owner
from inspector.domain.deadlines import circumstance_rule
from inspector.domain.fines import bracket_for, provision_in_force, quote_duration, quote_fine
from inspector.domain.identity import Sex, generate_personal_id, generate_tax_code
from inspector.domain.law import Catalog, LawError, Provision
from inspector.domain.places import Commune, communes_on, successor
from inspector.domain.refdata import read_csv_rows
from inspector.domain.roles import Permission
from inspector.services import clock
from inspector.services import law as law_service
from inspector.services.actor import Actor
from inspector.services.audit import PendingEntry, append_entries
from inspector.services.cases import violator_snapshot
from inspector.services.checklists import (
    Checklist,
    ChecklistAnswer,
    answers_to_json,
    load_checklist,
    proposed_provisions,
)
from inspector.services.errors import ValidationError
from inspector.services.establishments import EstablishmentInput, establishment_rows
from inspector.services.limits import check_rows
from inspector.services.scenarios.registry_papers import registration_certificate
from inspector.services.uow import UnitOfWork
from inspector.store.base import Base, utcnow
from inspector.store.bulk import insert_rows
from inspector.store.engine import Database
from inspector.store.models import (
    Case,
    Establishment,
    Inspection,
    InspectionMember,
    InspectionPlan,
    Licence,
    SeizedItem,
    Violation,
    Visit,
)

# --- the registry of scenarios --------------------------------------------------------------


@dataclass(frozen=True)
class SeedOptions:
    year: int
    size: int = 200
    seed: int = 1
    violations_per_establishment: float = 3.0
    #: Cases carried through record, decision, delivery and payment by the services (the
    #: earliest of the year); the others stay drafts awaiting their record, as at any office.
    issued: int = 12


@dataclass(frozen=True)
class SeedReport:
    scenario: str
    year: int
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"scenario": self.scenario, "year": self.year,
                "seconds": round(self.seconds, 2), **self.counts}


Scenario = Callable[[Database, Actor, SeedOptions], SeedReport]
_SCENARIOS: dict[str, Scenario] = {}
#: Modules that register further scenarios when imported (missing ones are skipped).
SCENARIO_MODULES = ("inspector.services.scenarios.caobang2015",)


def register_scenario(name: str) -> Callable[[Scenario], Scenario]:
    """Decorator: make a scenario available to ``inspector demo seed --scenario NAME``."""
    def wrap(func: Scenario) -> Scenario:
        _SCENARIOS[name] = func
        return func
    return wrap


def scenario_names() -> tuple[str, ...]:
    for module in SCENARIO_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
    return tuple(sorted(_SCENARIOS))


def real_work_held(db: Database) -> int:
    """How many establishments, inspections, cases and decisions were made by someone other
    than a demo seed (whose rows carry a ``demo:`` login in the audit trail)."""
    from sqlalchemy import func, select

    from inspector.store.models import AuditEntry

    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "create",
            AuditEntry.entity.in_(("establishments", "inspections", "cases",
                                   "sanction_decisions")),
            AuditEntry.user_login.not_like("demo:%"))).scalar_one())


def seed(db: Database, actor: Actor, scenario: str, options: SeedOptions,
         into_existing: bool = False) -> SeedReport:
    """Run a scenario by name: into a new database, or one holding only demo data; into one
    holding real work only when an administrator says so (it would mix invented cases into
    the tallies)."""
    actor.require(Permission.EDIT_FIELD_WORK)
    held = real_work_held(db)
    if held and not into_existing:
        raise ValidationError(
            f"Cơ sở dữ liệu đã có {held} bản ghi công việc thật: dữ liệu mẫu chỉ nạp vào cơ sở "
            "dữ liệu mới (quản trị viên có thể thêm --into-existing).",
            f"the database already holds {held} records of real work: demo data goes into a new "
            "database (an administrator may add --into-existing)")
    if held:
        actor.require(Permission.MAINTAIN_DATABASE)
    names = scenario_names()
    if scenario not in _SCENARIOS:
        raise ValidationError(f"Không có kịch bản dữ liệu mẫu {scenario!r}.",
                              f"invalid choice: {scenario!r} (choose from "
                              f"{', '.join(repr(n) for n in names)})", field="scenario")
    # Demo rows are written under a ``demo:`` login (same role, user and device as the one who
    # seeds), so the audit trail tells them from real work and a later seed can tell too.
    demo_actor = Actor(login=f"demo:{scenario}", role=actor.role, full_name=actor.full_name,
                       user_id=actor.user_id, device=actor.device)
    return _SCENARIOS[scenario](db, demo_actor, options)


# --- reference pools ------------------------------------------------------------------------

SECTOR_WEIGHTS = {"internet": 30, "game": 20, "distribution": 20, "printing": 10, "ict_goods": 20}
BUSINESS_KIND = {"internet": "internet_point", "game": "game_point", "printing": "printer",
                 "distribution": "distributor", "ict_goods": "ict_shop"}
_SHOP_PREFIX = {"internet": ("Đại lý Internet", "Internet", "Điểm truy cập Internet"),
                "game": ("Điểm trò chơi điện tử", "Game", "Phòng máy"),
                "printing": ("Cơ sở in", "In ấn", "Photocopy"),
                "distribution": ("Nhà sách", "Hiệu sách", "Cửa hàng sách"),
                "ict_goods": ("Cửa hàng điện thoại", "Điện máy", "Cửa hàng máy tính")}
_ORG_PREFIX = {"internet": "Công ty TNHH Dịch vụ Internet",
               "game": "Công ty TNHH Giải trí",
               "printing": "Công ty cổ phần In",
               "distribution": "Công ty TNHH Sách và Thiết bị trường học",
               "ict_goods": "Công ty TNHH Thương mại Điện tử"}
_BRANDS = ("Việt Lập", "Bản Giốc", "Non Nước", "Pác Bó", "Thăng Long", "Hồng Phúc", "Minh Khai",
           "Kim Đồng", "Phúc Lộc", "Hoàng Long", "Sông Bằng", "Thành Công", "An Phát", "Tân Tiến")
_HAMLETS = ("Nà Pồng", "Bản Giuộc", "Pác Bó", "Nà Rị", "Khau Đồn", "Phia Đén", "Nà Lùng",
            "Cốc Pảng", "Bó Khuông", "Lũng Rì", "Nà Mạ", "Đông Sằng", "Khuổi Khon", "Nà Sác")
_STREETS = ("Hoàng Đình Giong", "Kim Đồng", "Vườn Cam", "Xuân Trường", "Hiến Giang", "Bế Văn Đàn",
            "Phai Khắt", "Nà Ngần", "Lê Lợi", "Đông Khê")
_TITLES = ("Đắc nhân tâm", "Nhà giả kim", "Tuổi thơ dữ dội", "Mắt biếc", "Dế Mèn phiêu lưu ký",
           "Tôi thấy hoa vàng trên cỏ xanh", "Cho tôi xin một vé đi tuổi thơ", "Hoàng tử bé",
           "Không gia đình", "Cây cam ngọt của tôi", "Đất rừng phương Nam", "Số đỏ",
           "Lược sử loài người", "Tiếng Việt 3 (tập một)", "Toán 6 (tập hai)",
           "Tuyển tập đề thi vào lớp 10 môn Toán", "Từ điển Anh – Việt", "Truyện Kiều",
           "Harry Potter và Hòn đá Phù thủy", "Bí quyết học giỏi Văn lớp 9")
_LICENCES = {
    "internet": ("Hợp đồng đại lý Internet", ("VNPT Cao Bằng", "Viettel Cao Bằng"), None),
    "game": ("Giấy chứng nhận đủ điều kiện hoạt động điểm cung cấp dịch vụ trò chơi điện tử "
             "công cộng", ("Sở Thông tin và Truyền thông tỉnh Cao Bằng",), 3),
    "printing": ("Giấy phép hoạt động in", ("Sở Thông tin và Truyền thông tỉnh Cao Bằng",), None),
    "distribution": ("Giấy xác nhận đăng ký hoạt động phát hành xuất bản phẩm",
                     ("Sở Thông tin và Truyền thông tỉnh Cao Bằng",), None),
    "ict_goods": ("Giấy chứng nhận đăng ký hộ kinh doanh", ("Phòng Tài chính – Kế hoạch",), None),
}
_AGENCIES = ("Công an tỉnh Cao Bằng", "Sở Văn hóa, Thể thao và Du lịch tỉnh Cao Bằng",
             "Chi cục Quản lý thị trường tỉnh Cao Bằng", "Sở Giáo dục và Đào tạo tỉnh Cao Bằng")
_SECTOR_VI = {"internet": "Internet công cộng", "game": "trò chơi điện tử công cộng",
              "printing": "hoạt động in", "distribution": "phát hành xuất bản phẩm",
              "ict_goods": "hàng hóa công nghệ thông tin hợp quy"}
_REASON = "Theo tính chất, mức độ và hậu quả của hành vi vi phạm"


@dataclass(frozen=True)
class _Names:
    family: tuple[tuple[str, ...], tuple[float, ...]]
    middle: dict[str, tuple[str, ...]]
    given: dict[str, list[tuple[str, int, int]]]


@cache
def _names() -> _Names:
    rows = read_csv_rows("names.csv")
    family = [(r["name"], float(r["weight"] or 1)) for r in rows if r["kind"] == "family"]
    middle: dict[str, list[str]] = defaultdict(list)
    given: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for r in rows:
        if r["kind"] == "middle":
            middle[r["sex"]].append(r["name"])
        elif r["kind"] == "given":
            given[r["sex"]].append((r["name"], int(r["born_from"] or 1900),
                                    int(r["born_until"] or 2100)))
    return _Names((tuple(n for n, _ in family), tuple(w for _, w in family)),
                  {k: tuple(v) for k, v in middle.items()}, dict(given))


@cache
def _mobile_prefixes() -> tuple[str, ...]:
    return tuple(r["prefix"] for r in read_csv_rows("phone_prefixes.csv")
                 if r["kind"] == "mobile" and len(r["prefix"]) == 3)


def _person(rng: random.Random, born_after: int, born_before: int) -> tuple[str, Sex, date]:
    names = _names()
    sex = rng.choice((Sex.MALE, Sex.FEMALE))
    year = rng.randint(born_after, born_before)
    birth = date(year, rng.randint(1, 12), rng.randint(1, 28))
    family = rng.choices(names.family[0], names.family[1])[0]
    middle = rng.choice(names.middle[sex.value])
    fitting = [g for g, lo, hi in names.given[sex.value] if lo - 15 <= year <= hi + 15]
    given = rng.choice(fitting or [g for g, _, _ in names.given[sex.value]])
    return f"{family} {middle} {given}", sex, birth


def _phone(rng: random.Random) -> str:
    return rng.choice(_mobile_prefixes()) + f"{rng.randrange(10_000_000):07d}"


def _day_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


# --- the "random" scenario ------------------------------------------------------------------

class _Writer:
    """Collects rows per table with their audit entries; writes them in foreign-key order."""

    def __init__(self, conn: Connection, actor: Actor) -> None:
        self.conn = conn
        self.actor = actor
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.audit: list[PendingEntry] = []
        self.counts: dict[str, int] = defaultdict(int)
        self.now = utcnow()

    def add(self, model: type[Base], values: dict[str, Any]) -> uuid.UUID:
        new_id = values.get("id") or uuid.uuid4()
        values.update(id=new_id, created_at=self.now, updated_at=self.now, version=1)
        table = model.__tablename__
        self.rows[table].append(values)
        self.audit.append(PendingEntry(table, str(new_id), "create", {
            k: v for k, v in values.items()
            if v is not None and v != "" and v != [] and v != {}
            and k not in ("id", "created_at", "updated_at", "version")}))
        return new_id

    def add_establishment(self, values: dict[str, Any], entry: PendingEntry) -> None:
        self.rows["establishments"].append(values)
        self.audit.append(entry)

    def flush(self) -> None:
        order: tuple[type[Base], ...] = (InspectionPlan, Inspection, InspectionMember,
                                         Establishment, Licence, Visit, Case, Violation,
                                         SeizedItem)
        for model in order:
            rows = self.rows.pop(model.__tablename__, None)
            if rows:
                check_rows(model, rows)
                insert_rows(self.conn, model, rows)
                self.counts[model.__tablename__] += len(rows)
        if self.audit:
            append_entries(self.conn, self.actor, self.audit)
            self.counts["audit_entries"] += len(self.audit)
            self.audit = []


@dataclass
class _Inspection:
    id: uuid.UUID
    sectors: tuple[str, ...]
    start: date
    end: date


class _Random:
    """One run of the random scenario."""

    def __init__(self, db: Database, actor: Actor, options: SeedOptions) -> None:
        self.db = db
        self.actor = actor
        self.o = options
        self.rng = random.Random(options.seed)
        self.catalog: Catalog = law_service.law_data(db).catalog
        self.rules = law_service.law_data(db).rules
        self.today = clock.today()
        self.year_start = date(options.year, 1, 5)
        self.year_end = min(date(options.year, 12, 20), self.today - timedelta(days=1))
        self.checklists = {s: load_checklist(s) for s in SECTOR_WEIGHTS}
        # One alternative of a circumstance that lists several ("10.1.b#1"), with its parties.
        self.mitigating = tuple((code, c) for c in self.catalog.mitigating
                                for code, _text in c.choices())
        self.aggravating = tuple((code, c) for c in self.catalog.aggravating
                                 for code, _text in c.choices())
        reference = date(min(options.year, 2025), 6, 30)
        self.communes: list[tuple[Commune, Commune]] = []
        for old in communes_on(reference):
            new = successor(old)
            if new is not None:
                self.communes.append((old, new))
        self.violations_left = round(options.size * options.violations_per_establishment)
        self.quotes: dict[tuple[Any, ...], Any] = {}
        self.proposal_cache: dict[tuple[str, str, date], tuple[Provision, ...]] = {}
        # Establishments of the current chunk with inspections still open to them (top-up).
        self.spare: list[tuple[uuid.UUID, SimpleNamespace, list[SimpleNamespace],
                               list[_Inspection]]] = []

    # establishments ----------------------------------------------------------------------

    def establishment(self, index: int) -> tuple[EstablishmentInput, list[dict[str, Any]]]:
        rng = self.rng
        sector = rng.choices(list(SECTOR_WEIGHTS), list(SECTOR_WEIGHTS.values()))[0]
        org_share = 0.45 if sector in ("printing", "ict_goods") else 0.15
        roll = rng.random()
        kind = ("organization" if roll < org_share else
                "individual" if roll < org_share + 0.15 else "household")
        old, new = rng.choice(self.communes)
        if old.kind == "xã":
            line = f"Xóm {rng.choice(_HAMLETS)}"
        else:
            line = f"Số {rng.randint(1, 250)}, phố {rng.choice(_STREETS)}"
        province = "tỉnh Cao Bằng"
        owner, sex, birth = _person(rng, 1960, min(2002, self.o.year - 18))  # of age that year
        first_cccd = max(date(2016, 1, 1), date(birth.year + 16, 1, 1))
        id_issued = _day_between(rng, first_cccd, self.year_end)
        # The identity the registry holds was issued before the year's work (a record of
        # April must not cite a card issued in May): the day is brought into the years before.
        latest = self.year_start - timedelta(days=1)
        use_cccd = id_issued <= self.year_end and self.o.year >= 2016 and first_cccd <= latest
        if use_cccd:
            span = max((self.year_end - first_cccd).days, 1)
            id_issued = first_cccd + timedelta(
                days=(id_issued - first_cccd).days * (latest - first_cccd).days // span)
            id_number = generate_personal_id("004" if rng.random() < 0.85 else "006", birth, sex,
                                             rng)
            issued_by = "Cục Cảnh sát quản lý hành chính về trật tự xã hội"
        else:
            id_number = f"08{rng.randrange(10_000_000):07d}"
            id_issued = _day_between(rng, date(birth.year + 16, 1, 1), self.year_start)
            issued_by = "Công an tỉnh Cao Bằng"
        address = f"{line}, {old.label}, {old.district_label}, {province}"
        given = owner.split()[-1]
        if kind == "organization":
            name = f"{_ORG_PREFIX[sector]} {rng.choice(_BRANDS)}"
            data = EstablishmentInput(
                sector=sector, name=name, owner_kind=kind,
                enterprise_code=generate_tax_code(rng), head_office=address,
                representative_name=owner, representative_title="Giám đốc",
                representative_sex="M" if sex is Sex.MALE else "F")
        else:
            name = f"{rng.choice(_SHOP_PREFIX[sector])} {given} {rng.choice(_BRANDS)}"
            data = EstablishmentInput(
                sector=sector, name=name, owner_kind=kind, owner_name=owner,
                owner_sex="M" if sex is Sex.MALE else "F", owner_birth_date=birth,
                owner_nationality="Việt Nam", owner_occupation="Kinh doanh",
                owner_residence=address, owner_id_number=id_number,
                owner_id_issued_on=id_issued, owner_id_issued_by=issued_by,
                household_registration_no=(f"04{rng.randint(0, 9)}8{rng.randrange(10**6):06d}"
                                           if kind == "household" else None))
        data = EstablishmentInput(**{
            **data.__dict__, "address_line": line, "commune_code": new.code,
            "commune_name": new.label, "province_name": province,
            "former_commune_name": old.label, "former_district": old.district_label,
            "former_province_name": province, "phone": _phone(rng),
            "business_kind": BUSINESS_KIND[sector],
            "notes": "" if index % 7 else "Cơ sở đã được nhắc nhở ở lần kiểm tra trước."})
        registration = ([registration_certificate(data.enterprise_code, self.year_start)]
                        if kind == "organization" and data.enterprise_code else [])
        return data, registration + self.licences(sector)

    def licences(self, sector: str) -> list[dict[str, Any]]:
        rng = self.rng
        if rng.random() < 0.15:
            return []
        kind, issuers, years = _LICENCES[sector]
        issued = _day_between(rng, date(self.o.year - 6, 1, 1), self.year_start)
        until = None
        if years is not None:
            until = date(issued.year + years, issued.month, min(issued.day, 28))
        elif rng.random() < 0.2:
            until = issued + timedelta(days=rng.randint(365, 1500))
        return [{"kind": kind, "number": f"{rng.randint(1, 999)}/{issued.year}/GP",
                 "issuer": rng.choice(issuers), "issued_on": issued, "valid_until": until}]

    # plan and inspections ----------------------------------------------------------------

    def inspections(self, w: _Writer) -> list[_Inspection]:
        rng, year = self.rng, self.o.year
        approval = date(year - 1, 12, rng.randint(10, 28))
        plan_id = w.add(InspectionPlan, {
            "year": year, "title": f"Kế hoạch thanh tra, kiểm tra năm {year}",
            "approval_number": f"{rng.randint(100, 3000)}/QĐ-UBND", "approval_date": approval,
            "notes": "Dữ liệu mẫu"})
        count = max(10, self.o.size // 250)
        out = []
        span = max(1, (self.year_end - self.year_start).days - 12)
        for i in range(count):
            start = self.year_start + timedelta(days=rng.randint(0, span))
            end = min(start + timedelta(days=rng.randint(3, 12)), self.year_end)
            roll = rng.random()
            kind = ("scheduled" if roll < 0.6 else "unscheduled" if roll < 0.8 else
                    "thematic" if roll < 0.9 else "interdisciplinary")
            if kind == "interdisciplinary":
                sectors: tuple[str, ...] = ("internet", "game")
            else:
                sectors = (list(SECTOR_WEIGHTS)[i % len(SECTOR_WEIGHTS)],)
            mode = "thanh_tra" if rng.random() < 0.3 else "kiem_tra"
            agencies = rng.sample(_AGENCIES, 2) if kind == "interdisciplinary" else []
            decision = start - timedelta(days=rng.randint(3, 10))
            what = " và ".join(_SECTOR_VI[s] for s in sectors)
            title = (f"{'Thanh tra' if mode == 'thanh_tra' else 'Kiểm tra'} việc chấp hành pháp "
                     f"luật về {what} năm {year} (đợt {i + 1})")
            inspection_id = w.add(Inspection, {
                "plan_id": plan_id if kind == "scheduled" else None, "mode": mode, "kind": kind,
                "title": title, "sector": sectors[0] if len(sectors) == 1 else None,
                # the Thanh tra Sở decided inspections until the reform, the department since
                # (its own symbol: the demo's agency is the Sở Khoa học và Công nghệ)
                "decision_number": f"{i + 1:02d}/QĐ-{'TTr' if year < 2025 else 'SKHCN'}",
                "decision_date": decision, "start_date": start, "end_date": end,
                "scope": f"Các cơ sở {what} trên địa bàn tỉnh",
                "participating_agencies": "\n".join(agencies)})
            members = [("head", "")] + [("member", "")] * rng.randint(2, 3)
            members += [("member", a) for a in agencies] + [("secretary", "")]
            for role, agency in members:
                w.add(InspectionMember, {"inspection_id": inspection_id,
                                         "full_name": _person(rng, 1965, 1995)[0], "role": role,
                                         "agency": agency, "user_id": None})
            out.append(_Inspection(inspection_id, sectors, start, end))
        return out

    # visits, cases, violations -----------------------------------------------------------

    def fieldwork(self, w: _Writer, est_id: uuid.UUID, values: dict[str, Any],
                  licences: list[SimpleNamespace], by_sector: dict[str, list[_Inspection]],
                  establishments_left: int) -> None:
        """One to three visits; the violations still wanted are spread over the establishments
        still to come, so sectors with no provision in force that year are made up for."""
        rng = self.rng
        pool = by_sector.get(values["sector"]) or []
        if not pool:
            return
        visits = rng.choices((1, 2, 3), (0.62, 0.3, 0.08))[0]
        chosen = rng.sample(pool, min(visits, len(pool)))
        # Aim a little ahead (some sectors have no provision in force in some years), so the
        # total is reached before the last establishments, which are then found compliant.
        expected = self.violations_left / max(1.0, establishments_left * 0.8)
        wanted = 0
        if self.violations_left > 0 and rng.random() < 0.8:
            wanted = max(1, round(rng.gauss(expected / 0.8, 1.2)))
        establishment = SimpleNamespace(**values)
        for n, inspection in enumerate(chosen):
            share = wanted if n == len(chosen) - 1 else rng.randint(0, wanted)
            wanted -= share
            day = _day_between(rng, inspection.start, inspection.end)
            self.visit(w, est_id, establishment, licences, inspection, day,
                       min(share, self.violations_left, 12))
        unused = [i for i in pool if i not in chosen]
        if unused:
            self.spare.append((est_id, establishment, licences, unused))

    def top_up(self, w: _Writer) -> None:
        """Violations still wanted at the end: further visits to establishments of the last
        chunk, in inspections they have not had yet, until the total is reached."""
        rng = self.rng
        rng.shuffle(self.spare)
        for est_id, establishment, licences, unused in self.spare:
            if self.violations_left <= 0:
                break
            inspection = rng.choice(unused)
            day = _day_between(rng, inspection.start, inspection.end)
            self.visit(w, est_id, establishment, licences, inspection, day,
                       min(self.violations_left, 6))

    def visit(self, w: _Writer, est_id: uuid.UUID, e: SimpleNamespace,
              licences: list[SimpleNamespace], inspection: _Inspection, day: date,
              wanted: int) -> None:
        rng = self.rng
        checklist = self.checklists[e.sector]
        subject = subject_of_owner(e.owner_kind)
        planned: list[dict[str, Any]] = []
        failed: list[str] = []
        for _ in range(wanted * 3):
            if len(planned) >= wanted:
                break
            ongoing = rng.random() < 0.5
            reference = day if ongoing else day - timedelta(days=rng.randint(0, 40))
            items = self.eligible(checklist, reference)
            if not items:
                break
            item_id = rng.choice(items)
            violation = self.violation(checklist, item_id, subject, day, reference, ongoing, e)
            if violation is not None:
                planned.append(violation)
                failed.append(item_id)
        reminded = not planned and rng.random() < 0.3
        if reminded:
            failed.append(rng.choice([i.id for i in checklist.items if not i.asks_count]))
        answers = [ChecklistAnswer(i.id, "no" if i.id in failed else "yes",
                                   "Không đạt khi kiểm tra" if i.id in failed else "",
                                   rng.randint(8, 40) if i.asks_count else None)
                   for i in checklist.items]
        outcome = "violations" if planned else "reminded" if reminded else "compliant"
        visit_id = w.add(Visit, {
            "inspection_id": inspection.id, "establishment_id": est_id, "visit_date": day,
            "outcome": outcome, "checklist": answers_to_json(checklist, answers),
            "notes": ""})
        if not planned:
            return
        snapshot = violator_snapshot(e, licences, day)  # type: ignore[arg-type]
        case_id = w.add(Case, {
            "visit_id": visit_id, "establishment_id": est_id, "subject_kind": subject,
            "violator": snapshot, "sector": e.sector, "status": "draft", "opened_on": day,
            "complex_case": False, "explanation": False, "transferred_to": None,
            "transferred_on": None, "notes": ""})
        for values in planned:
            seized = values.pop("_seized", None)
            violation_id = w.add(Violation, {"case_id": case_id, **values})
            self.violations_left -= 1
            if seized is not None:
                w.add(SeizedItem, {"case_id": case_id, "violation_id": violation_id, **seized})

    def proposals(self, checklist: Checklist, item_id: str,
                  reference: date) -> tuple[Provision, ...]:
        key = (checklist.sector, item_id, reference)
        if key not in self.proposal_cache:
            self.proposal_cache[key] = proposed_provisions(
                self.catalog, checklist.item(item_id), reference)
        return self.proposal_cache[key]

    def eligible(self, checklist: Checklist, reference: date) -> list[str]:
        """The items that propose a provision in force on ``reference``."""
        return [i.id for i in checklist.items
                if not i.asks_count and self.proposals(checklist, i.id, reference)]

    def violation(self, checklist: Checklist, item_id: str, subject: str, day: date,
                  reference: date, ongoing: bool, e: SimpleNamespace) -> dict[str, Any] | None:
        rng = self.rng
        ended = None if ongoing else reference
        choices = self.proposals(checklist, item_id, reference)
        if not choices:
            return None
        provision = rng.choice(choices)
        copies = None
        title = None
        if provision.tiers:
            tier = rng.choice(provision.tiers)
            copies = rng.randint(tier.min_copies, tier.max_copies or tier.min_copies + 300)
            title = rng.choice(_TITLES)
            try:
                provision = provision_in_force(self.catalog, tier.key, reference)
            except LawError:
                return None
        elif provision.counted_per == "title":
            title = rng.choice(_TITLES)
            copies = rng.randint(1, 80)
        mitigating = rng.sample([code for code, c in self.mitigating if c.applies_to(subject)],
                                rng.choices((0, 1, 2), (6, 3, 1))[0])
        aggravating = rng.sample([code for code, c in self.aggravating
                                  if c.applies_to(subject)],
                                 rng.choices((0, 1, 2), (7, 2, 1))[0])
        key = (provision.key, subject, copies if provision.tiers else None, len(mitigating),
               len(aggravating), circumstance_rule(self.rules, reference))
        if key not in self.quotes:
            bracket = bracket_for(provision, subject, key[2],
                                  multiple=self.catalog.organization_multiple)
            self.quotes[key] = (bracket, quote_fine(bracket, key[3], key[4],
                                                    rule=circumstance_rule(self.rules, reference))
                                if bracket.fine_allowed else None)
        bracket, quote = self.quotes[key]
        warning = quote is None or (bracket.warning_allowed and rng.random() < 0.3)
        amount = 0 if warning else quote.default
        reason = _REASON if (quote is not None and not warning and quote.needs_reason) else ""
        additional, seized = self.extras(provision, e, title, copies, mitigating, aggravating,
                                         reference)
        remedial = []
        if provision.remedial_measures and rng.random() < 0.5:
            measure = provision.remedial_measures[0]
            remedial.append({"code": measure.code, "text": measure.text, "deadline_days": 10})
        # What the inspector writes: when and how it was found. The act is the catalog's and
        # the titles are listed apart; repeating them here printed each twice.
        facts = f"Phát hiện khi kiểm tra ngày {day:%d/%m/%Y}"
        if additional and any(a["kind"] == "suspension" for a in additional):
            reason = reason or _REASON
        # A point that lists several acts: the one committed is chosen, as the form asks (the
        # record printed no act otherwise). Taken from the day, not the generator, so the rest
        # of the scenario stays as it was.
        stored = (provision if bracket.key == provision.key
                  else self.catalog.provision(bracket.key))
        alternative = (day.toordinal() % len(stored.alternatives) if stored.alternatives
                       else None)
        return {
            "provision_key": bracket.key, "alternative": alternative, "ongoing": ongoing,
            "ended_on": ended,
            "discovered_on": day, "facts": facts, "mitigating": mitigating,
            "aggravating": aggravating, "amount": amount, "amount_reason": reason,
            "warning": warning, "copies": copies if provision.tiers or title else None,
            "titles": [{"title": title, "copies": copies}] if title else [],
            "additional_sanctions": additional, "remedial_measures": remedial,
            "_seized": seized}

    def extras(self, provision: Provision, e: SimpleNamespace, title: str | None,
               copies: int | None, mitigating: list[str], aggravating: list[str],
               reference: date) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        rng = self.rng
        additional: list[dict[str, Any]] = []
        seized = None
        for allowed in provision.additional_sanctions:
            if allowed.kind == "suspension" and rng.random() < 0.2:
                low, high = allowed.min_months or 1, allowed.max_months or 1
                months = quote_duration(low, high, len(mitigating), len(aggravating),
                                        rule=circumstance_rule(self.rules, reference)).default
                additional.append({"kind": "suspension", "months": months, "text": allowed.text})
            elif allowed.kind == "confiscation" and title and copies:
                value = copies * rng.choice((25_000, 40_000, 60_000, 85_000, 120_000))
                additional.append({"kind": "confiscation", "value": value, "text": allowed.text})
                seized = {"kind": "Sách", "description": f"Sách “{title}”",
                          "quantity": copies, "unit": "cuốn", "value": value,
                          "condition": "Sách mới, còn nguyên tem nhãn" if rng.random() < 0.5
                          else "Sách đã qua sử dụng",
                          "titles": [{"title": title, "copies": copies}],
                          "kept_at": "Kho tang vật của Sở, " + e.province_name,
                          "disposal": "held", "disposal_date": None}
        return additional, seized

    # the run ---------------------------------------------------------------------------------

    def run(self) -> SeedReport:
        started = time.perf_counter()
        if self.o.size < 1:
            raise ValidationError("Số cơ sở phải từ 1.", "--size must be at least 1",
                                  field="size")
        if not 2014 <= self.o.year <= self.today.year or self.year_end <= self.year_start:
            raise ValidationError(
                f"Năm dữ liệu mẫu phải từ 2014 đến {self.today.year} (và đã qua vài ngày).",
                f"the year must be between 2014 and {self.today.year}, with days already past",
                field="year")
        with UnitOfWork(self.db, self.actor) as uow:
            conn = uow.session.connection()
            w = _Writer(conn, self.actor)
            by_sector: dict[str, list[_Inspection]] = defaultdict(list)
            for inspection in self.inspections(w):
                for sector in inspection.sectors:
                    by_sector[sector].append(inspection)
            w.flush()
            for chunk in _chunks(self.o.size, 5_000):
                made = [self.establishment(i) for i in chunk]
                rows = establishment_rows((d for d, _ in made), w.now, self.today)
                for n, ((values, entry), (_, licences)) in enumerate(
                        zip(rows, made, strict=True)):
                    w.add_establishment(values, entry)
                    est_id = values["id"]
                    objects = []
                    for lic in licences:
                        w.add(Licence, {"establishment_id": est_id, **lic})
                        objects.append(SimpleNamespace(**lic))
                    self.fieldwork(w, est_id, values, objects, by_sector,
                                   self.o.size - chunk.start - n)
                if chunk.stop < self.o.size:
                    self.spare.clear()
                else:
                    self.top_up(w)
                w.flush()
            uow.commit()
        counts = dict(w.counts)
        if self.o.issued > 0:
            counts.update(issue_documents(self.db, self.actor, self.o.year, self.o.issued,
                                          self.today))
        return SeedReport("random", self.o.year, time.perf_counter() - started, counts)


# --- documents through the services ----------------------------------------------------------

DEMO_CHIEF = {"before": ("Lương Đức Hạnh", "chief_inspector_department"),
              "after": ("Hoàng Văn Giám", "director_department")}
REMINDER_REQUESTS = ("Khắc phục ngay các tồn tại nêu trên",
                     "Thường xuyên tự kiểm tra việc chấp hành quy định của pháp luật")


def scenario_actor(actor: Actor, login: str, name: str) -> Actor:
    """The chief a scenario's documents are issued by (the audit trail shows its ``demo:``
    login), on the seeding user's device: the seeding user need not hold the chief's role."""
    return Actor(login=login, role="chief", full_name=name, device=actor.device)


def follow_reform(db: Database, actor: Actor) -> bool:
    """A database that began before the reform (the 2015 scenario, or a 2025 year reaching
    01/7/2025): its department's information and communications work passed to the Sở Khoa học
    và Công nghệ, whose Director signs; the settings are renamed as the department did then
    (audited; the documents issued before keep the name they were signed under). True when
    renamed."""
    from inspector.services.agency import get_agency, save_agency
    from inspector.services.signers import agency_part

    info = get_agency(db, actor)
    directors = law_service.law_data(db).catalog.caps_for("director_department")
    if not info.configured or any(c.agency == agency_part(info.agency_name) for c in directors):
        return False
    save_agency(db, actor, replace(info, agency_name="Sở Khoa học và Công nghệ",
                                   agency_short="SKHCN"))
    return True


def _demo_agency(db: Database, actor: Actor, year: int) -> str:
    """Agency settings and a head signer for the year when the database has none; returns the
    name of the head who signs."""
    from inspector.services.agency import AgencyInfo, get_agency, save_agency
    from inspector.services.signers import SignerInput, add_signer, default_signer

    # The Director signs from the first day of his dated caps (01/7/2025, Decree 189/2025).
    reform = min(c.valid_from for c in law_service.law_data(db).catalog.caps_for(
        "director_department"))
    after = date(year, 12, 31) >= reform
    info = get_agency(db, actor)
    if info.configured and date(year, 1, 1) >= reform:
        follow_reform(db, actor)
    elif not info.configured:
        save_agency(db, actor, AgencyInfo(
            superior_agency="Ủy ban nhân dân tỉnh Cao Bằng",
            agency_name="Sở Khoa học và Công nghệ" if after else "Sở Thông tin và Truyền thông",
            agency_short="SKHCN" if after else "STTTT", place_name="Cao Bằng",
            province_code="004", treasury_account="3949.0.1054321",
            treasury_name="Kho bạc Nhà nước tỉnh Cao Bằng"))
    name, title = DEMO_CHIEF["after" if after else "before"]
    probe = max(date(year, 1, 5), reform) if after else date(year, 1, 5)
    signer = default_signer(db, actor, probe)
    if signer is None:
        add_signer(db, actor, SignerInput(name, title, valid_from=reform if after else None,
                                          valid_until=None if after else reform - timedelta(1)))
        return name
    return signer.full_name


def issue_documents(db: Database, actor: Actor, year: int, limit: int,
                    today: date) -> dict[str, int]:
    """Carry the earliest ``limit`` cases of the year through the services, in date order:
    record on the visit day, seizure record, decision three working days later (or the
    transfer letter when the case exceeds the signer's competence), delivery the next working
    day, payment within the ten days; plus a checking record and a reminder letter for the
    first compliant and reminded visits. Nothing is dated after ``today``."""

    from sqlalchemy import select

    from inspector.services.decisions import DecisionRefused, issue_decision, review_decision
    from inspector.services.issued_documents import issue_document
    from inspector.services.payments import add_payment, record_delivery

    actor.require(Permission.EDIT_FIELD_WORK)
    chief = scenario_actor(actor, f"demo:random-{year}", _demo_agency(db, actor, year))
    first, last = date(year, 1, 1), min(date(year, 12, 31), today)
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        cases = list(s.execute(
            select(Case.id, Case.opened_on, Case.status, Case.visit_id)
            .where(Case.opened_on.between(first, last), Case.status == "draft")
            .order_by(Case.opened_on, Case.id).limit(limit)))
        seized = set(s.scalars(select(SeizedItem.case_id).where(
            SeizedItem.case_id.in_([c.id for c in cases]))))
        if cases and not seized:  # one seizure record at least: the first case with exhibits
            extra = s.execute(
                select(Case.id, Case.opened_on, Case.status, Case.visit_id)
                .join(SeizedItem, SeizedItem.case_id == Case.id)
                .where(Case.opened_on.between(first, last), Case.status == "draft")
                .order_by(Case.opened_on, Case.id).limit(1)).first()
            if extra is not None:
                cases.append(extra)
                seized.add(extra.id)
        visits = {outcome: s.scalar(select(Visit.id).where(
            Visit.outcome == outcome, Visit.visit_date.between(first, last))
            .order_by(Visit.visit_date, Visit.id).limit(1))
            for outcome in ("compliant", "reminded")}
        visit_days = {v.id: v.visit_date for v in s.scalars(
            select(Visit).where(Visit.id.in_([v for v in visits.values() if v])))}
    steps: list[tuple[date, int, str, uuid.UUID]] = []
    for case_id, opened_on, _status, _visit in cases:
        steps.append((opened_on, 0, "record", case_id))
        if case_id in seized:
            steps.append((opened_on, 1, "seizure", case_id))
        # The day of the decision is worked out on the case's day, under the settings then
        # in force (a year reaching the reform renames the agency on its way).
        steps.append((opened_on, 2, "plan_decision", case_id))
    for outcome, visit_id in visits.items():
        if visit_id is not None:
            day = visit_days[visit_id]
            steps.append((day, 1, "no_violation", visit_id) if outcome == "compliant" else
                         (_working_day(day + timedelta(days=2)), 5, "reminder", visit_id))
    counts: dict[str, int] = defaultdict(int)
    numbers: dict[uuid.UUID, int] = {}
    steps.sort(key=lambda t: (t[0], t[1], str(t[3])))
    reform = min(c.valid_from for c in law_service.law_data(db).catalog.caps_for(
        "director_department"))
    while steps:
        day, _order, action, target = steps.pop(0)
        if day > today:
            continue
        if day >= reform:
            follow_reform(db, actor)  # once: the first document dated after the reform
            reform = date.max
        if action == "record":
            demo_record(db, chief, target, day)
        elif action == "seizure":
            issue_document(db, chief, "seizure", target, day, at=time_of_day(10, 30))
        elif action == "no_violation":
            issue_document(db, chief, "no-violation", target, day, at=time_of_day(9, 0))
        elif action == "reminder":
            issue_document(db, chief, "reminder", target, day, requests=REMINDER_REQUESTS,
                           report_by=day + timedelta(days=30))
        elif action == "plan_decision":
            steps.append((_decision_day(db, chief, target, day), 2, "decision", target))
            steps.sort(key=lambda t: (t[0], t[1], str(t[3])))
            continue
        elif action == "decision":
            review = review_decision(db, chief, target, day)
            if review.needs_transfer:
                issue_document(db, chief, "transfer", target, day)
                counts["transfers"] += 1
                continue
            try:
                info = issue_decision(db, chief, target, day)
            except DecisionRefused:
                counts["refused"] += 1  # left for the chief, as the review says why
                continue
            assert info.number is not None
            numbers[target] = info.number
            delivered = _working_day(day + timedelta(days=1))
            steps.append((delivered, 3, "delivery", target))
            if info.total_amount:
                steps.append((_working_day(delivered + timedelta(days=6)), 4, "payment",
                               target))
            steps.sort(key=lambda t: (t[0], t[1], str(t[3])))
            counts["decisions"] += 1
            continue
        elif action == "delivery":
            record_delivery(db, chief, numbers[target], year, day)
        else:
            info = add_payment(db, chief, numbers[target], year,
                               _due(db, chief, numbers[target], year), day)
            counts["payments"] += 1
            continue
        counts[{"record": "records", "seizure": "seizure_records",
                "no_violation": "checking_records", "reminder": "reminders",
                "delivery": "deliveries"}[action]] += 1
    return dict(counts)


def _due(db: Database, actor: Actor, number: int, year: int) -> int:
    from inspector.services.decisions import list_decisions

    info = next(d for d in list_decisions(db, actor, year) if d.number == number)
    return info.total_amount - info.paid


def _working_day(d: date) -> date:
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def _chunks(total: int, size: int) -> Iterator[range]:
    for start in range(0, total, size):
        yield range(start, min(total, start + size))


@register_scenario("random")
def seed_random(db: Database, actor: Actor, options: SeedOptions) -> SeedReport:
    """N random establishments with a year's inspections, visits and violations."""
    actor.require(Permission.EDIT_FIELD_WORK)
    return _Random(db, actor, options).run()


# --- demo accounts --------------------------------------------------------------------------

DEMO_ACCOUNTS = (
    ("thanhtra", "inspector", "Lương Đức Hạnh"),
    ("truong", "chief", "Hoàng Văn Giám"),
    ("vanthu", "clerk", "Nông Thị Thư"),
    ("quantri", "admin", "Bế Văn Quản"),
)


@dataclass(frozen=True)
class DemoAccount:
    login: str
    role: str
    full_name: str
    password: str  # "" when the account already existed (its password is not changed)

    def to_json(self) -> dict[str, str]:
        return {"login": self.login, "role": self.role, "full_name": self.full_name,
                "password": self.password}


def create_demo_accounts(db: Database, actor: Actor) -> list[DemoAccount]:
    """One account per role with a fresh random password, so a newcomer can try the chief's
    and the clerk's work; an account that exists already is left as it is."""
    import secrets

    from inspector.services.users import add_user, list_users

    actor.require(Permission.MANAGE_USERS)
    existing = {u.login for u in list_users(db, actor)}
    out = []
    for login, role, name in DEMO_ACCOUNTS:
        if login in existing:
            out.append(DemoAccount(login, role, name, ""))
            continue
        password = "demo-" + secrets.token_urlsafe(6)
        add_user(db, actor, login, name, role, password)
        out.append(DemoAccount(login, role, name, password))
    return out


def demo_record(db: Database, actor: Actor, case_id: uuid.UUID, day: date,
                start: time_of_day = time_of_day(8, 30)) -> int:
    """Issue a demo case's violation record as its team would: the details the record dialog
    prefills (place, team, basis), made at ``start`` and closed ninety minutes later — the demo
    has no real hours to give, so it gives plausible ones, like a user typing them."""
    from dataclasses import replace as with_changes
    from datetime import datetime, timedelta

    from inspector.services.violation_records import issue_record, record_form

    form = record_form(db, actor, case_id)
    made = datetime.combine(day, start)
    details = with_changes(form.defaults, made_at=made, closed_at=made + timedelta(minutes=90))
    return issue_record(db, actor, case_id, day, details=details)


def _decision_day(db: Database, actor: Actor, case_id: uuid.UUID, recorded: date) -> date:
    """Three working days after the record, or the first working day after the violator's
    time to explain has run out when the record grants it (Law Art 61): never earlier."""
    from inspector.services.violation_records import explanation_for

    day = _working_day(recorded + timedelta(days=3))
    right = explanation_for(db, actor, case_id, recorded)
    due = max((d for d in (right.written_due, right.hearing_due) if d), default=None)
    if right.allowed and due is not None and day <= due:
        day = _working_day(due + timedelta(days=1))
    return day
