"""The field form of one visit: one establishment in one inspection, filled as the visit
happens — checklist → violations → seized items → evidence → save.

What it promises the inspector:

* the law is on screen: each violation shows the instrument its date decides, the bracket for
  this violator, the default fine and the range the circumstances allow; the case total, the
  limitation date and the signer's competence show at all times (:func:`case_outlook`);
* mistakes are caught where they are made: every problem sits under its field, and the save
  button says why it is disabled (Ctrl+S shows every problem and goes to the first);
* nothing is lost: a draft is saved every few seconds and after every significant change, and
  offered back when the same visit is opened again (:meth:`VisitForm.resume`);
* the keyboard is enough: Tab in reading order, Ctrl+1…5 for the steps, Ctrl+N new, Ctrl+S
  save, Ctrl+F find a provision, Ctrl+O add photos, Ctrl+Z/Ctrl+Y undo and redo (inside a text
  field for its text; elsewhere for adding and removing violations, items and files).

Everything is saved by :func:`record_visit` in one transaction; photos are attached afterwards
(an attachment needs the saved record), in the background.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from inspector.domain.money import format_vnd
from inspector.domain.sectors import SECTOR_LABELS_VI
from inspector.domain.text import format_date, in_sentence
from inspector.services import clock
from inspector.services.actor import Actor
from inspector.services.cases import (
    RecordedVisit,
    VisitRecord,
    case_outlook,
    record_visit,
)
from inspector.services.drafts import load_draft
from inspector.services.errors import NotFound, ServiceError
from inspector.services.establishments import (
    OWNER_KIND_LABELS_VI,
    EstablishmentDetail,
    establishment_detail,
    search_establishments,
)
from inspector.services.forms import FieldProblem, FormInvalid
from inspector.services.inspections import (
    INSPECTION_MODE_LABELS_VI,
    OUTCOME_LABELS_VI,
    InspectionDetail,
    VisitInput,
    inspection_detail,
    validate_visit,
)
from inspector.store.engine import Database
from inspector.ui.support import dialogs, report_exception, tr
from inspector.ui.tasks import run_in_background
from inspector.ui.visit.checklist_panel import ChecklistPanel
from inspector.ui.visit.context import VisitContext
from inspector.ui.visit.drafts import FORM, DraftKeeper, draft_key, local_time, pending_drafts
from inspector.ui.visit.evidence_panel import EvidencePanel, attach_all
from inspector.ui.visit.fields import ERROR_STYLE, DateField, ErrorLabel, hint
from inspector.ui.visit.problems import INDEXED, Collected, reading_order, where
from inspector.ui.visit.seized_panel import DisposalDialog, SeizedPanel
from inspector.ui.visit.state import (
    SCHEMA,
    checklist_answers,
    field_root,
    merge,
    new_payload,
    new_seized,
    new_violation,
    parse_day,
    seized_input,
    violation_input,
)
from inspector.ui.visit.violation_editor import ViolationsPanel

__all__ = ["DisposalDialog", "VisitForm", "discard_visit_draft", "pending_drafts"]

STEPS = ("Danh mục kiểm tra", "Hành vi vi phạm", "Tang vật, phương tiện", "Ảnh, tài liệu",
         "Kết luận và lưu")
CHECKLIST, VIOLATIONS, SEIZED, EVIDENCE, CONCLUSION = range(5)
STYLE = """
QLabel#formTitle { font-size: 14pt; font-weight: bold; }
QFrame#caseBar { background: #eef2f6; border: 1px solid #c9d3dd; border-radius: 3px; }
QLabel#total { font-size: 11pt; font-weight: bold; }
QLabel#draftStatus { color: #2e6b30; }
"""


def _uuid(value: Any) -> uuid.UUID | None:
    return uuid.UUID(str(value)) if value else None


class VisitForm(QDialog):
    """The visit form. ``saved`` carries the :class:`RecordedVisit` after a successful save.

    Args:
        db, actor: where and who.
        inspection_id: the inspection the visit belongs to.
        establishment_id: the establishment visited; None lets the inspector find it here.
        payload: a draft's JSON to fill the form with (see :meth:`resume`); without it an
            existing draft of the same visit is offered back.
    """

    saved = Signal(object)

    def __init__(self, db: Database, actor: Actor, inspection_id: uuid.UUID,
                 establishment_id: uuid.UUID | None = None, parent: QWidget | None = None,
                 *, payload: dict[str, Any] | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.inspection: InspectionDetail = inspection_detail(db, actor, inspection_id)
        self.establishment: EstablishmentDetail | None = None
        self.recorded: RecordedVisit | None = None
        self.show_all = False
        self.server_problems: list[FieldProblem] = []
        self.collected = Collected()
        self.setObjectName("visitForm")
        self.setWindowTitle(tr("Biên bản làm việc tại cơ sở"))
        self.setWindowFlags(Qt.WindowType.Window | Qt.WindowType.WindowMinMaxButtonsHint
                            | Qt.WindowType.WindowCloseButtonHint)
        self.setStyleSheet(STYLE)
        self.resize(1400, 900)
        self.undo = QUndoStack(self)
        self.ctx = VisitContext(db, actor, self.visit_day)
        self._build()
        self._figures_timer = QTimer(self)
        self._figures_timer.setSingleShot(True)
        self._figures_timer.setInterval(250)
        self._figures_timer.timeout.connect(self.refresh_figures)
        if establishment_id is not None:
            self._set_establishment(establishment_id)
        self.drafts = DraftKeeper(db, actor, self.payload, self.draft_key, self.draft_title, self)
        self.drafts.saved.connect(self._draft_saved)
        self.drafts.failed.connect(self._draft_failed)
        if payload is None:
            existing = load_draft(db, actor, FORM, self.draft_key())
            if existing is not None and dialogs.confirm(
                    parent, tr("Bản nháp"),
                    tr("Lần làm việc này có bản nháp lưu lúc {0} ngày {1}. Mở lại bản nháp?").format(
                        local_time(existing.saved_at),
                        format_date(existing.saved_at.astimezone().date()))):
                payload = existing.payload
                self.drafts.saved_key = self.draft_key()
                self.draft_status.setText(tr("Đã mở lại bản nháp lưu lúc {0}").format(
                    local_time(existing.saved_at)))
        else:
            self.drafts.saved_key = self.draft_key()
            self.draft_status.setText(tr("Đã mở lại bản nháp"))
        if payload is not None:
            self.apply_payload(payload)
        self.refresh_figures()
        self._connect_changes()
        first = self.checklist.first_row()
        if first is not None:
            (first.buttons.get(first.answer()) or first.buttons["yes"]).setFocus()

    # --- opening a draft ------------------------------------------------------------------------

    @classmethod
    def resume(cls, db: Database, actor: Actor, key: str,
               parent: QWidget | None = None) -> VisitForm:
        """The form filled with the user's draft ``key`` (a ``DraftInfo.record_key`` from
        :func:`pending_drafts`).

        Raises:
            NotFound: the draft was saved as a visit or discarded meanwhile.
        """
        draft = load_draft(db, actor, FORM, key)
        if draft is None:
            raise NotFound("Không còn bản nháp này (có thể đã được lưu thành biên bản hoặc đã "
                           "bị bỏ).", f"no visit draft {key}")
        p = draft.payload
        inspection = _uuid(p.get("inspection_id"))
        if inspection is None:
            raise NotFound("Bản nháp không ghi cuộc thanh tra, kiểm tra.", f"bad draft {key}")
        return cls(db, actor, inspection, _uuid(p.get("establishment_id")), parent, payload=p)

    # --- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_header())
        self.tabs = QTabWidget()
        self.tabs.setObjectName("steps")
        self.checklist = ChecklistPanel()
        self.violations = ViolationsPanel(self.ctx, self.undo)
        self.seized = SeizedPanel(self.undo, self.violation_labels)
        self.evidence = EvidencePanel(self.undo, self.violation_labels)
        self.tabs.addTab(self.checklist, "")
        self.tabs.addTab(self.violations, "")
        self.tabs.addTab(self.seized, "")
        self.tabs.addTab(self.evidence, "")
        self.tabs.addTab(self._build_conclusion(), "")
        for i in range(len(STEPS)):
            self.tabs.setTabToolTip(i, tr("Ctrl+{0}").format(i + 1))
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self._build_case_bar())
        layout.addLayout(self._build_footer())
        self._update_tab_titles()
        self._shortcuts()

    def _build_header(self) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        title = QLabel(tr("Biên bản làm việc tại cơ sở"))
        title.setObjectName("formTitle")
        grid.addWidget(title, 0, 0, 1, 4)
        i = self.inspection
        decision = (tr(", quyết định số {0} ngày {1}").format(
            i.decision_number, format_date(i.decision_date)) if i.decision_number and
            i.decision_date else "")
        period = format_date(i.start_date) + (f" – {format_date(i.end_date)}" if i.end_date
                                              else tr(" trở đi"))
        self.inspection_label = QLabel(tr("{0}: {1}{2}; thời gian {3}").format(
            tr(INSPECTION_MODE_LABELS_VI.get(i.mode, i.mode)), i.title, decision, period))
        self.inspection_label.setObjectName("inspectionLabel")
        self.inspection_label.setWordWrap(True)
        grid.addWidget(QLabel(tr("Cuộc:")), 1, 0)
        grid.addWidget(self.inspection_label, 1, 1, 1, 3)
        grid.addWidget(QLabel(tr("Cơ sở:")), 2, 0, Qt.AlignmentFlag.AlignTop)
        self.establishment_label = QLabel(tr("Chưa chọn cơ sở."))
        self.establishment_label.setObjectName("establishmentLabel")
        self.establishment_label.setWordWrap(True)
        self.establishment_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        picker = QWidget()
        picker_layout = QVBoxLayout(picker)
        picker_layout.setContentsMargins(0, 0, 0, 0)
        self.establishment_search = QLineEdit()
        self.establishment_search.setObjectName("establishmentSearch")
        self.establishment_search.setPlaceholderText(
            tr("Tìm cơ sở theo tên, chủ cơ sở, địa chỉ (không cần dấu); Enter để chọn"))
        self.establishment_results = QListWidget()
        self.establishment_results.setObjectName("establishmentResults")
        self.establishment_results.setMaximumHeight(110)
        picker_layout.addWidget(self.establishment_search)
        picker_layout.addWidget(self.establishment_results)
        self.picker = picker
        info = QVBoxLayout()
        info.addWidget(self.establishment_label)
        info.addWidget(picker)
        self.establishment_error = ErrorLabel("establishment_id")
        info.addWidget(self.establishment_error)
        grid.addLayout(info, 2, 1, 1, 3)
        self.visit_date = DateField("visitDate")
        self.visit_date.setText(format_date(self._default_day()))
        date_label = QLabel(tr("&Ngày làm việc:"))
        date_label.setBuddy(self.visit_date.edit)
        grid.addWidget(date_label, 3, 0)
        grid.addWidget(self.visit_date, 3, 1)
        self.visit_date_error = ErrorLabel("visit_date")
        grid.addWidget(self.visit_date_error, 3, 2, 1, 2)
        grid.setColumnStretch(3, 1)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self.search_establishments)
        self.establishment_search.textEdited.connect(lambda _t: self._search_timer.start())
        self.establishment_search.returnPressed.connect(self._pick_first_establishment)
        self.establishment_results.itemActivated.connect(self._pick_establishment)
        return box

    def _build_conclusion(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        form = QFormLayout()
        self.summary = QLabel("")
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.outcome = QComboBox()
        self.outcome.setObjectName("outcome")
        self.outcome.setMaximumWidth(420)
        self.outcome.addItem(tr("Theo kết quả đã ghi"), "auto")
        for code, label in OUTCOME_LABELS_VI.items():
            self.outcome.addItem(tr(label), code)
        outcome_label = QLabel(tr("&Kết luận:"))
        outcome_label.setBuddy(self.outcome)
        form.addRow(outcome_label, self.outcome)
        self.outcome_hint = hint(name="outcomeHint")
        form.addRow("", self.outcome_hint)
        self.outcome_error = ErrorLabel("outcome")
        form.addRow("", self.outcome_error)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(90)
        self.notes.setPlaceholderText(tr("Ý kiến của cơ sở, kiến nghị của đoàn, việc cần làm "
                                         "tiếp"))
        notes_label = QLabel(tr("Ghi &chú:"))
        notes_label.setBuddy(self.notes)
        form.addRow(notes_label, self.notes)
        layout.addLayout(form)
        layout.addWidget(QLabel(tr("Cần sửa trước khi lưu (Enter để đến chỗ cần sửa):")))
        self.problem_list = QListWidget()
        self.problem_list.setObjectName("problems")
        self.problem_list.setWordWrap(True)
        self.problem_list.itemActivated.connect(
            lambda item: self.go_to(item.data(Qt.ItemDataRole.UserRole)))
        layout.addWidget(self.problem_list, 1)
        return page

    def _build_case_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("caseBar")
        # always whole: the steps above scroll, the case's figures must not be cut
        bar.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        grid = QGridLayout(bar)
        self.total_label = QLabel("")
        self.total_label.setObjectName("total")
        self.words_label = hint(name="totalWords")
        self.words_label.setWordWrap(False)  # wrapped labels get clipped in a tight grid
        self.limitation_label = QLabel("")
        self.limitation_label.setObjectName("limitation")
        self.limitation_label.setWordWrap(True)
        self.competence_label = QLabel("")
        self.competence_label.setObjectName("competence")
        self.competence_label.setWordWrap(True)
        grid.addWidget(self.total_label, 0, 0)
        grid.addWidget(self.words_label, 1, 0)
        grid.addWidget(self.limitation_label, 0, 1, 2, 1)
        grid.addWidget(self.competence_label, 0, 2, 2, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 4)
        return bar

    def _build_footer(self) -> QHBoxLayout:
        footer = QHBoxLayout()
        self.undo_action = self.undo.createUndoAction(self, tr("Hoàn tác"))
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.redo_action = self.undo.createRedoAction(self, tr("Làm lại"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)
        self.undo_action.setToolTip(tr("Hoàn tác thêm, xóa hành vi, tang vật, tệp (Ctrl+Z khi "
                                       "không ở trong ô chữ)"))
        self.redo_action.setToolTip(tr("Làm lại (Ctrl+Y)"))
        self.undo_button = QToolButton()
        self.undo_button.setObjectName("undo")
        self.undo_button.setDefaultAction(self.undo_action)
        self.redo_button = QToolButton()
        self.redo_button.setObjectName("redo")
        self.redo_button.setDefaultAction(self.redo_action)
        footer.addWidget(self.undo_button)
        footer.addWidget(self.redo_button)
        self.draft_status = QLabel("")
        self.draft_status.setObjectName("draftStatus")
        footer.addWidget(self.draft_status)
        footer.addStretch(1)
        self.save_reason = QLabel("")
        self.save_reason.setObjectName("saveReason")
        self.save_reason.setWordWrap(True)
        self.save_reason.setStyleSheet(ERROR_STYLE)
        self.save_reason.setTextFormat(Qt.TextFormat.PlainText)
        footer.addWidget(self.save_reason, 3)
        self.show_problems_button = QPushButton(tr("Xem lỗi"))
        self.show_problems_button.setObjectName("showProblems")
        self.show_problems_button.setAutoDefault(False)
        self.show_problems_button.clicked.connect(self.reveal_problems)
        footer.addWidget(self.show_problems_button)
        self.close_button = QPushButton(tr("Đóng (Esc)"))
        self.close_button.setObjectName("close")
        self.close_button.setAutoDefault(False)
        self.close_button.setToolTip(tr("Đóng; bản nháp được giữ để mở lại sau"))
        self.close_button.clicked.connect(self.reject)
        self.save_button = QPushButton(tr("Lưu biên bản (Ctrl+S)"))
        self.save_button.setObjectName("save")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        footer.addWidget(self.close_button)
        footer.addWidget(self.save_button)
        return footer

    def _shortcuts(self) -> None:
        for number in range(len(STEPS)):
            QShortcut(QKeySequence(f"Ctrl+{number + 1}"), self,
                      lambda n=number: self.go_to_step(n))
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        QShortcut(QKeySequence(QKeySequence.StandardKey.New), self, self.new_item)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.find_provision)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Open), self, self.add_evidence)
        QShortcut(QKeySequence("Ctrl+E"), self, self.reveal_problems)

    def _connect_changes(self) -> None:
        self.visit_date.edited.connect(lambda: self._changed(True))
        self.checklist.changed.connect(self._changed)
        self.checklist.record_violation.connect(self.record_for_item)
        self.violations.changed.connect(self._changed)
        self.seized.changed.connect(self._changed)
        self.evidence.changed.connect(self._changed)
        self.outcome.currentIndexChanged.connect(lambda _i: self._changed(True))
        self.notes.textChanged.connect(lambda: self._changed(False))
        editor = self.violations.violation_editor
        editor.seize_requested.connect(self.seize_for)
        editor.another_title.connect(self.another_title)

    # --- the establishment ----------------------------------------------------------------------

    def _default_day(self) -> date:
        i = self.inspection
        day = clock.today()
        if i.end_date is not None and day > i.end_date:
            day = i.end_date
        return max(day, i.start_date) if day >= i.start_date else i.start_date

    def visit_day(self) -> date | None:
        return self.visit_date.value()

    def _set_establishment(self, establishment_id: uuid.UUID) -> None:
        e = establishment_detail(self.db, self.actor, establishment_id)
        self.establishment = e
        self.ctx.set_establishment(e.sector, e.owner_kind)
        owner = e.name if e.owner_kind == "organization" else (e.owner_name or "")
        kind = tr(OWNER_KIND_LABELS_VI.get(e.owner_kind, e.owner_kind))
        self.establishment_label.setText(tr("{0} — {1}\n{2}\nNgười vi phạm nếu có: {3} ({4})")
                                         .format(e.name, tr(SECTOR_LABELS_VI.get(e.sector, e.sector)),
                                                 e.address_on(self.visit_day() or clock.today()),
                                                 owner, kind))
        self.picker.setVisible(False)
        self.checklist.set_checklist(self.ctx.checklist, self.ctx.checklist_problem)
        self.violations.violation_editor.offer_circumstances()
        self.violations.violation_editor.refresh_choices()

    def search_establishments(self) -> None:
        self._search_timer.stop()
        text = self.establishment_search.text().strip()
        self.establishment_results.clear()
        if not text:
            return
        try:
            rows = search_establishments(self.db, self.actor, text, self.inspection.sector,
                                         limit=20)
        except ServiceError as exc:
            self.establishment_error.show_messages([exc.vi])
            return
        for row in rows:
            item = QListWidgetItem(f"{row.name} — {row.owner_name or ''} — {row.address}")
            item.setData(Qt.ItemDataRole.UserRole, str(row.id))
            self.establishment_results.addItem(item)
        if not rows:
            elsewhere = [] if self.inspection.sector is None else search_establishments(
                self.db, self.actor, text, None, limit=5)
            text_vi = tr("Không tìm thấy cơ sở nào; hãy thêm cơ sở ở trang Cơ sở.")
            if elsewhere:
                text_vi = tr("Không có cơ sở thuộc lĩnh vực {0}; có {1} cơ sở khớp ở lĩnh vực "
                             "khác: {2}.").format(
                    tr(SECTOR_LABELS_VI.get(self.inspection.sector or "", "")).lower(),
                    len(elsewhere), "; ".join(
                        f"{r.name} ({in_sentence(tr(SECTOR_LABELS_VI.get(r.sector, r.sector)))})"
                        for r in elsewhere[:3]))
            item = QListWidgetItem(text_vi)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.establishment_results.addItem(item)

    def _pick_first_establishment(self) -> None:
        if self._search_timer.isActive():
            self.search_establishments()
        item = self.establishment_results.currentItem() or self.establishment_results.item(0)
        if item is not None:
            self._pick_establishment(item)

    def _pick_establishment(self, item: QListWidgetItem) -> None:
        value = item.data(Qt.ItemDataRole.UserRole)
        if not value:
            return
        self._set_establishment(uuid.UUID(str(value)))
        self._changed(True)
        first = self.checklist.first_row()
        if first is not None:
            first.buttons["yes"].setFocus()

    # --- the draft ------------------------------------------------------------------------------

    def draft_key(self) -> str:
        return draft_key(self.inspection.id, self.establishment.id if self.establishment else None)

    def draft_title(self) -> str:
        name = self.establishment.name if self.establishment else tr("Cơ sở chưa chọn")
        return tr("Làm việc tại {0} ngày {1} — {2}").format(name, self.visit_date.text(),
                                                            self.inspection.title)

    def payload(self) -> dict[str, Any]:
        """The form as JSON: every text as typed, so a draft gives it all back."""
        self.violations.store_current()
        self.seized.store_current()
        p = new_payload(self.inspection.id, self.establishment.id if self.establishment else None,
                        self.visit_day() or clock.today())
        p.update(visit_date=self.visit_date.text(), outcome=self.outcome.currentData(),
                 notes=self.notes.toPlainText(), checklist=self.checklist.answers(),
                 violations=list(self.violations.entries), seized=list(self.seized.entries),
                 evidence=list(self.evidence.entries), tab=self.tabs.currentIndex(),
                 current_violation=self.violations.current_index(),
                 current_seized=self.seized.current_index())
        return p

    def apply_payload(self, p: dict[str, Any]) -> None:
        """Fill the form from a draft (not an undoable step)."""
        if int(p.get("schema", SCHEMA)) > SCHEMA:
            dialogs.warning(self, tr("Bản nháp"), tr("Bản nháp do phiên bản mới hơn của chương "
                                                    "trình lưu; một số nội dung có thể không hiện."))
        self.visit_date.setText(str(p.get("visit_date", "")))
        index = self.outcome.findData(p.get("outcome", "auto"))
        self.outcome.setCurrentIndex(max(index, 0))
        self.notes.setPlainText(str(p.get("notes", "")))
        self.checklist.set_answers(dict(p.get("checklist") or {}))
        self.violations.set_entries(list(p.get("violations") or []),
                                    int(p.get("current_violation") or 0))
        self.seized.set_entries(list(p.get("seized") or []), int(p.get("current_seized") or 0))
        self.evidence.set_entries(list(p.get("evidence") or []))
        self.tabs.setCurrentIndex(int(p.get("tab") or 0))

    def _draft_saved(self, when: str) -> None:
        self.draft_status.setText(tr("Đã lưu nháp lúc {0}").format(when))
        self.draft_status.setStyleSheet("")

    def _draft_failed(self, message: str) -> None:
        self.draft_status.setText(tr("⚠ Chưa lưu được bản nháp: {0}").format(message))
        self.draft_status.setStyleSheet(ERROR_STYLE)

    # --- reacting -------------------------------------------------------------------------------

    def _changed(self, significant: bool = False) -> None:
        self.server_problems = []
        self.drafts.mark_dirty(significant)
        self._figures_timer.start()
        if significant:
            self._update_tab_titles()

    def _update_tab_titles(self) -> None:
        counts = ("", len(self.violations.entries), len(self.seized.entries),
                  len(self.evidence.entries), "")
        for i, (name, count) in enumerate(zip(STEPS, counts, strict=True)):
            suffix = f" ({count})" if count not in ("", 0) else ""
            self.tabs.setTabText(i, f"&{i + 1}. {tr(name)}{suffix}")

    def violation_labels(self) -> list[tuple[str, str]]:
        return [(str(e["uid"]), self.violations.label_of(str(e["uid"])))
                for e in self.violations.entries]

    def refresh_now(self) -> None:
        """Run every pending live update at once (before saving; tests)."""
        editor = self.violations.violation_editor
        if editor._choice_timer.isActive():
            editor.refresh_choices()
        if editor._law_timer.isActive() and self.violations.entries:
            editor.refresh_law()
        self.refresh_figures()

    def collect(self) -> Collected:
        """What the form would save, every problem (paths as :func:`record_visit` names them),
        and the case's figures."""
        out = Collected()
        self.violations.store_current()
        self.seized.store_current()
        day = self.visit_day()
        problems: list[FieldProblem] = []
        if self.establishment is None:
            problems.append(FieldProblem("establishment_id", tr("Hãy chọn cơ sở được kiểm tra.")))
        day = parse_day(self.visit_date.text(), "visit_date", tr("Ngày làm việc"), problems)
        if day is None and not any(p.field == "visit_date" for p in problems):
            problems.append(FieldProblem("visit_date", tr("Hãy nhập ngày làm việc tại cơ sở.")))
        i = self.inspection
        if day is not None and (day < i.start_date or (i.end_date and day > i.end_date)):
            period = format_date(i.start_date) + (f"–{format_date(i.end_date)}" if i.end_date
                                                  else tr(" trở đi"))
            problems.append(FieldProblem("visit_date", tr(
                "Ngày làm việc nằm ngoài thời gian của cuộc thanh tra, kiểm tra ({0}).").format(
                period)))
        parsed: list[list[FieldProblem]] = []
        for entry in self.violations.entries:
            data, errors = violation_input(entry)
            if day is not None and data.discovered_on is not None and data.discovered_on > day:
                errors.append(FieldProblem("discovered_on", tr(
                    "Ngày phát hiện sau ngày làm việc ({0}).").format(format_date(day))))
            out.violations.append(data)
            parsed.append(errors)
            self.violations.amounts[str(entry["uid"])] = data.amount
        checked: list[list[FieldProblem]] = [[] for _ in out.violations]
        if self.establishment is not None and out.violations:
            try:
                outlook = case_outlook(self.db, self.actor, self.ctx.subject, self.ctx.sector,
                                       out.violations, visit_date=day)
                out.outlook = outlook
                for p in outlook.problems:
                    match = INDEXED.match(p.field)
                    if match and match.group(1) == "violations":
                        checked[int(match.group(2))].append(
                            FieldProblem(match.group(3) or "", p.message, p.blocking))
            except ServiceError as exc:
                out.outlook_error = exc.vi
        for n, (errors, law) in enumerate(zip(parsed, checked, strict=True)):
            problems += [FieldProblem(f"violations[{n}].{p.field}", p.message, p.blocking)
                         for p in merge(errors, law)]
        uids = self.violations.uids()
        for n, entry in enumerate(self.seized.entries):
            item, errors = seized_input(entry, uids)
            out.seized.append(item)
            problems += [FieldProblem(f"seized[{n}].{p.field}", p.message, p.blocking)
                         for p in errors]
        if self.seized.entries and not self.violations.entries:
            problems.append(FieldProblem("seized", tr("Chỉ tạm giữ tang vật, phương tiện khi có "
                                                      "hành vi vi phạm; hãy ghi hành vi trước.")))
        answers, answer_problems = checklist_answers(self.checklist.answers(),
                                                     self.checklist.order())
        problems += answer_problems
        if self.establishment is not None and day is not None:
            visit = VisitInput(i.id, self.establishment.id, day, answers, self.outcome_code(),
                               self.notes.toPlainText())
            out.visit = visit
            problems += [p for p in validate_visit(visit, self.ctx.sector,
                                                   violations=len(out.violations))
                         if p.field != "visit_date" or not any(
                             q.field == "visit_date" for q in problems)]
        problems += self.evidence.problems()
        out.problems = sorted(merge(problems, self.server_problems), key=reading_order)
        return out

    def outcome_code(self) -> str:
        chosen = self.outcome.currentData()
        if chosen != "auto":
            return str(chosen)
        answers = self.checklist.answers()
        if self.violations.entries:
            return "violations"
        if any(a.get("answer") == "no" for a in answers.values()):
            return "reminded"
        if self.checklist.rows and all(r.answer() for r in self.checklist.rows.values()):
            return "compliant"
        return "pending"

    def refresh_figures(self) -> None:
        """Recompute problems and the case's figures, and show each where it belongs."""
        self._figures_timer.stop()
        try:
            self.collected = self.collect()
        except Exception as exc:
            report_exception(self, exc, tr("kiểm tra biểu mẫu"))
            return
        self._show_outlook(self.collected)
        self._show_problems(self.collected.problems)
        self._update_tab_titles()
        recorded: dict[str, int] = {}
        for e in self.violations.entries:
            item = e.get("checklist_item")
            if item:
                recorded[str(item)] = recorded.get(str(item), 0) + 1
        self.checklist.update_summary(recorded)
        answers = self.checklist.answers()
        self.summary.setText(tr(
            "Tóm tắt: {0}/{1} mục kiểm tra đã trả lời ({2} không đạt); {3} hành vi vi phạm; {4} "
            "tang vật, phương tiện; {5} ảnh, tài liệu.").format(
            sum(1 for a in answers.values() if a.get("answer")), len(self.checklist.rows),
            sum(1 for a in answers.values() if a.get("answer") == "no"),
            len(self.violations.entries), len(self.seized.entries), len(self.evidence.entries)))
        code = self.outcome_code()
        self.outcome_hint.setText(tr("Kết luận sẽ ghi: {0}").format(
            tr(OUTCOME_LABELS_VI.get(code, code))))
        self.seized.seized_editor.refresh_violations()
        self.evidence.refresh_targets()

    def _show_outlook(self, c: Collected) -> None:
        o = c.outlook
        if o is None:
            self.total_label.setText(tr("Tổng tiền phạt: 0 đồng"))
            self.words_label.setText(c.outlook_error or tr("Chưa có hành vi vi phạm."))
            self.limitation_label.setText(tr("Thời hiệu xử phạt: —"))
            self.competence_label.setText(tr("Thẩm quyền: chưa có hành vi để xét."))
            return
        self.total_label.setText(tr("Tổng tiền phạt: {0}").format(format_vnd(o.total)))
        words = f"({o.total_in_words})"
        if any(p.blocking and field_root(INDEXED.sub(r"\3", p.field)) == "amount"
               for p in c.problems if p.field.startswith("violations[")):
            words += "\n" + tr("Hành vi chưa có mức phạt hợp lệ được tính theo mức đề xuất.")
        self.words_label.setText(words)
        if o.limitation_date is None:
            self.limitation_label.setText(tr("Thời hiệu xử phạt: chưa tính được (thiếu ngày vi "
                                             "phạm hoặc điều khoản)."))
        elif o.limitation_passed:
            self.limitation_label.setText(tr("✘ Đã hết thời hiệu xử phạt từ {0}: không được xử "
                                             "phạt ({1}).").format(format_date(o.limitation_date),
                                                                   o.limitation_basis))
        else:
            self.limitation_label.setText(tr("Thời hiệu xử phạt đến hết ngày {0}\n({1})").format(
                format_date(o.limitation_date), o.limitation_basis))
        comp = o.competence
        if comp.within is True:
            text = tr("✔ Thuộc thẩm quyền của {0} ({1}).").format(comp.signer_title,
                                                                 comp.signer_name)
        elif comp.within is False:
            text = tr("✘ Vượt thẩm quyền của {0} ({1})").format(comp.signer_title,
                                                               comp.signer_name)
            if comp.competent_title_text:
                text += tr(": cần chuyển {0} xử phạt").format(comp.competent_title_text)
            text += "."
            if comp.reasons:
                text += "\n" + "; ".join(comp.reasons)
        else:
            text = tr("Thẩm quyền: {0}").format(comp.note or tr("chưa xác định."))
        if comp.warnings:
            text += "\n" + "; ".join(comp.warnings)
        self.competence_label.setText(text)

    # --- problems -------------------------------------------------------------------------------

    def where(self, path: str) -> str:
        """Where a problem is, in words: ``violations[1].amount`` → "Hành vi 2 — Mức phạt tiền"."""
        return where(path, list(self.checklist.rows))

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        blocking = [p for p in problems if p.blocking]
        show_all = self.show_all
        per_violation: dict[int, list[FieldProblem]] = {}
        per_seized: dict[int, list[FieldProblem]] = {}
        evidence: list[FieldProblem] = []
        top: dict[str, list[str]] = {"visit_date": [], "establishment_id": [], "outcome": []}
        checklist: list[FieldProblem] = []
        for p in problems:
            match = INDEXED.match(p.field)
            if match:
                inner = FieldProblem(match.group(3) or "", p.message, p.blocking)
                target = {"violations": per_violation, "seized": per_seized}.get(match.group(1))
                if target is not None:
                    target.setdefault(int(match.group(2)), []).append(inner)
                else:
                    evidence.append(p)
            elif p.field.startswith("checklist.") or p.field == "answers":
                checklist.append(p)
            elif field_root(p.field) in top and (
                    show_all or p.field != "establishment_id"
                    or self.establishment_search.text()):
                top[field_root(p.field)].append(p.message)
        self.violations.set_markers(per_violation)
        self.seized.set_markers(per_seized)
        current = self.violations.current_index()
        if current >= 0:
            self.violations.violation_editor.show_problems(per_violation.get(current, []),
                                                           show_all)
        current = self.seized.current_index()
        if current >= 0:
            self.seized.seized_editor.show_problems(per_seized.get(current, []), show_all)
        self.evidence.show_problems(evidence)
        self.checklist.show_problems(checklist)
        self.visit_date_error.show_messages(top["visit_date"])
        self.establishment_error.show_messages(top["establishment_id"])
        self.outcome_error.show_messages(top["outcome"] if show_all or
                                         self.outcome.currentData() != "auto" else [])
        self.problem_list.clear()
        for p in problems:
            prefix = "" if p.blocking else tr("Lưu ý: ")
            item = QListWidgetItem(f"{'⚠' if p.blocking else 'ℹ'} {self.where(p.field)}: "
                                   f"{prefix}{p.message}")
            item.setData(Qt.ItemDataRole.UserRole, p.field)
            self.problem_list.addItem(item)
        if not problems:
            self.problem_list.addItem(tr("Không có lỗi: có thể lưu biên bản."))
        self.save_button.setEnabled(not blocking)
        self.show_problems_button.setVisible(bool(blocking))
        if blocking:
            first = blocking[0]
            more = len(blocking) - 1
            text = tr("Chưa lưu được — {0}: {1}").format(self.where(first.field), first.message)
            if more:
                text += tr(" (và {0} lỗi khác)").format(more)
            self.save_reason.setText(text)
            self.save_button.setToolTip(text)
        else:
            self.save_reason.setText("")
            self.save_button.setToolTip(tr("Lưu toàn bộ biên bản làm việc (Ctrl+S)"))

    def reveal_problems(self) -> None:
        """Show every problem under its field and go to the first one."""
        self.show_all = True
        self.refresh_now()
        blocking = self.collected.blocking
        if blocking:
            self.go_to(blocking[0].field)

    def go_to(self, path: Any) -> None:
        """Open the step holding ``path`` and put the cursor in that field."""
        if not path:
            return
        path = str(path)
        self.show_all = True
        match = INDEXED.match(path)
        if match:
            kind, n, rest = match.group(1), int(match.group(2)), match.group(3) or ""
            if kind == "violations":
                self.tabs.setCurrentIndex(VIOLATIONS)
                self.violations.select(n)
                self.refresh_figures()
                self.violations.violation_editor.focus_field(rest)
            elif kind == "seized":
                self.tabs.setCurrentIndex(SEIZED)
                self.seized.select(n)
                self.refresh_figures()
                self.seized.seized_editor.focus_field(rest)
            else:
                self.tabs.setCurrentIndex(EVIDENCE)
                self.evidence.list.setCurrentRow(n)
                self.evidence.list.setFocus()
            return
        self.refresh_figures()
        if path.startswith("checklist."):
            self.tabs.setCurrentIndex(CHECKLIST)
            self.checklist.focus_item(path.split(".", 1)[1])
        elif path == "visit_date":
            self.visit_date.edit.setFocus()
        elif path == "establishment_id":
            self.establishment_search.setFocus()
        elif path == "seized":
            self.tabs.setCurrentIndex(SEIZED)
        elif path == "outcome":
            self.tabs.setCurrentIndex(CONCLUSION)
            self.outcome.setFocus()
        else:
            self.tabs.setCurrentIndex(CONCLUSION)
            self.problem_list.setFocus()

    # --- actions --------------------------------------------------------------------------------

    def go_to_step(self, step: int) -> None:
        self.tabs.setCurrentIndex(step)
        widget: QWidget | None = {
            CHECKLIST: (lambda r: r.buttons.get(r.answer()) or r.buttons["yes"] if r else None)(
                self.checklist.first_row()),
            VIOLATIONS: self.violations.list if self.violations.entries else
            self.violations.add_button,
            SEIZED: self.seized.list if self.seized.entries else self.seized.add_button,
            EVIDENCE: self.evidence.list if self.evidence.entries else self.evidence.add_button,
            CONCLUSION: self.outcome}.get(step)
        if widget is not None:
            widget.setFocus()

    def new_item(self) -> None:
        """Ctrl+N: a new seized item on that step, a new violation otherwise."""
        if self.tabs.currentIndex() == SEIZED:
            self.seized.add_entry()
        elif self.tabs.currentIndex() == EVIDENCE:
            self.add_evidence()
        else:
            self.tabs.setCurrentIndex(VIOLATIONS)
            self.violations.add_entry()

    def find_provision(self) -> None:
        if not self.violations.entries:
            self.new_item()
        self.tabs.setCurrentIndex(VIOLATIONS)
        search = self.violations.violation_editor.search
        search.setFocus()
        search.selectAll()

    def add_evidence(self) -> None:
        self.tabs.setCurrentIndex(EVIDENCE)
        self.evidence.pick_files()

    def record_for_item(self, item_id: str) -> None:
        """A failed checklist item → a new violation with its provisions proposed first; the
        cursor is on the first proposal, so Enter takes it."""
        entry = new_violation(item_id)
        row = self.checklist.rows.get(item_id)
        if row is not None and row.note.text().strip():
            entry["facts"] = row.note.text().strip()
        self.tabs.setCurrentIndex(VIOLATIONS)
        self.violations.add_entry(entry)
        editor = self.violations.violation_editor
        if editor.choice_list.count():
            editor.choice_list.setCurrentRow(0)
            editor.choice_list.setFocus()

    def seize_for(self, uid: str) -> None:
        """A seized item filled from a violation (its title and copies when known)."""
        self.violations.store_current()
        source = next((e for e in self.violations.entries if e["uid"] == uid), None)
        entry = new_seized(uid)
        if source is not None and source.get("title"):
            entry.update(description=tr("Xuất bản phẩm “{0}”").format(source["title"]),
                         quantity=str(source.get("copies", "")), unit=tr("cuốn"),
                         titles=f"{source['title']}: {source.get('copies', '')}")
        self.tabs.setCurrentIndex(SEIZED)
        self.seized.add_entry(entry)

    def another_title(self, uid: str) -> None:
        """The next title under the same provision: a new violation with the same dates, facts
        and circumstances (copies are counted per title)."""
        self.violations.store_current()
        source = next((e for e in self.violations.entries if e["uid"] == uid), None)
        if source is None:
            return
        entry = new_violation(source.get("checklist_item"), ongoing=bool(source.get("ongoing")))
        for name in ("provision_key", "alternative", "ended_on", "discovered_on", "facts",
                     "mitigating", "aggravating"):
            entry[name] = source.get(name, entry[name])
        self.violations.add_entry(entry)
        self.violations.violation_editor.title.setFocus()

    # --- saving and closing ---------------------------------------------------------------------

    def save(self) -> bool:
        """Save the whole visit in one transaction; on a refusal each problem goes under its
        field and nothing is written."""
        if self.recorded is not None:
            return True
        self.refresh_now()
        if self.collected.blocking or self.collected.visit is None:
            self.reveal_problems()
            return False
        c = self.collected
        assert c.visit is not None
        record = VisitRecord(replace_outcome(c.visit, self.outcome_code()), tuple(c.violations),
                             tuple(c.seized))
        try:
            result = record_visit(self.db, self.actor, record)
        except FormInvalid as exc:
            self.server_problems = list(exc.problems)
            self.reveal_problems()
            return False
        except ServiceError as exc:
            dialogs.warning(self, tr("Chưa lưu được"), exc.vi)
            return False
        except Exception as exc:
            report_exception(self, exc, tr("lưu biên bản làm việc"))
            return False
        self.recorded = result
        self.drafts.discard()
        self.draft_status.setText(tr("Đã lưu biên bản."))
        self.save_button.setEnabled(False)
        self.saved.emit(result)
        self._attach_evidence(result)
        return True

    def confirmation(self) -> str:
        """What the page's status bar says once the visit is saved (the form then closes)."""
        name = self.establishment.name if self.establishment else ""
        return tr("Đã lưu biên bản làm việc tại {0}.").format(name)

    def _attach_evidence(self, result: RecordedVisit) -> None:
        entries = [dict(e) for e in self.evidence.entries]
        if not entries:
            self.accept()
            return
        ids = dict(zip(self.violations.uids(), result.violation_ids, strict=False))

        def work(progress: Any, cancelled: Any) -> list[str]:
            return attach_all(self.db, self.actor, entries, result.visit_id, ids, progress,
                              cancelled)

        def done(failures: list[str]) -> None:
            if failures:
                dialogs.warning(self, tr("Ảnh, tài liệu"), tr(
                    "Biên bản đã được lưu. Các tệp sau chưa đính kèm được; hãy đính kèm lại "
                    "từ hồ sơ:\n{0}").format("\n".join(failures)))
            self.accept()

        self.evidence.busy += 1
        task = run_in_background(self, work, done, tr("Đang chép {0} ảnh, tài liệu vào thư mục "
                                                      "dữ liệu…").format(len(entries)),
                                 tr("đính kèm ảnh, tài liệu"))
        task.signals.finished.connect(lambda _r: setattr(self.evidence, "busy",
                                                         self.evidence.busy - 1))
        task.signals.failed.connect(lambda _e: self.accept())

    def reject(self) -> None:
        """Closing keeps what was typed as a draft (saved now, not in a few seconds)."""
        if self.recorded is None and self.drafts.dirty and not self.drafts.save_now() \
                and not dialogs.confirm(self, tr("Chưa lưu được bản nháp"), tr(
                    "Không lưu được bản nháp ({0}). Nếu đóng bây giờ, những gì nhập trong vài "
                    "giây gần đây sẽ mất. Vẫn đóng?").format(self.draft_status.text())):
            return
        self.drafts.stop()
        super().reject()

    def accept(self) -> None:
        self.drafts.stop()
        super().accept()
        parent = self.parentWidget()
        if self.recorded is not None and self.recorded.case_id is not None and parent is not None:
            # The violations are saved: the record is the next step (now, or later from the
            # lists of cases waiting for a record).
            from inspector.ui.record_dialog import offer_record

            offer_record(parent, self.db, self.actor, self.recorded.case_id)


def replace_outcome(visit: VisitInput, outcome: str) -> VisitInput:
    return replace(visit, outcome=outcome)


def discard_visit_draft(db: Database, actor: Actor, key: str) -> bool:
    """Forget a visit draft the user declined on the start page."""
    from inspector.services.drafts import discard_draft

    return discard_draft(db, actor, FORM, key)

