"""Catalogs: compiled .mo files match their .po sources, and every message is translated."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from commentguard import FORM_NOTE_EMAIL, FORM_NOTE_REQUIRED, LOCALES, translate

PACKAGE = Path(__file__).parents[1] / "src" / "commentguard"
LOCALE_DIR = PACKAGE / "locale"


def _catalog(language: str):  # type: ignore[no-untyped-def]  # babel ships no types
    with (LOCALE_DIR / language / "LC_MESSAGES" / "commentguard.po").open("rb") as source:
        return read_po(source, locale=language)


@pytest.mark.parametrize("language", LOCALES)
def test_committed_mo_is_what_babel_compiles_from_the_po(language: str) -> None:
    """Recompiling each .po with Babel gives byte for byte the committed .mo."""
    compiled = io.BytesIO()
    write_mo(compiled, _catalog(language), use_fuzzy=True)
    committed = (LOCALE_DIR / language / "LC_MESSAGES" / "commentguard.mo").read_bytes()
    assert compiled.getvalue() == committed, f"run scripts/catalogs to rebuild {language}"


def test_every_marked_message_is_in_both_catalogs_and_translated_to_swedish() -> None:
    """Each N_() message id and NP_() pair in the code is in the en and sv catalogs, with Swedish texts."""
    marked = [
        message
        for _, _, message, *_ in extract_from_dir(str(PACKAGE), keywords={"N_": None, "NP_": (1, 2)})
        if isinstance(message, (str, tuple))
    ]
    assert FORM_NOTE_EMAIL in marked
    assert ("{count} comment", "{count} comments") in marked
    english, swedish = _catalog("en"), _catalog("sv")
    for message in marked:
        for catalog in (english, swedish):
            entry = catalog.get(message)
            assert entry is not None, f"missing from {catalog.locale}: {message!r}"
            assert entry.id == message, f"singular or plural differs in {catalog.locale}: {message!r}"
        strings = swedish.get(message).string
        assert all(strings) if isinstance(strings, tuple) else strings, f"not translated to sv: {message!r}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["0 comments", "1 comment", "2 comments", "21 comments"]),
        ("sv", ["0 kommentarer", "1 kommentar", "2 kommentarer", "21 kommentarer"]),
    ],
)
def test_plural_pairs_follow_each_languages_rule(language: str, expected: list[str]) -> None:
    """translate() of a singular/plural pair picks the form by count through ngettext, never "1 comments"."""
    pair = ("{count} comment", "{count} comments")
    assert [translate(pair, language, count=n) for n in (0, 1, 2, 21)] == expected


@pytest.mark.parametrize("count", [None, "1", 1.0, True])
def test_a_plural_pair_needs_an_int_count(count: object) -> None:
    """A pair without an int count is a TypeError, not a wrong form or a KeyError."""
    with pytest.raises(TypeError, match="int count"):
        translate(("{count} comment", "{count} comments"), "en", count=count)


def test_form_notes_in_swedish() -> None:
    """The form's notes read as our Swedish users' forms do."""
    assert translate(FORM_NOTE_EMAIL, "sv") == "E-postadressen publiceras inte."
    assert translate(FORM_NOTE_REQUIRED, "sv") == "Obligatoriska fält är märkta *"
    assert translate(FORM_NOTE_EMAIL, "en") == "Your email address will not be published."


def test_a_missing_catalog_is_an_error_not_silent_english(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """With the catalog files gone, translating raises instead of falling back to English."""
    from commentguard import messages

    messages._catalog.cache_clear()
    monkeypatch.setattr(messages, "_LOCALE_DIR", tmp_path)
    try:
        with pytest.raises(FileNotFoundError):
            translate(FORM_NOTE_EMAIL, "sv")
    finally:
        monkeypatch.undo()
        messages._catalog.cache_clear()
