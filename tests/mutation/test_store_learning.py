"""The learning filter's counts in the stores: the cases mutation testing found unpinned (docs/testing.md).

Run against every built-in store: MemoryStore, SQLStore on a SQLite file, and on PostgreSQL
when COMMENTGUARD_TEST_POSTGRES_URL is set (each dialect has statements of its own).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from commentguard import Label, LearningStore, Lesson, RequestInfo, Status, validate
from commentguard.store import _learning
from tests.builders import DEFAULT_NOW, new_comment
from tests.store.test_contract import BUILT_IN_STORES, built_in_store

FORM = {"post_id": "plan", "author": "Anna", "email": "anna@example.se", "content": "Tack!"}
TO = {Label.SPAM: Status.SPAM, Label.HAM: Status.APPROVED}


@pytest.fixture(autouse=True)
def fresh_statements() -> None:
    """Each test builds the SQL store's learning statements anew instead of reusing a cached set.

    mutmut runs a function's mutants only against the tests that called it in one clean run; the
    statements are built once per process, so without this the builders would be credited to
    whichever test first trained, and their mutants run against it alone.
    """
    _learning._statements.cache_clear()


@pytest.fixture(params=BUILT_IN_STORES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LearningStore]:
    """Each built-in store, empty."""
    yield from built_in_store(request.param, tmp_path)


def stored_id(store: LearningStore) -> int:
    """The id of a pending comment just added to ``store``."""
    submission = validate(FORM, RequestInfo(ip="203.0.113.7"))
    return store.add(replace(new_comment(submission), status=Status.PENDING)).id


def teach(store: LearningStore, comment_id: int, lesson: Lesson, after: timedelta = timedelta(0)) -> None:
    """Move the comment to the status ``lesson``'s label stands for, training it, ``after`` DEFAULT_NOW."""
    version = store.get(comment_id).version
    at = DEFAULT_NOW + after
    store.transition(
        comment_id, to=TO[lesson.label], expected_version=version, actor="lena", at=at, lesson=lesson
    )


def test_untraining_a_pruned_token_to_nothing_leaves_it_forgotten(store: LearningStore) -> None:
    """A change of mind that takes back a token already pruned leaves it out, and counts the rest."""
    comment_id = stored_id(store)
    teach(store, comment_id, Lesson(Label.HAM, (1, 2)))
    assert store.prune_tokens(DEFAULT_NOW + timedelta(days=1), at_most=1) == 2
    teach(store, comment_id, Lesson(Label.SPAM, (2,)))
    assert dict(store.token_counts([1, 2])) == {2: (1, 0)}
    assert store.trained_totals() == (1, 0)


def test_a_token_trained_a_second_before_the_cut_off_is_pruned(store: LearningStore) -> None:
    """prune_tokens(older_than=T + 1 s) forgets a rare token trained at T, a whole second before."""
    comment_id = stored_id(store)
    teach(store, comment_id, Lesson(Label.SPAM, (7,)))
    assert store.prune_tokens(DEFAULT_NOW, at_most=1) == 0
    assert store.prune_tokens(DEFAULT_NOW + timedelta(seconds=1), at_most=1) == 1
    assert dict(store.token_counts([7])) == {}


@pytest.mark.parametrize("store", ["sqlite", "postgresql"], indirect=True)
def test_sql_training_times_are_whole_seconds(store: LearningStore) -> None:
    """SQLStore keeps training times in whole seconds: a cut-off later in the same second keeps the token."""
    comment_id = stored_id(store)
    teach(store, comment_id, Lesson(Label.SPAM, (7,)), after=timedelta(seconds=0.25))
    assert store.prune_tokens(DEFAULT_NOW + timedelta(seconds=0.75), at_most=1) == 0
    assert dict(store.token_counts([7])) == {7: (1, 0)}
