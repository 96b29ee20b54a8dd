"""The check interface: what a spam check sees, and what it answers.

A check is any object with a ``name`` and a ``check(draft, context)`` method that returns a
:class:`~commentguard.Verdict` or ``None`` (no opinion). It never changes the comment and
never stores anything; :func:`~commentguard.decide` combines the verdicts of every check::

    >>> from commentguard import Action, Check, Reason, Verdict
    >>> class NoShouting:
    ...     name = "no_shouting"
    ...     def check(self, draft, context):
    ...         if draft.comment.content_raw.isupper():
    ...             return Verdict(Action.HOLD, Reason("shouting", check=self.name,
    ...                                                texts={"en": "All in capitals."}))
    ...         return None
    >>> isinstance(NoShouting(), Check)
    True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from commentguard.model import Comment, History, NewComment, PostInfo, Status, TokenStats, Verdict
from commentguard.submission import Submission


@dataclass(frozen=True, slots=True)
class Draft:
    """The comment being judged, as submitted and as it would be stored.

    ``submission`` is the raw :class:`~commentguard.Submission` (with its extra fields and
    request facts); ``comment`` the :class:`~commentguard.NewComment` built from it, its
    content sanitized.
    """

    submission: Submission
    comment: NewComment


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

    __slots__ = ("_history", "_post", "_timer", "_token_stats", "deadline", "now")

    def __init__(
        self,
        *,
        now: datetime,
        history: Callable[[], History],
        post: Callable[[], PostInfo | None] = lambda: None,
        deadline: float = float("inf"),
        timer: Callable[[], float] | None = None,
        token_stats: Callable[[], TokenStats | None] = lambda: None,
    ) -> None:
        if not isinstance(now, datetime) or now.tzinfo is None:
            raise ValueError("CheckContext.now must be a timezone-aware datetime")
        self.now = now
        self.deadline = deadline
        self._history = _Once(history)
        self._post = _Once(post)
        self._token_stats = _Once(token_stats)
        self._timer = timer

    @property
    def history(self) -> History:
        """What the store knows about this author, IP and post (loaded once, on first use)."""
        return self._history.get()  # type: ignore[return-value]  # _Once keeps what history() returned

    @property
    def token_stats(self) -> TokenStats | None:
        """The learning filter's counts in the site's store, or ``None`` when the store keeps none."""
        return self._token_stats.get()  # type: ignore[return-value]  # _Once keeps what the loader returned

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

    def with_history(self, history: History) -> CheckContext:
        """The same context (sharing the loaded post and counts) with ``history`` as read now."""
        copy = self.with_deadline(self.deadline, self._timer or (lambda: 0.0))
        copy._timer = self._timer
        copy._history = _Once(lambda: history)
        return copy

    def with_deadline(self, deadline: float, timer: Callable[[], float]) -> CheckContext:
        """The same context (sharing the loaded history and post) with another deadline."""
        copy = object.__new__(CheckContext)
        copy.now, copy.deadline, copy._timer = self.now, deadline, timer
        copy._history, copy._post, copy._token_stats = self._history, self._post, self._token_stats
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
