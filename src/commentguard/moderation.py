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

Each decision also teaches the learning filter, in the same store transaction as the status
change (when the store is a :class:`~commentguard.LearningStore`): approving trains the
comment as ham, marking it spam trains it as spam, restoring it from spam takes the spam
training back and trains ham. A comment is trained once, so a change of mind moves the counts
instead of adding to them. Spam the checks filed on their own is trained only once a moderator
lets it stand: :meth:`Moderation.confirm_spam`, or the purge that deletes it after
``spam_days`` (see ``docs/spam.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timezone

from commentguard import _facade
from commentguard._time import read_clock
from commentguard.checks import Check, teach
from commentguard.errors import NotFound, VersionConflict
from commentguard.model import Comment, Label, Lesson, Page, Status, Transition
from commentguard.spamfilter import feature_hash, features
from commentguard.store import LearningStore, Store

_END_OF_TIME = datetime.max.replace(tzinfo=timezone.utc)


def _teaches(before: Status, to: Status) -> Label | None:
    """What a moderator's move from ``before`` to ``to`` tells the filter (``None``: nothing)."""
    if to is Status.APPROVED:
        return Label.HAM
    if to is Status.SPAM:
        return Label.SPAM
    if to is Status.PENDING and before is Status.SPAM:  # restored from spam: it was not spam
        return Label.HAM
    return None  # trash, or back to the queue: no verdict on spam


def lesson_for(comment: Comment, label: Label) -> Lesson:
    """The lesson that trains ``comment``'s sanitized text as ``label``."""
    return Lesson(label, tuple(feature_hash(token) for token in features(str(comment.content))))


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
        self._learning_store = store if isinstance(store, LearningStore) else None  # checked once
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

    def confirm_spam(
        self, comment_ids: Iterable[int] | None = None, *, actor: str, older_than: datetime | None = None
    ) -> int:
        """Let spam stand: train the learning filter on spam that no moderator has judged yet.

        ``comment_ids`` names the comments (others are skipped: not spam, already trained as
        spam, or changed meanwhile); ``None`` takes every untrained comment in the spam folder,
        a page at a time, and with ``older_than`` only those made before then. Each
        confirmation is an audited change to the same status. Returns how many were confirmed.

        Raises:
            TypeError: the store keeps no statistics (not a :class:`~commentguard.LearningStore`).

        """
        return self._confirm(Status.SPAM, Label.SPAM, comment_ids, actor, older_than)

    def confirm_ham(
        self, comment_ids: Iterable[int] | None = None, *, actor: str, older_than: datetime | None = None
    ) -> int:
        """Let approved comments stand: train the filter on published comments no moderator judged.

        The counterpart of :meth:`confirm_spam` for comments the checks approved on their own
        (a trusted author's): without it the filter would learn spam only and drift towards
        filing readers. Same arguments and skips; returns how many were confirmed.

        Raises:
            TypeError: the store keeps no statistics (not a :class:`~commentguard.LearningStore`).

        """
        return self._confirm(Status.APPROVED, Label.HAM, comment_ids, actor, older_than)

    def _confirm(
        self,
        status: Status,
        label: Label,
        comment_ids: Iterable[int] | None,
        actor: str,
        older_than: datetime | None,
    ) -> int:
        store = self._learning_store
        if store is None:
            raise TypeError(f"{type(self.store).__name__} cannot learn: it does not implement LearningStore")
        who = _facade.actor(actor)
        before = older_than if older_than is not None else _END_OF_TIME
        confirmed = 0
        for comment in self._candidates(store, status, comment_ids, before):
            judged = store.lesson(comment.id) is label
            if comment.created_at >= before or comment.status is not status or judged:
                continue
            try:
                store.transition(
                    comment.id,
                    to=status,
                    expected_version=comment.version,
                    actor=who,
                    note="confirmed",
                    at=read_clock(self._clock),
                    lesson=lesson_for(comment, label),
                )
            except (VersionConflict, NotFound):  # a moderator acted meanwhile: theirs stands
                continue
            confirmed += 1
        return confirmed

    @staticmethod
    def _candidates(
        store: LearningStore, status: Status, comment_ids: Iterable[int] | None, before: datetime
    ) -> Iterator[Comment]:
        if comment_ids is not None:
            for comment_id in comment_ids:
                try:
                    yield store.get(_facade.positive_int(comment_id, "comment id"))
                except NotFound:
                    continue
            return
        after_id = 0
        while page := list(store.untrained(status, before=before, limit=200, after_id=after_id)):
            yield from page
            after_id = page[-1].id

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
        version = _facade.positive_int(expected_version, "expected_version")
        who, when = _facade.actor(actor), read_clock(self._clock)
        label = _teaches(before.status, to)
        if self._learning_store is not None and label is not None:
            lesson = lesson_for(before, label)
            changed = self._learning_store.transition(
                comment_id, to=to, expected_version=version, actor=who, note=note, at=when, lesson=lesson
            )
        else:
            changed = self.store.transition(
                comment_id, to=to, expected_version=version, actor=who, note=note, at=when
            )
        teach(self._checks, changed, to)
        _facade.notify(self._status_changed, changed, before.status)
        return changed
