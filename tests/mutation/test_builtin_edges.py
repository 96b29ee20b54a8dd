"""The built-in checks: range edges, reason values and default_checks() defaults.

Pinned where mutation testing found them loose (see docs/testing.md, "Mutation testing").
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from commentguard import (
    Action,
    CheckError,
    ClosedComments,
    DisallowedWords,
    Flood,
    Honeypot,
    LearningFilter,
    LinkLimit,
    ModerationWords,
    PostInfo,
    Replies,
    SpamHistory,
    Verdict,
    default_checks,
)
from tests.checks.helpers import NOW, make_context, make_draft, make_history, parent


def reason_of(verdict: Verdict | None) -> tuple[Action, str, dict[str, object], str, int] | None:
    """(action, code, params, check name, http status) of ``verdict``, or None."""
    if verdict is None:
        return None
    reason = verdict.reason
    return verdict.action, reason.code, dict(reason.params), reason.check, verdict.http_status


def refusal(make: object) -> str:
    """The CheckError message that building a check with ``make()`` raises."""
    with pytest.raises(CheckError) as raised:
        make()  # type: ignore[operator]
    return str(raised.value)


def test_closed_comments_after_one_day_is_the_smallest_setting() -> None:
    """ClosedComments(1) closes a post more than one day old and keeps one exactly a day old open."""
    check = ClosedComments(1)
    day_old = make_context(post=PostInfo(published_at=NOW - timedelta(days=1)))
    older = make_context(post=PostInfo(published_at=NOW - timedelta(days=1, seconds=1)))
    assert check.check(make_draft(), day_old) is None
    assert reason_of(check.check(make_draft(), older)) == (
        Action.REJECT, "closed_old", {"days": 1}, "closed", 403,
    )  # fmt: skip


@pytest.mark.parametrize("days", [0, -1, True, 1.5, "14"])
def test_closed_comments_refuses_less_than_one_day_or_not_whole(days: object) -> None:
    """close_after_days below 1, a boolean, a float or a string is refused with a message naming it."""
    assert refusal(lambda: ClosedComments(days)) == (  # type: ignore[arg-type]
        f"close_after_days must be None or a whole number >= 1, not {days!r}"
    )


def test_replies_one_deep_allows_replies_to_top_level_comments_only() -> None:
    """Replies(1) accepts a reply to a depth-0 comment and rejects one to a reply, naming the limit."""
    draft = make_draft(parent_id="1")
    top_level = make_context(make_history(parent=parent(depth=0)))
    reply = make_context(make_history(parent=parent(depth=1)))
    assert Replies(1).check(draft, top_level) is None
    assert reason_of(Replies(1).check(draft, reply)) == (
        Action.REJECT, "reply_too_deep", {"depth": 1}, "replies", 403,
    )  # fmt: skip


@pytest.mark.parametrize("depth", [0, True, 2.0, "5"])
def test_replies_refuses_a_depth_below_one_or_not_whole(depth: object) -> None:
    """max_depth below 1, a boolean, a float or a string is refused with a message naming it."""
    assert refusal(lambda: Replies(depth)) == f"max_depth must be a whole number >= 1, not {depth!r}"  # type: ignore[arg-type]


@pytest.mark.parametrize("count", [True, 1.0, "1"])
def test_spam_history_refuses_a_count_that_is_not_whole(count: object) -> None:
    """min_count that is a boolean, float or string is refused with a message naming it."""
    assert refusal(lambda: SpamHistory(count)) == f"min_count must be a whole number >= 1, not {count!r}"  # type: ignore[arg-type]


def test_spam_history_reports_the_earlier_spam_count() -> None:
    """A spam_history verdict carries how many earlier comments were spam."""
    verdict = SpamHistory().check(make_draft(), make_context(make_history(spam_count=3)))
    assert reason_of(verdict) == (Action.SPAM, "spam_history", {"count": 3}, "spam_history", 403)


@pytest.mark.parametrize("links", [-1, True, 2.0])
def test_link_limit_refuses_a_negative_or_not_whole_limit(links: object) -> None:
    """max_links below 0, a boolean or a float is refused with a message naming it."""
    assert refusal(lambda: LinkLimit(links)) == f"max_links must be a whole number >= 0, not {links!r}"  # type: ignore[arg-type]


def test_flood_zero_turns_it_off_and_negative_is_refused() -> None:
    """Flood(0 s) is valid (no flood check); a negative interval or a number is refused by name."""
    history = make_history(last_comment_at=NOW)
    assert Flood(timedelta(0)).check(make_draft(), make_context(history)) is None
    for interval in [timedelta(seconds=-1), 15]:
        assert refusal(lambda: Flood(interval)) == (  # type: ignore[arg-type]  # noqa: B023
            f"the flood interval must be a timedelta >= 0, not {interval!r}"
        )


@pytest.mark.parametrize("field", ["", None])
def test_honeypot_needs_a_field_name(field: object) -> None:
    """A honeypot without a field name is refused with a message saying what it needs."""
    assert refusal(lambda: Honeypot(field)) == "the honeypot needs the name of its hidden form field"  # type: ignore[arg-type]


def test_disallowed_words_refuses_an_action_other_than_trash_or_spam() -> None:
    """DisallowedWords(action=HOLD) is refused with a message naming the action."""
    assert refusal(lambda: DisallowedWords(["x"], action=Action.HOLD)) == (
        f"disallowed words send comments to trash or spam, not {Action.HOLD!r}"
    )


@pytest.mark.parametrize("make", [DisallowedWords, ModerationWords])
def test_word_lists_report_the_entry_and_field_matched(make: type[ModerationWords]) -> None:
    """A word-list verdict names the list entry that matched and the field it was found in."""
    verdict = make(["Viagra"]).check(make_draft(content="buy viagra now"), make_context())
    assert reason_of(verdict) is not None
    assert reason_of(verdict)[1:4] == (make.code, {"word": "Viagra", "field": "content"}, make.name)  # type: ignore[index]


def test_disallowed_words_whole_words_is_passed_on() -> None:
    """DisallowedWords(whole_words=True) does not find a word inside another word."""
    draft = make_draft(content="first class")
    assert DisallowedWords(["ass"]).check(draft, make_context()) is not None
    assert DisallowedWords(["ass"], whole_words=True).check(draft, make_context()) is None


def checks_by_name(**settings: Any) -> dict[str, Any]:
    """default_checks(**settings), keyed by each check's name."""
    return {check.name: check for check in default_checks(**settings)}


