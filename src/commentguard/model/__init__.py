"""The data every stage shares: statuses, verdicts and reasons, comments, what the past says.

This is the bottom of the pipeline's layers: validation and sanitizing feed it, and the
checks, the decision, the store, moderation and the facade all import *down* into it, never
sideways into one another. It holds data and nothing that acts on it.

A comment exists in two forms. :class:`NewComment` is what the pipeline builds from a
validated submission and its sanitized content, before any store has seen it; :class:`Comment`
is what a store gives back, with its ``id`` and ``version``. A stored comment is a new comment
with an identity, so everything that reads a ``NewComment`` reads a ``Comment`` too::

    >>> from datetime import datetime, timezone
    >>> from commentguard import NewComment, RequestInfo, WORDPRESS_POLICY, sanitize, validate
    >>> submission = validate({"post_id": "7", "author": "Anna", "email": "anna@example.se",
    ...                        "content": "Tack! <b>Bra</b>"}, RequestInfo(ip="203.0.113.7"))
    >>> comment = NewComment.from_submission(
    ...     submission, sanitize(submission.content), policy_version=WORDPRESS_POLICY.version,
    ...     created_at=datetime(2026, 5, 1, tzinfo=timezone.utc))
    >>> comment.content, comment.status
    (SafeHtml('Tack! <b>Bra</b>'), <Status.PENDING: 'pending'>)
"""

from commentguard.model._comment import (
    Comment,
    History,
    NewComment,
    Page,
    ParentInfo,
    PostInfo,
    Status,
    Transition,
)
from commentguard.model._learning import Label, Lesson, TokenStats
from commentguard.model._verdict import Action, ParamValue, Reason, Verdict

__all__ = [
    "Action",
    "Comment",
    "History",
    "Label",
    "Lesson",
    "NewComment",
    "Page",
    "ParamValue",
    "ParentInfo",
    "PostInfo",
    "Reason",
    "Status",
    "TokenStats",
    "Transition",
    "Verdict",
]
