"""Spam checks: the interface, the built-in checks, and the runner that keeps them safe.

A check looks at a :class:`Draft` (the submission and its sanitized comment) with a
:class:`CheckContext` (time, history, post, deadline) and answers a
:class:`~commentguard.Verdict` or ``None``. :func:`commentguard.decide` combines the
verdicts. ``docs/checks.md`` shows how to write one; ``docs/moderation.md`` lists the
built-in ones.
"""

from commentguard.checks._protocol import Check, CheckContext, Draft, Learner
from commentguard.checks._runner import (
    DEFAULT_BUDGET,
    history_bound,
    run_checks,
    run_each,
    teach,
    validate_checks,
)
from commentguard.checks.builtin import (
    ClosedComments,
    DisallowedWords,
    Duplicate,
    Flood,
    HoldAll,
    Honeypot,
    LinkLimit,
    ModerationWords,
    Replies,
    SpamHistory,
    TrustedAuthor,
    default_checks,
)
from commentguard.checks.entry_points import checks_from_entry_points
from commentguard.checks.learning import LearningFilter
from commentguard.checks.token import FormToken

__all__ = [
    "DEFAULT_BUDGET",
    "Check",
    "CheckContext",
    "ClosedComments",
    "DisallowedWords",
    "Draft",
    "Duplicate",
    "Flood",
    "FormToken",
    "HoldAll",
    "Honeypot",
    "Learner",
    "LearningFilter",
    "LinkLimit",
    "ModerationWords",
    "Replies",
    "SpamHistory",
    "TrustedAuthor",
    "checks_from_entry_points",
    "default_checks",
    "history_bound",
    "run_checks",
    "run_each",
    "teach",
    "validate_checks",
]
