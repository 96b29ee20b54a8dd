"""Opening a database the right way, and the one seam where database errors become ours.

SQLite, done right (measured for this project: SQLAlchemy's default pysqlite mode lost
1,396 of 1,600 concurrent read-then-write updates, and a plain ``BEGIN`` raised "database
is locked" 1,398 times):

* the driver's own implicit transactions are off (``isolation_level=None``) and we issue
  ``BEGIN`` ourselves, as SQLAlchemy's "serializable isolation / savepoints" recipe does;
* every write transaction starts with ``BEGIN IMMEDIATE``: it takes the write lock first,
  so two writers queue on the busy timeout instead of deadlocking on a lock upgrade;
* ``journal_mode=WAL``: readers never block the writer and the writer never blocks them;
* ``busy_timeout`` 30 s: a writer waits for the lock instead of failing;
* ``synchronous=NORMAL``: a commit survives a killed process, but the last transactions
  before a power cut or OS crash may be lost (the database stays consistent);
* ``secure_delete=ON``: erased and deleted text is overwritten with zeros in the file, not
  left in free pages (SQLite's default build leaves it; Debian's happens to turn it on);
* ``journal_size_limit``: a checkpointed WAL file is cut back to a few pages, so old
  copies of erased rows do not linger in it (see :func:`forget_old_pages`).

Errors never carry personal data: engines hide bound parameters, and :func:`store_error`
keeps only the driver's first line with quoted values masked, chained to nothing (the
driver's exception would print the values again in a logged traceback).
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import QueuePool

from commentguard.errors import StoreError
from commentguard.store._schema import PREFIXABLE_NAMES, SCHEMA_NAMES

BUSY_TIMEOUT_MS = 30_000
JOURNAL_SIZE_LIMIT = 64 * 1024
"""Bytes a WAL file is truncated to after a checkpoint (SQLite keeps it full size otherwise)."""
CHECKPOINT_TRIES = 20
"""How often :func:`forget_old_pages` tries a truncating checkpoint while readers hold the WAL."""
_WRITE = "commentguard_write"
_QUOTED = re.compile(r'"[^"]*"|\'[^\']*\'|\(([^()]*)\)=\(([^()]*)\)')

_SQLITE_HINTS = {
    "unable to open database file": "missing or unreadable: check the path and permissions",
    "file is not a database": "not a SQLite database, or corrupt",
    "attempt to write a readonly database": "read-only: check the permissions of the file and its directory",
    "database disk image is malformed": "corrupt",
    "database is locked": f"still locked by another writer after {BUSY_TIMEOUT_MS // 1000} s",
}


def open_engine(url: str | URL, *, migrate: bool) -> tuple[Engine, str]:
    """Create the engine for ``url``; return it and the name errors use for the database.

    ``sqlite:///path`` is a file; with ``migrate=False`` it must already exist (a typo must
    not create an empty database). Any other URL SQLAlchemy knows goes to its dialect.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {url!r}") from exc
    if parsed.get_backend_name() != "sqlite":
        label = parsed.render_as_string(hide_password=True)
        try:
            engine = create_engine(parsed, pool_pre_ping=True, hide_parameters=True)
        except (NoSuchModuleError, ImportError) as exc:
            hint = " (install 'commentguard[postgres]')" if parsed.get_backend_name() == "postgresql" else ""
            raise StoreError(f"cannot open {label}: no driver for it{hint}") from exc
        return engine, label
    return _sqlite_engine(parsed, migrate=migrate)


def _sqlite_engine(parsed: URL, *, migrate: bool) -> tuple[Engine, str]:
    path = parsed.database or ""
    if path in ("", ":memory:") or path.startswith("file:"):
        raise StoreError(
            f"SQLStore needs a SQLite file (sqlite:///path/to/comments.db), not {parsed!s}; "
            "use MemoryStore for a store in memory"
        )
    label = os.path.abspath(path)
    uri = f"file:{quote(label)}?mode={'rwc' if migrate else 'rw'}"

    def connect() -> sqlite3.Connection:
        conn = _connect(uri, sqlite3.Connection)
        try:
            conn.execute("PRAGMA schema_version").fetchone()  # the first read needs the WAL index
        except sqlite3.OperationalError as exc:
            conn.close()
            if "readonly" not in str(exc) or not os.path.isfile(label):
                raise
            # The file and its folder are read-only to us and no process has the database
            # open (else its -shm file would exist): SQLite's mode for read-only media reads
            # it as it is, and every write fails with "attempt to write a readonly database".
            conn = _connect(f"file:{quote(label)}?mode=ro&immutable=1", _ReadOnlyMedia)
        return conn

    # The URL only picks the dialect; ``creator`` opens the file. QueuePool, as SQLAlchemy
    # uses for files: each thread borrows its own connection.
    engine = create_engine("sqlite:///" + label, creator=connect, poolclass=QueuePool, hide_parameters=True)
    event.listen(engine, "connect", _configure_sqlite)
    event.listen(engine, "begin", _begin_sqlite)
    return engine, label


class _ReadOnlyMedia(sqlite3.Connection):
    """A connection to a database file this process can only read (``immutable=1``)."""


