"""Code that runs in the child processes of test_processes.py (importable under "spawn").

Kept light: a child imports commentguard, not pytest or hypothesis.
"""

from __future__ import annotations

import random
import sys
from datetime import datetime, timezone
from multiprocessing.synchronize import Barrier
from typing import Any

from commentguard import Label, Lesson, NewComment, Status, VersionConflict, sanitize
from commentguard.store import SQLStore


def comment(n: int, content: str = "Tack!") -> NewComment:
    """A small valid comment; ``n`` makes the author distinct."""
    return NewComment(
        post_id=f"post-{n % 3}",
        author=f"Skribent {n}",
        email=f"s{n}@example.se",
        content_raw=content,
        content=sanitize(content),
        policy_version="p1",
        created_at=datetime.now(timezone.utc),
        ip=f"192.0.2.{n % 250}",
    )


def open_fresh(url: str, n: int, start: Barrier, results: Any) -> None:
    """Open (and so migrate) the database the moment every sibling is ready, then add one comment."""
    try:
        start.wait()
        with SQLStore(url) as store:
            results.put(("ok", store.add(comment(n)).id))
    except BaseException as exc:  # every failure is reported to the parent
        results.put(("error", f"{type(exc).__name__}: {exc}"))


def add_many(url: str, n: int, count: int, results: Any) -> None:
    """Add ``count`` comments, reporting each id that add() returned."""
    try:
        with SQLStore(url) as store:
            ids = [store.add(comment(n * 1000 + i, f"kommentar {n}-{i}")).id for i in range(count)]
        results.put(("added", ids))
    except BaseException as exc:  # every failure is reported to the parent
        results.put(("error", f"{type(exc).__name__}: {exc}"))


def moderate(url: str, seed: int, count: int, results: Any) -> None:
    """Move the newest comments between statuses with expected versions, retrying on conflicts.

    Reports each successful transition as (comment id, version it produced), and the count
    of conflicts met, after ``count`` successes.
    """
    rng = random.Random(seed)  # noqa: S311 - picks test moves, not secrets
    done: list[tuple[int, int]] = []
    conflicts = 0
    try:
        with SQLStore(url) as store:
            while len(done) < count:
                newest = store.list(limit=4).comments
                if not newest:
                    continue  # the adders have not added anything yet
                target = rng.choice(newest)
                while True:
                    try:
                        moved = store.transition(
                            target.id,
                            to=rng.choice(list(Status)),
                            expected_version=target.version,
                            actor=f"moderator-{seed}",
                        )
                    except VersionConflict:
                        conflicts += 1
                        target = store.get(target.id)
                        continue
                    done.append((moved.id, moved.version))
                    break
        results.put(("moderated", done, conflicts))
    except BaseException as exc:  # every failure is reported to the parent
        results.put(("error", f"{type(exc).__name__}: {exc}"))


SHARED_TOKENS = (-(2**63), *range(-12, 12), 2**63 - 1)
"""The tokens every trainer's comments draw from, so processes update the same counts at once."""


def train_many(url: str, seed: int, count: int, results: Any) -> None:
    """Add 20 comments with tokens of their own, then make ``count`` decisions about them with lessons.

    Each comment keeps one token set; a decision teaches it ham or spam (often changing its mind)
    or nothing. Reports {comment id: (its tokens, the label it should be trained as now)}.
    """
    rng = random.Random(seed)  # noqa: S311 - picks test lessons, not secrets
    try:
        with SQLStore(url) as store:
            tokens: dict[int, tuple[int, ...]] = {}
            versions: dict[int, int] = {}
            labels: dict[int, Label | None] = {}
            for i in range(20):
                saved = store.add(comment(seed * 1000 + i, f"lärande {seed}-{i}"))
                tokens[saved.id] = tuple(rng.sample(SHARED_TOKENS, rng.randint(0, 8)))
                versions[saved.id] = saved.version
                labels[saved.id] = None
            ids = list(tokens)
            for _ in range(count):
                target = rng.choice(ids)
                label = rng.choice([Label.HAM, Label.SPAM, Label.HAM, Label.SPAM, None])
                moved = store.transition(
                    target,
                    to={Label.HAM: Status.APPROVED, Label.SPAM: Status.SPAM, None: Status.PENDING}[label],
                    expected_version=versions[target],
                    actor=f"trainer-{seed}",
                    lesson=None if label is None else Lesson(label, tokens[target]),
                )
                versions[target] = moved.version
                if label is not None:
                    labels[target] = label
        results.put(("trained", {i: (tokens[i], labels[i]) for i in ids}))
    except BaseException as exc:  # every failure is reported to the parent
        results.put(("error", f"{type(exc).__name__}: {exc}"))


def write_until_killed(url: str) -> None:
    """Add comments forever, printing each returned id on its own line as soon as add() returns."""
    content = "<p>" + "lång kommentar " * 2000 + "</p>"  # big rows: the kill lands mid-write more often
    with SQLStore(url) as store:
        n = 0
        while True:
            saved = store.add(comment(n, content))
            sys.stdout.write(f"{saved.id}\n")
            sys.stdout.flush()
            n += 1


if __name__ == "__main__":
    write_until_killed(sys.argv[1])
