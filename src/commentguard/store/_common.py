"""What every built-in store does the same way: refusing unstorable text, cursors, threads, IPs."""

from __future__ import annotations

import hashlib
import ipaddress
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import TypeVar

from commentguard.errors import StoreError
from commentguard.model import Comment, NewComment, Status

AnyComment = TypeVar("AnyComment", bound=NewComment)
INT64_MAX = 2**63 - 1
INT32_MAX = 2**31 - 1
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
INDEXED = ("post_id", "email", "author_url", "ip", "user_id")
"""Fields stores look comments up by; PostgreSQL cannot index a value much over 2 KB."""
INDEXED_MAX_BYTES = 1024
_TEXT_FIELDS = (
    "post_id",
    "author",
    "email",
    "author_url",
    "ip",
    "user_agent",
    "user_id",
    "content_raw",
    "content",
    "policy_version",
)


def findable(*values: str | None) -> bool:
    """Whether a lookup by these values could match: stored text never holds NUL or a lone surrogate."""
    return not any(isinstance(v, str) and _UNSTORABLE.search(v) for v in values)


def check_text(**fields: str | None) -> None:
    """Refuse audit text (actor, note, a new name) that no database can hold, naming the field."""
    for name, value in fields.items():
        if value is not None and _UNSTORABLE.search(value):
            raise StoreError(f"cannot store {name}: it contains a NUL character or a lone surrogate")


def aware(name: str, value: datetime) -> datetime:
    """``value`` in UTC; ``ValueError`` if it is naive (a time without a zone is ambiguous)."""
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ValueError(f"{name} must be an aware datetime, not {value!r}")
    return value.astimezone(timezone.utc)


