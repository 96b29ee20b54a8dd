"""The URL judge and attribute references, through sanitize(): edges mutation testing found loose.

See docs/testing.md, "Mutation testing". Each case goes through the public ``sanitize`` with a
real policy, so it pins what a site gets, whatever the sanitizer's inside looks like.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from commentguard import WORDPRESS_POLICY, sanitize

RELATIVE = replace(WORDPRESS_POLICY, allow_relative_urls=True)
LINK = '<a href="{}">x</a>'
REL = ' rel="nofollow ugc"'


def kept_href(href: str, policy: object = WORDPRESS_POLICY) -> str | None:
    """The href the sanitized link keeps, as serialized, or None when the link was dropped."""
    out = str(sanitize(LINK.format(href), policy))  # type: ignore[arg-type]
    if out == "x":
        return None
    assert out.startswith('<a href="')
    assert out.endswith(f'"{REL}>x</a>')
    return out[len('<a href="') : -len(f'"{REL}>x</a>')]


@pytest.mark.parametrize("layers", [0, 1, 2, 3, 4])
def test_up_to_four_layers_of_amp_in_a_url_are_kept(layers: int) -> None:
    """A URL whose '&' is encoded as &amp; up to four times over is kept, layers intact."""
    href = "https://a.se/?a=1&" + "amp;" * layers + "b=2"
    assert kept_href(href) == "https://a.se/?a=1&amp;" + "amp;" * max(0, layers - 1) + "b=2"


@pytest.mark.parametrize("layers", [5, 6, 12])
def test_five_or_more_layers_of_amp_are_refused(layers: int) -> None:
    """Past the decode-round limit a URL is refused: layers that deep are built to confuse a judge."""
    assert kept_href("https://a.se/?a=1&" + "amp;" * layers + "b=2") is None
    assert kept_href("https://a.se/?a=1&" + "amp;" * layers + "b=2", RELATIVE) is None


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        (" https://a.se ", " https://a.se "),  # the URL parser trims space: an absolute URL
        ("\t\nhttps://a.se", "\t\nhttps://a.se"),
        ("\xa0https://a.se", None),  # no-break space is not trimmed: a relative URL, refused
        ("&nbsp;https://a.se", None),
        ("\u2003https://a.se", None),
    ],
)
def test_only_ascii_whitespace_is_trimmed_before_the_scheme(href: str, expected: str | None) -> None:
    """With relative URLs off, space and tab around a URL are trimmed as a browser does; NBSP is not."""
    assert kept_href(href) == expected


@pytest.mark.parametrize("href", ["\xa0https://a.se", "!javascript:alert(1)", '"javascript:alert(1)'])
def test_a_url_that_starts_with_a_non_trimmed_character_is_relative(href: str) -> None:
    """'!', '"' and NBSP are not trimmed, so a URL starting with one is relative and kept when allowed."""
    assert kept_href(href, RELATIVE) is not None


def test_a_custom_scheme_beginning_with_x_is_read_whole() -> None:
    """Trimming removes only characters up to space: 'XMPP:' stays the xmpp scheme a policy allows."""
    assert kept_href("XMPP:anna@example.se", WORDPRESS_POLICY.allowing(url_schemes={"xmpp"})) == (
        "XMPP:anna@example.se"
    )


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("AT&T", "AT&amp;T"),  # an unknown name is text, never deleted
        ("a=1&b=2", "a=1&amp;b=2"),
        ("&zzz; x", "&amp;zzz; x"),
        ("&lt x", "&lt; x"),  # a legacy name without ';' is decoded when no letter follows
        ("&gt", ">"),
        ("&copy x", "© x"),
        ("&copy", "©"),
        ("&copy.", "©."),
        ("&copyx y", "&amp;copyx y"),  # a letter follows: not a reference in an attribute
        ("&copy9", "&amp;copy9"),
        ("&copy=1", "&amp;copy=1"),  # '=' follows: not a reference in an attribute
        ("&copy =1", "© =1"),
        ("&notin x", "&amp;notin x"),  # 'not' is legacy, 'notin' needs its ';'
        ("&notin; x", "∉ x"),
        ("&hellip x", "&amp;hellip x"),  # not a legacy name: needs its ';'
    ],
)
def test_references_in_attribute_values_are_read_as_a_browser_reads_them(title: str, kept: str) -> None:
    """Named references without ';' decode only as legacy names with no letter, digit or '=' after."""
    assert str(sanitize(f'<abbr title="{title}">y</abbr>')) == f'<abbr title="{kept}">y</abbr>'


def test_an_unknown_reference_in_a_url_is_kept_as_text() -> None:
    """`?a=1&b=2` keeps its '&b', so a query string is not mangled into `?a=1=2`."""
    assert kept_href("https://a.se/?a=1&b=2&c") == "https://a.se/?a=1&amp;b=2&amp;c"
