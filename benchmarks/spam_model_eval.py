"""Offline evaluation of the learning spam filter's pure core: which model, which threshold.

Run: ``python benchmarks/spam_model_eval.py`` (``--quick`` for two shuffles and fewer variants).

Needs ``../shared/spam/`` beside the repository (YouTube Spam Collection v1, Alberto, Lochter &
Almeida, "TubeSpam: Comment Spam Filtering on YouTube", ICMLA 2015; SMS Spam Collection v1,
Almeida & Gómez Hidalgo, "Contributions to the study of SMS spam filtering", DocEng 2011; both
UCI Machine Learning Repository, CC BY 4.0) and, for the false-positive gate, ``../shared/seeds``.

Online replay, as a site's moderators would train it: the comments are shuffled with
``random.Random(s)`` for s = 1..5; each is scored, then trained with its true label. YouTube is
evaluated leave-one-video-out (the seed is built from the other four videos and SMS); SMS with a
seed from YouTube only. Per set it prints the share of spam and of ham scored at or above each
threshold, median [min-max] over the shuffles, and a learning curve per 100 comments. Variants:
words only, words + character n-grams, with and without the seed, other seed weights, and an
online logistic regression over the same hashed features as the reference, read at the ham rate
the chosen model has (an oracle threshold, which flatters the baseline). The threshold
(``SPAM_THRESHOLD``) was chosen on the YouTube folds and is reported unchanged on SMS; nothing is
tuned per set.

Then the gates: the shipped-configuration seed alone scores no Swedish paragraph of
``../shared/seeds`` at or above the threshold, and a YouTube-only seed scores at most 0.5 % of
SMS ham there. Finally the CPU cost of scoring one ~500-character comment.
"""

from __future__ import annotations

import argparse
import html
import json
import math
import random
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from commentguard.spamfilter import (
    DEFAULT_CONFIG,
    DEFAULT_PARAMS,
    HOLD_THRESHOLD,
    SPAM_THRESHOLD,
    FeatureConfig,
    MemoryCounts,
    Params,
    Seed,
    feature_hash,
    features,
    score,
)
from commentguard.spamfilter._seed import seed_from_features, weights_config

if not __package__:  # run as a script (python benchmarks/spam_model_eval.py): make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.spam_models import Ensemble

SHARED = Path(__file__).resolve().parents[2] / "shared"
THRESHOLDS = (0.9, 0.95, 0.98, 0.99, 0.999)
HOLD_CANDIDATES = (0.5, 0.6, 0.7, 0.8, 0.9)  # HOLD_THRESHOLD is chosen among these on YouTube
SHUFFLES = (1, 2, 3, 4, 5)
MAX_HAM = 0.005
TARGETS = {"youtube": 0.80, "sms": 0.85}


@dataclass(frozen=True)
class Item:
    """One labelled message."""

    text: str
    spam: bool
    group: str


@dataclass(frozen=True)
class Variant:
    """A model to compare: features, whether a seed is used, classifier constants."""

    name: str
    config: FeatureConfig
    seeded: bool
    params: Params = DEFAULT_PARAMS
    logistic: bool = False
    ensemble: bool = False
    weights: bool = False


def load(name: str) -> list[Item]:
    """The labelled messages of ``../shared/spam/<name>.json``."""
    raw = json.loads((SHARED / "spam" / f"{name}.json").read_text(encoding="utf-8"))
    return [Item(entry["text"], bool(entry["spam"]), str(entry["group"])) for entry in raw]


class FeatureCache:
    """Features per (configuration, text), made once for all variants and shuffles."""

    def __init__(self) -> None:
        self._cache: dict[tuple[FeatureConfig, str], list[str]] = {}

    def __call__(self, text: str, config: FeatureConfig = DEFAULT_CONFIG) -> list[str]:
        """The features of ``text`` with ``config``."""
        key = (config, text)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = features(text, config)
        return found


def make_seed(
    items: Sequence[Item], config: FeatureConfig, cache: FeatureCache, *, weights: bool = False
) -> Seed:
    """A seed as ``scripts/build-spam-seed`` makes it (with ``weights``), from ``items``."""
    made_with = weights_config(config) if weights else config
    return seed_from_features(
        ((cache(item.text, made_with), item.spam) for item in items), config=config, weights=weights
    )


