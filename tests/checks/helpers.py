"""Builders for the checks' tests: a draft from form fields, a history, a context."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timezone

from commentguard import History, ParentInfo, PostInfo, RequestInfo, Settings, Status, validate
from commentguard.checks import CheckContext, Draft
from tests.builders import new_comment

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=timezone.utc)
FORM = {
    "post_id": "plan",
    "author": "Anna",
    "email": "anna@example.se",
    "url": "",
    "content": "Tack för inlägget!",
}


def make_draft(
    fields: Mapping[str, str] | None = None,
    *,
    request: RequestInfo | None = None,
    settings: Settings | None = None,
    now: datetime = NOW,
    **more: str,
) -> Draft:
    """A draft for FORM with ``fields`` and ``more`` replaced (extra fields need ``settings``)."""
    form = {**FORM, **(fields or {}), **more}
    submission = validate(form, request or RequestInfo(ip="203.0.113.7"), settings)
    return Draft(submission, new_comment(submission, now=now))


def make_history(**fields: object) -> History:
    """A store History with nothing in it, ``fields`` replaced."""
    values: dict[str, object] = {
        "trusted": False,
        "last_comment_at": None,
        "duplicate_id": None,
        "spam_count": 0,
        "parent": None,
    }
    values.update(fields)
    return History(**values)  # type: ignore[arg-type]


def parent(*, post_id: str = "plan", status: Status = Status.APPROVED, depth: int = 1) -> ParentInfo:
    """The comment replied to."""
    return ParentInfo(id=1, post_id=post_id, status=status, depth=depth)


def make_context(
    history: History | None = None,
    *,
    post: PostInfo | None = None,
    now: datetime = NOW,
    load: Callable[[], History] | None = None,
) -> CheckContext:
    """A context answering ``history`` (or calling ``load``) and ``post``."""
    known = history or make_history()
    return CheckContext(now=now, history=load or (lambda: known), post=lambda: post)
