"""The learning store contract, continued: pruning, deletion, and counts that are never doubled."""

from __future__ import annotations

import random
import threading
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commentguard import (
    AdminStore,
    Label,
    LearningStore,
    Lesson,
    Status,
)
from commentguard.testing._store_base import (
    START,
    FakeClock,
    make_comment,
)
from commentguard.testing._store_learning import (
    _LearningContract,
    assert_counts,
    assert_totals,
    ham,
    recount,
    spam,
)


class _LearningUpkeepContract(_LearningContract):
    """Pruning, deletion, and racing or arbitrary decisions: counts stay exact."""

    # -- pruning -------------------------------------------------------------------------

    def test_prune_forgets_rare_tokens_not_trained_lately(
        self, learning: LearningStore, clock: FakeClock
    ) -> None:
        """prune_tokens() forgets tokens in at most one comment, trained before the cut-off; counts them."""
        a, b, c = (self.add(learning, clock) for _ in range(3))
        trained_at = clock.now
        self.teach(learning, a.id, ham(1, 2, 3))
        self.teach(learning, b.id, spam(2))
        clock.advance(days=30)
        self.teach(learning, c.id, ham(4))
        assert learning.prune_tokens(trained_at + timedelta(days=10), at_most=1) == 2
        assert_counts(learning, [1, 2, 3, 4], {2: (1, 1), 4: (0, 1)})
        assert_totals(learning, (1, 2))  # pruning forgets tokens, not comments
        assert (learning.lesson(a.id), learning.lesson(b.id)) == (Label.HAM, Label.SPAM)
        assert learning.prune_tokens(trained_at + timedelta(days=10), at_most=1) == 0

    def test_prune_keeps_tokens_trained_at_or_after_the_cut_off(
        self, learning: LearningStore, clock: FakeClock
    ) -> None:
        """A token last trained exactly at older_than is kept; one trained a second before is forgotten."""
        a, b = self.add(learning, clock), self.add(learning, clock)
        cut = clock.advance(days=1)
        self.teach(learning, a.id, ham(1), at=cut - timedelta(seconds=1))
        self.teach(learning, b.id, ham(2), at=cut)
        assert learning.prune_tokens(cut) == 1
        assert_counts(learning, [1, 2], {2: (0, 1)})

    def test_prune_goes_by_the_last_training(self, learning: LearningStore, clock: FakeClock) -> None:
        """A token trained long ago and again by a recent change of mind counts as trained recently."""
        saved = self.add(learning, clock)
        self.teach(learning, saved.id, ham(1))
        clock.advance(days=30)
        self.teach(learning, saved.id, spam(1))
        assert learning.prune_tokens(START + timedelta(days=10)) == 0
        assert_counts(learning, [1], {1: (1, 0)})
        assert learning.prune_tokens(clock.now + timedelta(seconds=1)) == 1
        assert_counts(learning, [1], {})

    def test_prune_stamps_training_with_the_transition_time(
        self, learning: LearningStore, clock: FakeClock
    ) -> None:
        """Training is dated by the transition's ``at`` when given, by the store's clock otherwise."""
        a, b, c = (self.add(learning, clock) for _ in range(3))
        now = clock.advance(days=100)
        self.teach(learning, a.id, ham(1), at=now - timedelta(days=50))
        self.teach(learning, b.id, ham(2), at=now + timedelta(days=50))
        self.teach(learning, c.id, ham(3))  # the clock's now
        assert learning.prune_tokens(now - timedelta(days=10)) == 1
        assert_counts(learning, [1, 2, 3], {2: (0, 1), 3: (0, 1)})
        assert learning.prune_tokens(now + timedelta(days=10)) == 1
        assert_counts(learning, [1, 2, 3], {2: (0, 1)})

    def test_prune_at_most_counts_comments_of_both_labels(
        self, learning: LearningStore, clock: FakeClock
    ) -> None:
        """at_most bounds spam plus ham: a token in one spam and one ham comment goes at 2, not at 1."""
        a, b, c = (self.add(learning, clock) for _ in range(3))
        self.teach(learning, a.id, ham(1, 2, 3))
        self.teach(learning, b.id, spam(2, 3))
        self.teach(learning, c.id, spam(3))
        later = clock.advance(days=1)
        assert learning.prune_tokens(later, at_most=1) == 1
        assert_counts(learning, [1, 2, 3], {2: (1, 1), 3: (2, 1)})
        assert learning.prune_tokens(later, at_most=2) == 1
        assert_counts(learning, [1, 2, 3], {3: (2, 1)})
        assert learning.prune_tokens(later, at_most=3) == 1
        assert_counts(learning, [1, 2, 3], {})
        assert_totals(learning, (2, 1))

    def test_untraining_a_pruned_token_never_goes_below_zero(
        self, learning: LearningStore, clock: FakeClock
    ) -> None:
        """A change of mind about a comment whose tokens were pruned leaves no negative count behind."""
        saved, other = self.add(learning, clock), self.add(learning, clock)
        self.teach(learning, saved.id, ham(1, 2))
        self.teach(learning, other.id, spam(2))
        assert learning.prune_tokens(clock.advance(days=1)) == 1  # token 1
        self.teach(learning, saved.id, spam(1, 2))
        assert_totals(learning, (2, 0))
        assert_counts(learning, [1, 2], {1: (1, 0), 2: (2, 0)})
        self.teach(learning, saved.id, ham(1, 2))
        assert_counts(learning, [1, 2], {1: (0, 1), 2: (1, 1)})
        assert_totals(learning, (1, 1))

    # -- deletion ------------------------------------------------------------------------

    def test_deleting_a_comment_keeps_what_it_taught(self, learning: LearningStore, clock: FakeClock) -> None:
        """Deleting or purging a trained comment keeps its counts and totals; its lesson goes with it."""
        assert isinstance(learning, AdminStore), "this store does not implement AdminStore"
        deleted, purged, kept = (self.add(learning, clock) for _ in range(3))
        self.teach(learning, deleted.id, ham(1, 2))
        self.teach(learning, purged.id, spam(2, 3))
        self.teach(learning, kept.id, spam(3))
        learning.delete(deleted.id, expected_version=2, actor="a")
        assert learning.purge(clock.advance(days=16)) == {Status.SPAM: 2, Status.TRASH: 0}
        assert_totals(learning, (2, 1))
        assert_counts(learning, [1, 2, 3], {1: (0, 1), 2: (1, 1), 3: (2, 0)})
        assert (learning.lesson(deleted.id), learning.lesson(purged.id)) == (None, None)

    # -- never counted twice -------------------------------------------------------------

    # One store serves every example (comments and counts pile up, so each example uses tokens
    # of its own and compares the totals' growth), and the test runs once per store class by
    # design: both health checks would flag intent here.
    @settings(
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.differing_executors],
        max_examples=60,
    )
    @given(
        decisions=st.lists(
            st.tuples(
                st.integers(0, 2),
                st.none() | st.sampled_from(Label),
                st.frozensets(st.integers(0, 5), max_size=4),
            ),
            max_size=14,
        )
    )
    def test_any_decisions_count_each_comment_once(
        self,
        learning: LearningStore,
        decisions: list[tuple[int, Label | None, frozenset[int]]],
    ) -> None:
        """After any decisions, counts and totals equal a recount of each comment's training: none doubled."""
        comments = [learning.add(make_comment()) for _ in range(3)]
        base = comments[0].id * 1000  # tokens of this example's own, whatever earlier ones trained
        totals_before = learning.trained_totals()
        trained: dict[int, Lesson] = {}  # the model: what each comment is trained as, tokens as trained
        for index, label, tokens in decisions:
            comment_id = comments[index].id
            lesson = None if label is None else Lesson(label, tuple(base + t for t in tokens))
            self.teach(learning, comment_id, lesson)
            if lesson is not None and (
                comment_id not in trained or trained[comment_id].label is not lesson.label
            ):
                trained[comment_id] = lesson
        expected_counts, (expected_spam, expected_ham) = recount(trained.values())
        assert_counts(learning, [base + t for t in range(6)], expected_counts)
        assert_totals(learning, (totals_before[0] + expected_spam, totals_before[1] + expected_ham))
        assert [learning.lesson(c.id) for c in comments] == [
            trained[c.id].label if c.id in trained else None for c in comments
        ]

    def test_threads_training_at_once_lose_and_double_nothing(
        self, learning: LearningStore, clock: FakeClock
    ) -> None:
        """Eight threads at once re-training their own comments on shared tokens: exact counts."""
        mine = [[self.add(learning, clock).id for _ in range(4)] for _ in range(8)]
        plans = []
        for seed in range(8):
            rng = random.Random(seed)  # noqa: S311 - picks test lessons, not secrets
            plans.append(
                [
                    (comment_id, Lesson(rng.choice(list(Label)), tuple(rng.sample(range(12), 5))))
                    for comment_id in mine[seed] * 3
                ]
            )
        barrier = threading.Barrier(8)
        errors: list[BaseException] = []

        def train(plan: list[tuple[int, Lesson]]) -> None:
            try:
                barrier.wait()
                for comment_id, lesson in plan:
                    self.teach(learning, comment_id, lesson)
            except BaseException as exc:  # reported to the test below
                errors.append(exc)

        threads = [threading.Thread(target=train, args=(plan,)) for plan in plans]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        trained: dict[int, Lesson] = {}
        for plan in plans:
            for comment_id, lesson in plan:
                if comment_id not in trained or trained[comment_id].label is not lesson.label:
                    trained[comment_id] = lesson
        expected_counts, expected_totals = recount(trained.values())
        assert_counts(learning, range(12), expected_counts)
        assert_totals(learning, expected_totals)
        assert {i: learning.lesson(i) for i in trained} == {i: lesson.label for i, lesson in trained.items()}
