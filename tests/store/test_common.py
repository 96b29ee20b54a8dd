"""The helpers every built-in store shares: thread order, cursors, IP anonymizing."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commentguard import Comment
from commentguard.store import anonymize_ip
from commentguard.store._common import decode_cursor, encode_cursor, thread_order
from commentguard.testing.store_contract import START, make_comment

_TEMPLATE = make_comment()


@st.composite
def forests(draw: st.DrawFn) -> list[Comment]:
    """Comments with distinct ids whose parents are other comments, missing ones, or themselves."""
    count = draw(st.integers(0, 25))
    ids = draw(st.lists(st.integers(1, 10_000), min_size=count, max_size=count, unique=True))
    comments = []
    for comment_id in ids:
        parent = draw(st.none() | st.sampled_from(ids) | st.integers(10_001, 10_003))
        seconds = draw(st.integers(0, 5))
        comments.append(
            replace(_TEMPLATE, parent_id=parent, created_at=START + timedelta(seconds=seconds)).stored(
                comment_id
            )
        )
    return comments


@given(forests())
def test_thread_order_returns_every_comment_once(comments: list[Comment]) -> None:
    """thread_order() loses and repeats nothing, whatever the parent links, cycles included."""
    ordered = thread_order(comments)
    assert sorted(c.id for c in ordered) == sorted(c.id for c in comments)


@given(forests())
def test_thread_order_puts_parents_first(comments: list[Comment]) -> None:
    """Outside parent cycles, a reply comes after its parent, and siblings keep time order."""
    ordered = thread_order(comments)
    position = {c.id: n for n, c in enumerate(ordered)}
    by_id = {c.id: c for c in comments}

    def in_cycle(comment: Comment) -> bool:
        seen, current = set(), comment
        while current.parent_id in by_id and current.id not in seen:
            seen.add(current.id)
            current = by_id[current.parent_id]
        return current.id in seen or current.parent_id == current.id

    threaded = [c for c in comments if c.parent_id in by_id and not in_cycle(c)]
    for comment in threaded:
        assert comment.parent_id is not None
        assert position[comment.parent_id] < position[comment.id]
    for a in threaded:
        for b in threaded:
            if a.parent_id == b.parent_id and (a.created_at, a.id) < (b.created_at, b.id):
                assert position[a.id] < position[b.id]


@given(
    st.datetimes(
        timezones=st.just(timezone.utc), min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)
    ),
    st.integers(1, 2**63 - 1),
)
def test_cursor_round_trips(at: datetime, comment_id: int) -> None:
    """A cursor decodes to exactly the time and id it was made from."""
    assert decode_cursor(encode_cursor(at, comment_id)) == (at, comment_id)


@pytest.mark.parametrize(
    ("ip", "anonymized"),
    [
        ("203.0.113.7", "203.0.113.0"),
        ("203.0.113.0", "203.0.113.0"),
        (" 10.1.2.255 ", "10.1.2.0"),
        ("2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3::"),
        ("::1", "::"),
        ("fe80::1%eth0", "fe80::"),
        ("::ffff:192.0.2.128", "::ffff:192.0.2.0"),
        ("", ""),
        ("localhost", ""),
        ("203.0.113.7, 10.0.0.1", ""),
    ],
)
def test_anonymize_ip(ip: str, anonymized: str) -> None:
    """IPv4 loses its last octet, IPv6 its last 80 bits (zone dropped); anything else becomes empty."""
    assert anonymize_ip(ip) == anonymized
