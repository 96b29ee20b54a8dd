r"""Hypothesis strategies that build hostile HTML, to test a sanitizer policy.

Test your own policy in three lines (needs ``pip install 'commentguard[testing]'``)::

    @given(strategies.hostile_html(my_policy))
    def test_my_policy_is_safe(html: str) -> None:
        assert_safe_html(sanitize(html, my_policy), my_policy)

:func:`hostile_html` mixes everything below; the building blocks compose with ordinary
hypothesis combinators (``st.one_of``, ``st.lists(...).map("".join)``). Each is a
strategy of ``str``. Strategies that take a ``policy`` also draw that policy's own tags,
attributes and schemes, so what the policy allows is exercised, not only what it forbids.

==========================  ==========================================================
strategy                    generates
==========================  ==========================================================
:func:`hostile_html`        any mix of the below, nested and misnested
:func:`policy_markup`       only the policy's tags and attributes, with hostile values
                            and text: what survives, where serializing bugs live
:func:`tag_names`           the policy's tags, script-capable and parser-special tags
                            (``svg``, ``math``, ``table``, ``select``, ``noscript``...),
                            in random case, sometimes with trailing junk
:func:`attribute_names`     the policy's attributes, ``on*`` handlers, ``style``,
                            ``srcdoc``, URL attributes, namespaced and odd names
:func:`urls`                ``javascript:``/``vbscript:``/``data:`` with entity-encoded,
                            split, case-mixed and invisible-character schemes; allowed
                            schemes; relative and protocol-relative URLs
:func:`attribute_values`    values with quotes, backticks, newlines, entities, ``>``
:func:`attributes`          one attribute as written: double-, single-, back- or un-quoted,
                            valueless, with odd separators (``/``, newline, form feed)
:func:`start_tags`          ``<name attrs>``, ``/>``, unterminated, upper case
:func:`end_tags`            ``</name>`` and its malformed variants
:func:`comments`            comments, ``--!>``, ``<!-->``, bogus comments, CDATA,
                            processing instructions, conditional comments
:func:`raw_text_elements`   ``script``, ``style``, ``textarea``, ``title``, ``noscript``,
                            ``template``, ``xmp``, ``iframe``... with content that tries
                            to close them early
:func:`foreign_content`     ``svg`` and ``math`` with integration points, ``style`` inside
                            ``svg``, ``mglyph``/``malignmark``, ``annotation-xml``, CDATA
:func:`nesting`             deep nesting (past the sanitizer's depth bound) and
                            misnesting: unclosed, crossed and stray tags; a link
                            around >= 4 open formatting tags, a block and a second link
:func:`invisible_text`      invisible Unicode (zero-width, bidi, BOM, odd spaces),
                            control characters, lone surrogates
:func:`html_text`           text with entities (valid, unterminated, out of range), bare
                            URLs for the linkifier, quotes and angle brackets
==========================  ==========================================================

:data:`VECTORS` holds the hand-written classic shapes the strategies draw from.
"""

from __future__ import annotations

from functools import cache

from hypothesis import strategies as st

from commentguard import WORDPRESS_POLICY, Policy
from commentguard.testing._strategy_parts import (
    _BLOCK_TAGS,
    _CLOSERS,
    _COMMENT_FORMS,
    _COMMENT_TEXT,
    _CONTROLS,
    _DANGEROUS_TAGS,
    _FORMATTING_TAGS,
    _HANDLER_NAMES,
    _HTML_IN_FOREIGN,
    _INVISIBLES,
    _MATH_CHILDREN,
    _ODD_ATTRIBUTE_NAMES,
    _PARSER_SPECIAL_TAGS,
    _SCRIPT_SCHEMES,
    _SVG_CHILDREN,
    _TAG_ENDS,
    _TEXT_PIECES,
    _VALUE_PIECES,
    _adoption,
    _attribute_name,
    _crossed,
    _deep,
    _policy_tags,
    _raw_text_element,
    _tag_name,
    _url,
    _wrap_foreign,
)
from commentguard.testing._vectors import VECTORS

__all__ = [
    "VECTORS",
    "attribute_names",
    "attribute_values",
    "attributes",
    "comments",
    "end_tags",
    "foreign_content",
    "hostile_html",
    "html_text",
    "invisible_text",
    "nesting",
    "policy_markup",
    "raw_text_elements",
    "start_tags",
    "tag_names",
    "urls",
]


@cache
def tag_names(policy: Policy = WORDPRESS_POLICY) -> st.SearchStrategy[str]:
    """Tag names: the policy's own, dangerous and parser-special ones, in random case."""
    names = (
        st.sampled_from(_policy_tags(policy))
        | st.sampled_from(_DANGEROUS_TAGS)
        | st.sampled_from(_PARSER_SPECIAL_TAGS)
        | st.sampled_from(sorted(WORDPRESS_POLICY.drop_content | WORDPRESS_POLICY.text_only))
    )
    return _tag_name(names)


