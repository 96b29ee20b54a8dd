"""Linkify reads the text a browser will show, whatever markup was removed from it (issue 13).

Text on both sides of a removed tag, comment or dropped element is one text to the linkifier,
so an address split by one is linked on the first pass, not on a second. The linkifier once
ran only when ``://`` or ``www.`` was written out in the input, and these inputs, which spell
an address only once markup is gone, came out unlinked and were linked by a second
``sanitize``. These tests run inputs dense in exactly what splits an address.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commentguard import WORDPRESS_POLICY, Policy, sanitize
from commentguard.testing import assert_safe_html
from commentguard.testing.strategies import policy_markup

POLICIES = [
    pytest.param(WORDPRESS_POLICY, id="wordpress"),
    pytest.param(replace(WORDPRESS_POLICY, linkify_emails=True), id="emails"),
    pytest.param(replace(WORDPRESS_POLICY, allow_relative_urls=True), id="relative"),
]
# Pieces where a URL is in a tag, in text, in text the tokenizer reads in another state, or
# split by markup that is removed.
_PIECES = st.sampled_from(
    ('<a href="https://x.se/">', "</a>", "<b title='www.x.se'>", "<abbr title=\"a>b https://x.se\">",
     "https://x.se", "www.x.se", "http:", "//", "://", "<", ">", '"', "'", "=", " ", "x", "a@b.se",
     "<textarea>", "</textarea>", "<TITLE>", "<xmp>", "<script>", "<noscript>", "<plaintext>",
     "<svg>", "<math>", "<abbr title=\"", "\u00a0", "<b x=", "<![CDATA[", "]]>", "<!--", "-->",
     "<?", "</", "<code>", "<a ", "wWw.", "ww", "w.", "/", "<span>", "</span>", "<!---->", "a@", "@b")
)  # fmt: skip
URL_MARKUP = st.lists(_PIECES, max_size=14).map("".join)


@pytest.mark.parametrize("policy", POLICIES)
@given(html=URL_MARKUP)
def test_url_markup_passes_the_oracle(policy: Policy, html: str) -> None:
    """Markup dense in addresses and what splits them sanitizes idempotently and passes the oracle."""
    assert_safe_html(sanitize(html, policy), policy)


@given(html=st.data())
def test_policy_markup_is_idempotent(html: st.DataObject) -> None:
    """The same on the markup the shipped strategy builds for the policy."""
    text = html.draw(policy_markup(WORDPRESS_POLICY))
    once = sanitize(text)
    assert sanitize(once) == once


@pytest.mark.parametrize(
    ("html", "address"),
    [
        ("ww<span>w.x.se", "www.x.se"),
        ("http:<span>//x.se", "http://x.se"),
        ("https:/<!-- -->/x.se", "https://x.se"),
        ("www<script>x</script>.x.se", "www.x.se"),
        ("<svg>https:/</svg>/x.se", "https://x.se"),
    ],
)
def test_an_address_split_by_removed_markup_is_linked(html: str, address: str) -> None:
    """An address that only exists once a tag, comment or dropped element is removed becomes a link."""
    href = address if "://" in address else f"http://{address}"
    assert str(sanitize(html)) == f'<a href="{href}" rel="nofollow ugc">{address}</a>'


@pytest.mark.parametrize(
    "html",
    [
        "<textarea>https://x.se</textarea>",
        "<svg><![CDATA[https://x.se]]></svg>",
        '<b title="x>y"> https://x.se">',
        "a < b https://x.se > c",
        '<abbr title="https://x.se>" x',  # never closed: bleach keeps the whole tag as text
        '<a\u00a0href="x>https://x.se">',  # no-break space is part of the tag name, not a separator
        '<abbr title="<abbr title="a>b https://x.se">',  # the inner "<abbr" is in a value
    ],
)
def test_a_url_in_text_is_linked(html: str) -> None:
    """A URL that looks as if it were inside a tag but is text still becomes a link."""
    assert 'href="https://x.se"' in sanitize(html)


def test_a_url_only_inside_tags_is_not_linked() -> None:
    """A URL inside a tag's value or a link's text stays as it is: no link is added."""
    html = 'Se <a href="https://www.x.se/">www.x.se</a>, <abbr title="http://y">b</abbr>.'
    assert str(sanitize(html)) == (
        'Se <a href="https://www.x.se/" rel="nofollow ugc">www.x.se</a>, <abbr title="http://y">b</abbr>.'
    )