def _connect(uri: str, factory: type[sqlite3.Connection]) -> sqlite3.Connection:
    return sqlite3.connect(
        uri,
        uri=True,
        isolation_level=None,  # no implicit BEGIN from the driver: we begin ourselves
        check_same_thread=False,  # the pool hands a connection to one thread at a time
        timeout=BUSY_TIMEOUT_MS / 1000,
        factory=factory,
    )


def _configure_sqlite(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.execute(f"PRAGMA journal_size_limit = {JOURNAL_SIZE_LIMIT}")
    finally:
        cursor.close()


def use_wal(engine: Engine, label: str) -> None:
    """Put a SQLite database in WAL mode (kept in the file), once the store may write to it.

    Not on connecting: switching writes to the file and creates ``-wal`` and ``-shm``, and a
    file that turns out not to be ours must be left exactly as it was.
    """
    if engine.dialect.name != "sqlite":
        return
    try:
        with engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            if raw is None or isinstance(raw, _ReadOnlyMedia):
                return
            (mode,) = raw.execute("PRAGMA journal_mode").fetchone()
            if mode != "wal":
                raw.execute("PRAGMA journal_mode = WAL")
    except (SQLAlchemyError, sqlite3.Error) as exc:
        raise store_error(exc, label) from None


def _begin_sqlite(conn: Connection) -> None:
    if conn.get_execution_options().get(_WRITE):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def forget_old_pages(engine: Engine, label: str) -> bool:
    """Checkpoint SQLite's WAL into the file and truncate it, so erased values leave the disk.

    Called after every erase, delete, purge and IP anonymizing: the WAL still holds the
    rows as they were before (the audit found an erased email 222 times in it), and a plain
    checkpoint leaves the file full size. A reader in a transaction pins the WAL, so this
    tries :data:`CHECKPOINT_TRIES` times, a few milliseconds apart and never waiting on the
    30 s busy timeout, then gives up (the next erase or checkpoint finishes the job).
    Returns whether the WAL is empty now. On other databases it does nothing (see
    ``SQLStore.vacuum``).
    """
    if engine.dialect.name != "sqlite":
        return True
    try:
        with engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            if raw is None or isinstance(raw, _ReadOnlyMedia):
                return True
            raw.execute("PRAGMA busy_timeout = 5")
            try:
                for attempt in range(CHECKPOINT_TRIES):
                    (busy, _log, _done) = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                    if not busy:
                        return True
                    time.sleep(0.002 * (attempt + 1))
            finally:
                raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except (SQLAlchemyError, sqlite3.Error) as exc:
        raise store_error(exc, label) from None
    return False


@contextmanager
def transaction(engine: Engine, label: str, *, write: bool) -> Iterator[Connection]:
    """One transaction, committed when the block ends, rolled back if it raises.

    A write transaction takes SQLite's write lock up front (``BEGIN IMMEDIATE``). Every
    SQLAlchemy or driver error becomes a one-line :class:`StoreError` naming the database.
    """
    try:
        with engine.connect() as conn:
            if write:
                conn.execution_options(**{_WRITE: True})
            with conn.begin():
                yield conn
    except SQLAlchemyError as exc:
        # ``from None``: the driver's exception (and SQLAlchemy's around it) may quote the
        # row's values, and a logged traceback prints every exception in the chain.
        raise store_error(exc, label) from None


def store_error(exc: BaseException, label: str) -> StoreError:
    """The one-line error for a database failure, with no value from the data in it.

    Only the driver's first line is kept (PostgreSQL's ``DETAIL`` quotes the row), and
    every quoted part of it is masked unless it names one of the store's tables, columns,
    indexes or constraints: ``invalid input syntax for type integer: "anna@example.se"``
    must not reach a log. PostgreSQL's SQLSTATE is added, so the cause can be looked up.
    """
    orig = exc.orig if isinstance(exc, DBAPIError) else None if isinstance(exc, SQLAlchemyError) else exc
    text = str(orig) if orig is not None else type(exc).__name__
    first = next((line for line in text.splitlines() if line.strip()), "")
    reason = " ".join(_mask(first).split()) or type(orig or exc).__name__
    sqlstate = getattr(orig, "sqlstate", None)
    if isinstance(sqlstate, str) and sqlstate:
        reason += f" [SQLSTATE {sqlstate}]"
    hint = next((hint for text, hint in _SQLITE_HINTS.items() if text in reason), None)
    return StoreError(f"comment database {label}: {reason}" + (f" ({hint})" if hint else ""))


def _mask(text: str) -> str:
    def masked(found: re.Match[str]) -> str:
        if found.group(1) is not None:  # PostgreSQL's "(column)=(value)"
            return f"({found.group(1)})=(…)"
        inner = found.group()[1:-1]
        # A table prefix may come before a table's or index's name (never before a column's).
        ours = inner in SCHEMA_NAMES or any(inner.endswith(name) for name in PREFIXABLE_NAMES)
        return found.group() if ours else found.group()[0] + "…" + found.group()[-1]

    return _QUOTED.sub(masked, text)
