"""Word-list matching that invisible characters, look-alike forms and case cannot dodge.

Text and entries are compared after the same normalization: invisible characters removed
(zero-width spaces and joiners, soft hyphens, bidi controls, the other Unicode format
characters, variation selectors, Hangul fillers), NFKC (fullwidth letters and ligatures read
as plain ones), casefold ("STRASSE" is "straße"), and runs of whitespace collapsed to one space.

All entries are compiled into one regular expression shaped as a trie, so a list of
thousands of words costs about as much per character of text as a short one.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Unicode format characters (category Cf, Unicode 14/15) plus other code points that render
# as nothing: combining grapheme joiner, Hangul fillers, variation selectors.
# tests/checks/test_words.py verifies this covers every Cf character Python knows.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5"
    "\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f"
    "\ufeff\uffa0\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef]"
)
_SPACE = re.compile(r"\s+")
_IPV4_PREFIX = re.compile(r"\d{1,3}(?:\.\d{1,3}){1,3}\.?|\d{1,3}\.")
_IPV6_PREFIX = re.compile(r"[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){1,7}")
MAX_ENTRY_CHARS = 200
"""Longer entries are refused: no word or phrase worth listing is this long."""


def normalize(text: str) -> str:
    """The form both text and entries are compared in (see the module docstring)."""
    if text.isascii():  # nothing invisible, already NFKC: only case and spaces to do
        return _SPACE.sub(" ", text.lower()).strip()
    text = _INVISIBLE.sub("", text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = text.casefold()
    if not unicodedata.is_normalized("NFKC", text):
        text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    return _SPACE.sub(" ", text).strip()


def _is_word_char(char: str) -> bool:
    return re.match(r"\w", char) is not None


def _trie_pattern(entries: Iterable[str], whole_words: bool) -> str:
    trie: dict[str, dict] = {}  # type: ignore[type-arg]  # a recursive dict of dicts
    for entry in entries:
        node = trie
        for char in entry:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict, last: str) -> str:  # type: ignore[type-arg]
        branches = [re.escape(char) + build(child, char) for char, child in sorted(node.items()) if char]
        if "" in node:  # an entry ends here; in whole-word mode a word must end too
            branches.append(r"(?!\w)" if whole_words and _is_word_char(last) else "")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    starts = []
    for char, child in sorted(trie.items()):
        lead = r"(?<!\w)" if whole_words and _is_word_char(char) else ""
        starts.append(lead + re.escape(char) + build(child, char))
    return "|".join(starts)


@dataclass(frozen=True, slots=True)
class Match:
    """The entry that matched (as configured) and the field it matched in."""

    entry: str
    field: str


class WordMatcher:
    """Matches text fields against a word list, and an IP address against its IP entries.

    An entry that is an IP address or network (``203.0.113.7``, ``203.0.113.0/24``,
    ``2001:db8::/32``) matches IP addresses in it; an IPv4 prefix ending at an octet
    (``203.0.113.``, ``10.1``) matches addresses starting with those octets; every other entry
    matches text. ``whole_words`` makes ``ass`` stop matching inside ``class``.
    """

    def __init__(self, entries: Iterable[str] | str, *, whole_words: bool = False) -> None:
        if isinstance(entries, str):
            entries = entries.splitlines()
        self.whole_words = whole_words
        self._networks: list[tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, str]] = []
        self._prefixes: list[tuple[str, str]] = []
        self._originals: dict[str, str] = {}
        for entry in entries:
            if not isinstance(entry, str):
                raise TypeError(f"word list entries must be str, not {type(entry).__name__}")
            self._add(entry.strip())
        pattern = _trie_pattern(self._originals, whole_words)
        self._regex = re.compile(pattern) if pattern else None

    def _add(self, entry: str) -> None:
        if len(entry) > MAX_ENTRY_CHARS:
            raise ValueError(f"word list entry longer than {MAX_ENTRY_CHARS} characters: {entry[:40]!r}...")
        if not entry:
            return
        try:
            self._networks.append((ipaddress.ip_network(entry, strict=False), entry))
            return
        except ValueError:
            pass
        lowered = entry.lower()
        if _IPV4_PREFIX.fullmatch(lowered) or (":" in lowered and _IPV6_PREFIX.fullmatch(lowered)):
            self._prefixes.append((lowered, entry))
            return
        normal = normalize(entry)
        if normal:
            self._originals.setdefault(normal, entry)

    def __bool__(self) -> bool:
        return bool(self._originals or self._networks or self._prefixes)

    def match_ip(self, ip: str) -> Match | None:
        """The first IP entry ``ip`` falls under, or ``None``."""
        if not ip or not (self._networks or self._prefixes):
            return None
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return None
        for network, entry in self._networks:
            if address.version == network.version and address in network:
                return Match(entry, "ip")
        text = str(address)
        for prefix, entry in self._prefixes:
            bare = prefix.rstrip(".:")  # a prefix ends at an octet or group: "10.1" is not "10.10"
            if text == bare or text.startswith(bare + (":" if address.version == 6 else ".")):
                return Match(entry, "ip")
        return None

    def match_text(self, fields: Iterable[tuple[str, str]]) -> Match | None:
        """The first entry found in any of the ``(field name, text)`` pairs, or ``None``."""
        return self.match_normalized((name, normalize(text)) for name, text in fields)

    def match_normalized(self, fields: Iterable[tuple[str, str]]) -> Match | None:
        """As :meth:`match_text`, for texts already passed through :func:`normalize`."""
        if self._regex is None:
            return None
        for name, text in fields:
            found = self._regex.search(text) if text else None
            if found is not None:
                return Match(self._originals.get(found.group(), found.group()), name)
        return None
