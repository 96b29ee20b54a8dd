"""assert_safe_html: the oracle passes safe output and names every way output can be unsafe."""

from __future__ import annotations

import sys
from dataclasses import replace

import pytest

from commentguard import WORDPRESS_POLICY, sanitize
from commentguard.testing import UnsafeHtml, _trees, assert_safe_html
from commentguard.testing._oracle import browser_scheme

RELATIVE = replace(WORDPRESS_POLICY, allow_relative_urls=True)
A = '<a href="https://example.se" rel="nofollow ugc">'

SAFE = [
    "",
    "Tack! <b>Bra</b> skrivet.",
    f"{A}länk</a> &amp; &lt;b&gt; &#34;citat&#34; &#39;x&#39;",
    '<blockquote cite="https://example.se/a"><q cite="http://x.se">q</q></blockquote>',
    '<del datetime="2024-05-01T12:00Z">gammalt</del>\nny rad\u00a0nbsp',
    "x&#13;y",  # a CR from a reference comes back as LF after a round trip: not drift
]


@pytest.mark.parametrize("html", SAFE)
def test_safe_sanitizer_output_passes(html: str) -> None:
    """Output the sanitizer would leave unchanged, made only of allowed markup, passes."""
    assert_safe_html(html, WORDPRESS_POLICY)


def test_real_sanitizer_output_passes() -> None:
    """What sanitize() makes of a hostile comment passes the oracle under the same policy."""
    html = '<a href="https://x.se" onclick="x()">x</a><script>alert(1)</script><svg><style><img>'
    assert_safe_html(sanitize(html, WORDPRESS_POLICY), WORDPRESS_POLICY)


UNSAFE = [
    ("<img src=x>", "<img> is not allowed"),
    ("<b onclick=x>b</b>", "<b onclick> is not allowed"),
    ('<abbr title="t" lang="sv">x</abbr>', "<abbr lang> is not allowed"),
    ("<!--x-->", "an HTML comment survived"),
    ('<a href="/x" rel="nofollow ugc">x</a>', "is a relative URL"),
    ('<a href="&#106;avascript:x()" rel="nofollow ugc">x</a>', "has scheme 'javascript'"),
    ('<a href="java&#x09;script:x()" rel="nofollow ugc">x</a>', "has scheme 'javascript'"),
    ('<q cite="javascript\u200b:x()">q</q>', "has scheme 'javascript'"),
    ('<q cite="mai&amp;Tab;lto:a@x.se">q</q>', "is a relative URL"),  # what the browser reads
    ('<a href="https://x.se">x</a>', "<a> has rel=None"),
    ('<a rel="nofollow ugc">x</a>', "<a> without href"),
    ("<svg><style><img src=x onerror=alert(1)>", "<{http://www.w3.org/2000/svg}svg> is not allowed"),
    ("<b>x", "not well-formed: <b> is never closed"),
    ("x</b>", "not well-formed: </b> at offset 1 closes no open <b>"),
    ("a < b", "not well-formed: a '<' that starts no tag"),
    ('say "hi"', "a raw quote in text"),
    ("a > b", "a raw '>' in text"),
    ("a\x01b", "a control character or lone surrogate survived"),
    ("a\ud800b", "a control character or lone surrogate survived"),
    ('<a title="t" href="https://x.se" rel="nofollow ugc">x</a>', "not idempotent"),
]


@pytest.mark.parametrize(("html", "problem"), UNSAFE)
def test_unsafe_output_is_named(html: str, problem: str) -> None:
    """Each kind of unsafe or non-canonical output fails with a message naming the problem."""
    with pytest.raises(UnsafeHtml) as failure:
        assert_safe_html(html, WORDPRESS_POLICY)
    assert problem in str(failure.value)
    assert str(failure.value).startswith(repr(html))


def test_output_longer_than_the_input_cap_is_still_judged() -> None:
    """Output over max_input_bytes (each '&' became '&amp;') is re-sanitized for idempotence, not refused."""
    html = sanitize("&" * 60_000)
    assert len(html) > WORDPRESS_POLICY.max_input_bytes
    assert_safe_html(html, WORDPRESS_POLICY)


def test_relative_urls_pass_when_the_policy_allows_them() -> None:
    """A relative URL is a problem only under a policy that forbids relative URLs."""
    assert_safe_html('<a href="/x" rel="nofollow ugc">x</a>', RELATIVE)


def test_mutation_drift_is_found() -> None:
    """A tree whose innerHTML round trip re-parses differently (nested <a> from a table) is drift."""
    html = (
        '<a href="https://a.se" rel="nofollow ugc"><table><a href="https://b.se" rel="nofollow ugc">x</table>'
    )
    with pytest.raises(
        UnsafeHtml, match=r"mutation drift: innerHTML round trip .* re-parses differently in html5lib"
    ):
        assert_safe_html(html, WORDPRESS_POLICY)


def test_parser_differential_is_found() -> None:
    """Markup that html5lib and lexbor build differently (select content, changed in 2025) is named."""
    with pytest.raises(
        UnsafeHtml, match=r"parser differential: node 1: html5lib has \('t', 'x', \(\)\), lexbor has \('<'"
    ):
        assert_safe_html("<select><b>x</b></select>", WORDPRESS_POLICY)


def test_all_problems_are_reported_at_once() -> None:
    """One failure lists every problem, not only the first."""
    with pytest.raises(UnsafeHtml) as failure:
        assert_safe_html("<img src=x><b onclick=x>b</b><!--c-->", WORDPRESS_POLICY)
    assert str(failure.value).count("; ") >= 3


@pytest.mark.parametrize(
    ("value", "scheme"),
    [
        ("https://x.se", "https"),
        ("  \x01JavaScript:x", "javascript"),
        ("java\tscr\nipt:x", "javascript"),
        ("java\u200bscript:x", None),  # browsers keep U+200B, so this is a relative URL to them
        ("mai&Tab;lto:x", None),
        ("/x", None),
        ("localhost:8000", "localhost"),
    ],
)
def test_browser_scheme_reads_urls_as_the_whatwg_parser(value: str, scheme: str | None) -> None:
    """The oracle's exact reading of a parsed URL strips C0 and spaces, drops tabs and newlines."""
    assert browser_scheme(value) == scheme


def test_missing_selectolax_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without selectolax the oracle raises ImportError naming the extra to install."""
    _trees._lexbor_parser.cache_clear()
    monkeypatch.setitem(sys.modules, "selectolax.lexbor", None)
    try:
        with pytest.raises(ImportError, match=r"install 'commentguard\[testing\]'"):
            assert_safe_html("x", WORDPRESS_POLICY)
    finally:
        monkeypatch.undo()
        _trees._lexbor_parser.cache_clear()
