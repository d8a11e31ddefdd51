"""Removals made on a laptop reach the register (bundle format 2, ``sync/deletions.json``): a
photo or a violation taken back on the laptop after the register has it is removed there too,
audited with the values it had; a removal of a record the register changed meanwhile is a
conflict (keep ours: the laptop gets the record back; theirs: removed); a removal touching a
decided case is refused; once the register has applied it the laptop stops sending it."""

from __future__ import annotations

import json
import uuid
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from inspector.services.agency import get_agency, save_agency
from inspector.services.attachments import add_attachment, list_attachments, remove_attachment
from inspector.services.bundles_export import export_laptop
from inspector.services.bundles_import import UnresolvedConflicts, import_bundle
from inspector.services.cases import (
    TitleCount,
    ViolationInput,
    add_violation,
    remove_violation,
    update_violation,
)
from inspector.services.errors import ServiceError
from inspector.services.violation_records import issue_record
from inspector.store.models import Attachment, AuditEntry, Licence, Violation
from tests.conftest import make_actor
from tests.factories import record_details
from tests.services.bundles_world import BOOKS, PNG, Side, World, field_visit, make_world
from tests.services.test_bundles import _handout

DAY = date(2026, 11, 25)


@pytest.fixture
def world(tmp_path: Path, template_db: Path) -> World:
    return make_world(tmp_path, template_db)


def _export(laptop: Side, tmp: Path) -> Path:
    out = tmp / f"from-{laptop.name}-{uuid.uuid4().hex[:6]}.zip"
    with laptop.active() as db:
        export_laptop(db, laptop.actor, out)
    return out


def _manifest(bundle: Path) -> dict:
    return json.loads(zipfile.ZipFile(bundle).read("manifest.json"))


def _count(side: Side, model: type, **where: object) -> int:
    with side.active() as db, db.sessions() as s:
        stmt = select(func.count()).select_from(model)
        for name, value in where.items():
            stmt = stmt.where(getattr(model, name) == value)
        return s.scalar(stmt) or 0


def _second_violation(db, actor, case: uuid.UUID) -> uuid.UUID:  # type: ignore[no-untyped-def]
    row = add_violation(db, actor, case, ViolationInput(
        BOOKS, ongoing=True, discovered_on=DAY, facts="Bày bán lịch không rõ nguồn gốc",
        amount=2_000_000, titles=(TitleCount("Lịch Bính Ngọ", 20),)))
    return row.id


def _violation_version(db, violation: uuid.UUID) -> int:  # type: ignore[no-untyped-def]
    with db.sessions() as s:
        return int(s.scalar(select(Violation.version).where(Violation.id == violation)))


@pytest.fixture
def sent(world: World, tmp_path: Path, template_db: Path) -> tuple[Side, uuid.UUID, uuid.UUID,
                                                                   uuid.UUID]:
    """A laptop's day (a case with two violations and a photo) already in the register."""
    laptop = world.laptop("may-A", template_db)
    _handout(world, laptop, tmp_path)
    with laptop.active() as db:
        case = field_visit(db, laptop.actor, world.inspection_id, world.establishment_ids[0],
                           DAY)
        second = _second_violation(db, laptop.actor, case)
        photo = tmp_path / "anh.png"
        photo.write_bytes(PNG + b"xoa")
        attached = add_attachment(db, laptop.actor, "case", case, photo, "Ảnh chụp nhầm")
    with world.register.active() as db:
        import_bundle(db, world.register.actor, _export(laptop, tmp_path))
    assert _count(world.register, Violation) == 2
    return laptop, case, second, attached.id


