"""Score a comment from token counts: Robinson's token probabilities, Fisher's combining.

This is the SpamBayes/bogofilter classifier, kept pure: the caller owns the counts (a SQL
table, a dict) and hands in a lookup, so the same code serves the store, the tests and the
offline evaluation.

For a token seen in ``b`` of the ``nb`` spam and ``g`` of the ``ng`` ham messages trained::

    p(w) = (b/nb) / (b/nb + g/ng)          # how spammy, independent of the class sizes
    f(w) = (s*x + n*p(w)) / (s + n)        # n = b + g; shrunk towards x while evidence is thin

Tokens with ``|f - 0.5| < min_strength`` say nothing and are dropped; of the rest the
``max_tokens`` most extreme are combined with Fisher's method in both directions::

    S = 1 - chi2Q(-2 * sum(ln(1 - f)), 2k)   # evidence the message is spam
    H = 1 - chi2Q(-2 * sum(ln f), 2k)        # evidence the message is ham
    score = (1 + S - H) / 2

which is near 1 for spam, near 0 for ham and near 0.5 both when nothing is known and when
the evidence conflicts.

A *seed* (counts from a public corpus shipped with the package) lets a new site start with
an opinion. Its counts and totals are added to the site's own, scaled by::

    w = min(1, seed_mass / seed_trained) * seed_k / (seed_k + site_trained)

so on an empty site the seed weighs as ``seed_mass`` messages (150: a seed from another medium
must not outvote a site; with 1000, a YouTube seed alone filed 7 % of SMS ham), half
of that after ``seed_k`` (200) moderator decisions, and it fades as the site's own moderators
take over (their language, their spammers). Seeds leave out the length, caps, digit, emoji and
repeat buckets (see ``SITE_ONLY_PREFIXES``), which mean different things in different media.

A seed may also carry :class:`~._weights.Weights`, a logistic regression learned from the
seed's texts over words and character n-grams (``g:`` features, which the counts ignore). Their
log-odds are added to the counts' score's log-odds, each side fading by its own law::

    z = (1 - share / 2) * (logit(fisher) + fade * logit(weights))
    fade = S / (S + site_trained) for spam (logit > 0), share for ham
    share = m / (m + site_trained),  m = min(seed_mass, S) * seed_k / (seed_k + site_trained)

with S the seed's messages. ``share`` is the seed's part of the evidence behind the counts: on
a new site both halves learned from the same texts, so the sum is halved (one opinion, not
two); as the site's own decisions take over the counts, the two become independent witnesses
and add up. The weights' opinion that a text is ham fades as fast as the seed's counts (ham
differs from site to site, and a frozen opinion that a Swedish sentence looks like ham must not
outvote the site's moderators teaching that it is spam); their opinion that it is spam fades as
the site's decisions approach the seed's size (spam's shapes travel between media).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from commentguard.spamfilter._features import NGRAM_PREFIX, counted, feature_hash
from commentguard.spamfilter._weights import Weights

Counts = Mapping[int, tuple[int, int]]
"""Token id -> (spam count, ham count): how many trained messages of each class held it."""

Lookup = Callable[[Sequence[int]], Counts]
"""Given token ids, the counts of those that were ever trained (absent ids count as (0, 0))."""


@dataclass(frozen=True)
class Totals:
    """How many spam and ham messages were trained (the denominators of p(w))."""

    spam: int = 0
    ham: int = 0

    @property
    def trained(self) -> int:
        """All trained messages."""
        return self.spam + self.ham


@dataclass(frozen=True)
class Seed:
    """Counts learned elsewhere, blended in while a site has few decisions of its own.

    Attributes:
        counts: Token id -> (spam, ham) counts.
        totals: Messages the counts came from.
        feature_config: The :attr:`FeatureConfig.name` the counts were made with.
        version: The seed file's version string.
        credits: Where the underlying data came from (shown by docs and ``--about``).
        weights: Feature weights learned from the same texts (see :mod:`._weights`), or
            ``None`` for a seed of counts only.

    """

    counts: Counts
    totals: Totals
    feature_config: str
    version: str = ""
    credits: tuple[str, ...] = ()
    weights: Weights | None = None


@dataclass(frozen=True)
class Params:
    """Classifier constants: s and x are Robinson's (s=1, x=0.5), max_tokens and min_strength SpamBayes's.

    SpamBayes lowered s to 0.45; Robinson's s=1 shrinks a rare token's f further towards
    x, which on YouTube (leave one video out) cut the ham filed at a given threshold by half for
    a few points of spam, and let a YouTube-only seed file 0.35 % of SMS ham instead of 1.9 % at
    0.98. ``seed_k`` and ``seed_mass`` were chosen with ``benchmarks/spam_model_eval.py``.

    Attributes:
        s: Strength of the prior x, in messages' worth of evidence.
        x: A token's probability before any evidence.
        max_tokens: At most this many of the most extreme tokens are combined.
        min_strength: Tokens with ``|f - 0.5|`` below this are ignored as neutral.
        seed_k: Site decisions after which the seed weighs half (see the module docstring).
        seed_mass: At most this many messages' worth of seed evidence on an empty site.

    """

    s: float = 1.0
    x: float = 0.5
    max_tokens: int = 150
    min_strength: float = 0.1
    seed_k: float = 200.0
    seed_mass: float = 150.0


DEFAULT_PARAMS = Params()


@dataclass(frozen=True)
class Score:
    """A comment's spam score and the tokens that decided it.

    Attributes:
        score: In [0, 1]; near 1 spam, near 0 ham, 0.5 no opinion.
        tokens: (feature, f(w)) of the combined tokens, the most extreme first; a reason
            can show the first few.

    """

    score: float
    tokens: tuple[tuple[str, float], ...] = field(default=())


def chi2q(x2: float, v: int) -> float:
    """P(chi-square with ``v`` (even) degrees of freedom >= ``x2``), by the series for even v."""
    m = x2 / 2.0
    term = math.exp(-m)
    total = term
    for i in range(1, v // 2):
        term *= m / i
        total += term
    return min(total, 1.0)


def token_probability(
    spam: float, ham: float, totals_spam: float, totals_ham: float, params: Params
) -> float:
    """Robinson's f(w) from (possibly seed-weighted, hence fractional) counts."""
    spam_ratio = spam / totals_spam if totals_spam > 0 else 0.0
    ham_ratio = ham / totals_ham if totals_ham > 0 else 0.0
    n = spam + ham
    if spam_ratio + ham_ratio <= 0.0:
        return params.x
    p = spam_ratio / (spam_ratio + ham_ratio)
    return (params.s * params.x + n * p) / (params.s + n)


