"""The shipped seed: readable, free of text, reproducible, and harmless to Swedish comments."""

from __future__ import annotations

import functools
import gzip
import html
import json
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from commentguard.spamfilter import (
    DEFAULT_CONFIG,
    SPAM_THRESHOLD,
    MemoryCounts,
    Seed,
    Totals,
    Weights,
    build_seed,
    default_seed,
    dump_seed,
    features,
    load_seed,
    score,
    weights_config,
)
from commentguard.spamfilter._seed import SEED_FILE, payload_of, seed_path
from commentguard.spamfilter._weights import half_precision

from ..conftest import require

ROOT = Path(__file__).parents[2]
SHARED = ROOT.parent / "shared"
SPAM_DATA = SHARED / "spam"
SWEDISH_POSTS = SHARED / "seeds"

# Ordinary comments on a Swedish blog: none may be filed as spam by the seed alone.
SWEDISH_COMMENTS = [
    "Tack för ett fint inlägg! Vi var i Finspång i somras och höll med om allt.",
    "Vilken bra sammanfattning, jag delar den med mina kollegor.",
    "Håller inte riktigt med om det sista stycket, men annars klokt skrivet.",
    "Var hittar man rapporten som du nämner? Länken verkar inte fungera.",
    "Kul att läsa! Jag jobbade själv på SSAB i tio år.",
    "Tack! Ser fram emot nästa del.",
    "Det här borde fler politiker läsa. Bra jobbat!",
    "Hej, kan du skriva mer om hur samverkan med landstinget gick till?",
    "Intressant. Hur ser det ut i Norrköping jämfört med Finspång?",
    "Min mamma bor i Valdemarsvik och känner igen sig i mycket av det här.",
    "Grattis till ett år av bloggande! 🎉",
    "Jättebra bilder, vilken kamera använder du?",
    "Jag tycker att kommunen borde satsa mer på kollektivtrafiken.",
    "Äntligen någon som säger det! Stuprören är ett stort problem.",
    "Tack för svaret, nu förstår jag bättre.",
    "Vi ses på mötet på torsdag kl 18.00 i Folkets hus.",
    "Läs gärna min egen text om samma sak på https://www.example.se/blogg/samverkan",
    "Ring mig på 070-123 45 67 om du vill prata mer om projektet.",
    "Det kostar 250 kr per person, anmälan senast fredag.",
    "HELT RÄTT!!! Äntligen!!!",
    "Ha en skön sommar allihop ☀️",
]


def require_spam_data() -> None:
    """Skip (or under CI=true fail) when ../shared/spam is not beside the repository."""
    require(
        SPAM_DATA.is_dir(),
        f"the labelled spam data is not at {SPAM_DATA}: put the project's shared/spam folder "
        "beside the repository to run this test",
    )


@functools.cache
def load(name: str) -> list[tuple[str, bool]]:
    """(text, is_spam) of ../shared/spam/<name>.json."""
    entries = json.loads((SPAM_DATA / f"{name}.json").read_text(encoding="utf-8"))
    return [(entry["text"], bool(entry["spam"])) for entry in entries]


def seed_score(seed: Seed, text: str) -> float:
    """The score of ``text`` on a site that trained nothing, with ``seed`` (read as the filter reads it)."""
    empty = MemoryCounts()
    config = weights_config() if seed.weights is not None else DEFAULT_CONFIG
    return score(features(text, config), empty.lookup, empty.totals, seed=seed).score


def test_dump_and_load_round_trip() -> None:
    """A seed written and read back has the same counts, totals and metadata."""
    seed = Seed({5: (1, 2), -7: (3, 0)}, Totals(4, 2), DEFAULT_CONFIG.name, "v", ("credit",))
    assert load_seed(dump_seed(seed)) == seed
    assert dump_seed(seed) == dump_seed(
        Seed({-7: (3, 0), 5: (1, 2)}, Totals(4, 2), DEFAULT_CONFIG.name, "v", ("credit",))
    )


def test_weights_round_trip_in_half_precision() -> None:
    """A seed's weights are written and read back exactly (they are kept in half precision already)."""
    weights = Weights(12, -0.75, {3: half_precision(0.3), 4095: half_precision(-1.234567)}, "cfg")
    seed = Seed({5: (1, 2)}, Totals(4, 2), DEFAULT_CONFIG.name, "v", ("credit",), weights)
    loaded = load_seed(dump_seed(seed))
    assert loaded == seed
    assert loaded.weights is not None
    assert loaded.weights.table[4095] != -1.234567  # rounded, so what is written is what is read


def test_a_format_1_seed_without_weights_still_loads() -> None:
    """A seed file of format 1 (counts only, no weights section) reads as a seed without weights."""
    header = json.dumps(
        {
            "format": 1,
            "version": "old",
            "feature_config": DEFAULT_CONFIG.name,
            "totals": {"spam": 1, "ham": 1},
            "records": 1,
            "credits": [],
        }
    ).encode()
    payload = b"CGSPAMSEED\n" + struct.pack("<I", len(header)) + header + struct.pack("<qII", 9, 1, 0)
    seed = load_seed(gzip.compress(payload))
    assert seed.counts == {9: (1, 0)}
    assert seed.weights is None


