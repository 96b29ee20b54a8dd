"""``commentguard spam evaluate``: the learning filter replayed over a real site's moderated history."""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from commentguard import CommentGuard, LearningFilter, RequestInfo, SQLStore, Status
from commentguard.cli._spam import _Progress
from tests.test_cli import assert_one_line_error, run

MONTHS = (datetime(2026, 1, 5, 9, tzinfo=timezone.utc), datetime(2026, 2, 3, 9, tzinfo=timezone.utc),
          datetime(2026, 3, 2, 9, tzinfo=timezone.utc))  # fmt: skip
HAM = (
    "Tack för ett fint inlägg om {0}, jag håller med om det mesta du skriver.",
    "Intressant läsning om {0}. Vi hade samma diskussion i vår förening förra året.",
    "Thanks for the write-up on {0}; the part about the budget was new to me.",
    "Jag undrar hur {0} påverkar skolorna i kommunen, vet du mer om det?",
)
SPAM = (
    "Cheap pills online, buy viagra now at the best discount pharmacy, free shipping {0}",
    "Check out my channel and subscribe!!! I make music videos every week {0}",
    "WINNER! You have won a 1000 cash prize, call 09061701461 now to claim {0}",
    "Earn money from home, make $500 a day with this simple trick, click here {0}",
)
TOPICS = ("budgeten", "skolan", "bussarna", "biblioteket", "parken", "vården")
PER_MONTH = 12  # ham and spam each; two more a month stay pending
DEFAULT = str(LearningFilter(seed=False).threshold)


def build_history(path: Path) -> dict[str, dict[str, int]]:
    """Three months of comments on a real SQLite file, moderated; what each month holds."""
    clock = [MONTHS[0]]
    guard = CommentGuard(store=SQLStore(f"sqlite:///{path}"), clock=lambda: clock[0])
    expected: dict[str, dict[str, int]] = {}
    n = 0
    for start in MONTHS:
        month = {"spam": 0, "ham": 0, "unjudged": 0}
        for k in range(2 * PER_MONTH + 2):
            n += 1
            clock[0] = start + timedelta(hours=5 * k)
            spam = k % 2 == 1 and k < 2 * PER_MONTH
            text = (SPAM if spam else HAM)[k % 4].format(TOPICS[n % len(TOPICS)] if not spam else n)
            form = {
                "post_id": "p1",
                "author": f"Person {n}",
                "email": f"person.{n}@example.se",
                "content": text,
            }
            comment = guard.submit(form, RequestInfo(ip=f"198.18.0.{n}")).comment
            if k >= 2 * PER_MONTH:
                month["unjudged"] += 1
            elif spam:
                guard.moderation.mark_spam(comment.id, expected_version=comment.version, actor="lena")
                month["spam"] += 1
            else:
                guard.moderation.approve(comment.id, expected_version=comment.version, actor="lena")
                month["ham"] += 1
        expected[start.strftime("%Y-%m")] = month
    guard.store.close()  # type: ignore[attr-defined]
    return expected


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, int]]]:
    """A moderated three-month history in a SQLite file, and what each month holds."""
    path = tmp_path_factory.mktemp("site") / "comments.db"
    return path, build_history(path)


