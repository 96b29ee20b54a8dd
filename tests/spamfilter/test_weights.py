"""The seed's feature weights: learned reproducibly, read by score(), counted once with the counts."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commentguard.spamfilter import (
    NGRAM_PREFIX,
    MemoryCounts,
    Params,
    Seed,
    Totals,
    Weights,
    counted,
    feature_hash,
    features,
    learn_weights,
    score,
    seed_share,
    weights_config,
)
from commentguard.spamfilter._weights import half_precision

SPAM = ["free money click now", "win free prize click", "click for free money", "free gift click"] * 3
HAM = ["tack för inlägget", "bra skrivet om kommunen", "tack så mycket", "vi ses på mötet"] * 3


def labelled() -> list[tuple[list[str], bool]]:
    """The toy set's features as the weights read them."""
    config = weights_config()
    return [(features(text, config), True) for text in SPAM] + [
        (features(text, config), False) for text in HAM
    ]


def logit(probability: float) -> float:
    """Log-odds, clipped like score()'s."""
    clipped = min(max(probability, 1e-6), 1 - 1e-6)
    return math.log(clipped / (1 - clipped))


def test_learning_the_same_items_gives_the_same_weights() -> None:
    """learn_weights is reproducible: the shipped file can be rebuilt byte for byte."""
    assert learn_weights(labelled()) == learn_weights(labelled())


def test_weights_learn_which_side_a_feature_is_on() -> None:
    """A word seen only in spam gets a positive weight, one seen only in ham a negative one."""
    weights = learn_weights(labelled(), min_messages=1)
    assert weights.logit(["free"]) > weights.bias > weights.logit(["tack"])
    assert (
        weights.logit(features("free money click", weights_config()))
        > 0
        > weights.logit(features("tack för mötet", weights_config()))
    )


def test_rare_buckets_are_left_out() -> None:
    """Buckets seen in fewer than min_messages messages are not kept (rare features are noise and size)."""
    items = [*labelled(), (["onlyonce"], True)]
    mask = (1 << 20) - 1
    assert feature_hash("onlyonce") & mask in learn_weights(items, min_messages=1).table
    assert feature_hash("onlyonce") & mask not in learn_weights(items, min_messages=2).table
    assert feature_hash("free") & mask in learn_weights(items, min_messages=2).table


def test_learned_weights_are_kept_in_half_precision() -> None:
    """Every learned weight is already what the seed file stores, so a written seed reads back equal."""
    weights = learn_weights(labelled(), min_messages=1)
    assert weights.table
    assert all(half_precision(value) == value for value in weights.table.values())


@given(st.lists(st.text(min_size=1, max_size=6), max_size=20))
def test_a_repeated_feature_counts_once(tokens: list[str]) -> None:
    """logit reads the set of features: repeating one does not make a comment more certain."""
    weights = learn_weights(labelled(), min_messages=1)
    assert weights.logit(tokens + tokens) == pytest.approx(weights.logit(tokens))


@given(st.integers(0, 100_000), st.integers(0, 100_000), st.integers(1, 20_000))
def test_the_seeds_share_fades_from_all_to_nothing(spam: int, ham: int, seed_messages: int) -> None:
    """seed_share is 1 on a site that trained nothing, in [0, 1], and falls as the site trains more."""
    seed = Totals(seed_messages, seed_messages)
    share = seed_share(Totals(spam, ham), seed)
    assert seed_share(Totals(), seed) == 1.0
    assert 0.0 <= share <= 1.0
    assert seed_share(Totals(spam + 10, ham), seed) < share or share == 0.0
    assert seed_share(Totals(spam, ham), seed, Params(seed_k=0)) == (1.0 if spam + ham == 0 else 0.0)


def two_halves() -> tuple[Seed, MemoryCounts]:
    """A seed whose counts and weights both say 'kasino' is spam, and an untrained site."""
    mask = (1 << 8) - 1
    weights = Weights(8, 0.0, {feature_hash("kasino") & mask: 4.0}, "test")
    seed = Seed({feature_hash("kasino"): (300, 0)}, Totals(500, 500), "test", weights=weights)
    return seed, MemoryCounts()


