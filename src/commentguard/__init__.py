"""commentguard: from a blog's comment form to a safe, moderated, stored comment.

>>> from commentguard import RequestInfo, sanitize, validate
>>> sanitize("<b>Tack!</b> <script>x()</script>")
SafeHtml('<b>Tack!</b> ')

Everything public is importable from this package; the modules behind it are private.
See ``docs/quickstart.md``.
"""

from commentguard.comment import Comment, Status
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
from commentguard.messages import FORM_NOTE_EMAIL, FORM_NOTE_REQUIRED, LOCALES, translate
from commentguard.policy import WORDPRESS_POLICY, Policy
from commentguard.public import PublicComment, avatar_hash, gravatar_hash, to_public
from commentguard.sanitize import SafeHtml, sanitize
from commentguard.submission import RequestInfo, Settings, Submission, validate

__version__ = "0.1.0"

__all__ = [
    "FORM_NOTE_EMAIL",
    "FORM_NOTE_REQUIRED",
    "LOCALES",
    "WORDPRESS_POLICY",
    "CheckError",
    "Comment",
    "CommentGuardError",
    "FieldError",
    "NotFound",
    "Policy",
    "PolicyError",
    "PublicComment",
    "RequestInfo",
    "SafeHtml",
    "Settings",
    "Status",
    "StoreError",
    "Submission",
    "ValidationFailed",
    "VersionConflict",
    "__version__",
    "avatar_hash",
    "gravatar_hash",
    "sanitize",
    "to_public",
    "translate",
    "validate",
]
