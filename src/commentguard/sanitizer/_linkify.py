"""Linkify: bare addresses in text become links, ending where the commenter's URL ends.

Where a URL ends is decided here, as WordPress's ``make_clickable`` decides it, because a link
that points somewhere else is a bug the commenter sees at once (issue 11):

* trailing ``. , ; : ! ?``, ``…`` and closing quotes are sentence punctuation, not URL;
* brackets balance: a ``)`` or ``]`` with no opener inside the URL ends it
  (``(se https://sv.wikipedia.org/wiki/Malmö_(stad))`` links up to ``(stad)``);
* an apostrophe inside a URL belongs to it (``/wiki/Ender's_Game``).

Character references in text are decoded once before URLs are looked for, so a link's text and
its ``href`` come from the same characters (``/Ender&#39;s_Game`` links the whole title) and a
second pass reads what the first wrote (bug 7 in ``docs/security.md``: bleach decoded only
``&amp;``). Decoded text is written back escaped, so only the spelling of a reference changes
(``&eacute;`` becomes ``é``), never what a reader sees.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from commentguard._text import scrub_codepoints

_URL = r"(?P<url>\b(?:https?://|www\.)[^\s<>\"`]+)"
# A plain address (no quoted local part, ASCII domain with a letter TLD): what people type.
# Each part starts where the one before cannot continue, so a failing match backtracks linearly.
_EMAIL = (
    r"(?P<email>(?<![\w.%+-])[A-Za-z0-9._%+-]+"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(?![\w@-]))"
)
URLS = re.compile(_URL, re.IGNORECASE)
URLS_AND_EMAILS = re.compile(f"{_URL}|{_EMAIL}", re.IGNORECASE)
# Sentence punctuation, the ellipsis, and closing quotes (typographic ones too).
_TRAILING = frozenset(".,;:!?\u2026\"'\u201d\u2019\u00bb\u00ab\u203a")
_OPENER = {")": "(", "]": "["}
_PREFIX = re.compile(r"https?://|www\.", re.IGNORECASE)


def url_length(candidate: str) -> int:
    """How much of ``candidate`` (a bare-URL match) is the URL the commenter meant.

    It ends before the first ``)`` or ``]`` that closes nothing inside it, then before any
    trailing punctuation and closing quotes. Zero when nothing is left after the scheme or
    ``www.``.
    """
    depth = {"(": 0, "[": 0}
    end = len(candidate)
    for index, char in enumerate(candidate):
        if char in depth:
            depth[char] += 1
        elif char in _OPENER:
            if not depth[_OPENER[char]]:
                end = index
                break
            depth[_OPENER[char]] -= 1
    while end and candidate[end - 1] in _TRAILING:
        end -= 1
    prefix = _PREFIX.match(candidate)
    return end if prefix is not None and end > prefix.end() else 0


def addresses(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[str, str | None]]:
    """``text`` in pieces, each with the ``href`` it links to, or ``None`` for plain text.

    Each address ``pattern`` finds (trimmed by :func:`url_length`) is a piece of its own.
    Scanning resumes right after each one, so text cut off a URL (``)x``) is searched again,
    as it will be when the output is sanitized a second time.
    """
    position = done = 0
    while (match := pattern.search(text, _first_possible(text, position, pattern))) is not None:
        start = match.start()
        if match.lastgroup == "email":
            end, href = match.end(), f"mailto:{match.group()}"
        else:
            end = start + url_length(match.group())
            if end == start:
                position = start + 1
                continue
            url = text[start:end]
            href = url if url[:4].lower() != "www." else f"http://{url}"
        if start > done:
            yield text[done:start], None
        yield text[start:end], href
        position = done = end
    if done < len(text):
        yield text[done:], None


def _first_possible(text: str, position: int, pattern: re.Pattern[str]) -> int:
    """Where, from ``position`` on, a URL match can start at the earliest: found with plain searches.

    A regular-expression search tries every position of a long text in Python's engine; a URL
    starts at most five characters before a ``://`` (``https``) or at a ``www.``. With
    emails, or if lower-casing changed the text's length (``İ``), the search starts at
    ``position``.
    """
    if pattern is not URLS:
        return position
    lowered = text.lower()
    if len(lowered) != len(text):
        return position
    starts = [len(text)]  # no "://" and no "www." ahead: no match either
    if (scheme := text.find("://", position)) >= 0:
        starts.append(max(scheme - 5, position))
    if (www := lowered.find("www.", position)) >= 0:
        starts.append(www)
    return min(starts)


def may_hold_address(text: str, emails: bool) -> bool:
    """Whether ``text`` holds what every match of :data:`URLS` (and emails') holds: a quick no."""
    return "://" in text or "www." in text.lower() or (emails and "@" in text)


def decoded_reference(name: str) -> str | None:
    """The text the reference ``&name;`` stands for, cleaned like any input; ``None`` to keep it.

    A carriage return stays a reference: written raw, it would be read back as a line feed.
    """
    decoded = html.unescape(f"&{name};")
    return None if "\r" in decoded else scrub_codepoints(decoded)
