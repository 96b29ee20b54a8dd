"""The store contract's shared parts: the fake clock, the sample comment and reasons, the fixtures."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from commentguard import (
    WORDPRESS_POLICY,
    Comment,
    NewComment,
    Reason,
    Store,
    sanitize,
)

START = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)


class FakeClock:
    """An injectable clock: ``clock()`` is the time; ``advance(seconds=...)`` moves it on."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        """The current fake time."""
        return self.now

    def advance(self, **delta: float) -> datetime:
        """Move the time on by ``timedelta(**delta)``; return the new time."""
        self.now += timedelta(**delta)
        return self.now


REASONS = (
    Reason("links", {"count": 3, "limit": 2}, check="link_limit"),
    Reason("moderation_word", {"word": "203.0.113.", "field": "ip"}, check="moderation_words"),
    Reason(
        "shouting",
        {"ratio": 0.75, "strict": True, "note": None},
        check="no_shouting",
        texts={"en": "All in capitals ({ratio}).", "sv": "Bara versaler ({ratio})."},
    ),
)
"""Reasons as the checks give them: a built-in one, one that quotes the commenter's IP, a third party's."""


def typed(value: Mapping[str, object]) -> list[tuple[str, type, object]]:
    """``value``'s items with their types, in order: ``True`` and ``1`` and ``1.0`` stay apart."""
    return [(key, type(item), item) for key, item in value.items()]


def assert_same_reasons(got: tuple[Reason, ...], expected: tuple[Reason, ...]) -> None:
    """``got`` holds exactly ``expected``, in order, every parameter of the same type and value."""
    assert isinstance(got, tuple)
    assert got == expected
    assert [typed(r.params) for r in got] == [typed(r.params) for r in expected]
    assert [(r.code, r.check, dict(r.texts)) for r in got] == [
        (r.code, r.check, dict(r.texts)) for r in expected
    ]


# The contract also stores megabyte-sized content, over the shipped policy's input cap.
_ROOM_FOR_HUGE = replace(WORDPRESS_POLICY, max_input_bytes=16 * 1024 * 1024)


def make_comment(clock: FakeClock | None = None, **fields: Any) -> NewComment:
    """A valid, not-yet-stored comment; ``fields`` override the defaults (``content`` is sanitized)."""
    values: dict[str, Any] = {
        "post_id": "plan-for-handling",
        "author": "Anna",
        "email": "anna@example.se",
        "content_raw": "Tack! <b>Bra</b>",
        "policy_version": "p1",
        "created_at": clock() if clock else START,
        "ip": "203.0.113.7",
        "user_agent": "Mozilla/5.0",
    }
    values.update(fields)
    values["content"] = sanitize(values.pop("content", values["content_raw"]), _ROOM_FOR_HUGE)
    return NewComment(**values)


class StoreContractBase:
    """What every part of the contract builds on: :meth:`make_store`, the fixtures, :meth:`add`."""

    def make_store(self, tmp_path: Path, clock: FakeClock) -> Store:
        """Return a new, empty store that stamps its own times with ``clock``."""
        raise NotImplementedError

    @pytest.fixture
    def clock(self) -> FakeClock:
        """The fake clock the store under test stamps its times with."""
        return FakeClock()

    @pytest.fixture
    def store(self, tmp_path: Path, clock: FakeClock) -> Iterator[Store]:
        """A new, empty store from :meth:`make_store`, closed afterwards if it can be."""
        store = self.make_store(tmp_path, clock)
        yield store
        close = getattr(store, "close", None)
        if callable(close):
            close()

    def add(self, store: Store, clock: FakeClock, **fields: Any) -> Comment:
        """Add a comment made now, then move the clock on a second (times stay distinct)."""
        comment = store.add(make_comment(clock, **fields))
        clock.advance(seconds=1)
        return comment
