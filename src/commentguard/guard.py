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
>>> guard.moderation.approve(outcome.comment.id, expected_version=1, actor="lena").status
<Status.APPROVED: 'approved'>
>>> [comment.author for comment in guard.public_comments("plan")]
['Anna']

The guard does the commenter's side (submit, preview, the form token) and reading; the
moderator's side is ``guard.moderation`` (:class:`~commentguard.Moderation`) and the site
owner's housekeeping and personal data ``guard.admin`` (:class:`~commentguard.Admin`). Every
collaborator comes in through the constructor: no globals, no signals, no settings read at
import. Time comes only from ``clock``, so tests and replays never sleep.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from commentguard import _facade
from commentguard._time import read_clock, utc_now
from commentguard.admin import Admin
from commentguard.checks import (
    DEFAULT_BUDGET,
    Check,
    CheckContext,
    Draft,
    Flood,
    FormToken,
    Honeypot,
    default_checks,
    history_bound,
    run_checks,
    run_each,
    validate_checks,
)
from commentguard.decide import Decision, decide
from commentguard.errors import CheckError, CommentGuardError, ExitStatus
from commentguard.messages import normalize_locale, translate
from commentguard.model import Action, Comment, History, NewComment, PostInfo, Reason, Status, Verdict
from commentguard.moderation import Moderation
from commentguard.policy import WORDPRESS_POLICY, Policy
from commentguard.privacy import ANONYMOUS
from commentguard.public import PublicComment, to_public
from commentguard.sanitizer import SafeHtml, sanitize
from commentguard.store import AtomicStore, LearningStore, Store
from commentguard.submission import RequestInfo, Settings, Submission, validate

__all__ = ["CommentGuard", "Outcome", "Rejected"]

AnyComment = TypeVar("AnyComment", bound=NewComment, covariant=True)
_Judged = TypeVar("_Judged", bound=NewComment)
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
class Outcome(Generic[AnyComment]):
    """What became of a submitted comment.

    ``Outcome[Comment]`` from :meth:`CommentGuard.submit`, ``Outcome[NewComment]`` from
    :meth:`CommentGuard.preview`.

    Attributes:
        status: the status it was stored with (or would be).
        comment: the :class:`~commentguard.Comment` as stored, or the
            :class:`~commentguard.NewComment` as it would be (``preview``).
        reasons: every reason the checks gave, most severe first (codes and params).
        messages: the same reasons rendered in the guard's language.
        action: the deciding action, or ``None`` when no check had an opinion.

    """

    status: Status
    comment: AnyComment
    reasons: tuple[Reason, ...]
    messages: tuple[str, ...]
    action: Action | None = None


