"""The ``commentguard`` command: check, sanitize and describe comments from the shell.

Every command shares one exit-status table (``commentguard --help`` prints it), and every
failure is a one-line message on standard error, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from commentguard.comment import Comment
from commentguard.errors import ValidationFailed
from commentguard.messages import LOCALES
from commentguard.policy import WORDPRESS_POLICY, Policy
from commentguard.public import to_public
from commentguard.sanitize import sanitize
from commentguard.submission import RequestInfo, validate

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 7

EXIT_STATUS_TABLE = """\
exit status:
  0  approved / valid / done
  1  invalid comment (validation errors)
  2  usage error
  3  held for moderation (pending)
  4  spam or trash
  5  rejected (flood, duplicate, closed)
  6  not found, or version conflict
  7  unreadable input or database"""

_MAX_INPUT_BYTES = 16 * 1024 * 1024  # far above any comment; refuse to read a disk image


class CliError(Exception):
    """A failure to report as one line on stderr, with an exit status."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _read_bytes(source: str) -> tuple[bytes, str]:
    if source == "-":
        return sys.stdin.buffer.read(_MAX_INPUT_BYTES + 1), "standard input"
    path = Path(source)
    try:
        with path.open("rb") as handle:
            return handle.read(_MAX_INPUT_BYTES + 1), str(path)
    except OSError as exc:
        raise CliError(f"cannot read {source}: {exc.strerror or exc}", EXIT_UNREADABLE) from exc


def _read_text(source: str) -> tuple[str, str]:
    data, name = _read_bytes(source)
    if len(data) > _MAX_INPUT_BYTES:
        raise CliError(f"{name} is larger than {_MAX_INPUT_BYTES // 2**20} MiB", EXIT_UNREADABLE)
    try:
        return data.decode("utf-8"), name
    except UnicodeDecodeError as exc:
        raise CliError(f"{name} is not valid UTF-8 (byte {exc.start})", EXIT_UNREADABLE) from exc


def read_comment_json(source: str) -> tuple[dict[str, Any], RequestInfo]:
    """Read one comment as a JSON object: form fields, plus an optional ``request`` object."""
    text, name = _read_text(source)
    if not text.strip():
        raise CliError(f"{name} is empty; expected a JSON object with the comment's fields", EXIT_UNREADABLE)
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise CliError(f"{name} is not valid JSON{where}", EXIT_UNREADABLE) from exc
    if not isinstance(document, dict):
        raise CliError(f"{name} must hold a JSON object, not a {type(document).__name__}", EXIT_UNREADABLE)
    facts = document.pop("request", None) or {}
    if not isinstance(facts, dict):
        raise CliError(f"{name}: 'request' must be an object with ip and user_agent", EXIT_UNREADABLE)
    try:
        request = RequestInfo(**{"ip": "", **facts})
    except (ValueError, TypeError) as exc:
        first = str(exc).splitlines()[0]
        raise CliError(f"{name}: 'request' is not valid: {first}", EXIT_UNREADABLE) from exc
    return document, request


def _write(out: TextIO, text: str) -> None:
    # Input was scrubbed of surrogates, but never let an odd terminal encoding raise here.
    encoding = out.encoding or "utf-8"
    out.write(text.encode(encoding, "backslashreplace").decode(encoding) + "\n")


def _command_check(args: argparse.Namespace, out: TextIO) -> int:
    form, request = read_comment_json(args.file)
    try:
        submission = validate(form, request, locale=args.lang)
    except ValidationFailed as failed:
        if args.json:
            errors = [{"field": e.field, "code": e.code, "message": e.message} for e in failed.errors]
            _write(out, json.dumps({"valid": False, "errors": errors}, ensure_ascii=False))
        else:
            for error in failed.errors:
                _write(out, f"{error.field}: {error.message}")
        return EXIT_INVALID
    comment = Comment.from_submission(submission)
    public = to_public(comment)
    if args.json:
        report = {"valid": True, "content": str(comment.content), "public": public.to_dict()}
        _write(out, json.dumps(report, ensure_ascii=False))
    else:
        _write(out, f"valid comment by {public.author} on post {public.post_id}")
        _write(out, f"content: {comment.content}")
        _write(out, f"public:  {public.to_json()}")
    return EXIT_OK


def _policy_from(args: argparse.Namespace) -> Policy:
    policy = WORDPRESS_POLICY
    if args.allow_tag:
        policy = policy.allowing(tags=args.allow_tag)
    return policy


def _command_sanitize(args: argparse.Namespace, out: TextIO) -> int:
    text, _ = _read_text(args.file)
    out.write(sanitize(text, _policy_from(args)))
    return EXIT_OK


def _command_policy(args: argparse.Namespace, out: TextIO) -> int:
    policy = _policy_from(args)
    if args.json:
        document = {
            "version": policy.version,
            "tags": {tag: sorted(attributes) for tag, attributes in policy.tags.items()},
            "url_attributes": sorted(policy.url_attributes),
            "url_schemes": sorted(policy.url_schemes),
            "link_rel": policy.link_rel,
            "description": policy.describe(args.lang),
        }
        _write(out, json.dumps(document, ensure_ascii=False))
    else:
        _write(out, policy.describe(args.lang))
    return EXIT_OK


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``commentguard`` command (also used to render docs/cli.md)."""
    parser = _Parser(
        prog="commentguard",
        description="Validate, sanitize and describe blog comments.",
        epilog=EXIT_STATUS_TABLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = commands.add_parser("check", help="validate one comment (JSON) and show its public view")
    check.add_argument("file", help="a JSON file with the comment's form fields, or - for stdin")
    check.add_argument("--json", action="store_true", help="print one JSON object for machines")
    check.add_argument("--lang", choices=LOCALES, default="en", help="language of the messages")
    check.set_defaults(run=_command_check)

    clean = commands.add_parser("sanitize", help="sanitize HTML from stdin (or FILE) to stdout")
    clean.add_argument("file", nargs="?", default="-", help="HTML to sanitize (default: stdin)")
    clean.add_argument("--allow-tag", action="append", metavar="TAG", help="also allow this tag")
    clean.set_defaults(run=_command_sanitize)

    describe = commands.add_parser("policy", help="print the form's 'allowed tags' sentence")
    describe.add_argument("--lang", choices=LOCALES, default="en", help="language of the sentence")
    describe.add_argument("--json", action="store_true", help="print the whole policy as JSON")
    describe.add_argument("--allow-tag", action="append", metavar="TAG", help="also allow this tag")
    describe.set_defaults(run=_command_policy)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return its exit status."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args, sys.stdout))
    except CliError as exc:
        sys.stderr.write(f"commentguard: error: {exc}\n")
        return exc.exit_code
    except ValueError as exc:  # e.g. a policy the options made unsafe: say so, in one line
        sys.stderr.write(f"commentguard: error: {str(exc).splitlines()[0]}\n")
        return EXIT_USAGE