class Logistic:
    """Online logistic regression over hashed features: the reference baseline."""

    def __init__(self, bits: int = 20, rate: float = 0.2) -> None:
        self.mask = (1 << bits) - 1
        self.weights: dict[int, float] = {}
        self.bias = 0.0
        self.rate = rate

    def _index(self, tokens: Sequence[str]) -> list[int]:
        return sorted({feature_hash(token) & self.mask for token in tokens})

    def score(self, tokens: Sequence[str]) -> float:
        """P(spam) for these features."""
        index = self._index(tokens)
        scale = 1.0 / math.sqrt(len(index) or 1)
        z = self.bias + scale * sum(self.weights.get(i, 0.0) for i in index)
        return 1.0 / (1.0 + math.exp(-max(min(z, 35.0), -35.0)))

    def train(self, tokens: Sequence[str], spam: bool) -> None:
        """One SGD step on the log loss."""
        index = self._index(tokens)
        scale = 1.0 / math.sqrt(len(index) or 1)
        z = self.bias + scale * sum(self.weights.get(i, 0.0) for i in index)
        error = (1.0 if spam else 0.0) - 1.0 / (1.0 + math.exp(-max(min(z, 35.0), -35.0)))
        step = self.rate * error
        self.bias += step * 0.1
        for i in index:
            self.weights[i] = self.weights.get(i, 0.0) + step * scale


def replay(
    items: Sequence[Item], variant: Variant, seed_items: Sequence[Item], shuffle: int, cache: FeatureCache
) -> list[tuple[float, bool]]:
    """Score then train each item in a shuffled order; the (score, is_spam) of each, in order."""
    order = list(items)
    random.Random(shuffle).shuffle(order)
    out: list[tuple[float, bool]] = []
    if variant.ensemble:
        seed_texts = [(cache(item.text, variant.config), item.spam) for item in seed_items]
        ensemble = Ensemble(seeds(variant.config, seed_items, cache), seed_texts)
        for item in order:
            tokens = cache(item.text, variant.config)
            out.append((ensemble.score(tokens), item.spam))
            ensemble.train(tokens, item.spam)
        return out
    if variant.logistic:
        model = Logistic()
        if variant.seeded:
            pretrain = list(seed_items)
            random.Random(shuffle).shuffle(pretrain)
            for item in pretrain:
                model.train(cache(item.text, variant.config), item.spam)
        for item in order:
            tokens = cache(item.text, variant.config)
            out.append((model.score(tokens), item.spam))
            model.train(tokens, item.spam)
        return out
    seed = seeds(variant.config, seed_items, cache, weights=variant.weights) if variant.seeded else None
    made_with = weights_config(variant.config) if variant.weights else variant.config
    counts = MemoryCounts()
    for item in order:
        tokens = cache(item.text, made_with)
        out.append(
            (score(tokens, counts.lookup, counts.totals, seed=seed, params=variant.params).score, item.spam)
        )
        counts.train(tokens, spam=item.spam)
    return out


_SEEDS: dict[tuple[FeatureConfig, bool, tuple[int, ...]], Seed] = {}


def seeds(
    config: FeatureConfig, seed_items: Sequence[Item], cache: FeatureCache, *, weights: bool = False
) -> Seed:
    """The seed of ``seed_items`` with ``config`` (and ``weights``), built once."""
    key = (config, weights, (*(id(item) for item in seed_items[:3]), len(seed_items)))
    if key not in _SEEDS:
        _SEEDS[key] = make_seed(seed_items, config, cache, weights=weights)
    return _SEEDS[key]


def rates(results: Sequence[tuple[float, bool]], threshold: float) -> tuple[float, float]:
    """(share of spam, share of ham) scored at or above ``threshold``."""
    spam = [s for s, is_spam in results if is_spam]
    ham = [s for s, is_spam in results if not is_spam]
    return (
        sum(s >= threshold for s in spam) / max(len(spam), 1),
        sum(s >= threshold for s in ham) / max(len(ham), 1),
    )


def oracle_rate(results: Sequence[tuple[float, bool]], max_ham: float) -> float:
    """The most spam any threshold files while filing at most ``max_ham`` of the ham."""
    ham = sorted((s for s, is_spam in results if not is_spam), reverse=True)
    allowed = math.floor(max_ham * len(ham))
    # A threshold just above the (allowed+1)-th highest ham score.
    cut = ham[allowed] if allowed < len(ham) else -1.0
    spam = [s for s, is_spam in results if is_spam]
    return sum(s > cut for s in spam) / max(len(spam), 1)


def spread(values: Sequence[float]) -> str:
    """Median [min-max] in percent."""
    return f"{100 * statistics.median(values):5.1f} [{100 * min(values):5.1f}-{100 * max(values):5.1f}]"


