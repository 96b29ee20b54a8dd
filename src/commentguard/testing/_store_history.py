"""The store contract's third part: a commenter's history and the public thread."""

from __future__ import annotations

from commentguard import (
    ParentInfo,
    Status,
    Store,
)
from commentguard.testing._store_base import (
    FakeClock,
    StoreContractBase,
    make_comment,
)


class _HistoryContract(StoreContractBase):
    """history() and public()."""

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
        store.transition(first.id, to=Status.TRASH, expected_version=1, actor="m")
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
        assert top == ParentInfo(root.id, root.post_id, Status.APPROVED, 1)
        assert store.history(make_comment(clock, parent_id=31337)).parent is None
        assert store.history(make_comment(clock, parent_id=2**63 - 1)).parent is None

    def test_reply_to_missing_parent_is_stored_at_depth_one(self, store: Store, clock: FakeClock) -> None:
        """A reply whose parent does not exist is still stored (never lost), as a thread of its own."""
        orphan = self.add(store, clock, parent_id=5555)
        child = self.add(store, clock, parent_id=orphan.id)
        parent = store.history(make_comment(clock, parent_id=child.id)).parent
        assert parent == ParentInfo(child.id, child.post_id, Status.PENDING, 2)
        assert store.get(orphan.id).parent_id == 5555

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
