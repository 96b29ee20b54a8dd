r"""The shipped seed: hashed token counts and feature weights from public labelled data; how to build it.

The file holds only derived statistics: for each token id (a 64-bit hash, see
:func:`feature_hash`) how many spam and ham messages held it, with the totals, the feature
configuration, a version and the credits of the data; and the weights a logistic regression
learned per hashed bucket (:mod:`._weights`). No text of any message is in it.

Layout (``seed.bin.gz``, gzip with mtime 0)::

    b"CGSPAMSEED\\n"  uint32 little-endian header length  UTF-8 JSON header (sorted keys)
    records: (int64 id, uint32 spam, uint32 ham) little-endian, sorted by id
    weights: (uint32 bucket, float16 weight) little-endian, sorted by bucket (format 2 only)

The same inputs always give the same bytes (``scripts/build-spam-seed`` checks it).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import struct
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path

from commentguard.spamfilter._features import (
    DEFAULT_CONFIG,
    FeatureConfig,
    counted,
    feature_hash,
    features,
)
from commentguard.spamfilter._model import Seed, Totals
from commentguard.spamfilter._weights import WEIGHTS_CONFIG, Weights, learn_weights

MAGIC = b"CGSPAMSEED\n"
FORMAT = 2
SEED_FILE = "seed.bin.gz"
DEFAULT_MIN_COUNT = 3
"""Tokens held by fewer messages than this are dropped: rare tokens are mostly noise and size."""

SITE_ONLY_PREFIXES = (
    "len:",
    "caps:",
    "digits:",
    "emoji:",
    "run:",
    "links:",
    "tld:",
    "num:",
    "money",
    "phone",
    "b:",
)
SITE_ONLY_WORDS = frozenset({"http", "https", "www", "com"})
"""Features a seed leaves out: how long, loud or numeric messages are, and whether they link at
all, mean different things in different media (SMS, YouTube, a Swedish blog where readers link
their own blogs), so only the site's own moderators can teach them. Specific hosts stay. Word
pairs (``b:``) are left out too: a seed's pairs are its medium's phrasing, and a YouTube-only
seed with them filed 1.1 % of SMS ham (the gate is 0.5 %) against 0.04 % without."""

_RECORD = struct.Struct("<qII")
_WEIGHT = struct.Struct("<Ie")
_HEADER_LENGTH = struct.Struct("<I")


def count_tokens(items: Iterable[tuple[Iterable[str], bool]]) -> tuple[dict[int, tuple[int, int]], Totals]:
    """Train-style counts over ``(features, is_spam)`` pairs, keyed by token id."""
    spam_counts: Counter[int] = Counter()
    ham_counts: Counter[int] = Counter()
    spam = ham = 0
    for tokens, is_spam in items:
        ids = {feature_hash(token) for token in tokens}
        if is_spam:
            spam_counts.update(ids)
            spam += 1
        else:
            ham_counts.update(ids)
            ham += 1
    counts = {
        token_id: (spam_counts[token_id], ham_counts[token_id])
        for token_id in spam_counts.keys() | ham_counts.keys()
    }
    return counts, Totals(spam, ham)


def build_seed(
    items: Iterable[tuple[str, bool]],
    *,
    config: FeatureConfig = DEFAULT_CONFIG,
    min_count: int = DEFAULT_MIN_COUNT,
    credits: Sequence[str] = (),
    weights: bool = True,
) -> Seed:
    """A seed from ``(sanitized text, is_spam)`` pairs, rare tokens pruned; ``weights``: learn them too."""
    made_with = weights_config(config) if weights else config
    return seed_from_features(
        [(features(text, made_with), is_spam) for text, is_spam in items],
        config=config,
        min_count=min_count,
        credits=credits,
        weights=weights,
    )


def weights_config(config: FeatureConfig = DEFAULT_CONFIG) -> FeatureConfig:
    """The features a seed's weights read: ``config``'s plus the n-grams of :data:`WEIGHTS_CONFIG`."""
    return replace(config, ngrams=WEIGHTS_CONFIG.ngrams)


def seed_from_features(
    items: Iterable[tuple[Iterable[str], bool]],
    *,
    config: FeatureConfig = DEFAULT_CONFIG,
    min_count: int = DEFAULT_MIN_COUNT,
    credits: Sequence[str] = (),
    weights: bool = False,
) -> Seed:
    """Like :func:`build_seed` from features already made (the evaluation reuses them).

    The features are made with ``config``, or with :func:`weights_config` of it when
    ``weights`` is true (the counts then leave the n-grams out, as stores do).
    """
    items = list(items)
    counts, totals = count_tokens(
        (
            [t for t in counted(tokens) if not t.startswith(SITE_ONLY_PREFIXES) and t not in SITE_ONLY_WORDS],
            is_spam,
        )
        for tokens, is_spam in items
    )
    kept = {token_id: pair for token_id, pair in sorted(counts.items()) if pair[0] + pair[1] >= min_count}
    learned = learn_weights(items, config=weights_config(config)) if weights else None
    digest = hashlib.blake2b(digest_size=6)
    for token_id, (spam, ham) in kept.items():
        digest.update(_RECORD.pack(token_id, spam, ham))
    if learned is not None:
        digest.update(_weight_records(learned))
    version = f"{totals.spam}s{totals.ham}h-{digest.hexdigest()}"
    return Seed(kept, totals, config.name, version, tuple(credits), learned)


def _weight_records(weights: Weights) -> bytes:
    """The weights' body: (bucket, half-precision weight) records sorted by bucket."""
    return b"".join(_WEIGHT.pack(bucket, weights.table[bucket]) for bucket in sorted(weights.table))


