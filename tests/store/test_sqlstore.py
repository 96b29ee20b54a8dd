"""SQLStore's own promises beyond the contract: SQLite set up right, two-query history, schema."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from commentguard import Status
from commentguard.store import SQLStore, _migrations, _schema
from commentguard.testing.store_contract import FakeClock, make_comment


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLStore]:
    """A SQLStore on a new SQLite file."""
    with SQLStore(f"sqlite:///{tmp_path / 'comments.db'}", clock=FakeClock()) as store:
        yield store


def _engine(store: SQLStore) -> Engine:
    return store._engine  # the tests look under the hood on purpose


class Statements:
    """Records every SQL statement a store sends, as the driver receives it."""

    def __init__(self, engine: Engine) -> None:
        self.sent: list[str] = []
        event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.sent.append(" ".join(statement.split()))

    @property
    def queries(self) -> list[str]:
        """The statements that read (SELECT), leaving out BEGIN, COMMIT and writes."""
        return [s for s in self.sent if s.upper().startswith(("SELECT", "WITH"))]


def test_history_takes_one_query_without_a_parent(store: SQLStore) -> None:
    """history() of a top-level comment is answered by a single SELECT."""
    store.add(make_comment(status=Status.APPROVED))
    sent = Statements(_engine(store))
    assert store.history(make_comment()).trusted
    assert len(sent.queries) == 1


def test_history_takes_two_queries_with_a_parent(store: SQLStore) -> None:
    """history() of a reply is answered by exactly two SELECTs, in one read transaction."""
    parent = store.add(make_comment())
    sent = Statements(_engine(store))
    assert store.history(make_comment(parent_id=parent.id)).parent is not None
    assert len(sent.queries) == 2
    assert sent.sent[0] == "BEGIN"
    assert sent.sent.count("BEGIN") == 1


def test_writes_begin_immediate_and_reads_begin_deferred(store: SQLStore) -> None:
    """Every write transaction starts with BEGIN IMMEDIATE; reads start a plain BEGIN (WAL snapshot)."""
    sent = Statements(_engine(store))
    saved = store.add(make_comment())
    store.transition(saved.id, to=Status.APPROVED, expected_version=1, actor="a")
    writes = list(sent.sent)
    assert writes.count("BEGIN IMMEDIATE") == 2
    assert "BEGIN" not in writes
    sent.sent.clear()
    store.get(saved.id)
    store.list()
    assert sent.sent.count("BEGIN") == 2
    assert "BEGIN IMMEDIATE" not in sent.sent


def test_transition_is_one_guarded_update(store: SQLStore) -> None:
    """A transition's UPDATE names both the id and the expected version, and bumps the version in SQL."""
    saved = store.add(make_comment())
    sent = Statements(_engine(store))
    store.transition(saved.id, to=Status.SPAM, expected_version=1, actor="a")
    [update] = [s for s in sent.sent if s.startswith("UPDATE")]
    assert "WHERE comments.id = ? AND comments.version = ?" in update
    assert "version=(comments.version + ?)" in update


def test_sqlite_connections_are_set_up_right(store: SQLStore) -> None:
    """Connections run in WAL with synchronous=NORMAL, a 30 s busy timeout and no driver-made transactions."""
    raw = _engine(store).raw_connection()
    try:
        driver = raw.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        assert driver.isolation_level is None
        pragmas = {
            name: driver.execute(f"PRAGMA {name}").fetchone()[0]
            for name in ("journal_mode", "synchronous", "busy_timeout")
        }
    finally:
        raw.close()
    assert pragmas == {"journal_mode": "wal", "synchronous": 1, "busy_timeout": 30_000}


def test_migrated_database_matches_the_schema_module(store: SQLStore) -> None:
    """Migrating a new file yields exactly the tables, columns and indexes _schema.py describes, at LATEST."""
    inspector = inspect(_engine(store))
    assert set(inspector.get_table_names()) == set(_schema.metadata.tables)
    for name, table in _schema.metadata.tables.items():
        columns = {c["name"]: c["nullable"] for c in inspector.get_columns(name)}
        assert columns == {c.name: c.nullable for c in table.columns}, name
        indexes = {i["name"]: tuple(i["column_names"]) for i in inspector.get_indexes(name)}
        assert indexes == {i.name: tuple(c.name for c in i.columns) for i in table.indexes}, name
    with _engine(store).connect() as conn:
        assert _migrations.read_version(conn) == _migrations.LATEST


def test_status_outside_the_enum_is_refused_by_the_database(store: SQLStore) -> None:
    """The database itself refuses a status that is not one of Status, whoever writes it."""
    store.add(make_comment())
    with _engine(store).connect() as conn, pytest.raises(IntegrityError, match="CHECK constraint"):
        conn.exec_driver_sql("UPDATE comments SET status = 'deleted'")


def test_many_threads_share_one_store(store: SQLStore) -> None:
    """Sixteen threads adding and moderating through one SQLStore lose nothing and never conflict wrongly."""
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(20):
                saved = store.add(make_comment(post_id=f"p{n}", content_raw=f"{n}-{i}"))
                store.transition(saved.id, to=Status.APPROVED, expected_version=1, actor=f"t{n}")
        except BaseException as exc:  # handed to the main thread to fail the test
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.counts() == {Status.PENDING: 0, Status.APPROVED: 320, Status.SPAM: 0, Status.TRASH: 0}


def test_status_index_serves_the_pending_queue(store: SQLStore) -> None:
    """SQLite answers the pending queue from the status/time index, not a table scan."""
    with _engine(store).connect() as conn:
        plan = conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT * FROM comments WHERE status = 'pending' "
            "ORDER BY created_at DESC, id DESC LIMIT 50"
        ).all()
    assert "ix_comments_status_time" in " ".join(str(row) for row in plan)
