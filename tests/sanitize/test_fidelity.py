"""Fidelity: no commenter's text is lost, and links are the URLs the commenter meant (issue 11).

The cases are data (``fidelity.txt`` beside this file, one a line: policy, input, expected
output, why), written for commentguard from the behaviours the issue describes and from
WordPress's documented ``make_clickable``/kses behaviour. Besides its exact output, every
case must keep all of its input's visible text (``visible.py``) and pass the oracle.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from commentguard import WORDPRESS_POLICY, Policy, sanitize
from commentguard.testing import assert_safe_html

from .visible import lost_text, text_tokens

CASES_FILE = Path(__file__).with_name("fidelity.txt")
POLICIES: dict[str, Policy] = {
    "wordpress": WORDPRESS_POLICY,
    "emails": dataclasses.replace(WORDPRESS_POLICY, linkify_emails=True),
}
_ESCAPE = re.compile(r"\\(\\|n|r|t|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4})")
_SIMPLE = {"\\": "\\", "n": "\n", "r": "\r", "t": "\t"}


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: _SIMPLE.get(m.group(1)) or chr(int(m.group(1)[1:], 16)), text)


def _cases() -> list[pytest.ParameterSet]:
    cases = []
    for number, line in enumerate(CASES_FILE.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        policy, html, expected, why = line.split("\t")
        cases.append(pytest.param(policy, _unescape(html), _unescape(expected), id=f"{number}: {why}"))
    return cases


@pytest.mark.parametrize(("policy_name", "html", "expected"), _cases())
def test_fidelity_case(policy_name: str, html: str, expected: str) -> None:
    """Each case sanitizes to exactly its expected output, keeps all visible text and passes the oracle."""
    policy = POLICIES[policy_name]
    result = sanitize(html, policy)
    assert result == expected
    assert lost_text(html, result) == []
    assert_safe_html(result, policy)


def test_visible_text_measure_sees_a_loss() -> None:
    """The measure itself: dropped prose counts as lost, closed script content and comments do not."""
    assert lost_text("Hej <b>du</b> där", "Hej där") == ["du"]
    assert lost_text("a<script>x()</script>b<!--c-->", "ab") == []
    assert lost_text("a<script>x()", "a") == ["x()"]  # never closed: its text is the commenter's
    assert text_tokens("<p>a</p>\n<p>b</p>") == ["a", "\n", "b"]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<textarea>" + "x" * 20_000, "x" * 20_000),
        ("y" * 10_235 + "<script>" + "z" * 20_000, "y" * 10_235 + "z" * 20_000),
        ("y" * 10_235 + "<script>z</script>" + "w" * 20_000, "y" * 10_235 + "w" * 20_000),
        ("y" * 10_230 + "<script>z</scr" + "ipt>w", "y" * 10_230 + "w"),
        ("<script></script>" * 2_000 + "<script>rest", "rest"),
    ],
    ids=["unclosed-textarea", "unclosed-across-chunks", "closed-across-chunks", "end-tag-on-chunk-edge",
         "many-then-unclosed"],
)  # fmt: skip
def test_raw_text_end_is_found_across_html5lib_chunks(html: str, expected: str) -> None:
    """Whether a raw-text end tag follows is read at the right offset, even past html5lib's 10 KiB chunks."""
    assert sanitize(html) == expected
