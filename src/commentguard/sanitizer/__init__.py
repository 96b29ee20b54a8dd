"""Sanitize a comment's HTML to exactly what a :class:`~commentguard.Policy` allows.

>>> from commentguard import sanitize
>>> sanitize('<a href="javascript:alert(1)" onclick="x()">hej</a>')
SafeHtml('hej')
>>> sanitize('Tack! <b>Bra</b> <script>x()</script>')
SafeHtml('Tack! <b>Bra</b> ')
>>> sanitize("se https://example.se")
SafeHtml('se <a href="https://example.se" rel="nofollow ugc">https://example.se</a>')

The result is a :class:`SafeHtml`, safe in element content and in quoted attribute values;
``docs/security.md`` lists what it guarantees and where it is not safe.
"""

from __future__ import annotations

from commentguard._text import scrub_codepoints
from commentguard.policy import WORDPRESS_POLICY, Policy
from commentguard.sanitizer._bleach import engine_for
from commentguard.sanitizer._safehtml import SafeHtml, _trust, trust_stored_html
from commentguard.sanitizer._values import url_scheme


def sanitize(html: str, policy: Policy = WORDPRESS_POLICY) -> SafeHtml:
    """Return ``html`` with everything ``policy`` does not allow removed.

    Disallowed tags are removed and their text kept; the content of ``script``, ``style``
    and the policy's other drop-content elements goes with them; comments are dropped.
    URLs outside the policy's schemes are removed, every link gets the policy's ``rel``,
    bare ``http(s)://`` and ``www.`` addresses become links, quotes in text are escaped,
    control characters removed and lone surrogates replaced. Idempotent:
    ``sanitize(sanitize(x)) == sanitize(x)``.

    Raises:
        TypeError: ``html`` is not a ``str`` or ``policy`` not a :class:`Policy`.
        ValueError: ``html`` is longer than ``policy.max_input_bytes`` in UTF-8 (checked
            before any parsing, so a huge input costs nothing).

    """
    if not isinstance(html, str):
        raise TypeError(f"sanitize() takes the comment HTML as str, not {type(html).__name__}")
    if not isinstance(policy, Policy):
        raise TypeError(f"sanitize() takes a commentguard.Policy, not {type(policy).__name__}")
    if _too_large(html, policy.max_input_bytes):
        raise ValueError(
            f"sanitize() takes at most {policy.max_input_bytes:,} bytes of HTML (the policy's "
            f"max_input_bytes); this input is larger"
        )
    text = scrub_codepoints(html)
    if not text:
        return _trust("")
    return _trust(engine_for(policy).clean(text))


def _too_large(html: str, limit: int) -> bool:
    # Each character is 1 to 4 bytes in UTF-8 (a lone surrogate 3, as "surrogatepass" counts
    # it): only a length between the two bounds needs encoding, and never more than 4 * limit.
    if len(html) > limit:
        return True
    return len(html) * 4 > limit and len(html.encode("utf-8", "surrogatepass")) > limit


__all__ = ["SafeHtml", "sanitize", "trust_stored_html", "url_scheme"]
