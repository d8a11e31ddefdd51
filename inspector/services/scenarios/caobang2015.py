"""The 2015 work of the Cao Bằng inspectorate, as the department's yearly report describes it.

Why: the report (shared/seed, section "Về công tác thanh tra, kiểm tra" and the telecom checks
of the post and telecommunications section) is the one real yearly account we have; a database
that reproduces it shows the app on real work and lets the tests check every published figure
against :func:`inspector.services.tallies.compute_tally`.

What the report states and this scenario reproduces exactly:

* 05 inspections (thanh tra) and 02 thematic checks (kiểm tra theo chuyên đề); no complaint or
  denunciation received;
* conformity certification and declaration of ICT goods at 09 supermarkets and shops in the city
  of Cao Bằng: one decision of the Chief Inspector, 2.000.000 đồng;
* an interdisciplinary inspection of 03 Internet service providers and 45 public Internet access
  and game points: 42.000.000 đồng of fines;
* publication distribution: 06 of 14 household businesses in violation, more than 700 books
  confiscated (726 here), 15.500.000 đồng;
* printing at Công ty Cổ phần in Việt Lập Cao Bằng: reminded to fix shortcomings, no sanction;
* the check of 34 telecom agents, 07 telecom shops and 15 ICT shops in the city of Cao Bằng and
  the districts of Phục Hòa, Thạch An, Trà Lĩnh and Quảng Uyên: all compliant.

What the report does not say is invented, plausibly, and stated here: names and addresses; the
fifth inspection (bulletins, unscheduled, all compliant) and the festival check without visits;
how each total splits between cases (1 organisation at the bottom of its bracket for the ICT
goods; 10 Internet points fined plus 1 warned for the Internet; 5 bookshops with one violation
and 1 with two). Every violation cites a provision of Decree 174/2013 or 159/2013 in force on its
date, and every amount is checked by the sanction engine against its bracket *and* against the
circumstances recorded (Decree 118/2021 Art 9 rules, with the reason where one is required); the
Chief Inspector's competence is checked for every decision. Decisions are numbered in the 2015
sequence (N/QĐ-XPHC), records likewise (N/BB-VPHC), with the register filled, signed with the
title "Chánh Thanh tra Sở Thông tin và Truyền thông", delivered and paid.

Everything is written through the ORM in one :class:`UnitOfWork`, so the audit trail records
every row. Deterministic: the same database content every time.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inspector.domain.competence import check_competence
from inspector.domain.deadlines import ProcedureRules, circumstance_rule
from inspector.domain.fines import (
    AppliedSanction,
    ChargedViolation,
    bracket_for,
    check_amount,
    check_violation,
    quote_fine,
)
from inspector.domain.law import Catalog
from inspector.domain.roles import Permission
from inspector.domain.text import search_key, sort_text
from inspector.services.actor import Actor
from inspector.services.cases import violator_snapshot
from inspector.services.errors import ValidationError
from inspector.services.law import law_data
from inspector.services.scenarios.registry_papers import registration_certificate
from inspector.services.signers import agency_part
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import (
    AgencySettings,
    Case,
    Establishment,
    Inspection,
    InspectionMember,
    InspectionPlan,
    Licence,
    SeizedItem,
    Signer,
    Violation,
    Visit,
)

# The scenario's named representatives (people of this fictional register) and their sex.
_SEX_OF = {"Hoàng Văn Khải": "M", "Hà Văn Định": "M", "Lục Minh Hà": "F", "Đinh Quang Hưng": "M",
           "Nông Đức Thịnh": "M", "Phạm Văn Quyết": "M", "Trần Minh Tâm": "M",
           "Hoàng Văn Lập": "M", "Nông Văn Sáu": "M", "Đàm Văn Cường": "M", "Lương Thị Tâm": "F",
           "Bế Văn Toàn": "M"}

__all__ = ["CHIEF_INSPECTOR", "SIGNER_TITLE", "build_caobang_2015"]

YEAR = 2015
SIGNER_TITLE = "Chánh Thanh tra Sở Thông tin và Truyền thông"
CHIEF_INSPECTOR = "Lương Đức Hạnh"
DEPUTY = "Hoàng Thị Thu Hà"
INSPECTORS = ("Nông Văn Tuấn", "Đàm Thị Hương", "Bế Văn Lâm", "Triệu Thị Mai")
PROVINCE = "Cao Bằng"

# Former district → (former commune, current commune code, current commune) as in 2015 and
# after the 2025 reorganisation (db/reference/admin_units_caobang.csv).
CITY = "Thành phố Cao Bằng"
AREAS: dict[str, list[tuple[str, str, str]]] = {
    CITY: [("Phường Hợp Giang", "01273", "Phường Thục Phán"),
           ("Phường Sông Hiến", "01273", "Phường Thục Phán"),
           ("Phường Đề Thám", "01273", "Phường Thục Phán"),
           ("Phường Sông Bằng", "01279", "Phường Nùng Trí Cao"),
           ("Phường Ngọc Xuân", "01279", "Phường Nùng Trí Cao"),
           ("Phường Tân Giang", "01288", "Phường Tân Giang"),
           ("Phường Hòa Chung", "01288", "Phường Tân Giang"),
           ("Phường Duyệt Trung", "01288", "Phường Tân Giang")],
    "Huyện Phục Hòa": [("Thị trấn Hòa Thuận", "01648", "Xã Phục Hòa"),
                       ("Thị trấn Tà Lùng", "01648", "Xã Phục Hòa")],
    "Huyện Thạch An": [("Thị trấn Đông Khê", "01786", "Xã Đông Khê")],
    "Huyện Trà Lĩnh": [("Thị trấn Hùng Quốc", "01447", "Xã Trà Lĩnh")],
    "Huyện Quảng Uyên": [("Thị trấn Quảng Uyên", "01576", "Xã Quảng Uyên")],
    "Huyện Hòa An": [("Thị trấn Nước Hai", "01654", "Xã Hòa An")],
    "Huyện Trùng Khánh": [("Thị trấn Trùng Khánh", "01477", "Xã Trùng Khánh")],
    "Huyện Nguyên Bình": [("Thị trấn Nguyên Bình", "01726", "Xã Nguyên Bình")],
    "Huyện Bảo Lạc": [("Thị trấn Bảo Lạc", "01321", "Xã Bảo Lạc")],
    "Huyện Hà Quảng": [("Thị trấn Xuân Hòa", "01392", "Xã Trường Hà")],
}
CITY_STREETS = ("phố Kim Đồng", "phố Vườn Cam", "đường Hoàng Đình Giong", "phố Xuân Trường",
                "phố Hiến Giang", "đường Pác Bó", "phố Bế Văn Đàn", "phố Thầu Bảo",
                "đường 3 tháng 10", "phố Cũ", "đường Lê Lợi", "phố Nước Giáp")

FAMILY = ("Hoàng", "Nông", "Nguyễn", "Lương", "Bế", "Đàm", "Triệu", "Lục", "Hà", "Lý", "Ma",
          "Vi", "Đinh", "Lưu", "Phạm", "Trần")
MIDDLE = {"M": ("Văn", "Đức", "Quang", "Minh", "Hữu"), "F": ("Thị", "Thu", "Ngọc", "Thanh")}
GIVEN = {"M": ("Hùng", "Dũng", "Tuấn", "Cường", "Hải", "Long", "Sơn", "Thắng", "Bình", "Khánh",
               "Phong", "Quân", "Trung", "Việt", "Toàn", "Đạt"),
         "F": ("Lan", "Hoa", "Hương", "Mai", "Nga", "Thảo", "Hà", "Linh", "Yến", "Thủy", "Dung",
               "Hằng", "Vân", "Nhung")}
BOOK_TITLES = ("Đắc nhân tâm", "Nhà giả kim", "Tuổi trẻ đáng giá bao nhiêu", "Truyện Kiều",
               "Dế Mèn phiêu lưu ký", "Số đỏ", "Hạt giống tâm hồn (tập 1)", "Cha giàu cha nghèo",
               "Quẳng gánh lo đi và vui sống", "Tôi thấy hoa vàng trên cỏ xanh", "Mắt biếc",
               "Từ điển Anh - Việt (bỏ túi)", "Bài tập Tiếng Anh 8", "Để học tốt Toán 9",
               "Văn mẫu lớp 9", "Sống đẹp", "Cho tôi xin một vé đi tuổi thơ",
               "Harry Potter và Hòn đá Phù thủy")


@dataclass(frozen=True)
class _Charge:
    """One violation as the scenario charges it (amount None = warning)."""

    key: str
    amount: int | None
    facts: str
    mitigating: tuple[str, ...] = ()
    aggravating: tuple[str, ...] = ()
    reason: str = ""
    ongoing: bool = False
    confiscate_books: int = 0


@dataclass(frozen=True, order=True)
class _Step:
    """One document or payment the services make after the field work: by date, then in the
    order a case goes (record, seizure, decision, delivery, payment)."""

    day: date
    order: int
    action: str
    case_id: uuid.UUID = field(compare=False)
    amount: int = field(default=0, compare=False)


@dataclass
class _Builder:
    session: Session
    catalog: Catalog
    rules: ProcedureRules
    agency_id: uuid.UUID
    rng: random.Random = field(default_factory=lambda: random.Random(YEAR))
    decisions: int = 0
    records: int = 0
    last_issued: date = date(YEAR, 1, 1)
    summary: dict[str, Any] = field(default_factory=lambda: {
        "establishments": 0, "inspections": 0, "visits": 0, "cases": 0, "violations": 0,
        "decisions": 0, "fines": 0, "books_confiscated": 0})
    steps: list[_Step] = field(default_factory=list)
    _checked: set[uuid.UUID] = field(default_factory=set)
    _used_names: set[str] = field(default_factory=set)
    _address_no: int = 0

    # ------------------------------------------------------------------ people and places

    def person(self, sex: str | None = None) -> tuple[str, str]:
        sex = sex or self.rng.choice("MF")
        while True:
            name = (f"{self.rng.choice(FAMILY)} {self.rng.choice(MIDDLE[sex])} "
                    f"{self.rng.choice(GIVEN[sex])}")
            if name not in self._used_names:
                self._used_names.add(name)
                return name, sex

    def address(self, district: str, index: int) -> tuple[str, tuple[str, str, str]]:
        communes = AREAS[district]
        commune = communes[index % len(communes)]
        self._address_no += 1
        if district == CITY:
            street = CITY_STREETS[self._address_no % len(CITY_STREETS)]
            line = f"Số {7 + (self._address_no * 13) % 190}, {street}"
        else:
            line = f"Tổ {1 + self._address_no % 9}, khu phố {1 + self._address_no % 4}"
        return line, commune

    def establishment(self, sector: str, business_kind: str, name: str, district: str,
                      index: int, owner_kind: str = "household",
                      representative: str | None = None,
                      representative_sex: str | None = None) -> Establishment:
        line, (former_commune, code, commune) = self.address(district, index)
        values: dict[str, Any] = {
            "sector": sector, "business_kind": business_kind, "name": name,
            "owner_kind": owner_kind, "address_line": line, "commune_code": code,
            "commune_name": commune, "former_commune_name": former_commune,
            "former_district": district, "province_name": PROVINCE,
        }
        if owner_kind == "organization":
            from inspector.domain.identity import generate_tax_code

            rep_name, rep_sex = ((representative, representative_sex or _SEX_OF[representative])
                                 if representative else self.person())
            values.update(
                enterprise_code=generate_tax_code(self.rng, prefix="48"),
                head_office=f"{line}, {former_commune}, {district}, tỉnh {PROVINCE}",
                representative_name=rep_name,
                representative_title="Giám đốc" if "Công ty" in name else "Người đứng đầu",
                representative_sex=rep_sex,
            )
        else:
            owner, sex = self.person()
            born = date(1960 + self.rng.randrange(35), 1 + self.rng.randrange(12),
                        1 + self.rng.randrange(28))
            values.update(
                owner_name=owner, owner_sex=sex, owner_birth_date=born,
                owner_nationality="Việt Nam", owner_occupation="Kinh doanh",
                owner_residence=f"{line}, {former_commune}, {district}, tỉnh {PROVINCE}",
                owner_id_number=f"080{self.rng.randrange(10**6):06d}",
                owner_id_issued_on=date(2005 + self.rng.randrange(9), 1 + self.rng.randrange(12),
                                        1 + self.rng.randrange(28)),
                owner_id_issued_by=f"Công an tỉnh {PROVINCE}",
                household_registration_no=f"04B8{self.rng.randrange(10**5):05d}",
                phone=f"09{self.rng.choice('14')}{self.rng.randrange(10**7):07d}",
            )
        values["search_text"] = search_key(" ".join(
            str(v) for v in (name, values.get("owner_name") or "", line, commune,
                             values.get("owner_id_number") or "",
                             values.get("enterprise_code") or "") if v))
        values["name_sort"] = sort_text(name)
        row = Establishment(**values)
        self.session.add(row)
        if owner_kind == "organization":
            self.session.flush()
            self.session.add(Licence(establishment_id=row.id, **registration_certificate(
                values["enterprise_code"], date(YEAR, 1, 1))))
        self.summary["establishments"] += 1
        return row

    # ------------------------------------------------------------------ work

    def inspection(self, *, mode: str, kind: str, title: str, sector: str | None,
                   decision_number: str, decision_date: date, start: date, end: date,
                   scope: str, agencies: str = "", plan: InspectionPlan | None = None,
                   head: str = CHIEF_INSPECTOR, outside: tuple[tuple[str, str], ...] = (),
                   ) -> Inspection:
        row = Inspection(plan_id=plan.id if plan else None, mode=mode, kind=kind, title=title,
                         sector=sector, decision_number=decision_number,
                         decision_date=decision_date, start_date=start, end_date=end,
                         scope=scope, participating_agencies=agencies)
        self.session.add(row)
        self.session.flush()
        team = [(head, "head", "Thanh tra Sở Thông tin và Truyền thông")]
        team += [(n, "member", "Thanh tra Sở Thông tin và Truyền thông")
                 for n in INSPECTORS[:2]]
        team += [(n, "member", agency) for n, agency in outside]
        team.append((INSPECTORS[3], "secretary", "Thanh tra Sở Thông tin và Truyền thông"))
        for name, role, agency in team:
            self.session.add(InspectionMember(inspection_id=row.id, full_name=name, role=role,
                                              agency=agency))
        self.summary["inspections"] += 1
        return row

    def visit(self, inspection: Inspection, est: Establishment, day: date, outcome: str,
              notes: str = "") -> Visit:
        self.session.flush()  # the establishment's id is assigned at INSERT
        row = Visit(inspection_id=inspection.id, establishment_id=est.id, visit_date=day,
                    outcome=outcome, notes=notes,
                    checklist={"kết luận": {"compliant": "Chấp hành tốt các quy định",
                                            "reminded": "Nhắc nhở, yêu cầu khắc phục",
                                            "violations": "Có vi phạm"}[outcome]})
        self.session.add(row)
        self.summary["visits"] += 1
        if outcome == "reminded":
            self.session.flush()
            self.steps.append(_Step(_weekday(day + timedelta(days=2)), 5, "reminder", row.id))
        elif outcome == "compliant" and inspection.id not in self._checked:
            # the checking record of the first compliant visit of each inspection
            self._checked.add(inspection.id)
            self.session.flush()
            self.steps.append(_Step(day, 1, "no_violation", row.id))
        return row

    def _check(self, charge: _Charge, subject: str, on: date) -> None:
        """The sanction engine must accept every charge: provision in force on the date,
        amount in the bracket and as the circumstances allow, sanctions the provision lists."""
        extra = (AppliedSanction("confiscation"),) if charge.confiscate_books else ()
        provision = check_violation(
            self.catalog, ChargedViolation(charge.key, charge.amount, additional=extra),
            subject, on)
        if charge.amount is not None:
            bracket = bracket_for(provision, subject,
                                  multiple=self.catalog.organization_multiple)
            quote = quote_fine(bracket, len(charge.mitigating),
                               len(charge.aggravating), rule=circumstance_rule(self.rules, on))
            check_amount(quote, charge.amount, charge.reason or None)
        for code in charge.mitigating + charge.aggravating:
            self.catalog.circumstance(code)

    def case(self, visit: Visit, est: Establishment, charges: list[_Charge],
             decision_after: int = 3, paid_after: int = 6) -> Case:
        """A case with its violations, seized books, record, decision, delivery and payment."""
        day = visit.visit_date
        subject = "organization" if est.owner_kind == "organization" else "household_business"
        for charge in charges:
            self._check(charge, subject, day)
        issued = _weekday(day + timedelta(days=decision_after))
        # Numbers run in the order of their dates (issue 9 §2): a case built after another is
        # never decided before it.
        issued = max(issued, self.last_issued)
        self.last_issued = issued
        competence = check_competence(
            self.catalog, "chief_inspector_department", issued, subject,
            [ChargedViolation(c.key, c.amount) for c in charges])
        if not competence.within:
            raise AssertionError(f"outside the Chief Inspector's competence: {competence.reasons}")
        licences = list(self.session.scalars(select(Licence).where(
            Licence.establishment_id == est.id)))
        snapshot = violator_snapshot(est, licences, day)  # as a user's case records it
        case = Case(visit_id=visit.id, establishment_id=est.id,
                    subject_kind="organization" if subject == "organization" else "individual",
                    violator=snapshot, sector=est.sector, status="draft", opened_on=day)
        self.session.add(case)
        self.session.flush()
        books = 0
        for charge in charges:
            titles = _titles(self.rng, charge.confiscate_books) if charge.confiscate_books else []
            violation = Violation(
                case_id=case.id, provision_key=charge.key, ongoing=charge.ongoing,
                ended_on=None if charge.ongoing else day,
                discovered_on=day if charge.ongoing else None, facts=charge.facts,
                mitigating=list(charge.mitigating), aggravating=list(charge.aggravating),
                amount=charge.amount or 0, amount_reason=charge.reason,
                warning=charge.amount is None, titles=titles,
                additional_sanctions=[{"kind": "confiscation",
                                       "text": "Tịch thu xuất bản phẩm vi phạm"}]
                if charge.confiscate_books else [],
                remedial_measures=[])
            self.session.add(violation)
            self.session.flush()
            if charge.confiscate_books:
                books += charge.confiscate_books
                self.session.add(SeizedItem(
                    case_id=case.id, violation_id=violation.id, kind="Sách",
                    description="Sách không có hóa đơn, chứng từ chứng minh nguồn gốc hợp pháp; "
                                "sách in lậu, in giả",
                    quantity=charge.confiscate_books, unit="cuốn", titles=titles,
                    condition="Đã qua trưng bày", kept_at="Kho tang vật Thanh tra Sở",
                    disposal="confiscated", disposal_date=issued))
            self.summary["violations"] += 1
        self.summary["cases"] += 1
        self.summary["books_confiscated"] += books
        total = sum(c.amount or 0 for c in charges)
        # The record, the seizure record, the decision, its delivery and its payment are issued
        # through the services once the field work is committed, in date order (numbers follow
        # dates): the record on the day of the visit, the decision ``decision_after`` days later.
        delivered = _weekday(issued + timedelta(days=1))
        self.steps.append(_Step(day, 0, "record", case.id))
        if books:
            self.steps.append(_Step(day, 1, "seizure", case.id))
        self.steps.append(_Step(issued, 2, "decision", case.id))
        self.steps.append(_Step(delivered, 3, "delivery", case.id))
        if total:
            self.steps.append(_Step(_weekday(delivered + timedelta(days=paid_after)), 4,
                                    "payment", case.id, total))
        self.summary["decisions"] += 1
        self.summary["fines"] += total
        return case


def _weekday(d: date) -> date:
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def _days(start: date, end: date) -> list[date]:
    out, d = [], start
    while d <= end:
        if d.weekday() < 5:
            out.append(d)
        d += timedelta(days=1)
    return out


def _titles(rng: random.Random, copies: int) -> list[dict[str, Any]]:
    """Split ``copies`` books over several titles, fewer than 50 copies each (the lowest tier)."""
    out: list[dict[str, Any]] = []
    names = list(BOOK_TITLES)
    rng.shuffle(names)
    left = copies
    for title in names:
        if left <= 0:
            break
        n = min(left, 8 + rng.randrange(20))
        out.append({"title": title, "copies": n})
        left -= n
    if left > 0:
        raise AssertionError("not enough titles for the books")
    return out


AGENCY_2015 = "Sở Thông tin và Truyền thông"


def _agency(session: Session) -> uuid.UUID:
    row = session.scalar(select(AgencySettings).order_by(AgencySettings.created_at))
    if row is None:
        row = AgencySettings(
            superior_agency="Ủy ban nhân dân tỉnh Cao Bằng",
            agency_name=AGENCY_2015, agency_short="STTTT",
            place_name="Cao Bằng", province_code="004", treasury_account="3949.0.1054321",
            treasury_name="Kho bạc Nhà nước tỉnh Cao Bằng")
        session.add(row)
        session.flush()
    if not session.scalar(select(Signer.id).where(
            Signer.agency_id == row.id, Signer.title_code == "chief_inspector_department",
            Signer.full_name == CHIEF_INSPECTOR)):
        session.add(Signer(agency_id=row.id, full_name=CHIEF_INSPECTOR,
                           title_code="chief_inspector_department", is_deputy=False,
                           valid_from=date(2014, 1, 1), valid_until=date(2020, 12, 31)))
    return row.id


# --------------------------------------------------------------------------- the year


def build_caobang_2015(db: Database, actor: Actor) -> dict[str, Any]:
    """Write the 2015 work of the seed report; returns what was created (counts and totals).

    Refuses (ValidationError) when the database already holds inspections started in 2015.
    """
    actor.require(Permission.EDIT_FIELD_WORK)
    catalog = law_data(db).catalog
    with UnitOfWork(db, actor) as uow:
        s = uow.session
        existing = s.scalar(select(func.count()).select_from(Inspection).where(
            Inspection.start_date.between(date(YEAR, 1, 1), date(YEAR, 12, 31))))
        if existing:
            raise ValidationError(
                "Cơ sở dữ liệu đã có các cuộc thanh tra, kiểm tra năm 2015; không tạo lại.",
                "the database already has inspections in 2015; the scenario was not built")
        agency = s.scalar(select(AgencySettings).order_by(AgencySettings.created_at))
        if agency is not None and agency.agency_name and agency_part(
                agency.agency_name) != agency_part(AGENCY_2015):
            # Its decisions are the Chánh Thanh tra Sở TT&TT's, under that agency's header:
            # refused before anything is written, not half-way through the year.
            raise ValidationError(
                f"Kịch bản năm 2015 là công việc của {AGENCY_2015}; cơ sở dữ liệu đang cài đặt "
                f"cơ quan {agency.agency_name}. Hãy tạo kịch bản này trong một cơ sở dữ liệu "
                "mới.", f"the 2015 scenario is the work of {AGENCY_2015}; the database's agency "
                f"is {agency.agency_name}")
        b = _Builder(s, catalog, law_data(db).rules, _agency(s))
        plan = InspectionPlan(year=YEAR, title="Kế hoạch thanh tra, kiểm tra năm 2015",
                              approval_number="412/QĐ-STTTT", approval_date=date(2014, 12, 15),
                              notes="Kế hoạch công tác thanh tra năm 2015 của Sở Thông tin và "
                                    "Truyền thông tỉnh Cao Bằng")
        s.add(plan)
        s.flush()
        _festival(b, plan)
        _conformity(b, plan)
        _internet(b, plan)
        _distribution(b, plan)
        _printing(b, plan)
        _bulletins(b)
        _telecom(b, plan)
        s.flush()
        uow.commit()
    _issue(db, actor, b)
    return dict(b.summary)


PRINTING_FINDINGS = (
    "Sổ ghi chép quản lý ấn phẩm nhận in chưa ghi đầy đủ các thông tin theo quy định",
    "Chưa lưu đủ mẫu ấn phẩm đã in theo quy định",
)
PRINTING_REQUESTS = (
    "Ghi chép đầy đủ sổ quản lý ấn phẩm nhận chế bản, in, gia công sau in",
    "Lưu giữ mẫu ấn phẩm đã in theo đúng quy định",
)


def _issue(db: Database, actor: Actor, b: _Builder) -> None:
    """Issue every document, delivery and payment of the year through the services, in date
    order, each in its own transaction (audited, numbered, rendered and stored).

    They are issued in the name of the scenario's Chief Inspector (a demo actor with the chief's
    role, whose login ``demo:…`` the audit trail shows), as the seeding user need not hold the
    chief's permissions."""
    from inspector.services.decisions import issue_decision
    from inspector.services.demo import demo_record, scenario_actor
    from inspector.services.issued_documents import issue_document
    from inspector.services.payments import add_payment, record_delivery

    actor = scenario_actor(actor, "demo:caobang-2015", CHIEF_INSPECTOR)
    numbers: dict[uuid.UUID, int] = {}
    for step in sorted(b.steps):
        if step.action == "record":
            demo_record(db, actor, step.case_id, step.day)
            b.records += 1
        elif step.action == "seizure":
            issue_document(db, actor, "seizure", step.case_id, step.day, at=time(10, 30))
        elif step.action == "no_violation":
            issue_document(db, actor, "no-violation", step.case_id, step.day, at=time(9, 0))
        elif step.action == "reminder":
            issue_document(db, actor, "reminder", step.case_id, step.day,
                           findings=PRINTING_FINDINGS, requests=PRINTING_REQUESTS,
                           report_by=step.day + timedelta(days=30))
        elif step.action == "decision":
            info = issue_decision(db, actor, step.case_id, step.day)
            assert info.number is not None
            numbers[step.case_id] = info.number
            b.decisions += 1
        elif step.action == "delivery":
            record_delivery(db, actor, numbers[step.case_id], YEAR, step.day)
        else:
            add_payment(db, actor, numbers[step.case_id], YEAR, step.amount, step.day,
                        receipt=f"BL{YEAR}-{numbers[step.case_id]:04d}")