def seed_weight(site: Totals, seed: Totals, params: Params = DEFAULT_PARAMS) -> float:
    """The factor on seed counts for a site that trained ``site.trained`` messages."""
    if params.seed_k <= 0 or seed.trained <= 0:
        return 0.0
    return min(1.0, params.seed_mass / seed.trained) * params.seed_k / (params.seed_k + site.trained)


def combine(probabilities: Iterable[float]) -> float:
    """Fisher-Robinson chi-square combining of token probabilities into one score in [0, 1]."""
    spam_log = ham_log = 0.0
    count = 0
    for f in probabilities:
        f = min(max(f, 1e-12), 1.0 - 1e-12)
        ham_log += math.log(f)
        spam_log += math.log1p(-f)
        count += 1
    if count == 0:
        return 0.5
    spam = 1.0 - chi2q(-2.0 * spam_log, 2 * count)
    ham = 1.0 - chi2q(-2.0 * ham_log, 2 * count)
    return min(max((1.0 + spam - ham) / 2.0, 0.0), 1.0)


def score(
    tokens: Sequence[str],
    counts: Lookup,
    totals: Totals,
    *,
    seed: Seed | None = None,
    params: Params = DEFAULT_PARAMS,
) -> Score:
    """Score a comment's features (from :func:`features`) against the trained counts.

    ``counts`` is called once with the ids of the counted features (:func:`counted`: all but
    the character n-grams). With a ``seed``, its counts are blended in with :func:`seed_weight`,
    and its weights, if any, read every feature (see the module docstring). Costs
    O(len(tokens) log len(tokens)).
    """
    all_tokens = tokens
    tokens = counted(tokens)
    ids = [feature_hash(token) for token in tokens]
    site = counts(ids)
    weight = seed_weight(totals, seed.totals, params) if seed is not None else 0.0
    seed_counts: Counts = seed.counts if seed is not None and weight > 0.0 else {}
    total_spam = float(totals.spam)
    total_ham = float(totals.ham)
    if seed_counts and seed is not None:
        total_spam += weight * seed.totals.spam
        total_ham += weight * seed.totals.ham
    strong: list[tuple[float, str, float]] = []
    for token, token_id in zip(tokens, ids, strict=True):
        site_spam, site_ham = site.get(token_id, (0, 0))
        seed_spam, seed_ham = seed_counts.get(token_id, (0, 0))
        if not (site_spam or site_ham or seed_spam or seed_ham):
            continue
        f = token_probability(
            site_spam + weight * seed_spam, site_ham + weight * seed_ham, total_spam, total_ham, params
        )
        strength = abs(f - 0.5)
        if strength >= params.min_strength:
            strong.append((strength, token, f))
    # Most extreme first; ties broken by the token so the choice never depends on input order.
    strong.sort(key=lambda item: (-item[0], item[1]))
    chosen = strong[: params.max_tokens]
    fisher = combine(f for _, _, f in chosen)
    if seed is not None and seed.weights is not None:
        ngrams = [feature_hash(token) for token in all_tokens if token.startswith(NGRAM_PREFIX)]
        share = seed_share(totals, seed.totals, params)
        weights = seed.weights.logit_of_ids(ids + ngrams)
        if weights > 0.0:  # for spam: fades as the site's decisions approach the seed's size
            weights *= seed.totals.trained / (seed.totals.trained + totals.trained)
        else:  # for ham: fades as the seed's counts do
            weights *= share
        fisher = _squash((1.0 - share / 2.0) * (_logit(fisher) + weights))
    return Score(fisher, tuple((token, f) for _, token, f in chosen))


