"""The command's counts read right in English and Swedish: "1 comment", "0 kommentarer", not "1 comments"."""

from __future__ import annotations

from pathlib import Path

import pytest

from commentguard.cli import main
from tests.test_cli import EXAMPLE, run


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A database holding the example comment, submitted once (comment 1, pending)."""
    path = str(tmp_path / "comments.db")
    assert main(["submit", "--db", path, str(EXAMPLE)]) == 3
    return path


def test_erasing_one_comment_says_one_comment_in_both_languages(db: str) -> None:
    """erase of one comment says "1 comment" / "1 kommentar"; of none, "0 comments" / "0 kommentarer"."""
    erased = run("privacy", "erase", "anna@example.se", "--db", db, "--lang", "sv")
    assert erased.stdout == "raderade personuppgifter ur 1 kommentar\n", erased.stderr
    again = run("privacy", "erase", "anna@example.se", "--db", db)
    assert again.stdout == "erased personal data from 0 comments\n"
    again = run("--lang", "sv", "privacy", "erase", "anna@example.se", "--db", db)
    assert again.stdout == "raderade personuppgifter ur 0 kommentarer\n"


def test_purge_counts_each_kind_in_the_right_number(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Purging one spam comment says "1 spam comment" and "0 trashed comments", in English and Swedish."""
    assert main(["queue", "spam", "1", "--db", db]) == 0
    assert main(["queue", "purge", "--spam-days", "0", "--db", db]) == 0
    assert main(["queue", "purge", "--spam-days", "0", "--db", db, "--lang", "sv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2] == "deleted 1 spam comment; deleted 0 trashed comments; anonymized 0 IP addresses"
    swedish = [
        "raderade 0 skräppostkommentarer",
        "raderade 0 kommentarer ur papperskorgen",
        "anonymiserade 0 IP-adresser",
    ]
    assert lines[-1] == "; ".join(swedish)


def test_purge_anonymizing_one_ip_says_one_ip_address(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Anonymizing the one stored IP address says "1 IP address" / "1 IP-adress"."""
    assert main(["queue", "purge", "--anonymize-ips-days", "0", "--db", db, "--lang", "sv"]) == 0
    assert capsys.readouterr().out.endswith("anonymiserade 1 IP-adress\n")


def test_resanitize_of_nothing_is_plural(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """resanitize with nothing stale says "0 comments" / "0 kommentarer"."""
    assert main(["queue", "resanitize", "--db", db]) == 0
    assert main(["queue", "resanitize", "--db", db, "--lang", "sv"]) == 0
    assert capsys.readouterr().out == "re-sanitized 0 comments\nrensade om 0 kommentarer\n"


def test_spam_evaluate_of_one_pending_comment_says_one_comment(db: str) -> None:
    """The "nothing to evaluate" line counts one pending comment as "1 comment" (the report is English)."""
    result = run("spam", "evaluate", "--db", db)
    assert result.returncode == 6
    assert "(1 comment, none approved or spam)" in result.stderr
