"""Opening a database: schema checks, and a one-line StoreError naming the file for every bad file."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from commentguard import Status, StoreError
from commentguard.store import SQLStore, _engine, _migrations
from commentguard.testing.store_contract import make_comment
from tests.conftest import require


def _url(path: Path) -> str:
    return f"sqlite:///{path}"


def _one_line_naming(error: StoreError, path: Path) -> str:
    message = str(error)
    assert "\n" not in message
    assert str(path) in message
    return message


def test_migrate_false_refuses_a_missing_file_and_does_not_create_it(tmp_path: Path) -> None:
    """migrate=False on a path with no database raises a one-line StoreError naming it, creating nothing."""
    path = tmp_path / "typo.db"
    with pytest.raises(StoreError) as caught:
        SQLStore(_url(path), migrate=False)
    assert "missing or unreadable" in _one_line_naming(caught.value, path)
    assert list(tmp_path.iterdir()) == []


def test_migrate_false_refuses_a_database_without_the_schema(tmp_path: Path) -> None:
    """migrate=False on an empty SQLite file commentguard never set up names the version and the remedy."""
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("PRAGMA user_version = 7").connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as caught:
        SQLStore(_url(path), migrate=False)
    message = _one_line_naming(caught.value, path)
    assert f"schema version 0, not {_migrations.LATEST}" in message
    assert "migrate=True" in message
    assert path.read_bytes() == before  # a file of tables commentguard does not own: test_foreign_database


def test_migrate_false_opens_a_current_database_for_reading_and_writing(tmp_path: Path) -> None:
    """A database at the current schema opens with migrate=False, and works."""
    path = tmp_path / "comments.db"
    with SQLStore(_url(path)) as store:
        saved = store.add(make_comment())
    with SQLStore(_url(path), migrate=False) as store:
        assert store.get(saved.id) == saved
        store.transition(saved.id, to=Status.APPROVED, expected_version=1, actor="a")


@pytest.mark.parametrize("migrate", [True, False])
def test_a_newer_schema_is_refused(tmp_path: Path, migrate: bool) -> None:
    """A database written by a newer commentguard is refused either way, naming both versions."""
    path = tmp_path / "comments.db"
    SQLStore(_url(path)).close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(StoreError) as caught:
        SQLStore(_url(path), migrate=migrate)
    assert f"schema version 99, newer than this commentguard's {_migrations.LATEST}" in _one_line_naming(
        caught.value, path
    )


@pytest.mark.parametrize("migrate", [True, False])
@pytest.mark.parametrize(
    "content",
    [b"this is not a database" * 100, b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["text", "damaged-header"],
)
def test_a_corrupt_file_is_one_line(tmp_path: Path, migrate: bool, content: bytes) -> None:
    """A file that is not a SQLite database raises a one-line StoreError naming it, and is left untouched."""
    path = tmp_path / "comments.db"
    path.write_bytes(content)
    with pytest.raises(StoreError) as caught:
        SQLStore(_url(path), migrate=migrate)
    assert caught.value.__cause__ is None  # the driver's error may quote values: see test_store_errors
    assert caught.value.__suppress_context__
    _one_line_naming(caught.value, path)
    assert path.read_bytes() == content


def test_a_directory_is_one_line(tmp_path: Path) -> None:
    """A directory where the file should be raises a one-line StoreError naming it."""
    with pytest.raises(StoreError) as caught:
        SQLStore(_url(tmp_path))
    _one_line_naming(caught.value, tmp_path)


_READ_ONLY_PROBE = """
import sys
from commentguard import StoreError
from commentguard.store import SQLStore
from commentguard.testing.store_contract import make_comment
store = SQLStore(sys.argv[1], migrate=False)
print(store.get(1).author)
try:
    store.add(make_comment())
except StoreError as error:
    print(error)
else:
    print("written")
"""


def test_a_read_only_file_reads_and_refuses_writes_in_one_line(tmp_path: Path) -> None:
    """A database the process may only read (file and folder) can be read; a write is one line naming it."""
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "comments.db"
    with SQLStore(_url(path)) as store:  # leaves no -wal/-shm behind once closed
        store.add(make_comment(author="Läsbar"))
    path.chmod(0o444)
    folder.chmod(0o555)
    command = [sys.executable, "-c", _READ_ONLY_PROBE, _url(path)]
    if os.geteuid() == 0:  # root ignores file modes unless it gives up CAP_DAC_OVERRIDE
        setpriv = shutil.which("setpriv")
        require(setpriv is not None, "run as a non-root user, or install setpriv (util-linux)")
        command = [setpriv or "setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    probe = subprocess.run(
        command, capture_output=True, text=True, check=False, timeout=60, cwd=Path(__file__).parents[2]
    )
    folder.chmod(0o755)  # so the scratch directory can be cleaned up
    assert probe.stderr == ""
    read, line = probe.stdout.splitlines()
    assert read == "Läsbar"
    assert str(path) in line
    assert "attempt to write a readonly database (read-only" in line


@pytest.mark.parametrize(
    "url",
    ["sqlite://", "sqlite:///:memory:", "sqlite:///file:x.db?mode=memory&uri=true"],
)
def test_in_memory_sqlite_is_refused(url: str) -> None:
    """SQLStore refuses in-memory SQLite, whose pooled connections would each see another database."""
    with pytest.raises(StoreError, match="MemoryStore"):
        SQLStore(url)


@pytest.mark.parametrize(
    ("url", "message"),
    [("not a url", "not a database URL"), ("nosuchdb://x/y", "no driver")],
)
def test_unusable_urls_are_store_errors(url: str, message: str) -> None:
    """A malformed URL or one no installed driver serves raises a StoreError, not a SQLAlchemy error."""
    with pytest.raises(StoreError, match=message):
        SQLStore(url)


def test_a_lock_held_too_long_is_a_store_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A writer that cannot get the lock within the busy timeout gets a one-line StoreError naming it."""
    monkeypatch.setattr(_engine, "BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "comments.db"
    store = SQLStore(_url(path))
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError) as caught:
            store.add(make_comment())
        assert "database is locked" in _one_line_naming(caught.value, path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    store.add(make_comment())
    store.close()
