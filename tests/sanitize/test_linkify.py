"""Linkify: which text becomes a link, and where the link ends (issue 11 §2)."""

from __future__ import annotations

import dataclasses
import time

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from commentguard import WORDPRESS_POLICY, sanitize
from commentguard.sanitizer._linkify import URLS, addresses, url_length
from commentguard.testing import assert_safe_html

EMAILS = dataclasses.replace(WORDPRESS_POLICY, linkify_emails=True)


@pytest.mark.parametrize(
    ("candidate", "url"),
    [
        ("http://example.se;", "http://example.se"),
        ("http://example.se/a.)", "http://example.se/a"),
        ("https://x.se/Malmö_(stad))", "https://x.se/Malmö_(stad)"),
        ("http://example.se)x", "http://example.se"),
        ("http://x.se/a]b", "http://x.se/a"),
        ("http://x.se/[a](b)!?", "http://x.se/[a](b)"),
        ("https://x.se/Ender's_Game'", "https://x.se/Ender's_Game"),
        ("http://x.se/a\u201d\u00bb", "http://x.se/a"),
        ("www.", ""),
        ("http://)", ""),
    ],
)
def test_url_length_cuts_where_the_commenter_s_url_ends(candidate: str, url: str) -> None:
    """A candidate ends at the first unmatched closer, then loses trailing punctuation and quotes."""
    assert candidate[: url_length(candidate)] == url


def test_emails_are_linked_only_when_the_knob_says_so() -> None:
    """linkify_emails=False (the default) leaves addresses as text; True makes mailto: links."""
    text = "Skriv till anna.berg+blogg@example.se."
    assert sanitize(text) == text
    assert sanitize(text, EMAILS) == (
        'Skriv till <a href="mailto:anna.berg+blogg@example.se" rel="nofollow ugc">'
        "anna.berg+blogg@example.se</a>."
    )


def test_email_links_need_the_mailto_scheme_and_linkify() -> None:
    """Without mailto in url_schemes, or with linkify off, an address stays text."""
    text = "anna@example.se"
    assert sanitize(text, EMAILS.without(url_schemes={"mailto"})) == text
    assert sanitize(text, dataclasses.replace(EMAILS, linkify=False)) == text


def test_an_email_link_is_idempotent_and_safe() -> None:
    """A linked address passes the oracle (idempotence included) under the emails policy."""
    assert_safe_html(sanitize("a@b.se, c@d.example.com och https://x.se/e@f.se", EMAILS), EMAILS)


@pytest.mark.parametrize(
    "html",
    [
        "a" * 60_000 + "@",
        "a@" + "b" * 60_000,
        "a@" + "b." * 30_000,
        "http://x.se/" + "(" * 60_000,
        "http://x.se/" + ")" * 60_000,
        "www." * 16_000,
        "http://" * 9_000,
    ],
    ids=["local-part", "domain-label", "domain-dots", "openers", "closers", "www-run", "scheme-run"],
)
def test_hostile_link_shapes_stay_linear(html: str) -> None:
    """Shapes built against the address patterns come back safe in seconds (linear), at the size cap."""
    start = time.process_time()
    result = sanitize(html, EMAILS)
    assert time.process_time() - start < 5
    assert_safe_html(result, EMAILS)


def _links_by_plain_search(text: str) -> list[str]:
    """The addresses in ``text`` found with nothing but the regular expression, from each position."""
    links, position = [], 0
    while (match := URLS.search(text, position)) is not None:
        end = match.start() + url_length(match.group())
        if end == match.start():
            position = end + 1
            continue
        links.append(text[match.start() : end])
        position = end
    return links


# Dense in what starts a URL, in both cases, with the characters whose case mapping is special.
_URL_TEXT = st.lists(
    st.sampled_from(("http://", "https://", "://", "www.", "WwW.", "ww", "w", "h", "ttp", "x.se", " ", ".",
                     "(", ")", "<", "İ", "ſ", "httpſ://", "\u00a0", "é")),
    max_size=14,
).map("".join)  # fmt: skip


@given(text=_URL_TEXT)
@example(text="İ www.x.se")  # lower-casing makes "İ" two characters: an index into it is off by one
def test_addresses_are_found_where_a_plain_search_finds_them(text: str) -> None:
    """Searching from the first ``://`` or ``www.`` finds exactly the links a plain search finds."""
    assert [piece for piece, href in addresses(text, URLS) if href] == _links_by_plain_search(text)
