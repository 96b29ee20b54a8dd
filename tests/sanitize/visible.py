"""Visible text, as issue 11 measures fidelity: the text tokens of an html5lib parse.

The input is parsed as the sanitizer parses it (a ``<div>``'s content, ``<noscript>`` as raw
text) after the sanitizer's own first step (controls removed, lone surrogates replaced), so
only what a reader could see is compared. The content of a *closed* ``script`` or ``style``
is code, not text: a marker appended to the input tells a closed one (the marker lands after
it) from an unclosed one (the marker ends up inside it). Comments are not text tokens.
"""

from __future__ import annotations

import html5lib
from html5lib import getTreeWalker

from commentguard._text import scrub_codepoints

_END = "\ue000\ue001\ue002"  # private-use characters no test input holds
_CODE = frozenset({"script", "style"})
_WALK = getTreeWalker("etree")


def text_tokens(html: str) -> list[str]:
    """The text tokens of ``html`` (closed ``script``/``style`` content left out)."""
    fragment = html5lib.parseFragment(
        html + _END, container="div", treebuilder="etree", namespaceHTMLElements=False, scripting=True
    )
    pieces: list[str] = []
    code: list[str] = []
    depth = 0  # how deep inside a script or style element
    for token in _WALK(fragment):
        kind = token["type"]
        if kind in ("Characters", "SpaceCharacters"):
            (code if depth else pieces).append(token["data"])
        elif kind == "StartTag" and (depth or token["name"] in _CODE):
            depth += 1
        elif kind == "EndTag" and depth:
            depth -= 1
            if not depth and _END in "".join(code):
                pieces.extend(code)  # never closed: the content ran to the end of the input
            if not depth:
                code.clear()
    return [text for piece in pieces if (text := piece.replace(_END, ""))]


def _collapse(text: str) -> str:
    # White space is left out altogether: the sanitizer writes a line break where it removed a
    # block tag (<p>a</p><p>b</p> is "a\nb"), and html5lib joins adjacent text into one token.
    return "".join(text.split())


def lost_text(html: str, output: str) -> list[str]:
    """The input's text tokens not found, in order, in the output's text (white space ignored)."""
    have = _collapse("".join(text_tokens(output)))
    lost, position = [], 0
    for piece in map(_collapse, text_tokens(scrub_codepoints(html))):
        if not piece:
            continue
        found = have.find(piece, position)
        if found < 0:
            lost.append(piece)
        else:
            position = found + len(piece)
    return lost
