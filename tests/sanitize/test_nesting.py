"""Links never nest: the adoption agency's link-in-link trees come out as one link (issue 14)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import given

from commentguard import WORDPRESS_POLICY, Policy, sanitize
from commentguard.testing import assert_safe_html
from commentguard.testing.strategies import nesting

WITH_NOBR = WORDPRESS_POLICY.allowing(tags={"nobr", "s"})
POLICIES = [
    pytest.param(WORDPRESS_POLICY, id="wordpress"),
    pytest.param(replace(WORDPRESS_POLICY, allow_relative_urls=True), id="relative"),
    pytest.param(WITH_NOBR, id="nobr"),
]
ISSUE_14 = '<a href="http://x.se">a<b>b<b>c<b>d<b>e<blockquote>f<a href="http://y.se">g</b>h</b>i</b>j'


def _nested(html: str, name: str) -> int:
    """How many ``<name>`` start tags in the markup ``html`` open while another ``<name>`` is open.

    Read from the markup, not a parse of it: a parser never builds a link inside a link from a
    string, which is exactly why such a tree cannot be written as one.
    """
    depth = nested = 0
    for closing in re.findall(rf"<(/?){name}[\s>]", html):
        if closing:
            depth -= 1
        else:
            nested += depth > 0
            depth += 1
    return nested


def test_the_outer_link_wins_and_the_inner_links_text_is_kept() -> None:
    """In issue 14's input the outer link keeps the text; the inner link is unwrapped, text kept."""
    out = sanitize(ISSUE_14)
    assert out == (
        '<a href="http://x.se" rel="nofollow ugc">a<b>b<b>c<b>d<b>e</b></b></b><blockquote>'
        "<b><b><b>fg</b>h</b>i</b>j</blockquote></b></a><b><b><b></b></b></b>"
    )
    assert "y.se" not in out
    assert_safe_html(out, WORDPRESS_POLICY)


def test_a_link_written_inside_a_link_is_closed_as_a_browser_closes_it() -> None:
    """Plain ``<a><a>`` is two sibling links, as the parser makes it; nothing is unwrapped."""
    out = sanitize('<a href="http://a.se">x<a href="http://b.se">y</a></a>')
    assert out == (
        '<a href="http://a.se" rel="nofollow ugc">x</a><a href="http://b.se" rel="nofollow ugc">y</a>'
    )


def test_nobr_inside_nobr_is_unwrapped_too() -> None:
    """The same shape with ``<nobr>`` (the other self-closing formatting tag) keeps only the outer one."""
    out = sanitize("<nobr><b><b><b><b><blockquote><nobr>x</b></b></b>y", WITH_NOBR)
    assert out.count("<nobr>") == 1
    assert _nested(out, "nobr") == 0
    assert_safe_html(out, WITH_NOBR)


@pytest.mark.parametrize("policy", POLICIES)
@given(html=nesting(WITH_NOBR))
def test_no_output_has_a_link_inside_a_link(policy: Policy, html: str) -> None:
    """For any deep or misnested input, no ``<a>`` or ``<nobr>`` in the output is inside another."""
    out = sanitize(html, policy)
    assert _nested(out, "a") == 0
    assert _nested(out, "nobr") == 0
