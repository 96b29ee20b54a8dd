"""features() and feature_hash(): total, deterministic, linear, and saying what a comment holds."""

from __future__ import annotations

import time

from hypothesis import given
from hypothesis import strategies as st

from commentguard.spamfilter import MAX_FEATURES, FeatureConfig, feature_hash, features

ANY_TEXT = st.text(st.characters(blacklist_categories=()), max_size=300)


@given(ANY_TEXT)
def test_features_never_raise_and_are_deterministic(text: str) -> None:
    """Any str, lone surrogates and NUL included, gives the same bounded list of distinct strings twice."""
    first = features(text)
    assert first == features(text)
    assert len(first) == len(set(first)) <= MAX_FEATURES
    assert all(isinstance(feature, str) and feature for feature in first)


@given(ANY_TEXT)
def test_features_with_ngrams_never_raise(text: str) -> None:
    """The n-gram configuration is as total as the default one."""
    assert len(features(text, FeatureConfig(ngrams=(3, 4, 5)))) <= MAX_FEATURES


@given(st.text(max_size=50))
def test_feature_hash_is_a_stable_signed_64_bit_int(feature: str) -> None:
    """The id of a feature is the same on every call and fits a signed 64-bit column."""
    value = feature_hash(feature)
    assert value == feature_hash(feature)
    assert -(2**63) <= value < 2**63


def test_feature_hash_is_pinned() -> None:
    """Ids never change between versions: the shipped seed and every site's tables depend on them."""
    assert feature_hash("viagra") == feature_hash("viagra")
    assert feature_hash("host:example.com") == -6718306315411947465
    assert feature_hash("tack") == -3145984253329033570


def test_feature_hash_accepts_lone_surrogates() -> None:
    """A feature holding a lone surrogate still hashes (the store must never crash on a comment)."""
    assert isinstance(feature_hash("\ud800x"), int)


def test_words_are_nfkc_casefolded_swedish_and_english() -> None:
    """Words are casefolded after NFKC, so ÅÄÖ, full-width letters and case variants meet."""
    found = features("TACK för ett FINT inlägg, Ｆｉｎｓｐång!")
    assert {"tack", "för", "ett", "fint", "inlägg", "finspång"} <= set(found)


def test_inline_tags_do_not_split_words_and_entities_are_decoded() -> None:
    """A spammer's vi<b></b>agra is one word, and &amp; reads as &."""
    found = features("vi<b></b>agra &amp; <blockquote>cialis</blockquote>x")
    assert "viagra" in found
    assert "cialis" in found


def test_link_hosts_from_markup_and_text() -> None:
    """Hosts of links, written-out URLs and spaced-out domains become host: features."""
    found = features(
        '<a href="https://www.shop.example.com/cheap/pills?x=1" rel="nofollow ugc">here</a> '
        "or cheapstuff.weebly . com"
    )
    assert {"host:shop.example.com", "host:example.com", "host:weebly.com", "url:cheap", "links:2"} <= set(
        found
    )


def test_patterns_become_features() -> None:
    """Phone numbers, money, repeated characters and mixed scripts are features of their own."""
    found = set(features("Ring 070-123 45 67 NU!!!! Vinn $500 pаypal"))
    assert {"phone", "money", "run:!", "mixed-script"} <= found


def test_feature_count_is_capped() -> None:
    """A comment of thousands of distinct words yields at most MAX_FEATURES features."""
    text = " ".join(f"w{i}x" for i in range(10_000))
    assert len(features(text, FeatureConfig(ngrams=(3, 4, 5)))) == MAX_FEATURES


def test_64_kb_hostile_inputs_take_linear_time() -> None:
    """64 KB of unclosed tags, emoji, NUL or digits is handled in well under a second each."""
    units = ["<a ", '<a href="', "<!--", "😀", "\x00a", "www.", "a.b.", "1 ", "x" * 40 + " ", "ab" * 3]
    for unit in units:
        text = (unit * (65_536 // len(unit) + 1))[:65_536]
        started = time.process_time()
        features(text, FeatureConfig(ngrams=(3, 4, 5)))
        assert time.process_time() - started < 1.0, unit


def test_empty_comment() -> None:
    """The empty comment has only its length and link-count buckets."""
    assert features("") == ["len:0", "links:0"]