def storable(comment: AnyComment) -> AnyComment:
    """Return ``comment`` with ``created_at`` in UTC, or refuse what no database can hold.

    PostgreSQL cannot keep NUL in text, UTF-8 cannot encode a lone surrogate, and no
    database indexes a megabyte-long post id or email, so these are refused before anything
    is written, by every store alike (``validate()`` never lets them through). Unindexed
    text (name, user agent, content) may be as long as memory allows.
    """
    for name in _TEXT_FIELDS:
        value = getattr(comment, name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise TypeError(f"a comment's {name} must be str, not {type(value).__name__}")
        found = _UNSTORABLE.search(value)
        if found:
            what = "a NUL character" if found.group() == "\x00" else "a lone surrogate"
            raise StoreError(
                f"cannot store comment: {name} contains {what} at index {found.start()}; "
                "build comments from validate() output, which removes them"
            )
    for name in INDEXED:
        value = getattr(comment, name)
        size = len(value.encode("utf-8")) if value is not None else 0
        if size > INDEXED_MAX_BYTES:
            raise StoreError(
                f"cannot store comment: {name} is {size} bytes, more than the {INDEXED_MAX_BYTES} "
                "a store can index; validate() keeps it far shorter"
            )
    if comment.parent_id is not None and not -INT64_MAX <= comment.parent_id <= INT64_MAX:
        raise StoreError(f"cannot store comment: parent_id {comment.parent_id} is out of range")
    try:
        created_at = comment.created_at.astimezone(timezone.utc)
    except OverflowError as exc:
        raise StoreError(f"cannot store comment: created_at {comment.created_at} is out of range") from exc
    return replace(comment, created_at=created_at)


def refuse_stored(comment: NewComment) -> None:
    """Refuse to add a comment that a store already keeps (it has an ``id``)."""
    if isinstance(comment, Comment):
        raise ValueError(f"comment {comment.id} is already stored; add() saves new comments only")
    if not isinstance(comment, NewComment):
        raise TypeError(f"add() takes a commentguard.NewComment, not {type(comment).__name__}")


def own_id(comment: NewComment) -> int:
    """The id a comment's history must leave out: its own when stored, else 0 (no id is 0)."""
    return comment.id if isinstance(comment, Comment) else 0


def valid_id(comment_id: object) -> bool:
    """Whether ``comment_id`` could name a stored comment (ids are positive 64-bit ints)."""
    return isinstance(comment_id, int) and not isinstance(comment_id, bool) and 0 < comment_id <= INT64_MAX


def email_key(email: str) -> str:
    """The form an email is matched in: case does not matter, as in WordPress on MySQL."""
    return email.lower()


def content_key(content_raw: str) -> str:
    """A short digest of the raw content, indexed with the post so duplicates are found fast."""
    return hashlib.sha256(content_raw.encode("utf-8")).hexdigest()[:32]


def _whole(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    return value


def check_limit(limit: int) -> int:
    """The page size to use: ``TypeError`` unless an int, ``ValueError`` below 1; above 2**63-1 means all."""
    if _whole("limit", limit) < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    return min(limit, INT64_MAX - 1)  # SQLStore asks for one more row, to know there is a next page


def check_after(after_id: int) -> int:
    """The id a page starts after (``TypeError`` unless an int), clamped to the ids there can be."""
    return max(0, min(_whole("after_id", after_id), INT64_MAX))


def check_count(name: str, value: int) -> int:
    """A bound given by a caller: ``TypeError`` unless an int, ``ValueError`` below 0; clamped to 2**63-1."""
    if _whole(name, value) < 0:
        raise ValueError(f"{name} must be at least 0, not {value}")
    return min(value, INT64_MAX)


def purge_cutoffs(
    now: datetime, spam_days: int | None, trash_days: int | None
) -> list[tuple[Status, datetime]]:
    """Each status ``purge`` deletes from, with the time before which it deletes, both checked first.

    ``TypeError``/``ValueError`` for days that are not an int or below 0, before anything is
    deleted; ``None`` days, or more days than the calendar has, delete nothing.
    """
    cutoffs = []
    for status, days in ((Status.SPAM, spam_days), (Status.TRASH, trash_days)):
        if days is None:
            continue
        check_count(f"{status.value}_days", days)
        try:
            cutoffs.append((status, now - timedelta(days=days)))
        except OverflowError:  # further back than any datetime: nothing is that old
            continue
    return cutoffs


TOKEN_KEY_MAX = 32


def check_token(token: tuple[str, datetime] | None) -> tuple[str, datetime] | None:
    """A form token's record for ``add_checked``: a key of 1 to 32 characters and an aware expiry."""
    if token is None:
        return None
    if not isinstance(token, tuple) or len(token) != 2:
        raise TypeError(f"token must be a (key, expires_at) tuple, not {type(token).__name__}")
    key, expires_at = token
    if not isinstance(key, str):
        raise TypeError(f"a token's key must be a str, not {type(key).__name__}")
    if not 0 < len(key) <= TOKEN_KEY_MAX or not findable(key):
        raise ValueError(f"a token's key must be 1 to {TOKEN_KEY_MAX} storable characters")
    return key, aware("expires_at", expires_at)


def tokens_in_range(tokens: Iterable[int]) -> list[int]:
    """The tokens a store can hold (64-bit ints); ``TypeError`` for one that is not an int."""
    return [token for token in tokens if -INT64_MAX - 1 <= _whole("a token", token) <= INT64_MAX]


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def encode_cursor(created_at: datetime, comment_id: int) -> str:
    """An opaque cursor: the position just after this comment in newest-first order."""
    delta = created_at - _EPOCH
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return f"{micros}.{comment_id}"


_CURSOR = re.compile(r"(-?[0-9]{1,20})\.([0-9]{1,19})")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    """The (created_at, id) a cursor from :func:`encode_cursor` names; ``ValueError`` if none."""
    match = _CURSOR.fullmatch(cursor) if isinstance(cursor, str) else None
    if match is None:
        raise ValueError(f"not a cursor this store made: {cursor!r}")
    try:
        created_at = _EPOCH + timedelta(microseconds=int(match.group(1)))
    except OverflowError as exc:
        raise ValueError(f"not a cursor this store made: {cursor!r}") from exc
    comment_id = int(match.group(2))
    if comment_id > INT64_MAX:
        raise ValueError(f"not a cursor this store made: {cursor!r}")
    return created_at, comment_id


def thread_order(comments: Iterable[Comment]) -> list[Comment]:
    """Order comments as a threaded page shows them; every comment given is returned once.

    Roots (no parent, or a parent not among ``comments``) and each comment's replies go
    oldest first; replies follow their parent, depth first. A cycle of parents (only
    hand-made data can hold one) is broken at its oldest comment, so nothing is lost.
    """
    ordered = sorted(comments, key=lambda c: (c.created_at, c.id))
    ids = {c.id for c in ordered}
    children: dict[int | None, list[Comment]] = {}
    for comment in ordered:
        parent = comment.parent_id if comment.parent_id in ids and comment.parent_id != comment.id else None
        children.setdefault(parent, []).append(comment)
    result: list[Comment] = []
    seen: set[int | None] = set()

    def walk(roots: Sequence[Comment]) -> None:
        stack = list(reversed(roots))
        while stack:
            comment = stack.pop()
            if comment.id in seen:
                continue
            seen.add(comment.id)
            result.append(comment)
            stack.extend(reversed(children.get(comment.id, [])))

    walk(children.get(None, []))
    for comment in ordered:  # members of a parent cycle, unreachable from any root
        if comment.id not in seen:
            walk([comment])
    return result


def anonymize_ip(ip: str) -> str:
    """Zero an IPv4 address's last octet or an IPv6 address's last 80 bits.

    >>> anonymize_ip("203.0.113.7"), anonymize_ip("2001:db8:1:2:3:4:5:6")
    ('203.0.113.0', '2001:db8:1::')

    An IPv4-mapped IPv6 address is anonymized as the IPv4 address it holds. Anything that
    is not an IP address becomes ``""``: when in doubt, keep nothing.
    """
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return f"::ffff:{anonymize_ip(str(address.ipv4_mapped))}"
        return str(ipaddress.IPv6Address(int(address) >> 80 << 80))
    return str(ipaddress.IPv4Address(int(address) >> 8 << 8))
