"""Bundles as zip files: writing one atomically, and reading one that came from elsewhere.

A bundle is untrusted: :func:`read_bundle` refuses, with one line, any member name outside the
format (so no path can leave the attachment store), links, directories, encrypted members, a
member or a total larger than the caps (checked on the directory before anything is read, and
again while reading), a member whose SHA-256 differs from the manifest, an unknown format
version, and JSON that does not match the published schema — before anything is written.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import tempfile
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from inspector.services import attachments as att
from inspector.services.bundles_format import (
    ACKNOWLEDGED,
    DELETIONS,
    DELETIONS_SINCE,
    FILE_RE,
    FORMAT,
    FORMAT_VERSION,
    KIND_LABELS_VI,
    LAPTOP,
    MANIFEST,
    MAX_FILE_BYTES,
    MAX_JSON_BYTES,
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    MODELS,
    RECORDS_RE,
    REFERENCE,
    REGISTER_ONLY,
    SUPPORTED_VERSIONS,
    BundleError,
    validate,
)
from inspector.services.errors import ValidationError

# --- writing --------------------------------------------------------------------------------

@dataclass
class Outgoing:
    """What a bundle will hold, before it is written."""

    kind: str
    source_device: str
    target_device: str | None
    reference_version: str
    app_version: str
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    files: dict[str, Path | bytes] = field(default_factory=dict)
    acknowledged: list[dict[str, str]] = field(default_factory=list)
    deletions: list[dict[str, str]] = field(default_factory=list)
    reference: dict[str, list[dict[str, Any]]] | None = None
    number_blocks: list[dict[str, Any]] = field(default_factory=list)
    audit_anchor: dict[str, Any] | None = None
    bundle_id: uuid.UUID = field(default_factory=uuid.uuid4)
    created_at: datetime = field(default_factory=lambda: datetime.now().astimezone())


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_bundle(out: Outgoing, target: Path) -> dict[str, Any]:
    """Write the zip next to ``target`` and rename it into place; returns the manifest."""
    members: dict[str, dict[str, Any]] = {}
    payloads: list[tuple[str, bytes | Path]] = []

    def add(name: str, data: bytes) -> None:
        members[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        payloads.append((name, data))

    for kind in MODELS:
        if out.records.get(kind):
            add(f"records/{kind}.json", _json_bytes(out.records[kind]))
    if out.acknowledged:
        add(ACKNOWLEDGED, _json_bytes(out.acknowledged))
    if out.deletions:
        add(DELETIONS, _json_bytes(out.deletions))
    if out.reference is not None:
        add(REFERENCE, _json_bytes(out.reference))
    for sha, source in sorted(out.files.items()):
        data = source if isinstance(source, bytes) else source.read_bytes()
        if hashlib.sha256(data).hexdigest() != sha:
            raise BundleError(f"Tệp đính kèm {sha[:12]}… trong máy không khớp mã băm; "
                              "không tạo gói.",
                              f"the stored file {sha} does not match its hash; no bundle made")
        members[f"files/{sha}"] = {"sha256": sha, "size": len(data)}
        payloads.append((f"files/{sha}", data))
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION if out.deletions else 1,
        "kind": out.kind,
        "bundle_id": str(out.bundle_id), "source_device": out.source_device,
        "target_device": out.target_device, "created_at": out.created_at.isoformat(),
        "app_version": out.app_version, "reference_version": out.reference_version,
        "counts": {**{k: len(v) for k, v in out.records.items() if v},
                   **({"deletions": len(out.deletions)} if out.deletions else {})},
        "members": members, "number_blocks": out.number_blocks,
        "audit_anchor": out.audit_anchor,
    }
    validate(manifest, "manifest", "manifest")
    target = target.expanduser()
    if not target.parent.is_dir():
        raise BundleError(f"Thư mục {target.parent} không tồn tại.",
                          f"folder {target.parent} does not exist")
    handle, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(handle)
    tmp = Path(tmp_name)
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
            for name, payload in payloads:
                # Photos and PDFs are compressed already: stored as they are.
                method = zipfile.ZIP_STORED if name.startswith("files/") else zipfile.ZIP_DEFLATED
                zf.writestr(name, payload if isinstance(payload, bytes)
                            else payload.read_bytes(), compress_type=method)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return manifest


# --- reading --------------------------------------------------------------------------------

@dataclass
class Incoming:
    """A bundle whose every member passed the checks (the zip stays open for the files)."""

    path: Path
    manifest: dict[str, Any]
    manifest_sha256: str
    records: dict[str, list[dict[str, Any]]]
    acknowledged: list[dict[str, str]]
    reference: dict[str, list[dict[str, Any]]] | None
    files: dict[str, zipfile.ZipInfo]
    zip: zipfile.ZipFile
    deletions: list[dict[str, str]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return str(self.manifest["kind"])

    @property
    def bundle_id(self) -> uuid.UUID:
        return uuid.UUID(self.manifest["bundle_id"])

    def read_file(self, sha: str) -> bytes:
        data = self._read(self.files[sha], MAX_FILE_BYTES)
        if hashlib.sha256(data).hexdigest() != sha:
            raise _bad(f"files/{sha}", "khác mã SHA-256 trong bản kê",
                       "does not match its SHA-256 in the manifest")
        return data

    def _read(self, info: zipfile.ZipInfo, cap: int) -> bytes:
        buf = io.BytesIO()
        with self.zip.open(info) as src:
            while chunk := src.read(1024 * 1024):
                buf.write(chunk)
                if buf.tell() > min(cap, info.file_size):
                    raise _bad(info.filename, "lớn hơn kích thước khai báo",
                               "is larger than its declared size")
        return buf.getvalue()

    def close(self) -> None:
        self.zip.close()


def _bad(member: str, vi: str, en: str) -> BundleError:
    return BundleError(f"Gói dữ liệu bị từ chối: thành phần “{member}” {vi}.",
                       f"bundle refused: member {member!r} {en}")


def _check_directory(zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise BundleError(f"Gói dữ liệu có quá nhiều thành phần ({len(infos)}; tối đa "
                          f"{MAX_MEMBERS}).",
                          f"bundle refused: {len(infos)} members (at most {MAX_MEMBERS})")
    total = 0
    by_name: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        if name in by_name:
            raise _bad(name, "xuất hiện hai lần", "appears twice")
        mode = info.external_attr >> 16
        kind = stat.S_IFMT(mode)
        if info.is_dir() or (kind and kind != stat.S_IFREG):
            raise _bad(name, "là liên kết hoặc thư mục", "is a link or a directory")
        if info.flag_bits & 0x1:
            raise _bad(name, "được mã hóa", "is encrypted")
        if name in REGISTER_ONLY:
            raise _bad(name, "là quyết định xử phạt hoặc thanh toán: chỉ Sở ra quyết định và cấp "
                       "số quyết định, gói dữ liệu không được mang", "holds decisions or "
                       "payments: decisions and their numbers are made only in the register")
        if name != MANIFEST and name not in (ACKNOWLEDGED, DELETIONS, REFERENCE) \
                and not FILE_RE.fullmatch(name) and not _records_kind(name):
            raise _bad(name[:120], "có tên không được phép (chỉ manifest.json, records/, sync/, "
                       "reference/, files/<sha256>)", "has a name outside the format")
        cap = MAX_FILE_BYTES if name.startswith("files/") else MAX_JSON_BYTES
        if info.file_size > cap:
            raise _bad(name, f"quá lớn ({info.file_size} byte; tối đa {cap})",
                       f"is too large ({info.file_size} bytes, at most {cap})")
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _bad(name, "có tỉ lệ nén bất thường (nghi bom zip)",
                       "has an abnormal compression ratio (zip bomb)")
        total += info.file_size
        by_name[name] = info
    if total > MAX_TOTAL_BYTES:
        raise BundleError("Gói dữ liệu quá lớn khi giải nén.",
                          f"bundle refused: {total} bytes uncompressed (at most {MAX_TOTAL_BYTES})")
    if MANIFEST not in by_name:
        raise BundleError("Gói dữ liệu thiếu bản kê manifest.json.",
                          "bundle refused: manifest.json is missing")
    return by_name


def _records_kind(name: str) -> str | None:
    match = RECORDS_RE.fullmatch(name)
    return match.group(1) if match and match.group(1) in MODELS else None


def _load_json(data: bytes, member: str) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise _bad(member, f"không phải JSON hợp lệ ({exc})"[:200],
                   f"is not valid JSON ({exc})"[:200]) from None


def read_bundle(path: Path) -> Incoming:
    """Open and check a bundle completely before anything is written anywhere."""
    path = Path(path)
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BundleError(f"Không tìm thấy tệp {path.name}.", f"no such file: {path}") from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise BundleError(f"Tệp {path.name} không phải gói dữ liệu (zip hỏng hoặc cắt cụt).",
                          f"{path.name} is not a bundle (damaged or truncated zip: {exc})") from None
    try:
        return _read(path, zf)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:
        zf.close()
        if isinstance(exc, ValidationError):
            raise
        raise BundleError(f"Tệp {path.name} hỏng: không đọc được nội dung ({exc}).",
                          f"{path.name} is damaged: {exc}") from None
    except BaseException:
        zf.close()
        raise


def _read(path: Path, zf: zipfile.ZipFile) -> Incoming:
    by_name = _check_directory(zf)
    holder = Incoming(path, {}, "", {}, [], None, {}, zf)
    raw_manifest = holder._read(by_name[MANIFEST], MAX_JSON_BYTES)
    manifest = _load_json(raw_manifest, MANIFEST)
    if not isinstance(manifest, dict):
        raise _bad(MANIFEST, "không phải một đối tượng JSON", "is not a JSON object")
    version = manifest.get("format_version")
    if manifest.get("format") != FORMAT:
        raise BundleError("Tệp không phải gói dữ liệu Inspector.",
                          f"not an Inspector bundle (format {manifest.get('format')!r})")
    if version not in SUPPORTED_VERSIONS:
        supported = ", ".join(str(v) for v in SUPPORTED_VERSIONS)
        raise BundleError(f"Gói dữ liệu theo định dạng phiên bản {version!r}, chương trình này chỉ "
                          f"đọc phiên bản {supported}; hãy cập nhật Inspector.",
                          f"bundle format version {version!r} is not supported "
                          f"(supported: {supported})")
    validate(manifest, "manifest", "manifest")
    members = manifest["members"]
    for name in by_name:
        if name != MANIFEST and name not in members:
            raise _bad(name, "không có trong bản kê", "is not listed in the manifest")
    for name, meta in members.items():
        info = by_name.get(name)
        if info is None:
            raise _bad(name[:120], "có trong bản kê nhưng thiếu trong gói",
                       "is listed in the manifest but missing")
        if info.file_size != meta["size"]:
            raise _bad(name, "khác kích thước trong bản kê", "differs in size from the manifest")
        file_match = FILE_RE.fullmatch(name)
        if file_match and file_match.group(1) != meta["sha256"]:
            raise _bad(name, "không mang đúng tên mã băm của nó", "is not named by its hash")
    records: dict[str, list[dict[str, Any]]] = {}
    files: dict[str, zipfile.ZipInfo] = {}
    acknowledged: list[dict[str, str]] = []
    deletions: list[dict[str, str]] = []
    reference = None
    for name, info in by_name.items():
        if name == MANIFEST:
            continue
        if name.startswith("files/"):
            data = holder._read(info, MAX_FILE_BYTES)
        else:
            data = holder._read(info, MAX_JSON_BYTES)
        if hashlib.sha256(data).hexdigest() != members[name]["sha256"]:
            raise _bad(name, "khác mã SHA-256 trong bản kê",
                       "does not match its SHA-256 in the manifest")
        if name.startswith("files/"):
            if att.detect_type(data[:16]) is None:
                raise _bad(name, "không phải ảnh JPEG, PNG hay tệp PDF",
                           "is not a JPEG, PNG or PDF file")
            files[name.removeprefix("files/")] = info
            continue
        value = _load_json(data, name)
        kind = _records_kind(name)
        if kind is not None:
            validate(value, f"records_{kind}", name)
            records[kind] = value
        elif name == ACKNOWLEDGED:
            validate(value, "acknowledged", name)
            acknowledged = value
        elif name == DELETIONS:
            if version < DELETIONS_SINCE or manifest["kind"] != LAPTOP:
                raise _bad(name, f"chỉ có trong gói của máy trạm, định dạng từ phiên bản "
                           f"{DELETIONS_SINCE}", f"belongs only to laptop bundles of format "
                           f"{DELETIONS_SINCE} or later")
            validate(value, "deletions", name)
            deletions = value
        else:
            validate(value, "reference", name)
            reference = value
    counts = manifest["counts"]
    for kind in MODELS:
        if counts.get(kind, 0) != len(records.get(kind, [])):
            raise BundleError(f"Số bản ghi “{KIND_LABELS_VI[kind]}” khác bản kê.",
                              f"bundle refused: the count of {kind} differs from the manifest")
    if counts.get("deletions", 0) != len(deletions):
        raise BundleError("Số bản ghi đã xóa khác bản kê.",
                          "bundle refused: the count of deletions differs from the manifest")
    holder.deletions = deletions
    holder.manifest = manifest
    holder.manifest_sha256 = hashlib.sha256(raw_manifest).hexdigest()
    holder.records = records
    holder.acknowledged = acknowledged
    holder.reference = reference
    holder.files = files
    return holder


def iter_items(bundle: Incoming) -> Iterator[tuple[str, dict[str, Any]]]:
    for kind in MODELS:
        for item in bundle.records.get(kind, []):
            yield kind, item