def test_a_photo_and_a_violation_removed_on_the_laptop_are_removed_in_the_register(
        world: World, sent: tuple, tmp_path: Path) -> None:
    laptop, case, second, photo = sent
    with laptop.active() as db:
        row = next(r for r in list_attachments(db, laptop.actor, "case", case) if r.id == photo)
        remove_attachment(db, laptop.actor, photo, row.version)
        version = _violation_version(db, second)
        remove_violation(db, laptop.actor, second, version)
    bundle = _export(laptop, tmp_path)
    manifest = _manifest(bundle)
    assert manifest["format_version"] == 2 and manifest["counts"]["deletions"] == 2
    reg = world.register
    with reg.active() as db:
        preview = import_bundle(db, reg.actor, bundle, dry_run=True)
    assert preview.deleted == {"attachments": 1, "violations": 1}
    assert _count(reg, Violation) == 2  # a dry run writes nothing
    with reg.active() as db:
        summary = import_bundle(db, reg.actor, bundle)
        assert summary.to_json()["deleted"] == {"attachments": 1, "violations": 1}
        with db.sessions() as s:
            gone = {e: json.loads(c) for e, c in s.execute(
                select(AuditEntry.entity, AuditEntry.changes)
                .where(AuditEntry.action == "import_delete"))}
    assert _count(reg, Violation) == 1 and _count(reg, Attachment) == 0
    assert gone["violations"]["values"]["facts"] == "Bày bán lịch không rõ nguồn gốc"
    assert gone["attachments"]["values"]["caption"] == "Ảnh chụp nhầm"
    assert gone["violations"]["source_device"] == "may-A"
    with reg.active() as db:  # the same bundle again: nothing more
        again = import_bundle(db, reg.actor, bundle)
    assert again.already_imported is not None and not again.deleted

    # Until the register's next package the laptop still hands the removals in (harmless);
    # after it, they are forgotten and the laptop's bundle is format 1 again.
    with reg.active() as db:
        resent = import_bundle(db, reg.actor, _export(laptop, tmp_path))
    assert not resent.deleted and resent.unchanged["violations"] >= 1
    _handout(world, laptop, tmp_path)
    quiet = _manifest(_export(laptop, tmp_path))
    assert quiet["format_version"] == 1 and "deletions" not in quiet["counts"]


def test_a_removal_of_what_the_register_changed_is_a_conflict(
        world: World, sent: tuple, tmp_path: Path) -> None:
    laptop, _case, second, _photo = sent
    reg = world.register
    with reg.active() as db:  # the register corrects the facts of the second violation
        version = _violation_version(db, second)
        update_violation(db, reg.actor, second, ViolationInput(
            BOOKS, ongoing=True, discovered_on=DAY, facts="Bày bán 20 cuốn lịch không rõ nguồn "
            "gốc", amount=2_000_000, titles=(TitleCount("Lịch Bính Ngọ", 20),)), version)
    with laptop.active() as db:
        version = _violation_version(db, second)
        remove_violation(db, laptop.actor, second, version)
    bundle = _export(laptop, tmp_path)
    with reg.active() as db, pytest.raises(UnresolvedConflicts) as raised:
        import_bundle(db, reg.actor, bundle)
    conflict = raised.value.summary.conflicts[0]
    assert conflict.kind == "violations" and conflict.fields == ["deleted"]
    assert conflict.ours == {"deleted": False} and conflict.theirs == {"deleted": True}
    assert _count(reg, Violation) == 2

    with reg.active() as db:  # keep the register's: the laptop gets it back
        kept = import_bundle(db, reg.actor, bundle, resolutions={str(second): "ours"})
    assert not kept.deleted and _count(reg, Violation) == 2
    _handout(world, laptop, tmp_path)
    with laptop.active() as db, db.sessions() as s:
        facts = s.scalar(select(Violation.facts).where(Violation.id == second))
    assert facts == "Bày bán 20 cuốn lịch không rõ nguồn gốc"


def test_the_register_may_take_the_removal_over_its_change(
        world: World, sent: tuple, tmp_path: Path) -> None:
    laptop, _case, second, _photo = sent
    reg = world.register
    with reg.active() as db:
        version = _violation_version(db, second)
        update_violation(db, reg.actor, second, ViolationInput(
            BOOKS, ongoing=True, discovered_on=DAY, facts="Sửa ở Sở", amount=2_000_000,
            titles=(TitleCount("Lịch Bính Ngọ", 20),)), version)
    with laptop.active() as db:
        version = _violation_version(db, second)
        remove_violation(db, laptop.actor, second, version)
    with reg.active() as db:
        done = import_bundle(db, reg.actor, _export(laptop, tmp_path),
                             resolutions={f"{second}.deleted": "theirs"})
    assert done.deleted == {"violations": 1} and _count(reg, Violation) == 1


