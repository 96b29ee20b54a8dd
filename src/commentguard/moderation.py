"""Moderating: the queue, and the status changes a moderator makes (``guard.moderation``).

>>> from commentguard import CommentGuard, MemoryStore, RequestInfo
>>> guard = CommentGuard(store=MemoryStore())
>>> form = {"post_id": "7", "author": "Anna", "email": "anna@example.se", "content": "Hej"}
>>> comment = guard.submit(form, RequestInfo(ip="203.0.113.7")).comment
>>> [c.id for c in guard.moderation.pending().comments]
[1]
>>> guard.moderation.approve(comment.id, expected_version=1, actor="lena").status
<Status.APPROVED: 'approved'>

Every change is checked against the version the moderator saw (``expected_version``), so
two moderators never silently overwrite each other, and audited in the store. Checks that
learn are told each change, and the site's ``status_changed`` callback is called with it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from commentguard import _facade
from commentguard._time import read_clock
from commentguard.checks import Check, teach
from commentguard.errors import VersionConflict
from commentguard.model import Comment, Page, Status, Transition
from commentguard.store import Store


class Moderation:
    """The moderator's side of a :class:`~commentguard.CommentGuard`: queue and status changes.

    Made by the guard, which shares its store, checks, clock and ``status_changed``
    callback with it; reach it as ``guard.moderation``.

    Args:
        store: the guard's store.
        checks: the guard's checks; those that learn are told every change.
        clock: returns the current time as an aware ``datetime`` (audit timestamps).
        status_changed: called with the changed comment and its previous status; what it
            raises is logged, never re-raised (the change has committed).

    """

    def __init__(
        self,
        store: Store,
        *,
        checks: Sequence[Check],
        clock: Callable[[], datetime],
        status_changed: Callable[[Comment, Status], object] | None = None,
    ) -> None:
        self.store = store
        self._checks = checks
        self._clock = clock
        self._status_changed = status_changed

    def __repr__(self) -> str:
        return f"Moderation(store={self.store!r})"

    def pending(self, *, post_id: str | None = None, limit: int = 50, cursor: str | None = None) -> Page:
        """The moderation queue, newest first, a page at a time (pass ``next_cursor`` back)."""
        post = None if post_id is None else _facade.post_id(post_id)
        return self.store.list(status=Status.PENDING, post_id=post, limit=limit, cursor=cursor)

    def transitions(self, comment_id: int) -> Sequence[Transition]:
        """The audit trail of one comment, oldest first: who changed it, when, from what to what."""
        return self.store.transitions(comment_id)

    def approve(
        self, comment_id: int, *, expected_version: int, actor: str, note: str | None = None
    ) -> Comment:
        """Approve the comment (publish it) if nobody changed it since ``expected_version``.

        Raises:
            NotFound: no such comment.
            VersionConflict: someone changed it first; read it again.

        """
        return self._move(comment_id, Status.APPROVED, expected_version, actor, note)

    def mark_spam(
        self, comment_id: int, *, expected_version: int, actor: str, note: str | None = None
    ) -> Comment:
        """Mark the comment as spam (checks that learn are told); raises as :meth:`approve`."""
        return self._move(comment_id, Status.SPAM, expected_version, actor, note)

    def trash(
        self, comment_id: int, *, expected_version: int, actor: str, note: str | None = None
    ) -> Comment:
        """Move the comment to the trash; raises as :meth:`approve`."""
        return self._move(comment_id, Status.TRASH, expected_version, actor, note)

    def restore(
        self, comment_id: int, *, expected_version: int, actor: str, note: str | None = None
    ) -> Comment:
        """Take a spam or trashed comment back to the status it had before (else pending).

        The earlier status comes from the audit trail: the last status the comment had that
        was neither spam nor trash. A comment that is not spam or trash is returned as it is.
        Raises as :meth:`approve`.
        """
        comment = self.store.get(comment_id)
        if comment.status not in (Status.SPAM, Status.TRASH):
            if comment.version != _facade.positive_int(expected_version, "expected_version"):
                raise VersionConflict(
                    f"comment {comment_id} is at version {comment.version}, not {expected_version}"
                )
            return comment
        target = Status.PENDING
        for step in reversed(list(self.store.transitions(comment_id))):
            if step.from_status not in (Status.SPAM, Status.TRASH):
                target = step.from_status
                break
        return self._move(comment_id, target, expected_version, actor, note)

    def delete(self, comment_id: int, *, expected_version: int, actor: str, note: str | None = None) -> None:
        """Delete the comment permanently (audited); raises as :meth:`approve`."""
        store = _facade.admin_store(self.store, "delete")
        store.delete(
            comment_id,
            expected_version=_facade.positive_int(expected_version, "expected_version"),
            actor=_facade.actor(actor),
            note=note,
            at=read_clock(self._clock),
        )

    def _move(
        self, comment_id: int, to: Status, expected_version: int, actor: str, note: str | None
    ) -> Comment:
        before = self.store.get(comment_id)
        changed = self.store.transition(
            comment_id,
            to=to,
            expected_version=_facade.positive_int(expected_version, "expected_version"),
            actor=_facade.actor(actor),
            note=note,
            at=read_clock(self._clock),
        )
        teach(self._checks, changed, to)
        _facade.notify(self._status_changed, changed, before.status)
        return changed
