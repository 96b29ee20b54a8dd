"""The moderation page's logic, for every framework: what a page shows and what a button does.

A framework integration reads the request, calls :func:`moderation_page` to get the data and
:func:`apply_action` for a posted button, and renders ``commentguard/moderation.html``. Every
button carries the version the moderator saw, so a comment someone else changed meanwhile is
reported as a conflict with its fresh state, never overwritten. Searching by name, email or IP
address goes in a POST body: personal data never enters a URL, where logs and referrers keep it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from commentguard import Comment, CommentGuard, NotFound, Status, VersionConflict
from commentguard.web import words as _text

ACTIONS = ("approve", "spam", "trash", "restore", "delete")
"""What a moderator can do to a comment, as the page's buttons name them."""

_BUTTONS = {
    Status.PENDING: ("approve", "spam", "trash", "delete"),
    Status.APPROVED: ("spam", "trash"),
    Status.SPAM: ("restore", "approve", "delete"),
    Status.TRASH: ("restore", "delete"),
}
_SEARCH_SCAN = 5000  # comments read per search at most: the store has no search index
_MAX_TARGETS = 500


@dataclass(frozen=True, slots=True)
class Row:
    """One comment on the moderation page, with the reasons in the moderator's language."""

    comment: Comment
    reasons: tuple[str, ...]
    actions: tuple[tuple[str, str], ...]  # (action, button text)

    @property
    def token(self) -> str:
        """The id and the version the moderator saw, as buttons and checkboxes send them."""
        return f"{self.comment.id}:{self.comment.version}"


@dataclass(frozen=True, slots=True)
class ActionResult:
    """What a posted action did: how many changed, which conflicted (fresh state), which are gone."""

    changed: int = 0
    conflicts: tuple[int, ...] = ()
    gone: tuple[int, ...] = ()
    error: str | None = None  # a message id: nothing selected, an unknown action


@dataclass(frozen=True, slots=True)
class ModerationPage:
    """Everything ``commentguard/moderation.html`` shows."""

    status: Status | None
    rows: tuple[Row, ...]
    counts: Mapping[Status, int]
    next_cursor: str | None
    locale: str
    query: str = ""
    conflicts: tuple[Row, ...] = ()
    notices: tuple[str, ...] = ()
    statuses: tuple[tuple[Status, str], ...] = field(default=())

    def t(self, message_id: str, **params: object) -> str:
        """A word of the page in its language."""
        return _text.text(message_id, self.locale, **params)


def _row(guard: CommentGuard, comment: Comment, locale: str) -> Row:
    reasons = tuple(reason.message(locale) for reason in guard.store.reasons(comment.id))
    actions = tuple((a, _text.text(_text.ACTION_NAMES[a], locale)) for a in _BUTTONS[comment.status])
    return Row(comment, reasons, actions)


def moderation_page(
    guard: CommentGuard,
    *,
    status: Status | None = Status.PENDING,
    cursor: str | None = None,
    query: str = "",
    outcome: ActionResult | None = None,
    limit: int = 20,
    locale: str | None = None,
) -> ModerationPage:
    """The moderation page: a status's comments newest first a page at a time, or a search's.

    Args:
        guard: the site's guard.
        status: which comments to list (``None``: all); ignored when ``query`` is given.
        cursor: the ``next_cursor`` of the page before; an unreadable one starts over.
        query: search by name (part of it), email address or IP address (or its start).
        outcome: what the last posted action did, to report it and show conflicts fresh.
        limit: comments per page.
        locale: the moderator's language; the guard's when omitted.

    """
    language = _text.language(locale or guard.locale)
    query = " ".join(query.split())[:200]
    next_cursor = None
    if query:
        comments: Sequence[Comment] = search(guard, query, limit=limit)
    else:
        try:
            page = guard.store.list(status=status, limit=limit, cursor=cursor)
        except ValueError:  # a cursor from another store or a hand-edited URL: start over
            page = guard.store.list(status=status, limit=limit)
        comments, next_cursor = page.comments, page.next_cursor
    notices, conflicts = _report(guard, outcome, language)
    return ModerationPage(
        status=None if query else status,
        rows=tuple(_row(guard, c, language) for c in comments),
        counts=guard.counts(),
        next_cursor=next_cursor,
        locale=language,
        query=query,
        conflicts=conflicts,
        notices=notices,
        statuses=tuple((s, _text.text(_text.STATUS_NAMES[s.value], language)) for s in Status),
    )


