"""Every document kind is issued through the services, numbered in its register, kept frozen
with its SHA-256 and reprinted as issued — on the demo scenarios and on a case entered as a
user would; and no issued document carries a raw key, an English code or a placeholder."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from sqlalchemy import func, select

from inspector.documents.layout import HEADER_GAP, MARGIN_LEFT, PAGE_HEIGHT, PAGE_WIDTH
from inspector.services import decisions
from inspector.services.actor import Actor
from inspector.services.amendments import amend_decision
from inspector.services.audit import verify_chain
from inspector.services.errors import ConflictError, ValidationError
from inspector.services.issued_documents import (
    document_pdf,
    issue_document,
    list_documents,
    stored_pdf,
)
from inspector.store.engine import Database
from inspector.store.models import (
    AuditEntry,
    Case,
    DocumentNumber,
    IssuedDocument,
    Payment,
    SanctionDecision,
    ViolationRecord,
    Visit,
)
from tests.conftest import make_actor
from tests.documents.pdfread import reader, runs, text
from tests.factories import configure_agency, make_case, make_transfer_case

CHIEF = make_actor("chief")
BOTH = pytest.mark.parametrize("scenario_db", ["caobang", "random"], indirect=True)


def _all_pdfs(db: Database, actor: Actor, year: int) -> dict[str, bytes]:
    """Every document issued in ``year``: decisions, violation records, the other kinds."""
    out: dict[str, bytes] = {}
    for d in decisions.list_decisions(db, actor, year):
        assert d.number is not None
        out[f"decision {d.number_text}"] = decisions.decision_pdf(db, actor, d.number, year)
    with db.sessions() as s:
        for r in s.scalars(select(ViolationRecord).where(ViolationRecord.year == year,
                                                         ViolationRecord.status == "issued")):
            assert r.pdf is not None and hashlib.sha256(r.pdf).hexdigest() == r.pdf_sha256
            out[f"record {r.number_text}"] = r.pdf
    for row in list_documents(db, actor, year):
        out[f"{row.kind} {row.number_text}"] = document_pdf(db, actor, row.kind, row.number, year)
    return out


# --------------------------------------------------------------------------- the scenarios


def test_every_caobang_decision_prints_from_the_cli(caobang_docs_path: Path,
                                                    tmp_path: Path) -> None:
    """`inspector decision pdf N --year 2015` prints each of the 18 decisions as stored."""
    for number in range(1, 19):
        target = tmp_path / f"{number}.pdf"
        done = subprocess.run(
            [sys.executable, "-m", "inspector", "--db", str(caobang_docs_path), "decision",
             "pdf", str(number), "--year", "2015", "-o", str(target)],
            capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert f"{number:02d}/QĐ-XPHC" in text(target.read_bytes())
    with_pdf = subprocess.run(
        [sys.executable, "-m", "inspector", "--db", str(caobang_docs_path), "document", "list",
         "--year", "2015", "--json"], capture_output=True, text=True, timeout=120)
    assert with_pdf.returncode == 0, with_pdf.stderr
    assert '"kind": "reminder"' in with_pdf.stdout and '"kind": "seizure"' in with_pdf.stdout


@BOTH
def test_each_kind_is_issued_numbered_by_date_and_kept(scenario_db: tuple[Database, int],
                                                       operator: Actor) -> None:
    """Records, seizure and checking records, reminders and decisions of the scenario were
    issued by the services: each has its number, its snapshot and its stored PDF matching its
    SHA-256; within a register, numbers follow dates; the audit trail covers them."""
    db, year = scenario_db
    kinds = {r.kind for r in list_documents(db, operator, year)}
    assert {"seizure", "no_violation", "reminder"} <= kinds
    with db.sessions() as s:
        decided = list(s.scalars(select(SanctionDecision).where(SanctionDecision.year == year)))
        assert decided and all(d.number and d.pdf and d.snapshot.get("document")
                               and hashlib.sha256(d.pdf).hexdigest() == d.pdf_sha256
                               for d in decided)
        registers: dict[str, list[tuple[int, date]]] = defaultdict(list)
        for d in decided:
            assert d.number is not None and d.issued_on is not None
            registers["decision"].append((d.number, d.issued_on))
        for r in s.scalars(select(ViolationRecord).where(ViolationRecord.year == year)):
            assert r.number is not None and r.made_on is not None
            registers["record"].append((r.number, r.made_on))
        for doc in s.scalars(select(IssuedDocument).where(IssuedDocument.year == year)):
            registers[doc.register].append((doc.number, doc.issued_on))
            assert doc.snapshot["document"]["number"] == doc.number
        for name, rows in registers.items():
            dates = [day for _, day in sorted(rows)]
            assert dates == sorted(dates), f"{name}: numbers go backwards in date"
        used = {(n.kind, n.number) for n in s.scalars(select(DocumentNumber).where(
            DocumentNumber.year == year))}
        assert all(("BB-TG" if d.kind == "seizure" else "BB-KT" if d.kind == "no_violation"
                    else "CV", d.number) in used
                   for d in s.scalars(select(IssuedDocument).where(IssuedDocument.year == year)))
        audited = set(s.scalars(select(AuditEntry.entity).where(
            AuditEntry.entity.in_(("sanction_decisions", "violation_records", "payments",
                                   "issued_documents"))).group_by(AuditEntry.entity)))
        assert audited == {"sanction_decisions", "violation_records", "payments",
                           "issued_documents"}
        paid = s.scalar(select(func.count()).select_from(SanctionDecision).where(
            SanctionDecision.year == year, SanctionDecision.status == "paid"))
        assert paid
        assert verify_chain(s.connection()).ok


@BOTH
def test_legal_order_of_dates(scenario_db: tuple[Database, int]) -> None:
    """Violation ended ≤ record ≤ decision ≤ delivery ≤ payment for every demo case."""
    db, _ = scenario_db
    with db.sessions() as s:
        for d in s.scalars(select(SanctionDecision).where(SanctionDecision.amends_id.is_(None))):
            record = s.scalar(select(ViolationRecord).where(ViolationRecord.case_id == d.case_id))
            case = s.get(Case, d.case_id)
            assert case is not None and record is not None and record.made_on and d.issued_on
            assert case.opened_on <= record.made_on <= d.issued_on
            assert d.delivered_on is not None and d.issued_on <= d.delivered_on
            for paid_on in s.scalars(select(Payment.paid_on).where(Payment.decision_id == d.id)):
                assert d.delivered_on <= paid_on


@BOTH
def test_no_issued_document_carries_codes_notes_or_placeholders(
        scenario_db: tuple[Database, int], operator: Actor) -> None:
    """The text of every issued document: no raw provision key, English sector or item code,
    internal note, "None", "DỰ THẢO", and no ASCII-only word that is neither a Vietnamese
    syllable, an abbreviation, a number nor one of a few names."""
    db, year = scenario_db
    pdfs = _all_pdfs(db, operator, year)
    assert len(pdfs) > 10
    problems: dict[str, set[str]] = defaultdict(set)
    for name, pdf in pdfs.items():
        body = text(pdf)
        for pattern in (r"\d+/\d{4}/NĐ-CP:", r"\bNone\b", r"DỰ THẢO", r"\bTODO\b", r"\(áp dụng",
                        r"\bict_goods\b|\bdistribution\b|\bprinting\b|\bgoods\b|\bmeans\b",
                        r"\binternet\b|\bgame\b|\btelecom\b|\bpublishing\b", r"_[a-z]",
                        # mid-address the kind of a unit is lower case: "…, phường Hợp Giang"
                        r", (?:Phường|Xã|Thị trấn|Thị xã|Huyện|Quận|Thành phố|Tỉnh) [A-ZĐ]\w*"):
            problems[name].update(re.findall(pattern, body))
        words = re.findall(r"[^\W\d_][\w'-]*", body)
        problems[name].update(w for w in words if w.isascii() and not _acceptable(w))
        problems[name] -= _KNOWN_ELSEWHERE.get(name.split()[0], set())
    assert not {k: v for k, v in problems.items() if v}


#: Defects another part of issue 10 fixes (the violation record's subtitle "Về internet" prints
#: the raw sector code — violation_records/record.py; the 2015 catalog keeps Decree 174/2013
#: provisions under an unknown article "?", printed as "174/2013/NĐ-CP:" in the records and
#: decisions citing them — the catalog). Listed here, narrowly, so that every other raw code
#: fails this test; remove an entry when its fix lands.
_KNOWN_ELSEWHERE = {"record": {"internet", "game", "distribution", "ict_goods", "printing", "_g",
                               "174/2013/NĐ-CP:"},
                    "decision": {"174/2013/NĐ-CP:"}}


_ONSET = r"(?:ngh|ch|gh|gi|kh|ng|nh|ph|qu|th|tr|[bcdghklmnprstvx])?"
_VOWEL = (r"(?:uye|uya|oai|oay|uoi|uou|ieu|yeu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|"
          r"ui|uo|uu|uy|ye|[aeiouy])")
_CODA = r"(?:ch|ng|nh|[cmnptiouy])?"
_SYLLABLE = re.compile(f"^{_ONSET}{_VOWEL}{_CODA}$", re.IGNORECASE)
#: Proper names and words Vietnamese documents write as they are.
ALLOWED = {"Internet", "Wi-Fi", "Viettel", "VinaPhone", "MobiFone", "Harry", "Potter", "Game",
           "Photocopy", "Email", "Fax", "Website", "TTr", "BB-TTr"}


def _acceptable(word: str) -> bool:
    if word in ALLOWED or word.isupper() or len(word) == 1 or _SYLLABLE.match(word):
        return True
    return all(_SYLLABLE.match(part) or part.isupper() for part in word.split("-") if part)


# --------------------------------------------------------------------------- a user's case


def _transfer_case(db: Database, operator: Actor) -> tuple[object, object]:
    return make_transfer_case(db, operator)


def test_the_transfer_letter_moves_the_case_only_when_issued(db: Database,
                                                             operator: Actor) -> None:
    """Rendering the draft changes nothing; issuing numbers it in the letter register, stores
    it and moves the case to "transferred" in the same transaction; a second issue is refused;
    the reprint is the stored PDF."""
    case_id, signer_id = _transfer_case(db, operator)
    review = decisions.review_decision(db, CHIEF, case_id, date(2015, 6, 5), signer_id)
    assert review.needs_transfer
    draft = decisions.transfer_letter(db, CHIEF, case_id, date(2015, 6, 5), signer_id)
    assert "DỰ THẢO" in reader(draft).metadata["/Title"]
    with db.sessions() as s:
        assert s.get(Case, case_id).status == "recorded"  # type: ignore[union-attr]
    info = issue_document(db, CHIEF, "transfer", case_id, date(2015, 6, 5),  # type: ignore[arg-type]
                          signer_id=signer_id)  # type: ignore[arg-type]
    assert info.number == 1 and info.number_text == "01/STTTT"
    with db.sessions() as s:
        case = s.get(Case, case_id)
        assert case is not None and case.status == "transferred"
        assert case.transferred_on == date(2015, 6, 5) and case.transferred_to
    pdf = document_pdf(db, CHIEF, "transfer", 1, 2015)
    assert pdf == stored_pdf(db, CHIEF, info.id)
    body = text(pdf)
    assert "Số: 01/STTTT" in body and "chuyển toàn bộ hồ sơ" in body
    assert "vượt thẩm quyền:" not in body and ":24.2" not in body
    with pytest.raises(ConflictError):
        issue_document(db, CHIEF, "transfer", case_id, date(2015, 6, 6),  # type: ignore[arg-type]
                       signer_id=signer_id)  # type: ignore[arg-type]


def test_no_violation_without_checklist_answers(caobang_docs_path: Path, operator: Actor,
                                                tmp_path: Path) -> None:
    """The caobang visits carry no checklist answers: the CLI draft does not crash; the record
    lists the inspection's subject with the recorded outcome."""
    from inspector.store.engine import open_database

    db = open_database(str(caobang_docs_path))
    with db.sessions() as s:
        visit = s.scalar(select(Visit).where(Visit.outcome == "compliant").order_by(
            Visit.visit_date.desc()))
        assert visit is not None and not visit.checklist.get("answers")
        visit_id = visit.id
    db.dispose()
    target = tmp_path / "nv.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "inspector", "--db", str(caobang_docs_path), "document",
         "no-violation", str(visit_id), "-o", str(target)],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    body = text(target.read_bytes())
    assert "Chấp hành tốt" in body and "Nội dung và kết quả kiểm tra" in body


