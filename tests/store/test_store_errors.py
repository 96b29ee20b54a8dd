"""Store errors never carry personal data: not in their text, their chain, or any log line.

Issue 10 item 2: a ``StoreError`` chained SQLAlchemy's error, whose text carries the bound
parameters, and the check runner logged it with the traceback (a PostgreSQL lock timeout
produced 364 log lines with commenters' emails, IPs and comment text).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from commentguard import (
    Check,
    CheckContext,
    CommentGuard,
    Draft,
    MemoryStore,
    RequestInfo,
    StoreError,
    Verdict,
    default_checks,
)
from commentguard.store import SQLStore
from tests.conftest import require
from tests.store.test_contract import HOW_TO_ENABLE_POSTGRES, POSTGRES_URL, drop_commentguard_tables

EMAIL, IP, AGENT = "leak.check@example.se", "198.51.100.23", "LeakCheckBrowser/4.2"
CONTENT = "Hemligt innehåll 7f3a"
NEEDLES = (EMAIL, IP, AGENT, CONTENT, "Leak Check")
FORM = {"post_id": "p1", "author": "Leak Check", "email": EMAIL, "content": CONTENT}
REQUEST = RequestInfo(ip=IP, user_agent=AGENT)

SQLITE_FAILURES = [
    "CREATE UNIQUE INDEX cg_test_unique_email ON comments (email)",
    "CREATE TRIGGER cg_test_fail BEFORE UPDATE ON comments BEGIN SELECT RAISE(ABORT, 'forced'); END",
]
POSTGRES_FAILURES = [
    "CREATE UNIQUE INDEX cg_test_unique_email ON comments (email)",
    """CREATE OR REPLACE FUNCTION cg_test_fail() RETURNS trigger AS $$ BEGIN
       RAISE EXCEPTION 'forced for "%"', NEW.email USING DETAIL = 'row ' || NEW.email || ' ' || NEW.ip;
       END $$ LANGUAGE plpgsql""",
    "CREATE TRIGGER cg_test_fail BEFORE UPDATE ON comments FOR EACH ROW EXECUTE FUNCTION cg_test_fail()",
]


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated database on each backend, rigged to fail a second insert by one email, and any update."""
    if request.param == "sqlite":
        found = f"sqlite:///{tmp_path / 'comments.db'}"
        failures = SQLITE_FAILURES
    else:
        require(bool(POSTGRES_URL), HOW_TO_ENABLE_POSTGRES)
        drop_commentguard_tables(POSTGRES_URL)
        found, failures = POSTGRES_URL, POSTGRES_FAILURES
    SQLStore(found).close()
    engine = create_engine(found)
    with engine.begin() as conn:
        for statement in failures:
            conn.execute(text(statement))
    engine.dispose()
    yield found
    if request.param == "postgresql":
        drop_commentguard_tables(POSTGRES_URL)


def _everything_said(error: BaseException) -> str:
    """The error as a logged traceback shows it: its text, its chain, its context."""
    return "".join(traceback.format_exception(error))


def _assert_clean(said: str) -> None:
    leaked = [needle for needle in NEEDLES if needle in said]
    assert leaked == [], said


def test_failed_insert_and_update_say_nothing_personal(url: str, caplog: pytest.LogCaptureFixture) -> None:
    """Forced insert and update failures raise StoreErrors with no personal data in text, chain or logs."""
    caplog.set_level(logging.DEBUG)
    store = SQLStore(url)
    guard = CommentGuard(store=store, checks=default_checks(flood_interval=timedelta(0)))
    stored = guard.submit(FORM, REQUEST).comment
    with pytest.raises(StoreError) as insert_failed:
        guard.submit({**FORM, "content": CONTENT + " igen"}, REQUEST)  # same email: unique index
    with pytest.raises(StoreError) as update_failed:
        guard.admin.erase_personal_data(EMAIL)  # the update trigger
    store.close()
    for error in (insert_failed.value, update_failed.value):
        _assert_clean(_everything_said(error))
        assert str(error).startswith(f"comment database {store.label}: ")
    _assert_clean(caplog.text)
    assert stored.email == EMAIL  # the needles were really in play


def test_a_postgres_lock_timeout_says_nothing_personal(caplog: pytest.LogCaptureFixture) -> None:
    """A submit timing out on a locked table (the audit's 364 log lines) raises and logs no personal data."""
    require(bool(POSTGRES_URL), HOW_TO_ENABLE_POSTGRES)
    drop_commentguard_tables(POSTGRES_URL)
    caplog.set_level(logging.DEBUG)
    impatient = make_url(POSTGRES_URL).update_query_dict({"options": "-c lock_timeout=200"})
    holder = create_engine(POSTGRES_URL)
    with SQLStore(impatient) as store:
        guard = CommentGuard(store=store)
        guard.submit({**FORM, "email": "first@example.se"}, RequestInfo(ip="192.0.2.1"))
        with holder.connect() as conn, conn.begin():
            conn.execute(text("LOCK TABLE comments IN ACCESS EXCLUSIVE MODE"))
            with pytest.raises(StoreError, match="lock timeout") as timed_out:
                guard.submit(FORM, REQUEST)
    holder.dispose()
    drop_commentguard_tables(POSTGRES_URL)
    _assert_clean(_everything_said(timed_out.value))
    _assert_clean(caplog.text)


class _Leaky:
    """A third party's check that fails with the commenter's email in its message."""

    name = "leaky"

    def check(self, draft: Draft, context: CheckContext) -> Verdict | None:
        raise KeyError(f"unknown sender {draft.comment.email} at {draft.comment.ip}")


def test_the_runner_logs_where_a_check_failed_not_what_it_said(caplog: pytest.LogCaptureFixture) -> None:
    """A failing check is logged with its exception type and stack, never its message (may quote people)."""
    caplog.set_level(logging.DEBUG)
    checks: list[Check] = [_Leaky()]
    outcome = CommentGuard(store=MemoryStore(), checks=checks).submit(FORM, REQUEST)
    assert [reason.code for reason in outcome.reasons] == ["check_failed"]
    _assert_clean(caplog.text)
    assert "check leaky failed" in caplog.text
    assert "KeyError" in caplog.text
    assert "test_store_errors.py" in caplog.text  # where it failed is still there


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ('invalid input syntax for type json: "anna@example.se"', 'invalid input syntax for type json: "…"'),
        ("Key (email)=(anna@example.se) already exists", "Key (email)=(…) already exists"),
        ('relation "blog_comments" does not exist', 'relation "blog_comments" does not exist'),
        ('column "David" does not exist', 'column "…" does not exist'),
        ("first line\nDETAIL: row anna@example.se", "first line"),
    ],
)
def test_store_error_masks_quoted_values_and_keeps_our_names(message: str, shown: str) -> None:
    """The one seam keeps the driver's first line, masks quoted values, and keeps the store's own names."""
    from commentguard.store._engine import store_error

    assert str(store_error(RuntimeError(message), "db")) == f"comment database db: {shown}"
