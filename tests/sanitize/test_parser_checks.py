"""The two html5lib checks the engine turns off change no output (issue 13).

``_BoundedParser`` skips html5lib's search for invalid code points when a quicker search finds
none, and never works out ``framesetOK`` (read only where a fragment has no ``<body>``). The
invalid code points are parse errors, and bleach's tokenizer reads parse errors to repair
malformed tags, so a missed one could change the output: these tests compare with a parser
that runs both checks, on input dense in code points html5lib reports and in malformed tags.
"""

from __future__ import annotations

import sys

from bleach._vendor.html5lib._inputstream import invalid_unicode_re
from hypothesis import given
from hypothesis import strategies as st

from commentguard import WORDPRESS_POLICY
from commentguard.sanitizer._bleach import _MAY_BE_INVALID, BleachEngine, _BoundedParser
from commentguard.testing.strategies import hostile_html


class _CheckingParser(_BoundedParser):
    """The parser with html5lib's own checks left on."""

    def _skip_unread_checks(self) -> None:
        pass


def _checking_engine() -> BleachEngine:
    engine = BleachEngine(WORDPRESS_POLICY)
    engine._parser = _CheckingParser(WORDPRESS_POLICY)
    return engine


_ENGINE, _CHECKING = BleachEngine(WORDPRESS_POLICY), _checking_engine()
# Code points html5lib reports (C1 controls, noncharacters in and out of the BMP), beside
# malformed tags whose repair in bleach's tokenizer reads the parse error before them.
_PIECES = st.sampled_from(
    ("\x85", "\x9f", "\ufdd0", "\ufffe", "\U0001fffe", "\U0010ffff", "\U0001f600", "é", "<b", "</",
     "< x", "<a href=x", "<nottag ", "<b <i>", '<b title="', "'", "=", " ", "x", ">", "<frameset>",
     "<body>", "<svg>", "<table>", "<td>", "<1", "</b>", "<a/", "\n")
)  # fmt: skip
_SHAPES = st.lists(_PIECES, max_size=16).map("".join)


def test_the_quick_search_finds_every_code_point_html5lib_reports() -> None:
    """Every code point html5lib's search reports, the engine's quick search finds too (all of Unicode)."""
    everything = "".join(map(chr, range(1, sys.maxunicode + 1)))
    reported = set(invalid_unicode_re.findall(everything))
    assert len(reported) > 100  # C1 controls, noncharacters and surrogates are among them
    assert reported <= set(_MAY_BE_INVALID.findall(everything))


@given(html=_SHAPES | hostile_html())
def test_turning_the_checks_off_changes_no_output(html: str) -> None:
    """The engine's output is the same as with html5lib's invalid-code-point and frameset checks on."""
    assert _ENGINE.clean(html) == _CHECKING.clean(html)