def _festival(b: _Builder, plan: InspectionPlan) -> None:
    b.inspection(
        mode="kiem_tra", kind="thematic", sector="publishing", plan=plan,
        title="Kiểm tra các hoạt động báo chí, xuất bản, ấn phẩm tại lễ hội mùa xuân",
        decision_number="08/QĐ-STTTT", decision_date=date(2015, 2, 24),
        start=date(2015, 2, 26), end=date(2015, 3, 6),
        scope="phối hợp với Đội kiểm tra liên ngành của tỉnh; hướng dẫn, chỉ đạo các Phòng Văn hóa "
              "- Thông tin huyện, thành phố chủ động theo dõi, kiểm tra và báo cáo kết quả xuất "
              "bản phẩm tại các lễ hội, đình, đền trong dịp đầu năm 2015",
        agencies="Đội kiểm tra liên ngành tỉnh Cao Bằng; Phòng Văn hóa - Thông tin các huyện, "
                 "thành phố",
        head=DEPUTY, outside=(("Lý Văn Chung", "Sở Văn hóa, Thể thao và Du lịch"),))


def _conformity(b: _Builder, plan: InspectionPlan) -> None:
    insp = b.inspection(
        mode="thanh_tra", kind="scheduled", sector="ict_goods", plan=plan,
        title="Thanh tra việc chấp hành các quy định của pháp luật về chứng nhận hợp quy, công bố "
              "hợp quy sản phẩm, hàng hóa chuyên ngành công nghệ thông tin và truyền thông",
        decision_number="21/QĐ-STTTT", decision_date=date(2015, 4, 6),
        start=date(2015, 4, 13), end=date(2015, 4, 24),
        scope="trên địa bàn thành phố Cao Bằng")
    days = _days(insp.start_date, insp.end_date or insp.start_date)
    supermarkets = [
        ("Công ty TNHH Điện máy Sông Hiến (Siêu thị điện máy Sông Hiến)", "Hà Văn Định"),
        ("Công ty TNHH Thương mại và Dịch vụ Minh Hà (Siêu thị Minh Hà)", "Lục Minh Hà"),
        ("Công ty Cổ phần Thương mại Bằng Giang (Siêu thị Bằng Giang)", "Đinh Quang Hưng"),
    ]
    shops = ["Cửa hàng điện thoại di động Hoàng Long", "Cửa hàng máy tính Tuấn Anh",
             "Cửa hàng điện thoại Thế giới số", "Cửa hàng điện tử - viễn thông Phương Nam",
             "Cửa hàng máy tính, thiết bị văn phòng Việt Hà", "Cửa hàng điện thoại Nam Mai"]
    ests = [b.establishment("ict_goods", "supermarket", n, CITY, i, "organization", rep)
            for i, (n, rep) in enumerate(supermarkets)]
    ests += [b.establishment("ict_goods", "ict_shop", n, CITY, i + 3) for i, n in enumerate(shops)]
    b.session.flush()
    for i, est in enumerate(ests):
        day = days[i % len(days)]
        if i == 0:
            visit = b.visit(insp, est, day, "violations")
            b.session.flush()
            b.case(visit, est, [_Charge(
                "174/2013/NĐ-CP:46.1.c", 2_000_000,
                "Bày bán 06 điện thoại di động và 04 thiết bị phát Wi-Fi thuộc danh mục sản phẩm "
                "bắt buộc công bố hợp quy nhưng chưa công bố hợp quy, chưa gắn dấu hợp quy",
                mitigating=("9.1", "9.2"),
                reason="Đã tự nguyện tháo dỡ, thu hồi sản phẩm và thành thật khai báo: áp dụng "
                       "mức tối thiểu của khung")], decision_after=4)
        else:
            b.visit(insp, est, day, "compliant")


