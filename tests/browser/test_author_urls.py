"""Author URLs publish as the link that was typed: Chromium's own URL parser is the judge (issue 11 §3)."""

from __future__ import annotations

import re

from ..test_author_url import ACCEPTED
from .harness import BrowserHarness


def test_chromium_reads_the_stored_url_as_the_typed_one(browser: BrowserHarness) -> None:
    """new URL(stored).href equals new URL(typed, http:// added when it had no scheme).href in Chromium."""
    read = "value => new URL(value).href"
    for typed, stored in ACCEPTED:
        with_scheme = typed if re.match(r"https?://", typed, re.IGNORECASE) else "http://" + typed
        assert browser.evaluate(read, stored) == browser.evaluate(read, with_scheme), typed
