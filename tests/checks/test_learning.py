"""The learning filter check: files spam it is sure of, with why; never approves; never fails on text."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commentguard import (
    Action,
    CheckError,
    Draft,
    Label,
    LearningFilter,
    Lesson,
    MemoryStore,
    Status,
    sanitize,
)
from commentguard.checks import CheckContext
from commentguard.spamfilter import HOLD_THRESHOLD, SPAM_THRESHOLD, Totals, features, score
from tests.checks.helpers import NOW, make_draft, make_history

SPAMMY = "Hey guys check out my new channel and subscribe!! http://www.youtube.com/user/xyz"
HAMMY = "Tack för ett fint inlägg om Finspång! Vi var där i somras och höll med om allt du skriver."


def draft_of(text: str) -> Draft:
    """A draft whose comment holds ``text`` sanitized, whatever validation would say of it."""
    base = make_draft()
    return Draft(base.submission, replace(base.comment, content_raw=text, content=sanitize(text)))


def context(store: MemoryStore | None = None) -> CheckContext:
    """A check context whose token statistics come from ``store`` (none without one)."""
    return CheckContext(now=NOW, history=make_history, token_stats=lambda: store)


def trained(*lessons: tuple[str, Label]) -> MemoryStore:
    """A store that learned each (text, label) from a moderator."""
    from commentguard.moderation import lesson_for

    store = MemoryStore()
    for text, label in lessons:
        comment = store.add(make_draft(content=text).comment)
        status = Status.SPAM if label is Label.SPAM else Status.APPROVED
        store.transition(
            comment.id, to=status, expected_version=1, actor="m", lesson=lesson_for(comment, label)
        )
    return store


def test_spam_the_seed_knows_is_filed_with_its_score_and_words() -> None:
    """On an empty site the shipped seed alone files classic channel spam, and the reason says why."""
    verdict = LearningFilter().check(make_draft(content=SPAMMY), context())
    assert verdict is not None
    assert verdict.action is Action.SPAM
    reason = verdict.reason
    assert (reason.code, reason.check) == ("learned_spam", "learning_filter")
    assert isinstance(reason.params["score"], float)
    assert reason.params["score"] >= SPAM_THRESHOLD
    assert reason.params["threshold"] == SPAM_THRESHOLD == 0.98
    assert "subscribe" in str(reason.params["tokens"]).split(", ")
    assert "0.98" in reason.message("sv")


def test_ham_has_no_opinion_and_the_filter_never_approves() -> None:
    """A reader's ordinary Swedish comment gets no verdict at all: the filter only ever files spam."""
    assert LearningFilter().check(make_draft(content=HAMMY), context()) is None


def test_what_the_moderators_taught_moves_the_score() -> None:
    """Words the site's moderators marked as spam make a new comment spam that the seed alone lets by."""
    text = "Köp billiga solglasögon hos oss idag, rabattkod SOMMAR hos solbutiken"
    assert LearningFilter(seed=False).check(make_draft(content=text), context()) is None
    store = trained(
        *[
            (f"Köp billiga solglasögon idag {n}, rabattkod SOMMAR{n} hos solbutiken", Label.SPAM)
            for n in range(6)
        ],
        *[(f"{HAMMY} {n}", Label.HAM) for n in range(6)],
    )
    verdict = LearningFilter(seed=False).check(make_draft(content=text), context(store))
    assert verdict is not None
    assert verdict.action is Action.SPAM


def test_a_higher_threshold_files_less() -> None:
    """With the threshold at 1.0 no score is high enough: the knob is honoured."""
    verdict = LearningFilter(threshold=1.0, hold_threshold=None).check(make_draft(content=SPAMMY), context())
    assert verdict is None


@pytest.mark.parametrize("threshold", [0.5, 0, -1, 1.01, True, "0.9", float("nan")])
def test_a_bad_threshold_is_refused(threshold: object) -> None:
    """A threshold outside (0.5, 1] or not a number is a CheckError at construction."""
    with pytest.raises(CheckError, match="threshold"):
        LearningFilter(threshold=threshold)  # type: ignore[arg-type]


