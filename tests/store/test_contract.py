"""The built-in stores pass the store contract: MemoryStore, SQLite, and PostgreSQL when configured."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, text

from commentguard.store import MemoryStore, SQLStore, Store, _schema
from commentguard.testing.store_contract import AtomicStoreContract, FakeClock, LearningStoreContract
from tests.conftest import require

POSTGRES_URL = os.environ.get("COMMENTGUARD_TEST_POSTGRES_URL", "")
HOW_TO_ENABLE_POSTGRES = (
    "set COMMENTGUARD_TEST_POSTGRES_URL=postgresql+psycopg://user@host/db (a scratch database whose "
    "commentguard tables may be dropped) to run the store contract on PostgreSQL"
)


BLOG_TABLES = ("comments", "posts")
"""The tables of a blog's own database that commentguard lives beside, with a prefix."""
PREFIX = "cg_"


def drop_commentguard_tables(url: str) -> None:
    """Drop the tables commentguard makes (unprefixed and with ``PREFIX``) and the blog tables at ``url``."""
    names = {*_schema.metadata.tables, *(PREFIX + name for name in _schema.metadata.tables), *BLOG_TABLES}
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP TABLE IF EXISTS {', '.join(names)}"))
    engine.dispose()


BUILT_IN_STORES = ("memory", "sqlite", "postgresql")
"""The fixture params of :func:`built_in_store`: every store commentguard ships, on its backends."""


def built_in_store(kind: str, tmp_path: Path) -> Iterator[MemoryStore | SQLStore]:
    """An empty store of ``kind``, for a fixture to ``yield from``.

    In memory, a real SQLite file, or the real PostgreSQL server (skipped, saying how to enable
    it, when none is given); closed afterwards.
    """
    if kind == "memory":
        yield MemoryStore()
        return
    if kind == "postgresql":
        require(bool(POSTGRES_URL), HOW_TO_ENABLE_POSTGRES)
        drop_commentguard_tables(POSTGRES_URL)
        url = POSTGRES_URL
    else:
        url = f"sqlite:///{tmp_path / 'comments.db'}"
    with SQLStore(url) as sql:
        yield sql


def make_blog_tables(url: str) -> None:
    """Give the database at ``url`` a blog's own ``comments`` and ``posts`` tables, with a row each."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE comments (id INTEGER PRIMARY KEY, body TEXT)"))
        conn.execute(text("CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT)"))
        conn.execute(text("INSERT INTO comments VALUES (1, 'the blog''s own comment')"))
        conn.execute(text("INSERT INTO posts VALUES (1, 'Hej')"))
    engine.dispose()


class TestMemoryStore(LearningStoreContract, AtomicStoreContract):
    """MemoryStore passes the whole contract."""

    def make_store(self, tmp_path: Path, clock: FakeClock) -> Store:
        """A fresh MemoryStore."""
        return MemoryStore(clock=clock)


class TestSQLiteStore(LearningStoreContract, AtomicStoreContract):
    """SQLStore on a SQLite file passes the whole contract."""

    def make_store(self, tmp_path: Path, clock: FakeClock) -> Store:
        """A SQLStore on a new SQLite file."""
        return SQLStore(f"sqlite:///{tmp_path / 'comments.db'}", clock=clock)


class TestPrefixedSQLiteStore(LearningStoreContract, AtomicStoreContract):
    """SQLStore with a table prefix, inside a blog's SQLite file that has its own comments table."""

    def make_store(self, tmp_path: Path, clock: FakeClock) -> Store:
        """A prefixed SQLStore in a file that already holds a blog's tables."""
        url = f"sqlite:///{tmp_path / 'blog.db'}"
        make_blog_tables(url)
        return SQLStore(url, clock=clock, table_prefix=PREFIX)


if POSTGRES_URL:

    class TestPrefixedPostgresStore(LearningStoreContract, AtomicStoreContract):
        """SQLStore with a table prefix, in a PostgreSQL database that has a blog's comments table."""

        def make_store(self, tmp_path: Path, clock: FakeClock) -> Store:
            """A prefixed SQLStore beside a blog's tables on the scratch database."""
            drop_commentguard_tables(POSTGRES_URL)
            make_blog_tables(POSTGRES_URL)
            return SQLStore(POSTGRES_URL, clock=clock, table_prefix=PREFIX)

    class TestPostgresStore(LearningStoreContract, AtomicStoreContract):
        """SQLStore on PostgreSQL passes the whole contract."""

        def make_store(self, tmp_path: Path, clock: FakeClock) -> Store:
            """A SQLStore on the scratch PostgreSQL database, its commentguard tables dropped first."""
            drop_commentguard_tables(POSTGRES_URL)
            return SQLStore(POSTGRES_URL, clock=clock)

else:

    def test_postgres_contract_is_configured() -> None:
        """The PostgreSQL run of the contract is enabled (skips with how-to locally, fails under CI)."""
        require(False, HOW_TO_ENABLE_POSTGRES)
