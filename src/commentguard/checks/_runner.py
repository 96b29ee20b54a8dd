"""Run the checks in order, so that a broken or slow check holds the comment, never loses it.

A check that raises becomes ``HOLD`` ("check X failed"); one that returns something other
than a :class:`~commentguard.Verdict` or ``None`` too. A check that takes longer than its
budget (measured with an injectable monotonic timer, so tests never sleep) is abandoned: its
verdict is thrown away and the comment is held. Python cannot interrupt a running function,
so "abandoned" means its answer no longer counts; a check that waits on the network must keep
to ``context.remaining()`` itself (the Akismet check does).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence

from commentguard._mask import stack_without_message
from commentguard.checks._protocol import Check, CheckContext, Draft, Learner
from commentguard.errors import CheckError
from commentguard.model import Action, Comment, Reason, Status, Verdict

_log = logging.getLogger("commentguard.checks")

DEFAULT_BUDGET = 2.0
"""Seconds each check may take before its verdict is abandoned and the comment held."""


def check_name(check: object) -> str:
    """The check's ``name``, or its class name when the name is missing or not a str."""
    name = getattr(check, "name", None)
    return name if isinstance(name, str) and name else type(check).__name__


def validate_checks(checks: Iterable[object]) -> tuple[Check, ...]:
    """Return ``checks`` as a tuple once each is a usable check with a unique name.

    Raises:
        CheckError: an item has no ``check`` method or ``name``, or two share a name.

    """
    if isinstance(checks, (str, bytes)) or not isinstance(checks, Iterable):
        raise CheckError(f"checks must be a sequence of check objects, not {type(checks).__name__}")
    result: list[Check] = []
    seen: set[str] = set()
    for item in checks:
        name = getattr(item, "name", None)
        if not isinstance(name, str) or not name or not callable(getattr(item, "check", None)):
            raise CheckError(f"{item!r} is not a check: it needs a str `name` and a `check(draft, context)`")
        if name in seen:
            raise CheckError(f"two checks are named {name!r}; give each check a unique name")
        seen.add(name)
        result.append(item)  # type: ignore[arg-type]  # shape verified just above
    return tuple(result)


def _held(code: str, name: str, **params: str | int | float) -> Verdict:
    return Verdict(Action.HOLD, Reason(code, {"check": name, **params}, check=name))


def run_checks(
    checks: Sequence[Check],
    draft: Draft,
    context: CheckContext,
    *,
    budget: float = DEFAULT_BUDGET,
    timer: Callable[[], float] = time.monotonic,
) -> tuple[Verdict, ...]:
    """Call each check in order and collect the verdicts (``None`` answers are left out).

    Args:
        checks: the checks, in the order they run.
        draft: the comment being judged.
        context: time, history and post, shared by all checks.
        budget: seconds each check may take.
        timer: a monotonic clock in seconds (``time.monotonic``; tests pass a fake).

    """
    answers = run_each(checks, draft, context, budget=budget, timer=timer)
    return tuple(verdict for verdict in answers if verdict is not None)


def run_each(
    checks: Sequence[Check],
    draft: Draft,
    context: CheckContext,
    *,
    budget: float = DEFAULT_BUDGET,
    timer: Callable[[], float] = time.monotonic,
) -> list[Verdict | None]:
    """:func:`run_checks`, keeping one answer per check (``None``: no opinion), in order."""
    answers: list[Verdict | None] = []
    for check in checks:
        name = check_name(check)
        started = timer()
        try:
            verdict = check.check(draft, context.with_deadline(started + budget, timer))
        except Exception as exc:  # a broken check holds the comment; it must never lose it
            _log.warning("check %s failed; holding the comment: %s", name, stack_without_message(exc))
            answers.append(_held("check_failed", name, error="exception"))
            continue
        if timer() - started > budget:
            _log.warning("check %s overran its budget of %s s; holding the comment", name, budget)
            answers.append(_held("check_overran", name, seconds=budget))
        elif verdict is None or isinstance(verdict, Verdict):
            answers.append(verdict)
        else:
            _log.warning("check %s returned %s, not a Verdict; holding", name, type(verdict).__name__)
            answers.append(_held("check_failed", name, error="bad_result"))
    return answers


def history_bound(check: object) -> bool:
    """Whether ``check`` judges by the store's history and must run inside the insert's transaction.

    A check says so with ``history_bound = True`` (the flood, duplicate, replies, spam
    history and trusted-author checks do). Such a check runs while the store's write lock is
    held, so it must be quick and must not wait on the network.
    """
    return getattr(check, "history_bound", False) is True


def teach(checks: Sequence[object], comment: Comment, status: Status) -> None:
    """Tell every check that learns (has ``learn``) the status a moderator gave ``comment``.

    A learner that raises is logged and skipped: moderating never fails because of it.
    """
    for check in checks:
        if isinstance(check, Learner):
            try:
                check.learn(comment, status)
            except Exception as exc:  # feedback is best effort; the status change has committed
                _log.warning(
                    "check %s failed to learn; ignored: %s", check_name(check), stack_without_message(exc)
                )
