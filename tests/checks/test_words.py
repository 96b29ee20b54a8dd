"""Word-list matching: Unicode-aware, whole-word on request, IPs by network or octet prefix."""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from commentguard.checks._words import _INVISIBLE, WordMatcher, normalize

# No digits, dots or colons: such entries would be read as IP entries, not words.
LETTERS = "abcsåäöß AÅÖ-'é"
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u00ad", "\u2060", "\ufeff", "\u202e", "\u034f", "\ufe0f"]
words_st = st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=6), min_size=1, max_size=6)
text_st = st.text(alphabet=LETTERS + "\n\t.,!", max_size=40)


def naive(words: list[str], text: str, whole_words: bool) -> bool:
    """The obvious, slow definition the trie regex must agree with."""
    haystack = normalize(text)
    for word in words:
        needle = normalize(word)
        if not needle:
            continue
        if not whole_words:
            if needle in haystack:
                return True
            continue
        lead = r"(?<!\w)" if re.match(r"\w", needle[0]) else ""
        tail = r"(?!\w)" if re.match(r"\w", needle[-1]) else ""
        if re.search(lead + re.escape(needle) + tail, haystack):
            return True
    return False


def hits(words: list[str] | str, text: str, *, whole_words: bool = False) -> bool:
    """Whether the matcher finds any of ``words`` in ``text``."""
    return WordMatcher(words, whole_words=whole_words).match_text([("content", text)]) is not None


def reference_normalize(text: str) -> str:
    """normalize() spelled out without its shortcuts."""
    text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return " ".join(_INVISIBLE.sub("", text).split())


@given(text=st.text(max_size=60) | st.text(alphabet=LETTERS + "\u00ad\u200bﬁＡ İ\u0345ϐ", max_size=30))
def test_normalize_shortcuts_change_nothing(text: str) -> None:
    """The ASCII and already-normalized shortcuts give exactly the plain definition's result."""
    assert normalize(text) == reference_normalize(text)


@given(words=words_st, text=text_st, whole_words=st.booleans())
def test_trie_matcher_agrees_with_the_naive_definition(
    words: list[str], text: str, whole_words: bool
) -> None:
    """For any list and text, the compiled trie finds a word exactly when a word-by-word search does."""
    assert hits(words, text, whole_words=whole_words) == naive(words, text, whole_words)


@given(words=words_st, text=text_st, data=st.data())
def test_invisible_characters_never_hide_a_word(words: list[str], text: str, data: st.DataObject) -> None:
    """Zero-width characters, soft hyphens and bidi controls inserted anywhere change nothing."""
    spots = data.draw(st.lists(st.tuples(st.integers(0, len(text)), st.sampled_from(INVISIBLE)), max_size=5))
    dodged = text
    for index, char in sorted(spots, reverse=True):
        dodged = dodged[:index] + char + dodged[index:]
    assert normalize(dodged) == normalize(text)
    for whole_words in (False, True):
        assert hits(words, dodged, whole_words=whole_words) == hits(words, text, whole_words=whole_words)


@given(words=words_st, text=text_st, whole_words=st.booleans())
def test_case_never_hides_a_word(words: list[str], text: str, whole_words: bool) -> None:
    """Upper-casing the text or the list (ß becomes SS) does not change whether a word matches."""
    expected = hits(words, text, whole_words=whole_words)
    assert hits(words, text.upper(), whole_words=whole_words) == expected
    assert hits([w.upper() for w in words], text, whole_words=whole_words) == expected


@given(words=words_st, text=text_st)
def test_a_whole_word_match_is_also_a_substring_match(words: list[str], text: str) -> None:
    """Whole-word mode only ever matches less than WordPress's substring mode."""
    if hits(words, text, whole_words=True):
        assert hits(words, text)


@given(
    word=st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäö", min_size=1, max_size=10),
    before=text_st,
    after=text_st,
)
def test_a_listed_word_standing_alone_always_matches(word: str, before: str, after: str) -> None:
    """A word with spaces around it matches in both modes, wherever it stands."""
    assume(normalize(word))
    text = f"{before} {word} {after}"
    assert hits([word], text)
    assert hits([word], text, whole_words=True)


