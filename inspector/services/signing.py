"""PAdES signatures on PDFs with pyHanko: from a USB token (PKCS#11) or a PKCS#12 file.

No signature code of our own: pyHanko makes and checks the CMS, python-pkcs11 talks to the
token. What this module adds is the agency's configuration (``paths.signing_dir()``): the trust
anchors the administrator installed (``trust/``: roots, intermediates, CRLs — nothing is
hard-coded), the images of the appearances (``images/``), the token's PKCS#11 library. Keys,
PINs and certificates are held in memory for one signing only; what leaves this module is the
certificate's identity and fingerprint (:class:`CertIdentity`).

Signing refuses a certificate that is expired, not yet valid, not chained to an installed
anchor, or not the expected holder's (:mod:`inspector.domain.signatures`). With CRLs installed
for the chain, the validation data is embedded (PAdES B-LT, offline); without, the certificates
alone go into the DSS and the signature is B-B.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from inspector import paths
from inspector.domain.signatures import (
    FIELD_NAMES,
    VIETNAM,
    SignatureRole,
    agency_matches,
    signer_matches,
)
from inspector.domain.text import search_key
from inspector.services.errors import ServiceError, ValidationError

# Fetching is off on purpose (validation data comes from ``trust/``, offline): pyHanko's warning
# that it is off would be logged on every signature.
logging.getLogger("pyhanko.sign.signers.pdf_signer").setLevel(logging.ERROR)


class SigningError(ServiceError):
    """A signature could not be made: one line saying why; nothing was stored."""


@dataclass(frozen=True)
class TokenCredentials:
    """A USB token or smart card: its label and the user's PIN (never logged, never stored)."""

    label: str
    pin: str = field(repr=False)
    module: str | None = None  # the PKCS#11 library; default: the configured one


@dataclass(frozen=True)
class P12Credentials:
    """A PKCS#12 file (.p12/.pfx) and its passphrase."""

    path: Path
    passphrase: str = field(repr=False)


Credentials = TokenCredentials | P12Credentials


@dataclass(frozen=True)
class CertIdentity:
    """What is recorded of a certificate: who, which one, by whom, and its fingerprint."""

    subject: str
    serial: str
    issuer: str
    fingerprint_sha256: str
    common_names: tuple[str, ...]
    organisations: tuple[str, ...]
    not_before: datetime
    not_after: datetime

    @property
    def holder(self) -> str:
        return self.common_names[0] if self.common_names else self.subject


def identity_of(cert: Any) -> CertIdentity:
    """The identity of an asn1crypto certificate."""
    native = cert.subject.native

    def names(key: str) -> tuple[str, ...]:
        value = native.get(key)
        if value is None:
            return ()
        return tuple(value) if isinstance(value, list) else (str(value),)

    validity = cert["tbs_certificate"]["validity"]
    return CertIdentity(
        subject=cert.subject.human_friendly, serial=format(cert.serial_number, "x"),
        issuer=cert.issuer.human_friendly,
        fingerprint_sha256=hashlib.sha256(cert.dump()).hexdigest(),
        common_names=names("common_name"), organisations=names("organization_name"),
        not_before=validity["not_before"].native, not_after=validity["not_after"].native)


# --- the administrator's configuration ------------------------------------------------------

def trust_dir() -> Path:
    return paths.signing_dir() / "trust"


def images_dir() -> Path:
    return paths.signing_dir() / "images"


def seal_image() -> Path | None:
    found = images_dir() / "seal.png"
    return found if found.is_file() else None


def signature_image(signer_name: str) -> Path | None:
    """``images/signatures/nguyen-van-a.png`` for Nguyễn Văn A (the name without accents)."""
    found = images_dir() / "signatures" / (search_key(signer_name).replace(" ", "-") + ".png")
    return found if found.is_file() else None


def pkcs11_module() -> str:
    """The token's PKCS#11 library: ``INSPECTOR_PKCS11_MODULE``, else the ``pkcs11-module``
    file of the signing folder (one line, the library's path)."""
    configured = os.environ.get("INSPECTOR_PKCS11_MODULE", "").strip()
    if not configured:
        setting = paths.signing_dir() / "pkcs11-module"
        if setting.is_file():
            configured = setting.read_text(encoding="utf-8").strip()
    if not configured:
        raise SigningError(
            "Chưa cài đặt thư viện PKCS#11 của thiết bị ký số (tệp pkcs11-module trong thư mục "
            "cài đặt chữ ký số).", "no PKCS#11 module configured (INSPECTOR_PKCS11_MODULE or "
            f"{paths.signing_dir() / 'pkcs11-module'})")
    if not Path(configured).is_file():
        raise SigningError(f"Không tìm thấy thư viện PKCS#11: {configured}.",
                           f"PKCS#11 module not found: {configured}")
    return configured