def _internet(b: _Builder, plan: InspectionPlan) -> None:
    insp = b.inspection(
        mode="thanh_tra", kind="interdisciplinary", sector="internet", plan=plan,
        title="Thanh tra liên ngành về lĩnh vực Internet",
        decision_number="35/QĐ-STTTT", decision_date=date(2015, 6, 1),
        start=date(2015, 6, 8), end=date(2015, 7, 10),
        scope="trên địa bàn tỉnh",
        agencies="Công an tỉnh (Phòng An ninh văn hóa, tư tưởng - PA83); Sở Văn hóa, Thể thao và "
                 "Du lịch",
        outside=(("Triệu Văn Sơn", "Công an tỉnh Cao Bằng"),
                 ("Lý Văn Chung", "Sở Văn hóa, Thể thao và Du lịch")))
    days = _days(insp.start_date, insp.end_date or insp.start_date)
    isps = [("Viễn thông Cao Bằng (Tập đoàn Bưu chính Viễn thông Việt Nam)", "Nông Đức Thịnh"),
            ("Chi nhánh Viettel Cao Bằng - Tập đoàn Viễn thông Quân đội", "Phạm Văn Quyết"),
            ("Chi nhánh Công ty Cổ phần Viễn thông FPT tại Cao Bằng", "Trần Minh Tâm")]
    ests = [b.establishment("telecom", "isp", n, CITY, i, "organization", rep)
            for i, (n, rep) in enumerate(isps)]
    internet_places = ([CITY] * 18 + ["Huyện Hòa An"] * 3 + ["Huyện Trùng Khánh"] * 2
                       + ["Huyện Quảng Uyên"] * 2 + ["Huyện Phục Hòa"] * 2
                       + ["Huyện Nguyên Bình", "Huyện Bảo Lạc", "Huyện Hà Quảng"])
    game_places = ([CITY] * 10 + ["Huyện Hòa An"] * 2
                   + ["Huyện Quảng Uyên", "Huyện Phục Hòa", "Huyện Trùng Khánh"])
    points = []
    for i, district in enumerate(internet_places):
        if i == 0:
            points.append(b.establishment(
                "internet", "internet_point",
                "Công ty TNHH Dịch vụ Tin học Bằng Giang (điểm truy cập Internet công cộng)",
                district, i, "organization", "Hoàng Văn Khải"))
        else:
            given = GIVEN["M" if i % 2 else "F"][i % 16 if i % 2 else i % 14]
            points.append(b.establishment("internet", "internet_point",
                                          f"Điểm truy cập Internet {given} {i:02d}", district, i))
    games = [b.establishment("game", "game_point",
                             f"Điểm trò chơi điện tử công cộng {GIVEN['M'][(i + 5) % 16]} {i:02d}",
                             district, i) for i, district in enumerate(game_places)]
    b.session.flush()
    late = ("Cung cấp dịch vụ truy cập Internet ngoài giờ cho phép: lúc 22 giờ 40 phút vẫn có "
            "{n:02d} máy trạm đang hoạt động")
    no_sign = "Không treo biển “Điểm truy cập Internet công cộng” theo quy định"
    charges: list[list[_Charge]] = [
        # The company's point, at the midpoint of the organisation's bracket (5–10 million).
        [_Charge("174/2013/NĐ-CP:?.3", 7_500_000, late.format(n=12))],
        *[[_Charge("174/2013/NĐ-CP:?.3", 3_750_000, late.format(n=4 + k))] for k in range(6)],
        *[[_Charge("174/2013/NĐ-CP:?.3", 3_750_000, late.format(n=5 + k)),
           _Charge("174/2013/NĐ-CP:?.2", 1_750_000, no_sign)] for k in range(2)],
        [_Charge("174/2013/NĐ-CP:?.2", 1_000_000, no_sign, mitigating=("9.2", "9.6"),
                 reason="Thành thật khai báo, hoàn cảnh đặc biệt khó khăn: áp dụng mức tối "
                        "thiểu của khung")],
        [_Charge("174/2013/NĐ-CP:?.1", None,
                 "Không ghi số đăng ký kinh doanh trên biển “Đại lý Internet” tại điểm truy "
                 "cập")],
    ]
    for i, est in enumerate(ests):
        b.visit(insp, est, days[i], "compliant")
    for i, est in enumerate(points + games):
        day = days[(i + 3) % len(days)]
        if i < len(charges):
            visit = b.visit(insp, est, day, "violations")
            b.session.flush()
            b.case(visit, est, charges[i], decision_after=3 + i % 3)
        else:
            b.visit(insp, est, day, "compliant")


