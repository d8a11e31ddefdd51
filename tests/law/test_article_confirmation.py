"""The department records the article of a provision the catalog knows without its number
(Decree 174/2013 on Internet points, keys ``?.1``–``?.3``): refused when it cannot be right,
cited by every document issued afterwards, kept out of those issued before."""

from __future__ import annotations

import json
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from inspector.cli import main as cli_main
from inspector.domain.articles import confirm_article
from inspector.domain.law import LawError
from inspector.services import decisions, law, tallies, violation_records
from inspector.services.actor import Actor
from inspector.services.bundles_export import prepare_package
from inspector.services.bundles_import import import_bundle
from inspector.services.errors import PermissionDenied, ValidationError
from inspector.store.engine import Database
from inspector.store.models import AuditEntry
from tests.conftest import make_actor
from tests.factories import INTERNET_POINT, configure_agency, make_case, record_details
from tests.services.bundles_world import make_world

KEY = "174/2013/NĐ-CP:?.3"
CHIEF = make_actor("chief", "chanh.tt")
ADMIN = make_actor("admin", "quan.tri")
SOURCE = "Nghị định 174/2013/NĐ-CP, bản lưu tại Sở, trang 12"


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split())
                    for p in PdfReader(BytesIO(pdf)).pages)


def _late_case(db: Database, operator: Actor, opened: date) -> object:
    case_id = make_case(db, operator, [{
        "provision_key": KEY, "amount": 3_750_000, "alternative": 0,
        "facts": "Hoạt động sau 23 giờ, lúc kiểm tra có 05 người đang sử dụng dịch vụ"}],
        establishment=INTERNET_POINT, opened_on=opened)
    violation_records.issue_record(db, operator, case_id, opened, details=record_details(opened))
    return case_id


# --- the domain rule ------------------------------------------------------------------------

def test_domain_refusals(db: Database) -> None:
    catalog = law.law_data(db).catalog
    today = date(2026, 12, 4)
    cases = [
        ("159/2013/NĐ-CP:27.1", "27", SOURCE, "article_known"),
        (KEY, "ba mươi", SOURCE, "bad_article"),
        (KEY, "0", SOURCE, "bad_article"),
        (KEY, "35", "  bản  ", "source_missing"),
        ("174/2013/NĐ-CP:46.9", "46", SOURCE, "unknown_provision"),
    ]
    for key, article, source, code in cases:
        with pytest.raises(LawError) as caught:
            confirm_article(catalog, key, article, source, today, "Quản trị")
        assert caught.value.code == code, (key, article)
    # "Điều 46" would make ?.1 the provision 46.1 the catalog already has (the conformity act)
    with pytest.raises(LawError) as caught:
        confirm_article(catalog, "174/2013/NĐ-CP:?.1", "46", SOURCE, today, "Quản trị")
    assert caught.value.code == "article_clash"
    assert "khoản 1 Điều 46 Nghị định số 174/2013/NĐ-CP" in caught.value.reason


def test_domain_citation_uses_the_confirmed_number(db: Database) -> None:
    catalog = law.law_data(db).catalog
    before = catalog.provision(KEY)
    assert not before.article_known
    with pytest.raises(LawError):
        before.citation()
    after = confirm_article(catalog, KEY, " Điều 99 ", SOURCE, date(2026, 12, 4), "Quản trị")
    assert after.key == KEY and after.article_known
    assert after.citation() == "khoản 3 Điều 99 Nghị định số 174/2013/NĐ-CP"
    assert after.article_confirmation is not None
    assert after.article_confirmation.source == SOURCE


# --- the service, the documents, the tallies ------------------------------------------------

