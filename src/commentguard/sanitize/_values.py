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


def url_scheme(value: str) -> str | None:
    """Return the lower-cased scheme a browser would see in ``value``, or ``None`` if relative."""
    match = _SCHEME_PREFIX.match(_strip_invisible(html.unescape(value)))
    return match.group(1).lower() if match else None


def url_is_allowed(value: str, schemes: frozenset[str], *, allow_relative: bool) -> bool:
    """Whether a raw attribute value is a URL the policy keeps. Fails closed.

    The value is decoded once, as the browser will, and also repeatedly until it stops
    changing; every reading must pass, so no layering of entities hides a scheme.
    """
    seen = value
    for _ in range(_MAX_DECODE_ROUNDS):
        scheme = url_scheme(seen)
        if scheme is None:
            if not allow_relative:
                return False
        elif scheme not in schemes:
            return False
        decoded = html.unescape(seen)
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