def _distribution(b: _Builder, plan: InspectionPlan) -> None:
    insp = b.inspection(
        mode="thanh_tra", kind="scheduled", sector="distribution", plan=plan,
        title="Thanh tra việc chấp hành các quy định của pháp luật về phát hành xuất bản phẩm",
        decision_number="52/QĐ-STTTT", decision_date=date(2015, 8, 10),
        start=date(2015, 8, 17), end=date(2015, 8, 28), scope="trên địa bàn tỉnh",
        agencies="Công an tỉnh (Phòng An ninh văn hóa, tư tưởng - PA83)",
        outside=(("Triệu Văn Sơn", "Công an tỉnh Cao Bằng"),))
    days = _days(insp.start_date, insp.end_date or insp.start_date)
    places = [CITY] * 10 + ["Huyện Hòa An"] * 2 + ["Huyện Trùng Khánh", "Huyện Quảng Uyên"]
    names = ["Nhà sách Hoa Mai", "Hiệu sách Tuổi Xanh", "Nhà sách Minh Đức", "Hiệu sách Kim Đồng",
             "Nhà sách Thanh Bình", "Hiệu sách Sao Mai", "Nhà sách Ánh Dương", "Hiệu sách Hồng Hà",
             "Nhà sách Tri Thức", "Hiệu sách Bình Minh", "Nhà sách Nước Hai", "Hiệu sách Hòa An",
             "Nhà sách Trùng Khánh", "Hiệu sách Quảng Uyên"]
    shops = [b.establishment("distribution", "distributor", n, d, i)
             for i, (n, d) in enumerate(zip(names, places, strict=True))]
    b.session.flush()
    no_origin = ("Trưng bày, bán {n} cuốn sách không có hóa đơn, chứng từ chứng minh nguồn gốc "
                 "hợp pháp")
    pirated = "Tàng trữ, phát hành {n} cuốn sách in lậu, in giả, in nối bản trái phép"
    key = "159/2013/NĐ-CP:27.1"
    books = (95, 112, 87, 104, 168)
    charges: list[list[_Charge]] = [
        *[[_Charge(key, 2_000_000, no_origin.format(n=n), ongoing=True, confiscate_books=n)]
          for n in books[:4]],
        [_Charge(key, 3_000_000, pirated.format(n=books[4]), ongoing=True,
                 aggravating=("10.1.b", "10.1.l"), confiscate_books=books[4],
                 reason="Vi phạm nhiều lần, số lượng sách in lậu lớn (168 cuốn): áp dụng mức "
                        "tối đa của khung")],
        [_Charge(key, 2_000_000, no_origin.format(n=88), ongoing=True, confiscate_books=88),
         _Charge(key, 2_500_000, pirated.format(n=72), ongoing=True, aggravating=("10.1.l",),
                 reason="Số lượng xuất bản phẩm in lậu, in giả lớn (72 cuốn, nhiều tên sách)",
                 confiscate_books=72)],
    ]
    for i, est in enumerate(shops):
        day = days[i % len(days)]
        if i < len(charges):
            visit = b.visit(insp, est, day, "violations")
            b.session.flush()
            b.case(visit, est, charges[i], decision_after=4)
        else:
            b.visit(insp, est, day, "compliant")