def test_a_seed_whose_weights_are_cut_short_is_refused() -> None:
    """A seed file missing the end of its weights section is a ValueError, not fewer weights."""
    weights = Weights(12, 0.0, {3: 0.5, 7: -0.5}, "cfg")
    data = gzip.decompress(dump_seed(Seed({}, Totals(), DEFAULT_CONFIG.name, weights=weights)))
    with pytest.raises(ValueError, match="truncated"):
        load_seed(gzip.compress(data[:-2]))


def test_load_refuses_what_is_not_a_seed() -> None:
    """Bytes that are not a seed file are a ValueError, not garbage counts."""
    with pytest.raises(ValueError, match="gzip"):
        load_seed(b"not gzip")
    with pytest.raises(ValueError, match="not a commentguard"):
        load_seed(gzip.compress(b"hello"))


def test_shipped_seed_loads_small_credited_and_textless() -> None:
    """The shipped seed matches the code's features, is under 300 KB, credits its data and holds no words."""
    seed = default_seed()
    assert seed.feature_config == DEFAULT_CONFIG.name
    assert seed.weights is not None
    assert seed.weights.feature_config == weights_config().name
    assert len(seed.weights.table) > 10_000
    assert seed.totals.spam > 1000
    assert seed.totals.ham > 1000
    assert any("TubeSpam" in credit for credit in seed.credits)
    assert any("SMS Spam Collection" in credit for credit in seed.credits)
    data = seed_path().read_bytes()
    assert len(data) < 300_000
    payload = payload_of(data)
    for word in (b"subscribe", b"channel", b"free", b"check"):
        assert word not in payload


def test_seed_file_is_reproducible(tmp_path: Path) -> None:
    """scripts/build-spam-seed rebuilds the shipped seed exactly, and twice to the same bytes."""
    require_spam_data()
    for out in (tmp_path / "a", tmp_path / "b"):
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "build-spam-seed"),
                "--data",
                str(SPAM_DATA),
                "--out",
                str(out),
            ],
            check=True,
            capture_output=True,
        )
    first, second = (tmp_path / "a" / SEED_FILE).read_bytes(), (tmp_path / "b" / SEED_FILE).read_bytes()
    assert first == second
    # The gzip stream can differ between zlib builds; what it holds may not.
    assert payload_of(first) == payload_of(seed_path().read_bytes())


def test_seed_alone_files_no_ordinary_swedish_comment() -> None:
    """On a site that trained nothing, the shipped seed files none of 21 ordinary Swedish comments."""
    seed = default_seed()
    scores = {comment: seed_score(seed, html.escape(comment)) for comment in SWEDISH_COMMENTS}
    assert {c: s for c, s in scores.items() if s >= SPAM_THRESHOLD} == {}


def test_seed_alone_files_no_swedish_blog_paragraph() -> None:
    """The shipped seed files no paragraph of the Swedish blog posts in ../shared/seeds."""
    require(
        SWEDISH_POSTS.is_dir(),
        f"the Swedish posts are not at {SWEDISH_POSTS}: put the project's shared/seeds folder "
        "beside the repository to run this test",
    )
    seed = default_seed()
    paragraphs = [
        block.strip()
        for path in sorted(SWEDISH_POSTS.glob("*.txt"))
        for block in path.read_text(encoding="utf-8").split("\n\n")
        if block.strip()
    ]
    assert len(paragraphs) > 20
    filed = [p[:60] for p in paragraphs if seed_score(seed, html.escape(p)) >= SPAM_THRESHOLD]
    assert filed == []


def test_youtube_seed_files_almost_no_sms_ham() -> None:
    """A seed from YouTube alone files at most 0.5 % of SMS ham (another medium) and most of its spam."""
    require_spam_data()
    seed = build_seed(load("youtube"))
    ham = [text for text, spam in load("sms") if not spam]
    filed = sum(seed_score(seed, html.escape(text)) >= SPAM_THRESHOLD for text in ham)
    assert filed <= 0.005 * len(ham)


def test_seed_ranks_spam_of_a_video_it_never_saw_above_its_ham() -> None:
    """A seed without the Psy video, alone, scores that video's spam above its ham and files no ham."""
    require_spam_data()
    youtube = json.loads((SPAM_DATA / "youtube.json").read_text(encoding="utf-8"))
    seed = build_seed([(e["text"], bool(e["spam"])) for e in youtube if e["group"] != "Psy"] + load("sms"))
    psy = [(seed_score(seed, e["text"]), bool(e["spam"])) for e in youtube if e["group"] == "Psy"]
    spam = [value for value, is_spam in psy if is_spam]
    ham = [value for value, is_spam in psy if not is_spam]
    assert sum(spam) / len(spam) > sum(ham) / len(ham) + 0.1
    assert not any(value >= SPAM_THRESHOLD for value in ham)
