"""A stored comment with its private facts, and its moderation status.

:class:`Comment` holds everything a moderator may see, including the commenter's email,
IP address and user agent. It never leaves the server as it is: :func:`commentguard.to_public`
is the one way to make the :class:`~commentguard.PublicComment` a page shows.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timezone

from commentguard.policy import WORDPRESS_POLICY, Policy
from commentguard.sanitize import SafeHtml, sanitize
from commentguard.submission import Submission


class Status(str, enum.Enum):
    """Where a comment stands in the moderation queue."""

    PENDING = "pending"
    APPROVED = "approved"
    SPAM = "spam"
    TRASH = "trash"

    def __str__(self) -> str:
        return self.value


def _mask_email(email: str) -> str:
    local, at, domain = email.rpartition("@")
    if not at:
        return "***" if email else ""
    return f"{local[:1]}***@{domain}"


def utc_now() -> datetime:
    """The current time as an aware UTC datetime (the default clock)."""
    return datetime.now(timezone.utc)


@dataclass(frozen=True, slots=True)
class Comment:
    """A comment as the server keeps it, private fields included.

    ``id`` is ``None`` until a store saves it; ``version`` starts at 1 and grows with every
    status change, so two moderators cannot silently overwrite each other. ``content_raw``
    and ``policy_version`` are kept so a later sanitizer fix can re-clean old comments.
    The ``repr`` masks the email address, so logs do not collect it.
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
    version: int = 1
    id: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.content, SafeHtml):
            raise TypeError("Comment.content must be SafeHtml; build comments with Comment.from_submission()")
        if self.created_at.tzinfo is None:
            raise ValueError("Comment.created_at must be timezone-aware (UTC)")

    def __repr__(self) -> str:
        return (
            f"Comment(id={self.id!r}, post_id={self.post_id!r}, author={self.author!r}, "
            f"email={_mask_email(self.email)!r}, status={self.status.value!r}, "
            f"version={self.version!r}, created_at={self.created_at.isoformat()!r})"
        )

    @classmethod
    def from_submission(
        cls,
        submission: Submission,
        *,
        policy: Policy = WORDPRESS_POLICY,
        now: datetime | None = None,
    ) -> Comment:
        """Build the not-yet-stored comment for ``submission``, its content sanitized by ``policy``."""
        created_at = (now or utc_now()).astimezone(timezone.utc)
        request = submission.request
        return cls(
            post_id=submission.post_id,
            parent_id=submission.parent_id,
            author=submission.author,
            email=submission.email,
            author_url=submission.url,
            ip=request.ip,
            user_agent=request.user_agent,
            user_id=request.user_id,
            content_raw=submission.content,
            content=sanitize(submission.content, policy),
            policy_version=policy.version,
            created_at=created_at,
        )
