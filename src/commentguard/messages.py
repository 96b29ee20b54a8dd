"""Human text, in English and Swedish, from gettext catalogs.

Code never holds a translated sentence: it holds a *message id* (the English text, marked
with :func:`N_` so ``pybabel extract -k N_`` finds it) and asks :func:`translate` for the
reader's language at the last moment. Catalogs live in ``commentguard/locale`` as ``.po``
sources and committed ``.mo`` files; they are loaded with ``fallback=False``, so a missing
catalog is an error rather than silent English.

>>> translate(FORM_NOTE_EMAIL, "sv")
'E-postadressen publiceras inte.'
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


def translate(message_id: str, locale: str, /, **params: object) -> str:
    """Return ``message_id`` in ``locale``'s language, with ``{name}`` fields filled from ``params``.

    Raises:
        ValueError: ``locale`` is not a supported language.
        FileNotFoundError: the catalog for a supported language is missing from the install.

    """
    text = _catalog(normalize_locale(locale)).gettext(message_id)
    return text.format(**params) if params else text
