"""issue 9's replay protocol: labelled comments through ``CommentGuard.submit`` and a simulated moderator.

Used by ``spam_eval.py`` (the command and its tables) and by the CI smoke test; see that module's
docstring for the protocol.
"""

from __future__ import annotations

import copy
import math
import random
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from ipaddress import IPv4Address
from pathlib import Path

from benchmarks.spam_eval_data import (
    BASELINE_BATCH,
    BASELINE_CONFIG,
    FILED,
    FIRST_NAMES,
    LAST_NAMES,
    MODERATOR,
    SCENARIOS,
    SECRET,
    START,
    TEST_NETWORK,
    Fold,
    FoldRun,
    Item,
    Record,
    Run,
    checks_with,
    order,
)
from benchmarks.spam_model_eval import FeatureCache, Logistic
from commentguard import (
    Comment,
    CommentGuard,
    NewComment,
    Rejected,
    RequestInfo,
    SQLStore,
    Status,
    ValidationFailed,
    sanitize,
)
from commentguard.spamfilter import (
    Seed,
)


class _Clock:
    """The guard's clock, moved by the replay."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass(frozen=True)
class _Pending:
    """A moderator's decision waiting to be made: which comment, as seen, and its true label."""

    comment_id: int
    version: int
    status: Status
    spam: bool


def resolve(guard: CommentGuard, decision: _Pending, tally: Counter[str]) -> None:
    """Make the moderator's decision on one comment (see the module docstring)."""
    moderation, cid, version = guard.moderation, decision.comment_id, decision.version
    if decision.status is Status.PENDING:
        if decision.spam:
            moderation.mark_spam(cid, expected_version=version, actor=MODERATOR)
            tally["mark_spam"] += 1
        else:
            moderation.approve(cid, expected_version=version, actor=MODERATOR)
            tally["approve"] += 1
    elif decision.status is Status.APPROVED:
        if decision.spam:
            moderation.mark_spam(cid, expected_version=version, actor=MODERATOR)
            tally["mark_spam"] += 1
        else:
            tally["left_approved"] += 1  # approved automatically: not trained unless confirmed
    elif decision.spam:  # filed as spam or trash by the checks
        if decision.status is Status.SPAM:
            tally["confirm_spam"] += moderation.confirm_spam([cid], actor=MODERATOR)
        else:
            moderation.mark_spam(cid, expected_version=version, actor=MODERATOR)
            tally["mark_spam"] += 1
    else:
        restored = moderation.restore(cid, expected_version=version, actor=MODERATOR)
        tally["restore"] += 1
        if restored.status is not Status.APPROVED:
            moderation.approve(cid, expected_version=restored.version, actor=MODERATOR)
            tally["approve_restored"] += 1


def expected_trained(tally: Counter[str]) -> tuple[int, int]:
    """(spam, ham) comments the decisions in ``tally`` must have trained."""
    ham = tally["approve"] + tally["approve_restored"] + tally["ham_confirmed"]
    return (tally["mark_spam"] + tally["confirm_spam"], ham)


def daily_purge(
    guard: CommentGuard, now: datetime, published: list[tuple[int, datetime]], tally: Counter[str]
) -> None:
    """The site's daily housekeeping: what ``guard.admin.purge(ham_days=1)`` learns, for the replay.

    Comments the checks approved and nobody changed for a day are trained as ham, exactly as
    purge's ``ham_days`` step does (``confirm_ham(older_than=...)``), but only the replayed ones:
    the trusted scenario's earlier comments are stand-ins whose training is not modelled (one
    repeated text, trained a thousand times, would distort the counts). Nothing is deleted.
    """
    cutoff = now - timedelta(days=1)
    due = [comment_id for comment_id, made in published if made < cutoff]
    tally["ham_confirmed"] += guard.moderation.confirm_ham(due, actor="purge", older_than=cutoff)
    published[:] = [(comment_id, made) for comment_id, made in published if made >= cutoff]


