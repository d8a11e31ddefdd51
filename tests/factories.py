"""Build realistic cases in a test database through the ORM inside a unit of work (audited)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from inspector.services.actor import Actor
from inspector.services.agency import AgencyInfo, get_agency, save_agency
from inspector.services.signers import SignerInput, add_signer
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import Case, Establishment, SeizedItem, Violation

INTERNET_POINT = {
    "sector": "internet", "name": "Đại lý Internet Đức Anh", "owner_kind": "household",
    "owner_name": "Lương Văn Đức", "owner_sex": "M", "owner_birth_date": date(1990, 7, 1),
    "owner_nationality": "Việt Nam", "owner_occupation": "Kinh doanh",
    "owner_residence": "Tổ 3, phường Thục Phán, tỉnh Cao Bằng",
    "owner_id_number": "004090000456", "owner_id_issued_on": date(2022, 1, 15),
    "owner_id_issued_by": "Cục Cảnh sát QLHC về TTXH", "address_line": "Số 8 đường Hoàng Đình Giong",
    "commune_name": "Phường Thục Phán", "province_name": "Cao Bằng",
}
BOOKSHOP = {
    "sector": "distribution", "name": "Nhà sách Hoa Mai", "owner_kind": "household",
    "owner_name": "Nông Thị Hoa", "owner_sex": "F", "owner_birth_date": date(1980, 3, 4),
    "owner_nationality": "Việt Nam", "owner_occupation": "Kinh doanh",
    "owner_residence": "Tổ 5, phường Hợp Giang, thành phố Cao Bằng, tỉnh Cao Bằng",
    "owner_id_number": "004180000123", "owner_id_issued_on": date(2021, 5, 10),
    "owner_id_issued_by": "Cục Cảnh sát QLHC về TTXH", "address_line": "Số 12 phố Kim Đồng",
    "commune_name": "Phường Hợp Giang", "former_district": "Thành phố Cao Bằng",
    "province_name": "Cao Bằng",
}


def configure_agency(db: Database, actor: Actor, *, era: str = "2026") -> AgencyInfo:
    """Agency settings and a head signer for the era (Chánh Thanh tra Sở or Giám đốc Sở)."""
    info = get_agency(db, actor)
    if info.id is None:
        info = save_agency(db, actor, AgencyInfo(
            superior_agency="UBND tỉnh Cao Bằng",
            agency_name="Sở Thông tin và Truyền thông" if era == "2015" else
            "Sở Khoa học và Công nghệ",
            agency_short="STTTT" if era == "2015" else "SKHCN", place_name="Cao Bằng",
            province_code="004", treasury_account="3949.0.1054321",
            treasury_name="Kho bạc Nhà nước tỉnh Cao Bằng"))
    if era == "2015":
        add_signer(db, actor, SignerInput("Lương Văn Thanh", "chief_inspector_department",
                                          valid_until=date(2025, 6, 30)))
    else:
        add_signer(db, actor, SignerInput("Hoàng Văn Giám", "director_department",
                                          valid_from=date(2025, 7, 1)))
    return get_agency(db, actor)


def make_case(db: Database, actor: Actor, violations: list[dict[str, Any]], *,
              establishment: dict[str, Any] | None = None, opened_on: date,
              subject_kind: str = "individual", seized: Sequence[dict[str, Any]] = ()) -> uuid.UUID:
    """A case for one establishment with the given violations (provision_key, amount, dates)."""
    est = {**BOOKSHOP, **(establishment or {})}
    with UnitOfWork(db, actor) as uow:
        e = Establishment(**est, search_text=est["name"].lower(), name_sort=est["name"])
        uow.session.add(e)
        uow.session.flush()
        snapshot = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in est.items()}
        case = Case(establishment_id=e.id, subject_kind=subject_kind, violator=snapshot,
                    sector=est["sector"], status="draft", opened_on=opened_on)
        uow.session.add(case)
        uow.session.flush()
        for v in violations:
            uow.session.add(Violation(case_id=case.id, **{"ended_on": opened_on, **v}))
        for item in seized:
            uow.session.add(SeizedItem(case_id=case.id, **item))
        uow.commit()
        return case.id


def record_details(on: date, **changes: Any) -> Any:
    """What an inspector enters when making a record on ``on`` (09:00 to 10:30, one maker)."""
    from datetime import datetime, time

    from inspector.services.violation_records import Maker, RecordDetails

    values: dict[str, Any] = dict(
        made_at=datetime.combine(on, time(9, 0)), closed_at=datetime.combine(on, time(10, 30)),
        place="Tại cơ sở kinh doanh, Số 12 phố Kim Đồng, phường Thục Phán, tỉnh Cao Bằng",
        makers=(Maker("Nông Thị Kiểm", "Thanh tra viên", "Thanh tra Sở"),),
        grounds=(f"Quyết định kiểm tra số 35/QĐ-TTr ngày {on:%d/%m/%Y}",))
    values.update(changes)
    return RecordDetails(**values)


def recorded_case(db: Database, actor: Actor, opened: date,
                  amount: int = 2_000_000) -> uuid.UUID:
    """An Internet point's case (Decree 174/2026 Art 36.2.a) with its record issued on the day
    it was opened: ready for the chief's decision."""
    from inspector.services.violation_records import issue_record

    case = make_case(db, actor, [{"provision_key": "174/2026/NĐ-CP:36.2.a", "amount": amount}],
                     establishment=INTERNET_POINT, opened_on=opened)
    issue_record(db, actor, case, opened, details=record_details(opened))
    return case


def make_reminder_visit(db: Database, actor: Actor, day: date = date(2026, 9, 15)) -> uuid.UUID:
    """A checking visit to an Internet point that ends with a reminder (no violation)."""
    from inspector.services import establishments as est
    from inspector.services import inspections as insp

    shop = est.add_establishment(db, actor, est.EstablishmentInput(
        sector="internet", name="Đại lý Internet Đức Anh", owner_kind="household",
        owner_name="Lương Văn Đức"))
    inspection = insp.add_inspection(db, actor, insp.InspectionInput(
        mode="kiem_tra", kind="scheduled", title="Kiểm tra điểm truy cập Internet công cộng",
        start_date=day,
        members=(insp.MemberInput("Đàm Văn Tú", "head"),)))
    return insp.add_visit(db, actor, insp.VisitInput(inspection, shop, day, (),
                                                     outcome="reminded"))


def make_transfer_case(db: Database, actor: Actor,
                       inspector: str = "Nông Văn Tuấn") -> tuple[uuid.UUID, uuid.UUID]:
    """A 2015 case the inspector on duty cannot decide (above his cap), recorded: it goes to the
    Chief Inspector with a transfer letter signed by the inspector. Returns (case, signer)."""
    from inspector.services import violation_records

    configure_agency(db, actor, era="2015")
    signer = add_signer(db, actor, SignerInput(inspector, "inspector_on_duty",
                                               valid_until=date(2020, 11, 30)))
    case_id = make_case(db, actor, [{"provision_key": "159/2013/NĐ-CP:24.2",
                                     "amount": 5_000_000}], opened_on=date(2015, 6, 1))
    violation_records.issue_record(db, actor, case_id, date(2015, 6, 1),
                                   details=record_details(date(2015, 6, 1)))
    return case_id, signer.id
