"""A register and its laptops as separate SQLite files with separate data folders, built through
the services (the same calls the GUI makes), for the bundle tests."""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from inspector.services.actor import Actor, local_operator
from inspector.services.cases import ViolationInput, VisitRecord, record_visit
from inspector.services.establishments import EstablishmentInput, add_establishment
from inspector.services.inspections import InspectionInput, MemberInput, VisitInput, add_inspection
from inspector.services.users import add_user
from inspector.store.engine import Database, open_database
from tests.factories import configure_agency, record_details

ROOT_DIR = Path(__file__).resolve().parents[2]

BOOKSHOP = EstablishmentInput(
    sector="distribution", name="Nhà sách Hoa Mai", owner_kind="household",
    owner_name="Nông Thị Hoa", owner_sex="F", owner_birth_date=date(1980, 3, 4),
    owner_nationality="Việt Nam", owner_id_number="004180000123",
    address_line="Số 12 phố Kim Đồng", commune_name="Phường Hợp Giang", province_name="Cao Bằng")
KIOSK = EstablishmentInput(
    sector="distribution", name="Quầy sách Tân Giang", owner_kind="individual",
    owner_name="Lục Văn Tân", owner_sex="M", address_line="Chợ Tân Giang",
    commune_name="Phường Tân Giang", province_name="Cao Bằng")
BOOKS = "119/2020/NĐ-CP:29.1.a"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
       b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
       b"\x00\x00IEND\xaeB`\x82")


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class Side:
    """One database file and its data folder (``INSPECTOR_HOME``)."""

    name: str
    path: Path
    home: Path
    db: Database | None = None
    actor: Actor = field(default_factory=local_operator)
    url: str | None = None  # a server's URL instead of the file at ``path``

    @contextmanager
    def active(self) -> Iterator[Database]:
        """Open the database with this side's data folder in effect."""
        old = os.environ.get("INSPECTOR_HOME")
        os.environ["INSPECTOR_HOME"] = str(self.home)
        self.db = open_database(self.url or str(self.path))
        try:
            yield self.db
        finally:
            self.db.dispose()
            self.db = None
            if old is None:
                os.environ.pop("INSPECTOR_HOME", None)
            else:
                os.environ["INSPECTOR_HOME"] = old

    def digest(self) -> str:
        """The database file's SHA-256 (closed, so WAL pages are in the file)."""
        assert self.db is None, "close the database before hashing it"
        return file_digest(self.path)


@dataclass
class World:
    register: Side
    inspection_id: uuid.UUID
    establishment_ids: list[uuid.UUID]
    inspector_id: uuid.UUID
    tmp: Path

    def laptop(self, name: str, template: Path) -> Side:
        side = Side(name, self.tmp / f"{name}.sqlite", self.tmp / f"home-{name}")
        shutil.copyfile(template, side.path)
        side.home.mkdir()
        with side.active() as db:
            configure_agency(db, side.actor)
        return side


def make_world(tmp: Path, template: Path, register_url: str | None = None) -> World:
    """A register with an agency, an inspector, two bookshops and an open inspection; on the
    server at ``register_url`` (a prepared, empty database) when given."""
    register = Side("register", tmp / "register.sqlite", tmp / "home-register", url=register_url)
    if register_url is None:
        shutil.copyfile(template, register.path)
    register.home.mkdir()
    with register.active() as db:
        op = register.actor
        configure_agency(db, op)
        user = add_user(db, op, "tuan", "Hoàng Văn Tuấn", "inspector", "mật-khẩu-dài-1")
        est = [add_establishment(db, op, BOOKSHOP), add_establishment(db, op, KIOSK)]
        inspection = add_inspection(db, op, InspectionInput(
            "kiem_tra", "thematic", "Kiểm tra xuất bản phẩm cuối năm 2026", date(2026, 11, 20),
            None, "12/QĐ-SKHCN", date(2026, 11, 18), sector="distribution",
            members=(MemberInput("Hoàng Văn Tuấn", "head", user_id=user.id),)))
    return World(register, inspection, est, user.id, tmp)


def field_visit(db: Database, actor: Actor, inspection: uuid.UUID, establishment: uuid.UUID,
                day: date, copies: int = 10, amount: int = 2_000_000) -> uuid.UUID:
    """A visit finding unlicensed books (one violation), as the visit form saves it."""
    saved = record_visit(db, actor, VisitRecord(
        VisitInput(inspection, establishment, day),
        (ViolationInput(BOOKS, ongoing=True, discovered_on=day, facts="Bày bán sách không rõ "
                        "nguồn gốc", amount=amount,
                        titles=(_titles(copies),)),)))
    assert saved.case_id is not None
    return saved.case_id


def _titles(copies: int):  # type: ignore[no-untyped-def]
    from inspector.services.cases import TitleCount

    return TitleCount("Đắc nhân tâm", copies)


def write_example(target: Path) -> None:
    """Write the example laptop bundle committed in tests/services/data (a real database's
    export): ``python -m tests.services.bundles_world tests/services/data/example-laptop-bundle.zip``."""
    import tempfile
    from dataclasses import replace

    from inspector.services.attachments import add_attachment
    from inspector.services.bundles_export import export_laptop, prepare_package
    from inspector.services.bundles_import import import_bundle
    from inspector.services.establishments import establishment_detail, update_establishment
    from inspector.services.setup import prepare_database
    from inspector.services.violation_records import issue_record

    tmp = Path(tempfile.mkdtemp(prefix="bundle-example-"))
    template = tmp / "template.sqlite"
    prepare_database(str(template)).dispose()
    world = make_world(tmp, template)
    laptop = world.laptop("may-tuan", template)
    package = tmp / "package.zip"
    with world.register.active() as db:
        prepare_package(db, world.register.actor, laptop.name, package, [world.inspection_id])
    day = date(2026, 11, 25)
    with laptop.active() as db:
        import_bundle(db, laptop.actor, package)
        case = field_visit(db, laptop.actor, world.inspection_id, world.establishment_ids[0], day)
        issue_record(db, laptop.actor, case, day, details=record_details(day))
        photo = tmp / "anh-hien-truong.png"
        photo.write_bytes(PNG)
        add_attachment(db, laptop.actor, "case", case, photo, "Ảnh sách bày bán")
        est = world.establishment_ids[0]
        detail = establishment_detail(db, laptop.actor, est)
        update_establishment(db, laptop.actor, est, replace(BOOKSHOP, phone="0912000111"),
                             detail.version)
        export_laptop(db, laptop.actor, target)


if __name__ == "__main__":  # pragma: no cover
    import sys

    write_example(Path(sys.argv[1]))