def seed_share(site: Totals, seed: Totals, params: Params = DEFAULT_PARAMS) -> float:
    """The seed's part (0-1) of the evidence behind the counts, for a site that trained ``site.trained``."""
    mass = seed_weight(site, seed, params) * seed.trained
    if mass + site.trained <= 0:
        return 1.0
    return mass / (mass + site.trained)


def _logit(probability: float) -> float:
    """Log-odds, with the probability kept within [1e-6, 1 - 1e-6] (Fisher's score reaches 0 and 1)."""
    clipped = min(max(probability, 1e-6), 1.0 - 1e-6)
    return math.log(clipped / (1.0 - clipped))


def _squash(z: float) -> float:
    """The logistic function, safe for any z."""
    return 1.0 / (1.0 + math.exp(-max(min(z, 35.0), -35.0)))


class MemoryCounts:
    """Token counts in a dict: the reference the SQL stores must match, and the test double.

    ``train`` and ``untrain`` are exact inverses: untraining a message trained before leaves
    the counts exactly as they were (tokens back at (0, 0) are removed).
    """

    def __init__(self) -> None:
        self._counts: dict[int, tuple[int, int]] = {}
        self._spam = 0
        self._ham = 0

    @property
    def totals(self) -> Totals:
        """Messages trained per class."""
        return Totals(self._spam, self._ham)

    def lookup(self, ids: Sequence[int]) -> dict[int, tuple[int, int]]:
        """The counts of those ``ids`` ever trained (a :data:`Lookup`)."""
        table = self._counts
        return {token_id: table[token_id] for token_id in ids if token_id in table}

    def snapshot(self) -> dict[int, tuple[int, int]]:
        """A copy of every count, for comparisons."""
        return dict(self._counts)

    def train(self, tokens: Iterable[str], *, spam: bool) -> None:
        """Count one message with these features as spam or ham."""
        self._add(tokens, spam=spam, sign=1)

    def untrain(self, tokens: Iterable[str], *, spam: bool) -> None:
        """Undo :meth:`train` of the same features and class (a moderator changed their mind).

        Raises:
            ValueError: No message of that class, or a token not trained with it, is counted.

        """
        self._add(tokens, spam=spam, sign=-1)

    def _add(self, tokens: Iterable[str], *, spam: bool, sign: int) -> None:
        ids = {feature_hash(token) for token in counted(tokens)}
        if sign < 0:
            if (self._spam if spam else self._ham) == 0:
                raise ValueError("untrain: no message of that class was trained")
            for token_id in ids:
                spam_count, ham_count = self._counts.get(token_id, (0, 0))
                if (spam_count if spam else ham_count) == 0:
                    raise ValueError("untrain: these features were not trained with that class")
        for token_id in ids:
            spam_count, ham_count = self._counts.get(token_id, (0, 0))
            if spam:
                spam_count += sign
            else:
                ham_count += sign
            if spam_count or ham_count:
                self._counts[token_id] = (spam_count, ham_count)
            else:
                del self._counts[token_id]
        if spam:
            self._spam += sign
        else:
            self._ham += sign
