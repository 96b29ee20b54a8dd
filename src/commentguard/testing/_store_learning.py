"""The store contract's learning part: token counts moved, never doubled, by moderators' lessons."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

import pytest

from commentguard import (
    Label,
    LearningStore,
    Lesson,
    NotFound,
    Status,
    Store,
    VersionConflict,
)
from commentguard.testing._store_base import (
    FakeClock,
    StoreContractBase,
)

_TO = {Label.SPAM: Status.SPAM, Label.HAM: Status.APPROVED}
"""The status a moderator's decision moves a comment to, for the label it teaches."""

_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1


def ham(*tokens: int) -> Lesson:
    """A lesson that the comment with these tokens is ham."""
    return Lesson(Label.HAM, tokens)


def spam(*tokens: int) -> Lesson:
    """A lesson that the comment with these tokens is spam."""
    return Lesson(Label.SPAM, tokens)


def recount(trained: Iterable[Lesson]) -> tuple[dict[int, tuple[int, int]], tuple[int, int]]:
    """The token counts and totals that exactly these lessons, one per trained comment, make."""
    spam_counts, ham_counts = Counter[int](), Counter[int]()
    totals = Counter[Label]()
    for lesson in trained:
        totals[lesson.label] += 1
        (spam_counts if lesson.label is Label.SPAM else ham_counts).update(lesson.tokens)
    counts = {t: (spam_counts[t], ham_counts[t]) for t in spam_counts.keys() | ham_counts.keys()}
    return counts, (totals[Label.SPAM], totals[Label.HAM])


def counts_of(store: LearningStore, tokens: Iterable[int]) -> dict[int, tuple[int, int]]:
    """``token_counts`` as a plain dict, checked to hold only asked-for tokens and non-negative counts."""
    asked = list(tokens)
    got = dict(store.token_counts(asked))
    assert got.keys() <= set(asked), (
        f"token_counts answered tokens nobody asked for: {got.keys() - set(asked)}"
    )
    assert all(spam_n >= 0 and ham_n >= 0 for spam_n, ham_n in got.values()), got
    together, totals = store.token_stats(asked)
    assert dict(together) == got, f"token_stats' counts {dict(together)} differ from token_counts' {got}"
    assert totals == store.trained_totals(), f"token_stats' totals {totals} differ from trained_totals()"
    return got


def assert_counts(store: LearningStore, tokens: Iterable[int], expected: dict[int, tuple[int, int]]) -> None:
    """``token_counts(tokens)`` is exactly ``expected``; the message shows both (no assert rewriting here)."""
    got = counts_of(store, tokens)
    assert got == expected, f"token_counts: got {sorted(got.items())}, expected {sorted(expected.items())}"


def assert_totals(store: LearningStore, expected: tuple[int, int]) -> None:
    """``trained_totals()``, and the totals ``token_stats`` reads, are exactly ``expected`` (spam, ham)."""
    got = store.trained_totals()
    assert got == expected, f"trained_totals: got {got}, expected {expected}"
    _, together = store.token_stats([])
    assert together == expected, f"token_stats' totals: got {together}, expected {expected}"


