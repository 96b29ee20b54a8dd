"""A blog's own database: a table prefix keeps ours apart, and tables we do not own are never written into.

Issue 10 item 9: ``commentguard submit --db blog.db`` on a file with a ``comments`` table added
our tables, marked the file as ours, then failed with 12 tracebacks; on a file without one it
silently added its tables.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from commentguard import SQLStore, Status, StoreError
from commentguard.store import _migrations
from commentguard.testing.store_contract import make_comment
from tests.conftest import require
from tests.store.test_contract import (
    HOW_TO_ENABLE_POSTGRES,
    POSTGRES_URL,
    drop_commentguard_tables,
    make_blog_tables,
)
from tests.test_cli import EXAMPLE, assert_one_line_error, run


def _blog(tmp_path: Path, *tables: str) -> Path:
    path = tmp_path / "blog.db"
    conn = sqlite3.connect(path)
    for table in tables:
        conn.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute(f"INSERT INTO {table} (body) VALUES ('the blog''s own row')")  # noqa: S608 - our constants
    conn.commit()
    conn.close()
    return path


def _files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.mark.parametrize("tables", [("comments", "posts"), ("posts",), ("wp_users",)])
@pytest.mark.parametrize("migrate", [True, False])
def test_a_file_with_tables_of_others_is_refused_and_left_as_it_was(
    tmp_path: Path, tables: tuple[str, ...], migrate: bool
) -> None:
    """Without a prefix, a file with tables we do not own is one StoreError line; no byte or file changes."""
    path = _blog(tmp_path, *tables)
    before = _files(tmp_path)
    with pytest.raises(StoreError) as refused:
        SQLStore(f"sqlite:///{path}", migrate=migrate)
    assert "\n" not in str(refused.value)
    assert "table prefix" in str(refused.value)
    assert _files(tmp_path) == before  # no -wal, no -shm, not a byte of the file


def test_adopt_adds_our_tables_beside_others_but_never_takes_a_comments_table(tmp_path: Path) -> None:
    """adopt=True lives beside a blog's posts table; a comments table we did not make is refused even so."""
    path = _blog(tmp_path, "posts")
    with SQLStore(f"sqlite:///{path}", adopt=True) as store:
        assert store.add(make_comment()).id == 1
    with SQLStore(f"sqlite:///{path}") as store:  # ours now: opens without adopt
        assert store.get(1).author == "Anna"
    (tmp_path / "other").mkdir()
    clash = _blog(tmp_path / "other", "comments")
    before = clash.read_bytes()
    with pytest.raises(StoreError, match="'comments' that commentguard did not make"):
        SQLStore(f"sqlite:///{clash}", adopt=True)
    assert clash.read_bytes() == before


def test_a_prefix_lives_beside_a_blogs_comments_table(tmp_path: Path) -> None:
    """With a prefix every table and index of ours is prefixed; the blog's comments table is untouched."""
    path = _blog(tmp_path, "comments", "posts")
    with SQLStore(f"sqlite:///{path}", table_prefix="cg_") as store:
        saved = store.add(make_comment())
        store.transition(saved.id, to=Status.APPROVED, expected_version=1, actor="lena")
    conn = sqlite3.connect(path)
    names = {
        name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    }
    rows = conn.execute("SELECT body FROM comments").fetchall()
    conn.close()
    ours = names - {"comments", "posts"}
    assert ours
    assert all(name.startswith("cg_") for name in ours), ours
    assert rows == [("the blog's own row",)]


def test_our_tables_under_a_prefix_opened_without_it_name_the_prefix(tmp_path: Path) -> None:
    """A database made with a prefix, opened without one, is refused naming its prefix; nothing is written."""
    url = f"sqlite:///{tmp_path / 'blog.db'}"
    SQLStore(url, table_prefix="cg_").close()
    before = _files(tmp_path)
    with pytest.raises(StoreError, match="under the table prefix 'cg_'"):
        SQLStore(url)
    assert _files(tmp_path) == before
    result = run("queue", "counts", "--db", str(tmp_path / "blog.db"))
    assert_one_line_error(result, 7)
    assert "under the table prefix 'cg_'" in result.stderr
    assert "--table-prefix" in result.stderr


