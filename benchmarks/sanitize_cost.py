"""What sanitize() costs per realistic comment, beside the raw sanitizers with the same whitelist.

Run: ``python benchmarks/sanitize_cost.py [--rounds 15] [--comments 200]``. The comments are
paragraphs of our users' posts (``../shared/seeds``, Swedish) with the markup readers write:
some bold or italics, a quote, a bare URL to linkify, a link. Each round runs every
contender once over all of them (:mod:`benchmarks.sanitize_peers`: CPU time, shuffled
order). Printed: median [min-max] µs per comment, and the per-round ratio of ``sanitize``
to each raw peer. Issue 13's target: at most 1.3x a reused raw bleach ``Cleaner``.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.sanitize_peers import OURS, contenders, interleaved, per_round, spread  # noqa: E402
from commentguard import WORDPRESS_POLICY  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
FALLBACK = "Tack för ett intressant inlägg om samverkan mellan kommunerna och regionen i länet. " * 3
TARGET = 1.3


def comments(count: int, seed: int = 13) -> list[str]:
    """``count`` realistic comments: seed paragraphs, most with a little markup or a link."""
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    paragraphs = [p.strip() for f in files for p in f.read_text(encoding="utf-8").split("\n\n")]
    paragraphs = [p[:600] for p in paragraphs if len(p) > 80] or [FALLBACK]
    rng = random.Random(seed)
    dressings = (
        lambda text, n: text,
        lambda text, n: f"<b>Håller med!</b> {text}",
        lambda text, n: f"<blockquote>{text[:120]}</blockquote>\n\n{text[120:]} <i>/läsare</i>",
        lambda text, n: f"{text} Se https://example.se/artikel/{n} för mer.",
        lambda text, n: f'{text} <a href="https://kommun.example.se/{n}">Källa</a>, <em>sid. {n}</em>.',
    )
    return [rng.choice(dressings)(rng.choice(paragraphs), n) for n in range(count)]


def table(rounds: int, count: int) -> list[str]:
    """The report's lines: µs per comment for each contender, then the per-round ratios."""
    times = interleaved(contenders(WORDPRESS_POLICY), {"comments": comments(count)}, rounds)["comments"]
    lines = [f"{count} realistic comments, {rounds} rounds; CPU µs per comment, median [min-max]"]
    lines += [f"  {name:<14} {spread(values, 1e6)}" for name, values in times.items()]
    for peer in (name for name in times if name != OURS):
        ratios = per_round(times[OURS], times[peer])
        lines.append(f"  {OURS} / {peer}: {spread(ratios, digits=2)}x per round")
    return lines


def main() -> int:
    """Measure, print, and say whether the 1.3x target against raw bleach is met."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--comments", type=int, default=200)
    args = parser.parse_args()
    lines = table(args.rounds, args.comments)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
