"""Build a new comment the way the pipeline does: validated submission, then sanitized content."""

from __future__ import annotations

from datetime import datetime, timezone

from commentguard import WORDPRESS_POLICY, NewComment, Policy, Submission, sanitize

DEFAULT_NOW = datetime(2026, 5, 1, 12, 0, tzinfo=timezone.utc)


def new_comment(
    submission: Submission, *, policy: Policy = WORDPRESS_POLICY, now: datetime = DEFAULT_NOW
) -> NewComment:
    """The NewComment for ``submission``: its content sanitized by ``policy``, made at ``now``."""
    content = sanitize(submission.content, policy)
    return NewComment.from_submission(submission, content, policy_version=policy.version, created_at=now)
