"""The built-in checks: WordPress's discussion settings, and what WordPress users add to them.

Each is a small class with a ``name`` and a ``check``; ``docs/moderation.md`` lists them with
their defaults, reason codes and messages. :func:`default_checks` builds the set a
:class:`~commentguard.CommentGuard` uses when it is given none::

    >>> from commentguard import default_checks
    >>> names = [check.name for check in default_checks(moderation_words=["viagra"])]
    >>> names  # doctest: +NORMALIZE_WHITESPACE
    ['closed', 'replies', 'flood', 'duplicate', 'spam_history', 'disallowed_words',
     'moderation_words', 'link_limit', 'learning_filter', 'trusted_author']
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import timedelta
from functools import lru_cache

from commentguard.checks._protocol import Check, CheckContext, Draft
from commentguard.checks._words import WordMatcher, normalize
from commentguard.checks.learning import LearningFilter
from commentguard.errors import CheckError
from commentguard.model import Action, NewComment, Reason, Status, Verdict
from commentguard.spamfilter import HOLD_THRESHOLD, SPAM_THRESHOLD

_LINK = re.compile(r"<a\s[^>]*\bhref\s*=", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def _verdict(check: Check, action: Action, code: str, http_status: int = 403, **params: str | int) -> Verdict:
    return Verdict(action, Reason(code, params, check=check.name), http_status)


class LinkLimit:
    """Hold a comment with ``max_links`` or more links (WordPress ``comment_max_links``, 2).

    Links are counted in the sanitized content, after bare URLs were made links. ``0`` turns
    the check off.
    """

    name = "link_limit"

    def __init__(self, max_links: int = 2) -> None:
        if isinstance(max_links, bool) or not isinstance(max_links, int) or max_links < 0:
            raise CheckError(f"max_links must be a whole number >= 0, not {max_links!r}")
        self.max_links = max_links

    def check(self, draft: Draft, context: CheckContext) -> Verdict | None:  # noqa: D102
        count = len(_LINK.findall(draft.comment.content))
        if self.max_links and count >= self.max_links:
            return _verdict(self, Action.HOLD, "links", count=count, limit=self.max_links)
        return None


@lru_cache(maxsize=8)
def _searchable(comment: NewComment) -> tuple[tuple[str, str], ...]:
    """The comment's text fields, normalized once for both word lists."""
    fields = (
        ("author", comment.author),
        ("email", comment.email),
        ("url", comment.author_url),
        ("content", comment.content_raw),
        ("content", html.unescape(_TAG.sub("", comment.content))),  # what a reader sees
        ("user_agent", comment.user_agent),
    )
    return tuple((name, normalize(text)) for name, text in fields if text)


class _WordList:
    name = ""
    code = ""

    def __init__(self, words: Iterable[str] | str, *, whole_words: bool, action: Action) -> None:
        try:
            self.matcher = WordMatcher(words, whole_words=whole_words)
        except (TypeError, ValueError) as exc:
            raise CheckError(f"{self.name}: {exc}") from exc
        self.action = action

    def check(self, draft: Draft, context: CheckContext) -> Verdict | None:
        if not self.matcher:
            return None
        comment = draft.comment
        found = self.matcher.match_ip(comment.ip) or self.matcher.match_normalized(_searchable(comment))
        if found is None:
            return None
        return _verdict(self, self.action, self.code, word=found.entry, field=found.field)


class ModerationWords(_WordList):
    """Hold a comment whose name, email, URL, content, IP or user agent matches a listed word.

    WordPress's "Comment Moderation" list. ``words`` is an iterable of entries or one text
    with an entry per line; matching is Unicode-aware and, as WordPress's, finds words inside
    words unless ``whole_words=True``. IP entries match as CIDR networks or octet prefixes.
    """

    name = "moderation_words"
    code = "moderation_word"

    def __init__(self, words: Iterable[str] | str = (), *, whole_words: bool = False) -> None:
        super().__init__(words, whole_words=whole_words, action=Action.HOLD)


