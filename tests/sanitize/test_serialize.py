"""The engine's serializer writes what bleach's serializer wrote, with quotes in text escaped (issue 13).

Our ``serialize`` replaced bleach's ``BleachHTMLSerializer`` (html5lib's, read again by
bleach's wrapper) for speed. The oracle here is that serializer with the options the engine
gave it, every ``&`` in a value escaped and a carriage return kept a reference (the value is
plain text), and quotes in text split out as ``&#34;`` / ``&#39;`` references beforehand, as
the engine did.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from bleach.html5lib_shim import BleachHTMLSerializer
from hypothesis import given
from hypothesis import strategies as st

from commentguard.sanitizer._serialize import serialize

Token = dict[str, Any]


class _PlainSerializer(BleachHTMLSerializer):  # type: ignore[misc]
    """bleach's serializer as the engine configured it before issue 13."""

    def escape_base_amp(self, stoken: str) -> Iterator[str]:
        yield stoken.replace("\r", "&#13;")


_ORACLE = _PlainSerializer(
    quote_attr_values="always",
    use_best_quote_char=False,
    omit_optional_tags=False,
    escape_lt_in_attrs=True,
    resolve_entities=False,
    sanitize=False,
    alphabetical_attributes=False,
)


def _quotes_split(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        if token["type"] != "Characters":
            yield token
            continue
        for part in re.split(r"([\"'])", token["data"]):
            if part in ('"', "'"):
                yield {"type": "Entity", "name": "#34" if part == '"' else "#39"}
            elif part:
                yield {"type": "Characters", "data": part}


# Dense in what must be escaped; names include html5lib's boolean attributes, which it writes bare.
_TEXT = st.text(alphabet=st.sampled_from("ab &<>\"'\r;=#é"), max_size=12)
_NAMES = st.sampled_from(("a", "b", "details", "hr", "img", "q", "abbr", "option"))
_ATTRIBUTES = st.sampled_from(("href", "title", "open", "noshade", "ismap", "itemscope", "selected", "cite"))


@st.composite
def _tag(draw: st.DrawFn) -> Token:
    names = draw(st.lists(_ATTRIBUTES, max_size=4, unique=True))
    data = {(None, name): draw(_TEXT) for name in names}
    return {"type": draw(st.sampled_from(("StartTag", "EmptyTag"))), "name": draw(_NAMES), "data": data}


_SPACES = st.sampled_from((" ", "\n", "\t "))
_ENTITIES = st.sampled_from(("amp", "lt", "eacute", "#13"))
_TOKENS = st.lists(
    st.one_of(
        _tag(),
        st.builds(lambda name: {"type": "EndTag", "name": name}, _NAMES),
        st.builds(lambda text: {"type": "Characters", "data": text}, _TEXT.filter(bool)),
        st.builds(lambda text: {"type": "SpaceCharacters", "data": text}, _SPACES),
        st.builds(lambda name: {"type": "Entity", "name": name}, _ENTITIES),
    ),
    max_size=12,
)


@given(tokens=_TOKENS)
def test_serialize_writes_what_bleachs_serializer_wrote(tokens: list[Token]) -> None:
    """Every token stream serializes byte for byte as bleach's serializer wrote it after quotes were split."""
    assert serialize(tokens) == _ORACLE.render(_quotes_split(tokens))


def test_values_and_text_are_escaped_for_their_context() -> None:
    """A value keeps ' and > but escapes & < " and CR; text escapes & < > and both quotes."""
    tokens: list[Token] = [
        {"type": "StartTag", "name": "a", "data": {(None, "title"): "&lt;'\">\r"}},
        {"type": "Characters", "data": "<\"x\" & 'y'>"},
        {"type": "EndTag", "name": "a"},
    ]
    assert serialize(tokens) == (
        '<a title="&amp;lt;\'&quot;>&#13;">&lt;&#34;x&#34; &amp; &#39;y&#39;&gt;</a>'
    )