def site_with_decisions(count: int) -> MemoryStore:
    """A site whose moderators trained ``count`` comments: spam about sunglasses, the rest ham."""
    spam = [(f"Köp billiga solglasögon idag {n}, rabattkod SOMMAR{n}", Label.SPAM) for n in range(count // 2)]
    ham = [(f"{HAMMY} {n}", Label.HAM) for n in range(count - count // 2)]
    return trained(*spam, *ham)


DOUBTFUL = "billiga solglasögon"  # scores about 0.7 on that site: doubtful, not sure


def test_a_doubtful_comment_is_held_with_its_score() -> None:
    """Between the hold threshold and the threshold the filter answers HOLD, with learned_doubt's params."""
    check = LearningFilter(threshold=1.0, hold_threshold=0.51, seed=False)
    verdict = check.check(draft_of(DOUBTFUL), context(site_with_decisions(50)))
    assert verdict is not None
    assert verdict.action is Action.HOLD
    params = verdict.reason.params
    assert (verdict.reason.code, params["hold_threshold"], params["threshold"]) == (
        "learned_doubt",
        0.51,
        1.0,
    )
    assert 0.51 <= float(params["score"]) < 1.0  # type: ignore[arg-type]
    assert "solglasögon" in str(params["tokens"]).split(", ")
    assert "0.51" in verdict.reason.message("sv")


def test_no_hold_threshold_never_holds() -> None:
    """hold_threshold=None turns the band off: the same doubtful comment gets no opinion."""
    check = LearningFilter(threshold=1.0, hold_threshold=None, seed=False)
    assert check.check(draft_of(DOUBTFUL), context(site_with_decisions(50))) is None


def test_the_hold_thresholds_default_is_documented() -> None:
    """The literal default is 0.7, and default_checks passes its knob through to the filter."""
    from commentguard import default_checks

    assert LearningFilter().hold_threshold == HOLD_THRESHOLD == 0.7
    (learning,) = [c for c in default_checks(spam_hold_threshold=0.8) if isinstance(c, LearningFilter)]
    assert learning.hold_threshold == 0.8


@pytest.mark.parametrize("hold", [0.5, 0.98, 0.99, True, "0.7", float("nan"), -1])
def test_a_bad_hold_threshold_is_refused(hold: object) -> None:
    """A hold threshold not above 0.5 and below the threshold, or not a number, is a CheckError."""
    with pytest.raises(CheckError, match="hold_threshold"):
        LearningFilter(hold_threshold=hold)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300), st.sampled_from([0.55, 0.7, 0.9]))
def test_the_verdict_follows_the_score_bands(text: str, hold: float) -> None:
    """SPAM from the threshold, HOLD from the hold threshold, else none: by the score."""
    store = SITE
    verdict = LearningFilter(hold_threshold=hold).check(draft_of(text), context(store))
    from commentguard.spamfilter import default_seed, weights_config

    spam, ham = store.trained_totals()
    expected = score(
        features(str(sanitize(text)), weights_config()),
        store.token_counts,
        Totals(spam, ham),
        seed=default_seed(),
    )
    action = None if verdict is None else verdict.action
    if expected.score >= SPAM_THRESHOLD:
        assert action is Action.SPAM
    elif expected.score >= hold:
        assert action is Action.HOLD
    else:
        assert action is None


SITE = site_with_decisions(50)


@pytest.mark.parametrize(
    "content",
    ["x", "", "a" * 65_525, "😀" * 5000, "Hej Привет مرحبا 你好 שלום", "nul\x00\x00text\x00", "<b>" * 3000],
)
def test_hostile_text_scores_without_error(content: str) -> None:
    """Huge, all-emoji, mixed-script and NUL-laden comments score: a verdict or none, never an error."""
    verdict = LearningFilter().check(draft_of(content), context(trained((SPAMMY, Label.SPAM))))
    assert verdict is None or verdict.action in (Action.SPAM, Action.HOLD)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gets_a_spam_or_hold_verdict_or_none(text: str) -> None:
    """For any text the filter answers SPAM from its threshold, HOLD in the band below it, or nothing."""
    verdict = LearningFilter().check(draft_of(text), context())
    if verdict is not None:
        found = float(verdict.reason.params["score"])  # type: ignore[arg-type]
        if verdict.action is Action.SPAM:
            assert found >= SPAM_THRESHOLD
        else:
            assert verdict.action is Action.HOLD
            assert HOLD_THRESHOLD <= found <= SPAM_THRESHOLD  # the reason rounds to 4 places


def test_lessons_validate_their_tokens() -> None:
    """A Lesson keeps 64-bit int tokens, deduplicated and sorted, and refuses anything else."""
    assert Lesson(Label.HAM, (3, 1, 3)).tokens == (1, 3)
    with pytest.raises(TypeError):
        Lesson(Label.HAM, (2**63,))
    with pytest.raises(TypeError):
        Lesson("ham", (1,))  # type: ignore[arg-type]


def test_a_seed_with_weights_makes_the_filter_read_character_ngrams() -> None:
    """With weights on an n-gram of 'kasino' the filter files 'kasinoo'; with counts alone it cannot."""
    from commentguard.spamfilter import Seed, Weights, feature_hash

    mask = (1 << 8) - 1
    weights = Weights(8, 0.0, {feature_hash("g:^kas") & mask: 60.0}, "test")
    with_weights = LearningFilter(seed=Seed({}, Totals(10, 10), "test", weights=weights), hold_threshold=None)
    without = LearningFilter(seed=Seed({}, Totals(10, 10), "test"), hold_threshold=None)
    verdict = with_weights.check(draft_of("kasinoo"), context())
    assert verdict is not None
    assert verdict.action is Action.SPAM
    assert without.check(draft_of("kasinoo"), context()) is None
