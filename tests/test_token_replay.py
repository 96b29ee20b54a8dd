"""One form token carries one stored comment: a replay is held, on every built-in store.

Issue 10 item 8: one token was accepted for 4 comments under different names, and again
23 h 59 min later.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from commentguard import (
    CommentGuard,
    FormToken,
    MemoryStore,
    Rejected,
    RequestInfo,
    Status,
    Store,
    default_checks,
)
from tests.store.test_contract import BUILT_IN_STORES, built_in_store

SECRET = "replay-test-secret"
START = datetime(2026, 5, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(params=BUILT_IN_STORES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """Each built-in store, empty."""
    yield from built_in_store(request.param, tmp_path)


def _guard(store: Store, now: list[datetime]) -> CommentGuard:
    return CommentGuard(store=store, secret=SECRET, clock=lambda: now[0])


def _form(n: int, token: dict[str, str], content: str = "Tack för texten!") -> dict[str, str]:
    return {"post_id": "p1", "author": f"Namn {n}", "email": f"n{n}@example.se", "content": content, **token}


def test_one_token_carries_one_comment(store: Store) -> None:
    """The first comment passes its token; three more under other names, and one 23 h 59 min on, are held."""
    now = [START]
    guard = _guard(store, now)
    token = guard.form_token("p1")
    now[0] += timedelta(seconds=30)
    first = guard.submit(_form(0, token), RequestInfo(ip="192.0.2.1"))
    assert "token_used" not in [r.code for r in first.reasons]
    replays = []
    for n in (1, 2, 3):
        now[0] += timedelta(seconds=20)
        replays.append(guard.submit(_form(n, token, f"Annan text {n}"), RequestInfo(ip=f"192.0.2.{n + 1}")))
    now[0] = START + timedelta(hours=23, minutes=59)
    replays.append(guard.submit(_form(9, token, "Sent"), RequestInfo(ip="192.0.2.99")))
    for outcome in replays:
        assert outcome.status is Status.PENDING
        assert outcome.reasons[0].code == "token_used"
        assert store.get(outcome.comment.id) == outcome.comment  # held, never lost
    fresh = guard.form_token("p1")
    now[0] += timedelta(seconds=30)
    again = guard.submit(_form(10, fresh, "Ny token"), RequestInfo(ip="192.0.2.100"))
    assert "token_used" not in [r.code for r in again.reasons]


def test_a_rejected_submission_does_not_use_the_token_up(store: Store) -> None:
    """A comment rejected inside the transaction (a duplicate) leaves its token for the corrected one."""
    now = [START]
    guard = CommentGuard(
        store=store, secret=SECRET, clock=lambda: now[0], checks=default_checks(flood_interval=timedelta(0))
    )
    now[0] += timedelta(seconds=30)
    guard.submit(_form(0, guard.form_token("p1")), RequestInfo(ip="192.0.2.1"))
    token = guard.form_token("p1")
    now[0] += timedelta(seconds=30)
    with pytest.raises(Rejected):
        guard.submit(_form(0, token), RequestInfo(ip="192.0.2.1"))  # the same words again
    corrected = guard.submit(_form(0, token, "Rättat"), RequestInfo(ip="192.0.2.1"))
    assert "token_used" not in [r.code for r in corrected.reasons]


def test_tokens_issued_in_the_same_second_differ_and_each_carries_a_comment() -> None:
    """Two readers loading one post in the same second get different tokens, and neither holds the other."""
    now = [START]
    guard = _guard(MemoryStore(), now)
    first, second = guard.form_token("p1"), guard.form_token("p1")
    assert first != second
    now[0] += timedelta(seconds=30)
    for n, token in enumerate((first, second)):
        outcome = guard.submit(_form(n, token, f"Text {n}"), RequestInfo(ip=f"192.0.2.{n + 1}"))
        assert "token_used" not in [r.code for r in outcome.reasons]


def test_a_token_issued_before_the_random_part_still_verifies() -> None:
    """A token in the earlier form (issue time and signature only), from a cached page, is still accepted."""
    key = hmac.new(SECRET.encode(), b"commentguard form token v1", hashlib.sha256).digest()
    issued = int(START.timestamp())
    signature = hmac.new(key, f"p1\x00{issued}".encode(), hashlib.sha256).hexdigest()
    check = FormToken(SECRET)
    assert check.verify(f"{issued}.{signature}", "p1", START + timedelta(seconds=30)) is None
    assert check.verify(f"{issued}.{'0' * 16}.{signature}", "p1", START + timedelta(seconds=30)) is not None
