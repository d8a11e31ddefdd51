"""Bundles between the register and its laptops: the round trip, conflicts, idempotence,
all-or-nothing, provenance and the reserved record numbers — on real SQLite files."""

from __future__ import annotations

import json
import uuid
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from inspector.services.attachments import add_attachment
from inspector.services.bundles_export import export_laptop, prepare_package
from inspector.services.bundles_format import bundle_schema
from inspector.services.bundles_import import UnresolvedConflicts, import_bundle
from inspector.services.bundles_zip import read_bundle
from inspector.services.errors import ValidationError
from inspector.services.establishments import establishment_detail, update_establishment
from inspector.services.violation_records import issue_record
from inspector.store.models import (
    Attachment,
    AuditEntry,
    Case,
    DocumentNumber,
    Establishment,
    Violation,
    ViolationRecord,
    Visit,
)
from inspector.store.sync import SyncRecord
from tests.factories import record_details
from tests.services.bundles_world import (
    BOOKSHOP,
    PNG,
    ROOT_DIR,
    Side,
    World,
    field_visit,
    make_world,
)

DAY = date(2026, 11, 25)


def _count(side: Side, model: type) -> int:
    assert side.db is not None
    with side.db.sessions() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _handout(world: World, laptop: Side, tmp: Path) -> Path:
    pkg = tmp / f"package-{laptop.name}-{uuid.uuid4().hex[:6]}.zip"
    with world.register.active() as db:
        prepare_package(db, world.register.actor, laptop.name, pkg, [world.inspection_id])
    with laptop.active() as db:
        import_bundle(db, laptop.actor, pkg)
    return pkg


def _set_phone(side: Side, est: uuid.UUID, phone: str) -> None:
    assert side.db is not None
    detail = establishment_detail(side.db, side.actor, est)
    update_establishment(side.db, side.actor, est, replace(BOOKSHOP, phone=phone),
                         detail.version)


def _work(side: Side, world: World, est_index: int, phone: str, tmp: Path) -> Path:
    """A day of field work: a visit with a violation, its record, a photo, an edit; exported."""
    with side.active() as db:
        case = field_visit(db, side.actor, world.inspection_id, world.establishment_ids[est_index],
                           DAY)
        issue_record(db, side.actor, case, DAY, details=record_details(DAY))
        photo = tmp / f"photo-{side.name}.png"
        photo.write_bytes(PNG + side.name.encode())
        add_attachment(db, side.actor, "case", case, photo)
        _set_phone(side, world.establishment_ids[0], phone)
        out = tmp / f"from-{side.name}.zip"
        export_laptop(db, side.actor, out)
    return out


@pytest.fixture
def world(tmp_path: Path, template_db: Path) -> World:
    return make_world(tmp_path, template_db)


def test_round_trip_two_laptops_nothing_lost_nothing_doubled_one_conflict(
        world: World, tmp_path: Path, template_db: Path) -> None:
    """Register → two laptops working the same inspection offline → both back. Every visit,
    case, violation, record and photo arrives once; the establishment both edited is listed as
    a conflict with its field, and nothing is written until it is resolved."""
    a, b = world.laptop("may-A", template_db), world.laptop("may-B", template_db)
    _handout(world, a, tmp_path)
    _handout(world, b, tmp_path)
    from_a = _work(a, world, 0, "0912000111", tmp_path)
    from_b = _work(b, world, 1, "0912000222", tmp_path)
    reg = world.register
    with reg.active() as db:
        first = import_bundle(db, reg.actor, from_a)
    assert first.to_json() == {
        "added": {"visits": 1, "cases": 1, "violations": 1, "violation_records": 1,
                  "attachments": 1},
        "updated": {"establishments": 1}, "unchanged": {}, "conflicts": [], "deleted": {}}
    before = reg.digest()
    with reg.active() as db, pytest.raises(UnresolvedConflicts) as refused:
        import_bundle(db, reg.actor, from_b)
    assert reg.digest() == before  # nothing written, byte for byte
    [conflict] = refused.value.summary.conflicts
    assert (conflict.kind, conflict.id, conflict.fields) == (
        "establishments", str(world.establishment_ids[0]), ["phone"])
    assert (conflict.ours, conflict.theirs) == ({"phone": "0912000111"},
                                                {"phone": "0912000222"})
    with reg.active() as db:
        preview = import_bundle(db, reg.actor, from_b, dry_run=True)
    assert reg.digest() == before
    assert preview.added == {"visits": 1, "cases": 1, "violations": 1, "violation_records": 1,
                             "attachments": 1}
    with reg.active() as db:
        done = import_bundle(db, reg.actor, from_b,
                             resolutions={str(world.establishment_ids[0]): "theirs"})
        assert done.conflicts[0].resolution == {"phone": "theirs"}
        assert establishment_detail(db, reg.actor, world.establishment_ids[0]).phone \
            == "0912000222"
        counts = [_count(reg, m) for m in (Visit, Case, Violation, ViolationRecord, Attachment,
                                           Establishment)]
        assert counts == [2, 2, 2, 2, 2, 2]
        with db.sessions() as s:
            numbers = sorted(s.scalars(select(ViolationRecord.number)))
            used = sorted(s.scalars(select(DocumentNumber.number).where(
                DocumentNumber.status == "used")))
            resolution = s.scalar(select(AuditEntry.changes).where(
                AuditEntry.action == "import_update",
                AuditEntry.entity_id == str(world.establishment_ids[0]),
                AuditEntry.changes.contains("resolution")))
        assert numbers == [1, 51] and used == [1, 51]  # A's block 1–50, B's block 51–100
        assert resolution is not None and json.loads(resolution)["resolution"] == {
            "phone": "theirs"}
    # The yearly tally of the register (its copies kept by triggers on the imported rows)
    # equals a plain recount of the source rows.
    from inspector.services.tallies import compute_tally
    from tests.services.tally_oracle import differences, project, recount, rows_from_db

    with reg.active() as db:
        tally = compute_tally(db, reg.actor, date(2026, 1, 1), date(2026, 12, 31))
        assert tally.headline.violations == 2
        assert differences(recount(rows_from_db(db), date(2026, 1, 1), date(2026, 12, 31)),
                           project(tally)) == []
    # Both bundles again: already imported, nothing doubled.
    before = reg.digest()
    for bundle in (from_a, from_b):
        with reg.active() as db:
            again = import_bundle(db, reg.actor, bundle)
        assert again.already_imported is not None and not again.added and not again.updated
    assert reg.digest() == before