class _LearningContract(StoreContractBase):
    """LearningStore: transition(lesson=...), lesson(), token_counts(), trained_totals(), prune_tokens()."""

    @pytest.fixture
    def learning(self, store: Store) -> LearningStore:
        """The store under test, which must implement LearningStore."""
        assert isinstance(store, LearningStore), "this store does not implement LearningStore"
        return store

    def teach(
        self, store: LearningStore, comment_id: int, lesson: Lesson | None, at: datetime | None = None
    ) -> None:
        """Move the comment from its current version with ``lesson``, to the status its label suggests."""
        current = store.get(comment_id)
        to = _TO[lesson.label] if lesson is not None else Status.PENDING
        store.transition(
            comment_id, to=to, expected_version=current.version, actor="lena", at=at, lesson=lesson
        )

    # -- a store that learned nothing ----------------------------------------------------

    def test_a_fresh_store_has_learned_nothing(self, learning: LearningStore, clock: FakeClock) -> None:
        """A new store has no trained comments, no token counts, and no lesson for any comment or id."""
        saved = self.add(learning, clock, status=Status.SPAM)  # add() decides, it does not train
        assert_totals(learning, (0, 0))
        assert_counts(learning, [0, 1, 2, _INT64_MIN, _INT64_MAX], {})
        assert_counts(learning, [], {})
        assert learning.lesson(saved.id) is None
        for unknown in (424242, 0, -1, 2**70):
            assert learning.lesson(unknown) is None

    def test_untrained_lists_what_nobody_judged(self, learning: LearningStore, clock: FakeClock) -> None:
        """untrained() gives comments of that status made before the cut-off with no lesson, by id, paged."""
        spam = [self.add(learning, clock, status=Status.SPAM) for _ in range(4)]
        self.add(learning, clock, status=Status.APPROVED)
        late = self.add(learning, clock, status=Status.SPAM)
        self.teach(learning, spam[1].id, Lesson(Label.SPAM, (1,)))
        cut = late.created_at
        ids = [c.id for c in learning.untrained(Status.SPAM, before=cut)]
        assert ids == [spam[0].id, spam[2].id, spam[3].id]
        assert [c.id for c in learning.untrained(Status.SPAM, before=cut, limit=1, after_id=spam[0].id)] == [
            spam[2].id
        ]
        assert [c.id for c in learning.untrained(Status.APPROVED, before=spam[0].created_at)] == []
        with pytest.raises(ValueError, match="before"):
            learning.untrained(Status.SPAM, before=datetime(2024, 1, 1))

    # -- training ------------------------------------------------------------------------

    def test_a_lesson_moves_the_comment_like_a_plain_transition(
        self, learning: LearningStore, clock: FakeClock
    ) -> None:
        """transition(lesson=...) sets status and version and writes the audit row exactly as without one."""
        saved = self.add(learning, clock)
        when = clock.advance(minutes=5)
        moved = learning.transition(
            saved.id, to=Status.APPROVED, expected_version=1, actor="eva", note="fin", lesson=ham(1, 2, 3)
        )
        assert (moved.status, moved.version) == (Status.APPROVED, 2)
        assert learning.get(saved.id) == moved
        [audit] = learning.transitions(saved.id)
        assert (audit.comment_id, audit.from_status, audit.to_status) == (
            saved.id,
            Status.PENDING,
            Status.APPROVED,
        )
        assert (audit.actor, audit.at, audit.note) == ("eva", when, "fin")

    def test_a_lesson_trains_the_comment(self, learning: LearningStore, clock: FakeClock) -> None:
        """A ham lesson counts the comment, and each of its tokens, once as ham, and nothing else."""
        saved = self.add(learning, clock)
        learning.transition(
            saved.id, to=Status.APPROVED, expected_version=1, actor="eva", lesson=ham(3, 1, 2)
        )
        assert_totals(learning, (0, 1))
        assert_counts(learning, [1, 2, 3, 4], {1: (0, 1), 2: (0, 1), 3: (0, 1)})
        assert learning.lesson(saved.id) is Label.HAM

    def test_the_same_label_again_counts_once(self, learning: LearningStore, clock: FakeClock) -> None:
        """Teaching the label a comment already has changes no count, though the move is made and audited."""
        saved = self.add(learning, clock)
        learning.transition(saved.id, to=Status.APPROVED, expected_version=1, actor="a", lesson=ham(1, 2, 3))
        again = learning.transition(
            saved.id, to=Status.APPROVED, expected_version=2, actor="b", lesson=ham(1, 2, 3)
        )
        assert again.version == 3
        assert len(learning.transitions(saved.id)) == 2
        assert_totals(learning, (0, 1))
        assert_counts(learning, [1, 2, 3], {1: (0, 1), 2: (0, 1), 3: (0, 1)})
        assert learning.lesson(saved.id) is Label.HAM

    def test_the_same_label_with_other_tokens_changes_nothing(
        self, learning: LearningStore, clock: FakeClock
    ) -> None:
        """Same label, other tokens: nothing changes; a later change of mind takes back the first tokens."""
        saved = self.add(learning, clock)
        self.teach(learning, saved.id, spam(1, 2))
        self.teach(learning, saved.id, spam(2, 3))
        assert_totals(learning, (1, 0))
        assert_counts(learning, [1, 2, 3], {1: (1, 0), 2: (1, 0)})
        assert learning.lesson(saved.id) is Label.SPAM
        self.teach(learning, saved.id, ham(5))  # takes back spam(1, 2), as trained, not spam(2, 3)
        assert_totals(learning, (0, 1))
        assert_counts(learning, [1, 2, 3, 5], {5: (0, 1)})

    def test_a_change_of_mind_moves_the_counts(self, learning: LearningStore, clock: FakeClock) -> None:
        """Ham then spam takes the ham training back and trains spam: the comment is counted once, as spam."""
        saved = self.add(learning, clock)
        self.teach(learning, saved.id, ham(1, 2, 3))
        self.teach(learning, saved.id, spam(1, 2, 3))
        assert_totals(learning, (1, 0))
        assert_counts(learning, [1, 2, 3], {1: (1, 0), 2: (1, 0), 3: (1, 0)})
        assert learning.lesson(saved.id) is Label.SPAM
        self.teach(learning, saved.id, ham(1, 2, 3))
        assert_totals(learning, (0, 1))
        assert_counts(learning, [1, 2, 3], {1: (0, 1), 2: (0, 1), 3: (0, 1)})
        assert learning.lesson(saved.id) is Label.HAM

    def test_a_change_of_mind_takes_back_the_tokens_trained_before(
        self, learning: LearningStore, clock: FakeClock
    ) -> None:
        """Untraining takes back the old lesson's tokens, not the new one's; emptied tokens are left out."""
        saved = self.add(learning, clock)
        self.teach(learning, saved.id, ham(1, 2))
        self.teach(learning, saved.id, spam(2, 3))
        assert_totals(learning, (1, 0))
        assert_counts(learning, [1, 2, 3], {2: (1, 0), 3: (1, 0)})
        self.teach(learning, saved.id, ham(4))
        assert_totals(learning, (0, 1))
        assert_counts(learning, [1, 2, 3, 4], {4: (0, 1)})

    def test_a_change_of_mind_leaves_other_comments_counts(
        self, learning: LearningStore, clock: FakeClock
    ) -> None:
        """Untraining one comment takes back only its own share of a token other comments also hold."""
        first, second = self.add(learning, clock), self.add(learning, clock)
        self.teach(learning, first.id, ham(1, 2))
        self.teach(learning, second.id, ham(2, 3))
        self.teach(learning, first.id, spam(1, 2))
        assert_totals(learning, (1, 1))
        assert_counts(learning, [1, 2, 3], {1: (1, 0), 2: (1, 1), 3: (0, 1)})
        assert (learning.lesson(first.id), learning.lesson(second.id)) == (Label.SPAM, Label.HAM)

    def test_no_lesson_leaves_the_training(self, learning: LearningStore, clock: FakeClock) -> None:
        """A transition with lesson=None, or without the argument, neither trains nor untrains."""
        trained, untrained = self.add(learning, clock), self.add(learning, clock)
        self.teach(learning, trained.id, ham(1, 2))
        learning.transition(trained.id, to=Status.SPAM, expected_version=2, actor="a", lesson=None)
        learning.transition(trained.id, to=Status.TRASH, expected_version=3, actor="a")
        learning.transition(untrained.id, to=Status.SPAM, expected_version=1, actor="a", lesson=None)
        learning.transition(untrained.id, to=Status.APPROVED, expected_version=2, actor="a")
        assert_totals(learning, (0, 1))
        assert_counts(learning, [1, 2], {1: (0, 1), 2: (0, 1)})
        assert (learning.lesson(trained.id), learning.lesson(untrained.id)) == (Label.HAM, None)
        assert learning.get(trained.id).status is Status.TRASH

    def test_a_refused_transition_trains_nothing(self, learning: LearningStore, clock: FakeClock) -> None:
        """A transition raising VersionConflict or NotFound leaves every count, total and lesson as it was."""
        trained, untrained = self.add(learning, clock), self.add(learning, clock)
        self.teach(learning, trained.id, ham(1, 2))
        learning.transition(untrained.id, to=Status.PENDING, expected_version=1, actor="a")
        with pytest.raises(VersionConflict):
            learning.transition(
                trained.id, to=Status.SPAM, expected_version=1, actor="b", lesson=spam(1, 2, 9)
            )
        with pytest.raises(VersionConflict):
            learning.transition(
                untrained.id, to=Status.SPAM, expected_version=1, actor="b", lesson=spam(1, 9)
            )
        with pytest.raises(NotFound):
            learning.transition(424242, to=Status.SPAM, expected_version=1, actor="b", lesson=spam(1, 9))
        assert_totals(learning, (0, 1))
        assert_counts(learning, [1, 2, 9], {1: (0, 1), 2: (0, 1)})
        assert (learning.lesson(trained.id), learning.lesson(untrained.id)) == (Label.HAM, None)
        assert learning.lesson(424242) is None

    def test_comments_sharing_tokens_add_up(self, learning: LearningStore, clock: FakeClock) -> None:
        """Each trained comment adds one to each of its tokens, under its label; totals count comments."""
        a, b, c = (self.add(learning, clock) for _ in range(3))
        self.teach(learning, a.id, ham(1, 2))
        self.teach(learning, b.id, ham(2, 3))
        self.teach(learning, c.id, spam(2))
        assert_totals(learning, (1, 2))
        assert_counts(learning, [1, 2, 3], {1: (0, 1), 2: (1, 2), 3: (0, 1)})
        assert_counts(learning, [2], {2: (1, 2)})

    def test_a_lesson_without_tokens_still_counts_the_comment(
        self, learning: LearningStore, clock: FakeClock
    ) -> None:
        """A lesson with no tokens (an empty comment) trains the comment: the totals count it."""
        saved = self.add(learning, clock)
        self.teach(learning, saved.id, spam())
        assert_totals(learning, (1, 0))
        assert learning.lesson(saved.id) is Label.SPAM
        self.teach(learning, saved.id, ham())
        assert_totals(learning, (0, 1))

    def test_64_bit_tokens_round_trip(self, learning: LearningStore, clock: FakeClock) -> None:
        """Tokens are any 64-bit signed int, both extremes, zero and -1 included, and are kept apart."""
        tokens = (_INT64_MIN, _INT64_MIN + 1, -1, 0, 1, 2**31, 2**32, _INT64_MAX - 1, _INT64_MAX)
        first, second = self.add(learning, clock), self.add(learning, clock)
        self.teach(learning, first.id, spam(*tokens))
        self.teach(learning, second.id, ham(_INT64_MIN, _INT64_MAX))
        expected = dict.fromkeys(tokens, (1, 0)) | {_INT64_MIN: (1, 1), _INT64_MAX: (1, 1)}
        assert_counts(learning, tokens, expected)
        assert_counts(learning, [2**33, -(2**31)], {})
        self.teach(learning, first.id, ham(*tokens))
        assert_counts(
            learning, tokens, dict.fromkeys(tokens, (0, 1)) | {_INT64_MIN: (0, 2), _INT64_MAX: (0, 2)}
        )

    def test_token_counts_takes_any_sequence(self, learning: LearningStore, clock: FakeClock) -> None:
        """token_counts() answers a tuple, a list with repeats, or thousands of tokens, each token once."""
        saved = self.add(learning, clock)
        many = tuple(range(-1500, 1500, 3))
        self.teach(learning, saved.id, ham(*many))
        assert_counts(learning, (1, -1500), {-1500: (0, 1)})
        assert_counts(learning, [-3, -3, 0, 0], {-3: (0, 1), 0: (0, 1)})
        assert_counts(learning, range(-1500, 1500), dict.fromkeys(many, (0, 1)))
