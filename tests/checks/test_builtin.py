"""The built-in checks, each against the WordPress behaviour it stands for."""

from __future__ import annotations

from datetime import timedelta

import pytest

from commentguard import Action, CheckError, PostInfo, RequestInfo, Settings, Status, Verdict
from commentguard.checks import (
    ClosedComments,
    DisallowedWords,
    Duplicate,
    Flood,
    HoldAll,
    Honeypot,
    LinkLimit,
    ModerationWords,
    Replies,
    SpamHistory,
    TrustedAuthor,
    default_checks,
)
from tests.checks.helpers import NOW, make_context, make_draft, make_history, parent

MODERATOR = RequestInfo(ip="203.0.113.7", is_moderator=True)


def outcome(verdict: Verdict | None) -> tuple[Action, str, int] | None:
    """The verdict as a comparable (action, code, http status), or None."""
    return None if verdict is None else (verdict.action, verdict.reason.code, verdict.http_status)


@pytest.mark.parametrize(
    ("content", "max_links", "expected"),
    [
        ("see https://a.se", 2, None),
        ("see https://a.se and www.b.se", 2, (Action.HOLD, "links", 403)),  # bare URLs are linkified
        ('<a href="https://a.se">a</a> <a href="https://b.se">b</a>', 2, (Action.HOLD, "links", 403)),
        (
            '<a href="javascript:x()">a</a> <a href="javascript:y()">b</a>',
            2,
            None,
        ),  # unsafe links are removed
        ('<a title="no href">a</a> <a>b</a> https://c.se', 2, None),
        ("https://a.se https://b.se https://c.se", 0, None),  # 0 turns the limit off
        ("https://a.se", 1, (Action.HOLD, "links", 403)),
    ],
)
def test_link_limit_counts_links_in_the_sanitized_content(
    content: str, max_links: int, expected: object
) -> None:
    """Links are counted after sanitizing and linkifying, as WordPress counts them."""
    assert outcome(LinkLimit(max_links).check(make_draft(content=content), make_context())) == expected


def test_link_limit_reason_names_count_and_limit() -> None:
    """The moderator sees how many links there were and what the limit is."""
    verdict = LinkLimit().check(make_draft(content="https://a.se https://b.se https://c.se"), make_context())
    assert verdict is not None
    assert verdict.reason.params == {"count": 3, "limit": 2}


@pytest.mark.parametrize(
    ("fields", "request_info", "expected_field"),
    [
        ({"content": "köp V\u200biagra nu"}, None, "content"),
        ({"content": "<b>vi</b><i>agra</i>"}, None, "content"),  # the text a reader sees
        ({"content": "vi&#97;gra"}, None, "content"),  # an entity
        ({"author": "Viagra Shop"}, None, "author"),
        ({"email": "viagra@example.se"}, None, "email"),
        ({"url": "https://viagra.example"}, None, "url"),
        ({}, RequestInfo(ip="198.51.100.23"), "ip"),
        ({}, RequestInfo(ip="203.0.113.7", user_agent="ViagraBot/1.0"), "user_agent"),
    ],
)
def test_word_lists_look_at_every_field(
    fields: dict[str, str], request_info: RequestInfo | None, expected_field: str
) -> None:
    """Name, email, URL, content, IP and user agent are all matched, as in WordPress."""
    words = ["viagra", "198.51.100.0/24"]
    draft = make_draft(fields, request=request_info)
    held = ModerationWords(words).check(draft, make_context())
    trashed = DisallowedWords(words).check(draft, make_context())
    assert held is not None
    assert (held.action, held.reason.code) == (Action.HOLD, "moderation_word")
    assert trashed is not None
    assert (trashed.action, trashed.reason.code) == (Action.TRASH, "disallowed_word")
    assert held.reason.params["field"] == expected_field


def test_word_lists_stay_quiet_on_clean_comments_and_empty_lists() -> None:
    """No match, or an empty list (the default), gives no opinion."""
    assert ModerationWords(["viagra"]).check(make_draft(), make_context()) is None
    assert ModerationWords().check(make_draft(content="viagra"), make_context()) is None


