"""Opening the site's comment database from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from commentguard import CommentGuard, SQLStore
from commentguard.cli._io import CliError


def open_guard(args: argparse.Namespace, *, create: bool = False, read_only: bool = False) -> CommentGuard:
    """A guard on the SQLite file ``--db`` names, in ``--lang``'s language.

    Only ``submit`` creates a missing file (a typo elsewhere must not make an empty
    database); read-only callers also leave an old schema as it is (and are refused).
    """
    path = Path(args.db)
    if not create and not path.is_file():
        raise CliError(f"no comment database at {path} (commentguard submit --db creates one)")
    store = SQLStore(f"sqlite:///{path}", migrate=not read_only)
    return CommentGuard(store=store, locale=args.lang)
