"""The fuzzer's committed seed corpus: made of the project's own vectors, and each one safe."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest

from commentguard import WORDPRESS_POLICY, Policy, sanitize
from commentguard.testing import assert_safe_html
from commentguard.testing.strategies import VECTORS

CORPUS = Path(__file__).parents[2] / "fuzz" / "corpus"
SEEDS = sorted(CORPUS.iterdir())
# The harness's three policies.
POLICIES = [
    WORDPRESS_POLICY,
    WORDPRESS_POLICY.allowing(tags={"s"}),
    replace(WORDPRESS_POLICY, allow_relative_urls=True),
]


def _name(vector: str) -> str:
    return hashlib.sha1(vector.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()


def test_corpus_holds_every_vector() -> None:
    """Every hand-written vector is a seed, so the corpus never lags behind VECTORS."""
    names = {path.name for path in SEEDS}
    missing = [v for v in VECTORS if _name(v) not in names]
    assert not missing, f"run `python fuzz/make_corpus.py` to add {len(missing)} vectors to fuzz/corpus"


@pytest.mark.parametrize("policy", POLICIES, ids=["wordpress", "wordpress+s", "relative"])
def test_every_seed_comes_out_safe(policy: Policy) -> None:
    """Each seed, read as the harness reads it, sanitizes to output that passes the oracle."""
    failures = []
    for path in SEEDS:
        html = path.read_bytes().decode("utf-8", "surrogateescape")
        try:
            assert_safe_html(sanitize(html, policy), policy)
        except AssertionError as failure:
            failures.append(f"{path.name}: {failure}")
    assert not failures, "\n".join(failures)
