"""The SQL store on SQLAlchemy Core: SQLite by default, PostgreSQL by URL, one code path."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import Connection, and_, func, or_, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from commentguard._time import utc_now
from commentguard.errors import NotFound, StoreError, VersionConflict
from commentguard.model import (
    Comment,
    History,
    Label,
    Lesson,
    NewComment,
    Page,
    ParentInfo,
    Reason,
    Status,
    Transition,
)
from commentguard.store import _learning as learning
from commentguard.store import _migrations, _reasons
from commentguard.store import _queries as q
from commentguard.store._common import (
    INT32_MAX,
    aware,
    check_count,
    check_limit,
    check_text,
    check_token,
    decode_cursor,
    encode_cursor,
    findable,
    refuse_stored,
    storable,
    thread_order,
    tokens_in_range,
    valid_id,
)
from commentguard.store._engine import open_engine, store_error, use_wal
from commentguard.store._prefix import check_prefix, refuse_foreign
from commentguard.store._prefix import install as install_prefix
from commentguard.store._schema import comments
from commentguard.store._sql_housekeeping import SQLHousekeeping, locked

_C = q.C
_BATCH = 500


class SQLStore(SQLHousekeeping):
    """A complete :class:`~commentguard.store.AdminStore` and ``LearningStore`` in a SQL database.

    ``SQLStore("sqlite:///comments.db")`` keeps everything in one file, made on first use;
    ``SQLStore("postgresql+psycopg://user@host/db")`` scales out (``commentguard[postgres]``).
    Safe for many threads and many processes at once; make it after forking, not before.

    Args:
        url: a SQLAlchemy database URL.
        migrate: bring the schema up to date (creating the file and tables if needed). With
            ``False`` the database must exist at the current schema, else ``StoreError``:
            for callers that must not create a file on a typo or change the schema.
        clock: when audited transitions happen, unless the caller says.
        table_prefix: put before the name of every table, index and constraint commentguard
            makes (``"commentguard_"``), to live beside a blog's own tables in its database.
        adopt: add commentguard's tables (unprefixed) to a database that holds tables of
            others; without it such a database is refused, and nothing is written to it.

    Raises:
        StoreError: the database cannot be opened, is corrupt, has another schema, or holds
            tables commentguard does not own (see ``table_prefix`` and ``adopt``).
        ValueError: ``table_prefix`` is not a letter or ``_`` followed by letters, digits, ``_``.

    """

    def __init__(
        self,
        url: str | URL,
        *,
        migrate: bool = True,
        clock: Callable[[], datetime] = utc_now,
        table_prefix: str = "",
        adopt: bool = False,
    ) -> None:
        self.table_prefix = check_prefix(table_prefix)
        self._engine, self.label = open_engine(url, migrate=migrate)
        if self.table_prefix:
            install_prefix(self._engine, self.table_prefix)
        self._clock = clock
        try:
            self._open(migrate, adopt)
        except BaseException:
            self._engine.dispose()
            raise

    def __repr__(self) -> str:
        prefix = f", table_prefix={self.table_prefix!r}" if self.table_prefix else ""
        return f"SQLStore({self.label!r}{prefix})"

    def close(self) -> None:
        """Close every pooled connection (the store opens new ones if used again)."""
        self._engine.dispose()

    def vacuum(self, *, full: bool = False) -> None:
        """Make erased and deleted rows unreadable in the database's files, now.

        SQLite needs no call (every erase, delete, purge and IP anonymizing already
        overwrites the old bytes and empties the WAL); here it checkpoints once more, and
        with ``full=True`` runs ``VACUUM``, which rewrites the file. PostgreSQL keeps an
        erased row's old version as a dead tuple until ``VACUUM``: this runs ``VACUUM`` on
        the comments table (``VACUUM FULL`` with ``full=True``, which rewrites the table
        under an exclusive lock). The server's WAL segments and your backups keep old
        versions until they are recycled or rotated; see ``docs/store.md``.
        """
        table = self._engine.dialect.identifier_preparer.quote(self.table_prefix + comments.name)
        try:
            with self._engine.connect() as conn:
                if self._engine.dialect.name != "sqlite":
                    vacuum = conn.execution_options(isolation_level="AUTOCOMMIT")
                    vacuum.exec_driver_sql(("VACUUM FULL " if full else "VACUUM ") + table)
                elif full:  # outside SQLAlchemy: it would begin a transaction, and VACUUM cannot run in one
                    raw = conn.connection.dbapi_connection
                    if raw is not None:
                        raw.execute("VACUUM")
        except SQLAlchemyError as exc:
            raise store_error(exc, self.label) from None
        self._forget()

    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _open(self, migrate: bool, adopt: bool) -> None:
        with self._read() as conn:
            current = _migrations.read_version(conn, self.table_prefix)
            if current == 0:
                refuse_foreign(conn, self.label, self.table_prefix, adopt=adopt)
        if current > _migrations.LATEST:
            raise StoreError(
                f"comment database {self.label} has schema version {current}, newer than this "
                f"commentguard's {_migrations.LATEST}; upgrade commentguard"
            )
        if current < _migrations.LATEST and not migrate:
            raise StoreError(
                f"comment database {self.label} has schema version {current}, not "
                f"{_migrations.LATEST}; open it once with migrate=True to upgrade it"
            )
        if migrate:
            use_wal(self._engine, self.label)
        for number in range(current + 1, _migrations.LATEST + 1):
            with self._write() as conn:
                try:
                    _migrations.apply(conn, number, self.table_prefix)
                except RuntimeError as exc:
                    raise StoreError(f"comment database {self.label}: {exc}") from exc

    # -- the required core -------------------------------------------------------------

    def add(self, comment: NewComment, *, reasons: Sequence[Reason] = ()) -> Comment:
        """Save a new comment and the reasons it was decided with; see :meth:`Store.add`."""
        refuse_stored(comment)
        comment = storable(comment)
        reasons_json = _reasons.encode(_reasons.storable_reasons(reasons))
        with self._write() as conn:
            depth = 1
            if comment.parent_id is not None:
                parent_depth = conn.execute(q.PARENT_DEPTH, {"id": comment.parent_id}).scalar()
                depth = 1 if parent_depth is None else parent_depth + 1
            new_id = self._insert(conn, comment, depth, reasons_json)
        return comment.stored(new_id)

    def add_checked(
        self,
        comment: NewComment,
        judge: Callable[[History, bool], tuple[Status, Sequence[Reason]]],
        *,
        since: datetime | None = None,
        token: tuple[str, datetime] | None = None,
    ) -> Comment:
        """Read the history, judge, and add, in one write transaction; see :meth:`AtomicStore.add_checked`.

        SQLite's ``BEGIN IMMEDIATE`` holds the one write lock from the read to the insert;
        on PostgreSQL the transaction takes an advisory lock per post, IP and email (in one
        order, so two never deadlock), which every other ``add_checked`` for the same post
        or sender waits for; a token's record is one primary key, which two cannot share.
        """
        refuse_stored(comment)
        comment = storable(comment)
        since = aware("since", since) if since is not None else None
        token = check_token(token)
        with self._write() as conn:
            if conn.dialect.name == "postgresql":
                for key in q.history_lock_keys(comment):
                    conn.execute(q.ADVISORY_LOCK, {"key": key})
            fresh = True
            if token is not None:
                claim = {"key": token[0], "expires_at": token[1], "now": comment.created_at}
                dialect = conn.dialect.name
                fresh = q.token_was_free(conn.execute(q.use_token(dialect), claim), dialect)
            history = self._history(conn, comment, since)
            status, reasons = judge(history, fresh)
            comment = replace(comment, status=Status(status))
            reasons_json = _reasons.encode(_reasons.storable_reasons(reasons))
            depth = history.parent.depth + 1 if history.parent is not None else 1
            new_id = self._insert(conn, comment, depth, reasons_json)
        return comment.stored(new_id)

    def _insert(self, conn: Connection, comment: NewComment, depth: int, reasons_json: str) -> int:
        result = conn.execute(q.INSERT, q.row_values(comment, depth, reasons_json))
        new_id = result.inserted_primary_key[0] if result.inserted_primary_key else None
        if new_id is None:  # pragma: no cover - every supported dialect reports the new id
            raise StoreError(f"comment database {self.label}: the new comment's id was not reported")
        return int(new_id)

    def get(self, comment_id: int) -> Comment:
        """Return the comment, or raise :class:`~commentguard.NotFound`."""
        if valid_id(comment_id):
            with self._read() as conn:
                row = conn.execute(q.GET, {"id": comment_id}).first()
            if row is not None:
                return q.comment_from(row)
        raise NotFound(f"no comment with id {comment_id!r}")

    def reasons(self, comment_id: int) -> tuple[Reason, ...]:
        """The reasons the comment was added with; see :meth:`Store.reasons`."""
        if not valid_id(comment_id):
            return ()
        with self._read() as conn:
            text = conn.execute(q.REASONS, {"id": comment_id}).scalar()
        if text is None:
            return ()
        return _reasons.decode(text, f"comment database {self.label}, comment {comment_id}")

    def list(
        self,
        *,
        status: Status | None = None,
        post_id: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        """Comments with that status and post, newest first; see :meth:`Store.list`."""
        limit = check_limit(limit)
        status = Status(status) if status is not None else None
        if not findable(post_id):
            return Page((), None)
        query = select(comments).order_by(_C.created_at.desc(), _C.id.desc()).limit(limit + 1)
        if status is not None:
            query = query.where(_C.status == status.value)
        if post_id is not None:
            query = query.where(_C.post_id == post_id)
        if cursor is not None:
            at, last_id = decode_cursor(cursor)
            query = query.where(or_(_C.created_at < at, and_(_C.created_at == at, _C.id < last_id)))
        with self._read() as conn:
            found = [q.comment_from(row) for row in conn.execute(query)]
        page = found[:limit]
        more = len(found) > limit
        next_cursor = encode_cursor(page[-1].created_at, page[-1].id) if more else None
        return Page(tuple(page), next_cursor)

    def transition(
        self,
        comment_id: int,
        *,
        to: Status,
        expected_version: int,
        actor: str,
        note: str | None = None,
        at: datetime | None = None,
        lesson: Lesson | None = None,
    ) -> Comment:
        """Change the status if the version still matches, and learn; see :meth:`LearningStore.transition`."""
        to = Status(to)
        when = aware("at", at or self._clock())
        check_text(actor=actor, note=note)
        if lesson is not None and not isinstance(lesson, Lesson):
            raise TypeError(f"lesson must be a commentguard.Lesson, not {type(lesson).__name__}")
        with self._write() as conn:
            before = locked(conn, comment_id, expected_version)
            changed = conn.execute(
                q.SET_STATUS,
                {"comment_id": comment_id, "expected": expected_version, "new_status": to.value, "at": when},
            ).rowcount
            if changed != 1:  # only a database without row locks could get here
                raise VersionConflict(f"comment {comment_id} changed while it was being moved; read it again")
            conn.execute(q.AUDIT, q.audit_row(comment_id, before.status, to, actor, when, note))
            if lesson is not None:
                learning.apply_lesson(conn, comment_id, lesson, when)
        return replace(before, status=to, version=expected_version + 1)

    def token_counts(self, tokens: Sequence[int]) -> Mapping[int, tuple[int, int]]:
        """``token -> (spam, ham)`` for the trained ones; see :meth:`TokenStats.token_counts`."""
        wanted = tokens_in_range(tokens)
        with self._read() as conn:
            return learning.token_counts(conn, wanted)

    def trained_totals(self) -> tuple[int, int]:
        """How many comments are trained as (spam, ham)."""
        with self._read() as conn:
            return learning.trained_totals(conn)

    def token_stats(self, tokens: Sequence[int]) -> tuple[Mapping[int, tuple[int, int]], tuple[int, int]]:
        """Counts and totals in one read transaction; see :meth:`TokenStats.token_stats`."""
        wanted = tokens_in_range(tokens)
        with self._read() as conn:
            return learning.token_counts(conn, wanted), learning.trained_totals(conn)

    def lesson(self, comment_id: int) -> Label | None:
        """What the comment is trained as, or ``None``."""
        if not valid_id(comment_id):
            return None
        with self._read() as conn:
            found = learning.read_lesson(conn, comment_id)
        return found.label if found is not None else None

    def untrained(
        self, status: Status, *, before: datetime, limit: int = 500, after_id: int = 0
    ) -> Sequence[Comment]:
        """Untrained comments with that status made before ``before``; see :meth:`LearningStore.untrained`."""
        before = aware("before", before)
        return self._scan(learning.untrained(Status(status).value, before), limit, after_id)

    def prune_tokens(self, older_than: datetime, *, at_most: int = 1) -> int:
        """Forget rare, long-untrained tokens; see :meth:`LearningStore.prune_tokens`."""
        older_than = aware("older_than", older_than)
        at_most = min(check_count("at_most", at_most), INT32_MAX)  # token counts are 32-bit
        with self._write() as conn:
            return learning.prune_tokens(conn, older_than, at_most)

    def transitions(self, comment_id: int) -> Sequence[Transition]:
        """The audit trail of one comment, oldest first."""
        if not valid_id(comment_id):
            return ()
        with self._read() as conn:
            return tuple(
                Transition(
                    comment_id=row.comment_id,
                    from_status=Status(row.from_status),
                    to_status=Status(row.to_status) if row.to_status is not None else None,
                    actor=row.actor,
                    at=row.at,
                    note=row.note,
                )
                for row in conn.execute(q.TRAIL, {"id": comment_id})
            )

    def counts(self, post_id: str | None = None) -> dict[Status, int]:
        """How many comments have each status, every status present."""
        query = select(_C.status, func.count()).group_by(_C.status)
        if post_id is not None:
            query = query.where(_C.post_id == post_id)
        result = dict.fromkeys(Status, 0)
        if not findable(post_id):
            return result
        with self._read() as conn:
            for status, count in conn.execute(query):
                result[Status(status)] = count
        return result

    def history(self, comment: NewComment, *, since: datetime | None = None) -> History:
        """What the checks need to know from the past, in at most two queries (one read transaction)."""
        comment = storable(comment)
        since = aware("since", since) if since is not None else None
        with self._read() as conn:
            return self._history(conn, comment, since)

    @staticmethod
    def _history(conn: Connection, comment: NewComment, since: datetime | None) -> History:
        found = conn.execute(q.HISTORY, q.history_params(comment, since)).one()
        parent = None
        if comment.parent_id is not None and valid_id(comment.parent_id):
            row = conn.execute(q.PARENT, {"parent_id": comment.parent_id}).first()
            if row is not None:
                parent = ParentInfo(row.id, row.post_id, Status(row.status), row.depth)
        last = [at for at in (found.last_by_ip, found.last_by_email) if at is not None]
        return History(
            trusted=bool(found.trusted),
            last_comment_at=max(last, default=None),
            duplicate_id=found.duplicate_id,
            spam_count=found.spam_count,
            parent=parent,
        )

    def public(self, post_id: str) -> Sequence[Comment]:
        """The approved comments of a post in thread order; see :meth:`Store.public`."""
        if not findable(post_id):
            return []
        query = select(comments).where(_C.post_id == post_id, _C.status == Status.APPROVED.value)
        with self._read() as conn:
            return thread_order(q.comment_from(row) for row in conn.execute(query))

    # -- housekeeping ----------------------------------------------------------------
