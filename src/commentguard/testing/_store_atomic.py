"""The store contract's atomic part: ``add_checked`` judges on fresh history and records a form token once."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import pytest

from commentguard import AtomicStore, History, Reason, Status, Store
from commentguard.testing._store_base import (
    REASONS,
    START,
    FakeClock,
    StoreContractBase,
    assert_same_reasons,
    make_comment,
)

TOKEN_KEY = "a" * 32


class _Refused(Exception):
    """What a judge raises to store nothing."""


class _AtomicContract(StoreContractBase):
    """AtomicStore.add_checked: history, judgement and insert as one step; one comment per form token."""

    @pytest.fixture
    def atomic(self, store: Store) -> AtomicStore:
        """The store under test, which must implement AtomicStore."""
        assert isinstance(store, AtomicStore), "this store does not implement AtomicStore"
        return store

    def test_add_checked_stores_what_the_judge_decided(self, atomic: AtomicStore, clock: FakeClock) -> None:
        """The judge sees the same history as history() and its status and reasons are stored."""
        earlier = self.add(atomic, clock)
        comment = make_comment(clock)
        seen: list[tuple[History, bool]] = []

        def judge(history: History, fresh: bool) -> tuple[Status, Sequence[Reason]]:
            seen.append((history, fresh))
            return Status.SPAM, REASONS

        expected = atomic.history(comment)
        stored = atomic.add_checked(comment, judge)
        assert seen == [(expected, True)]
        assert expected.duplicate_id == earlier.id
        assert (stored.status, stored.version, stored.author) == (Status.SPAM, 1, comment.author)
        assert atomic.get(stored.id) == stored
        assert_same_reasons(atomic.reasons(stored.id), REASONS)

    def test_a_judge_that_raises_stores_nothing(self, atomic: AtomicStore, clock: FakeClock) -> None:
        """When the judge raises, its exception propagates and nothing (comment, token) is stored."""

        def judge(history: History, fresh: bool) -> tuple[Status, Sequence[Reason]]:
            raise _Refused

        with pytest.raises(_Refused):
            atomic.add_checked(make_comment(clock), judge, token=(TOKEN_KEY, clock() + timedelta(hours=1)))
        assert sum(atomic.counts().values()) == 0
        fresh: list[bool] = []

        def accept(history: History, new: bool) -> tuple[Status, Sequence[Reason]]:
            fresh.append(new)
            return Status.APPROVED, ()

        atomic.add_checked(make_comment(clock), accept, token=(TOKEN_KEY, clock() + timedelta(hours=1)))
        assert fresh == [True]  # the refused submission did not use the token up

    def test_a_token_carries_one_comment_until_it_expires(
        self, atomic: AtomicStore, clock: FakeClock
    ) -> None:
        """One token key is fresh once, not while its record lasts (the comment still stored), then again."""
        expires = clock() + timedelta(hours=24)
        fresh: list[bool] = []

        def judge(history: History, new: bool) -> tuple[Status, Sequence[Reason]]:
            fresh.append(new)
            return (Status.APPROVED if new else Status.PENDING), ()

        first = atomic.add_checked(make_comment(clock), judge, token=(TOKEN_KEY, expires))
        clock.advance(hours=23, minutes=59)
        second = atomic.add_checked(make_comment(clock, author="Bertil"), judge, token=(TOKEN_KEY, expires))
        other = atomic.add_checked(make_comment(clock, author="Cecilia"), judge, token=("b" * 32, expires))
        clock.advance(minutes=2)
        renewed = (TOKEN_KEY, clock() + timedelta(hours=24))
        later = atomic.add_checked(make_comment(clock, author="David"), judge, token=renewed)
        assert fresh == [True, False, True, True]
        assert [c.status for c in (first, second, other, later)] == [
            Status.APPROVED,
            Status.PENDING,
            Status.APPROVED,
            Status.APPROVED,
        ]

    def test_racing_threads_share_one_token_once(self, atomic: AtomicStore, clock: FakeClock) -> None:
        """Of eight threads sending one token at once, exactly one is told it is fresh; all are stored."""
        start = threading.Barrier(8)
        fresh: list[bool] = []
        errors: list[BaseException] = []
        comments = [make_comment(clock, author=f"Skribent {n}") for n in range(8)]
        expires = clock() + timedelta(hours=1)

        def judge(history: History, new: bool) -> tuple[Status, Sequence[Reason]]:
            fresh.append(new)
            return Status.PENDING, ()

        def send(n: int) -> None:
            try:
                start.wait()
                atomic.add_checked(comments[n], judge, token=(TOKEN_KEY, expires))
            except BaseException as exc:  # reported to the test below
                errors.append(exc)

        threads = [threading.Thread(target=send, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        assert sorted(fresh) == [False] * 7 + [True]
        assert atomic.counts()[Status.PENDING] == 8

    @pytest.mark.parametrize(
        ("token", "error"),
        [(("", START), ValueError), (("k" * 33, START), ValueError), (("k\x00", START), ValueError),
         ((7, START), TypeError), (("k", "tomorrow"), ValueError),
         (("k", START.replace(tzinfo=None)), ValueError), (["k", START], TypeError), (("k",), TypeError)],
    )  # fmt: skip
    def test_a_malformed_token_is_refused_before_anything_is_stored(
        self, atomic: AtomicStore, clock: FakeClock, token: Any, error: type[Exception]
    ) -> None:
        """A token record that is not (1 to 32 characters, an aware time) raises, and nothing is stored."""
        with pytest.raises(error):
            atomic.add_checked(make_comment(clock), lambda history, fresh: (Status.PENDING, ()), token=token)
        assert sum(atomic.counts().values()) == 0
