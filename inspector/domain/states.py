"""The states of a case and of a sanction decision, their allowed transitions, and the one
answer to "is this decision in force?" (issue 9 §3).

Why here: the question used to be written out in six places in three versions (the tally, the
triggers of migration 0006, the decision services several times, the register page, the test
oracle) and a correction made a fine uncollectable. Every caller now asks :func:`in_force`
(Python) or :func:`in_force_sql` (the same predicate as SQL, for queries and triggers).

What the Law Art 18 decisions do to an issued decision (the original):

* a **correction** (đính chính) changes the wording, not the obligation: the original stays in
  force as it is; its fine stays due, payable, deliverable and counted;
* an **amendment** (sửa đổi, bổ sung) carries a new amount: the original stays the decision that
  is paid, with the amount the amendment sets;
* an **annulment** (hủy bỏ) ends the obligation: the original becomes ``cancelled``.

The Art 18 decisions themselves (rows with ``amends_id``) are documents in the register; they
never carry an obligation of their own, so they are never "in force" for money or the tally.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum

__all__ = [
    "IN_FORCE_STATES",
    "AmendmentKind",
    "CaseState",
    "DecisionState",
    "StateError",
    "check_case_transition",
    "check_decision_transition",
    "in_force",
    "in_force_sql",
]


class StateError(ValueError):
    """A transition the state machine does not allow; ``vi`` is the message users read."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi = vi


class DecisionState(StrEnum):
    DRAFT = "draft"
    ISSUED = "issued"
    DELIVERED = "delivered"
    PARTLY_PAID = "partly_paid"
    PAID = "paid"
    OVERDUE = "overdue"  # shown when the due date has passed; stored only by older versions
    ENFORCED = "enforced"
    CANCELLED = "cancelled"
    #: Stored by versions before migration 0009 on an amended or corrected original (which
    #: made its fine uncollectable); 0009 restores those originals. Never entered any more.
    AMENDED = "amended"


class AmendmentKind(StrEnum):
    AMEND = "amend"
    CORRECT = "correct"
    ANNUL = "annul"


_OPEN = (DecisionState.ISSUED, DecisionState.DELIVERED, DecisionState.PARTLY_PAID,
         DecisionState.OVERDUE, DecisionState.ENFORCED)

#: The stored states of a decision whose obligation stands (with ``issued_on`` set and no
#: ``amends_id``). A paid decision stays in force: its fine counts as imposed and collected.
IN_FORCE_STATES: tuple[DecisionState, ...] = (*_OPEN, DecisionState.PAID)

DECISION_TRANSITIONS: Mapping[DecisionState, frozenset[DecisionState]] = {
    DecisionState.DRAFT: frozenset({DecisionState.ISSUED}),
    **{s: frozenset({DecisionState.DELIVERED, DecisionState.PARTLY_PAID, DecisionState.PAID,
                     DecisionState.ENFORCED, DecisionState.CANCELLED})
       for s in _OPEN},
    # An annulment may end a decision already paid (the money is then returned); an amendment
    # that raises the amount reopens it.
    DecisionState.PAID: frozenset({DecisionState.CANCELLED, DecisionState.PARTLY_PAID}),
    DecisionState.CANCELLED: frozenset(),
    DecisionState.AMENDED: frozenset(),
}

_DECISION_VI = {
    DecisionState.DRAFT: "dự thảo", DecisionState.ISSUED: "đã ban hành",
    DecisionState.DELIVERED: "đã giao", DecisionState.PARTLY_PAID: "nộp một phần",
    DecisionState.PAID: "đã nộp đủ", DecisionState.OVERDUE: "quá hạn",
    DecisionState.ENFORCED: "cưỡng chế", DecisionState.CANCELLED: "đã hủy bỏ",
    DecisionState.AMENDED: "đã thay thế",
}


def check_decision_transition(current: str, target: str) -> DecisionState:
    """``target`` as a state when a decision in ``current`` may move there; else StateError."""
    now, then = DecisionState(current), DecisionState(target)
    if then == now and now in IN_FORCE_STATES:
        return then  # another part payment, another delivery date, the same state kept
    if then not in DECISION_TRANSITIONS[now]:
        raise StateError(
            f"Quyết định đang ở trạng thái {_DECISION_VI[now]}, không thể chuyển sang "
            f"{_DECISION_VI[then]}.", f"a decision cannot go from {now} to {then}")
    return then


def in_force(status: str, issued_on: date | None, amends_id: object | None) -> bool:
    """The decision's obligation stands: issued, neither a draft, annulled nor replaced, and not
    itself an Art 18 decision (a correction, amendment or annulment of another)."""
    return issued_on is not None and amends_id is None and status in IN_FORCE_STATES


def in_force_sql(prefix: str = "") -> str:
    """:func:`in_force` as an SQL condition on the columns of ``sanction_decisions``, each
    preceded by ``prefix`` (``"d."``, ``"NEW."``, ``"sanction_decisions."``)."""
    states = ", ".join(f"'{s.value}'" for s in IN_FORCE_STATES)
    return (f"({prefix}issued_on IS NOT NULL AND {prefix}amends_id IS NULL "
            f"AND {prefix}status IN ({states}))")