@dataclass(frozen=True)
class TrustStore:
    """The installed anchors: self-signed roots, the other certificates (intermediates) and CRLs."""

    roots: tuple[Any, ...]
    others: tuple[Any, ...]
    crls: tuple[Any, ...]

    def context(self, moment: datetime | None = None, for_signing: bool = False) -> Any:
        from pyhanko_certvalidator import ValidationContext

        return ValidationContext(
            trust_roots=list(self.roots), other_certs=list(self.others), crls=list(self.crls),
            allow_fetching=False, revocation_mode="soft-fail", moment=moment,
            best_signature_time=moment if for_signing else None)


def _load_pem_or_der(data: bytes, marker: bytes) -> list[bytes]:
    if marker in data:
        from asn1crypto import pem

        return [der for _, _, der in pem.unarmor(data, multiple=True)]
    return [data]


def load_trust(folder: Path | None = None) -> TrustStore:
    """Read ``trust/``: *.pem, *.crt, *.cer, *.der certificates and *.crl lists."""
    from asn1crypto import crl, x509

    folder = folder or trust_dir()
    roots: list[Any] = []
    others: list[Any] = []
    crls: list[Any] = []
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            suffix = path.suffix.lower()
            if suffix not in (".pem", ".crt", ".cer", ".der", ".crl") or not path.is_file():
                continue
            data = path.read_bytes()
            try:
                if suffix == ".crl":
                    crls += [crl.CertificateList.load(d)
                             for d in _load_pem_or_der(data, b"-----BEGIN X509 CRL")]
                    continue
                for der in _load_pem_or_der(data, b"-----BEGIN CERTIFICATE"):
                    cert = x509.Certificate.load(der)
                    (roots if cert.self_signed else others).append(cert)
            except ValueError as exc:
                raise ValidationError(f"Tệp chứng thư tin cậy không đọc được: {path.name}.",
                                      f"cannot read the trust file {path}: {exc}") from exc
    return TrustStore(tuple(roots), tuple(others), tuple(crls))


# --- opening the signer's key ---------------------------------------------------------------

@contextmanager
def open_signer(credentials: Credentials, wanted: Callable[[CertIdentity], bool],
                trust: TrustStore) -> Iterator[Any]:
    """A pyHanko signer for the certificate that ``wanted`` accepts; the token's session is
    closed on leaving."""
    if isinstance(credentials, P12Credentials):
        yield _p12_signer(credentials, trust)
        return
    with _token_signer(credentials, wanted, trust) as signer:
        yield signer


def _p12_signer(credentials: P12Credentials, trust: TrustStore) -> Any:
    from pyhanko.sign import signers

    try:
        data = credentials.path.read_bytes()
    except OSError as exc:
        raise SigningError(f"Không đọc được tệp chứng thư số: {credentials.path}.",
                           f"cannot read {credentials.path}: {exc.strerror}") from exc
    try:
        return signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=list(trust.others), passphrase=credentials.passphrase.encode())
    except ValueError as exc:
        raise SigningError("Mật khẩu tệp chứng thư số không đúng hoặc tệp không phải PKCS#12.",
                           "wrong passphrase or not a PKCS#12 file") from exc


@contextmanager
def _token_signer(credentials: TokenCredentials, wanted: Callable[[CertIdentity], bool],
                  trust: TrustStore) -> Iterator[Any]:
    import pkcs11
    from asn1crypto import x509
    from pkcs11 import Attribute, ObjectClass
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    module = credentials.module or pkcs11_module()
    try:
        session = open_pkcs11_session(module, token_criteria=TokenCriteria(
            label=credentials.label), user_pin=credentials.pin)
    except pkcs11.exceptions.PinIncorrect as exc:
        raise SigningError("Mã PIN không đúng.", "wrong PIN") from exc
    except pkcs11.exceptions.PinLocked as exc:
        raise SigningError("Thiết bị ký số đã bị khóa PIN.", "the token's PIN is locked") from exc
    except (pkcs11.exceptions.PKCS11Error, OSError, RuntimeError) as exc:
        raise SigningError(f"Không mở được thiết bị ký số “{credentials.label}”.",
                           f"cannot open the token {credentials.label!r}: {exc}") from exc
    try:
        keys = {bytes(k[Attribute.ID]) for k in session.get_objects(
            {Attribute.CLASS: ObjectClass.PRIVATE_KEY})}
        found: list[tuple[bytes, CertIdentity]] = []
        for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
            cert_id = bytes(obj[Attribute.ID])
            if cert_id in keys:
                found.append((cert_id, identity_of(x509.Certificate.load(
                    bytes(obj[Attribute.VALUE])))))
        if not found:
            raise SigningError("Thiết bị ký số không có chứng thư số kèm khóa bí mật.",
                               "the token holds no certificate with its private key")
        chosen = next((c for c in found if wanted(c[1])), found[0])
        yield PKCS11Signer(session, cert_id=chosen[0], key_id=chosen[0],
                           other_certs_to_pull=None, ca_chain=list(trust.others))
    finally:
        session.close()


