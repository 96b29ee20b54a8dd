"""The store contract's second part: listing, moderating and counting comments."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest

from commentguard import (
    NotFound,
    Status,
    Store,
    VersionConflict,
)
from commentguard.testing._store_base import (
    FakeClock,
    StoreContractBase,
    make_comment,
)


class _ModerationContract(StoreContractBase):
    """list(), transition(), transitions() and counts()."""

    # -- list --------------------------------------------------------------------------

    def test_list_is_newest_first_and_filters(self, store: Store, clock: FakeClock) -> None:
        """list() gives newest first, filtered by status and post when asked."""
        a = self.add(store, clock, post_id="1")
        b = self.add(store, clock, post_id="2", status=Status.APPROVED)
        c = self.add(store, clock, post_id="1")
        assert [x.id for x in store.list().comments] == [c.id, b.id, a.id]
        assert [x.id for x in store.list(status=Status.PENDING).comments] == [c.id, a.id]
        assert [x.id for x in store.list(post_id="2").comments] == [b.id]
        assert [x.id for x in store.list(status=Status.APPROVED, post_id="1").comments] == []

    def test_paging_visits_each_comment_once(self, store: Store, clock: FakeClock) -> None:
        """Following next_cursor visits every comment once, newest first, equal times included, then ends."""
        ids = [self.add(store, clock).id for _ in range(4)]
        for _ in range(4):  # four comments made in the same microsecond
            ids.append(store.add(make_comment(clock)).id)
        seen: list[int | None] = []
        cursor = None
        while True:
            page = store.list(limit=3, cursor=cursor)
            assert len(page.comments) <= 3
            seen += [c.id for c in page.comments]
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
        assert seen == list(reversed(ids))

    def test_paging_ignores_comments_added_meanwhile(self, store: Store, clock: FakeClock) -> None:
        """A comment added between two pages neither repeats nor shifts the older pages."""
        old = [self.add(store, clock) for _ in range(4)]
        first = store.list(limit=2)
        self.add(store, clock)
        second = store.list(limit=2, cursor=first.next_cursor)
        assert [c.id for c in [*first.comments, *second.comments]] == [c.id for c in reversed(old)]
        assert second.next_cursor is None

    def test_list_refuses_bad_limits_and_cursors(self, store: Store) -> None:
        """A limit below 1 or a cursor the store never made raises ValueError."""
        with pytest.raises(ValueError, match="limit"):
            store.list(limit=0)
        for cursor in ("", "nonsense", "1.2.3", "9" * 40 + ".1", "1." + "9" * 19):
            with pytest.raises(ValueError, match="cursor"):
                store.list(cursor=cursor)

    # -- transitions -------------------------------------------------------------------

    def test_transition_changes_status_and_version_and_audits(self, store: Store, clock: FakeClock) -> None:
        """transition() sets the status, bumps the version and records who, when, from, to and why."""
        saved = self.add(store, clock)
        when = clock.advance(minutes=5)
        moved = store.transition(saved.id, to=Status.SPAM, expected_version=1, actor="eva", note="länk")
        assert (moved.status, moved.version) == (Status.SPAM, 2)
        assert store.get(saved.id) == moved
        [audit] = store.transitions(saved.id)
        assert (audit.comment_id, audit.from_status, audit.to_status) == (
            saved.id,
            Status.PENDING,
            Status.SPAM,
        )
        assert (audit.actor, audit.at, audit.note) == ("eva", when, "länk")

    def test_transition_takes_an_explicit_time(self, store: Store, clock: FakeClock) -> None:
        """transition(at=...) stamps the audit row with that time instead of the store's clock."""
        saved = self.add(store, clock)
        at = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=1)))
        store.transition(saved.id, to=Status.APPROVED, expected_version=1, actor="a", at=at)
        assert store.transitions(saved.id)[0].at == at

    def test_stale_version_conflicts_and_changes_nothing(self, store: Store, clock: FakeClock) -> None:
        """A transition from an old version raises VersionConflict and changes neither comment nor audit."""
        saved = self.add(store, clock)
        approved = store.transition(saved.id, to=Status.APPROVED, expected_version=1, actor="a")
        with pytest.raises(VersionConflict, match="version 2"):
            store.transition(saved.id, to=Status.TRASH, expected_version=1, actor="b")
        assert store.get(saved.id) == approved
        assert len(store.transitions(saved.id)) == 1

    def test_transition_of_unknown_comment_is_not_found(self, store: Store) -> None:
        """A transition of an id that does not exist raises NotFound."""
        with pytest.raises(NotFound):
            store.transition(424242, to=Status.APPROVED, expected_version=1, actor="a")

    def test_transition_to_the_same_status_is_still_audited(self, store: Store, clock: FakeClock) -> None:
        """Moving a comment to the status it has bumps its version and is audited like any change."""
        saved = self.add(store, clock)
        again = store.transition(saved.id, to=Status.PENDING, expected_version=1, actor="a")
        assert again.version == 2
        assert [t.to_status for t in store.transitions(saved.id)] == [Status.PENDING]

    def test_transitions_are_oldest_first(self, store: Store, clock: FakeClock) -> None:
        """transitions() lists a comment's audit rows oldest first, and nothing for an unknown id."""
        saved = self.add(store, clock)
        path = [Status.SPAM, Status.PENDING, Status.APPROVED, Status.TRASH]
        for version, status in enumerate(path, start=1):
            clock.advance(seconds=1)
            store.transition(saved.id, to=status, expected_version=version, actor=f"m{version}")
        trail = store.transitions(saved.id)
        assert [t.to_status for t in trail] == path
        assert [t.from_status for t in trail] == [Status.PENDING, *path[:-1]]
        assert [t.at for t in trail] == sorted(t.at for t in trail)
        assert store.transitions(987654) == ()

    def test_one_of_many_racing_transitions_wins(self, store: Store, clock: FakeClock) -> None:
        """Of eight threads moving one comment from the same version, exactly one succeeds."""
        saved = self.add(store, clock)
        results: list[str] = []
        barrier = threading.Barrier(8)

        def moderate(to: Status) -> None:
            barrier.wait()
            try:
                store.transition(saved.id, to=to, expected_version=1, actor=to.value)
                results.append("ok")
            except VersionConflict:
                results.append("conflict")

        threads = [threading.Thread(target=moderate, args=(s,)) for s in list(Status) * 2]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(results) == ["conflict"] * 7 + ["ok"]
        assert store.get(saved.id).version == 2
        assert len(store.transitions(saved.id)) == 1

    # -- counts ------------------------------------------------------------------------

    def test_counts_has_every_status(self, store: Store, clock: FakeClock) -> None:
        """counts() names every status, zero included, overall and per post."""
        assert store.counts() == dict.fromkeys(Status, 0)
        self.add(store, clock, post_id="1")
        self.add(store, clock, post_id="1", status=Status.SPAM)
        self.add(store, clock, post_id="2", status=Status.SPAM)
        assert store.counts() == {Status.PENDING: 1, Status.APPROVED: 0, Status.SPAM: 2, Status.TRASH: 0}
        assert store.counts("1") == {Status.PENDING: 1, Status.APPROVED: 0, Status.SPAM: 1, Status.TRASH: 0}
        assert store.counts("nope") == dict.fromkeys(Status, 0)
