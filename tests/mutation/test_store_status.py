"""Store status transitions: the refusals mutation testing found unpinned (docs/testing.md).

Run against the real stores: MemoryStore and SQLStore on a SQLite file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from commentguard import MemoryStore, RequestInfo, SQLStore, Status, Store, validate
from tests.builders import DEFAULT_NOW, new_comment

FORM = {"post_id": "plan", "author": "Anna", "email": "anna@example.se", "content": "Tack!"}


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh MemoryStore, then a fresh SQLStore on a SQLite file."""
    if request.param == "memory":
        yield MemoryStore()
        return
    with SQLStore(f"sqlite:///{tmp_path / 'comments.db'}") as sql:
        yield sql


def stored_id(store: Store) -> int:
    """The id of a pending comment just added to ``store``."""
    submission = validate(FORM, RequestInfo(ip="203.0.113.7"))
    return store.add(replace(new_comment(submission), status=Status.PENDING)).id


def test_a_naive_transition_time_is_refused_by_name(store: Store) -> None:
    """transition(at=<naive datetime>) raises ValueError naming `at`, and changes nothing."""
    comment_id = stored_id(store)
    naive = datetime(2026, 5, 1, 12, 0)
    with pytest.raises(ValueError, match=r"^at must be an aware datetime, not ") as raised:
        store.transition(comment_id, to=Status.APPROVED, expected_version=1, actor="eva", at=naive)
    assert str(raised.value) == f"at must be an aware datetime, not {naive!r}"
    assert store.get(comment_id).status is Status.PENDING
    assert store.transitions(comment_id) == ()


@pytest.mark.parametrize(("lesson", "kind"), [("spam", "str"), (1, "int")])
def test_a_lesson_that_is_not_a_lesson_is_refused_by_type(store: Store, lesson: object, kind: str) -> None:
    """transition(lesson=<not a Lesson>) raises TypeError naming the type given, and changes nothing."""
    comment_id = stored_id(store)
    with pytest.raises(TypeError) as raised:
        store.transition(
            comment_id,
            to=Status.SPAM,
            expected_version=1,
            actor="eva",
            at=DEFAULT_NOW,
            lesson=lesson,  # type: ignore[call-arg]
        )
    assert str(raised.value) == f"lesson must be a commentguard.Lesson, not {kind}"
    assert store.get(comment_id).status is Status.PENDING
