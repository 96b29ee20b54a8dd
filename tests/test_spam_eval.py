"""The spam evaluation of issue 9 at CI size: a few hundred labelled comments through the real pipeline.

The full protocol is ``benchmarks/spam_eval.py`` (minutes); this runs its replay on one shuffle
and the first comments of each set, and asserts what a broken pipeline would get wrong.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.spam_eval_data import DATA, FoldRun, Run, fold_seed, folds, load
from benchmarks.spam_eval_replay import expected_trained, run_set, summary
from benchmarks.spam_model_eval import FeatureCache

from commentguard import Label, SQLStore, Status
from tests.conftest import require

SMOKE = {"youtube": 500, "sms": 600}  # about 100 comments a video; SMS's spam is rarer (13 %)
SHUFFLE = 1
HOW = f"put the labelled spam data (youtube.json, sms.json) at {DATA} to run the spam evaluation smoke test"


@pytest.fixture(scope="module")
def replays(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Run, list[FoldRun]]]:
    """Each set replayed once (immediate moderation, shuffle 1, the first SMOKE comments), stores kept."""
    require((DATA / "youtube.json").is_file() and (DATA / "sms.json").is_file(), HOW)
    youtube, sms = load("youtube"), load("sms")
    cache = FeatureCache()
    directory = tmp_path_factory.mktemp("spam-eval")
    out = {}
    for name in ("youtube", "sms"):
        set_folds = folds(name, youtube, sms)
        seeds = {fold.name: fold_seed(fold, cache) for fold in set_folds}
        out[name] = run_set(
            name, set_folds, seeds, scenario="immediate", shuffle=SHUFFLE, directory=directory,
            limit=SMOKE[name], cache=cache, baseline=False, keep=True,
        )  # fmt: skip
    return out


@pytest.mark.parametrize("name", ["youtube", "sms"])
def test_the_filter_files_spam_and_spares_ham(
    replays: dict[str, tuple[Run, list[FoldRun]]], name: str
) -> None:
    """Through submit, the learning filter files at least 40 % of the spam and at most 2 % of the ham."""
    run, _ = replays[name]
    figures = summary(run.records)
    assert figures["spam"] > 50
    assert figures["ham"] > 200
    assert figures["spam_filed_by_filter"] >= 0.40, figures
    assert figures["ham_filed"] <= 0.02, figures


@pytest.mark.parametrize("name", ["youtube", "sms"])
def test_no_comment_is_lost(replays: dict[str, tuple[Run, list[FoldRun]]], name: str) -> None:
    """Every submitted comment is either stored (with the status it was recorded with) or rejected."""
    run, fold_runs = replays[name]
    assert len(run.records) == SMOKE[name]
    for fold_run in fold_runs:
        assert fold_run.path is not None
        with SQLStore(f"sqlite:///{fold_run.path}", migrate=False) as store:
            stored = sum(store.counts().values())
        rejected = sum(r.status in ("rejected", "invalid") for r in fold_run.records)
        assert stored + rejected == len(fold_run.records)


@pytest.mark.parametrize("name", ["youtube", "sms"])
def test_every_decision_is_trained_once(replays: dict[str, tuple[Run, list[FoldRun]]], name: str) -> None:
    """trained_totals() equals the moderator's decisions and a recount of every comment's lesson."""
    _, fold_runs = replays[name]
    for fold_run in fold_runs:
        assert fold_run.trained == expected_trained(fold_run.decisions)
        assert fold_run.path is not None
        with SQLStore(f"sqlite:///{fold_run.path}", migrate=False) as store:
            recount = {Label.SPAM: 0, Label.HAM: 0}
            for comment_id in range(1, sum(store.counts().values()) + 1):
                comment, lesson = store.get(comment_id), store.lesson(comment_id)
                # New authors are always held, so every approved comment was approved by the moderator.
                assert lesson is {Status.SPAM: Label.SPAM, Status.APPROVED: Label.HAM}[comment.status]
                recount[lesson] += 1
            assert store.trained_totals() == (recount[Label.SPAM], recount[Label.HAM]) == fold_run.trained


def test_no_fold_seed_saw_the_comments_it_scores() -> None:
    """Each YouTube fold's seed is built from the other videos and SMS only; SMS's from YouTube only."""
    require((DATA / "youtube.json").is_file() and (DATA / "sms.json").is_file(), HOW)
    youtube, sms = load("youtube"), load("sms")
    cache = FeatureCache()
    youtube_folds = folds("youtube", youtube, sms)
    assert sorted(f.name for f in youtube_folds) == sorted({i.group for i in youtube})
    for fold in [*youtube_folds, *folds("sms", youtube, sms)]:
        scored = set(map(id, fold.items))
        assert not any(id(item) in scored for item in fold.seed_items)
        assert fold.name not in {item.group for item in fold.seed_items}
        assert {item.group for item in fold.items} == {fold.name}
        seed = fold_seed(fold, cache)
        spam = sum(item.spam for item in fold.seed_items)
        assert (seed.totals.spam, seed.totals.ham) == (spam, len(fold.seed_items) - spam)
    (sms_fold,) = folds("sms", youtube, sms)
    assert {item.group for item in sms_fold.seed_items} == {i.group for i in youtube}


def test_daily_moderation_resolves_everything(tmp_path: Path) -> None:
    """Deciding once a simulated day still makes every decision, and each trains exactly once."""
    require((DATA / "youtube.json").is_file() and (DATA / "sms.json").is_file(), HOW)
    youtube, sms = load("youtube"), load("sms")
    set_folds = folds("sms", youtube, sms)
    seeds = {fold.name: fold_seed(fold) for fold in set_folds}
    run, (fold_run,) = run_set(
        "sms", set_folds, seeds, scenario="daily", shuffle=2, directory=tmp_path, limit=200,
        baseline=False, keep=True,
    )  # fmt: skip
    assert fold_run.path is not None
    with SQLStore(f"sqlite:///{fold_run.path}", migrate=False) as store:
        counts = store.counts()
        assert counts[Status.PENDING] == 0
        assert (
            store.trained_totals()
            == expected_trained(run.decisions)
            == (counts[Status.SPAM], counts[Status.APPROVED])
        )
