"""Option types and the global options: every value range-checked by argparse, exit 2 on one line.

A number the store or ``timedelta`` cannot hold must never reach them (it used to end in an
``OverflowError`` traceback, exit 1, which means "invalid comment"), so each numeric option
names its range and argparse refuses anything outside it as a usage error.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from commentguard import LOCALES

MAX_ID = 2**63 - 1  # SQLite's and PostgreSQL's largest INTEGER / BIGINT
MAX_PAGE = 10_000
MAX_DAYS = 36_500  # a century: the cutoff date stays far from datetime's year 1


def _shown(value: str) -> str:
    """The value as the error repeats it: quoted, escaped, and short (a 5,000-digit argument)."""
    return repr(value if len(value) <= 24 else value[:20] + "...")


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high`` (inclusive)."""

    def parse(value: str) -> int:
        text = value.strip()
        digits = text[1:] if text[:1] in ("+", "-") else text
        # isdecimal() alone accepts other scripts' digits, which int() reads; a flag should not.
        if not (digits.isascii() and digits.isdecimal()):
            raise argparse.ArgumentTypeError(f"must be a whole number, not {_shown(value)}")
        # Judge the length first: int() of 5,000 digits is refused (or slow) in itself.
        if len(digits) > len(str(high)) or not low <= int(text) <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high}, not {_shown(value)}")
        return int(text)

    return parse


comment_id = whole_number(1, MAX_ID)
version = whole_number(1, MAX_ID)
page_size = whole_number(1, MAX_PAGE)
days = whole_number(0, MAX_DAYS)


def add_global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """Add ``--json``, ``--lang`` and the database options, accepted before or after a command name.

    Every level of the command tree takes them (``commentguard --db F queue list``,
    ``commentguard queue --db F list`` and ``commentguard queue list --db F`` are the same).
    Only the top parser holds the defaults; below it an option left out is not set at all
    (``SUPPRESS``), so it cannot overwrite the value given before the command name.
    """

    def default(value: object) -> object:
        return value if top else argparse.SUPPRESS

    parser.add_argument("--json", action="store_true", default=default(False), help="print JSON for machines")
    parser.add_argument(
        "--lang", choices=LOCALES, default=default("en"), help="language of messages (default: en)"
    )
    database = parser.add_argument_group("database options")
    database.add_argument(
        "--db", metavar="FILE", default=default(None), help="the site's SQLite comment database"
    )
    database.add_argument(
        "--table-prefix",
        metavar="PREFIX",
        default=default(""),
        help="name commentguard's tables in --db with this prefix (a database shared with a blog)",
    )
