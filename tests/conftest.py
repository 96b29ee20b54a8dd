"""Shared test set-up: hypothesis profiles and the rule that CI never skips."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# The shipped store contract asserts in commentguard.testing; rewrite them so a failure shows values.
pytest.register_assert_rewrite("commentguard.testing")

# deadline=None everywhere: shared CI machines stall, and a stall is not a bug.
settings.register_profile("dev", deadline=None, max_examples=200)
settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    max_examples=300,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") == "true" else "dev"))

IN_CI = os.environ.get("CI") == "true"


def require(condition: bool, how_to_enable: str) -> None:
    """Skip the calling test unless ``condition`` holds; under CI=true, fail instead of skipping."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI must run this test: {how_to_enable}", pytrace=False)
    pytest.skip(how_to_enable)