class CaseState(StrEnum):
    DRAFT = "draft"
    RECORDED = "recorded"
    EXPLANATION = "explanation"
    TRANSFERRED = "transferred"
    DECIDED = "decided"
    DELIVERED = "delivered"
    PARTLY_PAID = "partly_paid"
    PAID = "paid"
    DEFERRED = "deferred"
    OVERDUE = "overdue"
    ENFORCED = "enforced"
    CLOSED = "closed"
    REMINDED = "reminded"
    CANCELLED = "cancelled"


_CASE_FOLLOW = frozenset({CaseState.DELIVERED, CaseState.PARTLY_PAID, CaseState.PAID,
                          CaseState.DEFERRED, CaseState.OVERDUE, CaseState.ENFORCED,
                          CaseState.CLOSED})
CASE_TRANSITIONS: Mapping[CaseState, frozenset[CaseState]] = {
    CaseState.DRAFT: frozenset({CaseState.RECORDED, CaseState.DECIDED, CaseState.TRANSFERRED,
                                CaseState.REMINDED, CaseState.CANCELLED}),
    CaseState.RECORDED: frozenset({CaseState.EXPLANATION, CaseState.DECIDED,
                                   CaseState.TRANSFERRED, CaseState.CANCELLED}),
    CaseState.EXPLANATION: frozenset({CaseState.DECIDED, CaseState.TRANSFERRED,
                                      CaseState.CANCELLED}),
    CaseState.TRANSFERRED: frozenset({CaseState.CLOSED}),
    # After the decision: the money is followed; an annulment closes the case.
    **{s: _CASE_FOLLOW for s in (CaseState.DECIDED, CaseState.DELIVERED, CaseState.PARTLY_PAID,
                                 CaseState.DEFERRED, CaseState.OVERDUE, CaseState.ENFORCED)},
    CaseState.PAID: frozenset({CaseState.CLOSED, CaseState.PARTLY_PAID}),
    CaseState.CLOSED: frozenset(),
    CaseState.REMINDED: frozenset({CaseState.CLOSED}),
    CaseState.CANCELLED: frozenset(),
}


_CASE_VI = {
    CaseState.DRAFT: "đang lập", CaseState.RECORDED: "đã lập biên bản",
    CaseState.EXPLANATION: "đang giải trình", CaseState.TRANSFERRED: "đã chuyển hồ sơ",
    CaseState.DECIDED: "đã ra quyết định", CaseState.DELIVERED: "đã giao quyết định",
    CaseState.PARTLY_PAID: "nộp một phần", CaseState.PAID: "đã nộp phạt",
    CaseState.DEFERRED: "hoãn thi hành", CaseState.OVERDUE: "quá hạn",
    CaseState.ENFORCED: "cưỡng chế", CaseState.CLOSED: "kết thúc",
    CaseState.REMINDED: "nhắc nhở", CaseState.CANCELLED: "đã hủy",
}


#: The states in which the field work of a case may still be taken back: before a decision or
#: a transfer fixes what the file holds (the evidence a decision or the receiving authority
#: stands on is not removed).
_OPEN_FIELD_WORK = frozenset({CaseState.DRAFT, CaseState.RECORDED, CaseState.EXPLANATION})


def field_work_removable(status: str) -> bool:
    """Whether a photo or scan of a case in ``status`` may be removed (violations and seized
    items: :func:`record_content_editable`)."""
    return status in _OPEN_FIELD_WORK


#: The states in which what the violation record states (the violations, the items held) may
#: still be added, changed or removed: before the record is made. The issued record is frozen
#: and signed; taking a violation out of the case afterwards would leave the decision and the
#: record saying different things (a change needs a new document).
_RECORD_CONTENT_OPEN = frozenset({CaseState.DRAFT})


def record_content_editable(status: str) -> bool:
    """Whether the violations and seized items of a case in ``status`` may still change, here
    or by a laptop's package."""
    return status in _RECORD_CONTENT_OPEN


def case_after_delivery(status: str, *, money_due: bool, measures_due: bool) -> CaseState:
    """Where a case goes when its decision is received: a decision that asks for money or for a
    remedial measure is followed from delivery on (the days to pay run from it, Law Art 73);
    one that asks for neither (a warning alone) is carried out by its delivery, and the case
    ends. A later delivery date, or a case already further on, keeps its state."""
    now = CaseState(status)
    if now != CaseState.DECIDED:
        return now
    target = CaseState.DELIVERED if money_due or measures_due else CaseState.CLOSED
    return check_case_transition(now, target)


def case_state_label(status: str) -> str:
    """The state as users read it ("đã ra quyết định")."""
    try:
        return _CASE_VI[CaseState(status)]
    except ValueError:
        return status


def check_case_transition(current: str, target: str) -> CaseState:
    """``target`` as a state when a case in ``current`` may move there; else StateError."""
    now, then = CaseState(current), CaseState(target)
    if then == now or then in CASE_TRANSITIONS[now]:
        return then
    raise StateError(f"Vụ việc đang ở trạng thái {_CASE_VI[now]}, không thể chuyển sang "
                     f"{_CASE_VI[then]}.",
                     f"a case cannot go from {now} to {then}")
