"""The decisions that follow a fine (issue 15): deferral (Law Art 76, form MQĐ03), reduction or
exemption (Art 77, MQĐ04), instalments (Art 79, MQĐ05) — issued, numbered in the one register,
rendered, kept with their SHA-256 and audited — and what each does to the money.

Figures by hand: a decision of 10/9/2026 for 2.000.000 đồng (an individual); a big one of
15/9/2026 for 20.000.000 đồng. A reduction of 500.000 leaves 1.500.000 owed.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from inspector.domain.relief import ReliefRefused, relief_amount, relief_deadline
from inspector.services import decisions, national_export, payments, relief, today, violation_records
from inspector.services.actor import Actor
from inspector.services.errors import ServiceError, ValidationError
from inspector.services.signers import SignerInput, add_signer, list_signers
from inspector.services.tallies import compute_tally
from inspector.services.uow import UnitOfWork
from inspector.store.engine import Database
from inspector.store.models import AuditEntry, SanctionDecision
from tests.conftest import make_actor
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details

CHIEF = make_actor("chief", "chanh.tt")
CLERK = make_actor("clerk", "van.thu")
CONFIRMED = "Ủy ban nhân dân xã Ca Thành"
LATER = date(2026, 12, 2)


@contextmanager
def _refused(vi: str) -> Iterator[None]:
    with pytest.raises(ServiceError) as info:
        yield
    assert re.search(vi, info.value.vi), info.value.vi


def _text(pdf: bytes) -> str:
    return " ".join((p.extract_text() or "") for p in PdfReader(BytesIO(pdf)).pages)


@pytest.fixture
def fined(db: Database, operator: Actor) -> object:
    """Decision 01 of 10/9/2026: 2.000.000 đồng on an individual, delivered 11/9/2026."""
    configure_agency(db, operator)
    case_id = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                        "amount": 2_000_000}], establishment=INTERNET_POINT,
                        opened_on=date(2026, 9, 7))
    violation_records.issue_record(db, operator, case_id, date(2026, 9, 7),
                                   details=record_details(date(2026, 9, 7)))
    decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 10))
    payments.record_delivery(db, CLERK, 1, 2026, date(2026, 9, 11), today=LATER)
    # The direct superior of the Director of the Department (Art 77(2)), added after the
    # sanction decision so that the Director signs it.
    return add_signer(db, operator, SignerInput("Trịnh Minh Tỉnh", "province_chairman")).id


def _stored(db: Database, number: int) -> SanctionDecision:
    with UnitOfWork(db, CHIEF) as uow:
        row = uow.session.scalar(select(SanctionDecision).where(
            SanctionDecision.year == 2026, SanctionDecision.number == number))
        assert row is not None
        _ = row.pdf  # deferred column: load it before leaving the session
        uow.session.expunge(row)
    out = os.environ.get("INSPECTOR_PDF_DIR")  # to look at the pages (pdftoppm)
    if out:
        Path(out, f"{row.number_text or number}".replace("/", "-") + ".pdf").write_bytes(
            row.pdf or b"")
    return row


def _defer(db: Database, on: date = date(2026, 9, 15)) -> decisions.DecisionInfo:
    return relief.defer_payment(db, CHIEF, 1, 2026, date(2026, 12, 15),
                                "Gia đình gặp hỏa hoạn ngày 12/9/2026", on=on,
                                request_on=date(2026, 9, 14), confirmed_by=CONFIRMED,
                                today=LATER)


def test_art76_deferral_is_a_numbered_decision_mqd03_kept_and_audited(
        db: Database, fined: object) -> None:
    """Law Art 76, form MQĐ03 (…/QĐ-HQĐPT): the deferral is decision 02 of the same register,
    its PDF cites the sanction decision, the request and who confirmed it, and states the
    period; the stored PDF matches its SHA-256; the audit log has its insertion."""
    with _refused("xác nhận đơn"):
        relief.defer_payment(db, CHIEF, 1, 2026, date(2026, 12, 15), "Hỏa hoạn",
                             on=date(2026, 9, 15), today=LATER)
    info = _defer(db)
    issued = info.extra["issued"]
    assert issued["number"] == 2 and issued["number_text"] == "02/QĐ-HQĐPT"
    assert info.due_date == date(2026, 12, 15) and info.number == 1
    row = _stored(db, 2)
    assert row.form == "MQĐ03" and row.amendment_kind == "defer" and row.total_amount == 0
    assert hashlib.sha256(row.pdf or b"").hexdigest() == row.pdf_sha256 == issued["sha256"]
    text = re.sub(r"\s+", " ", _text(row.pdf or b""))
    for expected in ("Số: 02/QĐ-HQĐPT", "Hoãn thi hành quyết định phạt tiền",
                     "Căn cứ Điều 76 Luật Xử lý vi phạm hành chính",
                     "Quyết định số: 01/QĐ-XPHC ngày 10/09/2026",
                     "ngày 14/09/2026", CONFIRMED,
                     "từ ngày 15/09/2026 đến ngày 15/12/2026",
                     "có quyền khiếu nại hoặc khởi kiện hành chính"):
        assert expected in text, expected
    with UnitOfWork(db, CHIEF) as uow:
        audited = uow.session.scalars(select(AuditEntry).where(
            AuditEntry.entity_id == str(row.id))).all()
    assert audited, "the deferral decision is in the audit log"
    with _refused("đã được hoãn"):
        _defer(db, on=date(2026, 9, 16))
    register = {d.number: d for d in decisions.list_decisions(db, CLERK, 2026, today=LATER)}
    assert set(register) == {1, 2} and register[2].amendment_kind == "defer"
    assert not register[2].in_force and register[2].owed == 0
    assert register[1].due_date == date(2026, 12, 15) and register[1].late_charge == 0


def test_art79_instalments_issue_mqd05_with_each_due_date(db: Database, operator: Actor) -> None:
    """Law Art 79, form MQĐ05 (…/QĐ-NPNL): at most 6 months from the decision taking effect,
    at most 3 instalments, the first at least 40 % (confirmed on the form); the PDF lists
    each amount with its words and its date."""
    configure_agency(db, operator)
    case_id = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:53.3",
                                        "amount": 20_000_000}],
                        establishment={**INTERNET_POINT, "sector": "ict_goods"},
                        opened_on=date(2026, 9, 7))
    violation_records.issue_record(db, operator, case_id, date(2026, 9, 7),
                                   details=record_details(date(2026, 9, 7)))
    decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 15))
    info = relief.allow_instalments(
        db, CHIEF, 1, 2026, [(date(2026, 9, 30), 8_000_000), (date(2026, 11, 30), 6_000_000),
                             (date(2026, 12, 31), 6_000_000)],
        "Thu nhập giảm do dịch bệnh", date(2026, 9, 16), request_on=date(2026, 9, 16),
        confirmed_by=CONFIRMED, today=LATER)
    assert info.extra["issued"]["number_text"] == "02/QĐ-NPNL"
    text = re.sub(r"\s+", " ", _text(_stored(db, 2).pdf or b""))
    for expected in ("Số: 02/QĐ-NPNL", "Nộp tiền phạt nhiều lần", "Căn cứ Điều 79",
                     "04 tháng, kể từ ngày Quyết định số: 01/QĐ-XPHC có hiệu lực",
                     "lần thứ nhất là: 8.000.000 đồng (Bằng chữ: Tám triệu đồng)",
                     "nộp chậm nhất ngày 30/09/2026", "lần thứ ba là: 6.000.000 đồng"):
        assert expected in text, expected


def test_art77_conditions_each_refused_with_its_article(db: Database, fined: object) -> None:
    """Law Art 77: a reduction or exemption follows a deferral (77(1); MQĐ04 cites the
    deferral decision); the person who issued the sanction decision does not decide it
    (77(2): the direct superior does); a reduction is less than what is owed; an exemption
    of the rest needs a part payment, an exemption of the whole none."""
    superior = fined
    with _refused("Điều 77 khoản 1"):
        relief.relieve_fine(db, CHIEF, 1, 2026, "reduce", "Khó khăn", confirmed_by=CONFIRMED,
                            amount=500_000, on=date(2026, 9, 20), signer_id=superior,
                            today=LATER)  # type: ignore[arg-type]
    _defer(db)
    director = next(p.id for p in list_signers(db, CHIEF) if p.title_code == "director_department")
    with _refused("Điều 77 khoản 2"):
        relief.relieve_fine(db, CHIEF, 1, 2026, "reduce", "Khó khăn", confirmed_by=CONFIRMED,
                            amount=500_000, on=date(2026, 9, 20), signer_id=director,
                            today=LATER)
    with _refused("nhỏ hơn số tiền phạt còn phải nộp"):
        relief.relieve_fine(db, CHIEF, 1, 2026, "reduce", "Khó khăn", confirmed_by=CONFIRMED,
                            amount=2_000_000, on=date(2026, 9, 20), signer_id=superior,
                            today=LATER)  # type: ignore[arg-type]
    with _refused("miễn toàn bộ"):
        relief.relieve_fine(db, CHIEF, 1, 2026, "exempt_rest", "Khó khăn",
                            confirmed_by=CONFIRMED, on=date(2026, 9, 20), signer_id=superior,
                            today=LATER)  # type: ignore[arg-type]
    payments.add_payment(db, CLERK, 1, 2026, 200_000, date(2026, 9, 18), today=LATER)
    with _refused("phần còn lại"):
        relief.relieve_fine(db, CHIEF, 1, 2026, "exempt_all", "Khó khăn",
                            confirmed_by=CONFIRMED, on=date(2026, 9, 20), signer_id=superior,
                            today=LATER)  # type: ignore[arg-type]
    register = decisions.list_decisions(db, CLERK, 2026, today=LATER)
    assert len(register) == 2, "no refused attempt left a number or a row behind"


def test_art77_reduction_then_exemption_of_the_rest(db: Database, fined: object) -> None:
    """A reduction of 500.000 (MQĐ04, …/QĐ-GTP) leaves 1.500.000 owed; after 1.000.000 paid,
    the rest (500.000) is exempted (…/QĐ-MTP): nothing owed, the decision settled. The
    register, Hôm nay, the tally and the export see the lowered fine."""
    superior = fined
    _defer(db)
    reduced = relief.relieve_fine(
        db, CHIEF, 1, 2026, "reduce", "Bệnh hiểm nghèo", confirmed_by=CONFIRMED,
        request_on=date(2026, 9, 18), amount=500_000, on=date(2026, 9, 20),
        signer_id=superior, today=LATER)  # type: ignore[arg-type]
    assert reduced.extra["issued"]["number_text"] == "03/QĐ-GTP"
    assert (reduced.total_amount, reduced.fine_owed) == (1_500_000, 1_500_000)
    text = re.sub(r"\s+", " ", _text(_stored(db, 3).pdf or b""))
    for expected in ("Số: 03/QĐ-GTP", "Giảm tiền phạt vi phạm hành chính", "Căn cứ Điều 77",
                     "Quyết định số: 02/QĐ-HQĐPT ngày 15/09/2026 hoãn thi hành",
                     "được giảm là: 500.000 đồng (Bằng chữ: Năm trăm nghìn đồng)",
                     "Trịnh Minh Tỉnh"):
        assert expected in text, expected
    payments.add_payment(db, CLERK, 1, 2026, 1_000_000, date(2026, 10, 1), today=LATER)
    done = relief.relieve_fine(
        db, CHIEF, 1, 2026, "exempt_rest", "Bệnh hiểm nghèo", confirmed_by=CONFIRMED,
        request_on=date(2026, 10, 2), on=date(2026, 10, 5), signer_id=superior,
        today=LATER)  # type: ignore[arg-type]
    assert done.extra["issued"]["number_text"] == "04/QĐ-MTP"
    assert (done.total_amount, done.fine_paid, done.owed, done.status) == (
        1_000_000, 1_000_000, 0, "paid")
    assert "được miễn phần còn lại là: 500.000 đồng" in re.sub(
        r"\s+", " ", _text(_stored(db, 4).pdf or b""))
    numbers = sorted(d.number or 0 for d in decisions.list_decisions(db, CLERK, 2026, today=LATER))
    assert numbers == [1, 2, 3, 4]
    assert all(i.ref != done.id for i in today.agenda(db, CLERK, LATER) if i.kind == "payment")
    tally = compute_tally(db, CLERK, date(2026, 1, 1), date(2026, 12, 31))
    assert (tally.headline.decisions, tally.headline.fines_imposed,
            tally.headline.fines_collected, tally.headline.fines_outstanding) == (
        1, 1_000_000, 1_000_000, 0)
    export = national_export.period_export(db, CLERK, 2026, today=LATER)
    record = next(r for r in export["decisions"] if r["decision"]["number"] == "01/QĐ-XPHC")
    assert record["money"]["fine"] == 1_000_000 and record["money"]["fine_owed"] == 0
    assert {"issued", "deferred", "reduced", "exempted", "paid"} <= set(record["events"])
    assert [a["kind"] for a in record["amended_by"]] == ["defer", "reduce", "exempt_rest"]


def test_art77_exemption_of_the_whole_ends_what_is_owed(db: Database, fined: object) -> None:
    """Nothing paid, the whole 2.000.000 exempted (…/QĐ-MTP): the register says so, not
    "Cảnh cáo"; nothing is owed and Hôm nay has no payment for it."""
    _defer(db)
    info = relief.relieve_fine(db, CHIEF, 1, 2026, "exempt_all", "Tai nạn",
                               confirmed_by=CONFIRMED, on=date(2026, 9, 20),
                               signer_id=fined, today=LATER)  # type: ignore[arg-type]
    assert info.total_amount == 0 and info.owed == 0 and info.nothing_due
    assert info.extra["relief"][0]["amount"] == 2_000_000
    assert all(i.ref != info.id for i in today.agenda(db, CLERK, LATER))
    with _refused("không phải nộp|cảnh cáo|không còn"):
        payments.add_payment(db, CLERK, 1, 2026, 1, date(2026, 9, 21), today=LATER)


def test_relief_arithmetic_and_deadline_domain() -> None:
    """Law Art 77 arithmetic (domain): reduce < owed; exempt rest = owed after a part
    payment; exempt all = the fine when nothing paid. Art 77(2) (2012 wording): 3 days to
    forward, 5 to decide → a request of 14/9/2026 is decided by 22/9/2026."""
    assert relief_amount("reduce", 2_000_000, 0, 500_000) == 500_000
    assert relief_amount("exempt_rest", 2_000_000, 200_000, None) == 1_800_000
    assert relief_amount("exempt_all", 2_000_000, 0, None) == 2_000_000
    for args in (("reduce", 2_000_000, 0, 2_000_000), ("reduce", 2_000_000, 0, 0),
                 ("exempt_rest", 2_000_000, 0, None), ("exempt_all", 2_000_000, 1, None),
                 ("reduce", 2_000_000, 2_000_000, 1)):
        with pytest.raises(ReliefRefused):
            relief_amount(*args)  # type: ignore[arg-type]
    assert relief_deadline(date(2026, 9, 14), 3, 5) == date(2026, 9, 22)


def test_deferral_refused_under_the_dated_minimum(db: Database, operator: Actor) -> None:
    """Law Art 76(1) (as amended in 2020, unconfirmed): an individual fined under 2.000.000
    đồng is not deferred; the message says the figure is unconfirmed."""
    configure_agency(db, operator)
    case_id = make_case(db, operator, [{"provision_key": "174/2026/NĐ-CP:36.2.a",
                                        "amount": 1_000_000}], establishment=INTERNET_POINT,
                        opened_on=date(2026, 9, 7))
    violation_records.issue_record(db, operator, case_id, date(2026, 9, 7),
                                   details=record_details(date(2026, 9, 7)))
    decisions.issue_decision(db, CHIEF, case_id, date(2026, 9, 10))
    with pytest.raises(ValidationError) as info:
        relief.defer_payment(db, CHIEF, 1, 2026, date(2026, 11, 15), "Khó khăn",
                             on=date(2026, 9, 15), confirmed_by=CONFIRMED, today=LATER)
    assert "2.000.000" in info.value.vi and "chưa được đối chiếu" in info.value.vi


def test_history_names_the_kind_in_vietnamese() -> None:
    """The History view shows a follow-up decision's kind as the register does, not a code."""
    from inspector.services.history import value_vi

    assert value_vi("sanction_decisions", "amendment_kind", "defer") == "Hoãn thi hành"
    assert value_vi("sanction_decisions", "amendment_kind", "exempt_all") == "Miễn toàn bộ"
    assert value_vi("sanction_decisions", "amendment_kind", "annul") == "Hủy bỏ"
