"""The check interface: what a spam check sees, and what it answers.

A check is any object with a ``name`` and a ``check(draft, context)`` method that returns a
:class:`Verdict` or ``None`` (no opinion). It never changes the comment and never stores
anything; :func:`~commentguard.decide` combines the verdicts of every check::

    >>> from commentguard import Action, Reason, Verdict
    >>> class NoShouting:
    ...     name = "no_shouting"
    ...     def check(self, draft, context):
    ...         if draft.comment.content_raw.isupper():
    ...             return Verdict(Action.HOLD, Reason("shouting", check=self.name,
    ...                                                texts={"en": "All in capitals."}))
    ...         return None
    >>> Reason("shouting", check="no_shouting", texts={"en": "All in capitals."}).message("sv")
    'All in capitals.'
"""

from __future__ import annotations

import enum
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

from commentguard.checks._messages import REASON_MESSAGES, UNKNOWN_REASON
from commentguard.comment import Comment, Status
from commentguard.messages import normalize_locale, translate
from commentguard.submission import Submission

ParamValue = str | int | float | bool | None
"""What a reason's parameters may hold: JSON scalars, so a reason can be stored as it is."""


class Action(str, enum.Enum):
    """What a check asks for, from most to least severe.

    ``REJECT``: not stored, the commenter sees an error. ``TRASH``, ``SPAM``: stored with that
    status. ``HOLD``: stored as pending. ``APPROVE``: published, unless another check holds it.
    """

    REJECT = "reject"
    TRASH = "trash"
    SPAM = "spam"
    HOLD = "hold"
    APPROVE = "approve"

    @property
    def severity(self) -> int:
        """Higher wins in :func:`~commentguard.decide` (``REJECT`` 5 ... ``APPROVE`` 1; no opinion 0)."""
        return _SEVERITY[self]

    def __str__(self) -> str:
        return self.value


_SEVERITY = {Action.REJECT: 5, Action.TRASH: 4, Action.SPAM: 3, Action.HOLD: 2, Action.APPROVE: 1}


