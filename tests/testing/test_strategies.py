"""The shipped hypothesis strategies generate the hostile shapes their documentation promises."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from commentguard import WORDPRESS_POLICY, sanitize
from commentguard.sanitizer import url_scheme
from commentguard.testing import strategies
from commentguard.testing.strategies import VECTORS

# A deterministic search that stops at the first hit and never shrinks: no chance, no waiting.
SEARCH = settings(
    database=None, derandomize=True, max_examples=3000, phases=[Phase.generate], report_multiple_bugs=False
)
FTP_AND_S = WORDPRESS_POLICY.allowing(tags={"s"}, url_schemes={"ftp"})
INVISIBLE = re.compile(
    "[\t\n\r\x00\x01\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u00ad]|&#(x0?9|9|10|x0A|13);"
)
TAG = re.compile(r"<([a-zA-Z][^\s/>]*)")


class _Found(Exception):
    pass


def _reaches(strategy: st.SearchStrategy[str], condition: Callable[[str], bool]) -> bool:
    @SEARCH
    @given(strategy)
    def search(value: str) -> None:
        if condition(value):
            raise _Found

    try:
        search()
    except _Found:
        return True
    return False


PROMISES = [
    (
        "urls: an entity-encoded javascript scheme",
        strategies.urls(),
        lambda u: "&#" in u.split(":")[0] and url_scheme(u) == "javascript",
    ),
    (
        "urls: a scheme split by an invisible character",
        strategies.urls(),
        lambda u: url_scheme(u) == "javascript" and INVISIBLE.search(u) is not None,
    ),
    ("urls: a protocol-relative URL", strategies.urls(), lambda u: u.startswith("//")),
    ("urls: the policy's own scheme", strategies.urls(FTP_AND_S), lambda u: url_scheme(u) == "ftp"),
    ("urls: a colon written as an entity", strategies.urls(), lambda u: "&colon;" in u),
    ("attributes: backtick-quoted", strategies.attributes(), lambda a: re.search(r"=`.*`$", a) is not None),
    (
        "attributes: a newline inside a quoted value",
        strategies.attributes(),
        lambda a: re.search(r'="[^"]*\n[^"]*"$', a) is not None,
    ),
    (
        "attributes: an event handler",
        strategies.attributes(),
        lambda a: a.strip(" \n\t\x0c/").lower().startswith("on"),
    ),
    (
        "attribute_values: a quote and a reference",
        strategies.attribute_values(),
        lambda v: '"' in v and "&#" in v,
    ),
    ("tag_names: the policy's own tag", strategies.tag_names(FTP_AND_S), lambda t: t == "s"),
    ("tag_names: mixed case", strategies.tag_names(), lambda t: t.lower() == "script" and t != "script"),
    (
        "start_tags: self-closing with attributes",
        strategies.start_tags(),
        lambda t: "=" in t and t.endswith("/>"),
    ),
    ("end_tags: with attributes", strategies.end_tags(), lambda t: t.startswith("</") and "x=" in t),
    ("comments: CDATA", strategies.comments(), lambda c: c.startswith("<![CDATA[")),
    ("comments: --!> ending", strategies.comments(), lambda c: c.endswith("--!>")),
    ("comments: a processing instruction", strategies.comments(), lambda c: c.startswith("<?")),
    (
        "raw_text_elements: textarea closed early",
        strategies.raw_text_elements(),
        lambda r: r.lower().count("</textarea>") >= 2,
    ),
    (
        "raw_text_elements: noscript",
        strategies.raw_text_elements(),
        lambda r: r.lower().startswith("<noscript>"),
    ),
    (
        "raw_text_elements: template",
        strategies.raw_text_elements(),
        lambda r: r.lower().startswith("<template>"),
    ),
    ("foreign_content: svg style", strategies.foreign_content(), lambda f: f.startswith("<svg><style>")),
    (
        "foreign_content: math mglyph",
        strategies.foreign_content(),
        lambda f: "<math>" in f and "<mglyph>" in f,
    ),
    ("foreign_content: annotation-xml", strategies.foreign_content(), lambda f: "<annotation-xml" in f),
    (
        "nesting: deeper than max_depth",
        strategies.nesting(),
        lambda n: n.count("<") > WORDPRESS_POLICY.max_depth + 2 and "</" not in n,
    ),
    (
        "nesting: crossed closes",
        strategies.nesting(),
        lambda n: (
            re.fullmatch(r"<(\w+)>0<(\w+)>1</\1></\2>", n) is not None and n[1] != n[n.index(">1<") + 2]
        ),
    ),
    (
        "nesting: a link, four same formatting tags, a block, a second link, stray end tags",
        strategies.nesting(),
        lambda n: (
            re.match(r"<a href=[^>]*>[^<]*<(\w+)>[^<]*(<\1>[^<]*){3}.*<blockquote>[^<]*<a\b.*</\1>", n)
            is not None
        ),
    ),
    (
        "invisible_text: a lone surrogate",
        strategies.invisible_text(),
        lambda t: any("\ud800" <= c <= "\udfff" for c in t),
    ),
    (
        "invisible_text: a C1 control",
        strategies.invisible_text(),
        lambda t: any("\x80" <= c <= "\x9f" for c in t),
    ),
    ("invisible_text: a bidi override", strategies.invisible_text(), lambda t: "\u202e" in t),
    (
        "html_text: a bare URL and an out-of-range reference",
        strategies.html_text(),
        lambda t: "https://" in t and "&#x110000;" in t,
    ),
    (
        "policy_markup: a link with a quoted URL",
        strategies.policy_markup(),
        lambda m: re.search(r'<a href="[^"]+"', m) is not None,
    ),
    (
        "hostile_html: foreign content and a handler together",
        strategies.hostile_html(),
        lambda h: "<svg" in h and re.search(r"\bon\w+\s*=", h, re.I) is not None,
    ),
    ("hostile_html: a hand-written vector", strategies.hostile_html(), lambda h: h in VECTORS),
]


@pytest.mark.parametrize(("promise", "strategy", "condition"), PROMISES, ids=[p[0] for p in PROMISES])
def test_strategy_generates_what_its_docs_promise(
    promise: str, strategy: st.SearchStrategy[str], condition: Callable[[str], bool]
) -> None:
    """Each documented shape is within reach of its strategy (found by a deterministic search)."""
    assert _reaches(strategy, condition), promise


@settings(max_examples=100)
@given(strategies.policy_markup(FTP_AND_S))
def test_policy_markup_uses_only_the_policys_tags(html: str) -> None:
    """policy_markup() writes no tag the policy does not allow (its text may hold '<a', never a tag)."""
    tags = {
        m.lower() for m in TAG.findall(re.sub(r"<a\b(?![^<>]*>)", "", html)) if m.lower() in FTP_AND_S.tags
    }
    assert tags <= set(FTP_AND_S.tags)


@settings(max_examples=50)
@given(strategies.hostile_html())
def test_hostile_html_is_always_text_sanitize_accepts(html: str) -> None:
    """Every example is a str that sanitize() takes without raising."""
    assert isinstance(html, str)
    sanitize(html)


def test_strategies_are_built_once_per_policy() -> None:
    """Asking twice for a policy's strategy returns the same object, so tests pay to build it once."""
    assert strategies.hostile_html(FTP_AND_S) is strategies.hostile_html(FTP_AND_S)


def test_vectors_are_distinct_strings() -> None:
    """VECTORS holds distinct, non-empty hand-written strings."""
    assert len(set(VECTORS)) == len(VECTORS) > 100
    assert all(isinstance(v, str) and v for v in VECTORS)


def test_public_names_are_documented() -> None:
    """Every name in strategies.__all__ exists and appears in the module's table or text."""
    doc = strategies.__doc__ or ""
    for name in strategies.__all__:
        assert hasattr(strategies, name)
        assert name in doc, name
