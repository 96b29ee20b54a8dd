"""The oracle's parsers and serializer: two parsers reduced to one form, innerHTML as browsers write it."""

from __future__ import annotations

import pytest

from commentguard.testing._trees import (
    html5lib_events,
    html5lib_tree,
    lexbor_events,
    portable,
    serialize,
    without_carriage_returns,
)

# (parsed markup, what a browser's innerHTML getter gives back for it)
SERIALIZED = [
    ("a &amp; b &lt; c &gt; d\u00a0e", "a &amp; b &lt; c &gt; d&nbsp;e"),
    ('<abbr title="&quot;&lt;&amp;\u00a0\'">x</abbr>', '<abbr title="&quot;&lt;&amp;&nbsp;\'">x</abbr>'),
    ("<style>a<b>&amp;</style>", "<style>a<b>&amp;</style>"),  # raw text stays raw
    ("<noscript><b>&amp;</noscript>", "<noscript><b>&amp;</noscript>"),  # scripting on
    ("<svg><style>a&lt;i&gt;&amp;</style></svg>", "<svg><style>a&lt;i&gt;&amp;</style></svg>"),  # not HTML
    ("<b>x<br>y<img src=1>z</b>", '<b>x<br>y<img src="1">z</b>'),  # void: no end tag
    ("<!--c-->t", "<!--c-->t"),
    ('<svg><a xlink:href="x" xml:lang="sv"></a></svg>', '<svg><a xlink:href="x" xml:lang="sv"></a></svg>'),
    ("<template><b>x</b></template>", "<template><b>x</b></template>"),
    ("<table><td>x</table>", "<table><tbody><tr><td>x</td></tr></tbody></table>"),
]


@pytest.mark.parametrize(("html", "expected"), SERIALIZED)
def test_serialize_writes_what_a_browser_innerhtml_gives(html: str, expected: str) -> None:
    """Text, attributes, raw-text, void, foreign and template nodes serialize as the WHATWG algorithm says."""
    assert serialize(html5lib_tree(html)) == expected


def test_nested_forms_are_the_classic_drift() -> None:
    """A tree the parser builds but cannot rebuild from its own serialization changes on the round trip."""
    tree = html5lib_tree("<form id=a><div></form><form id=b>")
    again = html5lib_tree(serialize(tree))
    assert html5lib_events(again) != html5lib_events(tree)


@pytest.mark.parametrize(
    "html",
    [
        "x<b>1</b><i>2</i>tail",
        '<a href="https://x.se" title="&quot;t&quot;">l</a> <q cite="http://x">q</q>',
        "<table><td>x</td></table><p>a<p>b",
        '<svg viewBox="0 0 1 1"><foreignObject><b>x</b></foreignObject></svg>',
        '<math><mi definitionURL="x">y</mi></math>',
        "<template><b>x</b><!-- c --></template>",
        "<noscript><b>x</b></noscript>",
        "<b>" * 300 + "deep",
    ],
)
def test_html5lib_and_lexbor_agree_on_ordinary_markup(html: str) -> None:
    """Both parsers give the same portable events for markup the WHATWG algorithm settled long ago."""
    assert lexbor_events(html) == portable(html5lib_events(html5lib_tree(html)))


def test_events_keep_nesting_not_only_order() -> None:
    """Events record where each element ends, so the same order at other depths differs."""
    assert lexbor_events("<b><i></i></b>") != lexbor_events("<b></b><i></i>")


def test_carriage_returns_become_line_feeds_in_text_and_values() -> None:
    """A CR from &#13; is compared as the LF the next parse turns it into."""
    events = html5lib_events(html5lib_tree('x&#13;y<abbr title="a&#13;b"></abbr>'))
    assert without_carriage_returns(events) == [
        ("t", "x\ny", ()),
        ("<", "abbr", (("title", "a\nb"),)),
        (">", "abbr", ()),
    ]
