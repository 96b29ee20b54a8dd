"""The spam model's public arithmetic: the edges mutation testing found unpinned (docs/testing.md).

Only documented behaviour of the public functions of ``commentguard.spamfilter`` (the module
docstring's formulas, the bounds of a score, what the parameters cut), never a helper.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commentguard.spamfilter import (
    DEFAULT_PARAMS,
    MemoryCounts,
    Params,
    Seed,
    Totals,
    combine,
    feature_hash,
    score,
    seed_weight,
    token_probability,
)

PROBABILITIES = st.floats(min_value=0.0, max_value=1.0)


def counts_of(table: dict[str, tuple[int, int]]) -> MemoryCounts:
    """MemoryCounts holding exactly these (spam, ham) counts per feature."""
    counts = MemoryCounts()
    for token, (spam, ham) in table.items():
        for _ in range(spam):
            counts.train([token], spam=True)
        for _ in range(ham):
            counts.train([token], spam=False)
    return counts


def test_a_class_never_trained_counts_as_a_zero_rate() -> None:
    """With one class untrained, its rate is 0: a token of the other class has p = 1 or 0 in Robinson's f."""
    assert token_probability(1, 0, 5, 0, DEFAULT_PARAMS) == 0.75
    assert token_probability(0, 1, 0, 5, DEFAULT_PARAMS) == 0.25
    assert token_probability(3, 0, 5, 0, Params(s=1.0, x=0.2)) == pytest.approx((0.2 + 3) / 4)


def test_without_any_rate_a_token_has_the_prior() -> None:
    """A token with no evidence in either class (or nothing trained at all) has f = x, whatever x is."""
    assert token_probability(0, 0, 10, 10, Params(x=0.3)) == 0.3
    assert token_probability(2, 2, 0, 0, Params(x=0.3)) == 0.3


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=1, max_value=1000))
def test_more_spam_evidence_only_raises_f(spam: int, total: int) -> None:
    """Seen in one more spam message (of the same totals), a token's f rises; in one more ham, it falls."""
    base = token_probability(spam, 1, total, total, DEFAULT_PARAMS)
    assert token_probability(spam + 1, 1, total, total, DEFAULT_PARAMS) > base
    assert token_probability(spam, 2, total, total, DEFAULT_PARAMS) < base


def test_a_seed_without_messages_or_with_no_half_life_weighs_nothing() -> None:
    """seed_weight is 0 for a seed of no messages and for seed_k 0 or below, on any site."""
    assert seed_weight(Totals(), Totals(0, 0)) == 0.0
    assert seed_weight(Totals(), Totals(10, 10), Params(seed_k=-1.0)) == 0.0
    assert seed_weight(Totals(3, 4), Totals(1, 0)) > 0.0
    assert seed_weight(Totals(), Totals(10, 10), Params(seed_k=1.0)) == 1.0  # any seed_k above 0 counts


def test_a_small_seed_weighs_its_full_counts_on_an_empty_site() -> None:
    """On an empty site a seed of at most seed_mass messages weighs 1, a bigger one seed_mass/trained."""
    assert seed_weight(Totals(), Totals(100, 50)) == 1.0
    assert seed_weight(Totals(), Totals(200, 100)) == pytest.approx(0.5)


@given(PROBABILITIES)
def test_combining_is_symmetric_between_spam_and_ham(f: float) -> None:
    """One token of f and one of 1 - f give scores that add up to 1: neither class is favoured."""
    assert combine([f]) + combine([1.0 - f]) == pytest.approx(1.0)


@given(st.floats(min_value=0.7, max_value=0.95), st.integers(min_value=1, max_value=10))
def test_more_agreeing_spam_tokens_raise_the_score(f: float, k: int) -> None:
    """k + 1 tokens of the same spammy f score higher than k of them, and above 0.5."""
    assert 0.5 < combine([f] * k) < combine([f] * (k + 1))


def test_certain_tokens_are_clamped_short_of_certainty() -> None:
    """f = 1 or 0 is read as 1 - 1e-12 or 1e-12: the score stays inside (0, 1) and conflicts cancel."""
    assert 0.999 < combine([1.0]) < 1.0
    assert 0.0 < combine([0.0]) < 0.001
    assert combine([0.0, 1.0]) == pytest.approx(0.5)


