"""The author URL: judged by its own scheme, stored as the exact link a browser reads (issue 11 §3)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commentguard import RequestInfo, ValidationFailed, validate
from commentguard._author_url import normal_author_url

REQUEST = RequestInfo(ip="203.0.113.7")
FORM = {"post_id": "7", "author": "Anna", "email": "anna@example.se", "content": "Tack!"}

ACCEPTED = [
    ("https://Example.SE/Sida", "https://example.se/Sida"),
    ("example.se", "http://example.se/"),
    ("HTTP://example.se?q=1", "http://example.se/?q=1"),
    ("example.se:8080/x", "http://example.se:8080/x"),
    ("http://example.se/a b?c d#e f", "http://example.se/a%20b?c%20d#e%20f"),
    ('http://x.se/"><script>', "http://x.se/%22%3E%3Cscript%3E"),
    ("http://x.se/?q='<>\"", "http://x.se/?q=%27%3C%3E%22"),
    ("http://x.se/#<b>'", "http://x.se/#%3Cb%3E'"),
    ("http://example.se/a]b", "http://example.se/a]b"),
    ("http://evil.se\\example.se", "http://evil.se/example.se"),
    ("http://example.se\\@evil.se/", "http://example.se/@evil.se/"),
    ("räksmörgås.se/Åre", "http://räksmörgås.se/Åre"),
    ("http://[2001:DB8::1]:8080/", "http://[2001:db8::1]:8080/"),
    ("https://x.se/a\u3000b", "https://x.se/a%E3%80%80b"),
]
REFUSED = [
    "mailto:?subject=hej",
    "javascript:1",
    "javascript:alert(1)",
    "JavaScript://example.se/%0Aalert(1)",
    "data:text/html,x",
    "ftp://example.se",
    "localhost:8000",
    "http://",
    "http:example.se",
    "//evil.se/x",
    "\\\\evil.se/x",
    "https://user:pw@example.se",
    "http://anna@example.se",
    "http://exa mple.se",
    "http://example.se]/x",
    "http://[::1",
    "http://[::1]x/",
    "http://example.se:99999",
    "http://example.se:8o",
    "http://exam\u200bple.se",
    "http://a..b/",
    'http://"/',
    "http://x'y.se/",
]


@pytest.mark.parametrize(("typed", "stored"), ACCEPTED)
def test_author_url_is_stored_as_the_link_the_browser_reads(typed: str, stored: str) -> None:
    """A valid author URL gets a scheme if missing, a lower-case host, and a browser's percent-encoding."""
    assert validate({**FORM, "url": typed}, REQUEST).url == stored


@pytest.mark.parametrize("typed", REFUSED)
def test_other_schemes_credentials_and_bad_hosts_are_a_field_error(typed: str) -> None:
    """A value with another scheme is judged by it, never prefixed with http://; bad hosts are refused."""
    with pytest.raises(ValidationFailed) as failed:
        validate({**FORM, "url": typed}, REQUEST)
    assert [(e.field, e.code) for e in failed.value.errors] == [("url", "invalid")]


@given(st.text(max_size=60) | st.text(alphabet="htps:/\\.[]@#?<>\"' x1é", max_size=40))
def test_any_value_is_refused_or_stored_printable_and_stable(typed: str) -> None:
    """Any value is refused (ValueError) or stored as http(s) without <, >, " or space, and stays so."""
    try:
        stored = normal_author_url(typed.strip())
    except ValueError:
        return
    assert re.match(r"https?://[^/?#]+", stored)
    assert not re.search(r'[<>"\s]', stored)
    assert normal_author_url(stored) == stored


@pytest.mark.parametrize(
    ("email", "valid"),
    [
        ("anna@[192.0.2.1]", False),
        ("anna@192.0.2.1", False),
        ("anna@[IPv6:2001:db8::1]", False),
        ("anna@[192.0.2.1", False),
        ("åsa@exempel.se", True),
        ("anna@räksmörgås.se", True),
        ("anna@xn--rksmrgs-5wao1o.se", True),
    ],
)
def test_email_with_a_literal_ip_domain_is_refused_international_ones_not(email: str, valid: bool) -> None:
    """A literal-IP domain, bracketed or bare, is the invalid-email error; IDN and UTF-8 local parts pass."""
    form = {**FORM, "email": email}
    if valid:
        assert "@" in validate(form, REQUEST).email
    else:
        with pytest.raises(ValidationFailed) as failed:
            validate(form, REQUEST)
        assert [(e.field, e.code) for e in failed.value.errors] == [("email", "invalid")]
