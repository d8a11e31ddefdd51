"""Labels shared by the read side (kept for importers; the lists live in their services)."""

from __future__ import annotations

from inspector.services.inspections import INSPECTION_KIND_LABELS_VI, INSPECTION_MODE_LABELS_VI

__all__ = ["INSPECTION_KIND_LABELS_VI", "INSPECTION_MODE_LABELS_VI"]
