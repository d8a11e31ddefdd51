"""A corpus of malformed and hostile bundles, each derived from a real laptop export: every one
is refused with one clear line, and the register is left byte for byte as it was (database file
and attachment store)."""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from inspector.services import bundles_format, bundles_zip
from inspector.services.bundles_import import import_bundle
from inspector.services.errors import ServiceError
from tests.services.bundles_world import Side, World, field_visit, make_world
from tests.services.test_bundles import DAY, _handout, _work

Members = dict[str, bytes]


@dataclass
class Good:
    world: World
    bundle: Path
    members: Members
    manifest: dict[str, Any]


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Good:
    tmp = tmp_path_factory.mktemp("corpus")
    world = make_world(tmp, template_db)
    a = world.laptop("may-A", template_db)
    _handout(world, a, tmp)
    with a.active() as db:  # a second case, so duplicates and links can be forged
        field_visit(db, a.actor, world.inspection_id, world.establishment_ids[1], DAY)
    bundle = _work(a, world, 0, "0912000111", tmp)
    with zipfile.ZipFile(bundle) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    return Good(world, bundle, members, json.loads(members["manifest.json"]))


def _records(m: Members, kind: str) -> list[dict[str, Any]]:
    return json.loads(m[f"records/{kind}.json"])


def _put(m: Members, kind: str, records: list[dict[str, Any]]) -> None:
    m[f"records/{kind}.json"] = json.dumps(records, ensure_ascii=False).encode()


def _write(target: Path, m: Members, manifest: dict[str, Any], fix: bool = True,
           override: dict[str, Any] | None = None) -> None:
    manifest = json.loads(json.dumps(manifest))
    if fix:
        manifest["members"] = {n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
                               for n, d in m.items() if n != "manifest.json"}
        counts = {}
        for name, data in m.items():
            kind = name.removeprefix("records/").removesuffix(".json")
            if name.startswith("records/") and kind in bundles_format.MODELS:
                try:
                    counts[kind] = len(json.loads(data))
                except (ValueError, TypeError, RecursionError):
                    counts[kind] = 1
        if "sync/deletions.json" in m:
            manifest["format_version"] = 2
            counts["deletions"] = len(json.loads(m["sync/deletions.json"]))
        manifest["counts"] = counts
    manifest.update(override or {})
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        for name, data in m.items():
            if name != "manifest.json":
                zf.writestr(name, data)


# --- the mutations: each takes the good members and manifest, writes the hostile bundle ---

Mutation = Callable[[Path, Members, dict[str, Any]], None]


def records_edit(kind: str, change: Callable[[list[dict[str, Any]]], Any]) -> Mutation:
    def mutate(target: Path, m: Members, man: dict[str, Any]) -> None:
        records = _records(m, kind)
        result = change(records)
        _put(m, kind, records if result is None else result)
        _write(target, m, man)
    return mutate


def data_edit(kind: str, **values: Any) -> Mutation:
    def change(records: list[dict[str, Any]]) -> None:
        records[0]["data"].update(values)
    return records_edit(kind, change)


def manifest_edit(**values: Any) -> Mutation:
    def mutate(target: Path, m: Members, man: dict[str, Any]) -> None:
        _write(target, m, man, override=values)
    return mutate


def manifest_without(key: str) -> Mutation:
    def mutate(target: Path, m: Members, man: dict[str, Any]) -> None:
        man.pop(key)
        _write(target, m, man)
    return mutate


def raw(data: bytes) -> Mutation:
    def mutate(target: Path, m: Members, man: dict[str, Any]) -> None:
        target.write_bytes(data)
    return mutate