def test_disallowed_words_can_mark_spam_but_not_approve() -> None:
    """Disallowed words go to trash (WordPress) or spam, configurable; nothing else."""
    verdict = DisallowedWords(["casino"], action=Action.SPAM).check(
        make_draft(content="casino"), make_context()
    )
    assert verdict is not None
    assert verdict.action is Action.SPAM
    with pytest.raises(CheckError):
        DisallowedWords(["casino"], action=Action.APPROVE)


def test_whole_words_is_passed_through() -> None:
    """With whole_words, "ass" in the list leaves "class" alone."""
    assert ModerationWords(["ass"]).check(make_draft(content="first class"), make_context()) is not None
    assert (
        ModerationWords(["ass"], whole_words=True).check(make_draft(content="first class"), make_context())
        is None
    )


def test_word_list_errors_surface_as_check_errors() -> None:
    """A malformed list is a CheckError naming the list, raised at construction."""
    with pytest.raises(CheckError, match="moderation_words"):
        ModerationWords([42])  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("trusted", "request_info", "expected"),
    [
        (True, None, (Action.APPROVE, "trusted", 403)),
        (False, None, (Action.HOLD, "first_comment", 403)),
        (False, MODERATOR, (Action.APPROVE, "moderator", 403)),
    ],
)
def test_trusted_author(trusted: bool, request_info: RequestInfo | None, expected: object) -> None:
    """An earlier approved comment (per the store) approves; a first comment is held."""
    verdict = TrustedAuthor().check(
        make_draft(request=request_info), make_context(make_history(trusted=trusted))
    )
    assert outcome(verdict) == expected


def test_hold_all_holds_everything() -> None:
    """WordPress's "comment must be manually approved" holds even a trusted author."""
    assert outcome(HoldAll().check(make_draft(), make_context())) == (Action.HOLD, "hold_all", 403)


@pytest.mark.parametrize(
    ("seconds_ago", "request_info", "expected"),
    [
        (14.9, None, (Action.REJECT, "flood", 429)),
        (0, None, (Action.REJECT, "flood", 429)),
        (15, None, None),
        (3600, None, None),
        (None, None, None),
        (1, MODERATOR, None),  # moderators are exempt
    ],
)
def test_flood_rejects_within_fifteen_seconds(
    seconds_ago: float | None, request_info: RequestInfo | None, expected: object
) -> None:
    """A comment from the same IP or email less than 15 s after the last one is rejected with 429."""
    last = None if seconds_ago is None else NOW - timedelta(seconds=seconds_ago)
    verdict = Flood().check(
        make_draft(request=request_info), make_context(make_history(last_comment_at=last))
    )
    assert outcome(verdict) == expected


def test_flood_reason_is_the_wordpress_sentence_in_swedish() -> None:
    """The commenter reads WordPress's flood message, in Swedish on a Swedish site."""
    verdict = Flood().check(make_draft(), make_context(make_history(last_comment_at=NOW)))
    assert verdict is not None
    assert verdict.reason.message("sv") == "Du publicerar kommentarer i för hög takt. Ta det lugnare."


def test_duplicate_rejects_with_409() -> None:
    """The same content again by the same author on the same post is rejected with 409."""
    verdict = Duplicate().check(make_draft(), make_context(make_history(duplicate_id=7)))
    assert outcome(verdict) == (Action.REJECT, "duplicate", 409)
    assert verdict is not None
    assert (
        verdict.reason.message("sv")
        == "Identisk kommentar upptäckt, det verkar som att du redan hade sagt detta!"
    )
    assert Duplicate().check(make_draft(), make_context()) is None


@pytest.mark.parametrize(
    ("value", "expected"), [("", None), ("   ", None), ("x", (Action.SPAM, "honeypot", 403))]
)
def test_honeypot_spams_a_filled_hidden_field(value: str, expected: object) -> None:
    """Only robots fill the hidden field; whitespace alone does not count as filled."""
    settings = Settings(honeypot_field="website2")
    draft = make_draft(settings=settings, website2=value)
    assert outcome(Honeypot("website2").check(draft, make_context())) == expected
    assert Honeypot("website2").check(make_draft(), make_context()) is None  # field absent


