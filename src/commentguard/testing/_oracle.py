"""The structural oracle: re-parse sanitized HTML as browsers would and check every node.

Four readings of the same output must agree and pass the policy: html5lib's tree, the tree
after a browser's ``innerHTML`` serialize-then-reparse round trip (mutation XSS), lexbor's
tree (a second, independent parser: html5lib alone cannot see a parser differential) and
lexbor's tree of the round-tripped string.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from commentguard import Policy, sanitize, url_scheme
from commentguard.testing._trees import (
    VOID_ELEMENTS,
    Event,
    html5lib_events,
    html5lib_tree,
    lexbor_events,
    portable,
    serialize,
    without_carriage_returns,
)


class UnsafeHtml(AssertionError):
    """The sanitizer's output broke the policy or could carry script; the message says where."""


_C0_OR_SPACE = "".join(map(chr, range(0x21)))
_URL_TAB_OR_NEWLINE = re.compile("[\t\n\r]")
_URL_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_UNSAFE_CODEPOINTS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# A tag as a serializer writes it: attribute values, if any, quoted.
_TAG = re.compile(r"""<(/?)([A-Za-z][^\s/>]*)(?:\s+[^\s"'<>/=]+(?:="[^"]*"|='[^']*')?)*\s*/?>""")


def assert_safe_html(html: str, policy: Policy) -> None:
    """Fail with :class:`UnsafeHtml` unless ``html`` is safe output of ``sanitize(..., policy)``.

    On html5lib's parse of ``html`` as a ``<div>``'s content: every element and attribute
    is one the policy allows; no ``on*`` attribute; no comment; every URL attribute's scheme
    (judged as browsers do) is one of the policy's (relative only if the policy allows it);
    every ``<a>`` has ``href`` and exactly ``rel`` = the policy's ``link_rel``. Then:

    * serializing that tree as a browser's ``innerHTML`` does and parsing it again gives
      the same tree, in html5lib and in lexbor (no mutation drift);
    * lexbor (selectolax) sees the same elements, nesting, attributes, text and comments
      as html5lib (no parser differential);
    * the markup is well-formed: every ``<`` starts a tag, every opened tag is closed in
      order, and text holds no raw ``"``, ``'`` or ``>``; no control characters or lone
      surrogates;
    * sanitizing ``html`` again changes nothing.

    Needs html5lib and selectolax (``pip install 'commentguard[testing]'``). About 1 ms for
    a typical comment.

    Raises:
        UnsafeHtml: naming every problem found, with the HTML.

    """
    tree = html5lib_tree(html)
    events = html5lib_events(tree)
    problems = _policy_problems(events, policy)
    problems += _drift_problems(html, tree, events)
    problems += _markup_problems(html)
    again = sanitize(html, _with_room_for(html, policy))
    if again != html:
        problems.append(f"not idempotent: sanitizing again gives {str(again)!r}")
    if problems:
        raise UnsafeHtml(f"{html!r}: " + "; ".join(problems))


def _with_room_for(html: str, policy: Policy) -> Policy:
    # Output can be longer than input (escaped '&', a link's href and rel): sanitizing it again
    # must not stop at the size cap the input was under.
    size = len(html.encode("utf-8", "surrogatepass"))
    return policy if size <= policy.max_input_bytes else replace(policy, max_input_bytes=min(size, 1 << 24))


def _policy_problems(events: list[Event], policy: Policy) -> list[str]:
    problems: list[str] = []
    for kind, tag, pairs in events:
        if kind == "!":
            problems.append("an HTML comment survived")
        if kind != "<":
            continue
        if tag not in policy.tags:
            problems.append(f"<{tag}> is not allowed")
            continue
        attributes = dict(pairs)
        allowed = policy.tags[tag] | ({"rel"} if tag == "a" else set())
        for name, value in attributes.items():
            if name.startswith("on") or name not in allowed:
                problems.append(f"<{tag} {name}> is not allowed")
            elif name in policy.url_attributes:
                problems += _url_problems(tag, name, value, policy)
        if tag == "a":
            if "href" not in attributes:
                problems.append("<a> without href")
            if attributes.get("rel") != policy.link_rel:
                problems.append(f"<a> has rel={attributes.get('rel')!r}, not {policy.link_rel!r}")
    return problems


