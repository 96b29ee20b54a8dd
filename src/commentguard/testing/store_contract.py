"""The contract every comment store passes: subclass, say how to make your store, run pytest.

    from commentguard.testing.store_contract import AdminStoreContract

    class TestMyStore(AdminStoreContract):
        def make_store(self, tmp_path, clock):
            return MyStore(clock=clock)

:class:`StoreContract` pins the required core (:class:`~commentguard.store.Store`);
:class:`AdminStoreContract` adds the housekeeping (:class:`~commentguard.store.AdminStore`).
``make_store`` gets a scratch directory and a :class:`FakeClock` the store must use for the
times it stamps itself. If the store has a ``close()``, it is called after each test. Needs
pytest and hypothesis (``commentguard[testing]``); see ``docs/store.md``.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commentguard import (
    Comment,
    NotFound,
    Reason,
    SafeHtml,
    Status,
    StoreError,
    VersionConflict,
    sanitize,
)
from commentguard.store import AdminStore, ParentInfo, Store

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

# Every code point, NUL and lone surrogates included (hypothesis leaves surrogates out by default).
_CHAR = st.sampled_from(["\x00", "\ud800", "\udfff", "\u2028", '"']) | st.characters(exclude_categories=())
_TEXT = st.text(_CHAR, max_size=20)
_SCALARS = st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.floats(allow_nan=False) | _TEXT
_REASON = st.builds(
    Reason,
    code=st.text(_CHAR, min_size=1, max_size=20),
    params=st.dictionaries(_TEXT, _SCALARS, max_size=4),
    check=_TEXT,
    texts=st.dictionaries(st.sampled_from(["en", "sv", "de"]), _TEXT, max_size=2),
)


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


def make_comment(clock: FakeClock | None = None, **fields: Any) -> Comment:
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
    values["content"] = sanitize(values.pop("content", values["content_raw"]))
    return Comment(**values)


class StoreContract:
    """The required core of a store; subclass and implement :meth:`make_store`."""

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

    # -- add and get ------------------------------------------------------------------

    def test_add_sets_id_and_version_one(self, store: Store, clock: FakeClock) -> None:
        """add() returns the comment with a new positive id and version 1, and get() returns it equal."""
        first = self.add(store, clock)
        second = self.add(store, clock)
        assert first.id is not None
        assert second.id is not None
        assert 0 < first.id < second.id
        assert first.version == second.version == 1
        assert store.get(first.id) == first

    def test_add_refuses_a_stored_comment(self, store: Store, clock: FakeClock) -> None:
        """add() refuses a comment that already has an id, so nothing is saved twice."""
        saved = self.add(store, clock)
        with pytest.raises(ValueError, match="already has id"):
            store.add(saved)

    @pytest.mark.parametrize("status", list(Status))
    def test_add_keeps_the_decided_status(self, store: Store, clock: FakeClock, status: Status) -> None:
        """add() stores the status the decision gave, whatever it is."""
        saved = self.add(store, clock, status=status)
        assert store.get(saved.id or 0).status is status

    def test_every_field_round_trips(self, store: Store, clock: FakeClock) -> None:
        """Every field comes back as it went in; content as SafeHtml, times aware in UTC."""
        parent = self.add(store, clock)
        stockholm = timezone(timedelta(hours=2))
        comment = make_comment(
            post_id="inlägg/42",
            parent_id=parent.id,
            author="Åsa Öberg 🌷",
            email="Åsa@Exempel.se",
            author_url="https://example.se/ä?q=1&r=2",
            ip="2001:db8::1",
            user_agent='Mozilla/5.0 "quoted" \t tab',
            user_id="user-17",
            content_raw='<p>Hej "där" & <script>x()</script>\n\u202eevil\u200b</p>',
            policy_version="v2:abc",
            created_at=datetime(2024, 5, 1, 14, 30, 1, 123456, tzinfo=stockholm),
            status=Status.APPROVED,
        )
        saved = store.add(comment)
        got = store.get(saved.id or 0)
        assert got == replace(comment, id=saved.id, version=1)
        assert isinstance(got.content, SafeHtml)
        assert got.content == comment.content
        assert got.created_at.utcoffset() == timedelta(0)
        assert got.created_at == datetime(2024, 5, 1, 12, 30, 1, 123456, tzinfo=timezone.utc)

    def test_get_unknown_ids_raise_not_found(self, store: Store, clock: FakeClock) -> None:
        """get() raises NotFound for an id never given out, zero, a negative id and a huge one."""
        self.add(store, clock)
        for comment_id in (999_999, 0, -1, 2**70):
            with pytest.raises(NotFound):
                store.get(comment_id)

    # -- hostile input -----------------------------------------------------------------

    @pytest.mark.parametrize(
        "field",
        [
            "post_id",
            "author",
            "email",
            "author_url",
            "ip",
            "user_agent",
            "user_id",
            "content_raw",
            "policy_version",
        ],
    )
    @pytest.mark.parametrize("bad", ["nul\x00here", "lone \ud800 surrogate", "\udfff"])
    def test_unstorable_text_is_refused_and_nothing_written(
        self, store: Store, clock: FakeClock, field: str, bad: str
    ) -> None:
        """Text no database can hold (NUL, lone surrogate) raises StoreError naming the field; none kept."""
        before = store.counts()
        with pytest.raises(StoreError, match=rf"\b{field} contains"):
            store.add(make_comment(clock, **{field: bad}))
        assert store.counts() == before

    def test_huge_unindexed_fields_round_trip(self, store: Store, clock: FakeClock) -> None:
        """Megabyte-sized names, user agents and content are stored and read back exactly."""
        big = "å<b>x</b>\U0001f600" * 100_000
        saved = store.add(
            make_comment(clock, author=big, user_agent=big, content_raw=big, content=big[:100_000])
        )
        assert store.get(saved.id or 0) == saved

    @pytest.mark.parametrize("field", ["post_id", "email", "author_url", "ip", "user_id"])
    def test_indexed_fields_round_trip_up_to_1024_bytes(
        self, store: Store, clock: FakeClock, field: str
    ) -> None:
        """A looked-up field of 1024 UTF-8 bytes round-trips; one byte more is refused, naming the field."""
        at_limit = "\U0001f600" * 255 + "åå"  # 1020 + 4 bytes
        saved = store.add(make_comment(clock, **{field: at_limit}))
        assert getattr(store.get(saved.id or 0), field) == at_limit
        before = store.counts()
        with pytest.raises(StoreError, match=rf"\b{field} is 1025 bytes"):
            store.add(make_comment(clock, **{field: at_limit + "x"}))
        assert store.counts() == before

    def test_odd_but_storable_text_round_trips(self, store: Store, clock: FakeClock) -> None:
        """Controls other than NUL, bidi marks, combining marks and astral characters come back unchanged."""
        odd = "\x01\x1f\x7f\u202e\u2066e\u0301\U0010fffd\ufeff\r\n"
        saved = self.add(store, clock, author=odd, content_raw=odd, user_agent=odd)
        got = store.get(saved.id or 0)
        assert (got.author, got.content_raw, got.user_agent) == (odd, odd, odd)

    @pytest.mark.parametrize("bad", ["nul\x00", "\ud800"])
    def test_unstorable_lookups_find_nothing(self, store: Store, clock: FakeClock, bad: str) -> None:
        """Looking up by text no comment can hold finds nothing, rather than failing."""
        self.add(store, clock)
        assert list(store.list(post_id=bad).comments) == []
        assert store.counts(bad) == dict.fromkeys(Status, 0)
        assert list(store.public(bad)) == []

    @pytest.mark.parametrize("field", ["actor", "note"])
    def test_unstorable_audit_text_is_refused(self, store: Store, clock: FakeClock, field: str) -> None:
        """An actor or note no database can hold raises StoreError and changes nothing."""
        saved = self.add(store, clock)
        actor, note = ("lone \udc00", None) if field == "actor" else ("a", "lone \udc00")
        with pytest.raises(StoreError, match=field):
            store.transition(saved.id or 0, to=Status.SPAM, expected_version=1, actor=actor, note=note)
        assert store.get(saved.id or 0) == saved
        assert list(store.transitions(saved.id or 0)) == []

    def test_naive_times_are_refused(self, store: Store, clock: FakeClock) -> None:
        """A time without a zone (history's since, a transition's at) raises ValueError: it is ambiguous."""
        saved = self.add(store, clock)
        with pytest.raises(ValueError, match="since"):
            store.history(make_comment(clock), since=datetime(2024, 1, 1))
        with pytest.raises(ValueError, match="at"):
            store.transition(
                saved.id or 0, to=Status.SPAM, expected_version=1, actor="a", at=datetime(2024, 1, 1)
            )
        assert store.get(saved.id or 0) == saved

    def test_out_of_range_parent_is_refused(self, store: Store, clock: FakeClock) -> None:
        """A parent id beyond 64 bits raises StoreError instead of overflowing the database."""
        with pytest.raises(StoreError, match="parent_id"):
            store.add(make_comment(clock, parent_id=2**64))

    # One store serves every example (comments pile up, which the property allows), and the
    # test runs once per store class by design: both health checks would flag intent here.
    @settings(
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.differing_executors],
        max_examples=60,
    )
    @given(data=st.data())
    def test_any_storable_comment_round_trips(self, store: Store, data: st.DataObject) -> None:
        """Any comment without NUL or lone surrogates comes back from get() equal to what add() returned."""
        text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=40)
        comment = make_comment(
            post_id=data.draw(text),
            author=data.draw(text),
            email=data.draw(text),
            author_url=data.draw(text),
            ip=data.draw(text),
            user_agent=data.draw(text),
            user_id=data.draw(st.none() | text),
            content_raw=data.draw(text),
            content=data.draw(text),
            policy_version=data.draw(text),
            parent_id=data.draw(st.none() | st.integers(-(2**63) + 1, 2**63 - 1)),
            status=data.draw(st.sampled_from(Status)),
            created_at=data.draw(
                st.datetimes(
                    min_value=datetime(1900, 1, 1),
                    max_value=datetime(2200, 1, 1),
                    timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=-9, minutes=-30))]),
                )
            ),
        )
        saved = store.add(comment)
        assert saved == replace(comment, id=saved.id, version=1)
        assert store.get(saved.id or 0) == saved

    # -- reasons -----------------------------------------------------------------------

    def test_reasons_round_trip_in_order(self, store: Store, clock: FakeClock) -> None:
        """reasons() gives back the reasons add() was given, equal, in order, each param its own type."""
        saved = store.add(make_comment(clock, status=Status.PENDING), reasons=REASONS)
        other = store.add(make_comment(clock, post_id="other"), reasons=REASONS[:1])
        assert_same_reasons(store.reasons(saved.id or 0), REASONS)
        assert_same_reasons(store.reasons(other.id or 0), REASONS[:1])
        assert store.reasons(saved.id or 0)[2].message("sv") == "Bara versaler (0.75)."
        assert store.get(saved.id or 0) == saved  # reasons are not part of the Comment

    def test_a_comment_added_without_reasons_has_none(self, store: Store, clock: FakeClock) -> None:
        """A comment added without reasons has none; an unknown id has none and raises nothing."""
        saved = self.add(store, clock)
        assert store.reasons(saved.id or 0) == ()
        assert store.reasons(424242) == ()
        assert store.reasons(-1) == ()
        assert store.reasons(2**70) == ()

    def test_reasons_survive_status_changes(self, store: Store, clock: FakeClock) -> None:
        """Moving a comment between statuses keeps the reasons it was decided with."""
        saved = store.add(make_comment(clock, status=Status.SPAM), reasons=REASONS)
        store.transition(saved.id or 0, to=Status.APPROVED, expected_version=1, actor="lena")
        store.transition(saved.id or 0, to=Status.TRASH, expected_version=2, actor="olle")
        assert_same_reasons(store.reasons(saved.id or 0), REASONS)

    def test_stored_reasons_are_not_the_callers(self, store: Store, clock: FakeClock) -> None:
        """Changing a reason's params after add(), or the ones reasons() returned, changes nothing stored."""
        given_reason = Reason("links", {"count": 3}, check="link_limit")
        saved = store.add(make_comment(clock), reasons=[given_reason])
        given_reason.params["count"] = 99  # type: ignore[index]  # a careless caller
        store.reasons(saved.id or 0)[0].params["count"] = 98  # type: ignore[index]
        assert store.reasons(saved.id or 0)[0].params == {"count": 3}

    @pytest.mark.parametrize(
        "bad", ["links", Reason("links"), [{"code": "links"}], [Reason("links"), "links"], 3]
    )
    def test_add_refuses_what_is_not_reasons(self, store: Store, clock: FakeClock, bad: Any) -> None:
        """add() refuses reasons that are not a sequence of Reason with TypeError, and stores nothing."""
        with pytest.raises(TypeError, match="Reason"):
            store.add(make_comment(clock), reasons=bad)
        assert sum(store.counts().values()) == 0

    def test_hostile_text_in_reasons_round_trips(self, store: Store, clock: FakeClock) -> None:
        """NUL, lone surrogates and JSON's own syntax in any part of a reason come back exactly."""
        odd = '\x00\ud800x\udfff"}]\\\u2028'
        reason = Reason(odd, {odd: odd, "n": 2**64, "f": -0.5}, check=odd, texts={"en": odd + "{n}"})
        saved = store.add(make_comment(clock), reasons=[reason])
        assert_same_reasons(store.reasons(saved.id or 0), (reason,))

    def test_non_finite_float_params_come_back(self, store: Store, clock: FakeClock) -> None:
        """A NaN or infinite float parameter is stored and read back as the same kind of float."""
        reason = Reason("odd", {"nan": math.nan, "inf": math.inf, "ninf": -math.inf}, check="x")
        saved = store.add(make_comment(clock), reasons=[reason])
        (back,) = store.reasons(saved.id or 0)
        assert math.isnan(back.params["nan"])  # type: ignore[arg-type]
        assert (back.params["inf"], back.params["ninf"]) == (math.inf, -math.inf)

    # One store serves every example; see test_any_storable_comment_round_trips.
    @settings(
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.differing_executors],
        max_examples=60,
    )
    @given(reasons=st.lists(_REASON, max_size=4))
    def test_any_reasons_round_trip(self, store: Store, reasons: list[Reason]) -> None:
        """Any reasons (JSON-scalar params, NUL and lone surrogates in any text) round-trip exactly."""
        saved = store.add(make_comment(), reasons=reasons)
        assert_same_reasons(store.reasons(saved.id or 0), tuple(reasons))

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
        moved = store.transition(saved.id or 0, to=Status.SPAM, expected_version=1, actor="eva", note="länk")
        assert (moved.status, moved.version) == (Status.SPAM, 2)
        assert store.get(saved.id or 0) == moved
        [audit] = store.transitions(saved.id or 0)
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
        store.transition(saved.id or 0, to=Status.APPROVED, expected_version=1, actor="a", at=at)
        assert store.transitions(saved.id or 0)[0].at == at

    def test_stale_version_conflicts_and_changes_nothing(self, store: Store, clock: FakeClock) -> None:
        """A transition from an old version raises VersionConflict and changes neither comment nor audit."""
        saved = self.add(store, clock)
        approved = store.transition(saved.id or 0, to=Status.APPROVED, expected_version=1, actor="a")
        with pytest.raises(VersionConflict, match="version 2"):
            store.transition(saved.id or 0, to=Status.TRASH, expected_version=1, actor="b")
        assert store.get(saved.id or 0) == approved
        assert len(store.transitions(saved.id or 0)) == 1

    def test_transition_of_unknown_comment_is_not_found(self, store: Store) -> None:
        """A transition of an id that does not exist raises NotFound."""
        with pytest.raises(NotFound):
            store.transition(424242, to=Status.APPROVED, expected_version=1, actor="a")

    def test_transition_to_the_same_status_is_still_audited(self, store: Store, clock: FakeClock) -> None:
        """Moving a comment to the status it has bumps its version and is audited like any change."""
        saved = self.add(store, clock)
        again = store.transition(saved.id or 0, to=Status.PENDING, expected_version=1, actor="a")
        assert again.version == 2
        assert [t.to_status for t in store.transitions(saved.id or 0)] == [Status.PENDING]

    def test_transitions_are_oldest_first(self, store: Store, clock: FakeClock) -> None:
        """transitions() lists a comment's audit rows oldest first, and nothing for an unknown id."""
        saved = self.add(store, clock)
        path = [Status.SPAM, Status.PENDING, Status.APPROVED, Status.TRASH]
        for version, status in enumerate(path, start=1):
            clock.advance(seconds=1)
            store.transition(saved.id or 0, to=status, expected_version=version, actor=f"m{version}")
        trail = store.transitions(saved.id or 0)
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
                store.transition(saved.id or 0, to=to, expected_version=1, actor=to.value)
                results.append("ok")
            except VersionConflict:
                results.append("conflict")

        threads = [threading.Thread(target=moderate, args=(s,)) for s in list(Status) * 2]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(results) == ["conflict"] * 7 + ["ok"]
        assert store.get(saved.id or 0).version == 2
        assert len(store.transitions(saved.id or 0)) == 1

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

    # -- history -----------------------------------------------------------------------

    def test_empty_history(self, store: Store, clock: FakeClock) -> None:
        """A store with no comments answers an all-empty history."""
        history = store.history(make_comment(clock))
        assert history.trusted is False
        assert (history.last_comment_at, history.duplicate_id, history.parent) == (None, None, None)
        assert history.spam_count == 0

    def test_trusted_needs_an_approved_comment_by_the_same_pair(self, store: Store, clock: FakeClock) -> None:
        """Trusted means an approved comment with the same name and email; the email alone is not enough."""
        self.add(store, clock, author="Anna", email="anna@example.se", status=Status.PENDING)
        self.add(store, clock, author="Someone", email="anna@example.se", status=Status.APPROVED)
        assert not store.history(make_comment(clock, author="Anna")).trusted
        self.add(store, clock, author="Anna", email="ANNA@example.se", status=Status.APPROVED)
        assert store.history(make_comment(clock, author="Anna", email="anna@EXAMPLE.se")).trusted
        assert not store.history(make_comment(clock, author="anna")).trusted

    def test_trusted_by_user_id(self, store: Store, clock: FakeClock) -> None:
        """An approved comment by the same logged-in user id makes the author trusted, whatever the name."""
        self.add(store, clock, author="A", email="a@example.se", user_id="u1", status=Status.APPROVED)
        assert store.history(make_comment(clock, author="B", email="b@example.se", user_id="u1")).trusted
        assert not store.history(make_comment(clock, author="B", email="b@example.se", user_id="u2")).trusted

    def test_empty_values_never_match(self, store: Store, clock: FakeClock) -> None:
        """Empty names, emails, IPs, URLs and user ids never make two comments the same person."""
        self.add(store, clock, author="", email="", ip="", author_url="", user_id="", status=Status.APPROVED)
        self.add(store, clock, author="", email="", ip="", author_url="", user_id="", status=Status.SPAM)
        history = store.history(
            make_comment(clock, author="", email="", ip="", author_url="", user_id="", content_raw="x")
        )
        assert history.trusted is False
        assert (history.last_comment_at, history.duplicate_id, history.spam_count) == (None, None, 0)

    def test_last_comment_at_from_same_ip_or_email(self, store: Store, clock: FakeClock) -> None:
        """last_comment_at is the newest comment, any status, from the same IP or the same email."""
        by_ip = self.add(store, clock, email="x@example.se", ip="198.51.100.1", status=Status.SPAM)
        assert store.history(make_comment(clock, ip="198.51.100.1")).last_comment_at == by_ip.created_at
        by_email = self.add(store, clock, email="Anna@Example.se", ip="198.51.100.9", status=Status.TRASH)
        history = store.history(make_comment(clock, ip="198.51.100.1"))
        assert history.last_comment_at == by_email.created_at
        assert (
            store.history(make_comment(clock, email="o@example.se", ip="192.0.2.1")).last_comment_at is None
        )

    def test_since_bounds_last_comment_at_only(self, store: Store, clock: FakeClock) -> None:
        """history(since=...) ignores older comments for last_comment_at, and nothing else."""
        self.add(store, clock, status=Status.APPROVED)
        self.add(store, clock, status=Status.SPAM)
        history = store.history(make_comment(clock, content_raw="new"), since=clock.advance(seconds=10))
        assert history.last_comment_at is None
        assert history.trusted
        assert history.spam_count == 1

    def test_duplicate_on_same_post_by_author_or_email(self, store: Store, clock: FakeClock) -> None:
        """duplicate_id finds the same raw content on the same post by the same author or email, not trash."""
        first = self.add(store, clock, content_raw="Hej")
        self.add(store, clock, content_raw="Hej", author="X", email="x@example.se", post_id="other")
        assert (
            store.history(make_comment(clock, content_raw="Hej", email="o@example.se")).duplicate_id
            == first.id
        )
        assert store.history(make_comment(clock, content_raw="Hej", author="O")).duplicate_id == first.id
        assert (
            store.history(make_comment(clock, content_raw="Hej", author="O", email="o@e.se")).duplicate_id
            is None
        )
        assert store.history(make_comment(clock, content_raw="hej")).duplicate_id is None
        assert store.history(make_comment(clock, content_raw="Hej", post_id="third")).duplicate_id is None
        store.transition(first.id or 0, to=Status.TRASH, expected_version=1, actor="m")
        assert store.history(make_comment(clock, content_raw="Hej")).duplicate_id is None

    def test_spam_count_by_ip_email_or_url(self, store: Store, clock: FakeClock) -> None:
        """spam_count counts spam, and only spam, sharing the IP, the email or the author URL."""
        self.add(store, clock, ip="192.0.2.1", email="a@x.se", author_url="", status=Status.SPAM)
        self.add(store, clock, ip="192.0.2.2", email="B@x.se", author_url="", status=Status.SPAM)
        self.add(
            store, clock, ip="192.0.2.3", email="c@x.se", author_url="https://s.example", status=Status.SPAM
        )
        self.add(
            store, clock, ip="192.0.2.1", email="a@x.se", author_url="https://s.example", status=Status.TRASH
        )
        probe = make_comment(clock, ip="192.0.2.1", email="b@x.se", author_url="https://s.example")
        assert store.history(probe).spam_count == 3
        assert store.history(make_comment(clock, ip="192.0.2.9", email="n@x.se")).spam_count == 0

    def test_parent_info_and_depth(self, store: Store, clock: FakeClock) -> None:
        """history().parent describes the comment replied to, with its depth in the thread."""
        root = self.add(store, clock, status=Status.APPROVED)
        reply = self.add(store, clock, parent_id=root.id)
        deeper = self.add(store, clock, parent_id=reply.id, post_id="elsewhere")
        parent = store.history(make_comment(clock, parent_id=deeper.id)).parent
        assert parent is not None
        assert (parent.id, parent.post_id, parent.status, parent.depth) == (
            deeper.id,
            "elsewhere",
            Status.PENDING,
            3,
        )
        top = store.history(make_comment(clock, parent_id=root.id)).parent
        assert top == ParentInfo(root.id or 0, root.post_id, Status.APPROVED, 1)
        assert store.history(make_comment(clock, parent_id=31337)).parent is None
        assert store.history(make_comment(clock, parent_id=2**63 - 1)).parent is None

    def test_reply_to_missing_parent_is_stored_at_depth_one(self, store: Store, clock: FakeClock) -> None:
        """A reply whose parent does not exist is still stored (never lost), as a thread of its own."""
        orphan = self.add(store, clock, parent_id=5555)
        child = self.add(store, clock, parent_id=orphan.id)
        parent = store.history(make_comment(clock, parent_id=child.id)).parent
        assert parent == ParentInfo(child.id or 0, child.post_id, Status.PENDING, 2)
        assert store.get(orphan.id or 0).parent_id == 5555

    def test_history_leaves_out_the_comment_itself(self, store: Store, clock: FakeClock) -> None:
        """A stored comment's own row never counts in its history."""
        saved = self.add(store, clock, status=Status.SPAM)
        history = store.history(saved)
        assert (history.last_comment_at, history.duplicate_id, history.spam_count) == (None, None, 0)

    # -- the public thread ---------------------------------------------------------------

    def test_public_is_approved_in_thread_order(self, store: Store, clock: FakeClock) -> None:
        """public() gives a post's approved comments, replies after their parent, each level oldest first."""
        ok = Status.APPROVED
        a = self.add(store, clock, status=ok)
        b = self.add(store, clock, status=ok)
        a1 = self.add(store, clock, status=ok, parent_id=a.id)
        b1 = self.add(store, clock, status=ok, parent_id=b.id)
        a2 = self.add(store, clock, status=ok, parent_id=a.id)
        a1x = self.add(store, clock, status=ok, parent_id=a1.id)
        self.add(store, clock, status=Status.PENDING, parent_id=a.id)
        self.add(store, clock, status=ok, post_id="other")
        hidden = self.add(store, clock, status=Status.SPAM)
        orphan = self.add(store, clock, status=ok, parent_id=hidden.id)
        order = [c.id for c in store.public("plan-for-handling")]
        assert order == [a.id, a1.id, a1x.id, a2.id, b.id, b1.id, orphan.id]
        assert list(store.public("none")) == []