def test_evaluate_replays_month_by_month(history: tuple[Path, dict[str, dict[str, int]]]) -> None:
    """Each month is counted as moderated and scored by a filter trained only on the months before."""
    path, expected = history
    result = run("spam", "evaluate", "--db", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress bar when standard error is not a terminal
    report = json.loads(result.stdout)
    months = report["months"]
    assert [m["month"] for m in months] == list(expected)
    for month in months:
        assert {k: month[k] for k in ("spam", "ham", "unjudged")} == expected[month["month"]]
        assert month["comments"] == 2 * PER_MONTH + 2
    assert [m["trained_before"] for m in months] == [
        {"spam": 0, "ham": 0},
        {"spam": PER_MONTH, "ham": PER_MONTH},
        {"spam": 2 * PER_MONTH, "ham": 2 * PER_MONTH},
    ]
    last = months[-1]["thresholds"][DEFAULT]
    assert last["filed_spam"] >= PER_MONTH // 2  # it learned this site's spam
    assert last["false_positives"] == 0
    assert report["total"]["comments"] == 3 * (2 * PER_MONTH + 2)


def test_evaluate_prints_a_table_and_a_second_threshold(
    history: tuple[Path, dict[str, dict[str, int]]],
) -> None:
    """The text report has a row per month and a total; --threshold adds a column beside the default."""
    path, _ = history
    result = run("spam", "evaluate", "--db", str(path), "--threshold", "0.9")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert f"filed@{DEFAULT}" in lines[1]
    assert "filed@0.9 " in lines[1]
    assert [line.split()[0] for line in lines[2:6]] == ["2026-01", "2026-02", "2026-03", "total"]
    loose = json.loads(run("spam", "evaluate", "--db", str(path), "--threshold", "0.9", "--json").stdout)
    for month in loose["months"]:
        assert month["thresholds"]["0.9"]["filed"] >= month["thresholds"][DEFAULT]["filed"]


def test_evaluate_never_writes_the_database(history: tuple[Path, dict[str, dict[str, int]]]) -> None:
    """The replay learns in memory: the site's file and its trained counts are left exactly as they were."""
    path, _ = history
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with SQLStore(f"sqlite:///{path}", migrate=False) as store:
        trained = store.trained_totals()
    assert run("spam", "evaluate", "--db", str(path), "--no-seed", "--json").returncode == 0
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    with SQLStore(f"sqlite:///{path}", migrate=False) as store:
        assert store.trained_totals() == trained


def test_missing_unreadable_and_foreign_databases_are_one_line_errors(tmp_path: Path) -> None:
    """A missing file, a directory, random bytes, an empty file and another program's SQLite file: exit 7."""
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(bytes(range(256)) * 64)
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    for db in (tmp_path / "missing.db", tmp_path, garbage, empty, foreign):
        assert_one_line_error(run("spam", "evaluate", "--db", str(db)), 7)


def test_a_database_with_nothing_moderated_is_not_found(tmp_path: Path) -> None:
    """No comments, or only pending ones, leave nothing to evaluate: a one-line error, exit 6."""
    path = tmp_path / "comments.db"
    SQLStore(f"sqlite:///{path}").close()
    assert_one_line_error(run("spam", "evaluate", "--db", str(path)), 6)
    guard = CommentGuard(store=SQLStore(f"sqlite:///{path}"))
    form = {"post_id": "p", "author": "Anna", "email": "anna@example.se", "content": "Hej"}
    assert guard.submit(form, RequestInfo(ip="198.18.0.1")).status is Status.PENDING
    guard.store.close()  # type: ignore[attr-defined]
    assert_one_line_error(run("spam", "evaluate", "--db", str(path)), 6)


@pytest.mark.parametrize("value", ["1.5", "0.5", "abc", "nan"])
def test_a_bad_threshold_is_a_usage_error(
    history: tuple[Path, dict[str, dict[str, int]]], value: str
) -> None:
    """--threshold outside (0.5, 1] or not a number is refused before anything is read: exit 2."""
    path, _ = history
    result = run("spam", "evaluate", "--db", str(path), "--threshold", value)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_evaluate_needs_a_database() -> None:
    """Without --db the command is a usage error (exit 2)."""
    assert run("spam", "evaluate").returncode == 2


@pytest.mark.parametrize("with_rich", [True, False])
def test_the_progress_bar_draws_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch, with_rich: bool) -> None:
    """On a terminal the bar (rich, or a plain line without it) draws and clears; elsewhere nothing."""
    if not with_rich:
        monkeypatch.setitem(sys.modules, "rich.progress", None)  # as if rich were not installed

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal, pipe = Terminal(), io.StringIO()
    for stream in (terminal, pipe):
        progress = _Progress(10, stream)
        progress.advance(4, "2026-01")
        progress.advance(6, "2026-02")
        progress.close()
    assert terminal.getvalue()
    assert pipe.getvalue() == ""
