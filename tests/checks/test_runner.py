"""The runner: a check that raises, overruns or answers nonsense holds the comment."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from commentguard import Action, CheckError, Comment, Reason, Status, Verdict
from commentguard.checks import CheckContext, Draft, run_checks, teach, validate_checks
from tests.checks.helpers import make_context, make_draft


class FakeTimer:
    """A monotonic clock that only moves when told to."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        """The current fake time."""
        return self.now


@dataclass
class Scripted:
    """A check that answers what it is told, optionally advancing a timer while it 'works'."""

    name: str
    answer: object = None
    timer: FakeTimer | None = None
    takes: float = 0.0
    seen: list[CheckContext] = field(default_factory=list)

    def check(self, draft: Draft, context: CheckContext) -> object:
        """Record the context, let fake time pass, answer as scripted."""
        self.seen.append(context)
        if self.timer is not None:
            self.timer.now += self.takes
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer


def approve(name: str) -> Verdict:
    """An APPROVE verdict from the check ``name``."""
    return Verdict(Action.APPROVE, Reason("trusted", check=name))


def test_verdicts_come_back_in_check_order_without_nones() -> None:
    """Each verdict is collected in order; a check answering None adds nothing."""
    hold = Verdict(Action.HOLD, Reason("links", check="b"))
    checks = [Scripted("a", approve("a")), Scripted("b", hold), Scripted("c", None)]
    assert run_checks(checks, make_draft(), make_context()) == (approve("a"), hold)  # type: ignore[arg-type]


def test_a_check_that_raises_holds_the_comment_and_the_rest_still_run() -> None:
    """An exception becomes HOLD "check X failed"; later checks still give their verdicts."""
    checks = [Scripted("broken", ValueError("boom")), Scripted("after", approve("after"))]
    verdicts = run_checks(checks, make_draft(), make_context())  # type: ignore[arg-type]
    assert [v.action for v in verdicts] == [Action.HOLD, Action.APPROVE]
    assert verdicts[0].reason.code == "check_failed"
    assert verdicts[0].reason.check == "broken"
    assert (
        verdicts[0].reason.message("en") == "The check broken failed, so the comment is held for moderation."
    )


def test_an_overrunning_check_is_abandoned_even_if_it_approved() -> None:
    """A check slower than its budget loses its verdict (here an APPROVE) and holds instead."""
    timer = FakeTimer()
    slow = Scripted("slow", approve("slow"), timer=timer, takes=2.5)
    verdicts = run_checks([slow], make_draft(), make_context(), budget=2.0, timer=timer)  # type: ignore[list-item]
    assert [(v.action, v.reason.code) for v in verdicts] == [(Action.HOLD, "check_overran")]
    assert verdicts[0].reason.params == {"check": "slow", "seconds": 2.0}


def test_a_check_just_within_budget_keeps_its_verdict() -> None:
    """Taking exactly the budget is not overrunning it."""
    timer = FakeTimer()
    quick = Scripted("quick", approve("quick"), timer=timer, takes=2.0)
    verdicts = run_checks([quick], make_draft(), make_context(), budget=2.0, timer=timer)  # type: ignore[list-item]
    assert verdicts == (approve("quick"),)


def test_each_check_gets_its_own_deadline() -> None:
    """The deadline a check sees is its own start plus the budget, not the first check's."""
    timer = FakeTimer()
    first = Scripted("first", timer=timer, takes=1.5)
    second = Scripted("second", timer=timer, takes=0.0)
    run_checks([first, second], make_draft(), make_context(), budget=2.0, timer=timer)  # type: ignore[list-item]
    assert first.seen[0].deadline == 102.0
    assert second.seen[0].deadline == 103.5
    assert second.seen[0].remaining() == 2.0


@pytest.mark.parametrize("answer", ["approve", Action.APPROVE, 1, Reason("x")])
def test_a_check_answering_something_else_holds(answer: object) -> None:
    """A check returning anything but a Verdict or None is treated as failed: HOLD."""
    verdicts = run_checks([Scripted("odd", answer)], make_draft(), make_context())  # type: ignore[list-item]
    assert [(v.action, v.reason.code) for v in verdicts] == [(Action.HOLD, "check_failed")]


def test_keyboard_interrupt_is_not_swallowed() -> None:
    """Only ordinary exceptions are caught: Ctrl-C and SystemExit still stop the process."""
    with pytest.raises(KeyboardInterrupt):
        run_checks([Scripted("x", KeyboardInterrupt())], make_draft(), make_context())  # type: ignore[list-item]


def test_validate_checks_refuses_duplicates_and_non_checks() -> None:
    """Set-up errors surface at construction as CheckError, never while judging a comment."""
    with pytest.raises(CheckError, match="two checks are named 'a'"):
        validate_checks([Scripted("a"), Scripted("a")])
    with pytest.raises(CheckError, match="is not a check"):
        validate_checks([object()])
    with pytest.raises(CheckError, match="is not a check"):
        validate_checks([Scripted("")])
    with pytest.raises(CheckError, match="sequence of check objects"):
        validate_checks("link_limit")


class Learner:
    """A check that learns from moderators, or fails to."""

    name = "learner"

    def __init__(self, fail: bool = False) -> None:
        self.learned: list[tuple[int | None, Status]] = []
        self.fail = fail

    def check(self, draft: Draft, context: CheckContext) -> None:
        """No opinion."""

    def learn(self, comment: Comment, status: Status) -> None:
        """Remember the status, or raise."""
        if self.fail:
            raise RuntimeError("cannot learn")
        self.learned.append((comment.id, status))


def test_teach_tells_learners_and_survives_a_failing_one() -> None:
    """Learners hear the moderator's status; one that raises does not stop the others."""
    good, bad = Learner(), Learner(fail=True)
    comment = make_draft().comment.stored(7)
    teach([bad, Scripted("plain"), good], comment, Status.SPAM)
    assert good.learned == [(7, Status.SPAM)]
