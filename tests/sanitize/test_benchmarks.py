"""The sanitizer benchmarks at smoke size: their code runs in CI, their timings do not.

``benchmarks/sanitize_cost.py`` and ``benchmarks/sanitize_worst_case.py`` are run in full by
hand (minutes of CPU); here each runs on a few tiny inputs, and the tests pin how they
measure (interleaved, shuffled, reused peers with the same whitelist) and what they print.
"""

from __future__ import annotations

import importlib.util
import re

from benchmarks import sanitize_cost, sanitize_worst_case
from benchmarks.sanitize_peers import BLEACH, NH3, OURS, Sanitizer, contenders, interleaved

from commentguard import WORDPRESS_POLICY
from tests.conftest import require

SPREAD = r"\d+(\.\d+)? \[\d+(\.\d+)?-\d+(\.\d+)?\]"


def _peers() -> list[str]:
    require(
        importlib.util.find_spec("nh3") is not None, "install commentguard[fast] (nh3) to compare with it"
    )
    return [OURS, BLEACH, NH3]


def test_every_contender_keeps_the_same_whitelist() -> None:
    """sanitize and each raw peer keep the policy's tags and attributes and drop what it lacks."""
    sanitizers = contenders(WORDPRESS_POLICY)
    assert list(sanitizers) == _peers()
    html = '<abbr title="SKR">SKR</abbr> <q cite="https://x.se/">citat</q> <img src=x onerror=alert(1)>'
    for name, clean in sanitizers.items():
        out = clean(html)
        assert "<abbr title=" in out, name
        assert "<q cite=" in out, name
        assert "<img" not in out, name
        assert "onerror" not in out, name


def test_rounds_run_every_contender_once_in_a_shuffled_order() -> None:
    """Each round times every contender once per group, and the order changes between rounds."""
    calls: list[str] = []

    def recorder(name: str) -> Sanitizer:
        def clean(html: str) -> str:
            calls.append(name)
            return html

        return clean

    names = [f"c{n}" for n in range(5)]
    times = interleaved({name: recorder(name) for name in names}, {"a": ["x"], "b": ["y", "z"]}, rounds=4)
    assert {key: {name: len(values) for name, values in per.items()} for key, per in times.items()} == {
        key: dict.fromkeys(names, 4) for key in ("a", "b")
    }
    timed = calls[len(names) * 2 :]  # after the warm-up (each contender once per group)
    orders = {tuple(timed[start : start + 5]) for start in range(0, len(timed), 15)}  # group "a" each round
    assert all(sorted(order) == names for order in orders)
    assert len(orders) > 1


def test_realistic_comments_look_like_comments() -> None:
    """The realistic corpus is reader text, most of it with markup or a link, some needing linkify."""
    corpus = sanitize_cost.comments(60)
    assert len(corpus) == 60
    assert sum("<" in text for text in corpus) > 20
    assert any("https://example.se/" in text and "href" not in text for text in corpus)
    assert all(len(text) > 80 for text in corpus)


def test_cost_report_shape() -> None:
    """sanitize_cost prints µs median [min-max] per contender and a per-round ratio to each peer."""
    lines = sanitize_cost.table(rounds=2, count=5)
    peers = _peers()
    assert lines[0].startswith("5 realistic comments, 2 rounds")
    for name, line in zip(peers, lines[1:4], strict=True):
        assert re.fullmatch(rf"  {name}\s+{SPREAD}", line), line
    for peer, line in zip(peers[1:], lines[4:], strict=True):
        assert re.fullmatch(rf"  {OURS} / {peer}: {SPREAD}x per round", line), line


def test_worst_case_report_shape() -> None:
    """sanitize_worst_case prints every shape with each contender's spread and exponent, then the targets."""
    peers = _peers()
    lines, _met = sanitize_worst_case.table(rounds=2, sizes=(256, 512, 1024))
    rows = lines[2:-2]
    assert [row[:20].strip() for row in rows] == list(sanitize_worst_case.SHAPES)
    cell = rf"\s+{SPREAD}\s+-?\d+\.\d\d"
    for row in rows:
        assert re.fullmatch(rf".{{20}} {cell * len(peers)}  {SPREAD}x", row), row
    assert re.fullmatch(r"(met|MISSED): every commentguard exponent <= 1.2 \(worst -?\d+\.\d\d\)", lines[-2])
    assert lines[-1].startswith(("met: every 1 KB shape", "MISSED: every 1 KB shape"))


def test_exponent_reads_the_growth() -> None:
    """The fitted exponent is 1 for linear and 2 for quadratic growth."""
    sizes = (4, 16, 64)
    assert abs(sanitize_worst_case.exponent(sizes, [s * 3.0 for s in sizes]) - 1) < 1e-9
    assert abs(sanitize_worst_case.exponent(sizes, [s * s * 0.5 for s in sizes]) - 2) < 1e-9
