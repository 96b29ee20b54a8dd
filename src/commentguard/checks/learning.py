"""The learning filter: a check that files spam by what the site's own moderators taught it.

It scores the sanitized text with Robinson/Fisher token statistics (``commentguard.spamfilter``)
kept in the site's own store (a :class:`~commentguard.LearningStore`), blended with a small
shipped seed while the site has few decisions of its own, and with the seed's feature weights
(a logistic regression over words and character n-grams, learned offline from the same
public texts). Nothing leaves the site. Above the
threshold it answers ``SPAM``, with the score and the words that weighed most; between the
hold threshold and it, ``HOLD`` (a trusted author's doubtful comment waits for a moderator);
below, no opinion: it never approves, so the first-comment hold and the other checks still
apply::

    >>> from commentguard import LearningFilter
    >>> LearningFilter().threshold, LearningFilter().hold_threshold
    (0.98, 0.7)

``docs/spam.md`` explains how it learns (moderation decisions train it) and every knob.
"""

from __future__ import annotations

from collections.abc import Mapping

from commentguard.checks._protocol import CheckContext, Draft
from commentguard.errors import CheckError
from commentguard.model import Action, ParamValue, Reason, Verdict
from commentguard.spamfilter import (
    DEFAULT_CONFIG,
    HOLD_THRESHOLD,
    SPAM_THRESHOLD,
    Seed,
    Totals,
    counted,
    default_seed,
    feature_hash,
    features,
    score,
    weights_config,
)

_SHOWN_TOKENS = 5


def _readable(feature: str) -> str:
    """A feature as a moderator reads it: words as they are, patterns by their name."""
    kind, colon, value = feature.partition(":")
    return f"{kind} {value}" if colon else feature


class LearningFilter:
    """Files a comment as spam when the site's learned statistics are nearly sure, holds it when they doubt.

    Args:
        threshold: the score (0-1) from which a comment is spam. Literal default ``0.98``:
            the filter files only what it is nearly sure of. Lower files more spam and more of
            your readers' comments with it.
        hold_threshold: the score from which a comment is held for a moderator (``HOLD``),
            below ``threshold``; literal default ``0.7``. It matters for trusted authors,
            whose comments would otherwise be published. ``None``: never hold.
        seed: start from the shipped seed model (``True``, the default), from your own
            :class:`~commentguard.spamfilter.Seed`, or from nothing (``False``). The seed
            weighs less as the site's own decisions grow.
        name: the check's name, as reasons carry it (``"learning_filter"``).

    Raises:
        CheckError: ``threshold`` is not a number above 0.5 and at most 1, or
            ``hold_threshold`` is not ``None`` or a number above 0.5 and below ``threshold``.

    """

    def __init__(
        self,
        *,
        threshold: float = SPAM_THRESHOLD,
        hold_threshold: float | None = HOLD_THRESHOLD,
        seed: bool | Seed = True,
        name: str = "learning_filter",
    ):
        if not _is_number(threshold) or not 0.5 < threshold <= 1:
            raise CheckError(f"LearningFilter threshold must be a number in (0.5, 1], not {threshold!r}")
        if hold_threshold is not None and (
            not _is_number(hold_threshold) or not 0.5 < hold_threshold < threshold
        ):
            raise CheckError(
                f"LearningFilter hold_threshold must be None or a number in (0.5, {threshold}), "
                f"not {hold_threshold!r}"
            )
        self.threshold = float(threshold)
        self.hold_threshold = None if hold_threshold is None else float(hold_threshold)
        self.name = name
        self._seed: Seed | None = default_seed() if seed is True else (seed or None)
        self._config = weights_config() if self._seed is not None and self._seed.weights else DEFAULT_CONFIG

    def __repr__(self) -> str:
        return (
            f"LearningFilter(threshold={self.threshold!r}, hold_threshold={self.hold_threshold!r}, "
            f"seed={self._seed is not None})"
        )

    def check(self, draft: Draft, context: CheckContext) -> Verdict | None:
        """Score the sanitized text: ``SPAM`` or ``HOLD`` with the score and top words, or no opinion."""
        tokens = features(str(draft.comment.content), self._config)
        stats = context.token_stats
        counts: Mapping[int, tuple[int, int]] = {}
        totals = Totals()
        if stats is not None:  # one read: the counts and their denominators from one moment
            counts, (spam, ham) = stats.token_stats([feature_hash(token) for token in counted(tokens)])
            totals = Totals(spam, ham)
        result = score(tokens, lambda ids: counts, totals, seed=self._seed)
        spammy = [_readable(token) for token, probability in result.tokens if probability > 0.5]
        params: dict[str, ParamValue] = {
            "score": round(result.score, 4),
            "threshold": self.threshold,
            "tokens": ", ".join(spammy[:_SHOWN_TOKENS]),
        }
        if result.score >= self.threshold:
            return Verdict(Action.SPAM, Reason("learned_spam", params, check=self.name))
        hold = self.hold_threshold
        if hold is not None and result.score >= hold:
            params["hold_threshold"] = hold
            return Verdict(Action.HOLD, Reason("learned_doubt", params, check=self.name))
        return None


def _is_number(value: object) -> bool:
    """A real number: an int or float, not a bool, not NaN."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value
