"""The document renderers, one import away: each takes its data class and returns PDF bytes.

Why a facade: the services and the GUI only need "render this kind of document"; the forms live
in :mod:`.record` (MBB01, MBB15, the no-violation record), :mod:`.decision` (MQĐ02, MQĐ01) and
:mod:`.letters` (reminder, transfer), all on the layout of :mod:`.layout`.
"""

from __future__ import annotations

from inspector.documents.decision import (
    render_decision_without_record,
    render_delivery_receipt,
    render_sanction_decision,
)
from inspector.documents.letters import render_reminder_letter, render_transfer_letter
from inspector.documents.record import (
    render_no_violation_record,
    render_seizure_record,
    render_violation_record,
)

__all__ = [
    "render_decision_without_record",
    "render_delivery_receipt",
    "render_no_violation_record",
    "render_reminder_letter",
    "render_sanction_decision",
    "render_seizure_record",
    "render_transfer_letter",
    "render_violation_record",
]