@pytest.mark.parametrize(
    ("post", "days", "expected"),
    [
        (None, 14, None),  # no PostInfo: skipped
        (PostInfo(comments_open=False), None, (Action.REJECT, "closed", 403)),
        (PostInfo(published_at=NOW - timedelta(days=15)), 14, (Action.REJECT, "closed_old", 403)),
        (PostInfo(published_at=NOW - timedelta(days=13)), 14, None),
        (PostInfo(published_at=NOW - timedelta(days=400)), None, None),  # off by default
        (PostInfo(published_at=None), 14, None),
    ],
)
def test_closed_comments(post: PostInfo | None, days: int | None, expected: object) -> None:
    """Closed posts, and posts older than close_after_days, reject comments with 403."""
    assert outcome(ClosedComments(days).check(make_draft(), make_context(post=post))) == expected


@pytest.mark.parametrize(
    ("reply_to", "request_info", "expected"),
    [
        (parent(), None, None),
        (None, None, (Action.REJECT, "reply_invalid", 403)),
        (parent(post_id="other"), None, (Action.REJECT, "reply_invalid", 403)),
        (parent(status=Status.PENDING), None, (Action.REJECT, "reply_not_approved", 403)),
        (parent(status=Status.PENDING), MODERATOR, None),
        (parent(status=Status.SPAM), MODERATOR, (Action.REJECT, "reply_not_approved", 403)),
        (parent(depth=4), None, None),  # the reply is at depth 5: allowed
        (parent(depth=5), None, (Action.REJECT, "reply_too_deep", 403)),
    ],
)
def test_replies(reply_to: object, request_info: RequestInfo | None, expected: object) -> None:
    """A reply needs an approved parent on the same post, at most five levels deep."""
    draft = make_draft(parent_id="1", request=request_info)
    assert outcome(Replies().check(draft, make_context(make_history(parent=reply_to)))) == expected


def test_replies_ignore_top_level_comments() -> None:
    """A comment that replies to nothing is not the replies check's business."""
    assert Replies().check(make_draft(), make_context()) is None


@pytest.mark.parametrize(("count", "expected"), [(0, None), (1, (Action.SPAM, "spam_history", 403))])
def test_spam_history(count: int, expected: object) -> None:
    """Earlier spam from the same IP, email or website marks the new comment as spam."""
    assert (
        outcome(SpamHistory().check(make_draft(), make_context(make_history(spam_count=count)))) == expected
    )


@pytest.mark.parametrize(
    "make",
    [
        lambda: LinkLimit(-1),
        lambda: LinkLimit(True),
        lambda: Flood(timedelta(seconds=-1)),
        lambda: Flood(15),  # type: ignore[arg-type]
        lambda: Honeypot(""),
        lambda: ClosedComments(0),
        lambda: Replies(0),
        lambda: SpamHistory(0),
    ],
)
def test_nonsense_settings_are_refused_at_construction(make: object) -> None:
    """A check configured with an impossible value fails when built, not on the first comment."""
    with pytest.raises(CheckError):
        make()  # type: ignore[operator]


def test_default_checks_are_wordpress_defaults() -> None:
    """The default set: closing, replies, flood, duplicate, spam history, words, links, filter, trusted."""
    names = [check.name for check in default_checks()]
    assert names == [
        "closed",
        "replies",
        "flood",
        "duplicate",
        "spam_history",
        "disallowed_words",
        "moderation_words",
        "link_limit",
        "learning_filter",
        "trusted_author",
    ]
    assert "learning_filter" not in [check.name for check in default_checks(learning_filter=False)]
    assert "hold_all" in [c.name for c in default_checks(hold_all=True)]
    assert "trusted_author" not in [c.name for c in default_checks(trusted_authors=False)]
