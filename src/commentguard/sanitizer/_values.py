r"""Judges for attribute values: URLs by scheme, ``datetime`` by format. Ours, not a library's.

A URL is judged the way a browser will read it, after the same decoding: entities decoded,
every invisible or white-space character removed, then the scheme is whatever precedes the
first ``:`` when that prefix looks like a scheme. So ``java&#x09;script:``,
``javascript\u200b:`` and ``&#106;avascript:`` are all ``javascript``, and
``javascript:123`` is not mistaken for a host and port (bleach 6.4.0's own check is).
"""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import date
from functools import lru_cache
from html.entities import html5 as named_references

from commentguard._text import scrub_codepoints

_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
_SCHEME_PREFIX = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_MAX_DECODE_ROUNDS = 4


@lru_cache(maxsize=4096)
def _is_invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in _INVISIBLE_CATEGORIES


def _strip_invisible(value: str) -> str:
    if value.isascii() and value.isprintable() and " " not in value:
        return value
    return "".join(c for c in value if not _is_invisible(c))


_REFERENCE = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]{0,31};?)")


def _decode_reference(match: re.Match[str]) -> str:
    reference = match.group(1)
    if reference[0] == "#" or reference.endswith(";"):
        return html.unescape(match.group())
    # A named reference without ';' is decoded only as one of the legacy names, and in an
    # attribute not at all when an alphanumeric or '=' follows it (HTML's attribute rule).
    following = reference + match.string[match.end() : match.end() + 1]
    for end in range(len(reference), 1, -1):
        replacement = named_references.get(reference[:end])
        if replacement is not None:
            after = following[end : end + 1]
            return match.group() if after.isalnum() or after == "=" else replacement + reference[end:]
    return match.group()


def decode_attribute(value: str) -> str:
    """Decode character references in an attribute value exactly once, as a browser does.

    What a reference decodes to is cleaned like any input text (no controls, no lone
    surrogates), so ``&#12;`` cannot bring back a character the sanitizer removes.
    """
    return scrub_codepoints(_REFERENCE.sub(_decode_reference, value)) if "&" in value else value


def _scheme_of(text: str) -> str | None:
    match = _SCHEME_PREFIX.match(text)
    return match.group(1).lower() if match else None


def _browser_reading(text: str) -> str:
    # What the URL parser itself removes: tab and newline anywhere, C0 and space at the ends.
    return text.translate(_TAB_NEWLINE).strip("".join(map(chr, range(0x21))))


_TAB_NEWLINE = str.maketrans("", "", "\t\n\r")


def url_scheme(value: str) -> str | None:
    """Return the lower-cased scheme in ``value``, or ``None`` if it is relative.

    The value is decoded and stripped of every invisible character first: a judge's reading,
    wider than a browser's, so ``java\u200bscript:`` counts as ``javascript``.
    """
    return _scheme_of(_strip_invisible(html.unescape(value)))


def url_is_allowed(value: str, schemes: frozenset[str], *, allow_relative: bool) -> bool:
    """Whether a raw attribute value is a URL the policy keeps. Fails closed.

    Every reading must pass: with invisible characters removed (``url_scheme``) and as the
    browser's URL parser reads it, after decoding once as the browser will, and again until
    decoding changes nothing, so no layering of references hides a scheme.
    """
    seen = value
    for _ in range(_MAX_DECODE_ROUNDS):
        decoded = html.unescape(seen)
        for scheme in (_scheme_of(_strip_invisible(decoded)), _scheme_of(_browser_reading(decoded))):
            if (scheme is None and not allow_relative) or (scheme is not None and scheme not in schemes):
                return False
        if decoded == seen:
            return True
        seen = decoded
    return False  # still changing after several rounds: a value built to confuse, so refuse it


# HTML's "valid date string with optional time": a date, or a global date and time.
_DATE = r"(\d{4,})-(\d\d)-(\d\d)"
_TIME = r"(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?"
_ZONE = r"(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)"
_DATETIME = re.compile(rf"{_DATE}(?:[T ]{_TIME}{_ZONE})?\Z", re.ASCII)


def is_html_datetime(value: str) -> bool:
    """Whether ``value`` is an HTML valid date string with optional time (as ``del datetime``)."""
    match = _DATETIME.match(value)
    if match is None:
        return False
    year, month, day = (int(part) for part in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True
