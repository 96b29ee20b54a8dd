"""issue 9's evaluation data and settings: the labelled sets, their folds and seeds, the targets."""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from ipaddress import IPv4Address
from pathlib import Path

from benchmarks.spam_model_eval import FeatureCache
from benchmarks.spam_model_eval import Item as Item  # re-exported: the one labelled-message type
from commentguard import (
    Check,
    LearningFilter,
    Status,
    default_checks,
)
from commentguard.spamfilter import (
    DEFAULT_CONFIG,
    FeatureConfig,
    Seed,
)
from commentguard.spamfilter._seed import seed_from_features, weights_config

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "spam"
SETS = ("youtube", "sms")
SCENARIOS = ("immediate", "daily", "trusted")
SHUFFLES = (1, 2, 3, 4, 5)
SECRET = "spam-eval-secret"  # noqa: S105 - signs form tokens inside this run only
MODERATOR = "eval-moderator"
START = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)
MAX_HAM = 0.005
TARGETS = {"youtube": 0.80, "sms": 0.85}
MAX_TRUSTED_PUBLISHED = 50  # per 1,000 spam
BASELINE_BATCH = 50
BASELINE_CONFIG = FeatureConfig(ngrams=(3, 4, 5))
CREDITS = (
    "YouTube Spam Collection v1: Alberto, Lochter & Almeida, 'TubeSpam: Comment Spam Filtering on "
    "YouTube', ICMLA 2015; UCI Machine Learning Repository; CC BY 4.0",
    "SMS Spam Collection v1: Almeida & Gomez Hidalgo, 'Contributions to the study of SMS spam "
    "filtering', DocEng 2011; UCI Machine Learning Repository; CC BY 4.0",
)
FIRST_NAMES = ("Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Eva", "Per", "Sara", "Nils",
          "Emma", "Oskar", "Linnea", "Anders", "Ida", "Mats", "Frida", "Olof", "Elin", "Gustav")  # fmt: skip
LAST_NAMES = ("Berg", "Lind", "Holm", "Ek", "Strand", "Dahl", "Sjöberg", "Nyström", "Wall", "Falk")
TEST_NETWORK = int(IPv4Address("198.18.0.0"))
FILED = (Status.SPAM.value, Status.TRASH.value)


@dataclass(frozen=True)
class Fold:
    """Items replayed on one fresh store, and the items its seed is built from (never the same)."""

    name: str
    items: tuple[Item, ...]
    seed_items: tuple[Item, ...]


@dataclass(frozen=True)
class Record:
    """What became of one submitted comment.

    ``status`` is the stored status at submit, or ``rejected`` / ``invalid``; ``checks`` names
    the check of each reason; ``position`` counts comments within the fold's replay.
    """

    spam: bool
    status: str
    checks: tuple[str, ...]
    position: int
    text: str


@dataclass
class FoldRun:
    """One replay of one fold on one store."""

    records: list[Record]
    decisions: Counter[str]
    trained: tuple[int, int]
    path: Path | None = None


@dataclass
class Run:
    """One set, one scenario, one shuffle: the folds' records pooled, with what was trained."""

    records: list[Record] = field(default_factory=list)
    decisions: Counter[str] = field(default_factory=Counter)
    trained: tuple[int, int] = (0, 0)
    fold_sizes: list[int] = field(default_factory=list)
    baseline: float | None = None
    cpu: float = 0.0


def load(name: str, data: Path = DATA) -> list[Item]:
    """The labelled messages of ``<data>/<name>.json``."""
    raw = json.loads((data / f"{name}.json").read_text(encoding="utf-8"))
    return [Item(str(entry["text"]), bool(entry["spam"]), str(entry["group"])) for entry in raw]


def folds(name: str, youtube: Sequence[Item], sms: Sequence[Item]) -> list[Fold]:
    """A set's folds: YouTube one per left-out video (seed: other videos + SMS), SMS one (seed: YouTube)."""
    if name == "sms":
        return [Fold("sms", tuple(sms), tuple(youtube))]
    videos = sorted({item.group for item in youtube})
    return [
        Fold(
            video,
            tuple(i for i in youtube if i.group == video),
            tuple(i for i in youtube if i.group != video) + tuple(sms),
        )
        for video in videos
    ]


def fold_seed(fold: Fold, cache: FeatureCache | None = None) -> Seed:
    """The fold's seed, built as ``scripts/build-spam-seed`` builds the shipped one (raw texts, min 3)."""
    make = cache or FeatureCache()
    made_with = weights_config(DEFAULT_CONFIG)
    return seed_from_features(
        ((make(item.text, made_with), item.spam) for item in fold.seed_items),
        config=DEFAULT_CONFIG,
        credits=CREDITS,
        weights=True,
    )


def checks_with(seed: Seed) -> list[Check]:
    """The default checks, the learning filter starting from ``seed`` (default threshold, same place)."""
    return [LearningFilter(seed=seed) if c.name == "learning_filter" else c for c in default_checks()]


def order(items: Sequence[Item], shuffle: int, limit: int | None = None) -> list[Item]:
    """The set shuffled with ``random.Random(shuffle)``, the first ``limit`` kept."""
    shuffled = list(items)
    random.Random(shuffle).shuffle(shuffled)
    return shuffled if limit is None else shuffled[:limit]
