"""The web layer's own words (form labels, thread, moderation page), in English and Swedish.

A catalog of its own (gettext domain ``commentguard_web`` under ``web/locale``), so the core's
catalog holds only what the core says. Ids are marked with :func:`W_` for ``pybabel extract
-k W_``; the form's notes and the policy's sentence come from the core's
:func:`commentguard.translate`.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

from commentguard import LOCALES

_DOMAIN = "commentguard_web"
_LOCALE_DIR = Path(__file__).parent / "locale"


def W_(message: str) -> str:  # noqa: N802 - a gettext marker, as the core's N_
    """Mark ``message`` as a web message id for extraction; return it unchanged."""
    return message


LEAVE_COMMENT = W_("Leave a comment")
LEAVE_REPLY = W_("Leave a reply to {author}")
CANCEL_REPLY = W_("Cancel reply")
NAME = W_("Name")
EMAIL = W_("Email")
WEBSITE = W_("Website")
COMMENT = W_("Comment")
POST_COMMENT = W_("Post Comment")
HONEYPOT_LABEL = W_("Leave this field empty")
FIX_ERRORS = W_("Please correct the errors below.")
PUBLISHED = W_("Thank you! Your comment is published.")
HELD = W_("Thank you! Your comment is awaiting moderation.")
AWAITING = W_("Your comment is awaiting moderation.")
NOT_SAVED = W_("Your comment could not be saved. Please try again later.")
COMMENTS = W_("Comments")
NO_COMMENTS = W_("No comments yet.")
REPLY = W_("Reply")
REPLY_TO = W_("Reply to {author}")

MODERATION = W_("Moderation")
STATUS_NAMES = {
    "pending": W_("Pending"),
    "approved": W_("Approved"),
    "spam": W_("Spam"),
    "trash": W_("Trash"),
}
ACTION_NAMES = {
    "approve": W_("Approve"),
    "spam": W_("Mark as spam"),
    "trash": W_("Move to trash"),
    "restore": W_("Restore"),
    "delete": W_("Delete permanently"),
}
AUTHOR = W_("Author")
POST = W_("Post")
SUBMITTED = W_("Submitted")
REASONS = W_("Why")
IP_ADDRESS = W_("IP address")
SELECT = W_("Select")
BULK_ACTION = W_("Bulk action")
APPLY = W_("Apply to the selected")
SEARCH_LABEL = W_("Search by name, email or IP address")
SEARCH = W_("Search")
NEXT_PAGE = W_("Next page")
NOTHING = W_("Nothing here.")
CONFLICT = W_("Someone else changed this comment. This is how it looks now.")
GONE = W_("The comment no longer exists.")
CHANGED = W_("Comments changed: {count}.")
NONE_SELECTED = W_("Select at least one comment.")
EXPIRED = W_("The form had expired. Please try again.")
SEARCH_RESULTS = W_("Search results for “{query}”")
NOT_ALLOWED = W_("You may not moderate comments.")
UNKNOWN_ACTION = W_("That is not something the moderation page can do.")
BACK_TO_QUEUE = W_("Back to the queue")
ALL = W_("All")
SELECT_COMMENT = W_("Select the comment by {author}")


@cache
def _catalog(language: str) -> gettext.GNUTranslations:
    return gettext.translation(_DOMAIN, localedir=_LOCALE_DIR, languages=[language], fallback=False)


def language(locale: str) -> str:
    """The supported language of ``locale`` (``"sv_SE"`` → ``"sv"``); ``ValueError`` otherwise."""
    found = locale.replace("-", "_").split("_", 1)[0].lower() if isinstance(locale, str) else ""
    if found not in LOCALES:
        raise ValueError(f"unsupported locale {locale!r}; choose one of {', '.join(LOCALES)}")
    return found


def text(message_id: str, locale: str, /, **params: object) -> str:
    """``message_id`` in ``locale``'s language, ``{name}`` fields filled from ``params``.

    Raises:
        ValueError: ``locale`` is not one commentguard speaks.

    """
    translated = _catalog(language(locale)).gettext(message_id)
    return translated.format(**params) if params else translated
