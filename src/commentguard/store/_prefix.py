"""Living in someone else's database: a table prefix, and refusing tables we do not own.

A blog that keeps commentguard inside its own database gives a prefix
(``SQLStore(url, table_prefix="commentguard_")``): every table, index and constraint of ours
gets it, so none collides with the blog's ``comments``. The statements in ``_queries`` and
``_learning`` are written once against the unprefixed tables; on a prefixed store a
``before_execute`` hook swaps in the prefixed tables (cached per statement), so no query is
written twice.

Without a prefix, a database holding tables commentguard did not make is refused before
anything is written, unless the caller says ``adopt=True``; a table with one of our names
that we did not make is refused either way (issue 10 item 9: the CLI wrote its tables into
a blog's file, marked it as ours, then failed with 12 tracebacks).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from sqlalchemy import Column, Connection, Engine, MetaData, Table, event, inspect
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.selectable import SelectBase
from sqlalchemy.sql.visitors import ExternallyTraversible, replacement_traverse

from commentguard.errors import StoreError
from commentguard.store._schema import metadata

_PREFIX = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,29}")
_CACHE_SIZE = 512


def check_prefix(prefix: object) -> str:
    """``prefix`` if it can start a table name on every database, else ``TypeError``/``ValueError``."""
    if not isinstance(prefix, str):
        raise TypeError(f"table_prefix must be a str, not {type(prefix).__name__}")
    if prefix and not _PREFIX.fullmatch(prefix):
        raise ValueError(
            f"table_prefix must be a letter or _ and then up to 29 letters, digits or _, not {prefix!r}"
        )
    return prefix


def our_tables(prefix: str) -> list[str]:
    """The names of every table commentguard makes, with ``prefix``."""
    return [prefix + name for name in metadata.tables]


@cache
def prefixed_tables(prefix: str) -> dict[Table, Table]:
    """Each table of ``_schema`` mapped to its copy named with ``prefix`` (indexes: the migrations' job)."""
    copies = MetaData()
    return {table: table.to_metadata(copies, name=prefix + table.name) for table in metadata.tables.values()}


def translate(statement: ExternallyTraversible, tables: dict[Table, Table]) -> ExternallyTraversible:
    """``statement`` with every unprefixed table and column of ours replaced by its prefixed copy."""

    def swap(element: ExternallyTraversible, **_kw: Any) -> ExternallyTraversible | None:
        if isinstance(element, Table):
            return tables.get(element)
        if isinstance(element, Column) and isinstance(element.table, Table) and element.table in tables:
            return tables[element.table].c[element.key]
        return None

    return replacement_traverse(statement, {}, swap)


def install(engine: Engine, prefix: str) -> None:
    """Make every statement ``engine`` runs use the tables named with ``prefix``."""
    tables = prefixed_tables(prefix)
    done: dict[int, tuple[Any, Any]] = {}  # id(statement) -> (statement, translated): keeps the id valid

    def use_prefix(conn: Connection, statement: Any, multiparams: Any, params: Any, options: Any) -> Any:
        if not isinstance(statement, (SelectBase, UpdateBase)):  # DDL and text name their tables themselves
            return statement, multiparams, params
        found = done.get(id(statement))
        if found is None or found[0] is not statement:
            if len(done) >= _CACHE_SIZE:  # statements built per call (a filtered list) come and go
                done.clear()
            found = done[id(statement)] = (statement, translate(statement, tables))
        return found[1], multiparams, params

    event.listen(engine, "before_execute", use_prefix, retval=True)


def refuse_foreign(conn: Connection, label: str, prefix: str, *, adopt: bool) -> None:
    """Refuse a database commentguard has not made its own (see the module docs); read only."""
    found = set(inspect(conn).get_table_names())
    ours = our_tables(prefix)
    if prefix + "schema_version" in found:  # ours, being migrated by another process right now
        return
    clash = [name for name in ours if name in found]
    if clash:
        raise StoreError(
            f"comment database {label} has a table named {clash[0]!r} that commentguard did not make; "
            f"give commentguard a table prefix of its own (table_prefix=..., --table-prefix)"
        )
    others = sorted(name for name in found - set(ours) if not name.startswith("sqlite_"))
    mark = "schema_version"
    prefixes = sorted(name[: -len(mark)] for name in others if name.endswith(mark) and name != mark)
    if prefixes and not prefix and not adopt:  # ours, opened without the prefix they were made with
        raise StoreError(
            f"comment database {label} holds commentguard's tables under the table prefix "
            f"{prefixes[0]!r}; nothing was written. Open it with the same prefix "
            f"(table_prefix={prefixes[0]!r}, --table-prefix {prefixes[0]})"
        )
    if others and not prefix and not adopt:
        shown = ", ".join(others[:5]) + (", ..." if len(others) > 5 else "")
        raise StoreError(
            f"comment database {label} holds tables commentguard does not own ({shown}); nothing was "
            "written. Keep commentguard's apart with a table prefix (table_prefix='commentguard_', "
            "--table-prefix commentguard_), or pass adopt=True to add them beside yours"
        )