# --- signing --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Placement:
    """Where a signature's appearance goes: page index and box (x1, y1, x2, y2) in points."""

    page: int
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class Appearance:
    """What the signature shows: an image (signature or seal) and, for the agency, lines of
    text (its name and the signing time)."""

    image: Path | None = None
    lines: tuple[str, ...] = ()
    text_color: tuple[float, float, float] = (0, 0, 0)
    image_width: float | None = None  # points; the image's left part of the box
    text_left: bool = False  # text without an image: left-aligned at 10 pt (a copy's signature)


@dataclass(frozen=True)
class Signed:
    pdf: bytes
    identity: CertIdentity
    signed_at: datetime
    level: str  # "B-LT" or "B-B"


def check_certificate(identity: CertIdentity, at: datetime, role: SignatureRole,
                      expected_name: str) -> None:
    """Refuse an expired, not-yet-valid or someone else's certificate before signing."""
    if at < identity.not_before:
        raise SigningError(
            f"Chứng thư số của {identity.holder} chưa có hiệu lực (từ "
            f"{identity.not_before.astimezone(VIETNAM):%d/%m/%Y}).",
            f"the certificate of {identity.holder} is not valid before {identity.not_before}")
    if at > identity.not_after:
        raise SigningError(
            f"Chứng thư số của {identity.holder} đã hết hạn ngày "
            f"{identity.not_after.astimezone(VIETNAM):%d/%m/%Y}.",
            f"the certificate of {identity.holder} expired on {identity.not_after}")
    if role is SignatureRole.SIGNER and not signer_matches(identity.common_names, expected_name):
        raise SigningError(
            f"Chứng thư số cấp cho “{identity.holder}”, không phải người ký quyết định "
            f"“{expected_name}”.",
            f"the certificate is {identity.holder}'s, not the decision's signer {expected_name}")
    if role is SignatureRole.AGENCY and not agency_matches(
            identity.common_names + identity.organisations, expected_name):
        raise SigningError(
            f"Chứng thư số cấp cho “{identity.holder}”, không phải của cơ quan “{expected_name}”.",
            f"the certificate is {identity.holder}'s, not the agency {expected_name}'s")


def _check_chain(cert: Any, context: Any, identity: CertIdentity) -> None:
    """The certificate chains to an installed anchor and is not revoked (with the CRLs of
    ``trust/``), before anything is signed."""
    import asyncio

    from pyhanko_certvalidator import CertificateValidator
    from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

    try:
        asyncio.run(CertificateValidator(cert, validation_context=context)
                    .async_validate_usage(set()))
    except PathBuildingError as exc:
        raise SigningError(
            f"Chứng thư số của {identity.holder} không thuộc tổ chức chứng thực tin cậy đã "
            "cài đặt.", f"the certificate of {identity.holder} does not chain to an "
            f"installed trust anchor: {exc}") from exc
    except PathValidationError as exc:
        raise SigningError(f"Chứng thư số của {identity.holder} không hợp lệ: {exc}.",
                           f"the certificate of {identity.holder} is not valid: {exc}") from exc


def wanted_for(role: SignatureRole, expected_name: str) -> Callable[[CertIdentity], bool]:
    if role is SignatureRole.SIGNER:
        return lambda c: signer_matches(c.common_names, expected_name)
    return lambda c: agency_matches(c.common_names + c.organisations, expected_name)


