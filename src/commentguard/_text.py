"""Text hygiene shared by validation and sanitizing: one definition of "clean Unicode"."""

from __future__ import annotations

import re

# C0 controls except tab, newline and carriage return; DEL; lone surrogates.
_UNSAFE_CODEPOINTS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_REPLACEMENT = "\ufffd"


def _replace(match: re.Match[str]) -> str:
    return _REPLACEMENT if match.group() >= "\ud800" else ""


def scrub_codepoints(text: str) -> str:
    """Remove NUL and other control characters, and turn lone surrogates into U+FFFD.

    The result always encodes to UTF-8, and nothing a reader could see is lost.
    """
    if _UNSAFE_CODEPOINTS.search(text) is None:
        return text
    return _UNSAFE_CODEPOINTS.sub(_replace, text)