@pytest.mark.parametrize(
    ("word", "text", "whole_words", "expected"),
    [
        ("ass", "a classy comment", False, True),  # WordPress's substring matching
        ("ass", "a classy comment", True, False),  # whole words: "ass" is not in "class"
        ("ass", "you ass!", True, True),
        ("viagra", "buy vi\u00adag\u200bra here", True, True),  # soft hyphen, zero-width space
        ("viagra", "buy \uff56\uff49\uff41\uff47\uff52\uff41", True, True),  # fullwidth letters
        ("viagra", "VIAGRA", True, True),
        ("straße", "STRASSE", True, True),
        ("buy now", "Buy   NOW please", True, True),  # whitespace runs collapse
        ("buy now", "buynow", False, False),
        (".ru", "see spam.ru", True, True),  # an entry starting with punctuation needs no boundary there
        ("spam.com", "mail@spam.com", True, True),
        ("", "anything", False, False),  # empty entries are ignored, not "match everything"
        ("   ", "anything", False, False),
    ],
)
def test_word_matching_examples(word: str, text: str, whole_words: bool, expected: bool) -> None:
    """The documented cases: dodges caught, whole words respected, empty entries ignored."""
    assert hits([word], text, whole_words=whole_words) is expected


def test_a_multiline_string_is_one_entry_per_line_and_the_entry_is_reported() -> None:
    """WordPress's textarea form (one entry per line) works, and the match names the entry as written."""
    matcher = WordMatcher("casino\n\n  Viagra  \n")
    found = matcher.match_text([("author", "Anna"), ("content", "cheap VIAGRA")])
    assert found is not None
    assert (found.entry, found.field) == ("Viagra", "content")


@pytest.mark.parametrize(
    ("entry", "ip", "expected"),
    [
        ("203.0.113.7", "203.0.113.7", True),
        ("203.0.113.7", "203.0.113.70", False),
        ("203.0.113.0/24", "203.0.113.200", True),
        ("203.0.113.0/24", "203.0.114.1", False),
        ("203.0.113.", "203.0.113.9", True),
        ("10.1", "10.1.2.3", True),
        ("10.1", "10.10.2.3", False),  # a prefix ends at an octet
        ("2001:db8::/32", "2001:db8:1::5", True),
        ("2001:db8::/32", "2001:db9::5", False),
        ("2001:db8:", "2001:db8::1", True),
        ("203.0.113.0/24", "2001:db8::1", False),  # versions never mix
        ("203.0.113.0/24", "", False),
        ("203.0.113.0/24", "not-an-ip", False),
    ],
)
def test_ip_entries_match_as_networks_or_octet_prefixes(entry: str, ip: str, expected: bool) -> None:
    """IP entries match whole networks (CIDR) or octet prefixes, never a partial octet."""
    found = WordMatcher([entry]).match_ip(ip)
    assert (found is not None) is expected
    if found:
        assert (found.entry, found.field) == (entry, "ip")


def test_ip_entries_do_not_match_text() -> None:
    """An IP entry is matched against the IP only: a comment quoting an address is not hit."""
    assert not hits(["203.0.113.0/24", "10.1."], "my router is 10.1.0.1 and 203.0.113.5")


def test_invisible_class_covers_every_format_character() -> None:
    """Every Unicode format (Cf) character Python knows is removed before matching."""
    missing = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) == "Cf" and not _INVISIBLE.match(chr(code))
    ]
    assert missing == []


@pytest.mark.parametrize("bad", [[1], [None], [b"bytes"]])
def test_non_text_entries_are_refused(bad: list[object]) -> None:
    """A list holding something that is not a str is a configuration error, raised at once."""
    with pytest.raises(TypeError, match="must be str"):
        WordMatcher(bad)  # type: ignore[arg-type]


def test_absurdly_long_entries_are_refused() -> None:
    """An entry of thousands of characters is a pasting accident; say so rather than compile it."""
    with pytest.raises(ValueError, match="longer than"):
        WordMatcher(["x" * 5000])


def test_thousands_of_words_against_a_maximal_comment() -> None:
    """A 3,000-entry list against 64 KB of text (NUL, surrogates, controls included) just answers."""
    words = [f"spamword{n:04d}x" for n in range(3000)]
    text = ("hej \x00 \ud800 \x1b då " * 4000)[:65_000] + " spamword2999x"
    matcher = WordMatcher(words, whole_words=True)
    found = matcher.match_text([("content", text)])
    assert found is not None
    assert found.entry == "spamword2999x"
    assert matcher.match_text([("content", text[:-14])]) is None
