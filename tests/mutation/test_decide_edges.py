"""decide(): what mutation testing found unpinned (see docs/testing.md, "Mutation testing")."""

from __future__ import annotations

import pytest

from commentguard import decide


@pytest.mark.parametrize("junk", [[None], ["approve"]])
def test_a_non_verdict_is_refused_with_a_message_naming_what_decide_takes(junk: list[object]) -> None:
    """The TypeError for a non-verdict says exactly that decide() takes Verdict objects."""
    with pytest.raises(TypeError) as raised:
        decide(junk)  # type: ignore[arg-type]
    assert str(raised.value) == "decide() takes Verdict objects"
