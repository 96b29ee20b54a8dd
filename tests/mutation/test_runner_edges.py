"""The check runner: reasons, logs and set-up checks mutation testing found unpinned (docs/testing.md)."""

from __future__ import annotations

import logging

import pytest

from commentguard import Action, CheckError, Status, Verdict
from commentguard.checks import CheckContext, Draft, history_bound, run_checks, teach, validate_checks
from tests.checks.helpers import make_context, make_draft
from tests.checks.test_runner import FakeTimer, Learner, Scripted


class Nameless:
    """A check without a usable name, which raises."""

    def __init__(self, name: object) -> None:
        self.name = name

    def check(self, draft: Draft, context: CheckContext) -> None:
        """Fail."""
        raise ValueError("anna@example.se")


def warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The warnings the runner logged, as their first lines."""
    return [r.getMessage().splitlines()[0] for r in caplog.records if r.name == "commentguard.checks"]


def test_a_failing_check_is_logged_by_name_and_type_never_its_message(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An exception holds with {"check", "error": "exception"}, logging the check and exception type only."""
    with caplog.at_level(logging.WARNING, logger="commentguard.checks"):
        [held] = run_checks([Scripted("broken", ValueError("anna@example.se"))], make_draft(), make_context())  # type: ignore[list-item]
    assert (held.action, held.reason.code) == (Action.HOLD, "check_failed")
    assert held.reason.params == {"check": "broken", "error": "exception"}
    assert warnings(caplog) == ["check broken failed; holding the comment: builtins.ValueError"]
    assert "anna@example.se" not in caplog.text


def test_an_overrun_is_logged_with_the_budget(caplog: pytest.LogCaptureFixture) -> None:
    """A check past its budget is logged by name with the budget in seconds."""
    timer = FakeTimer()
    slow = Scripted("slow", None, timer=timer, takes=3.0)
    with caplog.at_level(logging.WARNING, logger="commentguard.checks"):
        run_checks([slow], make_draft(), make_context(), budget=2.5, timer=timer)  # type: ignore[list-item]
    assert warnings(caplog) == ["check slow overran its budget of 2.5 s; holding the comment"]


def test_a_wrong_answer_is_held_and_logged_by_its_type(caplog: pytest.LogCaptureFixture) -> None:
    """A non-Verdict answer holds with {"check", "error": "bad_result"}, logging the type it was."""
    with caplog.at_level(logging.WARNING, logger="commentguard.checks"):
        [held] = run_checks([Scripted("odd", "approve")], make_draft(), make_context())  # type: ignore[list-item]
    assert held.reason.params == {"check": "odd", "error": "bad_result"}
    assert warnings(caplog) == ["check odd returned str, not a Verdict; holding"]


@pytest.mark.parametrize("name", [None, "", 7])
def test_a_check_without_a_usable_name_is_named_by_its_class(name: object) -> None:
    """A failing check whose name is missing, empty or not a str is reported under its class name."""
    [held] = run_checks([Nameless(name)], make_draft(), make_context())  # type: ignore[list-item]
    assert (held.reason.check, held.reason.params["check"]) == ("Nameless", "Nameless")


def test_a_check_sees_the_draft_and_the_default_budget() -> None:
    """Each check is given the draft itself, and a deadline DEFAULT_BUDGET (2 s) after it started."""
    timer = FakeTimer()
    draft = make_draft()
    seen: list[tuple[Draft, float]] = []

    class Looking:
        name = "looking"

        def check(self, given: Draft, context: CheckContext) -> Verdict | None:
            """Remember what it was given."""
            seen.append((given, context.deadline))
            return None

    run_checks([Looking()], draft, make_context(), timer=timer)
    assert seen == [(draft, timer.now + 2.0)]


def test_valid_checks_come_back_in_order() -> None:
    """validate_checks returns the very checks given, in order, when every name is unique."""
    first: object = Scripted("a")
    second: object = Scripted("b")
    checks = validate_checks([first, second])
    assert len(checks) == 2
    assert checks[0] is first
    assert checks[1] is second


def test_an_item_without_a_check_method_is_refused() -> None:
    """An object with a name but no check() is refused as not a check, not with an AttributeError."""

    class NoCheck:
        name = "named"

    with pytest.raises(CheckError, match="is not a check"):
        validate_checks([NoCheck()])


def test_a_bare_string_for_the_checks_is_refused_by_type() -> None:
    """validate_checks("name") says checks must be a sequence, naming the type given."""
    with pytest.raises(CheckError) as raised:
        validate_checks("link_limit")
    assert str(raised.value) == "checks must be a sequence of check objects, not str"


@pytest.mark.parametrize(("flag", "bound"), [(True, True), (1, False), ("yes", False), (None, False)])
def test_only_history_bound_true_binds_a_check_to_the_history(flag: object, bound: bool) -> None:
    """history_bound() is True only for a check whose history_bound is the literal True."""

    class Flagged:
        name = "flagged"
        history_bound = flag

    assert history_bound(Flagged()) is bound
    assert history_bound(Scripted("plain")) is False


def test_a_learner_that_fails_is_logged_by_name(caplog: pytest.LogCaptureFixture) -> None:
    """teach() logs a failing learner by its name and exception type, and goes on."""
    with caplog.at_level(logging.WARNING, logger="commentguard.checks"):
        teach([Learner(fail=True)], make_draft().comment.stored(7), Status.SPAM)
    assert warnings(caplog) == ["check learner failed to learn; ignored: builtins.RuntimeError"]
