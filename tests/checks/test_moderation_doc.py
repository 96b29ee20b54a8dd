"""docs/moderation.md lists every built-in check and every reason with its exact messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from commentguard import FormToken, Honeypot, default_checks, translate
from commentguard.messages import REASON_MESSAGES

PAGE = (Path(__file__).parents[2] / "docs" / "moderation.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("code", sorted(REASON_MESSAGES))
def test_every_reason_is_documented_with_both_messages(code: str) -> None:
    """The reason table shows each code with the catalogs' English and Swedish text, verbatim."""
    row = (
        f"| `{code}` | {translate(REASON_MESSAGES[code], 'en')} | {translate(REASON_MESSAGES[code], 'sv')} |"
    )
    assert row in PAGE


def test_every_builtin_check_is_in_the_table() -> None:
    """Each built-in check class appears with its name in the checks table."""
    checks = [*default_checks(hold_all=True), Honeypot("hp"), FormToken("secret")]
    for check in checks:
        assert f"| `{type(check).__name__}` (`{check.name}`) |" in PAGE
