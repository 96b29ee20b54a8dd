"""The linkify pass is skipped only where it would change nothing (issue 13's fast path).

``BleachEngine`` runs linkify only when an address may be in the text: an ``&``, an ``@``
(with emails), or ``://`` / ``www.`` outside start tags. These tests compare it with an
engine that always linkifies, on inputs dense in exactly what that scan has to tell apart.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commentguard import WORDPRESS_POLICY, Policy
from commentguard.sanitizer._bleach import BleachEngine
from commentguard.testing.strategies import policy_markup

POLICIES = [
    pytest.param(WORDPRESS_POLICY, id="wordpress"),
    pytest.param(replace(WORDPRESS_POLICY, linkify_emails=True), id="emails"),
    pytest.param(replace(WORDPRESS_POLICY, allow_relative_urls=True), id="relative"),
]
# Pieces where a URL is in a tag, in text, or in text the tokenizer reads in another state.
_PIECES = st.sampled_from(
    ('<a href="https://x.se/">', "</a>", "<b title='www.x.se'>", "<abbr title=\"a>b https://x.se\">",
     "https://x.se", "www.x.se", "http:", "//", "://", "<", ">", '"', "'", "=", " ", "x", "a@b.se",
     "<textarea>", "</textarea>", "<TITLE>", "<xmp>", "<script>", "<noscript>", "<plaintext>",
     "<svg>", "<math>", "<abbr title=\"", "\u00a0", "<b x=", "<![CDATA[", "]]>", "<!--", "-->",
     "<?", "</", "<code>", "<a ", "wWw.")
)  # fmt: skip
URL_MARKUP = st.lists(_PIECES, max_size=14).map("".join)


class _AlwaysLinkifying(BleachEngine):
    """The engine as it was before the fast path: the linkify pass on every input."""

    def _may_link(self, text: str) -> bool:
        return True


def _always_linkifying(policy: Policy) -> BleachEngine:
    return _AlwaysLinkifying(policy)


@pytest.mark.parametrize("policy", POLICIES)
@given(html=URL_MARKUP)
def test_skipping_linkify_changes_nothing(policy: Policy, html: str) -> None:
    """Where the engine skips the linkify pass, the pass would have given the same output."""
    assert BleachEngine(policy).clean(html) == _always_linkifying(policy).clean(html)


@given(html=st.data())
def test_skipping_linkify_changes_nothing_on_policy_markup(html: st.DataObject) -> None:
    """The same on the markup the shipped strategy builds for the policy."""
    text = html.draw(policy_markup(WORDPRESS_POLICY))
    assert BleachEngine(WORDPRESS_POLICY).clean(text) == _always_linkifying(WORDPRESS_POLICY).clean(text)


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
    """A URL the scan must not mistake for one inside a tag still becomes a link."""
    assert 'href="https://x.se"' in BleachEngine(WORDPRESS_POLICY).clean(html)


def test_a_url_only_inside_tags_skips_linkify() -> None:
    """A comment whose only URLs are its links' hrefs takes the plain path."""
    engine = BleachEngine(WORDPRESS_POLICY)
    assert not engine._may_link('Se <a href="https://www.x.se/">källan</a>, <b title="http://y">b</b>.')
    assert engine._may_link('Se <a href="https://x.se/">källan</a> och www.y.se.')