def test_confirmation_is_audited_and_needs_the_catalog_right(db: Database) -> None:
    for role in ("chief", "inspector", "clerk"):
        with pytest.raises(PermissionDenied):
            law.confirm_article(db, make_actor(role), KEY, "99", SOURCE)
    with pytest.raises(ValidationError) as caught:
        law.confirm_article(db, ADMIN, KEY, "", SOURCE)
    assert caught.value.field == "article" and "Số điều không hợp lệ" in caught.value.vi
    law.confirm_article(db, ADMIN, KEY, "99", SOURCE)
    provision = law.law_data(db).catalog.provision(KEY)
    assert provision.citation() == "khoản 3 Điều 99 Nghị định số 174/2013/NĐ-CP"
    with db.sessions() as s:
        entries = s.scalars(select(AuditEntry).where(
            AuditEntry.entity == "ref_provisions")).all()
    assert any(e.user_login == "quan.tri" and "article_confirmation" in e.changes
               for e in entries)


def test_decisions_before_keep_the_blank_after_cite_the_number(db: Database,
                                                              operator: Actor) -> None:
    """A decision issued before the confirmation stays as signed ("Điều …"); the review said
    why; a decision issued after it cites the article."""
    configure_agency(db, operator, era="2015")
    first = _late_case(db, operator, date(2015, 6, 1))
    review = decisions.review_decision(db, CHIEF, first, date(2015, 6, 5))  # type: ignore[arg-type]
    note = next(c for c in review.checks if c.name == "article")
    assert note.ok and note.caution
    assert "khoản 3 Điều … Nghị định số 174/2013/NĐ-CP" in note.message
    early = decisions.issue_decision(db, CHIEF, first, date(2015, 6, 5))  # type: ignore[arg-type]
    law.confirm_article(db, ADMIN, KEY, "99", SOURCE)
    second = _late_case(db, operator, date(2015, 6, 8))
    review = decisions.review_decision(db, CHIEF, second, date(2015, 6, 10))  # type: ignore[arg-type]
    assert not any(c.name == "article" for c in review.checks)
    late = decisions.issue_decision(db, CHIEF, second, date(2015, 6, 10))  # type: ignore[arg-type]
    old_text = _text(decisions.decision_pdf(db, CHIEF, early.number or 0, 2015))
    new_text = _text(decisions.decision_pdf(db, CHIEF, late.number or 0, 2015))
    assert "khoản 3 Điều … Nghị định số 174/2013/NĐ-CP" in old_text
    assert "Điều 99" not in old_text
    assert "khoản 3 Điều 99 Nghị định số 174/2013/NĐ-CP" in new_text
    assert "Điều …" not in new_text
    tally = tallies.compute_tally(db, CHIEF, date(2015, 1, 1), date(2015, 12, 31))
    cited = [line.citation for line in tally.provisions]
    assert "khoản 3 Điều 99 Nghị định số 174/2013/NĐ-CP" in cited


def test_cli_confirm_article(db_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    rc = cli_main(["--db", str(db_path), "catalog", "confirm-article", KEY, "--article", "99",
                   "--source", SOURCE, "--json"])
    assert rc == 0
    out = json.loads(capsys.readouterr().out)
    assert out["key"] == KEY and out["article"] == "99"
    assert out["citation"] == "khoản 3 Điều 99 Nghị định số 174/2013/NĐ-CP"
    assert out["source"] == SOURCE
    rc = cli_main(["--db", str(db_path), "catalog", "confirm-article", "159/2013/NĐ-CP:27.1",
                   "--article", "27", "--source", SOURCE])
    assert rc != 0


def test_a_handout_carries_the_confirmed_article_to_a_laptop(tmp_path: Path,
                                                             template_db: Path) -> None:
    """The record is made in the field: the laptop must cite the number the register recorded.
    The catalog travels in the handout, the confirmation with it."""
    world = make_world(tmp_path, template_db)
    laptop = world.laptop("laptop-a", template_db)
    with world.register.active() as db:
        law.confirm_article(db, world.register.actor, KEY, "99", SOURCE)
        package = tmp_path / "handout.zip"
        prepare_package(db, world.register.actor, laptop.name, package, [world.inspection_id])
    with laptop.active() as db:
        assert not law.law_data(db).catalog.provision(KEY).article_known
        import_bundle(db, laptop.actor, package)
        provision = law.law_data(db).catalog.provision(KEY)
        assert provision.citation() == "khoản 3 Điều 99 Nghị định số 174/2013/NĐ-CP"
