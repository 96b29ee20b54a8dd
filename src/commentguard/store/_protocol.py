"""The store interface: a small required core, and the housekeeping a full site needs.

The store *is* the moderation queue. :class:`Store` is what a blog needs to accept,
moderate and show comments, and what the checks read through :meth:`Store.history`.
:class:`AdminStore` adds what the admin tools need: permanent deletion, retention,
re-sanitizing and personal-data export and erase. Both built-in stores implement both;
a third-party store may implement only :class:`Store`. Every store passes the contract
suite in ``commentguard.testing.store_contract`` (see ``docs/store.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

from commentguard.model import (
    Comment,
    History,
    Label,
    Lesson,
    NewComment,
    Page,
    Reason,
    Status,
    TokenStats,
    Transition,
)
from commentguard.sanitizer import SafeHtml


@runtime_checkable
class Store(Protocol):
    """The small required core of a comment store: accept, moderate, show.

    Timestamps go in aware and come back aware in UTC. Text fields round-trip exactly;
    text a database cannot hold (NUL, lone surrogates) is refused with
    :class:`~commentguard.StoreError` before anything is written.
    """

    def add(self, comment: NewComment, *, reasons: Sequence[Reason] = ()) -> Comment:
        """Save a new comment; return the stored :class:`~commentguard.Comment` (``id`` set, ``version`` 1).

        The comment's ``status`` is stored as given (the decision made it), and with it the
        ``reasons`` the decision was made with, as data (code, params, check, texts), in
        order; :meth:`reasons` reads them back. A reply's depth is its parent's depth plus
        one (1 when the parent does not exist).

        Raises:
            ValueError: the comment is already stored (a :class:`~commentguard.Comment`).
            TypeError: ``reasons`` is not a sequence of :class:`~commentguard.Reason`.
            StoreError: a field holds what the store cannot keep, or the store failed.

        """
        ...

    def reasons(self, comment_id: int) -> tuple[Reason, ...]:
        """The reasons the comment was added with, equal and in order (empty for an unknown id).

        Status changes keep them; they go when the comment is deleted. Parameters of any
        JSON scalar, NUL and lone surrogates included, come back exactly.
        """
        ...

    def get(self, comment_id: int) -> Comment:
        """Return the comment, or raise :class:`~commentguard.NotFound`."""
        ...

    def list(
        self,
        *,
        status: Status | None = None,
        post_id: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> Page:
        """Comments with that status and post (``None``: any), newest first, ``limit`` at a time.

        Pass the page's ``next_cursor`` back as ``cursor`` for the next page; comments added
        meanwhile never make a page repeat or skip one.

        Raises:
            ValueError: ``limit`` is below 1, or ``cursor`` is not one this store made.

        """
        ...

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
        """Change the status if the version still matches; audit it; return the new comment.

        The version grows by one, and one audit row (who, when, from, to, note) is written
        in the same transaction. ``at`` defaults to the store's clock. A change to the
        status the comment already has is still a change (audited, version bumped), but the
        time it got that status, which ``AdminStore.purge`` counts from, stays.

        Raises:
            NotFound: no such comment.
            VersionConflict: the comment's version is not ``expected_version``.

        """
        ...

    def transitions(self, comment_id: int) -> Sequence[Transition]:
        """The audit trail of one comment, oldest first (empty for an unknown id).

        The trail outlives the comment: a deletion is its last row.
        """
        ...

    def counts(self, post_id: str | None = None) -> dict[Status, int]:
        """How many comments have each status (every status present, zero included)."""
        ...

    def history(self, comment: NewComment, *, since: datetime | None = None) -> History:
        """What the checks need to know from the past about ``comment`` (at most 2 queries).

        ``since`` bounds ``last_comment_at`` only (the flood check needs seconds, not
        years): comments made before it are not looked at for that field. The comment
        itself, when it is a stored :class:`~commentguard.Comment`, is never part of its own history.
        """
        ...

    def public(self, post_id: str) -> Sequence[Comment]:
        """The approved comments of a post in thread order, parents before their replies.

        Threads go oldest first; each reply follows its parent, replies oldest first. A
        reply whose parent is not approved (or gone) is shown as a thread of its own, as
        WordPress shows orphans. The facade turns these into ``PublicComment``.
        """
        ...


@runtime_checkable
class AdminStore(Store, Protocol):
    """The housekeeping beyond the core: deletion, retention, re-sanitizing, personal data.

    Each method is one bounded unit of work; callers page with ``after_id``.
    """

    def delete(
        self,
        comment_id: int,
        *,
        expected_version: int,
        actor: str,
        note: str | None = None,
        at: datetime | None = None,
    ) -> None:
        """Delete the comment permanently if the version still matches; audit it.

        Its replies stay, and are shown as threads of their own.

        Raises:
            NotFound: no such comment.
            VersionConflict: the comment's version is not ``expected_version``.

        """
        ...

    def purge(
        self,
        now: datetime,
        *,
        spam_days: int | None = 15,
        trash_days: int | None = 30,
        actor: str = "purge",
    ) -> dict[Status, int]:
        """Delete spam and trash that has had that status for longer than so many days.

        The clock starts when the comment got its status, not when it was written. ``None``
        keeps that status forever. Each deletion is audited. Returns how many comments of
        each of the two statuses were deleted. Records of form tokens that expired before
        ``now`` go too.
        """
        ...

    def anonymize_ips(self, older_than: datetime) -> int:
        """Anonymize the IP of every comment made before ``older_than``; return how many.

        IPv4 loses its last octet, IPv6 its last 80 bits (see :func:`anonymize_ip`).
        Each comment is anonymized once; later calls skip it.
        """
        ...

    def stale(self, policy_version: str, *, limit: int = 500, after_id: int = 0) -> Sequence[Comment]:
        """Comments sanitized under another policy version, by id, after ``after_id``."""
        ...

    def replace_content(self, comment_id: int, content: SafeHtml, policy_version: str) -> Comment:
        """Store re-sanitized content and the policy version that made it; return the comment.

        The moderation ``version`` does not change: re-sanitizing never conflicts with a
        moderator.

        Raises:
            NotFound: no such comment.
            TypeError: ``content`` is not ``SafeHtml``.

        """
        ...

    def by_email(self, email: str, *, limit: int = 500, after_id: int = 0) -> Sequence[Comment]:
        """Every comment with that email (any case, any status), by id, after ``after_id``."""
        ...

    def erase(self, comment_ids: Sequence[int], *, author: str = "Anonymous") -> int:
        """Erase the personal data of those comments, as WordPress does; return how many.

        The name becomes ``author``; email, URL, user agent and user id are blanked; the IP
        is anonymized; the content is kept. The stored reasons lose their ``params`` (which
        may quote the commenter's email or IP) and keep their code and check. Unknown ids
        are skipped.
        """
        ...


@runtime_checkable
class AtomicStore(Store, Protocol):
    """The optional capability that makes the flood and duplicate checks race-free.

    ``CommentGuard.submit`` uses it when the store has it (both built-in stores do): the
    history those checks read and the insert happen in one write transaction, so two
    identical comments sent at the same instant are never both stored. Without it, submit
    reads the history and adds the comment in two steps, as a plain :class:`Store` allows.
    """

    def add_checked(
        self,
        comment: NewComment,
        judge: Callable[[History, bool], tuple[Status, Sequence[Reason]]],
        *,
        since: datetime | None = None,
        token: tuple[str, datetime] | None = None,
    ) -> Comment:
        """Read :meth:`~Store.history`, call ``judge`` with it, and add the comment, atomically.

        ``judge(history, fresh)`` returns the status to store the comment with and the
        reasons (as for :meth:`~Store.add`), or raises to store nothing (the exception
        propagates). No comment that would change its answer (by the same IP or email, or on
        the same post) can be added between the read and the insert. ``judge`` runs while the
        store's write lock is held: it must be quick and must not call the store.

        ``token`` is a form token's ``(key, expires_at)``: the store records the key with the
        comment and ``fresh`` says whether no stored comment came with it before (a record
        past ``expires_at``, measured at the comment's ``created_at``, counts as none). The
        record is kept only if the comment is stored. Without a token ``fresh`` is ``True``.
        """
        ...


@runtime_checkable
class LearningStore(Store, TokenStats, Protocol):
    """The optional capability the learning filter needs: token counts kept beside the comments.

    A store that has it keeps, per hashed token, how many trained spam and ham comments held
    it, and, per comment, what it was last trained as, so a moderator's change of mind moves
    the counts instead of adding to them. ``MemoryStore`` and ``SQLStore`` have it; the
    contract suite is ``commentguard.testing.store_contract.LearningStoreContract``.
    """

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
        """:meth:`Store.transition`, and in the same transaction what ``lesson`` teaches.

        A comment is trained once: a lesson with the label it already has changes nothing; one
        with the other label takes the old training back (its own tokens, as trained) and
        trains the new. ``None`` leaves the training as it is. Counts never go below zero.
        """
        ...

    def lesson(self, comment_id: int) -> Label | None:
        """What the comment is trained as, or ``None`` (never trained, or unknown id)."""
        ...

    def untrained(
        self, status: Status, *, before: datetime, limit: int = 500, after_id: int = 0
    ) -> Sequence[Comment]:
        """Comments with ``status``, made before ``before``, never trained; by id, after ``after_id``.

        What a moderator let stand without judging it (``Moderation.confirm_spam`` and
        ``confirm_ham`` page through them).
        """
        ...

    def prune_tokens(self, older_than: datetime, *, at_most: int = 1) -> int:
        """Forget tokens seen in at most ``at_most`` trained comments, last trained before ``older_than``.

        Keeps the statistics small; returns how many tokens were forgotten.
        """
        ...
