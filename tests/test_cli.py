"""The commentguard command: results, exit statuses, and one-line errors for any bad input."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from commentguard import WORDPRESS_POLICY
from commentguard.cli import EXIT_STATUS_TABLE

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "comment.json"


def run(*args: str, stdin: bytes = b"", cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run the real command in a child process, as a user's shell would."""
    result = subprocess.run(
        [sys.executable, "-m", "commentguard", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], status: int) -> None:
    """Assert the command failed with ``status`` and said why in exactly one stderr line."""
    assert result.returncode == status
    assert result.stderr.startswith("commentguard: error: ")
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_check_the_shipped_example_is_held_as_a_first_comment() -> None:
    """The example is valid but a first comment, so it is held: exit 3, script gone, link made, no email."""
    result = run("check", str(EXAMPLE))
    assert result.returncode == 3, result.stderr
    assert result.stdout.startswith("pending: comment by Anna Lindqvist")
    assert "reason:  First comment from this author." in result.stdout
    assert "<script>" not in result.stdout
    assert 'rel="nofollow ugc"' in result.stdout
    assert "anna@example.se" not in result.stdout


def test_check_json_output_for_machines() -> None:
    """--json prints one object with the sanitized content and the public view."""
    result = run("check", "--json", str(EXAMPLE))
    report = json.loads(result.stdout)
    assert report["valid"] is True
    assert report["status"] == "pending"
    assert [reason["code"] for reason in report["reasons"]] == ["first_comment"]
    assert report["public"]["author"] == "Anna Lindqvist"
    assert "email" not in report["public"]
    assert report["content"].startswith("Tack för en bra sammanfattning! <b>Samverkan</b>")


def test_check_reads_stdin_and_reports_every_error_in_swedish() -> None:
    """An invalid comment on stdin lists each error in Swedish and exits 1."""
    comment = json.dumps({"post_id": "7", "author": "", "email": "x", "content": ""}).encode()
    result = run("check", "-", "--lang", "sv", stdin=comment)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "author: Fyll i de obligatoriska fälten.",
        "email: Ange en giltig e-postadress.",
        "content: Skriv din kommentartext.",
    ]


def test_check_json_errors() -> None:
    """--json reports errors as field, code and message objects."""
    result = run("check", "-", "--json", stdin=b'{"post_id": "7", "author": "A", "email": "a@b.se"}')
    assert result.returncode == 1
    assert json.loads(result.stdout)["errors"] == [
        {"field": "content", "code": "required", "message": "Please type your comment text."}
    ]


@pytest.mark.parametrize(
    ("stdin", "fragment"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "JSON object"),
        (b'"text"', "JSON object"),
        (b"\xff\xfe{}", "not valid UTF-8"),
        (b"null", "must hold a JSON object, not null"),
        (
            b'{"post_id": "7", "request": "x"}',
            "'request' must be an object with ip and user_agent, not a string",
        ),
        (
            b'{"post_id": "7", "request": false}',
            "'request' must be an object with ip and user_agent, not a boolean",
        ),
        (b'{"post_id": "7", "request": 0}', "not a number"),
        (b'{"post_id": "7", "request": []}', "not an array"),
        (b'{"post_id": "7", "request": {"ip": "nope"}}', "request.ip: 'nope' is not an IP address"),
        (b'{"post_id": "7", "request": {"ip": null}}', "request.ip must be a string, not null"),
        (
            b'{"post_id": "7", "request": {"ip": "", "user_agent": 5}}',
            "request.user_agent must be a string, not a number",
        ),
        (b'{"post_id": "7", "request": {"admin": true}}', "request.admin is not a request field"),
        (b"[" * 100_000, "not valid JSON"),
        (b'{"post_id": "7", "parent_id": ' + b"9" * 5000 + b"}", "a number has more than 4300 digits"),
        (b'{"post_id": ' + b"1" * 10_000_000 + b"}", "a number has more than 4300 digits"),
    ],
)
def test_check_unreadable_input_is_one_line_exit_7(stdin: bytes, fragment: str) -> None:
    """Malformed, empty, non-object or non-UTF-8 input, or a bad request object: one line naming it, 7."""
    result = run("check", "-", stdin=stdin)
    assert_one_line_error(result, 7)
    assert fragment in result.stderr


def test_check_request_null_is_the_same_as_no_request() -> None:
    """`"request": null` is read as no request facts (exit 3, held), unlike `false`, which is refused."""
    comment = {**json.loads(EXAMPLE.read_text(encoding="utf-8")), "request": None}
    result = run("check", "-", "--json", stdin=json.dumps(comment).encode())
    assert result.returncode == 3, result.stderr
    assert json.loads(result.stdout)["status"] == "pending"


