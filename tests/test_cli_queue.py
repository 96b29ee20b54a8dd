"""The command line on a real SQLite file: submit, moderate, purge, export and erase."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require
from tests.test_cli import EXAMPLE, assert_one_line_error, run

COMMENT = json.loads(EXAMPLE.read_text(encoding="utf-8"))


def comment_file(tmp_path: Path, name: str = "c.json", **changes: object) -> str:
    """Write the example comment with some fields changed; return its path."""
    document = {**COMMENT, **changes}
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A database holding the example comment, submitted once (comment 1, pending)."""
    path = tmp_path / "comments.db"
    result = run("submit", "--db", str(path), str(EXAMPLE))
    assert result.returncode == 3, result.stderr
    return str(path)


def test_submit_creates_the_database_and_stores_the_comment(db: str) -> None:
    """submit makes the SQLite file, stores the comment as pending and queue list shows it."""
    listing = run("queue", "list", "--db", db)
    assert listing.returncode == 0
    assert "Anna Lindqvist" in listing.stdout.splitlines()[1]
    assert "pending" in listing.stdout.splitlines()[1]


def test_moderation_round_trip_with_versions(db: str) -> None:
    """approve at the seen version works; a stale version is a conflict (exit 6); show prints the version."""
    assert run("queue", "approve", "1", "--db", db, "--version", "1", "--actor", "lena").stdout == (
        "comment 1 is approved (version 2)\n"
    )
    stale = run("queue", "spam", "1", "--db", db, "--version", "1")
    assert_one_line_error(stale, 6)
    shown = json.loads(run("queue", "show", "1", "--db", db, "--json").stdout)
    assert (shown["status"], shown["version"]) == ("approved", 2)
    assert shown["audit"][0]["actor"] == "lena"
    assert shown["email"] == "anna@example.se"


def test_show_prints_the_stored_reasons_in_the_chosen_language(db: str) -> None:
    """queue show renders the reasons submit stored in --lang; --json gives code, params, check, message."""
    shown = run("queue", "show", "1", "--db", db, "--lang", "sv")
    assert "reason:         Första kommentaren från den här skribenten. [first_comment]" in shown.stdout
    english = json.loads(run("queue", "show", "1", "--db", db, "--json").stdout)
    assert english["reasons"] == [
        {
            "code": "first_comment",
            "params": {},
            "check": "trusted_author",
            "message": "First comment from this author.",
        }
    ]


def test_list_json_gives_each_comments_reason_codes(db: str) -> None:
    """queue list --json names the reason codes each comment was decided with."""
    listing = json.loads(run("queue", "list", "--db", db, "--json").stdout)
    assert [c["reason_codes"] for c in listing["comments"]] == [["first_comment"]]


def test_spam_and_restore_return_to_the_earlier_status(db: str) -> None:
    """restore takes a spammed comment back to the status it had before (from the audit trail)."""
    run("queue", "approve", "1", "--db", db)
    run("queue", "spam", "1", "--db", db)
    restored = run("queue", "restore", "1", "--db", db, "--json")
    assert json.loads(restored.stdout) == {"id": 1, "status": "approved", "version": 4}


def test_history_in_the_database_drives_the_checks(db: str, tmp_path: Path) -> None:
    """check --db sees the site's history: the same IP again within 15 s is rejected (exit 5)."""
    again = run("check", "--db", db, comment_file(tmp_path, content="En ny kommentar."), "--lang", "sv")
    assert again.returncode == 5
    assert again.stdout == "rejected (429): Du publicerar kommentarer i för hög takt. Ta det lugnare.\n"


def test_duplicate_comment_is_rejected_409(db: str, tmp_path: Path) -> None:
    """The same author posting the same text again, from elsewhere, is a duplicate (exit 5, code 409)."""
    elsewhere = comment_file(tmp_path, email="annan@example.se", request={"ip": "198.51.100.9"})
    result = run("check", "--db", db, elsewhere, "--json")
    assert result.returncode == 5
    assert json.loads(result.stdout)["code"] == 409


def test_local_spam_history_marks_spam_exit_4(db: str, tmp_path: Path) -> None:
    """After a comment is marked spam, another from the same author URL is spam (exit 4)."""
    run("queue", "spam", "1", "--db", db)
    later = comment_file(
        tmp_path, author="Bo", email="bo@example.se", content="Köp billigt!", request={"ip": "198.51.100.9"}
    )
    result = run("submit", "--db", db, later)
    assert result.returncode == 4, result.stdout + result.stderr
    assert result.stdout.startswith("spam as comment 2")


def test_check_does_not_write_to_the_database(db: str, tmp_path: Path) -> None:
    """check --db only reads: the database holds the same comments afterwards."""
    before = Path(db).read_bytes()
    other = comment_file(
        tmp_path, author="Bo", email="bo@example.se", content="Hej!", url="", request={"ip": "198.51.100.7"}
    )
    assert run("check", "--db", db, other).returncode == 3
    assert run("queue", "counts", "--db", db, "--json").stdout == (
        '{"pending": 1, "approved": 0, "spam": 0, "trash": 0}\n'
    )
    assert Path(db).read_bytes()[:100] == before[:100]


