"""decide(): the most severe verdict wins, APPROVE never outranks HOLD, every reason is kept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commentguard import Action, Reason, Status, Verdict
from commentguard.decide import Decision, decide

verdicts_st = st.lists(
    st.builds(
        Verdict,
        action=st.sampled_from(Action),
        reason=st.builds(
            Reason, code=st.sampled_from(["a", "b", "links", "flood"]), check=st.text(max_size=3)
        ),
        http_status=st.integers(400, 599),
    ),
    max_size=12,
)
EXPECTED_STATUS = {
    Action.TRASH: Status.TRASH,
    Action.SPAM: Status.SPAM,
    Action.HOLD: Status.PENDING,
    Action.APPROVE: Status.APPROVED,
}


@given(verdicts=verdicts_st)
def test_the_most_severe_action_decides(verdicts: list[Verdict]) -> None:
    """The decision's action is the most severe one asked for; none asked means no action."""
    decision = decide(verdicts)
    if not verdicts:
        assert decision.action is None
    else:
        assert decision.action == max((v.action for v in verdicts), key=lambda a: a.severity)


@given(verdicts=verdicts_st)
def test_status_is_none_exactly_when_rejected(verdicts: list[Verdict]) -> None:
    """A rejected comment has no status (it is not stored); every other decision has one."""
    decision = decide(verdicts)
    assert (decision.status is None) == (decision.action is Action.REJECT)
    if decision.action is not None and decision.action is not Action.REJECT:
        assert decision.status is EXPECTED_STATUS[decision.action]


@given(verdicts=verdicts_st)
def test_approve_never_outranks_hold_or_worse(verdicts: list[Verdict]) -> None:
    """If any check holds, spams, trashes or rejects, the comment is not approved."""
    if any(v.action is not Action.APPROVE for v in verdicts):
        assert decide(verdicts).status is not Status.APPROVED


@given(verdicts=verdicts_st)
def test_every_reason_is_kept_most_severe_first(verdicts: list[Verdict]) -> None:
    """All reasons are in the decision, ordered by severity, check order kept within one action."""
    decision = decide(verdicts)
    assert sorted(decision.reasons, key=id) == sorted((v.reason for v in verdicts), key=id)
    expected = [v.reason for v in sorted(verdicts, key=lambda v: -v.action.severity)]
    assert list(decision.reasons) == expected


@given(verdicts=verdicts_st, extra=verdicts_st)
def test_adding_verdicts_never_makes_a_decision_milder(verdicts: list[Verdict], extra: list[Verdict]) -> None:
    """More checks can only keep or raise the severity of the outcome (monotone)."""
    before, after = decide(verdicts).action, decide(verdicts + extra).action
    assert (after.severity if after else 0) >= (before.severity if before else 0)


@given(verdicts=verdicts_st)
def test_order_of_verdicts_does_not_change_the_action(verdicts: list[Verdict]) -> None:
    """Which action wins does not depend on the order the checks ran in."""
    assert decide(verdicts).action == decide(list(reversed(verdicts))).action


def test_reject_carries_the_first_rejecting_verdicts_http_status() -> None:
    """Two rejections: the first one's status (and reason) is what the commenter gets."""
    flood = Verdict(Action.REJECT, Reason("flood"), 429)
    duplicate = Verdict(Action.REJECT, Reason("duplicate"), 409)
    decision = decide([Verdict(Action.HOLD, Reason("links")), flood, duplicate])
    assert decision == Decision(
        Action.REJECT, None, (Reason("flood"), Reason("duplicate"), Reason("links")), http_status=429
    )


def test_no_opinion_approves_by_default_or_holds_when_configured() -> None:
    """With no verdicts the comment is approved, or pending if the site prefers."""
    assert decide([]).status is Status.APPROVED
    assert decide([], default=Status.PENDING) == Decision(None, Status.PENDING, ())
    assert decide([]).http_status is None


def test_trusted_author_with_too_many_links_is_held() -> None:
    """WordPress holds a trusted author's comment with too many links too."""
    decision = decide([Verdict(Action.APPROVE, Reason("trusted")), Verdict(Action.HOLD, Reason("links"))])
    assert (decision.action, decision.status) == (Action.HOLD, Status.PENDING)


@pytest.mark.parametrize("default", [Status.SPAM, Status.TRASH, "approved", None])
def test_default_must_be_approved_or_pending(default: object) -> None:
    """Only approved or pending make sense for "no check had an opinion"."""
    with pytest.raises(ValueError, match=r"APPROVED or Status\.PENDING"):
        decide([], default=default)  # type: ignore[arg-type]


@pytest.mark.parametrize("junk", [[None], ["reject"], [Action.REJECT], [Reason("x")]])
def test_non_verdicts_are_refused(junk: list[object]) -> None:
    """decide() takes verdicts only; anything else is a TypeError, not a silent approval."""
    with pytest.raises(TypeError):
        decide(junk)  # type: ignore[arg-type]


def test_decide_accepts_any_iterable_once() -> None:
    """A generator of verdicts is read once and decided like a list."""
    decision = decide(v for v in [Verdict(Action.SPAM, Reason("a"))])
    assert decision.status is Status.SPAM
