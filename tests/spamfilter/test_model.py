"""score() and MemoryCounts: Robinson probabilities, Fisher combining, exact untraining."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commentguard.spamfilter import (
    DEFAULT_PARAMS,
    SPAM_THRESHOLD,
    MemoryCounts,
    Params,
    Seed,
    Totals,
    combine,
    feature_hash,
    features,
    score,
    seed_weight,
    token_probability,
)

SPAM = [
    "Check out my channel, subscribe and win free money http://bit.ly/x",
    "FREE money!!! click http://cheap.example.com now and win",
    "subscribe to my channel for free gift cards",
    "win a free iphone, click here http://bit.ly/y",
]
HAM = [
    "Tack för ett fint inlägg, vi var i Finspång i somras.",
    "Håller med om allt, bra skrivet om samverkan i kommunen.",
    "Intressant läsning, jag har undrat över det där länge.",
    "Tack för tipset, det ska jag läsa mer om.",
]

TOKENS = st.lists(st.text(min_size=1, max_size=8), max_size=40, unique=True)


def trained(spam: list[str], ham: list[str]) -> MemoryCounts:
    """Counts trained on these spam and ham texts."""
    counts = MemoryCounts()
    for text in spam:
        counts.train(features(text), spam=True)
    for text in ham:
        counts.train(features(text), spam=False)
    return counts


@given(
    st.lists(st.tuples(TOKENS, st.booleans()), max_size=8),
    st.lists(st.text(max_size=120), max_size=3),
)
def test_score_is_always_in_the_unit_interval(
    messages: list[tuple[list[str], bool]], texts: list[str]
) -> None:
    """Whatever was trained and whatever is scored, the score lies in [0, 1]."""
    counts = MemoryCounts()
    for tokens, spam in messages:
        counts.train(tokens, spam=spam)
    for tokens, _ in messages:
        assert 0.0 <= score(tokens, counts.lookup, counts.totals).score <= 1.0
    for text in texts:
        assert 0.0 <= score(features(text), counts.lookup, counts.totals).score <= 1.0


@given(st.lists(st.tuples(TOKENS, st.booleans()), max_size=8), TOKENS, st.booleans())
def test_train_then_untrain_restores_counts(
    history: list[tuple[list[str], bool]], tokens: list[str], spam: bool
) -> None:
    """Untraining a message just trained leaves every count and total as it was."""
    counts = MemoryCounts()
    for earlier, earlier_spam in history:
        counts.train(earlier, spam=earlier_spam)
    before, totals = counts.snapshot(), counts.totals
    counts.train(tokens, spam=spam)
    counts.untrain(tokens, spam=spam)
    assert counts.snapshot() == before
    assert counts.totals == totals


def test_untrain_of_what_was_never_trained_raises() -> None:
    """Untraining a class with nothing trained, or tokens never trained, is refused, not clamped."""
    counts = MemoryCounts()
    with pytest.raises(ValueError, match="no message"):
        counts.untrain(["x"], spam=True)
    counts.train(["x"], spam=True)
    with pytest.raises(ValueError, match="not trained"):
        counts.untrain(["y"], spam=True)
    assert counts.snapshot() == {feature_hash("x"): (1, 0)}


def test_restore_moves_a_message_from_spam_to_ham() -> None:
    """Restoring (untrain spam, train ham) gives the counts of having trained it as ham."""
    moved = trained(SPAM, HAM)
    moved.untrain(features(SPAM[0]), spam=True)
    moved.train(features(SPAM[0]), spam=False)
    direct = trained(SPAM[1:], [*HAM, SPAM[0]])
    assert moved.snapshot() == direct.snapshot()
    assert moved.totals == direct.totals


def test_spammy_text_scores_above_ham_after_a_few_examples() -> None:
    """After four spam and four ham, a new spammy comment scores high and a new Swedish one low."""
    counts = trained(SPAM, HAM)
    spammy = score(
        features("free money, subscribe to my channel http://bit.ly/z"), counts.lookup, counts.totals
    )
    hammy = score(features("Tack för ett bra inlägg om kommunen."), counts.lookup, counts.totals)
    assert spammy.score > 0.9
    assert hammy.score < 0.1
    assert spammy.tokens[0][1] > 0.5


def test_a_token_seen_only_in_spam_pushes_the_score_up() -> None:
    """Adding a token trained only in spam raises a comment's score."""
    counts = trained(SPAM, HAM)
    counts.train(["kasino"], spam=True)
    base = features("Intressant, jag läser mer om det.")
    without = score(base, counts.lookup, counts.totals).score
    with_token = score([*base, "kasino"], counts.lookup, counts.totals).score
    assert with_token > without


def test_the_strength_cut_ignores_neutral_tokens() -> None:
    """Tokens as common in spam as in ham neither count nor show up as reasons."""
    counts = MemoryCounts()
    for _ in range(5):
        counts.train(["neutral", "spammy"], spam=True)
        counts.train(["neutral", "hammy"], spam=False)
    result = score(["neutral", "spammy"], counts.lookup, counts.totals)
    assert [token for token, _ in result.tokens] == ["spammy"]
    assert score(["neutral"], counts.lookup, counts.totals).score == 0.5


def test_nothing_known_means_no_opinion() -> None:
    """With nothing trained and no seed, every comment scores exactly 0.5."""
    counts = MemoryCounts()
    assert score(features(SPAM[0]), counts.lookup, counts.totals).score == 0.5
    assert combine([]) == 0.5


def test_token_probability_follows_robinson() -> None:
    """f(w) = (s*x + n*p) / (s + n), with p from class-normalized ratios."""
    params = Params(s=0.45, x=0.5)
    # One spam of 10 spam, never in 100 ham: p = 1, n = 1.
    assert token_probability(1, 0, 10, 100, params) == pytest.approx((0.225 + 1) / 1.45)
    # Equal rates in both classes: p = 0.5 whatever the class sizes.
    assert token_probability(2, 20, 10, 100, params) == pytest.approx(0.5)
    assert token_probability(0, 0, 10, 100, params) == 0.5


def test_seed_weight_fades_with_the_sites_own_training() -> None:
    """The seed weighs seed_mass messages on an empty site and half that after seed_k decisions."""
    params = Params(seed_k=200, seed_mass=1000)
    seed = Totals(2000, 8000)
    assert seed_weight(Totals(), seed, params) == pytest.approx(0.1)
    assert seed_weight(Totals(100, 100), seed, params) == pytest.approx(0.05)
    assert seed_weight(Totals(), Totals(300, 300), params) == pytest.approx(1.0)
    assert seed_weight(Totals(), seed, Params(seed_k=0)) == 0.0


def test_a_seed_gives_an_empty_site_an_opinion() -> None:
    """A seed's spam-only token makes a comment spam on a site that trained nothing, less so later."""
    spam_id, ham_id = feature_hash("kasino"), feature_hash("kommunen")
    seed = Seed({spam_id: (300, 0), ham_id: (0, 300)}, Totals(500, 500), "test")
    empty = MemoryCounts()
    spammy = score(["kasino"], empty.lookup, empty.totals, seed=seed).score
    hammy = score(["kommunen"], empty.lookup, empty.totals, seed=seed).score
    assert spammy >= SPAM_THRESHOLD
    assert hammy <= 1 - SPAM_THRESHOLD
    busy = score(["kasino"], empty.lookup, Totals(5000, 5000), seed=seed).score
    assert 0.5 < busy < spammy or busy == spammy == 1.0
    assert math.isclose(score(["kasino"], empty.lookup, empty.totals).score, 0.5)
    assert DEFAULT_PARAMS.max_tokens == 150