def test_privacy_export_and_erase(db: str) -> None:
    """export prints every field of the person's comments; erase anonymizes them as WordPress does."""
    exported = json.loads(run("privacy", "export", "ANNA@example.se", "--db", db).stdout)
    assert exported["comments"][0]["ip"] == "203.0.113.7"
    assert run("privacy", "erase", "anna@example.se", "--db", db, "--lang", "sv").returncode == 0
    shown = json.loads(run("queue", "show", "1", "--db", db, "--json").stdout)
    assert (shown["author"], shown["email"], shown["ip"]) == ("Anonym", "", "203.0.113.0")
    assert shown["content_raw"].startswith("Tack")


def test_purge_and_resanitize_report_counts(db: str) -> None:
    """purge and resanitize run and say how many comments they touched (none are old or stale here)."""
    counts = {"spam": 0, "trash": 0, "spam_confirmed": 0, "ham_confirmed": 0, "tokens_pruned": 0}
    shown = run("queue", "purge", "--db", db, "--json").stdout
    assert shown == json.dumps({**counts, "ips_anonymized": 0}) + "\n"
    assert run("queue", "resanitize", "--db", db).stdout == "re-sanitized 0 comments\n"


def test_delete_then_show_is_not_found(db: str) -> None:
    """A deleted comment is gone: show answers not found (exit 6) in one line."""
    assert run("queue", "delete", "1", "--db", db).returncode == 0
    assert_one_line_error(run("queue", "show", "1", "--db", db), 6)


@pytest.mark.parametrize(
    "command", [("queue", "list"), ("queue", "show", "1"), ("privacy", "export", "a@b.se")]
)
def test_missing_database_is_one_line_exit_7(tmp_path: Path, command: tuple[str, ...]) -> None:
    """A missing database file is named in a one-line error (exit 7) and not created."""
    path = tmp_path / "typo.db"
    assert_one_line_error(run(*command, "--db", str(path)), 7)
    assert not path.exists()


def test_corrupt_database_is_one_line_exit_7(tmp_path: Path) -> None:
    """A file that is not a database gives a one-line error naming it, exit 7."""
    path = tmp_path / "corrupt.db"
    path.write_bytes(b"this is not sqlite" * 100)
    result = run("queue", "list", "--db", str(path))
    assert_one_line_error(result, 7)
    assert "corrupt.db" in result.stderr


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    """A SQLite file of some other application is refused in one line, not altered."""
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (x)")
    assert_one_line_error(run("queue", "list", "--db", str(path)), 7)


def test_read_only_database_can_be_read_but_not_changed(db: str) -> None:
    """With the file and folder read-only, list still works and approve fails in one line (exit 7)."""
    folder = Path(db).parent
    for entry in folder.iterdir():
        entry.chmod(0o444)
    folder.chmod(0o555)
    prefix: list[str] = []
    if os.geteuid() == 0:  # root ignores file modes unless it gives up CAP_DAC_OVERRIDE
        setpriv = shutil.which("setpriv")
        require(setpriv is not None, "run as a non-root user, or install setpriv (util-linux)")
        prefix = [setpriv or "setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    try:
        command = [*prefix, sys.executable, "-m", "commentguard", "queue"]
        listing = subprocess.run([*command, "list", "--db", db], capture_output=True, text=True, check=False)
        approve = subprocess.run(
            [*command, "approve", "1", "--db", db], capture_output=True, text=True, check=False
        )
    finally:
        folder.chmod(0o755)
    assert listing.returncode == 0, listing.stderr
    assert "Anna Lindqvist" in listing.stdout
    assert_one_line_error(
        subprocess.CompletedProcess(approve.args, approve.returncode, approve.stdout, approve.stderr), 7
    )
    assert "read-only" in approve.stderr


@pytest.mark.parametrize(
    "bad", [["queue", "show", "x"], ["queue", "approve", "1"], ["queue", "list", "--db"], ["privacy"]]
)
def test_queue_usage_errors_exit_2(bad: list[str]) -> None:
    """Malformed queue commands (a non-numeric id, a missing --db) are usage errors, exit 2."""
    result = run(*bad)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_hostile_email_and_ids_never_crash(db: str) -> None:
    """Lone surrogates, NUL and huge values in arguments give an answer or a one-line error."""
    for args in (
        ["privacy", "export", "\udcff@x.se"],
        ["privacy", "erase", "a\x01" * 1000],
        ["queue", "show", str(2**70)],
    ):
        result = run(*args, "--db", db)
        assert "Traceback" not in result.stderr
        assert result.returncode in (0, 2, 6, 7)
