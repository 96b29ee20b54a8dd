"""Test helpers for sites that use commentguard, and for commentguard's own tests.

:func:`assert_safe_html` is the structural oracle: give it what the sanitizer produced and
the policy it used, and it fails loudly if the HTML could carry script or break the policy::

    >>> from commentguard import WORDPRESS_POLICY, sanitize
    >>> from commentguard.testing import assert_safe_html
    >>> assert_safe_html(sanitize('<a href="https://x.se" onclick="x()">x</a>'), WORDPRESS_POLICY)

Besides the policy it checks that a browser's ``innerHTML`` round trip changes nothing
(mutation XSS), that a second parser (lexbor) reads the same tree as html5lib, that the
markup is well-formed and that sanitizing again changes nothing.
:mod:`commentguard.testing.strategies` builds hostile HTML for hypothesis, so a site can
test its own policy in three lines (``docs/testing.md``).

Needs ``html5lib``, ``selectolax`` and ``hypothesis``: install ``commentguard[testing]``.
"""

from commentguard.testing._oracle import UnsafeHtml, assert_safe_html

__all__ = ["UnsafeHtml", "assert_safe_html"]
