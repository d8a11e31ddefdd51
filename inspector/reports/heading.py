"""Who issues the report: the header, the number symbol, the signer and the recipients.

Kept apart from the figures: the tally says what happened, the heading says who reports it;
the service fills it from the agency settings (:func:`inspector.services.tallies.report_heading`)
and the renderers print it in the Decree 30/2020 layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

__all__ = ["ReportHeading"]


@dataclass(frozen=True)
class ReportHeading:
    """``signer_title`` is the position as signed ("Chánh Thanh tra"); an empty ``report_date``
    prints a dotted date to be filled in by hand."""

    superior_agency: str = ""
    agency_name: str = ""
    place_name: str = ""
    number_symbol: str = "BC-TTr"
    signer_title: str = ""
    signer_name: str = ""
    report_date: date | None = None
    recipients: tuple[str, ...] = field(default=("Như trên", "Lưu: VT, TTr"))
    full_name: str = ""

    @property
    def issuer(self) -> str:
        """The reporting body in one line ("Thanh tra Sở Thông tin và Truyền thông tỉnh Cao
        Bằng"), for the workbook and the document properties."""
        return self.full_name or self.agency_name
