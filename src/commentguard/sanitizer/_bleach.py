"""The bleach engine: bleach's parser, tokenizer and whitelist, bounded and corrected.

bleach never leaves ``commentguard.sanitizer``, and nothing outside the subpackage imports
it. bleach does the parsing (its vendored html5lib, the WHATWG algorithm) and the first pass
of tag/attribute filtering. Around it we add what bleach lacks, each for a measured reason:

* a tokenizer with a bounded attribute list and a parser with bounded nesting depth, so
  the worst case grows linearly (html5lib's duplicate-attribute scan and tree construction
  are quadratic in attributes and in depth);
* the drop-content and text-only tags reach the tree builder, so ``<script>``,
  ``<textarea>``... switch the tokenizer to RAWTEXT/RCDATA as in a browser, and then
  :class:`~._filters.Judge` removes them, with everything inside or keeping their text; a
  raw-text element whose end tag never comes is not an element at all (issue 11), so an
  unclosed ``<script>`` cannot take the rest of a comment with it;
* :class:`~._filters.Judge` also judges every URL with our own function, validates
  ``datetime``, unwraps ``<a>`` left without ``href`` and any ``<a>`` inside another (a tree
  that cannot be written as HTML), sets ``rel``, and unwraps what the tree builder nested
  past ``max_depth`` after the tokenizer's own bound (formatting elements it reopens),
  keeping the text;
* :func:`~._serialize.serialize` writes the result, with quotes in text escaped.

bleach is frozen upstream; keeping it behind this seam is what lets a second engine
replace it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from functools import lru_cache
from itertools import islice
from typing import Any

from bleach.html5lib_shim import (
    TAG_TOKEN_TYPE_CHARACTERS,
    TAG_TOKEN_TYPE_PARSEERROR,
    TAG_TOKEN_TYPE_START,
    BleachHTMLParser,
    BleachHTMLTokenizer,
    getTreeWalker,
)
from bleach.sanitizer import BleachSanitizerFilter

from commentguard.policy import Policy
from commentguard.sanitizer._filters import Judge
from commentguard.sanitizer._serialize import serialize
from commentguard.sanitizer._values import decode_attribute

Token = dict[str, Any]

_EMPTY_TAG_TYPE = TAG_TOKEN_TYPE_START + 2  # html5lib numbers StartTag, EndTag, EmptyTag in a row
# Elements whose content the tokenizer reads as text; they add one level and never nest.
_RAW_TEXT = frozenset(
    {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
     "noscript", "plaintext"}
)  # fmt: skip
# Raw-text elements whose content the browser decodes references in (RCDATA); the others'
# content is literal, so a kept '&' in it must stay a literal '&'.
_RCDATA = frozenset({"textarea", "title"})


class _BoundedAttributes(list[list[str]]):
    """A tag's attribute list that never grows past ``limit`` entries plus one scratch slot.

    html5lib compares each new attribute name with every earlier one; with the list bounded
    that scan is constant time. Attributes past the limit are parsed into the scratch slot
    and discarded when the tag is emitted.
    """

    def __init__(self, items: list[list[str]], limit: int) -> None:
        super().__init__(items)
        self.limit = limit

    def append(self, item: list[str]) -> None:
        if len(self) > self.limit:
            self[-1] = item
        else:
            super().append(item)


class _DiscardedText:
    """Stands in for an HTML comment's text, which the sanitizer always drops.

    html5lib grows a comment's text with ``+=`` on a dict item, copying it each time: a
    comment full of ``<!--`` costs quadratic time. This accepts every append and keeps nothing.
    """

    __slots__ = ()

    def __iadd__(self, _text: str) -> _DiscardedText:
        return self

    def __str__(self) -> str:
        return ""


class _BoundedTokenizer(BleachHTMLTokenizer):  # type: ignore[misc]
    """bleach's tokenizer, with attributes per tag and element depth bounded.

    It also hands the parser each run of text as one token: every ``<`` or ``&`` that is not
    markup arrives as its own one-character token, and html5lib's tree builder appends text
    with ``+=``, so a run of them costs quadratic time unless merged here.
    """

    parser: _BoundedParser

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._next_end_tag: dict[str, int] = {}  # name -> offset of the next end tag, -1: none

    def __iter__(self) -> Iterator[Token]:
        run: list[Token] = []  # the text tokens since the last other token
        for token in super().__iter__():
            kind = token["type"]
            if kind == TAG_TOKEN_TYPE_CHARACTERS:
                run.append(token)
            # Parse errors go: bleach has already acted on them and tree construction ignores them.
            elif kind != TAG_TOKEN_TYPE_PARSEERROR:
                if run:
                    yield _joined(run)
                    run.clear()
                yield token
        if run:
            yield _joined(run)

    def commentStartState(self) -> bool:  # noqa: N802 - html5lib's state-method name
        self.currentToken["data"] = _DiscardedText()
        return bool(super().commentStartState())

    def beforeAttributeNameState(self) -> bool:  # noqa: N802 - html5lib's state-method name
        token = self.currentToken
        if type(token["data"]) is list:
            token["data"] = _BoundedAttributes(token["data"], self.parser.max_attributes)
        return bool(super().beforeAttributeNameState())

    def emitCurrentToken(self) -> None:  # noqa: N802 - html5lib's method name
        token = self.currentToken
        if token["type"] in (TAG_TOKEN_TYPE_START, _EMPTY_TAG_TYPE):
            attributes = token["data"]
            if isinstance(attributes, _BoundedAttributes):
                del attributes[attributes.limit :]
            # Decode references here, where a browser does, so every later judge (bleach's and
            # ours) and the serializer see the value the browser will.
            for attribute in attributes:
                attribute[1] = decode_attribute(attribute[1])
            name = token["name"].lower()
            if token["type"] == TAG_TOKEN_TYPE_START and self._too_deep(name):
                # Drop the tag, keep its text: the same outcome as a disallowed tag.
                self.tokenQueue.append({"type": TAG_TOKEN_TYPE_CHARACTERS, "data": ""})
                self.state = self.dataState
                return
            if (
                token["type"] == TAG_TOKEN_TYPE_START
                and name in self.parser.unclosable
                and not self._closed_later(name)
            ):
                # Its content would run to the end and go with it: drop the tag, and read the
                # rest as the text it would have held, which is kept (issue 11). In svg or math
                # that text is markup whose references a browser decodes, so they stay live;
                # after an element that is not raw text (a site's own "video"), it is markup.
                self.tokenQueue.append({"type": TAG_TOKEN_TYPE_CHARACTERS, "data": ""})
                if name not in _RAW_TEXT:
                    self.state = self.dataState
                elif name in _RCDATA or self._in_foreign_content():
                    self.state = self.rcdataState
                else:
                    self.state = self.plaintextState
                return
        super().emitCurrentToken()

    def _too_deep(self, name: str) -> bool:
        return len(self.parser.tree.openElements) > self.parser.max_depth and name not in _RAW_TEXT

    def _closed_later(self, name: str) -> bool:
        """Whether an end tag of ``name`` (as one that ends raw text) follows the tokenizer's position.

        One search per name finds the next end tag, reused until the tokenizer passes it:
        linear however many start tags there are. An end tag inside a script's
        ``<!--<script>`` section counts, though it does not end the script (its content is
        then dropped, as before: a known, safe gap).
        """
        if name == "plaintext":
            return False  # nothing ends it
        position = self._offset()
        found = self._next_end_tag.get(name)
        if found is None or 0 <= found < position:
            match = _end_tag(name).search(self.parser.source, position)
            found = self._next_end_tag[name] = match.start() if match else -1
        return found >= 0

    def _in_foreign_content(self) -> bool:
        # html5lib's own test (HTMLParser.mainLoop) of where the next start tag goes, before it does.
        parser = self.parser
        if not parser.tree.openElements:
            return False
        node = parser.tree.openElements[-1]
        if node.namespace == parser.tree.defaultNamespace:
            return False
        return not (parser.isMathMLTextIntegrationPoint(node) or parser.isHTMLIntegrationPoint(node))

    def _offset(self) -> int:
        # The input has no CR and no surrogates (see _BoundedParser._parse), so html5lib's
        # chunks are exact slices of it: the offset is where the current chunk starts plus
        # how far into it the tokenizer is.
        inner = self.stream._inner_stream
        return int(inner.dataStream.tell() - inner.chunkSize + inner.chunkOffset)

    def rawtextState(self) -> bool:  # noqa: N802 - html5lib's state-method name
        return self._literal(super().rawtextState)

    def plaintextState(self) -> bool:  # noqa: N802 - html5lib's state-method name
        return self._literal(super().plaintextState)

    def _literal(self, state: Callable[[], bool]) -> bool:
        # RAWTEXT and PLAINTEXT content is literal; bleach keeps references in text, so each
        # '&' here is written as "&amp;" to stay the character it is (`<xmp>&lt;` shows "&lt;").
        queued = len(self.tokenQueue)
        more = state()
        for token in islice(self.tokenQueue, queued, None):
            if token["type"] == TAG_TOKEN_TYPE_CHARACTERS:
                token["data"] = token["data"].replace("&", "&amp;")
        return bool(more)


def _joined(run: list[Token]) -> Token:
    if len(run) == 1:
        return run[0]
    return {"type": TAG_TOKEN_TYPE_CHARACTERS, "data": "".join(token["data"] for token in run)}


# A superset of html5lib's invalid code points (_inputstream.invalid_unicode_re): its own
# ranges in the BMP and every astral character (its astral ones, listed one by one, make it slow).
_MAY_BE_INVALID = re.compile(
    "[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff\U00010000-\U0010ffff]"
)


@lru_cache(maxsize=32)
def _end_tag(name: str) -> re.Pattern[str]:
    # What ends raw text: "</", the name in any ASCII case, then white space, "/" or ">".
    return re.compile(rf"</{re.escape(name)}[\t\n\f />]", re.IGNORECASE | re.ASCII)


class _BoundedParser(BleachHTMLParser):  # type: ignore[misc]
    """bleach's parser, using :class:`_BoundedTokenizer`."""

    def __init__(self, policy: Policy) -> None:
        super().__init__(
            tags=set(policy.tags) | policy.drop_content | policy.text_only,
            strip=True,
            consume_entities=False,
            namespaceHTMLElements=False,
        )
        self.max_depth = policy.max_depth
        self.max_attributes = policy.max_attributes
        # Elements whose content is dropped: only these can swallow text when never closed.
        self.unclosable = policy.drop_content
        self.source = ""

    def _parse(
        self,
        stream: str,
        innerHTML: bool = False,  # noqa: N803 - html5lib's parameter name
        container: str = "div",
        scripting: bool = True,
        **kwargs: Any,
    ) -> None:
        # scripting=True parses <noscript> as browsers with script enabled do: as raw text.
        # Input is always str here, so html5lib's re-parse on an encoding change cannot happen.
        self.innerHTMLMode = innerHTML
        self.container = container
        self.scripting = scripting
        # html5lib turns CR LF and CR into LF as it reads; done here first (same output), the
        # tokenizer's offsets are offsets into this string (_BoundedTokenizer._offset).
        self.source = stream.replace("\r\n", "\n").replace("\r", "\n")
        self.tokenizer = _BoundedTokenizer(stream=self.source, consume_entities=False, parser=self, **kwargs)
        self.reset()
        self._skip_unread_checks()
        self.mainLoop()

    def _skip_unread_checks(self) -> None:
        """Turn off two of html5lib's checks whose results nothing here reads: a fifth of a parse."""
        if _MAY_BE_INVALID.search(self.source) is None:
            # html5lib looks for invalid code points in every chunk it reads, to report them as
            # parse errors, with a slow regular expression; when a quick one finds none in the
            # whole input, that search can only find none.
            self.tokenizer.stream._inner_stream.reportCharacterErrors = None
        # Whether a <frameset> may still replace the <body>: html5lib works it out from every
        # character of the first text, but a fragment has no <body> to replace (HTML's
        # "fragment case"), so the answer is never read.
        self.framesetOK = False


