"""The browser fixture: one Chromium for the whole test session, or a skip that says how to get one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ..conftest import require
from .harness import BrowserHarness, missing_prerequisites


@pytest.fixture(scope="session")
def browser() -> Iterator[BrowserHarness]:
    """A started harness (Chromium, local server, pages); a skip without one, a failure under CI=true."""
    missing = missing_prerequisites()
    require(not missing, "the browser tests cannot run: " + "; ".join(missing))
    with BrowserHarness() as harness:
        yield harness
