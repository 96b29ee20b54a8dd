"""Turn a sanitized comment into the tokens a learning spam filter counts.

The input is the sanitizer's output: a few inline tags, ``<a href="..." rel="nofollow ugc">``
and escaped entities. It is read with a regular tokenizer for exactly that grammar plus
:func:`html.unescape`, not :class:`html.parser.HTMLParser`: on Python 3.11 that parser is
quadratic on runs of unclosed tags (64 KB of ``<a `` took 40 s), and this function must stay
linear on anything, including raw input that never went through the sanitizer. Every
pattern here is linear (bounded repeats, no nested quantifiers).

Features are plain strings with a prefix naming their kind, so a reason can show them:
words have none; ``host:`` a link's host and its parent domains; ``url:`` words of a link's
path; ``links:``, ``len:``, ``caps:``, ``digits:``, ``emoji:`` buckets; ``run:`` a character
repeated four or more times; ``phone``, ``money``, ``mixed-script`` patterns; ``num:`` the
length of a long number; ``b:`` two adjacent words ("check out", "my channel", "txt stop"), the
Markovian pairs CRM114 and the SpamBayes bigram experiments found to add what single words
miss; ``g:`` character n-grams inside words (obfuscated words share them).
"""

from __future__ import annotations

import functools
import hashlib
import html
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from commentguard._text import scrub_codepoints

MAX_FEATURES = 2000
"""At most this many distinct features per comment, so scoring and training cost is bounded."""

MAX_BIGRAMS = 500
"""At most this many word pairs per comment (the first ones): long texts add little after that."""

FEATURE_VERSION = "cg-spam-features/2"
"""Changes whenever a text would get different features; a seed is only valid for its version."""

NGRAM_PREFIX = "g:"
"""Character n-gram features start with this; stores do not count them (see :func:`counted`)."""

_HASH_PERSON = b"cg-spam-1"

# Tags the sanitizer keeps. Block-level ones separate words; inline ones do not (a spammer's
# "vi<b></b>agra" is one word to a reader, so it is one word here).
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]{0,15})([^<>]{0,4000})>")
_BLOCK_TAGS = frozenset({"blockquote", "br", "p", "div", "li", "ul", "ol", "pre", "hr", "tr", "td"})
_HREF = re.compile(
    r"""\bhref\s*=\s*(?:"([^"]{0,4000})"|'([^']{0,4000})'|([^\s"'>]{1,4000}))""", re.IGNORECASE
)
# Invisible format characters: zero-width joiners used to split words, and the BOM the
# YouTube collection carries at the end of comments.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")

_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")
_URL_IN_TEXT = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]]{1,2000}")
_TLDS = (
    "com|net|org|info|biz|ly|co|io|me|tv|ru|uk|us|se|de|nl|fr|cc|xyz|top|online|site|club|"
    "live|shop|store|gl|gd|tk|ml|ga|cf|gq|pl|in|cn|to|nu|eu|fm|be|ws|ms"
)
# A bare domain, also with spaces around the dot ("weebly . com") as spammers write them.
_BARE_DOMAIN = re.compile(
    r"(?<![\w.@])((?:[a-z0-9][a-z0-9-]{0,62}+\s?\.\s?){1,4}(?:" + _TLDS + r"))(?![\w-])",
)
# Cheap test for the above: most comments name no domain at all.
_DOT_TLD = re.compile(r"\.\s?(?:" + _TLDS + r")(?![\w-])")
_SCHEME_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]{0,20}:)?//([^/?#\\]{0,300})")
_URL_PATH_WORD = re.compile(r"[a-z]{2,20}")
_RUN = re.compile(r"(.)\1{3,}", re.DOTALL)
_PHONE = re.compile(r"(?<!\d)\+?\d[\d \t().-]{6,18}\d(?!\d)")
_MONEY = re.compile(
    r"[$£€¥]\s?\d|\d\s?(?:[$£€¥]|kr\b|sek\b|usd\b|eur\b|gbp\b|dollars?\b|pounds?\b|kronor\b)",
)
_LONG_NUMBER = re.compile(r"\d{5,}")
_UPPER = re.compile("[A-Z\u00c0-\u00d6\u00d8-\u00de\u0391-\u03a9\u0410-\u042f]")
_DIGIT = re.compile(r"\d")
_EMOJI = re.compile("[\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff]")
_LATIN = re.compile("[a-z\u00e0-\u024f]")
_GREEK_CYRILLIC = re.compile("[\u0370-\u03ff\u0400-\u04ff]")
_LENGTH_BUCKETS = (0, 20, 50, 100, 200, 500, 1000, 2000, 5000)
_RATIO_BUCKETS = (0.0, 0.05, 0.15, 0.3, 0.5, 0.75)


