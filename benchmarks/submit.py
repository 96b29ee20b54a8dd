"""Comments per second through ``CommentGuard.submit()`` against validate + sanitize alone.

Run from the repository root::

    python benchmarks/submit.py            # 2,000 comments each way
    python benchmarks/submit.py --count 5000

``submit()`` here does everything a site does: validation, sanitizing, every built-in check
(both word lists with 200 entries each, the honeypot, the signed form token, link limit,
trusted author, flood, duplicate, replies, closing, spam history) and a durable insert into
a fresh SQLite file (WAL, ``BEGIN IMMEDIATE``). Comments are cut from the seed blog posts in
``../shared/seeds/`` when that folder exists, else from generated Swedish-like text. 200
commenters post in turn, one second apart on the guard's injected clock, so the history
queries find earlier comments but nobody floods. Target: at least 500 ``submit()`` per
second in one process.
"""

from __future__ import annotations

import argparse
import random
import re
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from commentguard import (
    CommentGuard,
    RequestInfo,
    Settings,
    Status,
    default_checks,
    sanitize,
    validate,
)
from commentguard.store import SQLStore

SECRET = "benchmark-only-secret"  # noqa: S105 - signs nothing outside this run
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"
AUTHORS = 200
POSTS = ("plan-for-handling", "finspang", "samverkan", "budget-2027")
_VOCABULARY = """och att det som en på är för med till av inte om har de kommunen samverkan
verksamhet utbildning stöd arbete behov förutsättningar människor tillsammans politik
förvaltning nämnd ordförande chef medarbetare utveckling kvalitet uppföljning resultat tack bra"""
WORDS = tuple(_VOCABULARY.split())


def seed_paragraphs(rng: random.Random) -> list[str]:
    """Comment-sized pieces of the seed posts, or generated text when the seeds are absent."""
    pieces: list[str] = []
    if SEEDS.is_dir():
        for path in sorted(SEEDS.glob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            pieces += [p.strip() for p in re.split(r"\n\s*\n", text) if 40 <= len(p.strip()) <= 1500]
    if len(pieces) < 20:
        pieces = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 120))).capitalize() + "."
            for _ in range(200)
        ]
    return pieces


def make_comments(count: int, rng: random.Random) -> list[tuple[dict[str, str], RequestInfo]]:
    """``count`` distinct forms with their requests; a few carry markup and links, as real ones do."""
    pieces = seed_paragraphs(rng)
    comments = []
    for n in range(count):
        author = n % AUTHORS
        content = f"{rng.choice(pieces)} ({n})"
        if n % 5 == 0:
            content = f"<b>Tack!</b> {content} <i>Mvh</i>"
        if n % 7 == 0:
            content += " Läs mer på https://example.se/artikel"
        form = {
            "post_id": POSTS[n % len(POSTS)],
            "author": f"Skribent {author}",
            "email": f"skribent{author}@example.se",
            "url": "",
            "content": content,
        }
        request = RequestInfo(ip=f"10.0.{author}.7", user_agent="Mozilla/5.0 (X11; Linux)")
        comments.append((form, request))
    return comments


def word_list(rng: random.Random, prefix: str) -> list[str]:
    """200 plausible entries, none of which the seed text contains."""
    return [f"{prefix}{rng.randrange(10**6):06d}" for _ in range(199)] + ["203.0.113.0/24"]


def rate(run: Callable[[], None], count: int) -> tuple[float, float]:
    """Comments per second for ``run`` handling ``count`` comments, and its CPU time per comment (µs)."""
    started, cpu = time.perf_counter(), time.process_time()
    run()
    return count / (time.perf_counter() - started), (time.process_time() - cpu) / count * 1e6


def main() -> None:
    """Measure both ways in one run and print the figures and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=2000, help="comments per measurement (default 2000)")
    parser.add_argument("--seed", type=int, default=20260501, help="random seed")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    comments = make_comments(args.count, rng)
    request_form = Settings(honeypot_field="website2")

    def baseline() -> None:
        for form, request in comments:
            sanitize(validate(form, request, request_form).content)

    start = datetime(2026, 5, 1, 12, 0, tzinfo=timezone.utc)
    now = [start]
    statuses: dict[Status, int] = dict.fromkeys(Status, 0)
    with tempfile.TemporaryDirectory() as folder, SQLStore(f"sqlite:///{Path(folder) / 'bench.db'}") as store:
        checks = default_checks(
            moderation_words=word_list(rng, "modword"), disallowed_words=word_list(rng, "badword")
        )
        guard = CommentGuard(
            store=store, checks=checks, settings=request_form, secret=SECRET, clock=lambda: now[0]
        )
        tokens = [guard.form_token(form["post_id"]) for form, _ in comments]  # one per comment, as forms
        now[0] += timedelta(seconds=10)

        def submit() -> None:
            for (form, request), token in zip(comments, tokens, strict=True):
                outcome = guard.submit({**form, **token, "website2": ""}, request)
                statuses[outcome.status] += 1
                now[0] += timedelta(seconds=1)

        plain, _ = rate(baseline, len(comments))
        full, cpu = rate(submit, len(comments))
    source = "seed posts" if SEEDS.is_dir() else "generated text"
    mean = sum(len(form["content"]) for form, _ in comments) // len(comments)
    print(f"{len(comments)} comments from {source}, mean {mean} characters")
    print(f"validate + sanitize:            {plain:8.0f} comments/s")
    print(f"submit() (all checks, SQLite):  {full:8.0f} comments/s")
    print(f"ratio submit / validate+sanitize: {full / plain:.2f}")
    print(f"submit() CPU per comment: {cpu:.0f} µs")
    print("statuses: " + ", ".join(f"{status.value} {n}" for status, n in statuses.items()))


if __name__ == "__main__":
    main()