def test_files_arrive_in_the_register_store_by_hash(world: World, tmp_path: Path,
                                                    template_db: Path) -> None:
    a = world.laptop("may-A", template_db)
    _handout(world, a, tmp_path)
    from_a = _work(a, world, 0, "0912000111", tmp_path)
    reg = world.register
    with reg.active() as db:
        import_bundle(db, reg.actor, from_a)
        with db.sessions() as s:
            sha = s.scalar(select(Attachment.sha256))
            pdf = s.scalar(select(ViolationRecord.pdf))
    stored = reg.home / "data" / "attachments" / sha[:2] / sha
    assert stored.read_bytes() == PNG + b"may-A"
    assert pdf is not None and pdf.startswith(b"%PDF-")


def test_same_content_in_a_new_bundle_is_unchanged_and_ack_stops_resending(
        world: World, tmp_path: Path, template_db: Path) -> None:
    """Until the register acknowledges, the laptop sends its work again and the register finds
    it unchanged; after the register's next package the laptop has nothing new to send."""
    a = world.laptop("may-A", template_db)
    _handout(world, a, tmp_path)
    first = _work(a, world, 0, "0912000111", tmp_path)
    reg = world.register
    with reg.active() as db:
        import_bundle(db, reg.actor, first)
    with a.active() as db:
        second = tmp_path / "again.zip"
        export_laptop(db, a.actor, second)
    with reg.active() as db:
        summary = import_bundle(db, reg.actor, second)
    assert not summary.added and not summary.updated and not summary.conflicts
    assert sum(summary.unchanged.values()) == 6
    _handout(world, a, tmp_path)
    with a.active() as db:
        third = tmp_path / "after-ack.zip"
        made = export_laptop(db, a.actor, third)
    assert made.counts == {}


def test_provenance_and_one_audit_entry_per_record(world: World, tmp_path: Path,
                                                   template_db: Path) -> None:
    a = world.laptop("may-A", template_db)
    _handout(world, a, tmp_path)
    from_a = _work(a, world, 0, "0912000111", tmp_path)
    bundle_id = json.loads(zipfile.ZipFile(from_a).read("manifest.json"))["bundle_id"]
    reg = world.register
    with reg.active() as db:
        import_bundle(db, reg.actor, from_a)
        with db.sessions() as s:
            entries = list(s.execute(select(AuditEntry.entity, AuditEntry.entity_id,
                                            AuditEntry.changes).where(
                AuditEntry.action.in_(("import_create", "import_update")))))
            sources = set(s.execute(select(SyncRecord.source_device,
                                           SyncRecord.bundle_id).where(
                SyncRecord.peer == "may-A", SyncRecord.source_device.isnot(None))))
    assert len(entries) == 6 and len({e[1] for e in entries}) == 6
    for _entity, _id, changes in entries:
        data = json.loads(changes)
        assert data["source_device"] == "may-A" and data["bundle"] == bundle_id
        assert data["source_audit_anchor"]["seq"] > 0
    assert sources == {("may-A", uuid.UUID(bundle_id))}