def replay_fold(
    items: Sequence[Item],
    seed: Seed,
    *,
    scenario: str,
    shuffle: int,
    directory: Path,
    name: str = "fold",
    keep: bool = False,
) -> FoldRun:
    """Submit ``items`` in this order to a guard on a fresh SQLite file and moderate them.

    ``keep`` leaves the store's file for the caller (``FoldRun.path``); otherwise it is deleted.
    """
    if scenario not in SCENARIOS:
        raise ValueError(f"scenario must be one of {SCENARIOS}, not {scenario!r}")
    path = directory / f"{name}-{scenario}-{shuffle}.db"
    path.unlink(missing_ok=True)
    store = SQLStore(f"sqlite:///{path}")
    clock = _Clock(START)
    guard = CommentGuard(store=store, checks=checks_with(seed), secret=SECRET, clock=clock)
    timing = random.Random(f"timing-{shuffle}-{name}")
    names = random.Random(f"names-{shuffle}-{name}")
    records: list[Record] = []
    tally: Counter[str] = Counter()
    waiting: list[_Pending] = []
    published: list[tuple[int, datetime]] = []  # approved by the checks alone: let stand after a day
    posted = START
    day = posted.date()
    for n, item in enumerate(items, start=1):
        posted += timedelta(seconds=timing.uniform(60, 20 * 60))
        if posted.date() != day:
            clock.now = datetime(posted.year, posted.month, posted.day, tzinfo=timezone.utc)
            for decision in waiting:
                resolve(guard, decision, tally)
            waiting.clear()
            daily_purge(guard, clock.now, published, tally)
            day = posted.date()
        first = names.choice(FIRST_NAMES)
        author, email = f"{first} {names.choice(LAST_NAMES)} {n}", f"{first.lower()}.{n}@example.se"
        ip = str(IPv4Address(TEST_NETWORK + n))
        if scenario == "trusted":
            earlier = posted - timedelta(days=7)
            store.add(
                NewComment(
                    post_id=item.group,
                    author=author,
                    email=email,
                    content_raw="Thanks for this!",
                    content=sanitize("Thanks for this!", guard.policy),
                    policy_version=guard.policy.version,
                    created_at=earlier,
                    ip=ip,
                    status=Status.APPROVED,
                )
            )
        clock.now = posted - timedelta(seconds=timing.uniform(30, 600))
        form: dict[str, object] = {
            "post_id": item.group,
            "author": author,
            "email": email,
            "content": item.text,
        }
        form.update(guard.form_token(item.group))
        clock.now = posted
        request = RequestInfo(ip=ip, user_agent="Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Firefox/128.0")
        try:
            outcome = guard.submit(form, request)
        except Rejected as exc:
            records.append(Record(item.spam, "rejected", _checks(exc.reasons), n, str(sanitize(item.text))))
            continue
        except ValidationFailed:
            records.append(Record(item.spam, "invalid", (), n, str(sanitize(item.text))))
            continue
        stored: Comment = outcome.comment
        records.append(
            Record(item.spam, outcome.status.value, _checks(outcome.reasons), n, str(stored.content))
        )
        decision = _Pending(stored.id, stored.version, stored.status, item.spam)
        if stored.status is Status.APPROVED:
            published.append((stored.id, stored.created_at))
        if scenario == "daily":
            waiting.append(decision)
        else:
            resolve(guard, decision, tally)
    clock.now = posted + timedelta(days=1)
    for decision in waiting:
        resolve(guard, decision, tally)
    trained = store.trained_totals()
    store.close()
    if not keep:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return FoldRun(records, tally, trained, path if keep else None)


def _checks(reasons: Iterable[object]) -> tuple[str, ...]:
    return tuple(str(getattr(reason, "check", "")) for reason in reasons)


_PRETRAINED: dict[tuple[str, int], Logistic] = {}


