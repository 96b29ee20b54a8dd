"""What the learning filter is taught and what it reads: labels, lessons, token counts."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol


class Label(str, enum.Enum):
    """What a moderator's decision taught the learning filter a comment was."""

    SPAM = "spam"
    HAM = "ham"

    def __str__(self) -> str:
        return self.value


_INT64 = 2**63


@dataclass(frozen=True, slots=True)
class Lesson:
    """What one moderator decision teaches the learning filter: a label and the comment's tokens.

    ``tokens`` are the hashed features of the comment's sanitized content (64-bit ints, never
    text), deduplicated and sorted, so every store applies them in one order.
    """

    label: Label
    tokens: tuple[int, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.label, Label):
            raise TypeError(f"Lesson.label must be a Label, not {type(self.label).__name__}")
        tokens = sorted(set(self.tokens))
        if not all(isinstance(t, int) and not isinstance(t, bool) and -_INT64 <= t < _INT64 for t in tokens):
            raise TypeError("Lesson.tokens must be 64-bit signed ints (hashed features)")
        object.__setattr__(self, "tokens", tuple(tokens))


class TokenStats(Protocol):
    """What the learning filter reads from a store: counts per token, and how much was trained."""

    def token_counts(self, tokens: Sequence[int]) -> Mapping[int, tuple[int, int]]:
        """``token -> (spam, ham)``: how many trained spam and ham comments held each token.

        Tokens never trained are left out.
        """
        ...

    def trained_totals(self) -> tuple[int, int]:
        """How many comments are trained as (spam, ham) right now."""
        ...

    def token_stats(self, tokens: Sequence[int]) -> tuple[Mapping[int, tuple[int, int]], tuple[int, int]]:
        """``(token_counts(tokens), trained_totals())`` read at one moment, in one transaction.

        What the filter scores with: the counts and their denominators agree even while a
        moderator trains, and a comment costs one read instead of two.
        """
        ...