def test_laptop_numbers_only_from_its_block(world: World, tmp_path: Path,
                                            template_db: Path) -> None:
    """A laptop with a 2-number block issues 1 and 2, then is told to fetch a new package."""
    a = world.laptop("may-A", template_db)
    pkg = tmp_path / "small.zip"
    with world.register.active() as db:
        prepare_package(db, world.register.actor, "may-A", pkg, [world.inspection_id],
                        block_size=2)
    with a.active() as db:
        import_bundle(db, a.actor, pkg)
        numbers = []
        for i, day in enumerate((date(2026, 11, 21), date(2026, 11, 22), date(2026, 11, 23))):
            case = field_visit(db, a.actor, world.inspection_id, world.establishment_ids[i % 2],
                               day)
            if i < 2:
                numbers.append(issue_record(db, a.actor, case, day, details=record_details(day)))
            else:
                with pytest.raises(ValidationError, match="used up"):
                    issue_record(db, a.actor, case, day, details=record_details(day))
    assert numbers == [1, 2]
    # The register's own next number comes after the block.
    with world.register.active() as db, db.sessions() as s:
        skipped = s.scalar(select(DocumentNumber.number).where(
            DocumentNumber.status == "skipped"))
    assert skipped == 2


def test_register_package_carries_users_with_roles_and_hashes(world: World, tmp_path: Path,
                                                              template_db: Path) -> None:
    from inspector.services.users import authenticate

    a = world.laptop("may-A", template_db)
    _handout(world, a, tmp_path)
    with a.active() as db:
        actor = authenticate(db, "tuan", "mật-khẩu-dài-1")
    assert actor.role == "inspector"


def test_schema_file_is_the_published_schema() -> None:
    """docs/bundle.schema.json is what the validator enforces (regenerate with
    ``python -m inspector.services.bundles_format > docs/bundle.schema.json``)."""
    published = json.loads((ROOT_DIR / "docs" / "bundle.schema.json").read_text("utf-8"))
    assert published == json.loads(json.dumps(bundle_schema()))


def test_example_bundle_reads(tmp_path: Path) -> None:
    """The committed example laptop bundle passes every check."""
    bundle = read_bundle(ROOT_DIR / "tests" / "services" / "data" / "example-laptop-bundle.zip")
    try:
        assert bundle.kind == "laptop"
        assert set(bundle.records) == {"visits", "cases", "violations", "violation_records",
                                       "attachments", "establishments"}
    finally:
        bundle.close()


def test_failure_while_writing_leaves_register_and_store_unchanged(
        world: World, tmp_path: Path, template_db: Path) -> None:
    """A licence that breaks a unique key of the register is found only by the database, in
    the middle of the transaction: everything is rolled back, the refusal is one line."""
    from inspector.services.establishments import LicenceInput, add_licence

    a = world.laptop("may-A", template_db)
    _handout(world, a, tmp_path)
    with world.register.active() as db:
        add_licence(db, world.register.actor, world.establishment_ids[0],
                    LicenceInput("Giấy phép kinh doanh", "GP-01"))
    with a.active() as db:
        add_licence(db, a.actor, world.establishment_ids[0],
                    LicenceInput("Giấy phép kinh doanh", "GP-01"))
    from_a = _work(a, world, 0, "0912000111", tmp_path)
    reg = world.register
    store = reg.home / "data" / "attachments"
    before, files = reg.digest(), sorted(store.rglob("*")) if store.exists() else []
    with reg.active() as db, pytest.raises(ValidationError, match="constraint"):
        import_bundle(db, reg.actor, from_a)
    assert reg.digest() == before
    assert (sorted(store.rglob("*")) if store.exists() else []) == files


