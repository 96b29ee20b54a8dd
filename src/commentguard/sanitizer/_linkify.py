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
from collections.abc import Iterable, Iterator
from typing import Any

from commentguard._text import scrub_codepoints

Token = dict[str, Any]

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
_TEXT = frozenset({"Characters", "SpaceCharacters"})


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


def linked(text: str, pattern: re.Pattern[str]) -> Iterator[Token]:
    """``text`` as tokens, with each address ``pattern`` finds (trimmed) made a link.

    Scanning resumes right after each link, so text cut off a URL (``)x``) is searched
    again, as it will be when the output is sanitized a second time.
    """
    position = done = 0
    while (match := pattern.search(text, position)) is not None:
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
            yield {"type": "Characters", "data": text[done:start]}
        yield {"type": "StartTag", "name": "a", "data": {(None, "href"): href}}
        yield {"type": "Characters", "data": text[start:end]}
        yield {"type": "EndTag", "name": "a"}
        position = done = end
    if done < len(text):
        yield {"type": "Characters", "data": text[done:]}


def decoded_text(tokens: Iterable[Token]) -> Iterator[Token]:
    """Each run of text and character references as one text token, the references decoded.

    Text on both sides of a removed element is one text again, as it will be when the output
    is sanitized a second time; else "www." and "x.se" around a dropped tag would become a
    link only on that second pass. What a reference decodes to is cleaned like any input (no
    controls, no lone surrogates). A carriage return stays a reference: written raw, it would
    be read back as a line feed.
    """
    pending: list[str] = []
    for token in tokens:
        kind = token["type"]
        if kind in _TEXT:
            pending.append(token["data"])
            continue
        if kind == "Entity":
            decoded = html.unescape(f"&{token['name']};")
            if "\r" not in decoded:
                pending.append(scrub_codepoints(decoded))
                continue
        if pending:
            yield {"type": "Characters", "data": "".join(pending)}
            pending.clear()
        yield token
    if pending:
        yield {"type": "Characters", "data": "".join(pending)}


class Linkify:
    """Make the addresses in text links, cut with :func:`linked`; not inside ``<a>`` or ``<code>``.

    It reads text with references decoded (:func:`decoded_text`); bleach's own pass decoded
    only ``&amp;``, so a link's text and ``href`` could differ and a second pass changed them.
    Text is skipped from an ``<a>`` to the first ``</a>`` and from a ``<code>`` to the first
    ``</code>``, as bleach's linkifier skipped it (a ``<code>`` inside another ends the skip
    at its own end tag).
    """

    def __init__(self, source: Iterable[Token], *, emails: bool) -> None:
        self.source = source
        self.pattern = URLS_AND_EMAILS if emails else URLS

    def __iter__(self) -> Iterator[Token]:
        in_a = in_code = False
        for token in decoded_text(self.source):
            kind = token["type"]
            if in_a:
                in_a = not (kind == "EndTag" and token["name"] == "a")
            elif kind == "StartTag" or kind == "EmptyTag":
                in_a = token["name"] == "a"
                in_code = in_code or token["name"] == "code"
            elif in_code:
                in_code = not (kind == "EndTag" and token["name"] == "code")
            elif kind == "Characters":
                yield from linked(token["data"], self.pattern)
                continue
            yield token
