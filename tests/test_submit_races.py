"""Two identical comments sent at once are stored once: history-bound checks and insert share a transaction.

Issue 10 item 4: both twins were stored in 75 of 200 rounds on SQLite and 199 of 200 on
PostgreSQL, since history was read in one transaction and the comment inserted in another.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from benchmarks.store_audit import double_stores

from commentguard import (
    Action,
    AtomicStore,
    CheckContext,
    CommentGuard,
    Draft,
    MemoryStore,
    Reason,
    Rejected,
    RequestInfo,
    Status,
    Verdict,
    default_checks,
)
from commentguard.store import SQLStore
from tests.conftest import require
from tests.store.test_contract import HOW_TO_ENABLE_POSTGRES, POSTGRES_URL
from tests.store.test_example_store import LoggingStore

FORM = {"post_id": "p1", "author": "Anna", "email": "anna@example.se", "content": "Tack!"}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_racing_twins_are_never_both_stored(tmp_path: Path, backend: str) -> None:
    """Two processes submitting the same comment at the same instant, 200 rounds: never both stored."""
    if backend == "postgresql":
        require(bool(POSTGRES_URL), HOW_TO_ENABLE_POSTGRES)
    url = POSTGRES_URL if backend == "postgresql" else f"sqlite:///{tmp_path / 'race.db'}"
    assert double_stores(url, rounds=200) == 0


class _Probe:
    """A check that records whether another connection could take SQLite's write lock while it ran."""

    def __init__(self, name: str, path: Path, *, bound: bool) -> None:
        self.name, self.path, self.history_bound = name, path, bound
        self.could_write: list[bool] = []

    def check(self, draft: Draft, context: CheckContext) -> Verdict | None:
        other = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            self.could_write.append(True)
        except sqlite3.OperationalError:
            self.could_write.append(False)
        finally:
            other.close()
        return Verdict(Action.HOLD, Reason(self.name, check=self.name))


def test_only_history_bound_checks_run_inside_the_write_lock(tmp_path: Path) -> None:
    """Content checks run before the write transaction, history-bound ones in it; reasons keep check order."""
    path = tmp_path / "comments.db"
    outside, inside = _Probe("outside", path, bound=False), _Probe("inside", path, bound=True)
    with SQLStore(f"sqlite:///{path}") as store:
        guard = CommentGuard(store=store, checks=[inside, *default_checks(), outside])
        outcome = guard.submit(FORM, RequestInfo(ip="203.0.113.7"))
    assert (outside.could_write, inside.could_write) == ([True], [False])
    assert [r.code for r in outcome.reasons] == ["inside", "first_comment", "outside"]
    assert outcome.status is Status.PENDING


def test_a_rejection_inside_the_transaction_stores_nothing(tmp_path: Path) -> None:
    """A duplicate found inside the transaction rejects the comment and leaves the store as it was."""
    with SQLStore(f"sqlite:///{tmp_path / 'comments.db'}") as store:
        guard = CommentGuard(store=store, checks=default_checks(flood_interval=timedelta(0)))
        guard.submit(FORM, RequestInfo(ip="203.0.113.7"))
        with pytest.raises(Rejected) as caught:
            guard.submit(FORM, RequestInfo(ip="203.0.113.8"))
        assert caught.value.code == 409
        assert sum(store.counts().values()) == 1


def test_a_store_without_add_checked_still_works(caplog: pytest.LogCaptureFixture) -> None:
    """A third-party store with only the core Store methods is read, then added to, as before."""
    store = LoggingStore(MemoryStore(), logging.getLogger("test"))
    assert not isinstance(store, AtomicStore)
    assert isinstance(MemoryStore(), AtomicStore)
    outcome = CommentGuard(store=store).submit(FORM, RequestInfo(ip="203.0.113.7"))
    assert outcome.status is Status.PENDING
    assert store.get(outcome.comment.id) == outcome.comment