def test_issue_refuses_bad_kinds_and_dates(db: Database, operator: Actor) -> None:
    """An unknown kind, or a seizure record dated before its case, is refused in one line."""
    configure_agency(db, operator, era="2015")
    case_id = make_case(db, operator, [{"provision_key": "159/2013/NĐ-CP:24.2",
                                        "amount": 5_000_000}], opened_on=date(2015, 6, 1),
                        seized=[{"kind": "Sách", "description": "Sách in lậu", "quantity": 5,
                                 "unit": "cuốn", "titles": [], "disposal": "held"}])
    with pytest.raises(ValidationError):
        issue_document(db, CHIEF, "letter", case_id, date(2015, 6, 1))
    with pytest.raises(ValidationError):
        issue_document(db, CHIEF, "seizure", case_id, date(2015, 5, 30))
    info = issue_document(db, CHIEF, "seizure", case_id, date(2015, 6, 1))
    assert info.number_text == "01/BB-TG"


@BOTH
def test_amending_decision_cites_its_full_bases(scenario_db: tuple[Database, int]) -> None:
    """Not only Law Art 18: the decrees in force on the date and the original decision."""
    db, year = scenario_db
    first = min((d for d in decisions.list_decisions(db, CHIEF, year) if d.number),
                key=lambda d: d.number or 0)
    assert first.number is not None and first.issued_on is not None
    # The register rule: the new number is dated no earlier than the last decision of the year.
    on = max(d.issued_on for d in decisions.list_decisions(db, CHIEF, year) if d.issued_on)
    info = amend_decision(db, CHIEF, first.number, year, "correct", "Ghi sai số nhà",
                          ["Sửa số nhà tại khoản 1 Điều 1"], on=on)
    assert info.number is not None
    body = text(decisions.decision_pdf(db, CHIEF, info.number, year))
    assert "Căn cứ Điều 18 Luật Xử lý vi phạm hành chính" in body
    assert re.search(r"Căn cứ Nghị định số \d+/\d{4}/NĐ-CP", body)
    assert f"Căn cứ Quyết định xử phạt vi phạm hành chính số {first.number_text}" in body
    _check_layout("amendment", decisions.decision_pdf(db, CHIEF, info.number, year))


