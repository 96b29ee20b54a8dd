"""The token filter that runs after bleach's: containers, links, linkify and depth, in one pass.

:class:`Judge` removes the drop-content elements whole and flattens the text-only ones to
their text, judges every URL and ``datetime`` with our own functions, unwraps ``<a>`` left
without ``href`` and any ``<a>`` inside another, linkifies text, sets ``rel`` and bounds the
depth of the tree that is written. Each of those is a decision per token, so they share one
loop: a filter per concern costs a generator step per token each, most of what a filter
costs. It reads the policy only; :mod:`._bleach` puts it in the chain.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from commentguard.policy import Policy
from commentguard.sanitizer._linkify import (
    URLS,
    URLS_AND_EMAILS,
    addresses,
    decoded_reference,
    may_hold_address,
)
from commentguard.sanitizer._values import is_html_datetime, url_is_allowed

Token = dict[str, Any]

_START, _END, _EMPTY, _CHARACTERS = "StartTag", "EndTag", "EmptyTag", "Characters"
_TEXT_TYPES = frozenset({_CHARACTERS, "SpaceCharacters", "Entity"})
_PLAIN_TEXT = frozenset({_CHARACTERS, "SpaceCharacters"})
_TAGS = frozenset({_START, _END})  # what the depth bound reads
# Elements the tree builder never nests in themselves (a start tag closes the open one), yet
# its adoption agency can build one inside another (issue 14: <a><b><b><b><b><blockquote><a>).
# Such a tree does not survive serializing and parsing again, so an inner one is unwrapped.
_NEVER_NESTED = frozenset({"a", "nobr"})
_HREF, _REL = (None, "href"), (None, "rel")


class Judge:
    """Drop containers, judge attribute values, unwrap and make links, bound depth.

    * The drop-content elements go with everything inside; inside a text-only element
      (``<svg>``, ``<object>``, ``<textarea>``...) every tag goes and the text stays, but a
      drop-content element in it (``<svg><script>``) still goes whole.
    * Values arrive decoded (:class:`~._bleach._BoundedTokenizer`), are judged as they are, and
      the serializer writes them with every ``&`` escaped, so the browser reads exactly what
      was judged. An ``<a>`` left without ``href`` is unwrapped, its text kept.
    * An ``<a>`` (or ``<nobr>``) inside a kept one is unwrapped too, its text kept in the
      outer one: html5lib's adoption agency builds such trees (issue 14), and no HTML string
      parses back to them, so the output would not be what a browser or a second pass reads.
    * With ``linkify``, each run of text between the tags kept is one text, its character
      references decoded, and its addresses become links (:mod:`._linkify`), except from an
      ``<a>`` to the first ``</a>`` and from a ``<code>`` to the first ``</code>``. Text on
      both sides of a removed element is one text, as it will be when the output is
      sanitized a second time, and text inside an unwrapped ``<a>`` is linkified now.
    * Every kept ``<a>`` gets the policy's ``rel``, and elements nested deeper than
      ``max_depth`` are unwrapped, keeping their text. The tokenizer already drops start
      tags beyond the limit, but html5lib's tree builder can add depth after it (the adoption
      agency and the reopening of formatting elements copy ``<b>`` inside a
      ``<blockquote>``), and a second pass would then cut what the first kept.
    """

    def __init__(self, source: Iterable[Token], policy: Policy, *, linkify: bool) -> None:
        self.source = source
        self.policy = policy
        self.linkify = linkify
        self._removed = policy.drop_content | policy.text_only
        self._kept: list[bool] = []  # per open element: was its start tag kept (depth bound)?
        self._depth = 0

    def __iter__(self) -> Iterator[Token]:
        policy, linkify, emails = self.policy, self.linkify, self.policy.linkify_emails
        drop, text_only, removed = policy.drop_content, policy.text_only, self._removed
        dropping = flattening = 0  # how deep inside a dropped / a text-only element
        # Per open <a> or <nobr>: was its start tag dropped? And how many kept ones are open.
        unwrapped: dict[str, list[bool]] = {name: [] for name in _NEVER_NESTED}
        kept_open = dict.fromkeys(_NEVER_NESTED, 0)
        pending: list[str] = []  # linkifying: the run of text so far
        in_a = in_code = False  # linkifying: inside a kept <a> / <code>, so not linkifying
        for token in self.source:
            kind = token["type"]
            if dropping:
                dropping += (kind == _START) - (kind == _END)
                continue
            if kind == _START:
                name = token["name"]
                if name in drop:
                    dropping = 1
                    continue
                if flattening:
                    flattening += 1
                    continue
                if name in text_only:
                    flattening = 1
                    continue
                token["data"] = self._judge_attributes(token["data"])
                if name in _NEVER_NESTED:
                    unwrap = kept_open[name] > 0 or (name == "a" and _HREF not in token["data"])
                    unwrapped[name].append(unwrap)
                    if unwrap:
                        continue
                    kept_open[name] += 1
                    if name == "a":
                        token["data"][_REL] = policy.link_rel
                        token["data"] = dict(sorted(token["data"].items(), key=_attribute_name))
            elif kind == _END:
                if flattening:
                    flattening -= 1
                    continue
                name = token["name"]
                if name in _NEVER_NESTED and unwrapped[name]:
                    if unwrapped[name].pop():
                        continue
                    kept_open[name] -= 1
            elif flattening:
                if kind not in _TEXT_TYPES:
                    continue
            elif kind == _EMPTY:
                if token["name"] in removed:
                    continue
                token["data"] = self._judge_attributes(token["data"])
            if linkify:
                if kind in _PLAIN_TEXT:
                    pending.append(token["data"])
                    continue
                if kind == "Entity" and (decoded := decoded_reference(token["name"])) is not None:
                    pending.append(decoded)
                    continue
                if pending:
                    text = "".join(pending)
                    pending.clear()
                    if in_a or in_code or not may_hold_address(text, emails):
                        yield {"type": _CHARACTERS, "data": text}
                    else:
                        yield from self._linked(text)
                if in_a:
                    in_a = not (kind == _END and token["name"] == "a")
                elif kind in (_START, _EMPTY):
                    in_a = token["name"] == "a"
                    in_code = in_code or token["name"] == "code"
                elif in_code:
                    in_code = not (kind == _END and token["name"] == "code")
            if kind in _TAGS and not self._fits(token):
                continue
            yield token
        if pending:  # the tree walker closes every element first: this text is in no <a> or <code>
            text = "".join(pending)
            if may_hold_address(text, emails):
                yield from self._linked(text)
            else:
                yield {"type": _CHARACTERS, "data": text}

    def _linked(self, text: str) -> Iterator[Token]:
        """A run of text as tokens, its addresses made links (judged, with ``rel``)."""
        emails = self.policy.linkify_emails
        for piece, href in addresses(text, URLS_AND_EMAILS if emails else URLS):
            attributes = self._judge_attributes({_HREF: href}) if href else {}
            if not attributes:  # plain text, or an address the policy's schemes refuse
                yield {"type": _CHARACTERS, "data": piece}
                continue
            attributes[_REL] = self.policy.link_rel
            start, end = {"type": _START, "name": "a", "data": attributes}, {"type": _END, "name": "a"}
            if self._fits(start):
                yield start
            yield {"type": _CHARACTERS, "data": piece}
            if self._fits(end):
                yield end

    def _fits(self, token: Token) -> bool:
        """Whether ``token`` is kept by the depth bound (an element's start and end tags go together)."""
        kind = token["type"]
        if kind == _START:
            keep = self._depth < self.policy.max_depth
            self._kept.append(keep)
            self._depth += keep
            return keep
        if kind == _END and self._kept:
            if not self._kept.pop():
                return False
            self._depth -= 1
        return True

    def _judge_attributes(
        self, attributes: dict[tuple[str | None, str], str]
    ) -> dict[tuple[str | None, str], str]:
        policy = self.policy
        kept = {}
        for key, value in attributes.items():
            name = key[1]
            if name in policy.url_attributes:
                if not url_is_allowed(value, policy.url_schemes, allow_relative=policy.allow_relative_urls):
                    continue
            elif name == "datetime" and not is_html_datetime(value):
                continue
            kept[key] = value
        return kept


def _attribute_name(item: tuple[tuple[str | None, str], str]) -> str:
    return item[0][1]