def truncated(target: Path, m: Members, man: dict[str, Any]) -> None:
    _write(target, m, man)
    data = target.read_bytes()
    target.write_bytes(data[: len(data) // 2])


def truncated_tail(target: Path, m: Members, man: dict[str, Any]) -> None:
    _write(target, m, man)
    target.write_bytes(target.read_bytes()[:-30])


def no_manifest(target: Path, m: Members, man: dict[str, Any]) -> None:
    with zipfile.ZipFile(target, "w") as zf:
        for name, data in m.items():
            if name != "manifest.json":
                zf.writestr(name, data)


def manifest_bytes(data: bytes) -> Mutation:
    def mutate(target: Path, m: Members, man: dict[str, Any]) -> None:
        with zipfile.ZipFile(target, "w") as zf:
            zf.writestr("manifest.json", data)
            for name, content in m.items():
                if name != "manifest.json":
                    zf.writestr(name, content)
    return mutate


def tampered_records(target: Path, m: Members, man: dict[str, Any]) -> None:
    _write(target, m, man)  # checksums of the good content …
    records = _records(m, "violations")
    records[0]["data"]["amount"] = 2_500_000  # … then the content changes, same size class
    m["records/violations.json"] = json.dumps(records, ensure_ascii=False).encode()
    fixed = json.loads(json.dumps(man))
    _write(target, m, fixed, fix=False)
    manifest = json.loads(zipfile.ZipFile(target).read("manifest.json"))
    manifest["members"]["records/violations.json"]["size"] = len(m["records/violations.json"])
    _rewrite_manifest(target, m, manifest)


def _rewrite_manifest(target: Path, m: Members, manifest: dict[str, Any]) -> None:
    with zipfile.ZipFile(target, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
        for name, data in m.items():
            if name != "manifest.json":
                zf.writestr(name, data)


def _file_name(m: Members) -> str:
    return next(n for n in m if n.startswith("files/") and m[n].startswith(b"\x89PNG"))


def tampered_file(target: Path, m: Members, man: dict[str, Any]) -> None:
    _write(target, m, man)
    manifest = json.loads(zipfile.ZipFile(target).read("manifest.json"))
    name = _file_name(m)
    m[name] = m[name][:-1] + b"!"
    _rewrite_manifest(target, m, manifest)


def file_renamed(target: Path, m: Members, man: dict[str, Any]) -> None:
    name = _file_name(m)
    m["files/" + "a" * 64] = m.pop(name)
    _write(target, m, man)


def not_an_image(target: Path, m: Members, man: dict[str, Any]) -> None:
    data = b"#!/bin/sh\nrm -rf /\n"
    m["files/" + hashlib.sha256(data).hexdigest()] = data
    _write(target, m, man)


def extra_member(name: str, data: bytes = b"{}", listed: bool = True) -> Mutation:
    def mutate(target: Path, m: Members, man: dict[str, Any]) -> None:
        m[name] = data
        _write(target, m, man)
        if not listed:
            manifest = json.loads(zipfile.ZipFile(target).read("manifest.json"))
            manifest["members"].pop(name)
            _rewrite_manifest(target, m, manifest)
    return mutate


def listed_but_missing(target: Path, m: Members, man: dict[str, Any]) -> None:
    _write(target, m, man)
    manifest = json.loads(zipfile.ZipFile(target).read("manifest.json"))
    manifest["members"]["files/" + "b" * 64] = {"sha256": "b" * 64, "size": 10}
    _rewrite_manifest(target, m, manifest)


def wrong_size(target: Path, m: Members, man: dict[str, Any]) -> None:
    _write(target, m, man)
    manifest = json.loads(zipfile.ZipFile(target).read("manifest.json"))
    manifest["members"]["records/visits.json"]["size"] += 1
    _rewrite_manifest(target, m, manifest)


def special_member(name: str, mode: int = 0, flag: int = 0, payload: bytes = b"x") -> Mutation:
    def mutate(target: Path, m: Members, man: dict[str, Any]) -> None:
        _write(target, m, man)
        with zipfile.ZipFile(target, "a") as zf:
            info = zipfile.ZipInfo(name)
            if mode:
                info.external_attr = mode << 16
            zf.writestr(info, payload)
        if flag:  # zipfile clears the flags it writes: set them in the central directory
            data = bytearray(target.read_bytes())
            at = data.rfind(name.encode()) - 46
            assert data[at:at + 4] == b"PK\x01\x02"
            data[at + 8] |= flag
            target.write_bytes(bytes(data))
    return mutate


def duplicate_member(target: Path, m: Members, man: dict[str, Any]) -> None:
    _write(target, m, man)
    with zipfile.ZipFile(target, "a") as zf, pytest.warns(UserWarning):
        zf.writestr("records/visits.json", m["records/visits.json"])


def huge_file(target: Path, m: Members, man: dict[str, Any]) -> None:
    data = b"\x89PNG\r\n\x1a\n" + bytes(bundles_format.MAX_FILE_BYTES + 10)
    m["files/" + hashlib.sha256(data).hexdigest()] = data
    _write(target, m, man)


def bomb(target: Path, m: Members, man: dict[str, Any]) -> None:
    m["records/licences.json"] = b"[" + b" " * (3 * 1024 * 1024) + b"]"
    _write(target, m, man)


def deep_json(target: Path, m: Members, man: dict[str, Any]) -> None:
    m["records/licences.json"] = b"[" * 200_000 + b"]" * 200_000
    _write(target, m, man)


def count_mismatch(target: Path, m: Members, man: dict[str, Any]) -> None:
    _write(target, m, man)
    manifest = json.loads(zipfile.ZipFile(target).read("manifest.json"))
    manifest["counts"]["visits"] = 5
    _rewrite_manifest(target, m, manifest)


def duplicate_id(records: list[dict[str, Any]]) -> None:
    records.append(json.loads(json.dumps(records[0])))


def other_case(records: list[dict[str, Any]]) -> None:
    records[0]["data"]["case_id"] = str(uuid.uuid4())


def new_user(target: Path, m: Members, man: dict[str, Any]) -> None:
    user = {"id": str(uuid.uuid4()), "login": "ke-mao-danh", "full_name": "Kẻ mạo danh",
            "role": "chief", "password_hash": "x", "active": True,
            "created_at": "2026-11-20T08:00:00+00:00"}
    user_record = {"id": user["id"], "base": None, "data": user}
    _put(m, "users", [user_record])
    _write(target, m, man)


def promoted_user(good: Good) -> Mutation:
    """The laptop sends the register's own inspector back as a chief."""
    def mutate(target: Path, m: Members, man: dict[str, Any]) -> None:
        user = {"id": str(good.world.inspector_id), "login": "tuan", "full_name": "Hoàng Văn Tuấn",
                "role": "chief", "password_hash": "x", "active": True,
                "created_at": "2026-11-20T08:00:00+00:00"}
        _put(m, "users", [{"id": user["id"], "base": None, "data": user}])
        _write(target, m, man)
    return mutate


def register_kind(kind: str) -> Mutation:
    def mutate(target: Path, m: Members, man: dict[str, Any]) -> None:
        m[f"records/{kind}.json"] = b"[]"
        _write(target, m, man)
    return mutate


def as_register_package(target: Path, m: Members, man: dict[str, Any]) -> None:
    man.update(kind="register", target_device="may-A")
    for name in [n for n in m if n.startswith("records/")]:
        m.pop(name)
    _write(target, m, man)


def pdf_missing(target: Path, m: Members, man: dict[str, Any]) -> None:
    records = _records(m, "violation_records")
    sha = records[0]["data"]["pdf_sha256"]
    m.pop(f"files/{sha}")
    _write(target, m, man)


def deletions(entries: Callable[[Members], list[dict[str, Any]]],
              **override: Any) -> Mutation:
    """The bundle with ``sync/deletions.json`` (format 2), the manifest fixed to match."""
    def mutate(target: Path, m: Members, man: dict[str, Any]) -> None:
        m["sync/deletions.json"] = json.dumps(entries(m)).encode()
        if "counts" in override:
            fixed = json.loads(json.dumps(man))
            _write(target, m, fixed)
            with zipfile.ZipFile(target) as zf:
                counts = json.loads(zf.read("manifest.json"))["counts"]
            override["counts"] = {**counts, **override["counts"]}
        _write(target, m, man, override=override or None)
    return mutate


def _gone(kind: str = "violations", rid: str | None = None) -> dict[str, Any]:
    return {"kind": kind, "id": rid or str(uuid.uuid4()), "base": "a" * 64}


CASES: dict[str, tuple[Mutation | Callable[[Good], Mutation], str]] = {
    # the container
    "empty-file": (raw(b""), "not a bundle"),
    "text-file": (raw(b"hello, this is not a zip\n" * 20), "not a bundle"),
    "truncated-half": (truncated, "bundle"),
    "truncated-tail": (truncated_tail, "bundle"),
    "no-manifest": (no_manifest, "manifest.json is missing"),
    "manifest-not-json": (manifest_bytes(b"{not json"), "not valid JSON"),
    "manifest-array": (manifest_bytes(b"[]"), "not a JSON object"),
    "manifest-bad-utf8": (manifest_bytes(b"\xff\xfe{}"), "not valid JSON"),
    "format-other": (manifest_edit(format="zip-of-things"), "not an Inspector bundle"),
    "format-version-newer": (manifest_edit(format_version=3), "supported: 1, 2"),
    "format-version-string": (manifest_edit(format_version="1"), "supported: 1, 2"),
    "format-version-zero": (manifest_edit(format_version=0), "supported: 1, 2"),
    # checksums and the member list
    "records-tampered": (tampered_records, "SHA-256"),
    "file-tampered": (tampered_file, "SHA-256"),
    "file-renamed": (file_renamed, "not named by its hash"),
    "file-not-image": (not_an_image, "not a JPEG, PNG or PDF"),
    "member-unlisted": (extra_member("records/licences.json", b"[]", listed=False),
                        "not listed in the manifest"),
    "listed-missing": (listed_but_missing, "missing"),
    "size-differs": (wrong_size, "differs in size"),
    "count-differs": (count_mismatch, "count of visits"),
    # paths and special members
    "path-dotdot": (special_member("../../etc/cron.d/evil"), "name outside the format"),
    "path-absolute": (special_member("/etc/passwd"), "name outside the format"),
    "path-files-dotdot": (special_member("files/../../evil"), "name outside the format"),
    "path-backslash": (special_member("files\\..\\..\\evil"), "name outside the format"),
    "path-unknown": (special_member("notes.txt"), "name outside the format"),
    "path-records-unknown": (special_member("records/secrets.json"), "name outside the format"),
    "symlink": (special_member("files/" + "c" * 64, mode=stat.S_IFLNK | 0o777,
                               payload=b"/etc/passwd"), "link"),
    "directory": (special_member("files/", mode=stat.S_IFDIR | 0o755, payload=b""),
                  "link or a directory"),
    "encrypted": (special_member("files/" + "d" * 64, flag=0x1), "encrypted"),
    "duplicate-member": (duplicate_member, "appears twice"),
    "huge-member": (huge_file, "too large"),
    "zip-bomb": (bomb, "compression ratio"),
    "deep-json": (deep_json, "not valid JSON"),
    # the schema
    "records-bad-json": (extra_member("records/licences.json", b"[{"), "not valid JSON"),
    "records-not-list": (extra_member("records/licences.json", b"{}"), "expected array"),
    "record-no-base": (records_edit("visits", lambda r: [r[0].pop("base"), None][1]),
                       "'base' is missing"),
    "record-unknown-field": (data_edit("visits", secret="x"), "unknown field 'secret'"),
    "record-missing-field": (records_edit("visits", lambda r: [r[0]["data"].pop("notes"), None][1]),
                             "'notes' is missing"),
    "amount-string": (data_edit("violations", amount="2000000"), "expected integer"),
    "amount-bool": (data_edit("violations", amount=True), "expected integer"),
    "name-too-long": (data_edit("establishments", name="N" * 300), "longer than 250"),
    # an INTEGER column holds 32 bits on PostgreSQL (limits.INT32), as a single save allows
    "amount-past-int32": (data_edit("violations", amount=2**31), "is above 2147483647"),
    "record-year-past-int32": (data_edit("violation_records", year=-(2**31) - 1),
                               "is below -2147483648"),
    "bad-uuid": (records_edit("visits", lambda r: r[0].update(id="not-a-uuid")),
                 "not a valid uuid"),
    "bad-date": (data_edit("visits", visit_date="2026-13-45"), "not a valid date"),
    "ancient-date": (data_edit("visits", visit_date="1800-01-01"), "not a valid date"),
    "naive-created-at": (manifest_edit(created_at="2026-11-25T08:00:00"), "date-time"),
    "manifest-no-id": (manifest_without("bundle_id"), "'bundle_id' is missing"),
    "manifest-unknown-field": (manifest_edit(signed_by="chief"), "unknown field 'signed_by'"),
    "manifest-bad-reference": (manifest_edit(reference_version="latest"), "does not match"),
    "manifest-bad-kind": (manifest_edit(kind="server"), "is not one of"),
    "counts-decisions": (manifest_edit(counts={"sanction_decisions": 1}),
                         "unknown field 'sanction_decisions'"),
    # who may send what
    "decision-claimed": (register_kind("sanction_decisions"), "decisions"),
    "payment-claimed": (register_kind("payments"), "decisions"),
    "numbers-claimed": (register_kind("document_numbers"), "decisions"),
    "inspection-claimed": (register_kind("inspections"), "cannot send inspections"),
    "plan-claimed": (register_kind("inspection_plans"), "cannot send inspection_plans"),
    "decided-status": (data_edit("cases", status="decided"), "belongs to the register"),
    "paid-status": (data_edit("cases", status="paid"), "belongs to the register"),
    "role-claimed": (promoted_user, "cannot claim the role 'chief'"),
    "user-created": (new_user, "cannot create accounts"),
    "unknown-device": (manifest_edit(source_device="may-X"), "never prepared a package"),
    "other-register": (manifest_edit(target_device="so-khac"), "not to this register"),
    "older-law": (manifest_edit(reference_version="sha256:" + "0" * 64),
                  "take the register's package first"),
    "blocks-claimed": (manifest_edit(number_blocks=[{"kind": "BB-VPHC", "year": 2026,
                                                     "first": 1, "last": 9999}]),
                       "cannot send number blocks"),
    "register-package-to-register": (as_register_package, "register"),
    # the numbers
    "record-number-outside-block": (data_edit("violation_records", number=999),
                                    "outside the blocks reserved"),
    "record-year-other": (data_edit("violation_records", year=2025), "year differs"),
    "record-status-other": (data_edit("violation_records", status="cancelled"), "not allowed"),
    "record-pdf-missing": (pdf_missing, "PDF is missing"),
    # the law and the dates
    "fine-above-bracket": (data_edit("violations", amount=50_000_000), "law check"),
    "fine-below-bracket": (data_edit("violations", amount=100_000), "law check"),
    "fine-negative": (data_edit("violations", amount=-5), "law check"),
    "provision-unknown": (data_edit("violations", provision_key="999/2099/NĐ-CP:1.1.a"),
                          "law check"),
    "future-visit": (data_edit("visits", visit_date="2027-01-05"), "in the future"),
    "future-record": (data_edit("violation_records", made_on="2027-01-05"), "in the future"),
    "dates-out-of-order": (data_edit("violations", ongoing=False, ended_on="2026-11-25",
                                     discovered_on="2026-11-20"), "ended_on is after"),
    # identity and links
    "duplicate-id": (records_edit("visits", duplicate_id), "appears twice"),
    "id-mismatch": (records_edit("visits", lambda r: r[0].update(id=str(uuid.uuid4()))),
                    "id differs"),
    "missing-parent": (data_edit("visits", inspection_id=str(uuid.uuid4())),
                       "neither here nor in the bundle"),
    "violation-wrong-case": (records_edit("violations", other_case),
                             "neither here nor in the bundle"),
    "attachment-owner-missing": (data_edit("attachments", owner_id=str(uuid.uuid4())),
                                 "neither here nor in the bundle"),
    "attachment-file-missing": (data_edit("attachments", sha256="e" * 64),
                                "file is missing"),
    "attachment-type-lie": (data_edit("attachments", mime_type="application/pdf"),
                            "differs from the recorded type"),
    "attachment-size-lie": (data_edit("attachments", size_bytes=1), "or size"),
    # removals handed in (format 2)
    "deletions-in-format-1": (deletions(lambda m: [_gone()], format_version=1),
                              "format 2 or later"),
    "deletions-unknown-kind": (deletions(lambda m: [_gone("cases")]), "sync/deletions.json"),
    "deletions-bad-id": (deletions(lambda m: [{**_gone(), "id": "../x"}]),
                         "sync/deletions.json"),
    "deletions-count-lie": (deletions(lambda m: [_gone()], counts={"deletions": 5}),
                            "count of deletions"),
    "deletions-twice": (deletions(lambda m: [_gone(rid="0" * 8 + "-0000-4000-8000-" + "0" * 12)]
                                  * 2), "removed twice"),
    "deletions-carried-and-removed": (deletions(lambda m: [_gone(rid=_records(m, "violations")
                                                                 [0]["id"])]),
                                      "both carried and removed"),
}


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 50


@pytest.fixture
def register_copy(good: Good, tmp_path: Path) -> Side:
    src = good.world.register
    side = Side("register", tmp_path / "register.sqlite", tmp_path / "home")
    shutil.copyfile(src.path, side.path)
    shutil.copytree(src.home, side.home)
    return side


def _store(side: Side) -> dict[str, str]:
    root = side.home / "data" / "attachments"
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*") if p.is_file()} if root.exists() else {}


def test_the_good_bundle_imports(good: Good, register_copy: Side) -> None:
    """The control: the bundle every case is made from is accepted."""
    with register_copy.active() as db:
        summary = import_bundle(db, register_copy.actor, good.bundle)
    assert summary.added["visits"] == 2


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_bundle_is_refused_and_register_unchanged(
        name: str, good: Good, register_copy: Side, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    make, expected = CASES[name]
    if make in (promoted_user,):
        make = make(good)  # type: ignore[call-arg, assignment]
    target = tmp_path / f"{name}.zip"
    members = dict(good.members)
    make(target, members, json.loads(json.dumps(good.manifest)))  # type: ignore[call-arg]
    before, files = register_copy.digest(), _store(register_copy)
    with register_copy.active() as db, pytest.raises(ServiceError) as refused:
        import_bundle(db, register_copy.actor, target)
    message = refused.value.en
    assert expected in message, message
    assert "\n" not in message and "\n" not in refused.value.vi
    assert register_copy.digest() == before
    assert _store(register_copy) == files


def test_too_many_members_refused_before_reading(good: Good, register_copy: Side, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundles_zip, "MAX_MEMBERS", 3)
    before = register_copy.digest()
    with register_copy.active() as db, pytest.raises(ServiceError, match="members"):
        import_bundle(db, register_copy.actor, good.bundle)
    assert register_copy.digest() == before
