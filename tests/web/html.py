"""Reading rendered HTML in tests: parse with lexbor, and find one element or fail saying which."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser, LexborNode


def parse(html: str) -> LexborHTMLParser:
    """The parsed document."""
    return LexborHTMLParser(html)


def one(node: LexborHTMLParser | LexborNode, selector: str) -> LexborNode:
    """The first element matching ``selector``; an assertion error naming it when there is none."""
    found = node.css_first(selector)
    assert found is not None, f"no element matches {selector!r}"
    return found


def attr(node: LexborNode, name: str) -> str:
    """An attribute's value, "" when absent or valueless."""
    return node.attributes.get(name) or ""