@cache
def attribute_names(policy: Policy = WORDPRESS_POLICY) -> st.SearchStrategy[str]:
    """Attribute names: the policy's own, event handlers, URL-bearing, namespaced and odd ones."""
    own = sorted({name for names in policy.tags.values() for name in names} | policy.url_attributes)
    return _attribute_name(
        st.sampled_from(own or ["title"])
        | st.sampled_from(_HANDLER_NAMES)
        | st.sampled_from(_ODD_ATTRIBUTE_NAMES)
    )


@cache
def urls(policy: Policy = WORDPRESS_POLICY) -> st.SearchStrategy[str]:
    """URL values: script schemes written every way a browser still runs them, the policy's
    allowed schemes, and relative, protocol-relative and scheme-like values.
    """  # noqa: D205 - a two-line summary reads better than a cut one
    return _url((*_SCRIPT_SCHEMES, *sorted(policy.url_schemes), "http", "feed", "localhost"))


@cache
def attribute_values(policy: Policy = WORDPRESS_POLICY) -> st.SearchStrategy[str]:
    """Attribute values with quotes, backticks, newlines, entities, ``>`` and URLs."""
    return st.lists(_VALUE_PIECES | urls(policy), max_size=6).map("".join) | urls(policy)


@st.composite
def _attribute(draw: st.DrawFn, policy: Policy) -> str:
    separator = draw(st.sampled_from((" ", " ", " ", "\n", "\t", "\x0c", "/", "", "\r\n", " / ")))
    name = draw(attribute_names(policy))
    if draw(st.integers(0, 7)) == 0:
        return separator + name
    value = draw(attribute_values(policy))
    quote = draw(st.sampled_from(('"', '"', "'", "", "`")))
    equals = draw(st.sampled_from(("=", "=", "=", " = ", "\n=\n")))
    return f"{separator}{name}{equals}{quote}{value}{quote}"


@cache
def attributes(policy: Policy = WORDPRESS_POLICY) -> st.SearchStrategy[str]:
    """One attribute as written, with its leading separator and any quoting (or none)."""
    return _attribute(policy)


def _start_tag(draw: st.DrawFn, name: str, policy: Policy) -> str:
    attrs = "".join(draw(st.lists(attributes(policy), max_size=4)))
    return f"<{name}{attrs}{draw(_TAG_ENDS)}"


@st.composite
def _any_start_tag(draw: st.DrawFn, policy: Policy) -> str:
    return _start_tag(draw, draw(tag_names(policy)), policy)


@cache
def start_tags(policy: Policy = WORDPRESS_POLICY) -> st.SearchStrategy[str]:
    """A start tag with attributes: sometimes self-closing, unterminated or followed by junk."""
    return _any_start_tag(policy)


@cache
def end_tags(policy: Policy = WORDPRESS_POLICY) -> st.SearchStrategy[str]:
    """An end tag, well-formed or not (``</b >``, ``</b x="y">``, ``</ b>``, ``</>``)."""
    return st.builds(
        str.format,
        st.sampled_from(("</{}>", "</{}>", "</{} >", '</{} x="</b>">', "</ {}>", "</{}", "</>", "</{}/>")),
        tag_names(policy),
    )


@cache
def comments() -> st.SearchStrategy[str]:
    """Comments and everything parsed like one: bogus comments, CDATA, processing instructions."""
    return st.builds(str.format, _COMMENT_FORMS, _COMMENT_TEXT)


@cache
def raw_text_elements() -> st.SearchStrategy[str]:
    """Raw-text and escapable raw-text elements whose content tries to end them early."""
    return _raw_text_element()


@cache
def foreign_content() -> st.SearchStrategy[str]:
    """``svg`` and ``math`` with their HTML integration points and breakout shapes, closed or not."""
    return st.builds(
        _wrap_foreign,
        st.just("svg"),
        st.lists(st.sampled_from(_SVG_CHILDREN), max_size=3),
        _HTML_IN_FOREIGN,
        st.booleans(),
    ) | st.builds(
        _wrap_foreign,
        st.just("math"),
        st.lists(st.sampled_from(_MATH_CHILDREN), max_size=3),
        _HTML_IN_FOREIGN,
        st.booleans(),
    )