class _KeepUnknown(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(template: str, params: Mapping[str, object]) -> str:
    """Format ``template`` with ``params``; a missing or malformed field never raises."""
    try:
        return string.Formatter().vformat(template, (), _KeepUnknown(params))
    except (ValueError, IndexError, AttributeError, TypeError, KeyError):
        return template


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a check reached its verdict: a code and its parameters, rendered on demand.

    Attributes:
        code: a stable, machine-readable code (``"links"``, ``"flood"``, ...).
        params: JSON scalars the message is filled with (``{"count": 3, "limit": 2}``).
        check: the ``name`` of the check that gave the reason.
        texts: for checks outside commentguard, the message per language (``{"en": ..., "sv":
            ...}``, ``{param}`` fields allowed); built-in codes come from the catalogs.

    """

    code: str
    params: Mapping[str, ParamValue] = field(default_factory=dict)
    check: str = ""
    texts: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not self.code:
            raise TypeError("Reason.code must be a non-empty str")
        if not isinstance(self.check, str):
            raise TypeError("Reason.check must be the check's name, a str")
        params = dict(self.params)
        for key, value in params.items():
            if not isinstance(key, str) or not isinstance(value, (str, int, float, bool, type(None))):
                raise TypeError(
                    f"Reason.params must map str to JSON scalars; got {key!r}: {type(value).__name__}"
                )
        texts = dict(self.texts)
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in texts.items()):
            raise TypeError("Reason.texts must map a language ('en', 'sv') to a message str")
        object.__setattr__(self, "params", params)
        object.__setattr__(self, "texts", texts)

    def __hash__(self) -> int:
        return hash((self.code, self.check, tuple(sorted(self.params.items(), key=lambda kv: kv[0]))))

    def message(self, locale: str = "en") -> str:
        """The reason as a sentence in ``locale``'s language (``"en"`` or ``"sv"``).

        Never raises for a stored reason: an unknown code without ``texts`` reads as
        "The check X gave the reason “code”."

        Raises:
            ValueError: ``locale`` is not a language commentguard speaks.

        """
        language = normalize_locale(locale)
        if self.texts:
            template = self.texts.get(language) or self.texts.get("en") or next(iter(self.texts.values()))
            return _fill(template, self.params)
        message_id = REASON_MESSAGES.get(self.code)
        if message_id is None:
            return translate(UNKNOWN_REASON, language, check=self.check or "?", code=self.code)
        return _fill(translate(message_id, language), self.params)

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict: ``code``, ``params``, ``check`` (and ``texts`` when set)."""
        data: dict[str, object] = {"code": self.code, "params": dict(self.params), "check": self.check}
        if self.texts:
            data["texts"] = dict(self.texts)
        return data


@dataclass(frozen=True, slots=True)
class Verdict:
    """A check's answer: an :class:`Action` and the :class:`Reason` for it.

    ``http_status`` is the HTTP-style status a ``REJECT`` is answered with (403 by default;
    429 for flooding, 409 for a duplicate); other actions ignore it.
    """

    action: Action
    reason: Reason
    http_status: int = 403

    def __post_init__(self) -> None:
        if not isinstance(self.action, Action):
            raise TypeError(f"Verdict.action must be an Action, not {type(self.action).__name__}")
        if not isinstance(self.reason, Reason):
            raise TypeError(f"Verdict.reason must be a Reason, not {type(self.reason).__name__}")
        status = self.http_status
        if isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599:
            raise ValueError(f"Verdict.http_status must be an HTTP error status (400-599), not {status!r}")


@dataclass(frozen=True, slots=True)
class PostInfo:
    """What the site says about the post a comment is for (from ``CommentGuard(posts=...)``).

    Attributes:
        published_at: when the post was published (aware), or ``None`` if not known.
        comments_open: ``False`` closes the post's comments.

    """

    published_at: datetime | None = None
    comments_open: bool = True

    def __post_init__(self) -> None:
        if self.published_at is not None and (
            not isinstance(self.published_at, datetime) or self.published_at.tzinfo is None
        ):
            raise ValueError("PostInfo.published_at must be a timezone-aware datetime or None")


@dataclass(frozen=True, slots=True)
class Draft:
    """The comment being judged, as submitted and as it would be stored.

    ``submission`` is the raw :class:`~commentguard.Submission` (with its extra fields and
    request facts); ``comment`` the not-yet-stored :class:`~commentguard.Comment`, its content
    sanitized.
    """

    submission: Submission
    comment: Comment


class ParentFacts(Protocol):
    """What a check can read about the comment replied to (a store's ``ParentInfo``)."""

    @property
    def post_id(self) -> str: ...
    @property
    def status(self) -> Status: ...
    @property
    def depth(self) -> int: ...


class HistoryFacts(Protocol):
    """What a check can read from the past (a store's ``History``, answered in two queries).

    Attributes:
        trusted: an approved comment exists with the same (author, email), or same user id.
        last_comment_at: the newest comment from the same IP or email, any status.
        duplicate_id: a comment on the same post by the same author or email, same content.
        spam_count: comments marked spam with the same IP, email or author URL.
        parent: the comment replied to, or ``None``.

    """

    @property
    def trusted(self) -> bool: ...
    @property
    def last_comment_at(self) -> datetime | None: ...
    @property
    def duplicate_id(self) -> int | None: ...
    @property
    def spam_count(self) -> int: ...
    @property
    def parent(self) -> ParentFacts | None: ...


class _Once:
    """A value loaded on first use and kept (a failed load is retried by the next caller)."""

    __slots__ = ("_load", "_loaded", "_value")

    def __init__(self, load: Callable[[], object]) -> None:
        self._load = load
        self._loaded = False
        self._value: object = None

    def get(self) -> object:
        if not self._loaded:
            self._value, self._loaded = self._load(), True
        return self._value


class CheckContext:
    """What a check may know besides the comment: the time, the history, the post, the deadline.

    Read-only. ``history`` and ``post`` are loaded on first use and shared by every check of
    one submission. ``deadline`` is a value of the runner's monotonic ``timer``; a check that
    waits on the network should use :meth:`remaining` as its timeout.
    """

    __slots__ = ("_history", "_post", "_timer", "deadline", "now")

    def __init__(
        self,
        *,
        now: datetime,
        history: Callable[[], HistoryFacts],
        post: Callable[[], PostInfo | None] = lambda: None,
        deadline: float = float("inf"),
        timer: Callable[[], float] | None = None,
    ) -> None:
        if not isinstance(now, datetime) or now.tzinfo is None:
            raise ValueError("CheckContext.now must be a timezone-aware datetime")
        self.now = now
        self.deadline = deadline
        self._history = _Once(history)
        self._post = _Once(post)
        self._timer = timer

    @property
    def history(self) -> HistoryFacts:
        """What the store knows about this author, IP and post (loaded once, on first use)."""
        return self._history.get()  # type: ignore[return-value]  # _Once keeps what history() returned

    @property
    def post(self) -> PostInfo | None:
        """The site's :class:`PostInfo` for the comment's post, or ``None`` if not known."""
        value = self._post.get()
        if value is not None and not isinstance(value, PostInfo):
            raise TypeError(f"posts() must return a PostInfo or None, not {type(value).__name__}")
        return value

    def remaining(self) -> float:
        """Seconds left before the deadline (never negative; infinite without a timer)."""
        if self._timer is None:
            return float("inf")
        return max(0.0, self.deadline - self._timer())

    def with_deadline(self, deadline: float, timer: Callable[[], float]) -> CheckContext:
        """The same context (sharing the loaded history and post) with another deadline."""
        copy = object.__new__(CheckContext)
        copy.now, copy.deadline, copy._timer = self.now, deadline, timer
        copy._history, copy._post = self._history, self._post
        return copy


@runtime_checkable
class Check(Protocol):
    """A spam check: a ``name`` and a ``check`` method. Optionally ``learn`` (see :class:`Learner`).

    ``check`` returns a :class:`Verdict`, or ``None`` for no opinion. It must not change
    anything: the runner may abandon it when it overruns its budget.
    """

    @property
    def name(self) -> str:
        """A short, unique, stable name (``"link_limit"``); reasons carry it."""
        ...

    def check(self, draft: Draft, context: CheckContext) -> Verdict | None:
        """Judge ``draft``; return a verdict, or ``None`` for no opinion."""
        ...


@runtime_checkable
class Learner(Protocol):
    """A check that learns from moderators: told each status a moderator gives a comment."""

    def learn(self, comment: Comment, status: Status) -> None:
        """Take note that a moderator gave ``comment`` this ``status``."""
        ...
