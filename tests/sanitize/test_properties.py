"""Properties of sanitize() over generated hostile HTML and arbitrary text, under three policies.

The inputs come from the strategies we ship (``commentguard.testing.strategies``) and from
plain ``st.text()``; the checks are the oracle we ship. Run with the ``ci`` hypothesis
profile (derandomized, explicit ``max_examples``, no deadline) under ``CI=true``.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commentguard import WORDPRESS_POLICY, Policy, sanitize
from commentguard.sanitizer import url_scheme
from commentguard.testing import assert_safe_html
from commentguard.testing._trees import html5lib_events, html5lib_tree, lexbor_events
from commentguard.testing.strategies import hostile_html, nesting, policy_markup

from .visible import lost_text

WORDPRESS_S = WORDPRESS_POLICY.allowing(tags={"s"})
RELATIVE = replace(WORDPRESS_POLICY, allow_relative_urls=True)
POLICIES = [
    pytest.param(WORDPRESS_POLICY, id="wordpress"),
    pytest.param(WORDPRESS_S, id="wordpress+s"),
    pytest.param(RELATIVE, id="relative"),
]
# Every attribute a browser loads or navigates to, whether or not a policy allows it.
URL_BEARING = frozenset(
    {"href", "src", "cite", "action", "formaction", "xlink:href", "data", "poster", "background",
     "srcset", "ping", "longdesc", "lowsrc", "dynsrc", "codebase", "classid", "icon", "manifest"}
)  # fmt: skip
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "livescript", "mocha", "jscript", "data"})
# Text made dense in the characters that make markup, so st.text() reaches the tokenizer.
MARKUP_TEXT = st.text(alphabet=st.sampled_from("<>/=\"'`&#;:!-?[] \n\tabsvgjx0\x00\u200b\ud800"))
# Prose on a technical blog: words, URLs and punctuation among tag names typed as words,
# opened and closed in any order and case (issue 11).
_TYPED_TAGS = ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
               "plaintext", "svg", "math", "object", "template", "embed", "b", "a", "p", "code")  # fmt: skip
_WORDS = st.sampled_from(("hej", "du", " ", "\n", "åäö", "x<y", "a & b", "http://x.se", "(", ")", ".", "'"))
_TYPED_TAG = st.builds(
    lambda name, end, upper: f"<{'/' * end}{name.upper() if upper else name}>",
    st.sampled_from(_TYPED_TAGS),
    st.booleans(),
    st.booleans(),
)
PROSE_WITH_TAGS = st.lists(_WORDS | _TYPED_TAG, max_size=12).map("".join)


def _script_reachable(html: str) -> list[str]:
    """Event handlers and script-scheme URLs in either parser's tree of ``html``."""
    found = []
    for events in (html5lib_events(html5lib_tree(html)), lexbor_events(html)):
        for kind, tag, attributes in events:
            for name, value in attributes if kind == "<" else ():
                lowered = name.lower()
                if lowered.startswith("on"):
                    found.append(f"<{tag} {lowered}>")
                elif lowered in URL_BEARING and url_scheme(value) in SCRIPT_SCHEMES:
                    found.append(f"<{tag} {lowered}={value!r}>")
    return found


def _check(html: str, policy: Policy) -> None:
    result = sanitize(html, policy)
    assert_safe_html(result, policy)  # policy, drift, second parser, well-formed, idempotent
    assert sanitize(result, policy) == result
    result.encode("utf-8")
    assert _script_reachable(result) == []


@pytest.mark.parametrize("policy", POLICIES)
@given(html=st.data())
def test_hostile_html_comes_out_safe(policy: Policy, html: st.DataObject) -> None:
    """Hostile HTML comes out passing the oracle, idempotent, well-formed, UTF-8-safe, reaching no script."""
    _check(html.draw(hostile_html(policy), label="html"), policy)


@pytest.mark.parametrize("policy", POLICIES)
@given(html=st.data())
def test_markup_the_policy_keeps_comes_out_safe(policy: Policy, html: st.DataObject) -> None:
    """The policy's own tags and attributes with hostile values come out passing the same checks."""
    _check(html.draw(policy_markup(policy), label="html"), policy)


@pytest.mark.parametrize("policy", POLICIES)
@given(html=st.data())
def test_deep_and_misnested_html_comes_out_safe(policy: Policy, html: st.DataObject) -> None:
    """Deep, crossed and adoption-agency nesting (issue 14's shape) comes out passing the same checks."""
    _check(html.draw(nesting(policy), label="html"), policy)


@pytest.mark.parametrize("policy", POLICIES)
@given(html=st.text() | MARKUP_TEXT)
def test_any_text_comes_out_safe(policy: Policy, html: str) -> None:
    """Any text comes out passing the oracle, idempotent, well-formed, UTF-8-safe, reaching no script."""
    _check(html, policy)


@given(html=PROSE_WITH_TAGS | st.text() | MARKUP_TEXT)
def test_visible_text_is_never_lost(html: str) -> None:
    """All visible text of the input is in the output, but closed script/style content and comments."""
    assert lost_text(html, sanitize(html)) == []
