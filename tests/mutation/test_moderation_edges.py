"""Moderation's queue, notes and deletion: the cases mutation testing found unpinned (docs/testing.md)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

import pytest

from commentguard import CommentGuard, Label, MemoryStore, Moderation, RequestInfo, Status, VersionConflict
from tests.store.test_example_store import LoggingStore

START = datetime(2026, 5, 1, 12, 0, tzinfo=timezone.utc)


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        """The current fake time."""
        return self.now


def submit(guard: CommentGuard, n: int, post_id: str = "plan") -> int:
    """A first comment by a new author (held for moderation); its id."""
    form = {"post_id": post_id, "author": f"Läsare {n}", "email": f"l{n}@example.se", "content": f"Tack {n}!"}
    comment = guard.submit(form, RequestInfo(ip=f"198.18.0.{n}")).comment
    assert comment.status is Status.PENDING
    return comment.id


def test_the_queue_holds_only_pending_comments_of_the_post_asked() -> None:
    """pending() lists pending comments only, newest first; post_id narrows them to that post."""
    clock = Clock()
    guard = CommentGuard(store=MemoryStore(), clock=clock)
    first, approved, other_post = submit(guard, 1), submit(guard, 2), submit(guard, 3, "annan")
    guard.moderation.approve(approved, expected_version=1, actor="lena")
    assert [c.id for c in guard.moderation.pending().comments] == [other_post, first]
    assert [c.id for c in guard.moderation.pending(post_id="plan").comments] == [first]


def test_the_queue_comes_a_page_at_a_time() -> None:
    """pending(limit=1) gives one comment and a cursor; passing it back gives the next one."""
    guard = CommentGuard(store=MemoryStore(), clock=Clock())
    older, newer = submit(guard, 1), submit(guard, 2)
    page = guard.moderation.pending(limit=1)
    assert [c.id for c in page.comments] == [newer]
    assert page.next_cursor is not None
    rest = guard.moderation.pending(limit=1, cursor=page.next_cursor)
    assert [c.id for c in rest.comments] == [older]


@pytest.mark.parametrize(
    ("move", "status"),
    [("approve", Status.APPROVED), ("mark_spam", Status.SPAM), ("trash", Status.TRASH)],
)
def test_a_move_keeps_the_moderators_note(move: str, status: Status) -> None:
    """approve, mark_spam and trash record the moderator's note in the audit trail with the move."""
    guard = CommentGuard(store=MemoryStore(), clock=Clock())
    comment_id = submit(guard, 1)
    getattr(guard.moderation, move)(comment_id, expected_version=1, actor="lena", note="se regel 3")
    step = guard.moderation.transitions(comment_id)[-1]
    assert (step.to_status, step.actor, step.note) == (status, "lena", "se regel 3")


def test_a_move_names_a_bad_expected_version() -> None:
    """approve(expected_version=0) raises TypeError naming expected_version, and changes nothing."""
    guard = CommentGuard(store=MemoryStore(), clock=Clock())
    comment_id = submit(guard, 1)
    with pytest.raises(TypeError) as raised:
        guard.moderation.approve(comment_id, expected_version=0, actor="lena")
    assert str(raised.value) == "expected_version must be a whole number >= 1, not 0"
    assert guard.get(comment_id).status is Status.PENDING


def test_delete_is_audited_with_the_note_at_the_guards_time() -> None:
    """delete() records who, the note, and the guard's clock time in the audit trail."""
    clock = Clock()
    guard = CommentGuard(store=MemoryStore(), clock=clock)
    comment_id = submit(guard, 1)
    clock.now += timedelta(hours=3)
    guard.moderation.delete(comment_id, expected_version=1, actor="lena", note="personangrepp")
    step = guard.moderation.transitions(comment_id)[-1]
    assert (step.to_status, step.actor, step.note, step.at) == (None, "lena", "personangrepp", clock.now)


def test_delete_names_a_bad_expected_version() -> None:
    """delete(expected_version=0) raises TypeError naming expected_version, and deletes nothing."""
    guard = CommentGuard(store=MemoryStore(), clock=Clock())
    comment_id = submit(guard, 1)
    with pytest.raises(TypeError) as raised:
        guard.moderation.delete(comment_id, expected_version=0, actor="lena")
    assert str(raised.value) == "expected_version must be a whole number >= 1, not 0"
    assert guard.get(comment_id).status is Status.PENDING


