"""MemoryStore's answer to ``history()``: the same questions SQLStore's one query asks, over a list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from commentguard.model import Comment, History, NewComment, ParentInfo, Status
from commentguard.store._common import email_key


def _matches(row: Comment, comment: NewComment, *, ip: bool = True, email: bool = True) -> bool:
    return (ip and bool(comment.ip) and row.ip == comment.ip) or (
        email and bool(comment.email) and email_key(row.email) == email_key(comment.email)
    )


def history_of(
    earlier: Sequence[Comment], comment: NewComment, since: datetime | None, parent: ParentInfo | None
) -> History:
    """What ``earlier`` (every stored comment but ``comment`` itself) tells the checks about ``comment``."""
    same_pair = bool(comment.author and comment.email)
    trusted = any(
        c.status is Status.APPROVED
        and (
            (same_pair and c.author == comment.author and _matches(c, comment, ip=False))
            or bool(comment.user_id and c.user_id == comment.user_id)
        )
        for c in earlier
    )
    recent = [
        c.created_at for c in earlier if _matches(c, comment) and (since is None or c.created_at >= since)
    ]
    duplicates = [
        c.id
        for c in earlier
        if c.post_id == comment.post_id
        and c.status is not Status.TRASH
        and c.content_raw == comment.content_raw
        and ((comment.author and c.author == comment.author) or _matches(c, comment, ip=False))
    ]
    spam_count = sum(
        1
        for c in earlier
        if c.status is Status.SPAM
        and (_matches(c, comment) or (comment.author_url and c.author_url == comment.author_url))
    )
    return History(
        trusted=trusted,
        last_comment_at=max(recent, default=None),
        duplicate_id=min(duplicates, default=None),
        spam_count=spam_count,
        parent=parent,
    )