@dataclass(frozen=True)
class FeatureConfig:
    """Which optional feature kinds to produce; the defaults are what the shipped seed uses.

    Attributes:
        ngrams: Lengths of character n-grams taken inside each word (empty: none). They let
            "fr33", "freee" and "free" share evidence at the cost of ~10x more features.
        ngram_min_word: Only words at least this long give n-grams (short words are whole
            tokens already).
        meta: Whether to add the bucket and pattern features (length, caps, links, ...).
        bigrams: Whether to add ``b:`` features for adjacent word pairs (at most
            ``MAX_BIGRAMS``). ``benchmarks/spam_model_eval.py`` measures them.

    """

    ngrams: tuple[int, ...] = ()
    ngram_min_word: int = 4
    meta: bool = True
    bigrams: bool = True

    @property
    def name(self) -> str:
        """A stable description, stored in a seed so a mismatched seed can be refused."""
        grams = ",".join(map(str, self.ngrams)) or "-"
        return (
            f"{FEATURE_VERSION};ngrams={grams};min={self.ngram_min_word};meta={int(self.meta)};"
            f"bigrams={int(self.bigrams)}"
        )


DEFAULT_CONFIG = FeatureConfig()


@functools.lru_cache(maxsize=1 << 16)
def feature_hash(feature: str) -> int:
    """A stable signed 64-bit id for ``feature``: the store keeps ids, never comment words.

    BLAKE2b with a fixed personalization, so ids are the same on every machine and in the
    shipped seed. Ids of common words can still be found by hashing a dictionary: they hide
    nothing from someone with the database, they only keep the tables fixed-width and free of
    the commenters' text.
    """
    digest = hashlib.blake2b(
        feature.encode("utf-8", "surrogatepass"), digest_size=8, person=_HASH_PERSON
    ).digest()
    return int.from_bytes(digest, "big", signed=True)


def _bucket(value: float, bounds: tuple[float, ...]) -> str:
    """The largest bound not above ``value``, as text (bounds ascend from the smallest)."""
    chosen = bounds[0]
    for bound in bounds:
        if value >= bound:
            chosen = bound
        else:
            break
    return f"{chosen:g}"


def _split_markup(markup: str) -> tuple[str, list[str]]:
    """The text a reader sees (entities decoded) and the link targets, in linear time."""
    hrefs: list[str] = []
    if "<" not in markup:
        return (html.unescape(markup) if "&" in markup else markup), hrefs
    pieces: list[str] = []
    position = 0
    for tag in _TAG.finditer(markup):
        pieces.append(markup[position : tag.start()])
        position = tag.end()
        name = tag.group(2).lower()
        if name in _BLOCK_TAGS:
            pieces.append("\n")
        if name == "a" and not tag.group(1):
            href = _HREF.search(tag.group(3))
            if href is not None:
                hrefs.append(html.unescape(href.group(1) or href.group(2) or href.group(3) or ""))
    pieces.append(markup[position:])
    text = "".join(pieces)
    return (html.unescape(text) if "&" in text else text), hrefs


def _normalize(text: str) -> str:
    text = _INVISIBLE.sub("", text)
    return unicodedata.normalize("NFKC", text)


def _host_features(host: str, out: list[str]) -> None:
    """``host:`` for the host (without ``www.``) and each parent domain with two or more labels."""
    host = host.rsplit("@", 1)[-1].split(":", 1)[0].strip(". ").replace(" ", "")
    if host.startswith("www."):
        host = host[4:]
    if not host:
        return
    labels = host.split(".")[-6:]
    for start in range(len(labels) - 1):
        out.append("host:" + ".".join(labels[start:]))
    out.append("tld:" + labels[-1])


def _link_features(hrefs: list[str], folded: str, out: list[str]) -> None:
    """Hosts and path words of every link, in markup or written out in the text."""
    targets = {_normalize(href).casefold().strip() for href in hrefs[:50]}
    targets.update(match.group() for match in _URL_IN_TEXT.finditer(folded, 0, 65536))
    hosts: set[str] = set()
    for target in sorted(targets)[:50]:
        with_scheme = target if "//" in target[:30] else "//" + target
        match = _SCHEME_HOST.match(with_scheme)
        if match is None:
            continue
        host = match.group(1).rsplit("@", 1)[-1].split(":", 1)[0].rstrip(".")
        if host.startswith("www."):
            host = host[4:]
        hosts.add(host)
        out.extend("url:" + word for word in _URL_PATH_WORD.findall(with_scheme, match.end(), 400)[:10])
    if _DOT_TLD.search(folded) is None:
        domains: list[re.Match[str]] = []
    else:
        domains = list(_BARE_DOMAIN.finditer(folded, 0, 65536))
    for domain in domains:
        hosts.add(domain.group(1).replace(" ", "").removeprefix("www."))
    for host in sorted(hosts)[:20]:
        _host_features(host, out)
    out.append("links:" + (str(len(hosts)) if len(hosts) < 3 else "3+"))