def test_delete_on_a_store_that_cannot_delete_says_so() -> None:
    """delete() on a store that is not an AdminStore raises TypeError naming the store and the operation."""
    store = LoggingStore(MemoryStore(), logging.getLogger("commentguard.tests"))
    moderation = Moderation(store, checks=(), clock=Clock())
    with pytest.raises(TypeError) as raised:
        moderation.delete(1, expected_version=1, actor="lena")
    assert str(raised.value) == "LoggingStore cannot delete: it does not implement AdminStore"


def test_the_queue_shows_fifty_comments_by_default() -> None:
    """pending() without a limit gives 50 comments and a cursor to the 51st."""
    guard = CommentGuard(store=MemoryStore(), clock=Clock())
    ids = [submit(guard, n) for n in range(1, 52)]
    page = guard.moderation.pending()
    assert [c.id for c in page.comments] == ids[:0:-1]
    assert [c.id for c in guard.moderation.pending(cursor=page.next_cursor).comments] == [ids[0]]


def test_restoring_a_live_comment_names_the_version_conflict() -> None:
    """restore() of a comment neither spam nor trash checks expected_version and says what it found."""
    guard = CommentGuard(store=MemoryStore(), clock=Clock())
    comment_id = submit(guard, 1)
    with pytest.raises(VersionConflict) as conflict:
        guard.moderation.restore(comment_id, expected_version=7, actor="lena")
    assert str(conflict.value) == f"comment {comment_id} is at version 1, not 7"
    with pytest.raises(TypeError) as wrong:
        guard.moderation.restore(comment_id, expected_version=0, actor="lena")
    assert str(wrong.value) == "expected_version must be a whole number >= 1, not 0"


def test_restore_keeps_the_moderators_note() -> None:
    """restore(note=...) records the note in the audit trail with the move back."""
    guard = CommentGuard(store=MemoryStore(), clock=Clock())
    comment_id = submit(guard, 1)
    guard.moderation.mark_spam(comment_id, expected_version=1, actor="lena")
    guard.moderation.restore(comment_id, expected_version=2, actor="eva", note="inte spam")
    step = guard.moderation.transitions(comment_id)[-1]
    assert (step.from_status, step.to_status, step.note) == (Status.SPAM, Status.PENDING, "inte spam")


def untrained(guard: CommentGuard, comment_id: int, status: Status) -> None:
    """Move the comment to ``status`` without a lesson, as the checks' own decisions are stored."""
    guard.store.transition(comment_id, to=status, expected_version=1, actor="checks")


def test_confirm_spam_older_than_leaves_newer_spam_untrained() -> None:
    """confirm_spam(older_than=T) confirms only spam made before T."""
    clock = Clock()
    guard = CommentGuard(store=MemoryStore(), clock=clock)
    old = submit(guard, 1)
    clock.now += timedelta(hours=2)
    new = submit(guard, 2)
    for comment_id in (old, new):
        untrained(guard, comment_id, Status.SPAM)
    assert guard.moderation.confirm_spam(actor="lena", older_than=START + timedelta(hours=1)) == 1
    store = guard.store
    assert isinstance(store, MemoryStore)
    assert (store.lesson(old), store.lesson(new)) == (Label.SPAM, None)


def test_confirm_ham_of_named_comments_leaves_the_others() -> None:
    """confirm_ham([id]) confirms that approved comment only, not every untrained one."""
    guard = CommentGuard(store=MemoryStore(), clock=Clock())
    named, other = submit(guard, 1), submit(guard, 2)
    for comment_id in (named, other):
        untrained(guard, comment_id, Status.APPROVED)
    assert guard.moderation.confirm_ham([named], actor="lena") == 1
    store = guard.store
    assert isinstance(store, MemoryStore)
    assert (store.lesson(named), store.lesson(other)) == (Label.HAM, None)


def test_a_store_that_cannot_learn_is_moderated_without_lessons() -> None:
    """On a plain Store, approve() moves the comment untrained; confirm_spam() says the store cannot learn."""
    inner = MemoryStore()
    guard = CommentGuard(store=inner, clock=Clock())
    comment_id = submit(guard, 1)
    moderation = Moderation(
        LoggingStore(inner, logging.getLogger("commentguard.tests")), checks=(), clock=Clock()
    )
    assert moderation.approve(comment_id, expected_version=1, actor="lena").status is Status.APPROVED
    assert inner.lesson(comment_id) is None
    with pytest.raises(TypeError) as raised:
        moderation.confirm_spam(actor="lena")
    assert str(raised.value) == "LoggingStore cannot learn: it does not implement LearningStore"
