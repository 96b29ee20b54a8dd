"""docs/store.md shows the example third-party store exactly as the test suite runs it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_store_page_shows_the_example_store_verbatim() -> None:
    """The "write your own store" example on docs/store.md is tests/store/test_example_store.py, unedited."""
    page = (ROOT / "docs" / "store.md").read_text(encoding="utf-8")
    example = (ROOT / "tests" / "store" / "test_example_store.py").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", page, re.S | re.M)
    assert example in blocks
