"""Human text, in English and Swedish, from gettext catalogs.

Code never holds a translated sentence: it holds a *message id* (the English text, marked
with :func:`N_` so ``pybabel extract -k N_`` finds it) and asks :func:`translate` for the
reader's language at the last moment. A sentence with a number in it is a pair of ids,
singular and plural (the command line marks them with ``NP_``, extracted with
``-k NP_:1,2``); :func:`translate` picks the form the language's plural rule gives for
``count``, through gettext's ``ngettext``, so no reader sees "1 comments". Catalogs live in
``commentguard/locale`` as ``.po`` sources and committed ``.mo`` files; they are loaded with
``fallback=False``, so a missing catalog is an error rather than silent English.

>>> translate(FORM_NOTE_EMAIL, "sv")
'E-postadressen publiceras inte.'
>>> pair = ("{count} comment", "{count} comments")
>>> [translate(pair, language, count=n) for language in LOCALES for n in (1, 2)]
['1 comment', '2 comments', '1 kommentar', '2 kommentarer']
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

LOCALES: tuple[str, ...] = ("en", "sv")
"""The languages commentguard speaks; every catalog ships in both."""

_DOMAIN = "commentguard"
_LOCALE_DIR = Path(__file__).parent / "locale"


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark ``message`` as a message id for extraction; return it unchanged."""
    return message


# The comment form's notes; templates render them with translate().
FORM_NOTE_EMAIL = N_("Your email address will not be published.")
FORM_NOTE_REQUIRED = N_("Required fields are marked *")
ALLOWED_TAGS_INTRO = N_("You may use these HTML tags and attributes:")


# Reason codes of the built-in checks and the message ids they render with. A Reason stores
# its code and params; the sentence is looked up here and translated at the last moment, so a
# stored reason reads in whichever language the moderator uses. Reasons are stored as code and
# params and rendered from one message id each, so they avoid number agreement ("1 links")
# instead of using NP_.
REASON_MESSAGES: dict[str, str] = {
    "links": N_(
        "Number of links in the comment: {count} (comments with {limit} or more are held for moderation)."
    ),
    "moderation_word": N_("The comment matches “{word}”, which is on the moderation list."),
    "disallowed_word": N_("The comment matches “{word}”, which is on the list of disallowed words."),
    "trusted": N_("An earlier comment by this author was approved."),
    "first_comment": N_("First comment from this author."),
    "moderator": N_("Written by a moderator."),
    "hold_all": N_("Every comment is held for moderation."),
    "flood": N_("You are posting comments too quickly. Slow down."),
    "duplicate": N_("Duplicate comment detected; it looks as though you've already said that!"),
    "honeypot": N_("A hidden field that only robots fill in was filled in."),
    "token_invalid": N_("The form's security code was missing or not valid."),
    "token_too_fast": N_(
        "The form was sent back too soon after it was loaded ({seconds} s), faster than a person writes."
    ),
    "token_expired": N_("The form was loaded too long ago (more than {hours} h)."),
    "token_used": N_("The form's security code was already used for another comment."),
    "closed": N_("Comments are closed for this post."),
    "closed_old": N_("Comments are closed for this post (automatically, {days} d after it was published)."),
    "reply_invalid": N_("The comment you are replying to does not exist on this post."),
    "reply_not_approved": N_("The comment you are replying to has not been approved."),
    "reply_too_deep": N_("Replies may not be nested deeper than this (limit: {depth})."),
    "spam_history": N_(
        "An earlier comment from the same IP address, email address or website was marked as spam."
    ),
    "learned_spam": N_(
        "The learning filter scored the comment {score} (spam from {threshold}); the words that "
        "weighed most: {tokens}."
    ),
    "learned_doubt": N_(
        "The learning filter scored the comment {score} (held for a moderator from {hold_threshold}, "
        "spam from {threshold}); the words that weighed most: {tokens}."
    ),
    "check_failed": N_("The check {check} failed, so the comment is held for moderation."),
    "check_overran": N_(
        "The check {check} took longer than its time budget of {seconds} s, so the comment is held "
        "for moderation."
    ),
}

UNKNOWN_REASON = N_("The check {check} gave the reason “{code}”.")


def normalize_locale(locale: str) -> str:
    """Return the supported language for ``locale`` (``"sv_SE"`` and ``"sv-se"`` → ``"sv"``).

    Raises:
        ValueError: the language is not one commentguard ships a catalog for.

    """
    if not isinstance(locale, str):
        raise TypeError(f"locale must be a str such as 'en' or 'sv', not {type(locale).__name__}")
    language = locale.replace("-", "_").split("_", 1)[0].lower()
    if language not in LOCALES:
        raise ValueError(f"unsupported locale {locale!r}; choose one of {', '.join(LOCALES)}")
    return language


@cache
def _catalog(language: str) -> gettext.GNUTranslations:
    return gettext.translation(_DOMAIN, localedir=_LOCALE_DIR, languages=[language], fallback=False)


def translate(message_id: str | tuple[str, str], locale: str, /, **params: object) -> str:
    """Return ``message_id`` in ``locale``'s language, with ``{name}`` fields filled from ``params``.

    ``message_id`` may be a pair of singular and plural ids: then ``params`` must
    hold an int ``count``, which picks the form by the language's plural rule.

    Raises:
        ValueError: ``locale`` is not a supported language.
        TypeError: a plural pair without an int ``count``.
        FileNotFoundError: the catalog for a supported language is missing from the install.

    """
    catalog = _catalog(normalize_locale(locale))
    if isinstance(message_id, tuple):
        count = params.get("count")
        if isinstance(count, bool) or not isinstance(count, int):
            raise TypeError(f"a plural message needs an int count, not {count!r}")
        text = catalog.ngettext(*message_id, count)
    else:
        text = catalog.gettext(message_id)
    return text.format(**params) if params else text
