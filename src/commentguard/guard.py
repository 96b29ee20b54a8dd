"""The facade a blog uses: from a posted form to a decided, stored comment, and back out.

>>> from datetime import datetime, timezone
>>> from commentguard import CommentGuard, RequestInfo, Status
>>> from commentguard.store import MemoryStore
>>> guard = CommentGuard(store=MemoryStore(), locale="sv",
...                      clock=lambda: datetime(2026, 5, 1, 12, 0, tzinfo=timezone.utc))
>>> outcome = guard.submit(
...     {"post_id": "plan", "author": "Anna", "email": "anna@example.se",
...      "content": "Tack! <b>Bra</b> <script>x()</script>"},
...     RequestInfo(ip="203.0.113.7"))
>>> outcome.status, outcome.messages, outcome.comment.content
(<Status.PENDING: 'pending'>, ('Första kommentaren från den här skribenten.',), SafeHtml('Tack! <b>Bra</b> '))
>>> guard.approve(outcome.comment.id, expected_version=1, actor="lena").status
<Status.APPROVED: 'approved'>
>>> [comment.author for comment in guard.public_comments("plan")]
['Anna']

Every collaborator comes in through the constructor: no globals, no signals, no settings
read at import. Time comes only from ``clock``, so tests and replays never sleep.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from commentguard.checks import (
    DEFAULT_BUDGET,
    Action,
    Check,
    CheckContext,
    Draft,
    Flood,
    FormToken,
    Honeypot,
    PostInfo,
    Reason,
    Verdict,
    default_checks,
    run_checks,
    teach,
    validate_checks,
)
from commentguard.comment import Comment, Status, utc_now
from commentguard.decide import Decision, decide
from commentguard.errors import CheckError, CommentGuardError, ExitStatus, VersionConflict
from commentguard.messages import normalize_locale, translate
from commentguard.policy import WORDPRESS_POLICY, Policy
from commentguard.privacy import ANONYMOUS, erase_personal_data, export_personal_data
from commentguard.public import PublicComment, to_public
from commentguard.sanitize import sanitize
from commentguard.store import AdminStore, Page, Store
from commentguard.submission import RequestInfo, Settings, Submission, clean_text, validate

__all__ = ["CommentGuard", "Outcome", "PostInfo", "Rejected"]

_log = logging.getLogger("commentguard")
_HISTORY_WINDOW = timedelta(days=1)  # how far back last_comment_at looks, at least


class Rejected(CommentGuardError):
    """A check refused the comment (flood, duplicate, closed post): it was not stored.

    Attributes:
        message: what to tell the commenter, in the guard's language.
        code: the HTTP-style status to answer with (429 flood, 409 duplicate, 403 otherwise).
        reasons: every reason the checks gave, the rejecting one first.

    """

    exit_code = ExitStatus.REJECTED

    def __init__(self, message: str, code: int, reasons: tuple[Reason, ...]) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.reasons = reasons


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of a submitted comment.

    Attributes:
        status: the status it was stored with.
        comment: the comment as stored (``id`` set), or as it would be (``preview``).
        reasons: every reason the checks gave, most severe first (codes and params).
        messages: the same reasons rendered in the guard's language.
        action: the deciding action, or ``None`` when no check had an opinion.

    """

    status: Status
    comment: Comment
    reasons: tuple[Reason, ...]
    messages: tuple[str, ...]
    action: Action | None = None


