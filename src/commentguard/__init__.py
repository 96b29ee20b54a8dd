"""commentguard: from a blog's comment form to a safe, moderated, stored comment.

>>> from commentguard import RequestInfo, sanitize, validate
>>> sanitize("<b>Tack!</b> <script>x()</script>")
SafeHtml('<b>Tack!</b> ')

Everything public is importable from this package; the modules behind it are private, and
every public name reports this package as its home (``commentguard.Comment``), as httpx
does. See ``docs/quickstart.md``.
"""

import contextlib
from typing import TYPE_CHECKING

from commentguard.admin import Admin
from commentguard.checks import (
    Check,
    CheckContext,
    ClosedComments,
    DisallowedWords,
    Draft,
    Duplicate,
    Flood,
    FormToken,
    HoldAll,
    Honeypot,
    Learner,
    LearningFilter,
    LinkLimit,
    ModerationWords,
    Replies,
    SpamHistory,
    TrustedAuthor,
    checks_from_entry_points,
    default_checks,
)
from commentguard.decide import Decision, decide
from commentguard.errors import (
    CheckError,
    CommentGuardError,
    ExitStatus,
    FieldError,
    NotFound,
    PolicyError,
    StoreError,
    ValidationFailed,
    VersionConflict,
)
from commentguard.guard import CommentGuard, Outcome, Rejected
from commentguard.messages import FORM_NOTE_EMAIL, FORM_NOTE_REQUIRED, LOCALES, translate
from commentguard.model import (
    Action,
    Comment,
    History,
    Label,
    Lesson,
    NewComment,
    Page,
    ParentInfo,
    PostInfo,
    Reason,
    Status,
    TokenStats,
    Transition,
    Verdict,
)
from commentguard.moderation import Moderation
from commentguard.policy import WORDPRESS_POLICY, Policy
from commentguard.public import PublicComment, avatar_hash, gravatar_hash, to_public
from commentguard.request import TrustedProxies, request_from_asgi, request_from_wsgi
from commentguard.sanitizer import SafeHtml, sanitize, trust_stored_html, url_scheme
from commentguard.store import AdminStore, AtomicStore, LearningStore, MemoryStore, Store, anonymize_ip
from commentguard.submission import RequestInfo, Settings, Submission, validate

if TYPE_CHECKING:
    from commentguard.store import SQLStore

__version__ = "0.1.0"

__all__ = [
    "FORM_NOTE_EMAIL",
    "FORM_NOTE_REQUIRED",
    "LOCALES",
    "WORDPRESS_POLICY",
    "Action",
    "Admin",
    "AdminStore",
    "AtomicStore",
    "Check",
    "CheckContext",
    "CheckError",
    "ClosedComments",
    "Comment",
    "CommentGuard",
    "CommentGuardError",
    "Decision",
    "DisallowedWords",
    "Draft",
    "Duplicate",
    "ExitStatus",
    "FieldError",
    "Flood",
    "FormToken",
    "History",
    "HoldAll",
    "Honeypot",
    "Label",
    "Learner",
    "LearningFilter",
    "LearningStore",
    "Lesson",
    "LinkLimit",
    "MemoryStore",
    "Moderation",
    "ModerationWords",
    "NewComment",
    "NotFound",
    "Outcome",
    "Page",
    "ParentInfo",
    "Policy",
    "PolicyError",
    "PostInfo",
    "PublicComment",
    "Reason",
    "Rejected",
    "Replies",
    "RequestInfo",
    "SQLStore",
    "SafeHtml",
    "Settings",
    "SpamHistory",
    "Status",
    "Store",
    "StoreError",
    "Submission",
    "TokenStats",
    "Transition",
    "TrustedAuthor",
    "TrustedProxies",
    "ValidationFailed",
    "Verdict",
    "VersionConflict",
    "__version__",
    "anonymize_ip",
    "avatar_hash",
    "checks_from_entry_points",
    "decide",
    "default_checks",
    "gravatar_hash",
    "request_from_asgi",
    "request_from_wsgi",
    "sanitize",
    "to_public",
    "translate",
    "trust_stored_html",
    "url_scheme",
    "validate",
]


def _claim(value: object) -> None:
    """Report this package as the home of a public class or function, so reprs and docs show it."""
    if isinstance(value, type) or callable(value):
        with contextlib.suppress(AttributeError, TypeError):  # a builtin or C type keeps its own
            value.__module__ = __name__


for _name in __all__:
    if _name != "SQLStore" and not _name.startswith("__"):
        _claim(globals()[_name])


def __getattr__(name: str) -> object:
    # SQLStore loads SQLAlchemy only when a site asks for it (see commentguard.store).
    if name == "SQLStore":
        from commentguard.store import SQLStore

        _claim(SQLStore)
        return SQLStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
