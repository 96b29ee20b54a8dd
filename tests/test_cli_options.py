"""The command's options: numbers range-checked (exit 2, one line), global options anywhere, --version."""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import commentguard
from commentguard.cli import main
from commentguard.cli._options import MAX_ID, whole_number
from tests.test_cli import EXAMPLE, assert_one_line_error, run


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database holding the example comment (comment 1, pending); the tests below never change it."""
    path = tmp_path_factory.mktemp("options") / "comments.db"
    assert main(["submit", "--db", str(path), str(EXAMPLE)]) == 3
    return str(path)


def usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run main() with ``argv``; assert it stopped with exit 2 and one stderr line; return that line."""
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


HUGE = str(2**63)
DIGITS = "9" * 5000


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["queue", "list", "--limit", "9223372036854775807"], "--limit: must be from 1 to 10000"),
        (["queue", "list", "--limit", "0"], "--limit: must be from 1 to 10000"),
        (["queue", "list", "--limit", "-5"], "--limit: must be from 1 to 10000"),
        (["queue", "list", "--limit", DIGITS], "'99999999999999999999...'"),
        (["queue", "list", "--limit", "1e3"], "--limit: must be a whole number"),
        (["queue", "list", "--limit", "\u0661\u0662"], "--limit: must be a whole number"),  # Arabic-Indic 12
        (["queue", "list", "--limit", "5\x00"], "--limit: must be a whole number"),
        (["queue", "list", "--limit", ""], "--limit: must be a whole number"),
        (["queue", "purge", "--spam-days", "99999999999"], "--spam-days: must be from 0 to 36500"),
        (["queue", "purge", "--spam-days", "-1"], "--spam-days: must be from 0 to 36500"),
        (["queue", "purge", "--trash-days", "-1"], "--trash-days: must be from 0 to 36500"),
        (["queue", "purge", "--anonymize-ips-days", DIGITS], "--anonymize-ips-days: must be from 0"),
        (["queue", "show", HUGE], f"id: must be from 1 to {MAX_ID}"),
        (["queue", "show", "0"], f"id: must be from 1 to {MAX_ID}"),
        (["queue", "show", "\udcff"], "id: must be a whole number, not '\\udcff'"),
        (["queue", "approve", "1", "--version", HUGE], f"--version: must be from 1 to {MAX_ID}"),
        (["queue", "delete", "-1"], "id: must be from 1"),
        (["queue", "restore", DIGITS], "id: must be from 1"),
        (["spam", "evaluate", "--threshold", "nan"], "--threshold"),
    ],
)
def test_numeric_options_out_of_range_are_one_line_exit_2(
    argv: list[str], fragment: str, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every numeric option refuses huge, negative, zero, non-ASCII and non-numeric values before any work."""
    err = usage_error([*argv, "--db", db], capsys)
    assert fragment in err


def test_huge_numbers_through_the_real_command_are_usage_errors_not_tracebacks(db: str) -> None:
    """The audit's reproducers (--limit 2**63-1, --spam-days 99999999999) are exit 2, not an OverflowError."""
    for args in (
        ["queue", "list", "--limit", "9223372036854775807"],
        ["queue", "purge", "--spam-days", "99999999999"],
        ["queue", "show", HUGE],
    ):
        result = run(*args, "--db", db)
        assert result.returncode == 2, result.stderr
        assert result.stderr.count("\n") == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert "Overflow" not in result.stderr


def test_negative_days_do_not_delete_fresh_spam(tmp_path: Path) -> None:
    """--spam-days -1 is refused and the spam marked a moment ago is still there; 0 (all spam) is allowed."""
    path = str(tmp_path / "c.db")
    assert run("submit", "--db", path, str(EXAMPLE)).returncode == 3
    assert run("queue", "spam", "1", "--db", path).returncode == 0
    refused = run("queue", "purge", "--spam-days", "-1", "--db", path)
    assert refused.returncode == 2
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM comments").fetchone() == (1,)
    purged = run("queue", "purge", "--spam-days", "0", "--json", "--db", path)
    assert purged.returncode == 0, purged.stderr
    assert json.loads(purged.stdout)["spam"] == 1


def test_boundary_values_are_accepted(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The ends of each range are valid: --limit 10000, --spam-days 36500, id 2**63-1 (not found, exit 6)."""
    assert main(["queue", "list", "--limit", "10000", "--json", "--db", db]) == 0
    assert len(json.loads(capsys.readouterr().out)["comments"]) == 1
    assert main(["queue", "list", "--limit", " +1 ", "--db", db]) == 0
    assert main(["queue", "show", str(MAX_ID), "--db", db]) == 6
    assert "9223372036854775807" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["--db", "{db}", "queue", "counts"],
        ["queue", "--db", "{db}", "counts"],
        ["queue", "counts", "--db", "{db}"],
        ["--db", "/nonexistent/overridden.db", "queue", "counts", "--db", "{db}"],
    ],
)
def test_global_options_are_accepted_on_either_side_of_the_command(
    argv: list[str], db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--db before the command, between the command and its subcommand, or after it: the same result."""
    assert main([part.format(db=db) for part in argv] + ["--json"]) == 0
    assert json.loads(capsys.readouterr().out)["pending"] == 1


def test_lang_and_json_before_the_command_reach_it(db: str) -> None:
    """`commentguard --lang sv --json queue --db F show 1` gives the reasons in Swedish, as JSON."""
    result = run("--lang", "sv", "--json", "queue", "--db", db, "show", "1")
    assert result.returncode == 0, result.stderr
    [reason] = json.loads(result.stdout)["reasons"]
    assert reason["message"] == "Första kommentaren från den här skribenten."


def test_an_option_after_the_command_is_not_overwritten_by_a_default(db: str) -> None:
    """An option given only before the command keeps its value: no subcommand resets it to the default."""
    result = run("--lang", "sv", "queue", "show", "1", "--db", db)
    assert "Första kommentaren" in result.stdout


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["queue", "list"], "queue list needs --db FILE"),
        (["submit", "-"], "submit needs --db FILE"),
        (["privacy", "erase", "a@b.se"], "privacy erase needs --db FILE"),
        (["spam", "evaluate"], "spam evaluate needs --db FILE"),
        (["--db", "x.db", "sanitize"], "sanitize takes no --db"),
        (["policy", "--db", "x.db"], "policy takes no --db"),
        (["--lang", "fi", "queue", "list"], "invalid choice: 'fi'"),
        (["queue", "--lang", "fi", "list"], "invalid choice: 'fi'"),
    ],
)
def test_missing_refused_or_bad_global_options_are_usage_errors(
    argv: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A command that needs --db says so, one that cannot use it refuses it, and a bad --lang is refused."""
    assert fragment in usage_error(argv, capsys)


def test_version_prints_the_package_version() -> None:
    """`commentguard --version` prints the installed version and exits 0 (real process)."""
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout == f"commentguard {commentguard.__version__}\n"


def test_moderation_version_option_is_still_the_comment_version(db: str) -> None:
    """`queue approve 1 --version 2` is still the comment's expected version (a conflict here)."""
    result = run("queue", "approve", "1", "--version", "2", "--db", db)
    assert_one_line_error(result, 6)


def test_sanitize_json_gives_the_content_and_policy_version() -> None:
    """`commentguard --json sanitize` prints the sanitized HTML and the policy version as one JSON object."""
    result = run("--json", "sanitize", stdin=b"<b onclick=x>hej</b><script>alert(1)</script>")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document == {"content": "<b>hej</b>", "policy_version": commentguard.WORDPRESS_POLICY.version}


@given(st.text(max_size=30) | st.integers(min_value=-(2**70), max_value=2**70).map(str))
def test_a_whole_number_option_gives_a_value_in_range_or_a_usage_error(value: str) -> None:
    """Any text given to a ranged option is a number in the range or an ArgumentTypeError, nothing else."""
    parse = whole_number(1, MAX_ID)
    number, refusal = None, ""
    try:
        number = parse(value)
    except argparse.ArgumentTypeError as refused:
        refusal = str(refused)
    if number is None:
        assert refusal.startswith("must be")
    else:
        assert 1 <= number <= MAX_ID
        assert number == int(value)