def baseline_scores(
    fold: Fold, records: Sequence[Record], cache: FeatureCache, batch: int = BASELINE_BATCH
) -> list[float]:
    """The baseline's score of each record in replay order; decisions reach it every ``batch``."""
    key = (fold.name, len(fold.seed_items))
    if key not in _PRETRAINED:
        model = Logistic()
        for item in fold.seed_items:  # the same items the fold's seed was built from
            model.train(cache(str(sanitize(item.text)), BASELINE_CONFIG), item.spam)
        _PRETRAINED[key] = model
    model = copy.deepcopy(_PRETRAINED[key])
    scores: list[float] = []
    waiting: list[tuple[list[str], bool]] = []
    for record in records:
        tokens = cache(record.text, BASELINE_CONFIG)
        scores.append(model.score(tokens))
        if record.status not in ("rejected", "invalid"):  # the moderator decides every stored one
            waiting.append((tokens, record.spam))
        if len(waiting) >= batch:
            for tokens_, spam in waiting:
                model.train(tokens_, spam)
            waiting.clear()
    return scores


def rate_at_ham(scored: Sequence[tuple[float, bool]], ham_rate: float) -> float:
    """The share of spam the best threshold files while filing at most ``ham_rate`` of the ham."""
    ham = sorted((s for s, spam in scored if not spam), reverse=True)
    allowed = math.floor(ham_rate * len(ham) + 1e-9)
    cut = ham[allowed] if allowed < len(ham) else -1.0
    spam = [s for s, is_spam in scored if is_spam]
    return sum(s > cut for s in spam) / max(len(spam), 1)


def run_set(
    name: str,
    set_folds: Sequence[Fold],
    seeds: dict[str, Seed],
    *,
    scenario: str,
    shuffle: int,
    directory: Path,
    limit: int | None = None,
    cache: FeatureCache | None = None,
    baseline: bool = True,
    keep: bool = False,
) -> tuple[Run, list[FoldRun]]:
    """Replay one set once: the whole set shuffled, the first ``limit`` kept, each fold on its own store."""
    started = time.process_time()
    everything = [item for fold in set_folds for item in fold.items]
    chosen = order(everything, shuffle, limit)
    cache = cache or FeatureCache()
    run = Run()
    fold_runs: list[FoldRun] = []
    scored: list[tuple[float, bool]] = []
    spam = ham = 0
    for fold in set_folds:
        members = set(map(id, fold.items))
        items = [item for item in chosen if id(item) in members]
        if not items:
            continue
        result = replay_fold(
            items, seeds[fold.name], scenario=scenario, shuffle=shuffle, directory=directory,
            name=f"{name}-{fold.name}", keep=keep,
        )  # fmt: skip
        fold_runs.append(result)
        run.records.extend(result.records)
        run.decisions.update(result.decisions)
        spam, ham = spam + result.trained[0], ham + result.trained[1]
        run.fold_sizes.append(len(items))
        if baseline and scenario == "immediate":
            scores = baseline_scores(fold, result.records, cache)
            scored.extend((s, r.spam) for s, r in zip(scores, result.records, strict=True))
    run.trained = (spam, ham)
    if scored:
        run.baseline = rate_at_ham(scored, summary(run.records)["ham_filed"])
    run.cpu = time.process_time() - started
    return run, fold_runs


def summary(records: Sequence[Record]) -> dict[str, float]:
    """The protocol's figures for one run (shares 0-1, per-1,000 figures as such)."""
    spam = [r for r in records if r.spam]
    ham = [r for r in records if not r.spam]
    n_spam, n_ham = max(len(spam), 1), max(len(ham), 1)
    return {
        "spam": len(spam),
        "ham": len(ham),
        "spam_filed": sum(r.status in FILED for r in spam) / n_spam,
        "ham_filed": sum(r.status in FILED for r in ham) / n_ham,
        "spam_filed_by_filter": sum(r.status in FILED and "learning_filter" in r.checks for r in spam)
        / n_spam,
        "spam_rejected": sum(r.status == "rejected" for r in spam),
        "ham_rejected": sum(r.status == "rejected" for r in ham),
        "invalid": sum(r.status == "invalid" for r in records),
        "spam_pending_per_1000": 1000 * sum(r.status == Status.PENDING.value for r in spam) / n_spam,
        "spam_published_per_1000": 1000 * sum(r.status == Status.APPROVED.value for r in spam) / n_spam,
        "ham_published_per_1000": 1000 * sum(r.status == Status.APPROVED.value for r in ham) / n_ham,
    }
