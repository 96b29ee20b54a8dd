"""The contenders of the sanitizer benchmarks, and the one way they are all measured.

Each contender is reused across calls, as a site reuses its sanitizer: ``sanitize`` (whose
engine is cached per thread), a raw bleach ``Cleaner`` built once with the policy's
whitelist, and a raw ``nh3.Cleaner`` likewise when nh3 is installed (``commentguard[fast]``).
Timing is CPU time (``time.process_time``: the machine is shared, wall clock measures the
neighbours) in interleaved rounds: every contender once per round, in shuffled order, so a
burst of load lands on all of them alike. Figures are median [min-max]; ratios are taken per
round, against the peer measured in that same round.
"""

from __future__ import annotations

import importlib.util
import random
import statistics
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar

import bleach

from commentguard import Policy, sanitize

Sanitizer = Callable[[str], str]
OURS, BLEACH, NH3 = "commentguard", "raw bleach", "raw nh3"
K = TypeVar("K")


def contenders(policy: Policy) -> dict[str, Sanitizer]:
    """``sanitize`` under ``policy`` and the raw peers with the same whitelist, each reused."""
    cleaner = bleach.Cleaner(
        tags=set(policy.tags),
        attributes={tag: sorted(attrs) for tag, attrs in policy.tags.items()},
        protocols=sorted(policy.url_schemes),
        strip=True,
    )
    found: dict[str, Sanitizer] = {
        OURS: lambda html: str(sanitize(html, policy)),
        BLEACH: cleaner.clean,
    }
    if importlib.util.find_spec("nh3") is not None:
        import nh3  # the [fast] extra: optional here

        native = nh3.Cleaner(
            tags=set(policy.tags),
            attributes={tag: set(attrs) for tag, attrs in policy.tags.items()},
            url_schemes=set(policy.url_schemes),
            clean_content_tags=set(policy.drop_content) - set(policy.tags),
            link_rel=policy.link_rel or None,
        )
        found[NH3] = native.clean
    return found


def interleaved(
    sanitizers: dict[str, Sanitizer], groups: Mapping[K, Sequence[str]], rounds: int, seed: int = 13
) -> dict[K, dict[str, list[float]]]:
    """CPU seconds per input, one figure per round, for each group of inputs and each contender.

    A round runs every contender, in a fresh shuffled order, over every group: figures of
    the same round were taken close together in time, so their ratios are fair.
    """
    for clean in sanitizers.values():  # warm up: engines built, caches filled, before any timing
        for inputs in groups.values():
            clean(inputs[0])
    times: dict[K, dict[str, list[float]]] = {key: {name: [] for name in sanitizers} for key in groups}
    order, rng = list(sanitizers), random.Random(seed)
    for _ in range(rounds):
        for key, inputs in groups.items():
            rng.shuffle(order)
            for name in order:
                clean = sanitizers[name]
                started = time.process_time()
                for html in inputs:
                    clean(html)
                times[key][name].append((time.process_time() - started) / len(inputs))
    return times


def per_round(values: Sequence[float], base: Sequence[float]) -> list[float]:
    """Each round's ``values`` over the same round's ``base``."""
    return [v / max(b, 1e-9) for v, b in zip(values, base, strict=True)]


def spread(values: Iterable[float], scale: float = 1.0, digits: int = 0) -> str:
    """``median [min-max]`` of ``values`` times ``scale``."""
    scaled = sorted(v * scale for v in values)
    return f"{statistics.median(scaled):.{digits}f} [{scaled[0]:.{digits}f}-{scaled[-1]:.{digits}f}]"
