"""Opening the site's comment database from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from commentguard import CommentGuard, SQLStore, StoreError
from commentguard.cli._io import CliError


def open_guard(args: argparse.Namespace, *, create: bool = False, read_only: bool = False) -> CommentGuard:
    """A guard on the SQLite file ``--db`` names, in ``--lang``'s language.

    Only ``submit`` creates a missing file (a typo elsewhere must not make an empty
    database); read-only callers also leave an old schema as it is (and are refused).
    """
    path = Path(args.db)
    if not create and not path.is_file():
        raise CliError(f"no comment database at {path} (commentguard submit --db creates one)")
    store = open_store(f"sqlite:///{path}", args, migrate=not read_only)
    return CommentGuard(store=store, locale=args.lang)


def open_store(url: str, args: argparse.Namespace, *, migrate: bool) -> SQLStore:
    """``SQLStore(url)`` with ``--table-prefix``; the store's advice put in command-line terms.

    The store's messages name its Python arguments (``migrate=True``, ``adopt=True``); a
    person at the command line is told which option to add or which command to run.
    """
    prefix = getattr(args, "table_prefix", "") or ""
    try:
        return SQLStore(url, migrate=migrate, table_prefix=prefix)
    except ValueError as exc:  # a usage error (exit 2), as argparse's own
        raise ValueError(f"--table-prefix: {exc}") from None
    except StoreError as exc:
        message = str(exc)
        option = f" --table-prefix {prefix}" if prefix else ""
        if "under the table prefix" in message:
            raise CliError(
                message.split("; nothing was written")[0] + "; give it with --table-prefix"
            ) from None
        if "adopt=True" in message or "did not make" in message:
            head = message.split(";")[0].split(" holds tables")[0]
            raise CliError(
                f"{head}: it holds tables commentguard does not own, and nothing was written to it; "
                "keep commentguard's tables apart in it with --table-prefix commentguard_ "
                "(give the same option to every command)"
            ) from None
        if "migrate=True" in message:
            raise CliError(
                f"{message.split('; open it once')[0]}: run `commentguard queue resanitize --db {args.db}"
                f"{option}` once to upgrade it (any command that changes the database does)"
            ) from None
        raise
