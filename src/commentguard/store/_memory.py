"""A thread-safe store in a dict, for tests and examples (as Django's ``locmem`` cache)."""

from __future__ import annotations

import builtins
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from commentguard._time import utc_now
from commentguard.errors import NotFound, VersionConflict
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
from commentguard.sanitizer import SafeHtml
from commentguard.store._common import (
    INT32_MAX,
    anonymize_ip,
    aware,
    check_after,
    check_count,
    check_limit,
    check_text,
    check_token,
    decode_cursor,
    email_key,
    encode_cursor,
    own_id,
    purge_cutoffs,
    refuse_stored,
    storable,
    thread_order,
    tokens_in_range,
    valid_id,
)
from commentguard.store._lessons import TokenCounts
from commentguard.store._memory_history import history_of
from commentguard.store._reasons import copy_reason, storable_reasons, without_params


@dataclass(slots=True)
class _Row:
    comment: Comment
    depth: int
    status_at: datetime
    reasons: tuple[Reason, ...] = ()
    ip_anonymized: bool = False


class MemoryStore:
    """A complete :class:`~commentguard.store.AdminStore` and ``LearningStore`` in memory; gone at exit.

    For tests, examples and trying commentguard out. One lock serializes every call, so
    threads may share it. ``clock`` gives the time audited transitions are stamped with.

    >>> from commentguard.store import MemoryStore
    >>> MemoryStore().counts()[Status.PENDING]
    0
    """

    def __init__(self, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._rows: dict[int, _Row] = {}
        self._audit: list[Transition] = []
        self._next_id = 1
        self._learned = TokenCounts()
        self._tokens: dict[str, datetime] = {}  # form token key -> when its record expires

    def __repr__(self) -> str:
        return f"MemoryStore({len(self._rows)} comments)"

    def add(self, comment: NewComment, *, reasons: Sequence[Reason] = ()) -> Comment:
        """Save a new comment and the reasons it was decided with; see :meth:`Store.add`."""
        refuse_stored(comment)
        comment = storable(comment)
        kept = storable_reasons(reasons)
        with self._lock:
            return self._insert(comment, kept)

    def _insert(self, comment: NewComment, reasons: tuple[Reason, ...]) -> Comment:
        parent = self._rows.get(comment.parent_id) if comment.parent_id is not None else None
        saved = comment.stored(self._next_id)
        depth = parent.depth + 1 if parent else 1
        self._rows[self._next_id] = _Row(saved, depth, saved.created_at, reasons)
        self._next_id += 1
        return saved

    def reasons(self, comment_id: int) -> tuple[Reason, ...]:
        """The reasons the comment was added with; see :meth:`Store.reasons`."""
        with self._lock:
            row = self._rows.get(comment_id) if valid_id(comment_id) else None
            kept = row.reasons if row is not None else ()
        return tuple(copy_reason(reason) for reason in kept)  # callers may not change ours

    def get(self, comment_id: int) -> Comment:
        """Return the comment, or raise :class:`~commentguard.NotFound`."""
        with self._lock:
            return self._row(comment_id).comment

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
        after = decode_cursor(cursor) if cursor is not None else None
        with self._lock:
            found = [
                row.comment
                for row in self._rows.values()
                if (status is None or row.comment.status == status)
                and (post_id is None or row.comment.post_id == post_id)
                and (after is None or (row.comment.created_at, row.comment.id) < after)
            ]
        found.sort(key=lambda c: (c.created_at, c.id), reverse=True)
        page = found[:limit]
        more = len(found) > limit
        last = page[-1] if page else None
        next_cursor = encode_cursor(last.created_at, last.id) if more and last else None
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
        with self._lock:
            row = self._expect(comment_id, expected_version)
            before = row.comment
            row.comment = replace(before, status=to, version=before.version + 1)
            if to is not before.status:  # a confirmation keeps the time it got the status
                row.status_at = when
            self._audit.append(Transition(comment_id, before.status, to, actor, when, note))
            if lesson is not None:
                self._learned.apply(comment_id, lesson, when)
            return row.comment

    def token_counts(self, tokens: Sequence[int]) -> Mapping[int, tuple[int, int]]:
        """``token -> (spam, ham)`` for the trained ones; see :meth:`TokenStats.token_counts`."""
        wanted = tokens_in_range(tokens)
        with self._lock:
            return self._learned.counts(wanted)

    def trained_totals(self) -> tuple[int, int]:
        """How many comments are trained as (spam, ham)."""
        with self._lock:
            return self._learned.totals()

    def token_stats(self, tokens: Sequence[int]) -> tuple[Mapping[int, tuple[int, int]], tuple[int, int]]:
        """Counts and totals at one moment; see :meth:`TokenStats.token_stats`."""
        wanted = tokens_in_range(tokens)
        with self._lock:
            return self._learned.counts(wanted), self._learned.totals()

    def lesson(self, comment_id: int) -> Label | None:
        """What the comment is trained as, or ``None``."""
        with self._lock:
            return self._learned.label(comment_id)

    def untrained(
        self, status: Status, *, before: datetime, limit: int = 500, after_id: int = 0
    ) -> Sequence[Comment]:
        """Untrained comments with that status made before ``before``; see :meth:`LearningStore.untrained`."""
        before = aware("before", before)
        with self._lock:
            labels = {key: self._learned.label(key) for key in self._rows}
        return self._scan(
            lambda c: c.status is status and c.created_at < before and labels.get(c.id) is None,
            limit,
            after_id,
        )

    def prune_tokens(self, older_than: datetime, *, at_most: int = 1) -> int:
        """Forget rare, long-untrained tokens; see :meth:`LearningStore.prune_tokens`."""
        older_than = aware("older_than", older_than)
        at_most = min(check_count("at_most", at_most), INT32_MAX)  # token counts are 32-bit
        with self._lock:
            return self._learned.prune(older_than, at_most)

    def transitions(self, comment_id: int) -> Sequence[Transition]:
        """The audit trail of one comment, oldest first."""
        with self._lock:
            return tuple(t for t in self._audit if t.comment_id == comment_id)

    def counts(self, post_id: str | None = None) -> dict[Status, int]:
        """How many comments have each status, every status present."""
        result = dict.fromkeys(Status, 0)
        with self._lock:
            for row in self._rows.values():
                if post_id is None or row.comment.post_id == post_id:
                    result[row.comment.status] += 1
        return result

    def history(self, comment: NewComment, *, since: datetime | None = None) -> History:
        """What the checks need to know from the past; see :meth:`Store.history`."""
        comment = storable(comment)
        since = aware("since", since) if since is not None else None
        with self._lock:
            return self._history(comment, since)

    def add_checked(
        self,
        comment: NewComment,
        judge: Callable[[History, bool], tuple[Status, Sequence[Reason]]],
        *,
        since: datetime | None = None,
        token: tuple[str, datetime] | None = None,
    ) -> Comment:
        """Read the history, judge, and add, under the one lock; see :meth:`AtomicStore.add_checked`."""
        refuse_stored(comment)
        comment = storable(comment)
        since = aware("since", since) if since is not None else None
        token = check_token(token)
        with self._lock:
            used = self._tokens.get(token[0]) if token is not None else None
            status, reasons = judge(self._history(comment, since), used is None or used < comment.created_at)
            saved = self._insert(replace(comment, status=Status(status)), storable_reasons(reasons))
            if token is not None:
                self._tokens[token[0]] = token[1]
            return saved

    def _history(self, comment: NewComment, since: datetime | None) -> History:
        rows = [row for key, row in self._rows.items() if key != own_id(comment)]
        parent_row = self._rows.get(comment.parent_id) if comment.parent_id is not None else None
        parent = None
        if parent_row is not None:
            p = parent_row.comment
            parent = ParentInfo(p.id, p.post_id, p.status, parent_row.depth)
        return history_of([row.comment for row in rows], comment, since, parent)

    def public(self, post_id: str) -> Sequence[Comment]:
        """The approved comments of a post in thread order; see :meth:`Store.public`."""
        with self._lock:
            approved = [
                row.comment
                for row in self._rows.values()
                if row.comment.post_id == post_id and row.comment.status is Status.APPROVED
            ]
        return thread_order(approved)

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
        with self._lock:
            row = self._expect(comment_id, expected_version)
            del self._rows[comment_id]
            self._learned.forget(comment_id)
            self._audit.append(Transition(comment_id, row.comment.status, None, actor, when, note))

    def purge(
        self,
        now: datetime,
        *,
        spam_days: int | None = 15,
        trash_days: int | None = 30,
        actor: str = "purge",
    ) -> dict[Status, int]:
        """Delete spam and trash older than so many days in that status; see :meth:`AdminStore.purge`."""
        now = aware("now", now)
        check_text(actor=actor)
        purged = {Status.SPAM: 0, Status.TRASH: 0}
        cutoffs = purge_cutoffs(now, spam_days, trash_days)
        with self._lock:
            for status, cutoff in cutoffs:
                doomed = [
                    key
                    for key, row in self._rows.items()
                    if row.comment.status is status and row.status_at < cutoff
                ]
                for key in doomed:
                    del self._rows[key]
                    self._learned.forget(key)
                    self._audit.append(Transition(key, status, None, actor, now, None))
                purged[status] = len(doomed)
            self._tokens = {key: until for key, until in self._tokens.items() if until >= now}
        return purged

    def anonymize_ips(self, older_than: datetime) -> int:
        """Anonymize the IP of every comment made before ``older_than``; return how many."""
        older_than = aware("older_than", older_than)
        changed = 0
        with self._lock:
            for row in self._rows.values():
                if not row.ip_anonymized and row.comment.created_at < older_than:
                    row.comment = replace(row.comment, ip=anonymize_ip(row.comment.ip))
                    row.ip_anonymized = True
                    changed += 1
        return changed

    def stale(self, policy_version: str, *, limit: int = 500, after_id: int = 0) -> Sequence[Comment]:
        """Comments sanitized under another policy version, by id, after ``after_id``."""
        check_text(policy_version=policy_version)
        return self._scan(lambda c: c.policy_version != policy_version, limit, after_id)

    def replace_content(self, comment_id: int, content: SafeHtml, policy_version: str) -> Comment:
        """Store re-sanitized content and its policy version; the moderation version stays."""
        if not isinstance(content, SafeHtml):
            raise TypeError("replace_content() takes SafeHtml made by commentguard.sanitize()")
        with self._lock:
            row = self._row(comment_id)
            updated = storable(replace(row.comment, content=content, policy_version=policy_version))
            row.comment = updated
            return updated

    def by_email(self, email: str, *, limit: int = 500, after_id: int = 0) -> Sequence[Comment]:
        """Every comment with that email (any case, any status), by id, after ``after_id``."""
        key = email_key(email)
        return self._scan(lambda c: bool(key) and email_key(c.email) == key, limit, after_id)

    def erase(self, comment_ids: Sequence[int], *, author: str = "Anonymous") -> int:
        """Erase the personal data of those comments, keeping their content; return how many."""
        check_text(author=author)
        erased = 0
        with self._lock:
            for comment_id in set(comment_ids):
                row = self._rows.get(comment_id) if valid_id(comment_id) else None
                if row is None:
                    continue
                row.comment = replace(
                    row.comment,
                    author=author,
                    email="",
                    author_url="",
                    user_agent="",
                    user_id=None,
                    ip=row.comment.ip if row.ip_anonymized else anonymize_ip(row.comment.ip),
                )
                row.ip_anonymized = True
                row.reasons = tuple(without_params(reason) for reason in row.reasons)
                erased += 1
        return erased

    def _scan(self, keep: Callable[[Comment], bool], limit: int, after_id: int) -> builtins.list[Comment]:
        limit, after_id = check_limit(limit), check_after(after_id)
        with self._lock:
            found = sorted(key for key, row in self._rows.items() if key > after_id and keep(row.comment))
            return [self._rows[key].comment for key in found[:limit]]

    def _row(self, comment_id: int) -> _Row:
        row = self._rows.get(comment_id) if valid_id(comment_id) else None
        if row is None:
            raise NotFound(f"no comment with id {comment_id!r}")
        return row

    def _expect(self, comment_id: int, expected_version: int) -> _Row:
        row = self._row(comment_id)
        if row.comment.version != expected_version:
            raise VersionConflict(
                f"comment {comment_id} is at version {row.comment.version}, not {expected_version}: "
                "someone changed it first; read it again and decide again"
            )
        return row
