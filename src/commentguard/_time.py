"""The one definition of "now": an aware UTC datetime, from the system or an injected clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone


def utc_now() -> datetime:
    """The current time as an aware UTC datetime (the default clock)."""
    return datetime.now(timezone.utc)


def read_clock(clock: Callable[[], datetime]) -> datetime:
    """Call ``clock`` and refuse a naive or non-datetime answer (a time without a zone is ambiguous)."""
    now = clock()
    if not isinstance(now, datetime) or now.tzinfo is None:
        raise ValueError(f"the clock must return an aware datetime, not {now!r}")
    return now
