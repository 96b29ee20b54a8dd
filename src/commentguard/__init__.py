"""commentguard: from a blog's comment form to a safe, moderated, stored comment.

>>> from commentguard import RequestInfo, sanitize, validate
>>> sanitize("<b>Tack!</b> <script>x()</script>")
SafeHtml('<b>Tack!</b> ')

Everything public is importable from this package; the modules behind it are private.
See ``docs/quickstart.md``.
"""

from typing import TYPE_CHECKING

from commentguard.checks import (
    Action,
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
    LinkLimit,
    ModerationWords,
    PostInfo,
    Reason,
    Replies,
    SpamHistory,
    TrustedAuthor,
    Verdict,
    checks_from_entry_points,
    default_checks,
)
from commentguard.comment import Comment, Status
from commentguard.decide import Decision, decide
from commentguard.errors import (
    CheckError,
    CommentGuardError,
    FieldError,
    NotFound,
    PolicyError,
    StoreError,
    ValidationFailed,
    VersionConflict,
)
from commentguard.guard import CommentGuard, Outcome, Rejected
from commentguard.messages import FORM_NOTE_EMAIL, FORM_NOTE_REQUIRED, LOCALES, translate
from commentguard.policy import WORDPRESS_POLICY, Policy
from commentguard.public import PublicComment, avatar_hash, gravatar_hash, to_public
from commentguard.sanitize import SafeHtml, sanitize
from commentguard.store import AdminStore, MemoryStore, Store
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
    "AdminStore",
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
    "FieldError",
    "Flood",
    "FormToken",
    "HoldAll",
    "Honeypot",
    "LinkLimit",
    "MemoryStore",
    "ModerationWords",
    "NotFound",
    "Outcome",
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
    "TrustedAuthor",
    "ValidationFailed",
    "Verdict",
    "VersionConflict",
    "__version__",
    "avatar_hash",
    "checks_from_entry_points",
    "decide",
    "default_checks",
    "gravatar_hash",
    "sanitize",
    "to_public",
    "translate",
    "validate",
]


def __getattr__(name: str) -> object:
    # SQLStore loads SQLAlchemy only when a site asks for it (see commentguard.store).
    if name == "SQLStore":
        from commentguard.store import SQLStore

        return SQLStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