def dump_seed(seed: Seed) -> bytes:
    """The seed as file bytes; byte-identical for equal seeds (sorted, gzip mtime 0)."""
    header = json.dumps(
        {
            "format": FORMAT,
            "version": seed.version,
            "feature_config": seed.feature_config,
            "totals": {"spam": seed.totals.spam, "ham": seed.totals.ham},
            "records": len(seed.counts),
            "credits": list(seed.credits),
            "weights": None
            if seed.weights is None
            else {
                "bits": seed.weights.bits,
                "bias": seed.weights.bias,
                "feature_config": seed.weights.feature_config,
                "records": len(seed.weights.table),
            },
        },
        sort_keys=True,
        ensure_ascii=True,
        separators=(",", ":"),
    ).encode("ascii")
    body = b"".join(_RECORD.pack(token_id, *seed.counts[token_id]) for token_id in sorted(seed.counts))
    if seed.weights is not None:
        body += _weight_records(seed.weights)
    payload = MAGIC + _HEADER_LENGTH.pack(len(header)) + header + body
    return gzip.compress(payload, compresslevel=9, mtime=0)


def payload_of(data: bytes) -> bytes:
    """The uncompressed content of seed file bytes (equal across zlib builds, unlike the gzip)."""
    return gzip.decompress(data)


def load_seed(data: bytes) -> Seed:
    """Read seed file bytes written by :func:`dump_seed`.

    Raises:
        ValueError: The bytes are not a seed file of a format this version reads.

    """
    try:
        payload = gzip.decompress(data)
    except (OSError, EOFError) as exc:
        raise ValueError(f"not a gzip seed file: {exc}") from exc
    if not payload.startswith(MAGIC):
        raise ValueError("not a commentguard spam seed file")
    offset = len(MAGIC)
    (header_length,) = _HEADER_LENGTH.unpack_from(payload, offset)
    offset += _HEADER_LENGTH.size
    header = json.loads(payload[offset : offset + header_length])
    offset += header_length
    if header.get("format") not in (1, FORMAT):
        raise ValueError(f"seed format {header.get('format')!r} is not 1 or {FORMAT}")
    about = header.get("weights")
    body = payload[offset:]
    counts_size = header["records"] * _RECORD.size
    weights_size = 0 if about is None else about["records"] * _WEIGHT.size
    if len(body) != counts_size + weights_size:
        raise ValueError("seed file is truncated")
    counts = {token_id: (spam, ham) for token_id, spam, ham in _RECORD.iter_unpack(body[:counts_size])}
    totals = Totals(int(header["totals"]["spam"]), int(header["totals"]["ham"]))
    weights = None
    if about is not None:
        table = {bucket: float(weight) for bucket, weight in _WEIGHT.iter_unpack(body[counts_size:])}
        weights = Weights(int(about["bits"]), float(about["bias"]), table, str(about["feature_config"]))
    return Seed(
        counts,
        totals,
        str(header["feature_config"]),
        str(header["version"]),
        tuple(header["credits"]),
        weights,
    )


def seed_path() -> Path:
    """Where the shipped seed file lives in the source tree (for the build script)."""
    return Path(__file__).with_name(SEED_FILE)


@functools.cache
def default_seed() -> Seed:
    """The seed shipped with the package, read once per process.

    Raises:
        ValueError: The shipped seed was built with other features than :data:`DEFAULT_CONFIG`.

    """
    data = resources.files("commentguard.spamfilter").joinpath(SEED_FILE).read_bytes()
    seed = load_seed(data)
    expected_weights = weights_config().name
    if seed.weights is not None and seed.weights.feature_config != expected_weights:
        raise ValueError(
            f"the shipped spam seed's weights read {seed.weights.feature_config!r}, this code makes "
            f"{expected_weights!r}: rebuild it with scripts/build-spam-seed"
        )
    if seed.feature_config != DEFAULT_CONFIG.name:
        raise ValueError(
            f"the shipped spam seed has features {seed.feature_config!r}, this code makes "
            f"{DEFAULT_CONFIG.name!r}: rebuild it with scripts/build-spam-seed"
        )
    return seed
