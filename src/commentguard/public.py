"""The one place a :class:`~commentguard.Comment` becomes what a page may show.

:class:`PublicComment` has no field that could hold an email address, an IP address or a
user agent, so no template, serializer or API response built from it can leak them::

    >>> from commentguard import CommentGuard, MemoryStore, RequestInfo, to_public
    >>> guard = CommentGuard(store=MemoryStore())
    >>> form = {"post_id": "7", "author": "Anna", "email": "anna@example.se", "content": "Hej"}
    >>> comment = guard.submit(form, RequestInfo(ip="203.0.113.7")).comment
    >>> "anna@example.se" in to_public(comment, avatar_secret="site-secret").to_json()
    False
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime

from commentguard._mask import email_like, runs
from commentguard.model import Comment, NewComment
from commentguard.sanitizer import SafeHtml


def _normal_email(email: str) -> bytes:
    return email.strip().lower().encode("utf-8")


def avatar_hash(email: str, secret: str | bytes) -> str:
    """Return a keyed avatar hash: HMAC-SHA-256 of the trimmed, lower-cased address.

    Without the site's secret nobody can test a guessed address against it, unlike an
    unkeyed Gravatar hash.

    Raises:
        ValueError: ``secret`` is empty.

    """
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    if not key:
        raise ValueError("avatar_hash() needs a non-empty site secret")
    return hmac.new(key, _normal_email(email), hashlib.sha256).hexdigest()


def gravatar_hash(email: str) -> str:
    """Return the unkeyed, Gravatar-compatible SHA-256 of an address.

    Revealing: anyone who guesses an address can confirm it against this hash. Use it only
    when the site has chosen Gravatar avatars over its readers' privacy.
    """
    return hashlib.sha256(_normal_email(email)).hexdigest()


def public_author(author: str, anonymous: str = "Anonymous") -> str:
    """The name to publish: any email address typed into the name field removed.

    Every run of text between spaces and angle brackets that holds an ``@`` between two other
    characters goes, whole; linear in the length of the name.
    """
    # The earlier test, r"[^\s<>@]+@[^\s<>@]+", retried every start of a long run without "@":
    # 1.2 s on a 16,000-character name, on every page that listed the comment.
    kept = "".join(run for run in runs(author) if not email_like(run))
    return " ".join(kept.split()) or anonymous


@dataclass(frozen=True, slots=True)
class PublicComment:
    """What a page may show of a comment: no email, IP or user agent, by construction.

    ``avatar`` is a keyed hash of the email (or, if the site opted in, a Gravatar hash), or
    ``None``. ``id`` is ``None`` only for a comment not yet stored (a preview). Made only by
    :func:`to_public`.
    """

    id: int | None
    post_id: str
    parent_id: int | None
    author: str
    author_url: str
    created_at: datetime
    content: SafeHtml
    avatar: str | None = None

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict (``created_at`` as ISO 8601, ``content`` as HTML text)."""
        return {
            "id": self.id,
            "post_id": self.post_id,
            "parent_id": self.parent_id,
            "author": self.author,
            "author_url": self.author_url,
            "created_at": self.created_at.isoformat(),
            "content": str(self.content),
            "avatar": self.avatar,
        }

    def to_json(self) -> str:
        """The public comment as a JSON object."""
        return json.dumps(self.to_dict(), ensure_ascii=False)


def to_public(
    comment: NewComment,
    *,
    avatar_secret: str | bytes | None = None,
    unkeyed_gravatar: bool = False,
    anonymous: str = "Anonymous",
) -> PublicComment:
    """Return the public view of ``comment``: the only way to make a :class:`PublicComment`.

    Args:
        comment: the stored :class:`~commentguard.Comment` (or a :class:`~commentguard.NewComment`
            being previewed, whose public view has no ``id``).
        avatar_secret: the site secret for :func:`avatar_hash`; no avatar without it.
        unkeyed_gravatar: publish a :func:`gravatar_hash` instead (revealing; opt in).
        anonymous: the name shown when the name field held nothing but an email address.

    """
    if unkeyed_gravatar:
        avatar: str | None = gravatar_hash(comment.email) if comment.email else None
    elif avatar_secret and comment.email:
        avatar = avatar_hash(comment.email, avatar_secret)
    else:
        avatar = None
    return PublicComment(
        id=comment.id if isinstance(comment, Comment) else None,
        post_id=comment.post_id,
        parent_id=comment.parent_id,
        author=public_author(comment.author, anonymous),
        author_url=comment.author_url,
        created_at=comment.created_at,
        content=comment.content,
        avatar=avatar,
    )
