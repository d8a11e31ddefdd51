"""Verify the signatures of a PDF with pyHanko against the installed trust anchors.

One verdict per signature: intact (the signed bytes match and nothing but a later signature or
its validation data was added after it), trusted (the certificate chains to an anchor in
``trust/`` and was neither expired nor revoked), and, when the caller knows whose signature
it must be, whether the certificate is that holder's. A signature whose file has content
appended after it that a signature does not explain (an edited page, a new annotation) is not
intact: the file is no longer what was signed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from typing import Any

from inspector.domain.signatures import (
    COPY_FIELD,
    FIELD_NAMES,
    VIETNAM,
    SignatureRole,
    agency_matches,
    signer_matches,
)
from inspector.services.signing import CertIdentity, TrustStore, identity_of, load_trust


@dataclass(frozen=True)
class SignatureVerdict:
    field: str
    role: SignatureRole | None
    signer: str
    signed_at: datetime | None
    intact: bool
    trusted: bool
    reason: str       # English, for the CLI
    reason_vi: str    # Vietnamese, for the register
    identity: CertIdentity | None = None
    holder_ok: bool | None = None  # None: nobody was expected

    def to_json(self) -> dict[str, Any]:
        return {"signer": self.signer,
                "signed_at": self.signed_at.isoformat() if self.signed_at else None,
                "intact": self.intact, "trusted": self.trusted, "reason": self.reason,
                "field": self.field, "role": self.role.value if self.role else None,
                "fingerprint_sha256": self.identity.fingerprint_sha256 if self.identity
                else None, "holder_ok": self.holder_ok}


@dataclass(frozen=True)
class Verification:
    signatures: tuple[SignatureVerdict, ...]

    @property
    def intact(self) -> bool:
        return bool(self.signatures) and all(s.intact for s in self.signatures)

    @property
    def trusted(self) -> bool:
        return self.intact and all(s.trusted and s.holder_ok is not False
                                   for s in self.signatures)

    def summary_vi(self) -> str:
        if not self.signatures:
            return "Chưa ký số"
        if self.trusted:
            return "Chữ ký số hợp lệ (" + str(len(self.signatures)) + ")"
        bad = next(s for s in self.signatures if not (s.intact and s.trusted and
                                                     s.holder_ok is not False))
        return "Chữ ký số không hợp lệ: " + bad.reason_vi

    def to_json(self) -> dict[str, Any]:
        return {"intact": self.intact, "trusted": self.trusted,
                "signatures": [s.to_json() for s in self.signatures]}


def _role_of(field: str) -> SignatureRole | None:
    if field == COPY_FIELD:  # the agency's copy signature: its holder is the agency
        return SignatureRole.AGENCY
    return next((r for r, name in FIELD_NAMES.items() if name == field), None)


def _trust_reason(status: Any, identity: CertIdentity) -> tuple[str, str]:
    from pyhanko.sign.ades.report import AdESIndeterminate

    indic = status.trust_problem_indic
    if status.revoked or indic in (AdESIndeterminate.REVOKED_NO_POE,
                                   AdESIndeterminate.REVOKED_CA_NO_POE):
        return "the certificate was revoked", "chứng thư số đã bị thu hồi"
    if indic in (AdESIndeterminate.EXPIRED, AdESIndeterminate.OUT_OF_BOUNDS_NO_POE,
                 AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED):
        day = identity.not_after.astimezone(VIETNAM)
        return (f"the certificate expired on {day:%Y-%m-%d}",
                f"chứng thư số đã hết hạn ngày {day:%d/%m/%Y}")
    if indic is AdESIndeterminate.NOT_YET_VALID:
        return "the certificate was not yet valid", "chứng thư số chưa có hiệu lực"
    if indic is AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND:
        return ("the certificate does not chain to an installed trust anchor (unknown root)",
                "chứng thư số không thuộc tổ chức chứng thực tin cậy đã cài đặt")
    return (f"the certificate is not trusted ({indic})",
            "chứng thư số không được tin cậy")


def _holder(role: SignatureRole | None, identity: CertIdentity,
            expected: Mapping[SignatureRole, str]) -> bool | None:
    if role is None or role not in expected:
        return None
    if role is SignatureRole.SIGNER:
        return signer_matches(identity.common_names, expected[role])
    return agency_matches(identity.common_names + identity.organisations, expected[role])


def verify_pdf(data: bytes, expected: Mapping[SignatureRole, str] | None = None,
               trust: TrustStore | None = None) -> Verification:
    """Every signature of ``data``; ``expected`` names whose each role's certificate must be
    (the decision's signer, the agency)."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature

    expected = expected or {}
    trust = trust or load_trust()
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        embedded = list(reader.embedded_regular_signatures)
    except (PdfError, ValueError, KeyError, IndexError) as exc:
        bad = SignatureVerdict("", None, "", None, False, False,
                               f"not a readable PDF: {exc}", "tệp PDF không đọc được")
        return Verification((bad,))
    out: list[SignatureVerdict] = []
    last = len(embedded) - 1
    for i, sig in enumerate(embedded):
        field = sig.field_name
        role = _role_of(field)
        try:
            cert = sig.signer_cert
            identity: CertIdentity | None = identity_of(cert)
        except (ValueError, KeyError, AttributeError):
            identity = None
        name = identity.holder if identity else ""
        signed_at = sig.self_reported_timestamp
        try:
            status = validate_pdf_signature(sig, trust.context())
        except (PdfError, ValueError, KeyError) as exc:
            out.append(SignatureVerdict(field, role, name, signed_at, False, False,
                                        f"the signature cannot be checked: {exc}",
                                        "không kiểm tra được chữ ký", identity))
            continue
        intact = bool(status.intact and status.valid)
        level = status.modification_level
        # After the last signature only its own validation data (DSS) may follow; after an
        # earlier one, the later signatures too (form filling: a new signature field).
        allowed = ModificationLevel.LTA_UPDATES if i == last else ModificationLevel.FORM_FILLING
        appended = level is None or level.value > allowed.value or status.docmdp_ok is False
        holder = _holder(role, identity, expected) if identity else None
        if not intact:
            reason, reason_vi = ("the file was changed after signing: the signature does not "
                                 "match its content", "tệp đã bị sửa sau khi ký: chữ ký không "
                                 "khớp nội dung")
        elif appended:
            intact = False
            reason, reason_vi = ("content was appended after this signature",
                                 "có nội dung được thêm vào sau chữ ký")
        elif not status.trusted:
            assert identity is not None
            reason, reason_vi = _trust_reason(status, identity)
        elif holder is False:
            who = expected[role] if role else ""
            reason, reason_vi = (f"wrong certificate: {name}'s, not {who}'s",
                                 f"chứng thư số của {name}, không phải của {who}")
        else:
            reason, reason_vi = "valid", "hợp lệ"
        out.append(SignatureVerdict(field, role, name, signed_at, intact,
                                    bool(status.trusted) and intact, reason, reason_vi,
                                    identity, holder))
    return Verification(tuple(out))