class DisallowedWords(_WordList):
    """Trash (or mark as spam) a comment that matches a word on the disallowed list.

    WordPress's "Disallowed Comment Keys"; matched as :class:`ModerationWords`. ``action`` is
    ``Action.TRASH`` (WordPress's choice) or ``Action.SPAM``.
    """

    name = "disallowed_words"
    code = "disallowed_word"

    def __init__(
        self, words: Iterable[str] | str = (), *, whole_words: bool = False, action: Action = Action.TRASH
    ) -> None:
        if action not in (Action.TRASH, Action.SPAM):
            raise CheckError(f"disallowed words send comments to trash or spam, not {action!r}")
        super().__init__(words, whole_words=whole_words, action=action)


class TrustedAuthor:
    """Approve an author with an earlier approved comment; hold everyone else's first comment.

    WordPress ``comment_previously_approved``: the same name *and* email, or the same
    logged-in user id (an email alone is not enough). A moderator's comment is approved too.
    ``APPROVE`` never outranks a hold from another check.
    """

    name = "trusted_author"
    history_bound = True  # runs in the insert's transaction (see store.AtomicStore)

    def check(self, draft: Draft, context: CheckContext) -> Verdict | None:  # noqa: D102
        if draft.submission.request.is_moderator:
            return _verdict(self, Action.APPROVE, "moderator")
        if context.history.trusted:
            return _verdict(self, Action.APPROVE, "trusted")
        return _verdict(self, Action.HOLD, "first_comment")


class HoldAll:
    """Hold every comment for moderation (WordPress ``comment_moderation``; off by default)."""

    name = "hold_all"

    def check(self, draft: Draft, context: CheckContext) -> Verdict | None:  # noqa: D102
        return _verdict(self, Action.HOLD, "hold_all")


class Flood:
    """Reject (429) a comment from an IP or email that commented less than ``interval`` ago.

    WordPress's flood check, 15 seconds. Moderators are exempt.
    """

    name = "flood"
    history_bound = True  # runs in the insert's transaction (see store.AtomicStore)

    def __init__(self, interval: timedelta = timedelta(seconds=15)) -> None:
        if not isinstance(interval, timedelta) or interval < timedelta(0):
            raise CheckError(f"the flood interval must be a timedelta >= 0, not {interval!r}")
        self.interval = interval

    def check(self, draft: Draft, context: CheckContext) -> Verdict | None:  # noqa: D102
        if draft.submission.request.is_moderator or not self.interval:
            return None
        last = context.history.last_comment_at
        if last is not None and context.now - last < self.interval:
            return _verdict(self, Action.REJECT, "flood", http_status=429)
        return None


class Duplicate:
    """Reject (409) the same content again on the same post by the same author or email."""

    name = "duplicate"
    history_bound = True  # runs in the insert's transaction (see store.AtomicStore)

    def check(self, draft: Draft, context: CheckContext) -> Verdict | None:  # noqa: D102
        if context.history.duplicate_id is not None:
            return _verdict(self, Action.REJECT, "duplicate", http_status=409)
        return None


class Honeypot:
    """Mark as spam a comment whose hidden ``field`` was filled in (only robots fill it).

    The form carries an input named ``field`` hidden from people (CSS, ``aria-hidden``,
    ``tabindex="-1"``, ``autocomplete="off"``). Set ``Settings(honeypot_field=...)`` and the
    guard adds this check and lets the field through validation.
    """

    name = "honeypot"

    def __init__(self, field: str) -> None:
        if not isinstance(field, str) or not field:
            raise CheckError("the honeypot needs the name of its hidden form field")
        self.field = field

    def check(self, draft: Draft, context: CheckContext) -> Verdict | None:  # noqa: D102
        if draft.submission.extra.get(self.field, "").strip():
            return _verdict(self, Action.SPAM, "honeypot")
        return None


class ClosedComments:
    """Reject (403) a comment on a post whose comments are closed, or older than N days.

    Needs ``CommentGuard(posts=...)``; without a :class:`~commentguard.PostInfo` for the post
    it has no opinion. ``close_after_days`` is WordPress ``close_comments_days_old`` (14 there
    when turned on); ``None`` (the default) never closes by age.
    """

    name = "closed"

    def __init__(self, close_after_days: int | None = None) -> None:
        if close_after_days is not None and (
            isinstance(close_after_days, bool)
            or not isinstance(close_after_days, int)
            or close_after_days < 1
        ):
            raise CheckError(
                f"close_after_days must be None or a whole number >= 1, not {close_after_days!r}"
            )
        self.close_after_days = close_after_days

    def check(self, draft: Draft, context: CheckContext) -> Verdict | None:  # noqa: D102
        post = context.post
        if post is None:
            return None
        if not post.comments_open:
            return _verdict(self, Action.REJECT, "closed")
        days = self.close_after_days
        if days and post.published_at is not None and context.now - post.published_at > timedelta(days=days):
            return _verdict(self, Action.REJECT, "closed_old", days=days)
        return None