def _positive_int(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise TypeError(f"{what} must be a whole number >= 1, not {value!r}")
    return value


def _post_id(post_id: object) -> str:
    if not isinstance(post_id, str):
        raise TypeError(f"post_id must be a str, not {type(post_id).__name__}")
    return clean_text(post_id).strip()  # as validate() cleaned the stored ones


def _actor(actor: object) -> str:
    if not isinstance(actor, str) or not actor.strip():
        raise TypeError("actor must name who is moderating (a non-empty str)")
    return actor.strip()


class CommentGuard:
    """Validate, sanitize, check, decide and store comments; moderate and publish them.

    Args:
        store: where comments live (:class:`~commentguard.store.SQLStore`, ``MemoryStore``).
        checks: the checks to run, in order; :func:`~commentguard.default_checks` when ``None``.
            The honeypot (``settings.honeypot_field``) and the form token (``secret``) are
            added when configured and not already in the list.
        policy: what HTML comments may keep.
        settings: validation rules; the form token's hidden field is let through.
        locale: the language of messages and reasons (``"en"``, ``"sv"``).
        secret: the site secret: signs form tokens and keys avatar hashes.
        clock: returns the current time as an aware ``datetime``.
        posts: ``post_id -> PostInfo | None``; turns on closed-comment checks.
        default_status: the status when no check has an opinion (``APPROVED``, or ``PENDING``).
        check_budget: seconds each check may take before it is abandoned and the comment held.
        timer: the monotonic clock the budget is measured with.
        submitted: called with the :class:`Outcome` after a comment is stored.
        status_changed: called with the comment and its previous status after a moderator's
            change is stored. Callbacks that raise are logged, never re-raised: the change
            has already committed.
        unkeyed_gravatar: publish unkeyed Gravatar hashes (revealing; opt in).

    Attributes:
        store: the store given.
        checks: the checks that run, in order (the honeypot and form token included).
        settings: the validation settings in force (the form token's field let through).
        policy: the sanitizer policy.
        locale: the normalized language (``"en"`` or ``"sv"``).

    Raises:
        CheckError: a check is malformed, two share a name, or the secret is empty.
        TypeError: ``store`` is not a store, or a callable argument is not callable.
        ValueError: ``locale`` is not supported, or ``check_budget`` or ``default_status`` is
            out of range.

    """

    def __init__(
        self,
        *,
        store: Store,
        checks: Iterable[Check] | None = None,
        policy: Policy = WORDPRESS_POLICY,
        settings: Settings | None = None,
        locale: str = "en",
        secret: str | bytes | None = None,
        clock: Callable[[], datetime] = utc_now,
        posts: Callable[[str], PostInfo | None] | None = None,
        default_status: Status = Status.APPROVED,
        check_budget: float = DEFAULT_BUDGET,
        timer: Callable[[], float] = time.monotonic,
        submitted: Callable[[Outcome], object] | None = None,
        status_changed: Callable[[Comment, Status], object] | None = None,
        unkeyed_gravatar: bool = False,
    ) -> None:
        if not isinstance(store, Store):
            raise TypeError(f"store must implement commentguard.Store, not {type(store).__name__}")
        if not isinstance(policy, Policy):
            raise TypeError(f"policy must be a commentguard.Policy, not {type(policy).__name__}")
        for what, value in (("clock", clock), ("timer", timer), ("posts", posts), ("submitted", submitted),
                            ("status_changed", status_changed)):  # fmt: skip
            if value is not None and not callable(value):
                raise TypeError(f"{what} must be callable, not {type(value).__name__}")
        if (
            isinstance(check_budget, bool)
            or not isinstance(check_budget, (int, float))
            or not check_budget > 0
        ):
            raise ValueError(f"check_budget must be a number of seconds > 0, not {check_budget!r}")
        if not isinstance(default_status, Status) or default_status not in (Status.APPROVED, Status.PENDING):
            raise ValueError(f"default_status must be approved or pending, not {default_status!r}")
        self.store = store
        self.policy = policy
        self.locale = normalize_locale(locale)
        self._secret = secret
        self._clock = clock
        self._posts = posts
        self._default_status = default_status
        self._budget = float(check_budget)
        self._timer = timer
        self._submitted = submitted
        self._status_changed = status_changed
        self._unkeyed_gravatar = unkeyed_gravatar
        settings = settings or Settings()
        self.checks = self._assemble(default_checks() if checks is None else list(checks), settings, secret)
        fields = {c.field for c in self.checks if isinstance(c, (Honeypot, FormToken))}
        self.settings = settings.model_copy(update={"extra_fields": settings.extra_fields | fields})

    @staticmethod
    def _assemble(checks: list[Check], settings: Settings, secret: str | bytes | None) -> tuple[Check, ...]:
        extra: list[Check] = []
        if secret is not None and not any(isinstance(c, FormToken) for c in checks):
            extra.append(FormToken(secret))
        field = settings.honeypot_field
        if field and not any(isinstance(c, Honeypot) and c.field == field for c in checks):
            extra.append(Honeypot(field))
        return validate_checks([*extra, *checks])

    def __repr__(self) -> str:
        names = ", ".join(check.name for check in self.checks)
        return f"CommentGuard(store={self.store!r}, locale={self.locale!r}, checks=[{names}])"

    # -- submitting ---------------------------------------------------------------------

    def submit(self, form: Mapping[str, object], request: RequestInfo) -> Outcome:
        """Validate, sanitize, check, decide and store one posted comment, with its reasons.

        The decision's reasons are stored as data (``store.reasons(id)``), so a moderator
        sees later, in their own language, why the comment was held or marked spam.

        Args:
            form: the posted fields (``request.POST``, ``request.form``, a ``dict``).
            request: facts about the request (IP, user agent, logged-in user, moderator).

        Returns:
            The :class:`Outcome`: stored status, the stored comment, and the reasons.

        Raises:
            ValidationFailed: the form broke rules; ``errors`` lists each, localized.
            Rejected: a check refused the comment; nothing was stored.
            StoreError: the store failed; nothing was stored.

        """
        comment, decision = self._judge(form, request)
        stored = self.store.add(comment, reasons=decision.reasons)  # data; rendered when read
        outcome = self._outcome(stored, decision)
        self._notify(self._submitted, outcome)
        return outcome

    def preview(self, form: Mapping[str, object], request: RequestInfo) -> Outcome:
        """Everything :meth:`submit` does except storing: what would become of this comment.

        The store is only read (for the checks' history), and no callback is called; the
        outcome's comment has no ``id``. Raises as :meth:`submit` does.
        """
        comment, decision = self._judge(form, request)
        return self._outcome(comment, decision)

    def _judge(self, form: Mapping[str, object], request: RequestInfo) -> tuple[Comment, Decision]:
        submission = validate(form, request, self.settings, self.locale)
        now = self._now()
        comment = Comment.from_submission(submission, policy=self.policy, now=now)
        decision = decide(self._run_checks(submission, comment, now), default=self._default_status)
        if decision.status is None:
            reasons = decision.reasons
            raise Rejected(reasons[0].message(self.locale), decision.http_status or 403, reasons)
        return replace(comment, status=decision.status), decision

    def _run_checks(self, submission: Submission, comment: Comment, now: datetime) -> tuple[Verdict, ...]:
        floods = [c.interval for c in self.checks if isinstance(c, Flood)]
        since = now - max([_HISTORY_WINDOW, *floods])
        post_id = comment.post_id
        posts = self._posts
        context = CheckContext(
            now=now,
            history=lambda: self.store.history(comment, since=since),
            post=(lambda: posts(post_id)) if posts is not None else (lambda: None),
        )
        return run_checks(
            self.checks, Draft(submission, comment), context, budget=self._budget, timer=self._timer
        )

    def _outcome(self, comment: Comment, decision: Decision) -> Outcome:
        messages = tuple(reason.message(self.locale) for reason in decision.reasons)
        return Outcome(comment.status, comment, decision.reasons, messages, decision.action)

    def form_token(self, post_id: str) -> dict[str, str]:
        """The hidden fields (name → value) the comment form on ``post_id`` embeds.

        Raises:
            CheckError: the guard has no ``secret`` (and no :class:`FormToken` check).

        """
        for check in self.checks:
            if isinstance(check, FormToken):
                return check.issue(post_id, self._now())
        raise CheckError("form_token() needs a secret: CommentGuard(..., secret=SITE_SECRET)")

    # -- moderating ---------------------------------------------------------------------

    def get(self, comment_id: int) -> Comment:
        """The comment with that id (private fields included); raises ``NotFound``."""
        return self.store.get(comment_id)

    def approve(
        self, comment_id: int, *, expected_version: int, actor: str, note: str | None = None
    ) -> Comment:
        """Approve the comment (publish it) if nobody changed it since ``expected_version``.

        Raises:
            NotFound: no such comment.
            VersionConflict: someone changed it first; read it again.

        """
        return self._move(comment_id, Status.APPROVED, expected_version, actor, note)

    def mark_spam(
        self, comment_id: int, *, expected_version: int, actor: str, note: str | None = None
    ) -> Comment:
        """Mark the comment as spam (checks that learn are told); raises as :meth:`approve`."""
        return self._move(comment_id, Status.SPAM, expected_version, actor, note)

    def trash(
        self, comment_id: int, *, expected_version: int, actor: str, note: str | None = None
    ) -> Comment:
        """Move the comment to the trash; raises as :meth:`approve`."""
        return self._move(comment_id, Status.TRASH, expected_version, actor, note)

    def restore(
        self, comment_id: int, *, expected_version: int, actor: str, note: str | None = None
    ) -> Comment:
        """Take a spam or trashed comment back to the status it had before (else pending).

        The earlier status comes from the audit trail: the last status the comment had that
        was neither spam nor trash. A comment that is not spam or trash is returned as it is.
        Raises as :meth:`approve`.
        """
        comment = self.store.get(comment_id)
        if comment.status not in (Status.SPAM, Status.TRASH):
            if comment.version != _positive_int(expected_version, "expected_version"):
                raise VersionConflict(
                    f"comment {comment_id} is at version {comment.version}, not {expected_version}"
                )
            return comment
        target = Status.PENDING
        for step in reversed(list(self.store.transitions(comment_id))):
            if step.from_status not in (Status.SPAM, Status.TRASH):
                target = step.from_status
                break
        return self._move(comment_id, target, expected_version, actor, note)

    def delete(self, comment_id: int, *, expected_version: int, actor: str, note: str | None = None) -> None:
        """Delete the comment permanently (audited); raises as :meth:`approve`."""
        store = self._admin("delete")
        store.delete(
            comment_id,
            expected_version=_positive_int(expected_version, "expected_version"),
            actor=_actor(actor),
            note=note,
            at=self._now(),
        )

    def _move(
        self, comment_id: int, to: Status, expected_version: int, actor: str, note: str | None
    ) -> Comment:
        before = self.store.get(comment_id)
        changed = self.store.transition(
            comment_id,
            to=to,
            expected_version=_positive_int(expected_version, "expected_version"),
            actor=_actor(actor),
            note=note,
            at=self._now(),
        )
        teach(self.checks, changed, to)
        self._notify(self._status_changed, changed, before.status)
        return changed

    # -- reading ------------------------------------------------------------------------

    def pending(self, *, post_id: str | None = None, limit: int = 50, cursor: str | None = None) -> Page:
        """The moderation queue, newest first, a page at a time (pass ``next_cursor`` back)."""
        post = None if post_id is None else _post_id(post_id)
        return self.store.list(status=Status.PENDING, post_id=post, limit=limit, cursor=cursor)

    def public_comments(self, post_id: str) -> list[PublicComment]:
        """The approved comments of ``post_id`` in thread order, as a page may show them."""
        post = _post_id(post_id)
        anonymous = translate(ANONYMOUS, self.locale)
        return [
            to_public(
                comment,
                avatar_secret=self._secret,
                unkeyed_gravatar=self._unkeyed_gravatar,
                anonymous=anonymous,
            )
            for comment in self.store.public(post)
        ]

    def counts(self, post_id: str | None = None) -> dict[Status, int]:
        """How many comments have each status (every status present)."""
        return self.store.counts(None if post_id is None else _post_id(post_id))

    # -- housekeeping and personal data -------------------------------------------------

    def resanitize(self, *, batch: int = 500) -> int:
        """Re-clean every comment sanitized under another policy version; return how many.

        Uses each comment's raw content, so a sanitizer fix reaches old comments.
        """
        store = self._admin("resanitize")
        done, after_id = 0, 0
        while page := list(store.stale(self.policy.version, limit=batch, after_id=after_id)):
            for comment in page:
                store.replace_content(
                    comment.id or 0, sanitize(comment.content_raw, self.policy), self.policy.version
                )
            done += len(page)
            after_id = max(comment.id or 0 for comment in page)
        return done

    def purge(
        self,
        *,
        spam_days: int | None = 15,
        trash_days: int | None = 30,
        anonymize_ips_days: int | None = None,
    ) -> dict[str, int]:
        """Delete old spam and trash, and anonymize IPs older than ``anonymize_ips_days``.

        Returns counts: ``{"spam": n, "trash": n, "ips_anonymized": n}``.
        """
        store = self._admin("purge")
        now = self._now()
        purged = store.purge(now, spam_days=spam_days, trash_days=trash_days)
        result = {status.value: count for status, count in purged.items()}
        result["ips_anonymized"] = (
            store.anonymize_ips(now - timedelta(days=anonymize_ips_days))
            if anonymize_ips_days is not None
            else 0
        )
        return result

    def personal_data(self, email: str) -> Iterator[dict[str, object]]:
        """Every comment with ``email`` (any case), all fields, read a page at a time."""
        return export_personal_data(self.store, email)

    def export_personal_data(self, email: str) -> str:
        """Every comment with ``email`` (any case), with all its fields, as a JSON document."""
        comments = list(self.personal_data(email))
        return json.dumps({"email": email, "comments": comments}, ensure_ascii=False, indent=2)

    def erase_personal_data(self, email: str) -> int:
        """Erase as WordPress does (name "Anonymous", contact blanked, IP anonymized); return how many."""
        return erase_personal_data(self.store, email, anonymous=translate(ANONYMOUS, self.locale))

    # -- plumbing -----------------------------------------------------------------------

    def _now(self) -> datetime:
        now = self._clock()
        if not isinstance(now, datetime) or now.tzinfo is None:
            raise ValueError(f"the guard's clock must return an aware datetime, not {now!r}")
        return now

    def _admin(self, operation: str) -> AdminStore:
        if not isinstance(self.store, AdminStore):
            raise TypeError(
                f"{type(self.store).__name__} cannot {operation}: it does not implement AdminStore"
            )
        return self.store

    @staticmethod
    def _notify(callback: Callable[..., object] | None, *args: object) -> None:
        if callback is None:
            return
        try:
            callback(*args)
        except Exception:  # the change has committed; a failing notification must not undo the answer
            _log.exception("commentguard callback %r failed", callback)
