"""What the learning filter costs per comment, in CPU time, beside one validate() call.

Issue 9's budget: scoring a comment, and training one moderator decision, each add at most the
CPU time of one ``validate()``. Every round runs each contender once over the same realistic
comments (Swedish seed text, some spam), in shuffled order, and times it with
``time.process_time`` (CPU, not wall clock: this machine is shared). Printed: median [min-max]
microseconds per comment, and the per-round ratio against ``validate()``.

    python benchmarks/spam_cost.py [--rounds 15] [--comments 200]

* ``score``: the ``LearningFilter`` check on a SQLite store that has learned 400 decisions
  (features, two lookups, Fisher combining).
* ``train``: a moderator's approve with its lesson, minus the same approve without one (the
  added work: features, hashing, token upserts in the same transaction).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from commentguard import (
    CheckContext,
    Draft,
    History,
    Label,
    LearningFilter,
    NewComment,
    RequestInfo,
    SQLStore,
    Status,
    sanitize,
    validate,
)
from commentguard.moderation import lesson_for

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
SPAM = [
    "Check out my channel for free giveaways!!! subscribe now http://example.com/win",
    "WINNER! You have won a 1000 kr prize. Call 0701234567 to claim, txt WIN to 87121",
]
NOW = datetime(2026, 5, 1, tzinfo=timezone.utc)


def texts(count: int) -> list[str]:
    """Realistic comment texts: paragraphs of our users' posts, with some spam mixed in."""
    paragraphs = [p.strip() for f in sorted(SEEDS.glob("*.txt")) for p in f.read_text().split("\n\n")]
    paragraphs = [p[:600] for p in paragraphs if len(p) > 40] or ["Tack för ett fint inlägg! " * 10]
    rng = random.Random(7)
    return [rng.choice(SPAM) if n % 5 == 0 else rng.choice(paragraphs) for n in range(count)]


def form(text: str, n: int) -> dict[str, str]:
    """A comment form as a blog posts it."""
    return {"post_id": "inlagg", "author": f"Läsare {n}", "email": f"l{n}@example.se", "content": text}


def new_comment(text: str, n: int) -> NewComment:
    """The NewComment the pipeline would build for ``text``."""
    submission = validate(form(text, n), RequestInfo(ip="198.18.0.1"))
    return NewComment.from_submission(submission, sanitize(text), policy_version="bench", created_at=NOW)


def main() -> None:
    """Run the rounds and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--comments", type=int, default=200)
    args = parser.parse_args()
    corpus = texts(args.comments)
    with tempfile.TemporaryDirectory() as tmp, SQLStore(f"sqlite:///{tmp}/bench.db") as store:
        for n, text in enumerate(texts(400)):  # a site with some history
            added = store.add(new_comment(f"{text} {n}", n))
            label = Label.SPAM if text in SPAM else Label.HAM
            to = Status.SPAM if label is Label.SPAM else Status.APPROVED
            store.transition(added.id, to=to, expected_version=1, actor="m", lesson=lesson_for(added, label))
        check = LearningFilter()
        submission = validate(form("x", 0), RequestInfo(ip="198.18.0.1"))
        drafts = [Draft(submission, new_comment(text, n)) for n, text in enumerate(corpus)]
        forms = [form(text, n) for n, text in enumerate(corpus)]

        def run_validate() -> None:
            for fields in forms:
                validate(fields, RequestInfo(ip="198.18.0.1"))

        def run_score() -> None:
            for draft in drafts:
                context = CheckContext(now=NOW, history=_no_history, token_stats=lambda: store)
                check.check(draft, context)

        def run_moves(*, teach: bool) -> Callable[[], None]:
            def run() -> None:
                for draft in drafts:
                    saved = store.add(draft.comment)
                    lesson = lesson_for(saved, Label.HAM) if teach else None
                    store.transition(
                        saved.id, to=Status.APPROVED, expected_version=1, actor="m", lesson=lesson
                    )

            return run

        contenders = {
            "validate": run_validate,
            "score": run_score,
            "approve+lesson": run_moves(teach=True),
            "approve": run_moves(teach=False),
        }
        times: dict[str, list[float]] = {name: [] for name in contenders}
        order = list(contenders)
        for _ in range(args.rounds):
            random.shuffle(order)
            for name in order:
                started = time.process_time()
                contenders[name]()
                times[name].append((time.process_time() - started) / len(corpus) * 1e6)
    _report(times)


def _no_history() -> History:
    return History(trusted=False, last_comment_at=None, duplicate_id=None, spam_count=0, parent=None)


def _report(times: dict[str, list[float]]) -> None:
    per_round_train = [a - b for a, b in zip(times["approve+lesson"], times["approve"], strict=True)]
    rows = {"validate": times["validate"], "score": times["score"], "train (added)": per_round_train}
    base = times["validate"]
    print(f"{'contender':<16} {'µs/comment CPU, median [min-max]':<36} ratio to validate, median [min-max]")
    for name, values in rows.items():
        ratios = [v / b for v, b in zip(values, base, strict=True)]
        print(
            f"{name:<16} {statistics.median(values):8.1f} [{min(values):.1f}-{max(values):.1f}]"
            f"{'':<14} {statistics.median(ratios):.2f} [{min(ratios):.2f}-{max(ratios):.2f}]"
        )


if __name__ == "__main__":
    main()
