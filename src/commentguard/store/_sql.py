"""The SQL store on SQLAlchemy Core: SQLite by default, PostgreSQL by URL, one code path."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Connection, and_, delete, false, func, or_, select, update
from sqlalchemy.engine import URL

from commentguard._time import utc_now
from commentguard.errors import NotFound, StoreError, VersionConflict
from commentguard.model import Comment, History, NewComment, Page, ParentInfo, Reason, Status, Transition
from commentguard.sanitizer import SafeHtml
from commentguard.store import _migrations, _reasons
from commentguard.store import _queries as q
from commentguard.store._common import (
    anonymize_ip,
    aware,
    check_limit,
    check_text,
    decode_cursor,
    email_key,
    encode_cursor,
    findable,
    refuse_stored,
    storable,
    thread_order,
    valid_id,
)
from commentguard.store._engine import open_engine, transaction
from commentguard.store._schema import comments

_C = q.C
_BATCH = 500


class SQLStore:
    """A complete :class:`~commentguard.store.AdminStore` in a SQL database.

    ``SQLStore("sqlite:///comments.db")`` keeps everything in one file, made on first use;
    ``SQLStore("postgresql+psycopg://user@host/db")`` scales out (``commentguard[postgres]``).
    Safe for many threads and many processes at once; make it after forking, not before.

    Args:
        url: a SQLAlchemy database URL.
        migrate: bring the schema up to date (creating the file and tables if needed). With
            ``False`` the database must exist at the current schema, else ``StoreError``:
            for callers that must not create a file on a typo or change the schema.
        clock: when audited transitions happen, unless the caller says.

    Raises:
        StoreError: the database cannot be opened, is corrupt, or has another schema.

    """

    def __init__(
        self,
        url: str | URL,
        *,
        migrate: bool = True,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self._engine, self.label = open_engine(url, migrate=migrate)
        self._clock = clock
        try:
            self._open(migrate)
        except BaseException:
            self._engine.dispose()
            raise

    def __repr__(self) -> str:
        return f"SQLStore({self.label!r})"

    def close(self) -> None:
        """Close every pooled connection (the store opens new ones if used again)."""
        self._engine.dispose()

    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _open(self, migrate: bool) -> None:
        with self._read() as conn:
            current = _migrations.read_version(conn)
        if current == _migrations.LATEST:
            return
        if current > _migrations.LATEST:
            raise StoreError(
                f"comment database {self.label} has schema version {current}, newer than this "
                f"commentguard's {_migrations.LATEST}; upgrade commentguard"
            )
        if not migrate:
            raise StoreError(
                f"comment database {self.label} has schema version {current}, not "
                f"{_migrations.LATEST}; open it once with migrate=True to upgrade it"
            )
        for number in range(current + 1, _migrations.LATEST + 1):
            with self._write() as conn:
                try:
                    _migrations.apply(conn, number)
                except RuntimeError as exc:
                    raise StoreError(f"comment database {self.label}: {exc}") from exc

    def _read(self) -> AbstractContextManager[Connection]:
        return transaction(self._engine, self.label, write=False)

    def _write(self) -> AbstractContextManager[Connection]:
        return transaction(self._engine, self.label, write=True)

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
            result = conn.execute(q.INSERT, q.row_values(comment, depth, reasons_json))
            new_id = result.inserted_primary_key[0] if result.inserted_primary_key else None
        if new_id is None:  # pragma: no cover - every supported dialect reports the new id
            raise StoreError(f"comment database {self.label}: the new comment's id was not reported")
        return comment.stored(int(new_id))

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
        check_limit(limit)
        if not findable(post_id):
            return Page((), None)
        query = select(comments).order_by(_C.created_at.desc(), _C.id.desc()).limit(limit + 1)
        if status is not None:
            query = query.where(_C.status == Status(status).value)
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
    ) -> Comment:
        """Change the status if the version still matches; see :meth:`Store.transition`."""
        to = Status(to)
        when = aware("at", at or self._clock())
        check_text(actor=actor, note=note)
        with self._write() as conn:
            before = _locked(conn, comment_id, expected_version)
            changed = conn.execute(
                q.SET_STATUS,
                {"comment_id": comment_id, "expected": expected_version, "new_status": to.value, "at": when},
            ).rowcount
            if changed != 1:  # only a database without row locks could get here
                raise VersionConflict(f"comment {comment_id} changed while it was being moved; read it again")
            conn.execute(q.AUDIT, q.audit_row(comment_id, before.status, to, actor, when, note))
        return replace(before, status=to, version=expected_version + 1)

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

    def delete(
        self,
        comment_id: int,
        *,
        expected_version: int,
        actor: str,
        note: str | None = None,
        at: datetime | None = None,
    ) -> None:
        """Delete the comment permanently if the version still matches; audit it."""
        when = aware("at", at or self._clock())
        check_text(actor=actor, note=note)
        with self._write() as conn:
            before = _locked(conn, comment_id, expected_version)
            conn.execute(q.DELETE, {"comment_id": comment_id, "expected": expected_version})
            conn.execute(q.AUDIT, q.audit_row(comment_id, before.status, None, actor, when, note))

    def purge(
        self,
        now: datetime,
        *,
        spam_days: int | None = 15,
        trash_days: int | None = 30,
        actor: str = "purge",
    ) -> dict[Status, int]:
        """Delete spam and trash older than so many days in that status, audited, in batches."""
        now = aware("now", now)
        check_text(actor=actor)
        purged = {Status.SPAM: 0, Status.TRASH: 0}
        for status, days in ((Status.SPAM, spam_days), (Status.TRASH, trash_days)):
            if days is None:
                continue
            cutoff = now - timedelta(days=days)
            while True:  # batches keep each write lock short
                with self._write() as conn:
                    query = select(_C.id).where(_C.status == status.value, _C.status_at < cutoff)
                    ids = [
                        int(i)
                        for i in conn.execute(query.order_by(_C.id).limit(_BATCH).with_for_update()).scalars()
                    ]
                    if ids:
                        conn.execute(delete(comments).where(_C.id.in_(ids)))
                        conn.execute(q.AUDIT, [q.audit_row(i, status, None, actor, now, None) for i in ids])
                purged[status] += len(ids)
                if len(ids) < _BATCH:
                    break
        return purged

    def anonymize_ips(self, older_than: datetime) -> int:
        """Anonymize the IP of every comment made before ``older_than``, in batches; return how many."""
        older_than = aware("older_than", older_than)
        query = (
            select(_C.id, _C.ip)
            .where(_C.ip_anonymized == false(), _C.created_at < older_than)
            .order_by(_C.id)
            .limit(_BATCH)
            .with_for_update()
        )
        changed = 0
        while True:
            with self._write() as conn:
                rows = conn.execute(query).all()
                for row in rows:
                    anonymized = {"ip": anonymize_ip(row.ip), "ip_anonymized": True}
                    conn.execute(update(comments).where(_C.id == row.id).values(anonymized))
            changed += len(rows)
            if len(rows) < _BATCH:
                return changed

    def stale(self, policy_version: str, *, limit: int = 500, after_id: int = 0) -> Sequence[Comment]:
        """Comments sanitized under another policy version, by id, after ``after_id``."""
        check_text(policy_version=policy_version)
        return self._scan(_C.policy_version != policy_version, limit, after_id)

    def replace_content(self, comment_id: int, content: SafeHtml, policy_version: str) -> Comment:
        """Store re-sanitized content and its policy version; the moderation version stays."""
        if not isinstance(content, SafeHtml):
            raise TypeError("replace_content() takes SafeHtml made by commentguard.sanitize()")
        if valid_id(comment_id):
            with self._write() as conn:
                row = conn.execute(q.GET_LOCKED, {"id": comment_id}).first()
                if row is not None:
                    updated = storable(
                        replace(q.comment_from(row), content=content, policy_version=policy_version)
                    )
                    changes = {"content": str(content), "policy_version": policy_version}
                    conn.execute(update(comments).where(_C.id == comment_id).values(changes))
                    return updated
        raise NotFound(f"no comment with id {comment_id!r}")

    def by_email(self, email: str, *, limit: int = 500, after_id: int = 0) -> Sequence[Comment]:
        """Every comment with that email (any case, any status), by id, after ``after_id``."""
        key = email_key(email)
        return self._scan(_C.email_key == key if key and findable(key) else false(), limit, after_id)

    def erase(self, comment_ids: Sequence[int], *, author: str = "Anonymous") -> int:
        """Erase the personal data of those comments, keeping their content; return how many."""
        check_text(author=author)
        wanted = sorted({i for i in comment_ids if valid_id(i)})
        erased = 0
        for start in range(0, len(wanted), _BATCH):
            chunk = wanted[start : start + _BATCH]
            with self._write() as conn:
                query = (
                    select(_C.id, _C.ip, _C.ip_anonymized, _C.reasons)
                    .where(_C.id.in_(chunk))
                    .with_for_update()
                )
                rows = conn.execute(query).all()
                for row in rows:
                    blanked = {
                        "author": author,
                        "email": "",
                        "email_key": "",
                        "author_url": "",
                        "user_agent": "",
                        "user_id": None,
                        "ip": row.ip if row.ip_anonymized else anonymize_ip(row.ip),
                        "ip_anonymized": True,
                        "reasons": _reasons.erased(row.reasons),
                    }
                    conn.execute(update(comments).where(_C.id == row.id).values(blanked))
            erased += len(rows)
        return erased

    def _scan(self, condition: ColumnElement[bool], limit: int, after_id: int) -> builtins.list[Comment]:
        check_limit(limit)
        query = select(comments).where(condition, _C.id > after_id).order_by(_C.id).limit(limit)
        with self._read() as conn:
            return [q.comment_from(row) for row in conn.execute(query)]


def _locked(conn: Connection, comment_id: int, expected_version: int) -> Comment:
    """Read the comment, row-locked on PostgreSQL, and check its version."""
    row = conn.execute(q.GET_LOCKED, {"id": comment_id}).first() if valid_id(comment_id) else None
    if row is None:
        raise NotFound(f"no comment with id {comment_id!r}")
    if row.version != expected_version:
        raise VersionConflict(
            f"comment {comment_id} is at version {row.version}, not {expected_version}: "
            "someone changed it first; read it again and decide again"
        )
    return q.comment_from(row)
