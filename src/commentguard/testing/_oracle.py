"""The structural oracle: re-parse sanitized HTML as a browser would and check every node."""

from __future__ import annotations

from typing import Any

from commentguard.policy import Policy
from commentguard.sanitize import sanitize, url_scheme


class UnsafeHtml(AssertionError):
    """The sanitizer's output broke the policy or could carry script; the message says where."""


def _parse(html: str) -> Any:
    try:
        import html5lib
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("assert_safe_html needs html5lib: install 'commentguard[testing]'") from exc
    return html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)


def _walk(element: Any) -> Any:
    for child in element:
        if isinstance(child.tag, str):
            yield child
            yield from _walk(child)
        else:
            yield child  # a comment: its tag is a function in html5lib's etree


def assert_safe_html(html: str, policy: Policy) -> None:
    """Fail with :class:`UnsafeHtml` unless ``html`` is safe output of ``sanitize(..., policy)``.

    Checks, on html5lib's re-parse of ``html`` as a fragment: every element and attribute is
    one the policy allows; no ``on*`` attribute; no comment; every URL attribute's scheme
    (judged as browsers do) is one of the policy's (relative only if the policy allows it);
    every ``<a>`` has ``href`` and exactly ``rel`` = the policy's ``link_rel``; and
    sanitizing ``html`` again changes nothing.
    """
    problems: list[str] = []
    for node in _walk(_parse(html)):
        if not isinstance(node.tag, str):
            problems.append("an HTML comment survived")
            continue
        tag = node.tag
        if tag not in policy.tags:
            problems.append(f"<{tag}> is not allowed")
            continue
        allowed = policy.tags[tag] | ({"rel"} if tag == "a" else set())
        for name, value in node.attrib.items():
            if name.startswith("on") or name not in allowed:
                problems.append(f"<{tag} {name}> is not allowed")
            elif name in policy.url_attributes:
                scheme = url_scheme(value)
                if scheme is None and not policy.allow_relative_urls:
                    problems.append(f"<{tag} {name}={value!r}> is a relative URL")
                elif scheme is not None and scheme not in policy.url_schemes:
                    problems.append(f"<{tag} {name}={value!r}> has scheme {scheme!r}")
        if tag == "a":
            if "href" not in node.attrib:
                problems.append("<a> without href")
            if node.attrib.get("rel") != policy.link_rel:
                problems.append(f"<a> has rel={node.attrib.get('rel')!r}, not {policy.link_rel!r}")
    again = sanitize(html, policy)
    if again != html:
        problems.append(f"not idempotent: sanitizing again gives {str(again)!r}")
    if problems:
        raise UnsafeHtml(f"{html!r}: " + "; ".join(problems))