class Replies:
    """Reject (403) a reply to a comment that is missing, on another post, unapproved, or too deep.

    WordPress's threaded comments, ``thread_comments_depth`` 5: a reply's depth (its parent's
    plus one) may be at most ``max_depth``. A moderator may reply to a pending comment.
    """

    name = "replies"
    history_bound = True  # runs in the insert's transaction (see store.AtomicStore)

    def __init__(self, max_depth: int = 5) -> None:
        if isinstance(max_depth, bool) or not isinstance(max_depth, int) or max_depth < 1:
            raise CheckError(f"max_depth must be a whole number >= 1, not {max_depth!r}")
        self.max_depth = max_depth

    def check(self, draft: Draft, context: CheckContext) -> Verdict | None:  # noqa: D102
        if draft.comment.parent_id is None:
            return None
        parent = context.history.parent
        if parent is None or parent.post_id != draft.comment.post_id:
            return _verdict(self, Action.REJECT, "reply_invalid")
        allowed = (
            {Status.APPROVED, Status.PENDING} if draft.submission.request.is_moderator else {Status.APPROVED}
        )
        if parent.status not in allowed:
            return _verdict(self, Action.REJECT, "reply_not_approved")
        if parent.depth + 1 > self.max_depth:
            return _verdict(self, Action.REJECT, "reply_too_deep", depth=self.max_depth)
        return None


class SpamHistory:
    """Mark as spam a comment from an IP, email or website with ``min_count`` earlier spam.

    As Antispam Bee's local spam database: what the moderators marked spam before.
    """

    name = "spam_history"
    history_bound = True  # runs in the insert's transaction (see store.AtomicStore)

    def __init__(self, min_count: int = 1) -> None:
        if isinstance(min_count, bool) or not isinstance(min_count, int) or min_count < 1:
            raise CheckError(f"min_count must be a whole number >= 1, not {min_count!r}")
        self.min_count = min_count

    def check(self, draft: Draft, context: CheckContext) -> Verdict | None:  # noqa: D102
        count = context.history.spam_count
        if count >= self.min_count:
            return _verdict(self, Action.SPAM, "spam_history", count=count)
        return None


def default_checks(
    *,
    moderation_words: Iterable[str] | str = (),
    disallowed_words: Iterable[str] | str = (),
    disallowed_action: Action = Action.TRASH,
    whole_words: bool = False,
    max_links: int = 2,
    trusted_authors: bool = True,
    hold_all: bool = False,
    flood_interval: timedelta = timedelta(seconds=15),
    close_after_days: int | None = None,
    max_depth: int = 5,
    learning_filter: bool = True,
    spam_threshold: float = SPAM_THRESHOLD,
    spam_hold_threshold: float | None = HOLD_THRESHOLD,
) -> list[Check]:
    """The built-in checks with WordPress's defaults, each knob named as in its settings.

    The honeypot and the form token are not in this list: the guard adds them when
    ``Settings.honeypot_field`` or its ``secret`` is set. Cheap checks that can reject
    come first. ``learning_filter`` adds the :class:`~commentguard.LearningFilter` (on by
    default) with ``spam_threshold`` (literal default ``0.98``) and ``spam_hold_threshold``
    (literal default ``0.7``; ``None`` never holds).
    """
    checks: list[Check] = [
        ClosedComments(close_after_days),
        Replies(max_depth),
        Flood(flood_interval),
        Duplicate(),
        SpamHistory(),
        DisallowedWords(disallowed_words, whole_words=whole_words, action=disallowed_action),
        ModerationWords(moderation_words, whole_words=whole_words),
        LinkLimit(max_links),
    ]
    if learning_filter:
        checks.append(LearningFilter(threshold=spam_threshold, hold_threshold=spam_hold_threshold))
    if hold_all:
        checks.append(HoldAll())
    if trusted_authors:
        checks.append(TrustedAuthor())
    return checks
