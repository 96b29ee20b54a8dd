"""The check interface: actions, reasons as data rendered per language, verdicts, context."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commentguard import Action, PostInfo, Reason, Verdict
from commentguard.checks import Check, CheckContext
from commentguard.messages import REASON_MESSAGES
from tests.checks.helpers import NOW, make_history

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))


def test_severity_runs_reject_trash_spam_hold_approve() -> None:
    """Actions are ordered by severity exactly as DESIGN.md decision 8 lists them."""
    ordered = sorted(Action, key=lambda action: action.severity, reverse=True)
    assert ordered == [Action.REJECT, Action.TRASH, Action.SPAM, Action.HOLD, Action.APPROVE]
    assert min(action.severity for action in Action) > 0  # "no opinion" (0) is below APPROVE


@pytest.mark.parametrize(
    ("code", "params", "english", "swedish"),
    [
        (
            "flood",
            {},
            "You are posting comments too quickly. Slow down.",
            "Du publicerar kommentarer i för hög takt. Ta det lugnare.",
        ),
        (
            "duplicate",
            {},
            "Duplicate comment detected; it looks as though you've already said that!",
            "Identisk kommentar upptäckt, det verkar som att du redan hade sagt detta!",
        ),
        (
            "first_comment",
            {},
            "First comment from this author.",
            "Första kommentaren från den här skribenten.",
        ),
        (
            "links",
            {"count": 3, "limit": 2},
            "Number of links in the comment: 3 (comments with 2 or more are held for moderation).",
            "Antal länkar i kommentaren: 3 "
            "(kommentarer med 2 eller fler länkar granskas innan de publiceras).",
        ),
    ],
)
def test_builtin_reasons_render_in_english_and_swedish(
    code: str, params: dict[str, int], english: str, swedish: str
) -> None:
    """A built-in reason code renders the catalog's sentence, parameters filled, per language."""
    reason = Reason(code, params, check="x")
    assert reason.message("en") == english
    assert reason.message("sv_SE") == swedish


@pytest.mark.parametrize("code", sorted(REASON_MESSAGES))
def test_every_builtin_code_has_a_distinct_swedish_sentence(code: str) -> None:
    """Each built-in reason is translated: its Swedish text differs from its English text."""
    reason = Reason(code, {"count": 1, "limit": 2, "word": "w", "check": "c", "seconds": 1, "hours": 1,
                           "days": 1, "depth": 5, "score": 0.995, "threshold": 0.99, "tokens": "t",
                           "hold_threshold": 0.7},
                    check="c")  # fmt: skip
    assert reason.message("sv") != reason.message("en")
    assert "{" not in reason.message("sv")
    assert "{" not in reason.message("en")


def test_unknown_code_without_texts_names_the_check_and_code() -> None:
    """A third-party code with no texts still renders, naming its check and code."""
    reason = Reason("gibberish", check="sfs")
    assert reason.message("en") == "The check sfs gave the reason “gibberish”."
    assert reason.message("sv") == "Kontrollen sfs angav skälet ”gibberish”."


def test_texts_pick_the_language_then_english() -> None:
    """A third-party reason renders its own text in the asked language, else its English one."""
    reason = Reason("caps", {"n": 5}, check="caps", texts={"en": "{n} capitals", "sv": "{n} versaler"})
    assert reason.message("sv") == "5 versaler"
    assert Reason("caps", {"n": 5}, texts={"en": "{n} capitals"}).message("sv") == "5 capitals"


@given(template=st.text(max_size=40), params=st.dictionaries(st.text(max_size=5), SCALARS, max_size=3))
def test_rendering_a_stored_reason_never_raises(template: str, params: dict[str, object]) -> None:
    """Any template with any params renders to a str: a stored reason must always be readable."""
    reason = Reason("custom", params, texts={"en": template})  # type: ignore[arg-type]
    assert isinstance(reason.message("en"), str)


