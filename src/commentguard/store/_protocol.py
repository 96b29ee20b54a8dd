"""The store interface: a small required core every store implements.

The store *is* the moderation queue. Third-party stores implement :class:`Store` and run
the contract suite in ``tests/store/contract.py`` against themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from commentguard.comment import Comment, Status


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

    Answered by :meth:`Store.history` in at most two queries.
    """

    trusted: bool
    """An approved comment exists with the same (author, email) pair, or the same user id."""
    last_comment_at: datetime | None
    """When the newest comment from the same IP or the same email was made (any status)."""
    duplicate_id: int | None
    """A comment on the same post, by the same author or email, with the same raw content."""
    spam_count: int
    """Comments marked spam with the same IP, email or author URL (empty values ignored)."""
    parent: ParentInfo | None
    """The comment replied to, or ``None`` (not a reply, or no such comment)."""


@dataclass(frozen=True, slots=True)
class Transition:
    """One audited status change."""

    comment_id: int
    from_status: Status
    to_status: Status
    actor: str
    at: datetime
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """A page of comments, newest first, and the cursor for the next page (``None`` at the end)."""

    comments: Sequence[Comment]
    next_cursor: str | None


@runtime_checkable
class Store(Protocol):
    """The small required core of a comment store."""

    def add(self, comment: Comment) -> Comment:
        """Save a new comment; return it with its ``id`` set (and ``version`` 1)."""
        ...

    def get(self, comment_id: int) -> Comment:
        """Return the comment, or raise :class:`~commentguard.NotFound`."""
        ...

    def list(
        self,
        *,
        status: Status | None = None,
        post_id: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        """Comments with that status and post, newest first, ``limit`` at a time."""
        ...

    def transition(
        self,
        comment_id: int,
        *,
        to: Status,
        expected_version: int,
        actor: str,
        note: str | None = None,
    ) -> Comment:
        """Change the status if the version still matches; audit it; return the new comment.

        Raises:
            NotFound: no such comment.
            VersionConflict: the comment's version is not ``expected_version``.

        """
        ...

    def counts(self, post_id: str | None = None) -> dict[Status, int]:
        """How many comments have each status (every status present, zero included)."""
        ...

    def history(self, comment: Comment, *, since: datetime | None = None) -> History:
        """What the checks need to know from the past about ``comment`` (at most 2 queries)."""
        ...