def test_default_checks_have_wordpress_defaults() -> None:
    """default_checks(): 2 links, replies 5 deep, no closing by age, 15 s flood, words inside words."""
    checks = checks_by_name(moderation_words=["ass"])
    assert checks["moderation_words"].check(make_draft(content="first class"), make_context()) is not None
    assert checks["link_limit"].max_links == 2
    assert checks["replies"].max_depth == 5
    assert checks["closed"].close_after_days is None
    assert checks["flood"].interval == timedelta(seconds=15)
    assert checks["spam_history"].min_count == 1
    assert checks["disallowed_words"].action is Action.TRASH
    learning = checks["learning_filter"]
    assert isinstance(learning, LearningFilter)
    assert (learning.threshold, learning.hold_threshold) == (0.98, 0.7)


def test_default_checks_pass_every_setting_on() -> None:
    """Each default_checks() knob reaches its check: days, depth, links, thresholds, action."""
    checks = checks_by_name(
        close_after_days=7,
        max_depth=3,
        max_links=4,
        disallowed_action=Action.SPAM,
        spam_threshold=0.9,
        spam_hold_threshold=0.6,
    )
    assert checks["closed"].close_after_days == 7
    assert checks["replies"].max_depth == 3
    assert checks["link_limit"].max_links == 4
    assert checks["disallowed_words"].action is Action.SPAM
    learning = checks["learning_filter"]
    assert isinstance(learning, LearningFilter)
    assert (learning.threshold, learning.hold_threshold) == (0.9, 0.6)


@pytest.mark.parametrize("whole_words", [False, True])
def test_default_checks_word_lists_get_their_words_and_whole_words(whole_words: bool) -> None:
    """default_checks() gives each word list its words and whole_words (False: inside words too)."""
    checks = checks_by_name(moderation_words=["ass"], disallowed_words=["lass"], whole_words=whole_words)
    context = make_context()
    for name, content in [("moderation_words", "first class"), ("disallowed_words", "glassware")]:
        verdict = checks[name].check(make_draft(content=content), context)
        assert (verdict is None) is whole_words
    assert checks["moderation_words"].check(make_draft(content="an ass"), context) is not None
    assert checks["disallowed_words"].check(make_draft(content="a lass"), context) is not None