def _run_kind(char: str) -> str:
    if char.isalpha():
        return "letter"
    if char.isdigit():
        return "digit"
    if char.isspace():
        return "space"
    if _EMOJI.match(char):
        return "emoji"
    return char


def _meta_features(text: str, folded: str, word_chars: int, out: list[str]) -> None:
    """Buckets and patterns that say how a comment looks rather than what it says."""
    length = len(text)
    out.append("len:" + _bucket(length, _LENGTH_BUCKETS))
    if length == 0:
        return
    if word_chars >= 5:
        out.append("caps:" + _bucket(len(_UPPER.findall(text)) / word_chars, _RATIO_BUCKETS))
    digits = len(_DIGIT.findall(text))
    out.append("digits:" + _bucket(digits / length, _RATIO_BUCKETS))
    emoji = len(_EMOJI.findall(text))
    if emoji:
        out.append("emoji:" + _bucket(emoji / length, _RATIO_BUCKETS))
    kinds = {_run_kind(match.group(1)) for match in _RUN.finditer(folded)}
    out.extend("run:" + kind for kind in sorted(kinds)[:20])
    if digits >= 8 and _PHONE.search(folded) is not None:
        out.append("phone")
    if digits and _MONEY.search(folded) is not None:
        out.append("money")
    if _GREEK_CYRILLIC.search(folded) is not None and _LATIN.search(folded) is not None:
        out.append("mixed-script")
    out.extend(f"num:{min(len(number), 20)}" for number in _LONG_NUMBER.findall(folded)[:20])


def _ngrams(words: list[str], sizes: tuple[int, ...], min_word: int, out: list[str]) -> None:
    """Character n-grams inside each word, with ``^``/``$`` marking its edges."""
    for word in words:
        if len(word) < min_word:
            continue
        padded = "^" + word + "$"
        stop = len(padded)
        for size in sizes:
            out.extend([NGRAM_PREFIX + padded[i : i + size] for i in range(stop - size + 1)])
        if len(out) > 4 * MAX_FEATURES:
            return


def counted(tokens: Iterable[str]) -> list[str]:
    """The features a store counts: all but the character n-grams (only seed weights read those)."""
    return [token for token in tokens if not token.startswith(NGRAM_PREFIX)]


def features(markup: str, config: FeatureConfig = DEFAULT_CONFIG) -> list[str]:
    """The distinct features of a sanitized comment, in a fixed order, at most MAX_FEATURES.

    Meta and link features come first, then words in order of appearance, then word pairs,
    then n-grams, so the cap drops the least informative ones. Deterministic, linear in ``len(markup)``, and
    total: any ``str`` (raw HTML, NUL, lone surrogates, 64 KB of emoji) gives a list.
    """
    text, hrefs = _split_markup(scrub_codepoints(markup))
    text = _normalize(text)
    folded = text.casefold()
    out: list[str] = []
    found = _WORD.findall(folded)
    if config.meta:
        _meta_features(text, folded, sum(map(len, found)), out)
        _link_features(hrefs, folded, out)
    del found[4 * MAX_FEATURES :]
    words = [word for word in found if 1 < len(word) < 31 and not (word.isdigit() and len(word) > 4)]
    if found and max(map(len, found)) > 30:
        out.extend(f"skip:{word[0]}{len(word) // 10 * 10}" for word in found if len(word) > 30)
    out.extend(words)
    if config.bigrams:
        # Pairs of every word as written (also one-letter words and numbers, "u 2", "to 80082"),
        # but a too-long word breaks the chain rather than joining its neighbours.
        pairs = [word if len(word) < 31 else "" for word in found[: MAX_BIGRAMS + 1]]
        out.extend(f"b:{first} {second}" for first, second in itertools.pairwise(pairs) if first and second)
    if config.ngrams:
        _ngrams(list(dict.fromkeys(words)), config.ngrams, config.ngram_min_word, out)
    return list(dict.fromkeys(out))[:MAX_FEATURES]