def _printing(b: _Builder, plan: InspectionPlan) -> None:
    insp = b.inspection(
        mode="thanh_tra", kind="scheduled", sector="printing", plan=plan,
        title="Thanh tra việc chấp hành các quy định của pháp luật về hoạt động in",
        decision_number="61/QĐ-STTTT", decision_date=date(2015, 9, 14),
        start=date(2015, 9, 21), end=date(2015, 9, 25), scope="", head=DEPUTY)
    est = b.establishment("printing", "printer", "Công ty Cổ phần in Việt Lập Cao Bằng", CITY, 0,
                          "organization", "Hoàng Văn Lập")
    b.session.flush()
    b.visit(insp, est, date(2015, 9, 22), "reminded",
            "Nhắc nhở và yêu cầu khắc phục theo kết luận thanh tra: sổ ghi chép, quản lý ấn phẩm "
            "nhận in ghi chưa đầy đủ; hồ sơ nhận in lưu giữ chưa khoa học")


def _bulletins(b: _Builder) -> None:
    insp = b.inspection(
        mode="thanh_tra", kind="unscheduled", sector="publishing",
        title="Thanh tra việc chấp hành các quy định của pháp luật về xuất bản bản tin, tài liệu "
              "không kinh doanh",
        decision_number="70/QĐ-STTTT", decision_date=date(2015, 10, 12),
        start=date(2015, 10, 19), end=date(2015, 10, 23),
        scope="theo chỉ đạo của Thanh tra Bộ Thông tin và Truyền thông", head=DEPUTY)
    orgs = [("Hội Nông dân tỉnh Cao Bằng", "Nông Văn Sáu"),
            ("Liên đoàn Lao động tỉnh Cao Bằng", "Đàm Văn Cường"),
            ("Hội Liên hiệp Phụ nữ tỉnh Cao Bằng", "Lương Thị Tâm"),
            ("Tỉnh đoàn Cao Bằng", "Bế Văn Toàn")]
    ests = [b.establishment("publishing", "publisher", n, CITY, i, "organization", rep)
            for i, (n, rep) in enumerate(orgs)]
    b.session.flush()
    for i, est in enumerate(ests):
        b.visit(insp, est, date(2015, 10, 19) + timedelta(days=i), "compliant")