def test_a_token_exactly_at_min_strength_counts() -> None:
    """A token with |f - 0.5| equal to min_strength is combined, not dropped as neutral."""
    counts = counts_of({"kasino": (1, 0)})
    trained = Totals(5, 0)  # f = 0.75, strength 0.25
    result = score(["kasino"], counts.lookup, trained, params=Params(min_strength=0.25))
    assert result.tokens == (("kasino", 0.75),)
    assert result.score > 0.5
    assert score(["kasino"], counts.lookup, trained, params=Params(min_strength=0.2501)).tokens == ()


def test_only_max_tokens_of_the_most_extreme_are_combined() -> None:
    """With max_tokens=2, the two most extreme tokens decide, most extreme first, ties by feature."""
    counts = counts_of({"a": (1, 0), "b": (3, 0), "c": (3, 0), "d": (0, 1)})
    trained = Totals(5, 5)
    result = score(["a", "d", "c", "b"], counts.lookup, trained, params=Params(max_tokens=2))
    assert [token for token, _ in result.tokens] == ["b", "c"]
    assert result.score == combine([f for _, f in result.tokens])


def test_seed_counts_are_blended_by_the_seed_weight() -> None:
    """Each token's f is Robinson's of the site's counts and totals plus the seed's times seed_weight."""
    seed = Seed({feature_hash("kasino"): (30, 10)}, Totals(400, 600), "test")
    site = counts_of({"kasino": (2, 1), "bingo": (3, 0)})
    trained = Totals(4, 6)
    weight = seed_weight(trained, seed.totals)
    assert 0.0 < weight < 1.0
    found = dict(score(["kasino", "bingo"], site.lookup, trained, seed=seed).tokens)
    spam_total, ham_total = 4 + 400 * weight, 6 + 600 * weight
    assert found["kasino"] == pytest.approx(
        token_probability(2 + 30 * weight, 1 + 10 * weight, spam_total, ham_total, DEFAULT_PARAMS)
    )
    assert found["bingo"] == pytest.approx(token_probability(3, 0, spam_total, ham_total, DEFAULT_PARAMS))


def test_a_seed_of_no_weight_is_ignored() -> None:
    """With seed_k 0 the seed says nothing: a token only the seed knows is not even a neutral token."""
    seed = Seed({feature_hash("kasino"): (300, 0)}, Totals(500, 500), "test")
    empty = MemoryCounts()
    result = score(["kasino"], empty.lookup, empty.totals, seed=seed, params=Params(seed_k=0, min_strength=0))
    assert (result.score, result.tokens) == (0.5, ())


def test_a_seed_without_counts_leaves_the_sites_scores() -> None:
    """A seed that knows no token changes no token's f: its totals are not added to the site's."""
    site = counts_of({"kasino": (2, 1), "bingo": (1, 2)})
    trained = Totals(3, 5)
    alone = score(["kasino", "bingo"], site.lookup, trained)
    seeded = score(["kasino", "bingo"], site.lookup, trained, seed=Seed({}, Totals(100, 900), "test"))
    assert seeded == alone


def test_untraining_what_a_class_never_had_names_the_problem() -> None:
    """untrain() of a class never trained, or of features not trained with it, raises ValueError saying so."""
    counts = MemoryCounts()
    with pytest.raises(ValueError, match=r"^untrain: no message of that class was trained$"):
        counts.untrain(["kasino"], spam=True)
    counts.train(["kasino"], spam=True)
    with pytest.raises(ValueError, match=r"^untrain: these features were not trained with that class$"):
        counts.untrain(["bingo"], spam=True)
    counts.train(["kasino"], spam=False)
    with pytest.raises(ValueError, match=r"^untrain: these features were not trained with that class$"):
        counts.untrain(["bingo"], spam=False)
    assert (counts.snapshot(), counts.totals) == ({feature_hash("kasino"): (1, 1)}, Totals(1, 1))