class BleachEngine:
    """Sanitizes with bleach under one policy. Not thread-safe: use one per thread."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self._parser = _BoundedParser(policy)
        self._walker = getTreeWalker("etree")
        # bleach's whitelist filter, as a Cleaner builds it per call: built once here, and
        # given each call's tree as its source (its own state lives in its generators).
        self._whitelist = BleachSanitizerFilter(
            source=(),
            allowed_tags=set(policy.tags) | policy.drop_content | policy.text_only,
            attributes={tag: sorted(attrs) for tag, attrs in policy.tags.items()},
            allowed_protocols=sorted(policy.url_schemes),
            strip_disallowed_tags=True,
            strip_html_comments=True,
        )
        self._linkify = policy.linkify and policy.links_allowed

    def clean(self, text: str) -> str:
        """Sanitize ``text`` (already scrubbed of controls and surrogates) to this policy."""
        self._whitelist.source = self._walker(self._parser.parseFragment(text))
        return serialize(Judge(self._whitelist, self.policy, linkify=self._linkify))


_engines = threading.local()


def engine_for(policy: Policy) -> BleachEngine:
    """Return this thread's engine for ``policy``, building it on first use."""
    cache: dict[str, BleachEngine] | None = getattr(_engines, "cache", None)
    if cache is None:
        cache = _engines.cache = {}
    engine = cache.get(policy.version)
    if engine is None:
        if len(cache) >= 32:  # a site uses a handful of policies; never grow without bound
            cache.clear()
        engine = cache[policy.version] = BleachEngine(policy)
    return engine
