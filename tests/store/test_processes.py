"""Real processes on one real SQLite file: concurrent opening, adding, moderating, training, a SIGKILL.

Training also runs on PostgreSQL when COMMENTGUARD_TEST_POSTGRES_URL is set.
"""

from __future__ import annotations

import multiprocessing
import signal
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from commentguard import Label, Status
from commentguard.store import SQLStore, _migrations
from tests.conftest import require
from tests.store import _workers
from tests.store.test_contract import HOW_TO_ENABLE_POSTGRES, POSTGRES_URL, drop_commentguard_tables

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def processes() -> Any:
    """A multiprocessing context whose children start without re-importing commentguard.

    A fork server imports the workers once and forks each child from that clean,
    single-threaded process: no connection is inherited, and starting twelve children costs
    milliseconds instead of twelve interpreter start-ups. Spawn where there is no fork server.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.store._workers"])
    return context


def _collect(context: Any, jobs: list[tuple[Any, tuple[Any, ...]]]) -> list[tuple[Any, ...]]:
    """Run every (function, args) in its own process at once; return their reports, failing on any error."""
    results = context.Queue()
    children = [context.Process(target=target, args=(*args, results)) for target, args in jobs]
    for child in children:
        child.start()
    reports = [results.get(timeout=120) for _ in children]
    for child in children:
        child.join(timeout=120)
    assert [r for r in reports if r[0] == "error"] == []
    assert [child.exitcode for child in children] == [0] * len(children)
    return reports


def test_twelve_processes_open_a_fresh_file_at_once(tmp_path: Path, processes: Any) -> None:
    """Twelve processes creating one new file at the same moment all succeed, and it is migrated once."""
    url = f"sqlite:///{tmp_path / 'comments.db'}"
    start = processes.Barrier(12)
    reports = _collect(processes, [(_workers.open_fresh, (url, n, start)) for n in range(12)])
    assert len({r[1] for r in reports}) == 12
    with sqlite3.connect(tmp_path / "comments.db") as conn:
        assert conn.execute("SELECT version FROM schema_version").fetchall() == [(_migrations.LATEST,)]
        assert conn.execute("SELECT count(*) FROM comments").fetchone() == (12,)


def test_adders_and_moderators_lose_nothing_and_apply_nothing_twice(tmp_path: Path, processes: Any) -> None:
    """Eight processes add while four moderate: every comment kept, every transition audited exactly once."""
    url = f"sqlite:///{tmp_path / 'comments.db'}"
    SQLStore(url).close()
    jobs: list[tuple[Any, tuple[Any, ...]]] = [(_workers.add_many, (url, n, 60)) for n in range(8)]
    jobs += [(_workers.moderate, (url, seed, 40)) for seed in range(4)]
    reports = _collect(processes, jobs)

    added = [i for r in reports if r[0] == "added" for i in r[1]]
    moves = [move for r in reports if r[0] == "moderated" for move in r[1]]
    assert len(added) == len(set(added)) == 480
    assert len(moves) == len(set(moves)) == 160  # no (comment, version) produced twice

    with SQLStore(url) as store:
        assert sum(store.counts().values()) == 480
        audited = Counter[int]()
        for comment_id in added:
            comment = store.get(comment_id)
            trail = store.transitions(comment_id)
            audited[comment_id] += len(trail)
            assert comment.version == 1 + len(trail)
            statuses = [Status.PENDING, *(t.to_status for t in trail)]
            assert [t.from_status for t in trail] == statuses[:-1]
            assert comment.status is statuses[-1]
    assert +audited == Counter(comment_id for comment_id, _ in moves)


def test_a_killed_writer_loses_no_returned_comment(tmp_path: Path) -> None:
    """SIGKILL to a process mid-write loses no comment whose add() had returned; the file stays intact."""
    path = tmp_path / "comments.db"
    url = f"sqlite:///{path}"
    reported: list[int] = []
    for _ in range(3):
        with subprocess.Popen(
            [sys.executable, "-m", "tests.store._workers", url], cwd=ROOT, stdout=subprocess.PIPE
        ) as child:
            assert child.stdout is not None
            lines = [child.stdout.readline() for _ in range(40)]
            child.send_signal(signal.SIGKILL)
            lines += child.stdout.read().splitlines(keepends=True)
        assert child.returncode == -signal.SIGKILL
        reported += [int(line) for line in lines if line.endswith(b"\n")]  # a cut-off line was never reported
    assert len(reported) >= 120
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with SQLStore(url) as store:
        for comment_id in reported:
            assert store.get(comment_id).id == comment_id


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a new, empty database: a SQLite file, or the scratch PostgreSQL database emptied."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'comments.db'}"
    require(bool(POSTGRES_URL), HOW_TO_ENABLE_POSTGRES)
    drop_commentguard_tables(POSTGRES_URL)
    return POSTGRES_URL


def test_trainers_in_four_processes_count_every_comment_once(database_url: str, processes: Any) -> None:
    """Four processes making 200 decisions with lessons each on shared tokens: counts equal a recount."""
    SQLStore(database_url).close()
    reports = _collect(processes, [(_workers.train_many, (database_url, seed, 200)) for seed in range(4)])
    trained = {i: plan for r in reports for i, plan in r[1].items()}
    assert len(trained) == 80
    spam, ham = Counter[int](), Counter[int]()
    with SQLStore(database_url) as store:
        labels = {i: store.lesson(i) for i in trained}
        assert labels == {i: label for i, (_, label) in trained.items()}
        for i, (tokens, _) in trained.items():
            if labels[i] is not None:
                (spam if labels[i] is Label.SPAM else ham).update(tokens)
        assert store.trained_totals() == (
            sum(label is Label.SPAM for label in labels.values()),
            sum(label is Label.HAM for label in labels.values()),
        )
        expected = {t: (spam[t], ham[t]) for t in spam.keys() | ham.keys()}
        assert dict(store.token_counts(_workers.SHARED_TOKENS)) == expected