def render_appearance(look: Appearance, width: float, height: float) -> bytes:
    """The appearance as a one-page PDF of the box's size, drawn with the documents' fonts
    (reportlab): the image at the top left (centred when alone), the text lines under it."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from inspector.documents.layout import REGULAR, register_fonts

    register_fonts()
    out = BytesIO()
    c = canvas.Canvas(out, pagesize=(width, height))
    text_height = 10.5 * len(look.lines) + 2 if look.lines else 0
    if look.image is not None:
        image = ImageReader(str(look.image))
        iw, ih = image.getSize()
        room_w = look.image_width or width
        room_h = height - text_height
        scale = min(room_w / iw, room_h / ih)
        w, h = iw * scale, ih * scale
        if look.image_width:  # the seal: top left, its text under it
            c.drawImage(image, 0, height - h, w, h, mask="auto")
        else:
            c.drawImage(image, (width - w) / 2, height - h - (room_h - h) / 2, w, h, mask="auto")
    if look.lines:
        size, leading = (10.0, 12.0) if look.text_left else (8.5, 10.5)
        c.setFillColorRGB(*look.text_color)
        # Under the image (the seal's text stays there when no seal image is installed);
        # alone, centred in the box (the signer's name when no signature image is).
        under = look.image is not None or look.image_width is not None
        y = text_height - 9.5 if under else (height + leading * len(look.lines)) / 2 - size
        for line in look.lines:
            c.setFont(REGULAR, size)
            if under or look.text_left:
                c.drawString(0, y, line)
            else:
                c.drawCentredString(width / 2, y, line)
            y -= leading
    c.showPage()
    c.save()
    return out.getvalue()


def _stamp_style(look: Appearance, box: tuple[int, int, int, int]) -> Any:
    from pyhanko.pdf_utils import content, layout
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.stamp import StaticStampStyle

    page = render_appearance(look, box[2] - box[0], box[3] - box[1])

    class Drawn(content.ImportedPdfPage):
        """The drawn page, from memory (pyHanko's import reads a file)."""

        def render(self) -> bytes:
            import binascii
            import uuid

            xobj = self._ensure_writer.import_page_as_xobject(PdfFileReader(BytesIO(page)),
                                                             page_ix=0)
            name = b"/Import" + binascii.hexlify(uuid.uuid4().bytes)
            self.resources.xobject[name.decode("ascii")] = xobj
            x1, y1, x2, y2 = xobj.get_object()["/BBox"]
            self.box = layout.BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
            return name + b" Do"

    return StaticStampStyle(background=Drawn(""), border_width=0, background_opacity=1.0,
                            background_layout=layout.SimpleBoxLayoutRule(
                                x_align=layout.AxisAlignment.ALIGN_MID,
                                y_align=layout.AxisAlignment.ALIGN_MID,
                                margins=layout.Margins.uniform(0)))


class _AtTimePdfSigner:
    """pyHanko's PdfSigner with the signing time chosen by the caller, so that the time shown
    in the appearance is the time in the CMS signature."""

    @staticmethod
    def make(meta: Any, signer: Any, style: Any, spec: Any, at: datetime) -> Any:
        from pyhanko.sign.signers import PdfSigner

        class AtTime(PdfSigner):
            def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False
                                     ) -> Any:
                session = super().init_signing_session(pdf_out, existing_fields_only)
                session.system_time = at
                return session

        return AtTime(meta, signer=signer, stamp_style=style, new_field_spec=spec)


