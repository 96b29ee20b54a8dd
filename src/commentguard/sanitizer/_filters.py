"""The token filters that run after bleach's own: containers, links, quotes, text runs.

:class:`DropContent` removes the drop-content elements whole and flattens the text-only ones
to their text; :class:`JudgeLinks` judges every URL and ``datetime`` with our own functions,
unwraps ``<a>`` left without ``href`` and any ``<a>`` inside another, sets ``rel`` and
escapes quotes in text. Both read the policy only; :mod:`._bleach` puts them in the chain.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from bleach.html5lib_shim import Filter

from commentguard.policy import Policy
from commentguard.sanitizer._values import is_html_datetime, url_is_allowed

Token = dict[str, Any]

_START, _END, _EMPTY, _CHARACTERS = "StartTag", "EndTag", "EmptyTag", "Characters"
_SPACE_CHARACTERS = "SpaceCharacters"
_TEXT_TYPES = frozenset({_CHARACTERS, _SPACE_CHARACTERS, "Entity"})
_QUOTES = re.compile(r"([\"'])")
# Elements the tree builder never nests in themselves (a start tag closes the open one), yet
# its adoption agency can build one inside another (issue 14: <a><b><b><b><b><blockquote><a>).
# Such a tree does not survive serializing and parsing again, so an inner one is unwrapped.
_NEVER_NESTED = frozenset({"a", "nobr"})


class DropContent(Filter):  # type: ignore[misc]
    """Remove the drop-content elements with everything inside, and text-only ones but their text.

    Inside a text-only element (``<svg>``, ``<object>``, ``<textarea>``...) every tag goes
    and the text stays, but a drop-content element in it (``<svg><script>``) still goes whole.
    """

    def __init__(self, source: Iterator[Token], drop: frozenset[str], text_only: frozenset[str]) -> None:
        super().__init__(source)
        self.drop = drop
        self.text_only = text_only

    def __iter__(self) -> Iterator[Token]:
        dropping = flattening = 0  # how deep inside a dropped / a text-only element
        for token in super().__iter__():
            kind = token["type"]
            opens, closes = kind == _START, kind == _END
            if dropping:
                dropping += opens - closes
            elif opens and token["name"] in self.drop:
                dropping = 1
            elif flattening:
                flattening += opens - closes
                if kind in _TEXT_TYPES:
                    yield token
            elif opens and token["name"] in self.text_only:
                flattening = 1
            elif kind != _EMPTY or token["name"] not in self.drop | self.text_only:
                yield token


class BoundDepth(Filter):  # type: ignore[misc]
    """Unwrap elements nested deeper than ``max_depth`` in the built tree, keeping their text.

    The tokenizer already drops start tags beyond the limit, but html5lib's tree builder can
    add depth after it (the adoption agency and the reopening of formatting elements copy
    ``<b>`` inside a ``<blockquote>``), and a second pass would then cut what the first kept.
    Bounding the tree that is serialized makes the output parse back to itself.
    """

    def __init__(self, source: Iterator[Token], max_depth: int) -> None:
        super().__init__(source)
        self.max_depth = max_depth

    def __iter__(self) -> Iterator[Token]:
        kept: list[bool] = []  # per open element: was its start tag kept?
        depth = 0
        for token in super().__iter__():
            kind = token["type"]
            if kind == _START:
                keep = depth < self.max_depth
                kept.append(keep)
                depth += keep
                if not keep:
                    continue
            elif kind == _END and kept:
                if not kept.pop():
                    continue
                depth -= 1
            yield token


class JudgeLinks(Filter):  # type: ignore[misc]
    """Judge attribute values and unwrap ``<a>`` left without ``href``; finishing, set ``rel``.

    An ``<a>`` (or ``<nobr>``) inside a kept one is unwrapped too, its text kept in the outer
    one: html5lib's adoption agency builds such trees (issue 14), and no HTML string parses
    back to them, so the output would not be what a browser or a second pass reads.

    Finishing also escapes quotes in text. Values arrive decoded (:class:`_BoundedTokenizer`),
    are judged as they are, and :class:`_PlainSerializer` writes them with every ``&``
    escaped, so the browser reads exactly what was judged. The pass runs before linkifying
    (text inside a dropped ``<a>`` is linkified now, not on a second run: ``sanitize`` is
    idempotent) and, finishing, after it to judge the new links.
    """

    def __init__(self, source: Iterator[Token], policy: Policy, *, finish: bool) -> None:
        super().__init__(source)
        self.policy = policy
        self.finish = finish

    def __iter__(self) -> Iterator[Token]:
        judged = self._judged()
        # Before linkifying, text on both sides of a removed element is one text again, as it
        # will be when the output is sanitized a second time; else "www." and "x.se" around a
        # dropped tag would become a link only on that second pass.
        return judged if self.finish else merge_text(judged, {_CHARACTERS, _SPACE_CHARACTERS}, _CHARACTERS)

    def _judged(self) -> Iterator[Token]:
        # One entry per open <a> or <nobr>: was its start tag dropped? A kept one inside a kept
        # one of the same name is dropped too (text kept): see _NEVER_NESTED.
        unwrapped: dict[str, list[bool]] = {name: [] for name in _NEVER_NESTED}
        kept_open = dict.fromkeys(_NEVER_NESTED, 0)
        for token in super().__iter__():
            kind = token["type"]
            name = token.get("name")
            if kind in (_START, _EMPTY):
                token["data"] = self._judge_attributes(token["data"])
                if kind == _START and name in _NEVER_NESTED:
                    drop = kept_open[name] > 0 or (name == "a" and (None, "href") not in token["data"])
                    unwrapped[name].append(drop)
                    if drop:
                        continue
                    kept_open[name] += 1
                    if self.finish and name == "a":
                        token["data"][(None, "rel")] = self.policy.link_rel
                        token["data"] = dict(sorted(token["data"].items(), key=_attribute_name))
            elif kind == _END and name in _NEVER_NESTED and unwrapped[name]:
                if unwrapped[name].pop():
                    continue
                kept_open[name] -= 1
            elif self.finish and kind == _CHARACTERS and ('"' in token["data"] or "'" in token["data"]):
                yield from _escape_quotes(token["data"])
                continue
            yield token

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


def merge_text(tokens: Iterator[Token], text_types: set[object], merged_type: object) -> Iterator[Token]:
    """Join each run of text tokens (of ``text_types``) into one token of ``merged_type``.

    The tokenizer and the filters number token types differently (ints, names), hence the arguments.
    """
    pending: list[str] = []
    for token in tokens:
        if token["type"] in text_types:
            pending.append(token["data"])
            continue
        if pending:
            yield {"type": merged_type, "data": "".join(pending)}
            pending.clear()
        yield token
    if pending:
        yield {"type": merged_type, "data": "".join(pending)}


def _attribute_name(item: tuple[tuple[str | None, str], str]) -> str:
    return item[0][1]


def _escape_quotes(text: str) -> Iterator[Token]:
    for part in _QUOTES.split(text):
        if part in ('"', "'"):
            yield {"type": "Entity", "name": "#34" if part == '"' else "#39"}
        elif part:
            yield {"type": _CHARACTERS, "data": part}
