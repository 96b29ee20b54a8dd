"""The ``commentguard`` command: check, store, moderate and sanitize comments from the shell.

Every command shares one exit-status table (``commentguard --help`` prints it), and every
failure is a one-line message on standard error, never a traceback. See ``docs/cli.md``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from commentguard import LOCALES, CommentGuardError, ExitStatus, Status
from commentguard.cli import _comments, _queue, _spam
from commentguard.cli._io import EXIT_STATUS_TABLE

__all__ = ["EXIT_STATUS_TABLE", "build_parser", "main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(ExitStatus.USAGE, f"{self.prog}: error: {message}\n")


def _common(*, db: bool | None) -> _Parser:
    """Options every command takes: --json, --lang, and --db (required, optional or absent)."""
    parent = _Parser(add_help=False)
    parent.add_argument("--json", action="store_true", help="print JSON for machines")
    parent.add_argument("--lang", choices=LOCALES, default="en", help="language of messages (default: en)")
    if db is not None:
        parent.add_argument("--db", required=db, metavar="FILE", help="the site's SQLite comment database")
        parent.add_argument(
            "--table-prefix",
            default="",
            metavar="PREFIX",
            help="name commentguard's tables in --db with this prefix (a database shared with a blog)",
        )
    return parent


def _add_comment_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    check = commands.add_parser(
        "check",
        parents=[_common(db=False)],
        help="validate, sanitize and run the spam checks on one comment (JSON), without storing it",
    )
    check.add_argument("file", help="a JSON file with the comment's form fields, or - for stdin")
    check.set_defaults(run=_comments.command_check)

    submit = commands.add_parser(
        "submit", parents=[_common(db=True)], help="check one comment and store it in the database"
    )
    submit.add_argument("file", help="a JSON file with the comment's form fields, or - for stdin")
    submit.set_defaults(run=_comments.command_submit)

    clean = commands.add_parser("sanitize", help="sanitize HTML from stdin (or FILE) to stdout")
    clean.add_argument("file", nargs="?", default="-", help="HTML to sanitize (default: stdin)")
    clean.add_argument("--allow-tag", action="append", metavar="TAG", help="also allow this tag")
    clean.set_defaults(run=_comments.command_sanitize)

    describe = commands.add_parser(
        "policy", parents=[_common(db=None)], help="print the form's 'allowed tags' sentence"
    )
    describe.add_argument("--allow-tag", action="append", metavar="TAG", help="also allow this tag")
    describe.set_defaults(run=_comments.command_policy)


def _add_queue_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    queue = commands.add_parser("queue", help="list and moderate the comments in a database")
    actions = queue.add_subparsers(dest="command_name", required=True, parser_class=_Parser)
    common = _common(db=True)

    listing = actions.add_parser("list", parents=[common], help="comments, newest first")
    listing.add_argument("--status", choices=[*(s.value for s in Status), "all"], default="pending")
    listing.add_argument("--post", metavar="ID", help="only this post's comments")
    listing.add_argument("--limit", type=int, default=50, help="comments per page (default: 50)")
    listing.add_argument("--cursor", help="continue after the page that printed it")
    listing.set_defaults(run=_queue.command_list)

    show = actions.add_parser("show", parents=[common], help="one comment, every field, its audit trail")
    show.add_argument("id", type=int)
    show.set_defaults(run=_queue.command_show)

    for name, text in [
        ("approve", "approve (publish) a comment"),
        ("spam", "mark a comment as spam"),
        ("trash", "move a comment to the trash"),
        ("restore", "take a comment out of spam or trash, back to its earlier status"),
        ("delete", "delete a comment permanently"),
    ]:
        move = actions.add_parser(name, parents=[common], help=text)
        move.add_argument("id", type=int)
        move.add_argument("--version", type=int, help="the version you saw; refuse if it changed since")
        move.add_argument("--actor", help="who is moderating (default: cli:$USER)")
        move.add_argument("--note", help="a note for the audit trail")
        move.set_defaults(run=_queue.command_move)

    counts = actions.add_parser("counts", parents=[common], help="how many comments have each status")
    counts.add_argument("--post", metavar="ID", help="only this post's comments")
    counts.set_defaults(run=_queue.command_counts)

    purge = actions.add_parser("purge", parents=[common], help="delete old spam and trash, anonymize old IPs")
    purge.add_argument("--spam-days", type=int, default=15, help="delete spam older than this (default: 15)")
    purge.add_argument(
        "--trash-days", type=int, default=30, help="delete trash older than this (default: 30)"
    )
    purge.add_argument(
        "--anonymize-ips-days", type=int, help="anonymize IPs older than this (default: never)"
    )
    purge.set_defaults(run=_queue.command_purge)

    resanitize = actions.add_parser(
        "resanitize", parents=[common], help="re-clean comments sanitized under another policy version"
    )
    resanitize.set_defaults(run=_queue.command_resanitize)

    privacy = commands.add_parser("privacy", help="export or erase one person's comments")
    tools = privacy.add_subparsers(dest="command_name", required=True, parser_class=_Parser)
    export = tools.add_parser("export", parents=[common], help="every comment of EMAIL, all fields, as JSON")
    export.add_argument("email")
    export.set_defaults(run=_queue.command_export)
    erase = tools.add_parser("erase", parents=[common], help="anonymize every comment of EMAIL")
    erase.add_argument("email")
    erase.set_defaults(run=_queue.command_erase)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``commentguard`` command."""
    parser = _Parser(
        prog="commentguard",
        description="Check, store, moderate and sanitize blog comments.",
        epilog=EXIT_STATUS_TABLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _add_comment_commands(commands)
    _add_queue_commands(commands)
    _spam.add_spam_commands(commands, _common(db=True))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return its exit status."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args, sys.stdout))
    except CommentGuardError as exc:  # unreadable input or database (7), NotFound (6), ...
        message, code = str(exc), exc.exit_code
    except (ValueError, TypeError) as exc:  # e.g. a policy the options made unsafe
        message, code = str(exc), ExitStatus.USAGE
    sys.stderr.write(f"commentguard: error: {' '.join(message.split()) or 'failed'}\n")
    return code
