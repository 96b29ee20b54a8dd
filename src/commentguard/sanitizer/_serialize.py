"""Writing the sanitized tokens as HTML: every value quoted, every character that could end one escaped.

This writes what bleach's serializer (html5lib's, with the options the engine used) wrote,
with two differences that are ours: attribute values are plain text, so every ``&`` in one
is escaped (the tokenizer has decoded them already: a reference left in a value is text and
must stay text), and quotes in text are written as ``&#34;`` and ``&#39;``. Written here in
one loop because html5lib's serializer yields every quote, name and ``=`` as its own string,
which bleach's wrapper then reads again one by one: a fifth of what sanitizing costs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bleach.html5lib_shim import constants

Token = dict[str, Any]

# Attributes html5lib writes as a bare name (``<details open>``): per element, and anywhere.
_ANYWHERE: frozenset[str] = constants.booleanAttributes[""]
_BARE = {tag: names | _ANYWHERE for tag, names in constants.booleanAttributes.items()}


def serialize(tokens: Iterable[Token]) -> str:
    """The HTML for ``tokens``.

    Raw-text elements (``<script>``, ``<style>``...), whose text html5lib would write
    unescaped, never get here: a policy can allow none of them.
    """
    out: list[str] = []
    write = out.append
    for token in tokens:
        kind = token["type"]
        if kind == "Characters":
            text = token["data"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            write(text.replace('"', "&#34;").replace("'", "&#39;"))
        elif kind == "StartTag" or kind == "EmptyTag":
            name = token["name"]
            bare = _BARE.get(name, _ANYWHERE)
            write(f"<{name}")
            for (_, attribute), value in token["data"].items():
                if attribute in bare:
                    write(f" {attribute}")
                else:
                    value = value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
                    # A carriage return (from &#13;) would be read back as a newline: it stays a reference.
                    value = value.replace("\r", "&#13;")
                    write(f' {attribute}="{value}"')
            write(">")
        elif kind == "EndTag":
            write(f"</{token['name']}>")
        elif kind == "SpaceCharacters":
            write(token["data"])
        elif kind == "Entity":
            write(f"&{token['name']};")
    return "".join(out)
