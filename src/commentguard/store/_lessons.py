"""Token counts in memory, and the one rule every store trains by: each comment counts once.

A comment's training is remembered with the tokens it was trained with, so a change of mind
takes back exactly what was added, even after the content was re-sanitized.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from commentguard.model import Label, Lesson


def already_trained(before: Lesson | None, after: Lesson) -> bool:
    """Whether the comment is trained as ``after``'s label already: then nothing changes.

    A decision repeated is never counted twice, and the tokens it was first trained with stay,
    so a later change of mind takes back exactly what was added.
    """
    return before is not None and before.label is after.label


def deltas(before: Lesson | None, after: Lesson) -> dict[int, tuple[int, int]]:
    """``token -> (spam change, ham change)`` to move a comment from ``before`` to ``after``.

    For a change of label (see :func:`already_trained`); tokens in ascending order.
    """
    change: dict[int, list[int]] = {}
    if before is not None:
        column = 0 if before.label is Label.SPAM else 1
        for token in before.tokens:
            change.setdefault(token, [0, 0])[column] -= 1
    column = 0 if after.label is Label.SPAM else 1
    for token in after.tokens:
        change.setdefault(token, [0, 0])[column] += 1
    return {token: (spam, ham) for token, (spam, ham) in sorted(change.items()) if spam or ham}


def total_deltas(before: Lesson | None, after: Lesson) -> tuple[int, int]:
    """How the (spam, ham) totals move when a comment goes from ``before`` to ``after``."""
    spam = (after.label is Label.SPAM) - (before is not None and before.label is Label.SPAM)
    ham = (after.label is Label.HAM) - (before is not None and before.label is Label.HAM)
    return (spam, ham)


class TokenCounts:
    """The learning filter's statistics for :class:`~commentguard.MemoryStore` (not thread-safe alone)."""

    def __init__(self) -> None:
        self._counts: dict[int, tuple[int, int]] = {}
        self._trained_at: dict[int, datetime] = {}
        self._lessons: dict[int, Lesson] = {}
        self._totals = (0, 0)

    def apply(self, comment_id: int, lesson: Lesson, at: datetime) -> None:
        """Train ``comment_id`` as ``lesson`` says (moving, never adding to, an earlier training)."""
        before = self._lessons.get(comment_id)
        if already_trained(before, lesson):
            return
        for token, (spam, ham) in deltas(before, lesson).items():
            old_spam, old_ham = self._counts.get(token, (0, 0))
            new = (max(old_spam + spam, 0), max(old_ham + ham, 0))
            if new == (0, 0):
                self._counts.pop(token, None)
                self._trained_at.pop(token, None)
            else:
                self._counts[token] = new
                self._trained_at[token] = at
        spam, ham = total_deltas(before, lesson)
        self._totals = (max(self._totals[0] + spam, 0), max(self._totals[1] + ham, 0))
        self._lessons[comment_id] = lesson

    def counts(self, tokens: Sequence[int]) -> Mapping[int, tuple[int, int]]:
        """The counts of those ``tokens`` that were ever trained."""
        return {token: self._counts[token] for token in set(tokens) if token in self._counts}

    def totals(self) -> tuple[int, int]:
        """How many comments are trained as (spam, ham)."""
        return self._totals

    def label(self, comment_id: int) -> Label | None:
        """What the comment is trained as, if anything."""
        lesson = self._lessons.get(comment_id)
        return lesson.label if lesson is not None else None

    def forget(self, comment_id: int) -> None:
        """Drop a deleted comment's record; what it taught stays in the counts."""
        self._lessons.pop(comment_id, None)

    def prune(self, older_than: datetime, at_most: int) -> int:
        """Forget rare tokens last trained before ``older_than``; return how many."""
        doomed = [
            token
            for token, (spam, ham) in self._counts.items()
            if spam + ham <= at_most and self._trained_at[token] < older_than
        ]
        for token in doomed:
            del self._counts[token]
            del self._trained_at[token]
        return len(doomed)