def test_two_prefixes_are_two_stores_in_one_file(tmp_path: Path) -> None:
    """Stores with different prefixes in one file see only their own comments."""
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    with SQLStore(url, table_prefix="a_") as first, SQLStore(url, table_prefix="b_") as second:
        first.add(make_comment(author="Först"))
        assert [c.author for c in first.list().comments] == ["Först"]
        assert second.list().comments == ()
        assert _migrations.LATEST > 0


@pytest.mark.parametrize("content", [b"", None])
def test_an_empty_file_or_a_new_path_is_ours_to_create(tmp_path: Path, content: bytes | None) -> None:
    """A zero-byte file or a missing path is made into a commentguard database without complaint."""
    path = tmp_path / "comments.db"
    if content is not None:
        path.write_bytes(content)
    with SQLStore(f"sqlite:///{path}") as store:
        assert store.add(make_comment()).id == 1


@pytest.mark.parametrize(
    ("prefix", "error"),
    [("1cg_", ValueError), ("cg-", ValueError), ("cg_; DROP TABLE x", ValueError), ("x" * 31, ValueError),
     (None, TypeError), (b"cg_", TypeError)],
)  # fmt: skip
def test_a_prefix_that_cannot_name_a_table_is_refused(
    tmp_path: Path, prefix: object, error: type[Exception]
) -> None:
    """A prefix is a letter or _, then letters, digits or _ (30 at most): else ValueError or TypeError."""
    with pytest.raises(error):
        SQLStore(f"sqlite:///{tmp_path / 'c.db'}", table_prefix=prefix)  # type: ignore[arg-type]
    assert not (tmp_path / "c.db").exists()


def test_postgres_refuses_a_schema_with_tables_of_others_and_takes_a_prefix() -> None:
    """On PostgreSQL a schema with a blog's tables is refused (nothing created) unless a prefix is given."""
    require(bool(POSTGRES_URL), HOW_TO_ENABLE_POSTGRES)
    drop_commentguard_tables(POSTGRES_URL)
    make_blog_tables(POSTGRES_URL)
    engine = create_engine(POSTGRES_URL)
    try:
        with pytest.raises(StoreError, match="did not make"):
            SQLStore(POSTGRES_URL)
        with engine.connect() as conn:
            assert set(inspect(conn).get_table_names()) == {"comments", "posts"}
        with SQLStore(POSTGRES_URL, table_prefix="cg_") as store:
            assert store.add(make_comment()).id == 1
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM comments")).scalar_one() == 1
    finally:
        engine.dispose()
        drop_commentguard_tables(POSTGRES_URL)


def test_the_command_line_refuses_a_blogs_file_in_one_line_and_takes_a_prefix(tmp_path: Path) -> None:
    """submit --db on a blog's file: exit 7, a line naming --table-prefix, file unchanged; with it: stored."""
    path = _blog(tmp_path, "comments", "posts")
    before = _files(tmp_path)
    refused = run("submit", "--db", str(path), str(EXAMPLE))
    assert_one_line_error(refused, 7)
    assert "--table-prefix" in refused.stderr
    assert "adopt=True" not in refused.stderr
    assert _files(tmp_path) == before
    stored = run("submit", "--db", str(path), "--table-prefix", "cg_", str(EXAMPLE))
    assert stored.returncode == 3, stored.stderr
    listed = run("queue", "list", "--db", str(path), "--table-prefix", "cg_")
    assert listed.returncode == 0, listed.stderr
    assert "Anna Lindqvist" in listed.stdout
    bad = run("queue", "list", "--db", str(path), "--table-prefix", "1-x")
    assert_one_line_error(bad, 2)
    assert "--table-prefix" in bad.stderr


def test_a_read_only_command_on_an_old_schema_says_what_to_run(tmp_path: Path) -> None:
    """queue list on an older schema names the command that upgrades it, not a Python argument."""
    path = tmp_path / "old.db"
    with SQLStore(f"sqlite:///{path}") as store:
        store.add(make_comment())
    conn = sqlite3.connect(path)
    conn.execute("UPDATE schema_version SET version = 1")
    conn.commit()
    conn.close()
    result = run("queue", "list", "--db", str(path))
    assert_one_line_error(result, 7)
    assert f"commentguard queue resanitize --db {path}" in result.stderr
    assert "migrate=True" not in result.stderr
