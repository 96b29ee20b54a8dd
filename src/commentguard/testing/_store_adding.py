"""The store contract's first part: adding and reading comments, hostile input, reasons."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commentguard import (
    NotFound,
    Reason,
    SafeHtml,
    Status,
    Store,
    StoreError,
)
from commentguard.testing._store_base import (
    REASONS,
    FakeClock,
    StoreContractBase,
    assert_same_reasons,
    make_comment,
)

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


class _AddingContract(StoreContractBase):
    """add(), get() and reasons(): what goes in comes back, and what cannot go in is refused."""

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
        """add() refuses a comment that is already stored (a Comment), so nothing is saved twice."""
        saved = self.add(store, clock)
        with pytest.raises(ValueError, match="already stored"):
            store.add(saved)

    @pytest.mark.parametrize("status", list(Status))
    def test_add_keeps_the_decided_status(self, store: Store, clock: FakeClock, status: Status) -> None:
        """add() stores the status the decision gave, whatever it is."""
        saved = self.add(store, clock, status=status)
        assert store.get(saved.id).status is status

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
        got = store.get(saved.id)
        assert got == comment.stored(saved.id)
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
        assert store.get(saved.id) == saved

    @pytest.mark.parametrize("field", ["post_id", "email", "author_url", "ip", "user_id"])
    def test_indexed_fields_round_trip_up_to_1024_bytes(
        self, store: Store, clock: FakeClock, field: str
    ) -> None:
        """A looked-up field of 1024 UTF-8 bytes round-trips; one byte more is refused, naming the field."""
        at_limit = "\U0001f600" * 255 + "åå"  # 1020 + 4 bytes
        saved = store.add(make_comment(clock, **{field: at_limit}))
        assert getattr(store.get(saved.id), field) == at_limit
        before = store.counts()
        with pytest.raises(StoreError, match=rf"\b{field} is 1025 bytes"):
            store.add(make_comment(clock, **{field: at_limit + "x"}))
        assert store.counts() == before

    def test_odd_but_storable_text_round_trips(self, store: Store, clock: FakeClock) -> None:
        """Controls other than NUL, bidi marks, combining marks and astral characters come back unchanged."""
        odd = "\x01\x1f\x7f\u202e\u2066e\u0301\U0010fffd\ufeff\r\n"
        saved = self.add(store, clock, author=odd, content_raw=odd, user_agent=odd)
        got = store.get(saved.id)
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
            store.transition(saved.id, to=Status.SPAM, expected_version=1, actor=actor, note=note)
        assert store.get(saved.id) == saved
        assert list(store.transitions(saved.id)) == []

    def test_naive_times_are_refused(self, store: Store, clock: FakeClock) -> None:
        """A time without a zone (history's since, a transition's at) raises ValueError: it is ambiguous."""
        saved = self.add(store, clock)
        with pytest.raises(ValueError, match="since"):
            store.history(make_comment(clock), since=datetime(2024, 1, 1))
        with pytest.raises(ValueError, match="at"):
            store.transition(saved.id, to=Status.SPAM, expected_version=1, actor="a", at=datetime(2024, 1, 1))
        assert store.get(saved.id) == saved

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
        assert saved == comment.stored(saved.id)
        assert store.get(saved.id) == saved

    # -- reasons -----------------------------------------------------------------------

    def test_reasons_round_trip_in_order(self, store: Store, clock: FakeClock) -> None:
        """reasons() gives back the reasons add() was given, equal, in order, each param its own type."""
        saved = store.add(make_comment(clock, status=Status.PENDING), reasons=REASONS)
        other = store.add(make_comment(clock, post_id="other"), reasons=REASONS[:1])
        assert_same_reasons(store.reasons(saved.id), REASONS)
        assert_same_reasons(store.reasons(other.id), REASONS[:1])
        assert store.reasons(saved.id)[2].message("sv") == "Bara versaler (0.75)."
        assert store.get(saved.id) == saved  # reasons are not part of the Comment

    def test_a_comment_added_without_reasons_has_none(self, store: Store, clock: FakeClock) -> None:
        """A comment added without reasons has none; an unknown id has none and raises nothing."""
        saved = self.add(store, clock)
        assert store.reasons(saved.id) == ()
        assert store.reasons(424242) == ()
        assert store.reasons(-1) == ()
        assert store.reasons(2**70) == ()

    def test_reasons_survive_status_changes(self, store: Store, clock: FakeClock) -> None:
        """Moving a comment between statuses keeps the reasons it was decided with."""
        saved = store.add(make_comment(clock, status=Status.SPAM), reasons=REASONS)
        store.transition(saved.id, to=Status.APPROVED, expected_version=1, actor="lena")
        store.transition(saved.id, to=Status.TRASH, expected_version=2, actor="olle")
        assert_same_reasons(store.reasons(saved.id), REASONS)

    def test_stored_reasons_are_not_the_callers(self, store: Store, clock: FakeClock) -> None:
        """Changing a reason's params after add(), or the ones reasons() returned, changes nothing stored."""
        given_reason = Reason("links", {"count": 3}, check="link_limit")
        saved = store.add(make_comment(clock), reasons=[given_reason])
        given_reason.params["count"] = 99  # type: ignore[index]  # a careless caller
        store.reasons(saved.id)[0].params["count"] = 98  # type: ignore[index]
        assert store.reasons(saved.id)[0].params == {"count": 3}

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
        assert_same_reasons(store.reasons(saved.id), (reason,))

    def test_non_finite_float_params_come_back(self, store: Store, clock: FakeClock) -> None:
        """A NaN or infinite float parameter is stored and read back as the same kind of float."""
        reason = Reason("odd", {"nan": math.nan, "inf": math.inf, "ninf": -math.inf}, check="x")
        saved = store.add(make_comment(clock), reasons=[reason])
        (back,) = store.reasons(saved.id)
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
        assert_same_reasons(store.reasons(saved.id), tuple(reasons))