class CommentGuard:
    """Validate, sanitize, check, decide and store comments; show them; moderate through parts.

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
        moderation: the queue and the moderator's status changes (:class:`~commentguard.Moderation`).
        admin: housekeeping and personal data (:class:`~commentguard.Admin`).
        store: the store given.
        checks: the checks that run, in order (the honeypot and form token included).
        settings: the validation settings in force (the form token's field let through).
        policy: the sanitizer policy.
        locale: the normalized language (``"en"`` or ``"sv"``).

    Raises:
        CheckError: a check is malformed, two share a name, or the secret is empty.
        TypeError: ``store`` is not a store, or a callable argument is not callable.
        ValueError: ``locale`` is not supported, ``check_budget`` or ``default_status`` is
            out of range, or ``settings`` allow more content than ``policy.max_input_bytes``.

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
        submitted: Callable[[Outcome[Comment]], object] | None = None,
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
        self._learning_store = store if isinstance(store, LearningStore) else None  # checked once
        self._atomic_store = store if isinstance(store, AtomicStore) else None
        self.policy = policy
        self.locale = normalize_locale(locale)
        self._secret = secret
        self._clock = clock
        self._posts = posts
        self._default_status = default_status
        self._budget = float(check_budget)
        self._timer = timer
        self._submitted = submitted
        self._unkeyed_gravatar = unkeyed_gravatar
        settings = settings or Settings()
        if settings.max_content_bytes > policy.max_input_bytes:
            raise ValueError(
                f"settings.max_content_bytes ({settings.max_content_bytes:,}) is more than the policy's "
                f"max_input_bytes ({policy.max_input_bytes:,}): valid comments could not be sanitized"
            )
        self.checks = self._assemble(default_checks() if checks is None else list(checks), settings, secret)
        fields = {c.field for c in self.checks if isinstance(c, (Honeypot, FormToken))}
        self.settings = settings.model_copy(update={"extra_fields": settings.extra_fields | fields})
        self.moderation = Moderation(store, checks=self.checks, clock=clock, status_changed=status_changed)
        self.admin = Admin(store, policy=policy, clock=clock, locale=self.locale, moderation=self.moderation)

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

    def submit(self, form: Mapping[str, object], request: RequestInfo) -> Outcome[Comment]:
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
        submission = validate(form, request, self.settings, self.locale)
        content = sanitize(submission.content, self.policy)
        now = read_clock(self._clock)
        draft = self._draft(submission, content, now)
        if self._atomic_store is None:
            decision, status = self._decide(self._run_checks(draft, now))
            stored = self.store.add(replace(draft.comment, status=status), reasons=decision.reasons)
        else:
            stored, decision = self._add_checked(self._atomic_store, draft, now)
        outcome = self._outcome(stored, decision)
        _facade.notify(self._submitted, outcome)
        return outcome

    def _add_checked(self, store: AtomicStore, draft: Draft, now: datetime) -> tuple[Comment, Decision]:
        """Run the checks, the history-bound ones in the insert's write transaction; store.

        Content checks, the learning filter and network checks run first, outside any
        transaction, so no slow check holds the write lock; the flood, duplicate and other
        history-bound checks run on a history read inside it, so what they saw is still
        true when the row lands (issue 10: 75 of 200 racing twins were both stored before).
        """
        context = self._context(draft, now)
        bound = [history_bound(check) for check in self.checks]
        free = [check for check, inside in zip(self.checks, bound, strict=True) if not inside]
        tied = [check for check, inside in zip(self.checks, bound, strict=True) if inside]
        first = run_each(free, draft, context, budget=self._budget, timer=self._timer)
        token, at = self._good_token(draft, free, first)
        decided: list[Decision] = []

        def judge(history: History, fresh: bool) -> tuple[Status, tuple[Reason, ...]]:
            fresh_context = context.with_history(history)
            second = run_each(tied, draft, fresh_context, budget=self._budget, timer=self._timer)
            outside = iter(first if fresh or token is None else [*first[:at], token.used(), *first[at + 1 :]])
            inside = iter(second)
            answers = [next(inside) if tie else next(outside) for tie in bound]  # in check order
            decision, status = self._decide(tuple(v for v in answers if v is not None))
            decided.append(decision)
            return status, decision.reasons

        value = draft.submission.extra.get(token.field, "") if token is not None else ""
        once = token.once(value) if token is not None else None
        stored = store.add_checked(draft.comment, judge, since=self._since(now), token=once)
        return stored, decided[-1]

    def preview(self, form: Mapping[str, object], request: RequestInfo) -> Outcome[NewComment]:
        """Everything :meth:`submit` does except storing: what would become of this comment.

        The store is only read (for the checks' history), and no callback is called; the
        outcome's comment is a :class:`~commentguard.NewComment` (no ``id``). Raises as
        :meth:`submit` does.
        """
        submission = validate(form, request, self.settings, self.locale)
        content = sanitize(submission.content, self.policy)
        now = read_clock(self._clock)
        draft = self._draft(submission, content, now)
        decision, status = self._decide(self._run_checks(draft, now))
        return self._outcome(replace(draft.comment, status=status), decision)

    def _draft(self, submission: Submission, content: SafeHtml, now: datetime) -> Draft:
        comment = NewComment.from_submission(
            submission, content, policy_version=self.policy.version, created_at=now
        )
        return Draft(submission, comment)

    @staticmethod
    def _good_token(
        draft: Draft, checks: list[Check], answers: list[Verdict | None]
    ) -> tuple[FormToken | None, int]:
        """The form token check whose token passed (no verdict), and its place among ``checks``."""
        for at, (check, answer) in enumerate(zip(checks, answers, strict=True)):
            if isinstance(check, FormToken) and answer is None and draft.submission.extra.get(check.field):
                return check, at
        return None, -1

    def _since(self, now: datetime) -> datetime:
        """How far back the history's last comment time must look (a day, or the longest flood)."""
        floods = [c.interval for c in self.checks if isinstance(c, Flood)]
        return now - max([_HISTORY_WINDOW, *floods])

    def _context(self, draft: Draft, now: datetime) -> CheckContext:
        comment = draft.comment
        posts = self._posts
        since = self._since(now)
        return CheckContext(
            now=now,
            history=lambda: self.store.history(comment, since=since),
            post=(lambda: posts(comment.post_id)) if posts is not None else (lambda: None),
            token_stats=lambda: self._learning_store,
        )

    def _run_checks(self, draft: Draft, now: datetime) -> tuple[Verdict, ...]:
        context = self._context(draft, now)
        return run_checks(self.checks, draft, context, budget=self._budget, timer=self._timer)

    def _decide(self, verdicts: tuple[Verdict, ...]) -> tuple[Decision, Status]:
        """The decision and the status to store; raises :class:`Rejected` when a check refused."""
        decision = decide(verdicts, default=self._default_status)
        if decision.status is None:
            reasons = decision.reasons
            raise Rejected(reasons[0].message(self.locale), decision.http_status or 403, reasons)
        return decision, decision.status

    def _outcome(self, comment: _Judged, decision: Decision) -> Outcome[_Judged]:
        messages = tuple(reason.message(self.locale) for reason in decision.reasons)
        return Outcome(comment.status, comment, decision.reasons, messages, decision.action)

    def form_token(self, post_id: str) -> dict[str, str]:
        """The hidden fields (name → value) the comment form on ``post_id`` embeds.

        Raises:
            CheckError: the guard has no ``secret`` (and no :class:`FormToken` check).

        """
        for check in self.checks:
            if isinstance(check, FormToken):
                return check.issue(post_id, read_clock(self._clock))
        raise CheckError("form_token() needs a secret: CommentGuard(..., secret=SITE_SECRET)")

    # -- reading ------------------------------------------------------------------------

    def get(self, comment_id: int) -> Comment:
        """The comment with that id (private fields included); raises ``NotFound``."""
        return self.store.get(comment_id)

    def public_comments(self, post_id: str) -> list[PublicComment]:
        """The approved comments of ``post_id`` in thread order, as a page may show them."""
        post = _facade.post_id(post_id)
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
        return self.store.counts(None if post_id is None else _facade.post_id(post_id))
