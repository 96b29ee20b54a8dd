"""SQLStore's housekeeping (the AdminStore part): deletion, retention, re-sanitizing, personal data.

Each method is one bounded unit of work in short write transactions, so a large site's purge
never holds the write lock for long.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from datetime import datetime

from sqlalchemy import ColumnElement, Connection, Engine, delete, false, select, update

from commentguard.errors import NotFound, VersionConflict
from commentguard.model import Comment, Status
from commentguard.sanitizer import SafeHtml
from commentguard.store import _learning as learning
from commentguard.store import _queries as q
from commentguard.store import _reasons
from commentguard.store._common import (
    anonymize_ip,
    aware,
    check_after,
    check_limit,
    check_text,
    email_key,
    findable,
    purge_cutoffs,
    storable,
    valid_id,
)
from commentguard.store._engine import forget_old_pages, transaction
from commentguard.store._schema import comments

_C = q.C
BATCH = 500


class SQLHousekeeping:
    """The :class:`~commentguard.AdminStore` methods of :class:`~commentguard.SQLStore`."""

    label: str
    _engine: Engine
    _clock: Callable[[], datetime]

    def _read(self) -> AbstractContextManager[Connection]:
        return transaction(self._engine, self.label, write=False)

    def _write(self) -> AbstractContextManager[Connection]:
        return transaction(self._engine, self.label, write=True)

    def _forget(self) -> None:
        """After personal data left a row: push it out of SQLite's WAL too (see ``forget_old_pages``)."""
        forget_old_pages(self._engine, self.label)

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
            before = locked(conn, comment_id, expected_version)
            conn.execute(q.DELETE, {"comment_id": comment_id, "expected": expected_version})
            conn.execute(q.AUDIT, q.audit_row(comment_id, before.status, None, actor, when, note))
            learning.forget_lessons(conn, [comment_id])
        self._forget()

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
        cutoffs = purge_cutoffs(now, spam_days, trash_days)
        for status, cutoff in cutoffs:
            while True:  # batches keep each write lock short
                with self._write() as conn:
                    query = select(_C.id).where(_C.status == status.value, _C.status_at < cutoff)
                    ids = [
                        int(i)
                        for i in conn.execute(query.order_by(_C.id).limit(BATCH).with_for_update()).scalars()
                    ]
                    if ids:
                        conn.execute(delete(comments).where(_C.id.in_(ids)))
                        learning.forget_lessons(conn, ids)
                        conn.execute(q.AUDIT, [q.audit_row(i, status, None, actor, now, None) for i in ids])
                purged[status] += len(ids)
                if len(ids) < BATCH:
                    break
        with self._write() as conn:  # form tokens past their age can never be replayed: forget them
            conn.execute(q.FORGET_TOKENS, {"now": now})
        if any(purged.values()):
            self._forget()
        return purged

    def anonymize_ips(self, older_than: datetime) -> int:
        """Anonymize the IP of every comment made before ``older_than``, in batches; return how many."""
        older_than = aware("older_than", older_than)
        query = (
            select(_C.id, _C.ip)
            .where(_C.ip_anonymized == false(), _C.created_at < older_than)
            .order_by(_C.id)
            .limit(BATCH)
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
            if len(rows) < BATCH:
                if changed:
                    self._forget()
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
        for start in range(0, len(wanted), BATCH):
            chunk = wanted[start : start + BATCH]
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
        if erased:
            self._forget()
        return erased

    def _scan(self, condition: ColumnElement[bool], limit: int, after_id: int) -> builtins.list[Comment]:
        limit, after_id = check_limit(limit), check_after(after_id)
        query = select(comments).where(condition, _C.id > after_id).order_by(_C.id).limit(limit)
        with self._read() as conn:
            return [q.comment_from(row) for row in conn.execute(query)]


def locked(conn: Connection, comment_id: int, expected_version: int) -> Comment:
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
