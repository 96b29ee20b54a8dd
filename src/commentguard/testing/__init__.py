"""Test helpers for sites that use commentguard, and for commentguard's own tests.

:func:`assert_safe_html` is the structural oracle: give it what the sanitizer produced and
the policy it used, and it fails loudly if the HTML could carry script or break the policy::

    >>> from commentguard import WORDPRESS_POLICY, sanitize
    >>> from commentguard.testing import assert_safe_html
    >>> assert_safe_html(sanitize('<a href="https://x.se" onclick="x()">x</a>'), WORDPRESS_POLICY)

It needs ``html5lib`` (install ``commentguard[testing]``).
"""

from commentguard.testing._oracle import UnsafeHtml, assert_safe_html

__all__ = ["UnsafeHtml", "assert_safe_html"]
