"""What every panel of the visit form needs to know about the visit being recorded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from inspector.domain.assessment import subject_of_owner
from inspector.domain.law import Catalog
from inspector.domain.sectors import SECTOR_LABELS_VI
from inspector.services import law as law_service
from inspector.services.actor import Actor
from inspector.services.checklists import Checklist, ChecklistError, load_checklist
from inspector.store.engine import Database
from inspector.ui.support import tr


class VisitContext:
    """The database, the user, and the establishment's sector and subject (the establishment
    may be chosen after the form opens, so these can change)."""

    def __init__(self, db: Database, actor: Actor, visit_day: Callable[[], date | None]) -> None:
        self.db = db
        self.actor = actor
        self.visit_day = visit_day
        self.sector = ""
        self.subject = "individual"
        self.checklist: Checklist | None = None
        self.checklist_problem = ""
        self.catalog: Catalog = law_service.law_data(db).catalog

    def set_establishment(self, sector: str, owner_kind: str) -> None:
        self.sector = sector
        self.subject = subject_of_owner(owner_kind)
        try:
            self.checklist = load_checklist(sector)
            self.checklist_problem = ""
        except ChecklistError:
            self.checklist = None
            self.checklist_problem = tr(
                "Chưa có danh mục kiểm tra cho lĩnh vực “{0}”; hãy ghi điều đoàn thấy vào Ghi chú "
                "ở bước Kết luận, và ghi hành vi vi phạm (nếu có) ở bước Hành vi vi phạm.").format(
                tr(SECTOR_LABELS_VI.get(sector, sector)))

    def describe(self, key: str, alternative: int | None = None) -> str:
        """A provision's description — the act chosen when its point lists several — or ""
        for a key the catalog does not know."""
        if key and self.catalog.has_provision(key):
            provision = self.catalog.provision(key)
            return provision.act(alternative) or provision.description
        return ""

    def item_text(self, item_id: str | None) -> str:
        if not item_id or self.checklist is None:
            return ""
        for item in self.checklist.items:
            if item.id == item_id:
                return item.text
        return ""

    def item_per_title(self, item_id: str | None) -> bool:
        if not item_id or self.checklist is None:
            return False
        return any(i.id == item_id and i.per_title for i in self.checklist.items)
