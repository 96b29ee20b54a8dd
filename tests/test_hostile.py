"""Hostile arguments to the remaining public entry points: a clear error or a safe result."""

from __future__ import annotations

import pytest

from commentguard import (
    FORM_NOTE_EMAIL,
    WORDPRESS_POLICY,
    Policy,
    PolicyError,
    avatar_hash,
    gravatar_hash,
    sanitize,
    translate,
)
from commentguard.public import public_author

HOSTILE_NAMES = ["", "\x00", "\ud800", "a\u200bb", "<b>", "a b", "é", "b\n", "b/"]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_tag_names_are_refused(name: str) -> None:
    """Tag names that are not plain HTML names are a PolicyError, never a broken policy."""
    with pytest.raises(PolicyError):
        Policy(tags={name: set()})


@pytest.mark.parametrize("name", [*HOSTILE_NAMES, "onx"])
def test_hostile_attribute_names_are_refused(name: str) -> None:
    """Attribute names that are not plain names (or are handlers) are a PolicyError."""
    with pytest.raises(PolicyError):
        Policy(tags={"b": {name}})


@pytest.mark.parametrize("scheme", ["", "\x00http", "ht tp", "jav\tascript", "1http", "https:"])
def test_hostile_schemes_are_refused(scheme: str) -> None:
    """Schemes that are not schemes are refused, so the judge never sees an odd list."""
    with pytest.raises(PolicyError):
        WORDPRESS_POLICY.allowing(url_schemes={scheme})


@pytest.mark.parametrize("value", [None, 3.5, "32", True])
def test_hostile_bounds_are_refused(value: object) -> None:
    """max_depth must be a real int in range: no None, float, string or bool."""
    with pytest.raises(PolicyError, match="max_depth"):
        Policy(tags={}, max_depth=value)  # type: ignore[arg-type]


@pytest.mark.parametrize("locale", ["", "\x00", "\ud800", "x" * 10_000, "../../etc"])
def test_hostile_locales_are_a_clear_value_error(locale: str) -> None:
    """A locale that is not a supported language raises ValueError; nothing is read from disk for it."""
    with pytest.raises(ValueError, match="unsupported locale"):
        translate(FORM_NOTE_EMAIL, locale)
    with pytest.raises(ValueError, match="unsupported locale"):
        WORDPRESS_POLICY.describe(locale)


@pytest.mark.parametrize("locale", [None, 5, b"sv"])
def test_non_string_locale_is_a_type_error(locale: object) -> None:
    """A locale that is not a string raises TypeError naming what was expected."""
    with pytest.raises(TypeError, match="locale"):
        translate(FORM_NOTE_EMAIL, locale)  # type: ignore[arg-type]


@pytest.mark.parametrize("email", ["", "\x00", "\ud800@x.se", "å" * 100_000])
def test_avatar_hashes_accept_any_text(email: str) -> None:
    """Hashing any text (surrogates included) gives a 64-hex digest, never an encoding error."""
    for digest in (
        avatar_hash(email.encode("utf-8", "replace").decode(), "k"),
        gravatar_hash("x" + email[:10].encode("utf-8", "replace").decode()),
    ):
        assert len(digest) == 64


def test_public_author_with_hostile_text_stays_text() -> None:
    """A name full of markup and addresses comes out without the addresses; markup is not interpreted."""
    assert public_author("<b>a@b.se</b> x@y.z Anna") == "<b></b> Anna"
    assert public_author("@@@") == "@@@"
    assert public_author("a@b") == "Anonymous"


def test_sanitize_with_every_hostile_codepoint_class() -> None:
    """NUL, C0/C1 controls, bidi overrides, noncharacters and lone surrogates give UTF-8-safe output."""
    text = "".join(chr(c) for c in [*range(32), *range(127, 160), 0x202E, 0xFDD0, 0xFFFE, 0xD800, 0xDFFF])
    result = sanitize(f"<b>{text}</b>")
    result.encode("utf-8")
    assert "\x00" not in result
    assert "\ud800" not in result
