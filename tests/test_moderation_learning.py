"""Moderation teaches the learning filter: each decision trained once, in the status change's transaction."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from commentguard import (
    CommentGuard,
    Label,
    LearningStore,
    RequestInfo,
    Status,
    VersionConflict,
    default_checks,
)
from commentguard.spamfilter import feature_hash
from tests.store.test_contract import BUILT_IN_STORES, built_in_store

START = datetime(2026, 5, 1, 12, 0, tzinfo=timezone.utc)
SPAMMY = "Hey guys check out my new channel and subscribe!! http://www.youtube.com/user/xyz"
HAMMY = "Tack för ett fint inlägg om Finspång! Vi var där i somras och höll med om allt du skriver."


class Clock:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        """The current fake time."""
        return self.now


@pytest.fixture(params=BUILT_IN_STORES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LearningStore]:
    """Every behaviour holds on the in-memory store, a real SQLite file and a real PostgreSQL server."""
    yield from built_in_store(request.param, tmp_path)


@pytest.fixture
def clock() -> Clock:
    """The time, from the test."""
    return Clock()


@pytest.fixture
def guard(store: LearningStore, clock: Clock) -> CommentGuard:
    """A guard without the learning filter, so every comment waits for the moderator."""
    return CommentGuard(store=store, clock=clock, checks=default_checks(learning_filter=False))


def submit(guard: CommentGuard, content: str, n: int = 1) -> int:
    """Store a comment by a new author; return its id."""
    form = {"post_id": "p", "author": f"Läsare {n}", "email": f"l{n}@example.se", "content": content}
    return guard.submit(form, RequestInfo(ip=f"198.18.0.{n}")).comment.id


def version(guard: CommentGuard, comment_id: int) -> int:
    """The comment's current version."""
    return guard.get(comment_id).version


def test_approve_trains_ham_and_mark_spam_trains_spam(guard: CommentGuard, store: LearningStore) -> None:
    """approve() counts the comment once as ham, mark_spam() once as spam: the totals say so."""
    ham, spam = submit(guard, HAMMY, 1), submit(guard, SPAMMY, 2)
    guard.moderation.approve(ham, expected_version=1, actor="lena")
    guard.moderation.mark_spam(spam, expected_version=1, actor="lena")
    assert store.trained_totals() == (1, 1)
    assert (store.lesson(ham), store.lesson(spam)) == (Label.HAM, Label.SPAM)


def test_a_change_of_mind_moves_the_counts_instead_of_adding(
    guard: CommentGuard, store: LearningStore
) -> None:
    """Spam, then restored (ham), then spam again: one comment is counted once, as its last label."""
    comment_id = submit(guard, SPAMMY)
    guard.moderation.mark_spam(comment_id, expected_version=1, actor="lena")
    tokens_as_spam = dict(store.token_counts(_tokens(guard, comment_id)))
    restored = guard.moderation.restore(comment_id, expected_version=2, actor="lena")
    assert restored.status is Status.PENDING
    assert store.trained_totals() == (0, 1)
    assert {token: (ham, spam) for token, (spam, ham) in tokens_as_spam.items()} == dict(
        store.token_counts(_tokens(guard, comment_id))
    )
    guard.moderation.mark_spam(comment_id, expected_version=3, actor="lena")
    assert store.trained_totals() == (1, 0)
    assert dict(store.token_counts(_tokens(guard, comment_id))) == tokens_as_spam


def test_repeating_a_decision_counts_once(guard: CommentGuard, store: LearningStore) -> None:
    """Approving an approved comment again (confirming it) does not count it twice."""
    comment_id = submit(guard, HAMMY)
    guard.moderation.approve(comment_id, expected_version=1, actor="lena")
    guard.moderation.approve(comment_id, expected_version=2, actor="eva")
    assert store.trained_totals() == (0, 1)


def test_trash_and_a_conflict_teach_nothing(guard: CommentGuard, store: LearningStore) -> None:
    """Trashing says nothing about spam; a refused change trains nothing at all."""
    comment_id = submit(guard, SPAMMY)
    guard.moderation.trash(comment_id, expected_version=1, actor="lena")
    assert store.trained_totals() == (0, 0)
    with pytest.raises(VersionConflict):
        guard.moderation.mark_spam(comment_id, expected_version=1, actor="lena")
    assert (store.trained_totals(), store.lesson(comment_id)) == ((0, 0), None)