def test_records_space_paragraphs_by_six_points() -> None:
    """Decree 30/2020: at least 6 pt between paragraphs, records included (3 pt before)."""
    from inspector.documents import record

    assert record._st().body.spaceAfter >= 6 and record._st().flush.spaceAfter >= 6


@BOTH
def test_layout_of_every_kind(scenario_db: tuple[Database, int], operator: Actor) -> None:
    """A4, the text inside the Decree 30/2020 margins, metadata with the agency as author and a
    real creation time, for every kind issued on the scenario (amendments in the next test)."""
    db, year = scenario_db
    for name, pdf in _all_pdfs(db, operator, year).items():
        _check_layout(name, pdf)


def _check_layout(name: str, pdf: bytes) -> None:
    """A4; text inside the margins; agency as author, real creation time, not a draft; the
    agency lines keep at least HEADER_GAP from the national title."""
    r = reader(pdf)
    meta = r.metadata
    assert meta["/Author"].startswith("Sở "), name
    assert not meta["/CreationDate"].startswith("D:2000"), name
    assert "DỰ THẢO" not in meta["/Title"], name
    for page in r.pages:
        assert round(float(page.mediabox.width)) == round(PAGE_WIDTH), name
        lefts = _lefts(page)
        assert min(lefts) >= MARGIN_LEFT - 1, name
    first = [x for x in runs(pdf) if x.page == 1 and x.y > PAGE_HEIGHT - 45 * mm]
    national = next(x for x in first if x.text.startswith("CỘNG HÒA XÃ HỘI"))
    for x in first:
        if x.x < national.x and abs(x.y - national.y) < 20:
            right = x.x + stringWidth(x.text.rstrip(), x.font, x.size)
            assert national.x - right >= HEADER_GAP - 0.5, (name, x.text)


def _lefts(page: object) -> list[float]:
    out: list[float] = []

    def visit(t: str, cm: list[float], tm: list[float], _fd: object, _fs: object) -> None:
        if t.strip():
            out.append(tm[4] * cm[0] + cm[4])

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return out