def sign_pdf(pdf: bytes, credentials: Credentials, role: SignatureRole, expected_name: str,
             placement: Placement, look: Appearance, reason: str, location: str,
             trust: TrustStore | None = None, at: datetime | None = None,
             field_name: str | None = None) -> Signed:
    """Sign ``pdf`` (an incremental update: earlier signatures stay valid) as ``role``, in
    the role's field unless ``field_name`` names another (the agency's copy signature)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter
    from pyhanko.sign.general import SigningError as HankoSigningError
    from pyhanko.sign.signers import PdfSignatureMetadata
    from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

    trust = trust or load_trust()
    if not trust.roots:
        raise SigningError(
            "Chưa cài đặt chứng thư số gốc tin cậy (thư mục trust trong cài đặt chữ ký số).",
            f"no trust anchor installed in {trust_dir()}")
    at = (at or datetime.now(UTC)).astimezone(VIETNAM).replace(microsecond=0)
    with open_signer(credentials, wanted_for(role, expected_name), trust) as signer:
        identity = identity_of(signer.signing_cert)
        check_certificate(identity, at, role, expected_name)
        context = trust.context(at, for_signing=True)
        _check_chain(signer.signing_cert, context, identity)
        field_name = field_name or FIELD_NAMES[role]
        meta = PdfSignatureMetadata(
            field_name=field_name, subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256",
            reason=reason, location=location, name=identity.holder,
            embed_validation_info=True, validation_context=context)
        x1, y1, x2, y2 = (round(v) for v in placement.box)
        box = (x1, y1, x2, y2)
        spec = SigFieldSpec(field_name, on_page=placement.page, box=box)
        pdf_signer = _AtTimePdfSigner.make(meta, signer, _stamp_style(look, box), spec, at)
        try:
            writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
            out = pdf_signer.sign_pdf(writer)
        except (PathBuildingError, PathValidationError) as exc:
            raise SigningError(
                f"Chứng thư số của {identity.holder} không thuộc tổ chức chứng thực tin cậy đã "
                "cài đặt.", f"the certificate of {identity.holder} does not chain to an "
                f"installed trust anchor: {exc}") from exc
        except HankoSigningError as exc:
            raise SigningError("Không ký được văn bản: " + str(exc),
                               f"signing failed: {exc}") from exc
    level = "B-LT" if trust.crls else "B-B"
    return Signed(out.getvalue(), identity, at, level)


# --- the administrator's settings (Cài đặt › Chữ ký số) -------------------------------------

@dataclass(frozen=True)
class SigningSettings:
    """What the signing folder holds now, for the settings page."""

    folder: Path
    roots: tuple[str, ...]          # the trusted roots (common names)
    intermediates: int
    crls: int
    module: str | None
    seal: bool
    signatures: tuple[str, ...]     # the signature images' file names


def signing_settings() -> SigningSettings:
    try:
        trust = load_trust()
    except ValidationError:
        trust = TrustStore((), (), ())
    try:
        module: str | None = pkcs11_module()
    except SigningError:
        module = None
    folder = images_dir() / "signatures"
    names = tuple(sorted(p.name for p in folder.glob("*.png"))) if folder.is_dir() else ()
    return SigningSettings(paths.signing_dir(), tuple(identity_of(r).holder for r in trust.roots),
                           len(trust.others), len(trust.crls), module, seal_image() is not None,
                           names)


def _require_admin(actor: Any) -> None:
    from inspector.domain.roles import Permission

    actor.require(Permission.MANAGE_SETTINGS)


def install_trust_file(actor: Any, source: Path) -> str:
    """Copy a root or intermediate certificate or a CRL into ``trust/`` after reading it."""
    _require_admin(actor)
    suffix = source.suffix.lower()
    if suffix not in (".pem", ".crt", ".cer", ".der", ".crl"):
        raise ValidationError("Chỉ nhận tệp chứng thư (.pem, .crt, .cer, .der) hoặc danh sách "
                              "thu hồi (.crl).", f"not a certificate or CRL file: {source}")
    staging = Path(trust_dir().parent / ".staging")
    staging.mkdir(parents=True, exist_ok=True)
    probe = staging / source.name
    probe.write_bytes(source.read_bytes())
    try:
        found = load_trust(staging)
    finally:
        probe.unlink()
    if not (found.roots or found.others or found.crls):
        raise ValidationError("Tệp không chứa chứng thư số nào.", f"nothing found in {source}")
    trust_dir().mkdir(parents=True, exist_ok=True)
    (trust_dir() / source.name).write_bytes(source.read_bytes())
    if found.roots or found.others:
        return identity_of((found.roots or found.others)[0]).holder
    return source.name


def install_image(actor: Any, source: Path, signer_name: str | None = None) -> Path:
    """The seal (``signer_name`` None) or a signer's signature image, a PNG."""
    from PIL import Image, UnidentifiedImageError

    _require_admin(actor)
    try:
        with Image.open(source) as image:
            if image.format != "PNG":
                raise ValidationError("Hình phải là tệp PNG (nền trong suốt).",
                                      f"not a PNG: {source}")
    except (OSError, UnidentifiedImageError) as exc:
        raise ValidationError("Không đọc được tệp hình.", f"cannot read {source}") from exc
    if signer_name is None:
        target = images_dir() / "seal.png"
    else:
        target = images_dir() / "signatures" / (
            search_key(signer_name).replace(" ", "-") + ".png")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source.read_bytes())
    return target


def set_pkcs11_module(actor: Any, library: Path) -> None:
    _require_admin(actor)
    if not library.is_file():
        raise ValidationError(f"Không tìm thấy thư viện: {library}.", f"no such file: {library}")
    paths.signing_dir().mkdir(parents=True, exist_ok=True)
    (paths.signing_dir() / "pkcs11-module").write_text(str(library) + "\n", encoding="utf-8")