def test_automatic_decisions_are_not_trained_until_a_moderator_confirms(
    store: LearningStore, clock: Clock
) -> None:
    """Approved or filed by the checks alone, a comment is untrained until a moderator confirms it."""
    guard = CommentGuard(store=store, clock=clock, checks=default_checks(trusted_authors=False))
    filed = guard.submit(
        {"post_id": "p", "author": "X", "email": "x@example.se", "content": SPAMMY},
        RequestInfo(ip="198.18.1.1"),
    )
    assert filed.status is Status.SPAM
    assert [reason.check for reason in filed.reasons] == ["learning_filter"]
    assert store.trained_totals() == (0, 0)
    assert guard.moderation.confirm_spam(actor="lena") == 1
    assert guard.moderation.confirm_spam(actor="lena") == 0  # once only
    assert store.trained_totals() == (1, 0)
    assert guard.moderation.transitions(filed.comment.id)[-1].note == "confirmed"


def test_confirm_spam_skips_what_is_not_spam(guard: CommentGuard, store: LearningStore) -> None:
    """Named ids that are not spam, unknown, or already trained as spam are skipped, not trained."""
    pending, spam = submit(guard, HAMMY, 1), submit(guard, SPAMMY, 2)
    guard.moderation.mark_spam(spam, expected_version=1, actor="lena")
    assert guard.moderation.confirm_spam([pending, spam, 999_999], actor="lena") == 0
    assert store.trained_totals() == (1, 0)
    with pytest.raises(TypeError, match="comment id"):
        guard.moderation.confirm_spam([0], actor="lena")


def test_purge_trains_spam_let_stand_then_deletes_it(store: LearningStore, clock: Clock) -> None:
    """Spam nobody restored within spam_days was let stand: purge trains it, then deletes it."""
    guard = CommentGuard(store=store, clock=clock, checks=default_checks(trusted_authors=False))
    guard.submit(
        {"post_id": "p", "author": "X", "email": "x@example.se", "content": SPAMMY},
        RequestInfo(ip="198.18.3.3"),
    )
    clock.now += timedelta(days=16)
    result = guard.admin.purge(spam_days=15)
    assert (result["spam_confirmed"], result["spam"]) == (1, 1)
    assert store.trained_totals() == (1, 0)
    assert sum(guard.counts().values()) == 0


def test_purge_trains_what_the_checks_approved_once_it_stood_a_day(
    store: LearningStore, clock: Clock
) -> None:
    """A trusted author's comment, published by the checks alone, is trained as ham after ham_days."""
    guard = CommentGuard(store=store, clock=clock)
    first = submit(guard, HAMMY, 1)
    guard.moderation.approve(first, expected_version=1, actor="lena")  # ham, by a moderator
    clock.now += timedelta(minutes=5)
    form = {"post_id": "p", "author": "Läsare 1", "email": "l1@example.se", "content": HAMMY + " Igen!"}
    auto = guard.submit(form, RequestInfo(ip="198.18.0.1"))
    assert auto.status is Status.APPROVED
    assert store.lesson(auto.comment.id) is None
    assert guard.admin.purge(ham_days=1)["ham_confirmed"] == 0  # not a day old yet
    clock.now += timedelta(days=1, seconds=1)
    assert guard.admin.purge(ham_days=1)["ham_confirmed"] == 1
    assert (store.lesson(auto.comment.id), store.trained_totals()) == (Label.HAM, (0, 2))
    assert guard.admin.purge(ham_days=1)["ham_confirmed"] == 0  # once only
    assert guard.moderation.transitions(auto.comment.id)[-1].note == "confirmed"


def test_confirm_ham_leaves_what_a_moderator_judged(guard: CommentGuard, store: LearningStore) -> None:
    """confirm_ham trains only approved comments nobody judged; pending, spam and trained ones stay."""
    pending, spam = submit(guard, HAMMY, 1), submit(guard, SPAMMY, 2)
    guard.moderation.mark_spam(spam, expected_version=1, actor="lena")
    assert guard.moderation.confirm_ham(actor="lena") == 0
    assert guard.moderation.confirm_ham([pending, spam], actor="lena") == 0
    assert (store.lesson(pending), store.trained_totals()) == (None, (1, 0))