def test_on_a_new_site_agreeing_halves_are_one_opinion() -> None:
    """On a new site the score's log-odds are the mean of the two halves': shared evidence counts once."""
    seed, empty = two_halves()
    both = score(["kasino"], empty.lookup, empty.totals, seed=seed).score
    counts_seed = Seed(seed.counts, seed.totals, "t")
    counts_only = score(["kasino"], empty.lookup, empty.totals, seed=counts_seed).score
    assert seed.weights is not None
    weights_only = seed.weights.logit(["kasino"])
    assert logit(both) == pytest.approx((logit(counts_only) + weights_only) / 2, rel=1e-6)
    assert min(logit(counts_only), weights_only) <= logit(both) <= max(logit(counts_only), weights_only)


@given(st.integers(0, 50_000), st.integers(0, 50_000), st.floats(-8.0, 8.0))
def test_the_score_follows_the_documented_formula(spam: int, ham: int, weight: float) -> None:
    """logit(score) = (1 - share/2) * (logit(counts' score) + weights' logit faded by its side's law)."""
    mask = (1 << 8) - 1
    weights = Weights(8, 0.0, {feature_hash("kasino") & mask: weight}, "test")
    counts = {feature_hash("kasino"): (40, 2)}
    seed_totals = Totals(500, 500)
    site = Totals(spam, ham)
    both = score(["kasino"], lambda ids: counts, site, seed=Seed({}, seed_totals, "t", weights=weights))
    alone = score(["kasino"], lambda ids: counts, site, seed=Seed({}, seed_totals, "t"))
    share = seed_share(site, seed_totals)
    faded = (
        weight * seed_totals.trained / (seed_totals.trained + site.trained) if weight > 0 else weight * share
    )
    expected = (1 - share / 2) * (logit(alone.score) + faded)
    assert logit(both.score) == pytest.approx(expected, rel=1e-6, abs=1e-6)


def test_the_weights_ham_opinion_fades_as_fast_as_the_seeds_counts() -> None:
    """Weights calling a word ham pull a new site's score down, and barely after 2,000 site decisions."""
    mask = (1 << 8) - 1
    seed = Seed({}, Totals(500, 500), "t", weights=Weights(8, 0.0, {feature_hash("köp") & mask: -6.0}, "t"))
    counts = {feature_hash("köp"): (30, 1)}
    for site in (Totals(), Totals(1000, 1000)):
        with_weights = score(["köp"], lambda ids: counts, site, seed=seed).score
        without = score(["köp"], lambda ids: counts, site, seed=Seed({}, Totals(500, 500), "t")).score
        drop = logit(without) - logit(with_weights) / (1 - seed_share(site, seed.totals) / 2)
        assert drop == pytest.approx(6.0 * seed_share(site, seed.totals), rel=1e-6)
    assert seed_share(Totals(1000, 1000), seed.totals) < 0.05


def test_the_weights_voice_fades_as_the_site_decides() -> None:
    """A word only the weights know moves the score less once the site decided ten times the seed's size."""
    mask = (1 << 8) - 1
    seed = Seed({}, Totals(500, 500), "t", weights=Weights(8, 0.0, {feature_hash("kasino") & mask: 6.0}, "t"))
    nothing: dict[int, tuple[int, int]] = {}
    young = score(["kasino"], lambda ids: nothing, Totals(), seed=seed).score
    old = score(["kasino"], lambda ids: nothing, Totals(5000, 5000), seed=seed).score
    assert 0.5 < old < young


def test_character_ngrams_are_read_by_the_weights_only() -> None:
    """score() looks up only counted features in the store, and MemoryCounts never counts n-grams."""
    tokens = features("gratis pengar", weights_config())
    assert any(token.startswith(NGRAM_PREFIX) for token in tokens)
    asked: list[int] = []

    def lookup(ids: Sequence[int]) -> dict[int, tuple[int, int]]:
        asked.extend(ids)
        return {}

    score(tokens, lookup, Totals())
    assert sorted(asked) == sorted(feature_hash(token) for token in counted(tokens))
    counts = MemoryCounts()
    counts.train(tokens, spam=True)
    assert set(counts.snapshot()) == {feature_hash(token) for token in counted(tokens)}


def test_an_obfuscated_word_is_caught_by_its_ngrams() -> None:
    """Weights on the n-grams of 'casino' make 'casin0z' spammy although that word was never seen."""
    config = weights_config()
    items = [(features(f"casino bonus {n}", config), True) for n in range(20)] + [
        (features(f"kommunen skriver {n}", config), False) for n in range(20)
    ]
    weights = learn_weights(items, min_messages=1)
    assert weights.logit(features("casin0z", config)) > weights.logit(features("kommun0z", config))
