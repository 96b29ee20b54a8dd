"""Two independent HTML parsers reduced to one comparable form, and a browser's serializer.

The oracle compares trees, never strings: an :data:`Event` list is a depth-first walk of a
parsed fragment (start tag with attributes in source order, end tag, merged text, comment).
html5lib is the parser bleach vendors; lexbor (through selectolax) is a separate C
implementation of the same WHATWG algorithm, so where the two disagree on our output a
browser may disagree with our sanitizer. Both parse as ``innerHTML`` on a ``<div>`` does,
with scripting enabled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

Attributes = tuple[tuple[str, str], ...]
Event = tuple[str, str, Attributes]
"""``("<", tag, attributes)``, ``(">", tag, ())``, ``("t", text, ())`` or ``("!", comment, ())``."""

_XLINK = "{http://www.w3.org/1999/xlink}"
_XML = "{http://www.w3.org/XML/1998/namespace}"
_XMLNS = "{http://www.w3.org/2000/xmlns/}"

# HTML's void elements: serialized without content or end tag.
VOID_ELEMENTS = frozenset(
    {"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input",
     "keygen", "link", "meta", "param", "source", "track", "wbr"}
)  # fmt: skip
# HTML elements whose text a browser serializes unescaped (noscript: with scripting enabled).
_LITERAL_TEXT_PARENTS = frozenset(
    {"style", "script", "xmp", "iframe", "noembed", "noframes", "plaintext", "noscript"}
)
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "\u00a0": "&nbsp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "\u00a0": "&nbsp;", '"': "&quot;", "<": "&lt;", ">": "&gt;"}
)


def _missing(module: str) -> ImportError:
    return ImportError(
        f"commentguard.testing.assert_safe_html needs {module}: install 'commentguard[testing]'"
    )


@cache
def _html5lib_parse() -> Callable[[str], Any]:
    try:
        from html5lib.html5parser import HTMLParser
        from html5lib.treebuilders import getTreeBuilder
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise _missing("html5lib") from exc
    builder = getTreeBuilder("etree")

    def parse(html: str) -> Any:
        # A fresh parser per call: html5lib's parser keeps per-document state.
        parser = HTMLParser(tree=builder, namespaceHTMLElements=False)
        return parser.parseFragment(html, container="div", scripting=True)

    return parse


@cache
def _lexbor_parser() -> Callable[..., Any]:
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise _missing("selectolax (its lexbor parser)") from exc
    return LexborHTMLParser


def _attribute_name(key: str) -> str:
    """The name a serializer writes for an html5lib etree attribute key."""
    if not key.startswith("{"):
        return key
    if key.startswith(_XLINK):
        return "xlink:" + key[len(_XLINK) :]
    if key.startswith(_XML):
        return "xml:" + key[len(_XML) :]
    if key.startswith(_XMLNS):
        local = key[len(_XMLNS) :]
        return "xmlns" if local == "xmlns" else "xmlns:" + local
    return key.rpartition("}")[2]


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def html5lib_tree(html: str) -> Any:
    """html5lib's etree of ``html`` parsed as a ``<div>``'s content (HTML without a namespace)."""
    return _html5lib_parse()(html)


def html5lib_events(fragment: Any) -> list[Event]:
    """Walk an html5lib etree fragment; foreign tags keep their ``{namespace}`` prefix."""
    events: list[Event] = []
    if fragment.text:
        events.append(("t", fragment.text, ()))
    stack: list[tuple[Any, Iterator[Any]]] = [(fragment, iter(fragment))]
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if stack:
                events.append((">", node.tag, ()))
                if node.tail:
                    events.append(("t", node.tail, ()))
            continue
        if not isinstance(child.tag, str):  # a comment: etree's tag is the Comment factory
            events.append(("!", child.text or "", ()))
            if child.tail:
                events.append(("t", child.tail, ()))
            continue
        attributes = tuple((_attribute_name(k), v) for k, v in child.attrib.items())
        events.append(("<", child.tag, attributes))
        if child.text:
            events.append(("t", child.text, ()))
        stack.append((child, iter(child)))
    return events


def portable(events: list[Event]) -> list[Event]:
    """Events as both parsers can report them: local names lower-cased, comments trimmed."""
    out: list[Event] = []
    for kind, name, attributes in events:
        if kind in "<>":
            lowered = tuple((key.lower(), value) for key, value in attributes)
            out.append((kind, _local(name).lower(), lowered))
        elif kind == "!":
            out.append(("!", name.strip(), ()))
        else:
            out.append((kind, name, attributes))
    return out


def without_carriage_returns(events: list[Event]) -> list[Event]:
    """Events with every CR as LF: what a re-parse of their serialization can give at best.

    ``&#13;`` puts a CR into text or an attribute value; a browser serializes it raw and its
    next parse turns it into LF, as for any CR in the input. Harmless, so not drift.
    """
    out: list[Event] = []
    for kind, data, attributes in events:
        if "\r" in data or any("\r" in value for _, value in attributes):
            data = data.replace("\r", "\n") if kind in "t!" else data
            attributes = tuple((name, value.replace("\r", "\n")) for name, value in attributes)
        out.append((kind, data, attributes))
    return out


def lexbor_events(html: str) -> list[Event]:
    """Walk lexbor's parse of ``html`` as a ``<div>``'s content, in :func:`portable` form."""
    parser = _lexbor_parser()(html, is_fragment=True, scripting=True)
    events: list[Event] = []
    stack: list[Any] = [parser.root]  # the next sibling to visit at each open level
    while stack:
        node = stack[-1]
        if node is None:
            stack.pop()
            if stack:
                parent = stack[-1]
                events.append((">", parent.tag.lower(), ()))
                stack[-1] = parent.next
            continue
        if node.is_element_node:
            attributes = tuple((k.lower(), "" if v is None else v) for k, v in node.attributes.items())
            events.append(("<", node.tag.lower(), attributes))
            stack.append(_first_child(node))
            continue
        if node.is_text_node:
            text = node.text_content or ""
            if events and events[-1][0] == "t":
                events[-1] = ("t", events[-1][1] + text, ())
            elif text:
                events.append(("t", text, ()))
        elif node.is_comment_node:
            events.append(("!", node.comment_content or "", ()))
        stack[-1] = node.next
    return events


def _first_child(node: Any) -> Any:
    if node.tag == "template":  # a template's children live in its content fragment
        fragments = node.template_fragments()
        return fragments[0].first_child if fragments else None
    return node.first_child


def serialize(fragment: Any) -> str:
    """Serialize an html5lib etree fragment as a browser's ``innerHTML`` getter does.

    This is the string a page gets back from ``el.innerHTML`` and may assign again: the
    mutation-XSS round trip. Text of ``<style>``, ``<script>``, ``<noscript>``... is written
    unescaped, exactly as browsers do; attribute values are always double-quoted.
    """
    parts: list[str] = []
    _serialize_text(parts, fragment.text, literal=False)
    stack: list[tuple[Any, Iterator[Any]]] = [(fragment, iter(fragment))]
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if stack:
                parts.append(f"</{_local(node.tag)}>")
                _serialize_text(parts, node.tail, literal=stack[-1][0].tag in _LITERAL_TEXT_PARENTS)
            continue
        literal = node.tag in _LITERAL_TEXT_PARENTS
        if not isinstance(child.tag, str):
            parts.append(f"<!--{child.text or ''}-->")
            _serialize_text(parts, child.tail, literal=literal)
            continue
        name = _local(child.tag)
        parts.append("<" + name)
        for key, value in child.attrib.items():
            parts.append(f' {_attribute_name(key)}="{value.translate(_ATTRIBUTE_ESCAPES)}"')
        parts.append(">")
        if child.tag in VOID_ELEMENTS:
            _serialize_text(parts, child.tail, literal=literal)
            continue
        _serialize_text(parts, child.text, literal=child.tag in _LITERAL_TEXT_PARENTS)
        stack.append((child, iter(child)))
    return "".join(parts)


def _serialize_text(parts: list[str], text: str | None, *, literal: bool) -> None:
    if text:
        parts.append(text if literal else text.translate(_TEXT_ESCAPES))