def _telecom(b: _Builder, plan: InspectionPlan) -> None:
    districts = [CITY, "Huyện Phục Hòa", "Huyện Thạch An", "Huyện Trà Lĩnh", "Huyện Quảng Uyên"]
    insp = b.inspection(
        mode="kiem_tra", kind="thematic", sector="telecom", plan=plan,
        title="Kiểm tra việc chấp hành các quy định về quản lý chất lượng dịch vụ viễn thông và "
              "các quy định về chất lượng sản phẩm hàng hóa thuộc lĩnh vực công nghệ thông tin và "
              "truyền thông",
        decision_number="78/QĐ-STTTT", decision_date=date(2015, 11, 2),
        start=date(2015, 11, 9), end=date(2015, 11, 27),
        scope="tại địa bàn thành phố Cao Bằng, các huyện Phục Hòa, Thạch An, Trà Lĩnh và Quảng Uyên")
    days = _days(insp.start_date, insp.end_date or insp.start_date)
    networks = ("Viettel", "VinaPhone", "MobiFone")
    agents_per = (16, 5, 4, 4, 5)
    shops_per = (3, 1, 1, 1, 1)
    ict_per = (7, 2, 2, 2, 2)
    ests: list[Establishment] = []
    n = 0
    for district, agents, shops, ict in zip(districts, agents_per, shops_per, ict_per,
                                            strict=True):
        for i in range(agents):
            n += 1
            ests.append(b.establishment(
                "telecom", "telecom_agent", f"Đại lý {networks[n % 3]} {GIVEN['F'][n % 14]} {n:02d}",
                district, i))
        for i in range(shops):
            n += 1
            town = district.replace("Huyện ", "").replace("Thành phố ", "")
            ests.append(b.establishment(
                "telecom", "telecom_shop", f"Cửa hàng giao dịch {networks[(n + i) % 3]} {town}"
                + (f" {i + 1}" if shops > 1 else ""), district, i, "organization",
                *b.person()))
        for i in range(ict):
            n += 1
            ests.append(b.establishment(
                "ict_goods", "ict_shop", f"Cửa hàng điện thoại, máy tính {GIVEN['M'][n % 16]} "
                f"{n:02d}", district, i + 2))
    b.session.flush()
    for i, est in enumerate(ests):
        b.visit(insp, est, days[i % len(days)], "compliant")


def _register() -> None:
    """Make the scenario available as ``inspector demo seed --scenario caobang-2015``."""
    import time

    from inspector.services.demo import SeedOptions, SeedReport, register_scenario

    @register_scenario("caobang-2015")
    def scenario(db: Database, actor: Actor, options: SeedOptions) -> SeedReport:
        start = time.perf_counter()
        result = build_caobang_2015(db, actor)
        counts = {k: v for k, v in result.items() if isinstance(v, int) and not isinstance(v, bool)}
        return SeedReport("caobang-2015", 2015, time.perf_counter() - start, counts)


_register()
