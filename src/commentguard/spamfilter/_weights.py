"""Feature weights learned from the seed's texts: the discriminative half of the filter.

The counts (:mod:`._model`) weigh each word by how often it appeared in spam and ham, as if
words were independent. Spam is not written that way: "check out my channel" is spam, "check"
and "channel" are not, and "fr33" is "free". A logistic regression over the words, their pairs
and the character 3-5-grams inside words learns weights for features *together*, so shared
n-grams carry the evidence of an obfuscated word. Measured with the same online replay
(``benchmarks/spam_model_eval.py``, five shuffles): the best threshold in hindsight files
73.7 % of YouTube spam at 0.5 % ham with the counts alone, 85.5 % with both.

The weights are learned once, offline, from the seed's labelled texts (AdaGrad, one pass in a
fixed shuffled order) and shipped in the seed file as hashed buckets: no text. They do not
learn from the site: a gradient step cannot be taken back exactly when a moderator changes
their mind, and counts can (so the site's own decisions stay exact, in the counts). How much
they weigh next to the counts, and how that fades, is in :mod:`._model`'s docstring.
"""

from __future__ import annotations

import math
import random
import struct
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from commentguard.spamfilter._features import FeatureConfig, feature_hash

WEIGHTS_CONFIG = FeatureConfig(ngrams=(3, 4, 5))
"""The features the weights read: the counts' features plus character 3-5-grams in words."""

DEFAULT_BITS = 20
"""Weights live in 2**20 hashed buckets: collisions are rare at the ~34,000 buckets kept."""

DEFAULT_RATE = 0.3
"""AdaGrad's base step: a feature's first step moves its weight by about this much."""

DEFAULT_MIN_MESSAGES = 3
"""Buckets seen in fewer messages than this are left out of the shipped file, like rare counts."""

_BIAS_RATE = 0.05
_HALF = struct.Struct("<e")


@dataclass(frozen=True)
class Weights:
    """A logistic regression over hashed features.

    Attributes:
        bits: Buckets are ``feature_hash(feature) & (2**bits - 1)``.
        bias: The log-odds of a message with no known feature.
        table: Bucket -> weight (buckets absent weigh 0).
        feature_config: The :attr:`FeatureConfig.name` the weights were learned with.

    """

    bits: int
    bias: float
    table: Mapping[int, float]
    feature_config: str

    def logit(self, tokens: Iterable[str]) -> float:
        """The log-odds that a message with these features is spam.

        The sum is scaled by 1/sqrt(number of features), so a long comment is not more
        certain only for being long.
        """
        return self.logit_of_ids(map(feature_hash, tokens))

    def logit_of_ids(self, ids: Iterable[int]) -> float:
        """:meth:`logit` from the features' ids (:func:`feature_hash`), for a caller that has them."""
        mask = (1 << self.bits) - 1
        buckets = {token_id & mask for token_id in ids}
        total = sum(filter(None, map(self.table.get, buckets)))
        return self.bias + total / math.sqrt(len(buckets) or 1)


def learn_weights(
    items: Sequence[tuple[Iterable[str], bool]],
    *,
    config: FeatureConfig = WEIGHTS_CONFIG,
    bits: int = DEFAULT_BITS,
    rate: float = DEFAULT_RATE,
    min_messages: int = DEFAULT_MIN_MESSAGES,
    order_seed: int = 0,
) -> Weights:
    """Weights from ``(features made with config, is_spam)`` pairs: one AdaGrad pass.

    The items are visited in ``random.Random(order_seed)``'s shuffle of the given order, so the
    same items always give the same weights. Per-bucket step sizes (AdaGrad) let rare n-grams
    move quickly while common ones settle.
    """
    mask = (1 << bits) - 1
    order = list(range(len(items)))
    random.Random(order_seed).shuffle(order)  # noqa: S311 (a fixed order, not a secret)
    weights: dict[int, float] = {}
    squares: dict[int, float] = {}
    seen: dict[int, int] = {}
    bias = 0.0
    for position in order:
        tokens, spam = items[position]
        buckets = sorted({feature_hash(token) & mask for token in tokens})
        scale = 1.0 / math.sqrt(len(buckets) or 1)
        z = bias + scale * sum(weights.get(bucket, 0.0) for bucket in buckets)
        gradient = (_squash(z) - (1.0 if spam else 0.0)) * scale
        step_square = gradient * gradient
        for bucket in buckets:
            total = squares.get(bucket, 0.0) + step_square
            squares[bucket] = total
            weights[bucket] = weights.get(bucket, 0.0) - rate * gradient / math.sqrt(total + 1e-8)
            seen[bucket] = seen.get(bucket, 0) + 1
        bias -= _BIAS_RATE * gradient / scale
    kept = {
        bucket: half_precision(weight)
        for bucket, weight in sorted(weights.items())
        if seen[bucket] >= min_messages
    }
    return Weights(bits, bias, kept, config.name)


def half_precision(value: float) -> float:
    """``value`` rounded to IEEE half precision, as the seed file stores weights (3 digits)."""
    (rounded,) = _HALF.unpack(_HALF.pack(value))
    return float(rounded)


def _squash(z: float) -> float:
    """The logistic function, safe for any z."""
    return 1.0 / (1.0 + math.exp(-max(min(z, 35.0), -35.0)))
