"""The store contract's hostile numbers: huge, negative, ``None`` and wrongly typed ids, limits and days.

Every store answers them the same documented way (issue 10 item 11: the SQL store raised
``OverflowError`` or ``sqlalchemy.exc.ArgumentError`` where ``MemoryStore`` answered):

* an id that names no comment (huge, zero, negative, ``None``, a str): ``NotFound`` where
  the method needs the comment, an empty answer where it only reads about it;
* a page size (``limit``): ``TypeError`` unless an int, ``ValueError`` below 1; a huge one
  means "all";
* ``after_id``: ``TypeError`` unless an int; a huge one pages past every comment;
* days and other bounds: ``TypeError`` unless an int, ``ValueError`` below 0; a number of
  days further back than any date keeps everything.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commentguard import AdminStore, LearningStore, NotFound, Status, Store, sanitize
from commentguard.testing._store_base import START, FakeClock, StoreContractBase

HUGE = 2**200
NOT_IDS: list[Any] = [HUGE, 2**63, -(2**63) - 1, 0, -1, None, "1", 1.0, True]
"""Values that name no comment: past 64 bits, zero, negative, and not an int at all."""
BAD_LIMITS: list[tuple[Any, type[Exception]]] = [
    (0, ValueError),
    (-HUGE, ValueError),
    (None, TypeError),
    (2.5, TypeError),
    ("10", TypeError),
    (True, TypeError),
]
_ANY_INT = settings(
    max_examples=40,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.differing_executors],
)


class _CoreBoundsContract(StoreContractBase):
    """The required core with hostile ids and limits."""

    @pytest.mark.parametrize("comment_id", NOT_IDS, ids=repr)
    def test_an_id_that_names_nothing_is_not_found(
        self, store: Store, clock: FakeClock, comment_id: Any
    ) -> None:
        """get() and transition() raise NotFound; reasons() and transitions() are empty; nothing changes."""
        saved = self.add(store, clock)
        with pytest.raises(NotFound):
            store.get(comment_id)
        with pytest.raises(NotFound):
            store.transition(comment_id, to=Status.APPROVED, expected_version=1, actor="a")
        assert tuple(store.reasons(comment_id)) == ()
        assert tuple(store.transitions(comment_id)) == ()
        assert store.get(saved.id) == saved

    @given(comment_id=st.integers())
    @_ANY_INT
    def test_any_int_is_an_id_or_not_found(self, store: Store, comment_id: int) -> None:
        """get() of any int, however large or negative, returns that comment or raises NotFound."""
        with contextlib.suppress(NotFound):
            assert store.get(comment_id).id == comment_id

    @pytest.mark.parametrize(("limit", "error"), BAD_LIMITS, ids=repr)
    def test_a_bad_page_size_is_refused(self, store: Store, limit: Any, error: type[Exception]) -> None:
        """list() with a limit below 1 raises ValueError, with one not an int TypeError."""
        with pytest.raises(error):
            store.list(limit=limit)

    @pytest.mark.parametrize("limit", [2**63 - 1, 2**63, HUGE])
    def test_a_huge_page_size_means_all(self, store: Store, clock: FakeClock, limit: int) -> None:
        """list() with a limit past 64 bits returns every comment, with no next page."""
        saved = [self.add(store, clock) for _ in range(3)]
        page = store.list(limit=limit)
        assert [c.id for c in page.comments] == [c.id for c in reversed(saved)]
        assert page.next_cursor is None

    def test_a_status_outside_the_enum_is_a_value_error(self, store: Store) -> None:
        """list(status=...) with a string that is no status raises ValueError on every store."""
        with pytest.raises(ValueError, match=r"(?i)status"):
            store.list(status="nope")  # type: ignore[arg-type]  # the hostile call under test


class _AdminBoundsContract(StoreContractBase):
    """The housekeeping with hostile ids, pages and days."""

    @pytest.mark.parametrize("comment_id", NOT_IDS, ids=repr)
    def test_housekeeping_of_an_id_that_names_nothing(
        self, store: Store, clock: FakeClock, comment_id: Any
    ) -> None:
        """delete() and replace_content() raise NotFound, erase() skips it, and nothing changes."""
        assert isinstance(store, AdminStore)
        saved = self.add(store, clock)
        with pytest.raises(NotFound):
            store.delete(comment_id, expected_version=1, actor="a")
        with pytest.raises(NotFound):
            store.replace_content(comment_id, sanitize("x"), "p2")
        assert store.erase([comment_id]) == 0
        assert store.get(saved.id) == saved

    @pytest.mark.parametrize(("limit", "error"), BAD_LIMITS, ids=repr)
    def test_a_bad_batch_size_is_refused(self, store: Store, limit: Any, error: type[Exception]) -> None:
        """stale() and by_email() refuse a limit below 1 (ValueError) or not an int (TypeError)."""
        assert isinstance(store, AdminStore)
        with pytest.raises(error):
            store.stale("p2", limit=limit)
        with pytest.raises(error):
            store.by_email("anna@example.se", limit=limit)

    @pytest.mark.parametrize("after_id", [None, "0", 1.5])
    def test_after_id_must_be_an_int(self, store: Store, after_id: Any) -> None:
        """stale() and by_email() with an after_id that is not an int raise TypeError."""
        assert isinstance(store, AdminStore)
        with pytest.raises(TypeError):
            store.stale("p2", after_id=after_id)
        with pytest.raises(TypeError):
            store.by_email("anna@example.se", after_id=after_id)

    @pytest.mark.parametrize(("limit", "after_id", "found"), [(HUGE, 0, 2), (1, HUGE, 0), (HUGE, -HUGE, 2)])
    def test_huge_pages_and_starts(
        self, store: Store, clock: FakeClock, limit: int, after_id: int, found: int
    ) -> None:
        """A huge limit is all, a huge after_id pages past everything, a hugely negative one starts at 1."""
        assert isinstance(store, AdminStore)
        for _ in range(2):
            self.add(store, clock)
        assert len(store.stale("p2", limit=limit, after_id=after_id)) == found
        assert len(store.by_email("anna@example.se", limit=limit, after_id=after_id)) == found

    @pytest.mark.parametrize(
        ("days", "error"), [(-1, ValueError), (-HUGE, ValueError), ("3", TypeError), (2.0, TypeError)]
    )
    def test_purge_refuses_bad_days(
        self, store: Store, clock: FakeClock, days: Any, error: type[Exception]
    ) -> None:
        """purge() with negative days raises ValueError, days not an int TypeError; nothing is deleted."""
        assert isinstance(store, AdminStore)
        saved = self.add(store, clock, status=Status.SPAM)
        with pytest.raises(error):
            store.purge(START + timedelta(days=400), spam_days=days)
        with pytest.raises(error):
            store.purge(START + timedelta(days=400), trash_days=days)
        assert store.get(saved.id) == saved

    def test_purge_with_more_days_than_the_calendar_keeps_everything(
        self, store: Store, clock: FakeClock
    ) -> None:
        """purge() with a number of days reaching before the year 1 deletes nothing and raises nothing."""
        assert isinstance(store, AdminStore)
        saved = self.add(store, clock, status=Status.SPAM)
        for days in (10**6, 2**63, HUGE):
            assert store.purge(START + timedelta(days=400), spam_days=days, trash_days=days) == {
                Status.SPAM: 0,
                Status.TRASH: 0,
            }
        assert store.get(saved.id) == saved


class _LearningBoundsContract(StoreContractBase):
    """The learning counts with hostile tokens, pages and bounds."""

    def test_hostile_learning_arguments(self, store: Store, clock: FakeClock) -> None:
        """Tokens past 64 bits are untrained; bad limits, after_ids, at_most raise TypeError or ValueError."""
        assert isinstance(store, LearningStore)
        self.add(store, clock)
        assert dict(store.token_counts([HUGE, -HUGE, 2**64])) == {}
        with pytest.raises(TypeError):
            store.token_counts(["1"])  # type: ignore[list-item]  # the hostile call under test
        assert store.lesson(HUGE) is None
        later = START + timedelta(days=1)
        assert len(store.untrained(Status.PENDING, before=later, limit=HUGE)) == 1
        assert len(store.untrained(Status.PENDING, before=later, after_id=HUGE)) == 0
        for limit, error in BAD_LIMITS:
            with pytest.raises(error):
                store.untrained(Status.PENDING, before=later, limit=limit)
        assert store.prune_tokens(later, at_most=HUGE) == 0
        with pytest.raises(ValueError, match="at_most"):
            store.prune_tokens(later, at_most=-1)
        with pytest.raises(TypeError):
            store.prune_tokens(later, at_most=None)  # type: ignore[arg-type]  # the hostile call under test