def test_check_a_form_of_100000_fields_is_one_error_line() -> None:
    """A comment JSON with 100,000 extra fields is one validation error (exit 1), not 100,000 lines."""
    comment = {**json.loads(EXAMPLE.read_text(encoding="utf-8")), **{f"f{n}": "x" for n in range(100_000)}}
    result = run("check", "-", "--lang", "sv", stdin=json.dumps(comment).encode())
    assert result.returncode == 1, result.stderr
    assert result.stdout == "form: Formuläret skickade för många fält (fler än 100).\n"


def test_check_a_directory_or_missing_file_is_exit_7(tmp_path: Path) -> None:
    """A directory or a missing file is a one-line error naming it."""
    assert_one_line_error(run("check", str(tmp_path)), 7)
    missing = run("check", str(tmp_path / "nope.json"))
    assert_one_line_error(missing, 7)
    assert "nope.json" in missing.stderr


def test_check_hostile_field_values_never_crash() -> None:
    """NUL, escaped lone surrogates, controls and wrong types in fields give a result, not a traceback."""
    comment = {
        "post_id": "7",
        "author": "A\u0000\ud800\u001b",
        "email": "a@b.se",
        "content": "\ud800<b>x</b>",
        "url": 5,
    }
    result = run("check", "-", stdin=json.dumps(comment).encode())
    assert result.returncode in (1, 3)
    assert "Traceback" not in result.stderr
    wrong_types = run("check", "-", stdin=b'{"post_id": [], "author": {}, "email": null, "content": 1.5}')
    assert wrong_types.returncode == 1
    assert "Traceback" not in wrong_types.stderr


def test_sanitize_filters_stdin_to_stdout() -> None:
    """Sanitize reads HTML on stdin and writes the sanitized HTML, exit 0."""
    result = run("sanitize", stdin=b'<b onclick="x()">hej</b><script>alert(1)</script>')
    assert (result.returncode, result.stdout) == (0, "<b>hej</b>")


def test_sanitize_with_an_extra_tag_and_refused_tag() -> None:
    """--allow-tag widens the policy; an unsafe tag is a one-line usage error."""
    assert run("sanitize", "--allow-tag", "s", stdin=b"<s>x</s>").stdout == "<s>x</s>"
    assert_one_line_error(run("sanitize", "--allow-tag", "script", stdin=b"x"), 2)


def test_sanitize_invalid_utf8_and_hostile_bytes() -> None:
    """Invalid UTF-8 is exit 7; NUL and controls in valid UTF-8 are cleaned, exit 0."""
    assert_one_line_error(run("sanitize", stdin=b"<b>\xc3\x28</b>"), 7)
    result = run("sanitize", stdin=b"a\x00b\x1bc")
    assert (result.returncode, result.stdout) == (0, "abc")


def test_sanitize_input_over_the_policy_cap_is_one_line_exit_7() -> None:
    """HTML over max_input_bytes (65,525) is refused before parsing: exit 7, one line naming the cap."""
    result = run("sanitize", stdin=b"&" * 10_000_000)
    assert_one_line_error(result, 7)
    assert "65,525 bytes" in result.stderr
    assert result.stdout == ""
    assert run("sanitize", stdin=b"&" * 65_525).returncode == 0


def test_policy_prints_the_form_sentence() -> None:
    """Policy --lang sv prints the Swedish 'allowed tags' sentence."""
    result = run("policy", "--lang", "sv")
    assert result.stdout.startswith("Följande HTML-taggar och attribut är tillåtna: <a href")


def test_policy_json_is_the_whole_policy() -> None:
    """Policy --json gives every setting of the policy (new knobs included), the version and the sentence."""
    document = json.loads(run("policy", "--json").stdout)
    assert document["tags"]["a"] == ["href", "title"]
    assert document["url_schemes"] == ["http", "https", "mailto"]
    assert len(document["version"]) == 12
    fields = {field.name for field in dataclasses.fields(WORDPRESS_POLICY)}
    assert set(document) == fields | {"version", "description"}
    assert (document["drop_content"], document["max_input_bytes"]) == (["script", "style"], 65_525)
    assert document["text_only"][:3] == ["embed", "iframe", "math"]
    assert document["linkify_emails"] is False


@pytest.mark.parametrize(
    "args", [(), ("nope",), ("check",), ("check", "--lang", "de", "x.json"), ("policy", "--bogus")]
)
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    """Missing or unknown commands and options exit 2 with a usage message, no traceback."""
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_help_lists_the_exit_statuses() -> None:
    """--help shows the exit-status table that every command shares."""
    result = run("--help")
    assert result.returncode == 0
    assert EXIT_STATUS_TABLE in result.stdout
