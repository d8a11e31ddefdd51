"""The decisions that follow a fine and what they do to it (Law Arts 76, 77, 79).

Why here: the kinds, their labels and the Art 77 arithmetic (how much a reduction or an
exemption takes off, and when each is allowed) are asked by the services, the register and the
export; one answer, no Qt or SQL. The dated limits (months, amounts, days) live in
``db/reference/procedure_rules.json``; docs/money-rules.md gives each fact with its source.

* a **deferral** (hoãn, MQĐ03, Art 76) moves the due date to its end;
* a **reduction** (giảm, MQĐ04, Art 77) lowers the fine still owed by the amount it states;
* an **exemption of the rest** (miễn phần còn lại, MQĐ04) ends what is owed after a part payment;
* an **exemption of the whole** (miễn toàn bộ, MQĐ04) ends a fine of which nothing was paid;
* **instalments** (nộp nhiều lần, MQĐ05, Art 79) give each part its own due date.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

__all__ = ["FOLLOW_UP_LABELS_VI", "FollowUpKind", "ReliefRefused", "relief_amount",
           "relief_deadline"]


class FollowUpKind(StrEnum):
    DEFER = "defer"
    REDUCE = "reduce"
    EXEMPT_REST = "exempt_rest"
    EXEMPT_ALL = "exempt_all"
    INSTALMENTS = "instalments"


RELIEF_KINDS = (FollowUpKind.REDUCE, FollowUpKind.EXEMPT_REST, FollowUpKind.EXEMPT_ALL)

#: What the register calls each (the titles of forms MQĐ03, MQĐ04, MQĐ05).
FOLLOW_UP_LABELS_VI: dict[str, str] = {
    FollowUpKind.DEFER: "Hoãn thi hành",
    FollowUpKind.REDUCE: "Giảm tiền phạt",
    FollowUpKind.EXEMPT_REST: "Miễn phần còn lại",
    FollowUpKind.EXEMPT_ALL: "Miễn toàn bộ",
    FollowUpKind.INSTALMENTS: "Nộp phạt nhiều lần",
}


class ReliefRefused(ValueError):
    """A reduction or exemption the law does not allow; ``vi`` is the message users read."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi = vi


def relief_amount(kind: str, fine: int, fine_paid: int, amount: int | None) -> int:
    """How much of the fine a reduction or exemption (Art 77, form MQĐ04) takes off.

    A reduction takes off ``amount``, more than nothing and less than the fine still owed (to
    take off all of it is an exemption); an exemption of the rest takes off what is still owed
    after a part payment; an exemption of the whole takes off a fine of which nothing was
    paid. The late charge (Art 78) is not the fine and is not reduced.
    """
    owed = fine - fine_paid
    if owed <= 0:
        raise ReliefRefused("Quyết định này không còn tiền phạt phải nộp.",
                            "nothing left of the fine")
    if kind == FollowUpKind.REDUCE:
        if amount is None or isinstance(amount, bool) or amount <= 0:
            raise ReliefRefused("Phải ghi số tiền phạt được giảm (số nguyên đồng, lớn hơn 0).",
                                "a reduction needs a positive amount")
        if amount >= owed:
            raise ReliefRefused(
                "Số tiền được giảm phải nhỏ hơn số tiền phạt còn phải nộp; giảm hết là miễn "
                "(phần còn lại hoặc toàn bộ).", "a reduction must be less than what is owed")
        return amount
    if kind == FollowUpKind.EXEMPT_REST:
        if fine_paid == 0:
            raise ReliefRefused("Chưa nộp phần nào của tiền phạt: chọn miễn toàn bộ.",
                                "nothing paid yet: exempt the whole fine")
        return owed
    if kind == FollowUpKind.EXEMPT_ALL:
        if fine_paid:
            raise ReliefRefused("Đã nộp một phần tiền phạt: chỉ có thể miễn phần còn lại.",
                                "part of the fine was paid: exempt the rest")
        return fine
    raise ReliefRefused(f"Loại quyết định không hợp lệ: {kind}.", f"unknown relief kind {kind!r}")


def relief_deadline(request_on: date, forward_days: int, decide_days: int) -> date:
    """The last day for the decision on a request for reduction or exemption (Art 77(2)): the
    sanctioning person forwards it to the direct superior within ``forward_days``, who decides
    within ``decide_days`` of receiving it (calendar days, the 2012 wording)."""
    return request_on + timedelta(days=forward_days + decide_days)
