"""The store findings of issue 10, re-measured: erased bytes left on disk, and racing twins.

Run from the repository root (``PYTHONPATH=other/src`` measures another checkout the same way)::

    python benchmarks/store_audit.py erase                    # SQLite: copies left after erase
    python benchmarks/store_audit.py erase --secure-delete-off
    python benchmarks/store_audit.py hostile                  # store API calls that disagree
    python benchmarks/store_audit.py cpu                      # the store's part of submit()
    python benchmarks/store_audit.py race --rounds 200        # SQLite: both twins stored?
    python benchmarks/store_audit.py race --rounds 200 --url postgresql+psycopg://...

``erase`` submits 300 comments from 30 commenters through ``CommentGuard.submit`` into a
SQLite file, moderates some, opens a second connection and leaves it idle, erases one
commenter's personal data, and counts that commenter's email, IP, user agent and name in the
raw bytes of the database file, its ``-wal`` and its ``-shm`` while the site still runs.
``--secure-delete-off`` sets ``PRAGMA secure_delete=0`` on every new connection first, to
stand for a SQLite built without it (Debian's turns it on).

``hostile`` makes 42 calls of the store API with huge, negative, ``None`` and wrongly typed
ids, limits and days on ``MemoryStore`` and a SQLite ``SQLStore`` (and ``--url``'s store), and
counts the calls on which the stores disagree or one raises a raw ``OverflowError`` or a
SQLAlchemy error.

``cpu`` measures the store's CPU time per comment the way ``submit()`` used it before issue 10
(``history()``, then ``add()``: two transactions) against ``add_checked`` (one), with and
without a form-token record, in seven interleaved rounds of 300 on a SQLite file.

``race`` starts two processes that submit the same comment (same post, name, email, IP)
at the same instant, ``--rounds`` times, each round a new commenter, and counts the rounds
in which both were stored. For PostgreSQL it drops the commentguard tables of ``--url``
first: give it a scratch database.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sqlite3
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from commentguard import CommentGuard, MemoryStore, NewComment, Rejected, RequestInfo, Status, sanitize
from commentguard.store import SQLStore

EMAIL, IP, AGENT, NAME = "erika.eraseme@example.se", "198.51.100.77", "EraseMeBrowser/9.9", "Erika Eraseme"


def _secure_delete_off() -> None:
    """Make every new SQLite connection start with secure_delete off, as a default build does."""
    connect = sqlite3.connect

    def without_secure_delete(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn: sqlite3.Connection = connect(*args, **kwargs)
        conn.execute("PRAGMA secure_delete = 0")
        return conn

    sqlite3.connect = without_secure_delete  # type: ignore[assignment]


def erase_leftovers(folder: Path, *, count: int = 300) -> dict[str, int]:
    """Copies of the erased commenter's data in the files of a running site (see the module docs)."""
    path = folder / "comments.db"
    now = [datetime(2026, 5, 1, 12, 0, tzinfo=timezone.utc)]
    store = SQLStore(f"sqlite:///{path}")
    guard = CommentGuard(store=store, clock=lambda: now[0])
    for n in range(count):
        person = n % 30
        target = person == 0
        form = {
            "post_id": f"post-{n % 4}",
            "author": NAME if target else f"Skribent {person}",
            "email": EMAIL if target else f"skribent{person}@example.se",
            "content": f"Tack för inlägget, nummer {n}! <b>Bra</b> skrivet.",
        }
        request = RequestInfo(
            ip=IP if target else f"192.0.2.{person}", user_agent=AGENT if target else "Mozilla/5.0"
        )
        outcome = guard.submit(form, request)
        if n % 3 == 0 and outcome.status is Status.PENDING:
            guard.moderation.approve(outcome.comment.id, expected_version=1, actor="lena")
        now[0] += timedelta(seconds=20)
    idle = sqlite3.connect(path)
    idle.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opened, read, now idle
    try:
        erased = guard.admin.erase_personal_data(EMAIL)
        assert erased == count // 30, erased
        found = {}
        for suffix in ("", "-wal", "-shm"):
            file = Path(f"{path}{suffix}")
            data = file.read_bytes() if file.exists() else b""
            for needle in (EMAIL, IP, AGENT, NAME):
                found[f"{needle} in {file.name}"] = data.count(needle.encode())
        return found
    finally:
        idle.close()
        store.close()