def browser_scheme(value: str) -> str | None:
    """The scheme a browser's URL parser reads in an already-parsed attribute value, or None.

    WHATWG URL: strip leading and trailing C0 controls and spaces, remove every tab and
    newline, then the scheme is what precedes the first ``:`` if it is a valid scheme.
    """
    match = _URL_SCHEME.match(_URL_TAB_OR_NEWLINE.sub("", value.strip(_C0_OR_SPACE)))
    return match.group(1).lower() if match else None


def _url_problems(tag: str, name: str, value: str, policy: Policy) -> list[str]:
    # Two readings, both must pass: the browser's exact one, and the sanitizer's cautious one
    # (entities decoded once more, every invisible character removed).
    problems = []
    for scheme in dict.fromkeys((browser_scheme(value), url_scheme(value))):  # each once, in order
        if scheme is None and not policy.allow_relative_urls:
            problems.append(f"<{tag} {name}={value!r}> is a relative URL")
        elif scheme is not None and scheme not in policy.url_schemes:
            problems.append(f"<{tag} {name}={value!r}> has scheme {scheme!r}")
    return problems


def _drift_problems(html: str, tree: Any, events: list[Event]) -> list[str]:
    problems: list[str] = []
    lexbor = lexbor_events(html)
    expected = portable(events)
    if lexbor != expected:
        problems.append("parser differential: " + _first_difference(expected, lexbor, "html5lib", "lexbor"))
    serialized = serialize(tree)
    if serialized == html:
        return problems  # both parsers are deterministic: the same string gives the same trees
    for parser, before, after in (
        ("html5lib", events, html5lib_events(html5lib_tree(serialized))),
        ("lexbor", lexbor, lexbor_events(serialized)),
    ):
        before = without_carriage_returns(before)
        if after != before:
            problems.append(
                f"mutation drift: innerHTML round trip {serialized!r} re-parses differently in {parser}: "
                + _first_difference(before, after, "before", "after")
            )
    return problems


def _first_difference(left: list[Event], right: list[Event], left_name: str, right_name: str) -> str:
    for index, (a, b) in enumerate(zip(left, right, strict=False)):
        if a != b:
            return f"node {index}: {left_name} has {a!r}, {right_name} has {b!r}"
    index = min(len(left), len(right))
    extra, name = (left, left_name) if len(left) > len(right) else (right, right_name)
    return f"node {index}: only {name} has {extra[index]!r}"


def _markup_problems(html: str) -> list[str]:
    problems: list[str] = []
    if _UNSAFE_CODEPOINTS.search(html):
        problems.append("a control character or lone surrogate survived")
    open_tags: list[str] = []
    position = 0
    while (start := html.find("<", position)) != -1:
        _check_text(html[position:start], problems)
        match = _TAG.match(html, start)
        if match is None:
            problems.append(f"not well-formed: a '<' that starts no tag at offset {start}")
            break
        closing, name = match.group(1), match.group(2).lower()
        if not closing:
            if name not in VOID_ELEMENTS:
                open_tags.append(name)
        elif not open_tags or open_tags.pop() != name:
            problems.append(f"not well-formed: </{name}> at offset {start} closes no open <{name}>")
            break
        position = match.end()
    else:
        _check_text(html[position:], problems)
        if open_tags:
            problems.append(f"not well-formed: <{open_tags[-1]}> is never closed")
    return problems


def _check_text(text: str, problems: list[str]) -> None:
    if ">" in text:
        problems.append("a raw '>' in text")
    if '"' in text or "'" in text:
        problems.append("a raw quote in text (unsafe in a quoted attribute value)")
