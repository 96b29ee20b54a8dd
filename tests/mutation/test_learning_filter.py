"""The learning filter's thresholds, seed and reasons: what mutation testing found unpinned (docs/testing.md).

Against public behaviour only: the score a comment gets is the public ``spamfilter.score`` of its
features against the site's counts and the seed, which the filter compares with its thresholds.
"""

from __future__ import annotations

import pytest

from commentguard import Action, CheckError, LearningFilter
from commentguard.spamfilter import (
    Seed,
    Totals,
    default_seed,
    feature_hash,
    features,
    score,
    weights_config,
)
from tests.checks.helpers import make_draft
from tests.checks.test_learning import SPAMMY, context


def seed_score(text: str) -> float:
    """The exact score of ``text`` on a site that trained nothing, with the shipped seed."""
    return score(features(text, weights_config()), lambda ids: {}, Totals(), seed=default_seed()).score


def test_a_score_exactly_at_the_threshold_is_spam() -> None:
    """The threshold itself files: a comment scoring exactly `threshold` is SPAM."""
    at = seed_score(SPAMMY)
    verdict = LearningFilter(threshold=at).check(make_draft(content=SPAMMY), context())
    assert verdict is not None
    assert (verdict.action, verdict.reason.code) == (Action.SPAM, "learned_spam")


def test_a_score_exactly_at_the_hold_threshold_holds_under_the_filters_name() -> None:
    """A comment scoring exactly `hold_threshold` is held, the reason carrying the filter's own name."""
    at = seed_score(SPAMMY)
    check = LearningFilter(threshold=1.0, hold_threshold=at, name="eget_filter")
    verdict = check.check(make_draft(content=SPAMMY), context())
    assert verdict is not None
    assert (verdict.action, verdict.reason.code, verdict.reason.check) == (
        Action.HOLD,
        "learned_doubt",
        "eget_filter",
    )


def test_the_score_is_reported_to_four_decimals() -> None:
    """The reason's score is the comment's score rounded to four decimals."""
    text = "check out my channel"
    exact = seed_score(text)
    assert round(exact, 4) != round(exact, 5)  # the text's score has more than four
    verdict = LearningFilter().check(make_draft(content=text), context())
    assert verdict is not None
    assert verdict.reason.params["score"] == round(exact, 4)


def test_without_the_seed_an_empty_site_has_no_opinion() -> None:
    """seed=False starts from nothing: spam the shipped seed would file gets no verdict on an empty site."""
    assert LearningFilter().check(make_draft(content=SPAMMY), context()) is not None
    assert LearningFilter(seed=False).check(make_draft(content=SPAMMY), context()) is None


def test_a_pattern_feature_is_shown_by_kind_and_value() -> None:
    """A spammy feature such as "host:youtube.com" appears in the reason as "host youtube.com"."""
    seed = Seed({feature_hash("host:youtube.com"): (100, 0)}, Totals(100, 100), "test")
    verdict = LearningFilter(seed=seed).check(make_draft(content=SPAMMY), context())
    assert verdict is not None
    assert verdict.reason.params["tokens"] == "host youtube.com"


def test_a_threshold_of_one_half_is_refused() -> None:
    """threshold must be above 0.5: 0.5 itself is refused, naming the range and the value."""
    with pytest.raises(CheckError) as raised:
        LearningFilter(threshold=0.5)
    assert str(raised.value) == "LearningFilter threshold must be a number in (0.5, 1], not 0.5"


def test_the_repr_shows_the_settings() -> None:
    """repr() shows both thresholds and whether a seed is used."""
    assert repr(LearningFilter(threshold=0.9, hold_threshold=None, seed=False)) == (
        "LearningFilter(threshold=0.9, hold_threshold=None, seed=False)"
    )
    assert repr(LearningFilter()) == "LearningFilter(threshold=0.98, hold_threshold=0.7, seed=True)"