def _report(
    guard: CommentGuard, outcome: ActionResult | None, language: str
) -> tuple[tuple[str, ...], tuple[Row, ...]]:
    if outcome is None:
        return (), ()
    notices = []
    if outcome.error:
        notices.append(_text.text(outcome.error, language))
    if outcome.changed:
        notices.append(_text.text(_text.CHANGED, language, count=outcome.changed))
    if outcome.gone:
        notices.append(_text.text(_text.GONE, language))
    conflicts = []
    for comment_id in outcome.conflicts:
        try:
            conflicts.append(_row(guard, guard.get(comment_id), language))
        except NotFound:
            continue
    return tuple(notices), tuple(conflicts)


def search(guard: CommentGuard, query: str, *, limit: int = 50) -> list[Comment]:
    """Comments by an author whose name contains ``query``, with that email or IP address.

    An IP address matches exactly; a partial one (``"203.0.113."``) matches by its start. The
    store has no search index, so the newest comments are scanned (at most 5,000).
    """
    needle = query.strip().casefold()
    if not needle:
        return []
    as_ip = _ip(needle)
    found: list[Comment] = []
    cursor = None
    scanned = 0
    while scanned < _SEARCH_SCAN and len(found) < limit:
        page = guard.store.list(limit=200, cursor=cursor)
        for comment in page.comments:
            ip = comment.ip.casefold()
            if (
                needle in comment.author.casefold()
                or needle == comment.email.casefold()
                or (ip and (ip == as_ip or (needle.endswith((".", ":")) and ip.startswith(needle))))
            ):
                found.append(comment)
        scanned += len(page.comments)
        cursor = page.next_cursor
        if cursor is None:
            break
    return found[:limit]


def _ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def parse_targets(values: Sequence[object]) -> list[tuple[int, int]]:
    """``"12:3"`` values (comment id, version seen) as pairs; anything unreadable is left out."""
    targets = []
    for value in list(values)[:_MAX_TARGETS]:
        if not isinstance(value, str):
            continue
        comment_id, colon, version = value.strip().partition(":")
        digits = comment_id.isascii() and version.isascii() and comment_id.isdecimal() and version.isdecimal()
        if colon and digits and 0 < int(comment_id) < 2**63 and 0 < int(version) < 2**63:
            targets.append((int(comment_id), int(version)))
    return targets


def apply_action(
    guard: CommentGuard, action: str, targets: Sequence[tuple[int, int]], *, actor: str
) -> ActionResult:
    """Do ``action`` to each (id, version seen); a comment changed meanwhile is a conflict, not a change."""
    if action not in ACTIONS:
        return ActionResult(error=_text.UNKNOWN_ACTION)
    if not targets:
        return ActionResult(error=_text.NONE_SELECTED)
    moderation = guard.moderation
    changed, conflicts, gone = 0, [], []
    for comment_id, version in targets:
        try:
            if action == "delete":
                moderation.delete(comment_id, expected_version=version, actor=actor)
            else:
                move = {
                    "approve": moderation.approve,
                    "spam": moderation.mark_spam,
                    "trash": moderation.trash,
                    "restore": moderation.restore,
                }[action]
                if move(comment_id, expected_version=version, actor=actor).version == version:
                    continue  # restore of a comment that was neither spam nor trash: nothing to do
            changed += 1
        except VersionConflict:
            conflicts.append(comment_id)
        except NotFound:
            gone.append(comment_id)
    return ActionResult(changed, tuple(conflicts), tuple(gone))
