"""A third-party store, as docs/store.md shows it: it wraps another store and passes the contract."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from commentguard import Comment, History, MemoryStore, NewComment, Page, Reason, Status, Store, Transition
from commentguard.testing.store_contract import FakeClock, StoreContract


class LoggingStore:
    """Any store, with every moderation decision logged (ids and statuses, no personal data)."""

    def __init__(self, inner: Store, log: logging.Logger) -> None:
        self.inner, self.log = inner, log

    def add(self, comment: NewComment, *, reasons: Sequence[Reason] = ()) -> Comment:
        """Save a new comment with its reasons, and log its id, status and reason codes."""
        saved = self.inner.add(comment, reasons=reasons)
        codes = ", ".join(reason.code for reason in reasons)
        self.log.info("comment %s added as %s (%s)", saved.id, saved.status.value, codes)
        return saved

    def transition(
        self,
        comment_id: int,
        *,
        to: Status,
        expected_version: int,
        actor: str,
        note: str | None = None,
        at: datetime | None = None,
    ) -> Comment:
        """Change the status as the inner store does, then log who did it."""
        moved = self.inner.transition(
            comment_id, to=to, expected_version=expected_version, actor=actor, note=note, at=at
        )
        self.log.info("comment %s moved to %s by %s", comment_id, to.value, actor)
        return moved

    def get(self, comment_id: int) -> Comment:
        """Read through."""
        return self.inner.get(comment_id)

    def reasons(self, comment_id: int) -> tuple[Reason, ...]:
        """Read through."""
        return self.inner.reasons(comment_id)

    def list(
        self,
        *,
        status: Status | None = None,
        post_id: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        """Read through."""
        return self.inner.list(status=status, post_id=post_id, limit=limit, cursor=cursor)

    def transitions(self, comment_id: int) -> Sequence[Transition]:
        """Read through."""
        return self.inner.transitions(comment_id)

    def counts(self, post_id: str | None = None) -> dict[Status, int]:
        """Read through."""
        return self.inner.counts(post_id)

    def history(self, comment: NewComment, *, since: datetime | None = None) -> History:
        """Read through."""
        return self.inner.history(comment, since=since)

    def public(self, post_id: str) -> Sequence[Comment]:
        """Read through."""
        return self.inner.public(post_id)


class TestLoggingStore(StoreContract):
    """LoggingStore keeps every promise of the required core."""

    def make_store(self, tmp_path: Path, clock: FakeClock) -> Store:
        """A LoggingStore around a fresh MemoryStore that uses the contract's clock."""
        return LoggingStore(MemoryStore(clock=clock), logging.getLogger("comments"))
