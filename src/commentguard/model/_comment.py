"""Comments, new and stored, their status, and what the past says about them."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timezone

from commentguard._mask import mask_email, mask_text
from commentguard.sanitizer import SafeHtml
from commentguard.submission import Submission


class Status(str, enum.Enum):
    """Where a comment stands in the moderation queue."""

    PENDING = "pending"
    APPROVED = "approved"
    SPAM = "spam"
    TRASH = "trash"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class PostInfo:
    """What the site says about the post a comment is for (from ``CommentGuard(posts=...)``).

    Attributes:
        published_at: when the post was published (aware), or ``None`` if not known.
        comments_open: ``False`` closes the post's comments.

    """

    published_at: datetime | None = None
    comments_open: bool = True

    def __post_init__(self) -> None:
        if self.published_at is not None and (
            not isinstance(self.published_at, datetime) or self.published_at.tzinfo is None
        ):
            raise ValueError("PostInfo.published_at must be a timezone-aware datetime or None")


@dataclass(frozen=True, slots=True)
class NewComment:
    """A comment not yet stored: the validated fields, its sanitized content, the decided status.

    Holds everything a moderator may see, the commenter's email, IP address and user agent
    included, so it never leaves the server as it is. ``content_raw`` and ``policy_version``
    are kept so a later sanitizer fix can re-clean old comments. The ``repr`` (and ``str``)
    masks the email address, and the name when it holds one, and leaves out the IP address and
    user agent, so logs do not collect them.
    """

    post_id: str
    author: str
    email: str
    content_raw: str
    content: SafeHtml
    policy_version: str
    created_at: datetime
    author_url: str = ""
    parent_id: int | None = None
    ip: str = ""
    user_agent: str = ""
    user_id: str | None = None
    status: Status = Status.PENDING

    def __post_init__(self) -> None:
        if not isinstance(self.content, SafeHtml):
            raise TypeError("a comment's content must be SafeHtml, made by commentguard.sanitize()")
        if not isinstance(self.created_at, datetime) or self.created_at.tzinfo is None:
            raise ValueError("a comment's created_at must be a timezone-aware datetime (UTC)")

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(post_id={self.post_id!r}, author={mask_text(self.author)!r}, "
            f"email={mask_email(self.email)!r}, status={self.status.value!r}, "
            f"created_at={self.created_at.isoformat()!r})"
        )

    def to_dict(self) -> dict[str, object]:
        """Every field, private ones included, JSON-ready: what a personal-data export holds."""
        return {
            "post_id": self.post_id,
            "parent_id": self.parent_id,
            "author": self.author,
            "email": self.email,
            "author_url": self.author_url,
            "ip": self.ip,
            "user_agent": self.user_agent,
            "user_id": self.user_id,
            "created_at": self.created_at.isoformat(),
            "status": self.status.value,
            "content": str(self.content),
            "content_raw": self.content_raw,
            "policy_version": self.policy_version,
        }

    @classmethod
    def from_submission(
        cls, submission: Submission, content: SafeHtml, *, policy_version: str, created_at: datetime
    ) -> NewComment:
        """The new comment for ``submission``, with ``content`` as the sanitizer made it.

        ``content`` is ``sanitize(submission.content, policy)`` and ``policy_version`` that
        policy's ``version``: sanitizing is the caller's step, never hidden in here.

        Raises:
            TypeError: called on :class:`Comment`: only a store makes a stored comment.

        """
        if cls is not NewComment:
            raise TypeError("only a store makes a Comment; build a NewComment and add it to the store")
        request = submission.request
        return NewComment(
            post_id=submission.post_id,
            parent_id=submission.parent_id,
            author=submission.author,
            email=submission.email,
            author_url=submission.url,
            ip=request.ip,
            user_agent=request.user_agent,
            user_id=request.user_id,
            content_raw=submission.content,
            content=content,
            policy_version=policy_version,
            created_at=created_at.astimezone(timezone.utc),
        )

    def stored(self, id: int, version: int = 1) -> Comment:
        """The stored form of this comment, with ``id`` and ``version``: for a store's ``add``."""
        values = {name: getattr(self, name) for name in _NEW_COMMENT_FIELDS}
        return Comment(**values, id=id, version=version)


@dataclass(frozen=True, slots=True, kw_only=True)
class Comment(NewComment):
    """A stored comment: a :class:`NewComment` with the ``id`` and ``version`` its store gave it.

    Only stores make these. ``version`` starts at 1 and grows with every status change, so
    two moderators cannot silently overwrite each other.
    """

    id: int
    version: int = 1

    def to_dict(self) -> dict[str, object]:
        """Every field, private ones included, JSON-ready: what a personal-data export holds."""
        return {"id": self.id, **NewComment.to_dict(self), "version": self.version}

    def __repr__(self) -> str:
        return (
            f"Comment(id={self.id!r}, post_id={self.post_id!r}, author={mask_text(self.author)!r}, "
            f"email={mask_email(self.email)!r}, status={self.status.value!r}, "
            f"version={self.version!r}, created_at={self.created_at.isoformat()!r})"
        )


_NEW_COMMENT_FIELDS = tuple(f.name for f in fields(NewComment))


@dataclass(frozen=True, slots=True)
class ParentInfo:
    """What a reply check needs to know about the comment replied to."""

    id: int
    post_id: str
    status: Status
    depth: int  # 1 for a top-level comment


@dataclass(frozen=True, slots=True)
class History:
    """Everything the built-in checks need to know from the past, for one new comment.

    A store answers it in at most two queries (``Store.history``); checks read it through
    ``context.history``. Emails compare without regard to case (``str.lower``); names, IPs,
    URLs and content compare exactly; empty values never match anything.
    """

    trusted: bool
    """An approved comment exists with the same (author, email) pair, or the same user id."""
    last_comment_at: datetime | None
    """When the newest comment from the same IP or the same email was made (any status)."""
    duplicate_id: int | None
    """A comment on the same post, by the same author or email, with the same raw content.

    Trashed comments do not count (as WordPress); the lowest such id is given.
    """
    spam_count: int
    """Comments marked spam with the same IP, email or author URL (empty values ignored)."""
    parent: ParentInfo | None
    """The comment replied to, or ``None`` (not a reply, or no such comment)."""


@dataclass(frozen=True, slots=True)
class Transition:
    """One audited status change, or (``to_status`` ``None``) a permanent deletion."""

    comment_id: int
    from_status: Status
    to_status: Status | None
    actor: str
    at: datetime
    note: str | None = None

    def __repr__(self) -> str:  # an actor may be an email address, a note may quote one
        note = None if self.note is None else mask_text(self.note)
        return (
            f"Transition(comment_id={self.comment_id!r}, from_status={self.from_status!r}, "
            f"to_status={self.to_status!r}, actor={mask_text(self.actor)!r}, at={self.at!r}, note={note!r})"
        )


@dataclass(frozen=True, slots=True)
class Page:
    """A page of comments, newest first, and the cursor for the next page (``None`` at the end)."""

    comments: Sequence[Comment]
    next_cursor: str | None
