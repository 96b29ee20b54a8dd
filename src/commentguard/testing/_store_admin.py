"""The store contract's housekeeping part: deleting, purging, anonymizing, erasing."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from commentguard import (
    AdminStore,
    NotFound,
    Reason,
    Status,
    Store,
    StoreError,
    VersionConflict,
    sanitize,
)
from commentguard.testing._store_base import (
    REASONS,
    START,
    FakeClock,
    StoreContractBase,
    assert_same_reasons,
    make_comment,
)


class _AdminContract(StoreContractBase):
    """The AdminStore methods: delete(), purge(), anonymize_ips(), stale(), by_email(), erase()."""

    @pytest.fixture
    def admin(self, store: Store) -> AdminStore:
        """The store under test, which must implement AdminStore."""
        assert isinstance(store, AdminStore), "this store does not implement AdminStore"
        return store

    def test_delete_removes_and_audits(self, admin: AdminStore, clock: FakeClock) -> None:
        """delete() removes the comment and leaves an audit row with no new status."""
        saved = self.add(admin, clock, status=Status.SPAM)
        admin.delete(saved.id, expected_version=1, actor="eva", note="skräp")
        with pytest.raises(NotFound):
            admin.get(saved.id)
        [audit] = admin.transitions(saved.id)
        assert (audit.from_status, audit.to_status, audit.actor, audit.note) == (
            Status.SPAM,
            None,
            "eva",
            "skräp",
        )

    def test_delete_checks_the_version(self, admin: AdminStore, clock: FakeClock) -> None:
        """delete() from an old version raises VersionConflict, keeping the comment; unknown ids: NotFound."""
        saved = self.add(admin, clock)
        admin.transition(saved.id, to=Status.TRASH, expected_version=1, actor="a")
        with pytest.raises(VersionConflict):
            admin.delete(saved.id, expected_version=1, actor="b")
        assert admin.get(saved.id).status is Status.TRASH
        with pytest.raises(NotFound):
            admin.delete(777777, expected_version=1, actor="b")

    def test_deleted_parent_leaves_replies_as_threads(self, admin: AdminStore, clock: FakeClock) -> None:
        """Replies to a deleted comment stay, shown as threads of their own."""
        root = self.add(admin, clock, status=Status.APPROVED)
        reply = self.add(admin, clock, status=Status.APPROVED, parent_id=root.id)
        admin.delete(root.id, expected_version=1, actor="a")
        assert [c.id for c in admin.public("plan-for-handling")] == [reply.id]

    def test_ids_are_never_reused(self, admin: AdminStore, clock: FakeClock) -> None:
        """After the newest comment is deleted the next one gets a new id, so audit rows stay unambiguous."""
        saved = self.add(admin, clock)
        admin.delete(saved.id, expected_version=1, actor="a")
        assert (self.add(admin, clock).id) > (saved.id)

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
                admin.get(gone.id)
            [audit] = admin.transitions(gone.id)
            assert (audit.to_status, audit.actor) == (None, "purge")
        assert [admin.get(c.id) for c in kept] == kept

    def test_purge_counts_from_the_status_change(self, admin: AdminStore, clock: FakeClock) -> None:
        """An old comment marked spam today is kept for another 15 days."""
        old = self.add(admin, clock)
        clock.advance(days=100)
        admin.transition(old.id, to=Status.SPAM, expected_version=1, actor="a")
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
        assert admin.get(old.id).ip == anonymized
        assert admin.get(new.id).ip == ip
        assert admin.anonymize_ips(new.created_at) == 0

    def test_stale_and_replace_content(self, admin: AdminStore, clock: FakeClock) -> None:
        """stale() pages comments of other policy versions; replace_content() updates them, version kept."""
        current = self.add(admin, clock, policy_version="new")
        stale = [self.add(admin, clock, policy_version=v) for v in ("old", "older", "old")]
        first = admin.stale("new", limit=2)
        rest = admin.stale("new", limit=2, after_id=first[-1].id)
        assert [c.id for c in [*first, *rest]] == [c.id for c in stale]
        moved = admin.transition(stale[0].id, to=Status.APPROVED, expected_version=1, actor="a")
        updated = admin.replace_content(stale[0].id, sanitize("<i>ny</i>"), "new")
        assert updated == replace(moved, content=sanitize("<i>ny</i>"), policy_version="new")
        assert admin.get(stale[0].id) == updated
        assert [c.id for c in admin.stale("new")] == [c.id for c in stale[1:]]
        assert current.id not in [c.id for c in admin.stale("new")]

    def test_replace_content_refuses_plain_text_and_unknown_ids(
        self, admin: AdminStore, clock: FakeClock
    ) -> None:
        """replace_content() takes only SafeHtml, and raises NotFound for an unknown id."""
        saved = self.add(admin, clock)
        with pytest.raises(TypeError, match="SafeHtml"):
            admin.replace_content(saved.id, "<b>x</b>", "new")  # type: ignore[arg-type]
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
        rest = admin.by_email("anna@example.SE", limit=2, after_id=first[-1].id)
        assert [c.id for c in [*first, *rest]] == [c.id for c in mine]
        assert list(admin.by_email("")) == []

    def test_erase_blanks_personal_data_and_keeps_content(self, admin: AdminStore, clock: FakeClock) -> None:
        """erase() renames the author, blanks email, URL, agent and user id, anonymizes the IP, keeps text."""
        saved = self.add(
            admin, clock, author_url="https://anna.example", user_id="u1", status=Status.APPROVED
        )
        other = self.add(admin, clock, email="other@example.se")
        assert admin.erase([saved.id, 424242, -1], author="Anonym") == 1
        erased = admin.get(saved.id)
        assert erased == replace(
            saved, author="Anonym", email="", author_url="", user_agent="", user_id=None, ip="203.0.113.0"
        )
        assert admin.get(other.id) == other
        assert list(admin.by_email("anna@example.se")) == []
        assert admin.anonymize_ips(clock.now) == 1  # only the other comment: erased IPs are done

    def test_erase_drops_reason_params_and_keeps_codes(self, admin: AdminStore, clock: FakeClock) -> None:
        """erase() removes every reason parameter (they may quote the IP or email), keeps code and check."""
        saved = admin.add(make_comment(clock), reasons=REASONS)
        other = admin.add(make_comment(clock, email="other@example.se"), reasons=REASONS)
        assert admin.erase([saved.id]) == 1
        assert_same_reasons(
            admin.reasons(saved.id), tuple(Reason(r.code, {}, r.check, r.texts) for r in REASONS)
        )
        assert_same_reasons(admin.reasons(other.id), REASONS)
        assert admin.erase([saved.id]) == 1  # erasing again is harmless
        assert [r.code for r in admin.reasons(saved.id)] == [r.code for r in REASONS]

    def test_reasons_go_with_a_deleted_comment(self, admin: AdminStore, clock: FakeClock) -> None:
        """A deleted or purged comment's reasons are gone with it, while its audit trail stays."""
        deleted = admin.add(make_comment(clock), reasons=REASONS)
        purged = admin.add(make_comment(clock, status=Status.SPAM), reasons=REASONS)
        admin.delete(deleted.id, expected_version=1, actor="lena")
        admin.purge(clock.advance(days=16))
        assert admin.reasons(deleted.id) == ()
        assert admin.reasons(purged.id) == ()
        assert len(admin.transitions(purged.id)) == 1

    def test_admin_refuses_unstorable_text_and_naive_times(self, admin: AdminStore, clock: FakeClock) -> None:
        """Housekeeping refuses a name or policy version no database can hold, and times without a zone."""
        saved = self.add(admin, clock)
        with pytest.raises(StoreError, match="author"):
            admin.erase([saved.id], author="\x00")
        with pytest.raises(StoreError, match="policy_version"):
            admin.stale("\ud800")
        with pytest.raises(ValueError, match="now"):
            admin.purge(datetime(2030, 1, 1))
        with pytest.raises(ValueError, match="older_than"):
            admin.anonymize_ips(datetime(2030, 1, 1))
        assert list(admin.by_email("anna\x00@example.se")) == []
        assert admin.get(saved.id) == saved

    def test_export_and_erase_page_through_many(self, admin: AdminStore, clock: FakeClock) -> None:
        """Paging by_email() and erasing each page reaches every one of many comments."""
        for _ in range(1100):
            admin.add(make_comment(clock))
        seen = 0
        while page := admin.by_email("anna@example.se", limit=400):
            seen += admin.erase([c.id for c in page])
        assert seen == 1100
        assert all(c.author == "Anonymous" for c in admin.list(limit=2000).comments)
