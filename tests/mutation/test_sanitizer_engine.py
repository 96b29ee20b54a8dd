"""What the sanitizer's engine is built with, pinned through sanitize() (see docs/testing.md).

The engine is cached per policy, so a test that reuses a policy never builds one and cannot
notice a change in how it is built. Each test here uses a policy of its own (``own``).
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from commentguard import WORDPRESS_POLICY, Policy, sanitize

_OWN = itertools.count()
WIDER = WORDPRESS_POLICY.allowing(
    tags={"ul": (), "li": (), "span": {"title", "lang"}, "q": {"title"}, "del": {"title"}}
)


def own(policy: Policy = WORDPRESS_POLICY) -> Policy:
    """``policy`` with one unused drop-content name added, so sanitize() builds a new engine for it."""
    return replace(policy, drop_content=policy.drop_content | {f"x-own-{next(_OWN)}"})


def test_urls_inside_code_are_not_linkified() -> None:
    """A URL inside <code> stays text: code samples are not turned into links."""
    assert str(sanitize("<code>https://a.se</code> https://b.se", own())) == (
        '<code>https://a.se</code> <a href="https://b.se" rel="nofollow ugc">https://b.se</a>'
    )


def test_only_urls_with_a_scheme_or_www_are_linkified() -> None:
    """A bare domain or an email address stays text; only http(s):// and www. become links."""
    assert str(sanitize("see example.com, mail anna@example.se or https://b.se", own())) == (
        'see example.com, mail anna@example.se or <a href="https://b.se" rel="nofollow ugc">https://b.se</a>'
    )


def test_text_around_a_dropped_tag_is_linkified_as_one() -> None:
    """Text on both sides of a removed tag is one text when linkified, as on a second pass."""
    assert str(sanitize("www.<span>a.se</span> x", own())) == (
        '<a href="http://www.a.se" rel="nofollow ugc">www.a.se</a> x'
    )


def test_disallowed_tags_are_stripped_not_escaped() -> None:
    """A tag the policy does not allow is removed with its text kept, not shown as escaped markup."""
    assert str(sanitize("<span>x</span> y", own())) == "x y"


def test_comments_are_removed() -> None:
    """An HTML comment is dropped entirely."""
    assert str(sanitize("a<!-- x -->b", own())) == "ab"


def test_every_policy_attribute_reaches_the_engine() -> None:
    """Attributes beyond a link's (blockquote/q cite, del datetime) are kept as the policy allows."""
    html = '<q cite="https://a.se">x</q><del datetime="2026-05-01">y</del>'
    assert str(sanitize(html, own())) == html


def test_the_policys_own_schemes_reach_the_engine() -> None:
    """A scheme only the policy allows (xmpp) survives bleach's own protocol filter too."""
    html = '<a href="xmpp:anna@example.se">x</a>'
    out = str(sanitize(html, own(WORDPRESS_POLICY.allowing(url_schemes={"xmpp"}))))
    assert out == '<a href="xmpp:anna@example.se" rel="nofollow ugc">x</a>'


def test_attribute_values_are_always_double_quoted_and_escaped() -> None:
    """Values are written in double quotes with `"` and `<` escaped, whatever quotes the input used."""
    assert str(sanitize("<abbr title='a\"b<c'>x</abbr>", own())) == '<abbr title="a&quot;b&lt;c">x</abbr>'


def test_optional_end_tags_are_written() -> None:
    """End tags HTML lets one omit (</li>) are still written, so the output reads the same anywhere."""
    assert str(sanitize("<ul><li>a<li>b</ul>", own(WIDER))) == "<ul><li>a</li><li>b</li></ul>"


def test_attributes_keep_their_order() -> None:
    """Attributes are written in the order they came, not sorted."""
    html = '<span title="t" lang="sv">x</span>'
    assert str(sanitize(html, own(WIDER))) == html


def test_references_in_text_are_kept_as_written() -> None:
    """Without linkify, character references in text are written as they came: `&copy;` stays `&copy;`.

    (With linkify on, any `&` runs the linkify pass, which reads text with references decoded
    once, so `&copy;` comes out as the character: issue 11.)
    """
    assert str(sanitize("&copy; 2026 &amp; &lt;", own(replace(WORDPRESS_POLICY, linkify=False)))) == (
        "&copy; 2026 &amp; &lt;"
    )
    assert str(sanitize("&copy; 2026 &amp; &lt;", own())) == "© 2026 &amp; &lt;"


def test_quotes_in_text_are_written_as_numeric_references() -> None:
    """Quotes in text come out as &#34; and &#39;, so no text can close an attribute."""
    assert str(sanitize('say "hi" it\'s', own())) == "say &#34;hi&#34; it&#39;s"


def test_a_refused_url_does_not_drop_the_attributes_after_it() -> None:
    """An attribute after a refused cite or datetime is still judged on its own, and kept."""
    # javascript:123 passes bleach's own check (a host and port to it) and is refused by ours.
    html = '<q cite="javascript:123" title="t">x</q><del datetime="bad" title="u">y</del>'
    assert str(sanitize(html, own(WIDER))) == '<q title="t">x</q><del title="u">y</del>'


def test_attributes_past_the_limit_are_the_ones_dropped() -> None:
    """With max_attributes=2 the first two attributes are kept, whatever follows them."""
    policy = own(replace(WIDER, max_attributes=2))
    html = '<span title="t" lang="sv" data-a="1" data-b="2" data-c="3">x</span>'
    assert str(sanitize(html, policy)) == '<span title="t" lang="sv">x</span>'
