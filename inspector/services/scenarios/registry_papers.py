"""Papers a demo company holds in the registry, shared by the scenarios."""

from __future__ import annotations

from datetime import date
from typing import Any

REGISTRATION_ISSUER = "Phòng Đăng ký kinh doanh, Sở Kế hoạch và Đầu tư tỉnh Cao Bằng"


def registration_certificate(enterprise_code: str, before: date) -> dict[str, Any]:
    """A demo company's enterprise registration certificate: its number is the enterprise code
    (as since the 2014 Law on Enterprises); the date is taken from the code, not from the
    random stream, so adding it leaves every other demo value as it was."""
    n = int(enterprise_code[-4:])
    issued = date(before.year - 2 - n % 6, 1 + n % 12, 1 + n % 28)
    return {"kind": "Giấy chứng nhận đăng ký doanh nghiệp", "number": enterprise_code,
            "issuer": REGISTRATION_ISSUER, "issued_on": issued, "valid_until": None}
