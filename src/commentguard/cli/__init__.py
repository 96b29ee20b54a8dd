"""The ``commentguard`` command: check, store, moderate and sanitize comments from the shell.

Every command shares one exit-status table (``commentguard --help`` prints it), and every
failure is a one-line message on standard error, never a traceback. See ``docs/cli.md``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn, TypeAlias

from commentguard import CommentGuardError, ExitStatus, Status, __version__
from commentguard.cli import _comments, _demo, _queue, _spam
from commentguard.cli._io import EXIT_STATUS_TABLE
from commentguard.cli._options import (
    MAX_DAYS,
    MAX_PAGE,
    add_global_options,
    comment_id,
    days,
    page_size,
    version,
)

__all__ = ["EXIT_STATUS_TABLE", "build_parser", "main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(ExitStatus.USAGE, f"{self.prog}: error: {message}\n")


_Commands: TypeAlias = "argparse._SubParsersAction[_Parser]"


def _group(commands: _Commands, name: str, about: str) -> _Commands:
    """A command with subcommands (``queue``, ``privacy``, ``spam``), taking the global options too."""
    parser = commands.add_parser(name, help=about)
    add_global_options(parser, top=False)
    subcommands: _Commands = parser.add_subparsers(dest="command_name", required=True, parser_class=_Parser)
    return subcommands


def _command(
    commands: _Commands, name: str, run: Callable[..., int], *, db: bool | None, about: str
) -> _Parser:
    """A command that runs: ``db`` says whether it needs (True), may take (False) or refuses (None) --db."""
    parser: _Parser = commands.add_parser(name, help=about)
    add_global_options(parser, top=False)
    parser.set_defaults(run=run, database=db)
    return parser


def _add_comment_commands(commands: _Commands) -> None:
    about = "validate, sanitize and run the spam checks on one comment (JSON), without storing it"
    check = _command(commands, "check", _comments.command_check, db=False, about=about)
    check.add_argument("file", help="a JSON file with the comment's form fields, or - for stdin")

    about = "check one comment and store it in the database"
    submit = _command(commands, "submit", _comments.command_submit, db=True, about=about)
    submit.add_argument("file", help="a JSON file with the comment's form fields, or - for stdin")

    about = "sanitize HTML from stdin (or FILE) to stdout"
    clean = _command(commands, "sanitize", _comments.command_sanitize, db=None, about=about)
    clean.add_argument("file", nargs="?", default="-", help="HTML to sanitize (default: stdin)")
    clean.add_argument("--allow-tag", action="append", metavar="TAG", help="also allow this tag")

    about = "print the form's 'allowed tags' sentence"
    describe = _command(commands, "policy", _comments.command_policy, db=None, about=about)
    describe.add_argument("--allow-tag", action="append", metavar="TAG", help="also allow this tag")


def _add_queue_commands(commands: _Commands) -> None:
    actions = _group(commands, "queue", "list and moderate the comments in a database")

    listing = _command(actions, "list", _queue.command_list, db=True, about="comments, newest first")
    listing.add_argument("--status", choices=[*(s.value for s in Status), "all"], default="pending")
    listing.add_argument("--post", metavar="ID", help="only this post's comments")
    listing.add_argument(
        "--limit", type=page_size, default=50, help=f"comments per page, 1 to {MAX_PAGE} (default: 50)"
    )
    listing.add_argument("--cursor", help="continue after the page that printed it")

    about = "one comment, every field, its audit trail"
    show = _command(actions, "show", _queue.command_show, db=True, about=about)
    show.add_argument("id", type=comment_id)

    for name, text in [
        ("approve", "approve (publish) a comment"),
        ("spam", "mark a comment as spam"),
        ("trash", "move a comment to the trash"),
        ("restore", "take a comment out of spam or trash, back to its earlier status"),
        ("delete", "delete a comment permanently"),
    ]:
        move = _command(actions, name, _queue.command_move, db=True, about=text)
        move.add_argument("id", type=comment_id)
        move.add_argument("--version", type=version, help="the version you saw; refuse if it changed since")
        move.add_argument("--actor", help="who is moderating (default: cli:$USER)")
        move.add_argument("--note", help="a note for the audit trail")

    about = "how many comments have each status"
    counts = _command(actions, "counts", _queue.command_counts, db=True, about=about)
    counts.add_argument("--post", metavar="ID", help="only this post's comments")

    about = "delete old spam and trash, anonymize old IPs"
    purge = _command(actions, "purge", _queue.command_purge, db=True, about=about)
    for option, default, what in [
        ("--spam-days", 15, "delete spam older than this"),
        ("--trash-days", 30, "delete trash older than this"),
        ("--anonymize-ips-days", None, "anonymize IPs older than this"),
    ]:
        shown = default if default is not None else "never"
        purge.add_argument(
            option, type=days, default=default, help=f"{what}, 0 to {MAX_DAYS} (default: {shown})"
        )

    about = "re-clean comments sanitized under another policy version"
    _command(actions, "resanitize", _queue.command_resanitize, db=True, about=about)

    tools = _group(commands, "privacy", "export or erase one person's comments")
    about = "every comment of EMAIL, all fields, as JSON"
    _command(tools, "export", _queue.command_export, db=True, about=about).add_argument("email")
    about = "anonymize every comment of EMAIL"
    _command(tools, "erase", _queue.command_erase, db=True, about=about).add_argument("email")


def _add_spam_commands(commands: _Commands) -> None:
    tools = _group(commands, "spam", "the learning spam filter")
    about = "what the filter would have filed on this site's moderated history, month by month"
    _spam.add_evaluate_options(_command(tools, "evaluate", _spam.command_evaluate, db=True, about=about))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``commentguard`` command."""
    parser = _Parser(
        prog="commentguard",
        description="Check, store, moderate and sanitize blog comments.",
        epilog=EXIT_STATUS_TABLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"commentguard {__version__}")
    add_global_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _add_comment_commands(commands)
    _add_queue_commands(commands)
    _add_spam_commands(commands)
    _demo.add_demo_command(commands)
    return parser


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse ``argv``; a command that needs --db and has none, or refuses one it was given, is exit 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.database is True and args.db is None:
        parser.error(f"{args.command} {getattr(args, 'command_name', '')}".strip() + " needs --db FILE")
    if args.database is None and args.db is not None:
        parser.error(f"{args.command} takes no --db")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return its exit status."""
    args = _parse(argv)
    try:
        return int(args.run(args, sys.stdout))
    except CommentGuardError as exc:  # unreadable input or database (7), NotFound (6), ...
        message, code = str(exc), exc.exit_code
    except (ValueError, TypeError) as exc:  # e.g. a policy the options made unsafe
        message, code = str(exc), ExitStatus.USAGE
    sys.stderr.write(f"commentguard: error: {' '.join(message.split()) or 'failed'}\n")
    return code