def test_purge_forgets_rare_old_tokens(guard: CommentGuard, store: LearningStore, clock: Clock) -> None:
    """Tokens of one trained comment, untrained for token_days, are forgotten; shared ones stay."""
    first, second = submit(guard, "alfa beta gemensam", 1), submit(guard, "gamma delta gemensam", 2)
    guard.moderation.approve(first, expected_version=1, actor="lena")
    guard.moderation.approve(second, expected_version=1, actor="lena")
    clock.now += timedelta(days=200)
    result = guard.admin.purge(token_days=180)
    assert result["tokens_pruned"] > 0
    tokens = _tokens(guard, first)
    kept = store.token_counts(tokens)
    assert 0 < len(kept) < len(tokens)  # the words of one comment went; what both held stayed
    assert set(kept.values()) == {(0, 2)}


def test_a_trusted_authors_spam_is_filed_as_spam(store: LearningStore, clock: Clock) -> None:
    """SPAM outranks APPROVE: an author with an approved comment still has their spam filed."""
    guard = CommentGuard(store=store, clock=clock)
    for n in range(3):  # the site's moderators have seen this kind of spam before
        earlier = submit(guard, SPAMMY.replace("WIN", f"WIN{n}"), 10 + n)
        guard.moderation.mark_spam(earlier, expected_version=version(guard, earlier), actor="lena")
        clock.now += timedelta(minutes=5)
    request = RequestInfo(ip="198.18.2.2")
    first = guard.submit({"post_id": "p", "author": "Y", "email": "y@example.se", "content": HAMMY}, request)
    guard.moderation.approve(first.comment.id, expected_version=1, actor="lena")
    clock.now += timedelta(minutes=5)
    second = guard.submit(
        {"post_id": "p", "author": "Y", "email": "y@example.se", "content": SPAMMY}, request
    )
    assert second.status is Status.SPAM
    assert {reason.check for reason in second.reasons} >= {"learning_filter", "trusted_author"}


def test_a_trusted_authors_doubtful_comment_waits_for_a_moderator(store: LearningStore, clock: Clock) -> None:
    """HOLD outranks APPROVE: a trusted author's comment the filter doubts waits for a moderator."""
    checks = default_checks(spam_threshold=1.0, spam_hold_threshold=0.6)
    guard = CommentGuard(store=store, clock=clock, checks=checks)
    for n in range(50):  # the moderators' own decisions: sunglasses spam, Swedish readers' ham
        spam = n % 2 == 0
        text = f"köp billiga solglasögon idag {n}, rabattkod sommar{n}" if spam else f"{HAMMY} {n}"
        earlier = submit(guard, text, 100 + n)
        decide = guard.moderation.mark_spam if spam else guard.moderation.approve
        decide(earlier, expected_version=version(guard, earlier), actor="lena")
        clock.now += timedelta(minutes=5)
    request = RequestInfo(ip="198.18.2.2")
    author = {"post_id": "p", "author": "Y", "email": "y@example.se"}
    first = guard.submit({**author, "content": HAMMY}, request)
    guard.moderation.approve(first.comment.id, expected_version=1, actor="lena")
    clock.now += timedelta(minutes=5)
    second = guard.submit({**author, "content": "billiga solglasögon"}, request)
    assert second.status is Status.PENDING
    codes = {reason.code for reason in second.reasons}
    assert {"learned_doubt", "trusted"} <= codes


def test_no_token_comes_from_who_wrote_it(guard: CommentGuard, store: LearningStore) -> None:
    """Name, email, its domain and IP never become tokens: erasing a person leaves nothing of theirs."""
    form = {"post_id": "p", "author": "Zyxwvut Qrstuvw", "email": "zyxwvut@qrstuvw-mail.se",
            "url": "https://qrstuvw-site.se", "content": HAMMY}  # fmt: skip
    stored = guard.submit(form, RequestInfo(ip="198.18.9.9", user_agent="Qrstuvw-Browser/1.0")).comment
    guard.moderation.approve(stored.id, expected_version=1, actor="lena")
    identity = ["zyxwvut", "qrstuvw", "zyxwvut@qrstuvw-mail.se", "qrstuvw-mail.se", "host:qrstuvw-mail.se",
                "host:qrstuvw-site.se", "qrstuvw-site", "198.18.9.9", "qrstuvw-browser"]  # fmt: skip
    assert store.token_counts([feature_hash(word) for word in identity]) == {}
    assert store.token_counts(_tokens(guard, stored.id))  # the text itself was learned
    assert guard.admin.erase_personal_data("zyxwvut@qrstuvw-mail.se") == 1
    assert store.trained_totals() == (0, 1)


def _tokens(guard: CommentGuard, comment_id: int) -> list[int]:
    """The hashed tokens the filter would train for the stored comment."""
    from commentguard.moderation import lesson_for

    return list(lesson_for(guard.get(comment_id), Label.HAM).tokens)
