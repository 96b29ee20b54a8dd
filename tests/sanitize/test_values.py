"""Our own URL judge and datetime check: browsers' reading, not a library's."""

from __future__ import annotations

import pytest

from commentguard.sanitizer._values import is_html_datetime, url_is_allowed, url_scheme

SCHEMES = frozenset({"http", "https", "mailto"})


@pytest.mark.parametrize(
    ("value", "scheme"),
    [
        ("javascript:123", "javascript"),
        ("java&#x09;script:alert(1)", "javascript"),
        ("java\tscript:alert(1)", "javascript"),
        ("javascript\u200b:alert(1)", "javascript"),
        ("&#106;avascript:alert(1)", "javascript"),
        ("&#x6A;avascript&colon;alert(1)", "javascript"),
        ("  JaVaScRiPt:alert(1)", "javascript"),
        ("\x01javascript:x", "javascript"),
        ("java\u00adscript:x", "javascript"),
        ("java\u2028script:x", "javascript"),
        ("localhost:8000", "localhost"),
        ("https://example.se/a:b", "https"),
        ("mailto:anna@example.se", "mailto"),
        ("/relative/path", None),
        ("//host/x", None),
        ("?q=a:b", None),
        ("1http:x", None),
        ("", None),
    ],
)
def test_scheme_is_read_as_a_browser_reads_it(value: str, scheme: str | None) -> None:
    """The scheme is whatever precedes the first ':' after decoding and removing invisibles."""
    assert url_scheme(value) == scheme


@pytest.mark.parametrize(
    ("value", "relative", "allowed"),
    [
        ("https://example.se", False, True),
        ("mailto:a@b.se", False, True),
        ("javascript:123", False, False),
        ("&amp;#106;avascript:alert(1)", True, False),
        ("&amp;amp;#106;avascript:alert(1)", True, False),
        ("data:text/html,x", False, False),
        ("vbscript:x", False, False),
        ("/x", False, False),
        ("//host/x", False, False),
        ("/x", True, True),
        ("//host/x", True, True),
    ],
)
def test_url_judge_keeps_only_policy_schemes_and_fails_closed(
    value: str, relative: bool, allowed: bool
) -> None:
    """Only the policy's schemes pass; relative URLs only when allowed; layered entities are decoded."""
    assert url_is_allowed(value, SCHEMES, allow_relative=relative) is allowed


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("2024-02-29", True),
        ("2024-02-29T13:45Z", True),
        ("2024-02-29T13:45:30.123+01:00", True),
        ("2024-02-29 13:45:30-0500", True),
        ("2023-02-29", False),
        ("2024-13-01", False),
        ("2024-01-01T25:00Z", False),
        ("2024-01-01T10:00", False),
        ("yesterday", False),
        ('2024-01-01"onclick="x', False),
        ("", False),
        ("２０２４-01-01", False),
    ],
)
def test_datetime_must_be_an_html_date_with_optional_time(value: str, valid: bool) -> None:
    """Del datetime accepts HTML's valid date string with optional (zoned) time, nothing else."""
    assert is_html_datetime(value) is valid