@cache
def nesting(policy: Policy = WORDPRESS_POLICY) -> st.SearchStrategy[str]:
    """Deep nesting (past the sanitizer's ``max_depth``) and misnesting of tags.

    Generates runs of one tag opened ``n`` times and closed ``m`` times (``m`` may be
    smaller, larger or zero), several tags closed in a shuffled order, like
    ``<b><i>x</b></i>``, and the adoption agency's worst case: a link around a run of four
    or more open formatting tags, a block element, a second link (or ``<nobr>``, ``<q>``)
    and stray end tags, like ``<a href=x><b><b><b><b><blockquote><a></b></b></b>``.
    """
    names = st.sampled_from((*_policy_tags(policy), "p", "table", "td", "div", "li", "select", "a"))
    own = _policy_tags(policy)
    own_formatting = st.sampled_from([t for t in own if t in _FORMATTING_TAGS] or ["b"])
    own_blocks = st.sampled_from([t for t in own if t in _BLOCK_TAGS] or ["div"])
    formatting = st.one_of(own_formatting, own_formatting, st.sampled_from(_FORMATTING_TAGS))
    blocks = st.one_of(own_blocks, own_blocks, st.sampled_from(_BLOCK_TAGS))
    adoption = _adoption(formatting, blocks, urls(policy))
    return st.one_of(_deep(names, policy.max_depth), _crossed(names), adoption, adoption)


@cache
def invisible_text() -> st.SearchStrategy[str]:
    """Invisible Unicode, control characters and lone surrogates, mixed with letters."""
    surrogates = st.integers(0xD800, 0xDFFF).map(chr)
    char = st.sampled_from(_INVISIBLES) | st.sampled_from(_CONTROLS) | surrogates | st.sampled_from("aj:<")
    return st.lists(char, min_size=1, max_size=8).map("".join)


@cache
def html_text() -> st.SearchStrategy[str]:
    """Text: words, entities (valid, unterminated, out of range), bare URLs, quotes, ``<``."""
    return st.lists(_TEXT_PIECES, min_size=1, max_size=8).map("".join)


@st.composite
def _allowed_attribute(draw: st.DrawFn, tag: str, policy: Policy) -> str:
    names = sorted(policy.tags[tag] | ({"href", "rel"} if tag == "a" else set()))
    if not names:
        return ""
    name = draw(st.sampled_from(names))
    value = draw(
        attribute_values(policy) | urls(policy) if name in policy.url_attributes else attribute_values(policy)
    )
    quote = draw(st.sampled_from(('"', "'", "")))
    return f" {name}={quote}{value}{quote}"


@st.composite
def _allowed_element(draw: st.DrawFn, children: st.SearchStrategy[str], policy: Policy) -> str:
    tag = draw(st.sampled_from(_policy_tags(policy)))
    attrs = "".join(draw(st.lists(_allowed_attribute(tag, policy), max_size=3)))
    inner = "".join(draw(st.lists(children, max_size=3)))
    end = draw(st.sampled_from((f"</{tag}>", f"</{tag}>", f"</{tag}>", "")))
    return f"<{tag}{attrs}>{inner}{end}"


@cache
def policy_markup(policy: Policy = WORDPRESS_POLICY, *, max_leaves: int = 8) -> st.SearchStrategy[str]:
    """Markup made only of what ``policy`` allows, with hostile values and text.

    The policy's tags with their own attributes (values with quotes, entities and
    script-scheme URLs, in any quoting), nested and sometimes left open, around text with
    bare URLs and entities: what survives sanitizing, so serializing, linkifying and URL
    judging are exercised hardest.
    """
    if not policy.tags:
        return html_text()
    return st.recursive(
        html_text(), lambda children: _allowed_element(children, policy), max_leaves=max_leaves
    )


@st.composite
def _element(draw: st.DrawFn, children: st.SearchStrategy[str], policy: Policy) -> str:
    name = draw(tag_names(policy))
    inner = "".join(draw(st.lists(children, max_size=4)))
    end = draw(st.sampled_from((f"</{name}>", f"</{name}>", *_CLOSERS)))
    return _start_tag(draw, name, policy) + inner + end


@cache
def hostile_html(policy: Policy = WORDPRESS_POLICY, *, max_leaves: int = 16) -> st.SearchStrategy[str]:
    """Hostile HTML: every building block in this module, nested and misnested.

    Args:
        policy: whose tags, attributes and URL schemes to exercise besides the hostile ones.
        max_leaves: roughly how many building blocks one example holds at most.

    """
    leaves = st.one_of(
        policy_markup(policy),
        html_text(),
        st.sampled_from(VECTORS),
        start_tags(policy),
        end_tags(policy),
        comments(),
        raw_text_elements(),
        foreign_content(),
        nesting(policy),
        invisible_text(),
    )
    return st.recursive(leaves, lambda children: _element(children, policy), max_leaves=max_leaves)
