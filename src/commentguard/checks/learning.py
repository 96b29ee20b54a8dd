"""The learning filter: a check that files spam by what the site's own moderators taught it.

It scores the sanitized text with Robinson/Fisher token statistics (``commentguard.spamfilter``)
kept in the site's own store (a :class:`~commentguard.LearningStore`), blended with a small
shipped seed while the site has few decisions of its own. Nothing leaves the site. Above the
threshold it answers ``SPAM``, with the score and the words that weighed most; below it, no
opinion: it never approves, so the first-comment hold and the other checks still apply::

    >>> from commentguard import LearningFilter
    >>> LearningFilter().threshold
    0.98

``docs/spam.md`` explains how it learns (moderation decisions train it) and every knob.
"""

from __future__ import annotations

from commentguard.checks._protocol import CheckContext, Draft
from commentguard.errors import CheckError
from commentguard.model import Action, ParamValue, Reason, Verdict
from commentguard.spamfilter import SPAM_THRESHOLD, Seed, Totals, default_seed, features, score

_SHOWN_TOKENS = 5


def _readable(feature: str) -> str:
    """A feature as a moderator reads it: words as they are, patterns by their name."""
    kind, colon, value = feature.partition(":")
    return f"{kind} {value}" if colon else feature


class LearningFilter:
    """Files a comment as spam when the site's learned token statistics say it almost surely is.

    Args:
        threshold: the score (0-1) from which a comment is spam. Literal default ``0.99``
            (bogofilter's cutoff): the filter only ever files spam, so it answers only when
            nearly sure. Lower files more spam and more of your readers' comments with it.
        seed: start from the shipped seed model (``True``, the default), from your own
            :class:`~commentguard.spamfilter.Seed`, or from nothing (``False``). The seed
            weighs less as the site's own decisions grow.
        name: the check's name, as reasons carry it (``"learning_filter"``).

    Raises:
        CheckError: ``threshold`` is not a number above 0.5 and at most 1.

    """

    def __init__(
        self, *, threshold: float = SPAM_THRESHOLD, seed: bool | Seed = True, name: str = "learning_filter"
    ):
        if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0.5 < threshold <= 1:
            raise CheckError(f"LearningFilter threshold must be a number in (0.5, 1], not {threshold!r}")
        self.threshold = float(threshold)
        self.name = name
        self._seed: Seed | None = default_seed() if seed is True else (seed or None)

    def __repr__(self) -> str:
        return f"LearningFilter(threshold={self.threshold!r}, seed={self._seed is not None})"

    def check(self, draft: Draft, context: CheckContext) -> Verdict | None:
        """Score the sanitized text; ``SPAM`` with the score and top words at or above the threshold."""
        tokens = features(str(draft.comment.content))
        stats = context.token_stats
        if stats is None:
            result = score(tokens, lambda ids: {}, Totals(), seed=self._seed)
        else:
            spam, ham = stats.trained_totals()
            result = score(tokens, stats.token_counts, Totals(spam, ham), seed=self._seed)
        if result.score < self.threshold:
            return None
        spammy = [_readable(token) for token, probability in result.tokens if probability > 0.5]
        params: dict[str, ParamValue] = {
            "score": round(result.score, 4),
            "threshold": self.threshold,
            "tokens": ", ".join(spammy[:_SHOWN_TOKENS]),
        }
        return Verdict(Action.SPAM, Reason("learned_spam", params, check=self.name))