def evaluate_set(
    name: str, folds: list[tuple[list[Item], list[Item]]], variants: Sequence[Variant], cache: FeatureCache
) -> dict[str, list[list[tuple[float, bool]]]]:
    """Every variant on every shuffle; folds are (evaluated items, seed items). Results pool folds."""
    pooled: dict[str, list[list[tuple[float, bool]]]] = {}
    for variant in variants:
        started = time.process_time()
        runs = []
        for shuffle in SHUFFLES:
            run: list[tuple[float, bool]] = []
            for items, seed_items in folds:
                run.extend(replay(items, variant, seed_items, shuffle, cache))
            runs.append(run)
        pooled[variant.name] = runs
        line = f"  {variant.name:<34}"
        if variant.logistic:
            line += " oracle threshold at <=0.5 % ham: spam " + spread(
                [oracle_rate(r, MAX_HAM) for r in runs]
            )
        else:
            for threshold in THRESHOLDS:
                pairs = [rates(r, threshold) for r in runs]
                spam, ham = spread([p[0] for p in pairs]), spread([p[1] for p in pairs])
                line += f" | >={threshold:.3g} spam {spam} ham {ham}"
            line += " | best<=0.5%ham " + spread([oracle_rate(r, MAX_HAM) for r in runs])
        print(f"{line}  ({time.process_time() - started:.1f} s)")
    return pooled


def learning_curve(runs: Sequence[Sequence[tuple[float, bool]]], threshold: float, per_fold: int) -> str:
    """Spam and ham filed per block of 100 comments (pooled over shuffles)."""
    blocks = []
    for start in range(0, per_fold, 100):
        block = [pair for run in runs for pair in run[start : start + 100]]
        spam, ham = rates(block, threshold)
        blocks.append(f"{start + 100:>5}: {100 * spam:5.1f}/{100 * ham:4.1f}")
    return "\n".join("    " + "  ".join(blocks[i : i + 5]) for i in range(0, len(blocks), 5))


def youtube_curve(
    runs: Sequence[Sequence[tuple[float, bool]]], folds: Sequence[int], threshold: float
) -> str:
    """The learning curve of each left-out video, each fold's replay starting from its seed."""
    per_fold: list[list[tuple[float, bool]]] = []
    for run in runs:
        position = 0
        for size in folds:
            per_fold.append(list(run[position : position + size]))
            position += size
    return learning_curve(per_fold, threshold, max(folds))


def paragraphs() -> list[str]:
    """The paragraphs of the Swedish blog posts in ../shared/seeds (split on blank lines)."""
    out = []
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            if block.strip():
                out.append(block.strip())
    return out


def gates(config: FeatureConfig, youtube: list[Item], sms: list[Item], cache: FeatureCache) -> bool:
    """The false-positive gates of the seed alone; True when they hold."""
    full = make_seed(youtube + sms, config, cache, weights=True)
    made_with = weights_config(config)
    empty = MemoryCounts()
    swedish = paragraphs()
    # The posts are plain text; as comments they would reach us escaped by the sanitizer.
    scores = [
        score(features(html.escape(p), made_with), empty.lookup, empty.totals, seed=full).score
        for p in swedish
    ]
    above = [s for s in scores if s >= SPAM_THRESHOLD]
    held = sum(s >= HOLD_THRESHOLD for s in scores)
    print(
        f"  Swedish paragraphs ({len(swedish)}): {len(above)} at or above {SPAM_THRESHOLD} "
        f"({held} at or above the hold threshold {HOLD_THRESHOLD}); "
        f"highest {max(scores):.3f}, median {statistics.median(scores):.3f}"
    )
    yt_seed = make_seed(youtube, config, cache, weights=True)
    sms_scores = [
        (score(cache(i.text, made_with), empty.lookup, empty.totals, seed=yt_seed).score, i.spam) for i in sms
    ]
    spam, ham = rates(sms_scores, SPAM_THRESHOLD)
    print(
        f"  YouTube-only seed on SMS, no training: ham filed {100 * ham:.2f} %, spam filed {100 * spam:.1f} %"
    )
    return not above and ham <= MAX_HAM


