"""How many comments per second one process can add to, and moderate in, a SQLite SQLStore.

Run: ``python benchmarks/store_throughput.py`` (``--count N`` comments, default 2000;
``--db PATH`` to measure on a particular disk, default a temporary directory).
Each add and each transition is its own write transaction (``BEGIN IMMEDIATE``, WAL,
``synchronous=NORMAL``), as a blog's requests make them. Prints adds/s, transitions/s,
history()/s (what every submit asks) and get()/s.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from commentguard import NewComment, SQLStore, Status, sanitize

CONTENT = (
    "Tack för ett <b>mycket</b> bra inlägg! Jag har själv funderat på det här länge, "
    "och <i>särskilt</i> det du skriver om planen känns klokt. Mer här: https://example.se/"
)


def comment(n: int, start: datetime) -> NewComment:
    """A seed-like comment: Swedish text, one link, a few authors and IPs."""
    return NewComment(
        post_id=f"inlagg-{n % 20}",
        author=f"Läsare {n % 50}",
        email=f"lasare{n % 50}@example.se",
        content_raw=CONTENT + str(n),
        content=sanitize(CONTENT + str(n)),
        policy_version="bench",
        created_at=start + timedelta(milliseconds=n),
        ip=f"198.51.100.{n % 200}",
        user_agent="Mozilla/5.0 (X11; Linux x86_64)",
    )


def rate(count: int, work: Callable[[int], object]) -> float:
    """Operations per second of ``work(0)`` ... ``work(count - 1)``."""
    began = time.perf_counter()
    for n in range(count):
        work(n)
    return count / (time.perf_counter() - began)


def main() -> None:
    """Measure and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = args.db or Path(scratch) / "bench.db"
        start = datetime.now(timezone.utc)
        comments = [comment(n, start) for n in range(args.count)]  # sanitized before timing
        with SQLStore(f"sqlite:///{path}") as store:
            ids: list[int] = []
            adds = rate(args.count, lambda n: ids.append(store.add(comments[n]).id))
            moves = rate(
                args.count,
                lambda n: store.transition(ids[n], to=Status.APPROVED, expected_version=1, actor="bench"),
            )
            histories = rate(args.count, lambda n: store.history(comments[n]))
            gets = rate(args.count, lambda n: store.get(ids[n]))
    print(f"SQLite SQLStore, one process, {args.count} comments, one transaction each:")
    print(f"  add()         {adds:8.0f} /s")
    print(f"  transition()  {moves:8.0f} /s")
    print(f"  history()     {histories:8.0f} /s")
    print(f"  get()         {gets:8.0f} /s")


if __name__ == "__main__":
    main()