def _twin(url: str, rounds: int, start: Any, results: Any) -> None:
    """Submit round ``r``'s comment the moment the other twin is ready, ``rounds`` times."""
    stored = 0
    with SQLStore(url) as store:
        guard = CommentGuard(store=store)
        for r in range(rounds):
            form = {
                "post_id": f"race-{r}",
                "author": f"Tvilling {r}",
                "email": f"twin{r}@example.se",
                "content": f"Samma ord, omgång {r}.",
            }
            request = RequestInfo(ip=f"10.9.{r // 250}.{r % 250}")
            start.wait()
            try:
                guard.submit(form, request)
                stored += 1
            except Rejected:
                pass
    results.put(stored)


def double_stores(url: str, rounds: int = 200) -> int:
    """Rounds in which both of two racing identical submissions were stored (see the module docs)."""
    if not url.startswith("sqlite"):
        from sqlalchemy import create_engine, text

        from commentguard.store import _schema

        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text(f"DROP TABLE IF EXISTS {', '.join(_schema.metadata.tables)}"))
        engine.dispose()
    SQLStore(url).close()  # create the schema before the race
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(2), context.Queue()
    twins = [context.Process(target=_twin, args=(url, rounds, start, results)) for _ in range(2)]
    for twin in twins:
        twin.start()
    stored = [results.get(timeout=600) for _ in twins]
    for twin in twins:
        twin.join()
    with SQLStore(url) as store:
        doubled = sum(1 for r in range(rounds) if sum(store.counts(f"race-{r}").values()) > 1)
    assert sum(stored) == rounds + doubled, (stored, doubled)
    return doubled


def _hostile_calls() -> dict[str, Any]:
    """Calls with the numbers issue 10 item 11 found mishandled (each takes a store)."""
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    huge = 2**70
    return {
        "get huge": lambda s: s.get(huge),
        "get None": lambda s: s.get(None),
        "get str": lambda s: s.get("1"),
        "get -1": lambda s: s.get(-1),
        "list limit huge": lambda s: s.list(limit=2**63),
        "list limit None": lambda s: s.list(limit=None),
        "list limit 0": lambda s: s.list(limit=0),
        "list limit True": lambda s: s.list(limit=True),
        "list limit 2.5": lambda s: s.list(limit=2.5),
        "list status nope": lambda s: s.list(status="nope"),
        "list cursor 5": lambda s: s.list(cursor=5),
        "transition huge": lambda s: s.transition(huge, to=Status.APPROVED, expected_version=1, actor="a"),
        "transition None": lambda s: s.transition(None, to=Status.APPROVED, expected_version=1, actor="a"),
        "transition version huge": lambda s: s.transition(
            1, to=Status.APPROVED, expected_version=huge, actor="a"
        ),
        "transition version None": lambda s: s.transition(
            1, to=Status.APPROVED, expected_version=None, actor="a"
        ),
        "delete huge": lambda s: s.delete(huge, expected_version=1, actor="a"),
        "delete version huge": lambda s: s.delete(1, expected_version=huge, actor="a"),
        "transitions huge": lambda s: s.transitions(huge),
        "transitions None": lambda s: s.transitions(None),
        "reasons huge": lambda s: s.reasons(huge),
        "stale limit huge": lambda s: s.stale("x", limit=huge),
        "stale after huge": lambda s: s.stale("x", after_id=huge),
        "stale after None": lambda s: s.stale("x", after_id=None),
        "by_email after huge": lambda s: s.by_email("a@b.se", after_id=huge),
        "by_email limit None": lambda s: s.by_email("a@b.se", limit=None),
        "erase huge, None, str": lambda s: s.erase([huge, None, "x"]),
        "erase None": lambda s: s.erase(None),
        "purge days huge": lambda s: s.purge(now, spam_days=huge),
        "purge days -1": lambda s: s.purge(now, spam_days=-1),
        "purge days '3'": lambda s: s.purge(now, spam_days="3"),
        "replace_content huge": lambda s: s.replace_content(huge, sanitize("x"), "p"),
        "untrained limit huge": lambda s: s.untrained(Status.SPAM, before=now, limit=huge),
        "untrained after huge": lambda s: s.untrained(Status.SPAM, before=now, after_id=huge),
        "prune at_most huge": lambda s: s.prune_tokens(now, at_most=huge),
        "prune at_most None": lambda s: s.prune_tokens(now, at_most=None),
        "lesson huge": lambda s: s.lesson(huge),
        "token_counts huge": lambda s: s.token_counts([huge]),
        "token_counts None": lambda s: s.token_counts(None),
        "add parent huge": lambda s: s.add(_comment(parent_id=huge)),
        "counts None": lambda s: s.counts(None),
        "public None": lambda s: s.public(None),
        "history since None": lambda s: s.history(_comment(), since=None),
    }