def cost(config: FeatureConfig, seed: Seed) -> None:
    """CPU time of features (made with ``config``) + score for a ~500-character comment against the seed."""
    text = (
        'Hej! Tack för ett fint inlägg, vi var i Finspång i somras. Check out my <a href="http://'
        'bit.ly/x" rel="nofollow ugc">channel</a> and subscribe, I make music videos!!! '
    ) * 4
    text = text[:500]
    counts = MemoryCounts()
    for _ in range(50):
        score(features(text, config), counts.lookup, counts.totals, seed=seed)
    runs = 2000
    started = time.process_time()
    for _ in range(runs):
        score(features(text, config), counts.lookup, counts.totals, seed=seed)
    total = (time.process_time() - started) / runs
    started = time.process_time()
    for _ in range(runs):
        features(text, config)
    only = (time.process_time() - started) / runs
    print(
        f"  {len(text)} chars, {len(features(text, config))} features: features {only * 1e6:.0f} µs, "
        f"features + score {total * 1e6:.0f} µs CPU per comment"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation; exit status 1 when a target or gate is missed by the chosen model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer variants")
    args = parser.parse_args(argv)
    if not (SHARED / "spam").is_dir():
        print(f"needs the labelled data at {SHARED / 'spam'}", file=sys.stderr)
        return 2
    wall = time.perf_counter()
    youtube, sms = load("youtube"), load("sms")
    cache = FeatureCache()
    grams = FeatureConfig(ngrams=(3, 4, 5))
    words = FeatureConfig(bigrams=False)
    old = Params(s=0.45)
    chosen = Variant("counts + seed weights (shipped)", DEFAULT_CONFIG, seeded=True, weights=True)
    variants = [
        Variant("words+pairs+meta, no seed", DEFAULT_CONFIG, seeded=False),
        chosen,
        Variant("counts, seed without weights (before)", DEFAULT_CONFIG, seeded=True),
        Variant("words+meta, seed s=0.45 (before)", words, seeded=True, params=old),
        Variant("words+meta, seed", words, seeded=True),
        Variant("words+pairs+meta, seed s=0.45", DEFAULT_CONFIG, seeded=True, params=old),
        Variant("words+pairs+meta, seed m=1000", DEFAULT_CONFIG, seeded=True, params=Params(seed_mass=1000)),
        Variant("words+pairs+meta, seed k=1000", DEFAULT_CONFIG, seeded=True, params=Params(seed_k=1000)),
        Variant("words+pairs (no meta), seed", FeatureConfig(meta=False), seeded=True),
        Variant("logistic words+pairs+meta, no seed", DEFAULT_CONFIG, seeded=False, logistic=True),
        Variant("logistic words+pairs+meta, seed pretrain", DEFAULT_CONFIG, seeded=True, logistic=True),
        Variant("logistic words+pairs+3-5grams, seed", grams, seeded=True, logistic=True),
        Variant("ensemble, weights also learn on site", grams, seeded=True, ensemble=True),
    ]
    if args.quick:
        variants = [variants[0], chosen, variants[2], variants[9], variants[-1]]
    videos = sorted({item.group for item in youtube})
    youtube_folds = [
        ([i for i in youtube if i.group == video], [i for i in youtube if i.group != video] + sms)
        for video in videos
    ]
    ok = True
    print(f"YouTube, leave one video out ({', '.join(videos)}); seed = other videos + SMS")
    yt = evaluate_set("youtube", youtube_folds, variants, cache)
    print("SMS; seed = YouTube")
    sm = evaluate_set("sms", [(sms, youtube)], variants, cache)
    for name, runs, target in (
        ("youtube", yt[chosen.name], TARGETS["youtube"]),
        ("sms", sm[chosen.name], TARGETS["sms"]),
    ):
        pairs = [rates(r, SPAM_THRESHOLD) for r in runs]
        spam = statistics.median(p[0] for p in pairs)
        ham = max(p[1] for p in pairs)
        met = spam >= target and ham <= MAX_HAM
        ok &= met
        print(
            f"target {name}: spam filed median {100 * spam:.1f} % (>= {100 * target:.0f} %), "
            f"ham filed worst {100 * ham:.2f} % (<= 0.5 %): {'met' if met else 'MISSED'}"
        )
    print(f"hold band, {chosen.name}: spam% / ham% scored at or above each candidate (median)")
    for name, runs in (("youtube", yt[chosen.name]), ("sms", sm[chosen.name])):
        cells = []
        for threshold in HOLD_CANDIDATES:
            pairs = [rates(r, threshold) for r in runs]
            spam, ham = (statistics.median(p[i] for p in pairs) for i in (0, 1))
            cells.append(f">={threshold:g} {100 * spam:5.1f}/{100 * ham:4.1f}")
        print(f"  {name:<8} " + "  ".join(cells))
    print(
        f"learning curve, {chosen.name}, threshold {SPAM_THRESHOLD}: "
        "after N comments: spam%/ham% filed in the block"
    )
    print("  YouTube (each left-out video from its seed; blocks pool videos and shuffles)")
    print(youtube_curve(yt[chosen.name], [len(f[0]) for f in youtube_folds], SPAM_THRESHOLD))
    print("  SMS")
    print(learning_curve(sm[chosen.name], SPAM_THRESHOLD, len(sms)))
    print("gates (seed alone, nothing trained by the site)")
    ok &= gates(DEFAULT_CONFIG, youtube, sms, cache)
    print("cost")
    cost(DEFAULT_CONFIG, make_seed(youtube + sms, DEFAULT_CONFIG, cache))
    cost(weights_config(DEFAULT_CONFIG), make_seed(youtube + sms, DEFAULT_CONFIG, cache, weights=True))
    print(f"wall time {time.perf_counter() - wall:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
