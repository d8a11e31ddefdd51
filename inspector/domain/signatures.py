"""Rules on digital signatures of decisions, free of any crypto library.

Whose certificate may sign: the signer's certificate names the signer recorded on the decision
(the subject's common name, compared without accents, case or extra spaces: certificates of the
Government Cipher Committee's CA carry the holder's full name there, often without diacritics);
the agency's certificate names the agency (common name or organisation equal to the agency's
name or beginning with it, a province name may follow). An administrator has nothing to
register: the names already configured in Cài đặt are the reference.

The times shown in the agency's appearance are Vietnam time in ISO 8601 (e-signatures.md §3).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

from inspector.domain.text import search_key

VIETNAM = timezone(timedelta(hours=7), "ICT")


class SignatureRole(enum.StrEnum):
    SIGNER = "signer"   # the person who signs the decision (chữ ký số của người có thẩm quyền)
    AGENCY = "agency"   # the agency's seal (chữ ký số của cơ quan, tổ chức)


ROLE_LABELS_VI = {SignatureRole.SIGNER: "Người ký", SignatureRole.AGENCY: "Cơ quan"}
#: The PDF signature field of each role: the agency's is added in a later revision.
FIELD_NAMES = {SignatureRole.SIGNER: "ChuKySo_NguoiKy", SignatureRole.AGENCY: "ChuKySo_CoQuan"}
#: The agency's signature on an electronic copy (SAO Y) made for a party: a third field, top
#: right of the first page, no image (e-signatures.md §4).
COPY_FIELD = "ChuKySo_SaoY"
COPY_KINDS = ("SAO Y",)


def signer_matches(common_names: Iterable[str], signer_name: str) -> bool:
    """True when one of the certificate's common names is the signer's name, accents aside."""
    wanted = search_key(signer_name)
    return bool(wanted) and any(search_key(cn) == wanted for cn in common_names)


def agency_matches(names: Iterable[str], agency_name: str) -> bool:
    """True when the certificate's common name or organisation is the agency's name, possibly
    followed by more (``Sở Thông tin và Truyền thông tỉnh Cao Bằng``)."""
    wanted = search_key(agency_name)
    if not wanted:
        return False
    for name in names:
        key = search_key(name)
        if key == wanted or key.startswith(wanted + " "):
            return True
    return False


def next_role(existing: Iterable[str]) -> SignatureRole:
    """The signer signs first; the agency's signature follows it, once."""
    have = set(existing)
    if SignatureRole.SIGNER not in have:
        return SignatureRole.SIGNER
    if SignatureRole.AGENCY not in have:
        return SignatureRole.AGENCY
    raise ValueError("the decision carries both signatures already")


def iso_vietnam(at: datetime) -> str:
    """``2026-11-27T09:15:02+07:00``: the signing time as the agency's appearance shows it."""
    return at.astimezone(VIETNAM).isoformat(timespec="seconds")