def _comment(**fields: Any) -> NewComment:
    content = "Tack!"
    values: dict[str, Any] = {
        "post_id": "p",
        "author": "Anna",
        "email": "anna@example.se",
        "content_raw": content,
        "content": sanitize(content),
        "policy_version": "p1",
        "created_at": datetime(2026, 1, 1, tzinfo=timezone.utc),
        "ip": "203.0.113.7",
    }
    values.update(fields)
    return NewComment(**values)


def hostile_disagreements(folder: Path, url: str = "") -> tuple[int, int]:
    """(calls on which the stores disagree or one leaks a raw error, calls made)."""
    stores: dict[str, Any] = {"memory": MemoryStore(), "sqlite": SQLStore(f"sqlite:///{folder / 'h.db'}")}
    if url:
        stores["url"] = SQLStore(url)
    raw = {"OverflowError", "ArgumentError", "StatementError", "DataError", "ProgrammingError"}
    for store in stores.values():
        store.add(_comment())
    bad = 0
    calls = _hostile_calls()
    for call in calls.values():
        answers = set()
        for store in stores.values():
            try:
                call(store)
                answers.add("ok")
            except Exception as exc:  # the answer is the exception's type
                answers.add(type(exc).__name__)
        bad += len(answers) > 1 or bool(answers & raw)
    for store in stores.values():
        getattr(store, "close", lambda: None)()
    return bad, len(calls)


def store_cpu(folder: Path, rounds: int = 7, per_round: int = 300) -> dict[str, list[float]]:
    """CPU µs per comment of the three ways to store one (see the module docs), per round."""
    store = SQLStore(f"sqlite:///{folder / 'cpu.db'}")
    clock = [datetime(2026, 1, 1, tzinfo=timezone.utc)]

    def comment(n: int) -> NewComment:
        clock[0] += timedelta(seconds=1)
        person = n % 200
        text = f"text {n}"
        sender = {"author": f"A{person}", "email": f"a{person}@example.se", "ip": f"10.0.{person}.1"}
        return _comment(**sender, content_raw=text, content=sanitize(text), created_at=clock[0])

    def judge(history: Any, fresh: bool) -> tuple[Status, tuple[()]]:
        return Status.PENDING, ()

    def two(n: int) -> None:
        new = comment(n)
        store.history(new, since=clock[0] - timedelta(days=1))
        store.add(new)

    def one(n: int) -> None:
        store.add_checked(comment(n), judge, since=clock[0] - timedelta(days=1))

    def one_with_token(n: int) -> None:
        token = (f"{n:032x}", clock[0] + timedelta(days=1))
        store.add_checked(comment(n), judge, since=clock[0] - timedelta(days=1), token=token)

    ways = {"history() + add()": two, "add_checked": one, "add_checked + token record": one_with_token}
    found: dict[str, list[float]] = {name: [] for name in ways}
    n = 0
    for _ in range(rounds):
        for name, way in ways.items():
            started = time.process_time()
            for _ in range(per_round):
                way(n)
                n += 1
            found[name].append((time.process_time() - started) / per_round * 1e6)
    store.close()
    return found


def main() -> None:
    """Run one reproducer and print its figure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["cpu", "erase", "hostile", "race"])
    parser.add_argument("--secure-delete-off", action="store_true")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--url", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.what == "erase":
            if args.secure_delete_off:
                _secure_delete_off()
            found = erase_leftovers(Path(folder))
            for where, n in found.items():
                print(f"{n:5d}  {where}")
            print(f"total copies after erase: {sum(found.values())}")
        elif args.what == "cpu":
            for name, figures in store_cpu(Path(folder)).items():
                low, mid, high = min(figures), statistics.median(figures), max(figures)
                print(f"{name:28s} {mid:5.0f} µs per comment [{low:.0f}-{high:.0f}]")
        elif args.what == "hostile":
            bad, made = hostile_disagreements(Path(folder), args.url)
            print(f"hostile store calls that disagree or leak a raw error: {bad} of {made}")
        else:
            url = args.url or f"sqlite:///{Path(folder) / 'race.db'}"
            doubled = double_stores(url, args.rounds)
            print(f"double stores: {doubled} of {args.rounds} rounds ({url.split(':')[0]})")


if __name__ == "__main__":
    main()