@pytest.mark.parametrize(
    "bad",
    [
        {"code": ""},
        {"code": 5},
        {"code": "x", "params": {"k": [1]}},
        {"code": "x", "params": {1: "v"}},
        {"code": "x", "params": {"k": object()}},
        {"code": "x", "check": None},
        {"code": "x", "texts": {"en": 1}},
    ],
)
def test_reason_refuses_what_cannot_be_stored(bad: dict[str, object]) -> None:
    """A reason is JSON-storable data: empty codes and non-scalar params are refused."""
    with pytest.raises(TypeError):
        Reason(**bad)  # type: ignore[arg-type]


def test_reason_copies_params_and_is_hashable() -> None:
    """Changing the caller's dict afterwards does not change the reason, and it can go in a set."""
    params = {"count": 3}
    reason = Reason("links", params, check="link_limit")
    params["count"] = 99
    assert reason.params == {"count": 3}
    assert len({reason, Reason("links", {"count": 3}, check="link_limit")}) == 1
    assert reason.to_dict() == {"code": "links", "params": {"count": 3}, "check": "link_limit"}


def test_reason_message_refuses_unknown_locale() -> None:
    """Asking for a language commentguard does not ship is an error, not silent English."""
    with pytest.raises(ValueError, match="unsupported locale"):
        Reason("flood").message("de")


@pytest.mark.parametrize("status", [200, 399, 600, True, "403", None])
def test_verdict_refuses_non_error_http_status(status: object) -> None:
    """A REJECT answers with an HTTP error status; anything else is refused."""
    with pytest.raises(ValueError, match="HTTP error status"):
        Verdict(Action.REJECT, Reason("x"), status)  # type: ignore[arg-type]


def test_verdict_defaults_to_403_and_checks_types() -> None:
    """REJECT defaults to 403; a verdict needs an Action and a Reason."""
    assert Verdict(Action.REJECT, Reason("x")).http_status == 403
    with pytest.raises(TypeError):
        Verdict("reject", Reason("x"))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Verdict(Action.HOLD, "because")  # type: ignore[arg-type]


def test_post_info_needs_an_aware_time() -> None:
    """A naive publication time would compare wrongly with the guard's clock, so it is refused."""
    with pytest.raises(ValueError, match="timezone-aware"):
        PostInfo(published_at=datetime(2026, 1, 1))
    assert PostInfo(published_at=NOW).comments_open


def test_context_loads_history_once_and_shares_it_with_copies() -> None:
    """All checks of one submission share one history load (the store's two queries)."""
    calls = []

    def load() -> object:
        calls.append(1)
        return make_history(spam_count=2)

    context = CheckContext(now=NOW, history=load)  # type: ignore[arg-type]
    copy = context.with_deadline(10.0, lambda: 4.0)
    assert context.history.spam_count == 2
    assert copy.history.spam_count == 2
    assert len(calls) == 1
    assert copy.remaining() == 6.0
    assert context.remaining() == float("inf")


def test_context_retries_a_failed_history_load() -> None:
    """A history load that raised is not cached as a value: the next check tries again."""
    answers: list[object] = [RuntimeError("down"), make_history(trusted=True)]

    def load() -> object:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    context = CheckContext(now=NOW, history=load)  # type: ignore[arg-type]
    with pytest.raises(RuntimeError):
        _ = context.history
    assert context.history.trusted


def test_context_refuses_naive_now_and_bad_post() -> None:
    """The context's time is aware, and posts() must answer a PostInfo or None."""
    with pytest.raises(ValueError, match="aware"):
        CheckContext(now=datetime(2026, 1, 1), history=make_history)
    context = CheckContext(now=NOW, history=make_history, post=lambda: "open")  # type: ignore[arg-type,return-value]
    with pytest.raises(TypeError, match="PostInfo"):
        _ = context.post


def test_remaining_is_never_negative() -> None:
    """Past the deadline, remaining() is 0, a usable timeout, not a negative one."""
    context = CheckContext(now=NOW, history=make_history).with_deadline(1.0, lambda: 5.0)
    assert context.remaining() == 0.0


def test_plain_object_with_name_and_check_is_a_check() -> None:
    """Any object with a name and check() satisfies the Check protocol, no base class needed."""

    class Mine:
        name = "mine"

        def check(self, draft: object, context: object) -> None:
            return None

    assert isinstance(Mine(), Check)
    assert not isinstance(object(), Check)
