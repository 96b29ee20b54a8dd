"""Sanitized attack corpora never run script in Chromium nor leave a dangerous URL in its DOM.

Two sources: our own vectors (``tests/vectors/*.txt``, format in the README there) and the
public corpora in ``../shared/xss/*.json`` beside the repository (not ours to commit; their
README names sources and licenses). Every vector is sanitized with the shipped policy and with
``<s>`` allowed; each distinct output is checked by the oracle (``assert_safe_html``) and, when it holds a
tag, loaded once into the browser harness in every insertion mode.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from commentguard import WORDPRESS_POLICY, Policy, sanitize
from commentguard.testing import assert_safe_html

from ..conftest import require
from .harness import BrowserHarness

SHARED_XSS = Path(__file__).parents[3] / "shared" / "xss"
OWN_VECTORS = Path(__file__).parents[1] / "vectors"
POLICIES: dict[str, Policy] = {
    "WORDPRESS_POLICY": WORDPRESS_POLICY,
    'WORDPRESS_POLICY.allowing(tags={"s"})': WORDPRESS_POLICY.allowing(tags={"s"}),
}
_ESCAPE = re.compile(r"\\(\\|n|r|t|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4})")
_SIMPLE_ESCAPES = {"\\": "\\", "n": "\n", "r": "\r", "t": "\t"}


@dataclass(frozen=True)
class Vector:
    """One attack (or benign) input and where it came from."""

    id: str
    text: str


@dataclass
class Output:
    """One distinct sanitizer output and every (vector, policy) that produced it."""

    html: str
    sources: list[tuple[Vector, str]] = field(default_factory=list)

    def describe(self) -> str:
        """Name the vectors behind this output, with their exact input."""
        return "\n".join(f"  from {vector.id} [{policy}]: {vector.text!r}" for vector, policy in self.sources)


def _unescape(line: str) -> str:
    r"""Decode the escapes tests/vectors/README.md documents (\\ \n \r \t \xHH \uHHHH)."""

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        return _SIMPLE_ESCAPES.get(code) or chr(int(code[1:], 16))

    return _ESCAPE.sub(one, line)


def own_vectors() -> list[Vector]:
    """Every vector in tests/vectors/*.txt, with id ``<stem>:<line>``."""
    vectors = []
    for path in sorted(OWN_VECTORS.glob("*.txt")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip() and not line.startswith("#"):
                vectors.append(Vector(f"{path.stem}:{number}", _unescape(line)))
    return vectors


def shared_vectors() -> list[Vector]:
    """Every vector in ../shared/xss/*.json (a list of {"id", "input", ...} per file)."""
    vectors = []
    for path in sorted(SHARED_XSS.glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            vectors.append(Vector(f"{path.name}:{item['id']}", item["input"]))
    return vectors


@dataclass(frozen=True)
class Sanitized:
    """A corpus after sanitizing: its distinct outputs, and what the oracle said about them."""

    outputs: dict[str, Output]
    complaints: list[str]


def sanitize_all(vectors: Iterable[Vector]) -> Sanitized:
    """Sanitize every vector with every policy: distinct outputs, and the oracle's complaints."""
    outputs: dict[str, Output] = {}
    complaints = []
    for vector in vectors:
        for name, policy in POLICIES.items():
            html = str(sanitize(vector.text, policy))
            output = outputs.setdefault(html, Output(html))
            if all(seen != name for _, seen in output.sources):
                try:
                    assert_safe_html(html, policy)
                except AssertionError as exc:
                    complaints.append(f"oracle: {exc}\n  from {vector.id} [{name}]: {vector.text!r}")
            output.sources.append((vector, name))
    return Sanitized(outputs, complaints)


def corpus(name: str) -> list[Vector]:
    """The named corpus: "own" (tests/vectors) or "shared" (../shared/xss, skipped when absent)."""
    if name == "own":
        vectors = own_vectors()
        assert len(vectors) >= 40, f"expected our own vectors in {OWN_VECTORS}/*.txt"
        return vectors
    require(
        SHARED_XSS.is_dir(),
        f"the public XSS corpora are not at {SHARED_XSS}: put the project's shared/xss folder "
        "beside the repository to run this test",
    )
    vectors = shared_vectors()
    assert vectors, f"no vectors in {SHARED_XSS}/*.json"
    return vectors


@functools.cache
def sanitized_corpus(name: str) -> Sanitized:
    """The named corpus sanitized with every policy, once per test session."""
    return sanitize_all(corpus(name))


@pytest.mark.parametrize("name", ["own", "shared"])
def test_sanitized_corpus_passes_the_oracle(name: str) -> None:
    """Every output of the corpus, under either policy, passes commentguard.testing.assert_safe_html."""
    complaints = sanitized_corpus(name).complaints
    assert not complaints, "\n\n".join(complaints)


@pytest.mark.parametrize("name", ["own", "shared"])
def test_sanitized_corpus_never_runs_script(browser: BrowserHarness, name: str) -> None:
    """Every distinct output with a tag runs nothing and leaves no dangerous URL in Chromium, in any mode."""
    outputs = sanitized_corpus(name).outputs
    with_tags = [output for output in outputs.values() if "<" in output.html]
    verdicts = browser.check([output.html for output in with_tags])
    failures = [
        f"{verdict.describe()}\n{output.describe()}"
        for output, verdict in zip(with_tags, verdicts, strict=True)
        if not verdict.safe
    ]
    sources = sum(len(output.sources) for output in outputs.values())
    print(  # the run's size, shown with -s or -rP
        f"{name}: {sources // len(POLICIES)} vectors x {len(POLICIES)} policies -> {len(outputs)} distinct "
        f"outputs, {len(with_tags)} with a tag loaded in Chromium, {len(failures)} unsafe"
    )
    assert not failures, "\n\n".join(failures)