class AdminStoreContract(StoreContract):
    """The housekeeping a full store adds; subclass and implement :meth:`make_store`."""

    @pytest.fixture
    def admin(self, store: Store) -> AdminStore:
        """The store under test, which must implement AdminStore."""
        assert isinstance(store, AdminStore), "this store does not implement AdminStore"
        return store

    def test_delete_removes_and_audits(self, admin: AdminStore, clock: FakeClock) -> None:
        """delete() removes the comment and leaves an audit row with no new status."""
        saved = self.add(admin, clock, status=Status.SPAM)
        admin.delete(saved.id or 0, expected_version=1, actor="eva", note="skräp")
        with pytest.raises(NotFound):
            admin.get(saved.id or 0)
        [audit] = admin.transitions(saved.id or 0)
        assert (audit.from_status, audit.to_status, audit.actor, audit.note) == (
            Status.SPAM,
            None,
            "eva",
            "skräp",
        )

    def test_delete_checks_the_version(self, admin: AdminStore, clock: FakeClock) -> None:
        """delete() from an old version raises VersionConflict, keeping the comment; unknown ids: NotFound."""
        saved = self.add(admin, clock)
        admin.transition(saved.id or 0, to=Status.TRASH, expected_version=1, actor="a")
        with pytest.raises(VersionConflict):
            admin.delete(saved.id or 0, expected_version=1, actor="b")
        assert admin.get(saved.id or 0).status is Status.TRASH
        with pytest.raises(NotFound):
            admin.delete(777777, expected_version=1, actor="b")

    def test_deleted_parent_leaves_replies_as_threads(self, admin: AdminStore, clock: FakeClock) -> None:
        """Replies to a deleted comment stay, shown as threads of their own."""
        root = self.add(admin, clock, status=Status.APPROVED)
        reply = self.add(admin, clock, status=Status.APPROVED, parent_id=root.id)
        admin.delete(root.id or 0, expected_version=1, actor="a")
        assert [c.id for c in admin.public("plan-for-handling")] == [reply.id]

    def test_ids_are_never_reused(self, admin: AdminStore, clock: FakeClock) -> None:
        """After the newest comment is deleted the next one gets a new id, so audit rows stay unambiguous."""
        saved = self.add(admin, clock)
        admin.delete(saved.id or 0, expected_version=1, actor="a")
        assert (self.add(admin, clock).id or 0) > (saved.id or 0)

    def test_purge_deletes_old_spam_and_trash(self, admin: AdminStore, clock: FakeClock) -> None:
        """purge() deletes spam after 15 days and trash after 30 in that status, audited, with counts."""
        spam = self.add(admin, clock, status=Status.SPAM)
        trash = self.add(admin, clock, status=Status.TRASH)
        kept = [self.add(admin, clock, status=s) for s in (Status.PENDING, Status.APPROVED)]
        assert admin.purge(START + timedelta(days=15)) == {Status.SPAM: 0, Status.TRASH: 0}
        assert admin.purge(START + timedelta(days=16)) == {Status.SPAM: 1, Status.TRASH: 0}
        assert admin.purge(START + timedelta(days=31)) == {Status.SPAM: 0, Status.TRASH: 1}
        for gone in (spam, trash):
            with pytest.raises(NotFound):
                admin.get(gone.id or 0)
            [audit] = admin.transitions(gone.id or 0)
            assert (audit.to_status, audit.actor) == (None, "purge")
        assert [admin.get(c.id or 0) for c in kept] == kept

    def test_purge_counts_from_the_status_change(self, admin: AdminStore, clock: FakeClock) -> None:
        """An old comment marked spam today is kept for another 15 days."""
        old = self.add(admin, clock)
        clock.advance(days=100)
        admin.transition(old.id or 0, to=Status.SPAM, expected_version=1, actor="a")
        assert admin.purge(clock.now + timedelta(days=14)) == {Status.SPAM: 0, Status.TRASH: 0}
        assert admin.purge(clock.now + timedelta(days=16), spam_days=None) == {
            Status.SPAM: 0,
            Status.TRASH: 0,
        }
        assert admin.purge(clock.now + timedelta(days=16)) == {Status.SPAM: 1, Status.TRASH: 0}

    def test_purge_in_batches(self, admin: AdminStore, clock: FakeClock) -> None:
        """purge() deletes more comments than one batch holds."""
        for _ in range(1203):
            admin.add(make_comment(clock, status=Status.TRASH))
        assert admin.purge(clock.now + timedelta(days=1), trash_days=0) == {
            Status.SPAM: 0,
            Status.TRASH: 1203,
        }
        assert admin.counts()[Status.TRASH] == 0

    @pytest.mark.parametrize(
        ("ip", "anonymized"),
        [
            ("203.0.113.7", "203.0.113.0"),
            ("2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff", "2001:db8:aaaa::"),
            ("::ffff:198.51.100.23", "::ffff:198.51.100.0"),
            ("", ""),
            ("not an ip", ""),
        ],
    )
    def test_anonymize_ips(self, admin: AdminStore, clock: FakeClock, ip: str, anonymized: str) -> None:
        """anonymize_ips() zeroes IPv4's last octet or IPv6's last 80 bits of old comments, once each."""
        old = self.add(admin, clock, ip=ip)
        new = self.add(admin, clock, ip=ip)
        assert admin.anonymize_ips(new.created_at) == 1
        assert admin.get(old.id or 0).ip == anonymized
        assert admin.get(new.id or 0).ip == ip
        assert admin.anonymize_ips(new.created_at) == 0

    def test_stale_and_replace_content(self, admin: AdminStore, clock: FakeClock) -> None:
        """stale() pages comments of other policy versions; replace_content() updates them, version kept."""
        current = self.add(admin, clock, policy_version="new")
        stale = [self.add(admin, clock, policy_version=v) for v in ("old", "older", "old")]
        first = admin.stale("new", limit=2)
        rest = admin.stale("new", limit=2, after_id=first[-1].id or 0)
        assert [c.id for c in [*first, *rest]] == [c.id for c in stale]
        moved = admin.transition(stale[0].id or 0, to=Status.APPROVED, expected_version=1, actor="a")
        updated = admin.replace_content(stale[0].id or 0, sanitize("<i>ny</i>"), "new")
        assert updated == replace(moved, content=sanitize("<i>ny</i>"), policy_version="new")
        assert admin.get(stale[0].id or 0) == updated
        assert [c.id for c in admin.stale("new")] == [c.id for c in stale[1:]]
        assert current.id not in [c.id for c in admin.stale("new")]

    def test_replace_content_refuses_plain_text_and_unknown_ids(
        self, admin: AdminStore, clock: FakeClock
    ) -> None:
        """replace_content() takes only SafeHtml, and raises NotFound for an unknown id."""
        saved = self.add(admin, clock)
        with pytest.raises(TypeError, match="SafeHtml"):
            admin.replace_content(saved.id or 0, "<b>x</b>", "new")  # type: ignore[arg-type]
        with pytest.raises(NotFound):
            admin.replace_content(99999, sanitize("x"), "new")

    def test_by_email_pages_any_case(self, admin: AdminStore, clock: FakeClock) -> None:
        """by_email() finds every comment with that address in any case and status, by id, page after page."""
        mine = [
            self.add(admin, clock, email=e, status=s)
            for e, s in (
                ("Anna@Example.se", Status.SPAM),
                ("anna@example.se", Status.APPROVED),
                ("ANNA@EXAMPLE.SE", Status.TRASH),
            )
        ]
        self.add(admin, clock, email="other@example.se")
        first = admin.by_email("anna@example.SE", limit=2)
        rest = admin.by_email("anna@example.SE", limit=2, after_id=first[-1].id or 0)
        assert [c.id for c in [*first, *rest]] == [c.id for c in mine]
        assert list(admin.by_email("")) == []

    def test_erase_blanks_personal_data_and_keeps_content(self, admin: AdminStore, clock: FakeClock) -> None:
        """erase() renames the author, blanks email, URL, agent and user id, anonymizes the IP, keeps text."""
        saved = self.add(
            admin, clock, author_url="https://anna.example", user_id="u1", status=Status.APPROVED
        )
        other = self.add(admin, clock, email="other@example.se")
        assert admin.erase([saved.id or 0, 424242, -1], author="Anonym") == 1
        erased = admin.get(saved.id or 0)
        assert erased == replace(
            saved, author="Anonym", email="", author_url="", user_agent="", user_id=None, ip="203.0.113.0"
        )
        assert admin.get(other.id or 0) == other
        assert list(admin.by_email("anna@example.se")) == []
        assert admin.anonymize_ips(clock.now) == 1  # only the other comment: erased IPs are done

    def test_erase_drops_reason_params_and_keeps_codes(self, admin: AdminStore, clock: FakeClock) -> None:
        """erase() removes every reason parameter (they may quote the IP or email), keeps code and check."""
        saved = admin.add(make_comment(clock), reasons=REASONS)
        other = admin.add(make_comment(clock, email="other@example.se"), reasons=REASONS)
        assert admin.erase([saved.id or 0]) == 1
        assert_same_reasons(
            admin.reasons(saved.id or 0), tuple(Reason(r.code, {}, r.check, r.texts) for r in REASONS)
        )
        assert_same_reasons(admin.reasons(other.id or 0), REASONS)
        assert admin.erase([saved.id or 0]) == 1  # erasing again is harmless
        assert [r.code for r in admin.reasons(saved.id or 0)] == [r.code for r in REASONS]

    def test_reasons_go_with_a_deleted_comment(self, admin: AdminStore, clock: FakeClock) -> None:
        """A deleted or purged comment's reasons are gone with it, while its audit trail stays."""
        deleted = admin.add(make_comment(clock), reasons=REASONS)
        purged = admin.add(make_comment(clock, status=Status.SPAM), reasons=REASONS)
        admin.delete(deleted.id or 0, expected_version=1, actor="lena")
        admin.purge(clock.advance(days=16))
        assert admin.reasons(deleted.id or 0) == ()
        assert admin.reasons(purged.id or 0) == ()
        assert len(admin.transitions(purged.id or 0)) == 1

    def test_admin_refuses_unstorable_text_and_naive_times(self, admin: AdminStore, clock: FakeClock) -> None:
        """Housekeeping refuses a name or policy version no database can hold, and times without a zone."""
        saved = self.add(admin, clock)
        with pytest.raises(StoreError, match="author"):
            admin.erase([saved.id or 0], author="\x00")
        with pytest.raises(StoreError, match="policy_version"):
            admin.stale("\ud800")
        with pytest.raises(ValueError, match="now"):
            admin.purge(datetime(2030, 1, 1))
        with pytest.raises(ValueError, match="older_than"):
            admin.anonymize_ips(datetime(2030, 1, 1))
        assert list(admin.by_email("anna\x00@example.se")) == []
        assert admin.get(saved.id or 0) == saved

    def test_export_and_erase_page_through_many(self, admin: AdminStore, clock: FakeClock) -> None:
        """Paging by_email() and erasing each page reaches every one of many comments."""
        for _ in range(1100):
            admin.add(make_comment(clock))
        seen = 0
        while page := admin.by_email("anna@example.se", limit=400):
            seen += admin.erase([c.id or 0 for c in page])
        assert seen == 1100
        assert all(c.author == "Anonymous" for c in admin.list(limit=2000).comments)
