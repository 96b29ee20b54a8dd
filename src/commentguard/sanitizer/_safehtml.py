"""The trust boundary between untrusted text and HTML a template may emit as-is."""

from __future__ import annotations

from typing import NoReturn


class SafeHtml(str):
    """HTML that ``commentguard.sanitize`` produced; templates emit it without escaping.

    A ``str`` subclass with ``__html__``, so Jinja2, MarkupSafe and Django do not escape it
    twice. It is made only by the sanitizer: calling ``SafeHtml(...)`` raises ``TypeError``,
    and any string operation (``+``, ``.replace``...) returns a plain ``str`` that templates
    escape again. Safe in element content and in quoted attribute values; see
    ``docs/security.md`` for the contexts where it is not.
    """

    __slots__ = ()

    def __new__(cls, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("SafeHtml is made only by commentguard.sanitize(); call that instead")

    def __html__(self) -> str:
        """Return the markup itself, marking it safe for HTML-aware template engines."""
        return str(self)

    def __repr__(self) -> str:
        return f"SafeHtml({str.__repr__(self)})"

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (_trust, (str(self),))


def trust_stored_html(markup: str) -> SafeHtml:
    """Rebuild the ``SafeHtml`` a store saved: **only** for text this library's sanitizer made.

    A store keeps a comment's sanitized content as plain text in its own column; reading it
    back, it calls this to restore the type. Calling it on anything else (a form field, text
    another program wrote) skips the sanitizer and defeats every guarantee it gives: for
    untrusted text, call :func:`commentguard.sanitize`.

    >>> trust_stored_html("<b>Tack!</b>")
    SafeHtml('<b>Tack!</b>')

    Raises:
        TypeError: ``markup`` is not a ``str``.

    """
    if not isinstance(markup, str):
        raise TypeError(f"trust_stored_html() takes the stored text as str, not {type(markup).__name__}")
    return _trust(markup)


def _trust(markup: str) -> SafeHtml:
    """Wrap markup the sanitizer made, or that a store saved after the sanitizer made it."""
    # str.__new__ bypasses SafeHtml.__new__, which refuses every other caller.
    return str.__new__(SafeHtml, markup)  # type: ignore[arg-type]