def test_commit_failure_removes_the_files_copied_in(world: World, tmp_path: Path,
                                                   template_db: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fails at the commit, after the photos were copied into the store: the database
    is as it was and the new files are gone (a fault injected at the commit: a full disk cannot
    be made on demand here)."""
    from sqlalchemy.exc import OperationalError

    from inspector.services import uow as uow_module

    a = world.laptop("may-A", template_db)
    _handout(world, a, tmp_path)
    from_a = _work(a, world, 0, "0912000111", tmp_path)
    reg = world.register
    store = reg.home / "data" / "attachments"
    before, files = reg.digest(), sorted(store.rglob("*")) if store.exists() else []

    def failing_commit(self: object) -> None:
        raise OperationalError("COMMIT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(uow_module.UnitOfWork, "commit", failing_commit)
    with reg.active() as db, pytest.raises(Exception, match="disk"):
        import_bundle(db, reg.actor, from_a)
    assert reg.digest() == before
    assert [p for p in (sorted(store.rglob("*")) if store.exists() else []) if p.is_file()] \
        == [p for p in files if p.is_file()]


def test_register_package_brings_the_registers_law(world: World, tmp_path: Path,
                                                   template_db: Path) -> None:
    """A laptop whose reference data differs cannot send to the register (told to take the
    register's package first); the register's package replaces its law with the register's."""
    from inspector.services.bundles_format import reference_version
    from inspector.services.law import end_provision

    a = world.laptop("may-A", template_db)
    _handout(world, a, tmp_path)
    with a.active() as db:
        end_provision(db, a.actor, "119/2020/NĐ-CP:29.1.a", date(2026, 12, 1))
        out = tmp_path / "old-law.zip"
        export_laptop(db, a.actor, out)
    before = world.register.digest()
    with world.register.active() as db, pytest.raises(ValidationError, match="package first"):
        import_bundle(db, world.register.actor, out)
    assert world.register.digest() == before
    _handout(world, a, tmp_path)
    with world.register.active() as db, db.engine.connect() as conn:
        theirs = reference_version(conn)
    with a.active() as db, db.engine.connect() as conn:
        assert reference_version(conn) == theirs


def test_password_changed_on_the_laptop_reaches_the_register(world: World, tmp_path: Path,
                                                             template_db: Path) -> None:
    from inspector.services.maintenance import check_database
    from inspector.services.users import authenticate, set_password

    a = world.laptop("may-A", template_db)
    _handout(world, a, tmp_path)
    with a.active() as db:
        set_password(db, a.actor, "tuan", "mật-khẩu-mới-22")
        out = tmp_path / "pw.zip"
        made = export_laptop(db, a.actor, out)
    assert made.counts == {"users": 1}
    with world.register.active() as db:
        summary = import_bundle(db, world.register.actor, out)
        assert summary.updated == {"users": 1}
        assert authenticate(db, "tuan", "mật-khẩu-mới-22").role == "inspector"
        assert check_database(db, world.register.actor).ok


def test_two_laptops_visiting_the_same_place_the_same_day_is_refused_by_name(
        world: World, tmp_path: Path, template_db: Path) -> None:
    a, b = world.laptop("may-A", template_db), world.laptop("may-B", template_db)
    _handout(world, a, tmp_path)
    _handout(world, b, tmp_path)
    outs = []
    for side in (a, b):
        with side.active() as db:
            field_visit(db, side.actor, world.inspection_id, world.establishment_ids[0], DAY)
            outs.append(tmp_path / f"{side.name}.zip")
            export_laptop(db, side.actor, outs[-1])
    with world.register.active() as db:
        import_bundle(db, world.register.actor, outs[0])
    before = world.register.digest()
    with world.register.active() as db, pytest.raises(ValidationError,
                                                      match="made on another device"):
        import_bundle(db, world.register.actor, outs[1])
    assert world.register.digest() == before


def test_conflict_kept_ours_goes_back_to_the_laptop(world: World, tmp_path: Path,
                                                    template_db: Path) -> None:
    """The register keeps its own phone and visit notes against the laptop's; its next package
    brings the register's versions to the laptop, which takes them without a conflict and then
    has nothing left to send."""
    from inspector.services.inspections import VisitInput, update_visit, visit_detail

    a = world.laptop("may-A", template_db)
    _handout(world, a, tmp_path)
    with a.active() as db:
        case = field_visit(db, a.actor, world.inspection_id, world.establishment_ids[0], DAY)
        with db.sessions() as s:
            visit_id = s.scalar(select(Case.visit_id).where(Case.id == case))
        first = tmp_path / "first.zip"
        export_laptop(db, a.actor, first)
    reg = world.register

    def note(side: Side, text: str) -> None:
        assert side.db is not None
        v = visit_detail(side.db, side.actor, visit_id)
        update_visit(side.db, side.actor, visit_id, VisitInput(
            world.inspection_id, world.establishment_ids[0], DAY, outcome=v.outcome,
            notes=text), v.version)

    with reg.active() as db:
        import_bundle(db, reg.actor, first)
        note(reg, "Ghi chú của Sở")
        _set_phone(reg, world.establishment_ids[0], "0912000444")
    with a.active() as db:
        note(a, "Ghi chú của máy")
        _set_phone(a, world.establishment_ids[0], "0912000333")
        second = tmp_path / "second.zip"
        export_laptop(db, a.actor, second)
    with reg.active() as db:
        done = import_bundle(db, reg.actor, second, resolutions={
            str(visit_id): "ours", str(world.establishment_ids[0]): "ours"})
    assert sorted(c.kind for c in done.conflicts) == ["establishments", "visits"]
    package = _handout(world, a, tmp_path)
    assert package.is_file()
    with a.active() as db:
        assert visit_detail(db, a.actor, visit_id).notes == "Ghi chú của Sở"
        assert establishment_detail(db, a.actor, world.establishment_ids[0]).phone \
            == "0912000444"
        made = export_laptop(db, a.actor, tmp_path / "third.zip")
    assert made.counts == {}
