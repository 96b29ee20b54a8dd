"""Combine the checks' verdicts into one decision: a pure function, a screen of code.

>>> from commentguard import Action, Reason, Verdict, decide
>>> trusted = Verdict(Action.APPROVE, Reason("trusted", check="trusted_author"))
>>> links = Verdict(Action.HOLD, Reason("links", {"count": 3, "limit": 2}, check="link_limit"))
>>> decision = decide([trusted, links])
>>> decision.status, [reason.code for reason in decision.reasons]
(<Status.PENDING: 'pending'>, ['links', 'trusted'])
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from commentguard.model import Action, Reason, Status, Verdict

_STATUS = {
    Action.TRASH: Status.TRASH,
    Action.SPAM: Status.SPAM,
    Action.HOLD: Status.PENDING,
    Action.APPROVE: Status.APPROVED,
}


@dataclass(frozen=True, slots=True)
class Decision:
    """What happens to a comment, and every reason the checks gave.

    Attributes:
        action: the most severe action asked for, or ``None`` when no check had an opinion.
        status: the status to store the comment with; ``None`` exactly when ``action`` is
            ``REJECT`` (the comment is not stored).
        reasons: every reason, most severe first (in check order within one action).
        http_status: for a ``REJECT``, the status of the first rejecting verdict; else ``None``.

    """

    action: Action | None
    status: Status | None
    reasons: tuple[Reason, ...]
    http_status: int | None = None


def decide(verdicts: Iterable[Verdict], *, default: Status = Status.APPROVED) -> Decision:
    """Return the decision for ``verdicts``: the most severe action wins.

    Severity: ``REJECT`` > ``TRASH`` > ``SPAM`` > ``HOLD`` > ``APPROVE`` > no opinion, so an
    approving check (a trusted author) never outranks one that holds (too many links).

    Args:
        verdicts: the checks' verdicts, in check order.
        default: the status when no check had an opinion: ``APPROVED`` (WordPress's default)
            or ``PENDING``.

    Raises:
        TypeError: an item is not a :class:`Verdict`.
        ValueError: ``default`` is neither ``APPROVED`` nor ``PENDING``.

    """
    if not isinstance(default, Status) or default not in (Status.APPROVED, Status.PENDING):
        raise ValueError(f"the default status must be Status.APPROVED or Status.PENDING, not {default!r}")
    ordered = list(verdicts)
    if not all(isinstance(verdict, Verdict) for verdict in ordered):
        raise TypeError("decide() takes Verdict objects")
    ordered.sort(key=lambda verdict: -verdict.action.severity)  # stable: check order kept within an action
    reasons = tuple(verdict.reason for verdict in ordered)
    if not ordered:
        return Decision(None, default, reasons)
    top = ordered[0]
    if top.action is Action.REJECT:
        return Decision(Action.REJECT, None, reasons, top.http_status)
    return Decision(top.action, _STATUS[top.action], reasons)