def test_a_removal_under_a_decided_case_is_refused_and_nothing_written(
        world: World, sent: tuple, tmp_path: Path) -> None:
    """The laptop cannot touch a recorded case's violations, but a photo can be removed there
    at any time: the register refuses to lose the evidence of a case it has decided."""
    from inspector.services import decisions

    laptop, case, _second, photo = sent
    reg = world.register
    with laptop.active() as db:
        issue_record(db, laptop.actor, case, DAY, details=record_details(DAY))
    with reg.active() as db:
        import_bundle(db, reg.actor, _export(laptop, tmp_path))
        # Bookshops are the culture department's since 01/7/2025: its Director decides.
        agency = get_agency(db, reg.actor)
        save_agency(db, reg.actor, replace(agency, agency_name="Sở Văn hóa, Thể thao và Du lịch",
                                           agency_short="SVHTTDL"))
        decisions.issue_decision(db, make_actor("chief"), case, date(2026, 12, 2),
                                 today=date(2026, 12, 2))
    with laptop.active() as db:
        row = next(r for r in list_attachments(db, laptop.actor, "case", case) if r.id == photo)
        remove_attachment(db, laptop.actor, photo, row.version)
    bundle = _export(laptop, tmp_path)
    before = reg.digest()
    with reg.active() as db, pytest.raises(ServiceError, match="decision stands on"):
        import_bundle(db, reg.actor, bundle)
    assert reg.digest() == before and _count(reg, Attachment) == 1


def test_a_laptop_cannot_remove_what_it_never_exchanged(
        world: World, sent: tuple, tmp_path: Path, template_db: Path) -> None:
    """Another laptop names the first laptop's violation in its removals: refused."""
    _laptop, _case, second, _photo = sent
    other = world.laptop("may-B", template_db)
    _handout(world, other, tmp_path)
    bundle = _export(other, tmp_path)
    forged = tmp_path / "forged.zip"
    _rewrite_with_deletion(bundle, forged, "violations", str(second))
    reg = world.register
    before = reg.digest()
    with reg.active() as db, pytest.raises(ServiceError, match="never exchanged"):
        import_bundle(db, reg.actor, forged)
    assert reg.digest() == before


def _rewrite_with_deletion(source: Path, target: Path, kind: str, rid: str) -> None:
    import hashlib

    with zipfile.ZipFile(source) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    data = json.dumps([{"kind": kind, "id": rid, "base": "a" * 64}]).encode()
    members["sync/deletions.json"] = data
    manifest = json.loads(members.pop("manifest.json"))
    manifest["format_version"] = 2
    manifest["counts"]["deletions"] = 1
    manifest["members"]["sync/deletions.json"] = {"sha256": hashlib.sha256(data).hexdigest(),
                                                  "size": len(data)}
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        for name, payload in members.items():
            zf.writestr(name, payload)


def test_a_violation_removed_after_the_register_made_the_record_is_refused(
        world: World, sent: tuple, tmp_path: Path) -> None:
    """The laptop removes a violation of its open case while the register makes the case's
    violation record: the record states that violation, so the register refuses the removal
    (a photo could still go; a violation cannot), and writes nothing."""
    laptop, case, second, _photo = sent
    reg = world.register
    with reg.active() as db:
        issue_record(db, reg.actor, case, DAY, details=record_details(DAY))
    with laptop.active() as db:
        remove_violation(db, laptop.actor, second, _violation_version(db, second))
    bundle = _export(laptop, tmp_path)
    before = reg.digest()
    with reg.active() as db, pytest.raises(ServiceError) as refused:
        import_bundle(db, reg.actor, bundle)
    assert "biên bản đã ghi" in refused.value.vi
    assert reg.digest() == before and _count(reg, Violation) == 2


def test_a_licence_removed_on_the_laptop_stays_removed_through_an_older_handout(
        world: World, tmp_path: Path, template_db: Path) -> None:
    """A licence the register handed out, removed on the laptop (entered wrongly): a package
    the register made before it took the removal still carries it, and does not restore it;
    the laptop still hands the removal in and the register takes it."""
    from inspector.services.establishments import LicenceInput, add_licence, remove_licence

    reg = world.register
    with reg.active() as db:
        licence = add_licence(db, reg.actor, world.establishment_ids[0], LicenceInput(
            "business_registration", "04A8001234", "UBND thành phố Cao Bằng",
            date(2019, 3, 4)))
    laptop = world.laptop("may-L", template_db)
    _handout(world, laptop, tmp_path)
    with laptop.active() as db, db.sessions() as s:
        version = int(s.scalar(select(Licence.version).where(Licence.id == licence.id)))
    with laptop.active() as db:
        remove_licence(db, laptop.actor, licence.id, version)
    package = _handout(world, laptop, tmp_path)
    carried = json.loads(zipfile.ZipFile(package).read("records/licences.json"))
    assert str(licence.id) in {r["id"] for r in carried}  # the removal is not known there yet
    assert _count(laptop, Licence, id=licence.id) == 0
    bundle = _export(laptop, tmp_path)
    with reg.active() as db:
        summary = import_bundle(db, reg.actor, bundle)
    assert summary.deleted == {"licences": 1}
    assert _count(reg, Licence, id=licence.id) == 0
